#include "ui/common/JsonTreeView.h"

#include "base/Json.h"
#include "ui/common/FieldSpec.h"
#include "ui/common/JsonTreeModel.h"

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QQueue>
#include <QStackedWidget>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace squall::ui {

namespace {

constexpr int kMatchLimit = 10000;
// Expand all stops after this many containers: beyond it the tree is no
// longer something to read, and expanding would stall the window.
constexpr int kExpandLimit = 2000;
// Top-level containers larger than this stay closed on load.
constexpr int kAutoExpandRows = 1000;

using RowPath = QList<int>;

// Pre-order walk collecting the rows of keys and scalars containing `needle`.
void collect(const Value &v, RowPath &path, const QString &needle, QList<RowPath> &out)
{
    if (out.size() >= kMatchLimit)
        return;
    if (v.isDict()) {
        int row = 0;
        for (const auto &[key, child] : v.toDict()) {
            path.append(row++);
            if (key.contains(needle, Qt::CaseInsensitive)) {
                out.append(path);
                if (out.size() >= kMatchLimit)
                    return;
            } else if (!child.isList() && !child.isDict()
                       && valueText(child).contains(needle, Qt::CaseInsensitive)) {
                out.append(path);
                if (out.size() >= kMatchLimit)
                    return;
            }
            collect(child, path, needle, out);
            path.removeLast();
        }
    } else if (v.isList()) {
        int row = 0;
        for (const Value &child : v.toList()) {
            path.append(row++);
            if (!child.isList() && !child.isDict() && valueText(child).contains(needle, Qt::CaseInsensitive)) {
                out.append(path);
                if (out.size() >= kMatchLimit)
                    return;
            }
            collect(child, path, needle, out);
            path.removeLast();
        }
    }
}

QToolButton *toolButton(QWidget *parent, const QString &name, const QString &icon, const QString &text,
                        const QString &tip)
{
    auto *b = new QToolButton(parent);
    b->setObjectName(name);
    b->setIcon(QIcon::fromTheme(icon));
    b->setText(text);
    b->setToolTip(tip);
    b->setAccessibleName(text);
    b->setAccessibleDescription(tip);
    b->setToolButtonStyle(b->icon().isNull() ? Qt::ToolButtonTextOnly : Qt::ToolButtonIconOnly);
    b->setAutoRaise(true);
    return b;
}

} // namespace

struct JsonTreeView::Private
{
    JsonTreeView *q;
    JsonTreeModel *model = nullptr;
    QTreeView *tree = nullptr;
    QLineEdit *search = nullptr;
    QLabel *matchLabel = nullptr;
    QToolButton *rawToggle = nullptr;
    QToolButton *expandButton = nullptr;
    QToolButton *collapseButton = nullptr;
    QStackedWidget *stack = nullptr;
    QPlainTextEdit *raw = nullptr;
    QTimer *searchTimer = nullptr;
    QList<RowPath> matches;
    int currentMatch = -1;
    QString searched;  // the text `matches` are for
    bool rawDirty = true;

    void showMatch(int i)
    {
        if (matches.isEmpty()) {
            currentMatch = -1;
            updateMatchLabel();
            return;
        }
        currentMatch = (i + int(matches.size())) % int(matches.size());
        const QModelIndex index = model->indexForRows(matches.at(currentMatch));
        for (QModelIndex p = index.parent(); p.isValid(); p = p.parent())
            tree->expand(p);
        tree->setCurrentIndex(index);
        tree->scrollTo(index, QAbstractItemView::PositionAtCenter);
        updateMatchLabel();
    }

    void updateMatchLabel()
    {
        if (searched.isEmpty())
            matchLabel->clear();
        else if (matches.isEmpty())
            matchLabel->setText(tr("No matches"));
        else
            matchLabel->setText(tr("%1 of %2%3")
                                    .arg(currentMatch + 1)
                                    .arg(matches.size())
                                    .arg(matches.size() >= kMatchLimit ? QStringLiteral("+") : QString()));
        matchLabel->setAccessibleName(matchLabel->text());
    }

    void expandAll()
    {
        tree->setUpdatesEnabled(false);
        QQueue<QModelIndex> queue;
        queue.enqueue(QModelIndex());
        int expanded = 0;
        while (!queue.isEmpty() && expanded < kExpandLimit) {
            const QModelIndex parent = queue.dequeue();
            const int rows = model->rowCount(parent);
            for (int r = 0; r < rows && expanded < kExpandLimit; ++r) {
                const QModelIndex child = model->index(r, 0, parent);
                if (model->hasChildren(child)) {
                    tree->expand(child);
                    ++expanded;
                    queue.enqueue(child);
                }
            }
        }
        tree->setUpdatesEnabled(true);
    }

    void expandFirstLevel()
    {
        const int rows = model->rowCount();
        if (rows > kAutoExpandRows)
            return;
        for (int r = 0; r < rows; ++r) {
            const QModelIndex child = model->index(r, 0);
            const int n = model->rowCount(child);
            if (n > 0 && n <= kAutoExpandRows)
                tree->expand(child);
        }
    }

