#pragma once

#include "base/Value.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace squall::ui {

class Studio;

// "New workflow…": the action's metadata and its workflow file created in a
// chosen pack in one request (create_action with data_files, write_file).
class NewWorkflowDialog final : public QDialog
{
    Q_OBJECT
public:
    explicit NewWorkflowDialog(Studio *studio, QWidget *parent = nullptr);

    QComboBox *packBox() const { return m_pack; }
    QLineEdit *nameEdit() const { return m_name; }
    QLineEdit *descriptionEdit() const { return m_description; }
    QComboBox *kindBox() const { return m_kind; }

    // The create_action body the dialog sends.
    Value body() const;

Q_SIGNALS:
    // The engine created the action (its document).
    void created(const squall::Value &action);

private:
    void accept() override;
    void validate();

    Studio *m_studio;
    QComboBox *m_pack;
    QLineEdit *m_name;
    QLineEdit *m_description;
    QComboBox *m_kind;
    QLabel *m_message;
    QPushButton *m_create;
};

} // namespace squall::ui
