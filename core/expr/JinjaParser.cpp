#include "expr/JinjaAst.h"

#include "expr/Functions.h"
#include "expr/JinjaLexer.h"

namespace squall::expr::jinja {

namespace {

class Parser
{
public:
    explicit Parser(QList<Token> toks) : t(std::move(toks)) { }

    const Token &cur() const { return t.at(p); }
    const Token &peek(int n = 1) const { return t.at(std::min<qsizetype>(p + n, t.size() - 1)); }
    void next()
    {
        if (p < t.size() - 1)
            ++p;
    }
    bool isOp(QStringView op) const { return cur().type == Tok::Operator && cur().text == op; }
    bool isName(QStringView n) const { return cur().type == Tok::Name && cur().text == n; }
    bool skipOp(QStringView op)
    {
        if (isOp(op)) {
            next();
            return true;
        }
        return false;
    }
    bool skipName(QStringView n)
    {
        if (isName(n)) {
            next();
            return true;
        }
        return false;
    }

    static QString describe(const Token &tok)
    {
        switch (tok.type) {
        case Tok::End: return QStringLiteral("end of template");
        case Tok::VarEnd: return QStringLiteral("end of print statement");
        case Tok::BlockEnd: return QStringLiteral("end of statement block");
        case Tok::VarBegin: return QStringLiteral("begin of print statement");
        case Tok::BlockBegin: return QStringLiteral("begin of statement block");
        case Tok::Data: return QStringLiteral("template data");
        case Tok::String: return QStringLiteral("string");
        case Tok::Integer: return QStringLiteral("integer");
        case Tok::Float: return QStringLiteral("float");
        default: return tok.text;
        }
    }

    [[noreturn]] void fail(const QString &msg) const { syntaxError(msg, cur().line, cur().column); }
    [[noreturn]] void unexpected() const { fail(QStringLiteral("unexpected '%1'").arg(describe(cur()))); }

    void expectOp(QStringView op)
    {
        if (!skipOp(op))
            fail(QStringLiteral("expected token '%1', got '%2'").arg(op, describe(cur())));
    }
    void expectBlockEnd()
    {
        if (cur().type != Tok::BlockEnd)
            fail(QStringLiteral("expected token 'end of statement block', got '%1'").arg(describe(cur())));
        next();
    }
    QString expectName()
    {
        if (cur().type != Tok::Name)
            fail(QStringLiteral("expected token 'name', got '%1'").arg(describe(cur())));
        QString n = cur().text;
        next();
        return n;
    }

    // Bounded nesting: a crafted template must not overflow the stack while it
    // is parsed, rendered, analysed or destroyed (all recursive over the tree).
    // The bound is on the tree's height, not only on the parser's recursion:
    // every operator that wraps what was parsed so far (1+1+1..., x|f|g...,
    // a.b.c...) counts as one more level for the rest of its chain. Python's
    // Jinja gives up at about the same depth (RecursionError, or CPython's
    // limit of 200 nested parentheses in the code Jinja compiles to).
    static constexpr int kMaxNesting = 256;
    class Nesting
    {
    public:
        explicit Nesting(Parser &parser) : m_parser(parser), m_entry(parser.m_nesting) { }
        ~Nesting() { m_parser.m_nesting = m_entry; }
        Nesting(const Nesting &) = delete;
        Nesting &operator=(const Nesting &) = delete;
        void deeper()
        {
            if (++m_parser.m_nesting > kMaxNesting)
                m_parser.fail(QStringLiteral("template nested too deeply (more than %1 levels)").arg(kMaxNesting));
        }

    private:
        Parser &m_parser;
        int m_entry;
    };

    template <typename T>
    std::unique_ptr<T> make(const Token &at)
    {
        auto n = std::make_unique<T>();
        n->line = at.line;
        n->column = at.column;
        return n;
    }

    // ---- statements ----

