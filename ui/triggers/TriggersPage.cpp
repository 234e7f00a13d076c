#include "ui/triggers/TriggersPage.h"

#include "client/Client.h"
#include "ui/common/JsonTreeView.h"
#include "ui/inquiries/RelativeTime.h"
#include "ui/lists/ListDetailSplitter.h"
#include "ui/lists/ListPane.h"
#include "ui/lists/ResourceTableModel.h"
#include "ui/shell/Icons.h"
#include "ui/shell/Studio.h"
#include "ui/triggers/EmitDialog.h"
#include "ui/triggers/SchemaOutline.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace squall::ui {

namespace {

constexpr int kPageSize = 50;
constexpr int KindRole = Qt::UserRole + 10;  // "rule" | "execution" rows of the caused tree

QTreeView *makeTable(QWidget *parent)
{
    auto *view = new QTreeView(parent);
    view->setRootIsDecorated(false);
    view->setUniformRowHeights(true);
    view->setAlternatingRowColors(true);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setSortingEnabled(true);
    return view;
}

} // namespace

TriggersPage::TriggersPage(Studio *studio, QWidget *parent)
    : Page(studio, parent),
      m_types(new ResourceTableModel(QStringLiteral("ref"),
                                     {
                                         {tr("Trigger type"), [](const Value &t) { return t[u"ref"].toString(); }},
                                         {tr("Pack"), [](const Value &t) { return t[u"pack"].toString(); }},
                                         {tr("Description"), [](const Value &t) { return t[u"description"].toString(); },
                                          {}, {}, [](const Value &t) { return t[u"description"].toString(); }},
                                     },
                                     this)),
      m_list(new ListPane(QStringLiteral("triggerTypes"), tr("trigger types"), m_types, this)),
      m_instances(new ResourceTableModel(
          QStringLiteral("id"),
          {
              {tr("Occurred"), [](const Value &i) { return shortTime(i[u"occurrence_time"].toString()); }, {},
               [](const Value &i) { return QVariant(parseEngineTime(i[u"occurrence_time"].toString())); },
               [](const Value &i) { return relativeText(parseEngineTime(i[u"occurrence_time"].toString())); }},
              {tr("Status"), [](const Value &i) { return i[u"status"].toString(); }},
              {tr("Trigger"), [](const Value &i) { return i[u"trigger"].toString(); }},
              {tr("Instance"), [](const Value &i) { return i[u"id"].toString(); }},
          },
          this))
{
    m_list->setEmptyText(tr("No trigger types. Packs declare them in triggers/ and with their sensors."));
    auto *refresh = m_list->addButton(QStringLiteral("reload"), tr("Reload"), QStringLiteral("triggerTypesReload"));
    connect(refresh, &QToolButton::clicked, this, &TriggersPage::reload);

    QHeaderView *header = m_list->view()->header();
    header->resizeSection(0, 230);
    header->resizeSection(1, 70);

    auto *right = new QWidget(this);
    m_heading = new QLabel(tr("Select a trigger type."), right);
    m_heading->setObjectName(QStringLiteral("triggerHeading"));
    m_heading->setWordWrap(true);
    m_heading->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_emit = new QPushButton(icons::get(QStringLiteral("emit")), tr("Emit…"), right);
    m_emit->setObjectName(QStringLiteral("triggerEmit"));
    m_emit->setAccessibleName(tr("Emit a test instance"));
    m_emit->setAccessibleDescription(tr("Opens a payload form and fires this trigger with it"));
    m_emit->setEnabled(false);
    auto *headRow = new QHBoxLayout;
    headRow->addWidget(m_heading, 1);
    headRow->addWidget(m_emit, 0, Qt::AlignTop);

    m_schemas = new QTabWidget(right);
    m_schemas->setObjectName(QStringLiteral("triggerSchemas"));
    m_schemas->setAccessibleName(tr("Trigger type schemas"));
    m_payloadSchema = new SchemaOutline(m_schemas);
    m_payloadSchema->setObjectName(QStringLiteral("triggerPayloadSchema"));
    m_payloadSchema->setAccessibleDescription(tr("The fields of the payload this trigger type carries"));
    m_payloadSchema->setAccessibleName(tr("Payload schema"));
    m_parameterSchema = new SchemaOutline(m_schemas);
    m_parameterSchema->setObjectName(QStringLiteral("triggerParameterSchema"));
    m_parameterSchema->setAccessibleDescription(tr("The parameters a rule gives this trigger type"));
    m_parameterSchema->setAccessibleName(tr("Parameter schema"));
    m_schemas->addTab(m_payloadSchema, tr("Payload"));
    m_schemas->addTab(m_parameterSchema, tr("Parameters"));

    // Instances: a table, then the selected one's payload and consequences.
    auto *instancesBox = new QWidget(right);
    m_instanceView = makeTable(instancesBox);
    m_instanceView->setObjectName(QStringLiteral("triggerInstances"));
    m_instanceView->setAccessibleDescription(tr("Instances of the selected trigger type, newest first"));
    m_instanceView->setAccessibleName(tr("Trigger instances"));
    auto *proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(m_instances);
    proxy->setSortRole(ResourceTableModel::SortRole);
    m_instanceView->setModel(proxy);
    m_instanceView->sortByColumn(0, Qt::DescendingOrder);
    m_instanceView->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_instanceView->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_instanceCount = new QLabel(instancesBox);
    m_instanceCount->setObjectName(QStringLiteral("triggerInstanceCount"));
    m_more = new QToolButton(instancesBox);
    m_more->setObjectName(QStringLiteral("triggerInstancesMore"));
    m_more->setAccessibleDescription(tr("Loads the next page of older instances"));
    m_more->setText(tr("Load more"));
    m_more->setAccessibleName(tr("Load older instances"));
    m_more->setVisible(false);
    connect(m_more, &QToolButton::clicked, this, [this] { loadInstances(true); });
    m_reEmit = new QPushButton(icons::get(QStringLiteral("rerun")), tr("Re-emit"), instancesBox);
    m_reEmit->setObjectName(QStringLiteral("instanceReEmit"));
    m_reEmit->setAccessibleName(tr("Re-emit instance"));
    m_reEmit->setAccessibleDescription(tr("Sends the selected instance's payload again; rules match it anew"));
    m_reEmit->setEnabled(false);
    auto *instancesTop = new QHBoxLayout;
    instancesTop->addWidget(new QLabel(tr("<b>Instances</b>"), instancesBox));
    instancesTop->addWidget(m_instanceCount, 1);
    instancesTop->addWidget(m_more);
    instancesTop->addWidget(m_reEmit);
    auto *instancesLayout = new QVBoxLayout(instancesBox);
    instancesLayout->setContentsMargins(0, 0, 0, 0);
    instancesLayout->addLayout(instancesTop);
    instancesLayout->addWidget(m_instanceView, 1);

    m_payload = new JsonTreeView(right);
    m_payload->setObjectName(QStringLiteral("instancePayload"));
    m_payload->setValue(Value(ValueDict()));
    m_payload->setAccessibleName(tr("Instance payload"));
    m_caused = new QTreeWidget(right);
    m_caused->setObjectName(QStringLiteral("instanceCaused"));
    m_caused->setAccessibleName(tr("What the instance caused"));
    m_caused->setAccessibleDescription(tr("Rules it matched and the executions they started; activate to open"));
    m_caused->setHeaderLabels({tr("Caused"), tr("Status")});
    m_caused->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_caused->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_caused->header()->setStretchLastSection(false);
    connect(m_caused, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        const QString kind = item->data(0, KindRole).toString();
        const QString id = item->data(0, Qt::UserRole).toString();
        if (kind == u"rule")
            this->studio()->show(QStringLiteral("rules"), id);
        else if (kind == u"execution")
            this->studio()->show(QStringLiteral("history"), id);
    });
    auto *detail = new QSplitter(Qt::Horizontal, right);
    detail->addWidget(m_payload);
    detail->addWidget(m_caused);
    detail->setStretchFactor(0, 1);
    detail->setStretchFactor(1, 1);

    auto *vertical = new QSplitter(Qt::Vertical, right);
    vertical->addWidget(m_schemas);
    vertical->addWidget(instancesBox);
    vertical->addWidget(detail);
    vertical->setStretchFactor(0, 1);
    vertical->setStretchFactor(1, 2);
    vertical->setStretchFactor(2, 2);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addLayout(headRow);
    rightLayout->addWidget(vertical, 1);

    m_splitter = addListDetailSplitter(this, QStringLiteral("triggersSplitter"), m_list, right,
                                       {.listStretch = 2, .detailStretch = 3, .sizes = {400, 800}});

    connect(m_list, &ListPane::currentChanged, this, [this](const Value &t) {
        if (!t.isNull())
            showType(t);
    });
    connect(m_instanceView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this, proxy](const QModelIndex &index) {
                if (index.isValid())
                    showInstance(m_instances->itemAt(proxy->mapToSource(index).row()));
            });
    connect(m_emit, &QPushButton::clicked, this, &TriggersPage::emitTest);
    connect(m_reEmit, &QPushButton::clicked, this, &TriggersPage::reEmit);

    addCommand(tr("Emit Trigger…"), QKeySequence(Qt::CTRL | Qt::Key_E), [this] { emitTest(); },
               QStringLiteral("triggersEmitCommand"));
    addCommand(tr("Re-emit Instance"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), [this] { reEmit(); },
               QStringLiteral("triggersReEmitCommand"));
}

