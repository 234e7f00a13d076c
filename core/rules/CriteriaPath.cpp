#include "rules/CriteriaPath.h"

#include "base/Error.h"
#include "base/Python.h"

namespace squall::rules {

struct CriteriaPath::Node
{
    enum Kind : quint8 { Fields, Root, This, Parent, Index, Slice, Child, Descendants, Union, Where, Intersect };
    Kind kind = Fields;
    QStringList fields;
    qint64 index = 0;
    std::optional<qint64> start, end;
    std::shared_ptr<const Node> left, right;
};

namespace {

using Node = CriteriaPath::Node;
using NodePtr = std::shared_ptr<const Node>;

[[noreturn]] void raise(const char *kind, const QString &message)
{
    throw SquallException(QString::fromLatin1(kind), message);
}

// ------------------------------------------------------------------ lexer

struct Token
{
    enum Type : quint8 { End, DoubleDot, Number, Id, Named, Where, Char } type = End;
    QString text;
    qint64 number = 0;
    qsizetype pos = 0;

    QString describe() const
    {
        static const char *const names[] = {"end", "DOUBLEDOT", "NUMBER", "ID", "NAMED_OPERATOR", "WHERE", "char"};
        if (type == End)
            return QStringLiteral("end of key");
        return QStringLiteral("'%1' (%2) at column %3")
            .arg(type == Number ? QString::number(number) : text,
                 type == Char ? text : QString::fromLatin1(names[type]))
            .arg(pos);
    }
};

bool isIdStart(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'_' || c == u'@';
}

bool isIdChar(QChar c)
{
    return isIdStart(c) || (c >= u'0' && c <= u'9') || c == u'-';
}

// jsonpath_rw's PLY lexer. Throws SquallException("JsonPathLexerError").
QList<Token> tokenize(const QString &s)
{
    QList<Token> out;
    const qsizetype n = s.size();
    qsizetype i = 0;
    while (i < n) {
        const QChar c = s.at(i);
        if (c == u' ' || c == u'\t' || c == u'\n') {
            ++i;
            continue;
        }
        Token t;
        t.pos = i;
        if (isIdStart(c)) {
            qsizetype j = i + 1;
            while (j < n && isIdChar(s.at(j)))
                ++j;
            t.text = s.mid(i, j - i);
            t.type = t.text == u"where" ? Token::Where : Token::Id;
            i = j;
        } else if (c.isDigit() || (c == u'-' && i + 1 < n && s.at(i + 1).isDigit())) {
            qsizetype j = i + 1;
            while (j < n && s.at(j).isDigit())
                ++j;
            qint64 v = 0;
            for (qsizetype k = c == u'-' ? i + 1 : i; k < j; ++k)
                v = v * 10 + s.at(k).digitValue();
            t.type = Token::Number;
            t.number = c == u'-' ? -v : v;
            t.text = s.mid(i, j - i);
            i = j;
        } else if (c == u'\'' || c == u'"' || c == u'`') {
            QString value;
            qsizetype j = i + 1;
            bool closed = false;
            while (j < n) {
                const QChar d = s.at(j);
                if (d == u'\\') {
                    if (j + 1 >= n || s.at(j + 1) == u'\n')
                        raise("JsonPathLexerError",
                              QStringLiteral("Error on line 1, col %1 while lexing quoted field: Unexpected character: \\")
                                  .arg(j));
                    value += s.at(j + 1);
                    j += 2;
                } else if (d == c) {
                    closed = true;
                    ++j;
                    break;
                } else {
                    value += d;
                    ++j;
                }
            }
            if (!closed)
                raise("JsonPathLexerError", QStringLiteral("Unexpected EOF in string literal or identifier"));
            t.type = c == u'`' ? Token::Named : Token::Id;
            t.text = value;
            i = j;
        } else if (c == u'.' && i + 1 < n && s.at(i + 1) == u'.') {
            t.type = Token::DoubleDot;
            t.text = QStringLiteral("..");
            i += 2;
        } else if (QStringView(u"*.[]()$,:|&").contains(c)) {
            t.type = Token::Char;
            t.text = c;
            ++i;
        } else {
            raise("JsonPathLexerError", QStringLiteral("Error on line 1, col %1: Unexpected character: %2").arg(i).arg(c));
        }
        out.append(t);
    }
    Token end;
    end.pos = n;
    out.append(end);
    return out;
}

// ----------------------------------------------------------------- parser

// Precedence climbing over jsonpath_rw's yacc grammar and precedence table.
class Parser
{
public:
    explicit Parser(QList<Token> tokens) : m_t(std::move(tokens)) { }

