#include "base/Json.h"

#include "base/Python.h"

#include <QStringBuilder>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace squall::json {

namespace {

class Parser
{
public:
    Parser(const char *b, const char *e) : m_begin(b), m_p(b), m_end(e) { }

    Value document(ParseError *err)
    {
        try {
            skipWs();
            Value v = value(0);
            skipWs();
            if (m_p != m_end)
                fail("unexpected data after the JSON value");
            if (err)
                *err = {};
            return v;
        } catch (const ParseError &e) {
            if (err)
                *err = e;
            return {};
        }
    }

private:
    [[noreturn]] void fail(const char *msg)
    {
        ParseError e;
        e.message = QString::fromLatin1(msg);
        e.offset = m_p - m_begin;
        e.line = 1;
        const char *lineStart = m_begin;
        for (const char *q = m_begin; q < m_p; ++q) {
            if (*q == '\n') {
                ++e.line;
                lineStart = q + 1;
            }
        }
        e.column = int(m_p - lineStart) + 1;
        throw e;
    }

    void skipWs()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
    }

    bool literal(const char *word)
    {
        const size_t n = strlen(word);
        if (size_t(m_end - m_p) >= n && memcmp(m_p, word, n) == 0) {
            m_p += n;
            return true;
        }
        return false;
    }

    Value value(int depth)
    {
        if (depth > 512)
            fail("nesting too deep");
        if (m_p >= m_end)
            fail("unexpected end of input");
        switch (*m_p) {
        case '{': return object(depth);
        case '[': return array(depth);
        case '"': return Value(string());
        case 't': if (literal("true")) return Value(true); break;
        case 'f': if (literal("false")) return Value(false); break;
        case 'n': if (literal("null")) return Value(); break;
        case 'N': if (literal("NaN")) return Value(std::nan("")); break;
        case 'I': if (literal("Infinity")) return Value(HUGE_VAL); break;
        default:
            if (*m_p == '-' || (*m_p >= '0' && *m_p <= '9'))
                return number();
        }
        fail("invalid JSON value");
    }

    Value number()
    {
        const char *start = m_p;
        if (*m_p == '-') {
            ++m_p;
            if (literal("Infinity"))
                return Value(-HUGE_VAL);
        }
        bool isFloat = false;
        if (m_p < m_end && *m_p == '0') {
            ++m_p;
        } else if (m_p < m_end && *m_p >= '1' && *m_p <= '9') {
            while (m_p < m_end && *m_p >= '0' && *m_p <= '9')
                ++m_p;
        } else {
            fail("invalid number");
        }
        if (m_p < m_end && *m_p == '.') {
            isFloat = true;
            ++m_p;
            if (m_p >= m_end || *m_p < '0' || *m_p > '9')
                fail("invalid number");
            while (m_p < m_end && *m_p >= '0' && *m_p <= '9')
                ++m_p;
        }
        if (m_p < m_end && (*m_p == 'e' || *m_p == 'E')) {
            isFloat = true;
            ++m_p;
            if (m_p < m_end && (*m_p == '+' || *m_p == '-'))
                ++m_p;
            if (m_p >= m_end || *m_p < '0' || *m_p > '9')
                fail("invalid number");
            while (m_p < m_end && *m_p >= '0' && *m_p <= '9')
                ++m_p;
        }
        if (!isFloat) {
            qint64 v = 0;
            auto r = std::from_chars(start, m_p, v);
            if (r.ec == std::errc() && r.ptr == m_p)
                return Value(v);
        }
        double d = 0;
        std::from_chars(start, m_p, d);
        return Value(d);
    }

    static void appendUtf16(QString &out, char32_t cp)
    {
        if (cp >= 0x10000) {
            cp -= 0x10000;
            out += QChar(char16_t(0xD800 + (cp >> 10)));
            out += QChar(char16_t(0xDC00 + (cp & 0x3FF)));
        } else {
            out += QChar(char16_t(cp));
        }
    }

    unsigned hex4()
    {
        if (m_end - m_p < 4)
            fail("invalid \\u escape");
        unsigned v = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = *m_p++;
            v <<= 4;
            if (c >= '0' && c <= '9') v |= unsigned(c - '0');
            else if (c >= 'a' && c <= 'f') v |= unsigned(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') v |= unsigned(c - 'A' + 10);
            else fail("invalid \\u escape");
        }
        return v;
    }