void TriggersPage::reload()
{
    m_list->setLoading(true);
    studio()->client()->call(
        client::Request::of(client::Op::ListTriggerTypes, {}, {}, {{QStringLiteral("limit"), QStringLiteral("0")}}),
        this, [this](const client::ClientResult &r) {
            if (!r.ok()) {
                m_list->setError(tr("Could not list trigger types: %1").arg(r.errorText()));
                return;
            }
            const QString keep = m_list->currentId();
            m_types->setItems(r.value.toList());
            m_list->setLoading(false);
            const QString want = m_pendingType.isEmpty() ? keep : m_pendingType;
            if (!want.isEmpty() && m_list->select(want))
                m_pendingType.clear();
            else if (m_type.isNull() && m_types->rowCount() > 0)
                m_list->view()->setCurrentIndex(m_list->view()->model()->index(0, 0));
        });
}

void TriggersPage::focusSearch()
{
    m_list->searchField()->setFocus(Qt::ShortcutFocusReason);
}

void TriggersPage::showObject(const QString &id)
{
    if (m_list->select(id))
        return;
    if (m_types->rowOf(id) < 0 && !id.contains(u'.')) {
        // Not a type: an instance id. Open its type, then the instance.
        studio()->client()->call(client::Op::GetTriggerInstance, id, this, [this, id](const client::ClientResult &r) {
            if (!r.ok()) {
                studio()->tell(tr("Trigger instance %1: %2").arg(id, r.errorText()));
                return;
            }
            m_pendingInstance = id;
            const QString type = r.value[u"trigger_type"].toString();
            if (m_type[u"ref"].toString() == type)
                selectInstance(id);
            else if (!m_list->select(type))
                m_pendingType = type;
        });
        return;
    }
    m_pendingType = id;
}

