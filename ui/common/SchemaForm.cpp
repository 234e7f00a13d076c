#include "ui/common/SchemaForm.h"

#include "ui/common/FieldEditor.h"
#include "ui/common/JinjaCompleter.h"
#include "ui/common/MessageLabel.h"

#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace squall::ui {

namespace {

// One field's row: its label, and a box with the editor over its message.
struct Row
{
    FieldSpec spec;
    QLabel *label = nullptr;
    QWidget *box = nullptr;
    FieldEditor *editor = nullptr;
    MessageLabel *message = nullptr;
    bool explicitlySet = false;  // named by setValues()
};

// Names have no spaces to wrap at: a long one is broken after underscores
// into lines of about kLabelChars, so it neither widens the form nor gets
// clipped (a word-wrapped QLabel in a QFormLayout gets one line's height).
constexpr int kLabelChars = 24;

QString wrapName(const QString &name)
{
    if (name.size() <= kLabelChars)
        return name;
    QStringList lines(QString{});
    const QStringList parts = name.split(u'_');
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QString part = parts.at(i) + (i + 1 < parts.size() ? QStringLiteral("_") : QString());
        if (!lines.last().isEmpty() && lines.last().size() + part.size() > kLabelChars)
            lines.append(QString());
        lines.last() += part;
    }
    return lines.join(u'\n');
}

} // namespace

struct SchemaForm::Private
{
    SchemaForm *q;
    QFormLayout *form = nullptr;
    MessageLabel *formMessage = nullptr;
    QLabel *emptyLabel = nullptr;
    JinjaCompleter *completer = nullptr;
    QList<Row> rows;
    ValueDict extra;  // values for names the schema does not have, kept as given
    bool hideImmutable = false;

    Row *row(const QString &name)
    {
        for (Row &r : rows) {
            if (r.spec.name == name)
                return &r;
        }
        return nullptr;
    }

    void clear()
    {
        for (const Row &r : rows)
            form->removeRow(r.box);  // deletes label and box
        rows.clear();
        extra = ValueDict();
        formMessage->setMessage({});
    }

    void addRow(const FieldSpec &spec)
    {
        Row r;
        r.spec = spec;
        r.box = new QWidget(q);
        auto *boxLayout = new QVBoxLayout(r.box);
        boxLayout->setContentsMargins(0, 0, 0, 0);
        boxLayout->setSpacing(2);
        r.message = new MessageLabel(r.box);
        r.message->setObjectName(QStringLiteral("error_%1").arg(spec.name));
        const QString text = wrapName(spec.label());
        r.label = new QLabel(spec.required ? text + QStringLiteral(" *") : text, q);
        r.label->setAccessibleName(spec.label());
        r.label->setObjectName(QStringLiteral("label_%1").arg(spec.name));
        if (spec.required) {
            QFont bold = r.label->font();
            bold.setBold(true);
            r.label->setFont(bold);
        }
        r.label->setToolTip(spec.description);
        boxLayout->addWidget(r.message);
        form->addRow(r.label, r.box);
        rows << r;
        setEditor(rows.last(), FieldEditor::create(spec, r.box));
    }

    // Puts `editor` in the row, replacing the one there.
    void setEditor(Row &r, FieldEditor *editor)
    {
        auto *boxLayout = static_cast<QVBoxLayout *>(r.box->layout());
        if (r.editor) {
            boxLayout->removeWidget(r.editor->widget());
            delete r.editor->widget();
        }
        r.editor = editor;
        boxLayout->insertWidget(0, editor->widget());
        r.label->setBuddy(editor->editor());
        editor->setReadOnly(r.spec.immutable);
        if (r.spec.immutable) {
            const QString note = tr("Fixed by the action; it cannot be set here.");
            QWidget *input = editor->editor();
            input->setToolTip(r.spec.description.isEmpty() ? note : r.spec.description + u'\n' + note);
            input->setAccessibleDescription(input->toolTip());
        }
        // The box's tab order follows the layout; keep the message out of it.
        editor->attachCompleter(completer);
        const QString name = r.spec.name;
        QObject::connect(editor, &FieldEditor::edited, q, [this, name] { onEdited(name); });
        if (r.spec.immutable && r.spec.hasDefault)
            showValue(r, r.spec.defaultValue);
    }

    void showValue(Row &r, const Value &v)
    {
        if (!r.editor->canShow(v))
            setEditor(r, FieldEditor::createText(r.spec, r.box));
        r.editor->setValue(v);
    }

    void onEdited(const QString &name)
    {
        if (Row *r = row(name)) {
            // Live: syntax problems show as you type; other messages go away.
            QString error;
            r->editor->current(&error);
            r->message->setMessage(error);
        }
        Q_EMIT q->changed();
    }

