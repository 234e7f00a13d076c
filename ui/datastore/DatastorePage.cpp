#include "ui/datastore/DatastorePage.h"

#include "client/Client.h"
#include "ui/inquiries/RelativeTime.h"
#include "ui/lists/ListDetailSplitter.h"
#include "ui/lists/ListPane.h"
#include "ui/lists/ResourceTableModel.h"
#include "ui/shell/ClientEditCommand.h"
#include "ui/shell/Icons.h"
#include "ui/shell/Studio.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QSplitter>
#include <QToolButton>
#include <QTreeView>
#include <QUndoStack>
#include <QVBoxLayout>

namespace squall::ui {

namespace {

const QString kMaskText = QStringLiteral("●●●●●●●●");

QString expiryText(const Value &doc)
{
    const QDateTime at = parseEngineTime(doc[u"expire_timestamp"].toString());
    return at.isValid() ? relativeText(at) : QObject::tr("never");
}

qint64 secondsLeft(const Value &doc)
{
    const QDateTime at = parseEngineTime(doc[u"expire_timestamp"].toString());
    return at.isValid() ? qMax<qint64>(1, QDateTime::currentDateTimeUtc().secsTo(at)) : 0;
}

} // namespace

DatastorePage::DatastorePage(Studio *studio, QWidget *parent)
    : Page(studio, parent),
      m_model(new ResourceTableModel(
          QStringLiteral("name"),
          {
              {tr("Name"), [](const Value &d) { return d[u"name"].toString(); }},
              {tr("Value"),
               [](const Value &d) {
                   if (d[u"secret"].toBool())
                       return kMaskText;
                   return d[u"value"].toString().left(200).replace(u'\n', u' ');
               },
               [](const Value &d) { return d[u"secret"].toBool() ? icons::get(QStringLiteral("reveal")) : QIcon(); }},
              {tr("Expires"), [](const Value &d) { return expiryText(d); }, {},
               [](const Value &d) { return QVariant(d[u"expire_timestamp"].toString()); },
               [](const Value &d) { return d[u"expire_timestamp"].toString(); }},
              {tr("User"), [](const Value &d) { return d[u"user"].toString(); }},
              {tr("Description"), [](const Value &d) { return d[u"description"].toString(); }},
          },
          this)),
      m_list(new ListPane(QStringLiteral("keys"), tr("keys"), m_model, this)),
      m_scope(new QComboBox(this)),
      m_user(new QLineEdit(this))
{
    m_list->setEmptyText(tr("No keys in this scope yet.\nUse “New key” to store one; rules and workflows read "
                            "them as {{ st2kv.system.name }}."));
    auto *add = m_list->addButton(QStringLiteral("add"), tr("New key"), QStringLiteral("keysNew"));
    add->setAccessibleDescription(tr("Clears the editor to enter a new key"));
    connect(add, &QToolButton::clicked, this, &DatastorePage::newKey);
    auto *refresh = m_list->addButton(QStringLiteral("reload"), tr("Reload"), QStringLiteral("keysReload"));
    connect(refresh, &QToolButton::clicked, this, &DatastorePage::reload);

    m_scope->setObjectName(QStringLiteral("keysScope"));
    m_scope->setAccessibleName(tr("Scope"));
    m_scope->setAccessibleDescription(tr("System keys are shared; user keys belong to one user"));
    m_scope->addItem(tr("System keys"), QStringLiteral("system"));
    m_scope->addItem(tr("User keys"), QStringLiteral("user"));
    m_user->setObjectName(QStringLiteral("keysUser"));
    m_user->setAccessibleName(tr("User"));
    m_user->setAccessibleDescription(tr("Whose user keys to list; empty means yours"));
    m_user->setPlaceholderText(tr("user (empty: you)"));
    m_user->setClearButtonEnabled(true);
    m_user->setEnabled(false);
    connect(m_scope, &QComboBox::currentIndexChanged, this, [this] {
        m_user->setEnabled(scope() == u"user");
        newKey();
        reload();
    });
    connect(m_user, &QLineEdit::editingFinished, this, &DatastorePage::reload);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto *scopeRow = new QHBoxLayout;
    scopeRow->addWidget(m_scope);
    scopeRow->addWidget(m_user, 1);
    leftLayout->addLayout(scopeRow);
    leftLayout->addWidget(m_list, 1);

    // Default widths; the window restores the user's own over them.
    QHeaderView *header = m_list->view()->header();
    header->resizeSection(0, 170);
    header->resizeSection(1, 150);
    header->resizeSection(2, 100);
    header->resizeSection(3, 80);

    auto *right = new QWidget(this);
    buildEditor(right);

    m_splitter = addListDetailSplitter(this, QStringLiteral("datastoreSplitter"), left, right,
                                       {.listStretch = 3, .detailStretch = 2});

    connect(m_list, &ListPane::currentChanged, this, [this](const Value &doc) {
        if (!doc.isNull())
            showKey(doc);
    });

    addCommand(tr("New Key"), QKeySequence::New, [this] { newKey(); }, QStringLiteral("datastoreNewCommand"));
    addCommand(tr("Save Key"), QKeySequence::Save, [this] { save(); }, QStringLiteral("datastoreSaveCommand"));
    addCommand(tr("Delete Key"), QKeySequence::Delete, [this] { remove(); }, QStringLiteral("datastoreDeleteCommand"));
    addCommand(tr("Reveal Secret"), QKeySequence(), [this] { reveal(); }, QStringLiteral("datastoreRevealCommand"));
    newKey();
}

void DatastorePage::buildEditor(QWidget *host)
{
    auto *box = new QGroupBox(tr("Key"), host);
    m_heading = new QLabel(box);
    m_heading->setObjectName(QStringLiteral("keyHeading"));
    m_heading->setWordWrap(true);
    m_name = new QLineEdit(box);
    m_name->setObjectName(QStringLiteral("keyName"));
    m_name->setAccessibleName(tr("Key name"));
    m_name->setAccessibleDescription(tr("Letters, digits and . _ - :"));
    m_name->setPlaceholderText(tr("e.g. deploy.target"));
    m_value = new QPlainTextEdit(box);
    m_value->setObjectName(QStringLiteral("keyValue"));
    m_value->setAccessibleName(tr("Key value"));
    m_value->setAccessibleDescription(tr("The text stored; structured data as JSON text"));
    m_value->setTabChangesFocus(true);
    m_reveal = new QPushButton(icons::get(QStringLiteral("reveal")), tr("Reveal"), box);
    m_reveal->setObjectName(QStringLiteral("keyReveal"));
    m_reveal->setAccessibleName(tr("Reveal secret value"));
    m_reveal->setAccessibleDescription(tr("Fetches the decrypted value of this secret key"));
    m_secret = new QCheckBox(tr("Secret (stored encrypted, hidden in lists)"), box);
    m_secret->setObjectName(QStringLiteral("keySecret"));
    m_secret->setAccessibleDescription(tr("Stores the value encrypted and hides it in lists until revealed"));
    m_secret->setAccessibleName(tr("Secret"));
    m_ttl = new QSpinBox(box);
    m_ttl->setObjectName(QStringLiteral("keyTtl"));
    m_ttl->setAccessibleName(tr("Time to live"));
    m_ttl->setAccessibleDescription(tr("Seconds until the key expires; none keeps it"));
    m_ttl->setRange(0, 365 * 24 * 3600);
    m_ttl->setSpecialValueText(tr("none"));
    m_ttl->setSuffix(tr(" s"));
    m_expiry = new QLabel(box);
    m_expiry->setObjectName(QStringLiteral("keyExpiry"));
    m_description = new QLineEdit(box);
    m_description->setObjectName(QStringLiteral("keyDescription"));
    m_description->setAccessibleDescription(tr("A note about what the key is for"));
    m_description->setAccessibleName(tr("Description"));
    m_problem = new QLabel(box);
    m_problem->setObjectName(QStringLiteral("keyProblem"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #d9534f"));
    m_problem->hide();

    auto *valueRow = new QVBoxLayout;
    valueRow->addWidget(m_value);
    auto *revealRow = new QHBoxLayout;
    revealRow->addWidget(m_secret);
    revealRow->addStretch(1);
    revealRow->addWidget(m_reveal);
    valueRow->addLayout(revealRow);
    auto *ttlRow = new QHBoxLayout;
    ttlRow->addWidget(m_ttl);
    ttlRow->addWidget(m_expiry, 1);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("&Name:"), m_name);
    // Rows holding a layout need their own label to carry the mnemonic.
    auto *valueLabel = new QLabel(tr("&Value:"), box);
    valueLabel->setBuddy(m_value);
    auto *ttlLabel = new QLabel(tr("&Time to live:"), box);
    ttlLabel->setBuddy(m_ttl);
    form->addRow(valueLabel, valueRow);
    form->addRow(ttlLabel, ttlRow);
    form->addRow(tr("&Description:"), m_description);

    m_save = new QPushButton(icons::get(QStringLiteral("save")), tr("Save"), box);
    m_save->setObjectName(QStringLiteral("keySave"));
    m_save->setAccessibleDescription(tr("Writes the key to the datastore; Undo restores the previous value"));
    m_save->setAccessibleName(tr("Save key"));
    m_save->setDefault(true);
    m_delete = new QPushButton(icons::get(QStringLiteral("delete")), tr("Delete"), box);
    m_delete->setObjectName(QStringLiteral("keyDelete"));
    m_delete->setAccessibleDescription(tr("Removes the key from the datastore; Undo brings it back"));
    m_delete->setAccessibleName(tr("Delete key"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_delete);
    buttons->addStretch(1);
    buttons->addWidget(m_save);

    auto *boxLayout = new QVBoxLayout(box);
    boxLayout->addWidget(m_heading);
    boxLayout->addLayout(form, 1);
    boxLayout->addWidget(m_problem);
    boxLayout->addLayout(buttons);

    auto *layout = new QVBoxLayout(host);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(box);

    connect(m_save, &QPushButton::clicked, this, &DatastorePage::save);
    connect(m_delete, &QPushButton::clicked, this, &DatastorePage::remove);
    connect(m_reveal, &QPushButton::clicked, this, &DatastorePage::reveal);
    connect(m_name, &QLineEdit::textChanged, this, [this] { m_problem->hide(); });
}

QString DatastorePage::scope() const
{
    return m_scope->currentData().toString();
}

QString DatastorePage::selectedUser() const
{
    return scope() == u"user" ? m_user->text().trimmed() : QString();
}

bool DatastorePage::isValidKeyName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_.:\\-]+$"));
    return re.match(name).hasMatch();
}

QHash<QString, QString> DatastorePage::scopeParams() const
{
    QHash<QString, QString> p{{QStringLiteral("scope"), scope()}};
    if (!selectedUser().isEmpty())
        p.insert(QStringLiteral("user"), selectedUser());
    return p;
}

void DatastorePage::reload()
{
    m_list->setLoading(true);
    auto params = scopeParams();
    params.insert(QStringLiteral("limit"), QStringLiteral("0"));
    studio()->client()->call(client::Request::of(client::Op::ListKeys, {}, {}, params), this,
                             [this](const client::ClientResult &r) {
                                 if (!r.ok()) {
                                     m_list->setError(tr("Could not list keys: %1").arg(r.errorText()));
                                     return;
                                 }
                                 m_model->setItems(r.value.toList());
                                 m_list->setLoading(false);
                                 if (!m_pendingSelect.isEmpty() && m_list->select(m_pendingSelect))
                                     m_pendingSelect.clear();
                             });
}

void DatastorePage::showObject(const QString &id)
{
    if (!m_list->select(id))
        m_pendingSelect = id;
}

void DatastorePage::focusSearch()
{
    m_list->searchField()->setFocus(Qt::ShortcutFocusReason);
}

void DatastorePage::setValueHidden(bool hidden)
{
    m_hidden = hidden;
    m_value->setReadOnly(hidden);
    if (hidden)
        m_value->setPlainText(kMaskText);
    m_reveal->setEnabled(hidden);
    m_value->setToolTip(hidden ? tr("A secret: press Reveal to see and edit its value") : QString());
}

void DatastorePage::showKey(const Value &doc)
{
    m_current = doc;
    m_problem->hide();
    m_name->setText(doc[u"name"].toString());
    m_name->setReadOnly(true);
    m_secret->setChecked(doc[u"secret"].toBool());
    m_value->setPlainText(doc[u"value"].toString());
    setValueHidden(doc[u"secret"].toBool());
    m_value->document()->setModified(false);
    m_ttl->setValue(int(secondsLeft(doc)));
    const QString expire = doc[u"expire_timestamp"].toString();
    m_expiry->setText(expire.isEmpty() ? tr("Never expires")
                                       : tr("Expires %1 (%2)").arg(expiryText(doc), shortTime(expire)));
    m_description->setText(doc[u"description"].toString());
    const QString where = doc[u"scope"].toString().endsWith(u"user")
        ? tr("user key of %1").arg(doc[u"user"].toString())
        : tr("system key");
    m_heading->setText(tr("<b>%1</b> · %2 · use as <code>{{ st2kv.%3.%1 }}</code>")
                           .arg(doc[u"name"].toString().toHtmlEscaped(), where,
                                doc[u"scope"].toString().endsWith(u"user") ? QStringLiteral("user")
                                                                           : QStringLiteral("system")));
    m_delete->setEnabled(true);
}

void DatastorePage::newKey()
{
    m_current = Value();
    m_list->view()->setCurrentIndex(QModelIndex());
    m_name->clear();
    m_name->setReadOnly(false);
    m_value->clear();
    setValueHidden(false);
    m_reveal->setEnabled(false);
    m_secret->setChecked(false);
    m_ttl->setValue(0);
    m_expiry->setText(tr("Never expires"));
    m_description->clear();
    m_problem->hide();
    m_heading->setText(tr("<b>New %1 key</b>").arg(scope() == u"user" ? tr("user") : tr("system")));
    m_delete->setEnabled(false);
}

Value DatastorePage::bodyFor(const Value &doc, const QString &plainValue) const
{
    const bool userScope = doc[u"scope"].toString().endsWith(u"user");
    ValueDict body{{QStringLiteral("name"), doc[u"name"]},
                   {QStringLiteral("value"), plainValue},
                   {QStringLiteral("secret"), doc[u"secret"].toBool()},
                   {QStringLiteral("scope"), userScope ? QStringLiteral("user") : QStringLiteral("system")},
                   {QStringLiteral("description"), doc[u"description"].toString()}};
    if (userScope && !doc[u"user"].toString().isEmpty())
        body.insert(QStringLiteral("user"), doc[u"user"]);
    if (const qint64 ttl = secondsLeft(doc); ttl > 0)
        body.insert(QStringLiteral("ttl"), ttl);
    return Value(std::move(body));
}

void DatastorePage::withPlainValue(const Value &doc, std::function<void(const QString &)> then)
{
    if (!doc[u"secret"].toBool()) {
        then(doc[u"value"].toString());
        return;
    }
    auto params = scopeParams();
    params.insert(QStringLiteral("decrypt"), QStringLiteral("true"));
    studio()->client()->call(client::Request::of(client::Op::GetKey, doc[u"name"].toString(), {}, params), this,
                             [this, then = std::move(then)](const client::ClientResult &r) {
                                 if (!r.ok()) {
                                     studio()->tell(tr("Could not read the secret: %1").arg(r.errorText()));
                                     return;
                                 }
                                 then(r.value[u"value"].toString());
                             });
}

void DatastorePage::save()
{
    const QString name = m_name->text().trimmed();
    if (!isValidKeyName(name)) {
        m_problem->setText(name.isEmpty() ? tr("A key needs a name.")
                                          : tr("“%1” is not a valid key name: use letters, digits and . _ - : "
                                               "only (no spaces).").arg(name));
        m_problem->show();
        m_name->setFocus();
        return;
    }
    // The stored key this save replaces, if any: the one shown, or one of that name.
    Value previous = m_current;
    if (previous.isNull() || previous[u"name"].toString() != name)
        previous = m_model->itemAt(m_model->rowOf(name));
    const bool keepHiddenValue = m_hidden && !m_current.isNull();

    ValueDict body{{QStringLiteral("name"), name},
                   {QStringLiteral("value"), m_value->toPlainText()},
                   {QStringLiteral("secret"), m_secret->isChecked()},
                   {QStringLiteral("scope"), scope()},
                   {QStringLiteral("description"), m_description->text()}};
    if (!selectedUser().isEmpty())
        body.insert(QStringLiteral("user"), selectedUser());
    if (m_ttl->value() > 0)
        body.insert(QStringLiteral("ttl"), qint64(m_ttl->value()));

    auto push = [this, name, previous](Value doBody, std::optional<client::Request> undo) {
        auto *cmd = new ClientEditCommand(studio(), tr("Set key %1").arg(name),
                                          client::Request::of(client::Op::SetKey, name, doBody), std::move(undo));
        cmd->setOnFirstDone([this, name](bool ok) {
            if (ok)
                showObject(name);
        });
        m_value->document()->setModified(false);
        studio()->undoStack()->push(cmd);
    };
    auto withOld = [this, previous, push, keepHiddenValue](Value doBody) {
        if (previous.isNull()) {
            push(std::move(doBody), client::Request::of(client::Op::DeleteKey, doBody[u"name"].toString(), {},
                                                        scopeParams()));
            return;
        }
        withPlainValue(previous, [this, previous, push, keepHiddenValue, doBody](const QString &old) mutable {
            if (keepHiddenValue)
                doBody.dictRef().insert(QStringLiteral("value"), old);
            push(doBody, client::Request::of(client::Op::SetKey, previous[u"name"].toString(),
                                             bodyFor(previous, old)));
        });
    };
    withOld(Value(std::move(body)));
}

void DatastorePage::remove()
{
    if (m_current.isNull())
        return;
    const Value doc = m_current;
    withPlainValue(doc, [this, doc](const QString &plain) {
        const QString name = doc[u"name"].toString();
        auto params = scopeParams();
        if (doc[u"scope"].toString().endsWith(u"user") && !doc[u"user"].toString().isEmpty())
            params.insert(QStringLiteral("user"), doc[u"user"].toString());
        studio()->undoStack()->push(new ClientEditCommand(
            studio(), tr("Delete key %1").arg(name), client::Request::of(client::Op::DeleteKey, name, {}, params),
            client::Request::of(client::Op::SetKey, name, bodyFor(doc, plain))));
    });
}

void DatastorePage::reveal()
{
    if (m_current.isNull() || !m_hidden)
        return;
    const QString name = m_current[u"name"].toString();
    withPlainValue(m_current, [this, name](const QString &plain) {
        if (m_current[u"name"].toString() != name)
            return;
        setValueHidden(false);
        m_value->setPlainText(plain);
        m_value->document()->setModified(false);
    });
}

bool DatastorePage::inView(const Value &doc) const
{
    const bool userKey = doc[u"scope"].toString().endsWith(u"user");
    if (userKey != (scope() == u"user"))
        return false;
    return !userKey || selectedUser().isEmpty() || doc[u"user"].toString() == selectedUser();
}

void DatastorePage::onEvent(const engine::Event &event)
{
    using engine::EventKind;
    if (!isLoaded())
        return;
    if (event.kind != EventKind::KeyValueCreate && event.kind != EventKind::KeyValueUpdate
        && event.kind != EventKind::KeyValueDelete)
        return;
    const Value &doc = event.doc;
    if (!inView(doc))
        return;
    const QString name = doc[u"name"].toString();
    const bool isCurrent = !m_current.isNull() && m_current[u"name"].toString() == name;
    if (event.kind == EventKind::KeyValueDelete) {
        m_model->removeId(name);
        if (isCurrent)
            newKey();
        return;
    }
    m_model->upsert(doc);
    // Show the stored state unless the user is typing a change.
    if (isCurrent && !m_value->document()->isModified()) {
        showKey(doc);
    } else if (!m_pendingSelect.isEmpty() && m_pendingSelect == name) {
        m_pendingSelect.clear();
        m_list->select(name);
    }
}

} // namespace squall::ui
