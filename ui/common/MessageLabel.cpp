#include "ui/common/MessageLabel.h"

#include <QEvent>

namespace squall::ui {

MessageLabel::MessageLabel(QWidget *parent, Status status) : QLabel(parent), m_status(status)
{
    setWordWrap(true);
    setTextFormat(Qt::PlainText);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    setVisible(false);
    applyColor();
}

void MessageLabel::setMessage(const QString &message)
{
    setText(message);
    setAccessibleName(message);
    setVisible(!message.isEmpty());
}

void MessageLabel::setStatus(Status status)
{
    m_status = status;
    applyColor();
}

void MessageLabel::changeEvent(QEvent *event)
{
    // Our own setPalette() raises a PaletteChange too; only a theme change recolours.
    if (event->type() == QEvent::PaletteChange && !m_applying)
        applyColor();
    QLabel::changeEvent(event);
}

void MessageLabel::applyColor()
{
    m_applying = true;
    QPalette p = palette();
    p.setColor(QPalette::WindowText, statusColor(m_status, p));
    setPalette(p);
    m_applying = false;
}

} // namespace squall::ui
