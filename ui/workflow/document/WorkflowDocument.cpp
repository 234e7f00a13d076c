#include "ui/workflow/document/WorkflowDocument.h"

#include "base/Error.h"
#include "workflow/chain/ChainSpec.h"
#include "workflow/inspect/WorkflowModel.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSet>
#include <QTimer>

#include <algorithm>

namespace squall::ui {

using Entry = YamlOutline::Entry;
using Node = YamlOutline::Node;
namespace yw = yamlwriter;

struct WorkflowDocument::Located
{
    int parent = -1;  // the `tasks` mapping, or the `chain` sequence
    int index = -1;   // the task's entry in it
    int body = -1;    // the task's mapping node, -1 when null
};

namespace {

constexpr int kDebounceMs = 200;

void setWhy(QString *why, const QString &text)
{
    if (why)
        *why = text;
}

// Sorted, and free of overlaps: overlapping deletions (two blocks removed
// where one takes the line break before it) become one; false when other
// edits overlap.
bool normalise(TextEdits &edits)
{
    std::stable_sort(edits.begin(), edits.end(), [](const TextEdit &a, const TextEdit &b) { return a.offset < b.offset; });
    for (qsizetype i = 1; i < edits.size(); ++i) {
        TextEdit &prev = edits[i - 1];
        const TextEdit &cur = edits.at(i);
        if (cur.offset >= prev.offset + prev.length)
            continue;
        if (!prev.text.isEmpty() || !cur.text.isEmpty())
            return false;
        prev.length = std::max(prev.offset + prev.length, cur.offset + cur.length) - prev.offset;
        edits.removeAt(i--);
    }
    return true;
}

QStringList doNames(const Value &doValue)
{
    QStringList out;
    if (doValue.isString()) {
        for (const QString &part : doValue.toString().split(u','))
            if (!part.trimmed().isEmpty())
                out << part.trimmed();
    } else if (doValue.isList()) {
        for (const Value &v : doValue.toList())
            if (v.isString())
                out << v.toString();
    }
    return out;
}

QRegularExpression wordRe(const QString &name)
{
    return QRegularExpression(QStringLiteral("(?<![\\w])") + QRegularExpression::escape(name) + QStringLiteral("(?![\\w])"),
                              QRegularExpression::UseUnicodePropertiesOption);
}

QRegularExpression taskCallRe(const QString &name)
{
    return QRegularExpression(QStringLiteral("task\\(\\s*(['\"])(") + QRegularExpression::escape(name)
                              + QStringLiteral(")\\1\\s*\\)"));
}

// Renames task references inside a value (pasted tasks): `do` lists and task('x') calls.
Value renamedValue(const Value &v, const QHash<QString, QString> &renames)
{
    if (v.isString()) {
        QString s = v.toString();
        for (auto it = renames.cbegin(); it != renames.cend(); ++it) {
            const QRegularExpression re = taskCallRe(it.key());
            QRegularExpressionMatch m;
            qsizetype from = 0;
            while ((m = re.match(s, from)).hasMatch()) {
                s.replace(m.capturedStart(2), m.capturedLength(2), it.value());
                from = m.capturedStart(2) + it.value().size();
            }
        }
        return Value(s);
    }
    if (v.isList()) {
        ValueList out;
        for (const Value &e : v.toList())
            out.append(renamedValue(e, renames));
        return Value(std::move(out));
    }
    if (v.isDict()) {
        ValueDict out;
        for (const auto &[k, e] : v.toDict())
            out.insert(k, renamedValue(e, renames));
        return Value(std::move(out));
    }
    return v;
}

Value renamedDo(const Value &doValue, const QHash<QString, QString> &renames)
{
    if (doValue.isString()) {
        QStringList names = doNames(doValue);
        for (QString &n : names)
            n = renames.value(n, n);
        return Value(names.join(QStringLiteral(", ")));
    }
    if (doValue.isList()) {
        ValueList out;
        for (const Value &v : doValue.toList())
            out.append(v.isString() ? Value(renames.value(v.toString(), v.toString())) : v);
        return Value(std::move(out));
    }
    return doValue;
}

} // namespace

WorkflowDocument::WorkflowDocument(QObject *parent)
    : QObject(parent)
    , m_debounce(new QTimer(this))
{
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDebounceMs);
    connect(m_debounce, &QTimer::timeout, this, &WorkflowDocument::reparse);
    reparse();
}

WorkflowDocument::~WorkflowDocument() = default;

void WorkflowDocument::setFileName(const QString &name)
{
    m_fileName = name;
}

QString WorkflowDocument::fileName() const
{
    return m_fileName;
}

void WorkflowDocument::setText(const QString &text)
{
    const TextEdits whole{TextEdit{0, m_text.size(), text}};
    m_text = text;
    m_outlineCurrent = false;
    m_debounce->stop();
    Q_EMIT textChanged(whole);
    reparse();
}

const QString &WorkflowDocument::text() const
{
    return m_text;
}

QString WorkflowDocument::applied(const QString &text, const TextEdits &edits)
{
    QString out;
    out.reserve(text.size() + 64);
    qsizetype pos = 0;
    for (const TextEdit &e : edits) {
        out += QStringView(text).mid(pos, e.offset - pos);
        out += e.text;
        pos = e.offset + e.length;
    }
    out += QStringView(text).mid(pos);
    return out;
}

TextEdits WorkflowDocument::apply(const TextEdits &edits, Parse when)
{
    if (edits.isEmpty())
        return {};
    TextEdits inverse;
    inverse.reserve(edits.size());
    qsizetype delta = 0;
    for (const TextEdit &e : edits) {
        inverse.append(TextEdit{e.offset + delta, e.text.size(), m_text.mid(e.offset, e.length)});
        delta += e.text.size() - e.length;
    }
    m_text = applied(m_text, edits);
    m_lastApplied = edits;
    m_lastInverse = inverse;
    Q_EMIT textChanged(edits);
    m_outlineCurrent = false;
    if (when == Parse::Now) {
        m_debounce->stop();
        reparse();
    } else {
        // Where text is stays current (cheap); typing and meaning wait.
        m_outline.scan(m_text);
        m_outlineCurrent = true;
        m_debounce->start();
    }
    return inverse;
}

void WorkflowDocument::parseNow()
{
    if (!m_debounce->isActive())
        return;
    m_debounce->stop();
    reparse();
}

bool WorkflowDocument::parsePending() const
{
    return m_debounce->isActive();
}

