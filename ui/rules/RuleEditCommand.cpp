#include "ui/rules/RuleEditCommand.h"

#include "client/Client.h"
#include "ui/shell/Studio.h"

#include <QPointer>

namespace squall::ui {

RuleEditCommand::RuleEditCommand(Studio *studio, const QString &text, client::Request doRequest,
                                 client::Request undoRequest)
    : QUndoCommand(text), m_studio(studio), m_do(std::move(doRequest)), m_undo(std::move(undoRequest))
{
}

void RuleEditCommand::redo()
{
    if (!m_pushed) {
        m_pushed = true;  // already done by the editor
        return;
    }
    send(m_do);
}

void RuleEditCommand::undo()
{
    send(m_undo);
}

void RuleEditCommand::send(const client::Request &request)
{
    QPointer<Studio> studio = m_studio;
    const QString what = text();
    m_studio->client()->call(request, m_studio, [studio, what](const client::ClientResult &result) {
        if (!result.ok() && studio)
            studio->tell(QObject::tr("%1 failed: %2").arg(what, result.errorText()), 0);
    });
}

} // namespace squall::ui
