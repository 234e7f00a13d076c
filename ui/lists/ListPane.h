#pragma once

#include "base/Value.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QHBoxLayout;
class QSortFilterProxyModel;
class QStackedWidget;
class QToolButton;
class QTreeView;

namespace squall::ui {

class ResourceTableModel;

// The left side of most pages: a search field, the page's buttons, and a
// sortable list of documents filtered as one types (every column searched).
// When the list is empty it says why and what to do, instead of a blank area.
class ListPane final : public QWidget
{
    Q_OBJECT
public:
    // `name` prefixes object names ("rules" -> "rulesSearch", "rulesList").
    ListPane(const QString &name, const QString &noun, ResourceTableModel *model, QWidget *parent = nullptr);

    QLineEdit *searchField() const { return m_search; }
    // Focus in the search field with its text selected (Ctrl+F).
    void focusSearch();
    QTreeView *view() const { return m_view; }
    ResourceTableModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }

    // A button in the row beside the search field.
    QToolButton *addButton(const QString &iconName, const QString &text, const QString &objectName);
    void setEmptyText(const QString &text);
    void setLoading(bool loading);
    void setError(const QString &error);

    // The document of the selected row (null when none).
    Value current() const;
    QString currentId() const;
    // Selects the row of `id`; false when it is not in the list.
    bool select(const QString &id);

protected:
    // Down or Enter in the search field goes to the list (its first match
    // selected): search, then act, without the mouse.
    bool eventFilter(QObject *watched, QEvent *event) override;

Q_SIGNALS:
    void currentChanged(const squall::Value &item);
    void activated(const squall::Value &item);   // double-click / Enter

private:
    void updateEmptyState();

    ResourceTableModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_search;
    QHBoxLayout *m_buttons;
    QTreeView *m_view;
    QStackedWidget *m_stack;
    QLabel *m_empty;
    QString m_emptyText;
    QString m_error;
    bool m_loading = false;
};

} // namespace squall::ui
