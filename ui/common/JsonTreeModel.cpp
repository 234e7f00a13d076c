#include "ui/common/JsonTreeModel.h"

#include "base/Json.h"

#include <QApplication>
#include <QPalette>
#include <QRegularExpression>

#include <vector>

namespace squall::ui {

namespace {

constexpr int kElide = 200;
constexpr int kToolTipLimit = 8000;

// A container's size, or 0 for scalars.
int sizeOf(const Value &v)
{
    if (v.isList())
        return int(v.toList().size());
    if (v.isDict())
        return int(v.toDict().size());
    return 0;
}

QString typeLabel(const Value &v)
{
    switch (v.type()) {
    case Value::Type::Null: return QStringLiteral("null");
    case Value::Type::Bool: return QStringLiteral("boolean");
    case Value::Type::Int: return QStringLiteral("integer");
    case Value::Type::Double: return QStringLiteral("number");
    case Value::Type::String: return QStringLiteral("string");
    case Value::Type::List: return QStringLiteral("array");
    case Value::Type::Dict: return QStringLiteral("object");
    case Value::Type::Object: return QStringLiteral("object");
    }
    return {};
}

// Scalars as a reader expects them (strings unquoted); containers summarised.
QString displayText(const Value &v)
{
    switch (v.type()) {
    case Value::Type::String: return v.toString();
    case Value::Type::List: {
        const auto n = v.toList().size();
        return n == 1 ? QStringLiteral("[1 item]") : QStringLiteral("[%1 items]").arg(n);
    }
    case Value::Type::Dict: {
        const auto n = v.toDict().size();
        return n == 1 ? QStringLiteral("{1 key}") : QStringLiteral("{%1 keys}").arg(n);
    }
    default: return json::toString(v);
    }
}

bool isIdentifier(const QString &key)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return re.match(key).hasMatch();
}

} // namespace

struct JsonTreeModel::Node
{
    Value value;
    QString key;  // dict key; empty for list items and the root
    int row = 0;
    bool listItem = false;
    Node *parent = nullptr;
    // Slots for every child, filled one by one as the view asks for them.
    std::vector<std::unique_ptr<Node>> children;
};

JsonTreeModel::JsonTreeModel(QObject *parent)
    : QAbstractItemModel(parent), m_root(std::make_unique<Node>())
{
}

JsonTreeModel::~JsonTreeModel() = default;

int JsonTreeModel::elideLength() { return kElide; }

void JsonTreeModel::setValue(const Value &value)
{
    beginResetModel();
    m_root = std::make_unique<Node>();
    m_root->value = value;
    endResetModel();
}

const Value &JsonTreeModel::value() const { return m_root->value; }

JsonTreeModel::Node *JsonTreeModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

// The root of a scalar document has one child: the scalar itself.
static int childCount(const Value &v, bool isRoot)
{
    if (isRoot && !v.isList() && !v.isDict())
        return 1;
    return sizeOf(v);
}

JsonTreeModel::Node *JsonTreeModel::childOf(Node *parent, int row) const
{
    const bool isRoot = parent == m_root.get();
    const int n = childCount(parent->value, isRoot);
    if (row < 0 || row >= n)
        return nullptr;
    if (parent->children.size() != size_t(n))
        parent->children.resize(size_t(n));
    auto &slot = parent->children[size_t(row)];
    if (!slot) {
        slot = std::make_unique<Node>();
        slot->parent = parent;
        slot->row = row;
        if (parent->value.isList()) {
            slot->value = parent->value.toList().at(row);
            slot->listItem = true;
        } else if (parent->value.isDict()) {
            const auto &entry = parent->value.toDict().entries().at(row);
            slot->key = entry.first;
            slot->value = entry.second;
        } else {
            slot->value = parent->value;
        }
    }
    return slot.get();
}

QModelIndex JsonTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount)
        return {};
    Node *child = childOf(nodeOf(parent), row);
    return child ? createIndex(row, column, child) : QModelIndex();
}

QModelIndex JsonTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    Node *p = nodeOf(child)->parent;
    if (!p || p == m_root.get())
        return {};
    return createIndex(p->row, 0, p);
}

int JsonTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    Node *node = nodeOf(parent);
    return childCount(node->value, node == m_root.get());
}

int JsonTreeModel::columnCount(const QModelIndex &) const { return ColumnCount; }

bool JsonTreeModel::hasChildren(const QModelIndex &parent) const { return rowCount(parent) > 0; }

QVariant JsonTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Node *node = nodeOf(index);
    const Value &v = node->value;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case KeyColumn: return node->listItem ? QString::number(node->row) : node->key;
        case ValueColumn: {
            QString text = displayText(v);
            // One line per row: a multi-line string shows its first line.
            const qsizetype nl = text.indexOf(u'\n');
            if (nl >= 0 || text.size() > kElide)
                text = text.left(qMin(nl < 0 ? text.size() : nl, qsizetype(kElide))) + QChar(0x2026);
            return text;
        }
        case TypeColumn: return typeLabel(v);
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == ValueColumn && v.isString()) {
            const QString &s = v.toString();
            return s.size() > kToolTipLimit ? s.left(kToolTipLimit) + QChar(0x2026) : s;
        }
        if (index.column() == KeyColumn)
            return pathOf(index);
        return {};
    case Qt::ForegroundRole:
        // Summaries and list indexes are secondary text.
        if ((index.column() == ValueColumn && (v.isList() || v.isDict() || v.isNull()))
            || (index.column() == KeyColumn && node->listItem) || index.column() == TypeColumn)
            return QApplication::palette().brush(QPalette::PlaceholderText);
        return {};
    default: return {};
    }
}

QVariant JsonTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case KeyColumn: return tr("Key");
    case ValueColumn: return tr("Value");
    case TypeColumn: return tr("Type");
    }
    return {};
}

Value JsonTreeModel::valueAt(const QModelIndex &index) const { return nodeOf(index)->value; }

QString JsonTreeModel::pathOf(const QModelIndex &index) const
{
    QStringList parts;
    for (const Node *n = index.isValid() ? nodeOf(index) : nullptr; n && n != m_root.get(); n = n->parent) {
        if (n->listItem)
            parts.prepend(QStringLiteral("[%1]").arg(n->row));
        else if (n->parent == m_root.get() && !n->parent->value.isDict())
            parts.prepend(QString());  // a scalar document
        else if (isIdentifier(n->key))
            parts.prepend(n->parent == m_root.get() ? n->key : u'.' + n->key);
        else
            parts.prepend(QStringLiteral("[%1]").arg(json::toString(Value(n->key))));
    }
    return parts.join(QString());
}

QModelIndex JsonTreeModel::indexForRows(const QList<int> &rows) const
{
    QModelIndex at;
    for (int row : rows) {
        at = index(row, 0, at);
        if (!at.isValid())
            return {};
    }
    return at;
}

} // namespace squall::ui
