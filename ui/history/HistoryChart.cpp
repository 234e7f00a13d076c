#include "ui/history/HistoryChart.h"

#include "base/Ids.h"
#include "client/Client.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QStackedBarSeries>
#include <QTimer>
#include <QValueAxis>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace squall::ui {

namespace {
const int kSample = 5000;
const int kDebounceMs = 3000;

struct Band
{
    const char16_t *label;
    QColor color;
};

// Status bands, coloured like the status icons.
int bandOf(const QString &status)
{
    if (status == u"succeeded")
        return 0;
    if (status == u"failed" || status == u"timeout" || status == u"abandoned")
        return 1;
    if (status == u"canceled" || status == u"canceling")
        return 3;
    return 2;  // requested .. running, paused
}
const Band kBands[] = {{u"succeeded", QColor(0x2e, 0x9d, 0x4f)},
                       {u"failed", QColor(0xd0, 0x3b, 0x3b)},
                       {u"running", QColor(0x2f, 0x7d, 0xd1)},
                       {u"canceled", QColor(0x9a, 0x9a, 0x9a)}};
} // namespace

int HistoryChart::sampleLimit()
{
    return kSample;
}

HistoryChart::HistoryChart(client::Client *client, QWidget *parent)
    : QWidget(parent), m_client(client), m_chart(new QChart), m_view(new QChartView(m_chart, this)),
      m_caption(new QLabel(this)), m_debounce(new QTimer(this))
{
    setObjectName(u"historyChart"_s);
    setAccessibleName(tr("Executions over time"));
    setAccessibleDescription(tr("Stacked bars of executions per hour or day, by status, for the current filter"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_chart->legend()->setAlignment(Qt::AlignRight);
    m_chart->setMargins(QMargins(2, 2, 2, 2));
    m_chart->setBackgroundRoundness(0);
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setFixedHeight(120);
    m_view->setFocusPolicy(Qt::NoFocus);
    m_caption->setObjectName(u"historyChartCaption"_s);
    m_caption->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_view);
    layout->addWidget(m_caption);
    m_debounce->setSingleShot(true);
    connect(m_debounce, &QTimer::timeout, this, &HistoryChart::refresh);
}

void HistoryChart::setFilter(const HistoryFilter &filter)
{
    m_filter = filter;
    ++m_generation;   // an answer for the old filter is stale
    m_debounce->stop();
}

void HistoryChart::invalidate()
{
    if (!m_debounce->isActive() && isVisible())
        m_debounce->start(kDebounceMs);
}

std::pair<QDateTime, QDateTime> HistoryChart::range() const
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QDateTime from = m_filter.effectiveFrom(now);
    QDateTime to = m_filter.effectiveTo();
    if (!to.isValid())
        to = now;
    if (!from.isValid())
        from = to.addDays(-1);
    return {from, to};
}

void HistoryChart::setKnownExecutions(const ValueList &items)
{
    m_debounce->stop();
    ++m_generation;
    const auto [from, to] = range();
    show(items, from, to);
}

void HistoryChart::refreshSoon(int ms)
{
    m_debounce->start(ms);
}

void HistoryChart::refresh()
{
    const auto [from, to] = range();
    QHash<QString, QString> p = m_filter.params();
    // Workflow tasks count too: the chart shows the engine's work.
    p.remove(u"parent"_s);
    p.insert(u"timestamp_gt"_s, isoTimestamp(from));
    p.insert(u"limit"_s, QString::number(kSample));
    p.insert(u"include_total"_s, u"false"_s);
    p.insert(u"include_attributes"_s, u"status,start_timestamp"_s);
    p.insert(u"exclude_attributes"_s, u"result"_s);
    const int gen = ++m_generation;
    m_client->call(client::Request::of(client::Op::ListExecutions, {}, {}, p), this,
                   [this, gen, from, to](const client::ClientResult &r) {
                       if (gen != m_generation)
                           return;
                       show(r.error ? ValueList() : r.value.toList(), from, to);
                   });
}

void HistoryChart::show(const ValueList &items, const QDateTime &from, const QDateTime &to)
{
    const qint64 span = from.secsTo(to);
    const bool hourly = span <= 2 * 86400;
    const qint64 step = hourly ? 3600 : 86400;
    const int buckets = int(std::clamp<qint64>((span + step - 1) / step, 1, 62));
    const QDateTime first = to.addSecs(-step * buckets);
    std::vector<std::array<int, 4>> counts(size_t(buckets), std::array<int, 4>{});
    qint64 oldest = 0;
    for (const Value &e : items) {
        const QDateTime t = parseTimestamp(e[u"start_timestamp"].toString());
        if (!t.isValid())
            continue;
        const qint64 b = first.secsTo(t) / step;
        if (b < 0 || b >= buckets)
            continue;
        ++counts[size_t(b)][size_t(bandOf(e[u"status"].toString()))];
        oldest = t.toMSecsSinceEpoch();
    }
    m_counted = int(items.size());

    m_chart->removeAllSeries();
    for (QAbstractAxis *axis : m_chart->axes())
        m_chart->removeAxis(axis);
    auto *series = new QStackedBarSeries;
    series->setBarWidth(0.9);
    int peak = 0;
    std::vector<int> totals(size_t(buckets), 0);
    for (int band = 0; band < 4; ++band) {
        auto *set = new QBarSet(QString::fromUtf16(kBands[band].label));
        set->setColor(kBands[band].color);
        set->setBorderColor(kBands[band].color);
        for (int b = 0; b < buckets; ++b) {
            const int n = counts[size_t(b)][size_t(band)];
            set->append(n);
            totals[size_t(b)] += n;
            peak = std::max(peak, totals[size_t(b)]);
        }
        series->append(set);
    }
    m_chart->addSeries(series);
    QStringList labels;
    for (int b = 0; b < buckets; ++b) {
        const QDateTime t = first.addSecs(step * b).toLocalTime();
        // About six labels whatever the range; each may overflow its bar.
        const bool label = buckets <= 8 || b % ((buckets + 5) / 6) == 0;
        // Categories must be unique: unlabeled ones get invisible padding.
        labels << (label ? t.toString(hourly ? u"HH:mm"_s : u"MMM d"_s) : QString(b, QChar(0x200B)));
    }
    auto *x = new QBarCategoryAxis;
    x->append(labels);
    x->setGridLineVisible(false);
    x->setTruncateLabels(false);
    auto *y = new QValueAxis;
    y->setRange(0, std::max(1, peak));
    y->setLabelFormat(u"%d"_s);
    y->setTickCount(3);
    const QPalette pal = palette();
    for (QAbstractAxis *axis : {static_cast<QAbstractAxis *>(x), static_cast<QAbstractAxis *>(y)}) {
        axis->setLabelsColor(pal.color(QPalette::Text));
        axis->setLinePenColor(pal.color(QPalette::Mid));
    }
    y->setGridLineColor(pal.color(QPalette::Midlight));
    m_chart->addAxis(x, Qt::AlignBottom);
    m_chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
    m_chart->setBackgroundBrush(pal.brush(QPalette::Base));
    m_chart->legend()->setLabelColor(pal.color(QPalette::Text));

    QString caption = hourly ? tr("Per hour, %1 executions").arg(m_counted) : tr("Per day, %1 executions").arg(m_counted);
    if (m_counted >= kSample && oldest)
        caption = tr("The latest %1 executions (since %2)")
                      .arg(kSample)
                      .arg(QDateTime::fromMSecsSinceEpoch(oldest).toString(u"yyyy-MM-dd HH:mm"_s));
    m_caption->setText(caption);
    Q_EMIT refreshed();
}

} // namespace squall::ui
