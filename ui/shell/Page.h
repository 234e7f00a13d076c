#pragma once

#include "engine/EngineEvent.h"

#include <QIcon>
#include <QList>
#include <QWidget>

#include <functional>

class QAction;
class QKeySequence;
class QUndoStack;

namespace squall::ui {

class Studio;

// One page of the navigation rail. A page loads lazily the first time it is
// shown, lists its commands for the menus and the command palette, and can be
// asked to select one of its objects (a link from another page).
class Page : public QWidget
{
    Q_OBJECT
public:
    explicit Page(Studio *studio, QWidget *parent = nullptr);

    virtual QString pageId() const = 0;     // "history", stable, used in settings
    virtual QString title() const = 0;      // "History"
    virtual QString iconName() const = 0;   // an icon of resources/icons
    virtual void showObject(const QString &id) { Q_UNUSED(id) }
    // Moves the keyboard focus to the page's search field (Ctrl+F).
    virtual void focusSearch() { }
    // Reloads everything from the engine (F5, and after a resync).
    virtual void reload() { }
    // The undo history of the page's own document (the workflow designer's
    // file), which Edit > Undo follows while the page is shown; null = the
    // studio's history of engine edits.
    virtual QUndoStack *undoStack() const { return nullptr; }
    // Asked before the window closes: false keeps it open (unsaved work the
    // user chose to keep).
    virtual bool confirmClose() { return true; }

    QList<QAction *> commands() const { return m_commands; }
    Studio *studio() const { return m_studio; }

    // Called by the window when the page comes into view; the first call loads.
    void activate();
    bool isLoaded() const { return m_loaded; }

Q_SIGNALS:
    // The page's title or selection changed in a way the window title shows.
    void subtitleChanged(const QString &subtitle);

protected:
    virtual void firstShown() { reload(); }
    // Each engine event while the page is loaded (a page not shown yet reads
    // everything fresh when it is). After lost events (resync), a loaded page reloads.
    virtual void onEvent(const engine::Event &event) { Q_UNUSED(event) }
    // A command of this page: an action in the window's menus and the palette.
    QAction *addCommand(const QString &text, const QKeySequence &shortcut, std::function<void()> run,
                        const QString &objectName = {});

private:
    Studio *m_studio;
    QList<QAction *> m_commands;
    bool m_loaded = false;
};

} // namespace squall::ui
