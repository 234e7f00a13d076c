#include "model/RuleNormalizer.h"

#include "base/JsonType.h"
#include "base/Ids.h"
#include "base/Python.h"
#include "base/Yaml.h"
#include "model/DocumentLoader.h"
#include "model/FieldChecker.h"

#include <QRegularExpression>

namespace squall::model {

namespace {

using FC = FieldChecker;

const QStringList kSearchConditions = {QStringLiteral("any"), QStringLiteral("all"), QStringLiteral("any2any"),
                                       QStringLiteral("all2any")};

// `nested` is true for the item criteria of a `search` pattern. StackStorm's
// API checks top-level operator names against its table as written (so
// "Equals" is refused) and never looks inside a search pattern, where the
// name is lower-cased when the criterion runs. Squall checks the nested ones
// too, with that case rule: a search whose item criteria can never run is
// refused instead of failing on every event.
void checkCriteria(FC &c, const Value &criteria, const QString &prefix, bool nested)
{
    for (const auto &[key, crit] : criteria.toDict()) {
        const QString p = prefix + u'.' + key;
        if (!crit.isDict()) {
            c.error(p, FC::typeMismatch("an object with type and pattern", crit));
            continue;
        }
        const ValueDict &d = crit.toDict();
        for (const auto &[k, v] : d)
            if (k != u"type" && k != u"pattern" && k != u"condition")
                c.warning(FC::join(p, k), QStringLiteral("unknown criteria field (only type, pattern and condition are used)"));
        const QString type = c.string(d, QStringLiteral("type"), p, true);
        if (type.isEmpty())
            continue;
        if (!isKnownCriteriaOperator(nested ? type.toLower() : type)) {
            const bool caseOnly = isKnownCriteriaOperator(type.toLower());
            c.error(FC::join(p, QStringLiteral("type")),
                    caseOnly ? QStringLiteral("unknown criteria operator '%1' for '%2' (operator names are lower case: "
                                              "'%3')").arg(type, key, type.toLower())
                             : QStringLiteral("unknown criteria operator '%1' for '%2'").arg(type, key));
            continue;
        }
        const QString op = type.toLower();
        const bool needsPattern = op != u"exists" && op != u"nexists";
        if (needsPattern && !d.contains(u"pattern"))
            c.warning(FC::join(p, QStringLiteral("pattern")),
                      QStringLiteral("operator '%1' has no pattern: the criterion never matches").arg(type));
        if (op == u"search") {
            const QString cond = c.string(d, QStringLiteral("condition"), p, false);
            const Value *condition = d.find(u"condition");
            if (!condition || condition->isNull())
                c.error(FC::join(p, QStringLiteral("condition")),
                        QStringLiteral("a search criterion needs a condition (any, all, any2any or all2any)"));
            else if (condition->isString() && !kSearchConditions.contains(cond))
                c.error(FC::join(p, QStringLiteral("condition")),
                        QStringLiteral("unknown search condition '%1' (expected any, all, any2any or all2any)").arg(cond));
            const Value pattern = d.value(u"pattern");
            if (!pattern.isDict())
                c.error(FC::join(p, QStringLiteral("pattern")),
                        QStringLiteral("a search pattern must be an object of item criteria"));
            else
                checkCriteria(c, pattern, FC::join(p, QStringLiteral("pattern")), true);
        }
    }
}

} // namespace

const QStringList &criteriaOperators()
{
    static const QStringList ops = {
        QStringLiteral("equals"), QStringLiteral("eq"), QStringLiteral("nequals"), QStringLiteral("neq"),
        QStringLiteral("iequals"), QStringLiteral("ieq"), QStringLiteral("contains"), QStringLiteral("icontains"),
        QStringLiteral("ncontains"), QStringLiteral("incontains"), QStringLiteral("startswith"),
        QStringLiteral("istartswith"), QStringLiteral("endswith"), QStringLiteral("iendswith"),
        QStringLiteral("lessthan"), QStringLiteral("lt"), QStringLiteral("greaterthan"), QStringLiteral("gt"),
        QStringLiteral("matchwildcard"), QStringLiteral("matchregex"), QStringLiteral("regex"),
        QStringLiteral("iregex"), QStringLiteral("timediff_lt"), QStringLiteral("td_lt"),
        QStringLiteral("timediff_gt"), QStringLiteral("td_gt"), QStringLiteral("exists"), QStringLiteral("nexists"),
        QStringLiteral("inside"), QStringLiteral("in"), QStringLiteral("ninside"), QStringLiteral("nin"),
        QStringLiteral("search")};
    return ops;
}

bool isKnownCriteriaOperator(QStringView name)
{
    return criteriaOperators().contains(name.toString());
}

bool isValidResourceRef(QStringView ref)
{
    static const QRegularExpression re(QStringLiteral("^[^.\\s]+\\.\\S+$"));
    return re.match(ref.toString()).hasMatch();
}

Value normalizeRule(const Value &doc, const yaml::LocationMap *locations, const QString &packHint,
                    QList<Error> *errors, const QString &file)
{
    FC c(locations, file, errors);
    if (!doc.isDict()) {
        c.error(QString(), doc.isNull() ? QStringLiteral("the document is empty") : FC::typeMismatch("a mapping", doc));
        return Value();
    }
    const ValueDict &d = doc.toDict();
    c.onlyKeys(d, {u"id", u"ref", u"uid", u"name", u"pack", u"description", u"enabled", u"trigger", u"criteria",
                   u"action", u"type", u"context", u"tags", u"metadata_file"},
               QString());

    const QString name = c.string(d, QStringLiteral("name"), QString(), true);
    QString pack = c.string(d, QStringLiteral("pack"), QString(), false);
    if (pack.isEmpty())
        pack = packHint.isEmpty() ? QStringLiteral("default") : packHint;
    const QString ref = pack + u'.' + name;
    const QString uid = QStringLiteral("rule:") + pack + u':' + name;
    const QString givenRef = c.string(d, QStringLiteral("ref"), QString(), false);
    if (!givenRef.isEmpty() && !name.isEmpty() && givenRef != ref)
        c.warning(QStringLiteral("ref"), QStringLiteral("'%1' does not match pack and name; '%2' is used").arg(givenRef, ref));
    const QString givenUid = c.string(d, QStringLiteral("uid"), QString(), false);
    if (!givenUid.isEmpty() && !name.isEmpty() && givenUid != uid)
        c.warning(QStringLiteral("uid"), QStringLiteral("'%1' does not match pack and name; '%2' is used").arg(givenUid, uid));

    const QString description = c.string(d, QStringLiteral("description"), QString(), false);
    const bool enabled = c.boolean(d, QStringLiteral("enabled"), QString(), false);

    // trigger: additional keys are allowed and kept.
    ValueDict trigger;
    const Value triggerIn = c.dict(d, QStringLiteral("trigger"), QString(), true);
    {
        const ValueDict &t = triggerIn.toDict();
        const QString type = c.string(t, QStringLiteral("type"), QStringLiteral("trigger"), d.contains(u"trigger"));
        if (!type.isEmpty() && !isValidResourceRef(type))
            c.error(QStringLiteral("trigger.type"),
                    QStringLiteral("'%1' is not a trigger type ref (expected pack.name)").arg(type));
        trigger.insert(QStringLiteral("type"), type);
        trigger.insert(QStringLiteral("parameters"), c.dict(t, QStringLiteral("parameters"), QStringLiteral("trigger")));
        c.string(t, QStringLiteral("ref"), QStringLiteral("trigger"), false);
        c.string(t, QStringLiteral("description"), QStringLiteral("trigger"), false);
        for (const auto &[k, v] : t)
            if (!trigger.contains(k))
                trigger.insert(k, v);
    }

    const Value criteria = c.dict(d, QStringLiteral("criteria"), QString());
    checkCriteria(c, criteria, QStringLiteral("criteria"), false);

    ValueDict action;
    const Value actionIn = c.dict(d, QStringLiteral("action"), QString(), true);
    {
        const ValueDict &a = actionIn.toDict();
        c.onlyKeys(a, {u"ref", u"parameters", u"description"}, QStringLiteral("action"));
        const QString aref = c.string(a, QStringLiteral("ref"), QStringLiteral("action"), d.contains(u"action"));
        if (!aref.isEmpty() && !isValidResourceRef(aref))
            c.error(QStringLiteral("action.ref"), QStringLiteral("'%1' is not an action ref (expected pack.name)").arg(aref));
        action.insert(QStringLiteral("ref"), aref);
        action.insert(QStringLiteral("parameters"), c.dict(a, QStringLiteral("parameters"), QStringLiteral("action")));
        const QString adesc = c.string(a, QStringLiteral("description"), QStringLiteral("action"), false);
        if (a.contains(u"description"))
            action.insert(QStringLiteral("description"), adesc);
    }

    ValueDict type;
    {
        const Value typeIn = c.dict(d, QStringLiteral("type"), QString());
        const ValueDict &t = typeIn.toDict();
        c.onlyKeys(t, {u"ref", u"parameters"}, QStringLiteral("type"));
        const QString tref = c.string(t, QStringLiteral("ref"), QStringLiteral("type"), false, QStringLiteral("standard"));
        if (tref != u"standard" && tref != u"backstop")
            c.error(QStringLiteral("type.ref"), QStringLiteral("unknown rule type '%1' (expected standard or backstop)").arg(tref));
        type.insert(QStringLiteral("ref"), tref);
        type.insert(QStringLiteral("parameters"), c.dict(t, QStringLiteral("parameters"), QStringLiteral("type")));
    }

    const Value context = c.dict(d, QStringLiteral("context"), QString());
    const Value tags = c.tags(d, QString());
    const QString metadataFile = c.string(d, QStringLiteral("metadata_file"), QString(), false);

    Value id;
    if (const Value *given = d.find(u"id"); given && !given->isNull()) {
        if (given->isString() && isId(given->toString()))
            id = *given;
        else
            c.warning(QStringLiteral("id"), QStringLiteral("not a 24-hex id; ignored"));
    }

    if (c.errorCount() > 0)
        return Value();

    ValueDict out;
    out.insert(QStringLiteral("tags"), tags);
    out.insert(QStringLiteral("uid"), uid);
    out.insert(QStringLiteral("metadata_file"), metadataFile);
    out.insert(QStringLiteral("name"), name);
    out.insert(QStringLiteral("ref"), ref);
    out.insert(QStringLiteral("description"), description);
    out.insert(QStringLiteral("pack"), pack);
    out.insert(QStringLiteral("type"), Value(std::move(type)));
    out.insert(QStringLiteral("trigger"), Value(std::move(trigger)));
    out.insert(QStringLiteral("criteria"), criteria);
    out.insert(QStringLiteral("action"), Value(std::move(action)));
    out.insert(QStringLiteral("context"), context);
    out.insert(QStringLiteral("enabled"), enabled);
    if (!id.isNull())
        out.insert(QStringLiteral("id"), id);
    return Value(std::move(out));
}

Value loadRule(const QString &path, const QString &packHint, QList<Error> *errors)
{
    auto doc = loadDocument(path, errors);
    if (!doc)
        return Value();
    return normalizeRule(doc->value, doc->locations.get(), packHint, errors, path);
}

} // namespace squall::model

