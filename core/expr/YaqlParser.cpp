#include "expr/YaqlAst.h"

#include "base/Error.h"
#include "base/Python.h"

#include <QStringBuilder>

// YAQL grammar as openstack/yaql builds it (YaqlFactory's operator table):
// binding strength, tightest first:
//   1 `.` `?.`   2 `[]` `{}`   3 unary `+` `-`   4 `=~` `!~`   5 `*` `/` `mod`
//   6 `+` `-`    7 `>` `<` `>=` `<=` `!=` `=` `in`   8 `not`   9 `and`   10 `or`
//   11 `->` (right associative); `=>` only names an argument.
namespace squall::expr::yaql {

namespace {

enum class Tok : quint8 { End, Dollar, Number, Func, Keyword, String, Op, LParen, RParen, LBracket, RBracket,
                          LBrace, RBrace, Comma, Mapping };

struct Token
{
    Tok type = Tok::End;
    int pos = 0;
    QString text;  // Dollar: name; Func/Keyword: identifier; String: decoded; Op: operator
    Value value;   // Number
};

[[noreturn]] void grammarError(const QString &message)
{
    throw SquallException(QStringLiteral("YaqlGrammarException"), message);
}

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c.category() == QChar::Mark_NonSpacing;
}

bool isIdentStart(QChar c)
{
    return (c.isLetter() || c == u'_');
}

// Python's unicode-escape subset that yaql decodes in quoted strings.
QString decodeEscapes(QStringView s)
{
    QString out;
    out.reserve(s.size());
    for (qsizetype i = 0; i < s.size(); ++i) {
        const QChar c = s.at(i);
        if (c != u'\\' || i + 1 >= s.size()) {
            out += c;
            continue;
        }
        const QChar n = s.at(i + 1);
        auto hex = [&](int len) -> bool {
            if (i + 2 + len > s.size())
                return false;
            bool ok = false;
            const uint code = s.mid(i + 2, len).toUInt(&ok, 16);
            if (!ok)
                return false;
            if (code > 0xffff)
                out += QString::fromUcs4(reinterpret_cast<const char32_t *>(&code), 1);
            else
                out += QChar(char16_t(code));
            i += 1 + len;
            return true;
        };
        switch (n.unicode()) {
        case u'n': out += u'\n'; ++i; break;
        case u't': out += u'\t'; ++i; break;
        case u'r': out += u'\r'; ++i; break;
        case u'a': out += u'\a'; ++i; break;
        case u'b': out += u'\b'; ++i; break;
        case u'f': out += u'\f'; ++i; break;
        case u'v': out += u'\v'; ++i; break;
        case u'\\': out += u'\\'; ++i; break;
        case u'\'': out += u'\''; ++i; break;
        case u'"': out += u'"'; ++i; break;
        case u'x': if (!hex(2)) out += c; break;
        case u'u': if (!hex(4)) out += c; break;
        case u'U': if (!hex(8)) out += c; break;
        default:
            if (n >= u'0' && n <= u'7') {
                int len = 0;
                uint code = 0;
                while (len < 3 && i + 1 + len < s.size() && s.at(i + 1 + len) >= u'0' && s.at(i + 1 + len) <= u'7') {
                    code = code * 8 + uint(s.at(i + 1 + len).unicode() - u'0');
                    ++len;
                }
                out += QChar(char16_t(code));
                i += len;
            } else {
                out += c;  // unknown escapes stay as written
            }
        }
    }
    return out;
}

class Lexer
{
public:
    explicit Lexer(const QString &s) : m_s(s) { }

