#include "ui/history/HistoryModel.h"

#include "client/Client.h"
#include "ui/history/ExecutionFormat.h"
#include "ui/shell/Icons.h"

#include <QDateTime>
#include <QTimer>

#include <deque>

using namespace Qt::StringLiterals;

namespace squall::ui {

// A row. Rows are kept in a deque keyed by a sequence number, so a row's index
// is `seq - parent->minSeq` (no search) while rows are added at both ends:
// live executions at the top, older pages at the bottom.
struct HistoryModel::Node
{
    Value doc;
    QString id, status, action, origin, startText;
    qint64 startMs = 0, endMs = 0;
    qint64 seq = 0;
    Node *parent = nullptr;
    std::deque<std::unique_ptr<Node>> kids;
    qint64 minSeq = 0, maxSeq = -1;
    bool workflow = false;
    bool kidsFetched = false;
    bool fetchingKids = false;

    int row() const { return parent ? int(seq - parent->minSeq) : 0; }
    void set(Value d)
    {
        origin = execfmt::origin(d);
        // The list needs the summary; results and the embedded rule / trigger
        // documents are read by the detail pane when a row is opened.
        if (d.isDict()) {
            ValueDict &m = d.dictRef();
            for (QStringView heavy : {u"result", u"trigger_instance", u"trigger_type", u"liveaction", u"rule", u"trigger"})
                m.remove(heavy);
        }
        doc = std::move(d);
        id = doc[u"id"].toString();
        status = doc[u"status"].toString();
        action = doc[u"action"][u"ref"].toString();
        const QString task = execfmt::taskName(doc);
        if (!task.isEmpty())
            action = task + u" · "_s + action;
        startText = execfmt::localTime(doc[u"start_timestamp"].toString());
        startMs = execfmt::startMs(doc);
        endMs = execfmt::endMs(doc);
        workflow = workflow || execfmt::isWorkflow(doc);
    }
};

namespace {
const int kDurationTickMs = 1000;

QHash<QString, QString> listParams(const HistoryFilter &f, int limit, int offset)
{
    QHash<QString, QString> p = f.params();
    p.insert(u"limit"_s, QString::number(limit));
    p.insert(u"offset"_s, QString::number(offset));
    // The list shows no total; counting a million filtered rows would cost
    // more than the page.
    p.insert(u"include_total"_s, u"false"_s);
    p.insert(u"exclude_attributes"_s, u"result,trigger_instance,trigger_type,liveaction"_s);
    return p;
}
} // namespace

HistoryModel::HistoryModel(client::Client *client, QObject *parent)
    : QAbstractItemModel(parent), m_client(client), m_root(std::make_unique<Node>()), m_ticker(new QTimer(this))
{
    m_ticker->setInterval(kDurationTickMs);
    connect(m_ticker, &QTimer::timeout, this, &HistoryModel::tickDurations);
    m_ticker->start();
}

HistoryModel::~HistoryModel() = default;

void HistoryModel::setFilter(const HistoryFilter &filter)
{
    beginResetModel();
    m_filter = filter;
    m_root = std::make_unique<Node>();
    m_byId.clear();
    ++m_generation;
    m_pagesRequested = 0;
    m_exhausted = false;
    const bool wasFetching = m_fetching;
    m_fetching = false;
    endResetModel();
    if (wasFetching)
        Q_EMIT loadingChanged(false);
    fetchMore({});
}

int HistoryModel::loadedCount() const
{
    return int(m_root->kids.size());
}

std::unique_ptr<HistoryModel::Node> HistoryModel::makeNode(Value doc, Node *parent)
{
    auto n = std::make_unique<Node>();
    n->parent = parent;
    n->set(std::move(doc));
    m_byId.insert(n->id, n.get());
    return n;
}

HistoryModel::Node *HistoryModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex HistoryModel::indexOfNode(const Node *node, int column) const
{
    if (!node || node == m_root.get())
        return {};
    return createIndex(node->row(), column, const_cast<Node *>(node));
}

QModelIndex HistoryModel::index(int row, int column, const QModelIndex &parent) const
{
    const Node *p = nodeOf(parent);
    if (row < 0 || column < 0 || column >= ColumnCount || size_t(row) >= p->kids.size())
        return {};
    return createIndex(row, column, p->kids[size_t(row)].get());
}

QModelIndex HistoryModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    return indexOfNode(nodeOf(child)->parent);
}

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    return int(nodeOf(parent)->kids.size());
}

int HistoryModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

bool HistoryModel::hasChildren(const QModelIndex &parent) const
{
    const Node *n = nodeOf(parent);
    if (n == m_root.get())
        return true;
    if (parent.column() > 0)
        return false;
    return !n->kids.empty() || (n->workflow && !n->kidsFetched);
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Node *n = nodeOf(index);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case ActionColumn: return n->action;
        case StatusColumn: return n->status;
        case OriginColumn: return n->origin;
        case StartColumn: return n->startText;
        case DurationColumn: {
            if (!n->startMs)
                return QString();
            const qint64 end = n->endMs ? n->endMs
                                        : (execfmt::isActive(n->status) ? QDateTime::currentMSecsSinceEpoch() : 0);
            return end ? execfmt::duration(end - n->startMs) : QString();
        }
        default: return {};
        }
    case Qt::DecorationRole:
        if (index.column() == ActionColumn)
            return icons::status(n->status);
        return {};
    case Qt::ToolTipRole:
        return tr("%1 %2, execution %3").arg(n->action, n->status, n->id);
    case Qt::TextAlignmentRole:
        if (index.column() == DurationColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case DocRole: return QVariant::fromValue(n->doc);
    case IdRole: return n->id;
    case StatusRole: return n->status;
    case OriginRole: return n->origin;
    default: return {};
    }
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ActionColumn: return tr("Action");
    case StatusColumn: return tr("Status");
    case OriginColumn: return tr("Origin");
    case StartColumn: return tr("Started");
    case DurationColumn: return tr("Duration");
    default: return {};
    }
}

bool HistoryModel::canFetchMore(const QModelIndex &parent) const
{
    const Node *n = nodeOf(parent);
    if (n == m_root.get())
        return !m_fetching && !m_exhausted && (m_root->kids.empty() || !m_gate || m_gate());
    return parent.column() == 0 && n->workflow && !n->kidsFetched && !n->fetchingKids;
}

void HistoryModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    Node *n = nodeOf(parent);
    const int gen = m_generation;
    if (n == m_root.get()) {
        m_fetching = true;
        ++m_pagesRequested;
        Q_EMIT loadingChanged(true);
        const int limit = m_pageSize;
        auto request = client::Request::of(client::Op::ListExecutions, {}, {}, listParams(m_filter, limit, loadedCount()));
        m_client->call(request, this, [this, gen, limit](const client::ClientResult &r) {
            if (gen != m_generation)
                return;
            m_fetching = false;
            if (r.error) {
                m_exhausted = true;
                Q_EMIT loadingChanged(false);
                Q_EMIT failed(r.error->message);
                return;
            }
            const ValueList items = r.value.toList();
            m_exhausted = items.size() < limit;
            std::vector<Value> fresh;
            fresh.reserve(size_t(items.size()));
            for (const Value &doc : items) {
                const QString id = doc[u"id"].toString();
                bool shown = false;
                for (Node *other : m_byId.values(id))
                    shown = shown || other->parent == m_root.get();
                if (!shown)
                    fresh.push_back(doc);
            }
            if (!fresh.empty()) {
                Node *root = m_root.get();
                const int first = int(root->kids.size());
                beginInsertRows({}, first, first + int(fresh.size()) - 1);
                for (Value &doc : fresh) {
                    auto node = makeNode(std::move(doc), root);
                    node->seq = ++root->maxSeq;
                    root->kids.push_back(std::move(node));
                }
                endInsertRows();
            }
            Q_EMIT loadingChanged(false);
            Q_EMIT pageLoaded(int(fresh.size()));
        });
        return;
    }
    n->fetchingKids = true;
    const QString id = n->id;
    auto request = client::Request::of(client::Op::ExecutionChildren, id, {},
                                       {{u"exclude_attributes"_s, u"result,liveaction"_s}});
    m_client->call(request, this, [this, gen, id](const client::ClientResult &r) {
        if (gen != m_generation)
            return;
        for (Node *p : m_byId.values(id)) {
            p->fetchingKids = false;
            p->kidsFetched = true;
            if (r.error) {
                Q_EMIT failed(r.error->message);
                continue;
            }
            std::vector<Value> fresh;
            for (const Value &doc : r.value.toList()) {
                bool shown = false;
                for (const auto &k : p->kids)
                    shown = shown || k->id == doc[u"id"].toString();
                if (!shown)
                    fresh.push_back(doc);
            }
            const QModelIndex pi = indexOfNode(p);
            if (fresh.empty()) {
                // No children after all: let the view drop the expander.
                Q_EMIT dataChanged(pi, pi);
                continue;
            }
            const int first = int(p->kids.size());
            beginInsertRows(pi, first, first + int(fresh.size()) - 1);
            for (Value &doc : fresh) {
                auto node = makeNode(std::move(doc), p);
                node->seq = p->minSeq + qint64(p->kids.size());
                p->maxSeq = node->seq;
                p->kids.push_back(std::move(node));
            }
            endInsertRows();
            Q_EMIT pageLoaded(int(fresh.size()));
        }
    });
}

void HistoryModel::applyEvents(const engine::EventBatch &batch)
{
    std::vector<Value> newTop;
    QHash<QString, size_t> newTopIndex;
    QHash<Node *, std::vector<Value>> newKids;
    QSet<Node *> changed;
    Node *root = m_root.get();
    const qint64 newestShown = root->kids.empty() ? 0 : root->kids.front()->startMs;

    for (const engine::Event &ev : batch) {
        if (ev.kind != engine::EventKind::ExecutionCreate && ev.kind != engine::EventKind::ExecutionUpdate)
            continue;
        const Value &doc = ev.doc;
        const QString id = doc[u"id"].toString();
        if (id.isEmpty())
            continue;
        const QList<Node *> nodes = m_byId.values(id);
        for (Node *n : nodes) {
            n->set(doc);
            changed.insert(n);
        }
        if (const auto it = newTopIndex.constFind(id); it != newTopIndex.cend()) {
            newTop[*it] = doc;
            continue;
        }
        bool onTop = false;
        for (Node *n : nodes)
            onTop = onTop || n->parent == root;
        // New rows go on top only when they are newer than what is shown:
        // an old execution changing status belongs where paging would put it.
        if (!onTop && !m_filter.oldestFirst && m_filter.matches(doc)
            && (ev.kind == engine::EventKind::ExecutionCreate || !m_filter.status.isEmpty())
            && (!newestShown || execfmt::startMs(doc) >= newestShown) && !m_filter.effectiveTo().isValid()) {
            newTopIndex.insert(id, newTop.size());
            newTop.push_back(doc);
        }
        const QString parentId = doc[u"parent"].toString();
        if (!parentId.isEmpty() && ev.kind == engine::EventKind::ExecutionCreate) {
            for (Node *p : m_byId.values(parentId)) {
                if (p->kidsFetched) {
                    bool shown = false;
                    for (const auto &k : p->kids)
                        shown = shown || k->id == id;
                    if (!shown)
                        newKids[p].push_back(doc);
                } else if (!p->workflow) {
                    p->workflow = true;
                    changed.insert(p);
                }
            }
        }
    }

    // Updates: one dataChanged per parent over the span of changed rows.
    QHash<Node *, std::pair<int, int>> spans;
    for (Node *n : std::as_const(changed)) {
        const int row = n->row();
        auto it = spans.find(n->parent);
        if (it == spans.end())
            spans.insert(n->parent, {row, row});
        else
            *it = {std::min(it->first, row), std::max(it->second, row)};
    }
    for (auto it = spans.cbegin(); it != spans.cend(); ++it) {
        const QModelIndex p = indexOfNode(it.key());
        Q_EMIT dataChanged(index(it->first, 0, p), index(it->second, ColumnCount - 1, p));
    }

    if (!newTop.empty()) {
        // Events come oldest first; the newest ends at row 0.
        beginInsertRows({}, 0, int(newTop.size()) - 1);
        for (Value &doc : newTop) {
            auto node = makeNode(std::move(doc), root);
            node->seq = --root->minSeq;
            root->kids.push_front(std::move(node));
        }
        if (root->maxSeq < root->minSeq)
            root->maxSeq = root->minSeq + qint64(root->kids.size()) - 1;
        endInsertRows();
    }
    for (auto it = newKids.begin(); it != newKids.end(); ++it) {
        Node *p = it.key();
        const QModelIndex pi = indexOfNode(p);
        const int first = int(p->kids.size());
        beginInsertRows(pi, first, first + int(it->size()) - 1);
        for (Value &doc : *it) {
            auto node = makeNode(std::move(doc), p);
            node->seq = p->minSeq + qint64(p->kids.size());
            p->maxSeq = node->seq;
            p->kids.push_back(std::move(node));
        }
        endInsertRows();
    }
}

