#include "expr/JinjaLexer.h"

#include "base/Error.h"

namespace squall::expr::jinja {

void syntaxError(const QString &message, int line, int column)
{
    Error e;
    e.kind = QStringLiteral("TemplateSyntaxError");
    e.message = message;
    e.location.line = line;
    e.location.column = column;
    throw SquallException(e);
}

namespace {

class Lexer
{
public:
    explicit Lexer(const QString &src) : s(src)
    {
        lineStarts.append(0);
        for (qsizetype i = 0; i < s.size(); ++i)
            if (s.at(i) == u'\n')
                lineStarts.append(i + 1);
    }

    void position(qsizetype off, int *line, int *col) const
    {
        const auto it = std::upper_bound(lineStarts.begin(), lineStarts.end(), off);
        const qsizetype idx = (it - lineStarts.begin()) - 1;
        *line = int(idx + 1);
        *col = int(off - lineStarts.at(idx) + 1);
    }

    [[noreturn]] void fail(const QString &msg, qsizetype off) const
    {
        int l, c;
        position(off, &l, &c);
        syntaxError(msg, l, c);
    }

    void push(Tok t, qsizetype off, QString text = {}, Value num = {})
    {
        Token tok;
        tok.type = t;
        tok.text = std::move(text);
        tok.number = std::move(num);
        position(off, &tok.line, &tok.column);
        out.tokens.append(std::move(tok));
    }

    void pushData(QString text, qsizetype off)
    {
        if (!text.isEmpty())
            push(Tok::Data, off, std::move(text));
    }

