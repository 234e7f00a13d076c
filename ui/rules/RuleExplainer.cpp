#include "ui/rules/RuleExplainer.h"

#include "base/Json.h"
#include "client/Client.h"
#include "ui/common/JsonTreeView.h"
#include "ui/lists/ResourceTableModel.h"
#include "ui/shell/Icons.h"
#include "ui/shell/Studio.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace squall::ui {

namespace {
constexpr int kRecent = 20;  // instances offered

QString cell(const Value &v)
{
    if (v.isNull())
        return QStringLiteral("(none)");
    return v.isString() ? QStringLiteral("\"%1\"").arg(v.toString()) : json::toString(v);
}
} // namespace

RuleExplainer::RuleExplainer(Studio *studio, QWidget *parent)
    : QWidget(parent), m_studio(studio), m_instances(new QComboBox(this)), m_payload(new QPlainTextEdit(this)),
      m_run(new QPushButton(icons::get(QStringLiteral("test")), tr("Test rule"), this)), m_verdict(new QLabel(this)),
      m_criteria(new QTreeWidget(this)), m_parameters(new JsonTreeView(this))
{
    m_instances->setObjectName(QStringLiteral("explainInstance"));
    m_instances->setAccessibleName(tr("Trigger instance to test with"));
    m_instances->setAccessibleDescription(tr("A recent trigger instance of the rule's trigger type, or a pasted payload"));
    m_instances->addItem(tr("Pasted payload (below)"));

    m_payload->setObjectName(QStringLiteral("explainPayload"));
    m_payload->setAccessibleName(tr("Payload to test with"));
    m_payload->setAccessibleDescription(tr("A trigger payload as JSON, e.g. {\"body\": {\"name\": \"test\"}}"));
    m_payload->setPlaceholderText(QStringLiteral("{\"body\": {\"name\": \"test\"}}"));
    m_payload->setMaximumHeight(90);
    connect(m_instances, &QComboBox::currentIndexChanged, this, [this](int index) {
        const Value instance = index > 0 ? m_instanceDocs.value(index - 1) : Value();
        m_payload->setReadOnly(index > 0);
        if (index > 0)
            m_payload->setPlainText(QString::fromUtf8(json::serialize(instance[u"payload"], json::Style{2})));
    });

    m_run->setObjectName(QStringLiteral("explainRun"));
    m_run->setAccessibleName(tr("Test rule"));
    m_run->setAccessibleDescription(tr("Evaluates the rule as edited against the chosen instance or payload"));
    connect(m_run, &QPushButton::clicked, this, &RuleExplainer::run);

    m_verdict->setObjectName(QStringLiteral("explainVerdict"));
    m_verdict->setWordWrap(true);
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_verdict->setText(tr("Pick a trigger instance or paste a payload, then Test."));

    m_criteria->setObjectName(QStringLiteral("explainCriteria"));
    m_criteria->setAccessibleDescription(tr("Each criterion with the value it read, its pattern and whether it matched"));
    m_criteria->setAccessibleName(tr("Criteria verdicts"));
    // The verdict first: it is what one looks for.
    m_criteria->setHeaderLabels({tr("Verdict"), tr("Key"), tr("Value"), tr("Operator"), tr("Pattern")});
    m_criteria->setRootIsDecorated(false);
    m_criteria->setAlternatingRowColors(true);
    m_criteria->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_criteria->header()->setStretchLastSection(true);

    m_parameters->setObjectName(QStringLiteral("explainParameters"));
    m_parameters->setAccessibleName(tr("Rendered action parameters"));

    auto *form = new QFormLayout;
    form->addRow(tr("Instance:"), m_instances);
    form->addRow(tr("Payload:"), m_payload);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_run, 0, Qt::AlignLeft);
    layout->addWidget(m_verdict);
    layout->addWidget(m_criteria, 1);
    m_criteria->setMinimumHeight(90);
    m_paramsLabel = new QLabel(tr("Action parameters it would render:"), this);
    layout->addWidget(m_paramsLabel);
    layout->addWidget(m_parameters, 1);
    connect(studio, &Studio::eventsReceived, this, &RuleExplainer::onEvents);
    m_parameters->hide();
    m_paramsLabel->hide();
}

void RuleExplainer::setTriggerType(const QString &triggerType)
{
    if (triggerType == m_triggerType)
        return;
    m_triggerType = triggerType;
    while (m_instances->count() > 1)
        m_instances->removeItem(1);
    m_instanceDocs.clear();
    if (triggerType.isEmpty())
        return;
    client::Request request = client::Request::of(client::Op::ListTriggerInstances);
    // Newest first (the store's default order).
    request.params = {{QStringLiteral("trigger_type"), triggerType}, {QStringLiteral("limit"), QString::number(kRecent)}};
    m_studio->client()->call(request, this, [this, triggerType](const client::ClientResult &r) {
        if (!r.ok() || triggerType != m_triggerType)
            return;
        ValueList payloads;
        for (const Value &instance : r.value.toList()) {
            addInstance(instance, m_instances->count());
            payloads.append(instance[u"payload"]);
        }
        Q_EMIT payloadsLoaded(payloads);
    });
}

