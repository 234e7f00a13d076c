#include "ui/workflows/WorkflowDesigner.h"

#include "base/Json.h"
#include "client/Client.h"
#include "ui/shell/Icons.h"
#include "ui/shell/Studio.h"
#include "ui/workflow/canvas/DesignerCanvas.h"
#include "ui/workflow/document/DocumentEditCommand.h"
#include "ui/workflow/document/WorkflowDocument.h"
#include "ui/workflow/panes/ActionPalette.h"
#include "ui/workflow/panes/ProblemsList.h"
#include "ui/workflow/panes/Qsci.h"
#include "ui/workflow/panes/TaskInspector.h"
#include "ui/workflow/panes/WorkflowPropertiesEditor.h"
#include "ui/workflow/panes/WorkflowYamlEditor.h"
#include "ui/workflows/WorkflowRunPanel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QGraphicsView>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>

namespace squall::ui {

namespace {

constexpr int kTypingMerge = 1;
const auto kTasksMime = QStringLiteral("application/x-squall-workflow-tasks");

// One merge key per (task, field): repeated edits of a field make one undo step.
int fieldMergeKey(const QString &task, const QString &key)
{
    return 0x100 + int(qHash(task + u'/' + key) & 0x3fffffff);
}

QString settingsKey(const QString &ref)
{
    return QStringLiteral("designer/positions/") + ref;
}

// The last part of an action ref, as a task name: "core.local" -> "local".
QString taskNameFor(const QString &ref, WorkflowDocument::Kind kind)
{
    QString base = ref.section(u'.', -1);
    for (QChar &c : base) {
        if (!c.isLetterOrNumber() && c != u'_')
            c = u'_';
    }
    if (base.isEmpty() || base.front().isDigit())
        base.prepend(QStringLiteral("task_"));
    // "noop", "fail"... are engine commands, not names a task may take.
    if (!WorkflowDocument::isValidTaskName(base, kind))
        base += QStringLiteral("_step");
    return base;
}

} // namespace

WorkflowDesigner::WorkflowDesigner(Studio *studio, QWidget *parent)
    : QWidget(parent), m_studio(studio), m_doc(new WorkflowDocument(this)), m_undo(new QUndoStack(this)),
      m_toolBar(new QToolBar(this)), m_heading(new QLabel(this)), m_summary(new QLabel(this)),
      m_palette(new ActionPalette(studio, this)), m_canvas(new DesignerCanvas(this)),
      m_yaml(new WorkflowYamlEditor(this)), m_inspector(new TaskInspector(studio, this)),
      m_properties(new WorkflowPropertiesEditor(this)), m_problems(new ProblemsList(this)),
      m_runs(new WorkflowRunPanel(studio, this)), m_side(new QTabWidget(this)), m_split(new QSplitter(this)),
      m_inspectTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("workflowDesigner"));
    QFont heading = m_heading->font();
    heading.setPointSizeF(heading.pointSizeF() * 1.25);
    heading.setBold(true);
    m_heading->setFont(heading);
    m_heading->setObjectName(QStringLiteral("designerHeading"));
    m_heading->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setObjectName(QStringLiteral("workflowSummary"));
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setWordWrap(true);
    connect(m_summary, &QLabel::linkActivated, this, [this](const QString &link) {
        m_studio->show(QStringLiteral("actions"), link);
    });
    buildToolBar();

    m_side->setObjectName(QStringLiteral("designerSide"));
    m_side->setAccessibleName(tr("Designer panels"));
    m_side->addTab(m_inspector, icons::get(QStringLiteral("edit")), tr("Task"));
    m_side->addTab(m_properties, icons::get(QStringLiteral("workflows")), tr("Workflow"));
    m_side->addTab(m_runs, icons::get(QStringLiteral("run")), tr("Runs"));

    auto *left = new QSplitter(Qt::Vertical, this);
    left->setObjectName(QStringLiteral("designerLeft"));
    left->addWidget(m_palette);
    left->addWidget(m_problems);
    left->setStretchFactor(0, 3);
    left->setStretchFactor(1, 1);
    left->setChildrenCollapsible(false);

    auto *centre = new QSplitter(Qt::Vertical, this);
    centre->setObjectName(QStringLiteral("designerCentre"));
    centre->addWidget(m_canvas);
    centre->addWidget(m_yaml);
    centre->setStretchFactor(0, 3);
    centre->setStretchFactor(1, 2);
    centre->setChildrenCollapsible(false);

    m_split->setObjectName(QStringLiteral("designerSplitter"));
    m_split->addWidget(left);
    m_split->addWidget(centre);
    m_split->addWidget(m_side);
    m_split->setStretchFactor(0, 0);
    m_split->setStretchFactor(1, 1);
    m_split->setStretchFactor(2, 0);
    m_split->setSizes({210, 700, 330});
    m_split->setChildrenCollapsible(false);

    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_heading);
    top->addStretch(1);
    top->addWidget(m_toolBar);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_summary);
    layout->addWidget(m_split, 1);

    m_inspectTimer->setSingleShot(true);
    m_inspectTimer->setInterval(250);
    connect(m_inspectTimer, &QTimer::timeout, this, &WorkflowDesigner::inspectNow);
    connect(m_doc, &WorkflowDocument::parsed, this, &WorkflowDesigner::onParsed);
    connect(m_doc, &WorkflowDocument::textChanged, this, &WorkflowDesigner::onDocumentText);
    connect(m_yaml, &WorkflowYamlEditor::userEdited, this, &WorkflowDesigner::onYamlTyped);
    connect(m_yaml, &WorkflowYamlEditor::cursorMoved, this, &WorkflowDesigner::onYamlCursor);
    connect(m_undo, &QUndoStack::cleanChanged, this, [this](bool clean) {
        updateActions();
        Q_EMIT modifiedChanged(!clean);
    });

    // Canvas intents become text edits.
    connect(m_canvas, &DesignerCanvas::actionDropped, this, [this](const QString &ref, const QPointF &) {
        const QString name = m_doc->uniqueTaskName(taskNameFor(ref, m_doc->kind()));
        QString why;
        const Value body = actionChain() ? Value(ValueDict{{QStringLiteral("name"), name}, {QStringLiteral("ref"), ref}})
                                         : Value(ValueDict{{QStringLiteral("action"), ref}});
        if (edit(m_doc->addTask(name, body, &why), tr("Add task %1").arg(name), why))
            m_canvas->selectTasks({name});
    });
    connect(m_palette, &ActionPalette::actionActivated, this, [this](const QString &ref) {
        const QRectF seen = m_canvas->view()->mapToScene(m_canvas->view()->viewport()->rect()).boundingRect();
        Q_EMIT m_canvas->actionDropped(ref, seen.center());
    });
    connect(m_canvas, &DesignerCanvas::transitionDrawn, this, [this](const QString &from, const QString &to) {
        QString why;
        const Value when = actionChain() ? Value(QStringLiteral("success")) : Value(QStringLiteral("<% succeeded() %>"));
        edit(m_doc->addTransition(from, to, when, &why), tr("Add transition %1 → %2").arg(from, to), why);
    });
    connect(m_canvas, &DesignerCanvas::deleteRequested, this,
            [this](const QStringList &tasks, const QList<DesignerCanvas::TransitionRef> &transitions) {
                m_undo->beginMacro(tasks.isEmpty() ? tr("Delete transition") : tr("Delete %n task(s)", nullptr, int(tasks.size())));
                // Transitions last to first in each task, so earlier indexes stay valid.
                QList<DesignerCanvas::TransitionRef> ordered = transitions;
                std::sort(ordered.begin(), ordered.end(), [](const auto &a, const auto &b) {
                    return a.from != b.from ? a.from < b.from : a.nextIndex > b.nextIndex;
                });
                for (const auto &t : std::as_const(ordered)) {
                    if (tasks.contains(t.from) || tasks.contains(t.to))
                        continue;  // goes with its task
                    QString why;
                    edit(m_doc->removeTransition(t.from, t.nextIndex, t.to, &why), tr("Delete transition"), why);
                }
                if (!tasks.isEmpty()) {
                    QString why;
                    edit(m_doc->removeTasks(tasks, &why), tr("Delete tasks"), why);
                }
                m_undo->endMacro();
            });
    connect(m_canvas, &DesignerCanvas::selectionChanged, this, &WorkflowDesigner::onCanvasSelection);
    connect(m_canvas, &DesignerCanvas::taskActivated, this, [this](const QString &task) {
        showTask(task);
        m_side->setCurrentWidget(m_inspector);
        m_inspector->setFocus();
    });
    connect(m_canvas, &DesignerCanvas::positionsChanged, this, [this] { savePositions(); });
    connect(m_canvas, &DesignerCanvas::copyRequested, this, &WorkflowDesigner::copySelection);
    connect(m_canvas, &DesignerCanvas::pasteRequested, this, [this](const QPointF &) { paste(); });

    // Inspector and properties intents.
    connect(m_inspector, &TaskInspector::fieldEdited, this, [this](const QString &task, const QString &key, const Value &value) {
        QString why;
        const QString action = m_doc->task(task)[u"action"].toString().trimmed();
        if (key == u"input" && !actionChain() && action.contains(u' ')) {
            // The form shows inline parameters ("core.echo message=hi"); once
            // edited they move to `input`, the action keeps its bare ref.
            m_undo->beginMacro(tr("Edit input of %1").arg(task));
            edit(m_doc->setTaskField(task, QStringLiteral("action"), action.section(u' ', 0, 0), &why), QString(), why);
            edit(m_doc->setTaskField(task, key, value, &why), QString(), why);
            m_undo->endMacro();
            return;
        }
        edit(m_doc->setTaskField(task, key, value, &why), tr("Edit %1 of %2").arg(key, task), why, fieldMergeKey(task, key));
    });
    connect(m_inspector, &TaskInspector::renameRequested, this, [this](const QString &task, const QString &name) {
        QString why;
        const TextEdits plan = m_doc->renameTask(task, name, &why);
        if (plan.isEmpty()) {
            m_studio->tell(tr("Cannot rename %1: %2").arg(task, why));
            showTask(task);
            return;
        }
        const auto pos = m_canvas->positions();
        if (pos.contains(task))
            m_positions.insert(name, pos.value(task));
        m_shownTask = name;
        edit(plan, tr("Rename %1 to %2").arg(task, name), why);
        m_canvas->selectTasks({name});
    });
    connect(m_inspector, &TaskInspector::transitionEdited, this, [this](const QString &task, int index, const Value &entry) {
        QString why;
        edit(m_doc->setTransition(task, index, entry, &why), tr("Edit transition of %1").arg(task), why,
             fieldMergeKey(task, QStringLiteral("next%1").arg(index)));
    });
    connect(m_inspector, &TaskInspector::transitionAdded, this, [this](const QString &task, const Value &entry) {
        QString why;
        const int count = int(m_doc->task(task)[u"next"].toList().size());
        edit(m_doc->setTransition(task, count, entry, &why), tr("Add transition to %1").arg(task), why);
    });
    connect(m_inspector, &TaskInspector::transitionRemoved, this, [this](const QString &task, int index) {
        QString why;
        edit(m_doc->setTransition(task, index, Value(), &why), tr("Remove transition of %1").arg(task), why);
    });
    connect(m_properties, &WorkflowPropertiesEditor::workflowFieldEdited, this, [this](const QString &key, const Value &value) {
        QString why;
        edit(m_doc->setWorkflowField(key, value, &why), tr("Edit workflow %1").arg(key), why,
             fieldMergeKey(QString(), key));
    });
    connect(m_problems, &ProblemsList::problemActivated, this, [this](const workflow::InspectionError &p) {
        const QString task = p.specPath.startsWith(u"tasks.") ? p.specPath.section(u'.', 1, 1).section(u'[', 0, 0) : QString();
        if (!task.isEmpty() && m_doc->taskSpan(task))
            m_canvas->selectTasks({task});
        if (p.location.line > 0) {
            m_yaml->editor()->setCursorPosition(p.location.line - 1, qMax(0, p.location.column - 1));
            m_yaml->editor()->ensureLineVisible(p.location.line - 1);
            m_yaml->setFocus();
        }
    });

    // Runs colour the graph.
    connect(m_runs, &WorkflowRunPanel::statesChanged, this, [this] {
        m_canvas->setTaskStates(m_runs->taskStates());
        QList<DesignerCanvas::TransitionRef> taken;
        for (const auto &[from, to] : m_runs->path()) {
            for (const auto &e : m_doc->graph().edges) {
                if (e.from == from && e.to == to) {
                    taken.append({from, e.nextIndex, to});
                    break;
                }
            }
        }
        m_canvas->setTakenTransitions(taken);
        updateActions();
    });
    connect(m_runs, &WorkflowRunPanel::runRequested, this, &WorkflowDesigner::runWorkflow);
    connect(m_runs, &WorkflowRunPanel::simulateRequested, this, &WorkflowDesigner::simulate);
    connect(m_runs, &WorkflowRunPanel::reRunRequested, this, &WorkflowDesigner::reRunFromSelected);

    open({});
}

