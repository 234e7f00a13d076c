#pragma once

#include <QByteArray>
#include <QString>

namespace squall::engine {

class ContentRegistry;

// Writing a pack's files through the API (rule files, action metadata and
// workflow files, StackStorm's `data_files`): where they may go and how.
namespace packfiles {

// `<pack>/<subdir>` when files may be written there, else empty with `why`
// and the error kind to throw in `kind`: "BadRequest" for the bundled `core`
// pack (the engine's own, never written to) and packs without a folder,
// "Forbidden" for a folder this process cannot write.
QString writableFolder(const ContentRegistry &content, const QString &pack, const QString &subdir, QString *why,
                       QString *kind = nullptr);

// The absolute, cleaned path of `relative` inside `folder`, or empty with
// `why` when it is empty, absolute or climbs out of `folder` ("..").
QString resolveInside(const QString &folder, const QString &relative, QString *why);

// Writes `data` to `path` atomically (QSaveFile), creating missing folders.
bool writeAtomically(const QString &path, const QByteArray &data, QString *why);

} // namespace packfiles
} // namespace squall::engine
