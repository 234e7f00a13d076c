#include "ui/lists/RecentRunsView.h"

#include "client/Client.h"
#include "ui/lists/ResourceTableModel.h"
#include "ui/shell/Icons.h"
#include "ui/shell/Studio.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace squall::ui {

namespace {
QString duration(const Value &execution)
{
    const QDateTime start = QDateTime::fromString(execution[u"start_timestamp"].toString(), Qt::ISODateWithMs);
    const QDateTime end = QDateTime::fromString(execution[u"end_timestamp"].toString(), Qt::ISODateWithMs);
    if (!start.isValid() || !end.isValid())
        return {};
    return QStringLiteral("%1 s").arg(double(start.msecsTo(end)) / 1000.0, 0, 'f', 1);
}
} // namespace

RecentRunsView::RecentRunsView(Studio *studio, QWidget *parent)
    : QWidget(parent), m_studio(studio), m_list(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("recentRuns"));
    m_list->setObjectName(QStringLiteral("recentRunsList"));
    m_list->setAccessibleName(tr("Recent executions"));
    m_list->setAccessibleDescription(tr("The last executions of this action; open one to see it in History"));
    m_list->setHeaderLabels({tr("Status"), tr("Started"), tr("Duration"), tr("By"), tr("Execution")});
    m_list->setRootIsDecorated(false);
    m_list->setAlternatingRowColors(true);
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_list->header()->setStretchLastSection(true);
    connect(m_list, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        m_studio->show(QStringLiteral("history"), item->data(0, Qt::UserRole).toString());
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("<b>Recent executions</b>"), this));
    layout->addWidget(m_list);
    connect(studio, &Studio::eventsReceived, this, &RecentRunsView::onEvents);
}

void RecentRunsView::setActionRef(const QString &ref)
{
    m_ref = ref;
    m_list->clear();
    if (!m_ref.isEmpty())
        refresh();
}

void RecentRunsView::refresh()
{
    const QString ref = m_ref;
    if (ref.isEmpty())
        return;
    client::Request request = client::Request::of(client::Op::ListExecutions);
    request.params = {{QStringLiteral("action"), ref},
                      {QStringLiteral("limit"), QString::number(m_limit)},
                      {QStringLiteral("exclude_attributes"), QStringLiteral("result,trigger_instance")}};
    m_studio->client()->call(request, this, [this, ref](const client::ClientResult &r) {
        // An answer for an action no longer shown is dropped.
        if (!r.ok() || ref != m_ref)
            return;
        m_list->clear();
        for (const Value &e : r.value.toList()) {
            const QString status = e[u"status"].toString();
            auto *item = new QTreeWidgetItem(m_list, {status, shortTime(e[u"start_timestamp"].toString()), duration(e),
                                                      e[u"context"][u"user"].toString(), e[u"id"].toString()});
            item->setIcon(0, icons::status(status));
            item->setData(0, Qt::UserRole, e[u"id"].toString());
        }
        Q_EMIT refreshed(ref);
    });
}

void RecentRunsView::onEvents(const engine::EventBatch &batch)
{
    if (m_ref.isEmpty())
        return;
    for (const engine::Event &e : batch) {
        const bool execution =
            e.kind == engine::EventKind::ExecutionCreate || e.kind == engine::EventKind::ExecutionUpdate;
        if (execution && e.doc[u"action"][u"ref"].toString() == m_ref) {
            refresh();
            return;
        }
    }
}

} // namespace squall::ui