    // Parses until one of `endTags` is seen as the first name in a block; returns that tag
    // (the caller consumes it). Top level passes an empty list.
    QString subparse(Body &body, std::initializer_list<const char16_t *> endTags, const QString &blockName,
                     const Token &blockStart)
    {
        Q_UNUSED(blockStart);
        while (true) {
            const Token &tok = cur();
            switch (tok.type) {
            case Tok::Data: {
                auto n = make<TextStmt>(tok);
                n->text = tok.text;
                next();
                body.push_back(std::move(n));
                break;
            }
            case Tok::VarBegin: {
                next();
                auto n = make<OutputStmt>(tok);
                n->expr = parseTuple();
                if (cur().type != Tok::VarEnd)
                    fail(QStringLiteral("expected token 'end of print statement', got '%1'").arg(describe(cur())));
                next();
                body.push_back(std::move(n));
                break;
            }
            case Tok::BlockBegin: {
                next();
                if (cur().type != Tok::Name)
                    fail(QStringLiteral("tag name expected"));
                const QString tag = cur().text;
                for (const char16_t *e : endTags)
                    if (tag == QStringView(e))
                        return tag;
                body.push_back(parseStatement());
                break;
            }
            case Tok::End:
                if (endTags.size() == 0)
                    return {};
                {
                    QStringList expected;
                    for (const char16_t *e : endTags)
                        expected << QStringLiteral("'%1'").arg(QStringView(e));
                    syntaxError(QStringLiteral("Unexpected end of template. Jinja was looking for the following tags: %1. "
                                               "The innermost block that needs to be closed is '%2'.")
                                    .arg(expected.join(QStringLiteral(" or ")), blockName),
                                tok.line, tok.column);
                }
            default:
                unexpected();
            }
        }
    }

    StmtPtr parseStatement()
    {
        Nesting nesting(*this);
        nesting.deeper();
        const Token tagTok = cur();
        const QString tag = tagTok.text;
        if (tag == u"if")
            return parseIf(tagTok);
        if (tag == u"for")
            return parseFor(tagTok);
        if (tag == u"set")
            return parseSet(tagTok);
        if (tag == u"with")
            return parseWith(tagTok);
        if (tag == u"filter")
            return parseFilterBlock(tagTok);
        static const char16_t *const enders[] = {u"endif", u"endfor", u"else", u"elif", u"endset", u"endwith", u"endfilter"};
        for (const char16_t *e : enders)
            if (tag == QStringView(e))
                fail(QStringLiteral("Encountered unknown tag '%1'. Jinja was looking for the following tags: nothing; "
                                    "the tag '%1' is not expected here.").arg(tag));
        fail(QStringLiteral("Encountered unknown tag '%1'.").arg(tag));
    }

    StmtPtr parseIf(const Token &start)
    {
        auto n = make<IfStmt>(start);
        next();  // 'if'
        while (true) {
            ExprPtr cond = parseTuple(true);
            expectBlockEnd();
            Body body;
            const QString end = subparse(body, {u"elif", u"else", u"endif"}, QStringLiteral("if"), start);
            n->branches.emplace_back(std::move(cond), std::move(body));
            next();
            if (end == u"elif")
                continue;
            if (end == u"else") {
                expectBlockEnd();
                subparse(n->otherwise, {u"endif"}, QStringLiteral("if"), start);
                next();
            }
            expectBlockEnd();
            break;
        }
        return n;
    }

    StmtPtr parseFor(const Token &start)
    {
        auto n = make<ForStmt>(start);
        next();  // 'for'
        parseTargets(&n->targets, &n->unpack);
        if (!skipName(u"in"))
            fail(QStringLiteral("expected token 'in', got '%1'").arg(describe(cur())));
        n->iter = parseTuple(false, true);
        if (skipName(u"if"))
            n->filter = parseExpression();
        if (isName(u"recursive"))
            fail(QStringLiteral("recursive loops are not supported"));
        expectBlockEnd();
        const QString end = subparse(n->body, {u"endfor", u"else"}, QStringLiteral("for"), start);
        next();
        if (end == u"else") {
            expectBlockEnd();
            subparse(n->otherwise, {u"endfor"}, QStringLiteral("for"), start);
            next();
        }
        expectBlockEnd();
        return n;
    }

