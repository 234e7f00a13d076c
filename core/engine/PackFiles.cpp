#include "engine/PackFiles.h"

#include "engine/ContentRegistry.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

namespace squall::engine::packfiles {

QString writableFolder(const ContentRegistry &content, const QString &pack, const QString &subdir, QString *why,
                       QString *kind)
{
    auto refuse = [&](const QString &reason, const QString &k) {
        *why = reason;
        if (kind)
            *kind = k;
        return QString();
    };
    if (pack == u"core")
        return refuse(QStringLiteral("pack core is bundled with Squall and read-only"), QStringLiteral("BadRequest"));
    const model::PackDef *def = content.pack(pack);
    if (!def || def->path.isEmpty())
        return refuse(QStringLiteral("pack %1 has no folder on disk").arg(pack), QStringLiteral("BadRequest"));
    const QFileInfo dir(def->path);
    const QFileInfo sub(def->path + u'/' + subdir);
    if (!dir.isDir() || !(sub.exists() ? sub.isWritable() : dir.isWritable()))
        return refuse(QStringLiteral("the folder of pack %1 (%2) is not writable").arg(pack, def->path),
                      QStringLiteral("Forbidden"));
    return QDir::cleanPath(QFileInfo(def->path).absoluteFilePath()) + u'/' + subdir;
}

QString resolveInside(const QString &folder, const QString &relative, QString *why)
{
    if (relative.trimmed().isEmpty()) {
        *why = QStringLiteral("a file path is empty");
        return {};
    }
    if (QDir::isAbsolutePath(relative) || relative.startsWith(u'/') || relative.startsWith(u'\\')) {
        *why = QStringLiteral("file path \"%1\" must be relative to the pack's actions folder").arg(relative);
        return {};
    }
    const QString base = QDir::cleanPath(folder);
    const QString abs = QDir::cleanPath(base + u'/' + relative);
    if (!abs.startsWith(base + u'/') || relative.split(u'/').contains(QStringLiteral(".."))) {
        *why = QStringLiteral("file path \"%1\" leaves the pack's actions folder").arg(relative);
        return {};
    }
    return abs;
}

bool writeAtomically(const QString &path, const QByteArray &data, QString *why)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        *why = QStringLiteral("cannot create the folder of %1").arg(path);
        return false;
    }
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly) && file.write(data) == data.size() && file.commit())
        return true;
    *why = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    return false;
}

} // namespace squall::engine::packfiles
