#pragma once

#include "base/Value.h"
#include "ui/inquiries/RecentExecutions.h"
#include "ui/shell/Page.h"

class QLabel;
class QPushButton;
class QSplitter;
class QTabWidget;
class QToolButton;
class QTreeView;
class QTreeWidget;

namespace squall::engine {
struct Event;
}

namespace squall::ui {

class JsonTreeView;
class ListPane;
class ResourceTableModel;
class SchemaOutline;

// Trigger types with their parameter and payload schemas, and the instances
// that fired (newest first, paged, live), each with its payload and what it
// caused (rule enforcements and their executions). "Emit…" fires a test
// instance from a form built from the payload schema; "Re-emit" sends a past
// instance again.
class TriggersPage final : public Page
{
    Q_OBJECT
public:
    explicit TriggersPage(Studio *studio, QWidget *parent = nullptr);

    QString pageId() const override { return QStringLiteral("triggers"); }
    QString title() const override { return tr("Triggers"); }
    QString iconName() const override { return QStringLiteral("triggers"); }
    // A trigger type ref, or a trigger instance id.
    void showObject(const QString &id) override;
    void focusSearch() override;
    void reload() override;

    void emitTest();
    void reEmit();

private:
    void showType(const Value &type);
    void loadInstances(bool more);
    void showInstance(const Value &instance);
    void loadCaused(const QString &instanceId);
    void selectInstance(const QString &id);
    void onEvent(const engine::Event &event) override;

    ResourceTableModel *m_types;
    ListPane *m_list;
    QSplitter *m_splitter = nullptr;
    QLabel *m_heading;
    QTabWidget *m_schemas;
    SchemaOutline *m_payloadSchema;
    SchemaOutline *m_parameterSchema;
    QPushButton *m_emit;
    QPushButton *m_reEmit;
    ResourceTableModel *m_instances;
    QTreeView *m_instanceView;
    QLabel *m_instanceCount;
    QToolButton *m_more;
    JsonTreeView *m_payload;
    QTreeWidget *m_caused;
    Value m_type;
    QString m_instanceId;
    RecentExecutions m_recent;  // the "caused" tree shows the newest state known
    qint64 m_total = 0;
    QString m_pendingType;
    QString m_pendingInstance;
};

} // namespace squall::ui