    void parseTargets(QStringList *targets, bool *unpack)
    {
        const bool paren = skipOp(u"(");
        targets->append(expectName());
        while (skipOp(u",")) {
            *unpack = true;
            if (cur().type != Tok::Name)
                break;
            targets->append(expectName());
        }
        if (paren) {
            *unpack = true;
            expectOp(u")");
        }
    }

    StmtPtr parseSet(const Token &start)
    {
        auto n = make<SetStmt>(start);
        next();  // 'set'
        if (cur().type == Tok::Name && peek().type == Tok::Operator && peek().text == u"." ) {
            n->targets << expectName();
            next();
            n->nsAttr = expectName();
        } else {
            parseTargets(&n->targets, &n->unpack);
        }
        if (skipOp(u"=")) {
            n->value = parseTuple();
            expectBlockEnd();
            return n;
        }
        if (n->unpack || !n->nsAttr.isEmpty())
            fail(QStringLiteral("expected token '=', got '%1'").arg(describe(cur())));
        expectBlockEnd();
        subparse(n->block, {u"endset"}, QStringLiteral("set"), start);
        next();
        expectBlockEnd();
        return n;
    }

    StmtPtr parseWith(const Token &start)
    {
        auto n = make<WithStmt>(start);
        next();
        while (cur().type != Tok::BlockEnd) {
            if (!n->assignments.empty())
                expectOp(u",");
            QString name = expectName();
            expectOp(u"=");
            n->assignments.emplace_back(name, parseExpression());
        }
        expectBlockEnd();
        subparse(n->body, {u"endwith"}, QStringLiteral("with"), start);
        next();
        expectBlockEnd();
        return n;
    }

    StmtPtr parseFilterBlock(const Token &start)
    {
        auto n = make<FilterBlockStmt>(start);
        next();
        auto placeholder = make<Name>(start);
        placeholder->name = QStringLiteral("__block__");
        ExprPtr e = std::move(placeholder);
        do {
            e = parseFilter(std::move(e));
        } while (skipOp(u"|"));
        n->filter = std::move(e);
        expectBlockEnd();
        subparse(n->body, {u"endfilter"}, QStringLiteral("filter"), start);
        next();
        expectBlockEnd();
        return n;
    }

    // ---- expressions ----

    ExprPtr parseTuple(bool simplified = false, bool noCondExpr = false)
    {
        const Token start = cur();
        auto parseOne = [&]() { return simplified ? parseExpression() : (noCondExpr ? parseOr() : parseExpression()); };
        ExprPtr first = parseOne();
        if (!isOp(u","))
            return first;
        auto list = make<ListExpr>(start);
        list->items.push_back(std::move(first));
        while (skipOp(u",")) {
            if (cur().type == Tok::VarEnd || cur().type == Tok::BlockEnd || isOp(u")"))
                break;
            list->items.push_back(parseOne());
        }
        return list;
    }

    ExprPtr parseExpression()
    {
        Nesting nesting(*this);
        nesting.deeper();
        const Token start = cur();
        ExprPtr e = parseOr();
        while (isName(u"if")) {
            nesting.deeper();
            next();
            auto c = make<CondExpr>(start);
            c->then = std::move(e);
            c->test = parseOr();
            if (skipName(u"else"))
                c->otherwise = parseExpression();
            e = std::move(c);
        }
        return e;
    }

    ExprPtr parseOr()
    {
        const Token start = cur();
        Nesting nesting(*this);
        ExprPtr left = parseAnd();
        while (skipName(u"or")) {
            nesting.deeper();
            auto n = make<Logical>(start);
            n->isAnd = false;
            n->left = std::move(left);
            n->right = parseAnd();
            left = std::move(n);
        }
        return left;
    }