void WorkflowDocument::reparse()
{
    if (!m_outlineCurrent)
        m_outline.scan(m_text);
    m_outlineCurrent = false;
    m_problems.reset();
    if (!m_parseError && m_kind == Kind::Orquesta && m_outlineTrusted && reparseOneTask()) {
        m_parsedText = m_text;
        m_parsedOutline = m_outline;
        m_outlineTrusted = outlineMatchesValue();
        Q_EMIT parsed();
        return;
    }
    yaml::Document doc;
    try {
        doc = yaml::load(m_text.toUtf8(), m_fileName);
        m_parseError.reset();
    } catch (const SquallException &e) {
        workflow::InspectionError err;
        err.type = QStringLiteral("syntax");
        err.message = e.error().message;
        err.location = e.error().location;
        if (err.location.file.isEmpty())
            err.location.file = m_fileName;
        m_parseError = err;
        Q_EMIT parsed();
        return;
    }
    m_style = YamlStyle::detect(m_text);
    m_value = doc.value;
    m_locations = doc.locations;
    m_locationsStale = false;
    m_parsedText = m_text;
    m_parsedOutline = m_outline;
    m_loadErrors.clear();
    m_taskNames.clear();
    m_graph = {};
    if (m_value.isDict() && m_value[u"chain"].isList()) {
        m_kind = Kind::ActionChain;
        for (const Value &n : m_value[u"chain"].toList())
            if (n[u"name"].isString() && !n[u"name"].toString().isEmpty())
                m_taskNames << n[u"name"].toString();
        QList<Error> errors;
        const auto chain = actionchain::ChainSpec::fromValue(m_value, m_locations.get(), &errors);
        for (const Error &e : errors) {
            workflow::InspectionError err;
            err.type = QStringLiteral("syntax");
            err.message = e.message;
            err.specPath = e.field;
            err.location = e.location;
            m_loadErrors.append(err);
        }
        if (chain)
            m_graph = workflow::WorkflowGraph::fromActionChain(*chain);
        // Every node shows, reached or not.
        QSet<QString> shown;
        for (const auto &n : m_graph.nodes)
            shown.insert(n.id);
        for (const Value &n : m_value[u"chain"].toList()) {
            const QString name = n[u"name"].toString();
            if (name.isEmpty() || shown.contains(name))
                continue;
            shown.insert(name);
            const Value ref = n[u"ref"].isString() ? n[u"ref"] : Value();
            m_graph.nodes.append(workflow::WorkflowGraph::Node{name, ref, {}, {}, {}, {}});
            const char *keys[] = {"on-success", "on-failure"};
            for (int i = 0; i < 2; ++i) {
                const Value next = n[QString::fromLatin1(keys[i])];
                if (next.isString() && !next.toString().isEmpty())
                    m_graph.edges.append({name, next.toString(), Value(QString::fromLatin1(keys[i])), i});
            }
        }
    } else if (m_value.isDict() && (m_value.contains(u"tasks") || m_value.contains(u"version"))) {
        m_kind = Kind::Orquesta;
        if (m_value[u"tasks"].isDict())
            m_taskNames = m_value[u"tasks"].toDict().keys();
        m_graph = workflow::WorkflowGraph::fromOrquesta(m_value, workflow::WorkflowGraph::Reach::AllTasks);
    } else {
        m_kind = Kind::Unknown;
    }
    m_outlineTrusted = outlineMatchesValue();
    Q_EMIT parsed();
}

// YAML's corners (plain scalars continued at odd indentation, unclosed quotes
// a lenient parser accepts) can make the scanner see another structure than
// the parser did. Edits are only planned when both agree on the keys of the
// document, of the task list and of every task.
bool WorkflowDocument::outlineMatchesValue() const
{
    const int root = m_outline.root();
    if (!m_outline.isMap(root) || !m_outline.complete() || !m_value.isDict())
        return false;
    auto sameKeys = [&](int map, const Value &dict) {
        if (!dict.isDict())
            return !m_outline.isMap(map);
        if (map < 0)
            return dict.toDict().isEmpty();
        if (!m_outline.isMap(map))
            return m_outline.node(map).type == YamlOutline::Type::Flow;
        const QList<Entry> &entries = m_outline.node(map).entries;
        const ValueDict &d = dict.toDict();
        if (entries.size() != d.size())
            return false;
        for (const Entry &e : entries)
            if (!d.contains(e.key))
                return false;
        return true;
    };
    if (!sameKeys(root, m_value))
        return false;
    const int parent = tasksNode();
    if (m_kind == Kind::ActionChain) {
        const ValueList chain = m_value[u"chain"].toList();
        if (!m_outline.isSeq(parent) || m_outline.node(parent).entries.size() != chain.size())
            return false;
        for (qsizetype i = 0; i < chain.size(); ++i)
            if (!sameKeys(m_outline.node(parent).entries.at(i).value, chain.at(i)))
                return false;
        return true;
    }
    if (m_kind == Kind::Orquesta && m_outline.isMap(parent)) {
        if (!sameKeys(parent, m_value[u"tasks"]))
            return false;
        for (const Entry &e : m_outline.node(parent).entries)
            if (!sameKeys(e.value, m_value[u"tasks"][e.key]))
                return false;
    }
    return true;
}

