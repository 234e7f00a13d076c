#include "base/Error.h"
#include "base/Ids.h"
#include "base/Json.h"
#include "base/Python.h"
#include "base/Yaml.h"
#include "workflow/chain/ChainConductor.h"
#include "workflow/chain/ChainSpec.h"
#include "workflow/chain/RenderValues.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTest>

using namespace squall;
using namespace squall::actionchain;

namespace {

QString dataDir()
{
    return QStringLiteral(SQUALL_SOURCE_DIR "/tests/workflow/chain/data");
}

QString canonical(const Value &v)
{
    json::Style style;
    style.sortKeys = true;
    return json::toString(v, style);
}

Value parseJson(const QString &text)
{
    json::ParseError err;
    Value v = json::parse(QStringView(text), &err);
    if (!err.ok())
        qFatal("bad test JSON: %s", qPrintable(text));
    return v;
}

// `st2kv.<scope>.<key>` over a dict of scopes, shaped like the engine's
// datastore object: attribute steps extend the key, the value appears when a
// template prints it ("" when missing).
class KeyObject final : public ValueObject
{
public:
    KeyObject(Value scope, QString prefix) : m_scope(std::move(scope)), m_prefix(std::move(prefix)) { }
    Value attribute(const QString &name) const override
    {
        return Value(std::make_shared<KeyObject>(m_scope, m_prefix.isEmpty() ? name : m_prefix + u'.' + name));
    }
    Value resolve() const override { return m_prefix.isEmpty() ? Value(QString()) : m_scope[m_prefix]; }

private:
    Value m_scope;
    QString m_prefix;
};

class Datastore final : public ValueObject
{
public:
    explicit Datastore(Value scopes) : m_scopes(std::move(scopes)) { }
    Value attribute(const QString &name) const override
    {
        if (name == u"system" || name == u"user")
            return Value(std::make_shared<KeyObject>(m_scopes[name], QString()));
        return Value();
    }
    Value resolve() const override { return Value(ValueDict()); }

private:
    Value m_scopes;
};

std::shared_ptr<const ChainSpec> loadChain(const QString &name)
{
    QList<Error> errors;
    auto spec = ChainSpec::loadFile(dataDir() + QStringLiteral("/chains/") + name, &errors);
    if (!spec) {
        for (const Error &e : std::as_const(errors))
            qWarning("%s", qPrintable(e.toString()));
    }
    return spec;
}

QString stepText(const ChainStep &step)
{
    switch (step.action) {
    case ChainStep::Action::RunNode:
        return QStringLiteral("run ") + step.request.node;
    case ChainStep::Action::ResumeNode:
        return QStringLiteral("resume ") + step.request.node;
    case ChainStep::Action::None:
        break;
    }
    return QStringLiteral("none");
}

const QString kCreatedAt = QStringLiteral("2020-01-01T00:00:00.000000Z");
const QString kUpdatedAt = QStringLiteral("2020-01-01T00:00:01.000000Z");

} // namespace

class TestActionChain final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loadValid_data();
    void loadValid();
    void loadErrors_data();
    void loadErrors();
    void laterNodeKeysAreWarnings();
    void run_data();
    void run();
    void childRequest();
    void restoreRejectsBadState_data();
    void restoreRejectsBadState();
    void misuseIsReported();
    void renderValues_data();
    void renderValues();
};

void TestActionChain::loadValid_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("defaultNode");
    QTest::addColumn<int>("nodes");
    QTest::newRow("success") << "success.yaml" << "c1" << 3;
    QTest::newRow("json") << "success.json" << "first" << 2;
    QTest::newRow("on-failure, params alias") << "on_failure.yaml" << "c1" << 3;
    QTest::newRow("explicit default") << "default_node.yaml" << "c2" << 2;
    QTest::newRow("jinja default") << "jinja_default.yaml" << "{{ start_here }}" << 1;
    QTest::newRow("jinja next node") << "jinja_next.yaml" << "c1" << 2;
    QTest::newRow("publish") << "publish.yaml" << "get_host" << 2;
    QTest::newRow("description on a later node") << "with_description.yaml" << "c1" << 2;
}

void TestActionChain::loadValid()
{
    QFETCH(QString, file);
    QFETCH(QString, defaultNode);
    QFETCH(int, nodes);
    const auto spec = loadChain(file);
    QVERIFY(spec);
    QCOMPARE(spec->defaultNode(), defaultNode);
    QCOMPARE(spec->nodes().size(), nodes);
    QVERIFY(spec->file().endsWith(file));
    for (const ChainNode &n : spec->nodes()) {
        QCOMPARE(spec->node(n.name), &n);
        QVERIFY(n.parameters.isDict());
        QVERIFY(n.location.line > 0);
        QCOMPARE(n.attributes[u"name"].toString(), n.name);
    }
}

