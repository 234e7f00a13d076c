#include "ui/triggers/SchemaOutline.h"

#include "base/Json.h"

#include <QHeaderView>

namespace squall::ui {

namespace {

QString typeText(const Value &s)
{
    if (s[u"type"].isList()) {
        QStringList types;
        for (const Value &t : s[u"type"].toList())
            types.append(t.toString());
        return types.join(QStringLiteral(" | "));
    }
    QString t = s[u"type"].toString();
    if (t == u"array" && s[u"items"][u"type"].isString())
        t = QStringLiteral("array of %1").arg(s[u"items"][u"type"].toString());
    if (s[u"enum"].isList()) {
        QStringList options;
        for (const Value &v : s[u"enum"].toList())
            options.append(v.isString() ? v.toString() : json::toString(v));
        t += QStringLiteral(" (%1)").arg(options.join(QStringLiteral(", ")));
    }
    if (s[u"secret"].toBool())
        t += QObject::tr(", secret");
    return t.isEmpty() ? QObject::tr("any") : t;
}

// A JSON schema object names its fields under "properties"; a parameter map is
// the fields itself.
bool isObjectSchema(const Value &schema)
{
    return schema[u"properties"].isDict() || schema[u"type"].toString() == u"object";
}

} // namespace

SchemaOutline::SchemaOutline(QWidget *parent) : QTreeWidget(parent)
{
    setHeaderLabels({tr("Field"), tr("Type"), tr("Required"), tr("Description")});
    setUniformRowHeights(true);
    setAlternatingRowColors(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    header()->setStretchLastSection(true);
}

void SchemaOutline::setSchema(const Value &schema)
{
    clear();
    m_paths.clear();
    if (isObjectSchema(schema))
        addFields(invisibleRootItem(), schema[u"properties"], schema[u"required"], {});
    else
        addFields(invisibleRootItem(), schema, {}, {});
    expandToDepth(1);
}

QStringList SchemaOutline::paths() const
{
    return m_paths;
}

void SchemaOutline::addFields(QTreeWidgetItem *parent, const Value &properties, const Value &requiredList,
                              const QString &prefix)
{
    QStringList required;
    for (const Value &r : requiredList.toList())
        required.append(r.toString());
    for (const auto &[name, s] : properties.toDict()) {
        const QString path = prefix.isEmpty() ? name : prefix + u'.' + name;
        m_paths.append(path);
        const bool isRequired = s[u"required"].toBool() || required.contains(name);
        QString description = s[u"description"].toString();
        if (!s[u"default"].isNull())
            description += (description.isEmpty() ? QString() : QStringLiteral(" ")) +
                           tr("(default %1)").arg(json::toString(s[u"default"]));
        auto *item = new QTreeWidgetItem(parent, {name, typeText(s), isRequired ? tr("yes") : QString(), description});
        item->setToolTip(3, description);
        item->setToolTip(0, path);
        if (s[u"properties"].isDict())
            addFields(item, s[u"properties"], s[u"required"], path);
        else if (s[u"items"][u"properties"].isDict())
            addFields(item, s[u"items"][u"properties"], s[u"items"][u"required"], path + QStringLiteral("[]"));
    }
}

} // namespace squall::ui
