#include "ui/actions/ActionsPage.h"

#include "base/Json.h"
#include "client/Client.h"
#include "ui/actions/RunActionDialog.h"
#include "ui/lists/ListDetailSplitter.h"
#include "ui/lists/ListPane.h"
#include "ui/lists/RecentRunsView.h"
#include "ui/lists/ResourceTableModel.h"
#include "ui/shell/Icons.h"
#include "ui/shell/Studio.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace squall::ui {

namespace {
QString defaultText(const Value &v)
{
    if (v.isNull())
        return {};
    return v.isString() ? v.toString() : json::toString(v);
}
} // namespace

ActionsPage::ActionsPage(Studio *studio, QWidget *parent)
    : Page(studio, parent), m_packs(new QComboBox(this)), m_title(new QLabel(this)), m_description(new QLabel(this)),
      m_run(new QPushButton(icons::get(QStringLiteral("run")), tr("Run…"), this)), m_ref(new QLabel(this)),
      m_runner(new QLabel(this)), m_entryPoint(new QLabel(this)), m_enabled(new QLabel(this)), m_tags(new QLabel(this)),
      m_packLabel(new QLabel(this)), m_parameters(new QTreeWidget(this)), m_history(new RecentRunsView(studio, this))
{
    using Column = ResourceTableModel::Column;
    m_model = new ResourceTableModel(
        QStringLiteral("ref"),
        {Column{tr("Action"), [](const Value &a) { return a[u"ref"].toString(); }},
         Column{tr("Runner"), [](const Value &a) { return a[u"runner_type"].toString(); }},
         Column{tr("Description"), [](const Value &a) { return a[u"description"].toString(); },
                {}, {}, [](const Value &a) { return a[u"description"].toString(); }}},
        this);
    m_list = new ListPane(QStringLiteral("actions"), tr("actions"), m_model, this);
    m_list->setEmptyText(tr("No actions. Actions come with packs: install or register a pack on the Packs page."));
    m_list->view()->header()->resizeSection(0, 210);
    m_list->view()->header()->resizeSection(1, 120);

    m_packs->setObjectName(QStringLiteral("actionsPackFilter"));
    m_packs->setAccessibleName(tr("Pack"));
    m_packs->setAccessibleDescription(tr("Shows only the actions of one pack"));
    m_packs->addItem(tr("All packs"));
    connect(m_packs, &QComboBox::currentIndexChanged, this, &ActionsPage::applyPackFilter);
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto *packRow = new QHBoxLayout;
    auto *packLabel = new QLabel(tr("&Pack:"), left);
    packLabel->setBuddy(m_packs);
    packRow->addWidget(packLabel);
    packRow->addWidget(m_packs, 1);
    leftLayout->addLayout(packRow);
    leftLayout->addWidget(m_list, 1);

    // The detail pane.
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setObjectName(QStringLiteral("actionTitle"));
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_description->setObjectName(QStringLiteral("actionDescription"));
    m_description->setWordWrap(true);
    m_description->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_run->setObjectName(QStringLiteral("actionRun"));
    m_run->setAccessibleName(tr("Run action"));
    m_run->setAccessibleDescription(tr("Opens a form for the action's parameters and runs it (Ctrl+R)"));
    m_run->setEnabled(false);
    connect(m_run, &QPushButton::clicked, this, [this] { runCurrent(); });
    for (QLabel *l : {m_ref, m_runner, m_entryPoint, m_enabled, m_tags, m_packLabel})
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_ref->setObjectName(QStringLiteral("actionRef"));
    m_runner->setObjectName(QStringLiteral("actionRunner"));
    m_entryPoint->setObjectName(QStringLiteral("actionEntryPoint"));

    m_parameters->setObjectName(QStringLiteral("actionParameters"));
    m_parameters->setAccessibleName(tr("Parameters"));
    m_parameters->setAccessibleDescription(tr("The action's parameters with type, requirement, default and description"));
    m_parameters->setHeaderLabels({tr("Name"), tr("Type"), tr("Required"), tr("Default"), tr("Secret"), tr("Description")});
    m_parameters->setRootIsDecorated(false);
    m_parameters->setAlternatingRowColors(true);
    m_parameters->setSortingEnabled(false);
    m_parameters->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // A default can be a whole JSON schema: it gets a column of its own width (elided, tooltip).
    m_parameters->header()->setSectionResizeMode(3, QHeaderView::Interactive);
    m_parameters->header()->resizeSection(3, 140);
    m_parameters->header()->setStretchLastSection(true);

    m_history->setObjectName(QStringLiteral("actionRecentRuns"));
    m_history->list()->setObjectName(QStringLiteral("actionHistory"));

    auto *detail = new QWidget(this);
    detail->setObjectName(QStringLiteral("actionDetail"));
    auto *head = new QHBoxLayout;
    head->addWidget(m_title, 1);
    head->addWidget(m_run);
    auto *meta = new QFormLayout;
    meta->addRow(tr("Ref:"), m_ref);
    meta->addRow(tr("Pack:"), m_packLabel);
    meta->addRow(tr("Runner:"), m_runner);
    meta->addRow(tr("Entry point:"), m_entryPoint);
    meta->addRow(tr("Enabled:"), m_enabled);
    meta->addRow(tr("Tags:"), m_tags);
    auto *tables = new QSplitter(Qt::Vertical, detail);
    auto *paramBox = new QWidget(tables);
    auto *paramLayout = new QVBoxLayout(paramBox);
    paramLayout->setContentsMargins(0, 0, 0, 0);
    paramLayout->addWidget(new QLabel(tr("<b>Parameters</b>"), paramBox));
    paramLayout->addWidget(m_parameters);
    tables->addWidget(paramBox);
    tables->addWidget(m_history);
    auto *detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addLayout(head);
    detailLayout->addWidget(m_description);
    detailLayout->addLayout(meta);
    detailLayout->addWidget(tables, 1);

    addListDetailSplitter(this, QStringLiteral("actionsSplit"), left, detail,
                          {.listStretch = 2, .detailStretch = 3, .sizes = {480, 700}, .listMinimumWidth = 300,
                           .collapsible = false});

    connect(m_list, &ListPane::currentChanged, this, &ActionsPage::showAction);
    connect(m_list, &ListPane::activated, this, [this] { runCurrent(); });
    connect(studio, &Studio::eventsReceived, this, &ActionsPage::onEvents);
    addCommand(tr("Run Action…"), QKeySequence(Qt::CTRL | Qt::Key_R), [this] { runCurrent(); },
               QStringLiteral("actionsRunCommand"));
    showAction(Value());
}

