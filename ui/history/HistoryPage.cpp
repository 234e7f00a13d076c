#include "ui/history/HistoryPage.h"

#include "client/Client.h"
#include "ui/history/CompareView.h"
#include "ui/history/ExecutionDetail.h"
#include "ui/history/ExecutionFormat.h"
#include "ui/history/HistoryChart.h"
#include "ui/history/HistoryModel.h"
#include "ui/history/ReRunDialog.h"
#include "ui/history/ReRunTasksDialog.h"
#include "ui/shell/Icons.h"
#include "ui/shell/Studio.h"

#include <QAction>
#include <QComboBox>
#include <QGridLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPersistentModelIndex>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace squall::ui {

namespace {
const QString kSavedKey = u"history/savedFilters"_s;
// Live rows are applied at most this often: each insertion at the top costs
// the tree a relayout, and the engine may deliver a batch every millisecond.
const int kLiveIntervalMs = 100;
// Rows kept while the reader sits at the top; the rest is paged in again.
const int kTrimAbove = 4000;
const int kTrimTo = 1000;
const int kChartDelayMs = 400;

QLineEdit *filterField(QWidget *parent, const QString &name, const QString &placeholder, const QString &accessible)
{
    auto *e = new QLineEdit(parent);
    e->setObjectName(name);
    e->setPlaceholderText(placeholder);
    e->setAccessibleName(accessible);
    e->setClearButtonEnabled(true);
    return e;
}
} // namespace

