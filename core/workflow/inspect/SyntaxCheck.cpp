#include "workflow/inspect/InspectChecks.h"

#include "base/JsonType.h"
#include "base/Python.h"
#include "schema/PyRegex.h"

#include <QSet>

#include <algorithm>

namespace squall::workflow::inspect {

namespace {

// jsonschema's equality for enum/uniqueItems: booleans never equal numbers,
// ints equal floats of the same value, containers compare element-wise.
bool jsonEqual(const Value &a, const Value &b)
{
    if (a.isBool() || b.isBool())
        return a.isBool() && b.isBool() && a.toBool() == b.toBool();
    if ((a.isInt() || a.isDouble()) && (b.isInt() || b.isDouble())) {
        if (a.isInt() && b.isInt())
            return a.toInt() == b.toInt();
        return a.toDouble() == b.toDouble();
    }
    if (a.isList() && b.isList()) {
        const ValueList &la = a.toList();
        const ValueList &lb = b.toList();
        if (la.size() != lb.size())
            return false;
        for (qsizetype i = 0; i < la.size(); ++i) {
            if (!jsonEqual(la.at(i), lb.at(i)))
                return false;
        }
        return true;
    }
    if (a.isDict() && b.isDict()) {
        const ValueDict &da = a.toDict();
        const ValueDict &db = b.toDict();
        if (da.size() != db.size())
            return false;
        for (const auto &e : da) {
            const Value *other = db.find(e.first);
            if (!other || !jsonEqual(e.second, *other))
                return false;
        }
        return true;
    }
    return a == b;
}

bool regexSearch(const QString &pattern, const QString &subject)
{
    const QRegularExpression re = schema::pythonRegex(pattern, QRegularExpression::UseUnicodePropertiesOption);
    return schema::regexSearch(re, subject);
}

class Walker
{
public:
    explicit Walker(QList<InspectionError> *out) : m_out(out) { }

    void validate(const Value &inst, const Value &schema, const QString &specPath, const QString &schemaPath);

private:
    bool isValid(const Value &inst, const Value &schema)
    {
        QList<InspectionError> scratch;
        Walker(&scratch).validate(inst, schema, {}, {});
        return scratch.isEmpty();
    }
    void fail(const QString &message, const QString &specPath, const QString &schemaPath, QStringView keyword)
    {
        InspectionError e;
        e.type = QStringLiteral("syntax");
        e.message = pyUnescape(message);
        e.specPath = specPath;
        e.schemaPath = childPath(schemaPath, keyword.toString());
        m_out->append(e);
    }

