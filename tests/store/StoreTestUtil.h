#pragma once

// Shared builders for the store tests: StackStorm-shaped documents.
#include "TestJson.h"
#include "base/Json.h"
#include "base/Value.h"
#include "store/Store.h"

#include <QString>

namespace squall::store::testutil {

inline Value parse(const char *json)
{
    return squall::test::parseJson(json);
}

inline QString ts(int second, int micros = 0)
{
    return QStringLiteral("2026-01-02T03:04:%1.%2Z").arg(second, 2, 10, QLatin1Char('0')).arg(micros, 6, 10, QLatin1Char('0'));
}

struct ExecSpec
{
    QString id;
    QString action = QStringLiteral("core.local");
    QString status = QStringLiteral("succeeded");
    QString start;
    QString parent;
    QString user = QStringLiteral("stanley");
    QString rule;
    QString triggerInstance;
    QString runner = QStringLiteral("local-shell-cmd");
    Value result;
};

inline Value execution(const ExecSpec &s)
{
    ValueDict context {{QStringLiteral("user"), s.user}, {QStringLiteral("pack"), QStringLiteral("core")}};
    if (!s.rule.isEmpty())
        context.insert(QStringLiteral("rule"), makeDict({{QStringLiteral("ref"), s.rule}, {QStringLiteral("id"), QStringLiteral("r1")}}));
    if (!s.triggerInstance.isEmpty())
        context.insert(QStringLiteral("trigger_instance"), makeDict({{QStringLiteral("id"), s.triggerInstance}}));
    ValueDict d {
        {QStringLiteral("id"), s.id},
        {QStringLiteral("action"), makeDict({{QStringLiteral("ref"), s.action}})},
        {QStringLiteral("runner"), makeDict({{QStringLiteral("name"), s.runner}})},
        {QStringLiteral("status"), s.status},
        {QStringLiteral("start_timestamp"), s.start},
        {QStringLiteral("end_timestamp"), s.start},
        {QStringLiteral("parameters"), makeDict({{QStringLiteral("cmd"), QStringLiteral("echo hi")}})},
        {QStringLiteral("context"), Value(context)},
        {QStringLiteral("result"), s.result},
    };
    if (!s.parent.isEmpty())
        d.insert(QStringLiteral("parent"), s.parent);
    return Value(d);
}

inline QStringList ids(const ValueList &docs)
{
    QStringList out;
    for (const Value &d : docs)
        out << d[u"id"].toString();
    return out;
}

} // namespace squall::store::testutil

namespace squall::store::testutil {

// "a b c" -> {"a", "b", "c"} (test tables stay readable under QT_NO_CAST_FROM_ASCII).
inline QStringList words(const char *s)
{
    return QString::fromLatin1(s).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

inline QString str(const char *s)
{
    return QString::fromUtf8(s);
}

} // namespace squall::store::testutil