// Most edits (a form field, typing inside a task) stay inside one task's
// block. Then only that block is loaded again and put in place of the task's
// value: a 1,000-task file does not pay a full YAML load per keystroke. The
// line/column map is refreshed lazily, when problems() needs it.
bool WorkflowDocument::reparseOneTask()
{
    const QString &before = m_parsedText;
    const QString &now = m_text;
    const qsizetype shorter = std::min(before.size(), now.size());
    qsizetype prefix = 0;
    while (prefix < shorter && before.at(prefix) == now.at(prefix))
        ++prefix;
    qsizetype suffix = 0;
    while (suffix < shorter - prefix && before.at(before.size() - 1 - suffix) == now.at(now.size() - 1 - suffix))
        ++suffix;
    qsizetype beforeEnd = before.size() - suffix;
    bool wholeLines = false;  // lines inserted or removed whole: they may follow a task's last line break
    // Lines inserted or removed whole are found in the middle of the
    // indentation they share with the next line; moved back to the start of
    // their line, they fall at the end of the task they belong to.
    if (const qsizetype oldLen = beforeEnd - prefix, newLen = now.size() - suffix - prefix; oldLen == 0 || newLen == 0) {
        const QString &longer = oldLen ? before : now;
        const qsizetype length = std::max(oldLen, newLen);
        while (prefix > 0 && longer.at(prefix - 1) != u'\n' && longer.at(prefix - 1) == longer.at(prefix - 1 + length))
            --prefix;
        beforeEnd = prefix + oldLen;
        wholeLines = prefix > 0 && before.at(prefix - 1) == u'\n';
    }
    const YamlOutline &old = m_parsedOutline;
    const int oldTasks = old.valueOf(old.root(), u"tasks");
    const int newTasks = m_outline.valueOf(m_outline.root(), u"tasks");
    if (!old.isMap(oldTasks) || !m_outline.isMap(newTasks)
        || old.node(oldTasks).entries.size() != m_outline.node(newTasks).entries.size())
        return false;
    const QList<Entry> &oldEntries = old.node(oldTasks).entries;
    const auto it = std::upper_bound(oldEntries.cbegin(), oldEntries.cend(), prefix, [&](qsizetype o, const Entry &e) {
        return o < old.lines().at(old.lineOf(e.start)).start;
    });
    if (it == oldEntries.cbegin())
        return false;
    qsizetype i = it - oldEntries.cbegin() - 1;
    auto spans = [&](qsizetype k, qsizetype *oldStart, qsizetype *oldEnd, qsizetype *newStart, qsizetype *newEnd) {
        const Entry &oe = oldEntries.at(k);
        *oldStart = old.lines().at(old.lineOf(oe.start)).start;
        *oldEnd = old.lines().at(old.lineOf(oe.end)).end;
        qsizetype slack = 0;  // the last line's own line break
        if (wholeLines && *oldEnd < before.size() && before.at(*oldEnd) == u'\r')
            ++slack;
        if (wholeLines && *oldEnd + slack < before.size() && before.at(*oldEnd + slack) == u'\n')
            ++slack;
        if (prefix < *oldStart || beforeEnd > *oldEnd + slack)
            return false;
        const Entry &ne = m_outline.node(newTasks).entries.at(k);
        *newStart = m_outline.lines().at(m_outline.lineOf(ne.start)).start;
        *newEnd = m_outline.lines().at(m_outline.lineOf(ne.end)).end;
        return ne.key == oe.key && *newStart == *oldStart && now.size() - *newEnd == before.size() - *oldEnd;
    };
    qsizetype oldStart = 0, oldEnd = 0, newStart = 0, newEnd = 0;
    // Text added at the very start of a task's first line may as well end the
    // task before it (a `next` entry appended to the previous task): try that one too.
    if (!spans(i, &oldStart, &oldEnd, &newStart, &newEnd) && !(i > 0 && spans(--i, &oldStart, &oldEnd, &newStart, &newEnd)))
        return false;
    const Entry &ne = m_outline.node(newTasks).entries.at(i);
    // With its line break: a block scalar on the last line keeps its final newline.
    qsizetype lineBreak = 0;
    if (newEnd < now.size() && now.at(newEnd) == u'\r')
        ++lineBreak;
    if (newEnd + lineBreak < now.size() && now.at(newEnd + lineBreak) == u'\n')
        ++lineBreak;
    const QStringView block = QStringView(now).mid(newStart, newEnd - newStart + lineBreak);
    // Anchors, aliases and merge keys tie the block to the rest of the file.
    if (block.contains(u'&') || block.contains(u'*') || block.contains(u"<<"))
        return false;
    const QStringView oldBlock = QStringView(before).mid(oldStart, oldEnd - oldStart);
    if (oldBlock.contains(u'&') || oldBlock.contains(u'*') || oldBlock.contains(u"<<"))
        return false;
    Value loaded;
    try {
        loaded = yaml::load(block.toUtf8()).value;
    } catch (const SquallException &) {
        return false;  // the full parse reports the error
    }
    if (!loaded.isDict() || loaded.toDict().size() != 1 || !loaded.contains(ne.key))
        return false;
    Value *tasks = m_value.dictRef().find(QStringLiteral("tasks"));
    if (!tasks || !tasks->isDict())
        return false;
    Value *body = tasks->dictRef().find(ne.key);
    if (!body)
        return false;
    *body = loaded[ne.key];
    m_locationsStale = true;
    m_graph = workflow::WorkflowGraph::fromOrquesta(m_value, workflow::WorkflowGraph::Reach::AllTasks);
    return true;
}

void WorkflowDocument::ensureLocations() const
{
    if (!m_locationsStale)
        return;
    try {
        m_locations = yaml::load(m_parsedText.toUtf8(), m_fileName).locations;
    } catch (const SquallException &) {
    }
    m_locationsStale = false;
}

WorkflowDocument::Kind WorkflowDocument::kind() const
{
    return m_kind;
}

bool WorkflowDocument::hasParseError() const
{
    return m_parseError.has_value();
}

workflow::InspectionError WorkflowDocument::parseError() const
{
    return m_parseError.value_or(workflow::InspectionError{});
}

const Value &WorkflowDocument::value() const
{
    return m_value;
}

const workflow::WorkflowGraph &WorkflowDocument::graph() const
{
    return m_graph;
}

QList<workflow::InspectionError> WorkflowDocument::problems() const
{
    if (m_parseError)
        return {*m_parseError};
    if (!m_problems) {
        QElapsedTimer timer;
        timer.start();
        if (m_kind == Kind::Orquesta) {
            ensureLocations();
            m_problems = workflow::inspectWorkflow(m_value, m_locations.get(), {QStringLiteral("st2"), QStringLiteral("parent")});
        } else if (m_kind == Kind::ActionChain) {
            m_problems = m_loadErrors;
        } else {
            workflow::InspectionError err;
            err.type = QStringLiteral("syntax");
            err.message = tr("neither an Orquesta workflow (tasks) nor an ActionChain (chain)");
            err.location = SourceLocation{m_fileName, 1, 1};
            m_problems = QList<workflow::InspectionError>{err};
        }
        m_inspectionMs = timer.elapsed();
    }
    return *m_problems;
}

qint64 WorkflowDocument::lastInspectionMs() const
{
    return m_inspectionMs;
}

Value WorkflowDocument::task(const QString &name) const
{
    if (m_kind == Kind::ActionChain) {
        for (const Value &n : m_value[u"chain"].toList())
            if (n[u"name"].isString() && n[u"name"].toString() == name)
                return n;
        return {};
    }
    return m_value[u"tasks"][name];
}

QStringList WorkflowDocument::taskNames() const
{
    return m_taskNames;
}

bool WorkflowDocument::isValidTaskName(const QString &name, Kind kind)
{
    if (kind == Kind::ActionChain)
        return !name.trimmed().isEmpty() && name.trimmed() == name;
    // Engine commands are not task names: a transition to them never reaches the task.
    static const QRegularExpression re(QStringLiteral("^\\w+$"), QRegularExpression::UseUnicodePropertiesOption);
    return re.match(name).hasMatch() && !workflow::inspect::WorkflowModel::isReservedName(name);
}

QString WorkflowDocument::uniqueTaskName(const QString &base) const
{
    const QSet<QString> taken(m_taskNames.cbegin(), m_taskNames.cend());
    if (!taken.contains(base) && (m_kind == Kind::ActionChain || !workflow::inspect::WorkflowModel::isReservedName(base)))
        return base;
    for (int i = 2;; ++i) {
        const QString candidate = base + QString::number(i);
        if (!taken.contains(candidate))
            return candidate;
    }
}