    Token next()
    {
        const qsizetype n = m_s.size();
        while (m_i < n && (m_s[m_i] == u' ' || m_s[m_i] == u'\t' || m_s[m_i] == u'\r' || m_s[m_i] == u'\n'))
            ++m_i;
        Token t;
        t.pos = int(m_i);
        if (m_i >= n)
            return t;
        const QChar c = m_s[m_i];
        if (c == u'$') {
            qsizetype j = m_i + 1;
            while (j < n && isWordChar(m_s[j]))
                ++j;
            t.type = Tok::Dollar;
            t.text = m_s.mid(m_i + 1, j - m_i - 1);
            m_i = j;
            return t;
        }
        if (c.isDigit() && (m_i == 0 || !isWordChar(m_s[m_i - 1]))) {
            qsizetype j = m_i;
            while (j < n && m_s[j].isDigit())
                ++j;
            bool isFloat = false;
            if (j + 1 < n && m_s[j] == u'.' && m_s[j + 1].isDigit()) {
                isFloat = true;
                ++j;
                while (j < n && m_s[j].isDigit())
                    ++j;
            }
            if (j < n && isWordChar(m_s[j]))
                lexicalError();
            const QString digits = m_s.mid(m_i, j - m_i);
            t.type = Tok::Number;
            t.text = digits;
            if (isFloat) {
                t.value = digits.toDouble();
            } else {
                bool ok = false;
                const qint64 v = digits.toLongLong(&ok);
                t.value = ok ? Value(v) : Value(digits.toDouble());
            }
            m_i = j;
            return t;
        }
        if (isIdentStart(c)) {
            qsizetype j = m_i + 1;
            while (j < n && isWordChar(m_s[j]))
                ++j;
            t.text = m_s.mid(m_i, j - m_i);
            if (j < n && m_s[j] == u'(') {
                t.type = Tok::Func;
                m_i = j + 1;
                return t;
            }
            if (t.text.startsWith(QStringLiteral("__")))
                lexicalError();
            m_i = j;
            if (t.text == u"true") {
                t.type = Tok::Number;
                t.value = true;
            } else if (t.text == u"false") {
                t.type = Tok::Number;
                t.value = false;
            } else if (t.text == u"null") {
                t.type = Tok::Number;
                t.value = Value();
            } else if (t.text == u"and" || t.text == u"or" || t.text == u"not" || t.text == u"in"
                       || t.text == u"mod") {
                t.type = Tok::Op;
            } else {
                t.type = Tok::Keyword;
            }
            return t;
        }
        if (c == u'\'' || c == u'"' || c == u'`') {
            qsizetype j = m_i + 1;
            while (j < n && m_s[j] != c) {
                if (m_s[j] == u'\\')
                    ++j;
                ++j;
            }
            if (j >= n)
                lexicalError();
            const QStringView body = QStringView(m_s).mid(m_i + 1, j - m_i - 1);
            t.type = Tok::String;
            if (c == u'`') {
                t.text = body.toString();
                t.text.replace(QStringLiteral("\\`"), QStringLiteral("`"));
            } else {
                t.text = decodeEscapes(body);
            }
            m_i = j + 1;
            return t;
        }
        static const char *const ops[] = {"?.", "=~", "!~", ">=", "<=", "!=", "->", "=>", ".", "+", "-", "*",
                                          "/", ">", "<", "="};
        for (const char *op : ops) {
            const QLatin1StringView l(op);
            if (QStringView(m_s).mid(m_i).startsWith(l)) {
                t.type = l == QLatin1StringView("=>") ? Tok::Mapping : Tok::Op;
                t.text = QString(l);
                m_i += l.size();
                return t;
            }
        }
        ++m_i;
        switch (c.unicode()) {
        case u'(': t.type = Tok::LParen; break;
        case u')': t.type = Tok::RParen; break;
        case u'[': t.type = Tok::LBracket; break;
        case u']': t.type = Tok::RBracket; break;
        case u'{': t.type = Tok::LBrace; break;
        case u'}': t.type = Tok::RBrace; break;
        case u',': t.type = Tok::Comma; break;
        default:
            --m_i;
            lexicalError();
        }
        t.text = QString(c);
        return t;
    }

private:
    [[noreturn]] void lexicalError()
    {
        grammarError(QStringLiteral("Lexical error: illegal character '%1' at position %2")
                         .arg(m_s.at(m_i))
                         .arg(m_i));
    }

