#pragma once

#include "base/Value.h"

#include <QHash>
#include <QStringList>
#include <QWidget>

#include <memory>

namespace squall::ui {

// The one schema-driven form of the studio: running an action, a rule's action
// parameters, trigger parameters, inquiry answers, pack config and trigger emit
// all build their inputs from a schema through this widget.
//
// A field's editor follows its schema: enum -> combo box ("(default)" entry
// when optional); boolean -> check box, or a "(default) / true / false" combo
// when the field is optional and has no default (so "not set" stays distinct
// from false); integer / number -> line edit with a validator; string -> line
// edit (plain-text edit for cmd / script / body / message-like fields);
// secret -> password line edit with a reveal button; array of scalars -> an
// editable list; array of objects, object, or no type -> JSON text validated
// as you type. Number and JSON fields also accept a Jinja expression
// ("{{ trigger.count }}"), passed through as a string, since rule and workflow
// parameters are templates; a value setValues() cannot show in its field's
// editor (a template for a boolean or a list) gets a plain text editor.
//
// Object names: each input is `field_<name>` (accessible name = the field's
// name), its label `label_<name>`, its message `error_<name>`; a list's parts
// are `field_<name>_items/_add/_remove`, a secret's button
// `field_<name>_reveal`; messages for unknown names show in `formError`.
class SchemaForm : public QWidget
{
    Q_OBJECT
public:
    explicit SchemaForm(QWidget *parent = nullptr);
    ~SchemaForm() override;

    // Accepts either StackStorm's parameter map ({name: {type, description,
    // required, default, enum, secret, immutable, position, ...}}) or a JSON
    // schema object ({type: object, properties: {...}, required: [...]}).
    void setSchema(const squall::Value &schema);
    // A dict; every field starts again from its default, then takes the value
    // named for it (null = not set). Names the schema lacks are kept and come
    // back from values() unchanged.
    void setValues(const squall::Value &values);
    // The fields the user set or that have a non-empty value, typed per schema;
    // optional empty fields and untouched defaults are left out.
    squall::Value values() const;
    // Checks required, types, enum, JSON syntax, min/max, length and pattern;
    // shows a message under each bad field; true when all is good.
    bool validate();
    // Messages from elsewhere (an engine error naming a field). A message for a
    // name the form has no field for is shown above the fields.
    void setFieldErrors(const QHash<QString, QString> &messages);
    void clearFieldErrors();
    QStringList fieldNames() const;  // in display order
    QWidget *editorFor(const QString &name) const;
    // Words offered in string fields inside Jinja {{ }} ("{{ trigger.body }}").
    void setCompletions(const QStringList &words);
    // Immutable parameters are shown read-only (default) or hidden.
    void setHideImmutable(bool hide);
    bool isEmptySchema() const;

Q_SIGNALS:
    // The user edited a field (not emitted for setSchema()/setValues()).
    void changed();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace squall::ui
