#pragma once

#include "base/Value.h"
#include "ui/shell/Page.h"

namespace squall::ui {

class ListPane;
class ResourceTableModel;
class WorkflowDesigner;

// Workflows: the Orquesta and ActionChain workflows of every pack on the
// left, the one chosen open in the designer (graph, YAML, inspector, runs).
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
    QUndoStack *undoStack() const override;
    bool confirmClose() override;

    ListPane *list() const { return m_list; }
    WorkflowDesigner *designer() const { return m_designer; }
    void newWorkflow();

private:
    void onCurrentChanged(const Value &action);

    ListPane *m_list;
    ResourceTableModel *m_model;
    WorkflowDesigner *m_designer;
    QString m_pendingSelection;
    QString m_shown;
    bool m_reverting = false;
};

} // namespace squall::ui