    const QString &m_s;
    qsizetype m_i = 0;
};

struct BinaryInfo
{
    Op op;
    int level;
};

bool binaryInfo(const Token &t, BinaryInfo *out)
{
    if (t.type != Tok::Op)
        return false;
    static const struct { const char16_t *text; Op op; int level; } table[] = {
        {u"=~", Op::Match, 4}, {u"!~", Op::NotMatch, 4}, {u"*", Op::Mul, 5}, {u"/", Op::Div, 5},
        {u"mod", Op::Mod, 5}, {u"+", Op::Add, 6}, {u"-", Op::Sub, 6}, {u">", Op::Gt, 7}, {u"<", Op::Lt, 7},
        {u">=", Op::Ge, 7}, {u"<=", Op::Le, 7}, {u"!=", Op::Ne, 7}, {u"=", Op::Eq, 7}, {u"in", Op::In, 7},
        {u"and", Op::And, 9}, {u"or", Op::Or, 10}, {u"->", Op::Send, 11},
    };
    for (const auto &e : table) {
        if (t.text == QStringView(e.text)) {
            *out = {e.op, e.level};
            return true;
        }
    }
    return false;
}

class Parser
{
public:
    explicit Parser(const QString &text) : m_text(text), m_lexer(text) { advance(); }

    std::unique_ptr<Node> parseAll()
    {
        if (m_tok.type == Tok::End)
            grammarError(QStringLiteral("Parse error: unexpected end of statement"));
        auto n = parseExpr(11);
        if (m_tok.type != Tok::End)
            unexpected();
        return n;
    }

private:
    void advance() { m_tok = m_lexer.next(); }

    [[noreturn]] void unexpected()
    {
        if (m_tok.type == Tok::End)
            grammarError(QStringLiteral("Parse error: unexpected end of statement"));
        QString shown = m_tok.text;
        if (m_tok.type == Tok::Dollar)
            shown = u'$' + m_tok.text;
        if (m_tok.type == Tok::Number)
            shown = m_tok.value.isNull() ? QStringLiteral("None") : py::str(m_tok.value);
        if (m_tok.type == Tok::Number && m_tok.value.isBool())
            shown = m_tok.value.toBool() ? QStringLiteral("True") : QStringLiteral("False");
        grammarError(QStringLiteral("Parse error: unexpected '%1' at position %2 of expression '%3'")
                         .arg(shown)
                         .arg(m_tok.pos)
                         .arg(m_text));
    }

    void expect(Tok t)
    {
        if (m_tok.type != t)
            unexpected();
        advance();
    }

    static std::unique_ptr<Node> make(NodeKind k, int pos)
    {
        auto n = std::make_unique<Node>();
        n->kind = k;
        n->position = pos;
        return n;
    }

    // Bounded nesting: expressions come from files, and a crafted one must not
    // overflow the stack while it is parsed, evaluated or destroyed (all three
    // recurse over the tree). The bound is on the tree's height, not only on
    // the parser's recursion: every operator that wraps what was parsed so far
    // (1+1+1..., $.a.b.c...) counts as one more level for the rest of its chain.
    static constexpr int kMaxDepth = 200;
    class Nesting
    {
    public:
        explicit Nesting(Parser &parser) : m_parser(parser), m_entry(parser.m_depth) { }
        ~Nesting() { m_parser.m_depth = m_entry; }
        Nesting(const Nesting &) = delete;
        Nesting &operator=(const Nesting &) = delete;
        void deeper()
        {
            if (++m_parser.m_depth > kMaxDepth)
                grammarError(QStringLiteral("Parse error: expression nested too deeply at position %1")
                                 .arg(m_parser.m_tok.pos));
        }

    private:
        Parser &m_parser;
        int m_entry;
    };

    // Binary expression whose operators all bind at `limit` or tighter.
    std::unique_ptr<Node> parseExpr(int limit)
    {
        Nesting nesting(*this);
        nesting.deeper();
        std::unique_ptr<Node> left = parseUnary();
        BinaryInfo info {};
        while (binaryInfo(m_tok, &info) && info.level <= limit) {
            nesting.deeper();
            auto n = make(NodeKind::Binary, m_tok.pos);
            n->op = info.op;
            advance();
            auto right = parseExpr(info.op == Op::Send ? info.level : info.level - 1);
            n->children.push_back(std::move(left));
            n->children.push_back(std::move(right));
            left = std::move(n);
        }
        return left;
    }

    std::unique_ptr<Node> parseUnary()
    {
        if (m_tok.type == Tok::Op && (m_tok.text == u"-" || m_tok.text == u"+" || m_tok.text == u"not")) {
            const bool isNot = m_tok.text == u"not";
            auto n = make(NodeKind::Unary, m_tok.pos);
            n->op = isNot ? Op::Not : (m_tok.text == u"-" ? Op::Neg : Op::Pos);
            advance();
            n->children.push_back(parseExpr(isNot ? 7 : 2));
            return n;
        }
        return parsePostfix(parsePrimary());
    }