    NodePtr parseAll()
    {
        NodePtr n = expression(0);
        if (peek().type != Token::End)
            fail();
        return n;
    }

private:
    const Token &peek() const { return m_t.at(m_i); }
    bool isChar(const char16_t c) const { return peek().type == Token::Char && peek().text.at(0) == c; }
    [[noreturn]] void fail() const { raise("JsonPathParseError", QStringLiteral("Parse error near %1").arg(peek().describe())); }
    void expectChar(char16_t c)
    {
        if (!isChar(c))
            fail();
        ++m_i;
    }

    static NodePtr make(Node::Kind kind, NodePtr l = {}, NodePtr r = {})
    {
        auto n = std::make_shared<Node>();
        n->kind = kind;
        n->left = std::move(l);
        n->right = std::move(r);
        return n;
    }

    // Binding power of a binary operator at the cursor, 0 if none.
    int binaryPower(Node::Kind *kind) const
    {
        const Token &t = peek();
        if (t.type == Token::DoubleDot) {
            *kind = Node::Descendants;
            return 2;
        }
        if (t.type == Token::Where) {
            *kind = Node::Where;
            return 6;
        }
        if (t.type == Token::Char) {
            switch (t.text.at(0).unicode()) {
            case u'.': *kind = Node::Child; return 3;
            case u'|': *kind = Node::Union; return 4;
            case u'&': *kind = Node::Intersect; return 5;
            default: break;
            }
        }
        return 0;
    }

    NodePtr expression(int minPower)
    {
        NodePtr left = postfix();
        while (true) {
            Node::Kind kind;
            const int power = binaryPower(&kind);
            if (power == 0 || power <= minPower)
                return left;
            ++m_i;
            NodePtr right = expression(power);  // left-associative
            left = make(kind, left, right);
        }
    }

    NodePtr postfix()
    {
        NodePtr n = primary();
        while (isChar(u'['))
            n = make(Node::Child, n, bracket());
        return n;
    }

    QStringList fieldList()
    {
        QStringList names;
        while (true) {
            if (peek().type != Token::Id)
                fail();
            names.append(peek().text);
            ++m_i;
            if (!isChar(u','))
                return names;
            ++m_i;
        }
    }

    NodePtr fieldsNode(QStringList names)
    {
        auto n = std::make_shared<Node>();
        n->kind = Node::Fields;
        n->fields = std::move(names);
        return n;
    }

    NodePtr primary()
    {
        const Token &t = peek();
        if (t.type == Token::Id)
            return fieldsNode(fieldList());
        if (t.type == Token::Named) {
            ++m_i;
            if (t.text == u"this")
                return make(Node::This);
            if (t.text == u"parent")
                return make(Node::Parent);
            raise("JsonPathParseError", QStringLiteral("Unknown named operator `%1` at column %2").arg(t.text).arg(t.pos));
        }
        if (isChar(u'*')) {
            ++m_i;
            return fieldsNode({QStringLiteral("*")});
        }
        if (isChar(u'$')) {
            ++m_i;
            return make(Node::Root);
        }
        if (isChar(u'(')) {
            ++m_i;
            NodePtr inner = expression(0);
            expectChar(u')');
            return inner;
        }
        if (isChar(u'['))
            return bracket();
        fail();
    }

    // "[" (index | slice | fields) "]"
    NodePtr bracket()
    {
        expectChar(u'[');
        auto n = std::make_shared<Node>();
        if (peek().type == Token::Id) {
            n->kind = Node::Fields;
            n->fields = fieldList();
        } else if (isChar(u'*')) {
            ++m_i;
            n->kind = Node::Slice;
        } else {
            std::optional<qint64> first;
            if (peek().type == Token::Number) {
                first = peek().number;
                ++m_i;
            }
            if (isChar(u':')) {
                ++m_i;
                n->kind = Node::Slice;
                n->start = first;
                if (peek().type == Token::Number) {
                    n->end = peek().number;
                    ++m_i;
                }
            } else if (first) {
                n->kind = Node::Index;
                n->index = *first;
            } else {
                fail();
            }
        }
        expectChar(u']');
        return n;
    }

