#include "ui/workflow/document/YamlWriter.h"

#include "base/Python.h"
#include "base/Yaml.h"

#include <QRegularExpression>

#include <cmath>

namespace squall::ui {

YamlStyle YamlStyle::detect(QStringView text)
{
    YamlStyle style;
    if (text.contains(u"\r\n"))
        style.newline = QStringLiteral("\r\n");
    // Scan line indents: the smallest positive step between a "key:" line
    // ending the line and the next content line gives the indentation; a
    // "- " right under such a key at the same column says lists are not indented.
    int step = 0;
    int indentedVotes = 0, flatVotes = 0;
    qsizetype pos = 0;
    int prevIndent = -1;
    bool prevOpensBlock = false;
    while (pos < text.size()) {
        qsizetype nl = text.indexOf(u'\n', pos);
        if (nl < 0)
            nl = text.size();
        QStringView line = text.mid(pos, nl - pos);
        pos = nl + 1;
        if (line.endsWith(u'\r'))
            line.chop(1);
        int indent = 0;
        while (indent < line.size() && line.at(indent) == u' ')
            ++indent;
        const QStringView content = line.mid(indent).trimmed();
        if (content.isEmpty() || content.startsWith(u'#'))
            continue;
        const bool isItem = content.startsWith(u"- ") || content == u"-";
        if (prevOpensBlock) {
            if (isItem) {
                if (indent > prevIndent)
                    ++indentedVotes;
                else if (indent == prevIndent)
                    ++flatVotes;
            } else if (indent > prevIndent && (step == 0 || indent - prevIndent < step)) {
                step = indent - prevIndent;
            }
        }
        // A key whose value is on the next lines.
        qsizetype hash = content.indexOf(QStringLiteral(" #"));
        const QStringView bare = (hash >= 0 ? content.left(hash) : content).trimmed();
        prevOpensBlock = bare.endsWith(u':');
        prevIndent = indent;
        if (isItem && prevOpensBlock)
            prevIndent = indent + 2;  // "- key:" opens a block relative to the key
    }
    if (step == 2 || step == 3 || step == 4)
        style.indent = step;
    style.indentedLists = indentedVotes >= flatVotes;
    return style;
}

namespace yamlwriter {

namespace {

bool needsQuotes(const QString &s)
{
    if (s.isEmpty())
        return true;
    if (!yaml::resolvePlainScalar(s.toStdString()).isString())
        return true;  // would read back as a number, bool or null
    static const QRegularExpression special(QStringLiteral(
        "^[\\s\\-?:,\\[\\]{}#&*!|>'\"%@`=~]|[:#]\\s| #|\\s$|:$|[\\n\\t\\r\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x{feff}]|^(---|\\.\\.\\.)"));
    return special.match(s).hasMatch();
}

QString pad(int n)
{
    return QString(n, u' ');
}

} // namespace

QString scalar(const Value &v0)
{
    const Value v = py::resolved(v0);
    switch (v.type()) {
    case Value::Type::Null: return QStringLiteral("null");
    case Value::Type::Bool: return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case Value::Type::Int: return QString::number(v.toInt());
    case Value::Type::Double: {
        const double d = v.toDouble();
        if (std::isnan(d))
            return QStringLiteral(".nan");
        if (std::isinf(d))
            return d > 0 ? QStringLiteral(".inf") : QStringLiteral("-.inf");
        QString r = py::floatRepr(d);
        if (!r.contains(u'.') && !r.contains(u'e') && !r.contains(u'n'))
            r += QStringLiteral(".0");
        if (!yaml::resolvePlainScalar(r.toStdString()).isDouble())
            r = QString::number(d, 'f', 17);  // 1e+16 is a string under YAML 1.1
        return r;
    }
    case Value::Type::String: {
        const QString &s = v.toString();
        if (!needsQuotes(s))
            return s;
        QString out = QStringLiteral("\"");
        for (QChar c : s) {
            if (c == u'"')
                out += QStringLiteral("\\\"");
            else if (c == u'\\')
                out += QStringLiteral("\\\\");
            else if (c == u'\n')
                out += QStringLiteral("\\n");
            else if (c == u'\t')
                out += QStringLiteral("\\t");
            else if (c == u'\r')
                out += QStringLiteral("\\r");
            else if (c.unicode() < 0x20 || c.unicode() == 0xFEFF)
                out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
            else
                out += c;
        }
        return out + u'"';
    }
    case Value::Type::List:
        return QStringLiteral("[]");
    case Value::Type::Dict:
        return QStringLiteral("{}");
    default:
        return QStringLiteral("null");
    }
}

bool isInline(const Value &v0)
{
    const Value v = py::resolved(v0);
    return !(v.isDict() && !v.toDict().isEmpty()) && !(v.isList() && !v.toList().isEmpty());
}

QString afterKey(const Value &v0, int keyColumn, const YamlStyle &style)
{
    const Value v = py::resolved(v0);
    if (isInline(v))
        return u' ' + scalar(v);
    const int column = v.isList() ? keyColumn + (style.indentedLists ? style.indent : 0) : keyColumn + style.indent;
    return style.newline + block(v, column, style);
}

QString entry(const QString &key, const Value &v, int column, const YamlStyle &style)
{
    return scalar(Value(key)) + u':' + afterKey(v, column, style);
}

QString item(const Value &v0, int column, const YamlStyle &style)
{
    const Value v = py::resolved(v0);
    if (isInline(v))
        return QStringLiteral("- ") + scalar(v);
    // The item's content starts right after "- ", its further lines line up with it.
    const QString inner = block(v, column + 2, style);
    return QStringLiteral("- ") + inner.mid(column + 2);
}

QString block(const Value &v0, int column, const YamlStyle &style)
{
    const Value v = py::resolved(v0);
    QStringList lines;
    if (v.isDict() && !v.toDict().isEmpty()) {
        for (const auto &[k, e] : v.toDict())
            lines << pad(column) + entry(k, e, column, style);
    } else if (v.isList() && !v.toList().isEmpty()) {
        for (const Value &e : v.toList())
            lines << pad(column) + item(e, column, style);
    } else {
        lines << pad(column) + scalar(v);
    }
    return lines.join(style.newline);
}

} // namespace yamlwriter

} // namespace squall::ui
