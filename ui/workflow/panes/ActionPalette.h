#pragma once

#include "base/Value.h"

#include <QStringList>
#include <QWidget>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTimer;
class QTreeView;

namespace squall::ui {

class Studio;

// The actions a workflow can call, by pack, to drag onto the graph or to add
// with a double click / Enter. Dragging carries the action's ref as
// "application/x-squall-action-ref" (and text/plain).
class ActionPalette : public QWidget
{
    Q_OBJECT
public:
    static constexpr const char *kMimeType = "application/x-squall-action-ref";

    explicit ActionPalette(Studio *studio, QWidget *parent = nullptr);

    // Lists every action again (also done on action and pack events).
    void reload();
    QStringList actionRefs() const;
    QTreeView *view() const { return m_view; }
    QLineEdit *searchField() const { return m_search; }
    QStandardItemModel *model() const { return m_model; }

Q_SIGNALS:
    void actionActivated(const QString &ref);
    // The list was (re)filled from the engine.
    void loaded();

protected:
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void fill(const ValueList &actions);
    void applyFilter(const QString &text);
    QString refAt(const QModelIndex &proxyIndex) const;

    Studio *m_studio;
    QLineEdit *m_search;
    QTreeView *m_view;
    QLabel *m_empty;
    QStandardItemModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTimer *m_reloadTimer;
    QStringList m_refs;
    ValueList m_actions;
    QAction *m_searchIcon = nullptr;
};

} // namespace squall::ui
