#pragma once

#include <QObject>
#include <QPointer>
#include <QStringList>

class QCompleter;
class QLineEdit;
class QPlainTextEdit;
class QStringListModel;
class QWidget;

namespace squall::ui {

// Completes the expression being typed inside a Jinja `{{ ... }}` in line
// edits and plain-text edits: typing "{{ tri" offers "trigger.body", and
// picking it gives "{{ trigger.body }}". Outside {{ }} it stays quiet, so
// ordinary text is never interrupted.
class JinjaCompleter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JinjaCompleter)
public:
    explicit JinjaCompleter(QObject *parent = nullptr);

    // Words with or without their braces ("{{ trigger.body }}" or "trigger.body").
    void setWords(const QStringList &words);
    QStringList words() const;
    void attach(QLineEdit *edit);
    void attach(QPlainTextEdit *edit);
    QCompleter *completer() const { return m_completer; }

    // Where the word being completed starts when `cursor` is inside an open
    // {{ in `text`, or -1.
    static qsizetype wordStart(QStringView text, qsizetype cursor);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void update(QWidget *edit);
    void insert(const QString &word);

    QCompleter *m_completer;
    QStringListModel *m_model;
    QPointer<QWidget> m_target;
};

} // namespace squall::ui
