#pragma once

#include "client/Operation.h"

#include <QUndoCommand>

#include <functional>
#include <optional>

namespace squall::ui {

class Studio;

// One undoable edit of the engine's state: the request that does it and the
// request that takes it back (a rule enabled / disabled, a key set / restored,
// a rule created / deleted). Both run through the client, asynchronously; an
// edit the engine refuses is reported and leaves the stack.
class ClientEditCommand final : public QUndoCommand
{
public:
    using Done = std::function<void(bool ok)>;

    ClientEditCommand(Studio *studio, const QString &text, client::Request doRequest,
                      std::optional<client::Request> undoRequest, QUndoCommand *parent = nullptr);

    void redo() override;
    void undo() override;

    // Runs once after the first redo's answer (e.g. to select what was created).
    void setOnFirstDone(Done done) { m_onFirstDone = std::move(done); }

private:
    void send(const client::Request &request, bool first);

    Studio *m_studio;
    client::Request m_do;
    std::optional<client::Request> m_undo;
    Done m_onFirstDone;
    bool m_sent = false;
};

} // namespace squall::ui