void TriggersPage::showType(const Value &type)
{
    m_type = type;
    const QString description = type[u"description"].toString();
    m_heading->setText(tr("<b>%1</b>%2").arg(type[u"ref"].toString().toHtmlEscaped(),
                                             description.isEmpty() ? QString()
                                                                   : QStringLiteral("<br>") + description.toHtmlEscaped()));
    m_payloadSchema->setSchema(type[u"payload_schema"]);
    m_parameterSchema->setSchema(type[u"parameters_schema"]);
    m_schemas->setTabText(0, tr("Payload (%1)").arg(m_payloadSchema->topLevelItemCount()));
    m_schemas->setTabText(1, tr("Parameters (%1)").arg(m_parameterSchema->topLevelItemCount()));
    m_emit->setEnabled(true);
    m_instanceId.clear();
    m_payload->setValue(Value(ValueDict()));
    m_caused->clear();
    m_reEmit->setEnabled(false);
    loadInstances(false);
}

void TriggersPage::loadInstances(bool more)
{
    const QString ref = m_type[u"ref"].toString();
    if (ref.isEmpty())
        return;
    const int offset = more ? int(m_instances->rowCount()) : 0;
    // A type without parameters has one trigger of the same ref, which the store
    // indexes; a parameterised type (webhooks, timers) has a trigger per rule.
    const Value parameters = m_type[u"parameters_schema"];
    const bool oneTrigger = parameters.toDict().isEmpty()
        || (parameters[u"properties"].isDict() && parameters[u"properties"].toDict().isEmpty());
    const QHash<QString, QString> params{{oneTrigger ? QStringLiteral("trigger") : QStringLiteral("trigger_type"), ref},
                                         {QStringLiteral("limit"), QString::number(kPageSize)},
                                         {QStringLiteral("offset"), QString::number(offset)}};
    if (!more)
        m_instances->setItems({});
    m_instanceCount->setText(tr("loading…"));
    studio()->client()->call(client::Request::of(client::Op::ListTriggerInstances, {}, {}, params), this,
                             [this, ref](const client::ClientResult &r) {
                                 if (ref != m_type[u"ref"].toString())
                                     return;
                                 if (!r.ok()) {
                                     m_instanceCount->setText(tr("could not list: %1").arg(r.errorText()));
                                     return;
                                 }
                                 for (const Value &i : r.value.toList())
                                     m_instances->upsert(i);
                                 m_total = qMax<qint64>(r.total, m_instances->rowCount());
                                 m_instanceCount->setText(
                                     m_total == 0 ? tr("none yet: “Emit…” fires a test instance")
                                                  : tr("%1 of %2, newest first").arg(m_instances->rowCount()).arg(m_total));
                                 m_more->setVisible(m_instances->rowCount() < m_total);
                                 if (!m_pendingInstance.isEmpty())
                                     selectInstance(m_pendingInstance);
                                 else if (!m_instanceView->currentIndex().isValid() && m_instances->rowCount() > 0)
                                     // The newest one, so its payload and what it caused show at once.
                                     selectInstance(m_instances->idOf(m_instances->itemAt(0)));
                             });
}

