#pragma once

#include "base/Value.h"
#include "ui/inquiries/RecentExecutions.h"
#include "ui/shell/Page.h"

class QLabel;
class QPushButton;
class QSplitter;
class QTimer;
class QToolButton;
class QTreeWidget;

namespace squall::engine {
struct Event;
}

namespace squall::ui {

class JsonTreeView;
class ListPane;
class ResourceTableModel;
class SchemaForm;

// Inquiries: questions workflows ask people (core.ask). Pending ones first,
// with their age and the time left before they expire; the answer form is
// generated from the inquiry's schema; beside it the workflow that waits,
// with its tasks and context. Answering resumes that workflow.
class InquiriesPage final : public Page
{
    Q_OBJECT
public:
    explicit InquiriesPage(Studio *studio, QWidget *parent = nullptr);

    QString pageId() const override { return QStringLiteral("inquiries"); }
    QString title() const override { return tr("Inquiries"); }
    QString iconName() const override { return QStringLiteral("inquiries"); }
    void showObject(const QString &id) override;
    void focusSearch() override;
    void reload() override;

    // Answers the selected inquiry with the form's values.
    void answer();

private:
    void showInquiry(const Value &execution);
    void fetchInquiry(const QString &id);
    void loadWorkflow(const QString &id);
    void showWorkflow(const Value &workflow);
    void showTasks(const ValueList &children);
    void onEvent(const engine::Event &event) override;
    void refreshTimes();

    ResourceTableModel *m_model;
    ListPane *m_list;
    QSplitter *m_splitter = nullptr;
    QLabel *m_heading;
    QLabel *m_facts;
    SchemaForm *m_form;
    QPushButton *m_answer;
    QLabel *m_outcome;
    QLabel *m_workflowHeading;
    QToolButton *m_openWorkflow;
    QTreeWidget *m_tasks;
    JsonTreeView *m_context;
    QTimer *m_clock;
    Value m_current;          // the inquiry execution shown
    QString m_workflowId;     // the execution that waits for it
    QString m_pendingSelect;
    RecentExecutions m_recent;  // the workflow and its tasks show the newest state known
};

} // namespace squall::ui