WorkflowDesigner::~WorkflowDesigner() = default;

void WorkflowDesigner::buildToolBar()
{
    m_toolBar->setObjectName(QStringLiteral("designerToolBar"));
    m_toolBar->setAccessibleName(tr("Designer tools"));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toolBar->setIconSize(QSize(16, 16));
    auto add = [this](const QString &icon, const QString &text, const QString &name, const QKeySequence &keys,
                      const QString &description, auto &&slot) {
        QAction *a = m_toolBar->addAction(icons::get(icon), text);
        a->setObjectName(name);
        // The page's commands carry the shortcuts (menus, palette); these show them.
        a->setProperty("keys", keys);
        a->setToolTip(keys.isEmpty() ? description : tr("%1 (%2)").arg(description, keys.toString(QKeySequence::NativeText)));
        connect(a, &QAction::triggered, this, slot);
        m_actions.append(a);
        return a;
    };
    m_saveAction = add(QStringLiteral("save"), tr("Save"), QStringLiteral("designerSave"), QKeySequence::Save,
                       tr("Save the workflow file into its pack"), [this] { save(); });
    add(QStringLiteral("run"), tr("Run…"), QStringLiteral("designerRun"), QKeySequence(Qt::CTRL | Qt::Key_R),
        tr("Run the workflow and follow its tasks on the graph"), [this] { runWorkflow(); });
    add(QStringLiteral("test"), tr("Simulate…"), QStringLiteral("designerSimulate"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
        tr("Run the workflow offline with mocked results and show the path taken"), [this] { simulate(); });
    m_rerunAction = add(QStringLiteral("rerun"), tr("Re-run from here"), QStringLiteral("designerReRun"), QKeySequence(),
                        tr("Run the shown execution again from the selected tasks"), [this] { reRunFromSelected(); });
    m_toolBar->addSeparator();
    add(QStringLiteral("reload"), tr("Arrange"), QStringLiteral("designerArrange"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L),
        tr("Lay the graph out again"), [this] { arrange(); });
    add(QStringLiteral("link"), tr("Export…"), QStringLiteral("designerExport"), QKeySequence(),
        tr("Export the graph as an SVG or PNG picture"), [this] { exportGraph(); });
    updateActions();
}

void WorkflowDesigner::open(const Value &action)
{
    m_action = action;
    m_ref = action[u"ref"].toString();
    m_loaded = false;
    m_shownTask.clear();
    m_inspector->clearTask();
    m_undo->clear();
    m_runs->setWorkflow(m_ref);
    m_canvas->setTaskStates({});
    m_canvas->setTakenTransitions({});
    if (m_ref.isEmpty()) {
        m_heading->setText(tr("Workflows"));
        m_summary->setText(tr("Choose a workflow to design it, or create a new one."));
        setDocumentText(QString());
        m_split->setEnabled(false);
        updateActions();
        return;
    }
    m_split->setEnabled(true);
    const QString runner = action[u"runner_type"].toString();
    m_heading->setText(m_ref);
    m_summary->setText(tr("%1 · <code>%2</code> · <a href=\"%3\">open in Actions</a> · %4")
                           .arg(runner == u"action-chain" ? tr("ActionChain") : tr("Orquesta"),
                                action[u"entry_point"].toString().toHtmlEscaped(), m_ref.toHtmlEscaped(),
                                action[u"description"].toString().toHtmlEscaped()));
    m_doc->setFileName(action[u"entry_point"].toString());
    loadPositions();
    const QString ref = m_ref;
    m_studio->client()->call(client::Op::ActionEntryPoint, ref, this, [this, ref](const client::ClientResult &r) {
        if (ref != m_ref)
            return;
        if (!r.ok()) {
            m_studio->tell(tr("Could not read %1: %2").arg(ref, r.errorText()));
            m_yaml->setText(tr("# Could not read the definition: %1").arg(r.errorText()));
            m_yaml->setReadOnly(true);
            return;
        }
        m_yaml->setReadOnly(false);
        m_loaded = true;
        setDocumentText(r.value.toString());
        showReadable();
        m_undo->setClean();
        updateActions();
        Q_EMIT opened(ref);
    });
}

void WorkflowDesigner::setDocumentText(const QString &text)
{
    // The YAML pane gets the whole text once, not as an edit of what it showed.
    m_applyingTyping = true;
    m_doc->setText(text);
    m_applyingTyping = false;
    m_yaml->setText(text);
}

void WorkflowDesigner::showReadable()
{
    m_canvas->fitToView();
    // A long workflow fitted whole is too small to read: start at its first
    // tasks at a size that reads, the minimap shows the rest.
    if (m_canvas->zoom() < 0.45 && !m_doc->graph().nodes.isEmpty()) {
        m_canvas->setZoom(0.6);
        m_canvas->view()->centerOn(m_canvas->scenePosOf(m_doc->graph().nodes.constFirst().id)
                                   + QPointF(0, m_canvas->view()->viewport()->height() / 2.0 / 0.6 - 60));
    }
}

void WorkflowDesigner::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_sized)
        return;
    m_sized = true;
    // The graph takes what the palette and the side panel leave.
    const int total = m_split->width();
    const int left = 180, side = std::min(340, total / 4);
    m_split->setSizes({left, std::max(300, total - left - side), side});
}