    QList<InspectionError> *m_out;
};

void Walker::validate(const Value &inst, const Value &schema, const QString &specPath, const QString &schemaPath)
{
    if (!schema.isDict())
        return;
    const ValueDict &s = schema.toDict();
    for (const auto &[keyword, arg] : s) {
        if (keyword == u"type") {
            QStringList types;
            if (arg.isList()) {
                for (const Value &t : arg.toList())
                    types.append(t.toString());
            } else {
                types.append(arg.toString());
            }
            if (std::none_of(types.begin(), types.end(), [&](const QString &t) { return json::isOfType(inst, t); })) {
                QStringList reprs;
                for (const QString &t : types)
                    reprs.append(py::repr(QStringView(t)));
                fail(py::repr(inst) + QStringLiteral(" is not of type ") + reprs.join(QStringLiteral(", ")), specPath,
                     schemaPath, keyword);
            }
        } else if (keyword == u"properties") {
            if (!inst.isDict())
                continue;
            for (const auto &[name, sub] : arg.toDict()) {
                if (const Value *v = inst.toDict().find(name))
                    validate(*v, sub, childPath(specPath, name), childPath(schemaPath, QStringLiteral("properties.") + name));
            }
        } else if (keyword == u"patternProperties") {
            if (!inst.isDict())
                continue;
            for (const auto &[pattern, sub] : arg.toDict()) {
                for (const auto &[k, v] : inst.toDict()) {
                    if (regexSearch(pattern, k))
                        validate(v, sub, childPath(specPath, k),
                                 childPath(schemaPath, QStringLiteral("patternProperties.") + pattern));
                }
            }
        } else if (keyword == u"additionalProperties") {
            if (!inst.isDict() || !arg.isBool() || arg.toBool())
                continue;
            const Value props = s.value(u"properties");
            const Value patterns = s.value(u"patternProperties");
            QStringList extras;
            for (const auto &entry : inst.toDict()) {
                const QString &k = entry.first;
                if (props.isDict() && props.toDict().contains(k))
                    continue;
                bool matched = false;
                if (patterns.isDict()) {
                    for (const auto &p : patterns.toDict())
                        matched = matched || regexSearch(p.first, k);
                }
                if (!matched)
                    extras.append(k);
            }
            if (extras.isEmpty())
                continue;
            std::sort(extras.begin(), extras.end());
            QStringList reprs;
            for (const QString &x : extras)
                reprs.append(py::repr(QStringView(x)));
            fail(QStringLiteral("Additional properties are not allowed (%1 %2 unexpected)")
                     .arg(reprs.join(QStringLiteral(", ")), extras.size() == 1 ? QStringLiteral("was")
                                                                                 : QStringLiteral("were")),
                 specPath, schemaPath, keyword);
        } else if (keyword == u"required") {
            if (!inst.isDict())
                continue;
            for (const Value &name : arg.toList()) {
                if (!inst.toDict().contains(name.toString()))
                    fail(py::repr(name) + QStringLiteral(" is a required property"), specPath, schemaPath, keyword);
            }
        } else if (keyword == u"minProperties") {
            if (inst.isDict() && inst.toDict().size() < arg.toInt())
                fail(py::repr(inst)
                         + (arg.toInt() == 1 ? QStringLiteral(" should be non-empty")
                                             : QStringLiteral(" does not have enough properties")),
                     specPath, schemaPath, keyword);
        } else if (keyword == u"maxProperties") {
            if (inst.isDict() && inst.toDict().size() > arg.toInt())
                fail(py::repr(inst)
                         + (arg.toInt() == 0 ? QStringLiteral(" is expected to be empty")
                                             : QStringLiteral(" has too many properties")),
                     specPath, schemaPath, keyword);
        } else if (keyword == u"items") {
            if (!inst.isList())
                continue;
            const ValueList &items = inst.toList();
            for (qsizetype i = 0; i < items.size(); ++i)
                validate(items.at(i), arg, specPath + u'[' + QString::number(i) + u']', childPath(schemaPath, keyword));
        } else if (keyword == u"minItems") {
            if (inst.isList() && inst.toList().size() < arg.toInt())
                fail(py::repr(inst)
                         + (arg.toInt() == 1 ? QStringLiteral(" should be non-empty") : QStringLiteral(" is too short")),
                     specPath, schemaPath, keyword);
        } else if (keyword == u"uniqueItems") {
            if (!inst.isList() || !arg.toBool())
                continue;
            const ValueList &items = inst.toList();
            bool unique = true;
            for (qsizetype i = 0; i < items.size() && unique; ++i) {
                for (qsizetype j = i + 1; j < items.size() && unique; ++j)
                    unique = !jsonEqual(items.at(i), items.at(j));
            }
            if (!unique)
                fail(py::repr(inst) + QStringLiteral(" has non-unique elements"), specPath, schemaPath, keyword);
        } else if (keyword == u"minLength") {
            if (inst.isString() && inst.toString().toUcs4().size() < arg.toInt())
                fail(py::repr(inst)
                         + (arg.toInt() == 1 ? QStringLiteral(" should be non-empty") : QStringLiteral(" is too short")),
                     specPath, schemaPath, keyword);
        } else if (keyword == u"pattern") {
            if (inst.isString() && !regexSearch(arg.toString(), inst.toString()))
                fail(py::repr(inst) + QStringLiteral(" does not match ") + py::repr(arg), specPath, schemaPath, keyword);
        } else if (keyword == u"minimum") {
            if ((inst.isInt() || inst.isDouble()) && inst.toDouble() < arg.toDouble())
                fail(py::repr(inst) + QStringLiteral(" is less than the minimum of ") + py::repr(arg), specPath,
                     schemaPath, keyword);
        } else if (keyword == u"enum") {
            const ValueList &options = arg.toList();
            if (std::none_of(options.begin(), options.end(), [&](const Value &o) { return jsonEqual(inst, o); }))
                fail(py::repr(inst) + QStringLiteral(" is not one of ") + py::repr(arg), specPath, schemaPath, keyword);
        } else if (keyword == u"anyOf") {
            const ValueList &subs = arg.toList();
            if (std::none_of(subs.begin(), subs.end(), [&](const Value &sub) { return isValid(inst, sub); }))
                fail(py::repr(inst) + QStringLiteral(" is not valid under any of the given schemas"), specPath,
                     schemaPath, keyword);
        } else if (keyword == u"oneOf") {
            ValueList valid;
            for (const Value &sub : arg.toList()) {
                if (isValid(inst, sub))
                    valid.append(sub);
            }
            if (valid.isEmpty()) {
                fail(py::repr(inst) + QStringLiteral(" is not valid under any of the given schemas"), specPath,
                     schemaPath, keyword);
            } else if (valid.size() > 1) {
                // jsonschema names the later matches first, then the first one.
                QStringList reprs;
                for (qsizetype i = 1; i < valid.size(); ++i)
                    reprs.append(py::repr(valid.at(i)));
                reprs.append(py::repr(valid.front()));
                fail(py::repr(inst) + QStringLiteral(" is valid under each of ") + reprs.join(QStringLiteral(", ")),
                     specPath, schemaPath, keyword);
            }
        }
    }
}

} // namespace

QList<InspectionError> checkSyntax(const Value &doc)
{
    QList<InspectionError> out;
    Walker(&out).validate(doc, workflowSchema(), {}, {});
    return out;
}

} // namespace squall::workflow::inspect
