#include "ui/history/ExecutionDetail.h"

#include "client/Client.h"
#include "ui/common/JsonTreeView.h"
#include "ui/history/ExecutionFormat.h"
#include "ui/shell/Icons.h"
#include "ui/shell/Studio.h"

#include <QDateTime>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTabWidget>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace squall::ui {

namespace {
const QString kMask = u"********"_s;

// The palette's link colour, lightened where it would not read on a dark window.
QString linkColor(const QPalette &pal)
{
    QColor c = pal.color(QPalette::Link);
    if (pal.color(QPalette::Window).lightness() < 128 && c.lightness() < 140)
        c = c.lighter(190);
    return c.name();
}

QString link(const QString &page, const QString &id, const QString &text, const QPalette &pal)
{
    return u"<a style=\"color:%4\" href=\"squall:%1/%2\">%3</a>"_s.arg(
        page, QString::fromLatin1(QUrl::toPercentEncoding(id)), text.toHtmlEscaped(), linkColor(pal));
}
} // namespace

ExecutionDetail::ExecutionDetail(Studio *studio, QWidget *parent)
    : QWidget(parent), m_studio(studio), m_header(new QLabel(this)), m_tabs(new QTabWidget(this)),
      m_parameters(new JsonTreeView(this)), m_result(new JsonTreeView(this)), m_output(new QPlainTextEdit(this)),
      m_log(new QTreeWidget(this)), m_taskList(new QTreeWidget(this)), m_tasksTab(nullptr)
{
    setObjectName(u"historyDetail"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    m_header->setObjectName(u"historyDetailHeader"_s);
    m_header->setAccessibleName(tr("Execution summary"));
    m_header->setTextFormat(Qt::RichText);
    m_header->setWordWrap(true);
    m_header->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_header->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    connect(m_header, &QLabel::linkActivated, this, [this](const QString &href) {
        // squall:<page>/<id>
        const QString rest = href.mid(href.indexOf(u':') + 1);
        const qsizetype slash = rest.indexOf(u'/');
        m_studio->show(rest.left(slash), QUrl::fromPercentEncoding(rest.mid(slash + 1).toUtf8()));
    });
    layout->addWidget(m_header);

    m_tabs->setObjectName(u"historyDetailTabs"_s);
    m_tabs->setAccessibleName(tr("Execution details"));
    m_parameters->setObjectName(u"historyParameters"_s);
    m_parameters->setAccessibleName(tr("Parameters"));
    m_result->setObjectName(u"historyResult"_s);
    m_result->setAccessibleName(tr("Result"));
    m_output->setObjectName(u"historyOutput"_s);
    m_output->setAccessibleName(tr("Output"));
    m_output->setAccessibleDescription(tr("Standard output and error of the execution, as it runs"));
    m_output->setReadOnly(true);
    m_output->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_output->setMaximumBlockCount(20000);
    m_output->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_log->setObjectName(u"historyLog"_s);
    m_log->setAccessibleDescription(tr("Each status the execution went through, with its time"));
    m_log->setAccessibleName(tr("Status log"));
    m_log->setHeaderLabels({tr("Status"), tr("Time")});
    m_log->setRootIsDecorated(false);
    m_taskList->setObjectName(u"historyTasks"_s);
    m_taskList->setAccessibleDescription(tr("The workflow's tasks with their status; activate one to open it"));
    m_taskList->setAccessibleName(tr("Workflow tasks"));
    m_taskList->setHeaderLabels({tr("Task"), tr("Action"), tr("Status"), tr("Duration")});
    m_taskList->setRootIsDecorated(false);
    m_taskList->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    connect(m_taskList, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        m_studio->show(u"history"_s, item->data(0, Qt::UserRole).toString());
    });

    m_tabs->addTab(m_parameters, tr("Parameters"));
    m_tabs->addTab(m_result, tr("Result"));
    m_tabs->addTab(m_output, tr("Output"));
    m_tabs->addTab(m_log, tr("Log"));
    m_tasksTab = m_taskList;
    m_tabs->addTab(m_taskList, tr("Tasks"));
    connect(m_tabs, &QTabWidget::currentChanged, this, &ExecutionDetail::showResultIfVisible);
    layout->addWidget(m_tabs, 1);
    clear();
}

void ExecutionDetail::clear()
{
    ++m_generation;
    m_id.clear();
    m_doc = Value();
    m_schema = Value();
    m_tasks.clear();
    m_header->setText(tr("Select an execution to see its parameters, result and output.\n"
                         "Select two to compare them."));
    m_header->setAlignment(Qt::AlignCenter);
    m_header->setForegroundRole(QPalette::PlaceholderText);
    m_header->setTextFormat(Qt::PlainText);
    qobject_cast<QBoxLayout *>(layout())->setStretchFactor(m_header, 1);
    m_tabs->hide();
    m_parameters->setValue(Value());
    m_result->setValue(Value());
    m_output->clear();
    m_log->clear();
    m_taskList->clear();
    // Only workflows have tasks.
    m_tabs->setTabVisible(m_tabs->indexOf(m_tasksTab), false);
}