bool WorkflowDesigner::isModified() const
{
    return m_loaded && !m_undo->isClean();
}

bool WorkflowDesigner::confirmDiscard()
{
    if (!isModified())
        return true;
    const auto answer = QMessageBox::question(this, tr("Unsaved workflow"),
                                              tr("%1 has changes that are not saved. Save them?").arg(m_ref),
                                              QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel,
                                              QMessageBox::Save);
    if (answer == QMessageBox::Cancel)
        return false;
    if (answer == QMessageBox::Save)
        save();
    else
        m_undo->setClean();
    return true;
}

void WorkflowDesigner::save()
{
    if (!m_loaded)
        return;
    m_doc->parseNow();
    Value body = m_action;
    ValueDict file{{QStringLiteral("file_path"), m_action[u"entry_point"].toString()},
                   {QStringLiteral("content"), m_doc->text()}};
    body.dictRef().insert(QStringLiteral("data_files"), ValueList{Value(file)});
    const QString ref = m_ref;
    const int index = m_undo->index();
    m_studio->client()->call(client::Request::of(client::Op::UpdateAction, ref, body), this,
                             [this, ref, index](const client::ClientResult &r) {
                                 if (!r.ok()) {
                                     m_studio->tell(tr("Could not save %1: %2").arg(ref, r.errorText()));
                                     return;
                                 }
                                 if (ref == m_ref) {
                                     if (m_undo->index() == index)
                                         m_undo->setClean();
                                     m_action = r.value;
                                 }
                                 savePositions();
                                 m_studio->tell(tr("Saved %1").arg(ref));
                                 Q_EMIT saved(ref);
                             });
}

