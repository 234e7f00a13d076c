#include "ui/triggers/EmitDialog.h"

#include "client/Client.h"
#include "ui/common/SchemaForm.h"
#include "ui/shell/Icons.h"
#include "ui/shell/Studio.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace squall::ui {

namespace {
const QString kRawField = QStringLiteral("payload");
}

EmitDialog::EmitDialog(Studio *studio, const Value &triggerType, QWidget *parent)
    : QDialog(parent), m_studio(studio), m_ref(triggerType[u"ref"].toString()), m_form(new SchemaForm(this)),
      m_problem(new QLabel(this))
{
    setObjectName(QStringLiteral("emitDialog"));
    setWindowTitle(tr("Emit %1").arg(m_ref));
    setAccessibleName(tr("Emit a test trigger instance"));
    const Value schema = triggerType[u"payload_schema"];
    m_raw = !schema[u"properties"].isDict() || schema[u"properties"].toDict().isEmpty();
    m_form->setObjectName(QStringLiteral("emitForm"));
    if (m_raw) {
        m_form->setSchema(makeDict({{kRawField, makeDict({{QStringLiteral("type"), QStringLiteral("object")},
                                                          {QStringLiteral("description"),
                                                           tr("The payload as a JSON object (this trigger type "
                                                              "declares no payload schema)")}})}}));
    } else {
        m_form->setSchema(schema);
    }

    auto *intro = new QLabel(tr("Fires <b>%1</b> with this payload, as a sensor or webhook would: rules that match "
                                "it run their actions.").arg(m_ref.toHtmlEscaped()),
                             this);
    intro->setWordWrap(true);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(m_form);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_problem->setObjectName(QStringLiteral("emitProblem"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #d9534f"));
    m_problem->hide();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_send = buttons->addButton(tr("Emit"), QDialogButtonBox::AcceptRole);
    m_send->setIcon(icons::get(QStringLiteral("emit")));
    m_send->setObjectName(QStringLiteral("emitSend"));
    m_send->setAccessibleName(tr("Emit the trigger"));
    m_send->setDefault(true);
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("emitCancel"));
    buttons->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // The dialog closes only once the engine took the event (send()).
    connect(m_send, &QPushButton::clicked, this, &EmitDialog::send);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(scroll, 1);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
    resize(640, 420);
}

void EmitDialog::setPayload(const Value &payload)
{
    if (m_raw)
        m_form->setValues(makeDict({{kRawField, payload}}));
    else
        m_form->setValues(payload);
}

Value EmitDialog::payload() const
{
    const Value values = m_form->values();
    if (m_raw)
        return values[kRawField].isDict() ? values[kRawField] : Value(ValueDict());
    return values.isDict() ? values : Value(ValueDict());
}

void EmitDialog::send()
{
    if (!m_form->validate())
        return;
    m_send->setEnabled(false);
    m_problem->hide();
    client::Request request = client::Request::of(
        client::Op::PostWebhook, QStringLiteral("st2"),
        makeDict({{QStringLiteral("trigger"), m_ref}, {QStringLiteral("payload"), payload()}}));
    m_studio->client()->call(request, this, [this](const client::ClientResult &r) {
        m_send->setEnabled(true);
        if (!r.ok()) {
            // The engine names the bad field when the payload breaks the schema.
            m_problem->setText(tr("Not emitted: %1").arg(r.errorText()));
            m_problem->show();
            return;
        }
        Q_EMIT emitted(r.value[u"trigger_instance_id"].toString());
        accept();
    });
}

} // namespace squall::ui