void RuleExplainer::addInstance(const Value &instance, int index)
{
    const QString payload = json::toString(instance[u"payload"]);
    m_instances->insertItem(index, QStringLiteral("%1  %2").arg(shortTime(instance[u"occurrence_time"].toString()),
                                                                payload.left(60)),
                            instance[u"id"].toString());
    m_instances->setItemData(index, payload, Qt::ToolTipRole);
    m_instanceDocs.insert(index - 1, instance);
}

void RuleExplainer::onEvents(const engine::EventBatch &batch)
{
    for (const engine::Event &e : batch) {
        if (e.kind != engine::EventKind::TriggerInstanceCreate || m_triggerType.isEmpty()
            || e.doc[u"trigger_type"].toString() != m_triggerType)
            continue;
        // Newest first, below the "pasted payload" entry.
        addInstance(e.doc, 1);
        while (m_instances->count() > kRecent + 1) {
            m_instances->removeItem(m_instances->count() - 1);
            m_instanceDocs.removeLast();
        }
    }
}

void RuleExplainer::run()
{
    const Value rule = m_rule ? m_rule() : Value();
    ValueDict body;
    body.insert(QStringLiteral("rule"), rule);
    if (m_instances->currentIndex() > 0) {
        body.insert(QStringLiteral("trigger_instance_id"), m_instances->currentData().toString());
    } else {
        json::ParseError error;
        const Value payload = json::parse(QStringView(m_payload->toPlainText()), &error);
        if (!error.ok() || m_payload->toPlainText().trimmed().isEmpty()) {
            m_verdict->setText(tr("The payload is not valid JSON: %1").arg(error.message));
            return;
        }
        body.insert(QStringLiteral("payload"), payload);
    }
    m_verdict->setText(tr("Testing…"));
    m_studio->client()->call(client::Request::of(client::Op::TestRule, {}, Value(std::move(body))), this,
                             [this](const client::ClientResult &r) {
                                 if (!r.ok()) {
                                     m_verdict->setText(tr("Cannot test: %1").arg(r.errorText()));
                                     return;
                                 }
                                 show(r.value);
                             });
}

void RuleExplainer::show(const Value &answer)
{
    m_criteria->clear();
    for (const Value &c : answer[u"criteria"].toList()) {
        const bool ok = c[u"result"].toBool();
        const QString error = c[u"error"].toString();
        auto *item = new QTreeWidgetItem(m_criteria, {error.isEmpty() ? (ok ? tr("true") : tr("false"))
                                                                      : tr("error: %1").arg(error),
                                                      c[u"key"].toString(), cell(c[u"value"]), c[u"operator"].toString(),
                                                      cell(c[u"pattern"])});
        item->setIcon(0, icons::status(ok ? QStringLiteral("succeeded") : QStringLiteral("failed")));
        item->setToolTip(0, error);
        item->setToolTip(2, cell(c[u"value"]));
    }
    QString verdict;
    if (!answer[u"trigger_mismatch"].toString().isEmpty()) {
        verdict = tr("No match: the instance is for %1, the rule listens to %2.")
                      .arg(answer[u"trigger_mismatch"].toString(), answer[u"trigger_type"].toString());
    } else if (answer[u"matched"].toBool()) {
        verdict = tr("Match: the rule would run %1.").arg(answer[u"action"].toString());
        if (!answer[u"parameter_error"].toString().isEmpty())
            verdict += u' ' + tr("But its parameters do not render: %1").arg(answer[u"parameter_error"].toString());
    } else {
        verdict = tr("No match.");
        // Name the criterion that said no: the usual question is "which one?".
        for (const Value &c : answer[u"criteria"].toList()) {
            if (!c[u"result"].toBool()) {
                verdict = tr("No match: %1 is %2, and %3 %4 is false.")
                              .arg(c[u"key"].toString(), cell(c[u"value"]), c[u"operator"].toString(), cell(c[u"pattern"]));
                break;
            }
        }
        if (!answer[u"failure_reason"].toString().isEmpty())
            verdict += u' ' + answer[u"failure_reason"].toString();
    }
    if (!answer[u"enabled"].toBool())
        verdict += u' ' + tr("(The rule is disabled: it would not fire until enabled.)");
    m_verdict->setText(verdict);
    const bool rendered = !answer[u"parameters"].isNull();
    m_parameters->setValue(rendered ? answer[u"parameters"] : Value(ValueDict()));
    m_parameters->setVisible(rendered);
    m_paramsLabel->setVisible(rendered);
    Q_EMIT finished(answer);
}

} // namespace squall::ui