    void runSearch()
    {
        searchTimer->stop();
        q->findAll(search->text());
    }

    void contextMenu(const QPoint &pos)
    {
        const QModelIndex index = tree->indexAt(pos);
        QMenu menu(q);
        if (index.isValid()) {
            tree->setCurrentIndex(index);
            QAction *copyValue = menu.addAction(tr("Copy Value"), q, &JsonTreeView::copyValue);
            copyValue->setShortcut(QKeySequence::Copy);
            QAction *copyPath = menu.addAction(tr("Copy Path"), q, &JsonTreeView::copyPath);
            copyPath->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
            menu.addAction(tr("Copy Key"), q, [this, index] {
                QApplication::clipboard()->setText(index.siblingAtColumn(JsonTreeModel::KeyColumn).data().toString());
            });
            menu.addSeparator();
        }
        menu.addAction(tr("Expand All"), q, [this] { expandAll(); });
        menu.addAction(tr("Collapse All"), tree, &QTreeView::collapseAll);
        menu.exec(tree->viewport()->mapToGlobal(pos));
    }

    static QString tr(const char *text) { return JsonTreeView::tr(text); }
};

JsonTreeView::JsonTreeView(QWidget *parent) : QWidget(parent), d(std::make_unique<Private>())
{
    d->q = this;
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);

    auto *bar = new QHBoxLayout;
    bar->setSpacing(2);
    d->search = new QLineEdit(this);
    d->search->setObjectName(QStringLiteral("jsonSearch"));
    d->search->setPlaceholderText(tr("Find key or value"));
    d->search->setToolTip(tr("Enter: next match, Shift+Enter: previous match"));
    d->search->setAccessibleName(tr("Find in document"));
    d->search->setAccessibleDescription(d->search->toolTip());
    d->search->setClearButtonEnabled(true);
    d->search->installEventFilter(this);
    bar->addWidget(d->search, 1);
    d->matchLabel = new QLabel(this);
    d->matchLabel->setObjectName(QStringLiteral("jsonMatchCount"));
    d->matchLabel->setForegroundRole(QPalette::PlaceholderText);
    d->matchLabel->setMinimumWidth(fontMetrics().horizontalAdvance(tr("%1 of %2").arg(99999).arg(u"10000+")));
    d->matchLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    bar->addWidget(d->matchLabel);
    auto *expand = toolButton(this, QStringLiteral("jsonExpandAll"), QStringLiteral("view-list-tree"),
                              tr("Expand All"), tr("Expand every level"));
    auto *collapse = toolButton(this, QStringLiteral("jsonCollapseAll"), QStringLiteral("view-list-details"),
                                tr("Collapse All"), tr("Collapse every level"));
    d->rawToggle = toolButton(this, QStringLiteral("jsonRawToggle"), QString(), tr("Raw"),
                              tr("Show the document as JSON text"));
    d->rawToggle->setCheckable(true);
    d->expandButton = expand;
    d->collapseButton = collapse;
    bar->addWidget(expand);
    bar->addWidget(collapse);
    bar->addWidget(d->rawToggle);
    layout->addLayout(bar);

    d->stack = new QStackedWidget(this);
    d->model = new JsonTreeModel(this);
    d->tree = new QTreeView(d->stack);
    d->tree->setObjectName(QStringLiteral("jsonTree"));
    d->tree->setAccessibleDescription(tr("The document as a tree of keys and values; Ctrl+C copies a value, Ctrl+Shift+C its path"));
    d->tree->setAccessibleName(tr("Document tree"));
    d->tree->setModel(d->model);
    d->tree->setUniformRowHeights(true);
    d->tree->setAlternatingRowColors(true);
    d->tree->setAllColumnsShowFocus(true);
    d->tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    d->tree->setContextMenuPolicy(Qt::CustomContextMenu);
    d->tree->installEventFilter(this);
    QHeaderView *header = d->tree->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(JsonTreeModel::ValueColumn, QHeaderView::Stretch);
    header->resizeSection(JsonTreeModel::KeyColumn, fontMetrics().horizontalAdvance(QLatin1Char('m')) * 16);
    header->resizeSection(JsonTreeModel::TypeColumn, fontMetrics().horizontalAdvance(QStringLiteral("boolean")) + 24);
    d->raw = new QPlainTextEdit(d->stack);
    d->raw->setObjectName(QStringLiteral("jsonRaw"));
    d->raw->setAccessibleDescription(tr("The whole document as indented JSON text"));
    d->raw->setAccessibleName(tr("Document as JSON"));
    d->raw->setReadOnly(true);
    d->raw->setLineWrapMode(QPlainTextEdit::NoWrap);
    d->raw->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    d->stack->addWidget(d->tree);
    d->stack->addWidget(d->raw);
    layout->addWidget(d->stack, 1);

    d->searchTimer = new QTimer(this);
    d->searchTimer->setSingleShot(true);
    d->searchTimer->setInterval(250);
    connect(d->searchTimer, &QTimer::timeout, this, [this] { d->runSearch(); });
    connect(d->search, &QLineEdit::textChanged, this, [this] { d->searchTimer->start(); });
    connect(expand, &QToolButton::clicked, this, [this] { d->expandAll(); });
    connect(collapse, &QToolButton::clicked, d->tree, &QTreeView::collapseAll);
    connect(d->rawToggle, &QToolButton::toggled, this, &JsonTreeView::setRawVisible);
    connect(d->tree, &QTreeView::customContextMenuRequested, this, [this](const QPoint &p) { d->contextMenu(p); });
}

