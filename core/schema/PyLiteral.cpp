#include "schema/PyLiteral.h"

#include "base/Error.h"
#include "base/Python.h"

namespace squall::schema {

namespace {

class LiteralParser
{
public:
    explicit LiteralParser(QStringView s) : m_s(s) { }

    Value parseAll()
    {
        skipSpace();
        Value v = parseTopLevel();
        skipSpace();
        if (m_pos != m_s.size())
            fail();
        return v;
    }

private:
    [[noreturn]] void fail() const
    {
        throw SquallException(QStringLiteral("ValueError"),
                              QStringLiteral("malformed node or string: %1").arg(py::repr(m_s)));
    }

    bool atEnd() const { return m_pos >= m_s.size(); }
    QChar peek(qsizetype o = 0) const { return m_pos + o < m_s.size() ? m_s.at(m_pos + o) : QChar(); }

    void skipSpace()
    {
        while (!atEnd() && (peek() == u' ' || peek() == u'\t' || peek() == u'\n' || peek() == u'\r'))
            ++m_pos;
    }

    // A bare tuple ("1, 2") is legal at the top level.
    Value parseTopLevel()
    {
        Value first = parseValue();
        skipSpace();
        if (peek() != u',')
            return first;
        ValueList items {first};
        while (peek() == u',') {
            ++m_pos;
            skipSpace();
            if (atEnd())
                break;
            items.append(parseValue());
            skipSpace();
        }
        return items;
    }

    Value parseValue()
    {
        skipSpace();
        if (atEnd())
            fail();
        const QChar c = peek();
        if (c == u'[')
            return parseSequence(u']');
        if (c == u'(')
            return parseSequence(u')');
        if (c == u'{')
            return parseBrace();
        if (c == u'-' || c == u'+') {
            ++m_pos;
            skipSpace();
            Value v = parseValue();
            if (v.isInt())
                return c == u'-' ? Value(-v.toInt()) : v;
            if (v.isDouble())
                return c == u'-' ? Value(-v.toDouble()) : v;
            fail();
        }
        if (c.isDigit() || (c == u'.' && peek(1).isDigit()))
            return parseNumber();
        if (c == u'\'' || c == u'"' || isPrefixedString())
            return parseStrings();
        return parseName();
    }

    bool isPrefixedString() const
    {
        qsizetype i = 0;
        while (i < 2 && m_pos + i < m_s.size() && QStringView(u"rRuUbB").contains(m_s.at(m_pos + i)))
            ++i;
        return i > 0 && (peek(i) == u'\'' || peek(i) == u'"');
    }

    Value parseSequence(QChar close)
    {
        ++m_pos;
        ValueList items;
        bool sawComma = false;
        skipSpace();
        while (peek() != close) {
            items.append(parseValue());
            skipSpace();
            if (peek() == u',') {
                sawComma = true;
                ++m_pos;
                skipSpace();
            } else if (peek() != close) {
                fail();
            }
        }
        ++m_pos;
        // "(1)" is just a parenthesised value, "(1,)" a tuple.
        if (close == u')' && items.size() == 1 && !sawComma)
            return items.first();
        return items;
    }

    Value parseBrace()
    {
        ++m_pos;
        skipSpace();
        if (peek() == u'}') {
            ++m_pos;
            return ValueDict();
        }
        Value firstKey = parseValue();
        skipSpace();
        if (peek() != u':')
            return finishSet(firstKey);
        ValueDict dict;
        Value key = firstKey;
        for (;;) {
            if (peek() != u':')
                fail();
            ++m_pos;
            Value value = parseValue();
            // Python dict keys can be any hashable literal; JSON-shaped values only have string keys.
            dict.insert(key.isString() ? key.toString() : py::str(key), value);
            skipSpace();
            if (peek() == u',') {
                ++m_pos;
                skipSpace();
            } else if (peek() != u'}') {
                fail();
            }
            if (peek() == u'}') {
                ++m_pos;
                return dict;
            }
            key = parseValue();
            skipSpace();
        }
    }

    Value finishSet(const Value &first)
    {
        ValueList items {first};
        for (;;) {
            skipSpace();
            if (peek() == u'}') {
                ++m_pos;
                return items;
            }
            if (peek() != u',')
                fail();
            ++m_pos;
            skipSpace();
            if (peek() == u'}')
                continue;
            Value v = parseValue();
            bool dup = false;
            for (const Value &x : std::as_const(items))
                dup = dup || py::equals(x, v);
            if (!dup)
                items.append(v);
        }
    }

