#include "ui/common/JinjaCompleter.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QStringListModel>
#include <QTextBlock>

namespace squall::ui {

namespace {

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u'.' || c == u'[' || c == u']' || c == u'\''
        || c == u'"';
}

QString stripBraces(QString word)
{
    word = word.trimmed();
    if (word.startsWith(u"{{") && word.endsWith(u"}}"))
        word = word.mid(2, word.size() - 4).trimmed();
    return word;
}

} // namespace

JinjaCompleter::JinjaCompleter(QObject *parent)
    : QObject(parent), m_completer(new QCompleter(this)), m_model(new QStringListModel(this))
{
    m_completer->setObjectName(QStringLiteral("jinjaCompleter"));
    m_completer->setModel(m_model);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setFilterMode(Qt::MatchContains);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_completer->setWrapAround(false);
    m_completer->popup()->setAccessibleName(tr("Expression completions"));
    // A click on a completion; keys are handled in eventFilter().
    connect(m_completer, qOverload<const QString &>(&QCompleter::activated), this,
            &JinjaCompleter::insert);
    m_completer->popup()->installEventFilter(this);
}

void JinjaCompleter::setWords(const QStringList &words)
{
    QStringList stripped;
    for (const QString &w : words)
        stripped << stripBraces(w);
    stripped.removeDuplicates();
    m_model->setStringList(stripped);
}

QStringList JinjaCompleter::words() const { return m_model->stringList(); }

void JinjaCompleter::attach(QLineEdit *edit)
{
    connect(edit, &QLineEdit::textEdited, this, [this, edit] { update(edit); });
}

void JinjaCompleter::attach(QPlainTextEdit *edit)
{
    // textChanged also fires for setPlainText(); only the user's typing (with
    // focus) opens the popup.
    connect(edit, &QPlainTextEdit::textChanged, this, [this, edit] {
        if (edit->hasFocus())
            update(edit);
    });
}

qsizetype JinjaCompleter::wordStart(QStringView text, qsizetype cursor)
{
    cursor = qBound(qsizetype(0), cursor, text.size());
    const QStringView before = text.left(cursor);
    const qsizetype open = before.lastIndexOf(u"{{");
    if (open < 0 || before.indexOf(u"}}", open) >= 0)
        return -1;
    qsizetype start = cursor;
    while (start > open + 2 && isWordChar(text[start - 1]))
        --start;
    return start;
}

void JinjaCompleter::update(QWidget *edit)
{
    if (m_model->rowCount() == 0)
        return;
    QString text;
    qsizetype cursor = 0;
    QRect rect;
    if (auto *line = qobject_cast<QLineEdit *>(edit)) {
        text = line->text();
        cursor = line->cursorPosition();
        // QLineEdit::cursorRect() is protected; the popup goes under the edit.
        rect = QRect(0, 0, line->width(), line->height());
    } else if (auto *plain = qobject_cast<QPlainTextEdit *>(edit)) {
        const QTextCursor c = plain->textCursor();
        text = c.block().text();
        cursor = c.positionInBlock();
        rect = plain->cursorRect();
        rect.translate(plain->viewport()->pos());
    }
    const qsizetype start = wordStart(text, cursor);
    if (start < 0) {
        m_completer->popup()->hide();
        return;
    }
    m_target = edit;
    m_completer->setWidget(edit);
    m_completer->setCompletionPrefix(text.mid(start, cursor - start));
    if (m_completer->completionCount() == 0) {
        m_completer->popup()->hide();
        return;
    }
    QAbstractItemView *popup = m_completer->popup();
    popup->setCurrentIndex(m_completer->completionModel()->index(0, 0));
    rect.setWidth(qMax(rect.width(), popup->sizeHintForColumn(0) + popup->verticalScrollBar()->sizeHint().width()));
    m_completer->complete(rect);
}

void JinjaCompleter::insert(const QString &word)
{
    QWidget *edit = m_target;
    if (!edit)
        return;
    // Replaces the word before the cursor; closes the braces unless they are.
    auto complete = [&word](const QString &text, qsizetype cursor, qsizetype *newCursor) -> QString {
        const qsizetype start = wordStart(text, cursor);
        if (start < 0)
            return text;
        qsizetype end = cursor;
        while (end < text.size() && isWordChar(text[end]))
            ++end;
        const QString rest = text.mid(end);
        const qsizetype nextClose = rest.indexOf(u"}}");
        const qsizetype nextOpen = rest.indexOf(u"{{");
        const bool closed = nextClose >= 0 && (nextOpen < 0 || nextClose < nextOpen);
        const QString lead = text.mid(start - 2, 2) == u"{{" ? QStringLiteral(" ") : QString();
        QString inserted = lead + word;
        *newCursor = start + inserted.size();
        if (!closed) {
            inserted += QStringLiteral(" }}");
            *newCursor = start + inserted.size();
        }
        return text.left(start) + inserted + rest;
    };
    if (auto *line = qobject_cast<QLineEdit *>(edit)) {
        qsizetype pos = 0;
        const QString text = complete(line->text(), line->cursorPosition(), &pos);
        // Through the edit's own undo stack, and as a user edit (textEdited).
        line->selectAll();
        line->insert(text);
        line->setCursorPosition(int(pos));
    } else if (auto *plain = qobject_cast<QPlainTextEdit *>(edit)) {
        QTextCursor c = plain->textCursor();
        qsizetype pos = 0;
        const QString block = c.block().text();
        const QString text = complete(block, c.positionInBlock(), &pos);
        c.beginEditBlock();
        c.movePosition(QTextCursor::StartOfBlock);
        c.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
        c.insertText(text);
        c.movePosition(QTextCursor::StartOfBlock);
        c.movePosition(QTextCursor::Right, QTextCursor::MoveAnchor, int(pos));
        c.endEditBlock();
        plain->setTextCursor(c);
    }
    m_completer->popup()->hide();
}

bool JinjaCompleter::eventFilter(QObject *watched, QEvent *event)
{
    // QCompleter hands every key to the edit before acting on it, so a
    // QPlainTextEdit would take Enter as a newline. Filters run newest first:
    // this one sees the popup's keys before QCompleter's own.
    QAbstractItemView *popup = m_completer->popup();
    if (watched == popup && event->type() == QEvent::KeyPress && popup->isVisible()) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Return || key == Qt::Key_Enter || key == Qt::Key_Tab) {
            const QModelIndex current = popup->currentIndex();
            popup->hide();
            if (current.isValid())
                insert(current.data(m_completer->completionRole()).toString());
            return true;
        }
    }
    return QObject::eventFilter(watched, event);
}

} // namespace squall::ui
