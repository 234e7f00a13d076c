#include "ui/workflow/panes/ActionPalette.h"

#include "client/Client.h"
#include "ui/shell/Icons.h"
#include "ui/shell/Studio.h"

#include <QEvent>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

namespace squall::ui {

namespace {

constexpr int kRefRole = Qt::UserRole + 1;
constexpr int kSearchRole = Qt::UserRole + 2;

// Actions drag out as their ref; packs do not drag.
class PaletteModel : public QStandardItemModel
{
public:
    using QStandardItemModel::QStandardItemModel;

    QStringList mimeTypes() const override
    {
        return {QString::fromLatin1(ActionPalette::kMimeType), QStringLiteral("text/plain")};
    }

    QMimeData *mimeData(const QModelIndexList &indexes) const override
    {
        for (const QModelIndex &index : indexes) {
            const QString ref = index.data(kRefRole).toString();
            if (ref.isEmpty())
                continue;
            auto *data = new QMimeData;
            data->setData(QString::fromLatin1(ActionPalette::kMimeType), ref.toUtf8());
            data->setText(ref);
            return data;
        }
        return nullptr;
    }

    Qt::DropActions supportedDragActions() const override { return Qt::CopyAction; }
};

} // namespace

ActionPalette::ActionPalette(Studio *studio, QWidget *parent)
    : QWidget(parent)
    , m_studio(studio)
    , m_search(new QLineEdit(this))
    , m_view(new QTreeView(this))
    , m_empty(new QLabel(this))
    , m_model(new PaletteModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_reloadTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("actionPalette"));

    m_search->setObjectName(QStringLiteral("paletteSearch"));
    m_search->setAccessibleName(tr("Search actions"));
    m_search->setAccessibleDescription(tr("Filters actions by ref, name and description; Down moves into the list"));
    m_search->setPlaceholderText(tr("Search actions"));
    m_search->setClearButtonEnabled(true);
    m_searchIcon = m_search->addAction(icons::get(QStringLiteral("search"), palette()), QLineEdit::LeadingPosition);
    m_search->installEventFilter(this);

    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterRole(kSearchRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setRecursiveFilteringEnabled(true);
    m_proxy->setAutoAcceptChildRows(true);

    m_view->setObjectName(QStringLiteral("paletteView"));
    m_view->setAccessibleName(tr("Actions"));
    m_view->setAccessibleDescription(tr("Drag an action onto the graph, or press Enter to add it as a task"));
    m_view->setModel(m_proxy);
    m_view->setHeaderHidden(true);
    m_view->setUniformRowHeights(true);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setDragEnabled(true);
    m_view->setDragDropMode(QAbstractItemView::DragOnly);
    m_view->setDefaultDropAction(Qt::CopyAction);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    connect(m_view, &QTreeView::activated, this, [this](const QModelIndex &index) {
        const QString ref = refAt(index);
        if (!ref.isEmpty())
            Q_EMIT actionActivated(ref);
    });

    m_empty->setObjectName(QStringLiteral("paletteEmpty"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_empty->setText(tr("Loading actions…"));

    connect(m_search, &QLineEdit::textChanged, this, &ActionPalette::applyFilter);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_search);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_empty, 1);
    m_view->hide();

    // Installing a pack registers many actions at once: reload once for all.
    m_reloadTimer->setSingleShot(true);
    m_reloadTimer->setInterval(200);
    connect(m_reloadTimer, &QTimer::timeout, this, &ActionPalette::reload);
    if (m_studio) {
        connect(m_studio, &Studio::eventsReceived, this, [this](const engine::EventBatch &batch) {
            for (const engine::Event &e : batch) {
                if (e.kind == engine::EventKind::ActionCreate || e.kind == engine::EventKind::ActionUpdate
                    || e.kind == engine::EventKind::ActionDelete || e.kind == engine::EventKind::PacksRegister) {
                    m_reloadTimer->start();
                    return;
                }
            }
        });
        connect(m_studio, &Studio::resyncRequired, this, &ActionPalette::reload);
        reload();
    }
}

void ActionPalette::reload()
{
    if (!m_studio)
        return;
    client::Request request = client::Request::of(client::Op::ListActions);
    request.params = {{QStringLiteral("limit"), QStringLiteral("-1")}};
    m_studio->client()->call(request, this, [this](const client::ClientResult &r) {
        if (!r.ok()) {
            m_empty->setText(tr("Could not list actions: %1").arg(r.errorText()));
            m_empty->show();
            m_view->hide();
            m_studio->tell(tr("Could not list actions: %1").arg(r.errorText()));
            return;
        }
        m_actions = r.value.toList();
        fill(m_actions);
        Q_EMIT loaded();
    });
}

QStringList ActionPalette::actionRefs() const
{
    return m_refs;
}

void ActionPalette::fill(const ValueList &actions)
{
    // Keep what the user had open and selected across reloads.
    QSet<QString> expanded;
    for (int i = 0; i < m_proxy->rowCount(); ++i) {
        const QModelIndex index = m_proxy->index(i, 0);
        if (m_view->isExpanded(index))
            expanded.insert(index.data(Qt::DisplayRole).toString());
    }
    const QString current = refAt(m_view->currentIndex());
    const bool firstFill = m_refs.isEmpty();

    QMap<QString, QList<const Value *>> byPack;
    for (const Value &a : actions)
        byPack[a[u"pack"].toString()].append(&a);

    m_model->clear();
    m_refs.clear();
    const QIcon packIcon = icons::get(QStringLiteral("packs"), palette());
    const QIcon actionIcon = icons::get(QStringLiteral("actions"), palette());
    const QIcon workflowIcon = icons::get(QStringLiteral("workflows"), palette());
    for (auto it = byPack.cbegin(); it != byPack.cend(); ++it) {
        auto *pack = new QStandardItem(packIcon, it.key());
        pack->setData(it.key(), kSearchRole);
        pack->setFlags(Qt::ItemIsEnabled);
        pack->setAccessibleText(tr("Pack %1").arg(it.key()));
        QList<const Value *> list = it.value();
        std::sort(list.begin(), list.end(),
                  [](const Value *a, const Value *b) { return (*a)[u"name"].toString() < (*b)[u"name"].toString(); });
        for (const Value *a : std::as_const(list)) {
            const QString ref = (*a)[u"ref"].toString();
            const QString name = (*a)[u"name"].toString();
            const QString description = (*a)[u"description"].toString();
            const QString runner = (*a)[u"runner_type"].toString();
            const bool workflow = runner == u"orquesta" || runner == u"action-chain";
            auto *item = new QStandardItem(workflow ? workflowIcon : actionIcon, name);
            item->setData(ref, kRefRole);
            item->setData(QString(ref + u'\n' + name + u'\n' + description), kSearchRole);
            item->setToolTip(description.isEmpty() ? ref : ref + u'\n' + description);
            item->setAccessibleText(ref);
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled);
            pack->appendRow(item);
            m_refs.append(ref);
        }
        m_model->appendRow(pack);
    }

