#include "ui/lists/ResourceTableModel.h"

#include "base/Json.h"

#include <QDateTime>

namespace squall::ui {

ResourceTableModel::ResourceTableModel(QString idKey, QList<Column> columns, QObject *parent)
    : QAbstractTableModel(parent), m_idKey(std::move(idKey)), m_columns(std::move(columns))
{
}

QString ResourceTableModel::idOf(const Value &item) const
{
    const Value id = item[m_idKey];
    return id.isString() ? id.toString() : json::toString(id);
}

void ResourceTableModel::setItems(const ValueList &items)
{
    beginResetModel();
    m_items = items;
    endResetModel();
}

int ResourceTableModel::rowOf(const QString &id) const
{
    for (qsizetype i = 0; i < m_items.size(); ++i) {
        if (idOf(m_items.at(i)) == id)
            return int(i);
    }
    return -1;
}

void ResourceTableModel::upsert(const Value &item)
{
    const int row = rowOf(idOf(item));
    if (row >= 0) {
        m_items[row] = item;
        Q_EMIT dataChanged(index(row, 0), index(row, columnCount() - 1));
        return;
    }
    beginInsertRows({}, int(m_items.size()), int(m_items.size()));
    m_items.append(item);
    endInsertRows();
}

void ResourceTableModel::removeId(const QString &id)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_items.removeAt(row);
    endRemoveRows();
}

int ResourceTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int ResourceTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant ResourceTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_items.size())
        return {};
    const Value &item = m_items.at(index.row());
    const Column &column = m_columns.at(index.column());
    switch (role) {
    case Qt::DisplayRole:
        return column.text ? column.text(item) : QString();
    case Qt::DecorationRole:
        return column.icon ? QVariant(column.icon(item)) : QVariant();
    case Qt::ToolTipRole:
        return column.toolTip ? column.toolTip(item) : QVariant();
    case Qt::CheckStateRole:
        return column.check ? QVariant(int(column.check(item))) : QVariant();
    case SortRole:
        if (column.sortKey)
            return column.sortKey(item);
        return column.text ? column.text(item).toLower() : QString();
    case IdRole:
        return idOf(item);
    default:
        return {};
    }
}

QVariant ResourceTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole && section < m_columns.size())
        return m_columns.at(section).header;
    return {};
}

QString textAt(const Value &doc, const QString &path)
{
    Value v = doc;
    for (const QString &part : path.split(u'.'))
        v = v[part];
    if (v.isNull())
        return {};
    if (v.isString())
        return v.toString();
    return json::toString(v);
}

QString shortTime(const QString &isoTime)
{
    if (isoTime.isEmpty())
        return {};
    QDateTime t = QDateTime::fromString(isoTime, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(isoTime, Qt::ISODate);
    if (!t.isValid()) {
        // StackStorm writes microseconds and "+00:00".
        QString trimmed = isoTime;
        const qsizetype dot = trimmed.indexOf(u'.');
        if (dot > 0)
            trimmed = trimmed.left(dot) + u'Z';
        t = QDateTime::fromString(trimmed, Qt::ISODate);
    }
    return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : isoTime;
}

} // namespace squall::ui
