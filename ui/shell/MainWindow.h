#pragma once

#include <QMainWindow>

class QLabel;
class QListWidget;
class QMenu;
class QStackedWidget;

class QUndoGroup;

namespace squall::ui {

class CommandPalette;
class EngineStatusLabel;
class LiveCounts;
class Page;
class Studio;
class TrayNotifier;

// The studio's window: the navigation rail, the pages, the menus (whose
// actions the command palette also lists), the status bar, and the state
// (geometry, splitters, columns, last page) kept between runs.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(Studio *studio, const QList<Page *> &pages, QWidget *parent = nullptr);
    ~MainWindow() override;

    Page *currentPage() const;
    Page *page(const QString &pageId) const;
    void showPage(const QString &pageId, const QString &objectId = {});
    // Every command of the window and its pages, as the palette lists them.
    QList<QAction *> allCommands() const;
    TrayNotifier *tray() const { return m_tray; }
    // A note beside the API address (e.g. "port 9101 was taken").
    void setApiNote(const QString &note);

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void buildMenus();
    void onPageChanged(int index);
    void updateTitle();
    void restoreState();
    void saveState() const;
    void refreshIcons();

    Studio *m_studio;
    QList<Page *> m_pages;
    QListWidget *m_rail;
    QStackedWidget *m_stack;
    QMenu *m_pageMenu = nullptr;
    QList<QAction *> m_windowCommands;
    CommandPalette *m_palette = nullptr;
    EngineStatusLabel *m_engineLabel;
    QLabel *m_apiLabel;
    LiveCounts *m_counts;
    TrayNotifier *m_tray;
    QString m_subtitle;
    QUndoGroup *m_undoGroup;
};

} // namespace squall::ui
