#include "ui/history/CompareView.h"

#include "base/Json.h"
#include "client/Client.h"
#include "ui/history/ExecutionFormat.h"
#include "ui/shell/Studio.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace squall::ui {

namespace {
const int kMaxRowsPerSection = 5000;
const int kShownChars = 400;

// Leaves of a document as "path" -> display text, in document order.
void flatten(const Value &v, const QString &path, QList<std::pair<QString, QString>> &out)
{
    if (out.size() >= kMaxRowsPerSection)
        return;
    if (v.isDict() && !v.toDict().isEmpty()) {
        for (const auto &[k, child] : v.toDict())
            flatten(child, path.isEmpty() ? k : path + u'.' + k, out);
    } else if (v.isList() && !v.toList().isEmpty()) {
        const ValueList l = v.toList();
        for (qsizetype i = 0; i < l.size(); ++i)
            flatten(l.at(i), path + u'[' + QString::number(i) + u']', out);
    } else {
        out.append({path.isEmpty() ? u"(value)"_s : path, v.isString() ? v.toString() : json::toString(v)});
    }
}

QString clip(const QString &s)
{
    return s.size() > kShownChars ? s.left(kShownChars) + u'…' : s;
}
} // namespace

CompareView::CompareView(Studio *studio, const QString &leftId, const QString &rightId, QWidget *parent)
    : QDialog(parent), m_studio(studio), m_ids{leftId, rightId}, m_heads{new QLabel(this), new QLabel(this)},
      m_tree(new QTreeWidget(this)), m_onlyDiffs(new QCheckBox(tr("Only differences"), this))
{
    setObjectName(u"compareView"_s);
    setWindowTitle(tr("Compare executions"));
    setAccessibleName(windowTitle());
    setAttribute(Qt::WA_DeleteOnClose);
    auto *layout = new QVBoxLayout(this);
    auto *heads = new QGridLayout;
    for (int side = 0; side < 2; ++side) {
        m_heads[side]->setObjectName(side == 0 ? u"compareLeftHeader"_s : u"compareRightHeader"_s);
        m_heads[side]->setTextFormat(Qt::RichText);
        m_heads[side]->setWordWrap(true);
        m_heads[side]->setText(tr("Loading %1…").arg(m_ids[side]));
        heads->addWidget(m_heads[side], 0, side);
    }
    layout->addLayout(heads);
    m_onlyDiffs->setObjectName(u"compareOnlyDifferences"_s);
    m_onlyDiffs->setAccessibleName(m_onlyDiffs->text());
    connect(m_onlyDiffs, &QCheckBox::toggled, this, &CompareView::applyFilter);
    layout->addWidget(m_onlyDiffs);
    m_tree->setObjectName(u"compareTree"_s);
    m_tree->setAccessibleName(tr("Comparison"));
    m_tree->setAccessibleDescription(tr("Each field of both executions side by side; rows that differ are marked"));
    m_tree->setHeaderLabels({tr("Field"), tr("Original"), tr("Other"), QString()});
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(3, QHeaderView::ResizeToContents);
    layout->addWidget(m_tree, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &CompareView::reject);
    layout->addWidget(buttons);
    resize(900, 600);
    load(0);
    load(1);
}

void CompareView::load(int side)
{
    m_pending += 1;
    client::Client *c = m_studio->client();
    c->call(client::Op::GetExecution, m_ids[side], this, [this, side](const client::ClientResult &r) {
        if (r.error) {
            m_heads[side]->setText(r.error->message.toHtmlEscaped());
            return;
        }
        m_docs[side] = r.value;
        if (execfmt::isWorkflow(r.value)) {
            ++m_pending;
            m_studio->client()->call(client::Op::ExecutionChildren, m_ids[side], this,
                                     [this, side](const client::ClientResult &k) {
                                         m_tasks[side] = k.error ? ValueList() : k.value.toList();
                                         if (--m_pending == 0)
                                             build();
                                     });
        }
        if (--m_pending == 0)
            build();
    });
}

