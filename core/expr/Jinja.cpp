#include "expr/Jinja.h"

#include "base/Python.h"
#include "expr/JinjaAst.h"
#include "expr/JinjaObjects.h"
#include "expr/Undefined.h"

#include <QHash>
#include <QMutex>

namespace squall::expr {

DictScope::DictScope(Value vars, const Scope *parent) : m_vars(std::move(vars)), m_parent(parent) { }

bool DictScope::lookup(QStringView name, Value *out) const
{
    if (m_vars.isDict()) {
        if (const Value *v = m_vars.toDict().find(name)) {
            *out = *v;
            return true;
        }
    } else if (m_vars.isObject()) {
        Value v = m_vars.toObject()->attribute(name.toString());
        if (!v.isNull()) {
            *out = std::move(v);
            return true;
        }
    }
    return m_parent && m_parent->lookup(name, out);
}

Template::Template() = default;
Template::~Template() = default;

std::shared_ptr<const Template> Template::compile(const QString &source)
{
    // Jinja normalises newlines to \n and drops one trailing newline
    // (keep_trailing_newline=False).
    QString src = source;
    if (src.contains(u'\r')) {
        src.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
        src.replace(u'\r', u'\n');
    }
    if (src.endsWith(u'\n'))
        src.chop(1);
    std::shared_ptr<Template> t(new Template);
    t->m_source = source;
    t->m_ast = jinja::parse(src);
    return t;
}

QString Template::render(const Scope &scope) const
{
    jinja::Frame root;
    jinja::Ctx ctx {&scope, &root};
    QString out;
    jinja::renderBody(m_ast->body, ctx, out);
    return out;
}

Value Template::evaluate(const Scope &scope) const
{
    if (!m_ast->singleExpr)
        return render(scope);
    jinja::Ctx ctx {&scope, nullptr};
    Value v = m_ast->singleExpr->eval(ctx);
    if (v.isObject()) {
        checkDefined(v);
        if (dynamic_cast<const jinja::LoopObject *>(v.toObject().get()) == nullptr)
            return py::resolved(v);
    }
    return v;
}

bool Template::isStatic() const
{
    return !m_ast->sawTags;
}

bool Template::isSingleExpression() const
{
    return m_ast->singleExpr != nullptr;
}

QStringList Template::undeclaredVariables() const
{
    jinja::Analysis a;
    jinja::analyzeBody(m_ast->body, a);
    return a.undeclared;
}

bool hasJinja(QStringView s)
{
    qsizetype i = 0;
    while ((i = s.indexOf(u'{', i)) >= 0) {
        if (i + 1 >= s.size())
            return false;
        const QChar c = s.at(i + 1);
        if (c == u'{' || c == u'%' || c == u'#')
            return true;
        ++i;
    }
    return false;
}

std::shared_ptr<const Template> cachedTemplate(const QString &source)
{
    static QMutex mutex;
    static QHash<QString, std::shared_ptr<const Template>> cache;
    constexpr qsizetype maxEntries = 4096;
    {
        QMutexLocker locker(&mutex);
        const auto it = cache.constFind(source);
        if (it != cache.cend())
            return *it;
    }
    auto t = Template::compile(source);  // outside the lock; may throw
    QMutexLocker locker(&mutex);
    if (cache.size() >= maxEntries)
        cache.clear();  // simple bound; templates are cheap to recompile
    cache.insert(source, t);
    return t;
}

QString renderString(const QString &source, const Value &vars)
{
    return cachedTemplate(source)->render(DictScope(vars));
}

Value evaluateTemplate(const QString &source, const Value &vars)
{
    return cachedTemplate(source)->evaluate(DictScope(vars));
}

namespace jinja {

Value LoopObject::attribute(const QString &name) const
{
    const qsizetype n = items ? items->size() : 0;
    if (name == u"index")
        return qint64(index0 + 1);
    if (name == u"index0")
        return qint64(index0);
    if (name == u"revindex")
        return qint64(n - index0);
    if (name == u"revindex0")
        return qint64(n - index0 - 1);
    if (name == u"first")
        return index0 == 0;
    if (name == u"last")
        return index0 == n - 1;
    if (name == u"length")
        return qint64(n);
    if (name == u"depth")
        return qint64(1);
    if (name == u"depth0")
        return qint64(0);
    if (name == u"previtem")
        return index0 > 0 && items ? items->at(index0 - 1)
                                   : undefinedWithMessage(QStringLiteral("there is no previous item"));
    if (name == u"nextitem")
        return index0 + 1 < n ? items->at(index0 + 1) : undefinedWithMessage(QStringLiteral("there is no next item"));
    return {};
}

Value LoopObject::resolve() const
{
    return QStringLiteral("<LoopContext %1/%2>").arg(index0 + 1).arg(items ? items->size() : 0);
}

} // namespace jinja

} // namespace squall::expr
