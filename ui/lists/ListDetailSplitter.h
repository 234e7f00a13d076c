#pragma once

#include <QList>
#include <QString>

class QSplitter;
class QWidget;

namespace squall::ui {

// How a page divides its width between the list and the detail.
struct ListDetailProportions
{
    int listStretch = 2;
    int detailStretch = 3;
    QList<int> sizes;          // the first widths; empty: Qt's from the stretch factors
    int listMinimumWidth = 0;  // 0: the list's own
    bool collapsible = true;   // false: neither side can be dragged shut
};

// The body of a list + detail page: `list` left of `detail` in a horizontal
// splitter named `objectName` that fills `page` (which has no layout yet).
QSplitter *addListDetailSplitter(QWidget *page, const QString &objectName, QWidget *list, QWidget *detail,
                                 const ListDetailProportions &proportions = {});

} // namespace squall::ui
