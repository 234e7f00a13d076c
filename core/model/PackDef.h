#pragma once

#include "base/Value.h"

#include <QStringList>

namespace squall::model {

// A pack's `pack.yaml` (StackStorm's PackAPI).
struct PackDef
{
    QString id;
    QString ref;               // `ref`, or `name` when that is a valid ref
    QString name;
    QString description;
    QString version;
    QString author;
    QString email;
    QStringList keywords;
    QStringList contributors;
    QStringList dependencies;
    QString stackstormVersion;
    QStringList pythonVersions;
    Value system;              // dict or null
    Value files;               // list
    QString path;              // absolute pack directory
    Value extra;               // other keys, kept as written (pack.yaml allows any)

    QString uid() const { return QStringLiteral("pack:") + ref; }
    // {id, uid, ref, name, description, version, author, email, keywords, contributors,
    //  dependencies, stackstorm_version, python_versions, system, files, path, ...extra}
    Value toApi() const;
};

} // namespace squall::model
