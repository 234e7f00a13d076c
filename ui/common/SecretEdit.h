#pragma once

#include <QWidget>

class QLineEdit;
class QToolButton;

namespace squall::ui {

// A password line edit with a button that reveals what was typed.
class SecretEdit final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretEdit)
public:
    explicit SecretEdit(QWidget *parent = nullptr);

    QLineEdit *lineEdit() const { return m_edit; }
    QToolButton *revealButton() const { return m_reveal; }
    void setRevealed(bool revealed);

private:
    QLineEdit *m_edit;
    QToolButton *m_reveal;
};

} // namespace squall::ui
