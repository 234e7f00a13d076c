#pragma once

#include "runners/ActionRun.h"

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

namespace squall::runners {

// http-request: one request through QNetworkAccessManager, with StackStorm's
// body encoding, response parsing and 200-206 success rules.
class HttpRequestRun final : public ActionRun
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpRequestRun)
public:
    HttpRequestRun(const RunRequest &request, QObject *parent);
    ~HttpRequestRun() override;

    void start() override;
    void cancel() override;

    static constexpr double kDefaultTimeout = 60;
    static QByteArray userAgent();

private:
    void onFinished();
    void fail(const QString &status, const QString &error, bool later);

    QNetworkAccessManager *m_nam = nullptr;
    QNetworkReply *m_reply = nullptr;
    QTimer *m_timer = nullptr;
    Value m_timeout;
    bool m_timedOut = false;
    bool m_canceled = false;
};

} // namespace squall::runners
