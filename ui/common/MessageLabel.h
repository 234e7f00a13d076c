#pragma once

#include "ui/common/StatusColors.h"

#include <QLabel>

namespace squall::ui {

// A word-wrapped message line (under a form field, above a page) in a status
// colour that follows the palette, so it stays readable when the theme turns
// dark. Hidden while empty.
class MessageLabel final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageLabel)
public:
    explicit MessageLabel(QWidget *parent = nullptr, Status status = Status::Error);

    void setMessage(const QString &message);
    void setStatus(Status status);

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyColor();

    Status m_status;
    bool m_applying = false;
};

} // namespace squall::ui
