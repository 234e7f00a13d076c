#pragma once

#include "base/Value.h"
#include "ui/shell/Page.h"

class QLabel;
class QPlainTextEdit;
class QSplitter;
class QTreeView;

namespace squall::ui {

class ListPane;
class ResourceTableModel;

// Workflows: the Orquesta and ActionChain workflows of every pack, with their
// definition and their recent runs. The visual designer takes over the
// detail side of this page.
class WorkflowsPage final : public Page
{
    Q_OBJECT
public:
    explicit WorkflowsPage(Studio *studio, QWidget *parent = nullptr);

    QString pageId() const override { return QStringLiteral("workflows"); }
    QString title() const override { return tr("Workflows"); }
    QString iconName() const override { return QStringLiteral("workflows"); }
    void reload() override;
    void showObject(const QString &id) override;
    void focusSearch() override;

    ListPane *list() const { return m_list; }
    QPlainTextEdit *definition() const { return m_definition; }

private:
    void showWorkflow(const Value &action);
    void loadRuns(const QString &ref);

    ListPane *m_list;
    ResourceTableModel *m_model;
    ResourceTableModel *m_runs;
    QLabel *m_heading;
    QLabel *m_summary;
    QPlainTextEdit *m_definition;
    QTreeView *m_runsView;
    QString m_pendingSelection;
    QString m_shown;
};

} // namespace squall::ui
