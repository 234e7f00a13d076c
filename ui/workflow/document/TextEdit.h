#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

namespace squall::ui {

// One replacement in a workflow file's text: [offset, offset + length) of the
// old text becomes `text`. Offsets count QString (UTF-16) units. Lists of
// edits never overlap and are kept in ascending offset order, so they apply
// from the last to the first without shifting each other.
struct TextEdit
{
    qsizetype offset = 0;
    qsizetype length = 0;
    QString text;

    friend bool operator==(const TextEdit &, const TextEdit &) = default;
};

using TextEdits = QList<TextEdit>;

} // namespace squall::ui

Q_DECLARE_METATYPE(squall::ui::TextEdit)