void CompareView::build()
{
    for (int side = 0; side < 2; ++side) {
        const Value &e = m_docs[side];
        m_heads[side]->setText(u"<b>%1</b> %2<br>%3 · %4"_s.arg(
            e[u"action"][u"ref"].toString().toHtmlEscaped(), e[u"status"].toString().toHtmlEscaped(),
            execfmt::localTime(e[u"start_timestamp"].toString()), e[u"id"].toString()));
    }
    m_tree->setHeaderLabels({tr("Field"), tr("Original (%1)").arg(m_ids[0].right(6)),
                             tr("Other (%1)").arg(m_ids[1].right(6)), QString()});
    m_tree->clear();
    m_differences = 0;
    addSection(tr("Execution"),
               makeDict({{u"action"_s, m_docs[0][u"action"][u"ref"]}, {u"status"_s, m_docs[0][u"status"]}}),
               makeDict({{u"action"_s, m_docs[1][u"action"][u"ref"]}, {u"status"_s, m_docs[1][u"status"]}}));
    addSection(tr("Parameters"), m_docs[0][u"parameters"], m_docs[1][u"parameters"]);
    addSection(tr("Result"), m_docs[0][u"result"], m_docs[1][u"result"]);
    if (!m_tasks[0].isEmpty() || !m_tasks[1].isEmpty()) {
        // Tasks by name; a task run twice (retries, loops) keeps its last run.
        ValueDict sides[2];
        for (int side = 0; side < 2; ++side) {
            for (const Value &t : std::as_const(m_tasks[side])) {
                const Value r = t[u"result"];
                const Value output = r.isDict() && r.toDict().contains(u"stdout") ? r[u"stdout"] : r;
                sides[side].insert(execfmt::taskName(t),
                                   makeDict({{u"status"_s, t[u"status"]}, {u"output"_s, output}}));
            }
        }
        addSection(tr("Tasks"), Value(std::move(sides[0])), Value(std::move(sides[1])));
    }
    m_tree->expandAll();
    applyFilter();
    m_ready = true;
    Q_EMIT ready();
}

void CompareView::addSection(const QString &title, const Value &left, const Value &right)
{
    QList<std::pair<QString, QString>> l, r;
    flatten(left, {}, l);
    flatten(right, {}, r);
    QHash<QString, QString> lv, rv;
    QStringList paths;
    for (const auto &[p, v] : l) {
        if (!lv.contains(p))
            paths << p;
        lv.insert(p, v);
    }
    for (const auto &[p, v] : r) {
        if (!lv.contains(p) && !rv.contains(p))
            paths << p;
        rv.insert(p, v);
    }
    auto *section = new QTreeWidgetItem(m_tree, {title});
    QFont bold = section->font(0);
    bold.setBold(true);
    section->setFont(0, bold);
    section->setFirstColumnSpanned(true);
    const QColor mark = palette().color(QPalette::Highlight);
    QColor tint = mark;
    tint.setAlpha(60);
    int diffs = 0;
    for (const QString &p : std::as_const(paths)) {
        const bool inL = lv.contains(p), inR = rv.contains(p);
        const QString a = inL ? lv.value(p) : tr("(none)");
        const QString b = inR ? rv.value(p) : tr("(none)");
        auto *item = new QTreeWidgetItem(section, {p, clip(a), clip(b)});
        item->setToolTip(1, clip(a));
        item->setToolTip(2, clip(b));
        if (a != b || inL != inR) {
            ++diffs;
            item->setText(3, u"≠"_s);
            item->setData(3, Qt::AccessibleTextRole, tr("differs"));
            for (int c = 0; c < 4; ++c)
                item->setBackground(c, tint);
            QFont f = item->font(0);
            f.setBold(true);
            item->setFont(0, f);
        }
    }
    if (paths.isEmpty())
        new QTreeWidgetItem(section, {tr("(empty)")});
    section->setText(0, diffs ? tr("%1 — %n difference(s)", nullptr, diffs).arg(title) : tr("%1 — same").arg(title));
    m_differences += diffs;
}

void CompareView::applyFilter()
{
    const bool only = m_onlyDiffs->isChecked();
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem *section = m_tree->topLevelItem(i);
        for (int j = 0; j < section->childCount(); ++j)
            section->child(j)->setHidden(only && section->child(j)->text(3).isEmpty());
    }
}

} // namespace squall::ui