int WorkflowDocument::tasksNode() const
{
    const int root = m_outline.root();
    if (m_kind == Kind::ActionChain)
        return m_outline.valueOf(root, u"chain");
    return m_outline.valueOf(root, u"tasks");
}

bool WorkflowDocument::ready(QString *why) const
{
    if (m_debounce->isActive())
        const_cast<WorkflowDocument *>(this)->parseNow();  // plans need the text's current meaning
    if (m_parseError) {
        setWhy(why, tr("the YAML has a syntax error (line %1): fix it first").arg(m_parseError->location.line));
        return false;
    }
    if (!m_outline.isMap(m_outline.root()) || !m_value.isDict()) {
        setWhy(why, tr("the document is not a YAML mapping"));
        return false;
    }
    if (!m_outlineTrusted) {
        setWhy(why, !m_outline.complete() ? tr("the YAML's structure is unclear (unclosed quote or bracket, text at an odd indentation)")
                                             : tr("the YAML's layout is too unusual to edit it in place; edit the text"));
        return false;
    }
    if (m_kind == Kind::Unknown) {
        setWhy(why, tr("neither an Orquesta workflow nor an ActionChain"));
        return false;
    }
    return true;
}

std::optional<WorkflowDocument::Located> WorkflowDocument::locate(const QString &name, QString *why) const
{
    const int parent = tasksNode();
    if (m_kind == Kind::ActionChain) {
        const ValueList chain = m_value[u"chain"].toList();
        if (m_outline.isSeq(parent) && m_outline.node(parent).entries.size() == chain.size()) {
            for (qsizetype i = 0; i < chain.size(); ++i) {
                if (chain.at(i)[u"name"].isString() && chain.at(i)[u"name"].toString() == name) {
                    const int body = m_outline.node(parent).entries.at(i).value;
                    if (!m_outline.isMap(body))
                        break;
                    return Located{parent, int(i), body};
                }
            }
        }
    } else {
        const int index = m_outline.findIndex(parent, name);
        if (index >= 0) {
            const int body = m_outline.node(parent).entries.at(index).value;
            if (body < 0 || m_outline.isMap(body))
                return Located{parent, index, body};
            if (m_value[u"tasks"][name].isNull())
                return Located{parent, index, -1};  // `name: null` or `name: ~`: a body replaces the value
            setWhy(why, tr("task %1 is not written as a block mapping").arg(name));
            return std::nullopt;
        }
    }
    if (!m_taskNames.contains(name))
        setWhy(why, tr("no task named %1").arg(name));
    else
        setWhy(why, tr("task %1 is written in a form the designer cannot edit (flow style?)").arg(name));
    return std::nullopt;
}

std::optional<std::pair<qsizetype, qsizetype>> WorkflowDocument::taskSpan(const QString &name) const
{
    const std::optional<Located> loc = locate(name, nullptr);
    if (!loc)
        return std::nullopt;
    const Entry &e = m_outline.node(loc->parent).entries.at(loc->index);
    return std::make_pair(e.start, e.end - e.start);
}

QString WorkflowDocument::taskAt(qsizetype offset) const
{
    const int parent = tasksNode();
    if (parent < 0 || m_outline.node(parent).type == YamlOutline::Type::Flow
        || m_outline.node(parent).type == YamlOutline::Type::Scalar)
        return {};
    const QList<Entry> &entries = m_outline.node(parent).entries;
    // Entries are in text order: the last one whose first line starts on or before offset.
    const auto it = std::upper_bound(entries.cbegin(), entries.cend(), offset, [&](qsizetype o, const Entry &e) {
        return o < m_outline.lines().at(m_outline.lineOf(e.start)).start;
    });
    if (it == entries.cbegin())
        return {};
    const qsizetype i = it - entries.cbegin() - 1;
    const Entry &e = entries.at(i);
    if (offset > lineEndAfter(e.end))
        return {};
    if (m_kind == Kind::ActionChain) {
        const ValueList chain = m_value[u"chain"].toList();
        return i < chain.size() ? chain.at(i)[u"name"].toString() : QString();
    }
    return e.key;
}

qsizetype WorkflowDocument::lineEndAfter(qsizetype offset) const
{
    return m_outline.lines().at(m_outline.lineOf(offset)).end;
}

int WorkflowDocument::columnOf(qsizetype offset) const
{
    return int(offset - m_outline.lines().at(m_outline.lineOf(offset)).start);
}

// --- edit helpers -----------------------------------------------------------

TextEdit WorkflowDocument::removeEntry(int parent, int index) const
{
    const QList<Entry> &entries = m_outline.node(parent).entries;
    const Entry &e = entries.at(index);
    const QList<YamlOutline::Line> &lines = m_outline.lines();
    const int first = m_outline.lineOf(e.start);
    const int last = m_outline.lineOf(std::max(e.start, e.end - 1));
    const bool startsLine = lines.at(first).start + lines.at(first).indent == e.start;
    if (!startsLine) {
        // The first key of a mapping that starts after "- ": the next key moves up.
        if (index + 1 < entries.size())
            return TextEdit{e.start, entries.at(index + 1).start - e.start, QString()};
        return TextEdit{e.start, e.end - e.start, QStringLiteral("{}")};
    }
    qsizetype start = lines.at(first).start;
    qsizetype end = lines.at(last).next;
    if (end == lines.at(last).end && first > 0) {
        start = lines.at(first - 1).end;  // the last line has no break: take the one before
        end = lines.at(last).end;
    }
    return TextEdit{start, end - start, QString()};
}

TextEdit WorkflowDocument::replaceValue(const Entry &e, int column, const Value &value) const
{
    if (e.value < 0) {
        // Nothing, or only an anchor or tag of an empty value, after the ':'.
        const qsizetype end = m_outline.lineContentEnd(e.afterIndicator);
        return TextEdit{e.afterIndicator, end - e.afterIndicator, yw::afterKey(value, column, m_style)};
    }
    const Node &n = m_outline.node(e.value);
    const bool sameLine = m_outline.lineOf(n.start) == m_outline.lineOf(e.start);
    if (sameLine) {
        if (yw::isInline(value))
            return TextEdit{n.start, n.end - n.start, yw::scalar(value)};
        return TextEdit{e.afterIndicator, n.end - e.afterIndicator, yw::afterKey(value, column, m_style)};
    }
    if (yw::isInline(value))
        return TextEdit{e.afterIndicator, n.end - e.afterIndicator, u' ' + yw::scalar(value)};
    // A block below stays where it is, at its own indentation.
    const qsizetype lineStart = m_outline.lines().at(m_outline.lineOf(n.start)).start;
    int childColumn = n.column;
    if (n.type != YamlOutline::Type::Map && n.type != YamlOutline::Type::Seq)
        childColumn = column + m_style.indent;
    if (value.isDict() && n.type == YamlOutline::Type::Seq)
        childColumn = column + m_style.indent;
    if (value.isList() && n.type == YamlOutline::Type::Map)
        childColumn = column + (m_style.indentedLists ? m_style.indent : 0);
    return TextEdit{lineStart, n.end - lineStart, yw::block(value, childColumn, m_style)};
}

