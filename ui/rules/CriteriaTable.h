#pragma once

#include "base/Value.h"

#include <QWidget>

class QCompleter;
class QStringListModel;
class QTableWidget;
class QToolButton;

namespace squall::ui {

// A rule's criteria as rows of key / operator / pattern. Keys complete from
// the trigger type's payload schema and from recent payloads (`trigger.x.y`);
// the operator drop-down lists every operator the engine knows.
class CriteriaTable final : public QWidget
{
    Q_OBJECT
public:
    explicit CriteriaTable(QWidget *parent = nullptr);

    // {"trigger.body.name": {"type": "equals", "pattern": "test"}, ...}
    void setCriteria(const Value &criteria);
    Value criteria() const;
    void setKeyCompletions(const QStringList &keys);

    int rowCount() const;
    // Adds an empty row and returns its index (the key field has the focus).
    int addRow(const QString &key = {}, const QString &op = QStringLiteral("equals"), const Value &pattern = {});
    void removeRow(int row);
    QTableWidget *table() const { return m_table; }

Q_SIGNALS:
    void changed();

private:
    void renumber();

    QTableWidget *m_table;
    QToolButton *m_add;
    QStringListModel *m_keys;
};

} // namespace squall::ui
