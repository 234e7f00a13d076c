#include "ui/common/JsonTreeView.h"

#include "ui/common/JsonTreeModel.h"

#include <QTreeView>
#include <QVBoxLayout>

namespace squall::ui {

struct JsonTreeView::Private
{
    JsonTreeModel *model = nullptr;
    QTreeView *tree = nullptr;
};

JsonTreeView::JsonTreeView(QWidget *parent) : QWidget(parent), d(std::make_unique<Private>())
{
    auto *layout = new QVBoxLayout(this);
    d->model = new JsonTreeModel(this);
    d->tree = new QTreeView(this);
    d->tree->setModel(d->model);
    layout->addWidget(d->tree);
}

JsonTreeView::~JsonTreeView() = default;

void JsonTreeView::setValue(const Value &value) { d->model->setValue(value); }
Value JsonTreeView::value() const { return d->model->value(); }
QTreeView *JsonTreeView::treeView() const { return d->tree; }
JsonTreeModel *JsonTreeView::model() const { return d->model; }
int JsonTreeView::findAll(const QString &) { return 0; }
void JsonTreeView::findNext() { }
void JsonTreeView::findPrevious() { }
int JsonTreeView::matchCount() const { return 0; }
int JsonTreeView::matchLimit() { return 10000; }
void JsonTreeView::copyValue() { }
void JsonTreeView::copyPath() { }
QString JsonTreeView::currentPath() const { return {}; }
void JsonTreeView::setRawVisible(bool) { }
bool JsonTreeView::isRawVisible() const { return false; }

} // namespace squall::ui