    std::unique_ptr<Node> parsePostfix(std::unique_ptr<Node> left)
    {
        Nesting nesting(*this);
        for (;;) {
            if (m_tok.type == Tok::Op && (m_tok.text == u"." || m_tok.text == u"?.")) {
                nesting.deeper();
                auto n = make(NodeKind::Dot, m_tok.pos);
                n->elvis = m_tok.text == u"?.";
                advance();
                auto right = parsePrimary();
                n->children.push_back(std::move(left));
                n->children.push_back(std::move(right));
                left = std::move(n);
            } else if (m_tok.type == Tok::LBracket) {
                nesting.deeper();
                auto n = make(NodeKind::Index, m_tok.pos);
                advance();
                n->children.push_back(std::move(left));
                parseArgs(n.get(), Tok::RBracket);
                if (n->children.size() < 2)
                    grammarError(QStringLiteral("Parse error: unexpected ']' at position %1 of expression '%2'")
                                     .arg(n->position + 1)
                                     .arg(m_text));
                left = std::move(n);
            } else {
                return left;
            }
        }
    }

    std::unique_ptr<Node> parsePrimary()
    {
        const Token t = m_tok;
        switch (t.type) {
        case Tok::Number: {
            auto n = make(NodeKind::Const, t.pos);
            n->value = t.value;
            advance();
            return n;
        }
        case Tok::String: {
            auto n = make(NodeKind::Const, t.pos);
            n->value = t.text;
            advance();
            return n;
        }
        case Tok::Keyword: {
            auto n = make(NodeKind::Keyword, t.pos);
            n->name = t.text;
            n->value = t.text;
            advance();
            return n;
        }
        case Tok::Dollar: {
            auto n = make(NodeKind::Dollar, t.pos);
            n->name = t.text;
            advance();
            return n;
        }
        case Tok::Func: {
            auto n = make(NodeKind::Call, t.pos);
            n->name = t.text;
            n->builtin = builtinIndex(t.text);
            advance();
            parseArgs(n.get(), Tok::RParen);
            if (n->name == u"not" && n->children.size() == 1 && n->child(0)->kind != NodeKind::Mapping) {
                // `not(x)` lexes as a call in yaql; read it as the operator.
                n->kind = NodeKind::Unary;
                n->op = Op::Not;
                n->builtin = -1;
            }
            return n;
        }
        case Tok::LParen: {
            advance();
            auto inner = parseExpr(11);
            expect(Tok::RParen);
            return inner;
        }
        case Tok::LBracket: {
            auto n = make(NodeKind::List, t.pos);
            advance();
            parseArgs(n.get(), Tok::RBracket);
            return n;
        }
        case Tok::LBrace: {
            auto n = make(NodeKind::Map, t.pos);
            advance();
            parseArgs(n.get(), Tok::RBrace);
            return n;
        }
        default:
            unexpected();
        }
    }

    // Arguments up to `close`: positional values first, then `name => value`.
    void parseArgs(Node *owner, Tok close)
    {
        if (m_tok.type == close) {
            advance();
            return;
        }
        bool sawNamed = false;
        for (;;) {
            auto value = parseExpr(11);
            if (m_tok.type == Tok::Mapping) {
                auto m = make(NodeKind::Mapping, m_tok.pos);
                advance();
                m->children.push_back(std::move(value));
                m->children.push_back(parseExpr(11));
                owner->children.push_back(std::move(m));
                sawNamed = true;
            } else {
                if (sawNamed && owner->kind == NodeKind::Call)
                    unexpected();
                owner->children.push_back(std::move(value));
            }
            if (m_tok.type == Tok::Comma) {
                advance();
                continue;
            }
            expect(close);
            return;
        }
    }

    const QString &m_text;
    Lexer m_lexer;
    Token m_tok;
    int m_depth = 0;
};

} // namespace

std::unique_ptr<Node> parse(const QString &text)
{
    Parser p(text);
    return p.parseAll();
}

} // namespace squall::expr::yaql