void TriggersPage::selectInstance(const QString &id)
{
    const int row = m_instances->rowOf(id);
    if (row < 0) {
        // Older than the pages loaded: fetch it alone.
        studio()->client()->call(client::Op::GetTriggerInstance, id, this, [this, id](const client::ClientResult &r) {
            if (r.ok() && r.value[u"trigger_type"].toString() == m_type[u"ref"].toString()) {
                m_instances->upsert(r.value);
                selectInstance(id);
            }
        });
        return;
    }
    m_pendingInstance.clear();
    auto *proxy = static_cast<QSortFilterProxyModel *>(m_instanceView->model());
    const QModelIndex index = proxy->mapFromSource(m_instances->index(row, 0));
    m_instanceView->setCurrentIndex(index);
    m_instanceView->scrollTo(index);
}

void TriggersPage::showInstance(const Value &instance)
{
    m_instanceId = instance[u"id"].toString();
    m_payload->setValue(instance[u"payload"]);
    m_reEmit->setEnabled(true);
    loadCaused(m_instanceId);
}

void TriggersPage::loadCaused(const QString &instanceId)
{
    const QHash<QString, QString> params{{QStringLiteral("trigger_instance"), instanceId}};
    auto enforcements = std::make_shared<ValueList>();
    auto executions = std::make_shared<ValueList>();
    auto pending = std::make_shared<int>(2);
    auto build = [this, instanceId, enforcements, executions, pending] {
        if (--*pending > 0 || instanceId != m_instanceId)
            return;
        m_caused->clear();
        QHash<QString, Value> byId;
        for (const Value &e : *executions)
            byId.insert(e[u"id"].toString(), m_recent.newest(e));
        for (const Value &enf : *enforcements) {
            const QString rule = enf[u"rule"][u"ref"].toString();
            auto *ruleItem = new QTreeWidgetItem(m_caused, {tr("Rule %1").arg(rule), enf[u"status"].toString()});
            ruleItem->setIcon(0, icons::get(QStringLiteral("rules")));
            ruleItem->setData(0, KindRole, QStringLiteral("rule"));
            ruleItem->setData(0, Qt::UserRole, rule);
            if (!enf[u"failure_reason"].toString().isEmpty())
                ruleItem->setToolTip(0, enf[u"failure_reason"].toString());
            const QString execId = enf[u"execution_id"].toString();
            if (execId.isEmpty())
                continue;
            const Value ex = byId.take(execId);
            auto *execItem = new QTreeWidgetItem(
                ruleItem, {tr("%1 · %2").arg(ex[u"action"][u"ref"].toString(), execId), ex[u"status"].toString()});
            execItem->setIcon(1, icons::status(ex[u"status"].toString()));
            execItem->setData(0, KindRole, QStringLiteral("execution"));
            execItem->setData(0, Qt::UserRole, execId);
        }
        for (const Value &ex : std::as_const(byId)) {
            auto *execItem = new QTreeWidgetItem(
                m_caused, {tr("%1 · %2").arg(ex[u"action"][u"ref"].toString(), ex[u"id"].toString()),
                           ex[u"status"].toString()});
            execItem->setIcon(1, icons::status(ex[u"status"].toString()));
            execItem->setData(0, KindRole, QStringLiteral("execution"));
            execItem->setData(0, Qt::UserRole, ex[u"id"].toString());
        }
        if (m_caused->topLevelItemCount() == 0) {
            auto *none = new QTreeWidgetItem(m_caused, {tr("No rule matched this instance.")});
            none->setFlags(Qt::ItemIsEnabled);
        }
        m_caused->expandAll();
    };
    studio()->client()->call(client::Request::of(client::Op::ListRuleEnforcements, {}, {}, params), this,
                             [enforcements, build](const client::ClientResult &r) {
                                 if (r.ok())
                                     *enforcements = r.value.toList();
                                 build();
                             });
    studio()->client()->call(client::Request::of(client::Op::ListExecutions, {}, {}, params), this,
                             [executions, build](const client::ClientResult &r) {
                                 if (r.ok())
                                     *executions = r.value.toList();
                                 build();
                             });
}