HistoryPage::HistoryPage(Studio *studio, QWidget *parent)
    : Page(studio, parent), m_model(new HistoryModel(studio->client(), this)),
      m_chart(new HistoryChart(studio->client(), this)), m_view(new QTreeView(this)),
      m_detail(new ExecutionDetail(studio, this)), m_splitter(new QSplitter(Qt::Horizontal, this)),
      m_liveTimer(new QTimer(this))
{
    m_liveTimer->setSingleShot(true);
    m_liveTimer->setInterval(kLiveIntervalMs);
    connect(m_liveTimer, &QTimer::timeout, this, &HistoryPage::applyPendingEvents);
    setObjectName(u"historyPage"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(6);

    auto *filters = new QWidget(this);
    buildFilterBar(filters);
    layout->addWidget(filters);
    layout->addWidget(m_chart);

    m_view->setObjectName(u"historyList"_s);
    m_view->setAccessibleName(tr("Executions"));
    m_view->setAccessibleDescription(tr("Executions newest first; expand a workflow to see its tasks. Select two to compare them."));
    m_view->setModel(m_model);
    m_view->setUniformRowHeights(true);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->setAllColumnsShowFocus(true);
    // Sorting is the engine's (by start time, either way): the model holds
    // pages, not everything a local sort would need.
    m_view->setSortingEnabled(false);
    m_view->header()->setSectionsClickable(true);
    m_view->header()->setSortIndicatorShown(true);
    m_view->header()->setSortIndicator(HistoryModel::StartColumn, Qt::DescendingOrder);
    connect(m_view->header(), &QHeaderView::sectionClicked, this, [this](int section) {
        if (section == HistoryModel::StartColumn)
            m_oldestFirst = !m_oldestFirst;
        else
            this->studio()->tell(tr("History sorts by start time; click “Started” to reverse it"));
        m_view->header()->setSortIndicator(HistoryModel::StartColumn,
                                           m_oldestFirst ? Qt::AscendingOrder : Qt::DescendingOrder);
        applyFilterFromControls();
    });
    m_view->setVerticalScrollMode(QAbstractItemView::ScrollPerItem);
    // The next page is fetched when the rows shown come within a screen of
    // the end of what is loaded (per-item scrolling: the bar counts rows).
    m_model->setFetchGate([this] {
        const int visible = m_view->viewport()->height() / std::max(1, m_view->fontMetrics().height()) + 1;
        return m_view->verticalScrollBar()->value() + 2 * visible >= m_model->rowCount();
    });
    QHeaderView *header = m_view->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(HistoryModel::ActionColumn, QHeaderView::Stretch);
    const QFontMetrics fm(font());
    const int pad = 3 * fm.averageCharWidth();
    header->resizeSection(HistoryModel::StatusColumn, fm.horizontalAdvance(u"succeeded"_s) + pad);
    header->resizeSection(HistoryModel::OriginColumn, fm.horizontalAdvance(u"re-emit"_s) + pad);
    header->resizeSection(HistoryModel::StartColumn, fm.horizontalAdvance(u"2026-12-31 23:59:59"_s) + pad);
    header->resizeSection(HistoryModel::DurationColumn, fm.horizontalAdvance(u"59 min 59 s"_s) + pad);
    header->setMinimumSectionSize(fm.horizontalAdvance(u"Status"_s) + pad);

    auto *right = new QWidget(m_splitter);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto *tools = new QToolBar(right);
    tools->setObjectName(u"historyTools"_s);
    tools->setAccessibleName(tr("Execution commands"));
    tools->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    tools->setIconSize(QSize(16, 16));
    rightLayout->addWidget(tools);

    m_replayBar = new QWidget(right);
    m_replayBar->setObjectName(u"historyReplayBar"_s);
    auto *replayLayout = new QHBoxLayout(m_replayBar);
    replayLayout->setContentsMargins(4, 2, 4, 2);
    auto *replayText = new QLabel(m_replayBar);
    replayText->setObjectName(u"historyReplayText"_s);
    replayLayout->addWidget(replayText, 1);
    auto *compareOriginal = new QPushButton(icons::get(u"compare"_s), tr("Compare with original"), m_replayBar);
    compareOriginal->setObjectName(u"historyCompareWithOriginalButton"_s);
    compareOriginal->setAccessibleName(tr("Compare with original"));
    compareOriginal->setAccessibleDescription(tr("Opens the new run and the one it replayed side by side"));
    connect(compareOriginal, &QPushButton::clicked, this, &HistoryPage::compareWithOriginal);
    replayLayout->addWidget(compareOriginal);
    m_replayBar->setAutoFillBackground(true);
    m_replayBar->setBackgroundRole(QPalette::AlternateBase);
    m_replayBar->hide();
    rightLayout->addWidget(m_replayBar);
    rightLayout->addWidget(m_detail, 1);

    m_splitter->setObjectName(u"historySplitter"_s);
    m_splitter->addWidget(m_view);
    m_splitter->addWidget(right);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);
    layout->addWidget(m_splitter, 1);

    // Commands: the page menu, the palette and the buttons above the detail.
    const auto command = [this, tools](const QString &text, const QString &icon, const QKeySequence &keys,
                                       void (HistoryPage::*fn)(), const QString &name, const QString &description) {
        QAction *a = addCommand(text, keys, [this, fn] { (this->*fn)(); }, name);
        a->setIcon(icons::get(icon));
        a->setToolTip(description);
        a->setStatusTip(description);
        if (!icon.isEmpty()) {
            tools->addAction(a);
            if (QWidget *w = tools->widgetForAction(a)) {
                w->setObjectName(name + u"Button"_s);
                w->setAccessibleName(QString(text).remove(u'…').remove(u'&'));
                w->setAccessibleDescription(description);
            }
        }
        return a;
    };
    m_reRun = command(tr("Re-run"), u"rerun"_s, QKeySequence(Qt::CTRL | Qt::Key_R), &HistoryPage::reRun,
                      u"historyReRun"_s, tr("Runs the selected execution again with the same parameters"));
    m_reRunChanges = command(tr("Re-run with changes…"), u"edit"_s, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
                             &HistoryPage::reRunWithChanges, u"historyReRunWithChanges"_s,
                             tr("Runs the selected execution again after editing its parameters"));
    m_reRunTasks = command(tr("Re-run from tasks…"), u"workflows"_s, {}, &HistoryPage::reRunFromTasks,
                           u"historyReRunFromTasks"_s, tr("Runs a completed workflow again from the tasks you choose"));
    m_reEmit = command(tr("Re-emit trigger"), u"emit"_s, {}, &HistoryPage::reEmitTrigger, u"historyReEmit"_s,
                       tr("Sends the trigger instance that caused this execution again"));
    m_cancel = command(tr("Cancel"), u"cancel"_s, {}, &HistoryPage::cancelExecution, u"historyCancel"_s,
                       tr("Cancels the selected execution"));
    m_pause = command(tr("Pause"), u"pause"_s, {}, &HistoryPage::pauseExecution, u"historyPause"_s,
                      tr("Pauses the selected workflow"));
    m_resume = command(tr("Resume"), u"resume"_s, {}, &HistoryPage::resumeExecution, u"historyResume"_s,
                       tr("Resumes the selected paused workflow"));
    m_compareAction = command(tr("Compare"), u"compare"_s, {}, &HistoryPage::compareSelected, u"historyCompare"_s,
                        tr("Compares the two selected executions side by side"));
    m_compareOriginal = command(tr("Compare with original"), QString(), {}, &HistoryPage::compareWithOriginal,
                                u"historyCompareWithOriginal"_s, tr("Compares the last replay with the execution it replayed"));
    m_saveFilter = addCommand(tr("Save filter…"), {}, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("Save filter"), tr("Name of the filter:"), QLineEdit::Normal,
                                                   {}, &ok);
        if (ok && !name.trimmed().isEmpty())
            saveFilter(name.trimmed());
    }, u"historySaveFilter"_s);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, &HistoryPage::onCurrentChanged);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &HistoryPage::updateActions);
    connect(m_detail, &ExecutionDetail::loaded, this, &HistoryPage::updateActions);
    connect(m_model, &HistoryModel::pageLoaded, this, [this] {
        // A filter whose rows all fit the first page (workflow tasks included)
        // has its chart data at hand; a rare search word would otherwise
        // scan the history twice.
        if (!std::exchange(m_chartPending, false) || !m_chartToggle->isChecked())
            return;
        if (!m_model->isExhausted() || m_model->filter().topLevelOnly()) {
            // A moment later: someone still typing or clicking through
            // filters would otherwise queue a chart query per step.
            m_chart->refreshSoon(kChartDelayMs);
            return;
        }
        ValueList docs;
        for (int row = 0; row < m_model->rowCount(); ++row)
            docs.append(m_model->document(m_model->index(row, 0)));
        m_chart->setKnownExecutions(docs);
    });
    connect(m_model, &HistoryModel::failed, this, [this](const QString &message) {
        this->studio()->tell(message);
        if (m_chartToggle->isChecked())
            m_chart->refresh();
    });

    // Live rows at the top must not move what the user is reading further down.
    connect(m_model, &QAbstractItemModel::rowsAboutToBeInserted, this, [this](const QModelIndex &where, int first) {
        m_scrollAnchor = QPersistentModelIndex();
        if (!where.isValid() && first == 0 && m_view->verticalScrollBar()->value() > 0)
            m_scrollAnchor = m_view->indexAt(QPoint(1, 1));
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &where, int first) {
        if (!where.isValid() && first == 0 && m_scrollAnchor.isValid())
            m_view->scrollTo(m_scrollAnchor, QAbstractItemView::PositionAtTop);
        m_scrollAnchor = QPersistentModelIndex();
        if (!m_pendingSelect.isEmpty()) {
            const QModelIndex i = m_model->indexOf(m_pendingSelect);
            if (i.isValid()) {
                m_pendingSelect.clear();
                m_view->setCurrentIndex(i);
            }
        }
    });

    connect(studio, &Studio::eventsReceived, this, &HistoryPage::onEvents);
    restoreState();
    loadSavedFilters();
    updateActions();
}

