#include "base/Yaml.h"

#include "base/Python.h"

#include <QFile>
#include <QRegularExpression>
#include <QStringBuilder>

#include <yaml-cpp/yaml.h>

namespace squall::yaml {

SourceLocation LocationMap::locate(const QString &path) const
{
    QString p = path;
    while (true) {
        const auto it = positions.constFind(p);
        if (it != positions.cend())
            return SourceLocation{file, it->first, it->second};
        if (p.isEmpty())
            return SourceLocation{file, 0, 0};
        const qsizetype dot = p.lastIndexOf(u'.');
        const qsizetype br = p.lastIndexOf(u'[');
        p.truncate(std::max<qsizetype>(0, std::max(dot, br)));
    }
}

Error LocationMap::error(const QString &path, const QString &message, const QString &kind) const
{
    return Error{message, locate(path), path, kind};
}

namespace {

const QRegularExpression &intRe()
{
    static const QRegularExpression re(QStringLiteral(
        "^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$"));
    return re;
}

const QRegularExpression &floatRe()
{
    static const QRegularExpression re(QStringLiteral(
        "^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?|\\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$"));
    return re;
}

Value resolveInt(QString s)
{
    s.remove(u'_');
    int sign = 1;
    if (s.startsWith(u'-')) {
        sign = -1;
        s.remove(0, 1);
    } else if (s.startsWith(u'+')) {
        s.remove(0, 1);
    }
    bool ok = false;
    qint64 v = 0;
    if (s == u"0")
        v = 0, ok = true;
    else if (s.startsWith(QStringLiteral("0b")))
        v = s.mid(2).toLongLong(&ok, 2);
    else if (s.startsWith(QStringLiteral("0x")))
        v = s.mid(2).toLongLong(&ok, 16);
    else if (s.startsWith(u'0'))
        v = s.mid(1).toLongLong(&ok, 8);
    else if (s.contains(u':')) {
        ok = true;
        for (const QString &part : s.split(u':'))
            v = v * 60 + part.toLongLong();
    } else
        v = s.toLongLong(&ok, 10);
    if (!ok)
        return Value(s);
    return Value(sign * v);
}

Value resolveFloat(QString s)
{
    s.remove(u'_');
    const QString lower = s.toLower();
    if (lower.endsWith(QStringLiteral(".inf")))
        return Value(lower.startsWith(u'-') ? -HUGE_VAL : HUGE_VAL);
    if (lower == u".nan")
        return Value(std::nan(""));
    if (s.contains(u':')) {
        double sign = 1;
        if (s.startsWith(u'-')) {
            sign = -1;
            s.remove(0, 1);
        }
        double v = 0;
        for (const QString &part : s.split(u':'))
            v = v * 60 + part.toDouble();
        return Value(sign * v);
    }
    return Value(s.toDouble());
}

struct Converter
{
    LocationMap *locs;

    void mark(const QString &path, const YAML::Node &n)
    {
        const YAML::Mark m = n.Mark();
        if (m.line >= 0)
            locs->positions.insert(path, {m.line + 1, m.column + 1});
    }

    Value convert(const YAML::Node &n, const QString &path, int depth)
    {
        if (depth > 256)
            throw SquallException(locs->error(path, QStringLiteral("YAML nesting too deep"), QStringLiteral("yaml")));
        mark(path, n);
        switch (n.Type()) {
        case YAML::NodeType::Undefined:
        case YAML::NodeType::Null:
            return Value();
        case YAML::NodeType::Scalar: {
            const std::string &tag = n.Tag();
            if (tag == "!" || tag == "tag:yaml.org,2002:str" || tag == "!!str")
                return Value(QString::fromStdString(n.Scalar()));
            if (tag == "?" || tag.empty())
                return resolvePlainScalar(n.Scalar());
            return Value(QString::fromStdString(n.Scalar()));
        }
        case YAML::NodeType::Sequence: {
            ValueList list;
            list.reserve(qsizetype(n.size()));
            int i = 0;
            for (const YAML::Node &child : n)
                list.append(convert(child, path + u'[' + QString::number(i++) + u']', depth + 1));
            return Value(std::move(list));
        }
        case YAML::NodeType::Map: {
            ValueDict dict;
            for (auto it = n.begin(); it != n.end(); ++it) {
                QString key;
                const YAML::Node k = it->first;
                if (k.IsScalar()) {
                    key = QString::fromStdString(k.Scalar());
                    if ((k.Tag() == "?" || k.Tag().empty())) {
                        const Value kv = resolvePlainScalar(k.Scalar());
                        if (kv.isString())
                            key = kv.toString();
                        else
                            key = py::str(kv);
                    }
                } else {
                    throw SquallException(locs->error(path, QStringLiteral("only scalar mapping keys are supported"),
                                                      QStringLiteral("yaml")));
                }
                if (key == u"<<" && k.Tag() != "!") {
                    // YAML 1.1 merge key: copy the aliased mapping(s) in, without
                    // overriding keys this mapping sets itself.
                    const YAML::Node val = it->second;
                    const Value merged = convert(val, path, depth + 1);
                    const ValueList sources = merged.isList() ? merged.toList() : ValueList{merged};
                    for (const Value &src : sources)
                        for (const auto &[mk, mv] : src.toDict())
                            if (!dict.contains(mk))
                                dict.insert(mk, mv);
                    continue;
                }
                const QString childPath = path.isEmpty() ? key : path + u'.' + key;
                mark(childPath, k);
                const YAML::Node val = it->second;
                dict.insert(key, convert(val, childPath, depth + 1));
                // Point field errors at the key, which is where an editor would go.
                mark(childPath, k);
            }
            return Value(std::move(dict));
        }
        }
        return Value();
    }
};

} // namespace

Value resolvePlainScalar(const std::string &raw)
{
    const QString s = QString::fromStdString(raw);
    if (s.isEmpty() || s == u"~" || s == u"null" || s == u"Null" || s == u"NULL")
        return Value();
    static const QStringList trues = {QStringLiteral("yes"), QStringLiteral("Yes"), QStringLiteral("YES"),
                                      QStringLiteral("true"), QStringLiteral("True"), QStringLiteral("TRUE"),
                                      QStringLiteral("on"), QStringLiteral("On"), QStringLiteral("ON")};
    static const QStringList falses = {QStringLiteral("no"), QStringLiteral("No"), QStringLiteral("NO"),
                                       QStringLiteral("false"), QStringLiteral("False"), QStringLiteral("FALSE"),
                                       QStringLiteral("off"), QStringLiteral("Off"), QStringLiteral("OFF")};
    const QChar c0 = s.at(0);
    if (c0.isLetter()) {
        if (trues.contains(s))
            return Value(true);
        if (falses.contains(s))
            return Value(false);
        return Value(s);
    }
    if (c0.isDigit() || c0 == u'-' || c0 == u'+' || c0 == u'.') {
        if (intRe().match(s).hasMatch())
            return resolveInt(s);
        if (floatRe().match(s).hasMatch())
            return resolveFloat(s);
    }
    return Value(s);
}

Document load(const QByteArray &text, const QString &fileName)
{
    Document doc;
    doc.locations = std::make_shared<LocationMap>();
    doc.locations->file = fileName;
    YAML::Node root;
    try {
        root = YAML::Load(text.toStdString());
    } catch (const YAML::Exception &e) {
        Error err;
        err.kind = QStringLiteral("yaml");
        err.message = QString::fromStdString(e.msg);
        err.location = SourceLocation{fileName, e.mark.line >= 0 ? e.mark.line + 1 : 0,
                                      e.mark.column >= 0 ? e.mark.column + 1 : 0};
        throw SquallException(err);
    }
    Converter conv{doc.locations.get()};
    doc.value = conv.convert(root, QString(), 0);
    return doc;
}

Document loadFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        throw SquallException(Error{QStringLiteral("cannot read file: ") + f.errorString(),
                                    SourceLocation{path, 0, 0}, QString(), QStringLiteral("io")});
    }
    return load(f.readAll(), path);
}