JsonTreeView::~JsonTreeView()
{
    // ~QWidget still delivers events, after our private data is gone.
    d->searchTimer->stop();
    d->search->removeEventFilter(this);
    d->tree->removeEventFilter(this);
    d->search->disconnect(this);
    d->tree->disconnect(this);
}

void JsonTreeView::setValue(const Value &value)
{
    d->model->setValue(value);
    d->matches.clear();
    d->currentMatch = -1;
    d->searched.clear();
    d->updateMatchLabel();
    d->rawDirty = true;
    if (isRawVisible())
        setRawVisible(true);
    d->expandFirstLevel();
}

Value JsonTreeView::value() const { return d->model->value(); }
QTreeView *JsonTreeView::treeView() const { return d->tree; }
JsonTreeModel *JsonTreeView::model() const { return d->model; }
int JsonTreeView::matchLimit() { return kMatchLimit; }
int JsonTreeView::matchCount() const { return int(d->matches.size()); }

int JsonTreeView::findAll(const QString &text)
{
    d->searched = text;
    d->matches.clear();
    if (!text.isEmpty()) {
        RowPath path;
        const Value &doc = d->model->value();
        if (doc.isList() || doc.isDict()) {
            collect(doc, path, text, d->matches);
        } else if (valueText(doc).contains(text, Qt::CaseInsensitive)) {
            d->matches.append(RowPath{0});
        }
    }
    if (d->matches.isEmpty())
        d->tree->clearSelection();
    d->showMatch(0);
    return int(d->matches.size());
}

void JsonTreeView::findNext() { d->showMatch(d->currentMatch + 1); }
void JsonTreeView::findPrevious() { d->showMatch(d->currentMatch - 1); }

void JsonTreeView::copyValue()
{
    const QModelIndex index = d->tree->currentIndex();
    if (!index.isValid())
        return;
    json::Style style;
    style.indent = 2;
    const Value v = d->model->valueAt(index);
    QApplication::clipboard()->setText(v.isString() ? v.toString() : json::toString(v, style));
}

void JsonTreeView::copyPath() { QApplication::clipboard()->setText(currentPath()); }

QString JsonTreeView::currentPath() const { return d->model->pathOf(d->tree->currentIndex()); }

void JsonTreeView::setRawVisible(bool raw)
{
    if (raw && d->rawDirty) {
        // Built on demand: a 10 MB result costs nothing until asked for.
        json::Style style;
        style.indent = 2;
        d->raw->setPlainText(json::toString(d->model->value(), style));
        d->rawDirty = false;
    }
    if (d->rawToggle->isChecked() != raw)
        d->rawToggle->setChecked(raw);
    d->stack->setCurrentWidget(raw ? static_cast<QWidget *>(d->raw) : d->tree);
    // Tree tools do nothing on the text.
    for (QWidget *w : {static_cast<QWidget *>(d->search), static_cast<QWidget *>(d->expandButton),
                       static_cast<QWidget *>(d->collapseButton)})
        w->setEnabled(!raw);
}

bool JsonTreeView::isRawVisible() const { return d->stack->currentWidget() == d->raw; }

bool JsonTreeView::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::KeyPress && event->type() != QEvent::ShortcutOverride)
        return QWidget::eventFilter(watched, event);
    auto *key = static_cast<QKeyEvent *>(event);
    if (watched == d->search && (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)) {
        if (event->type() == QEvent::KeyPress) {
            if (d->searchTimer->isActive() || d->searched != d->search->text())
                d->runSearch();
            else if (key->modifiers() & Qt::ShiftModifier)
                findPrevious();
            else
                findNext();
        }
        return true;
    }
    if (watched == d->tree) {
        const bool copyPathKey = key->keyCombination() == QKeyCombination(Qt::CTRL | Qt::SHIFT, Qt::Key_C);
        const bool copyKey = key->matches(QKeySequence::Copy);
        if (copyPathKey || copyKey) {
            // Claim the shortcut, then act on the key press.
            event->accept();
            if (event->type() == QEvent::KeyPress) {
                if (copyPathKey)
                    copyPath();
                else
                    copyValue();
            }
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace squall::ui