    QString string()
    {
        ++m_p;  // opening quote
        const char *runStart = m_p;
        // Fast path: no escapes.
        while (m_p < m_end && *m_p != '"' && *m_p != '\\') {
            if (static_cast<unsigned char>(*m_p) < 0x20)
                fail("control character in string");
            ++m_p;
        }
        if (m_p >= m_end)
            fail("unterminated string");
        if (*m_p == '"') {
            QString s = QString::fromUtf8(runStart, m_p - runStart);
            ++m_p;
            return s;
        }
        QString out = QString::fromUtf8(runStart, m_p - runStart);
        while (true) {
            if (m_p >= m_end)
                fail("unterminated string");
            const char c = *m_p;
            if (c == '"') {
                ++m_p;
                return out;
            }
            if (c == '\\') {
                ++m_p;
                if (m_p >= m_end)
                    fail("unterminated string");
                const char e = *m_p++;
                switch (e) {
                case '"': out += u'"'; break;
                case '\\': out += u'\\'; break;
                case '/': out += u'/'; break;
                case 'b': out += u'\b'; break;
                case 'f': out += u'\f'; break;
                case 'n': out += u'\n'; break;
                case 'r': out += u'\r'; break;
                case 't': out += u'\t'; break;
                case 'u': {
                    unsigned cp = hex4();
                    if (cp >= 0xD800 && cp < 0xDC00 && m_end - m_p >= 6 && m_p[0] == '\\' && m_p[1] == 'u') {
                        const char *save = m_p;
                        m_p += 2;
                        const unsigned lo = hex4();
                        if (lo >= 0xDC00 && lo < 0xE000) {
                            appendUtf16(out, 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00));
                            break;
                        }
                        m_p = save;
                    }
                    out += QChar(char16_t(cp));
                    break;
                }
                default: fail("invalid escape");
                }
                continue;
            }
            if (static_cast<unsigned char>(c) < 0x20)
                fail("control character in string");
            const char *run = m_p;
            while (m_p < m_end && *m_p != '"' && *m_p != '\\' && static_cast<unsigned char>(*m_p) >= 0x20)
                ++m_p;
            out += QString::fromUtf8(run, m_p - run);
        }
    }

    Value array(int depth)
    {
        ++m_p;
        ValueList list;
        skipWs();
        if (m_p < m_end && *m_p == ']') {
            ++m_p;
            return Value(std::move(list));
        }
        while (true) {
            skipWs();
            list.append(value(depth + 1));
            skipWs();
            if (m_p >= m_end)
                fail("unterminated array");
            if (*m_p == ',') {
                ++m_p;
                continue;
            }
            if (*m_p == ']') {
                ++m_p;
                return Value(std::move(list));
            }
            fail("expected ',' or ']'");
        }
    }

    Value object(int depth)
    {
        ++m_p;
        ValueDict dict;
        skipWs();
        if (m_p < m_end && *m_p == '}') {
            ++m_p;
            return Value(std::move(dict));
        }
        while (true) {
            skipWs();
            if (m_p >= m_end || *m_p != '"')
                fail("expected a string key");
            QString key = string();
            skipWs();
            if (m_p >= m_end || *m_p != ':')
                fail("expected ':'");
            ++m_p;
            skipWs();
            dict.insert(key, value(depth + 1));
            skipWs();
            if (m_p >= m_end)
                fail("unterminated object");
            if (*m_p == ',') {
                ++m_p;
                continue;
            }
            if (*m_p == '}') {
                ++m_p;
                return Value(std::move(dict));
            }
            fail("expected ',' or '}'");
        }
    }

    const char *m_begin;
    const char *m_p;
    const char *m_end;
};

void writeUtf8Escaped(QByteArray &out, QStringView s)
{
    for (char c : s.toUtf8()) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            if (u < 0x20) {
                char buf[8];
                snprintf(buf, sizeof buf, "\\u%04x", u);
                out += buf;
            } else {
                out += c;
            }
        }
    }
}

