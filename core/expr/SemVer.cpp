#include "expr/St2Support.h"

#include "expr/Functions.h"

#include <QRegularExpression>

namespace squall::expr::st2 {

SemVer SemVer::parse(const QString &s)
{
    static const QRegularExpression re(QStringLiteral(
        "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
        "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
        "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$"));
    const auto m = re.match(s);
    if (!m.hasMatch())
        throwValueError(QStringLiteral("%1 is not valid SemVer string").arg(s));
    SemVer v;
    v.major = m.captured(1).toLongLong();
    v.minor = m.captured(2).toLongLong();
    v.patch = m.captured(3).toLongLong();
    v.prerelease = m.captured(4);
    v.build = m.captured(5);
    return v;
}

QString SemVer::toString() const
{
    QString s = QStringLiteral("%1.%2.%3").arg(major).arg(minor).arg(patch);
    if (!prerelease.isEmpty())
        s += u'-' + prerelease;
    if (!build.isEmpty())
        s += u'+' + build;
    return s;
}

namespace {

int cmp(qint64 a, qint64 b)
{
    return a < b ? -1 : (a > b ? 1 : 0);
}

int comparePrerelease(const QString &a, const QString &b)
{
    if (a.isEmpty() && b.isEmpty())
        return 0;
    if (a.isEmpty())
        return 1;  // a release ranks above any prerelease
    if (b.isEmpty())
        return -1;
    const QStringList pa = a.split(u'.'), pb = b.split(u'.');
    for (qsizetype i = 0; i < pa.size() && i < pb.size(); ++i) {
        bool na = false, nb = false;
        const qint64 ia = pa[i].toLongLong(&na), ib = pb[i].toLongLong(&nb);
        int c;
        if (na && nb)
            c = cmp(ia, ib);
        else if (na)
            c = -1;
        else if (nb)
            c = 1;
        else
            c = pa[i] < pb[i] ? -1 : (pa[i] > pb[i] ? 1 : 0);
        if (c)
            return c;
    }
    return cmp(pa.size(), pb.size());
}

} // namespace

int semverCompare(const QString &as, const QString &bs)
{
    const SemVer a = SemVer::parse(as), b = SemVer::parse(bs);
    if (int c = cmp(a.major, b.major))
        return c;
    if (int c = cmp(a.minor, b.minor))
        return c;
    if (int c = cmp(a.patch, b.patch))
        return c;
    return comparePrerelease(a.prerelease, b.prerelease);
}

bool semverMatch(const QString &version, const QString &expr)
{
    QString op, rest;
    for (const char16_t *candidate : {u">=", u"<=", u"==", u"!=", u">", u"<"}) {
        if (expr.startsWith(QStringView(candidate))) {
            op = QString::fromUtf16(candidate);
            rest = expr.mid(op.size());
            break;
        }
    }
    if (op.isEmpty())
        throwValueError(QStringLiteral("match_expr parameter should be in format <op><ver>, where <op> is one of "
                                       "['<', '>', '==', '<=', '>=', '!=']. You provided: %1").arg(expr));
    const int c = semverCompare(version, rest);
    if (op == u">=") return c >= 0;
    if (op == u"<=") return c <= 0;
    if (op == u"==") return c == 0;
    if (op == u"!=") return c != 0;
    if (op == u">") return c > 0;
    return c < 0;
}

} // namespace squall::expr::st2
