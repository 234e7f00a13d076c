#include "workflow/inspect/InspectChecks.h"

#include <algorithm>

namespace squall::workflow::inspect {

namespace {

Value str(const char16_t *s)
{
    return Value(QString::fromUtf16(s));
}

// Orquesta's specs/types.py building blocks, keys in Orquesta's order (the
// order jsonschema reports problems in when several share a location).
Value nonEmptyString()
{
    return makeDict({{QStringLiteral("type"), str(u"string")}, {QStringLiteral("minLength"), Value(1)}});
}

Value positiveInteger()
{
    return makeDict({{QStringLiteral("type"), str(u"integer")}, {QStringLiteral("minimum"), Value(0)}});
}

Value positiveNumber()
{
    return makeDict({{QStringLiteral("type"), str(u"number")}, {QStringLiteral("minimum"), Value(0.0)}});
}

Value uniqueStringList()
{
    return makeDict({{QStringLiteral("type"), str(u"array")},
                     {QStringLiteral("items"), nonEmptyString()},
                     {QStringLiteral("uniqueItems"), Value(true)},
                     {QStringLiteral("minItems"), Value(1)}});
}

Value anyNullable()
{
    ValueList types;
    for (const char16_t *t : {u"null", u"array", u"boolean", u"integer", u"number", u"object", u"string"})
        types.append(makeDict({{QStringLiteral("type"), str(t)}}));
    return makeDict({{QStringLiteral("anyOf"), Value(types)}});
}

Value wordKeyed(const Value &schema)
{
    return makeDict({{QStringLiteral("^\\w+$"), schema}});
}

Value nonEmptyDict()
{
    return makeDict({{QStringLiteral("type"), str(u"object")},
                     {QStringLiteral("minProperties"), Value(1)},
                     {QStringLiteral("patternProperties"), wordKeyed(anyNullable())}});
}

Value oneKeyDict()
{
    return makeDict({{QStringLiteral("type"), str(u"object")},
                     {QStringLiteral("minProperties"), Value(1)},
                     {QStringLiteral("maxProperties"), Value(1)},
                     {QStringLiteral("patternProperties"), wordKeyed(anyNullable())}});
}

Value oneOf(const Value &a, const Value &b)
{
    return makeDict({{QStringLiteral("oneOf"), makeList({a, b})}});
}

Value stringOrPositiveInteger()
{
    return oneOf(nonEmptyString(), positiveInteger());
}

Value uniqueList(const Value &items)
{
    return makeDict({{QStringLiteral("type"), str(u"array")},
                     {QStringLiteral("items"), items},
                     {QStringLiteral("uniqueItems"), Value(true)},
                     {QStringLiteral("minItems"), Value(1)}});
}

Value closedObject(const Value &properties, const Value &required = {})
{
    Value s = makeDict({{QStringLiteral("type"), str(u"object")}, {QStringLiteral("properties"), properties}});
    if (!required.isNull())
        s.dictRef().insert(QStringLiteral("required"), required);
    s.dictRef().insert(QStringLiteral("additionalProperties"), Value(false));
    return s;
}

// The `with` items: "<expr>" or "x, y in <expr>", the expression in either language.
QString itemsPattern()
{
    const QString expr = QStringLiteral("{{.*?}}|<%.*?%>");
    return QStringLiteral("^(\\s+)?(") + expr + QStringLiteral(")(\\s+)?$|^(\\s+)?((\\w+,\\s?|\\s+)+)?(\\w+)\\s+in\\s+(")
        + expr + QStringLiteral(")(\\s+)?$");
}

Value transitionSchema()
{
    return closedObject(makeDict({
        {QStringLiteral("when"), nonEmptyString()},
        {QStringLiteral("publish"), oneOf(nonEmptyString(), uniqueList(oneKeyDict()))},
        {QStringLiteral("do"), oneOf(nonEmptyString(), uniqueStringList())},
    }));
}

Value taskSchema()
{
    const Value with = closedObject(makeDict({
        {QStringLiteral("items"),
         makeDict({{QStringLiteral("type"), str(u"string")},
                   {QStringLiteral("minLength"), Value(1)},
                   {QStringLiteral("pattern"), Value(itemsPattern())}})},
        {QStringLiteral("concurrency"), stringOrPositiveInteger()},
    }));
    const Value retry = closedObject(makeDict({{QStringLiteral("when"), nonEmptyString()},
                                               {QStringLiteral("count"), stringOrPositiveInteger()},
                                               {QStringLiteral("delay"), stringOrPositiveInteger()}}),
                                     makeList({str(u"count")}));
    const Value join = oneOf(makeDict({{QStringLiteral("enum"), makeList({str(u"all")})}}), positiveInteger());
    const Value next = makeDict({{QStringLiteral("type"), str(u"array")}, {QStringLiteral("items"), transitionSchema()}});
    return closedObject(makeDict({
        {QStringLiteral("delay"), stringOrPositiveInteger()},
        {QStringLiteral("join"), join},
        {QStringLiteral("with"), with},
        {QStringLiteral("action"), nonEmptyString()},
        {QStringLiteral("input"), oneOf(nonEmptyString(), nonEmptyDict())},
        {QStringLiteral("retry"), retry},
        {QStringLiteral("next"), next},
    }));
}

Value buildWorkflowSchema()
{
    const Value tasks = makeDict({{QStringLiteral("type"), str(u"object")},
                                  {QStringLiteral("minProperties"), Value(1)},
                                  {QStringLiteral("patternProperties"), wordKeyed(taskSchema())}});
    // The meta properties (name, version, description, tags) merged after the
    // workflow's own, as Orquesta's schema merge orders them. `version` keeps
    // both the generic anyOf and the native enum.
    const Value version = makeDict({
        {QStringLiteral("anyOf"), makeList({nonEmptyString(), positiveInteger(), positiveNumber()})},
        {QStringLiteral("enum"), makeList({str(u"1.0"), Value(1.0)})},
    });
    return closedObject(makeDict({
                            {QStringLiteral("vars"), uniqueList(oneKeyDict())},
                            {QStringLiteral("input"), uniqueList(oneOf(nonEmptyString(), oneKeyDict()))},
                            {QStringLiteral("output"), uniqueList(oneKeyDict())},
                            {QStringLiteral("tasks"), tasks},
                            {QStringLiteral("name"), nonEmptyString()},
                            {QStringLiteral("version"), version},
                            {QStringLiteral("description"), nonEmptyString()},
                            {QStringLiteral("tags"), uniqueStringList()},
                        }),
                        makeList({str(u"tasks")}));
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

const Value &workflowSchema()
{
    static const Value schema = buildWorkflowSchema();
    return schema;
}

QString pyUnescape(const QString &s)
{
    if (!s.contains(u'\\') && !std::any_of(s.begin(), s.end(), [](QChar c) { return c.unicode() > 0x7f; }))
        return s;
    // Every UTF-8 byte that is not part of an escape becomes the code point of
    // that byte (the codec reads Latin-1), exactly as Python does.
    const QByteArray b = s.toUtf8();
    QString out;
    out.reserve(b.size());
    const qsizetype n = b.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char c = b.at(i);
        if (c != '\\' || i + 1 >= n) {
            if (c == '\\')
                return s;  // a trailing lone backslash makes Python's codec fail
            out.append(QChar(char16_t(uchar(c))));
            continue;
        }
        const char e = b.at(++i);
        switch (e) {
        case '\n': break;
        case '\\': out.append(u'\\'); break;
        case '\'': out.append(u'\''); break;
        case '"': out.append(u'"'); break;
        case 'a': out.append(QChar(7)); break;
        case 'b': out.append(QChar(8)); break;
        case 'f': out.append(QChar(12)); break;
        case 'n': out.append(u'\n'); break;
        case 'r': out.append(u'\r'); break;
        case 't': out.append(u'\t'); break;
        case 'v': out.append(QChar(11)); break;
        case 'x':
        case 'u':
        case 'U': {
            const int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
            if (i + digits >= n)
                return s;
            char32_t code = 0;
            for (int k = 1; k <= digits; ++k) {
                const int h = hexValue(b.at(i + k));
                if (h < 0)
                    return s;  // Python raises; keep the message readable instead
                code = code * 16 + char32_t(h);
            }
            i += digits;
            if (code > 0x10ffff)
                return s;
            out.append(QString::fromUcs4(&code, 1));
            break;
        }
        default:
            if (e >= '0' && e <= '7') {
                int code = e - '0';
                for (int k = 0; k < 2 && i + 1 < n && b.at(i + 1) >= '0' && b.at(i + 1) <= '7'; ++k)
                    code = code * 8 + (b.at(++i) - '0');
                out.append(QChar(code));
            } else {
                // Unknown escapes stay as written.
                out.append(u'\\');
                out.append(QChar(char16_t(uchar(e))));
            }
        }
    }
    return out;
}

} // namespace squall::workflow::inspect