void HistoryModel::forget(const Node *node)
{
    for (const auto &k : node->kids)
        forget(k.get());
    m_byId.remove(node->id, const_cast<Node *>(node));
}

void HistoryModel::trimTo(int rows)
{
    Node *root = m_root.get();
    const int count = int(root->kids.size());
    if (rows < 0 || count <= rows)
        return;
    beginRemoveRows({}, rows, count - 1);
    while (int(root->kids.size()) > rows) {
        forget(root->kids.back().get());
        root->kids.pop_back();
    }
    root->maxSeq = root->minSeq + qint64(root->kids.size()) - 1;
    m_exhausted = false;
    endRemoveRows();
}

QModelIndex HistoryModel::indexOf(const QString &id) const
{
    const QList<Node *> nodes = m_byId.values(id);
    // Prefer the top-level row.
    for (const Node *n : nodes)
        if (n->parent == m_root.get())
            return indexOfNode(n);
    return nodes.isEmpty() ? QModelIndex() : indexOfNode(nodes.first());
}

Value HistoryModel::document(const QModelIndex &index) const
{
    return index.isValid() ? nodeOf(index)->doc : Value();
}

void HistoryModel::tickDurations()
{
    // Running rows show a live duration: repaint that column where one runs.
    const auto refresh = [this](Node *parent) {
        int lo = -1, hi = -1;
        for (const auto &k : parent->kids) {
            if (!execfmt::isActive(k->status))
                continue;
            const int row = k->row();
            lo = lo < 0 ? row : std::min(lo, row);
            hi = std::max(hi, row);
        }
        if (lo >= 0) {
            const QModelIndex p = indexOfNode(parent);
            Q_EMIT dataChanged(index(lo, DurationColumn, p), index(hi, DurationColumn, p), {Qt::DisplayRole});
        }
    };
    // Active executions are the newest: the first rows are enough to look at.
    Node *root = m_root.get();
    const size_t scan = std::min<size_t>(root->kids.size(), 500);
    int lo = -1, hi = -1;
    for (size_t i = 0; i < scan; ++i) {
        Node *k = root->kids[i].get();
        if (execfmt::isActive(k->status)) {
            lo = lo < 0 ? int(i) : lo;
            hi = int(i);
        }
        if (!k->kids.empty())
            refresh(k);
    }
    if (lo >= 0)
        Q_EMIT dataChanged(index(lo, DurationColumn), index(hi, DurationColumn), {Qt::DisplayRole});
}

} // namespace squall::ui
