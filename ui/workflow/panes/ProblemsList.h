#pragma once

#include "workflow/inspect/Inspector.h"

#include <QList>
#include <QWidget>

class QLabel;
class QStandardItemModel;
class QTreeView;

namespace squall::ui {

// The inspection problems of the workflow being edited, one row each
// ("line:col  type  message  (spec path)"), under a count. Activating a row
// asks the designer to show the problem in the text and on the graph.
class ProblemsList : public QWidget
{
    Q_OBJECT
public:
    explicit ProblemsList(QWidget *parent = nullptr);

    void setProblems(const QList<workflow::InspectionError> &problems);
    QList<workflow::InspectionError> problems() const { return m_problems; }
    QTreeView *view() const { return m_view; }
    QLabel *countLabel() const { return m_count; }

Q_SIGNALS:
    void problemActivated(const squall::workflow::InspectionError &p);

private:
    void activate(int row);

    QList<workflow::InspectionError> m_problems;
    QLabel *m_count;
    QTreeView *m_view;
    QStandardItemModel *m_model;
};

} // namespace squall::ui
