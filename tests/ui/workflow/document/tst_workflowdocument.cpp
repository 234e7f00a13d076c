// The designer's document: the text is the truth, and every planned edit
// changes only the characters it means to, re-loading as the intended value.
#include "base/Json.h"
#include "base/Yaml.h"
#include "ui/workflow/document/DocumentEditCommand.h"
#include "ui/workflow/document/WorkflowDocument.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

using namespace squall;
using namespace squall::ui;
using namespace Qt::StringLiterals;

namespace {

QString readText(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll());
}

QString designerData(const QString &name)
{
    return QStringLiteral(SQUALL_SOURCE_DIR "/tests/data/workflows/designer/") + name;
}

Value load(const QString &text)
{
    return yaml::load(text.toUtf8()).value;
}

// Applies a planned edit list; fails the test when it is empty and should not be.
QString edited(WorkflowDocument &doc, const TextEdits &edits)
{
    [&] { QVERIFY2(!edits.isEmpty(), "no edits planned"); }();
    doc.apply(edits);
    // The document's meaning (incremental or not) is the text's meaning.
    if (doc.value() != load(doc.text())) qWarning("%s\n----\n%s", qPrintable(squall::json::toString(doc.value())), qPrintable(squall::json::toString(load(doc.text()))));
    [&] { QCOMPARE(doc.value(), load(doc.text())); }();
    return doc.text();
}

Value renamedDo(const Value &v, const QString &from, const QString &to)
{
    if (v.isString()) {
        QString s = v.toString();
        s.replace(QRegularExpression(u"(?<!\\w)"_s + QRegularExpression::escape(from) + u"(?!\\w)"_s), to);
        return Value(s);
    }
    if (v.isList()) {
        ValueList out;
        for (const Value &e : v.toList())
            out.append(e.isString() && e.toString() == from ? Value(to) : e);
        return Value(out);
    }
    return v;
}

Value renamedCalls(const Value &v, const QString &from, const QString &to)
{
    if (v.isString()) {
        QString s = v.toString();
        s.replace(QRegularExpression(u"(task\\(\\s*(['\"]))"_s + QRegularExpression::escape(from) + u"(\\2\\s*\\))"_s),
                  u"\\1"_s + to + u"\\3"_s);
        return Value(s);
    }
    if (v.isList()) {
        ValueList out;
        for (const Value &e : v.toList())
            out.append(renamedCalls(e, from, to));
        return Value(out);
    }
    if (v.isDict()) {
        ValueDict out;
        for (const auto &[k, e] : v.toDict())
            out.insert(renamedCalls(Value(k), from, to).toString(), renamedCalls(e, from, to));
        return Value(out);
    }
    return v;
}

// What a rename must mean, computed on values.
Value expectedRename(const Value &doc, WorkflowDocument::Kind kind, const QString &from, const QString &to)
{
    ValueDict out = doc.toDict();
    if (kind == WorkflowDocument::Kind::ActionChain) {
        ValueList chain;
        for (const Value &n : doc[u"chain"].toList()) {
            if (!n.isDict()) {
                chain.append(n);
                continue;
            }
            ValueDict d = n.toDict();
            for (const QString &k : {u"name"_s, u"on-success"_s, u"on-failure"_s})
                if (d.value(k).isString() && d.value(k).toString() == from)
                    d.insert(k, Value(to));
            chain.append(Value(d));
        }
        out.insert(u"chain"_s, Value(chain));
        if (doc[u"default"].toString() == from)
            out.insert(u"default"_s, Value(to));
        return Value(out);
    }
    ValueDict tasks;
    for (const auto &[name, body] : doc[u"tasks"].toDict()) {
        Value b = body;
        if (b[u"next"].isList()) {
            ValueList next;
            for (const Value &e : b[u"next"].toList()) {
                if (!e.isDict()) {
                    next.append(e);
                    continue;
                }
                ValueDict d = e.toDict();
                if (d.contains(u"do"))
                    d.insert(u"do"_s, renamedDo(e[u"do"], from, to));
                next.append(Value(d));
            }
            b.dictRef().insert(u"next"_s, Value(next));
        }
        tasks.insert(name == from ? to : name, b);
    }
    out.insert(u"tasks"_s, Value(tasks));
    return renamedCalls(Value(out), from, to);
}

QStringList roundTripFiles()
{
    QStringList files;
    const QString shared = QStringLiteral(SQUALL_SHARED_DIR "/conformance/orquesta/workflows");
    for (const QString &f : QDir(shared).entryList({u"*.yaml"_s}, QDir::Files, QDir::Name))
        files << shared + u'/' + f;
    QDir packs(QStringLiteral(SQUALL_SOURCE_DIR "/packs"));
    for (const QString &pack : packs.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        for (const QString &sub : {u"actions/workflows"_s, u"actions/chains"_s}) {
            QDir d(packs.filePath(pack + u'/' + sub));
            for (const QString &f : d.entryList({u"*.yaml"_s}, QDir::Files, QDir::Name))
                files << d.filePath(f);
        }
    }
    QDir own(designerData(QString()));
    for (const QString &f : own.entryList({u"*.yaml"_s}, QDir::Files, QDir::Name))
        files << own.filePath(f);
    return files;
}

const char *kSmall = R"(version: 1.0
tasks:
  a:
    action: core.noop
    next:
      - when: <% succeeded() %>
        do: b
  b:
    action: core.noop
)";

} // namespace