void ExecutionDetail::setExecution(const QString &id)
{
    if (id == m_id && !m_doc.isNull())
        return;
    clear();
    m_id = id;
    if (id.isEmpty())
        return;
    m_header->setText(tr("Loading %1…").arg(id));
    const int gen = m_generation;
    client::Client *c = m_studio->client();
    c->call(client::Op::GetExecution, id, this, [this, gen](const client::ClientResult &r) {
        if (gen != m_generation)
            return;
        if (r.error) {
            m_header->setText(r.error->message);
            return;
        }
            m_doc = r.value;
        m_header->setAlignment(Qt::AlignTop | Qt::AlignLeft);
        m_header->setForegroundRole(QPalette::WindowText);
        m_header->setTextFormat(Qt::RichText);
        qobject_cast<QBoxLayout *>(layout())->setStretchFactor(m_header, 0);
        m_tabs->show();
        showDocument();
        Q_EMIT loaded(m_doc);
        const QString action = m_doc[u"action"][u"ref"].toString();
        m_studio->client()->call(client::Op::ActionParameters, action, this, [this, gen](const client::ClientResult &p) {
            if (gen != m_generation || p.error)
                return;
            m_schema = p.value[u"parameters"];
            showParameters();
        });
        if (execfmt::isWorkflow(m_doc))
            loadTasks();
    });
    c->call(client::Request::of(client::Op::ExecutionOutput, id, {}, {{u"output_type"_s, u"all"_s}}), this,
            [this, gen](const client::ClientResult &r) {
                if (gen != m_generation)
                    return;
                const QString text = r.error ? QString() : r.value.toString();
                m_output->setPlainText(text);
                m_outputLength = text.size();
                m_outputLoaded = true;
                appendOutput(std::exchange(m_pendingOutput, {}));
            });
    m_outputLoaded = false;
    m_outputLength = 0;
    m_pendingOutput.clear();
}

void ExecutionDetail::loadTasks()
{
    const int gen = m_generation;
    m_studio->client()->call(client::Request::of(client::Op::ExecutionChildren, m_id, {},
                                                 {{u"exclude_attributes"_s, u"liveaction"_s}}),
                             this, [this, gen](const client::ClientResult &r) {
                                 if (gen != m_generation || r.error)
                                     return;
                                 m_tasks = r.value.toList();
                                 showTasks();
                             });
}

Value ExecutionDetail::maskSecrets(const Value &params, const Value &schema)
{
    if (!params.isDict())
        return params;
    Value out = params;
    for (const auto &[name, value] : params.toDict()) {
        if (schema[name][u"secret"].toBool() && !value.isNull())
            out.dictRef().insert(name, kMask);
    }
    return out;
}

void ExecutionDetail::showDocument()
{
    showHeader();
    showParameters();
    showLog();
    m_resultDirty = true;
    showResultIfVisible();
}

void ExecutionDetail::showHeader()
{
    const Value &e = m_doc;
    const QString status = e[u"status"].toString();
    const qint64 start = execfmt::startMs(e);
    const qint64 end = execfmt::endMs(e);
    const qint64 until = end ? end : (execfmt::isActive(status) ? QDateTime::currentMSecsSinceEpoch() : 0);
    QStringList lines;
    lines << u"<b style=\"font-size:large\">%1</b> &nbsp; %2"_s.arg(
        link(u"actions"_s, e[u"action"][u"ref"].toString(), e[u"action"][u"ref"].toString(), palette()), status.toHtmlEscaped());
    QString times = tr("Started %1").arg(execfmt::localTime(e[u"start_timestamp"].toString()));
    if (end)
        times += u" · "_s + tr("ended %1").arg(execfmt::localTime(e[u"end_timestamp"].toString()));
    if (start && until)
        times += u" · "_s + execfmt::duration(until - start);
    lines << times;
    QStringList who;
    const QString origin = execfmt::origin(e);
    who << tr("Origin: %1").arg(origin);
    if (const QString user = e[u"context"][u"user"].toString(); !user.isEmpty())
        who << tr("user %1").arg(user.toHtmlEscaped());
    if (const QString rule = e[u"context"][u"rule"][u"ref"].toString(); !rule.isEmpty())
        who << tr("rule %1").arg(link(u"rules"_s, rule, rule, palette()));
    if (const QString ti = e[u"context"][u"trigger_instance"][u"id"].toString(); !ti.isEmpty())
        who << tr("trigger instance %1").arg(link(u"triggers"_s, ti, ti, palette()));
    if (const QString parent = e[u"parent"].toString(); !parent.isEmpty())
        who << tr("workflow %1").arg(link(u"history"_s, parent, parent, palette()));
    if (const QString rerun = e[u"context"][u"re-run"][u"ref"].toString(); !rerun.isEmpty())
        who << tr("re-run of %1").arg(link(u"history"_s, rerun, rerun, palette()));
    lines << who.join(u" · "_s);
    lines << u"<span style=\"color:gray\">%1</span>"_s.arg(tr("Execution %1").arg(e[u"id"].toString()));
    m_header->setText(lines.join(u"<br>"_s));
}