void TestActionChain::loadErrors_data()
{
    QTest::addColumn<QString>("file");
    const QStringList files = QDir(dataDir() + QStringLiteral("/invalid")).entryList({QStringLiteral("*.yaml")});
    QVERIFY(files.size() >= 7);
    for (const QString &f : files)
        QTest::newRow(qPrintable(f)) << f;
}

// Each invalid/<name>.yaml has <name>.errors: every expected error, one per
// line, as "file:line:col: field: message" with the bare file name.
void TestActionChain::loadErrors()
{
    QFETCH(QString, file);
    const QString path = dataDir() + QStringLiteral("/invalid/") + file;
    QFile expectedFile(path.chopped(5) + QStringLiteral(".errors"));
    QVERIFY2(expectedFile.open(QIODevice::ReadOnly), qPrintable(expectedFile.fileName()));
    QStringList expected = QString::fromUtf8(expectedFile.readAll()).split(u'\n', Qt::SkipEmptyParts);

    QList<Error> errors;
    const auto spec = ChainSpec::loadFile(path, &errors);
    QVERIFY(!spec);
    QStringList actual;
    for (Error e : std::as_const(errors)) {
        QCOMPARE(e.location.file, path);
        e.location.file = file;
        actual.append(e.toString());
    }
    if (actual != expected)
        qWarning("actual errors:\n%s", qPrintable(actual.join(u'\n')));
    QCOMPARE(actual, expected);
}

void TestActionChain::laterNodeKeysAreWarnings()
{
    const auto spec = loadChain(QStringLiteral("with_description.yaml"));
    QVERIFY(spec);
    QCOMPARE(spec->warnings().size(), 1);
    const Error &w = spec->warnings().first();
    QCOMPARE(w.field, QStringLiteral("chain[1].description"));
    QCOMPARE(w.location.line, 9);
    QCOMPARE(w.location.column, 5);
    QVERIFY(spec->node(QStringLiteral("c2")));
    QVERIFY(loadChain(QStringLiteral("success.yaml"))->warnings().isEmpty());
}

void TestActionChain::run_data()
{
    QTest::addColumn<QString>("file");
    const QStringList files = QDir(dataDir() + QStringLiteral("/runs")).entryList({QStringLiteral("*.yaml")});
    QVERIFY(files.size() >= 15);
    for (const QString &f : files)
        QTest::newRow(qPrintable(f)) << f;
}

