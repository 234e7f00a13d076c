#include "ui/actions/RunActionDialog.h"

#include "client/Client.h"
#include "ui/common/JsonTreeView.h"
#include "ui/common/SchemaForm.h"
#include "ui/shell/Icons.h"
#include "ui/shell/Studio.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QShortcut>
#include <QSplitter>
#include <QVBoxLayout>

namespace squall::ui {

namespace {
bool isFinal(const QString &status)
{
    return status == u"succeeded" || status == u"failed" || status == u"timeout" || status == u"canceled"
           || status == u"abandoned";
}
} // namespace

RunActionDialog::RunActionDialog(Studio *studio, const QString &actionRef, QWidget *parent)
    : QDialog(parent), m_studio(studio), m_action(actionRef), m_form(new SchemaForm(this)),
      m_statusLabel(new QLabel(this)), m_output(new QPlainTextEdit(this)), m_result(new JsonTreeView(this)),
      m_run(new QPushButton(icons::get(QStringLiteral("run")), tr("Run"), this)),
      m_openHistory(new QPushButton(icons::get(QStringLiteral("link")), tr("Open in History"), this))
{
    setObjectName(QStringLiteral("runActionDialog"));
    setWindowTitle(tr("Run %1").arg(actionRef));
    setAccessibleName(tr("Run action %1").arg(actionRef));
    setAttribute(Qt::WA_DeleteOnClose);
    resize(720, 620);

    m_form->setObjectName(QStringLiteral("runForm"));
    m_form->setAccessibleName(tr("Parameters of %1").arg(actionRef));
    m_form->setAccessibleDescription(tr("Fill in the action's parameters, then Run"));
    m_form->setHideImmutable(true);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(m_form);

    m_statusLabel->setObjectName(QStringLiteral("runStatus"));
    m_statusLabel->setAccessibleName(tr("Execution status"));
    m_statusLabel->setWordWrap(true);
    m_statusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_statusLabel->setText(tr("Loading the parameters of %1…").arg(actionRef));
    m_output->setObjectName(QStringLiteral("runOutput"));
    m_output->setAccessibleName(tr("Output"));
    m_output->setAccessibleDescription(tr("The action's standard output and error, as they stream"));
    m_output->setReadOnly(true);
    m_output->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_output->setPlaceholderText(tr("Output appears here while the action runs."));
    m_result->setObjectName(QStringLiteral("runResult"));
    m_result->setAccessibleName(tr("Result"));

    m_run->setObjectName(QStringLiteral("runButton"));
    m_run->setAccessibleName(tr("Run"));
    m_run->setAccessibleDescription(tr("Validates the parameters and runs the action (Ctrl+Enter)"));
    m_run->setDefault(true);
    m_run->setEnabled(false);
    m_openHistory->setObjectName(QStringLiteral("runOpenInHistory"));
    m_openHistory->setAccessibleName(tr("Open in History"));
    m_openHistory->setAccessibleDescription(tr("Shows this execution on the History page"));
    m_openHistory->setEnabled(false);
    auto *close = new QPushButton(tr("Close"), this);
    close->setObjectName(QStringLiteral("runClose"));
    close->setAccessibleName(tr("Close"));
    connect(close, &QPushButton::clicked, this, &QDialog::close);
    connect(m_run, &QPushButton::clicked, this, &RunActionDialog::run);
    connect(m_openHistory, &QPushButton::clicked, this, [this] {
        m_studio->show(QStringLiteral("history"), m_executionId);
    });
    for (const QKeySequence &keys : {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)}) {
        auto *shortcut = new QShortcut(keys, this);
        connect(shortcut, &QShortcut::activated, m_run, &QPushButton::click);
    }

    auto *results = new QSplitter(Qt::Vertical, this);
    results->addWidget(m_output);
    results->addWidget(m_result);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(scroll);
    split->addWidget(results);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);
    split->setSizes({280, 300});
    results->setSizes({110, 190});
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_openHistory);
    buttons->addStretch(1);
    buttons->addWidget(close);
    buttons->addWidget(m_run);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split, 1);
    layout->addWidget(m_statusLabel);
    layout->addLayout(buttons);

    connect(studio, &Studio::eventsReceived, this, &RunActionDialog::onEvents);
    studio->client()->call(client::Request::of(client::Op::ActionParameters, actionRef), this,
                           [this](const client::ClientResult &r) {
                               if (!r.ok()) {
                                   m_statusLabel->setText(tr("Cannot load the parameters: %1").arg(r.errorText()));
                                   return;
                               }
                               m_form->setSchema(r.value[u"parameters"]);
                               m_statusLabel->setText(m_form->isEmptySchema() ? tr("This action takes no parameters.")
                                                                               : QString());
                               m_run->setEnabled(true);
                           });
}

