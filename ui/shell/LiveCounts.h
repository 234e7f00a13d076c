#pragma once

#include <QLabel>

class QTimer;

namespace squall::ui {

class Studio;

// The status bar's live counts: executions running now and inquiries waiting
// for an answer, asked again shortly after events that can change them.
class LiveCounts final : public QLabel
{
    Q_OBJECT
public:
    explicit LiveCounts(Studio *studio, QWidget *parent = nullptr);

    qint64 running() const { return m_running; }
    qint64 pendingInquiries() const { return m_inquiries; }

Q_SIGNALS:
    void countsChanged();

private:
    void query();
    void show();

    Studio *m_studio;
    QTimer *m_debounce;
    qint64 m_running = -1;
    qint64 m_inquiries = -1;
};

} // namespace squall::ui
