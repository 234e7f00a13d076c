#pragma once

#include "base/Value.h"

#include <QAbstractTableModel>
#include <QIcon>

#include <functional>

namespace squall::ui {

// A table over engine documents (rules, actions, keys ...): lists that are
// small enough to hold whole. Rows are kept in place by their id key, so a
// live update changes one row instead of resetting the view.
class ResourceTableModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    struct Column
    {
        QString header;
        std::function<QString(const Value &)> text;
        std::function<QIcon(const Value &)> icon = {};
        // What the column sorts by, when the text would sort wrong (times, numbers).
        std::function<QVariant(const Value &)> sortKey = {};
        std::function<QString(const Value &)> toolTip = {};
        Qt::CheckState (*check)(const Value &) = nullptr;  // a check box in the cell
    };
    static constexpr int SortRole = Qt::UserRole + 1;
    static constexpr int IdRole = Qt::UserRole + 2;

    explicit ResourceTableModel(QString idKey, QList<Column> columns, QObject *parent = nullptr);

    void setItems(const ValueList &items);
    // Replaces the row with the same id, or appends it.
    void upsert(const Value &item);
    void removeId(const QString &id);
    const ValueList &items() const { return m_items; }
    Value itemAt(int row) const { return m_items.value(row); }
    int rowOf(const QString &id) const;
    QString idOf(const Value &item) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QString m_idKey;
    QList<Column> m_columns;
    ValueList m_items;
};

// Common column helpers.
QString textAt(const Value &doc, const QString &path);  // "a.b.c", formatted for a cell
QString shortTime(const QString &isoTime);              // "2026-12-03 14:02:11" in local time

} // namespace squall::ui
