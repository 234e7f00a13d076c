#pragma once

#include "base/Value.h"

#include <QDialog>

class QLabel;
class QPushButton;

namespace squall::ui {

class SchemaForm;
class Studio;

// "Emit…": a payload form generated from the trigger type's payload schema;
// sending fires the trigger as a webhook to /webhooks/st2 does
// ({trigger, payload}), so rules match it like any real event.
class EmitDialog final : public QDialog
{
    Q_OBJECT
public:
    EmitDialog(Studio *studio, const Value &triggerType, QWidget *parent = nullptr);

    SchemaForm *form() const { return m_form; }
    // Starts the payload from a past instance's.
    void setPayload(const Value &payload);
    void send();

Q_SIGNALS:
    // The engine took the event: the new instance's id.
    void emitted(const QString &instanceId);

private:
    Value payload() const;

    Studio *m_studio;
    QString m_ref;
    bool m_raw;  // no payload schema: the payload is one JSON object field
    SchemaForm *m_form;
    QLabel *m_problem;
    QPushButton *m_send;
};

} // namespace squall::ui