TextEdit WorkflowDocument::appendEntry(int map, const QString &key, const Value &value) const
{
    const Node &n = m_outline.node(map);
    return TextEdit{lineEndAfter(n.end), 0,
                    m_style.newline + QString(n.column, u' ') + yw::entry(key, value, n.column, m_style)};
}

TextEdit WorkflowDocument::setMapValue(int map, const QString &key, const Value &value) const
{
    const int index = m_outline.findIndex(map, key);
    if (index < 0) {
        if (value.isNull())
            return TextEdit{-1, 0, {}};
        return appendEntry(map, key, value);
    }
    if (value.isNull())
        return removeEntry(map, index);
    return replaceValue(m_outline.node(map).entries.at(index), m_outline.node(map).column, value);
}

namespace {

void add(TextEdits &edits, const TextEdit &e)
{
    if (e.offset >= 0)
        edits.append(e);
}

} // namespace

// Removes `names` from the `do` of the task's next entries (all, or only
// `onlyIndex`). An entry left without `do` goes when it has no publish (or
// always, with wholeEntryIfEmpty); a `next` left empty goes.
TextEdits WorkflowDocument::removeReferences(const QString &taskName, int onlyIndex, const QStringList &names,
                                             bool wholeEntryIfEmpty) const
{
    TextEdits edits;
    const std::optional<Located> loc = locate(taskName, nullptr);
    if (!loc || loc->body < 0)
        return edits;
    const Value taskValue = task(taskName);
    const ValueList next = taskValue[u"next"].toList();
    const int nextNode = m_outline.valueOf(loc->body, u"next");
    const int nextIndexInBody = m_outline.findIndex(loc->body, u"next");
    // Plan in values first.
    QList<int> removeWhole;
    bool changed = false;
    ValueList newNext;
    QList<std::pair<int, QStringList>> keep;  // entry index -> remaining names
    for (int i = 0; i < next.size(); ++i) {
        const Value entry = next.at(i);
        const QStringList current = doNames(entry[u"do"]);
        QStringList remaining = current;
        if (onlyIndex < 0 || onlyIndex == i)
            for (const QString &n : names)
                remaining.removeAll(n);
        if (remaining == current) {
            newNext.append(entry);
            continue;
        }
        changed = true;
        if (remaining.isEmpty() && (wholeEntryIfEmpty || !entry.contains(u"publish"))) {
            removeWhole.append(i);
            continue;
        }
        ValueDict d = entry.toDict();
        if (remaining.isEmpty())
            d.remove(u"do");
        else
            d.insert(QStringLiteral("do"), entry[u"do"].isList() ? Value(ValueList(remaining.cbegin(), remaining.cend()))
                                                                   : Value(remaining.join(QStringLiteral(", "))));
        newNext.append(Value(std::move(d)));
        keep.append({i, remaining});
    }
    if (!changed)
        return edits;
    const Entry &nextEntry = m_outline.node(loc->body).entries.at(nextIndexInBody);
    if (newNext.isEmpty())
        return {removeEntry(loc->body, nextIndexInBody)};
    if (!m_outline.isSeq(nextNode) || m_outline.node(nextNode).entries.size() != next.size())
        return {replaceValue(nextEntry, m_outline.node(loc->body).column, Value(newNext))};
    for (int i : removeWhole)
        edits.append(removeEntry(nextNode, i));
    for (const auto &[i, remaining] : keep) {
        const int entryMap = m_outline.node(nextNode).entries.at(i).value;
        const int doIndex = m_outline.findIndex(entryMap, u"do");
        if (doIndex < 0)
            continue;
        if (remaining.isEmpty()) {
            edits.append(removeEntry(entryMap, doIndex));
            continue;
        }
        const Entry &doEntry = m_outline.node(entryMap).entries.at(doIndex);
        const int doNode = doEntry.value;
        if (m_outline.isSeq(doNode) && m_outline.node(doNode).entries.size() == next.at(i)[u"do"].toList().size()) {
            const ValueList items = next.at(i)[u"do"].toList();
            for (int k = 0; k < items.size(); ++k)
                if (names.contains(items.at(k).toString()))
                    edits.append(removeEntry(doNode, k));
        } else if (doNode >= 0 && m_outline.node(doNode).type == YamlOutline::Type::Flow) {
            const Node &n = m_outline.node(doNode);
            QStringList quoted;
            for (const QString &r : remaining)
                quoted << yw::scalar(Value(r));
            edits.append(TextEdit{n.start, n.end - n.start, u'[' + quoted.join(QStringLiteral(", ")) + u']'});
        } else {
            edits.append(replaceValue(doEntry, m_outline.node(entryMap).column, Value(remaining.join(QStringLiteral(", ")))));
        }
    }
    if (!normalise(edits))
        return {replaceValue(nextEntry, m_outline.node(loc->body).column, Value(newNext))};
    return edits;
}

// --- planned edits ----------------------------------------------------------

TextEdits WorkflowDocument::addTask(const QString &name, const Value &body, QString *why) const
{
    if (!ready(why))
        return {};
    if (!isValidTaskName(name, m_kind)) {
        setWhy(why, m_kind == Kind::Orquesta ? tr("task names are letters, digits and underscores: %1").arg(name)
                                             : tr("a task needs a name"));
        return {};
    }
    if (m_taskNames.contains(name)) {
        setWhy(why, tr("a task named %1 exists already").arg(name));
        return {};
    }
    const int root = m_outline.root();
    const int parent = tasksNode();
    if (m_kind == Kind::ActionChain) {
        ValueDict node;
        node.insert(QStringLiteral("name"), Value(name));
        for (const auto &[k, v] : body.toDict())
            if (k != u"name")
                node.insert(k, v);
        if (!m_outline.isSeq(parent)) {
            setWhy(why, tr("the chain is not a block list"));
            return {};
        }
        const Node &seq = m_outline.node(parent);
        return {TextEdit{lineEndAfter(seq.end), 0,
                         m_style.newline + QString(seq.column, u' ') + yw::item(Value(std::move(node)), seq.column, m_style)}};
    }
    const Value bodyValue = body.isDict() && body.toDict().isEmpty() ? Value() : body;
    if (m_outline.isMap(parent)) {
        const Node &tasks = m_outline.node(parent);
        return {TextEdit{lineEndAfter(tasks.end), 0,
                         m_style.newline + QString(tasks.column, u' ') + yw::entry(name, bodyValue, tasks.column, m_style)}};
    }
    ValueDict tasks;
    tasks.insert(name, bodyValue);
    if (parent >= 0 && m_outline.node(parent).type != YamlOutline::Type::Flow
        && !(m_outline.node(parent).type == YamlOutline::Type::Scalar && m_value[u"tasks"].isNull())) {
        setWhy(why, tr("tasks is not a mapping"));
        return {};
    }
    TextEdits edits;
    add(edits, setMapValue(root, QStringLiteral("tasks"), Value(std::move(tasks))));
    return edits;
}

