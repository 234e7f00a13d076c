#pragma once

#include "base/Value.h"

#include <QDialog>

class QLabel;

namespace squall::ui {

class SchemaForm;

// "Re-run with changes…": the action's parameter form, prefilled with the
// original run's parameters. Masked secrets are left out of the prefill, so
// the engine keeps the original values unless a new one is typed.
class ReRunDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReRunDialog)
public:
    ReRunDialog(const Value &execution, const Value &parameterSchema, QWidget *parent = nullptr);

    SchemaForm *form() const { return m_form; }
    // The parameters to send with the re-run (only what differs is needed, the
    // engine merges the rest from the original).
    Value parameters() const;

    void accept() override;

private:
    SchemaForm *m_form;
};

} // namespace squall::ui
