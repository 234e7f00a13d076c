#include "ui/lists/ListDetailSplitter.h"

#include <QSplitter>
#include <QVBoxLayout>

namespace squall::ui {

QSplitter *addListDetailSplitter(QWidget *page, const QString &objectName, QWidget *list, QWidget *detail,
                                 const ListDetailProportions &proportions)
{
    auto *split = new QSplitter(Qt::Horizontal, page);
    split->setObjectName(objectName);
    split->addWidget(list);
    split->addWidget(detail);
    split->setStretchFactor(0, proportions.listStretch);
    split->setStretchFactor(1, proportions.detailStretch);
    split->setChildrenCollapsible(proportions.collapsible);
    if (proportions.listMinimumWidth > 0)
        list->setMinimumWidth(proportions.listMinimumWidth);
    if (!proportions.sizes.isEmpty())
        split->setSizes(proportions.sizes);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(split);
    return split;
}

} // namespace squall::ui