TextEdits WorkflowDocument::removeTasks(const QStringList &names, QString *why) const
{
    if (!ready(why))
        return {};
    TextEdits edits;
    QList<Located> located;
    for (const QString &name : names) {
        const std::optional<Located> loc = locate(name, why);
        if (!loc)
            return {};
        located.append(*loc);
    }
    const QSet<QString> removed(names.cbegin(), names.cend());
    for (const Located &loc : located)
        edits.append(removeEntry(loc.parent, loc.index));
    if (m_kind == Kind::ActionChain) {
        const ValueList chain = m_value[u"chain"].toList();
        const int parent = tasksNode();
        const QList<Entry> &items = m_outline.node(parent).entries;
        for (qsizetype i = 0; i < chain.size() && i < items.size(); ++i) {
            const int body = items.at(i).value;
            const Value name = chain.at(i)[u"name"];
            if (!m_outline.isMap(body) || (name.isString() && removed.contains(name.toString())))
                continue;
            for (const char *key : {"on-success", "on-failure"}) {
                const int index = m_outline.findIndex(body, QString::fromLatin1(key));
                const Value next = chain.at(i)[QString::fromLatin1(key)];
                if (index >= 0 && next.isString() && removed.contains(next.toString()))
                    edits.append(removeEntry(body, index));
            }
        }
        const int def = m_outline.findIndex(m_outline.root(), u"default");
        if (def >= 0 && removed.contains(m_value[u"default"].toString()))
            edits.append(removeEntry(m_outline.root(), def));
    } else {
        for (const QString &other : m_taskNames) {
            if (removed.contains(other))
                continue;
            bool refers = false;
            for (const Value &entry : task(other)[u"next"].toList()) {
                for (const QString &n : doNames(entry[u"do"]))
                    refers = refers || removed.contains(n);
            }
            if (refers)
                edits += removeReferences(other, -1, names, false);
        }
    }
    if (!normalise(edits)) {
        setWhy(why, tr("the edits overlap"));
        return {};
    }
    return edits;
}

TextEdits WorkflowDocument::renameTask(const QString &from, const QString &to, QString *why) const
{
    if (!ready(why))
        return {};
    const std::optional<Located> loc = locate(from, why);
    if (!loc)
        return {};
    if (from == to)
        return {};
    if (!isValidTaskName(to, m_kind)) {
        setWhy(why, tr("task names are letters, digits and underscores: %1").arg(to));
        return {};
    }
    if (m_taskNames.contains(to)) {
        setWhy(why, tr("a task named %1 exists already").arg(to));
        return {};
    }
    TextEdits edits;
    const QString scalarTo = yw::scalar(Value(to));
    if (m_kind == Kind::ActionChain) {
        const QHash<QString, QString> renames{{from, to}};
        // Every node, named or not (a node without a valid name may still point at this one).
        const ValueList chain = m_value[u"chain"].toList();
        const QList<Entry> &items = m_outline.node(loc->parent).entries;
        for (qsizetype i = 0; i < chain.size() && i < items.size(); ++i) {
            const int body = items.at(i).value;
            if (!m_outline.isMap(body))
                continue;
            for (const char *key : {"name", "on-success", "on-failure"}) {
                const Entry *e = m_outline.find(body, QString::fromLatin1(key));
                const Value current = chain.at(i)[QString::fromLatin1(key)];
                if (e && e->value >= 0 && current.isString() && current.toString() == from)
                    edits.append(replaceValue(*e, m_outline.node(body).column, Value(to)));
            }
        }
        const Entry *def = m_outline.find(m_outline.root(), u"default");
        if (def && m_value[u"default"].toString() == from)
            edits.append(replaceValue(*def, m_outline.node(m_outline.root()).column, Value(to)));
    } else {
        const Entry &key = m_outline.node(loc->parent).entries.at(loc->index);
        const QChar q = m_text.at(key.start);
        const QString keyText = (q == u'"' || q == u'\'') ? q + to + q : scalarTo;
        edits.append(TextEdit{key.start, key.keyEnd - key.start, keyText});
        const QRegularExpression word = wordRe(from);
        auto renameIn = [&](const Node &n) {
            const QString old = m_text.mid(n.start, n.end - n.start);
            QString updated = old;
            updated.replace(word, to);
            if (updated != old)
                edits.append(TextEdit{n.start, n.end - n.start, updated});
        };
        const QHash<QString, QString> renames{{from, to}};
        for (const QString &name : m_taskNames) {
            const std::optional<Located> l = locate(name, nullptr);
            if (!l || l->body < 0)
                continue;
            const ValueList next = task(name)[u"next"].toList();
            bool refers = false;
            for (const Value &entry : next)
                refers = refers || doNames(entry[u"do"]).contains(from);
            if (!refers)
                continue;
            const int nextNode = m_outline.valueOf(l->body, u"next");
            if (!m_outline.isSeq(nextNode) || m_outline.node(nextNode).entries.size() != next.size()) {
                ValueList renamed;
                for (const Value &entry : next) {
                    if (!entry.isDict()) {
                        renamed.append(entry);
                        continue;
                    }
                    ValueDict d = entry.toDict();
                    if (d.contains(u"do"))
                        d.insert(QStringLiteral("do"), renamedDo(entry[u"do"], renames));
                    renamed.append(Value(std::move(d)));
                }
                // A flow `next`: rename the word in place when that reads back
                // as the intended value, else rewrite it as a block.
                const Entry *nextEntry = m_outline.find(l->body, u"next");
                if (nextNode >= 0 && m_outline.node(nextNode).type == YamlOutline::Type::Flow) {
                    const Node &n = m_outline.node(nextNode);
                    QString updated = m_text.mid(n.start, n.end - n.start);
                    updated.replace(word, to);
                    try {
                        if (yaml::load((QStringLiteral("next: ") + updated).toUtf8()).value[u"next"] == Value(renamed)) {
                            edits.append(TextEdit{n.start, n.end - n.start, updated});
                            continue;
                        }
                    } catch (const SquallException &) {
                    }
                }
                edits.append(replaceValue(*nextEntry, m_outline.node(l->body).column, Value(renamed)));
                continue;
            }
            for (const Entry &item : m_outline.node(nextNode).entries) {
                const int doNode = m_outline.valueOf(item.value, u"do");
                if (doNode < 0)
                    continue;
                if (m_outline.isSeq(doNode)) {
                    for (const Entry &d : m_outline.node(doNode).entries)
                        if (d.value >= 0)
                            renameIn(m_outline.node(d.value));
                } else {
                    renameIn(m_outline.node(doNode));
                }
            }
        }
        // task('from') in expressions, wherever they are.
        const QRegularExpression call = taskCallRe(from);
        for (auto it = call.globalMatch(m_text); it.hasNext();) {
            const QRegularExpressionMatch m = it.next();
            edits.append(TextEdit{m.capturedStart(2), m.capturedLength(2), to});
        }
    }
    if (!normalise(edits)) {
        setWhy(why, tr("the edits overlap"));
        return {};
    }
    return edits;
}

