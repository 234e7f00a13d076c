#include "workflow/chain/ChainSpec.h"

#include "base/Python.h"
#include "base/Yaml.h"

#include <QSet>

#include <algorithm>

namespace squall::actionchain {

namespace {

const QString kKind = QStringLiteral("actionchain");

// StackStorm's test for "this next-node name is computed at run time".
bool looksLikeJinja(const QString &s)
{
    return s.contains(u"{{") || s.contains(u"{%");
}

QString join(const QString &path, const QString &key)
{
    return path.isEmpty() ? key : path + u'.' + key;
}

class Checker
{
public:
    Checker(const yaml::LocationMap *locations, QList<Error> *errors, QList<Error> *warnings)
        : m_locations(locations), m_errors(errors), m_warnings(warnings)
    {
    }

    Error make(const QString &path, const QString &message) const
    {
        if (m_locations)
            return m_locations->error(path, message, kKind);
        Error e;
        e.message = message;
        e.field = path;
        e.kind = kKind;
        return e;
    }
    void error(const QString &path, const QString &message) { m_errors->append(make(path, message)); }
    void warning(const QString &path, const QString &message) { m_warnings->append(make(path, message)); }
    SourceLocation locate(const QString &path) const
    {
        return m_locations ? m_locations->locate(path) : SourceLocation();
    }
    bool failed() const { return !m_errors->isEmpty(); }

    // Keys not in `allowed`: errors, or warnings when `strict` is false.
    void checkKeys(const ValueDict &d, const QString &path, const QStringList &allowed, bool strict)
    {
        for (const auto &[key, v] : d) {
            if (allowed.contains(key))
                continue;
            const QString message = QStringLiteral("unknown property %1 (allowed: %2)")
                                        .arg(py::repr(QStringView(key)), allowed.join(QStringLiteral(", ")));
            if (strict)
                error(join(path, key), message);
            else
                warning(join(path, key),
                        message + QStringLiteral("; ignored, as StackStorm only checks the first node's keys"));
        }
    }

    // A string field; null counts as absent when `nullable`.
    QString optionalString(const ValueDict &d, const QString &path, const QString &key, bool nullable = true)
    {
        const Value *v = d.find(key);
        if (!v || (nullable && v->isNull()))
            return {};
        if (!v->isString()) {
            error(join(path, key), QStringLiteral("must be a string, not %1").arg(QString::fromLatin1(v->typeName())));
            return {};
        }
        return v->toString();
    }

    Value optionalDict(const ValueDict &d, const QString &path, const QString &key)
    {
        const Value *v = d.find(key);
        if (!v || v->isNull())
            return {};
        if (!v->isDict()) {
            error(join(path, key),
                  QStringLiteral("must be a mapping, not %1").arg(QString::fromLatin1(v->typeName())));
            return {};
        }
        return *v;
    }

    void checkNotify(const Value &notify, const QString &path)
    {
        static const QStringList events = {QStringLiteral("on-complete"), QStringLiteral("on-success"),
                                           QStringLiteral("on-failure")};
        static const QStringList fields = {QStringLiteral("message"), QStringLiteral("data"),
                                           QStringLiteral("routes"), QStringLiteral("channels")};
        checkKeys(notify.toDict(), path, events, true);
        for (const QString &event : events) {
            const QString eventPath = join(path, event);
            const Value sub = optionalDict(notify.toDict(), path, event);
            if (!sub.isDict())
                continue;
            checkKeys(sub.toDict(), eventPath, fields, true);
            optionalString(sub.toDict(), eventPath, QStringLiteral("message"));
            optionalDict(sub.toDict(), eventPath, QStringLiteral("data"));
            for (const QString &list : {QStringLiteral("routes"), QStringLiteral("channels")}) {
                const Value *v = sub.toDict().find(list);
                if (v && !v->isNull() && !v->isList())
                    error(join(eventPath, list),
                          QStringLiteral("must be a list, not %1").arg(QString::fromLatin1(v->typeName())));
            }
        }
    }

