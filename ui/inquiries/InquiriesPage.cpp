#include "ui/inquiries/InquiriesPage.h"

#include "base/Json.h"
#include "client/Client.h"
#include "ui/common/JsonTreeView.h"
#include "ui/common/SchemaForm.h"
#include "ui/inquiries/RelativeTime.h"
#include "ui/lists/ListDetailSplitter.h"
#include "ui/lists/ListPane.h"
#include "ui/lists/ResourceTableModel.h"
#include "ui/shell/Icons.h"
#include "ui/shell/Studio.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace squall::ui {

namespace {

bool isPending(const Value &e)
{
    return e[u"status"].toString() == u"pending";
}

QDateTime askedAt(const Value &e)
{
    return parseEngineTime(e[u"start_timestamp"].toString());
}

// Seconds before a pending inquiry times out; < 0 when it has no TTL.
qint64 secondsLeft(const Value &e)
{
    const qint64 ttlMinutes = e[u"result"][u"ttl"].toInt();
    const QDateTime at = askedAt(e);
    if (ttlMinutes <= 0 || !at.isValid())
        return -1;
    return qMax<qint64>(0, QDateTime::currentDateTimeUtc().secsTo(at.addSecs(ttlMinutes * 60)));
}

QString timeLeftText(const Value &e)
{
    if (!isPending(e))
        return QStringLiteral("—");
    const qint64 left = secondsLeft(e);
    if (left < 0)
        return QObject::tr("no limit");
    return left == 0 ? QObject::tr("expiring") : spanText(left);
}

QString whoText(const Value &e)
{
    QStringList who;
    for (const Value &u : e[u"result"][u"users"].toList())
        who.append(u.toString());
    for (const Value &r : e[u"result"][u"roles"].toList())
        who.append(QObject::tr("role %1").arg(r.toString()));
    return who.isEmpty() ? QObject::tr("anyone") : who.join(QStringLiteral(", "));
}

QString statusText(const Value &e)
{
    const QString s = e[u"status"].toString();
    if (s == u"succeeded")
        return QObject::tr("answered");
    if (s == u"timeout")
        return QObject::tr("timed out");
    return s;
}

// Pending first, newest first within each group.
QVariant pendingFirstKey(const Value &e)
{
    const qint64 ms = askedAt(e).toMSecsSinceEpoch();
    return QStringLiteral("%1-%2").arg(isPending(e) ? 0 : 1).arg(std::numeric_limits<qint64>::max() - ms, 19, 10,
                                                                    QLatin1Char('0'));
}

QString taskName(const Value &child)
{
    const QString orquesta = child[u"context"][u"orquesta"][u"task_name"].toString();
    if (!orquesta.isEmpty())
        return orquesta;
    return child[u"context"][u"chain"][u"name"].toString();
}

} // namespace