HistoryPage::~HistoryPage()
{
    saveState();
}

CompareView *HistoryPage::compareView() const { return m_compare.data(); }

QString HistoryPage::pageId() const { return u"history"_s; }
QString HistoryPage::title() const { return tr("History"); }
QString HistoryPage::iconName() const { return u"history"_s; }

void HistoryPage::buildFilterBar(QWidget *bar)
{
    auto *grid = new QGridLayout(bar);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(6);
    grid->setVerticalSpacing(4);
    m_search = filterField(bar, u"historySearch"_s, tr("Search action, id, rule or user"), tr("Search executions"));
    m_search->addAction(icons::get(u"search"_s), QLineEdit::LeadingPosition);
    m_status = new QComboBox(bar);
    m_status->setObjectName(u"historyStatusFilter"_s);
    m_status->setAccessibleDescription(tr("Shows only executions with this status"));
    m_status->setAccessibleName(tr("Status filter"));
    m_status->addItem(tr("Any status"), QString());
    for (const QString &s : {u"succeeded"_s, u"failed"_s, u"running"_s, u"requested"_s, u"scheduled"_s,
                             u"paused"_s, u"canceled"_s, u"timeout"_s, u"abandoned"_s})
        m_status->addItem(icons::status(s), s, s);
    m_range = new QComboBox(bar);
    m_range->setObjectName(u"historyTimeRange"_s);
    m_range->setAccessibleDescription(tr("Shows only executions started in this period"));
    m_range->setAccessibleName(tr("Time range"));
    m_range->addItem(tr("Any time"), qint64(0));
    m_range->addItem(tr("Last hour"), qint64(3600));
    m_range->addItem(tr("Last 24 hours"), qint64(86400));
    m_range->addItem(tr("Last 7 days"), qint64(7 * 86400));
    m_range->addItem(tr("Last 30 days"), qint64(30 * 86400));
    m_chartToggle = new QToolButton(bar);
    m_chartToggle->setObjectName(u"historyChartToggle"_s);
    m_chartToggle->setAccessibleDescription(tr("Shows or hides the chart of executions over time by status"));
    m_chartToggle->setText(tr("Chart"));
    m_chartToggle->setAccessibleName(tr("Show the chart"));
    m_chartToggle->setCheckable(true);
    m_chartToggle->setChecked(true);
    m_chartToggle->setToolButtonStyle(Qt::ToolButtonTextOnly);
    connect(m_chartToggle, &QToolButton::toggled, this, [this](bool on) {
        m_chart->setVisible(on);
        if (on)
            m_chart->refresh();
    });
    m_action = filterField(bar, u"historyActionFilter"_s, tr("Action (pack.action)"), tr("Action filter"));
    m_rule = filterField(bar, u"historyRuleFilter"_s, tr("Rule (pack.rule)"), tr("Rule filter"));
    m_trigger = filterField(bar, u"historyTriggerFilter"_s, tr("Trigger (pack.trigger)"), tr("Trigger filter"));
    m_saved = new QComboBox(bar);
    m_saved->setObjectName(u"historySavedFilters"_s);
    m_saved->setAccessibleDescription(tr("Applies a filter saved earlier"));
    m_saved->setAccessibleName(tr("Saved filters"));
    m_saved->setMinimumContentsLength(14);
    auto *save = new QPushButton(icons::get(u"save"_s), tr("Save filter…"), bar);
    save->setObjectName(u"historySaveFilterButton"_s);
    save->setAccessibleName(tr("Save filter"));
    save->setAccessibleDescription(tr("Keeps the current filter under a name in Saved filters"));
    connect(save, &QPushButton::clicked, this, [this] { m_saveFilter->trigger(); });

    grid->addWidget(m_search, 0, 0, 1, 3);
    grid->addWidget(m_status, 0, 3);
    grid->addWidget(m_range, 0, 4);
    grid->addWidget(m_chartToggle, 0, 5);
    grid->addWidget(m_action, 1, 0);
    grid->addWidget(m_rule, 1, 1);
    grid->addWidget(m_trigger, 1, 2);
    grid->addWidget(m_saved, 1, 3);
    grid->addWidget(save, 1, 4, 1, 2);
    for (int c = 0; c < 3; ++c)
        grid->setColumnStretch(c, 1);

    // Typing waits for a pause; choices apply at once.
    auto *debounce = new QTimer(this);
    debounce->setSingleShot(true);
    debounce->setInterval(300);
    connect(debounce, &QTimer::timeout, this, &HistoryPage::applyFilterFromControls);
    for (QLineEdit *e : {m_search, m_action, m_rule, m_trigger}) {
        connect(e, &QLineEdit::textEdited, debounce, qOverload<>(&QTimer::start));
        connect(e, &QLineEdit::returnPressed, this, &HistoryPage::applyFilterFromControls);
    }
    for (QComboBox *c : {m_status, m_range})
        connect(c, &QComboBox::activated, this, &HistoryPage::applyFilterFromControls);
    connect(m_saved, &QComboBox::activated, this, [this](int index) {
        if (index <= 0)
            return;
        const QVariantMap all = QSettings().value(kSavedKey).toMap();
        setFilter(HistoryFilter::fromVariant(all.value(m_saved->itemText(index)).toMap()));
    });
}

