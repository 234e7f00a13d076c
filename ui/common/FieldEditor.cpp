#include "ui/common/FieldEditor.h"

#include "base/Json.h"
#include "ui/common/JinjaCompleter.h"
#include "ui/common/ScalarListEditor.h"
#include "ui/common/SecretEdit.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QFontDatabase>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QToolButton>
#include <QValidator>

#include <cmath>

namespace squall::ui {

namespace {

using Kind = FieldSpec::Kind;

QString tr(const char *text) { return QCoreApplication::translate("squall::ui::SchemaForm", text); }

QString defaultLabel(const FieldSpec &spec)
{
    if (!spec.hasDefault || spec.defaultValue.isNull())
        return tr("(default)");
    return tr("(default: %1)").arg(valueText(spec.defaultValue));
}

// Numbers as typed, or a template: `{{ trigger.count }}` is a fine integer
// parameter in a rule.
class NumberValidator final : public QValidator
{
public:
    NumberValidator(bool integer, QObject *parent) : QValidator(parent), m_integer(integer) { }

    State validate(QString &input, int &) const override
    {
        if (input.isEmpty() || input.startsWith(u'{'))
            return Acceptable;
        static const QRegularExpression integer(QStringLiteral("^[+-]?[0-9]*$"));
        static const QRegularExpression number(
            QStringLiteral("^[+-]?([0-9]*\\.?[0-9]*)([eE][+-]?[0-9]*)?$"));
        const QString t = input.trimmed();
        if (!(m_integer ? integer : number).match(t).hasMatch())
            return Invalid;
        bool ok = false;
        if (m_integer)
            t.toLongLong(&ok);
        else
            t.toDouble(&ok);
        return ok ? Acceptable : Intermediate;
    }

private:
    bool m_integer;
};

// Reads typed text as the field's kind; nullopt for empty text.
std::optional<Value> parseScalar(Kind kind, const QString &text, QString *error)
{
    if (text.isEmpty())
        return std::nullopt;
    if (isTemplate(text))
        return Value(text);
    const QString t = text.trimmed();
    bool ok = false;
    switch (kind) {
    case Kind::Integer: {
        const qint64 i = t.toLongLong(&ok);
        if (ok)
            return Value(i);
        // 1e3 or 5.0 are whole numbers typed another way.
        const double d = t.toDouble(&ok);
        if (ok && std::isfinite(d) && d == std::trunc(d) && std::abs(d) < 9.0e15)
            return Value(qint64(d));
        *error = tr("Must be a whole number");
        return Value(text);
    }
    case Kind::Number: {
        const double d = t.toDouble(&ok);
        if (ok && std::isfinite(d))
            return Value(d);
        *error = tr("Must be a number");
        return Value(text);
    }
    case Kind::Boolean:
        if (t.compare(u"true", Qt::CaseInsensitive) == 0)
            return Value(true);
        if (t.compare(u"false", Qt::CaseInsensitive) == 0)
            return Value(false);
        *error = tr("Must be true or false");
        return Value(text);
    default: return Value(text);
    }
}

QString jsonError(const json::ParseError &e)
{
    return tr("Invalid JSON: %1 (line %2, column %3)").arg(e.message).arg(e.line).arg(e.column);
}

void prettyInto(QPlainTextEdit *edit, const Value &v)
{
    json::Style style;
    style.indent = 2;
    edit->setPlainText(json::toString(v, style));
}

// Height for `lines` lines of text plus the frame.
int linesHeight(const QPlainTextEdit *edit, int lines)
{
    // Half a line of slack: the viewport's own margins differ between styles.
    return edit->fontMetrics().lineSpacing() * lines + edit->fontMetrics().lineSpacing() / 2
        + 2 * edit->frameWidth() + int(edit->document()->documentMargin() * 2);
}

// ---- kinds -----------------------------------------------------------------

// String, integer and number fields in one line, and secrets.
class LineField final : public FieldEditor
{
public:
    LineField(const FieldSpec &spec, QWidget *parent, bool forceText) : FieldEditor(spec), m_text(forceText)
    {
        if (spec.secret && !forceText) {
            auto *secret = new SecretEdit(parent);
            m_edit = secret->lineEdit();
            secret->setObjectName(QStringLiteral("field_%1_box").arg(spec.name));
            secret->revealButton()->setObjectName(QStringLiteral("field_%1_reveal").arg(spec.name));
            setWidgets(secret, m_edit);
        } else {
            m_edit = new QLineEdit(parent);
            setWidgets(m_edit, m_edit);
        }
        if (!m_text && (spec.kind == Kind::Integer || spec.kind == Kind::Number))
            m_edit->setValidator(new NumberValidator(spec.kind == Kind::Integer, m_edit));
        m_edit->setClearButtonEnabled(!spec.secret);
        if (spec.hasDefault && !spec.secret && !spec.defaultValue.isNull())
            m_edit->setPlaceholderText(valueText(spec.defaultValue));
        connect(m_edit, &QLineEdit::textEdited, this, &FieldEditor::edited);
    }

