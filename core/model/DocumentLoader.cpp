#include "model/DocumentLoader.h"

#include "base/Json.h"

#include <QFile>

namespace squall::model {

namespace {

bool looksLikeJson(const QByteArray &text, const QString &fileName)
{
    if (fileName.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive))
        return true;
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        return c == '{' || c == '[';
    }
    return false;
}

} // namespace

std::optional<yaml::Document> loadDocumentText(const QByteArray &text, const QString &fileName,
                                               QList<Error> *errors)
{
    if (looksLikeJson(text, fileName)) {
        json::ParseError jerr;
        Value v = json::parse(text, &jerr);
        if (jerr.ok()) {
            yaml::Document doc;
            try {
                doc = yaml::load(text, fileName);
            } catch (const SquallException &) {
                // Valid JSON that YAML rejects (rare: tabs, odd escapes): keep the
                // JSON value; errors then point at the file only.
                doc.locations = std::make_shared<yaml::LocationMap>();
                doc.locations->file = fileName;
            }
            doc.value = std::move(v);
            return doc;
        }
        // Flow-style YAML also starts with `{`: unless the file says it is
        // JSON, only give the JSON error when the text is not YAML either.
        const bool strictJson = fileName.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive);
        try {
            if (strictJson)
                throw SquallException(QStringLiteral("json"), jerr.message);
            return yaml::load(text, fileName);
        } catch (const SquallException &) {
            if (errors)
                errors->append(Error{QStringLiteral("invalid JSON: ") + jerr.message,
                                     SourceLocation{fileName, jerr.line, jerr.column}, QString(),
                                     QStringLiteral("json")});
            return std::nullopt;
        }
    }
    try {
        return yaml::load(text, fileName);
    } catch (const SquallException &e) {
        if (errors) {
            Error err = e.error();
            if (err.location.file.isEmpty())
                err.location.file = fileName;
            errors->append(std::move(err));
        }
        return std::nullopt;
    }
}

std::optional<yaml::Document> loadDocument(const QString &path, QList<Error> *errors)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (errors)
            errors->append(Error{QStringLiteral("cannot read file: ") + f.errorString(), SourceLocation{path, 0, 0},
                                 QString(), QStringLiteral("io")});
        return std::nullopt;
    }
    return loadDocumentText(f.readAll(), path, errors);
}

} // namespace squall::model