HistoryFilter HistoryPage::currentFilter() const
{
    HistoryFilter f;
    f.text = m_search->text().trimmed();
    f.status = m_status->currentData().toString();
    f.lastSeconds = m_range->currentData().toLongLong();
    f.action = m_action->text().trimmed();
    f.rule = m_rule->text().trimmed();
    f.trigger = m_trigger->text().trimmed();
    f.oldestFirst = m_oldestFirst;
    return f;
}

void HistoryPage::setFilter(const HistoryFilter &f)
{
    m_search->setText(f.text);
    m_status->setCurrentIndex(std::max(0, m_status->findData(f.status)));
    const int range = m_range->findData(f.lastSeconds);
    m_range->setCurrentIndex(std::max(0, range));
    m_action->setText(f.action);
    m_rule->setText(f.rule);
    m_trigger->setText(f.trigger);
    m_oldestFirst = f.oldestFirst;
    m_view->header()->setSortIndicator(HistoryModel::StartColumn, m_oldestFirst ? Qt::AscendingOrder : Qt::DescendingOrder);
    applyFilterFromControls();
}

void HistoryPage::applyFilterFromControls()
{
    const HistoryFilter f = currentFilter();
    if (isLoaded() && f == m_model->filter() && m_model->pagesRequested() > 0)
        return;
    m_chart->setFilter(f);
    m_chartPending = true;
    m_model->setFilter(f);
}

