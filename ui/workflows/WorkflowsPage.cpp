#include "ui/workflows/WorkflowsPage.h"

#include "client/Client.h"
#include "ui/lists/ListPane.h"
#include "ui/lists/ResourceTableModel.h"
#include "ui/shell/Icons.h"
#include "ui/shell/Studio.h"
#include "ui/workflows/NewWorkflowDialog.h"
#include "ui/workflows/WorkflowDesigner.h"

#include <QAction>
#include <QHeaderView>
#include <QToolButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTreeView>
#include <QVBoxLayout>

namespace squall::ui {

namespace {

bool isWorkflow(const Value &action)
{
    const QString runner = action[u"runner_type"].toString();
    return runner == u"orquesta" || runner == u"action-chain";
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
                                      {tr("Kind"), runnerLabel}},
                                     this)),
      m_designer(new WorkflowDesigner(studio, this))
{
    m_list = new ListPane(QStringLiteral("workflows"), tr("workflows"), m_model, this);
    m_list->setEmptyText(tr("No workflows yet. Create one with New, or put an Orquesta or ActionChain "
                            "workflow in a pack's actions/ folder and register the pack."));
    m_list->view()->header()->resizeSection(0, 150);
    QToolButton *add = m_list->addButton(QStringLiteral("add"), tr("New…"), QStringLiteral("newWorkflow"));
    add->setAccessibleName(tr("New workflow"));
    add->setAccessibleDescription(tr("Creates a workflow and its action in a pack"));
    connect(add, &QToolButton::clicked, this, &WorkflowsPage::newWorkflow);

    auto *splitter = new QSplitter(this);
    splitter->setObjectName(QStringLiteral("workflowsSplitter"));
    splitter->addWidget(m_list);
    splitter->addWidget(m_designer);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({190, 1000});
    splitter->setChildrenCollapsible(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    addCommand(tr("New Workflow…"), QKeySequence::New, [this] { newWorkflow(); }, QStringLiteral("cmdNewWorkflow"));
    for (QAction *a : m_designer->actions()) {
        QAction *command = addCommand(a->text().remove(u'…') + (a->text().endsWith(u'…') ? QStringLiteral("…") : QString()),
                                      a->property("keys").value<QKeySequence>(), [a] { a->trigger(); },
                                      QStringLiteral("cmd_") + a->objectName());
        command->setEnabled(a->isEnabled());
        connect(a, &QAction::changed, command, [a, command] { command->setEnabled(a->isEnabled()); });
    }

    connect(m_list, &ListPane::currentChanged, this, &WorkflowsPage::onCurrentChanged);
    connect(m_designer, &WorkflowDesigner::modifiedChanged, this, [this](bool modified) {
        Q_EMIT subtitleChanged(m_shown.isEmpty() ? QString() : m_shown + (modified ? QStringLiteral(" •") : QString()));
    });
    connect(studio, &Studio::eventsReceived, this, [this](const engine::EventBatch &batch) {
        bool reloadList = false;
        for (const engine::Event &e : batch) {
            if (e.kind == engine::EventKind::ActionCreate || e.kind == engine::EventKind::ActionDelete
                || e.kind == engine::EventKind::PacksRegister)
                reloadList = true;
            else if (e.kind == engine::EventKind::ActionUpdate && isWorkflow(e.doc))
                m_model->upsert(e.doc);
        }
        if (reloadList && isLoaded())
            reload();
    });
}

QUndoStack *WorkflowsPage::undoStack() const
{
    return m_designer->undoStack();
}

bool WorkflowsPage::confirmClose()
{
    return m_designer->confirmDiscard();
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

void WorkflowsPage::onCurrentChanged(const Value &action)
{
    const QString ref = action[u"ref"].toString();
    if (m_reverting || ref == m_shown)
        return;
    if (!m_designer->confirmDiscard()) {
        // Stay on the workflow with unsaved changes.
        m_reverting = true;
        m_list->select(m_shown);
        m_reverting = false;
        return;
    }
    m_shown = ref;
    m_designer->open(action);
    Q_EMIT subtitleChanged(ref);
}

void WorkflowsPage::newWorkflow()
{
    auto *dialog = new NewWorkflowDialog(studio(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &NewWorkflowDialog::created, this, [this](const Value &action) {
        m_model->upsert(action);
        showObject(action[u"ref"].toString());
    });
    dialog->open();
}

} // namespace squall::ui
