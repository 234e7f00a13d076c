#include "api/HttpRequest.h"

#include <QUrl>

namespace squall::api {

QByteArray HttpRequest::header(QByteArrayView name) const
{
    QByteArray joined;
    bool found = false;
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) != 0)
            continue;
        if (found)
            joined += ", ";
        joined += value;
        found = true;
    }
    return joined;
}

bool HttpRequest::hasHeader(QByteArrayView name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QList<QPair<QString, QString>> HttpRequest::queryItems() const
{
    QList<QPair<QString, QString>> items;
    if (rawQuery.isEmpty())
        return items;
    const auto parts = QStringView(rawQuery).split(u'&', Qt::SkipEmptyParts);
    items.reserve(parts.size());
    for (QStringView part : parts) {
        const qsizetype eq = part.indexOf(u'=');
        QString key = (eq < 0 ? part : part.left(eq)).toString();
        QString value = eq < 0 ? QString() : part.mid(eq + 1).toString();
        key.replace(u'+', u' ');
        value.replace(u'+', u' ');
        items.append(QPair<QString, QString>{QUrl::fromPercentEncoding(key.toUtf8()), QUrl::fromPercentEncoding(value.toUtf8())});
    }
    return items;
}

QString HttpRequest::queryValue(const QString &key) const
{
    QString found;
    for (const auto &[k, v] : queryItems()) {
        if (k == key)
            found = v;
    }
    return found;
}

QString HttpRequest::cookie(const QString &name) const
{
    const QString all = QString::fromUtf8(header("Cookie"));
    for (QStringView part : QStringView(all).split(u';')) {
        part = part.trimmed();
        const qsizetype eq = part.indexOf(u'=');
        if (eq > 0 && part.left(eq).trimmed() == name) {
            QStringView value = part.mid(eq + 1).trimmed();
            if (value.size() >= 2 && value.startsWith(u'"') && value.endsWith(u'"'))
                value = value.mid(1, value.size() - 2);
            return value.toString();
        }
    }
    return {};
}

QByteArray HttpRequest::mediaType() const
{
    QByteArray type = header("Content-Type");
    const qsizetype semi = type.indexOf(';');
    if (semi >= 0)
        type.truncate(semi);
    return type.trimmed().toLower();
}

} // namespace squall::api