void ActionsPage::focusSearch()
{
    m_list->searchField()->setFocus();
    m_list->searchField()->selectAll();
}

void ActionsPage::reload()
{
    m_list->setLoading(true);
    client::Request request = client::Request::of(client::Op::ListActions);
    request.params = {{QStringLiteral("limit"), QStringLiteral("-1")}};
    studio()->client()->call(request, this, [this](const client::ClientResult &r) {
        m_list->setLoading(false);
        if (!r.ok()) {
            m_list->setError(r.errorText());
            return;
        }
        m_all = r.value.toList();
        QStringList packs;
        for (const Value &a : std::as_const(m_all))
            packs.append(a[u"pack"].toString());
        packs.removeDuplicates();
        packs.sort();
        const QString keep = m_packs->currentIndex() > 0 ? m_packs->currentText() : QString();
        {
            const QSignalBlocker block(m_packs);
            while (m_packs->count() > 1)
                m_packs->removeItem(1);
            m_packs->addItems(packs);
            m_packs->setCurrentIndex(std::max(0, m_packs->findText(keep)));
        }
        applyPackFilter();
    });
}

void ActionsPage::applyPackFilter()
{
    const QString pack = m_packs->currentIndex() > 0 ? m_packs->currentText() : QString();
    ValueList shown;
    for (const Value &a : std::as_const(m_all)) {
        if (pack.isEmpty() || a[u"pack"].toString() == pack)
            shown.append(a);
    }
    const QString keep = m_pendingSelect.isEmpty() ? m_list->currentId() : m_pendingSelect;
    m_model->setItems(shown);
    if (!keep.isEmpty() && m_list->select(keep))
        m_pendingSelect.clear();
    else if (m_list->currentId().isEmpty() && m_model->rowCount() > 0)
        m_list->view()->setCurrentIndex(m_list->proxy()->index(0, 0));  // a detail, not an empty pane
}

