#include "ui/common/SchemaForm.h"

#include <QFormLayout>

namespace squall::ui {

struct SchemaForm::Private
{
    Value schema;
    Value values;
};

SchemaForm::SchemaForm(QWidget *parent) : QWidget(parent), d(std::make_unique<Private>())
{
    new QFormLayout(this);
}

SchemaForm::~SchemaForm() = default;

void SchemaForm::setSchema(const Value &schema) { d->schema = schema; }
void SchemaForm::setValues(const Value &values) { d->values = values; }
Value SchemaForm::values() const { return d->values.isDict() ? d->values : Value(ValueDict()); }
bool SchemaForm::validate() { return true; }
void SchemaForm::setFieldErrors(const QHash<QString, QString> &) { }
void SchemaForm::clearFieldErrors() { }
QStringList SchemaForm::fieldNames() const { return {}; }
QWidget *SchemaForm::editorFor(const QString &) const { return nullptr; }
void SchemaForm::setCompletions(const QStringList &) { }
void SchemaForm::setHideImmutable(bool) { }
bool SchemaForm::isEmptySchema() const { return true; }

} // namespace squall::ui