void writeString(QByteArray &out, const QString &s, bool ensureAscii)
{
    out += '"';
    if (!ensureAscii) {
        // A lone surrogate (parsed from "\ud800") has no UTF-8 form: it is
        // written as its escape so the text parses back to the same string.
        qsizetype start = 0;
        for (qsizetype i = 0; i < s.size(); ++i) {
            const QChar c = s.at(i);
            if (!c.isSurrogate())
                continue;
            if (c.isHighSurrogate() && i + 1 < s.size() && s.at(i + 1).isLowSurrogate()) {
                ++i;
                continue;
            }
            writeUtf8Escaped(out, QStringView(s).sliced(start, i - start));
            char buf[8];
            snprintf(buf, sizeof buf, "\\u%04x", unsigned(c.unicode()));
            out += buf;
            start = i + 1;
        }
        writeUtf8Escaped(out, QStringView(s).sliced(start));
    } else {
        for (QChar qc : s) {
            const char16_t u = qc.unicode();
            switch (u) {
            case u'"': out += "\\\""; break;
            case u'\\': out += "\\\\"; break;
            case u'\n': out += "\\n"; break;
            case u'\r': out += "\\r"; break;
            case u'\t': out += "\\t"; break;
            case u'\b': out += "\\b"; break;
            case u'\f': out += "\\f"; break;
            default:
                if (u < 0x20 || u > 0x7e) {
                    char buf[8];
                    snprintf(buf, sizeof buf, "\\u%04x", unsigned(u));
                    out += buf;
                } else {
                    out += char(u);
                }
            }
        }
    }
    out += '"';
}

void writeValue(QByteArray &out, const Value &v, const Style &st, int level)
{
    const bool pretty = st.indent >= 0;
    auto newline = [&](int lvl) {
        out += '\n';
        out.append(qsizetype(st.indent) * lvl, ' ');
    };
    switch (v.type()) {
    case Value::Type::Null: out += "null"; break;
    case Value::Type::Bool: out += v.toBool() ? "true" : "false"; break;
    case Value::Type::Int: out += QByteArray::number(v.toInt()); break;
    case Value::Type::Double: {
        const double d = v.toDouble();
        if (std::isnan(d)) out += "NaN";
        else if (std::isinf(d)) out += d > 0 ? "Infinity" : "-Infinity";
        else out += py::floatRepr(d).toLatin1();
        break;
    }
    case Value::Type::String: writeString(out, v.toString(), st.ensureAscii); break;
    case Value::Type::List: {
        const ValueList &l = v.toList();
        out += '[';
        for (qsizetype i = 0; i < l.size(); ++i) {
            if (i)
                out += (st.pythonSeparators && !pretty) ? ", " : ",";
            if (pretty)
                newline(level + 1);
            writeValue(out, l.at(i), st, level + 1);
        }
        if (pretty && !l.isEmpty())
            newline(level);
        out += ']';
        break;
    }
    case Value::Type::Dict: {
        const ValueDict &d = v.toDict();
        QList<const ValueDict::Entry *> entries;
        entries.reserve(d.size());
        for (const auto &e : d)
            entries.append(&e);
        if (st.sortKeys)
            std::sort(entries.begin(), entries.end(),
                      [](auto *a, auto *b) { return a->first < b->first; });
        out += '{';
        for (qsizetype i = 0; i < entries.size(); ++i) {
            if (i)
                out += (st.pythonSeparators && !pretty) ? ", " : ",";
            if (pretty)
                newline(level + 1);
            writeString(out, entries.at(i)->first, st.ensureAscii);
            out += (st.pythonSeparators || pretty) ? ": " : ":";
            writeValue(out, entries.at(i)->second, st, level + 1);
        }
        if (pretty && !entries.isEmpty())
            newline(level);
        out += '}';
        break;
    }
    case Value::Type::Object: writeValue(out, v.toObject()->resolve(), st, level); break;
    }
}

} // namespace

Value parse(const QByteArray &utf8, ParseError *error)
{
    Parser p(utf8.constData(), utf8.constData() + utf8.size());
    return p.document(error);
}

Value parse(QStringView text, ParseError *error)
{
    return parse(text.toUtf8(), error);
}

QByteArray serialize(const Value &v, const Style &style)
{
    QByteArray out;
    writeValue(out, v, style, 0);
    return out;
}

QString toString(const Value &v, const Style &style)
{
    return QString::fromUtf8(serialize(v, style));
}

QString dumpsPython(const Value &v, int indent, bool sortKeys)
{
    Style st;
    st.indent = indent;
    st.pythonSeparators = true;
    st.sortKeys = sortKeys;
    st.ensureAscii = true;
    return QString::fromUtf8(serialize(v, st));
}

} // namespace squall::json