InquiriesPage::InquiriesPage(Studio *studio, QWidget *parent)
    : Page(studio, parent),
      m_model(new ResourceTableModel(
          QStringLiteral("id"),
          {
              {tr("Status"), [](const Value &e) { return statusText(e); },
               [](const Value &e) { return icons::status(e[u"status"].toString()); }, pendingFirstKey},
              {tr("Route"), [](const Value &e) { return e[u"result"][u"route"].toString(); }},
              {tr("Asked"), [](const Value &e) { return relativeText(askedAt(e)); }, {},
               [](const Value &e) { return QVariant(askedAt(e)); },
               [](const Value &e) { return shortTime(e[u"start_timestamp"].toString()); }},
              {tr("Time left"), [](const Value &e) { return timeLeftText(e); }, {},
               [](const Value &e) { return QVariant(isPending(e) ? secondsLeft(e) : -2); }},
              {tr("Who may answer"), [](const Value &e) { return whoText(e); }},
          },
          this)),
      m_list(new ListPane(QStringLiteral("inquiries"), tr("inquiries"), m_model, this)),
      m_clock(new QTimer(this))
{
    m_list->setEmptyText(tr("No inquiries.\nA workflow that runs core.ask waits here for a person's answer."));
    auto *refresh = m_list->addButton(QStringLiteral("reload"), tr("Reload"), QStringLiteral("inquiriesReload"));
    connect(refresh, &QToolButton::clicked, this, &InquiriesPage::reload);

    // The answer side.
    auto *answerBox = new QGroupBox(tr("Answer"), this);
    m_heading = new QLabel(tr("Select an inquiry to answer it."), answerBox);
    m_heading->setObjectName(QStringLiteral("inquiryHeading"));
    m_heading->setWordWrap(true);
    m_facts = new QLabel(answerBox);
    m_facts->setObjectName(QStringLiteral("inquiryFacts"));
    m_facts->setWordWrap(true);
    m_facts->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_form = new SchemaForm(answerBox);
    m_form->setObjectName(QStringLiteral("inquiryForm"));
    m_form->setAccessibleName(tr("Answer form"));
    auto *formScroll = new QScrollArea(answerBox);
    formScroll->setWidget(m_form);
    formScroll->setWidgetResizable(true);
    formScroll->setFrameShape(QFrame::NoFrame);
    formScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_answer = new QPushButton(icons::get(QStringLiteral("answer")), tr("Answer"), answerBox);
    m_answer->setObjectName(QStringLiteral("inquiryAnswer"));
    m_answer->setAccessibleName(tr("Answer inquiry"));
    m_answer->setAccessibleDescription(tr("Sends the answer; the waiting workflow resumes"));
    m_answer->setDefault(true);
    m_answer->setEnabled(false);
    m_outcome = new QLabel(answerBox);
    m_outcome->setObjectName(QStringLiteral("inquiryOutcome"));
    m_outcome->setWordWrap(true);
    auto *answerRow = new QHBoxLayout;
    answerRow->addWidget(m_outcome, 1);
    answerRow->addWidget(m_answer);
    auto *answerLayout = new QVBoxLayout(answerBox);
    answerLayout->addWidget(m_heading);
    answerLayout->addWidget(m_facts);
    answerLayout->addWidget(formScroll, 1);
    answerLayout->addLayout(answerRow);

    // The workflow that waits.
    auto *workflowBox = new QGroupBox(tr("Paused workflow"), this);
    m_workflowHeading = new QLabel(tr("Select an inquiry to see the workflow that waits for it."), workflowBox);
    m_workflowHeading->setObjectName(QStringLiteral("inquiryWorkflow"));
    m_workflowHeading->setWordWrap(true);
    m_openWorkflow = new QToolButton(workflowBox);
    m_openWorkflow->setObjectName(QStringLiteral("inquiryOpenWorkflow"));
    m_openWorkflow->setAccessibleDescription(tr("Shows the paused workflow on the History page"));
    m_openWorkflow->setIcon(icons::get(QStringLiteral("history")));
    m_openWorkflow->setText(tr("Open in History"));
    m_openWorkflow->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_openWorkflow->setAccessibleName(tr("Open the workflow in History"));
    m_openWorkflow->setEnabled(false);
    connect(m_openWorkflow, &QToolButton::clicked, this, [this] {
        if (!m_workflowId.isEmpty())
            this->studio()->show(QStringLiteral("history"), m_workflowId);
    });
    m_tasks = new QTreeWidget(workflowBox);
    m_tasks->setObjectName(QStringLiteral("inquiryTasks"));
    m_tasks->setAccessibleDescription(tr("The paused workflow's tasks with their status"));
    m_tasks->setAccessibleName(tr("Workflow tasks"));
    m_tasks->setHeaderLabels({tr("Task"), tr("Action"), tr("Status")});
    m_tasks->setRootIsDecorated(false);
    m_tasks->setUniformRowHeights(true);
    m_tasks->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    connect(m_tasks, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        this->studio()->show(QStringLiteral("history"), item->data(0, Qt::UserRole).toString());
    });
    m_context = new JsonTreeView(workflowBox);
    m_context->setObjectName(QStringLiteral("inquiryContext"));
    m_context->setAccessibleName(tr("Workflow parameters and context"));
    auto *workflowTop = new QHBoxLayout;
    workflowTop->addWidget(m_workflowHeading, 1);
    workflowTop->addWidget(m_openWorkflow);
    auto *workflowSplit = new QSplitter(Qt::Vertical, workflowBox);
    workflowSplit->addWidget(m_tasks);
    workflowSplit->addWidget(m_context);
    workflowSplit->setStretchFactor(1, 2);
    auto *workflowLayout = new QVBoxLayout(workflowBox);
    workflowLayout->addLayout(workflowTop);
    workflowLayout->addWidget(workflowSplit, 1);

    auto *right = new QSplitter(Qt::Vertical, this);
    right->addWidget(answerBox);
    right->addWidget(workflowBox);
    right->setStretchFactor(0, 1);
    right->setStretchFactor(1, 1);

    QHeaderView *header = m_list->view()->header();
    header->resizeSection(0, 110);
    header->resizeSection(1, 110);
    header->resizeSection(2, 90);
    header->resizeSection(3, 80);

    m_splitter = addListDetailSplitter(this, QStringLiteral("inquiriesSplitter"), m_list, right,
                                       {.listStretch = 1, .detailStretch = 1});

    connect(m_list, &ListPane::currentChanged, this, [this](const Value &e) {
        if (!e.isNull())
            showInquiry(e);
    });
    connect(m_answer, &QPushButton::clicked, this, &InquiriesPage::answer);
    // Ages and times left move on by themselves.
    m_clock->setInterval(15'000);
    connect(m_clock, &QTimer::timeout, this, &InquiriesPage::refreshTimes);
    m_clock->start();

    addCommand(tr("Answer Inquiry"), QKeySequence(Qt::CTRL | Qt::Key_Return), [this] { answer(); },
               QStringLiteral("inquiriesAnswerCommand"));
}