void HistoryPage::reload()
{
    m_chart->setFilter(currentFilter());
    m_chartPending = true;
    m_model->setFilter(currentFilter());
}

void HistoryPage::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void HistoryPage::showObject(const QString &id)
{
    const QModelIndex i = m_model->indexOf(id);
    if (i.isValid()) {
        m_view->setCurrentIndex(i);
        m_view->scrollTo(i);
        return;
    }
    // Not loaded (an old run or a task of a collapsed workflow): show it anyway.
    m_view->selectionModel()->clearSelection();
    m_pendingSelect = id;
    m_detail->setExecution(id);
}

void HistoryPage::onEvents(const engine::EventBatch &batch)
{
    if (!isLoaded())
        return;
    // The detail follows at once (output streams); the list in batches.
    m_detail->applyEvents(batch);
    for (const engine::Event &e : batch) {
        if (e.kind == engine::EventKind::ExecutionCreate || e.kind == engine::EventKind::ExecutionUpdate)
            m_pendingEvents.append(e);
    }
    if (!m_pendingEvents.isEmpty() && !m_liveTimer->isActive())
        m_liveTimer->start();
    for (const engine::Event &e : batch) {
        if (e.kind == engine::EventKind::ExecutionCreate) {
            m_chart->invalidate();
            break;
        }
    }
    updateActions();
}

void HistoryPage::applyPendingEvents()
{
    const engine::EventBatch batch = std::exchange(m_pendingEvents, {});
    m_model->applyEvents(batch);
    if (m_view->verticalScrollBar()->value() == 0 && m_model->rowCount() > kTrimAbove)
        m_model->trimTo(kTrimTo);
    updateActions();
}

QString HistoryPage::currentId() const
{
    if (!m_detail->executionId().isEmpty())
        return m_detail->executionId();
    return m_view->currentIndex().data(HistoryModel::IdRole).toString();
}

QStringList HistoryPage::selectedIds() const
{
    QStringList ids;
    for (const QModelIndex &i : m_view->selectionModel()->selectedRows())
        ids << i.data(HistoryModel::IdRole).toString();
    return ids;
}

void HistoryPage::onCurrentChanged()
{
    const QString id = m_view->currentIndex().data(HistoryModel::IdRole).toString();
    m_detail->setExecution(id);
    Q_EMIT subtitleChanged(m_view->currentIndex().data(Qt::DisplayRole).toString());
    updateActions();
}

