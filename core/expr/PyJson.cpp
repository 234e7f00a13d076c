#include "expr/PyJson.h"

#include "base/Python.h"
#include "expr/Functions.h"
#include "expr/Undefined.h"

#include <algorithm>
#include <cmath>

namespace squall::expr {

namespace {

void appendString(QString &out, const QString &s, bool ascii)
{
    out += u'"';
    for (QChar c : s) {
        switch (c.unicode()) {
        case '"': out += QStringLiteral("\\\""); break;
        case '\\': out += QStringLiteral("\\\\"); break;
        case '\n': out += QStringLiteral("\\n"); break;
        case '\r': out += QStringLiteral("\\r"); break;
        case '\t': out += QStringLiteral("\\t"); break;
        case '\b': out += QStringLiteral("\\b"); break;
        case '\f': out += QStringLiteral("\\f"); break;
        default:
            if (c.unicode() < 0x20 || (ascii && c.unicode() > 0x7e))
                out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    out += u'"';
}

struct Dumper
{
    int indent;
    bool sortKeys;
    QString itemSep, keySep;
    bool ascii;
    QString out;

    void newline(int level)
    {
        out += u'\n';
        out += QString(qsizetype(indent) * level, u' ');
    }

    void dump(const Value &v0, int level)
    {
        const Value v = py::resolved(checkDefined(v0));
        switch (v.type()) {
        case Value::Type::Null: out += QStringLiteral("null"); break;
        case Value::Type::Bool: out += v.toBool() ? QStringLiteral("true") : QStringLiteral("false"); break;
        case Value::Type::Int: out += QString::number(v.toInt()); break;
        case Value::Type::Double: {
            const double d = v.toDouble();
            if (std::isnan(d))
                out += QStringLiteral("NaN");
            else if (std::isinf(d))
                out += d > 0 ? QStringLiteral("Infinity") : QStringLiteral("-Infinity");
            else
                out += py::floatRepr(d);
            break;
        }
        case Value::Type::String: appendString(out, v.toString(), ascii); break;
        case Value::Type::List: {
            const ValueList &l = v.toList();
            if (l.isEmpty()) {
                out += QStringLiteral("[]");
                break;
            }
            out += u'[';
            for (qsizetype i = 0; i < l.size(); ++i) {
                if (i > 0)
                    out += itemSep;
                if (indent >= 0)
                    newline(level + 1);
                dump(l.at(i), level + 1);
            }
            if (indent >= 0)
                newline(level);
            out += u']';
            break;
        }
        case Value::Type::Dict: {
            const ValueDict &d = v.toDict();
            if (d.isEmpty()) {
                out += QStringLiteral("{}");
                break;
            }
            QList<const ValueDict::Entry *> entries;
            for (const auto &e : d)
                entries.append(&e);
            if (sortKeys)
                std::stable_sort(entries.begin(), entries.end(),
                                 [](const ValueDict::Entry *a, const ValueDict::Entry *b) { return a->first < b->first; });
            out += u'{';
            bool first = true;
            for (const auto *e : entries) {
                if (!first)
                    out += itemSep;
                first = false;
                if (indent >= 0)
                    newline(level + 1);
                appendString(out, e->first, ascii);
                out += keySep;
                dump(e->second, level + 1);
            }
            if (indent >= 0)
                newline(level);
            out += u'}';
            break;
        }
        case Value::Type::Object:
            throwTypeError(QStringLiteral("Object of type object is not JSON serializable"));
        }
    }
};

} // namespace

QString pyJsonDumps(const Value &v, int indent, bool sortKeys, const QString &itemSeparator,
                    const QString &keySeparator, bool ensureAscii)
{
    Dumper d {indent, sortKeys, itemSeparator, keySeparator, ensureAscii, {}};
    // Python drops the trailing space of ", " when indenting.
    if (indent >= 0 && d.itemSep == u", ")
        d.itemSep = QStringLiteral(",");
    d.dump(v, 0);
    return d.out;
}

} // namespace squall::expr