TextEdits WorkflowDocument::addTransition(const QString &from, const QString &to, const Value &when, QString *why) const
{
    if (!ready(why))
        return {};
    if (!m_taskNames.contains(to) && !(m_kind == Kind::Orquesta && workflow::inspect::WorkflowModel::isReservedName(to))) {
        setWhy(why, tr("no task named %1").arg(to));
        return {};
    }
    if (m_kind == Kind::ActionChain) {
        const QString w = when.toString();
        const bool failure = w == u"failure" || w == u"on-failure";
        if (!failure && !(w == u"success" || w == u"on-success" || when.isNull())) {
            setWhy(why, tr("an ActionChain transition is on success or on failure"));
            return {};
        }
        return setTaskField(from, failure ? QStringLiteral("on-failure") : QStringLiteral("on-success"), Value(to), why);
    }
    ValueDict entry;
    if (!when.isNull())
        entry.insert(QStringLiteral("when"), when);
    entry.insert(QStringLiteral("do"), Value(to));
    const int count = int(task(from)[u"next"].toList().size());
    return setTransition(from, count, Value(std::move(entry)), why);
}

TextEdits WorkflowDocument::removeTransition(const QString &from, int nextIndex, const QString &to, QString *why) const
{
    if (!ready(why))
        return {};
    if (!locate(from, why))
        return {};
    if (m_kind == Kind::ActionChain) {
        const QString key = nextIndex == 1 ? QStringLiteral("on-failure") : QStringLiteral("on-success");
        if (task(from)[key].toString() != to) {
            setWhy(why, tr("%1 does not go to %2 on %3").arg(from, to, key));
            return {};
        }
        return setTaskField(from, key, Value(), why);
    }
    const ValueList next = task(from)[u"next"].toList();
    if (nextIndex < 0 || nextIndex >= next.size() || !doNames(next.at(nextIndex)[u"do"]).contains(to)) {
        setWhy(why, tr("%1 has no transition %2 to %3").arg(from).arg(nextIndex).arg(to));
        return {};
    }
    TextEdits edits = removeReferences(from, nextIndex, {to}, false);
    if (edits.isEmpty())
        setWhy(why, tr("could not place the edit"));
    return edits;
}

TextEdits WorkflowDocument::setTransition(const QString &taskName, int nextIndex, const Value &entry, QString *why) const
{
    if (!ready(why))
        return {};
    const std::optional<Located> loc = locate(taskName, why);
    if (!loc)
        return {};
    if (m_kind == Kind::ActionChain) {
        if (nextIndex != 0 && nextIndex != 1) {
            setWhy(why, tr("an ActionChain node has on-success (0) and on-failure (1) only"));
            return {};
        }
        const Value to = entry.isDict() ? entry[u"do"] : entry;
        return setTaskField(taskName, nextIndex == 1 ? QStringLiteral("on-failure") : QStringLiteral("on-success"), to, why);
    }
    const ValueList next = task(taskName)[u"next"].toList();
    if (nextIndex < 0 || nextIndex > next.size()) {
        setWhy(why, tr("%1 has no transition %2").arg(taskName).arg(nextIndex));
        return {};
    }
    if (nextIndex == next.size() && entry.isNull())
        return {};
    ValueList newNext = next;
    if (entry.isNull())
        newNext.removeAt(nextIndex);
    else if (nextIndex == next.size())
        newNext.append(entry);
    else
        newNext[nextIndex] = entry;
    TextEdits edits;
    if (loc->body < 0) {
        const Entry &taskEntry = m_outline.node(loc->parent).entries.at(loc->index);
        return {replaceValue(taskEntry, m_outline.node(loc->parent).column,
                             makeDict({{QStringLiteral("next"), Value(newNext)}}))};
    }
    const int nextNode = m_outline.valueOf(loc->body, u"next");
    if (newNext.isEmpty()) {
        add(edits, setMapValue(loc->body, QStringLiteral("next"), Value()));
        return edits;
    }
    if (!m_outline.isSeq(nextNode) || m_outline.node(nextNode).entries.size() != next.size()) {
        add(edits, setMapValue(loc->body, QStringLiteral("next"), Value(newNext)));
        return edits;
    }
    const Node &seq = m_outline.node(nextNode);
    if (entry.isNull())
        return {removeEntry(nextNode, nextIndex)};
    if (nextIndex == next.size()) {
        return {TextEdit{lineEndAfter(seq.end), 0,
                         m_style.newline + QString(seq.column, u' ') + yw::item(entry, seq.column, m_style)}};
    }
    // Replace key by key, so what did not change keeps its text and comments.
    const Entry &item = seq.entries.at(nextIndex);
    const Value old = next.at(nextIndex);
    if (entry.isDict() && old.isDict() && m_outline.isMap(item.value)) {
        const int map = item.value;
        for (const auto &[k, v] : old.toDict())
            if (!entry.contains(k))
                add(edits, setMapValue(map, k, Value()));
        for (const auto &[k, v] : entry.toDict())
            if (!old.contains(k) || old[k] != v)
                add(edits, setMapValue(map, k, v));
        bool removesAll = true;
        for (const auto &[k, v] : old.toDict())
            removesAll = removesAll && !entry.contains(k);
        if (!removesAll && normalise(edits))
            return edits;
        edits.clear();
    }
    const qsizetype end = item.value >= 0 ? m_outline.node(item.value).end : item.end;
    return {TextEdit{item.start, end - item.start, yw::item(entry, seq.column, m_style)}};
}

