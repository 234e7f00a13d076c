#include "ui/shell/LiveCounts.h"

#include "client/Client.h"
#include "ui/shell/Studio.h"

#include <QTimer>

namespace squall::ui {

LiveCounts::LiveCounts(Studio *studio, QWidget *parent)
    : QLabel(parent), m_studio(studio), m_debounce(new QTimer(this))
{
    setObjectName(QStringLiteral("liveCounts"));
    setAccessibleName(tr("Live counts"));
    setAccessibleDescription(tr("Executions running now and inquiries waiting for an answer"));
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(300);
    connect(m_debounce, &QTimer::timeout, this, &LiveCounts::query);
    connect(studio, &Studio::eventsReceived, this, [this](const engine::EventBatch &batch) {
        for (const engine::Event &e : batch) {
            switch (e.kind) {
            case engine::EventKind::ExecutionCreate:
            case engine::EventKind::ExecutionUpdate:
            case engine::EventKind::InquiryCreate:
            case engine::EventKind::InquiryUpdate:
                if (!m_debounce->isActive())
                    m_debounce->start();
                return;
            default:
                break;
            }
        }
    });
    connect(studio, &Studio::resyncRequired, this, &LiveCounts::query);
    connect(studio, &Studio::liveChanged, this, [this](bool live) {
        if (live)
            query();
    });
    query();
}

void LiveCounts::query()
{
    using client::Op;
    using client::Request;
    m_studio->client()->call(Request::of(Op::ListExecutions, {}, {}, {{QStringLiteral("status"), QStringLiteral("running")},
                                                                      {QStringLiteral("limit"), QStringLiteral("1")}}),
                             this, [this](const client::ClientResult &r) {
                                 if (r.ok()) {
                                     m_running = r.total >= 0 ? r.total : r.value.toList().size();
                                     show();
                                 }
                             });
    m_studio->client()->call(Request::of(Op::ListInquiries, {}, {}, {{QStringLiteral("limit"), QStringLiteral("1")}}),
                             this, [this](const client::ClientResult &r) {
                                 if (r.ok()) {
                                     m_inquiries = r.total >= 0 ? r.total : r.value.toList().size();
                                     show();
                                 }
                             });
}

void LiveCounts::show()
{
    QStringList parts;
    if (m_running >= 0)
        parts << tr("%1 running").arg(m_running);
    if (m_inquiries >= 0)
        parts << (m_inquiries == 1 ? tr("1 inquiry waiting") : tr("%1 inquiries waiting").arg(m_inquiries));
    setText(parts.join(QStringLiteral(" · ")));
    Q_EMIT countsChanged();
}

} // namespace squall::ui
