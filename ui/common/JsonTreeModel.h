#pragma once

#include "base/Value.h"

#include <QAbstractItemModel>

#include <memory>

namespace squall::ui {

// A read-only item model over a Value. Nodes are made only when the view asks
// for an index, so a 100k-item result opens without walking it.
class JsonTreeModel final : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JsonTreeModel)
public:
    enum Column { KeyColumn, ValueColumn, TypeColumn, ColumnCount };

    explicit JsonTreeModel(QObject *parent = nullptr);
    ~JsonTreeModel() override;

    void setValue(const squall::Value &value);
    const squall::Value &value() const;

    squall::Value valueAt(const QModelIndex &index) const;
    // `result.items[3].name`; keys that are not identifiers as ["a key"].
    QString pathOf(const QModelIndex &index) const;
    // The index reached by following child rows from the top.
    QModelIndex indexForRows(const QList<int> &rows) const;
    // Characters of a string shown in the Value column before eliding.
    static int elideLength();

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Node;
    Node *nodeOf(const QModelIndex &index) const;
    Node *childOf(Node *parent, int row) const;

    std::unique_ptr<Node> m_root;
};

} // namespace squall::ui
