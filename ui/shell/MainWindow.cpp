#include "ui/shell/MainWindow.h"

#include "ui/shell/CommandPalette.h"
#include "ui/shell/EngineStatusLabel.h"
#include "ui/shell/Icons.h"
#include "ui/shell/LiveCounts.h"
#include "ui/shell/Page.h"
#include "ui/shell/Studio.h"
#include "ui/shell/Theme.h"
#include "ui/shell/TrayNotifier.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTreeView>
#include <QUndoGroup>
#include <QUndoStack>

namespace squall::ui {

MainWindow::MainWindow(Studio *studio, const QList<Page *> &pages, QWidget *parent)
    : QMainWindow(parent), m_studio(studio), m_pages(pages), m_rail(new QListWidget(this)),
      m_stack(new QStackedWidget(this)), m_engineLabel(new EngineStatusLabel(this)), m_apiLabel(new QLabel(this)),
      m_counts(new LiveCounts(studio, this)), m_tray(new TrayNotifier(studio, this)),
      m_undoGroup(new QUndoGroup(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/squall.svg")));

    m_rail->setObjectName(QStringLiteral("navigation"));
    m_rail->setAccessibleName(tr("Pages"));
    m_rail->setAccessibleDescription(tr("Choose the page to show; Ctrl+1 to Ctrl+8 jump to a page"));
    m_rail->setIconSize(QSize(20, 20));
    m_rail->setFrameShape(QFrame::NoFrame);
    m_rail->setUniformItemSizes(true);
    m_rail->setSpacing(1);
    m_rail->setFocusPolicy(Qt::StrongFocus);
    m_rail->setBackgroundRole(QPalette::Window);
    m_rail->setStyleSheet(QStringLiteral("QListWidget#navigation { background: transparent; }"
                                         "QListWidget#navigation::item { padding: 7px 10px; border-radius: 5px; }"
                                         "QListWidget#navigation::item:selected { background: palette(highlight);"
                                         " color: palette(highlighted-text); }"
                                         "QListWidget#navigation::item:hover:!selected { background: palette(midlight); }"));
    int railWidth = 0;
    for (Page *page : std::as_const(m_pages)) {
        auto *item = new QListWidgetItem(icons::get(page->iconName()), page->title(), m_rail);
        item->setData(Qt::AccessibleTextRole, page->title());
        page->setObjectName(page->pageId() + QStringLiteral("Page"));
        railWidth = std::max(railWidth, m_rail->fontMetrics().horizontalAdvance(page->title()));
        m_stack->addWidget(page);
        connect(page, &Page::subtitleChanged, this, [this, page](const QString &subtitle) {
            if (page == currentPage()) {
                m_subtitle = subtitle;
                updateTitle();
            }
        });
    }
    m_rail->setFixedWidth(railWidth + 20 + 52);

    auto *central = new QWidget(this);
    auto *layout = new QHBoxLayout(central);
    layout->setContentsMargins(6, 8, 8, 6);
    layout->setSpacing(8);
    layout->addWidget(m_rail);
    auto *line = new QFrame(central);
    line->setFrameShape(QFrame::VLine);
    line->setFrameShadow(QFrame::Sunken);
    layout->addWidget(line);
    layout->addWidget(m_stack, 1);
    setCentralWidget(central);

    m_apiLabel->setObjectName(QStringLiteral("apiAddress"));
    m_apiLabel->setAccessibleName(tr("API address"));
    m_apiLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_apiLabel->setText(tr("API %1").arg(studio->apiAddress()));
    m_engineLabel->setObjectName(QStringLiteral("engineStatus"));
    for (QLabel *label : {static_cast<QLabel *>(m_counts), m_apiLabel, static_cast<QLabel *>(m_engineLabel)})
        label->setContentsMargins(10, 0, 10, 0);
    statusBar()->addPermanentWidget(m_counts);
    statusBar()->addPermanentWidget(m_apiLabel);
    statusBar()->addPermanentWidget(m_engineLabel);
    m_engineLabel->attach(studio->client());

    connect(studio, &Studio::message, this, [this](const QString &text, int timeout) {
        statusBar()->showMessage(text, timeout);
    });
    connect(studio, &Studio::showRequested, this, &MainWindow::showPage);
    connect(m_rail, &QListWidget::currentRowChanged, this, &MainWindow::onPageChanged);
    m_undoGroup->addStack(studio->undoStack());
    m_undoGroup->setActiveStack(studio->undoStack());
    connect(m_undoGroup, &QUndoGroup::cleanChanged, this, &MainWindow::updateTitle);

    m_palette = new CommandPalette(this);
    buildMenus();
    restoreState();
    studio->startEvents();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus()
{
    auto command = [this](QMenu *menu, const QString &text, const QKeySequence &keys, const QString &name,
                          auto &&slot) {
        QAction *a = menu->addAction(text);
        a->setShortcut(keys);
        a->setObjectName(name);
        connect(a, &QAction::triggered, this, slot);
        m_windowCommands.append(a);
        return a;
    };

    QMenu *file = menuBar()->addMenu(tr("&File"));
    command(file, tr("Reload Page"), QKeySequence::Refresh, QStringLiteral("reloadPage"), [this] {
        if (Page *p = currentPage())
            p->reload();
    });
    file->addSeparator();
    command(file, tr("&Quit"), QKeySequence::Quit, QStringLiteral("quit"), [this] { close(); });

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *undo = m_undoGroup->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    undo->setObjectName(QStringLiteral("undo"));
    QAction *redo = m_undoGroup->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    redo->setObjectName(QStringLiteral("redo"));
    edit->addAction(undo);
    edit->addAction(redo);
    m_windowCommands << undo << redo;
    edit->addSeparator();
    command(edit, tr("&Find"), QKeySequence::Find, QStringLiteral("find"), [this] {
        if (Page *p = currentPage())
            p->focusSearch();
    });

    QMenu *view = menuBar()->addMenu(tr("&View"));
    command(view, tr("Command Palette…"), QKeySequence(Qt::CTRL | Qt::Key_K), QStringLiteral("commandPalette"),
            [this] { m_palette->open(allCommands()); });
    view->addSeparator();
    for (int i = 0; i < m_pages.size(); ++i) {
        Page *page = m_pages.at(i);
        const QKeySequence keys = i < 9 ? QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)) : QKeySequence();
        command(view, tr("Go to %1").arg(page->title()), keys, QStringLiteral("goto_") + page->pageId(),
                [this, i] { m_rail->setCurrentRow(i); });
    }
    view->addSeparator();
    QMenu *appearance = view->addMenu(tr("Appearance"));
    auto *group = new QActionGroup(this);
    const Theme::Mode current = Theme::saved();
    for (const auto &[mode, text, name] : {std::tuple{Theme::Mode::System, tr("Follow the Desktop"), "themeSystem"},
                                           std::tuple{Theme::Mode::Light, tr("Light"), "themeLight"},
                                           std::tuple{Theme::Mode::Dark, tr("Dark"), "themeDark"}}) {
        QAction *a = appearance->addAction(text);
        a->setObjectName(QString::fromLatin1(name));
        a->setCheckable(true);
        a->setChecked(mode == current);
        group->addAction(a);
        m_windowCommands.append(a);
        connect(a, &QAction::triggered, this, [m = mode] {
            Theme::save(m);
            Theme::apply(m);
        });
    }

    m_pageMenu = menuBar()->addMenu(tr("&Page"));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    command(help, tr("About Squall"), QKeySequence(), QStringLiteral("about"), [this] {
        QMessageBox::about(this, tr("About Squall"),
                           tr("<h3>Squall %1</h3><p>An event-driven automation studio: sensors and webhooks "
                              "emit triggers, rules match them, actions and workflows run, and every run is "
                              "kept.</p><p>Engine: %2<br>API: %3</p>")
                               .arg(QApplication::applicationVersion(), m_studio->engineLabel().toHtmlEscaped(),
                                    m_studio->apiAddress().toHtmlEscaped()));
    });
}

QList<QAction *> MainWindow::allCommands() const
{
    QList<QAction *> all = m_windowCommands;
    for (Page *page : m_pages)
        all += page->commands();
    return all;
}

Page *MainWindow::currentPage() const
{
    return qobject_cast<Page *>(m_stack->currentWidget());
}

Page *MainWindow::page(const QString &pageId) const
{
    for (Page *p : m_pages) {
        if (p->pageId() == pageId)
            return p;
    }
    return nullptr;
}

void MainWindow::showPage(const QString &pageId, const QString &objectId)
{
    const qsizetype index = m_pages.indexOf(page(pageId));
    if (index < 0)
        return;
    m_rail->setCurrentRow(int(index));
    if (!objectId.isEmpty())
        m_pages.at(index)->showObject(objectId);
}

void MainWindow::onPageChanged(int index)
{
    if (index < 0 || index >= m_pages.size())
        return;
    Page *page = m_pages.at(index);
    m_stack->setCurrentWidget(page);
    page->activate();
    QUndoStack *stack = page->undoStack() ? page->undoStack() : m_studio->undoStack();
    if (!m_undoGroup->stacks().contains(stack))
        m_undoGroup->addStack(stack);
    m_undoGroup->setActiveStack(stack);
    m_subtitle.clear();
    m_pageMenu->clear();
    m_pageMenu->setTitle(page->title());
    m_pageMenu->addActions(page->commands());
    m_pageMenu->menuAction()->setVisible(!page->commands().isEmpty());
    updateTitle();
}

void MainWindow::updateTitle()
{
    const Page *page = currentPage();
    QString title = QStringLiteral("Squall");
    if (page)
        title += QStringLiteral(" — ") + page->title();
    if (!m_subtitle.isEmpty())
        title += QStringLiteral(": ") + m_subtitle;
    title += QStringLiteral(" — ") + m_studio->engineLabel();
    setWindowTitle(title);
}

void MainWindow::setApiNote(const QString &note)
{
    m_apiLabel->setText(note.isEmpty() ? tr("API %1").arg(m_studio->apiAddress())
                                       : tr("API %1 (%2)").arg(m_studio->apiAddress(), note));
}

void MainWindow::restoreState()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray())) {
        const QRect available = screen()->availableGeometry();
        resize(std::min(1440, available.width() * 9 / 10), std::min(900, available.height() * 9 / 10));
    }
    QMainWindow::restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    for (Page *page : std::as_const(m_pages)) {
        const QString prefix = QStringLiteral("pages/%1/").arg(page->pageId());
        for (QSplitter *splitter : page->findChildren<QSplitter *>()) {
            if (!splitter->objectName().isEmpty())
                splitter->restoreState(settings.value(prefix + splitter->objectName()).toByteArray());
        }
        for (QTreeView *view : page->findChildren<QTreeView *>()) {
            if (!view->objectName().isEmpty())
                view->header()->restoreState(settings.value(prefix + view->objectName() + u"/header").toByteArray());
        }
    }
    const QString last = settings.value(QStringLiteral("window/page")).toString();
    const qsizetype index = m_pages.indexOf(page(last));
    m_rail->setCurrentRow(index >= 0 ? int(index) : 0);
}

void MainWindow::saveState() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), QMainWindow::saveState());
    if (const Page *p = currentPage())
        settings.setValue(QStringLiteral("window/page"), p->pageId());
    for (const Page *page : m_pages) {
        const QString prefix = QStringLiteral("pages/%1/").arg(page->pageId());
        for (const QSplitter *splitter : page->findChildren<QSplitter *>()) {
            if (!splitter->objectName().isEmpty())
                settings.setValue(prefix + splitter->objectName(), splitter->saveState());
        }
        for (const QTreeView *view : page->findChildren<QTreeView *>()) {
            if (!view->objectName().isEmpty())
                settings.setValue(prefix + view->objectName() + u"/header", view->header()->saveState());
        }
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    for (Page *page : std::as_const(m_pages)) {
        if (page->isLoaded() && !page->confirmClose()) {
            event->ignore();
            return;
        }
    }
    saveState();
    event->accept();
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        refreshIcons();
    QMainWindow::changeEvent(event);
}

void MainWindow::refreshIcons()
{
    for (int i = 0; i < m_pages.size() && i < m_rail->count(); ++i)
        m_rail->item(i)->setIcon(icons::get(m_pages.at(i)->iconName(), palette()));
}

} // namespace squall::ui