    bool canShow(const Value &v) const override
    {
        if (m_text)
            return true;
        if (v.isString())
            return spec().kind == Kind::String || spec().kind == Kind::Any || isTemplate(v.toString());
        if (spec().kind == Kind::Integer)
            return v.isInt();
        if (spec().kind == Kind::Number)
            return v.isInt() || v.isDouble();
        return spec().kind == Kind::Any && (v.isNumber() || v.isNull());
    }
    void setValue(const Value &v) override { m_edit->setText(v.isNull() ? QString() : valueText(v)); }
    void reset() override { m_edit->clear(); }
    std::optional<Value> current(QString *error) const override
    {
        if (m_text) {
            // Whatever JSON of the right type the text holds; else the text.
            const QString t = m_edit->text();
            if (t.isEmpty())
                return std::nullopt;
            json::ParseError e;
            const Value v = json::parse(QStringView(t), &e);
            if (e.ok() && !v.isString() && checkValue(spec(), v).isEmpty())
                return v;
            return Value(t);
        }
        return parseScalar(spec().kind == Kind::Any ? Kind::String : spec().kind, m_edit->text(), error);
    }
    void setReadOnly(bool readOnly) override { m_edit->setReadOnly(readOnly); }
    void attachCompleter(JinjaCompleter *c) override
    {
        if (!spec().secret || m_text)
            c->attach(m_edit);
    }

private:
    QLineEdit *m_edit;
    bool m_text;
};

// Multi-line strings, and JSON for arrays, objects and fields without a type.
class TextField final : public FieldEditor
{
public:
    TextField(const FieldSpec &spec, QWidget *parent, bool json) : FieldEditor(spec), m_json(json)
    {
        m_edit = new QPlainTextEdit(parent);
        m_edit->setTabChangesFocus(true);
        if (json) {
            m_edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
            m_edit->setLineWrapMode(QPlainTextEdit::NoWrap);
        }
        setWidgets(m_edit, m_edit);
        reset();
        // A few lines, more when the default needs them; the text scrolls
        // beyond that, so long forms stay compact.
        const int lines = qBound(4, int(m_edit->document()->blockCount()), 8);
        m_edit->setFixedHeight(linesHeight(m_edit, lines));
        connect(m_edit, &QPlainTextEdit::textChanged, this, [this] {
            if (!m_setting)
                Q_EMIT edited();
        });
    }

