#include "ui/history/ReRunTasksDialog.h"

#include "ui/history/ExecutionFormat.h"
#include "ui/shell/Icons.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace squall::ui {

ReRunTasksDialog::ReRunTasksDialog(const Value &execution, const ValueList &tasks, QWidget *parent)
    : QDialog(parent), m_list(new QListWidget(this)), m_reset(new QCheckBox(tr("Reset: run every item of with-items tasks again"), this))
{
    setObjectName(u"reRunTasksDialog"_s);
    setWindowTitle(tr("Re-run %1 from tasks").arg(execution[u"action"][u"ref"].toString()));
    setAccessibleName(windowTitle());
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("The workflow runs again from the tasks you check, with the context it had "
                                "when they ran; earlier tasks are not repeated."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_list->setObjectName(u"reRunTasksList"_s);
    m_list->setAccessibleName(tr("Tasks to re-run"));
    QStringList seen;
    for (const Value &t : tasks) {
        const QString name = execfmt::taskName(t);
        if (name.isEmpty() || seen.contains(name))
            continue;
        seen << name;
        auto *item = new QListWidgetItem(icons::status(t[u"status"].toString()),
                                         u"%1  (%2, %3)"_s.arg(name, t[u"action"][u"ref"].toString(), t[u"status"].toString()),
                                         m_list);
        item->setData(Qt::UserRole, name);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        // Failed tasks are what one usually re-runs.
        const QString st = t[u"status"].toString();
        item->setCheckState(st == u"failed" || st == u"timeout" ? Qt::Checked : Qt::Unchecked);
    }
    layout->addWidget(m_list, 1);
    m_reset->setObjectName(u"reRunTasksReset"_s);
    m_reset->setAccessibleName(m_reset->text());
    layout->addWidget(m_reset);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
    ok->setText(tr("Re-run"));
    ok->setObjectName(u"reRunTasksOk"_s);
    ok->setAccessibleName(tr("Re-run from the checked tasks"));
    const auto update = [this, ok] { ok->setEnabled(!this->tasks().isEmpty()); };
    connect(m_list, &QListWidget::itemChanged, this, update);
    update();
    connect(buttons, &QDialogButtonBox::accepted, this, &ReRunTasksDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ReRunTasksDialog::reject);
    layout->addWidget(buttons);
    resize(460, 380);
}

QStringList ReRunTasksDialog::tasks() const
{
    QStringList out;
    for (int i = 0; i < m_list->count(); ++i)
        if (m_list->item(i)->checkState() == Qt::Checked)
            out << m_list->item(i)->data(Qt::UserRole).toString();
    return out;
}

QStringList ReRunTasksDialog::reset() const
{
    return m_reset->isChecked() ? tasks() : QStringList();
}

Value ReRunTasksDialog::body() const
{
    ValueList t, r;
    for (const QString &s : tasks())
        t.append(Value(s));
    for (const QString &s : reset())
        r.append(Value(s));
    return makeDict({{u"tasks"_s, Value(std::move(t))}, {u"reset"_s, Value(std::move(r))}});
}

} // namespace squall::ui
