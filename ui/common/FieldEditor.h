#pragma once

#include "ui/common/FieldSpec.h"

#include <QObject>

#include <optional>

class QWidget;

namespace squall::ui {

class JinjaCompleter;

// The input of one SchemaForm field: the widgets the field's schema calls for
// and the conversion between them and a Value. Owned by its widget.
class FieldEditor : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FieldEditor)
public:
    // The editor `spec` calls for (see SchemaForm), its widget a child of `parent`.
    static FieldEditor *create(const FieldSpec &spec, QWidget *parent);
    // A line of text for any value (a template where the schema expects a
    // boolean or a list): text that parses as JSON of the field's type is
    // that value, anything else is a string.
    static FieldEditor *createText(const FieldSpec &spec, QWidget *parent);

    const FieldSpec &spec() const { return m_spec; }
    QWidget *widget() const { return m_widget; }  // what the form row holds
    QWidget *editor() const { return m_editor; }  // the input itself: field_<name>

    // Whether setValue() can show `value` faithfully in this kind of editor.
    virtual bool canShow(const Value &value) const;
    virtual void setValue(const Value &value) = 0;
    // Back to the schema's default (or empty).
    virtual void reset() = 0;
    // What the user entered; nullopt when the field is empty or left at
    // "(default)". `error` receives why the input cannot be read as the
    // field's type (bad JSON, not a number).
    virtual std::optional<Value> current(QString *error) const = 0;
    virtual void setReadOnly(bool readOnly) = 0;
    virtual void attachCompleter(JinjaCompleter *) { }

Q_SIGNALS:
    void edited();

protected:
    explicit FieldEditor(const FieldSpec &spec);
    // Called once by each kind: the row's widget (which then owns this
    // editor) and the input inside it, named and described for the field.
    void setWidgets(QWidget *widget, QWidget *editor);

private:
    FieldSpec m_spec;
    QWidget *m_widget = nullptr;
    QWidget *m_editor = nullptr;
};

} // namespace squall::ui