    bool canShow(const Value &v) const override
    {
        if (!m_json)
            return v.isString() || v.isNull();
        return true;
    }
    void setValue(const Value &v) override
    {
        m_setting = true;
        if (v.isNull() && !m_json)
            m_edit->clear();
        else if (!m_json || (v.isString() && !isJsonish(v.toString())))
            m_edit->setPlainText(v.toString());
        else
            prettyInto(m_edit, v);
        m_setting = false;
    }
    void reset() override
    {
        m_setting = true;
        m_edit->clear();
        const FieldSpec &s = spec();
        // A container default is shown as text to edit from; a scalar one as
        // the placeholder.
        if (m_json && s.hasDefault && (s.defaultValue.isList() || s.defaultValue.isDict()))
            prettyInto(m_edit, s.defaultValue);
        else if (s.hasDefault && !s.defaultValue.isNull())
            m_edit->setPlaceholderText(valueText(s.defaultValue));
        m_setting = false;
    }
    std::optional<Value> current(QString *error) const override
    {
        const QString text = m_edit->toPlainText();
        if (!m_json)
            return text.isEmpty() ? std::nullopt : std::optional<Value>(Value(text));
        if (text.trimmed().isEmpty())
            return std::nullopt;
        json::ParseError e;
        Value v = json::parse(QStringView(text), &e);
        if (e.ok())
            return v;
        if (isTemplate(text))
            return Value(text);
        // No declared type: any text that is not JSON is a string.
        if (spec().kind == Kind::Any && !isJsonish(text))
            return Value(text);
        *error = jsonError(e);
        return Value(text);
    }
    void setReadOnly(bool readOnly) override { m_edit->setReadOnly(readOnly); }
    void attachCompleter(JinjaCompleter *c) override { c->attach(m_edit); }

private:
    // Text that is meant as JSON (so a syntax error in it is an error).
    static bool isJsonish(const QString &text)
    {
        const QString t = text.trimmed();
        return t.startsWith(u'{') || t.startsWith(u'[') || t.startsWith(u'"');
    }

    QPlainTextEdit *m_edit;
    bool m_json;
    bool m_setting = false;
};

// Enums, and optional booleans without a default ("(default)", true, false).
class ComboField final : public FieldEditor
{
public:
    ComboField(const FieldSpec &spec, QWidget *parent) : FieldEditor(spec)
    {
        m_combo = new QComboBox(parent);
        m_choices = spec.hasEnum ? spec.enumValues : ValueList{Value(true), Value(false)};
        // Required without a default: nothing chosen until the user chooses.
        m_hasDefaultEntry = !spec.required;
        if (m_hasDefaultEntry)
            m_combo->addItem(defaultLabel(spec));
        for (const Value &c : m_choices)
            m_combo->addItem(c.isNull() ? QStringLiteral("null") : valueText(c));
        m_combo->setPlaceholderText(tr("(choose)"));
        m_combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        m_combo->setMinimumContentsLength(12);
        setWidgets(m_combo, m_combo);
        reset();
        connect(m_combo, &QComboBox::activated, this, &FieldEditor::edited);
    }

    bool canShow(const Value &v) const override { return v.isNull() || indexOf(v) >= 0; }
    void setValue(const Value &v) override
    {
        const int i = indexOf(v);
        m_combo->setCurrentIndex(i >= 0 ? i : (m_hasDefaultEntry ? 0 : -1));
    }
    void reset() override
    {
        const FieldSpec &s = spec();
        if (m_hasDefaultEntry)
            m_combo->setCurrentIndex(0);
        else
            m_combo->setCurrentIndex(s.hasDefault ? indexOf(s.defaultValue) : -1);
    }
    std::optional<Value> current(QString *) const override
    {
        const int i = m_combo->currentIndex() - (m_hasDefaultEntry ? 1 : 0);
        if (i < 0)
            return std::nullopt;
        return m_choices.at(i);
    }
    void setReadOnly(bool readOnly) override { m_combo->setEnabled(!readOnly); }

private:
    int indexOf(const Value &v) const
    {
        for (qsizetype i = 0; i < m_choices.size(); ++i) {
            // Strictly the same type: a 1 is not the enum's true.
            if (m_choices.at(i).type() == v.type() && m_choices.at(i) == v)
                return int(i) + (m_hasDefaultEntry ? 1 : 0);
        }
        return -1;
    }

    QComboBox *m_combo;
    ValueList m_choices;
    bool m_hasDefaultEntry = false;
};

// Booleans that always have a value: required ones and those with a default.
class CheckField final : public FieldEditor
{
public:
    CheckField(const FieldSpec &spec, QWidget *parent) : FieldEditor(spec)
    {
        m_check = new QCheckBox(parent);
        // As wide as its box, so a click beside it does not toggle it.
        m_check->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
        setWidgets(m_check, m_check);
        reset();
        connect(m_check, &QCheckBox::toggled, this, &FieldEditor::edited);
    }