#include "model/TriggerTypeDef.h"

namespace squall::model {

namespace {

} // namespace

int checkTriggerParameters(const TriggerTypeDef &type, const Value &parameters, const yaml::LocationMap *locations,
                           QList<Error> *errors, const QString &file)
{
    FC c(locations, file, errors);
    const QString base = QStringLiteral("trigger.parameters");
    const ValueDict &given = parameters.toDict();
    if (!type.hasParameters()) {
        if (!given.isEmpty())
            c.warning(base, QStringLiteral("trigger type %1 takes no parameters").arg(type.ref()));
        return 0;
    }
    const ValueDict &schema = type.parametersSchema.toDict();
    const ValueDict props = schema.value(u"properties").toDict();
    QStringList required;
    for (const Value &r : schema.value(u"required").toList())
        required.append(r.toString());
    for (const auto &[name, s] : props)
        if (s.toDict().value(u"required").toBool() && !required.contains(name))
            required.append(name);
    for (const QString &r : required)
        if (!given.contains(r))
            c.error(base + u'.' + r, QStringLiteral("is required by trigger type %1").arg(type.ref()));
    const Value additional = schema.value(u"additionalProperties", Value(true));
    for (const auto &[name, v] : given) {
        const QString p = base + u'.' + name;
        const Value *s = props.find(name);
        if (!s) {
            if (additional.isBool() && !additional.toBool())
                c.error(p, QStringLiteral("unknown parameter for trigger type %1").arg(type.ref()));
            continue;
        }
        const ValueDict &sd = s->toDict();
        // A Jinja template is rendered later; its type cannot be checked now.
        if (v.isString() && v.toString().contains(QStringLiteral("{{")))
            continue;
        const Value *t = sd.find(u"type");
        if (t && t->isString() && json::isKnownType(t->toString()) && !json::isOfType(v, t->toString())) {
            c.error(p, QStringLiteral("must be of type %1, not %2").arg(t->toString(), QLatin1StringView(v.typeName())));
            continue;
        }
        if (const Value *any = sd.find(u"anyOf"); any && any->isList()) {
            bool ok = false;
            for (const Value &alt : any->toList()) {
                const QString altType = alt[u"type"].toString();
                ok = ok || !json::isKnownType(altType) || json::isOfType(v, altType);
            }
            if (!ok) {
                c.error(p, QStringLiteral("has the wrong type (%1)").arg(QLatin1StringView(v.typeName())));
                continue;
            }
        }
        if (const Value *e = sd.find(u"enum"); e && e->isList() && !e->toList().contains(v))
            c.error(p, QStringLiteral("%1 is not one of %2").arg(py::repr(v), py::repr(*e)));
    }
    return c.errorCount();
}

} // namespace squall::model
