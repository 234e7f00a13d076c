#pragma once

#include "base/Value.h"

#include <QTreeWidget>

namespace squall::ui {

// A schema read at a glance: one row per field (name, type, required,
// description), nested object properties and array items as children.
// Accepts a JSON schema object or StackStorm's {name: paramSchema} map.
class SchemaOutline final : public QTreeWidget
{
    Q_OBJECT
public:
    explicit SchemaOutline(QWidget *parent = nullptr);

    void setSchema(const Value &schema);
    // Dotted paths of every field ("body", "body.items[]"), for completions and tests.
    QStringList paths() const;

private:
    void addFields(QTreeWidgetItem *parent, const Value &properties, const Value &requiredList,
                   const QString &prefix);
    QStringList m_paths;
};

} // namespace squall::ui
