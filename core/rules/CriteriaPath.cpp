#include "rules/CriteriaPath.h"

#include "base/Python.h"

namespace squall::rules {

namespace {

bool isIdentStart(QChar c)
{
    return c.isLetter() || c == u'_' || c == u'@';
}

bool isIdentChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u'@' || c == u'-' || c == u'$';
}

// Field access on a payload value: dict keys, or attributes of a lazy object
// (the datastore namespace).
bool field(const Value &v, const QString &name, Value *out)
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

} // namespace

QString stripKeySuffix(const QString &key)
{
    const qsizetype hash = key.indexOf(u'#');
    return hash < 0 ? key : key.left(hash);
}

CriteriaPath::CriteriaPath(const QString &key)
    : m_expr(stripKeySuffix(key).trimmed())
{
    parse();
}

void CriteriaPath::parse()
{
    const QString &s = m_expr;
    const qsizetype n = s.size();
    qsizetype i = 0;
    const auto fail = [this](const QString &why) {
        m_error = QStringLiteral("invalid criteria key '%1': %2").arg(m_expr, why);
        m_steps.clear();
    };
    if (n == 0)
        return fail(QStringLiteral("empty key"));

    bool expectName = true;  // at the start or after '.'
    while (i < n) {
        const QChar c = s.at(i);
        if (expectName) {
            if (c == u'*') {
                m_steps.append({Step::AnyField, {}, 0, -1});
                ++i;
            } else if (c == u'\'' || c == u'"') {
                const qsizetype close = s.indexOf(c, i + 1);
                if (close < 0)
                    return fail(QStringLiteral("unterminated quote"));
                m_steps.append({Step::Field, s.mid(i + 1, close - i - 1), 0, -1});
                i = close + 1;
            } else if (isIdentStart(c) || c.isDigit()) {
                const qsizetype start = i;
                while (i < n && isIdentChar(s.at(i)))
                    ++i;
                m_steps.append({Step::Field, s.mid(start, i - start), 0, -1});
            } else if (c == u'[' && !m_steps.isEmpty()) {
                // "a.[0]" is not jsonpath; fall through to the bracket parser below.
                return fail(QStringLiteral("unexpected '[' at position %1").arg(i));
            } else {
                return fail(QStringLiteral("unexpected '%1' at position %2").arg(c).arg(i));
            }
            expectName = false;
            continue;
        }
        if (c == u'.') {
            if (i + 1 < n && s.at(i + 1) == u'.') {
                m_steps.append({Step::Descend, {}, 0, -1});
                i += 2;
            } else {
                ++i;
            }
            expectName = true;
            continue;
        }
        if (c == u'[') {
            const qsizetype close = [&] {
                // Skip over a quoted key so "]" inside quotes is allowed.
                qsizetype j = i + 1;
                while (j < n && s.at(j).isSpace())
                    ++j;
                if (j < n && (s.at(j) == u'\'' || s.at(j) == u'"')) {
                    const qsizetype q = s.indexOf(s.at(j), j + 1);
                    return q < 0 ? qsizetype(-1) : s.indexOf(u']', q);
                }
                return s.indexOf(u']', i);
            }();
            if (close < 0)
                return fail(QStringLiteral("missing ']'"));
            const QString inner = s.mid(i + 1, close - i - 1).trimmed();
            i = close + 1;
            if (inner == u"*") {
                m_steps.append({Step::AnyIndex, {}, 0, -1});
            } else if (inner.size() >= 2 && (inner.front() == u'\'' || inner.front() == u'"')
                       && inner.back() == inner.front()) {
                m_steps.append({Step::Field, inner.mid(1, inner.size() - 2), 0, -1});
            } else if (inner.contains(u':')) {
                const QStringList parts = inner.split(u':');
                bool ok1 = true;
                bool ok2 = true;
                const qsizetype from = parts.at(0).trimmed().isEmpty() ? 0 : parts.at(0).trimmed().toLongLong(&ok1);
                const qsizetype to = parts.value(1).trimmed().isEmpty() ? -1 : parts.value(1).trimmed().toLongLong(&ok2);
                if (!ok1 || !ok2 || from < 0)
                    return fail(QStringLiteral("bad slice [%1]").arg(inner));
                m_steps.append({Step::Slice, {}, from, to});
            } else {
                bool ok = false;
                const qsizetype idx = inner.toLongLong(&ok);
                if (!ok || idx < 0)
                    return fail(QStringLiteral("bad index [%1]").arg(inner));
                m_steps.append({Step::Index, {}, idx, -1});
            }
            continue;
        }
        return fail(QStringLiteral("unexpected '%1' at position %2").arg(c).arg(i));
    }
    if (expectName)
        return fail(QStringLiteral("key ends with '.'"));
}

QString CriteriaPath::rootName() const
{
    if (m_steps.isEmpty() || m_steps.first().kind != Step::Field)
        return {};
    return m_steps.first().name;
}

bool CriteriaPath::findFirst(const Value &root, Value *out) const
{
    if (!isValid())
        return false;
    return find(root, 0, out);
}

bool CriteriaPath::findFirstBelowRoot(const Value &rootValue, Value *out) const
{
    if (!isValid() || m_steps.isEmpty())
        return false;
    return find(rootValue, 1, out);
}

bool CriteriaPath::find(const Value &v, qsizetype stepIndex, Value *out) const
{
    if (stepIndex == m_steps.size()) {
        *out = v;
        return true;
    }
    const Step &step = m_steps.at(stepIndex);
    switch (step.kind) {
    case Step::Field: {
        Value child;
        return field(v, step.name, &child) && find(child, stepIndex + 1, out);
    }
    case Step::AnyField:
        if (v.isDict()) {
            for (const auto &[k, child] : v.toDict()) {
                if (find(child, stepIndex + 1, out))
                    return true;
            }
        }
        return false;
    case Step::Index:
        return v.isList() && step.index < v.toList().size() && find(v.toList().at(step.index), stepIndex + 1, out);
    case Step::AnyIndex:
    case Step::Slice:
        if (v.isList()) {
            const ValueList &list = v.toList();
            const qsizetype from = step.kind == Step::Slice ? step.index : 0;
            const qsizetype to = step.kind == Step::Slice && step.end >= 0 ? qMin(step.end, list.size()) : list.size();
            for (qsizetype i = from; i < to; ++i) {
                if (find(list.at(i), stepIndex + 1, out))
                    return true;
            }
        }
        return false;
    case Step::Descend:
        return descend(v, stepIndex + 1, out);
    }
    return false;
}

bool CriteriaPath::descend(const Value &v, qsizetype stepIndex, Value *out) const
{
    // `a..b`: b matched at this level or at any depth below it.
    if (find(v, stepIndex, out))
        return true;
    if (v.isDict()) {
        for (const auto &[k, child] : v.toDict()) {
            if (descend(child, stepIndex, out))
                return true;
        }
    } else if (v.isList()) {
        for (const Value &child : v.toList()) {
            if (descend(child, stepIndex, out))
                return true;
        }
    }
    return false;
}

} // namespace squall::rules
