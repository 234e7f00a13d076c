#include "Daemon.h"

#include "base/Json.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTimer>

Daemon::Daemon() = default;

Daemon::~Daemon()
{
    stop();
}

bool Daemon::start(const QStringList &extraArgs)
{
    m_proc.setProgram(QStringLiteral(SQUALL_BIN));
    m_proc.setArguments(QStringList{QStringLiteral("serve"), QStringLiteral("--data-dir"), dataDir(),
                                    QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                    QStringLiteral("--packs-dir"), QStringLiteral(SQUALL_SOURCE_DIR "/packs")}
                        + extraArgs);
    m_proc.setProcessChannelMode(QProcess::MergedChannels);
    m_proc.start();
    if (!m_proc.waitForStarted(10000))
        return false;
    static const QRegularExpression re(QStringLiteral("listening on (http://\\S+)"));
    const qsizetype from = m_log.size();  // a restart must not find the previous run's address
    QDeadlineTimer deadline(30000);
    while (!deadline.hasExpired() && m_proc.state() == QProcess::Running) {
        m_proc.waitForReadyRead(200);
        m_log += QString::fromUtf8(m_proc.readAll());
        const auto m = re.match(m_log, from);
        if (m.hasMatch()) {
            m_url = m.captured(1);
            return true;
        }
    }
    m_log += QString::fromUtf8(m_proc.readAll());
    return false;
}

void Daemon::stop()
{
    if (m_proc.state() == QProcess::NotRunning)
        return;
    m_proc.terminate();
    if (!m_proc.waitForFinished(15000))
        m_proc.kill();
    m_proc.waitForFinished(5000);
    m_log += QString::fromUtf8(m_proc.readAll());
}

void Daemon::kill()
{
    if (m_proc.state() == QProcess::NotRunning)
        return;
    m_proc.kill();
    m_proc.waitForFinished(5000);
    m_log += QString::fromUtf8(m_proc.readAll());
}

QString Daemon::output()
{
    m_log += QString::fromUtf8(m_proc.readAll());
    return m_log;
}

QString Daemon::apiKey() const
{
    QFile f(dataDir() + QStringLiteral("/admin.key"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll()).trimmed();
}

Daemon::Reply Daemon::request(const QByteArray &method, const QString &path, const QByteArray &body,
                              const QByteArray &contentType, bool auth,
                              const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    QNetworkAccessManager nam;
    QNetworkRequest req(QUrl(m_url + path));
    if (!contentType.isEmpty())
        req.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    if (auth)
        req.setRawHeader("St2-Api-Key", apiKey().toUtf8());
    for (const auto &[k, v] : headers)
        req.setRawHeader(k, v);
    req.setTransferTimeout(30000);
    QNetworkReply *r = nam.sendCustomRequest(req, method, body);
    QEventLoop loop;
    QObject::connect(r, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    Reply out;
    out.status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.body = r->readAll();
    out.headers = r->rawHeaderPairs();
    out.json = squall::json::parse(out.body);
    r->deleteLater();
    return out;
}

Daemon::CliResult Daemon::cli(const QStringList &args, const QByteArray &input)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("SQUALL_URL"), m_url);
    env.insert(QStringLiteral("SQUALL_DATA_DIR"), dataDir());
    env.insert(QStringLiteral("COLUMNS"), QStringLiteral("200"));
    env.remove(QStringLiteral("SQUALL_API_KEY"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(SQUALL_BIN), args);
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    CliResult out;
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        out.err = QStringLiteral("timed out");
        return out;
    }
    out.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    out.out = QString::fromUtf8(p.readAllStandardOutput());
    out.err = QString::fromUtf8(p.readAllStandardError());
    return out;
}
