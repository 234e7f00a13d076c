#pragma once

#include "engine/EngineEvent.h"

#include <QWidget>

class QTreeWidget;

namespace squall::ui {

class Studio;

// The last executions of one action (status, start, duration, user, id),
// newest first, kept current from the studio's execution events. Activating a
// row (double-click, Enter) opens that execution on the History page.
class RecentRunsView final : public QWidget
{
    Q_OBJECT
public:
    explicit RecentRunsView(Studio *studio, QWidget *parent = nullptr);

    // The action whose runs are shown ("pack.name"); empty shows none.
    void setActionRef(const QString &ref);
    QString actionRef() const { return m_ref; }
    // How many runs are listed (20 by default).
    void setLimit(int limit) { m_limit = limit; }
    // Asks the engine again now (the view also does on its own events).
    void refresh();

    QTreeWidget *list() const { return m_list; }

Q_SIGNALS:
    // The list now holds what the engine answered for `ref`.
    void refreshed(const QString &ref);

private:
    void onEvents(const engine::EventBatch &batch);

    Studio *m_studio;
    QTreeWidget *m_list;
    QString m_ref;
    int m_limit = 20;
};

} // namespace squall::ui