    applyFilter(m_search->text());
    for (int i = 0; i < m_proxy->rowCount(); ++i) {
        const QModelIndex index = m_proxy->index(i, 0);
        if (firstFill || expanded.contains(index.data(Qt::DisplayRole).toString()))
            m_view->expand(index);
    }
    if (!current.isEmpty()) {
        const QModelIndexList hits = m_proxy->match(m_proxy->index(0, 0), kRefRole, current, 1,
                                                     Qt::MatchExactly | Qt::MatchRecursive);
        if (!hits.isEmpty())
            m_view->setCurrentIndex(hits.first());
    }
}

void ActionPalette::applyFilter(const QString &text)
{
    m_proxy->setFilterFixedString(text.trimmed());
    if (!text.trimmed().isEmpty())
        m_view->expandAll();
    const bool any = m_proxy->rowCount() > 0;
    m_view->setVisible(any);
    m_empty->setVisible(!any);
    if (!any)
        m_empty->setText(m_refs.isEmpty() ? tr("No actions") : tr("No action matches “%1”").arg(text.trimmed()));
}

QString ActionPalette::refAt(const QModelIndex &proxyIndex) const
{
    return proxyIndex.isValid() ? proxyIndex.data(kRefRole).toString() : QString();
}

void ActionPalette::changeEvent(QEvent *event)
{
    // Line icons are drawn in the palette's text colour.
    if (event->type() == QEvent::PaletteChange) {
        m_searchIcon->setIcon(icons::get(QStringLiteral("search"), palette()));
        if (!m_actions.isEmpty())
            fill(m_actions);
    }
    QWidget::changeEvent(event);
}

bool ActionPalette::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_search && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        // The first action that matches, under its (expanded) pack.
        auto firstAction = [this]() -> QModelIndex {
            for (int i = 0; i < m_proxy->rowCount(); ++i) {
                const QModelIndex pack = m_proxy->index(i, 0);
                if (m_proxy->rowCount(pack) > 0)
                    return m_proxy->index(0, 0, pack);
            }
            return {};
        };
        if (key->key() == Qt::Key_Escape && !m_search->text().isEmpty()) {
            m_search->clear();
            return true;
        }
        if (key->key() == Qt::Key_Down) {
            const QModelIndex first = firstAction();
            if (first.isValid()) {
                m_view->expand(first.parent());
                m_view->setCurrentIndex(first);
            }
            m_view->setFocus(Qt::TabFocusReason);
            return true;
        }
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            // Enter adds the action when the search left exactly one.
            QModelIndex only;
            int count = 0;
            for (int i = 0; i < m_proxy->rowCount(); ++i) {
                const QModelIndex pack = m_proxy->index(i, 0);
                count += m_proxy->rowCount(pack);
                if (!only.isValid() && m_proxy->rowCount(pack) > 0)
                    only = m_proxy->index(0, 0, pack);
            }
            if (count == 1)
                Q_EMIT actionActivated(refAt(only));
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace squall::ui
