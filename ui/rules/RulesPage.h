#pragma once

#include <functional>

#include "base/Value.h"
#include "engine/EngineEvent.h"
#include "ui/shell/Page.h"

namespace squall::ui {

class ListPane;
class ResourceTableModel;
class RuleEditor;

// Rules: the list (an enabled check box per row, delete, duplicate, new) and
// the rule editor beside it. Every edit goes on the undo stack.
class RulesPage final : public Page
{
    Q_OBJECT
public:
    explicit RulesPage(Studio *studio, QWidget *parent = nullptr);

    QString pageId() const override { return QStringLiteral("rules"); }
    QString title() const override { return tr("Rules"); }
    QString iconName() const override { return QStringLiteral("rules"); }
    void showObject(const QString &id) override;
    void focusSearch() override;
    void reload() override;

    ListPane *list() const { return m_list; }
    RuleEditor *editor() const { return m_editor; }

    void newRule();
    void duplicateCurrent();
    void deleteCurrent();
    void withUnmaskedRule(const QString &ref, std::function<void(const Value &rule)> then);
    void toggleEnabled(const Value &rule);

private:
    void onEvents(const engine::EventBatch &batch);
    void selectionChanged(const Value &rule);
    // Asks before unsaved edits are dropped; false when the user wants to keep editing.
    bool maySwitch();

    ResourceTableModel *m_model;
    ListPane *m_list;
    RuleEditor *m_editor;
    QString m_selectWhenSeen;
    QString m_showing;  // ref of the rule in the editor
};

} // namespace squall::ui