class TestWorkflowDocument : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data()
    {
        QTest::addColumn<QString>("file");
        for (const QString &f : roundTripFiles())
            QTest::newRow(qPrintable(QFileInfo(f).dir().dirName() + u'/' + QFileInfo(f).fileName())) << f;
    }

    void roundTrip()
    {
        QFETCH(QString, file);
        const QString original = readText(file);
        QVERIFY(!original.isEmpty());
        WorkflowDocument doc;
        doc.setFileName(file);
        QSignalSpy parsed(&doc, &WorkflowDocument::parsed);
        doc.setText(original);
        QCOMPARE(parsed.size(), 1);
        QCOMPARE(doc.text(), original);
        QVERIFY2(!doc.hasParseError(), qPrintable(doc.parseError().message));
        QVERIFY(doc.kind() != WorkflowDocument::Kind::Unknown);
        if (doc.taskNames().isEmpty())
            return;
        // Every task shows in the graph, and every task has a span holding its name.
        QCOMPARE(doc.graph().nodes.size(), doc.taskNames().size());
        for (const QString &name : doc.taskNames()) {
            const auto span = doc.taskSpan(name);
            QVERIFY2(span, qPrintable(name));
            QCOMPARE(doc.taskAt(span->first + span->second - 1), name);
        }
        // Rename the first task, then undo it.
        const Value before = doc.value();
        const QString from = doc.taskNames().first();
        const QString to = doc.uniqueTaskName(u"renamed_task"_s);
        QString why;
        const TextEdits edits = doc.renameTask(from, to, &why);
        QVERIFY2(!edits.isEmpty(), qPrintable(why));
        for (const TextEdit &e : edits) {
            // Only the name changes inside each edited span.
            const QString old = original.mid(e.offset, e.length);
            QVERIFY2(old.contains(from), qPrintable(old));
            QString expected = old;
            expected.replace(QRegularExpression(u"(?<!\\w)"_s + QRegularExpression::escape(from) + u"(?!\\w)"_s), to);
            if (e.text != expected) {
                // A whole flow value rewritten as a block is allowed; it must load right (checked below).
                QVERIFY2(old.startsWith(u'[') || old.startsWith(u'{'), qPrintable(old + u" -> "_s + e.text));
            }
        }
        const TextEdits inverse = doc.apply(edits);
        QVERIFY(!doc.hasParseError());
        QCOMPARE(doc.value(), expectedRename(before, doc.kind(), from, to));
        QVERIFY(doc.taskNames().contains(to));
        QVERIFY(!doc.taskNames().contains(from));
        doc.apply(inverse);
        QCOMPARE(doc.text(), original);
        QCOMPARE(doc.value(), before);
    }

    void sharedConformanceWorkflows()
    {
        const QDir shared(QStringLiteral(SQUALL_SHARED_DIR "/conformance/orquesta/workflows"));
        if (!shared.exists())
            QSKIP("no shared conformance suite next to the source tree (SQUALL_SHARED_DIR); round trips ran on the bundled packs only");
        QVERIFY(!shared.entryList({u"*.yaml"_s}, QDir::Files).isEmpty());
    }

    void plansSeeTypingNotYetParsed()
    {
        WorkflowDocument doc;
        doc.setText(QString::fromUtf8(kSmall));
        // The YAML pane adds a task; before the pause, the canvas asks for an edit of it.
        const qsizetype end = doc.text().size();
        doc.apply({TextEdit{end, 0, u"  c:\n    action: core.noop\n"_s}}, WorkflowDocument::Parse::Debounced);
        QVERIFY(doc.parsePending());
        const TextEdits edits = doc.setTaskField(u"c"_s, u"delay"_s, Value(qint64(3)));
        QVERIFY(!doc.parsePending());
        QCOMPARE(edited(doc, edits), QString::fromUtf8(kSmall) + u"  c:\n    action: core.noop\n    delay: 3\n"_s);
        QCOMPARE(doc.taskAt(doc.text().indexOf(u"delay"_s)), u"c"_s);
        QCOMPARE(doc.taskAt(0), QString());
    }

    void outlineSpans()
    {
        const QString text = uR"(# head
root:
  plain: a plain value   # comment
  quoted: "a # not a comment" # comment
  flow: [a, {b: "c]"}]
  block: |
    line one

    line three
  multi: first
    second
  empty:
  list:
  - one
  -   two
  "quoted key": 1
after: x
)"_s;
        YamlOutline o;
        o.scan(text);
        const int root = o.root();
        QVERIFY(o.isMap(root));
        QCOMPARE(o.node(root).entries.size(), 2);
        const int map = o.valueOf(root, u"root");
        QVERIFY(o.isMap(map));
        auto valueText = [&](const QString &key) {
            const int n = o.valueOf(map, key);
            return n < 0 ? QString() : text.mid(o.node(n).start, o.node(n).end - o.node(n).start);
        };
        QCOMPARE(valueText(u"plain"_s), u"a plain value"_s);
        QCOMPARE(valueText(u"quoted"_s), u"\"a # not a comment\""_s);
        QCOMPARE(valueText(u"flow"_s), u"[a, {b: \"c]\"}]"_s);
        QCOMPARE(valueText(u"block"_s), u"|\n    line one\n\n    line three"_s);
        QCOMPARE(valueText(u"multi"_s), u"first\n    second"_s);
        QCOMPARE(o.valueOf(map, u"empty"_s), -1);
        QVERIFY(o.find(map, u"empty"_s));
        const int list = o.valueOf(map, u"list"_s);
        QVERIFY(o.isSeq(list));
        QCOMPARE(o.node(list).entries.size(), 2);
        QCOMPARE(valueText(u"quoted key"_s), u"1"_s);
        QCOMPARE(text.mid(o.node(o.valueOf(root, u"after"_s)).start, 1), u"x"_s);
    }

    // Typing passes through every broken state: nothing may hang or crash,
    // and whatever is planned on a text that parses must load as intended.
    void survivesMangledText()
    {
        QStringList sources;
        const QDir own(designerData(QString()));
        for (const QString &f : own.entryList({u"*.yaml"_s}, QDir::Files, QDir::Name))
            sources << readText(own.filePath(f));
        sources << QString::fromUtf8(kSmall);
        quint32 seed = quint32(qEnvironmentVariableIntValue("SQUALL_FUZZ_SEED")) + 12345u;
        const int rounds = qEnvironmentVariableIsSet("SQUALL_FUZZ_ROUNDS") ? qEnvironmentVariableIntValue("SQUALL_FUZZ_ROUNDS") : 600;
        auto rnd = [&seed](quint32 n) {
            seed = seed * 1103515245u + 12345u;
            return n == 0 ? 0u : (seed >> 8) % n;
        };
        const QString noise = u" :-#'\"[]{}|>\n\t&*"_s;
        int plannedOnValid = 0;
        for (int round = 0; round < rounds; ++round) {
            QString text = sources.at(int(rnd(quint32(sources.size()))));
            for (int k = 0, n = int(rnd(4)) + 1; k < n; ++k) {
                const qsizetype at = rnd(quint32(text.size() + 1));
                if (rnd(2) == 0 && at < text.size())
                    text.remove(at, rnd(8) + 1);
                else
                    text.insert(at, noise.at(rnd(quint32(noise.size()))));
            }
            WorkflowDocument doc;
            doc.setText(text);
            QCOMPARE(doc.text(), text);
            doc.problems();
            for (qsizetype at = 0; at < text.size(); at += 37)
                doc.taskAt(at);
            if (doc.hasParseError() || doc.taskNames().isEmpty())
                continue;
            const QString first = doc.taskNames().first();
            QString why;
            const QString renamedTo = doc.uniqueTaskName(u"x"_s);
            const QString added = doc.uniqueTaskName(u"added"_s);
            const Value addedBody = makeDict({{u"action"_s, Value(u"core.noop"_s)}});
            const bool chain = doc.kind() == WorkflowDocument::Kind::ActionChain;
            const QString target = doc.taskNames().last();
            const ValueList firstNext = doc.task(first)[u"next"].toList();
            const QStringList firstDo = firstNext.isEmpty() || !firstNext.first().isDict() ? QStringList()
                : firstNext.first()[u"do"].isString() ? QStringList{firstNext.first()[u"do"].toString().split(u',').first().trimmed()}
                : firstNext.first()[u"do"].isList() && !firstNext.first()[u"do"].toList().isEmpty()
                    ? QStringList{firstNext.first()[u"do"][0].toString()} : QStringList();
            QStringList pastedNames;
            const QList<TextEdits> plans = {
                doc.renameTask(first, renamedTo, &why),
                doc.setTaskField(first, chain ? u"ref"_s : u"delay"_s, Value(qint64(5)), &why),
                doc.addTask(added, addedBody, &why),
                doc.removeTasks({first}, &why),
                doc.addTransition(first, target, chain ? Value(u"failure"_s) : Value(u"<% failed() %>"_s), &why),
                doc.setWorkflowField(u"description"_s, Value(u"new: description"_s), &why),
                doc.pasteTasks(doc.copyTasks({first}), &pastedNames, &why),
                firstDo.isEmpty() ? TextEdits() : doc.removeTransition(first, 0, firstDo.first(), &why),
                chain || firstNext.isEmpty() ? TextEdits() : doc.setTransition(first, 0, Value(), &why),
            };
            for (int p = 0; p < plans.size(); ++p) {
                const TextEdits &plan = plans.at(p);
                if (plan.isEmpty())
                    continue;
                const QString after = WorkflowDocument::applied(text, plan);
                try {
                    const Value v = load(after);
                    const Value t = doc.kind() == WorkflowDocument::Kind::ActionChain ? Value() : v[u"tasks"];
                    if (p == 0) {
                        const Value expected = expectedRename(doc.value(), doc.kind(), first, renamedTo);
                        if (v != expected)
                            qWarning().noquote() << u"--- before\n"_s + text << u"\n--- got\n"_s + json::toString(v)
                                                 << u"\n--- expected\n"_s + json::toString(expected);
                        QVERIFY2(v == expected, qPrintable(u"rename %1 -> %2\n--- before\n"_s.arg(first, renamedTo) + text
                                                           + u"\n--- after\n"_s + after + u"\n--- got\n"_s + json::toString(v)
                                                           + u"\n--- expected\n"_s + json::toString(expected)));
                    }
                    else if (p == 1 && t.isDict())
                        QVERIFY2(t[first][u"delay"] == Value(qint64(5)), qPrintable(u"--- before\n"_s + text + u"\n--- after\n"_s + after));
                    else if (p == 2 && t.isDict())
                        QVERIFY2(t[added] == addedBody, qPrintable(u"--- before\n"_s + text + u"\n--- after\n"_s + after));
                    else if (p == 3 && t.isDict())
                        QVERIFY(!t.contains(first));
                    else if (p == 4 && t.isDict())
                        QVERIFY2(t[first][u"next"].toList().last()
                                     == makeDict({{u"when"_s, Value(u"<% failed() %>"_s)}, {u"do"_s, Value(target)}}),
                                 qPrintable(text + u"\n--- after\n"_s + after));
                    else if (p == 5)
                        QCOMPARE(v[u"description"], Value(u"new: description"_s));
                    else if (p == 6 && t.isDict())
                        QVERIFY(t.contains(pastedNames.value(0)));
                    else if (p == 7 && t.isDict() && t[first][u"next"].toList().size() == firstNext.size())
                        QVERIFY2(!(t[first][u"next"][0][u"do"].isString()
                                   && t[first][u"next"][0][u"do"].toString().split(u',').contains(firstDo.first()))
                                     && !t[first][u"next"][0][u"do"].toList().contains(Value(firstDo.first())),
                                 qPrintable(text + u"\n--- after\n"_s + after));
                    else if (p == 8 && t.isDict())
                        QCOMPARE(t[first][u"next"].toList().size(), firstNext.size() - 1);
                } catch (const SquallException &e) {
                    QFAIL(qPrintable(u"a planned edit broke the YAML: "_s + e.error().message + u"\n--- before\n"_s + text
                                     + u"\n--- after\n"_s + after + u"\n--- value\n"_s + json::toString(doc.value())));
                }
                ++plannedOnValid;
            }
        }
        qInfo("%d planned edits on mangled but valid documents re-loaded", plannedOnValid);
    }

    // Typing one character at a time: whatever path the parse takes (one task
    // alone or the whole file), the document means what its text means.
    void typingKeepsMeaning()
    {
        QStringList sources;
        const QDir own(designerData(QString()));
        for (const QString &f : own.entryList({u"*.yaml"_s}, QDir::Files, QDir::Name))
            sources << readText(own.filePath(f));
        sources << readText(QStringLiteral(SQUALL_SOURCE_DIR "/packs/examples/actions/workflows/orquesta-join.yaml"));
        quint32 seed = quint32(qEnvironmentVariableIntValue("SQUALL_FUZZ_SEED")) + 777u;
        auto rnd = [&seed](quint32 n) {
            seed = seed * 1103515245u + 12345u;
            return n == 0 ? 0u : (seed >> 8) % n;
        };
        const QString noise = u" :-#'\"[]{}|>\nabc_,&*"_s;
        int checked = 0;
        for (const QString &source : sources) {
            WorkflowDocument doc;
            doc.setText(source);
            for (int step = 0; step < 300; ++step) {
                const QString &text = doc.text();
                const qsizetype at = rnd(quint32(text.size() + 1));
                const quint32 kind = rnd(10);
                const TextEdit edit = kind < 6 ? TextEdit{at, 0, QString(QChar(u'a' + int(rnd(26))))}
                    : (kind < 8 && at < text.size()) ? TextEdit{at, 1, QString()}
                                                     : TextEdit{at, 0, QString(noise.at(rnd(quint32(noise.size()))))};
                doc.apply({edit}, step % 3 == 0 ? WorkflowDocument::Parse::Debounced : WorkflowDocument::Parse::Now);
                doc.parseNow();
                bool loads = true;
                Value expected;
                try {
                    expected = load(doc.text());
                } catch (const SquallException &) {
                    loads = false;
                }
                QCOMPARE(doc.hasParseError(), !loads);
                if (loads) {
                    QVERIFY2(doc.value() == expected, qPrintable(doc.text()));
                    ++checked;
                }
                if (step % 20 == 19)
                    doc.setText(source);  // start again from a clean file now and then
            }
        }
        qInfo("%d typed states compared with a full parse", checked);
    }

    void styleIsDetected()
    {
        QCOMPARE(YamlStyle::detect(readText(designerData(u"four-space.yaml"_s))).indent, 4);
        QCOMPARE(YamlStyle::detect(readText(designerData(u"four-space.yaml"_s))).indentedLists, false);
        QCOMPARE(YamlStyle::detect(readText(designerData(u"commented.yaml"_s))).indent, 2);
        QCOMPARE(YamlStyle::detect(readText(designerData(u"commented.yaml"_s))).indentedLists, true);
        QCOMPARE(YamlStyle::detect(readText(designerData(u"crlf.yaml"_s))).newline, u"\r\n"_s);
    }

    void scalarsRoundTrip_data()
    {
        QTest::addColumn<QString>("s");
        int row = 0;
        for (const char *s : {"yes", "no", "on", "1.0", "1e3", "0x1f", "012", "null", "~", "", " lead", "trail ",
                              "<% ctx().a %>", "<% ctx(): x %>", "{{ st2kv.system.x }}", "a: b", "a #b", "#c",
                              "- item", "[x]", "{y}", "*star", "&amp", "!tag", "%p", "@at", "`tick", "|pipe", ">gt",
                              "'single'", "\"double\"", "multi\nline", "tab\there", "ends:", "question?", "? q",
                              "---", "...", "=", "100%", "path/to:thing", "true", "False", "1_000", "+1", ".5", "-.inf"})
            QTest::addRow("%d", row++) << QString::fromUtf8(s);
    }

    void scalarsRoundTrip()
    {
        QFETCH(QString, s);
        const YamlStyle style;
        const Value v = makeDict({{u"key"_s, Value(s)}, {u"list"_s, makeList({Value(s)})}});
        const QString text = yamlwriter::block(v, 0, style) + u'\n';
        QCOMPARE(load(text), v);
    }

    void valuesRoundTripInBothStyles()
    {
        const Value v = makeDict({{u"action"_s, Value(u"core.local"_s)},
                                  {u"input"_s, makeDict({{u"cmd"_s, Value(u"echo: hi"_s)}, {u"n"_s, Value(qint64(3))},
                                                         {u"f"_s, Value(1.5)}, {u"b"_s, Value(true)},
                                                         {u"empty"_s, makeDict({})}, {u"none"_s, Value()}})},
                                  {u"next"_s, makeList({makeDict({{u"when"_s, Value(u"<% succeeded() %>"_s)},
                                                                  {u"publish"_s, makeList({makeDict({{u"x"_s, Value(u"<% result() %>"_s)}})})},
                                                                  {u"do"_s, makeList({Value(u"a"_s), Value(u"b"_s)})}})})}});
        for (int indent : {2, 4}) {
            for (bool indented : {true, false}) {
                YamlStyle style;
                style.indent = indent;
                style.indentedLists = indented;
                QCOMPARE(load(yamlwriter::block(v, 0, style)), v);
                QCOMPARE(load(u"t:"_s + yamlwriter::afterKey(v, 0, style)), makeDict({{u"t"_s, v}}));
                QCOMPARE(load(yamlwriter::item(v, 0, style)), makeList({v}));
            }
        }
    }

    void addTask()
    {
        WorkflowDocument doc;
        doc.setText(QString::fromUtf8(kSmall));
        const Value body = makeDict({{u"action"_s, Value(u"core.echo"_s)},
                                     {u"input"_s, makeDict({{u"message"_s, Value(u"yes"_s)}})}});
        const QString text = edited(doc, doc.addTask(u"c"_s, body));
        QCOMPARE(text, QString::fromUtf8(kSmall) + uR"(  c:
    action: core.echo
    input:
      message: "yes"
)"_s);
        QCOMPARE(doc.task(u"c"_s), body);
        QCOMPARE(doc.taskNames(), (QStringList{u"a"_s, u"b"_s, u"c"_s}));
        QCOMPARE(doc.graph().nodes.size(), 3);  // unreached c shows too

        // Four spaces, CRLF, no newline at the end: the new task follows the file's style.
        WorkflowDocument crlf;
        crlf.setText(readText(designerData(u"crlf.yaml"_s)));
        const QString crlfText = edited(crlf, crlf.addTask(u"z"_s, makeDict({{u"action"_s, Value(u"core.noop"_s)}})));
        QVERIFY(crlfText.endsWith(u"  b:\r\n    action: core.noop\r\n  z:\r\n    action: core.noop\r\n"_s));
        WorkflowDocument four;
        four.setText(readText(designerData(u"four-space.yaml"_s)));
        const QString fourText = edited(four, four.addTransition(u"bye"_s, u"hello"_s, Value(u"<% failed() %>"_s)));
        QVERIFY2(fourText.endsWith(u"            message: bye\n        next:\n        -   when: <% failed() %>\n            do: hello\n"_s)
                     || fourText.endsWith(u"            message: bye\n        next:\n        - when: <% failed() %>\n          do: hello\n"_s),
                 qPrintable(fourText));
        QCOMPARE(four.task(u"bye"_s)[u"next"], makeList({makeDict({{u"when"_s, Value(u"<% failed() %>"_s)}, {u"do"_s, Value(u"hello"_s)}})}));
        WorkflowDocument bom;
        bom.setText(u"\uFEFF"_s + readText(designerData(u"bom-no-newline.yaml"_s)).remove(QChar(0xFEFF)));
        QVERIFY(!bom.hasParseError());
        QCOMPARE(bom.taskNames(), QStringList{u"only"_s});
        const QString bomText = edited(bom, bom.addTask(u"two"_s, Value()));
        QCOMPARE(bomText, u"\uFEFFversion: 1.0\ntasks:\n  only:\n    action: core.noop\n  two: null"_s);
    }

    void transitions()
    {
        WorkflowDocument doc;
        doc.setText(QString::fromUtf8(kSmall));
        QString text = edited(doc, doc.addTransition(u"b"_s, u"a"_s, Value()));
        QCOMPARE(text, QString::fromUtf8(kSmall) + u"    next:\n      - do: a\n"_s);
        text = edited(doc, doc.addTransition(u"a"_s, u"a"_s, Value(u"<% failed() %>"_s)));
        QVERIFY(text.contains(u"        do: b\n      - when: <% failed() %>\n        do: a\n  b:"_s));
        QCOMPARE(doc.graph().edges.size(), 3);
        // Remove b's only transition: the entry and the `next` go.
        text = edited(doc, doc.removeTransition(u"b"_s, 0, u"a"_s));
        QCOMPARE(text, QString::fromUtf8(kSmall).replace(u"        do: b\n"_s, u"        do: b\n      - when: <% failed() %>\n        do: a\n"_s));
        // A publish keeps the entry.
        text = edited(doc, doc.setTransition(u"a"_s, 1, makeDict({{u"when"_s, Value(u"<% failed() %>"_s)},
                                                                  {u"publish"_s, makeList({makeDict({{u"err"_s, Value(u"<% result() %>"_s)}})})},
                                                                  {u"do"_s, Value(u"a"_s)}})));
        QCOMPARE(text, QString::fromUtf8(kSmall).replace(u"        do: b\n"_s,
            u"        do: b\n      - when: <% failed() %>\n        do: a\n        publish:\n          - err: <% result() %>\n"_s));
        text = edited(doc, doc.removeTransition(u"a"_s, 1, u"a"_s));
        QCOMPARE(text, QString::fromUtf8(kSmall).replace(u"        do: b\n"_s,
            u"        do: b\n      - when: <% failed() %>\n        publish:\n          - err: <% result() %>\n"_s));
        // Replacing an entry's `when` keeps the rest as it is; null removes the entry.
        text = edited(doc, doc.setTransition(u"a"_s, 0, makeDict({{u"when"_s, Value(u"<% completed() %>"_s)}, {u"do"_s, Value(u"b"_s)}})));
        QVERIFY(text.contains(u"      - when: <% completed() %>\n        do: b\n"_s));
        text = edited(doc, doc.setTransition(u"a"_s, 1, Value()));
        QCOMPARE(text, QString::fromUtf8(kSmall).replace(u"succeeded"_s, u"completed"_s));
        QString why;
        QVERIFY(doc.setTransition(u"a"_s, 5, Value(), &why).isEmpty());
        QVERIFY(!why.isEmpty());
        QVERIFY(doc.addTransition(u"a"_s, u"nowhere"_s, Value(), &why).isEmpty());
        QVERIFY(why.contains(u"nowhere"_s));
    }

    void removeTransitionInListsAndCommaStrings()
    {
        WorkflowDocument doc;
        doc.setText(readText(designerData(u"commented.yaml"_s)));
        const QString original = doc.text();
        QString text = edited(doc, doc.removeTransition(u"first"_s, 0, u"third"_s));
        QCOMPARE(text, QString(original).replace(u"do: second, third   # two"_s, u"do: second   # two"_s));
        doc.setText(original);
        // The only name of a block list with a publish: the `do` goes, the entry stays.
        text = edited(doc, doc.removeTransition(u"first"_s, 1, u"cleanup"_s));
        QCOMPARE(text, QString(original).replace(u"        do:\n          - cleanup\n"_s, QString()));
        doc.setText(original);
        text = edited(doc, doc.removeTransition(u"second"_s, 0, u"third"_s));
        QCOMPARE(text, QString(original).replace(u"    next:\n      - do: [third]\n"_s, QString()));
    }

    void setFields()
    {
        WorkflowDocument doc;
        doc.setText(readText(designerData(u"commented.yaml"_s)));
        const QString original = doc.text();
        QString text = edited(doc, doc.setTaskField(u"first"_s, u"action"_s, Value(u"core.local"_s)));
        QCOMPARE(text, QString(original).replace(u"action: core.noop  # nothing"_s, u"action: core.local  # nothing"_s));
        // A block value replaced by a block at the same place; a new key appended to the task.
        text = edited(doc, doc.setTaskField(u"second"_s, u"input"_s, makeDict({{u"message"_s, Value(u"on"_s)}, {u"n"_s, Value(qint64(2))}})));
        QVERIFY(text.contains(u"    input:\n      message: \"on\"\n      n: 2\n    next:"_s));
        QCOMPARE(doc.task(u"second"_s)[u"input"][u"message"], Value(u"on"_s));
        text = edited(doc, doc.setTaskField(u"cleanup"_s, u"retry"_s, makeDict({{u"count"_s, Value(qint64(3))}})));
        QVERIFY(text.contains(u"  cleanup:\n    action: core.noop\n    retry:\n      count: 3\n# trailing comment"_s));
        text = edited(doc, doc.setTaskField(u"third"_s, u"join"_s, Value()));
        QVERIFY(!text.contains(u"join: all"_s));
        QVERIFY(!doc.task(u"third"_s).contains(u"join"));
        text = edited(doc, doc.setWorkflowField(u"description"_s, Value(u"Short: now"_s)));
        QVERIFY(text.contains(u"description: \"Short: now\"\n\ninput:"_s));
        text = edited(doc, doc.setWorkflowField(u"vars"_s, makeList({makeDict({{u"x"_s, Value(qint64(1))}})})));
        QVERIFY(text.endsWith(u"output:\n  - result: <% ctx().reason %>\nvars:\n  - x: 1\n"_s));
        // A flow value is replaced alone.
        WorkflowDocument flow;
        flow.setText(readText(designerData(u"quoted-flow.yaml"_s)));
        const QString flowOriginal = flow.text();
        text = edited(flow, flow.setTaskField(u"task_b"_s, u"input"_s, makeDict({{u"message"_s, Value(u"bye"_s)}})));
        QCOMPARE(text, QString(flowOriginal).replace(u"    input: {message: \"hi: there\"}\n"_s, u"    input:\n      message: bye\n"_s));
        QCOMPARE(flow.value()[u"vars"], makeList({makeDict({{u"retries"_s, Value(qint64(3))}})}));
    }

    void renameEverywhere()
    {
        WorkflowDocument doc;
        doc.setText(readText(designerData(u"commented.yaml"_s)));
        const QString original = doc.text();
        QString text = edited(doc, doc.renameTask(u"second"_s, u"middle"_s));
        QCOMPARE(text, QString(original)
                           .replace(u"do: second, third"_s, u"do: middle, third"_s)
                           .replace(u"  second:\n"_s, u"  middle:\n"_s)
                           .replace(u"task(\"second\")"_s, u"task(\"middle\")"_s));
        doc.setText(original);
        text = edited(doc, doc.renameTask(u"first"_s, u"begin"_s));
        QVERIFY(text.contains(u"task('begin').result"_s));
        doc.setText(original);
        text = edited(doc, doc.renameTask(u"cleanup"_s, u"tidy"_s));
        QVERIFY(text.contains(u"do:\n          - tidy\n"_s));
        QVERIFY(text.contains(u"do: 'tidy'\n"_s));
        // Flow lists and quoted keys.
        WorkflowDocument flow;
        flow.setText(readText(designerData(u"quoted-flow.yaml"_s)));
        const QString flowOriginal = flow.text();
        text = edited(flow, flow.renameTask(u"task_b"_s, u"b2"_s));
        QCOMPARE(text, QString(flowOriginal).replace(u"['task_b', task_c]"_s, u"['b2', task_c]"_s).replace(u"'task_b':"_s, u"'b2':"_s));
        // ActionChain: name, on-success, default.
        WorkflowDocument chain;
        chain.setText(readText(designerData(u"chain.yaml"_s)));
        const QString chainOriginal = chain.text();
        QCOMPARE(chain.kind(), WorkflowDocument::Kind::ActionChain);
        text = edited(chain, chain.renameTask(u"c1"_s, u"first"_s));
        QCOMPARE(text, QString(chainOriginal).replace(u"- name: c1"_s, u"- name: first"_s).replace(u"default: c1"_s, u"default: first"_s));
        text = edited(chain, chain.renameTask(u"c2"_s, u"second"_s));
        QVERIFY(text.contains(u"on-success: second   # go on"_s));
        QVERIFY(text.contains(u"    name: second\n"_s));
    }

    void removeTasks()
    {
        WorkflowDocument doc;
        doc.setText(readText(designerData(u"commented.yaml"_s)));
        const QString original = doc.text();
        const QString text = edited(doc, doc.removeTasks({u"third"_s, u"cleanup"_s}));
        QCOMPARE(text, QString(original)
                           .replace(u"do: second, third   # two"_s, u"do: second   # two"_s)
                           .replace(u"        do:\n          - cleanup\n"_s, QString())
                           .replace(u"    next:\n      - do: [third]\n"_s, QString())
                           .replace(u"  third:\n    join: all\n    action: core.noop\n    next:\n      - when: <% succeeded() and task(\"second\").result %>\n        do: 'cleanup'\n"_s, QString())
                           .replace(u"  cleanup:\n    action: core.noop\n"_s, QString()));
        QCOMPARE(doc.taskNames(), (QStringList{u"first"_s, u"second"_s}));
        WorkflowDocument chain;
        chain.setText(readText(designerData(u"chain.yaml"_s)));
        const QString chainText = edited(chain, chain.removeTasks({u"c2"_s, u"fail"_s}));
        QCOMPARE(chainText, u"---\n# An ActionChain with comments.\nvars:\n  greeting: hello\nchain:\n  - name: c1\n    ref: core.echo\n    parameters:\n      message: \"{{ greeting }}\"\n  - name: c3\n    ref: core.noop\ndefault: c1\n"_s);
    }

    void editsAtTheEdges()
    {
        // The last two tasks of a file without a final line break.
        WorkflowDocument doc;
        doc.setText(u"version: 1.0\ntasks:\n  a:\n    action: core.noop\n  b:\n    action: core.noop\n  c:\n    action: core.noop"_s);
        QCOMPARE(edited(doc, doc.removeTasks({u"c"_s, u"b"_s})), u"version: 1.0\ntasks:\n  a:\n    action: core.noop\n"_s);
        doc.setText(u"version: 1.0\ntasks:\n  a:\n    action: core.noop\n  c:\n    action: core.noop"_s);
        QCOMPARE(edited(doc, doc.removeTasks({u"c"_s})), u"version: 1.0\ntasks:\n  a:\n    action: core.noop"_s);
        // No tasks yet.
        doc.setText(u"version: 1.0\ndescription: x\n"_s);
        QCOMPARE(edited(doc, doc.addTask(u"a"_s, makeDict({{u"action"_s, Value(u"core.noop"_s)}}))),
                 u"version: 1.0\ndescription: x\ntasks:\n  a:\n    action: core.noop\n"_s);
        doc.setText(u"version: 1.0\ntasks:\n"_s);
        QCOMPARE(edited(doc, doc.addTask(u"a"_s, Value())), u"version: 1.0\ntasks:\n  a: null\n"_s);
        doc.setText(u"version: 1.0\ntasks: {}\n"_s);
        QCOMPARE(edited(doc, doc.addTask(u"a"_s, Value())), u"version: 1.0\ntasks:\n  a: null\n"_s);
        // A task with no body gets its first field.
        QCOMPARE(edited(doc, doc.setTaskField(u"a"_s, u"action"_s, Value(u"core.noop"_s))),
                 u"version: 1.0\ntasks:\n  a:\n    action: core.noop\n"_s);
        // Reserved names are not task names.
        QString why;
        QVERIFY(doc.addTask(u"noop"_s, Value(), &why).isEmpty());
        QCOMPARE(doc.uniqueTaskName(u"fail"_s), u"fail2"_s);
    }

    void copyPaste()
    {
        WorkflowDocument doc;
        doc.setText(QString::fromUtf8(kSmall));
        const QString copied = doc.copyTasks({u"a"_s, u"b"_s});
        QCOMPARE(copied, u"a:\n  action: core.noop\n  next:\n    - when: <% succeeded() %>\n      do: b\nb:\n  action: core.noop\n"_s);
        QStringList names;
        const QString text = edited(doc, doc.pasteTasks(copied, &names));
        QCOMPARE(names, (QStringList{u"a2"_s, u"b2"_s}));
        QCOMPARE(text, QString::fromUtf8(kSmall) + u"  a2:\n    action: core.noop\n    next:\n      - when: <% succeeded() %>\n        do: b2\n  b2:\n    action: core.noop\n"_s);
        QString why;
        QVERIFY(doc.pasteTasks(u"[not: closed"_s, &names, &why).isEmpty());
        QVERIFY(!why.isEmpty());
        // Copies keep what is written inside the blocks.
        WorkflowDocument commented;
        commented.setText(readText(designerData(u"commented.yaml"_s)));
        const QString withComments = commented.copyTasks({u"first"_s});
        QVERIFY(withComments.startsWith(u"first:\n  action: core.noop  # nothing\n  next:\n    # on success\n"_s));
        QCOMPARE(load(withComments)[u"first"], commented.task(u"first"_s));
        WorkflowDocument chain;
        chain.setText(readText(designerData(u"chain.yaml"_s)));
        const QString nodes = chain.copyTasks({u"c3"_s});
        QCOMPARE(nodes, u"- name: c3\n  ref: core.noop\n"_s);
        const QString chainText = edited(chain, chain.pasteTasks(nodes, &names));
        QCOMPARE(names, QStringList{u"c32"_s});
        QVERIFY(chainText.contains(u"  - name: fail\n    ref: core.noop\n  - name: c32\n    ref: core.noop\ndefault: c1\n"_s));
    }

    void errors()
    {
        WorkflowDocument doc;
        doc.setText(QString::fromUtf8(kSmall));
        QString why;
        QVERIFY(doc.renameTask(u"zz"_s, u"y"_s, &why).isEmpty());
        QVERIFY(why.contains(u"zz"_s));
        why.clear();
        QVERIFY(doc.renameTask(u"a"_s, u"b"_s, &why).isEmpty());
        QVERIFY(!why.isEmpty());
        why.clear();
        QVERIFY(doc.renameTask(u"a"_s, u"not valid"_s, &why).isEmpty());
        QVERIFY(!why.isEmpty());
        why.clear();
        QVERIFY(doc.addTask(u"a"_s, Value(), &why).isEmpty());
        QVERIFY(!why.isEmpty());
        why.clear();
        QVERIFY(doc.setTaskField(u"nope"_s, u"action"_s, Value(u"x"_s), &why).isEmpty());
        QVERIFY(!why.isEmpty());
        QCOMPARE(doc.uniqueTaskName(u"a"_s), u"a2"_s);
        QCOMPARE(doc.uniqueTaskName(u"new"_s), u"new"_s);

        // Broken YAML: the error has a line, the last good state stays.
        const auto graphBefore = doc.graph().toValue();
        QSignalSpy parsed(&doc, &WorkflowDocument::parsed);
        doc.apply({TextEdit{doc.text().indexOf(u"  b:"_s), 0, u"  c: [unclosed\n"_s}}, WorkflowDocument::Parse::Debounced);
        QVERIFY(doc.parsePending());
        QVERIFY(parsed.wait(2000));
        QVERIFY(doc.hasParseError());
        QVERIFY(doc.parseError().location.line > 0);
        QCOMPARE(doc.problems().size(), 1);
        QCOMPARE(doc.graph().toValue(), graphBefore);
        QCOMPARE(doc.taskNames(), (QStringList{u"a"_s, u"b"_s}));
        why.clear();
        QVERIFY(doc.addTask(u"d"_s, Value(), &why).isEmpty());
        QVERIFY(why.contains(u"syntax"_s));

        // Inspection problems carry a line.
        WorkflowDocument bad;
        bad.setFileName(u"bad.yaml"_s);
        bad.setText(u"version: 1.0\ntasks:\n  a:\n    action: core.noop\n    next:\n      - do: missing\n"_s);
        const auto problems = bad.problems();
        QVERIFY(!problems.isEmpty());
        QCOMPARE(problems.first().location.file, u"bad.yaml"_s);
        QCOMPARE(problems.first().location.line, 6);
        // After an edit inside one task (parsed alone), lines are still right.
        bad.setText(u"version: 1.0\ntasks:\n  z:\n    action: core.noop\n  a:\n    action: core.noop\n    next:\n      - do: missing\n"_s);
        QCOMPARE(bad.problems().first().location.line, 8);
        edited(bad, bad.setTaskField(u"z"_s, u"input"_s, makeDict({{u"x"_s, Value(qint64(1))}})));
        QCOMPARE(bad.problems().first().location.line, 10);
    }

    void newWorkflowInspectsClean()
    {
        WorkflowDocument doc;
        doc.setText(WorkflowDocument::newOrquestaWorkflow(u"A new: workflow"_s));
        QVERIFY(!doc.hasParseError());
        QCOMPARE(doc.kind(), WorkflowDocument::Kind::Orquesta);
        const auto problems = doc.problems();
        QVERIFY2(problems.isEmpty(), qPrintable(workflow::formatInspection(problems)));
        QCOMPARE(doc.value()[u"description"], Value(u"A new: workflow"_s));
        QCOMPARE(doc.graph().nodes.size(), 1);
    }

    void undoRedoAndMerging()
    {
        WorkflowDocument doc;
        doc.setText(QString::fromUtf8(kSmall));
        const QString original = doc.text();
        QUndoStack stack;
        stack.push(new DocumentEditCommand(&doc, doc.renameTask(u"b"_s, u"second"_s), u"Rename"_s));
        const QString renamed = doc.text();
        QVERIFY(renamed.contains(u"do: second"_s));
        stack.push(new DocumentEditCommand(&doc, doc.setTaskField(u"a"_s, u"action"_s, Value(u"core.echo"_s)), u"Action"_s, 7));
        stack.push(new DocumentEditCommand(&doc, doc.setTaskField(u"a"_s, u"action"_s, Value(u"core.local"_s)), u"Action"_s, 7));
        QCOMPARE(stack.count(), 2);  // the two field edits merged
        QCOMPARE(doc.task(u"a"_s)[u"action"], Value(u"core.local"_s));
        stack.undo();
        QCOMPARE(doc.text(), renamed);
        stack.redo();
        QCOMPARE(doc.task(u"a"_s)[u"action"], Value(u"core.local"_s));
        stack.undo();
        stack.undo();
        QCOMPARE(doc.text(), original);
        stack.redo();
        QCOMPARE(doc.text(), renamed);

        // Typing: the editor applied the edits already; the command records them.
        stack.clear();
        doc.setText(original);
        const qsizetype at = original.indexOf(u"core.noop"_s) + 9;
        for (const QString &ch : {u"x"_s, u"y"_s, u"z"_s}) {
            const TextEdits typed{TextEdit{at + (ch == u"x"_s ? 0 : ch == u"y"_s ? 1 : 2), 0, ch}};
            doc.apply(typed, WorkflowDocument::Parse::Debounced);
            stack.push(new DocumentEditCommand(&doc, typed, u"Typing"_s, 1, true));
        }
        QCOMPARE(stack.count(), 1);
        QVERIFY(doc.text().contains(u"core.noopxyz"_s));
        stack.undo();
        QCOMPARE(doc.text(), original);
        stack.redo();
        QVERIFY(doc.text().contains(u"core.noopxyz"_s));
        doc.parseNow();
        QCOMPARE(doc.task(u"a"_s)[u"action"], Value(u"core.noopxyz"_s));
    }

    void thousandTasks()
    {
        QString text = u"version: 1.0\ndescription: many tasks\ninput:\n  - n\ntasks:\n"_s;
        for (int i = 0; i < 1000; ++i) {
            text += u"  task%1:\n    action: core.local cmd=\"echo %1\"\n"_s.arg(i);
            if (i + 1 < 1000)
                text += u"    next:\n      - when: <% succeeded() %>\n        do: task%1\n"_s.arg(i + 1);
        }
        // Medians of several runs: the machine is shared.
        auto median = [](QList<qint64> v) {
            std::sort(v.begin(), v.end());
            return v.at(v.size() / 2);
        };
        WorkflowDocument doc;
        QElapsedTimer timer;
        QList<qint64> open, plan, edit, typing, full, inspect;
        for (int run = 0; run < 5; ++run) {
            timer.start();
            doc.setText(text);
            open << timer.elapsed();
            QCOMPARE(doc.taskNames().size(), 1000);
            QCOMPARE(doc.graph().nodes.size(), 1000);
            // A form edit inside one task.
            timer.restart();
            const TextEdits edits = doc.setTaskField(u"task500"_s, u"action"_s, Value(u"core.noop"_s));
            plan << timer.elapsed();
            timer.restart();
            doc.apply(edits);
            edit << timer.elapsed();
            QCOMPARE(doc.task(u"task500"_s)[u"action"], Value(u"core.noop"_s));
            // Typing inside a task, parsed when the pause comes.
            timer.restart();
            const qsizetype at = doc.text().indexOf(u"echo 700"_s) + 8;
            doc.apply({TextEdit{at, 0, u"0"_s}}, WorkflowDocument::Parse::Debounced);
            doc.parseNow();
            typing << timer.elapsed();
            QCOMPARE(doc.task(u"task700"_s)[u"action"], Value(u"core.local cmd=\"echo 7000\""_s));
            // An edit across tasks: a full parse.
            timer.restart();
            doc.apply(doc.addTask(u"extra"_s, makeDict({{u"action"_s, Value(u"core.noop"_s)}})));
            full << timer.elapsed();
            QCOMPARE(doc.graph().nodes.size(), 1001);
            QCOMPARE(doc.value(), load(doc.text()));
            timer.restart();
            const auto problems = doc.problems();
            inspect << timer.elapsed();
            QVERIFY(problems.isEmpty());
        }
        timer.restart();
        const TextEdits renames = doc.renameTask(u"task999"_s, u"last"_s);
        const qint64 renamePlanMs = timer.elapsed();
        QVERIFY(!renames.isEmpty());
        timer.restart();
        const yaml::Document loaded = yaml::load(doc.text().toUtf8());
        const qint64 loadMs = timer.elapsed();
        timer.restart();
        YamlOutline outline;
        outline.scan(doc.text());
        const qint64 scanMs = timer.elapsed();
        timer.restart();
        const auto graph = workflow::WorkflowGraph::fromOrquesta(loaded.value, workflow::WorkflowGraph::Reach::AllTasks);
        const qint64 graphMs = timer.elapsed();
        qInfo("1,000 tasks, %lld KB, medians of 5: open (parse + scan + graph) %lld ms; plan setTaskField %lld ms; "
              "apply it + parse + graph %lld ms; one typed character + parse + graph %lld ms; add a task (full parse + graph) %lld ms; "
              "inspection incl. line map %lld ms; plan a rename %lld ms",
              qint64(text.size() / 1024), median(open), median(plan), median(edit), median(typing), median(full),
              median(inspect), renamePlanMs);
        qInfo("full parse parts: yaml::load %lld ms, outline scan %lld ms, graph %lld ms", loadMs, scanMs, graphMs);
    }
};

QTEST_GUILESS_MAIN(TestWorkflowDocument)
#include "tst_workflowdocument.moc"