TextEdits WorkflowDocument::setTaskField(const QString &taskName, const QString &key, const Value &value, QString *why) const
{
    if (!ready(why))
        return {};
    const std::optional<Located> loc = locate(taskName, why);
    if (!loc)
        return {};
    if (key == u"name" || key.isEmpty()) {
        setWhy(why, tr("rename the task instead"));
        return {};
    }
    if (task(taskName)[key] == value && (task(taskName).contains(key) || value.isNull()))
        return {};
    TextEdits edits;
    if (loc->body < 0) {
        if (value.isNull())
            return {};
        const Entry &taskEntry = m_outline.node(loc->parent).entries.at(loc->index);
        return {replaceValue(taskEntry, m_outline.node(loc->parent).column, makeDict({{key, value}}))};
    }
    add(edits, setMapValue(loc->body, key, value));
    return edits;
}

TextEdits WorkflowDocument::setWorkflowField(const QString &key, const Value &value, QString *why) const
{
    if (!ready(why))
        return {};
    if (key == u"tasks" || key == u"chain") {
        setWhy(why, tr("edit the tasks one by one"));
        return {};
    }
    if (m_value[key] == value && (m_value.contains(key) || value.isNull()))
        return {};
    TextEdits edits;
    add(edits, setMapValue(m_outline.root(), key, value));
    return edits;
}

QString WorkflowDocument::copyTasks(const QStringList &names) const
{
    if (!ready(nullptr))
        return {};
    QStringList blocks;
    const QString nl = m_style.newline;
    for (const QString &name : names) {
        const std::optional<Located> loc = locate(name, nullptr);
        if (!loc)
            continue;
        const Entry &e = m_outline.node(loc->parent).entries.at(loc->index);
        const int column = m_outline.node(loc->parent).column;
        const qsizetype start = m_outline.lines().at(m_outline.lineOf(e.start)).start;
        const QString text = m_text.mid(start, lineEndAfter(e.end) - start);
        QStringList lines = text.split(u'\n');
        for (QString &line : lines) {
            if (line.endsWith(u'\r'))
                line.chop(1);
            int strip = 0;
            while (strip < column && strip < line.size() && line.at(strip) == u' ')
                ++strip;
            line.remove(0, strip);
        }
        blocks << lines.join(nl);
    }
    return blocks.isEmpty() ? QString() : blocks.join(nl) + nl;
}

TextEdits WorkflowDocument::pasteTasks(const QString &yamlText, QStringList *newNames, QString *why) const
{
    if (!ready(why))
        return {};
    Value pasted;
    try {
        pasted = yaml::load(yamlText.toUtf8()).value;
    } catch (const SquallException &e) {
        setWhy(why, tr("the clipboard is not YAML: %1").arg(e.error().message));
        return {};
    }
    QSet<QString> taken(m_taskNames.cbegin(), m_taskNames.cend());
    auto fresh = [&](const QString &base) {
        QString candidate = base;
        for (int i = 2; taken.contains(candidate); ++i)
            candidate = base + QString::number(i);
        taken.insert(candidate);
        return candidate;
    };
    QStringList names;
    QHash<QString, QString> renames;
    TextEdits edits;
    if (m_kind == Kind::ActionChain) {
        if (!pasted.isList()) {
            setWhy(why, tr("the clipboard holds no ActionChain nodes"));
            return {};
        }
        for (const Value &n : pasted.toList()) {
            const QString name = n[u"name"].toString();
            if (name.isEmpty()) {
                setWhy(why, tr("the clipboard holds no ActionChain nodes"));
                return {};
            }
            const QString fresh_ = fresh(name);
            if (fresh_ != name)
                renames.insert(name, fresh_);
            names << fresh_;
        }
        const int parent = tasksNode();
        if (!m_outline.isSeq(parent)) {
            setWhy(why, tr("the chain is not a block list"));
            return {};
        }
        const Node &seq = m_outline.node(parent);
        QString text;
        for (const Value &n : pasted.toList()) {
            ValueDict d = n.toDict();
            for (const char *key : {"name", "on-success", "on-failure"}) {
                const QString k = QString::fromLatin1(key);
                if (d.contains(k) && renames.contains(d.value(k).toString()))
                    d.insert(k, Value(renames.value(d.value(k).toString())));
            }
            text += m_style.newline + QString(seq.column, u' ') + yw::item(Value(std::move(d)), seq.column, m_style);
        }
        edits.append(TextEdit{lineEndAfter(seq.end), 0, text});
    } else {
        if (!pasted.isDict() || pasted.toDict().isEmpty()) {
            setWhy(why, tr("the clipboard holds no workflow tasks"));
            return {};
        }
        for (const auto &[name, body] : pasted.toDict()) {
            Q_UNUSED(body);
            if (!isValidTaskName(name, m_kind)) {
                setWhy(why, tr("task names are letters, digits and underscores: %1").arg(name));
                return {};
            }
            const QString fresh_ = fresh(name);
            if (fresh_ != name)
                renames.insert(name, fresh_);
            names << fresh_;
        }
        ValueDict tasks;
        qsizetype i = 0;
        for (const auto &[name, body] : pasted.toDict()) {
            Value b = renamedValue(body, renames);
            if (b[u"next"].isList()) {
                ValueList next;
                for (const Value &entry : b[u"next"].toList()) {
                    if (!entry.isDict()) {
                        next.append(entry);
                        continue;
                    }
                    ValueDict d = entry.toDict();
                    if (d.contains(u"do"))
                        d.insert(QStringLiteral("do"), renamedDo(entry[u"do"], renames));
                    next.append(Value(std::move(d)));
                }
                b.dictRef().insert(QStringLiteral("next"), Value(std::move(next)));
            }
            tasks.insert(names.at(i++), b);
        }
        const int parent = tasksNode();
        if (m_outline.isMap(parent)) {
            const Node &map = m_outline.node(parent);
            QString text;
            for (const auto &[name, body] : tasks)
                text += m_style.newline + QString(map.column, u' ') + yw::entry(name, body, map.column, m_style);
            edits.append(TextEdit{lineEndAfter(map.end), 0, text});
        } else {
            add(edits, setMapValue(m_outline.root(), QStringLiteral("tasks"), Value(std::move(tasks))));
        }
    }
    if (newNames)
        *newNames = names;
    return edits;
}

QString WorkflowDocument::newOrquestaWorkflow(const QString &description)
{
    ValueDict doc;
    doc.insert(QStringLiteral("version"), Value(1.0));
    if (!description.isEmpty())
        doc.insert(QStringLiteral("description"), Value(description));
    doc.insert(QStringLiteral("tasks"),
               makeDict({{QStringLiteral("start"), makeDict({{QStringLiteral("action"), Value(QStringLiteral("core.noop"))}})}}));
    const YamlStyle style;
    return yw::block(Value(std::move(doc)), 0, style) + u'\n';
}

} // namespace squall::ui