void HistoryPage::updateActions()
{
    Value doc = m_detail->execution();
    if (doc.isNull())
        doc = m_model->document(m_view->currentIndex());
    const bool has = !doc.isNull();
    const QString status = doc[u"status"].toString();
    const QString runner = doc[u"runner"][u"name"].toString();
    const bool workflow = runner == u"orquesta" || runner == u"action-chain";
    m_reRun->setEnabled(has);
    m_reRunChanges->setEnabled(has);
    m_reRunTasks->setEnabled(has && runner == u"orquesta" && !execfmt::isActive(status));
    m_reEmit->setEnabled(!doc[u"context"][u"trigger_instance"][u"id"].toString().isEmpty());
    m_cancel->setEnabled(has && execfmt::isActive(status) && status != u"canceling");
    m_pause->setEnabled(workflow && status == u"running");
    m_resume->setEnabled(workflow && status == u"paused");
    m_compareAction->setEnabled(selectedIds().size() == 2);
    m_compareOriginal->setEnabled(!m_replayNew.isEmpty());
}

void HistoryPage::replayStarted(const QString &originalId, const client::ClientResult &r)
{
    if (r.error) {
        studio()->tell(tr("Replay failed: %1").arg(r.error->message));
        return;
    }
    const QString id = r.value[u"id"].toString();
    m_replayOriginal = originalId;
    m_replayNew = id;
    if (auto *text = m_replayBar->findChild<QLabel *>(u"historyReplayText"_s))
        text->setText(tr("Started %1, a replay of %2.").arg(id.right(8), originalId.right(8)));
    m_replayBar->show();
    studio()->tell(tr("Replay started: execution %1").arg(id));
    showObject(id);
    updateActions();
}

void HistoryPage::reRun()
{
    const QString id = currentId();
    if (id.isEmpty())
        return;
    studio()->client()->call(client::Request::of(client::Op::ReRunExecution, id, Value(ValueDict())), this,
                             [this, id](const client::ClientResult &r) { replayStarted(id, r); });
}

void HistoryPage::reRunWithChanges()
{
    const QString id = currentId();
    if (id.isEmpty())
        return;
    const auto open = [this, id](const Value &doc, const Value &schema) {
        auto *dialog = new ReRunDialog(doc, schema, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QDialog::accepted, this, [this, dialog, id] {
            const Value body = makeDict({{u"parameters"_s, dialog->parameters()}});
            studio()->client()->call(client::Request::of(client::Op::ReRunExecution, id, body), this,
                                     [this, id](const client::ClientResult &r) { replayStarted(id, r); });
        });
        dialog->open();
    };
    const Value doc = m_detail->execution();
    if (m_detail->executionId() == id && !doc.isNull() && !m_detail->parameterSchema().isNull()) {
        open(doc, m_detail->parameterSchema());
        return;
    }
    studio()->client()->call(client::Op::GetExecution, id, this, [this, open](const client::ClientResult &e) {
        if (e.error) {
            studio()->tell(e.error->message);
            return;
        }
        studio()->client()->call(client::Op::ActionParameters, e.value[u"action"][u"ref"].toString(), this,
                                 [this, open, doc = e.value](const client::ClientResult &p) {
                                     if (p.error)
                                         studio()->tell(p.error->message);
                                     else
                                         open(doc, p.value[u"parameters"]);
                                 });
    });
}

void HistoryPage::reRunFromTasks()
{
    const QString id = currentId();
    if (id.isEmpty() || m_detail->executionId() != id)
        return;
    auto *dialog = new ReRunTasksDialog(m_detail->execution(), m_detail->tasks(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, id] {
        studio()->client()->call(client::Request::of(client::Op::ReRunExecution, id, dialog->body()), this,
                                 [this, id](const client::ClientResult &r) { replayStarted(id, r); });
    });
    dialog->open();
}

