#pragma once

#include "ui/workflow/document/TextEdit.h"

#include <QPointer>
#include <QUndoCommand>

namespace squall::ui {

class WorkflowDocument;

// One undoable change of a workflow document's text. The first redo() applies
// the given edits (or, with alreadyApplied, only records them: the YAML pane
// shows typing before it becomes a command). Afterwards the command holds the
// text before and after, and redo/undo apply their common-prefix/suffix
// difference, so merged commands (same mergeKey >= 0, pushed one after the
// other: typing, repeated edits of one form field) stay exact.
class DocumentEditCommand : public QUndoCommand
{
public:
    DocumentEditCommand(WorkflowDocument *document, TextEdits edits, const QString &text, int mergeKey = -1,
                        bool alreadyApplied = false, QUndoCommand *parent = nullptr);

    void redo() override;
    void undo() override;
    int id() const override { return m_mergeKey; }
    bool mergeWith(const QUndoCommand *other) override;

    const TextEdits &edits() const { return m_edits; }

    // The single edit turning `from` into `to` (their common prefix and suffix kept).
    static TextEdit difference(const QString &from, const QString &to);

private:
    QPointer<WorkflowDocument> m_document;
    TextEdits m_edits;
    int m_mergeKey = -1;
    bool m_skipFirstRedo = false;
    bool m_done = false;  // redone at least once: m_before/m_after hold
    QString m_before, m_after;
};

} // namespace squall::ui
