#include "ui/workflow/document/DocumentEditCommand.h"

#include "ui/workflow/document/WorkflowDocument.h"

namespace squall::ui {

DocumentEditCommand::DocumentEditCommand(WorkflowDocument *document, TextEdits edits, const QString &text,
                                         int mergeKey, bool alreadyApplied, QUndoCommand *parent)
    : QUndoCommand(text, parent)
    , m_document(document)
    , m_edits(std::move(edits))
    , m_mergeKey(mergeKey)
    , m_skipFirstRedo(alreadyApplied)
{
    if (alreadyApplied && document) {
        // The editor applied the edits already: what it replaced comes from the
        // document's record of its last apply().
        m_after = document->text();
        m_before = document->lastApplied() == m_edits ? WorkflowDocument::applied(m_after, document->lastInverse()) : m_after;
        m_done = true;
    }
}

TextEdit DocumentEditCommand::difference(const QString &from, const QString &to)
{
    const qsizetype shorter = std::min(from.size(), to.size());
    qsizetype prefix = 0;
    while (prefix < shorter && from.at(prefix) == to.at(prefix))
        ++prefix;
    qsizetype suffix = 0;
    while (suffix < shorter - prefix && from.at(from.size() - 1 - suffix) == to.at(to.size() - 1 - suffix))
        ++suffix;
    return TextEdit{prefix, from.size() - prefix - suffix, to.mid(prefix, to.size() - prefix - suffix)};
}

void DocumentEditCommand::redo()
{
    if (!m_document)
        return;
    if (m_skipFirstRedo) {
        m_skipFirstRedo = false;
        return;
    }
    if (!m_done) {
        m_before = m_document->text();
        m_document->apply(m_edits);
        m_after = m_document->text();
        m_done = true;
        return;
    }
    if (m_document->text() != m_after)
        m_document->apply({difference(m_document->text(), m_after)});
}

void DocumentEditCommand::undo()
{
    if (!m_document || !m_done)
        return;
    if (m_document->text() != m_before)
        m_document->apply({difference(m_document->text(), m_before)});
}

bool DocumentEditCommand::mergeWith(const QUndoCommand *other)
{
    const auto *next = dynamic_cast<const DocumentEditCommand *>(other);
    if (!next || m_mergeKey < 0 || next->m_mergeKey != m_mergeKey || next->m_document != m_document || !next->m_done
        || next->m_before != m_after)
        return false;
    m_after = next->m_after;
    m_edits = {difference(m_before, m_after)};
    setObsolete(m_before == m_after);
    return true;
}

} // namespace squall::ui
