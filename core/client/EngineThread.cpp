#include "client/EngineThread.h"

#include <QEventLoop>
#include <QThread>

namespace squall::client {

EngineThread::EngineThread(QObject *parent) : QObject(parent) { }

EngineThread::~EngineThread()
{
    stop();
}

void EngineThread::start(const engine::EngineOptions &options, std::function<void(engine::Engine *)> setup)
{
    if (m_thread)
        return;
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("squall-engine"));
    m_engine = new engine::Engine();
    m_engine->moveToThread(m_thread);
    // Destroyed on its own thread once that thread's loop has ended.
    connect(m_thread, &QThread::finished, m_engine, &QObject::deleteLater);
    m_thread->start();
    QMetaObject::invokeMethod(m_engine, [this, options, setup, engine = m_engine] {
        QString error;
        const bool ok = engine->start(options, &error);
        if (ok && setup)
            setup(engine);
        QMetaObject::invokeMethod(this, [this, ok, error] {
            m_ready = ok;
            Q_EMIT started(ok, error);
        }, Qt::QueuedConnection);
    }, Qt::QueuedConnection);
}

bool EngineThread::startAndWait(const engine::EngineOptions &options, QString *error,
                                std::function<void(engine::Engine *)> setup)
{
    QEventLoop loop;
    bool ok = false;
    connect(this, &EngineThread::started, &loop, [&](bool success, const QString &why) {
        ok = success;
        if (error)
            *error = why;
        loop.quit();
    });
    start(options, std::move(setup));
    loop.exec();
    return ok;
}

void EngineThread::stop()
{
    if (!m_thread)
        return;
    engine::Engine *engine = m_engine;
    QMetaObject::invokeMethod(engine, [engine] {
        engine->shutdown();
        QThread::currentThread()->quit();
    }, Qt::QueuedConnection);
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    m_engine = nullptr;
    m_ready = false;
}

} // namespace squall::client