    ExprPtr parseAnd()
    {
        const Token start = cur();
        Nesting nesting(*this);
        ExprPtr left = parseNot();
        while (skipName(u"and")) {
            nesting.deeper();
            auto n = make<Logical>(start);
            n->left = std::move(left);
            n->right = parseNot();
            left = std::move(n);
        }
        return left;
    }

    ExprPtr parseNot()
    {
        const Token start = cur();
        if (skipName(u"not")) {
            Nesting nesting(*this);
            nesting.deeper();
            auto n = make<Unary>(start);
            n->op = '!';
            n->operand = parseNot();
            return n;
        }
        return parseCompare();
    }

    ExprPtr parseCompare()
    {
        const Token start = cur();
        ExprPtr first = parseMath1();
        std::unique_ptr<Compare> cmp;
        while (true) {
            CmpOp op;
            if (isOp(u"=="))
                op = CmpOp::Eq;
            else if (isOp(u"!="))
                op = CmpOp::Ne;
            else if (isOp(u"<"))
                op = CmpOp::Lt;
            else if (isOp(u"<="))
                op = CmpOp::Le;
            else if (isOp(u">"))
                op = CmpOp::Gt;
            else if (isOp(u">="))
                op = CmpOp::Ge;
            else if (isName(u"in"))
                op = CmpOp::In;
            else if (isName(u"not") && peek().type == Tok::Name && peek().text == u"in") {
                next();
                op = CmpOp::NotIn;
            } else
                break;
            next();
            if (!cmp) {
                cmp = make<Compare>(start);
                cmp->first = std::move(first);
            }
            cmp->rest.emplace_back(op, parseMath1());
        }
        if (cmp)
            return cmp;
        return first;
    }

    ExprPtr binary(const Token &start, ops::BinOp op, ExprPtr l, ExprPtr r)
    {
        auto n = make<Binary>(start);
        n->op = op;
        n->left = std::move(l);
        n->right = std::move(r);
        return n;
    }

    ExprPtr parseMath1()
    {
        const Token start = cur();
        Nesting nesting(*this);
        ExprPtr left = parseConcat();
        while (isOp(u"+") || isOp(u"-")) {
            nesting.deeper();
            const ops::BinOp op = isOp(u"+") ? ops::BinOp::Add : ops::BinOp::Sub;
            next();
            left = binary(start, op, std::move(left), parseConcat());
        }
        return left;
    }

    ExprPtr parseConcat()
    {
        const Token start = cur();
        ExprPtr first = parseMath2();
        if (!isOp(u"~"))
            return first;
        auto n = make<Concat>(start);
        n->parts.push_back(std::move(first));
        while (skipOp(u"~"))
            n->parts.push_back(parseMath2());
        return n;
    }

    ExprPtr parseMath2()
    {
        const Token start = cur();
        Nesting nesting(*this);
        ExprPtr left = parsePow();
        while (true) {
            ops::BinOp op;
            if (isOp(u"*"))
                op = ops::BinOp::Mul;
            else if (isOp(u"/"))
                op = ops::BinOp::Div;
            else if (isOp(u"//"))
                op = ops::BinOp::FloorDiv;
            else if (isOp(u"%"))
                op = ops::BinOp::Mod;
            else
                break;
            nesting.deeper();
            next();
            left = binary(start, op, std::move(left), parsePow());
        }
        return left;
    }

    ExprPtr parsePow()
    {
        const Token start = cur();
        Nesting nesting(*this);
        ExprPtr left = parseUnary();
        while (skipOp(u"**")) {
            nesting.deeper();
            left = binary(start, ops::BinOp::Pow, std::move(left), parseUnary());
        }
        return left;
    }

    ExprPtr parseUnary(bool withFilter = true)
    {
        const Token start = cur();
        ExprPtr node;
        Nesting nesting(*this);
        if (isOp(u"-") || isOp(u"+")) {
            nesting.deeper();
            auto n = make<Unary>(start);
            n->op = isOp(u"-") ? '-' : '+';
            next();
            n->operand = parseUnary(false);
            node = std::move(n);
        } else {
            node = parsePrimary();
        }
        node = parsePostfix(std::move(node));
        if (withFilter)
            node = parseFilterExpr(std::move(node));
        return node;
    }

