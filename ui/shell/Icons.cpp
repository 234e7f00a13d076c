#include "ui/shell/Icons.h"

#include <QApplication>
#include <QFile>
#include <QHash>
#include <QPainter>
#include <QPalette>
#include <QPixmap>
#include <QSvgRenderer>

namespace squall::ui::icons {

namespace {

QHash<QString, QIcon> &cache()
{
    static QHash<QString, QIcon> icons;
    return icons;
}

QIcon render(const QByteArray &svg)
{
    QIcon icon;
    QSvgRenderer renderer(svg);
    for (const int size : {16, 20, 24, 32, 48}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        renderer.render(&painter);
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

QByteArray load(const QString &name)
{
    QFile file(QStringLiteral(":/icons/ui/%1.svg").arg(name));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

QIcon get(const QString &name, const QPalette &palette)
{
    const QColor color = palette.color(QPalette::Active, QPalette::WindowText);
    const QString key = name + u'|' + color.name();
    auto it = cache().constFind(key);
    if (it != cache().constEnd())
        return *it;
    QByteArray svg = load(name);
    if (svg.isEmpty())
        return QIcon::fromTheme(name);
    svg.replace("currentColor", color.name().toLatin1());
    const QIcon icon = render(svg);
    cache().insert(key, icon);
    return icon;
}

QIcon get(const QString &name)
{
    return get(name, QApplication::palette());
}

QIcon status(const QString &status)
{
    // StackStorm's statuses folded onto the few shapes a list can show.
    QString shape = status;
    if (status == u"requested" || status == u"delayed" || status == u"scheduled")
        shape = QStringLiteral("scheduled");
    else if (status == u"canceling" || status == u"canceled")
        shape = QStringLiteral("canceled");
    else if (status == u"pausing" || status == u"paused")
        shape = QStringLiteral("paused");
    else if (status == u"resuming" || status == u"running")
        shape = QStringLiteral("running");
    const QString key = u"status-" + shape;
    auto it = cache().constFind(key);
    if (it != cache().constEnd())
        return *it;
    const QByteArray svg = load(key);
    const QIcon icon = svg.isEmpty() ? QIcon() : render(svg);
    cache().insert(key, icon);
    return icon;
}

void clearCache()
{
    cache().clear();
}

} // namespace squall::ui::icons
