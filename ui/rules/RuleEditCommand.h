#pragma once

#include "client/Operation.h"

#include <QUndoCommand>

namespace squall::ui {

class Studio;

// A rule save the engine has already accepted, pushed on the undo stack
// afterwards: the editor sends the save itself because it needs the whole
// answer (the stored rule, and whether the rule file could be written), and a
// refused save must not leave an entry behind. The first redo (QUndoStack::push)
// sends nothing; later redos and undos go through the client like
// ClientEditCommand's.
class RuleEditCommand final : public QUndoCommand
{
public:
    RuleEditCommand(Studio *studio, const QString &text, client::Request doRequest, client::Request undoRequest);

    void redo() override;
    void undo() override;

private:
    void send(const client::Request &request);

    Studio *m_studio;
    client::Request m_do;
    client::Request m_undo;
    bool m_pushed = false;
};

} // namespace squall::ui