// A run script (runs/*.yaml) drives one conductor: `steps` are calls with
// what each must return, `final` the chain status, tasks and result.
void TestActionChain::run()
{
    QFETCH(QString, file);
    const Value script = yaml::loadFile(dataDir() + QStringLiteral("/runs/") + file).value;
    const auto spec = loadChain(script[u"chain"].toString());
    QVERIFY(spec);

    ChainInputs inputs;
    inputs.parameters = script[u"parameters"];
    inputs.context = script.contains(u"context") ? script[u"context"]
                                                 : makeDict({{QStringLiteral("user"), QStringLiteral("stanley")}});
    inputs.executionId = QStringLiteral("ex1");
    inputs.notify = script[u"notify"];
    if (script.contains(u"display_published"))
        inputs.displayPublished = script[u"display_published"].toBool();
    for (const Value &n : script[u"skip_notify"].toList())
        inputs.skipNotify.append(n.toString());

    ChainEnvironment env;
    env.datastore = Value(std::make_shared<Datastore>(script[u"datastore"]));
    env.configContext = script[u"config"];
    const ValueList missing = script[u"missing_actions"].toList();
    env.actionExists = [missing](const QString &ref) { return !missing.contains(Value(ref)); };

    ChainConductor conductor(spec, inputs, env);
    QHash<QString, QString> executionIds;
    int counter = 0;

    const ValueList steps = script[u"steps"].toList();
    for (qsizetype i = 0; i < steps.size(); ++i) {
        const Value s = steps.at(i);
        const QString op = s[u"do"].toString();
        const QString where = QStringLiteral("%1 step %2 (%3)").arg(file).arg(i).arg(op);
        ChainStep step;
        bool accepted = false;
        if (op == u"start") {
            step = conductor.start();
        } else if (op == u"complete") {
            step = conductor.nodeCompleted(s[u"child_status"].toString(), s[u"result"], kUpdatedAt);
        } else if (op == u"request_failed") {
            step = conductor.nodeRequestFailed(s[u"message"].toString(), kUpdatedAt);
        } else if (op == u"pause") {
            accepted = conductor.requestPause();
        } else if (op == u"cancel") {
            accepted = conductor.requestCancel();
        } else if (op == u"resume") {
            step = conductor.resume();
        } else if (op == u"roundtrip") {
            // Through JSON text, as the engine stores it.
            const Value saved = conductor.toValue();
            const Value reread = parseJson(json::toString(saved));
            conductor = ChainConductor::restore(spec, reread, env);
            QVERIFY2(canonical(conductor.toValue()) == canonical(saved), qPrintable(where));
        } else {
            QFAIL(qPrintable(where + QStringLiteral(": unknown op")));
        }

        if (s.contains(u"accepted"))
            QVERIFY2(accepted == s[u"accepted"].toBool(), qPrintable(where));
        const QString expectedStep = s[u"then"].isString() ? s[u"then"].toString() : QStringLiteral("none");
        if (op != u"roundtrip" && op != u"pause" && op != u"cancel")
            QVERIFY2(stepText(step) == expectedStep,
                     qPrintable(QString(where + u" returned " + stepText(step) + u", expected " + expectedStep + u"; "
                                        + conductor.result()[u"error"].toString())));
        if (s.contains(u"status"))
            QVERIFY2(conductor.status() == s[u"status"].toString(),
                     qPrintable(QString(where + u" status " + conductor.status())));
        if (s.contains(u"parameters"))
            QVERIFY2(canonical(step.request.parameters) == canonical(s[u"parameters"]),
                     qPrintable(QString(where + u" parameters " + canonical(step.request.parameters))));
        if (s.contains(u"ref"))
            QCOMPARE(step.request.ref, s[u"ref"].toString());
        if (s.contains(u"notify"))
            QVERIFY2(canonical(step.request.notify) == canonical(s[u"notify"]),
                     qPrintable(QString(where + u" notify " + canonical(step.request.notify))));

        if (step.action == ChainStep::Action::RunNode) {
            QCOMPARE(conductor.currentNode(), step.request.node);
            const QString id = QStringLiteral("ex-%1-%2").arg(step.request.node).arg(++counter);
            executionIds.insert(step.request.node, id);
            conductor.nodeScheduled(id, QString(), kCreatedAt);
            QCOMPARE(conductor.currentExecutionId(), id);
        } else if (step.action == ChainStep::Action::ResumeNode) {
            QCOMPARE(step.request.executionId, executionIds.value(step.request.node));
        }
    }

    const Value final = script[u"final"];
    const Value result = conductor.result();
    QCOMPARE(conductor.status(), final[u"status"].toString());
    QVERIFY(conductor.isFinished() || !final[u"finished"].toBool());

    QStringList tasks;
    for (const Value &t : result[u"tasks"].toList()) {
        tasks.append(t[u"name"].toString() + u':' + t[u"state"].toString());
        QCOMPARE(t[u"id"].toString(), t[u"name"].toString());
        QVERIFY(t[u"workflow"].isNull());
        QCOMPARE(t[u"created_at"].toString(), kCreatedAt);
        QCOMPARE(t[u"updated_at"].toString(), kUpdatedAt);
        if (!t[u"execution_id"].isNull())
            QCOMPARE(t[u"liveaction_id"].toString(), t[u"execution_id"].toString());
    }
    QStringList expectedTasks;
    for (const Value &t : final[u"tasks"].toList())
        expectedTasks.append(t.toString());
    QCOMPARE(tasks, expectedTasks);

    if (final.contains(u"task_results")) {
        ValueList results;
        for (const Value &t : result[u"tasks"].toList())
            results.append(t[u"result"]);
        QCOMPARE(canonical(Value(results)), canonical(final[u"task_results"]));
    }
    if (final.contains(u"published"))
        QCOMPARE(canonical(result[u"published"]), canonical(final[u"published"]));
    else
        QVERIFY(!result.contains(u"published"));
    if (final.contains(u"vars"))
        QCOMPARE(canonical(Value(conductor.vars())), canonical(final[u"vars"]));
    if (final.contains(u"error")) {
        const QString error = result[u"error"].toString();
        for (const Value &part : final[u"error"].toList())
            QVERIFY2(error.contains(part.toString()), qPrintable(error));
    } else {
        QVERIFY2(!result.contains(u"error"), qPrintable(result[u"error"].toString()));
    }
}

