#include "expr/Functions.h"

#include "base/Error.h"
#include "base/Json.h"
#include "base/Python.h"
#include "base/Yaml.h"
#include "expr/FunctionHost.h"
#include "expr/PyJson.h"
#include "expr/PyOps.h"
#include "expr/St2Support.h"
#include "expr/Undefined.h"

#include <QDate>
#include <QHash>

#include <cmath>

// StackStorm's custom Jinja filters (st2common/expressions/functions/*),
// registered as both filters and global functions, as orquesta does.
namespace squall::expr {

namespace {

const QString noneMagic = QStringLiteral("%*****__%NONE%__*****%");

QString valueStr(const Value &v)
{
    return py::str(py::resolved(checkDefined(v)));
}

Value sortedKeys(const Value &v)
{
    if (v.isDict()) {
        QList<ValueDict::Entry> entries = v.toDict().entries();
        std::stable_sort(entries.begin(), entries.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
        ValueDict d;
        for (const auto &[k, val] : entries)
            d.insert(k, sortedKeys(val));
        return d;
    }
    if (v.isList()) {
        ValueList l;
        for (const Value &e : v.toList())
            l.append(sortedKeys(e));
        return l;
    }
    return py::resolved(v);
}

QString humanTime(const Value &v)
{
    if (v.isNull())
        return QString();
    if (!v.isNumber())
        throw SquallException(QStringLiteral("AssertionError"), QString());
    if (v.isDouble() ? v.toDouble() == 0 : v.toInt() == 0)
        return QStringLiteral("0s");
    if (v.toDouble() < 1)
        return py::str(v) + QChar(0x03BC) + u's';
    qint64 secs = v.isDouble() ? qint64(std::nearbyint(v.toDouble())) : v.toInt();
    // datetime(1, 1, 1) + timedelta: days overflow into months, which st2
    // then ignores; years are 365-day spans in that proleptic calendar.
    qint64 days = secs / 86400;
    secs %= 86400;
    const qint64 hours = secs / 3600;
    const qint64 mins = (secs % 3600) / 60;
    const qint64 s = secs % 60;
    // Walk the calendar from 0001-01-01 to recover year and day-of-month.
    QDate d(1, 1, 1);
    d = d.addDays(days);
    const qint64 years = d.year() - 1;
    const qint64 dom = d.day() - 1;
    const qint64 parts[] = {years, dom, hours, mins, s};
    int first = 0;
    while (first < 5 && parts[first] == 0)
        ++first;
    if (first == 5)
        return QStringLiteral("0s");
    static const char16_t *const units[] = {u"y", u"d", u"h", u"m", u"s"};
    QString out;
    for (int i = first; i < 5; ++i)
        out += QString::number(parts[i]) + QStringView(units[i]);
    return out;
}

QString posixBasename(const QString &p)
{
    const qsizetype i = p.lastIndexOf(u'/');
    return p.mid(i + 1);
}

QString posixDirname(const QString &p)
{
    const qsizetype i = p.lastIndexOf(u'/') + 1;
    QString head = p.left(i);
    bool allSlashes = true;
    for (QChar c : head)
        allSlashes = allSlashes && c == u'/';
    if (!head.isEmpty() && !allSlashes)
        while (head.endsWith(u'/'))
            head.chop(1);
    return head;
}

#define ARGS(fn, ...) ArgBinder a(fn, args, kwargs, {__VA_ARGS__})

} // namespace

void registerSt2Functions(FunctionRegistry &r)
{
    using VL = const ValueList &;
    using VD = const ValueDict &;
    using CC = const CallContext &;

    auto fromJson = [](VL args, VD kwargs, CC) -> Value {
        ARGS("from_json_string", "value");
        json::ParseError err;
        const QString text = valueStr(a.at(0));
        Value v = json::parse(QStringView(text), &err);
        if (!err.ok())
            throw SquallException(QStringLiteral("JSONDecodeError"),
                                  QStringLiteral("%1: line %2 column %3").arg(err.message).arg(err.line).arg(err.column));
        return v;
    };
    r.add(QStringLiteral("from_json_string"), fromJson);
    r.add(QStringLiteral("json_parse"), fromJson);

    auto fromYaml = [](VL args, VD kwargs, CC) -> Value {
        ARGS("from_yaml_string", "value");
        return yaml::load(valueStr(a.at(0)).toUtf8()).value;
    };
    r.add(QStringLiteral("from_yaml_string"), fromYaml);
    r.add(QStringLiteral("yaml_parse"), fromYaml);

    auto toJson = [](VL args, VD kwargs, CC) -> Value {
        ARGS("to_json_string", "value", "indent", "sort_keys", "separators");
        const Value indent = a.get(1);
        const bool sortKeys = py::truthy(a.get(2, false));
        QString itemSep = QStringLiteral(","), keySep = QStringLiteral(": ");
        if (a.has(3) && !a.get(3).isNull()) {
            const ValueList seps = ops::iterate(a.get(3));
            if (seps.size() != 2)
                throwValueError(QStringLiteral("separators must be an (item_separator, key_separator) pair"));
            itemSep = valueStr(seps.at(0));
            keySep = valueStr(seps.at(1));
        }
        return pyJsonDumps(a.at(0), indent.isNull() ? -1 : int(indent.toInt()), sortKeys, itemSep, keySep);
    };
    r.add(QStringLiteral("to_json_string"), toJson);
    r.add(QStringLiteral("json_dump"), toJson);

    auto toYaml = [](VL args, VD kwargs, CC) -> Value {
        ARGS("to_yaml_string", "value", "indent", "allow_unicode");
        // PyYAML's safe_dump sorts mapping keys.
        return yaml::dump(sortedKeys(a.at(0)));
    };
    r.add(QStringLiteral("to_yaml_string"), toYaml);
    r.add(QStringLiteral("yaml_dump"), toYaml);

    r.add(QStringLiteral("to_complex"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("to_complex", "value");
        return pyJsonDumps(a.at(0));
    });
    r.add(QStringLiteral("json_escape"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("json_escape", "value");
        QString s = pyJsonDumps(a.at(0));
        qsizetype b = 0, e = s.size();
        while (b < e && s.at(b) == u'"')
            ++b;
        while (e > b && s.at(e - 1) == u'"')
            --e;
        return s.mid(b, e - b);
    });
    r.add(QStringLiteral("jsonpath_query"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("jsonpath_query", "value", "query");
        const ValueList matches = st2::jsonPathQuery(a.at(0), valueStr(a.get(1)));
        if (matches.isEmpty())
            return Value();
        return matches;
    });
    r.add(QStringLiteral("use_none"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("use_none", "value");
        const Value v = a.at(0);
        if (v.isNull())
            return noneMagic;
        return v;
    });

    // Regex
    r.add(QStringLiteral("regex_match"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("regex_match", "value", "pattern", "ignorecase");
        const QRegularExpression re = st2::pythonRegex(valueStr(a.get(1)), py::truthy(a.get(2, false)));
        return re.match(valueStr(a.at(0)), 0, QRegularExpression::NormalMatch,
                        QRegularExpression::AnchorAtOffsetMatchOption).hasMatch();
    });
    r.add(QStringLiteral("regex_search"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("regex_search", "value", "pattern", "ignorecase");
        const QRegularExpression re = st2::pythonRegex(valueStr(a.get(1)), py::truthy(a.get(2, false)));
        return re.match(valueStr(a.at(0))).hasMatch();
    });
    r.add(QStringLiteral("regex_replace"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("regex_replace", "value", "pattern", "replacement", "ignorecase");
        const QRegularExpression re = st2::pythonRegex(valueStr(a.get(1)), py::truthy(a.get(3, false)));
        return st2::pythonSub(re, valueStr(a.get(2)), valueStr(a.at(0)));
    });
    r.add(QStringLiteral("regex_substring"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("regex_substring", "value", "pattern", "result_index", "ignorecase");
        const QRegularExpression re = st2::pythonRegex(valueStr(a.get(1)), py::truthy(a.get(3, false)));
        const ValueList all = st2::pythonFindAll(re, valueStr(a.at(0)));
        qint64 idx = a.get(2, qint64(0)).toInt();
        if (idx < 0)
            idx += all.size();
        if (idx < 0 || idx >= all.size())
            throw SquallException(QStringLiteral("IndexError"), QStringLiteral("list index out of range"));
        return all.at(idx);
    });

    r.add(QStringLiteral("to_human_time_from_seconds"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("to_human_time_from_seconds", "seconds");
        return humanTime(a.at(0));
    });

    // Versions
    r.add(QStringLiteral("version_compare"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("version_compare", "value", "pattern");
        return qint64(st2::semverCompare(valueStr(a.at(0)), valueStr(a.get(1))));
    });
    r.add(QStringLiteral("version_more_than"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("version_more_than", "value", "pattern");
        return st2::semverCompare(valueStr(a.at(0)), valueStr(a.get(1))) == 1;
    });
    r.add(QStringLiteral("version_less_than"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("version_less_than", "value", "pattern");
        return st2::semverCompare(valueStr(a.at(0)), valueStr(a.get(1))) == -1;
    });
    r.add(QStringLiteral("version_equal"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("version_equal", "value", "pattern");
        return st2::semverCompare(valueStr(a.at(0)), valueStr(a.get(1))) == 0;
    });
    r.add(QStringLiteral("version_match"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("version_match", "value", "pattern");
        return st2::semverMatch(valueStr(a.at(0)), valueStr(a.get(1)));
    });
    r.add(QStringLiteral("version_bump_major"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("version_bump_major", "value");
        st2::SemVer v = st2::SemVer::parse(valueStr(a.at(0)));
        return QStringLiteral("%1.0.0").arg(v.major + 1);
    });
    r.add(QStringLiteral("version_bump_minor"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("version_bump_minor", "value");
        st2::SemVer v = st2::SemVer::parse(valueStr(a.at(0)));
        return QStringLiteral("%1.%2.0").arg(v.major).arg(v.minor + 1);
    });
    r.add(QStringLiteral("version_bump_patch"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("version_bump_patch", "value");
        st2::SemVer v = st2::SemVer::parse(valueStr(a.at(0)));
        return QStringLiteral("%1.%2.%3").arg(v.major).arg(v.minor).arg(v.patch + 1);
    });
    r.add(QStringLiteral("version_strip_patch"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("version_strip_patch", "value");
        st2::SemVer v = st2::SemVer::parse(valueStr(a.at(0)));
        return QStringLiteral("%1.%2").arg(v.major).arg(v.minor);
    });

    // Paths
    r.add(QStringLiteral("basename"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("basename", "path");
        return posixBasename(valueStr(a.at(0)));
    });
    r.add(QStringLiteral("dirname"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("dirname", "path");
        return posixDirname(valueStr(a.at(0)));
    });

    // Datastore: the engine evaluating the template lends the decrypting version.
    r.add(QStringLiteral("decrypt_kv"), [](VL args, VD kwargs, CC cc) -> Value {
        if (const Function *hosted = hostedFunction(cc, u"decrypt_kv"))
            return (*hosted)(args, kwargs, cc);
        ARGS("decrypt_kv", "value");
        throw SquallException(QStringLiteral("TemplateError"),
                              QStringLiteral("decrypt_kv is not available: no datastore is attached to this engine"));
    });
}

namespace st2 {

QRegularExpression pythonRegex(const QString &pattern, bool ignoreCase, bool dotAll)
{
    thread_local QHash<QString, QRegularExpression> cache;
    const QString key = pattern + QChar(ignoreCase ? u'1' : u'0') + QChar(dotAll ? u'1' : u'0');
    if (auto it = cache.constFind(key); it != cache.cend())
        return *it;
    // Python-only spellings: \Z is PCRE's \z; (?P<n>..) and (?P=n) are accepted by PCRE2.
    QString p;
    p.reserve(pattern.size());
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        if (pattern.at(i) == u'\\' && i + 1 < pattern.size()) {
            if (pattern.at(i + 1) == u'Z')
                p += QStringLiteral("\\z");
            else
                p += pattern.mid(i, 2);
            ++i;
            continue;
        }
        p += pattern.at(i);
    }
    QRegularExpression::PatternOptions opts = QRegularExpression::UseUnicodePropertiesOption;
    if (ignoreCase)
        opts |= QRegularExpression::CaseInsensitiveOption;
    if (dotAll)
        opts |= QRegularExpression::DotMatchesEverythingOption;
    QRegularExpression re(p, opts);
    if (!re.isValid())
        throw SquallException(QStringLiteral("re.error"),
                              QStringLiteral("%1 at position %2").arg(re.errorString()).arg(re.patternErrorOffset()));
    if (cache.size() > 256)
        cache.clear();
    cache.insert(key, re);
    return re;
}

QString pythonSub(const QRegularExpression &re, const QString &repl, const QString &subject, qint64 count)
{
    QString out;
    qsizetype last = 0;
    qint64 done = 0;
    auto it = re.globalMatch(subject);
    while (it.hasNext() && (count <= 0 || done < count)) {
        const auto m = it.next();
        out += QStringView(subject).mid(last, m.capturedStart() - last);
        for (qsizetype i = 0; i < repl.size(); ++i) {
            const QChar c = repl.at(i);
            if (c != u'\\' || i + 1 >= repl.size()) {
                out += c;
                continue;
            }
            const QChar e = repl.at(++i);
            if (e.isDigit()) {
                int g = e.digitValue();
                if (i + 1 < repl.size() && repl.at(i + 1).isDigit() && g * 10 + repl.at(i + 1).digitValue() <= re.captureCount()) {
                    g = g * 10 + repl.at(++i).digitValue();
                }
                if (g > re.captureCount())
                    throw SquallException(QStringLiteral("re.error"), QStringLiteral("invalid group reference %1").arg(g));
                out += m.captured(g);
            } else if (e == u'g' && i + 1 < repl.size() && repl.at(i + 1) == u'<') {
                const qsizetype close = repl.indexOf(u'>', i);
                const QString name = repl.mid(i + 2, close - i - 2);
                bool num = false;
                const int g = name.toInt(&num);
                out += num ? m.captured(g) : m.captured(name);
                i = close;
            } else if (e == u'n') out += u'\n';
            else if (e == u't') out += u'\t';
            else if (e == u'r') out += u'\r';
            else if (e == u'\\') out += u'\\';
            else {
                out += u'\\';
                out += e;
            }
        }
        last = m.capturedEnd();
        ++done;
    }
    out += QStringView(subject).mid(last);
    return out;
}

ValueList pythonFindAll(const QRegularExpression &re, const QString &subject)
{
    ValueList out;
    const int groups = re.captureCount();
    auto it = re.globalMatch(subject);
    while (it.hasNext()) {
        const auto m = it.next();
        if (groups == 0) {
            out.append(m.captured(0));
        } else if (groups == 1) {
            out.append(m.captured(1));
        } else {
            ValueList g;
            for (int i = 1; i <= groups; ++i)
                g.append(m.captured(i));
            out.append(Value(g));
        }
    }
    return out;
}

} // namespace st2

} // namespace squall::expr