void WorkflowDesigner::revert()
{
    if (!m_ref.isEmpty())
        open(m_action);
}

bool WorkflowDesigner::edit(const TextEdits &edits, const QString &text, const QString &why, int mergeKey)
{
    if (edits.isEmpty()) {
        if (!why.isEmpty())
            m_studio->tell(why);
        return false;
    }
    m_undo->push(new DocumentEditCommand(m_doc, edits, text, mergeKey));
    return true;
}

void WorkflowDesigner::onDocumentText(const TextEdits &edits)
{
    if (!m_applyingTyping)
        m_yaml->applyEdits(edits);
}

void WorkflowDesigner::onYamlTyped(const TextEdits &edits)
{
    if (!m_loaded)
        return;
    m_applyingTyping = true;
    m_doc->apply(edits, WorkflowDocument::Parse::Debounced);
    m_undo->push(new DocumentEditCommand(m_doc, edits, tr("Typing"), kTypingMerge, true));
    m_applyingTyping = false;
}

void WorkflowDesigner::onParsed()
{
    if (!m_loaded && !m_doc->text().isEmpty())
        return;
    QHash<QString, QPointF> positions = m_positions;
    const auto drawn = m_canvas->positions();
    for (auto it = drawn.cbegin(); it != drawn.cend(); ++it)
        positions.insert(it.key(), it.value());
    m_canvas->setGraph(m_doc->graph(), positions);
    // Keep remembered positions of ids only until they are drawn.
    for (const auto &node : m_doc->graph().nodes)
        m_positions.remove(node.id);

    // Inspection walks the whole workflow: after a pause, not on every edit.
    m_inspectTimer->start();
    m_properties->setWorkflow(m_doc->value(), actionChain());
    m_inspector->setWorkflowKind(actionChain());
    m_inspector->setContextNames(contextNames());
    if (!m_shownTask.isEmpty() && m_doc->taskSpan(m_shownTask))
        m_inspector->setTask(m_shownTask, m_doc->task(m_shownTask), m_doc->taskNames());
    else if (!m_shownTask.isEmpty()) {
        m_shownTask.clear();
        m_inspector->clearTask();
    }
}