    // Fills what it can; the name stays empty when there is no usable one.
    void node(const Value &v, qsizetype index, ChainNode *out)
    {
        static const QStringList allowed = {QStringLiteral("name"),       QStringLiteral("ref"),
                                            QStringLiteral("params"),     QStringLiteral("parameters"),
                                            QStringLiteral("on-success"), QStringLiteral("on-failure"),
                                            QStringLiteral("publish"),    QStringLiteral("notify")};
        const QString path = QStringLiteral("chain[%1]").arg(index);
        if (!v.isDict()) {
            error(path, QStringLiteral("a chain node must be a mapping, not %1").arg(QString::fromLatin1(v.typeName())));
            return;
        }
        const ValueDict &d = v.toDict();
        checkKeys(d, path, allowed, index == 0);
        for (const QString &key : {QStringLiteral("name"), QStringLiteral("ref")}) {
            const Value *f = d.find(key);
            if (!f || f->isNull()) {
                error(path, QStringLiteral("%1 is a required property").arg(py::repr(QStringView(key))));
            } else if (!f->isString() || f->toString().isEmpty()) {
                error(join(path, key), f->isString() ? QStringLiteral("must not be empty")
                                                     : QStringLiteral("must be a string, not %1")
                                                           .arg(QString::fromLatin1(f->typeName())));
            }
        }
        out->name = d.value(u"name").toString();  // empty unless a string
        out->ref = d.value(u"ref").toString();
        out->location = locate(path);

        const Value params = optionalDict(d, path, QStringLiteral("params"));
        const Value parameters = optionalDict(d, path, QStringLiteral("parameters"));
        // As in StackStorm, only two non-empty mappings conflict.
        if (!params.toDict().isEmpty() && !parameters.toDict().isEmpty())
            error(join(path, QStringLiteral("params")),
                  QStringLiteral("either \"params\" or \"parameters\" may be given, not both (\"params\" is the "
                                 "deprecated name)"));
        out->parameters = !parameters.toDict().isEmpty() ? parameters
                          : params.isDict()              ? params
                                                         : Value(ValueDict());
        out->onSuccess = optionalString(d, path, QStringLiteral("on-success"));
        out->onFailure = optionalString(d, path, QStringLiteral("on-failure"));
        out->publish = optionalDict(d, path, QStringLiteral("publish"));
        out->notify = optionalDict(d, path, QStringLiteral("notify"));
        if (out->notify.isDict())
            checkNotify(out->notify, join(path, QStringLiteral("notify")));

        ValueDict attrs;
        for (const QString &key : allowed) {
            QString attr = key;
            attr.replace(u'-', u'_');
            attrs.insert(attr, d.value(key));
        }
        out->attributes = Value(std::move(attrs));
    }

private:
    const yaml::LocationMap *m_locations;
    QList<Error> *m_errors;
    QList<Error> *m_warnings;
};

} // namespace

const ChainNode *ChainSpec::node(const QString &name) const
{
    const auto it = m_index.constFind(name);
    return it == m_index.constEnd() ? nullptr : &m_nodes.at(*it);
}

std::shared_ptr<const ChainSpec> ChainSpec::fromValue(const Value &doc, const yaml::LocationMap *locations,
                                                      QList<Error> *errors)
{
    QList<Error> localErrors;
    QList<Error> &errs = errors ? *errors : localErrors;
    errs.clear();
    std::shared_ptr<ChainSpec> spec(new ChainSpec());
    spec->m_file = locations ? locations->file : QString();
    Checker check(locations, &errs, &spec->m_warnings);

    if (!doc.isDict()) {
        check.error(QString(), QStringLiteral("an action chain must be a mapping with a \"chain\" list, not %1")
                                   .arg(QString::fromLatin1(doc.typeName())));
        return nullptr;
    }
    const ValueDict &top = doc.toDict();
    check.checkKeys(top, QString(),
                    {QStringLiteral("chain"), QStringLiteral("default"), QStringLiteral("vars")}, true);
    const QString defaultName = check.optionalString(top, QString(), QStringLiteral("default"));
    spec->m_vars = check.optionalDict(top, QString(), QStringLiteral("vars"));
    if (!spec->m_vars.isDict())
        spec->m_vars = Value(ValueDict());

    const Value *chain = top.find(u"chain");
    if (!chain) {
        check.error(QString(), QStringLiteral("'chain' is a required property"));
        return nullptr;
    }
    if (!chain->isList()) {
        check.error(QStringLiteral("chain"),
                    QStringLiteral("must be a list of nodes, not %1").arg(QString::fromLatin1(chain->typeName())));
        return nullptr;
    }

    // Every node is checked even after a bad one, so one run reports everything.
    QHash<QString, qsizetype> firstSeen;
    const ValueList &list = chain->toList();
    for (qsizetype i = 0; i < list.size(); ++i) {
        ChainNode n;
        check.node(list.at(i), i, &n);
        if (n.name.isEmpty())
            continue;
        if (const auto it = firstSeen.constFind(n.name); it != firstSeen.constEnd()) {
            const SourceLocation first = spec->m_nodes.at(*it).location;
            check.error(QStringLiteral("chain[%1].name").arg(i),
                        QStringLiteral("duplicate node name \"%1\" (first defined at line %2)")
                            .arg(n.name)
                            .arg(first.line));
            continue;
        }
        firstSeen.insert(n.name, spec->m_nodes.size());
        spec->m_index.insert(n.name, spec->m_nodes.size());
        spec->m_nodes.append(std::move(n));
    }

    // Next-node names, once all names are known. Names holding Jinja pass here
    // (StackStorm defers them), though the runner never renders them.
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (!list.at(i).isDict())
            continue;
        const ValueDict &d = list.at(i).toDict();
        const QString taskName = d.value(u"name").toString();
        for (const QString &key : {QStringLiteral("on-success"), QStringLiteral("on-failure")}) {
            const Value next = d.value(key);
            if (!next.isString() || next.toString().isEmpty() || looksLikeJinja(next.toString()))
                continue;
            if (!firstSeen.contains(next.toString()))
                check.error(QStringLiteral("chain[%1].%2").arg(i).arg(key),
                            QStringLiteral("Unable to find node with name \"%1\" referenced in \"%2\" in task \"%3\".")
                                .arg(next.toString(), key, taskName));
        }
    }

