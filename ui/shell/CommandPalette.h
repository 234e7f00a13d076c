#pragma once

#include <QDialog>
#include <QPointer>

class QLineEdit;
class QListWidget;
class QAction;

namespace squall::ui {

// Ctrl+K: every command of the window and its pages, found by typing any
// part of its name (words in any order), run with Enter.
class CommandPalette final : public QDialog
{
    Q_OBJECT
public:
    explicit CommandPalette(QWidget *parent = nullptr);

    void open(const QList<QAction *> &commands);
    QLineEdit *input() const { return m_input; }
    QListWidget *list() const { return m_list; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void refilter();
    void runCurrent();

    QLineEdit *m_input;
    QListWidget *m_list;
    QList<QPointer<QAction>> m_commands;
};

} // namespace squall::ui