    ExprPtr parsePrimary()
    {
        const Token tok = cur();
        switch (tok.type) {
        case Tok::Name: {
            next();
            auto c = make<Const>(tok);
            if (tok.text == u"true" || tok.text == u"True")
                c->value = true;
            else if (tok.text == u"false" || tok.text == u"False")
                c->value = false;
            else if (tok.text == u"none" || tok.text == u"None")
                c->value = Value();
            else {
                auto n = make<Name>(tok);
                n->name = tok.text;
                return n;
            }
            return c;
        }
        case Tok::String: {
            QString s = tok.text;
            next();
            while (cur().type == Tok::String) {
                s += cur().text;
                next();
            }
            auto c = make<Const>(tok);
            c->value = s;
            return c;
        }
        case Tok::Integer:
        case Tok::Float: {
            next();
            auto c = make<Const>(tok);
            c->value = tok.number;
            return c;
        }
        case Tok::Operator:
            if (tok.text == u"(") {
                next();
                if (skipOp(u")")) {
                    auto l = make<ListExpr>(tok);
                    return l;
                }
                ExprPtr e = parseTuple();
                expectOp(u")");
                return e;
            }
            if (tok.text == u"[") {
                next();
                auto l = make<ListExpr>(tok);
                while (!isOp(u"]")) {
                    if (!l->items.empty())
                        expectOp(u",");
                    if (isOp(u"]"))
                        break;
                    l->items.push_back(parseExpression());
                }
                expectOp(u"]");
                return l;
            }
            if (tok.text == u"{") {
                next();
                auto d = make<DictExpr>(tok);
                while (!isOp(u"}")) {
                    if (!d->items.empty())
                        expectOp(u",");
                    if (isOp(u"}"))
                        break;
                    ExprPtr k = parseExpression();
                    expectOp(u":");
                    d->items.emplace_back(std::move(k), parseExpression());
                }
                expectOp(u"}");
                return d;
            }
            break;
        default:
            break;
        }
        unexpected();
    }

    ExprPtr parsePostfix(ExprPtr node)
    {
        Nesting nesting(*this);
        while (true) {
            const Token tok = cur();
            if (isOp(u".") || isOp(u"[") || isOp(u"("))
                nesting.deeper();
            if (isOp(u".")) {
                next();
                if (cur().type == Tok::Name) {
                    auto g = make<Getattr>(tok);
                    g->object = std::move(node);
                    g->attr = cur().text;
                    next();
                    node = std::move(g);
                } else if (cur().type == Tok::Integer) {
                    auto g = make<Getitem>(tok);
                    g->object = std::move(node);
                    auto c = make<Const>(cur());
                    c->value = cur().number;
                    g->key = std::move(c);
                    next();
                    node = std::move(g);
                } else {
                    fail(QStringLiteral("expected name or number"));
                }
            } else if (isOp(u"[")) {
                next();
                node = parseSubscript(tok, std::move(node));
            } else if (isOp(u"(")) {
                node = parseCall(std::move(node));
            } else {
                return node;
            }
        }
    }

    ExprPtr parseSubscript(const Token &tok, ExprPtr object)
    {
        ExprPtr parts[3];
        bool isSlice = false;
        int idx = 0;
        if (!isOp(u":"))
            parts[0] = parseExpression();
        while (isOp(u":") && idx < 2) {
            isSlice = true;
            next();
            ++idx;
            if (!isOp(u":") && !isOp(u"]"))
                parts[idx] = parseExpression();
        }
        expectOp(u"]");
        if (isSlice) {
            auto s = make<SliceExpr>(tok);
            s->object = std::move(object);
            s->start = std::move(parts[0]);
            s->stop = std::move(parts[1]);
            s->step = std::move(parts[2]);
            return s;
        }
        auto g = make<Getitem>(tok);
        g->object = std::move(object);
        g->key = std::move(parts[0]);
        // Constant string subscripts behave as attribute lookups with item priority.
        return g;
    }

