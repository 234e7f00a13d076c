#pragma once

#include "base/Value.h"
#include "ui/history/HistoryFilter.h"

#include <QWidget>

class QChart;
class QChartView;
class QLabel;
class QTimer;

namespace squall::client {
class Client;
}

namespace squall::ui {

// Executions over time by status, as stacked bars per hour (a range up to two
// days) or per day, above the History list. Fed by one query of the list's
// filter asking only for status and start time; refreshed after events, at
// most every few seconds.
class HistoryChart final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryChart)
public:
    explicit HistoryChart(client::Client *client, QWidget *parent = nullptr);

    // Takes the filter; the bars follow at the next refresh(), which the page
    // asks for once the list's first page is in (the list goes first: the
    // chart's query is larger and would hold the engine while a person
    // waits for rows).
    void setFilter(const HistoryFilter &filter);
    // Something changed: refresh soon (debounced).
    void invalidate();
    void refresh();
    // refresh() after `ms`, unless the filter changes first.
    void refreshSoon(int ms);
    // All the executions of the filter are already known (the list's first
    // page held them): count those instead of asking again.
    void setKnownExecutions(const ValueList &items);
    // How many executions the bars count (at most sampleLimit()).
    int counted() const { return m_counted; }
    static int sampleLimit();

Q_SIGNALS:
    void refreshed();

private:
    void show(const ValueList &items, const QDateTime &from, const QDateTime &to);
    std::pair<QDateTime, QDateTime> range() const;

    client::Client *m_client;
    HistoryFilter m_filter;
    QChart *m_chart;
    QChartView *m_view;
    QLabel *m_caption;
    QTimer *m_debounce;
    int m_generation = 0;
    int m_counted = 0;
};

} // namespace squall::ui