    QList<Token> m_t;
    qsizetype m_i = 0;
};

// -------------------------------------------------------------- evaluation

struct Datum
{
    Value value;
    std::shared_ptr<const Datum> context;
};
using Matches = QList<Datum>;

QString typeName(const Value &v)
{
    return QString::fromLatin1(v.typeName());
}

// Python's value[field] for a jsonpath field: dicts, and the datastore object.
bool fieldOf(const Value &v, const QString &name, Value *out)
{
    if (v.isDict()) {
        const Value *f = v.toDict().find(name);
        if (!f)
            return false;
        *out = *f;
        return true;
    }
    if (v.isObject()) {
        *out = v.toObject()->attribute(name);
        return true;
    }
    return false;
}

// jsonpath_rw Index.find: `if len(value) > index: value[index]`.
bool indexOf(const Value &v, qint64 index, Value *out)
{
    if (v.isList()) {
        const ValueList &list = v.toList();
        if (list.size() <= index)
            return false;
        const qint64 k = index < 0 ? list.size() + index : index;
        if (k < 0)
            raise("IndexError", QStringLiteral("list index out of range"));
        *out = list.at(k);
        return true;
    }
    if (v.isString()) {
        const QList<uint> cps = v.toString().toUcs4();
        if (cps.size() <= index)
            return false;
        const qint64 k = index < 0 ? cps.size() + index : index;
        if (k < 0)
            raise("IndexError", QStringLiteral("string index out of range"));
        const char32_t cp = cps.at(k);
        *out = QString::fromUcs4(&cp, 1);
        return true;
    }
    if (v.isDict()) {
        if (v.toDict().size() <= index)
            return false;
        raise("KeyError", QString::number(index));  // dict keys are strings
    }
    raise("TypeError", QStringLiteral("object of type '%1' has no len()").arg(typeName(v)));
}

Matches find(const Node &node, const Datum &datum);

void descend(const Node &right, const std::shared_ptr<const Datum> &d, Matches *out)
{
    out->append(find(right, *d));
    if (d->value.isList()) {
        for (const Value &child : d->value.toList())
            descend(right, std::make_shared<const Datum>(Datum {child, d}), out);
    } else if (d->value.isDict()) {
        for (const auto &[k, child] : d->value.toDict())
            descend(right, std::make_shared<const Datum>(Datum {child, d}), out);
    }
}

Matches find(const Node &node, const Datum &datum)
{
    Matches out;
    switch (node.kind) {
    case Node::Fields: {
        const auto parent = std::make_shared<const Datum>(datum);
        if (node.fields.contains(QStringLiteral("*"))) {
            if (datum.value.isDict()) {
                for (const auto &[k, child] : datum.value.toDict())
                    out.append(Datum {child, parent});
            }
            return out;
        }
        for (const QString &name : node.fields) {
            Value child;
            if (fieldOf(datum.value, name, &child))
                out.append(Datum {child, parent});
        }
        return out;
    }
    case Node::Root: {
        const Datum *d = &datum;
        while (d->context)
            d = d->context.get();
        out.append(Datum {d->value, {}});
        return out;
    }
    case Node::This:
        out.append(datum);
        return out;
    case Node::Parent:
        if (!datum.context)
            raise("AttributeError", QStringLiteral("'NoneType' object has no attribute 'value'"));
        out.append(*datum.context);
        return out;
    case Node::Index: {
        Value child;
        if (indexOf(datum.value, node.index, &child))
            out.append(Datum {child, std::make_shared<const Datum>(datum)});
        return out;
    }
    case Node::Slice: {
        // Dicts, ints and strings are sliced as a one-element list.
        const Value &v = datum.value;
        ValueList wrapped;
        if (v.isDict() || v.isInt() || v.isBool() || v.isString())
            wrapped.append(v);
        else if (!v.isList())
            raise("TypeError", QStringLiteral("object of type '%1' has no len()").arg(typeName(v)));
        const ValueList &list = v.isList() ? v.toList() : wrapped;
        const qint64 len = list.size();
        const auto clamp = [len](std::optional<qint64> x, qint64 dflt) {
            if (!x)
                return dflt;
            qint64 k = *x < 0 ? *x + len : *x;
            return qBound<qint64>(0, k, len);
        };
        const qint64 from = clamp(node.start, 0);
        const qint64 to = clamp(node.end, len);
        const auto parent = std::make_shared<const Datum>(Datum {Value(list), datum.context});
        for (qint64 k = from; k < to; ++k)
            out.append(Datum {list.at(k), parent});
        return out;
    }
    case Node::Child:
        for (const Datum &sub : find(*node.left, datum))
            out.append(find(*node.right, sub));
        return out;
    case Node::Descendants:
        for (const Datum &sub : find(*node.left, datum))
            descend(*node.right, std::make_shared<const Datum>(sub), &out);
        return out;
    case Node::Union:
        out = find(*node.left, datum);
        out.append(find(*node.right, datum));
        return out;
    case Node::Where:
        for (const Datum &sub : find(*node.left, datum)) {
            if (!find(*node.right, sub).isEmpty())
                out.append(sub);
        }
        return out;
    case Node::Intersect:
        raise("NotImplementedError", QStringLiteral("the '&' operator is not implemented by jsonpath_rw"));
    }
    return out;
}

// Flattens `root.a.b[0]...` (a Child chain of single plain names and indexes).
bool flatten(const Node &n, QStringList *names, QList<std::optional<qint64>> *indexes)
{
    switch (n.kind) {
    case Node::Child:
        return flatten(*n.left, names, indexes) && flatten(*n.right, names, indexes);
    case Node::Fields:
        if (n.fields.size() != 1 || n.fields.first() == u"*")
            return false;
        names->append(n.fields.first());
        indexes->append(std::nullopt);
        return true;
    case Node::Index:
        if (names->isEmpty())
            return false;
        names->append(QString());
        indexes->append(n.index);
        return true;
    default:
        return false;
    }
}

} // namespace

QString stripKeySuffix(const QString &key)
{
    const qsizetype hash = key.indexOf(u'#');
    return hash < 0 ? key : key.left(hash);
}

CriteriaPath::CriteriaPath() = default;
CriteriaPath::~CriteriaPath() = default;
CriteriaPath::CriteriaPath(const CriteriaPath &) = default;
CriteriaPath &CriteriaPath::operator=(const CriteriaPath &) = default;

CriteriaPath::CriteriaPath(const QString &key)
    : m_expr(stripKeySuffix(key))
{
    parse();
}

void CriteriaPath::parse()
{
    try {
        m_root = Parser(tokenize(m_expr)).parseAll();
    } catch (const SquallException &e) {
        m_error = QStringLiteral("invalid criteria key '%1': %2: %3").arg(m_expr, e.error().kind, e.error().message);
        return;
    }
    QStringList names;
    QList<std::optional<qint64>> indexes;
    if (flatten(*m_root, &names, &indexes) && indexes.first() == std::nullopt) {
        m_rootName = names.first();
        m_plainFields = true;
        for (qsizetype k = 1; k < names.size(); ++k) {
            m_chain.append({names.at(k), indexes.at(k)});
            if (indexes.at(k))
                m_plainFields = false;
        }
    }
}

ValueList CriteriaPath::findAll(const Value &context) const
{
    ValueList out;
    if (!isValid())
        return out;
    for (const Datum &d : find(*m_root, Datum {context, {}}))
        out.append(d.value);
    return out;
}

bool CriteriaPath::findFirst(const Value &context, Value *out) const
{
    if (!m_rootName.isEmpty()) {
        Value root;
        return fieldOf(context, m_rootName, &root) && findFirstBelowRoot(root, out);
    }
    const ValueList all = findAll(context);
    if (all.isEmpty())
        return false;
    *out = all.first();
    return true;
}

bool CriteriaPath::findFirstBelowRoot(const Value &rootValue, Value *out) const
{
    if (!isValid() || m_rootName.isEmpty())
        return false;
    // A chain has at most one match, so the first match is the only one and
    // no later match can raise: walking it directly is exact.
    Value cur = rootValue;
    for (const Step &step : m_chain) {
        Value next;
        const bool found = step.index ? indexOf(cur, *step.index, &next) : fieldOf(cur, step.name, &next);
        if (!found)
            return false;
        cur = std::move(next);
    }
    *out = std::move(cur);
    return true;
}

} // namespace squall::rules
