#pragma once

#include "base/Value.h"
#include "client/ClientResult.h"
#include "engine/EngineEvent.h"
#include "ui/history/HistoryFilter.h"
#include "ui/shell/Page.h"

#include <QPersistentModelIndex>
#include <QPointer>

class QAction;
class QComboBox;
class QLineEdit;
class QSplitter;
class QTimer;
class QToolButton;
class QTreeView;

namespace squall::ui {

class CompareView;
class ExecutionDetail;
class HistoryChart;
class HistoryModel;

// Every execution the engine keeps, newest first, workflow tasks nested; a
// detail pane for the selected one; replay (re-run as is, with changed
// parameters, from chosen tasks, re-emit the trigger) and comparison with the
// original; cancel, pause, resume.
class HistoryPage final : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryPage)
public:
    explicit HistoryPage(Studio *studio, QWidget *parent = nullptr);
    ~HistoryPage() override;

    QString pageId() const override;
    QString title() const override;
    QString iconName() const override;
    void showObject(const QString &id) override;
    void focusSearch() override;
    void reload() override;

    HistoryModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    ExecutionDetail *detail() const { return m_detail; }
    HistoryChart *chart() const { return m_chart; }
    HistoryFilter currentFilter() const;
    void setFilter(const HistoryFilter &filter);
    // The comparison last opened (null once closed).
    CompareView *compareView() const;
    // The execution the last replay started, and the one it replayed.
    QString lastReplayId() const { return m_replayNew; }

    // Page commands (also buttons above the detail).
    void reRun();
    void reRunWithChanges();
    void reRunFromTasks();
    void reEmitTrigger();
    void cancelExecution();
    void pauseExecution();
    void resumeExecution();
    void compareSelected();
    void compareWithOriginal();
    void saveFilter(const QString &name);

private:
    void buildFilterBar(QWidget *bar);
    void applyFilterFromControls();
    void onEvents(const engine::EventBatch &batch);
    void applyPendingEvents();
    void onCurrentChanged();
    void updateActions();
    QStringList selectedIds() const;
    QString currentId() const;
    void replayStarted(const QString &originalId, const client::ClientResult &result);
    void openCompare(const QString &left, const QString &right);
    void loadSavedFilters();
    void setStatusTo(const QString &status);
    void restoreState();
    void saveState() const;

    HistoryModel *m_model;
    HistoryChart *m_chart;
    QTreeView *m_view;
    ExecutionDetail *m_detail;
    QSplitter *m_splitter;
    QLineEdit *m_search;
    QComboBox *m_status;
    QComboBox *m_range;
    QLineEdit *m_action;
    QLineEdit *m_rule;
    QLineEdit *m_trigger;
    QComboBox *m_saved;
    QToolButton *m_chartToggle;
    QWidget *m_replayBar;
    QAction *m_reRun, *m_reRunChanges, *m_reRunTasks, *m_reEmit, *m_cancel, *m_pause, *m_resume, *m_compareAction,
        *m_compareOriginal, *m_saveFilter;
    QPointer<CompareView> m_compare;
    QString m_replayOriginal, m_replayNew;
    QString m_pendingSelect;
    QPersistentModelIndex m_scrollAnchor;
    engine::EventBatch m_pendingEvents;
    QTimer *m_liveTimer;
    bool m_chartPending = false;   // the chart waits for the list's first page
    bool m_oldestFirst = false;    // the list by start time, oldest first
};

} // namespace squall::ui
