#pragma once

#include "base/Value.h"
#include "engine/EngineEvent.h"
#include "ui/history/HistoryFilter.h"

#include <QAbstractItemModel>
#include <QHash>

#include <functional>
#include <memory>
#include <vector>

class QTimer;

namespace squall::client {
class Client;
}

namespace squall::ui {

// The History list: executions newest first, workflow tasks nested under their
// workflow. It never holds the whole history: the top level is fetched a page
// at a time as the view scrolls (canFetchMore / fetchMore), a workflow's
// children when it is expanded, and the filter goes into the query. Live
// events are applied in batches: one insertion at the top per batch of new
// executions, one dataChanged per run of updated rows.
class HistoryModel final : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryModel)
public:
    enum Column { ActionColumn, StatusColumn, OriginColumn, StartColumn, DurationColumn, ColumnCount };
    enum Role { DocRole = Qt::UserRole + 1, IdRole, StatusRole, OriginRole };

    explicit HistoryModel(client::Client *client, QObject *parent = nullptr);
    ~HistoryModel() override;

    // Clears the list and asks for the first page of the new filter.
    void setFilter(const HistoryFilter &filter);
    HistoryFilter filter() const { return m_filter; }
    void reload() { setFilter(m_filter); }
    void setPageSize(int size) { m_pageSize = size; }
    int pageSize() const { return m_pageSize; }
    // Asked before the next page is fetched: does the view need more rows?
    // QTreeView asks for more at every relayout (each page that arrives is one),
    // which without this would walk the whole history a page at a time.
    void setFetchGate(std::function<bool()> gate) { m_gate = std::move(gate); }

    // Applies a batch of engine events (ExecutionCreate / ExecutionUpdate).
    void applyEvents(const engine::EventBatch &batch);

    // Drops top-level rows past `rows` (they come back as pages when the view
    // scrolls there): live inserts must not grow the list for ever.
    void trimTo(int rows);

    QModelIndex indexOf(const QString &id) const;
    Value document(const QModelIndex &index) const;
    bool isFetching() const { return m_fetching; }
    bool isExhausted() const { return m_exhausted; }
    // Top-level rows loaded so far.
    int loadedCount() const;
    // Pages requested since the last filter change (for tests and the bench).
    int pagesRequested() const { return m_pagesRequested; }

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    // A page (or a workflow's children) arrived; `rows` were added.
    void pageLoaded(int rows);
    void loadingChanged(bool loading);
    void failed(const QString &message);

private:
    struct Node;
    Node *nodeOf(const QModelIndex &index) const;
    QModelIndex indexOfNode(const Node *node, int column = 0) const;
    std::unique_ptr<Node> makeNode(Value doc, Node *parent);
    void forget(const Node *node);
    void tickDurations();

    client::Client *m_client;
    std::unique_ptr<Node> m_root;
    QMultiHash<QString, Node *> m_byId;
    HistoryFilter m_filter;
    int m_pageSize = 100;
    int m_generation = 0;
    int m_pagesRequested = 0;
    bool m_fetching = false;
    bool m_exhausted = false;
    QTimer *m_ticker;
    std::function<bool()> m_gate;
};

} // namespace squall::ui