void WorkflowDesigner::inspectNow()
{
    m_inspectTimer->stop();
    const QList<workflow::InspectionError> problems = m_doc->problems();
    m_yaml->setProblems(problems);
    m_problems->setProblems(problems);
}

void WorkflowDesigner::onCanvasSelection()
{
    if (m_syncingSelection)
        return;
    const QStringList tasks = m_canvas->selectedTasks();
    if (tasks.size() != 1)
        return;
    showTask(tasks.constFirst());
    m_runs->showTask(tasks.constFirst());
    if (const auto span = m_doc->taskSpan(tasks.constFirst()); span && !m_yaml->editor()->hasFocus()) {
        m_syncingSelection = true;
        m_yaml->selectRange(span->first, span->second);
        m_syncingSelection = false;
    }
    updateActions();
}

void WorkflowDesigner::onYamlCursor(qsizetype offset)
{
    if (m_syncingSelection)
        return;
    const QString task = m_doc->taskAt(offset);
    if (task.isEmpty() || m_canvas->selectedTasks() == QStringList{task})
        return;
    m_syncingSelection = true;
    m_canvas->selectTasks({task});
    m_syncingSelection = false;
    showTask(task);
}

void WorkflowDesigner::showTask(const QString &task)
{
    m_shownTask = task;
    m_inspector->setTask(task, m_doc->task(task), m_doc->taskNames());
}

