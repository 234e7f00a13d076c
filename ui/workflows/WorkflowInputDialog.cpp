#include "ui/workflows/WorkflowInputDialog.h"

#include "base/Json.h"
#include "client/Client.h"
#include "ui/common/SchemaForm.h"
#include "ui/shell/Studio.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QTableWidget>
#include <QVBoxLayout>

namespace squall::ui {

WorkflowInputDialog::WorkflowInputDialog(Studio *studio, const QString &actionRef, const QStringList &simulatedTasks,
                                         QWidget *parent)
    : QDialog(parent), m_form(new SchemaForm(this)), m_status(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    const bool simulating = !simulatedTasks.isEmpty();
    setObjectName(QStringLiteral("workflowInputDialog"));
    setWindowTitle(simulating ? tr("Simulate %1").arg(actionRef) : tr("Run %1").arg(actionRef));
    setAccessibleName(windowTitle());
    m_form->setObjectName(QStringLiteral("workflowInput"));
    m_form->setAccessibleName(tr("Workflow input"));
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(m_form);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setText(simulating ? tr("Simulate") : tr("Run"));
    ok->setObjectName(QStringLiteral("workflowInputAccept"));
    ok->setAccessibleName(ok->text());
    ok->setEnabled(false);
    m_buttons->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &WorkflowInputDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    auto *inputLabel = new QLabel(tr("Input"), this);
    inputLabel->setStyleSheet(QStringLiteral("font-weight: bold"));
    layout->addWidget(inputLabel);
    layout->addWidget(scroll, 1);
    if (simulating) {
        auto *mockLabel = new QLabel(tr("What each task's action returns (nothing runs: the results are pretended)"), this);
        mockLabel->setWordWrap(true);
        layout->addWidget(mockLabel);
        m_mocks = new QTableWidget(int(simulatedTasks.size()), 3, this);
        m_mocks->setObjectName(QStringLiteral("simulationMocks"));
        m_mocks->setAccessibleName(tr("Mocked task results"));
        m_mocks->setHorizontalHeaderLabels({tr("Task"), tr("Status"), tr("Result (JSON)")});
        m_mocks->verticalHeader()->hide();
        m_mocks->horizontalHeader()->setStretchLastSection(true);
        for (int row = 0; row < simulatedTasks.size(); ++row) {
            auto *name = new QTableWidgetItem(simulatedTasks.at(row));
            name->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
            m_mocks->setItem(row, 0, name);
            auto *status = new QComboBox(m_mocks);
            status->setObjectName(QStringLiteral("mockStatus_") + simulatedTasks.at(row));
            status->setAccessibleName(tr("Status of %1").arg(simulatedTasks.at(row)));
            status->addItems({QStringLiteral("succeeded"), QStringLiteral("failed")});
            m_mocks->setCellWidget(row, 1, status);
            auto *result = new QLineEdit(m_mocks);
            result->setObjectName(QStringLiteral("mockResult_") + simulatedTasks.at(row));
            result->setAccessibleName(tr("Result of %1").arg(simulatedTasks.at(row)));
            result->setPlaceholderText(QStringLiteral("null"));
            m_mocks->setCellWidget(row, 2, result);
        }
        m_mocks->resizeColumnToContents(0);
        m_mocks->setColumnWidth(1, 110);
        layout->addWidget(m_mocks, 1);
    }
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);
    resize(520, simulating ? 560 : 420);

    studio->client()->call(client::Request::of(client::Op::ActionParameters, actionRef), this,
                           [this, ok](const client::ClientResult &r) {
                               if (!r.ok()) {
                                   m_status->setText(tr("Cannot load the parameters: %1").arg(r.errorText()));
                                   return;
                               }
                               m_parameters = r.value[u"parameters"];
                               m_form->setSchema(m_parameters);
                               if (m_form->isEmptySchema())
                                   m_status->setText(tr("This workflow takes no input."));
                               ok->setEnabled(true);
                           });
}

Value WorkflowInputDialog::values() const
{
    return m_form->values();
}

Value WorkflowInputDialog::valuesWithDefaults() const
{
    ValueDict out = m_form->values().isDict() ? m_form->values().toDict() : ValueDict();
    for (const auto &[name, spec] : m_parameters.toDict()) {
        if (!out.contains(name) && spec.isDict() && spec.contains(u"default"))
            out.insert(name, spec[u"default"]);
    }
    return Value(out);
}

QList<WorkflowInputDialog::Mock> WorkflowInputDialog::mockList() const
{
    QList<Mock> out;
    if (!m_mocks)
        return out;
    for (int row = 0; row < m_mocks->rowCount(); ++row) {
        Mock m;
        m.task = m_mocks->item(row, 0)->text();
        m.status = qobject_cast<QComboBox *>(m_mocks->cellWidget(row, 1))->currentText();
        const QString text = qobject_cast<QLineEdit *>(m_mocks->cellWidget(row, 2))->text().trimmed();
        if (!text.isEmpty()) {
            json::ParseError error;
            const Value parsed = json::parse(QStringView(text), &error);
            m.result = error.ok() ? parsed : Value(text);  // not JSON: the text itself
        }
        out.append(m);
    }
    return out;
}

void WorkflowInputDialog::accept()
{
    if (!m_form->validate()) {
        m_status->setText(tr("Some input needs attention."));
        return;
    }
    QDialog::accept();
}

} // namespace squall::ui
