#pragma once

#include "base/Value.h"
#include "base/Yaml.h"
#include "ui/workflow/document/TextEdit.h"
#include "ui/workflow/document/YamlOutline.h"
#include "ui/workflow/document/YamlWriter.h"
#include "workflow/inspect/Inspector.h"
#include "workflow/inspect/WorkflowGraph.h"

#include <QObject>
#include <QStringList>

#include <optional>
#include <utility>

class QTimer;

namespace squall::ui {

// A workflow file open in the designer. Its text is the source of truth: every
// graph or form edit is planned as a minimal text edit at the places the
// structure scanner (YamlOutline) reports, so comments, key order, quoting,
// blank lines and untouched text stay byte-identical. Planned edits are only
// computed here; the caller applies them (usually through a DocumentEditCommand).
class WorkflowDocument : public QObject
{
    Q_OBJECT

public:
    enum class Kind { Unknown, Orquesta, ActionChain };
    enum class Parse { Now, Debounced };

    explicit WorkflowDocument(QObject *parent = nullptr);
    ~WorkflowDocument() override;

    void setFileName(const QString &name);
    QString fileName() const;

    // Opens a text: replaces all, parses at once, emits textChanged({whole}) and parsed().
    void setText(const QString &text);
    const QString &text() const;  // exactly what was given plus edits (CRLF and BOM kept)
    // Applies edits (ascending, non-overlapping) and returns their inverse.
    // Debounced: the parse happens ~200 ms after the last call (typing).
    TextEdits apply(const TextEdits &edits, Parse when = Parse::Now);
    void parseNow();  // flush a pending debounced parse
    bool parsePending() const;

    Kind kind() const;
    bool hasParseError() const;
    workflow::InspectionError parseError() const;  // YAML syntax error with line/column
    const Value &value() const;  // last good parsed document
    // Every task in document order with its edges (unreached ones too).
    const workflow::WorkflowGraph &graph() const;
    // The parse error, or the workflow's inspection (Orquesta) / chain load errors (ActionChain), with line/column.
    QList<workflow::InspectionError> problems() const;
    qint64 lastInspectionMs() const;  // what the last problems() computation cost

    Value task(const QString &name) const;
    QStringList taskNames() const;
    // offset, length of a task's block (its key line, or "- " item, to its last content character).
    std::optional<std::pair<qsizetype, qsizetype>> taskSpan(const QString &name) const;
    QString taskAt(qsizetype offset) const;
    QString uniqueTaskName(const QString &base) const;  // base, base2, base3 ...
    static bool isValidTaskName(const QString &name, Kind kind);

    // Planned edits: computed, not applied. Empty list and *why set when impossible.
    TextEdits addTask(const QString &name, const Value &body, QString *why = nullptr) const;
    TextEdits removeTasks(const QStringList &names, QString *why = nullptr) const;
    TextEdits renameTask(const QString &from, const QString &to, QString *why = nullptr) const;
    TextEdits addTransition(const QString &from, const QString &to, const Value &when, QString *why = nullptr) const;
    TextEdits removeTransition(const QString &from, int nextIndex, const QString &to, QString *why = nullptr) const;
    TextEdits setTransition(const QString &task, int nextIndex, const Value &entry, QString *why = nullptr) const;
    TextEdits setTaskField(const QString &task, const QString &key, const Value &value, QString *why = nullptr) const;
    TextEdits setWorkflowField(const QString &key, const Value &value, QString *why = nullptr) const;
    QString copyTasks(const QStringList &names) const;
    TextEdits pasteTasks(const QString &yaml, QStringList *newNames, QString *why = nullptr) const;

    static QString newOrquestaWorkflow(const QString &description);

    // Applies edits to a string (what apply() does to the document's text).
    static QString applied(const QString &text, const TextEdits &edits);
    // The inverse of the edits last given to apply() (a command built for
    // edits the editor already applied takes it from here).
    const TextEdits &lastApplied() const { return m_lastApplied; }
    const TextEdits &lastInverse() const { return m_lastInverse; }

Q_SIGNALS:
    void textChanged(const squall::ui::TextEdits &edits);
    void parsed();

private:
    struct Located;  // a task found in the outline
    std::optional<Located> locate(const QString &name, QString *why) const;
    bool ready(QString *why) const;
    void reparse();
    bool reparseOneTask();  // fast path: an edit inside one Orquesta task
    void ensureLocations() const;
    bool outlineMatchesValue() const;
    // Edit helpers over the outline.
    TextEdit removeEntry(int parent, int index) const;
    TextEdit setMapValue(int map, const QString &key, const Value &value) const;
    TextEdit replaceValue(const YamlOutline::Entry &e, int column, const Value &value) const;
    TextEdit appendEntry(int map, const QString &key, const Value &value) const;
    TextEdits removeReferences(const QString &task, int nextIndex, const QStringList &names, bool wholeEntryIfEmpty) const;
    qsizetype lineEndAfter(qsizetype offset) const;
    int columnOf(qsizetype offset) const;
    int tasksNode() const;

    QString m_fileName;
    QString m_text;
    Kind m_kind = Kind::Unknown;
    Value m_value;
    workflow::WorkflowGraph m_graph;
    YamlOutline m_outline;
    QString m_parsedText;        // the text of the last good parse
    YamlOutline m_parsedOutline; // and its outline
    mutable bool m_locationsStale = false;
    bool m_outlineTrusted = false;
    bool m_outlineCurrent = false;  // m_outline was scanned from m_text since the last change  // the scanner sees the structure the parser saw
    YamlStyle m_style;
    std::optional<workflow::InspectionError> m_parseError;
    QList<workflow::InspectionError> m_loadErrors;  // ActionChain spec errors
    mutable std::shared_ptr<yaml::LocationMap> m_locations;  // yaml::LocationMap of the last good parse
    QStringList m_taskNames;
    mutable std::optional<QList<workflow::InspectionError>> m_problems;
    mutable qint64 m_inspectionMs = 0;
    TextEdits m_lastApplied, m_lastInverse;
    QTimer *m_debounce = nullptr;
};

} // namespace squall::ui