bool WorkflowDesigner::actionChain() const
{
    return m_doc->kind() == WorkflowDocument::Kind::ActionChain;
}

QStringList WorkflowDesigner::contextNames() const
{
    QStringList names;
    const Value doc = m_doc->value();
    auto addNames = [&names](const Value &list) {
        if (list.isDict()) {
            names.append(list.toDict().keys());
            return;
        }
        for (const Value &v : list.toList()) {
            if (v.isString())
                names.append(v.toString());
            else if (v.isDict() && !v.toDict().entries().isEmpty())
                names.append(v.toDict().entries().constFirst().first);
        }
    };
    addNames(doc[u"input"]);
    addNames(doc[u"vars"]);
    for (const QString &task : m_doc->taskNames()) {
        const Value body = m_doc->task(task);
        for (const Value &entry : body[u"next"].toList())
            addNames(entry[u"publish"]);
        addNames(body[u"publish"]);
    }
    names.removeDuplicates();
    return names;
}

void WorkflowDesigner::loadPositions()
{
    m_positions.clear();
    const QVariantMap saved = QSettings().value(settingsKey(m_ref)).toMap();
    for (auto it = saved.cbegin(); it != saved.cend(); ++it)
        m_positions.insert(it.key(), it.value().toPointF());
    // A fresh canvas: the ids of the previous workflow must not keep their places.
    m_canvas->setGraph({}, {});
}