    bool canShow(const Value &v) const override { return v.isBool(); }
    void setValue(const Value &v) override
    {
        const QSignalBlocker block(m_check);
        m_check->setChecked(v.toBool());
    }
    void reset() override { setValue(Value(spec().defaultValue.toBool())); }
    std::optional<Value> current(QString *) const override { return Value(m_check->isChecked()); }
    void setReadOnly(bool readOnly) override { m_check->setEnabled(!readOnly); }

private:
    QCheckBox *m_check;
};

// Arrays of strings or numbers, one item per row.
class ListField final : public FieldEditor
{
public:
    ListField(const FieldSpec &spec, QWidget *parent) : FieldEditor(spec)
    {
        m_list = new ScalarListEditor(parent);
        setWidgets(m_list, m_list);
        m_list->setNames(QStringLiteral("field_%1").arg(spec.name), spec.label());
        reset();
        connect(m_list, &ScalarListEditor::changed, this, &FieldEditor::edited);
    }

    bool canShow(const Value &v) const override
    {
        if (v.isNull())
            return true;
        if (!v.isList())
            return false;
        for (const Value &item : v.toList()) {
            if (!item.isString() && !item.isNumber())
                return false;
        }
        return true;
    }
    void setValue(const Value &v) override
    {
        QStringList items;
        for (const Value &item : v.toList())
            items << valueText(item);
        m_list->setItems(items);
    }
    void reset() override { setValue(spec().hasDefault ? spec().defaultValue : Value()); }
    std::optional<Value> current(QString *error) const override
    {
        const QStringList items = m_list->items();
        const bool defaultNonEmpty = spec().defaultValue.isList() && !spec().defaultValue.toList().isEmpty();
        if (items.isEmpty() && !defaultNonEmpty)
            return std::nullopt;
        ValueList out;
        for (const QString &text : items) {
            QString itemError;
            out << *parseScalar(spec().itemKind, text, &itemError);
            if (!itemError.isEmpty() && error->isEmpty())
                *error = tr("Item %1: %2").arg(out.size()).arg(itemError);
        }
        return Value(std::move(out));
    }
    void setReadOnly(bool readOnly) override { m_list->setReadOnly(readOnly); }

private:
    ScalarListEditor *m_list;
};

} // namespace

FieldEditor::FieldEditor(const FieldSpec &spec) : m_spec(spec) { }

void FieldEditor::setWidgets(QWidget *widget, QWidget *editor)
{
    m_widget = widget;
    m_editor = editor;
    setParent(widget);
    editor->setObjectName(QStringLiteral("field_%1").arg(m_spec.name));
    editor->setAccessibleName(m_spec.label());
    if (!m_spec.description.isEmpty()) {
        editor->setAccessibleDescription(m_spec.description);
        editor->setToolTip(m_spec.description);
    }
}

bool FieldEditor::canShow(const Value &) const { return true; }

FieldEditor *FieldEditor::create(const FieldSpec &spec, QWidget *parent)
{
    if (spec.hasEnum)
        return new ComboField(spec, parent);
    switch (spec.kind) {
    case Kind::Boolean:
        if (spec.required || spec.hasDefault)
            return new CheckField(spec, parent);
        return new ComboField(spec, parent);
    case Kind::Integer:
    case Kind::Number: return new LineField(spec, parent, false);
    case Kind::String:
        if (spec.multiLine())
            return new TextField(spec, parent, false);
        return new LineField(spec, parent, false);
    case Kind::Array:
        if (spec.listOfScalars())
            return new ListField(spec, parent);
        return new TextField(spec, parent, true);
    case Kind::Object:
    case Kind::Any:
        if (spec.secret)
            return new LineField(spec, parent, false);
        return new TextField(spec, parent, true);
    }
    return new LineField(spec, parent, true);
}

FieldEditor *FieldEditor::createText(const FieldSpec &spec, QWidget *parent)
{
    return new LineField(spec, parent, true);
}

} // namespace squall::ui
