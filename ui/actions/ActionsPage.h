#pragma once

#include "base/Value.h"
#include "engine/EngineEvent.h"
#include "ui/shell/Page.h"

class QComboBox;
class QFormLayout;
class QLabel;
class QPushButton;
class QTreeWidget;

namespace squall::ui {

class ListPane;
class RecentRunsView;
class ResourceTableModel;
class RunActionDialog;

// Actions: the list by pack (a pack filter beside the search), the selected
// action's metadata, its parameter table and its last executions; "Run…"
// opens the run form and follows the execution.
class ActionsPage final : public Page
{
    Q_OBJECT
public:
    explicit ActionsPage(Studio *studio, QWidget *parent = nullptr);

    QString pageId() const override { return QStringLiteral("actions"); }
    QString title() const override { return tr("Actions"); }
    QString iconName() const override { return QStringLiteral("actions"); }
    void showObject(const QString &id) override;
    void focusSearch() override;
    void reload() override;

    ListPane *list() const { return m_list; }
    QComboBox *packFilter() const { return m_packs; }
    QTreeWidget *parameterTable() const { return m_parameters; }
    QTreeWidget *historyList() const;
    RecentRunsView *recentRuns() const { return m_history; }
    // Opens the run form for the selected action (null when none).
    RunActionDialog *runCurrent();

private:
    void applyPackFilter();
    void showAction(const Value &action);
    void onEvents(const engine::EventBatch &batch);

    ValueList m_all;
    QString m_pendingSelect;
    QString m_current;
    ResourceTableModel *m_model;
    ListPane *m_list;
    QComboBox *m_packs;
    QLabel *m_title;
    QLabel *m_description;
    QPushButton *m_run;
    QLabel *m_ref, *m_runner, *m_entryPoint, *m_enabled, *m_tags, *m_packLabel;
    QTreeWidget *m_parameters;
    RecentRunsView *m_history;
};

} // namespace squall::ui