void ActionsPage::showObject(const QString &id)
{
    if (m_list->select(id))
        return;
    m_pendingSelect = id;
    if (m_packs->currentIndex() > 0)
        m_packs->setCurrentIndex(0);  // the action may be in another pack
}

void ActionsPage::showAction(const Value &action)
{
    m_current = action[u"ref"].toString();
    m_run->setEnabled(!m_current.isEmpty());
    m_title->setText(m_current.isEmpty() ? tr("No action selected") : m_current);
    m_description->setText(m_current.isEmpty() ? tr("Choose an action on the left to see its parameters and runs.")
                                               : action[u"description"].toString());
    m_ref->setText(m_current);
    m_packLabel->setText(action[u"pack"].toString());
    m_runner->setText(action[u"runner_type"].toString());
    m_entryPoint->setText(action[u"entry_point"].toString());
    m_enabled->setText(m_current.isEmpty() ? QString() : action[u"enabled"].toBool() ? tr("yes") : tr("no"));
    QStringList tags;
    for (const Value &t : action[u"tags"].toList())
        tags.append(t.isDict() ? t[u"name"].toString() : t.toString());
    m_tags->setText(tags.join(QStringLiteral(", ")));
    m_parameters->clear();
    m_history->setActionRef(m_current);
    if (m_current.isEmpty())
        return;
    Q_EMIT subtitleChanged(m_current);
    // The merged runner + action parameters: what a run really accepts.
    const QString ref = m_current;
    studio()->client()->call(client::Request::of(client::Op::ActionParameters, ref), this,
                             [this, ref](const client::ClientResult &r) {
                                 if (!r.ok() || ref != m_current)
                                     return;
                                 m_parameters->clear();
                                 QList<std::pair<int, QString>> order;
                                 const ValueDict params = r.value[u"parameters"].toDict();
                                 for (const auto &[name, p] : params) {
                                     // Required first, then by position, then by name (st2web's order).
                                     const int rank = (p[u"required"].toBool() ? 0 : 1000)
                                                      + (p[u"position"].isInt() ? int(p[u"position"].toInt()) : 500);
                                     order.append({rank, name});
                                 }
                                 std::sort(order.begin(), order.end());
                                 for (const auto &[rank, name] : order) {
                                     Q_UNUSED(rank)
                                     const Value p = params.value(name);
                                     auto *item = new QTreeWidgetItem(
                                         m_parameters,
                                         {name, p[u"type"].toString(), p[u"required"].toBool() ? tr("yes") : QString(),
                                          p[u"secret"].toBool() && !p[u"default"].isNull() ? QStringLiteral("••••")
                                                                                       : defaultText(p[u"default"]),
                                          p[u"secret"].toBool() ? tr("yes") : QString(), p[u"description"].toString()});
                                     item->setToolTip(5, p[u"description"].toString());
                                     item->setToolTip(3, item->text(3));
                                     if (p[u"immutable"].toBool())
                                         item->setForeground(0, palette().brush(QPalette::PlaceholderText));
                                 }
                             });
}

QTreeWidget *ActionsPage::historyList() const
{
    return m_history->list();
}

RunActionDialog *ActionsPage::runCurrent()
{
    if (m_current.isEmpty())
        return nullptr;
    auto *dialog = new RunActionDialog(studio(), m_current, this);
    connect(dialog, &RunActionDialog::finished, m_history, &RecentRunsView::refresh);
    dialog->show();
    return dialog;
}

void ActionsPage::onEvents(const engine::EventBatch &batch)
{
    // The recent runs follow execution events themselves.
    bool reloadList = false;
    for (const engine::Event &e : batch) {
        switch (e.kind) {
        case engine::EventKind::ActionCreate:
        case engine::EventKind::ActionUpdate:
        case engine::EventKind::ActionDelete:
        case engine::EventKind::PacksRegister:
            reloadList = true;
            break;
        default:
            break;
        }
    }
    if (reloadList && isLoaded())
        reload();
}

} // namespace squall::ui
