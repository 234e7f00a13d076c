#include "ui/workflows/WorkflowsPage.h"

#include "client/Client.h"
#include "ui/lists/ListPane.h"
#include "ui/lists/ResourceTableModel.h"
#include "ui/shell/Icons.h"
#include "ui/shell/Studio.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTreeView>
#include <QVBoxLayout>

namespace squall::ui {

namespace {

bool isWorkflow(const Value &action)
{
    const QString runner = action[u"runner_type"].toString();
    return runner == u"orquesta" || runner == u"action-chain" || runner == u"mistral-v2";
}

QString runnerLabel(const Value &action)
{
    const QString runner = action[u"runner_type"].toString();
    return runner == u"action-chain" ? QObject::tr("ActionChain") : runner == u"orquesta" ? QObject::tr("Orquesta") : runner;
}

} // namespace

WorkflowsPage::WorkflowsPage(Studio *studio, QWidget *parent)
    : Page(studio, parent),
      m_model(new ResourceTableModel(QStringLiteral("ref"),
                                     {{tr("Workflow"), [](const Value &a) { return a[u"ref"].toString(); }},
                                      {tr("Kind"), runnerLabel},
                                      {tr("Description"), [](const Value &a) { return a[u"description"].toString(); }}},
                                     this)),
      m_runs(new ResourceTableModel(
          QStringLiteral("id"),
          {{tr("Status"), [](const Value &e) { return e[u"status"].toString(); },
            [](const Value &e) { return icons::status(e[u"status"].toString()); }},
           {tr("Started"), [](const Value &e) { return shortTime(e[u"start_timestamp"].toString()); },
            {}, [](const Value &e) { return QVariant(e[u"start_timestamp"].toString()); }},
           {tr("Execution"), [](const Value &e) { return e[u"id"].toString(); }}},
          this)),
      m_heading(new QLabel(this)), m_summary(new QLabel(this)), m_definition(new QPlainTextEdit(this)),
      m_runsView(new QTreeView(this))
{
    m_list = new ListPane(QStringLiteral("workflows"), tr("workflows"), m_model, this);
    m_list->setEmptyText(tr("No workflows yet. A workflow is an action whose runner is orquesta or "
                            "action-chain; put one in a pack's actions/ folder and register the pack."));
    m_list->view()->header()->resizeSection(0, 240);
    m_list->view()->header()->resizeSection(1, 90);

    QFont heading = m_heading->font();
    heading.setPointSizeF(heading.pointSizeF() * 1.35);
    heading.setBold(true);
    m_heading->setFont(heading);
    m_heading->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setObjectName(QStringLiteral("workflowSummary"));
    connect(m_summary, &QLabel::linkActivated, this, [this](const QString &link) {
        this->studio()->show(QStringLiteral("actions"), link);
    });

    m_definition->setObjectName(QStringLiteral("workflowDefinition"));
    m_definition->setAccessibleName(tr("Workflow definition"));
    m_definition->setAccessibleDescription(tr("The workflow's YAML file, read-only"));
    m_definition->setReadOnly(true);
    m_definition->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_definition->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    m_runsView->setObjectName(QStringLiteral("workflowRuns"));
    m_runsView->setAccessibleDescription(tr("The latest runs of this workflow; activate one to open it in History"));
    m_runsView->setAccessibleName(tr("Recent runs"));
    m_runsView->setModel(m_runs);
    m_runsView->setRootIsDecorated(false);
    m_runsView->setUniformRowHeights(true);
    m_runsView->setAlternatingRowColors(true);
    m_runsView->header()->resizeSection(0, 120);
    m_runsView->header()->resizeSection(1, 160);
    connect(m_runsView, &QTreeView::activated, this, [this](const QModelIndex &index) {
        this->studio()->show(QStringLiteral("history"), m_runs->itemAt(index.row())[u"id"].toString());
    });

    auto *tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("workflowTabs"));
    tabs->setAccessibleName(tr("Workflow details"));
    tabs->addTab(m_definition, tr("Definition"));
    tabs->addTab(m_runsView, tr("Recent runs"));

    auto *run = new QPushButton(icons::get(QStringLiteral("run")), tr("Run…"), this);
    run->setObjectName(QStringLiteral("workflowRun"));
    run->setAccessibleName(tr("Run the workflow"));
    run->setAccessibleDescription(tr("Opens the workflow's run form on the Actions page"));
    connect(run, &QPushButton::clicked, this, [this] {
        if (!m_shown.isEmpty())
            this->studio()->show(QStringLiteral("actions"), m_shown);
    });