void HistoryPage::reEmitTrigger()
{
    const QString id = currentId();
    const QString instance = m_detail->execution()[u"context"][u"trigger_instance"][u"id"].toString();
    if (instance.isEmpty())
        return;
    studio()->client()->call(client::Op::ReEmitTriggerInstance, instance, this, [this, id](const client::ClientResult &r) {
        if (r.error) {
            studio()->tell(tr("Re-emit failed: %1").arg(r.error->message));
            return;
        }
        // The rules ran when the instance was sent: its execution exists now.
        const QString fresh = r.value[u"trigger_instance"][u"id"].toString();
        studio()->tell(tr("Trigger instance sent again as %1").arg(fresh));
        studio()->client()->call(client::Request::of(client::Op::ListExecutions, {}, {},
                                                     {{u"trigger_instance"_s, fresh}, {u"limit"_s, u"1"_s},
                                                      {u"exclude_attributes"_s, u"result"_s}}),
                                 this, [this, id](const client::ClientResult &list) {
                                     const ValueList items = list.value.toList();
                                     if (!list.error && !items.isEmpty())
                                         replayStarted(id, client::ClientResult{items.first(), {}, 201, 1, 1});
                                 });
    });
}

void HistoryPage::cancelExecution()
{
    const QString id = currentId();
    if (id.isEmpty())
        return;
    studio()->client()->call(client::Op::CancelExecution, id, this, [this](const client::ClientResult &r) {
        if (r.error)
            studio()->tell(tr("Cancel failed: %1").arg(r.error->message));
    });
}

void HistoryPage::setStatusTo(const QString &status)
{
    const QString id = currentId();
    if (id.isEmpty())
        return;
    studio()->client()->call(client::Request::of(client::Op::UpdateExecution, id, makeDict({{u"status"_s, status}})),
                             this, [this](const client::ClientResult &r) {
                                 if (r.error)
                                     studio()->tell(r.error->message);
                             });
}

void HistoryPage::pauseExecution() { setStatusTo(u"pausing"_s); }
void HistoryPage::resumeExecution() { setStatusTo(u"resuming"_s); }

void HistoryPage::compareSelected()
{
    const QStringList ids = selectedIds();
    if (ids.size() != 2)
        return;
    // Older on the left, as "original".
    const QModelIndex a = m_model->indexOf(ids[0]), b = m_model->indexOf(ids[1]);
    const bool firstOlder = execfmt::startMs(m_model->document(a)) <= execfmt::startMs(m_model->document(b));
    openCompare(firstOlder ? ids[0] : ids[1], firstOlder ? ids[1] : ids[0]);
}

void HistoryPage::compareWithOriginal()
{
    if (!m_replayNew.isEmpty())
        openCompare(m_replayOriginal, m_replayNew);
}

void HistoryPage::openCompare(const QString &left, const QString &right)
{
    if (m_compare)
        m_compare->close();
    m_compare = new CompareView(studio(), left, right, this);
    m_compare->show();
}

void HistoryPage::saveFilter(const QString &name)
{
    QSettings settings;
    QVariantMap all = settings.value(kSavedKey).toMap();
    all.insert(name, currentFilter().toVariant());
    settings.setValue(kSavedKey, all);
    loadSavedFilters();
    m_saved->setCurrentIndex(m_saved->findText(name));
    studio()->tell(tr("Filter \"%1\" saved").arg(name));
}

void HistoryPage::loadSavedFilters()
{
    m_saved->clear();
    m_saved->addItem(tr("Saved filters"));
    const QVariantMap all = QSettings().value(kSavedKey).toMap();
    for (auto it = all.cbegin(); it != all.cend(); ++it)
        m_saved->addItem(it.key());
    m_saved->setEnabled(m_saved->count() > 1);
}

void HistoryPage::restoreState()
{
    QSettings s;
    if (const QByteArray state = s.value(u"history/splitter"_s).toByteArray(); !state.isEmpty())
        m_splitter->restoreState(state);
    else
        m_splitter->setSizes({660, 480});
    const bool chart = s.value(u"history/chartVisible"_s, true).toBool();
    m_chartToggle->setChecked(chart);
    m_chart->setVisible(chart);
}

void HistoryPage::saveState() const
{
    QSettings s;
    s.setValue(u"history/splitter"_s, m_splitter->saveState());
    s.setValue(u"history/chartVisible"_s, m_chartToggle->isChecked());
}

} // namespace squall::ui