void InquiriesPage::reload()
{
    m_list->setLoading(true);
    // Every inquiry execution, newest first: pending ones and those answered
    // or timed out (which the inquiries endpoint no longer lists).
    const QHash<QString, QString> params{{QStringLiteral("runner"), QStringLiteral("inquirer")},
                                         {QStringLiteral("limit"), QStringLiteral("200")}};
    studio()->client()->call(client::Request::of(client::Op::ListExecutions, {}, {}, params), this,
                             [this](const client::ClientResult &r) {
                                 if (!r.ok()) {
                                     m_list->setError(tr("Could not list inquiries: %1").arg(r.errorText()));
                                     return;
                                 }
                                 const QString keep = m_list->currentId();
                                 m_model->setItems(r.value.toList());
                                 m_list->setLoading(false);
                                 m_list->view()->sortByColumn(0, Qt::AscendingOrder);
                                 if (!m_pendingSelect.isEmpty() && m_list->select(m_pendingSelect))
                                     m_pendingSelect.clear();
                                 else if (!keep.isEmpty())
                                     m_list->select(keep);
                                 // Open on the most urgent question.
                                 if (m_current.isNull() && m_model->rowCount() > 0)
                                     m_list->view()->setCurrentIndex(m_list->view()->model()->index(0, 0));
                             });
}

void InquiriesPage::showObject(const QString &id)
{
    if (!m_list->select(id)) {
        m_pendingSelect = id;
        if (isLoaded())
            fetchInquiry(id);
    }
}

void InquiriesPage::focusSearch()
{
    m_list->searchField()->setFocus(Qt::ShortcutFocusReason);
}

void InquiriesPage::fetchInquiry(const QString &id)
{
    studio()->client()->call(client::Op::GetExecution, id, this, [this, id](const client::ClientResult &r) {
        if (!r.ok())
            return;
        m_model->upsert(r.value);
        if (m_pendingSelect == id && m_list->select(id))
            m_pendingSelect.clear();
        else if (m_current[u"id"].toString() == id)
            showInquiry(r.value);
        else if (m_current.isNull() && isPending(r.value))
            m_list->select(id);  // nothing was open: the new question is what needs an answer
    });
}

void InquiriesPage::showInquiry(const Value &execution)
{
    const bool sameInquiry = m_current[u"id"].toString() == execution[u"id"].toString();
    const bool wasPending = sameInquiry && isPending(m_current);
    m_current = execution;
    const Value result = execution[u"result"];
    const bool pending = isPending(execution);
    const QString route = result[u"route"].toString();
    m_heading->setText(tr("<b>%1</b> · %2")
                           .arg(route.isEmpty() ? tr("Inquiry") : route.toHtmlEscaped(), statusText(execution)));
    QStringList facts;
    // What is asked lives in the schema's field descriptions (core.ask's question).
    for (const auto &[field, spec] : result[u"schema"][u"properties"].toDict()) {
        if (!spec[u"description"].toString().isEmpty())
            facts << tr("<b>%1</b>: %2").arg(field.toHtmlEscaped(), spec[u"description"].toString().toHtmlEscaped());
    }
    facts << tr("Asked %1 (%2)").arg(relativeText(askedAt(execution)), shortTime(execution[u"start_timestamp"].toString()));
    if (pending)
        facts << tr("Time left: %1 of a %2 min TTL").arg(timeLeftText(execution)).arg(result[u"ttl"].toInt());
    facts << tr("Who may answer: %1").arg(whoText(execution));
    m_facts->setText(facts.join(QStringLiteral("<br>")));

    // Built again only when the question changes: once it waits for an answer
    // (seen first while still starting, then pending), what the user types stays.
    if (!wasPending || !pending) {
        m_form->setSchema(result[u"schema"]);
        if (!pending && result[u"response"].isDict())
            m_form->setValues(result[u"response"]);
    }
    m_form->setEnabled(pending);
    m_answer->setEnabled(pending);
    if (!sameInquiry)
        m_outcome->clear();
    if (!pending)
        m_outcome->setText(execution[u"status"].toString() == u"succeeded"
                               ? tr("Answered: %1").arg(json::toString(result[u"response"]))
                               : tr("This inquiry timed out; it can no longer be answered."));

    const QString workflow = execution[u"parent"].toString();
    if (workflow != m_workflowId || !sameInquiry) {
        m_workflowId = workflow;
        m_tasks->clear();
        m_context->setValue(Value(ValueDict()));
        m_openWorkflow->setEnabled(!workflow.isEmpty());
        m_workflowHeading->setText(workflow.isEmpty() ? tr("No workflow: this inquiry was asked on its own.")
                                                      : tr("Loading the workflow…"));
        if (!workflow.isEmpty())
            loadWorkflow(workflow);
    }
}

