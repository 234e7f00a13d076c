#include "ui/shell/TrayNotifier.h"

#include "ui/shell/Studio.h"

#include <QApplication>
#include <QMenu>
#include <QSystemTrayIcon>
#include <QWidget>

namespace squall::ui {

TrayNotifier::TrayNotifier(Studio *studio, QWidget *window) : QObject(window), m_studio(studio), m_window(window)
{
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(QIcon(QStringLiteral(":/icons/squall.svg")), this);
        m_tray->setToolTip(tr("Squall"));
        auto *menu = new QMenu(window);
        menu->addAction(tr("Show Squall"), window, [window] {
            window->showNormal();
            window->raise();
            window->activateWindow();
        });
        menu->addAction(tr("Quit"), window, [window] { window->close(); });
        m_tray->setContextMenu(menu);
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
            m_window->showNormal();
            m_window->activateWindow();
            m_studio->show(m_lastPage, m_lastObject);
        });
        m_tray->show();
    }
    connect(studio, &Studio::eventsReceived, this, [this](const engine::EventBatch &batch) {
        for (const engine::Event &e : batch) {
            if (e.kind == engine::EventKind::InquiryCreate) {
                const QString id = e.doc[u"id"].toString();
                announce(tr("An inquiry is waiting"),
                         e.doc[u"route"].toString().isEmpty()
                             ? tr("Inquiry %1 needs an answer").arg(id)
                             : tr("Inquiry %1 (%2) needs an answer").arg(id, e.doc[u"route"].toString()),
                         QStringLiteral("inquiries"), id);
            } else if (e.kind == engine::EventKind::ExecutionUpdate) {
                const QString status = e.doc[u"status"].toString();
                if ((status == u"failed" || status == u"timeout") && e.doc[u"parent"].isNull()) {
                    const QString id = e.doc[u"id"].toString();
                    announce(tr("Execution %1").arg(status),
                             tr("%1 %2").arg(e.doc[u"action"][u"ref"].toString(), status), QStringLiteral("history"),
                             id);
                }
            }
        }
    });
}

void TrayNotifier::announce(const QString &title, const QString &text, const QString &pageId, const QString &objectId)
{
    // An execution can be reported failed more than once (update events).
    const QString key = pageId + u'/' + objectId;
    if (m_seen.contains(key))
        return;
    m_seen.insert(key);
    m_lastPage = pageId;
    m_lastObject = objectId;
    if (m_tray)
        m_tray->showMessage(title, text, QSystemTrayIcon::Information, 8000);
    else
        m_studio->tell(title + QStringLiteral(": ") + text, 10000);
    Q_EMIT announced(title, text, pageId, objectId);
}

} // namespace squall::ui