void TestActionChain::childRequest()
{
    const auto spec = loadChain(QStringLiteral("success.yaml"));
    QVERIFY(spec);
    ChainInputs inputs;
    inputs.parameters = makeDict({{QStringLiteral("greeting"), QStringLiteral("hi")}});
    inputs.context = makeDict({{QStringLiteral("user"), QStringLiteral("stanley")},
                               {QStringLiteral("pack"), QStringLiteral("examples")}});
    inputs.executionId = QStringLiteral("chain-1");
    ChainConductor c(spec, inputs);
    QCOMPARE(c.status(), QStringLiteral("requested"));
    const ChainStep step = c.start();
    QCOMPARE(step.action, ChainStep::Action::RunNode);
    QCOMPARE(c.status(), QStringLiteral("running"));
    QCOMPARE(canonical(step.request.context[u"parent"]),
             canonical(parseJson(QStringLiteral(
                 "{\"execution_id\": \"chain-1\", \"user\": \"stanley\", \"pack\": \"examples\"}"))));
    const Value chain = step.request.context[u"chain"];
    QCOMPARE(chain[u"name"].toString(), QStringLiteral("c1"));
    QCOMPARE(chain[u"ref"].toString(), QStringLiteral("core.local"));
    QCOMPARE(chain[u"on_success"].toString(), QStringLiteral("c2"));
    QVERIFY(chain.contains(u"on_failure") && chain[u"on_failure"].isNull());
    QVERIFY(chain.contains(u"params") && chain[u"params"].isNull());
    QVERIFY(step.request.notify.isNull());
    // Scheduling fills the task entry; the creation time defaults to the request time.
    c.nodeScheduled(QStringLiteral("e1"), QStringLiteral("l1"));
    c.nodeCompleted(QStringLiteral("succeeded"), makeDict({{QStringLiteral("stdout"), QStringLiteral("hi")}}));
    const Value task = c.result()[u"tasks"][0];
    QCOMPARE(task[u"execution_id"].toString(), QStringLiteral("e1"));
    QCOMPARE(task[u"liveaction_id"].toString(), QStringLiteral("l1"));
    QVERIFY(parseTimestamp(task[u"created_at"].toString()).isValid());
    QVERIFY(parseTimestamp(task[u"updated_at"].toString()).isValid());
}

void TestActionChain::restoreRejectsBadState_data()
{
    QTest::addColumn<QString>("state");
    QTest::addColumn<QString>("message");
    QTest::newRow("not a mapping") << "[1]" << "must be a mapping";
    QTest::newRow("no version") << "{}" << "version";
    QTest::newRow("future version") << "{\"version\": 2}" << "version 2";
    QTest::newRow("missing parts")
        << "{\"version\": 1, \"status\": \"running\", \"inputs\": {}, \"vars\": {}, \"published\": {}}"
        << "needs inputs";
    QTest::newRow("bad status")
        << "{\"version\": 1, \"status\": \"dancing\", \"inputs\": {}, \"vars\": {}, \"tasks\": [], \"published\": {}}"
        << "dancing";
    QTest::newRow("unknown node")
        << "{\"version\": 1, \"status\": \"running\", \"inputs\": {}, \"vars\": {}, \"tasks\": [], \"published\": {},"
           " \"current\": {\"node\": \"gone\", \"execution_id\": \"e\", \"state\": \"running\"}}"
        << "\"gone\"";
    QTest::newRow("task without name")
        << "{\"version\": 1, \"status\": \"paused\", \"inputs\": {}, \"vars\": {}, \"tasks\": [{}], \"published\": {}}"
        << "no name";
}

void TestActionChain::restoreRejectsBadState()
{
    QFETCH(QString, state);
    QFETCH(QString, message);
    const auto spec = loadChain(QStringLiteral("success.yaml"));
    QVERIFY(spec);
    try {
        ChainConductor::restore(spec, parseJson(state));
        QFAIL("restore accepted a bad state");
    } catch (const SquallException &e) {
        QCOMPARE(e.error().kind, QStringLiteral("ChainStateError"));
        QVERIFY2(e.error().message.contains(message), qPrintable(e.error().message));
    }
}

