#pragma once

#include "base/Value.h"

#include <QWidget>

#include <memory>

class QTreeView;

namespace squall::ui {

class JsonTreeModel;

// A JSON document as a tree (Key / Value / Type) with search, copy of values
// and paths, and a raw pretty-printed view. Built for large results: children
// are made when shown and search walks the Value, not the widgets.
class JsonTreeView : public QWidget
{
    Q_OBJECT
public:
    explicit JsonTreeView(QWidget *parent = nullptr);
    ~JsonTreeView() override;

    // Replaces the document; expands the first level.
    void setValue(const squall::Value &value);
    squall::Value value() const;
    QTreeView *treeView() const;
    JsonTreeModel *model() const;
    // Keys and scalar values containing `text` (case-insensitive); selects the
    // first match and returns how many there are (capped at matchLimit()).
    int findAll(const QString &text);
    void findNext();
    void findPrevious();
    int matchCount() const;
    static int matchLimit();

    // The current item's value (scalars as text, containers as JSON) / path
    // (`result.items[3].name`) to the clipboard.
    void copyValue();
    void copyPath();
    QString currentPath() const;

    void setRawVisible(bool raw);
    bool isRawVisible() const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace squall::ui
