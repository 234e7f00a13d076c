#include "expr/St2Support.h"

#include "base/Python.h"
#include "expr/Functions.h"

namespace squall::expr::st2 {

namespace {

struct Step
{
    enum Kind { Field, Index, Wildcard, Descend } kind;
    QString name;   // Field / Descend (empty name with Descend+wildcard = "*")
    qint64 index = 0;
};

QList<Step> parsePath(const QString &path)
{
    QList<Step> steps;
    qsizetype i = 0;
    const qsizetype n = path.size();
    auto fail = [&]() { throwValueError(QStringLiteral("Parse error in jsonpath %1 near position %2").arg(py::repr(QStringView(path))).arg(i)); };
    auto readName = [&]() {
        const qsizetype st = i;
        while (i < n && (path.at(i).isLetterOrNumber() || path.at(i) == u'_' || path.at(i) == u'-' || path.at(i) == u'@'))
            ++i;
        if (i == st)
            fail();
        return path.mid(st, i - st);
    };
    bool expectName = true;
    while (i < n) {
        const QChar c = path.at(i);
        if (c.isSpace()) {
            ++i;
            continue;
        }
        if (c == u'$') {
            ++i;
            expectName = false;
            continue;
        }
        if (c == u'.') {
            if (i + 1 < n && path.at(i + 1) == u'.') {
                i += 2;
                if (i < n && path.at(i) == u'*') {
                    ++i;
                    steps.append({Step::Descend, QString(), 0});
                } else {
                    steps.append({Step::Descend, readName(), 0});
                }
                expectName = false;
                continue;
            }
            ++i;
            expectName = true;
            continue;
        }
        if (c == u'[') {
            const qsizetype close = path.indexOf(u']', i);
            if (close < 0)
                fail();
            const QString inner = path.mid(i + 1, close - i - 1).trimmed();
            i = close + 1;
            if (inner == u"*") {
                steps.append({Step::Wildcard, QString(), 0});
            } else if (inner.size() >= 2 && (inner.front() == u'\'' || inner.front() == u'"') && inner.back() == inner.front()) {
                steps.append({Step::Field, inner.mid(1, inner.size() - 2), 0});
            } else {
                bool ok = false;
                const qint64 idx = inner.toLongLong(&ok);
                if (!ok)
                    fail();
                steps.append({Step::Index, QString(), idx});
            }
            expectName = false;
            continue;
        }
        if (c == u'*') {
            ++i;
            steps.append({Step::Wildcard, QString(), 0});
            expectName = false;
            continue;
        }
        if (!expectName && !steps.isEmpty())
            fail();
        if (c == u'\'' || c == u'"') {
            const qsizetype close = path.indexOf(c, i + 1);
            if (close < 0)
                fail();
            steps.append({Step::Field, path.mid(i + 1, close - i - 1), 0});
            i = close + 1;
        } else {
            steps.append({Step::Field, readName(), 0});
        }
        expectName = false;
    }
    return steps;
}

void descend(const Value &v, const QString &name, ValueList &out)
{
    const Value r = py::resolved(v);
    if (r.isDict()) {
        if (name.isEmpty()) {
            for (const auto &e : r.toDict())
                out.append(e.second);
        } else if (const Value *f = r.toDict().find(name)) {
            out.append(*f);
        }
        for (const auto &e : r.toDict())
            descend(e.second, name, out);
    } else if (r.isList()) {
        for (const Value &e : r.toList()) {
            if (name.isEmpty())
                out.append(e);
            descend(e, name, out);
        }
    }
}

} // namespace

ValueList jsonPathQuery(const Value &root, const QString &path)
{
    const QList<Step> steps = parsePath(path);
    ValueList cur {root};
    for (const Step &s : steps) {
        ValueList next;
        for (const Value &v0 : cur) {
            const Value v = py::resolved(v0);
            switch (s.kind) {
            case Step::Field:
                if (v.isDict()) {
                    if (s.name == u"*") {
                        for (const auto &e : v.toDict())
                            next.append(e.second);
                    } else if (const Value *f = v.toDict().find(s.name)) {
                        next.append(*f);
                    }
                }
                break;
            case Step::Index:
                if (v.isList()) {
                    const ValueList &l = v.toList();
                    const qint64 idx = s.index < 0 ? s.index + l.size() : s.index;
                    if (idx >= 0 && idx < l.size())
                        next.append(l.at(idx));
                }
                break;
            case Step::Wildcard:
                if (v.isList())
                    next.append(v.toList());
                else if (v.isDict())
                    for (const auto &e : v.toDict())
                        next.append(e.second);
                break;
            case Step::Descend:
                descend(v, s.name, next);
                break;
            }
        }
        cur = std::move(next);
    }
    return cur;
}

} // namespace squall::expr::st2
