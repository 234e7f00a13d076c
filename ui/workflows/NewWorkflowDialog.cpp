#include "ui/workflows/NewWorkflowDialog.h"

#include "client/Client.h"
#include "ui/shell/Studio.h"
#include "ui/workflow/document/WorkflowDocument.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QRegularExpressionValidator>
#include <QVBoxLayout>

namespace squall::ui {

namespace {

QString chainText(const QString &description)
{
    QString text = QStringLiteral("---\n");
    if (!description.isEmpty())
        text += QStringLiteral("# %1\n").arg(description);
    text += QStringLiteral("chain:\n  - name: start\n    ref: core.noop\ndefault: start\n");
    return text;
}

} // namespace

NewWorkflowDialog::NewWorkflowDialog(Studio *studio, QWidget *parent)
    : QDialog(parent), m_studio(studio), m_pack(new QComboBox(this)), m_name(new QLineEdit(this)),
      m_description(new QLineEdit(this)), m_kind(new QComboBox(this)), m_message(new QLabel(this)),
      m_create(new QPushButton(tr("Create"), this))
{
    setObjectName(QStringLiteral("newWorkflowDialog"));
    setWindowTitle(tr("New Workflow"));
    setAccessibleName(windowTitle());
    m_pack->setObjectName(QStringLiteral("newWorkflowPack"));
    m_pack->setAccessibleName(tr("Pack"));
    m_pack->setAccessibleDescription(tr("The pack whose folder receives the workflow"));
    m_name->setObjectName(QStringLiteral("newWorkflowName"));
    m_name->setAccessibleName(tr("Name"));
    m_name->setPlaceholderText(QStringLiteral("deploy_site"));
    m_name->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[A-Za-z0-9_][A-Za-z0-9_.-]*")), m_name));
    m_description->setObjectName(QStringLiteral("newWorkflowDescription"));
    m_description->setAccessibleName(tr("Description"));
    m_kind->setObjectName(QStringLiteral("newWorkflowKind"));
    m_kind->setAccessibleName(tr("Kind"));
    m_kind->addItem(tr("Orquesta"), QStringLiteral("orquesta"));
    m_kind->addItem(tr("ActionChain"), QStringLiteral("action-chain"));
    m_message->setObjectName(QStringLiteral("newWorkflowMessage"));
    m_message->setWordWrap(true);
    m_create->setObjectName(QStringLiteral("newWorkflowCreate"));
    m_create->setAccessibleName(tr("Create the workflow"));
    m_create->setDefault(true);
    m_create->setEnabled(false);

    auto *form = new QFormLayout;
    form->addRow(tr("&Pack"), m_pack);
    form->addRow(tr("&Name"), m_name);
    form->addRow(tr("&Description"), m_description);
    form->addRow(tr("&Kind"), m_kind);
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_create, QDialogButtonBox::AcceptRole);
    QPushButton *cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setAccessibleName(tr("Cancel"));
    connect(buttons, &QDialogButtonBox::accepted, this, &NewWorkflowDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    resize(460, sizeHint().height());

    connect(m_name, &QLineEdit::textChanged, this, &NewWorkflowDialog::validate);
    connect(m_pack, &QComboBox::currentIndexChanged, this, &NewWorkflowDialog::validate);
    studio->client()->call(client::Request::of(client::Op::ListPacks, {}, {}, {{QStringLiteral("limit"), QStringLiteral("-1")}}),
                           this, [this](const client::ClientResult &r) {
                               if (!r.ok()) {
                                   m_message->setText(tr("Could not list the packs: %1").arg(r.errorText()));
                                   return;
                               }
                               for (const Value &p : r.value.toList()) {
                                   const QString ref = p[u"ref"].toString();
                                   if (ref != u"core")  // the engine's own pack is read-only
                                       m_pack->addItem(ref, ref);
                               }
                               validate();
                           });
}

Value NewWorkflowDialog::body() const
{
    const QString name = m_name->text().trimmed();
    const QString runner = m_kind->currentData().toString();
    const QString entry = QStringLiteral("workflows/%1.yaml").arg(name);
    const QString text = runner == u"orquesta" ? WorkflowDocument::newOrquestaWorkflow(m_description->text().trimmed())
                                               : chainText(m_description->text().trimmed());
    return makeDict({{QStringLiteral("name"), name},
                     {QStringLiteral("pack"), m_pack->currentData().toString()},
                     {QStringLiteral("runner_type"), runner},
                     {QStringLiteral("entry_point"), entry},
                     {QStringLiteral("description"), m_description->text().trimmed()},
                     {QStringLiteral("enabled"), true},
                     {QStringLiteral("parameters"), ValueDict{}},
                     {QStringLiteral("data_files"),
                      ValueList{makeDict({{QStringLiteral("file_path"), entry}, {QStringLiteral("content"), text}})}}});
}

void NewWorkflowDialog::validate()
{
    const bool ok = m_pack->currentIndex() >= 0 && m_name->hasAcceptableInput();
    m_create->setEnabled(ok);
    if (ok)
        m_message->setText(tr("Creates actions/%1.yaml and actions/workflows/%1.yaml in pack %2.")
                               .arg(m_name->text().trimmed(), m_pack->currentText()));
    else
        m_message->setText(m_pack->count() ? tr("Name the workflow: letters, digits, _ . -") : QString());
}

void NewWorkflowDialog::accept()
{
    if (!m_create->isEnabled())
        return;
    m_create->setEnabled(false);
    m_message->setText(tr("Creating…"));
    m_studio->client()->call(client::Request::of(client::Op::CreateAction, {}, body(), {{QStringLiteral("write_file"), QStringLiteral("true")}}),
                             this, [this](const client::ClientResult &r) {
                                 if (!r.ok()) {
                                     m_message->setText(tr("Could not create the workflow: %1").arg(r.errorText()));
                                     m_create->setEnabled(true);
                                     return;
                                 }
                                 Q_EMIT created(r.value);
                                 QDialog::accept();
                             });
}

} // namespace squall::ui