    static bool isWs(QChar c) { return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r' || c == u'\f' || c == u'\v'; }

    // Applies the left-side whitespace rules to `text` which precedes a tag.
    QString leftStrip(QString text, QChar kind, QChar modifier, bool lineStarting) const
    {
        if (modifier == u'-') {
            qsizetype e = text.size();
            while (e > 0 && isWs(text.at(e - 1)))
                --e;
            text.truncate(e);
        } else if (modifier != u'+' && (kind == u'%' || kind == u'#')) {
            const qsizetype nl = text.lastIndexOf(u'\n') + 1;
            if (nl > 0 || lineStarting) {
                bool onlyWs = true;
                for (qsizetype i = nl; i < text.size() && onlyWs; ++i)
                    onlyWs = text.at(i) == u' ' || text.at(i) == u'\t';
                if (onlyWs)
                    text.truncate(nl);
            }
        }
        return text;
    }

    // After a tag closing at `pos` (just past the delimiter): returns the new position.
    qsizetype rightStrip(qsizetype pos, QChar kind, QChar modifier)
    {
        if (modifier == u'-') {
            while (pos < s.size() && isWs(s.at(pos)))
                ++pos;
        } else if (modifier != u'+' && (kind == u'%' || kind == u'#')) {
            if (pos < s.size() && s.at(pos) == u'\n')
                ++pos;
        }
        return pos;
    }

    QString readString(qsizetype &i)
    {
        const QChar q = s.at(i);
        const qsizetype start = i;
        ++i;
        QString v;
        while (i < s.size() && s.at(i) != q) {
            QChar c = s.at(i);
            if (c == u'\\' && i + 1 < s.size()) {
                const QChar e = s.at(++i);
                switch (e.unicode()) {
                case 'n': v += u'\n'; break;
                case 't': v += u'\t'; break;
                case 'r': v += u'\r'; break;
                case '0': v += QChar(0); break;
                case 'a': v += QChar(7); break;
                case 'b': v += QChar(8); break;
                case 'f': v += QChar(12); break;
                case 'v': v += QChar(11); break;
                case '\\': v += u'\\'; break;
                case '\'': v += u'\''; break;
                case '"': v += u'"'; break;
                case '\n': break;
                case 'x': case 'u': case 'U': {
                    const int n = e == u'x' ? 2 : (e == u'u' ? 4 : 8);
                    bool ok = false;
                    const uint code = s.mid(i + 1, n).toUInt(&ok, 16);
                    if (!ok || i + n >= s.size())
                        fail(QStringLiteral("invalid escape sequence in string"), i);
                    v += QString::fromUcs4(reinterpret_cast<const char32_t *>(&code), 1);
                    i += n;
                    break;
                }
                default: v += u'\\'; v += e; break;
                }
                ++i;
                continue;
            }
            v += c;
            ++i;
        }
        if (i >= s.size())
            fail(QStringLiteral("unexpected end of string"), start);
        ++i;
        return v;
    }

    // Lexes the inside of a tag from `pos` until `closer` ("}}" / "%}").
    // Returns the index of the closer (with a possible '-'/'+' modifier before it).
    qsizetype lexTag(qsizetype pos, QStringView closer, QChar *modifier)
    {
        static const char *const ops3[] = {nullptr};
        Q_UNUSED(ops3);
        int depth = 0;
        qsizetype i = pos;
        while (true) {
            while (i < s.size() && isWs(s.at(i)))
                ++i;
            if (i >= s.size())
                fail(closer == u"}}" ? QStringLiteral("unexpected end of template, expected 'end of print statement'")
                                     : QStringLiteral("unexpected end of template, expected 'end of statement block'"),
                     i);
            const QChar c = s.at(i);
            if (depth == 0 || closer == u"%}") {
                if ((c == u'-' || c == u'+') && QStringView(s).mid(i + 1).startsWith(closer)) {
                    *modifier = c;
                    return i;
                }
                if (QStringView(s).mid(i).startsWith(closer) && (closer != u"}}" || depth == 0)) {
                    *modifier = QChar();
                    return i;
                }
            }
            if (c.isLetter() || c == u'_') {
                qsizetype j = i;
                while (j < s.size() && (s.at(j).isLetterOrNumber() || s.at(j) == u'_'))
                    ++j;
                push(Tok::Name, i, s.mid(i, j - i));
                i = j;
            } else if (c.isDigit() || (c == u'.' && i + 1 < s.size() && s.at(i + 1).isDigit() && false)) {
                qsizetype j = i;
                bool isFloat = false;
                while (j < s.size() && (s.at(j).isDigit() || s.at(j) == u'_'))
                    ++j;
                if (j + 1 < s.size() && s.at(j) == u'.' && s.at(j + 1).isDigit()) {
                    isFloat = true;
                    ++j;
                    while (j < s.size() && (s.at(j).isDigit() || s.at(j) == u'_'))
                        ++j;
                }
                if (j < s.size() && (s.at(j) == u'e' || s.at(j) == u'E')) {
                    qsizetype k = j + 1;
                    if (k < s.size() && (s.at(k) == u'+' || s.at(k) == u'-'))
                        ++k;
                    if (k < s.size() && s.at(k).isDigit()) {
                        isFloat = true;
                        j = k;
                        while (j < s.size() && s.at(j).isDigit())
                            ++j;
                    }
                }
                QString text = s.mid(i, j - i);
                text.remove(u'_');
                if (isFloat) {
                    push(Tok::Float, i, text, text.toDouble());
                } else {
                    bool ok = false;
                    const qint64 v = text.toLongLong(&ok);
                    push(Tok::Integer, i, text, ok ? Value(v) : Value(text.toDouble()));
                }
                i = j;
            } else if (c == u'\'' || c == u'"') {
                const qsizetype start = i;
                QString v = readString(i);
                push(Tok::String, start, std::move(v));
            } else {
                static const char16_t *const ops[] = {u"**", u"//", u"==", u"!=", u"<=", u">=", u"+", u"-", u"*", u"/",
                                                      u"%", u"~", u"|", u".", u",", u":", u"(", u")", u"[", u"]",
                                                      u"{", u"}", u"=", u"<", u">"};
                const char16_t *found = nullptr;
                for (const char16_t *op : ops) {
                    if (QStringView(s).mid(i).startsWith(QStringView(op))) {
                        found = op;
                        break;
                    }
                }
                if (!found)
                    fail(QStringLiteral("unexpected char %1 at %2").arg(QStringLiteral("'%1'").arg(c)).arg(i), i);
                const QString op = QString::fromUtf16(found);
                if (op == u"(" || op == u"[" || op == u"{")
                    ++depth;
                else if ((op == u")" || op == u"]" || op == u"}") && depth > 0)
                    --depth;
                push(Tok::Operator, i, op);
                i += op.size();
            }
        }
    }

    void run()
    {
        qsizetype pos = 0;
        bool lineStarting = true;
        while (pos < s.size()) {
            qsizetype open = pos;
            QChar kind;
            while (true) {
                open = s.indexOf(u'{', open);
                if (open < 0 || open + 1 >= s.size()) {
                    open = -1;
                    break;
                }
                kind = s.at(open + 1);
                if (kind == u'{' || kind == u'%' || kind == u'#')
                    break;
                ++open;
            }
            if (open < 0) {
                pushData(s.mid(pos), pos);
                return;
            }
            out.sawTags = true;
            QChar mod;
            qsizetype inner = open + 2;
            if (inner < s.size() && (s.at(inner) == u'-' || s.at(inner) == u'+')) {
                mod = s.at(inner);
                ++inner;
            }
            pushData(leftStrip(s.mid(pos, open - pos), kind, mod, lineStarting), pos);
            if (kind == u'#') {
                qsizetype close = s.indexOf(QStringLiteral("#}"), inner);
                if (close < 0)
                    fail(QStringLiteral("Missing end of comment tag"), open);
                QChar rmod;
                if (close > inner && (s.at(close - 1) == u'-' || s.at(close - 1) == u'+'))
                    rmod = s.at(close - 1);
                pos = rightStrip(close + 2, kind, rmod);
                lineStarting = s.at(pos - 1) == u'\n';
                continue;
            }
            if (kind == u'%') {
                // {% raw %} ... {% endraw %}
                qsizetype k = inner;
                while (k < s.size() && isWs(s.at(k)))
                    ++k;
                if (QStringView(s).mid(k).startsWith(u"raw")) {
                    qsizetype k2 = k + 3;
                    while (k2 < s.size() && isWs(s.at(k2)))
                        ++k2;
                    QChar rmod;
                    if (k2 < s.size() && (s.at(k2) == u'-' || s.at(k2) == u'+'))
                        rmod = s.at(k2++);
                    if (QStringView(s).mid(k2).startsWith(u"%}")) {
                        lexRaw(open, k2 + 2, rmod, &pos, &lineStarting);
                        continue;
                    }
                }
            }
            push(kind == u'{' ? Tok::VarBegin : Tok::BlockBegin, open);
            const QStringView closer = kind == u'{' ? QStringView(u"}}") : QStringView(u"%}");
            QChar rmod;
            const qsizetype close = lexTag(inner, closer, &rmod);
            push(kind == u'{' ? Tok::VarEnd : Tok::BlockEnd, close);
            pos = rightStrip(close + (rmod.isNull() ? 0 : 1) + 2, kind, rmod);
            lineStarting = s.at(pos - 1) == u'\n';
        }
    }

    void lexRaw(qsizetype open, qsizetype bodyStart, QChar rmod, qsizetype *pos, bool *lineStarting)
    {
        // Find {%[-+]? endraw [-+]?%}
        qsizetype search = bodyStart;
        while (true) {
            const qsizetype t = s.indexOf(QStringLiteral("{%"), search);
            if (t < 0)
                fail(QStringLiteral("Missing end of raw directive"), open);
            qsizetype k = t + 2;
            QChar lmod;
            if (k < s.size() && (s.at(k) == u'-' || s.at(k) == u'+'))
                lmod = s.at(k++);
            while (k < s.size() && isWs(s.at(k)))
                ++k;
            if (!QStringView(s).mid(k).startsWith(u"endraw")) {
                search = t + 2;
                continue;
            }
            k += 6;
            while (k < s.size() && isWs(s.at(k)))
                ++k;
            QChar emod;
            if (k < s.size() && (s.at(k) == u'-' || s.at(k) == u'+'))
                emod = s.at(k++);
            if (!QStringView(s).mid(k).startsWith(u"%}")) {
                search = t + 2;
                continue;
            }
            // trim_blocks does not apply to the newline after `{% raw %}`, only `-` does.
            const qsizetype b = rmod == u'-' ? rightStrip(bodyStart, u'%', rmod) : bodyStart;
            QString body = b < t ? s.mid(b, t - b) : QString();
            body = leftStrip(body, u'%', lmod, false);
            pushData(body, b);
            *pos = rightStrip(k + 2, u'%', emod);
            *lineStarting = s.at(*pos - 1) == u'\n';
            return;
        }
    }

    const QString &s;
    QList<qsizetype> lineStarts;
    LexResult out;
};

} // namespace

LexResult lex(const QString &source)
{
    Lexer lx(source);
    lx.run();
    Token end;
    end.type = Tok::End;
    lx.position(source.size(), &end.line, &end.column);
    lx.out.tokens.append(end);
    return std::move(lx.out);
}

} // namespace squall::expr::jinja
