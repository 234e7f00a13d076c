#include "DataDir.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

QString defaultDataDir()
{
    const QString env = qEnvironmentVariable("SQUALL_DATA_DIR");
    if (!env.isEmpty())
        return env;
    QString base = qEnvironmentVariable("XDG_DATA_HOME");
    if (base.isEmpty())
        base = QDir::homePath() + QStringLiteral("/.local/share");
    return base + QStringLiteral("/squall");
}

QString bundledPacksDir()
{
    const QString installed = QCoreApplication::applicationDirPath() + QStringLiteral("/../share/squall/packs");
    if (QFileInfo::exists(installed + QStringLiteral("/core/pack.yaml")))
        return QDir::cleanPath(installed);
    return QStringLiteral(SQUALL_SOURCE_PACKS_DIR);
}

QStringList defaultPackRoots(const QString &dataDir)
{
    const QString userPacks = QDir(dataDir).filePath(QStringLiteral("packs"));
    QDir().mkpath(userPacks);
    return {bundledPacksDir(), userPacks};
}
