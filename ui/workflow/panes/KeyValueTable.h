#pragma once

#include "base/Value.h"

#include <QWidget>

class QTableWidget;
class QToolButton;

namespace squall::ui {

// Rows of "name = value" with add / remove buttons: workflow input, vars,
// output and a transition's publish. Values are one-line texts (see
// ValueText.h); rows without a name are left out of rows().
class KeyValueTable : public QWidget
{
    Q_OBJECT
public:
    enum class ValueKind { Typed, Expression };

    // `name` prefixes the object names: <name>Table, <name>Add, <name>Remove.
    KeyValueTable(const QString &name, const QString &label, const QString &keyHeader, const QString &valueHeader,
                  ValueKind kind, QWidget *parent = nullptr);

    // Pairs in order; a null value shows as an empty cell.
    void setRows(const QList<std::pair<QString, Value>> &rows);
    QList<std::pair<QString, Value>> rows() const;
    QTableWidget *table() const { return m_table; }
    QToolButton *addButton() const { return m_add; }
    QToolButton *removeButton() const { return m_remove; }
    void setCompletions(const QStringList &words);

Q_SIGNALS:
    // The user changed, added or removed a named row.
    void edited();

protected:
    void changeEvent(QEvent *event) override;

private:
    void updateHeight();
    void updateIcons();

    ValueKind m_kind;
    QTableWidget *m_table;
    QToolButton *m_add;
    QToolButton *m_remove;
    QStringList m_completions;
    bool m_filling = false;
};

} // namespace squall::ui