void RunActionDialog::run()
{
    if (!m_run->isEnabled())
        return;
    if (!m_form->validate()) {
        m_statusLabel->setText(tr("Some parameters need attention."));
        return;
    }
    m_form->clearFieldErrors();
    m_executionId.clear();
    m_early.clear();
    m_output->clear();
    m_result->setValue(Value());
    m_openHistory->setEnabled(false);
    m_waiting = true;
    m_run->setEnabled(false);
    setStatus(QStringLiteral("requested"));
    const Value body = makeDict({{QStringLiteral("action"), m_action}, {QStringLiteral("parameters"), m_form->values()}});
    m_studio->client()->call(client::Request::of(client::Op::CreateExecution, {}, body), this,
                             [this](const client::ClientResult &r) {
                                 m_waiting = false;
                                 m_run->setEnabled(true);
                                 if (!r.ok()) {
                                     // An error naming a parameter goes next to it.
                                     QString field = r.error->field;
                                     if (field.startsWith(u"parameters."))
                                         field = field.mid(11);
                                     field = field.section(u'.', 0, 0);
                                     // Errors that name the parameter only in their text ("Failed to
                                     // cast parameter "timeout" ...") go there too.
                                     static const QRegularExpression named(
                                         QStringLiteral("parameters?\\W+\"?'?([A-Za-z_][A-Za-z0-9_]*)"));
                                     if (field.isEmpty()) {
                                         const QRegularExpressionMatch m = named.match(r.error->message);
                                         if (m.hasMatch() && m_form->fieldNames().contains(m.captured(1)))
                                             field = m.captured(1);
                                     }
                                     if (!field.isEmpty())
                                         m_form->setFieldErrors({{field, r.error->message}});
                                     m_status.clear();
                                     m_statusLabel->setText(tr("Not run: %1").arg(r.errorText()));
                                     return;
                                 }
                                 m_executionId = r.value[u"id"].toString();
                                 m_openHistory->setEnabled(true);
                                 setStatus(r.value[u"status"].toString());
                                 const engine::EventBatch early = std::exchange(m_early, {});
                                 for (const engine::Event &e : early)
                                     apply(e);
                                 if (isFinal(m_status))
                                     fetchFinal();
                             });
}

void RunActionDialog::onEvents(const engine::EventBatch &batch)
{
    for (const engine::Event &e : batch) {
        if (e.kind != engine::EventKind::ExecutionOutput && e.kind != engine::EventKind::ExecutionUpdate)
            continue;
        if (m_waiting)
            m_early.append(e);  // the answer with the id may come after its first events
        else
            apply(e);
    }
}

void RunActionDialog::apply(const engine::Event &e)
{
    if (m_executionId.isEmpty())
        return;
    if (e.kind == engine::EventKind::ExecutionOutput && e.doc[u"execution_id"].toString() == m_executionId) {
        m_output->moveCursor(QTextCursor::End);
        m_output->insertPlainText(e.doc[u"data"].toString());
    } else if (e.kind == engine::EventKind::ExecutionUpdate && e.doc[u"id"].toString() == m_executionId) {
        const bool wasFinal = isFinal(m_status);
        setStatus(e.doc[u"status"].toString());
        if (isFinal(m_status) && !wasFinal)
            fetchFinal();
    }
}

void RunActionDialog::setStatus(const QString &status)
{
    m_status = status;
    m_statusLabel->setText(m_executionId.isEmpty() ? tr("Status: %1").arg(status)
                                                   : tr("Execution %1: %2").arg(m_executionId, status));
}

void RunActionDialog::fetchFinal()
{
    // The whole output and the result, whatever events were batched or missed.
    const QString id = m_executionId;
    m_studio->client()->call(client::Request::of(client::Op::GetExecution, id), this,
                             [this, id](const client::ClientResult &r) {
                                 if (!r.ok() || id != m_executionId)
                                     return;
                                 m_result->setValue(r.value[u"result"]);
                                 setStatus(r.value[u"status"].toString());
                                 Q_EMIT finished(r.value);
                             });
    m_studio->client()->call(client::Request::of(client::Op::ExecutionOutput, id), this,
                             [this, id](const client::ClientResult &r) {
                                 if (r.ok() && id == m_executionId && !r.value.toString().isEmpty())
                                     m_output->setPlainText(r.value.toString());
                             });
}

} // namespace squall::ui
