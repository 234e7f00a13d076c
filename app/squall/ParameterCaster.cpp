#include "ParameterCaster.h"

#include "base/Json.h"
#include "base/Python.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace squall::cli {

ParameterCaster::ParameterCaster(QString actionRef, Value schema, QString baseDir)
    : m_ref(std::move(actionRef)), m_schema(std::move(schema)), m_baseDir(std::move(baseDir))
{
    if (m_baseDir.isEmpty())
        m_baseDir = QDir::currentPath();
}

QString ParameterCaster::declaredType(const Value &paramSchema)
{
    const Value t = paramSchema[u"type"];
    if (t.isString())
        return t.toString();
    if (t.isList()) {
        // ["string", "null"]: the first concrete type decides how to parse.
        for (const Value &e : t.toList()) {
            if (e.isString() && e.toString() != u"null")
                return e.toString();
        }
    }
    return QStringLiteral("string");
}

namespace {

Value castScalar(const QString &text, const QString &type, QString *error)
{
    if (type == u"integer") {
        qint64 i = 0;
        if (py::parseInt(text.trimmed(), &i))
            return Value(i);
        *error = QStringLiteral("'%1' is not an integer").arg(text);
        return {};
    }
    if (type == u"number") {
        double d = 0;
        qint64 i = 0;
        if (py::parseInt(text.trimmed(), &i))
            return Value(double(i));
        if (py::parseFloat(text.trimmed(), &d))
            return Value(d);
        *error = QStringLiteral("'%1' is not a number").arg(text);
        return {};
    }
    if (type == u"boolean") {
        const QString t = text.trimmed().toLower();
        if (t == u"true")
            return Value(true);
        if (t == u"false")
            return Value(false);
        *error = QStringLiteral("'%1' is not a boolean (use true or false)").arg(text);
        return {};
    }
    if (type == u"null") {
        if (text == u"null" || text == u"None" || text.isEmpty())
            return Value(nullptr);
        *error = QStringLiteral("'%1' is not null").arg(text);
        return {};
    }
    return Value(text);
}

Value castObject(const QString &text, QString *error)
{
    json::ParseError pe;
    const Value v = json::parse(text.toUtf8(), &pe);
    if (pe.ok() && v.isDict())
        return v;
    ValueDict d;
    const QStringList pairs = text.split(u',', Qt::SkipEmptyParts);
    for (const QString &pair : pairs) {
        const qsizetype eq = pair.indexOf(u'=');
        if (eq <= 0) {
            *error = QStringLiteral("'%1' is neither a JSON object nor a list of key=value pairs").arg(text);
            return {};
        }
        d.insert(pair.left(eq).trimmed(), Value(pair.mid(eq + 1).trimmed()));
    }
    return Value(std::move(d));
}

Value castArray(const QString &text, const Value &paramSchema, QString *error)
{
    json::ParseError pe;
    const Value v = json::parse(text.toUtf8(), &pe);
    if (pe.ok() && v.isList())
        return v;
    const Value items = paramSchema[u"items"];
    const QString itemType = items.isDict() ? ParameterCaster::declaredType(items) : QStringLiteral("string");
    ValueList out;
    const QStringList parts = text.split(u',');
    for (const QString &part : parts) {
        const QString item = part.trimmed();
        Value cast = itemType == u"object" ? castObject(item, error) : castScalar(item, itemType, error);
        if (!error->isEmpty())
            return {};
        out.append(std::move(cast));
    }
    return Value(std::move(out));
}

} // namespace

Value ParameterCaster::castValue(const QString &text, const Value &paramSchema, QString *error)
{
    const QString type = declaredType(paramSchema);
    if (type == u"array")
        return castArray(text, paramSchema, error);
    if (type == u"object")
        return castObject(text, error);
    return castScalar(text, type, error);
}

Value ParameterCaster::cast(const QStringList &tokens, QString *error) const
{
    const ValueDict &schema = m_schema.isDict() ? m_schema.toDict() : ValueDict();
    auto unknown = [&](const QString &name) {
        QStringList names = schema.keys();
        names.sort();
        *error = QStringLiteral("'%1' is not a parameter of %2. Valid parameters: %3")
                     .arg(name, m_ref, names.isEmpty() ? QStringLiteral("(none)") : names.join(QStringLiteral(", ")));
        return Value();
    };

    ValueDict result;
    for (qsizetype i = 0; i < tokens.size(); ++i) {
        const QString &tok = tokens.at(i);
        const qsizetype eq = tok.indexOf(u'=');
        if (eq < 0) {
            if (!schema.contains(u"cmd"))
                return unknown(QStringLiteral("cmd"));
            result.insert(QStringLiteral("cmd"), Value(tokens.mid(i).join(u' ')));
            break;
        }
        QString name = tok.left(eq);
        const QString text = tok.mid(eq + 1);
        if (name.startsWith(u'@')) {
            name = name.mid(1);
            const QString path = QDir(m_baseDir).absoluteFilePath(text);
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly)) {
                *error = QStringLiteral("cannot read %1 for parameter '%2': %3").arg(path, name, f.errorString());
                return {};
            }
            const QString content = QString::fromUtf8(f.readAll());
            if (m_ref == u"core.http") {
                // The http runner uploads the file: it wants the name and the content.
                result.insert(QStringLiteral("_file_name"), Value(QFileInfo(path).fileName()));
                result.insert(QStringLiteral("file_content"), Value(content));
            } else {
                if (!schema.contains(name))
                    return unknown(name);
                result.insert(name, Value(content));
            }
            continue;
        }
        if (name.isEmpty()) {
            *error = QStringLiteral("'%1' has no parameter name before '='").arg(tok);
            return {};
        }
        const Value *paramSchema = schema.find(name);
        if (!paramSchema)
            return unknown(name);
        QString castError;
        Value v = castValue(text, *paramSchema, &castError);
        if (!castError.isEmpty()) {
            *error = QStringLiteral("parameter '%1': %2").arg(name, castError);
            return {};
        }
        Value *existing = result.find(name);
        if (existing && existing->isList() && v.isList() && declaredType(*paramSchema) == u"array") {
            for (const Value &e : v.toList())
                existing->listRef().append(e);
        } else {
            result.insert(name, std::move(v));
        }
    }
    return Value(std::move(result));
}

} // namespace squall::cli