void TestActionChain::misuseIsReported()
{
    const auto spec = loadChain(QStringLiteral("success.yaml"));
    QVERIFY(spec);
    ChainInputs inputs;
    inputs.parameters = makeDict({{QStringLiteral("greeting"), QStringLiteral("hi")}});
    ChainConductor c(spec, inputs);
    auto kindOf = [](const std::function<void()> &f) {
        try {
            f();
        } catch (const SquallException &e) {
            return e.error().kind;
        }
        return QString();
    };
    QCOMPARE(kindOf([&] { c.nodeCompleted(QStringLiteral("succeeded"), Value()); }), QStringLiteral("ChainStateError"));
    QCOMPARE(kindOf([&] { c.nodeScheduled(QStringLiteral("e")); }), QStringLiteral("ChainStateError"));
    QVERIFY(!c.requestPause());
    QCOMPARE(c.resume().action, ChainStep::Action::None);
    QCOMPARE(c.start().action, ChainStep::Action::RunNode);
    QCOMPARE(kindOf([&] { c.start(); }), QStringLiteral("ChainStateError"));
    QCOMPARE(kindOf([&] { c.nodeCompleted(QStringLiteral("running"), Value()); }), QStringLiteral("ChainStateError"));
    QCOMPARE(c.status(), QStringLiteral("running"));
    QCOMPARE(kindOf([] { ChainConductor(nullptr, ChainInputs{}); }), QStringLiteral("ChainStateError"));
}

void TestActionChain::renderValues_data()
{
    QTest::addColumn<QString>("mapping");
    QTest::addColumn<QString>("expected");  // JSON, or "!key|fragment of the message"
    QTest::newRow("plain values keep their types")
        << "{\"i\": 5, \"f\": 1.5, \"b\": true, \"n\": null, \"s\": \"text\", \"l\": [1, \"a\"], \"d\": {\"k\": 2}}"
        << "{\"i\": 5, \"f\": 1.5, \"b\": true, \"n\": null, \"s\": \"text\", \"l\": [1, \"a\"], \"d\": {\"k\": 2}}";
    QTest::newRow("whole expression renders to a string")
        << "{\"a\": \"{{ num }}\", \"b\": \"{{ obj }}\", \"c\": \"{{ flag }}\"}"
        << "{\"a\": \"7\", \"b\": \"{'x': [1, 2]}\", \"c\": \"True\"}";
    QTest::newRow("list and dict render through JSON")
        << "{\"l\": [\"{{ num }}\", 3], \"d\": {\"k\": \"{{ obj.x[1] }}\", \"n\": {\"m\": true}}}"
        << "{\"l\": [\"7\", 3], \"d\": {\"k\": \"2\", \"n\": {\"m\": true}}}";
    QTest::newRow("one trailing newline is dropped") << "{\"s\": \"a\\nb\\n\"}" << "{\"s\": \"a\\nb\"}";
    QTest::newRow("__context") << "{\"s\": \"{{ __context.num }}\"}" << "{\"s\": \"7\"}";
    QTest::newRow("undefined") << "{\"ok\": \"{{ num }}\", \"bad\": \"x{{ nope }}\"}" << "!bad|'nope' is undefined";
    QTest::newRow("syntax error") << "{\"bad\": \"{{ num +\"}" << "!bad|";
    QTest::newRow("a quote breaks the JSON") << "{\"l\": [\"{{ quote }}\"]}" << "!l|not valid JSON";
}

void TestActionChain::renderValues()
{
    QFETCH(QString, mapping);
    QFETCH(QString, expected);
    const ValueDict context = parseJson(QStringLiteral(
                                            "{\"num\": 7, \"obj\": {\"x\": [1, 2]}, \"flag\": true, \"quote\": \"a\\\"b\"}"))
                                  .toDict();
    RenderFailure failure;
    const Value out = actionchain::renderValues(parseJson(mapping), context, &failure);
    if (expected.startsWith(u'!')) {
        QVERIFY(out.isNull());
        const QStringList parts = expected.mid(1).split(u'|');
        QCOMPARE(failure.key, parts.at(0));
        QVERIFY2(failure.message.contains(parts.at(1)), qPrintable(failure.message));
        QVERIFY(!failure.templateText.isEmpty());
    } else {
        QCOMPARE(canonical(out), canonical(parseJson(expected)));
        // Types survive exactly, not just by Python equality.
        const ValueDict want = parseJson(expected).toDict();
        for (const auto &[key, v] : want)
            QCOMPARE(out[key].type(), v.type());
    }
}

QTEST_GUILESS_MAIN(TestActionChain)
#include "tst_actionchain.moc"
