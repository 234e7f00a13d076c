#pragma once

#include "base/Value.h"

#include <QFrame>

class QLabel;
class QLineEdit;
class QMenu;
class QToolButton;

namespace squall::ui {

class KeyValueTable;

// One entry of an Orquesta task's `next`: when, do (task names or the engine
// commands fail / noop / continue / retry) and publish. Used by TaskInspector.
class TransitionEntryEditor : public QFrame
{
    Q_OBJECT
public:
    // `prefix` names the parts: <prefix>When, <prefix>Do, <prefix>Publish..., <prefix>Remove.
    TransitionEntryEditor(const QString &prefix, int index, QWidget *parent = nullptr);

    // Shows `entry`; parts the user is typing in keep their text.
    void setEntry(const squall::Value &entry, const QStringList &taskNames);
    squall::Value entry() const { return m_entry; }
    void setCompletions(const QStringList &expressions);

    QLineEdit *whenField() const { return m_when; }
    QToolButton *doButton() const { return m_do; }
    QMenu *doMenu() const { return m_menu; }
    KeyValueTable *publishTable() const { return m_publish; }
    QToolButton *removeButton() const { return m_remove; }
    QStringList doTargets() const;
    // Ticks or unticks a target in the do list as the user would.
    void setDoTarget(const QString &name, bool on);

Q_SIGNALS:
    void edited(const squall::Value &entry);
    void removeRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void rebuildMenu(const QStringList &taskNames);
    void updateDoText();
    void commit(const QString &key, const squall::Value &value);

    Value m_entry;
    QStringList m_taskNames;
    QLabel *m_title;
    QLineEdit *m_when;
    QToolButton *m_do;
    QMenu *m_menu;
    KeyValueTable *m_publish;
    QToolButton *m_remove;
    bool m_filling = false;
};

} // namespace squall::ui