void WorkflowDesigner::savePositions() const
{
    if (m_ref.isEmpty() || !m_loaded)
        return;
    QVariantMap out;
    const auto pos = m_canvas->positions();
    for (auto it = pos.cbegin(); it != pos.cend(); ++it)
        out.insert(it.key(), it.value());
    QSettings().setValue(settingsKey(m_ref), out);
}

void WorkflowDesigner::arrange()
{
    m_canvas->relayout();
    m_canvas->fitToView();
    savePositions();
}

void WorkflowDesigner::copySelection()
{
    const QStringList tasks = m_canvas->selectedTasks();
    if (tasks.isEmpty())
        return;
    auto *mime = new QMimeData;
    const QString text = m_doc->copyTasks(tasks);
    mime->setText(text);
    mime->setData(kTasksMime, text.toUtf8());
    QApplication::clipboard()->setMimeData(mime);
    m_studio->tell(tr("Copied %n task(s)", nullptr, int(tasks.size())));
}

void WorkflowDesigner::paste()
{
    const QMimeData *mime = QApplication::clipboard()->mimeData();
    if (!mime || !m_loaded)
        return;
    const QString text = mime->hasFormat(kTasksMime) ? QString::fromUtf8(mime->data(kTasksMime)) : mime->text();
    QStringList names;
    QString why;
    if (edit(m_doc->pasteTasks(text, &names, &why), tr("Paste tasks"), why.isEmpty() ? tr("Nothing to paste") : why))
        m_canvas->selectTasks(names);
}

void WorkflowDesigner::deleteSelection()
{
    Q_EMIT m_canvas->deleteRequested(m_canvas->selectedTasks(), m_canvas->selectedTransitions());
}

void WorkflowDesigner::exportGraph(const QString &path)
{
    QString target = path;
    if (target.isEmpty()) {
        target = QFileDialog::getSaveFileName(this, tr("Export the graph"), m_ref + QStringLiteral(".svg"),
                                              tr("SVG picture (*.svg);;PNG image (*.png)"));
        if (target.isEmpty())
            return;
    }
    QString why;
    const bool ok = target.endsWith(u".png", Qt::CaseInsensitive) ? m_canvas->exportPng(target, &why)
                                                                   : m_canvas->exportSvg(target, &why);
    m_studio->tell(ok ? tr("Exported the graph to %1").arg(target) : tr("Could not export: %1").arg(why));
}

void WorkflowDesigner::runWorkflow()
{
    if (!m_loaded)
        return;
    auto start = [this] {
        m_side->setCurrentWidget(m_runs);
        m_runs->requestRun(m_ref);
    };
    if (!isModified()) {
        start();
        return;
    }
    // Run what the user sees: save first, then run.
    auto *once = new QObject(this);
    connect(this, &WorkflowDesigner::saved, once, [once, start](const QString &) {
        once->deleteLater();
        start();
    });
    save();
}

void WorkflowDesigner::simulate()
{
    if (!m_loaded)
        return;
    m_doc->parseNow();
    m_side->setCurrentWidget(m_runs);
    m_runs->requestSimulation(m_doc->text(), m_doc->taskNames());
}

void WorkflowDesigner::reRunFromSelected()
{
    const QStringList tasks = m_canvas->selectedTasks();
    if (m_runs->executionId().isEmpty() || tasks.isEmpty()) {
        m_studio->tell(tr("Show a finished run (Runs tab) and select the tasks to run again"));
        return;
    }
    m_side->setCurrentWidget(m_runs);
    m_runs->reRunFrom(tasks);
}

void WorkflowDesigner::updateActions()
{
    const bool open = m_loaded && !m_ref.isEmpty();
    for (QAction *a : std::as_const(m_actions))
        a->setEnabled(open);
    if (m_saveAction)
        m_saveAction->setEnabled(isModified());
    if (m_rerunAction)
        m_rerunAction->setEnabled(open && !m_runs->executionId().isEmpty() && !m_canvas->selectedTasks().isEmpty());
}

} // namespace squall::ui