void ExecutionDetail::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && !m_doc.isNull())
        showHeader();
}

void ExecutionDetail::showParameters()
{
    m_parameters->setValue(maskSecrets(m_doc[u"parameters"], m_schema));
}

void ExecutionDetail::showLog()
{
    m_log->clear();
    for (const Value &entry : m_doc[u"log"].toList()) {
        auto *item = new QTreeWidgetItem(m_log, {entry[u"status"].toString(),
                                                 execfmt::localTime(entry[u"timestamp"].toString())});
        item->setIcon(0, icons::status(entry[u"status"].toString()));
    }
}

void ExecutionDetail::showTasks()
{
    m_taskList->clear();
    for (const Value &t : std::as_const(m_tasks)) {
        const qint64 s = execfmt::startMs(t), e = execfmt::endMs(t);
        auto *item = new QTreeWidgetItem(m_taskList, {execfmt::taskName(t), t[u"action"][u"ref"].toString(),
                                                      t[u"status"].toString(),
                                                      s && e ? execfmt::duration(e - s) : QString()});
        item->setIcon(2, icons::status(t[u"status"].toString()));
        item->setData(0, Qt::UserRole, t[u"id"].toString());
    }
    m_tabs->setTabVisible(m_tabs->indexOf(m_tasksTab), true);
    Q_EMIT tasksChanged();
}

void ExecutionDetail::showResultIfVisible()
{
    // A result can be megabytes: build its tree only when someone looks.
    if (!m_resultDirty || m_tabs->currentWidget() != m_result)
        return;
    m_resultDirty = false;
    m_result->setValue(m_doc[u"result"]);
}

void ExecutionDetail::applyEvents(const engine::EventBatch &batch)
{
    if (m_id.isEmpty())
        return;
    // Output first: it may come while the document itself is still loading.
    QList<std::pair<qint64, QString>> output;
    for (const engine::Event &ev : batch) {
        if (ev.kind == engine::EventKind::ExecutionOutput && ev.doc[u"execution_id"].toString() == m_id) {
            const Value offset = ev.doc[u"offset"];
            output.append({offset.isNumber() ? offset.toInt() : -1, ev.doc[u"data"].toString()});
        }
    }
    if (!m_outputLoaded)
        m_pendingOutput += output;
    else if (!output.isEmpty())
        appendOutput(output);
    if (m_doc.isNull())
        return;
    bool changed = false, tasksChanged = false;
    for (const engine::Event &ev : batch) {
        switch (ev.kind) {
        case engine::EventKind::ExecutionUpdate:
        case engine::EventKind::ExecutionCreate:
            if (ev.doc[u"id"].toString() == m_id) {
                m_doc = ev.doc;
                changed = true;
            } else if (ev.doc[u"parent"].toString() == m_id) {
                const QString id = ev.doc[u"id"].toString();
                bool found = false;
                for (Value &t : m_tasks) {
                    if (t[u"id"].toString() == id) {
                        t = ev.doc;
                        found = true;
                    }
                }
                if (!found)
                    m_tasks.append(ev.doc);
                tasksChanged = true;
            }
            break;
        default: break;
        }
    }
    if (changed)
        showDocument();
    if (tasksChanged)
        showTasks();
}

void ExecutionDetail::appendOutput(const QList<std::pair<qint64, QString>> &chunks)
{
    QString text;
    for (const auto &[offset, data] : chunks) {
        // A chunk the fetched output already held (wholly or in part) adds only
        // what is new; one without an offset (an older engine) is added as is.
        const qint64 known = offset < 0 ? 0 : m_outputLength - offset;
        if (known >= data.size())
            continue;
        const QString fresh = known > 0 ? data.mid(known) : data;
        text += fresh;
        m_outputLength += fresh.size();
    }
    if (text.isEmpty())
        return;
    QScrollBar *bar = m_output->verticalScrollBar();
    const bool atEnd = bar->value() == bar->maximum();
    m_output->moveCursor(QTextCursor::End);
    m_output->insertPlainText(text);
    if (atEnd)
        bar->setValue(bar->maximum());
}

} // namespace squall::ui