void InquiriesPage::loadWorkflow(const QString &id)
{
    studio()->client()->call(client::Op::GetExecution, id, this, [this, id](const client::ClientResult &r) {
        if (id != m_workflowId)
            return;
        if (!r.ok()) {
            m_workflowHeading->setText(tr("The workflow could not be read: %1").arg(r.errorText()));
            return;
        }
        showWorkflow(r.value);
    });
    studio()->client()->call(client::Op::ExecutionChildren, id, this, [this, id](const client::ClientResult &r) {
        if (id == m_workflowId && r.ok())
            showTasks(r.value.toList());
    });
}

void InquiriesPage::showWorkflow(const Value &fetched)
{
    const Value workflow = m_recent.newest(fetched);
    const QString status = workflow[u"status"].toString();
    m_workflowHeading->setText(tr("<b>%1</b> · %2 · started %3")
                                   .arg(workflow[u"action"][u"ref"].toString().toHtmlEscaped(), status,
                                        relativeText(parseEngineTime(workflow[u"start_timestamp"].toString()))));
    m_workflowHeading->setProperty("status", status);
    ValueDict doc{{QStringLiteral("parameters"), workflow[u"parameters"]},
                  {QStringLiteral("context"), workflow[u"context"]}};
    if (!workflow[u"result"].isNull())
        doc.insert(QStringLiteral("result"), workflow[u"result"]);
    m_context->setValue(Value(std::move(doc)));
}

void InquiriesPage::showTasks(const ValueList &children)
{
    m_tasks->clear();
    for (const Value &fetched : children) {
        const Value c = m_recent.newest(fetched);
        auto *item = new QTreeWidgetItem(m_tasks, {taskName(c), c[u"action"][u"ref"].toString(), c[u"status"].toString()});
        item->setIcon(2, icons::status(c[u"status"].toString()));
        item->setData(0, Qt::UserRole, c[u"id"].toString());
    }
}

void InquiriesPage::answer()
{
    if (m_current.isNull() || !isPending(m_current))
        return;
    if (!m_form->validate()) {
        m_outcome->setText(tr("Fix the marked fields first."));
        return;
    }
    const QString id = m_current[u"id"].toString();
    const Value body = makeDict({{QStringLiteral("id"), id}, {QStringLiteral("response"), m_form->values()}});
    m_answer->setEnabled(false);
    m_outcome->setText(tr("Sending…"));
    studio()->client()->call(client::Request::of(client::Op::RespondInquiry, id, body), this,
                             [this, id](const client::ClientResult &r) {
                                 if (m_current[u"id"].toString() != id)
                                     return;
                                 if (!r.ok()) {
                                     m_answer->setEnabled(true);
                                     m_outcome->setText(tr("Not accepted: %1").arg(r.errorText()));
                                     if (r.error && !r.error->field.isEmpty())
                                         m_form->setFieldErrors({{r.error->field.section(u'.', -1), r.error->message}});
                                     studio()->tell(tr("The answer was not accepted: %1").arg(r.errorText()));
                                     return;
                                 }
                                 m_outcome->setText(tr("Answered; the workflow resumes."));
                                 studio()->tell(tr("Inquiry answered"));
                                 fetchInquiry(id);
                             });
}

void InquiriesPage::onEvent(const engine::Event &event)
{
    using engine::EventKind;
    switch (event.kind) {
    case EventKind::InquiryCreate:
    case EventKind::InquiryUpdate:
        fetchInquiry(event.doc[u"id"].toString());
        break;
    case EventKind::ExecutionCreate:
    case EventKind::ExecutionUpdate: {
        m_recent.note(event.doc);
        if (m_workflowId.isEmpty())
            break;
        const QString id = event.doc[u"id"].toString();
        if (id == m_workflowId)
            showWorkflow(event.doc);
        if (id == m_workflowId || event.doc[u"parent"].toString() == m_workflowId)
            studio()->client()->call(client::Op::ExecutionChildren, m_workflowId, this,
                                     [this, wf = m_workflowId](const client::ClientResult &r) {
                                         if (wf == m_workflowId && r.ok())
                                             showTasks(r.value.toList());
                                     });
        break;
    }
    default:
        break;
    }
}

void InquiriesPage::refreshTimes()
{
    // Cells compute ages from the clock; a repaint moves them on.
    m_list->view()->viewport()->update();
    if (!m_current.isNull() && isPending(m_current))
        showInquiry(m_current);
}

} // namespace squall::ui
