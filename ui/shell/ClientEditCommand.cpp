#include "ui/shell/ClientEditCommand.h"

#include "client/Client.h"
#include "ui/shell/Studio.h"

#include <QPointer>

namespace squall::ui {

ClientEditCommand::ClientEditCommand(Studio *studio, const QString &text, client::Request doRequest,
                                     std::optional<client::Request> undoRequest, QUndoCommand *parent)
    : QUndoCommand(text, parent), m_studio(studio), m_do(std::move(doRequest)), m_undo(std::move(undoRequest))
{
}

void ClientEditCommand::redo()
{
    const bool first = !m_sent;
    m_sent = true;
    send(m_do, first);
}

void ClientEditCommand::undo()
{
    if (m_undo)
        send(*m_undo, false);
}

void ClientEditCommand::send(const client::Request &request, bool first)
{
    QPointer<Studio> studio = m_studio;
    const QString what = text();
    Done done = first ? m_onFirstDone : Done();
    m_studio->client()->call(request, m_studio, [studio, what, done](const client::ClientResult &result) {
        if (!result.ok() && studio)
            studio->tell(QObject::tr("%1 failed: %2").arg(what, result.errorText()), 0);
        if (done)
            done(result.ok());
    });
}

} // namespace squall::ui