    void parseArgs(Args &args)
    {
        expectOp(u"(");
        bool first = true;
        while (!isOp(u")")) {
            if (!first)
                expectOp(u",");
            if (isOp(u")"))
                break;
            first = false;
            if (cur().type == Tok::Name && peek().type == Tok::Operator && peek().text == u"=") {
                const QString key = cur().text;
                next();
                next();
                args.keywords.emplace_back(key, parseExpression());
            } else {
                if (!args.keywords.empty())
                    fail(QStringLiteral("invalid syntax for function call expression"));
                args.positional.push_back(parseExpression());
            }
        }
        expectOp(u")");
    }

    ExprPtr parseCall(ExprPtr callee)
    {
        const Token tok = cur();
        auto c = make<Call>(tok);
        c->callee = std::move(callee);
        parseArgs(c->args);
        return c;
    }

    ExprPtr parseFilter(ExprPtr value)
    {
        const Token tok = cur();
        QString name = expectName();
        while (isOp(u".")) {
            next();
            name += u'.' + expectName();
        }
        auto f = make<FilterExpr>(tok);
        f->value = std::move(value);
        f->name = name;
        f->slot = FunctionRegistry::instance().filter(name);
        if (!f->slot)
            syntaxError(QStringLiteral("No filter named '%1'.").arg(name), tok.line, tok.column);
        f->acceptsUndefined = name == u"default" || name == u"d";
        if (isOp(u"("))
            parseArgs(f->args);
        return f;
    }

    ExprPtr parseFilterExpr(ExprPtr node)
    {
        Nesting nesting(*this);
        while (true) {
            if (isOp(u"|") || isName(u"is") || isOp(u"("))
                nesting.deeper();
            if (skipOp(u"|")) {
                node = parseFilter(std::move(node));
            } else if (isName(u"is")) {
                const Token tok = cur();
                next();
                auto t = make<TestExpr>(tok);
                t->negate = skipName(u"not");
                t->name = expectName();
                t->test = findTest(t->name);
                if (!t->test)
                    syntaxError(QStringLiteral("No test named '%1'.").arg(t->name), tok.line, tok.column);
                t->value = std::move(node);
                if (isOp(u"(")) {
                    parseArgs(t->args);
                } else if ((cur().type == Tok::Name || cur().type == Tok::String || cur().type == Tok::Integer
                            || cur().type == Tok::Float || isOp(u"(") || isOp(u"[") || isOp(u"{"))
                           && !isName(u"else") && !isName(u"or") && !isName(u"and")) {
                    if (isName(u"is"))
                        fail(QStringLiteral("You cannot chain multiple tests with is"));
                    ExprPtr arg = parsePostfix(parsePrimary());
                    t->args.positional.push_back(std::move(arg));
                }
                node = std::move(t);
            } else if (isOp(u"(")) {
                node = parseCall(std::move(node));
            } else {
                return node;
            }
        }
    }

    QList<Token> t;
    qsizetype p = 0;
    int m_nesting = 0;
};

} // namespace

std::unique_ptr<TemplateAst> parse(const QString &source)
{
    LexResult lr = lex(source);
    Parser parser(std::move(lr.tokens));
    auto ast = std::make_unique<TemplateAst>();
    ast->sawTags = lr.sawTags;
    Token start;
    parser.subparse(ast->body, {}, QString(), start);
    // Exactly one {{ expr }} with only whitespace around it keeps its native type.
    const OutputStmt *single = nullptr;
    bool ok = true;
    for (const auto &s : ast->body) {
        if (auto *o = dynamic_cast<const OutputStmt *>(s.get())) {
            if (single)
                ok = false;
            single = o;
        } else if (auto *txt = dynamic_cast<const TextStmt *>(s.get())) {
            if (!txt->text.trimmed().isEmpty())
                ok = false;
        } else {
            ok = false;
        }
    }
    if (ok && single)
        ast->singleExpr = single->expr.get();
    return ast;
}

} // namespace squall::expr::jinja