    if (!defaultName.isEmpty()) {
        if (!looksLikeJinja(defaultName) && !firstSeen.contains(defaultName))
            check.error(QStringLiteral("default"),
                        QStringLiteral("Unable to find node with name \"%1\" referenced in \"default\".").arg(defaultName));
        spec->m_default = defaultName;
    } else if (list.isEmpty()) {
        check.error(QStringLiteral("chain"), QStringLiteral("the chain has no nodes, so there is no node to start from"));
    } else if (!spec->m_nodes.isEmpty()) {
        QSet<QString> referenced;
        for (const ChainNode &n : std::as_const(spec->m_nodes)) {
            referenced.insert(n.onSuccess);
            referenced.insert(n.onFailure);
        }
        spec->m_default = spec->m_nodes.first().name;
        for (const ChainNode &n : std::as_const(spec->m_nodes)) {
            if (!referenced.contains(n.name)) {
                spec->m_default = n.name;
                break;
            }
        }
    }

    if (check.failed()) {
        // Reported in file order, whichever check found them.
        std::stable_sort(errs.begin(), errs.end(), [](const Error &a, const Error &b) {
            return std::pair(a.location.line, a.location.column) < std::pair(b.location.line, b.location.column);
        });
        return nullptr;
    }
    return spec;
}

std::shared_ptr<const ChainSpec> ChainSpec::fromDocument(const yaml::Document &doc, QList<Error> *errors)
{
    return fromValue(doc.value, doc.locations.get(), errors);
}

std::shared_ptr<const ChainSpec> ChainSpec::loadFile(const QString &path, QList<Error> *errors)
{
    try {
        return fromDocument(yaml::loadFile(path), errors);
    } catch (const SquallException &e) {
        if (errors) {
            errors->clear();
            Error err = e.error();
            if (err.location.file.isEmpty())
                err.location.file = path;
            errors->append(err);
        }
        return nullptr;
    }
}

} // namespace squall::actionchain