void TriggersPage::emitTest()
{
    if (m_type.isNull())
        return;
    auto *dialog = new EmitDialog(studio(), m_type, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // Start from the selected instance's payload when there is one.
    if (const int row = m_instances->rowOf(m_instanceId); row >= 0)
        dialog->setPayload(m_instances->itemAt(row)[u"payload"]);
    connect(dialog, &EmitDialog::emitted, this, [this](const QString &id) {
        studio()->tell(tr("Emitted trigger instance %1").arg(id));
        m_pendingInstance = id;
        selectInstance(id);
    });
    dialog->open();
}

void TriggersPage::reEmit()
{
    if (m_instanceId.isEmpty())
        return;
    const QString id = m_instanceId;
    studio()->client()->call(client::Op::ReEmitTriggerInstance, id, this, [this, id](const client::ClientResult &r) {
        if (!r.ok()) {
            studio()->tell(tr("Re-emit of %1 failed: %2").arg(id, r.errorText()), 0);
            return;
        }
        const QString fresh = r.value[u"trigger_instance"][u"id"].toString();
        studio()->tell(tr("Re-emitted %1 as %2").arg(id, fresh));
        m_pendingInstance = fresh;
        selectInstance(fresh);
    });
}

void TriggersPage::onEvent(const engine::Event &event)
{
    using engine::EventKind;
    switch (event.kind) {
    case EventKind::TriggerInstanceCreate:
        if (event.doc[u"trigger_type"].toString() == m_type[u"ref"].toString()) {
            if (m_instances->rowOf(event.doc[u"id"].toString()) < 0)
                ++m_total;
            m_instances->upsert(event.doc);
            m_instanceCount->setText(tr("%1 of %2, newest first").arg(m_instances->rowCount()).arg(m_total));
            if (m_pendingInstance == event.doc[u"id"].toString())
                selectInstance(m_pendingInstance);
        }
        break;
    case EventKind::RuleEnforcementCreate:
        if (!m_instanceId.isEmpty() && event.doc[u"trigger_instance_id"].toString() == m_instanceId)
            loadCaused(m_instanceId);
        break;
    case EventKind::ExecutionUpdate:
        if (!m_type.isNull()) {
            const QString id = event.doc[u"id"].toString();
            m_recent.note(event.doc);
            for (QTreeWidgetItemIterator it(m_caused); *it; ++it) {
                if ((*it)->data(0, Qt::UserRole).toString() == id && (*it)->data(0, KindRole).toString() == u"execution") {
                    (*it)->setText(1, event.doc[u"status"].toString());
                    (*it)->setIcon(1, icons::status(event.doc[u"status"].toString()));
                }
            }
        }
        break;
    default:
        break;
    }
}

} // namespace squall::ui
