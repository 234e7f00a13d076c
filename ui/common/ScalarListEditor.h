#pragma once

#include <QStringList>
#include <QWidget>

class QListWidget;
class QListWidgetItem;
class QToolButton;

namespace squall::ui {

// An editable list of short texts, one per row, with Add and Remove buttons:
// the editor of an array of strings or numbers. Items left empty after
// editing are dropped.
class ScalarListEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScalarListEditor)
public:
    explicit ScalarListEditor(QWidget *parent = nullptr);

    void setItems(const QStringList &items);
    QStringList items() const;
    void setReadOnly(bool readOnly);
    // Names the inner list and buttons after `name` (`<name>_items`, `_add`, `_remove`).
    void setNames(const QString &objectName, const QString &label);

    QListWidget *listWidget() const { return m_list; }
    QToolButton *addButton() const { return m_add; }
    QToolButton *removeButton() const { return m_remove; }

    void addItem();
    void removeSelected();

Q_SIGNALS:
    void changed();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateButtons();

    QListWidget *m_list;
    QToolButton *m_add;
    QToolButton *m_remove;
    bool m_readOnly = false;
};

} // namespace squall::ui
