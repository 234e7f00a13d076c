#include "ui/common/SecretEdit.h"

#include <QHBoxLayout>
#include <QLineEdit>
#include <QToolButton>

namespace squall::ui {

SecretEdit::SecretEdit(QWidget *parent)
    : QWidget(parent), m_edit(new QLineEdit(this)), m_reveal(new QToolButton(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    m_edit->setEchoMode(QLineEdit::Password);
    m_reveal->setCheckable(true);
    m_reveal->setFocusPolicy(Qt::TabFocus);
    m_reveal->setIcon(QIcon::fromTheme(QStringLiteral("view-reveal-symbolic"),
                                       QIcon::fromTheme(QStringLiteral("password-show-on"))));
    if (m_reveal->icon().isNull())
        m_reveal->setText(tr("Show"));
    m_reveal->setToolTip(tr("Show or hide the value"));
    m_reveal->setAccessibleName(tr("Show value"));
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_reveal);
    connect(m_reveal, &QToolButton::toggled, this, &SecretEdit::setRevealed);
    setFocusProxy(m_edit);
}

void SecretEdit::setRevealed(bool revealed)
{
    m_edit->setEchoMode(revealed ? QLineEdit::Normal : QLineEdit::Password);
    if (m_reveal->isChecked() != revealed)
        m_reveal->setChecked(revealed);
    m_reveal->setAccessibleName(revealed ? tr("Hide value") : tr("Show value"));
    if (m_reveal->icon().isNull())
        m_reveal->setText(revealed ? tr("Hide") : tr("Show"));
}

} // namespace squall::ui