    auto *detail = new QWidget(this);
    auto *top = new QHBoxLayout;
    top->addWidget(m_heading, 1);
    top->addWidget(run);
    auto *dl = new QVBoxLayout(detail);
    dl->setContentsMargins(8, 0, 0, 0);
    dl->addLayout(top);
    dl->addWidget(m_summary);
    dl->addWidget(tabs, 1);

    auto *splitter = new QSplitter(this);
    splitter->setObjectName(QStringLiteral("workflowsSplitter"));
    splitter->addWidget(m_list);
    splitter->addWidget(detail);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(m_list, &ListPane::currentChanged, this, &WorkflowsPage::showWorkflow);
    connect(studio, &Studio::eventsReceived, this, [this](const engine::EventBatch &batch) {
        bool reloadList = false;
        for (const engine::Event &e : batch) {
            switch (e.kind) {
            case engine::EventKind::ActionCreate:
            case engine::EventKind::ActionUpdate:
            case engine::EventKind::ActionDelete:
            case engine::EventKind::PacksRegister:
                reloadList = true;
                break;
            case engine::EventKind::ExecutionCreate:
            case engine::EventKind::ExecutionUpdate:
                if (e.doc[u"action"][u"ref"].toString() == m_shown && e.doc[u"parent"].isNull())
                    m_runs->upsert(e.doc);
                break;
            default:
                break;
            }
        }
        if (reloadList && isLoaded())
            reload();
    });
    showWorkflow({});
}

void WorkflowsPage::reload()
{
    m_list->setLoading(true);
    studio()->client()->call(client::Request::of(client::Op::ListActions, {}, {}, {{QStringLiteral("limit"), QStringLiteral("-1")}}),
                             this, [this](const client::ClientResult &r) {
                                 if (!r.ok()) {
                                     m_list->setError(tr("Could not load the workflows: %1").arg(r.errorText()));
                                     return;
                                 }
                                 ValueList workflows;
                                 for (const Value &a : r.value.toList()) {
                                     if (isWorkflow(a))
                                         workflows.append(a);
                                 }
                                 const QString keep = m_pendingSelection.isEmpty() ? m_list->currentId() : m_pendingSelection;
                                 m_model->setItems(workflows);
                                 m_list->setLoading(false);
                                 if (!keep.isEmpty() && m_list->select(keep))
                                     m_pendingSelection.clear();
                                 else if (m_list->currentId().isEmpty() && !workflows.isEmpty())
                                     m_list->view()->setCurrentIndex(m_list->proxy()->index(0, 0));
                             });
}

void WorkflowsPage::showObject(const QString &id)
{
    if (!m_list->select(id))
        m_pendingSelection = id;
}

void WorkflowsPage::focusSearch()
{
    m_list->focusSearch();
}

void WorkflowsPage::showWorkflow(const Value &action)
{
    m_shown = action[u"ref"].toString();
    m_runs->setItems({});
    if (action.isNull()) {
        m_heading->setText(tr("Workflows"));
        m_summary->setText(tr("Choose a workflow to see its definition and its recent runs."));
        m_definition->clear();
        return;
    }
    m_heading->setText(m_shown);
    m_summary->setText(tr("%1 workflow · entry point <code>%2</code> · <a href=\"%3\">open in Actions</a><br>%4")
                           .arg(runnerLabel(action), action[u"entry_point"].toString().toHtmlEscaped(),
                                m_shown.toHtmlEscaped(), action[u"description"].toString().toHtmlEscaped()));
    Q_EMIT subtitleChanged(m_shown);
    m_definition->setPlainText(tr("Loading…"));
    const QString ref = m_shown;
    studio()->client()->call(client::Op::ActionEntryPoint, ref, this, [this, ref](const client::ClientResult &r) {
        if (ref != m_shown)
            return;
        m_definition->setPlainText(r.ok() ? r.value.toString() : tr("Could not read the definition: %1").arg(r.errorText()));
    });
    loadRuns(ref);
}

void WorkflowsPage::loadRuns(const QString &ref)
{
    studio()->client()->call(
        client::Request::of(client::Op::ListExecutions, {}, {},
                            {{QStringLiteral("action"), ref}, {QStringLiteral("parent"), QStringLiteral("null")},
                             {QStringLiteral("limit"), QStringLiteral("50")}}),
        this, [this, ref](const client::ClientResult &r) {
            if (ref == m_shown && r.ok())
                m_runs->setItems(r.value.toList());
        });
}

} // namespace squall::ui
