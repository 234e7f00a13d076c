#pragma once

#include <QObject>
#include <QSet>

class QSystemTrayIcon;
class QWidget;

namespace squall::ui {

class Studio;

// Announces what needs a person: a new inquiry, a failed execution (top-level
// ones; a workflow's failed task shows as its workflow failing). Through the
// tray when the desktop has one, else in the status bar.
class TrayNotifier final : public QObject
{
    Q_OBJECT
public:
    TrayNotifier(Studio *studio, QWidget *window);

    bool hasTray() const { return m_tray != nullptr; }

Q_SIGNALS:
    // What was announced (tests and the status bar read it).
    void announced(const QString &title, const QString &text, const QString &pageId, const QString &objectId);

private:
    void announce(const QString &title, const QString &text, const QString &pageId, const QString &objectId);

    Studio *m_studio;
    QWidget *m_window;
    QSystemTrayIcon *m_tray = nullptr;
    QSet<QString> m_seen;
    QString m_lastPage, m_lastObject;
};

} // namespace squall::ui
