#pragma once

#include "ui/workflow/document/TextEdit.h"
#include "workflow/inspect/Inspector.h"

#include <QWidget>

class QsciLexerYAML;
class QsciScintilla;
class QTimer;

namespace squall::ui {

// The workflow file as YAML text. Every change the user makes comes out as
// TextEdits (UTF-16 offsets) and changes made elsewhere come in the same way;
// Scintilla keeps no undo history of its own, the document's undo stack is
// the only one (Ctrl+Z reaches the window's Undo).
class WorkflowYamlEditor : public QWidget
{
    Q_OBJECT
public:
    explicit WorkflowYamlEditor(QWidget *parent = nullptr);
    ~WorkflowYamlEditor() override;

    // Replaces the whole text (no userEdited).
    void setText(const QString &text);
    QString text() const;
    // Edits made elsewhere (graph, forms, undo), in ascending order; the caret
    // and scroll position stay where they were (no userEdited).
    void applyEdits(const squall::ui::TextEdits &edits);
    // Error markers in the margin and the messages under their lines.
    void setProblems(const QList<workflow::InspectionError> &problems);
    // Selects [offset, offset + length) in UTF-16 units and scrolls to it (no cursorMoved).
    void selectRange(qsizetype offset, qsizetype length);
    void setReadOnly(bool readOnly);
    bool isReadOnly() const;
    QsciScintilla *editor() const { return m_editor; }

    // UTF-16 offset <-> Scintilla byte position in the current text.
    qsizetype offsetOf(qsizetype bytePosition) const;
    qsizetype bytePositionOf(qsizetype offset) const;
    // The caret as a UTF-16 offset.
    qsizetype cursorOffset() const;

Q_SIGNALS:
    void userEdited(const squall::ui::TextEdits &edits);
    // The user moved the caret (debounced a little).
    void cursorMoved(qsizetype offset);

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyColors();
    void onModified(int position, int type, const char *text, int length);
    // A user action (key press, paste, drop...) may change the text in several
    // steps (typing over a selection deletes, then inserts): its steps come
    // out as one edit.
    void beginUserAction();
    void endUserAction();
    void emitEdit(const TextEdit &edit);

    QsciScintilla *m_editor;
    QsciLexerYAML *m_lexer;
    QTimer *m_cursorTimer;
    int m_errorMarker = -1;
    int m_annotationStyle = -1;
    qsizetype m_ownCaret = -1;    // where our own changes left the caret (bytes)
    bool m_internal = false;      // our own text changes: no userEdited / cursorMoved
    qsizetype m_pendingDelete = 0;  // UTF-16 length of the text about to be deleted
    QList<workflow::InspectionError> m_problems;
    int m_actionDepth = 0;
    QString m_before;          // the text when the current user action first changed it
    bool m_haveBefore = false;
    TextEdits m_actionEdits;   // its steps so far
    // 1 when the text starts with a byte order mark, which Scintilla does not
    // hold: offsets in and out count it, so they match the document's.
    qsizetype m_lead = 0;
};

} // namespace squall::ui
