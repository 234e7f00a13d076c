#pragma once

#include <QLabel>
#include <QPointer>

namespace squall::client {
class Client;
class Subscription;
}

namespace squall::ui {

// The status bar's engine indicator: where the engine is and whether its event
// stream is live, with the id of the last event seen (what a resume starts from).
class EngineStatusLabel final : public QLabel
{
    Q_OBJECT
public:
    explicit EngineStatusLabel(QWidget *parent = nullptr);

    // Follows `client`'s events from now on; the label owns the subscription.
    void attach(client::Client *client);

private:
    void refresh();

    QPointer<client::Client> m_client;
    client::Subscription *m_subscription = nullptr;
    qint64 m_events = 0;
};

} // namespace squall::ui
