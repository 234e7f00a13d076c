#include "OutputFormat.h"

#include "base/Ids.h"
#include "base/Json.h"
#include "base/Python.h"
#include "base/Yaml.h"

#include <QDateTime>

#include <algorithm>

#include <sys/ioctl.h>
#include <unistd.h>

namespace squall::cli::output {

Value lookup(const Value &v, QStringView dottedPath)
{
    Value cur = v;
    for (QStringView part : dottedPath.split(u'.')) {
        cur = py::resolved(cur);
        if (!cur.isDict())
            return {};
        const Value *next = cur.toDict().find(part);
        if (!next)
            return {};
        cur = *next;
    }
    return cur;
}

QString cellText(const Value &v0)
{
    const Value v = py::resolved(v0);
    switch (v.type()) {
    case Value::Type::Null: return QString();
    case Value::Type::Bool: return v.toBool() ? QStringLiteral("True") : QStringLiteral("False");
    case Value::Type::String: return v.toString();
    case Value::Type::List:
    case Value::Type::Dict: {
        json::Style style;
        style.pythonSeparators = true;
        return json::toString(v, style);
    }
    default: return py::str(v);
    }
}

QString formatTimestamp(const QString &iso)
{
    const QDateTime t = parseTimestamp(iso);
    if (!t.isValid())
        return iso;
    // English names whatever the locale, as st2 prints them.
    static const char *const days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const QDate d = t.date();
    return QStringLiteral("%1, %2 %3 %4 %5 UTC")
        .arg(QLatin1String(days[d.dayOfWeek() - 1]))
        .arg(d.day(), 2, 10, QLatin1Char('0'))
        .arg(QLatin1String(months[d.month() - 1]))
        .arg(d.year())
        .arg(t.time().toString(QStringLiteral("HH:mm:ss")));
}

QString formatStatus(const Value &execution, qint64 nowMicros)
{
    const QString status = cellText(execution[u"status"]);
    static const QStringList completed{QStringLiteral("succeeded"), QStringLiteral("failed"), QStringLiteral("timeout"),
                                       QStringLiteral("canceled"), QStringLiteral("abandoned")};
    const Value start = execution[u"start_timestamp"];
    if (!start.isString())
        return status;
    const QDateTime startTime = parseTimestamp(start.toString());
    if (!startTime.isValid())
        return status;
    qint64 endSecs = 0;
    if (status == u"running") {
        endSecs = (nowMicros ? nowMicros : squall::nowMicros()) / 1000000;
    } else if (completed.contains(status) && execution[u"end_timestamp"].isString()) {
        const QDateTime endTime = parseTimestamp(execution[u"end_timestamp"].toString());
        if (!endTime.isValid())
            return status;
        endSecs = endTime.toSecsSinceEpoch();
    } else {
        return status;
    }
    return QStringLiteral("%1 (%2s elapsed)").arg(status).arg(endSecs - startTime.toSecsSinceEpoch());
}

Value displayValue(const Value &object, const QString &attr)
{
    const Value v = lookup(object, attr);
    if (attr == u"status" && object.contains(u"start_timestamp"))
        return Value(formatStatus(object));
    if (v.isString() && (attr.endsWith(u"timestamp") || attr == u"occurrence_time" || attr == u"enforced_at"
                         || attr.endsWith(u"_at")))
        return Value(formatTimestamp(v.toString()));
    return v;
}

QStringList wrap(const QString &text, int width)
{
    QStringList out;
    width = std::max(width, 1);
    const QStringList lines = text.split(u'\n');
    for (QString line : lines) {
        line.remove(u'\r');
        line.replace(u'\t', QStringLiteral("    "));
        while (line.size() > width) {
            qsizetype cut = line.lastIndexOf(u' ', width);
            if (cut <= 0) {
                out.append(line.left(width));
                line = line.mid(width);
            } else {
                out.append(line.left(cut));
                line = line.mid(cut + 1);
            }
        }
        out.append(line);
    }
    return out;
}

QList<int> fitColumns(const QList<int> &natural, const QList<int> &minimum, int totalWidth, const QList<int> &fixed)
{
    const qsizetype n = natural.size();
    if (fixed.size() == n && n > 0)
        return fixed;
    if (fixed.size() == 1)
        return QList<int>(n, std::max(1, fixed.first()));
    // Borders and padding: "| " + " | " between + " |" = 3n + 1.
    const int available = std::max(int(n), totalWidth - int(3 * n + 1));
    int sum = 0;
    for (int w : natural)
        sum += w;
    if (sum <= available)
        return natural;
    // Find the largest cap such that capping every column at it (but never
    // below its minimum) fits: wide columns give up space first. When even the
    // minimums do not fit, relax them (ids, whose minimum is their width, excepted).
    const int widest = *std::max_element(natural.cbegin(), natural.cend());
    QList<int> result = natural;
    for (int pass = 0; pass < 2; ++pass) {
        for (int cap = widest; cap >= 1; --cap) {
            int total = 0;
            for (qsizetype i = 0; i < n; ++i) {
                int floor = minimum.value(i, 1);
                if (pass == 1 && floor < natural.at(i))
                    floor = std::min(floor, 4);
                const int w = std::min(natural.at(i), std::max(cap, floor));
                result[i] = w;
                total += w;
            }
            if (total <= available)
                return result;
        }
    }
    return result;
}

namespace {

QString rule(const QList<int> &widths)
{
    QString s = QStringLiteral("+");
    for (int w : widths)
        s += QString(w + 2, u'-') + u'+';
    return s + u'\n';
}

QString renderRow(const QList<QStringList> &cells, const QList<int> &widths)
{
    qsizetype height = 1;
    for (const QStringList &c : cells)
        height = std::max(height, c.size());
    QString out;
    for (qsizetype line = 0; line < height; ++line) {
        out += u'|';
        for (qsizetype col = 0; col < cells.size(); ++col)
            out += u' ' + cells.at(col).value(line).leftJustified(widths.at(col)) + QStringLiteral(" |");
        out += u'\n';
    }
    return out;
}

int longestLine(const QString &s)
{
    int m = 0;
    for (QStringView l : QStringView(s).split(u'\n'))
        m = std::max(m, int(l.size()));
    return m;
}

} // namespace

QString table(const ValueList &rows, const QStringList &attributes, int totalWidth, const QList<int> &fixed)
{
    const qsizetype n = attributes.size();
    QList<QStringList> texts;
    QList<int> natural(n), minimum(n);
    for (qsizetype c = 0; c < n; ++c) {
        natural[c] = int(attributes.at(c).size());
        minimum[c] = std::min<int>(std::max<int>(int(attributes.at(c).size()), 6), 24);
    }
    for (const Value &row : rows) {
        QStringList cells;
        for (qsizetype c = 0; c < n; ++c) {
            QString t = cellText(displayValue(row, attributes.at(c)));
            natural[c] = std::max(natural[c], longestLine(t));
            cells.append(std::move(t));
        }
        texts.append(std::move(cells));
    }
    for (qsizetype c = 0; c < n; ++c) {
        // Ids are what users copy into the next command: never wrap them.
        if (attributes.at(c) == u"id" || attributes.at(c).endsWith(u"_id"))
            minimum[c] = natural[c];
    }
    const QList<int> widths = fitColumns(natural, minimum, totalWidth, fixed);
    const QString sep = rule(widths);
    QString out = sep;
    QList<QStringList> header;
    for (qsizetype c = 0; c < n; ++c)
        header.append(wrap(attributes.at(c), widths.at(c)));
    out += renderRow(header, widths) + sep;
    for (const QStringList &cells : std::as_const(texts)) {
        QList<QStringList> wrapped;
        for (qsizetype c = 0; c < n; ++c)
            wrapped.append(wrap(cells.at(c), widths.at(c)));
        out += renderRow(wrapped, widths) + sep;
    }
    return out;
}

QString propertyTable(const Value &object, QStringList attributes, const QStringList &displayOrder, int totalWidth)
{
    const Value obj = py::resolved(object);
    if (attributes.isEmpty() || attributes.contains(u"all")) {
        attributes = obj.isDict() ? obj.toDict().keys() : QStringList();
        attributes.sort();
    }
    QStringList ordered;
    for (const QString &a : displayOrder) {
        if (attributes.contains(a))
            ordered.append(a);
    }
    for (const QString &a : std::as_const(attributes)) {
        if (!ordered.contains(a))
            ordered.append(a);
    }
    QList<QStringList> texts;
    QList<int> natural{8, 5};
    for (const QString &a : std::as_const(ordered)) {
        const Value v = displayValue(obj, a);
        QString t;
        if (v.isDict() || v.isList()) {
            json::Style style;
            style.indent = 4;
            t = json::toString(v, style);
        } else {
            t = cellText(v);
        }
        natural[0] = std::max(natural[0], int(a.size()));
        natural[1] = std::max(natural[1], longestLine(t));
        texts.append(QStringList{a, t});
    }
    const QList<int> widths = fitColumns(natural, {std::min(natural[0], 20), 20}, totalWidth);
    const QString sep = rule(widths);
    QString out = sep + renderRow({{QStringLiteral("Property")}, {QStringLiteral("Value")}}, widths) + sep;
    for (const QStringList &row : std::as_const(texts))
        out += renderRow({wrap(row.at(0), widths[0]), wrap(row.at(1), widths[1])}, widths);
    return out + sep;
}

QString executionView(const Value &execution, const QStringList &attributes)
{
    QStringList lines;
    for (const QString &attr : attributes) {
        Value v = displayValue(execution, attr);
        if (attr == u"parameters" && v.isDict()) {
            // Secrets never reach the terminal.
            ValueDict masked = v.toDict();
            for (const auto &[k, val] : v.toDict()) {
                if (k == u"password" || k == u"private_key")
                    masked.insert(k, Value(QStringLiteral("********")));
            }
            v = Value(std::move(masked));
        }
        if ((v.isDict() && !v.toDict().isEmpty()) || (v.isList() && !v.toList().isEmpty())) {
            QString body = yaml::dump(v);
            if (body.endsWith(u'\n'))
                body.chop(1);
            QStringList indented;
            for (const QString &l : body.split(u'\n'))
                indented.append(QStringLiteral("  ") + l);
            lines.append(attr + QStringLiteral(": \n") + indented.join(u'\n'));
        } else {
            lines.append(attr + QStringLiteral(": ") + cellText(v));
        }
    }
    return lines.join(u'\n') + u'\n';
}

int terminalWidth()
{
    bool ok = false;
    const int env = qEnvironmentVariableIntValue("COLUMNS", &ok);
    if (ok && env > 20)
        return env;
    winsize ws{};
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
        return ws.ws_col;
    return 120;
}

} // namespace squall::cli::output