    void applyVisibility()
    {
        for (const Row &r : rows)
            form->setRowVisible(r.box, !(hideImmutable && r.spec.immutable));
        emptyLabel->setVisible(rows.isEmpty());
    }
};

SchemaForm::SchemaForm(QWidget *parent) : QWidget(parent), d(std::make_unique<Private>())
{
    d->q = this;
    setObjectName(QStringLiteral("schemaForm"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    d->formMessage = new MessageLabel(this);
    d->formMessage->setObjectName(QStringLiteral("formError"));
    layout->addWidget(d->formMessage);
    d->form = new QFormLayout;
    // A long name puts its editor on the next line rather than squeezing it.
    d->form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    d->form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    layout->addLayout(d->form);
    d->emptyLabel = new QLabel(tr("No parameters."), this);
    d->emptyLabel->setObjectName(QStringLiteral("schemaFormEmpty"));
    d->emptyLabel->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(d->emptyLabel);
    // Rows stay at the top when the form is given more height than it needs.
    layout->addStretch();
    d->completer = new JinjaCompleter(this);
}

SchemaForm::~SchemaForm()
{
    // ~QWidget still delivers focus changes (an open item editor commits),
    // after our private data is gone: stop listening first.
    for (const Row &r : d->rows)
        QObject::disconnect(r.editor, nullptr, this, nullptr);
}

void SchemaForm::setSchema(const Value &schema)
{
    d->clear();
    for (const FieldSpec &spec : fieldsFromSchema(schema))
        d->addRow(spec);
    d->applyVisibility();
}

void SchemaForm::setValues(const Value &values)
{
    clearFieldErrors();
    d->extra = ValueDict();
    for (Row &r : d->rows) {
        r.explicitlySet = false;
        if (!r.spec.immutable)
            r.editor->reset();
    }
    for (const auto &[name, v] : values.toDict()) {
        Row *r = d->row(name);
        if (!r) {
            d->extra.insert(name, v);
            continue;
        }
        // null is "not set": the field keeps its default.
        if (r->spec.immutable || v.isNull())
            continue;
        d->showValue(*r, v);
        r->explicitlySet = true;
    }
}

Value SchemaForm::values() const
{
    ValueDict out = d->extra;
    for (const Row &r : d->rows) {
        if (r.spec.immutable)
            continue;
        QString error;
        const std::optional<Value> v = r.editor->current(&error);
        // Input that cannot be read (bad JSON) is not sent; validate() says why.
        if (!v || !error.isEmpty())
            continue;
        // An untouched default is the engine's to apply.
        if (r.explicitlySet || !r.spec.hasDefault || !(*v == r.spec.defaultValue)
            || v->type() != r.spec.defaultValue.type())
            out.insert(r.spec.name, *v);
    }
    return Value(std::move(out));
}

bool SchemaForm::validate()
{
    bool ok = true;
    QWidget *firstBad = nullptr;
    d->formMessage->setMessage({});
    for (Row &r : d->rows) {
        QString message;
        if (!r.spec.immutable) {
            const std::optional<Value> v = r.editor->current(&message);
            if (message.isEmpty() && !v && r.spec.required && !r.spec.hasDefault)
                message = tr("Required");
            else if (message.isEmpty() && v)
                message = checkValue(r.spec, *v);
        }
        r.message->setMessage(message);
        if (!message.isEmpty()) {
            ok = false;
            if (!firstBad)
                firstBad = r.editor->editor();
        }
    }
    if (firstBad && isVisible())
        firstBad->setFocus(Qt::OtherFocusReason);
    return ok;
}

void SchemaForm::setFieldErrors(const QHash<QString, QString> &messages)
{
    clearFieldErrors();
    QStringList general;
    for (auto it = messages.begin(); it != messages.end(); ++it) {
        if (Row *r = d->row(it.key()))
            r->message->setMessage(it.value());
        else
            general << (it.key().isEmpty() ? it.value() : it.key() + QStringLiteral(": ") + it.value());
    }
    general.sort();
    d->formMessage->setMessage(general.join(u'\n'));
}

void SchemaForm::clearFieldErrors()
{
    for (const Row &r : d->rows)
        r.message->setMessage({});
    d->formMessage->setMessage({});
}

QStringList SchemaForm::fieldNames() const
{
    QStringList names;
    for (const Row &r : d->rows)
        names << r.spec.name;
    return names;
}

QWidget *SchemaForm::editorFor(const QString &name) const
{
    const Row *r = d->row(name);
    return r ? r->editor->editor() : nullptr;
}

void SchemaForm::setCompletions(const QStringList &words) { d->completer->setWords(words); }

void SchemaForm::setHideImmutable(bool hide)
{
    d->hideImmutable = hide;
    d->applyVisibility();
}

bool SchemaForm::isEmptySchema() const { return d->rows.isEmpty(); }

} // namespace squall::ui