    Value parseNumber()
    {
        const qsizetype start = m_pos;
        if (peek() == u'0' && (peek(1) == u'x' || peek(1) == u'X' || peek(1) == u'o' || peek(1) == u'O'
                               || peek(1) == u'b' || peek(1) == u'B')) {
            const QChar kind = peek(1).toLower();
            m_pos += 2;
            const qsizetype digits = m_pos;
            while (!atEnd() && (peek().isLetterOrNumber() || peek() == u'_'))
                ++m_pos;
            QString text = m_s.mid(digits, m_pos - digits).toString();
            text.remove(u'_');
            bool ok = false;
            const qint64 v = text.toLongLong(&ok, kind == u'x' ? 16 : kind == u'o' ? 8 : 2);
            if (!ok || text.isEmpty())
                fail();
            return v;
        }
        bool isFloat = false;
        while (!atEnd()) {
            const QChar c = peek();
            if (c.isDigit() || c == u'_') {
                ++m_pos;
            } else if (c == u'.') {
                isFloat = true;
                ++m_pos;
            } else if ((c == u'e' || c == u'E')
                       && (peek(1).isDigit() || ((peek(1) == u'+' || peek(1) == u'-') && peek(2).isDigit()))) {
                isFloat = true;
                m_pos += 2;
            } else {
                break;
            }
        }
        if (!atEnd() && (peek().isLetter()))
            fail();
        const QStringView text = m_s.mid(start, m_pos - start);
        if (isFloat) {
            double d = 0;
            if (!py::parseFloat(text, &d))
                fail();
            return d;
        }
        // Python 3 rejects leading zeros on non-zero decimal ints ("012").
        if (text.size() > 1 && text.front() == u'0' && text.toString().remove(u'_').remove(u'0').size() > 0)
            fail();
        qint64 i = 0;
        if (!py::parseInt(text, &i)) {
            double d = 0;
            if (!py::parseFloat(text, &d))
                fail();
            return d;
        }
        return i;
    }

    Value parseStrings()
    {
        QString out;
        bool any = false;
        for (;;) {
            skipSpace();
            if (atEnd() || !(peek() == u'\'' || peek() == u'"' || isPrefixedString()))
                break;
            out += parseOneString();
            any = true;
        }
        if (!any)
            fail();
        return out;
    }

    QString parseOneString()
    {
        bool raw = false;
        while (peek() != u'\'' && peek() != u'"') {
            if (peek().toLower() == u'r')
                raw = true;
            ++m_pos;
        }
        const QChar quote = peek();
        const bool triple = peek(1) == quote && peek(2) == quote;
        m_pos += triple ? 3 : 1;
        QString out;
        for (;;) {
            if (atEnd())
                fail();
            const QChar c = peek();
            if (c == quote && (!triple || (peek(1) == quote && peek(2) == quote))) {
                m_pos += triple ? 3 : 1;
                return out;
            }
            if (!triple && c == u'\n')
                fail();
            if (c == u'\\' && m_pos + 1 < m_s.size()) {
                const QChar n = peek(1);
                if (raw) {
                    out += c;
                    out += n;
                    m_pos += 2;
                    continue;
                }
                m_pos += 2;
                switch (n.unicode()) {
                case '\n': break;
                case '\\': out += u'\\'; break;
                case '\'': out += u'\''; break;
                case '"': out += u'"'; break;
                case 'a': out += QChar(7); break;
                case 'b': out += QChar(8); break;
                case 'f': out += QChar(12); break;
                case 'n': out += u'\n'; break;
                case 'r': out += u'\r'; break;
                case 't': out += u'\t'; break;
                case 'v': out += QChar(11); break;
                case 'x': out += hexEscape(2); break;
                case 'u': out += hexEscape(4); break;
                case 'U': out += hexEscape(8); break;
                default:
                    if (n >= u'0' && n <= u'7') {
                        int v = n.digitValue();
                        for (int k = 0; k < 2 && peek() >= u'0' && peek() <= u'7'; ++k, ++m_pos)
                            v = v * 8 + peek().digitValue();
                        out += QChar(v);
                    } else {
                        out += u'\\';
                        out += n;
                    }
                }
                continue;
            }
            out += c;
            ++m_pos;
        }
    }

    QString hexEscape(int digits)
    {
        if (m_pos + digits > m_s.size())
            fail();
        bool ok = false;
        const uint code = m_s.mid(m_pos, digits).toString().toUInt(&ok, 16);
        if (!ok)
            fail();
        m_pos += digits;
        const char32_t cp = code;
        return QString::fromUcs4(&cp, 1);
    }

    Value parseName()
    {
        const qsizetype start = m_pos;
        while (!atEnd() && (peek().isLetterOrNumber() || peek() == u'_'))
            ++m_pos;
        const QStringView name = m_s.mid(start, m_pos - start);
        if (name == u"True")
            return true;
        if (name == u"False")
            return false;
        if (name == u"None")
            return Value();
        fail();
    }

    QStringView m_s;
    qsizetype m_pos = 0;
};

} // namespace

Value literalEval(QStringView source)
{
    // ast.parse in "eval" mode tolerates surrounding whitespace only at the end;
    // leading spaces are an IndentationError, which literal_eval reports as well.
    if (!source.isEmpty() && (source.front() == u' ' || source.front() == u'\t'))
        throw SquallException(QStringLiteral("ValueError"),
                              QStringLiteral("malformed node or string: %1").arg(py::repr(source)));
    return LiteralParser(source).parseAll();
}

} // namespace squall::schema
