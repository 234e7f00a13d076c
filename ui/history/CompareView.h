#pragma once

#include "base/Value.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

namespace squall::ui {

class Studio;

// Two executions side by side: parameters, result and, for workflows, each
// task's status and output, one row per field, differences highlighted. Opens
// after a replay ("Compare with original") or on two rows chosen in History.
class CompareView final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CompareView)
public:
    CompareView(Studio *studio, const QString &leftId, const QString &rightId, QWidget *parent = nullptr);

    QTreeWidget *tree() const { return m_tree; }
    bool isReady() const { return m_ready; }
    // Rows whose two sides differ.
    int differenceCount() const { return m_differences; }
    QString leftId() const { return m_ids[0]; }
    QString rightId() const { return m_ids[1]; }

Q_SIGNALS:
    void ready();

private:
    void load(int side);
    void build();
    void addSection(const QString &title, const Value &left, const Value &right);
    void applyFilter();

    Studio *m_studio;
    QString m_ids[2];
    Value m_docs[2];
    ValueList m_tasks[2];
    int m_pending = 0;
    int m_differences = 0;
    bool m_ready = false;
    QLabel *m_heads[2];
    QTreeWidget *m_tree;
    QCheckBox *m_onlyDiffs;
};

} // namespace squall::ui
