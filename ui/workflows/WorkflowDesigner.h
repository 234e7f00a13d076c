#pragma once

#include "base/Value.h"
#include "ui/workflow/document/TextEdit.h"

#include <QHash>
#include <QPointF>
#include <QWidget>

class QAction;
class QLabel;
class QSplitter;
class QTabWidget;
class QTimer;
class QToolBar;
class QUndoStack;

namespace squall::ui {

class ActionPalette;
class DesignerCanvas;
class ProblemsList;
class Studio;
class TaskInspector;
class WorkflowDocument;
class WorkflowPropertiesEditor;
class WorkflowRunPanel;
class WorkflowYamlEditor;

// The designer: one workflow file shown as a graph and as text side by side.
// The text is the source of truth (WorkflowDocument); what the user does on
// the canvas, in the inspector or in the properties becomes a minimal text
// edit pushed on the designer's own undo history, and every parse redraws the
// graph keeping where the user put the tasks (kept in the studio's settings,
// per workflow, so the file stays plain Orquesta). Runs, past executions and
// offline simulations colour the same graph.
class WorkflowDesigner final : public QWidget
{
    Q_OBJECT
public:
    explicit WorkflowDesigner(Studio *studio, QWidget *parent = nullptr);
    ~WorkflowDesigner() override;

    // Opens a workflow action (its document as the engine lists it): the
    // entry point is read through the client. A null value shows nothing.
    void open(const Value &action);
    QString actionRef() const { return m_ref; }
    bool isOpen() const { return !m_ref.isEmpty() && m_loaded; }
    bool isModified() const;
    // Asks what to do with unsaved changes; false = the user wants to stay.
    bool confirmDiscard();

    void save();
    void revert();
    void runWorkflow();
    void simulate();
    void reRunFromSelected();
    void exportGraph(const QString &path = {});
    void arrange();
    void copySelection();
    void paste();
    void deleteSelection();

    QUndoStack *undoStack() const { return m_undo; }
    WorkflowDocument *document() const { return m_doc; }
    DesignerCanvas *canvas() const { return m_canvas; }
    ActionPalette *palette() const { return m_palette; }
    TaskInspector *inspector() const { return m_inspector; }
    WorkflowYamlEditor *yamlEditor() const { return m_yaml; }
    WorkflowPropertiesEditor *properties() const { return m_properties; }
    ProblemsList *problems() const { return m_problems; }
    WorkflowRunPanel *runPanel() const { return m_runs; }
    QList<QAction *> actions() const { return m_actions; }

protected:
    void showEvent(QShowEvent *event) override;

Q_SIGNALS:
    void opened(const QString &ref);   // the file is loaded and drawn
    void saved(const QString &ref);
    void modifiedChanged(bool modified);

private:
    void buildToolBar();
    void setDocumentText(const QString &text);
    void showReadable();
    void onParsed();
    void inspectNow();
    void onDocumentText(const TextEdits &edits);
    void onYamlTyped(const TextEdits &edits);
    void onCanvasSelection();
    void onYamlCursor(qsizetype offset);
    void showTask(const QString &task);
    // Pushes one planned edit as an undoable command; an empty plan tells why.
    bool edit(const TextEdits &edits, const QString &text, const QString &why, int mergeKey = -1);
    void loadPositions();
    void savePositions() const;
    QStringList contextNames() const;
    bool actionChain() const;
    void updateActions();

    Studio *m_studio;
    WorkflowDocument *m_doc;
    QUndoStack *m_undo;
    QToolBar *m_toolBar;
    QLabel *m_heading;
    QLabel *m_summary;
    ActionPalette *m_palette;
    DesignerCanvas *m_canvas;
    WorkflowYamlEditor *m_yaml;
    TaskInspector *m_inspector;
    WorkflowPropertiesEditor *m_properties;
    ProblemsList *m_problems;
    WorkflowRunPanel *m_runs;
    QTabWidget *m_side;
    QSplitter *m_split;
    QTimer *m_inspectTimer;
    QList<QAction *> m_actions;
    QAction *m_saveAction = nullptr;
    QAction *m_rerunAction = nullptr;

    Value m_action;
    QString m_ref;
    bool m_loaded = false;
    bool m_sized = false;
    bool m_applyingTyping = false;   // the YAML pane already shows the text being applied
    bool m_syncingSelection = false;
    QString m_shownTask;
    QHash<QString, QPointF> m_positions;  // remembered for ids not drawn yet (first open, renames)
};

} // namespace squall::ui
