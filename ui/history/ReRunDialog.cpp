#include "ui/history/ReRunDialog.h"

#include "ui/common/SchemaForm.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace squall::ui {

ReRunDialog::ReRunDialog(const Value &execution, const Value &parameterSchema, QWidget *parent)
    : QDialog(parent), m_form(new SchemaForm(this))
{
    setObjectName(u"reRunDialog"_s);
    setWindowTitle(tr("Re-run %1 with changes").arg(execution[u"action"][u"ref"].toString()));
    setAccessibleName(windowTitle());
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Runs <b>%1</b> again with these parameters. Secrets left empty keep the "
                                "original's values.")
                                 .arg(execution[u"action"][u"ref"].toString().toHtmlEscaped()),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_form->setObjectName(u"reRunForm"_s);
    m_form->setAccessibleName(tr("Parameters"));
    m_form->setSchema(parameterSchema);
    ValueDict prefill;
    for (const auto &[name, value] : execution[u"parameters"].toDict()) {
        if (value.toString() != u"********")
            prefill.insert(name, value);
    }
    m_form->setValues(Value(std::move(prefill)));
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(m_form);
    layout->addWidget(scroll, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->setObjectName(u"reRunButtons"_s);
    QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
    ok->setText(tr("Re-run"));
    ok->setObjectName(u"reRunOk"_s);
    ok->setAccessibleName(tr("Re-run with these parameters"));
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(u"reRunCancel"_s);
    connect(buttons, &QDialogButtonBox::accepted, this, &ReRunDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ReRunDialog::reject);
    layout->addWidget(buttons);
    resize(520, 440);
}

Value ReRunDialog::parameters() const
{
    return m_form->values();
}

void ReRunDialog::accept()
{
    if (!m_form->validate())
        return;
    QDialog::accept();
}

} // namespace squall::ui
