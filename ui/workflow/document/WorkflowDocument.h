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

    // Planned edits: computed, not applied. Empty list and *why set when
    // impossible: unknown task, name taken or invalid (Orquesta: ^\w+$ and not
    // an engine command), a YAML syntax error, or a layout the scanner and the
    // parser read differently (then the text must be edited by hand). Planning
    // flushes a pending debounced parse first. Values are written as block YAML
    // in the file's style (indent, list indentation, line ends), quoted only
    // when needed to load back as the same value.
    // A new task after the last one (ActionChain: a new node, `name` first).
    TextEdits addTask(const QString &name, const Value &body, QString *why = nullptr) const;
    // The tasks' blocks and every `do` reference to them: entries left with no
    // `do` and no `publish` go, a `next` left empty goes (ActionChain:
    // on-success/on-failure/default naming them).
    TextEdits removeTasks(const QStringList &names, QString *why = nullptr) const;
    // The key and every reference: next[].do (string, comma list, block or
    // flow list), task('x') / task("x") anywhere (ActionChain: name,
    // on-success, on-failure, default). Only the name's characters change.
    TextEdits renameTask(const QString &from, const QString &to, QString *why = nullptr) const;
    // Orquesta: a new next entry {when, do: to} (no `when` key when null).
    // ActionChain: when "success"/"failure" (or "on-success"/"on-failure") sets that key.
    TextEdits addTransition(const QString &from, const QString &to, const Value &when, QString *why = nullptr) const;
    // Takes `to` out of that entry's `do`; the entry goes when no publish is left in it.
    TextEdits removeTransition(const QString &from, int nextIndex, const QString &to, QString *why = nullptr) const;
    // Replaces one next entry key by key (unchanged keys keep their text and
    // comments); nextIndex == count appends; a null entry removes it.
    // ActionChain: index 0 = on-success, 1 = on-failure, entry = the node name (or {do: name}).
    TextEdits setTransition(const QString &task, int nextIndex, const Value &entry, QString *why = nullptr) const;
    // Replaces only that key's value text (a flow value alone), appends a
    // missing key at the end of the task, removes the key when value is null.
    TextEdits setTaskField(const QString &task, const QString &key, const Value &value, QString *why = nullptr) const;
    TextEdits setWorkflowField(const QString &key, const Value &value, QString *why = nullptr) const;
    // The tasks' blocks as they are written (comments included), unindented:
    // a YAML mapping of tasks (ActionChain: a list of nodes).
    QString copyTasks(const QStringList &names) const;
    // Appends the clipboard's tasks, renamed name2, name3 ... on a clash, with
    // the references among them renamed too. Written from their values, so
    // comments in the pasted text are not kept.
    TextEdits pasteTasks(const QString &yaml, QStringList *newNames, QString *why = nullptr) const;

    // version 1.0, the description, and one `start` task running core.noop: inspects clean.
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