namespace {

bool needsQuotes(const QString &s)
{
    if (s.isEmpty())
        return true;
    if (!resolvePlainScalar(s.toStdString()).isString())
        return true;  // would read back as a number, bool or null
    static const QRegularExpression special(QStringLiteral("^[\\s\\-?:,\\[\\]{}#&*!|>'\"%@`]|[:#]\\s|\\s$|:$|[\\n\\t]"));
    return special.match(s).hasMatch();
}

QString scalar(const Value &v)
{
    switch (v.type()) {
    case Value::Type::Null: return QStringLiteral("null");
    case Value::Type::Bool: return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case Value::Type::Int: return QString::number(v.toInt());
    case Value::Type::Double: {
        const double d = v.toDouble();
        if (std::isnan(d)) return QStringLiteral(".nan");
        if (std::isinf(d)) return d > 0 ? QStringLiteral(".inf") : QStringLiteral("-.inf");
        return py::floatRepr(d);
    }
    case Value::Type::String: {
        const QString &s = v.toString();
        if (!needsQuotes(s))
            return s;
        QString out = QStringLiteral("\"");
        for (QChar c : s) {
            if (c == u'"') out += QStringLiteral("\\\"");
            else if (c == u'\\') out += QStringLiteral("\\\\");
            else if (c == u'\n') out += QStringLiteral("\\n");
            else if (c == u'\t') out += QStringLiteral("\\t");
            else out += c;
        }
        return out + u'"';
    }
    default: return {};
    }
}

void emit(QString &out, const Value &v0, int indent)
{
    const Value v = py::resolved(v0);
    const QString pad(indent, u' ');
    if (v.isDict() && !v.toDict().isEmpty()) {
        for (const auto &[k, e0] : v.toDict()) {
            const Value e = py::resolved(e0);
            out += pad + scalar(Value(k)) + u':';
            if ((e.isDict() && !e.toDict().isEmpty()) || (e.isList() && !e.toList().isEmpty())) {
                out += u'\n';
                emit(out, e, e.isList() ? indent : indent + 2);
            } else {
                out += u' ' + (e.isDict() ? QStringLiteral("{}") : e.isList() ? QStringLiteral("[]") : scalar(e)) + u'\n';
            }
        }
    } else if (v.isList() && !v.toList().isEmpty()) {
        for (const Value &e0 : v.toList()) {
            const Value e = py::resolved(e0);
            if ((e.isDict() && !e.toDict().isEmpty()) || (e.isList() && !e.toList().isEmpty())) {
                QString inner;
                emit(inner, e, indent + 2);
                out += pad + QStringLiteral("- ") + inner.mid(indent + 2);
            } else {
                out += pad + QStringLiteral("- ")
                    + (e.isDict() ? QStringLiteral("{}") : e.isList() ? QStringLiteral("[]") : scalar(e)) + u'\n';
            }
        }
    } else {
        out += pad + (v.isDict() ? QStringLiteral("{}") : v.isList() ? QStringLiteral("[]") : scalar(v)) + u'\n';
    }
}

} // namespace

QString dump(const Value &v)
{
    QString out;
    emit(out, v, 0);
    return out;
}

} // namespace squall::yaml
