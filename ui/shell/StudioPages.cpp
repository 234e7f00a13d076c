#include "ui/shell/StudioPages.h"

#include "ui/datastore/DatastorePage.h"
#include "ui/inquiries/InquiriesPage.h"
#include "ui/packs/PacksPage.h"
#include "ui/shell/Page.h"
#include "ui/triggers/TriggersPage.h"

#include <QLabel>
#include <QVBoxLayout>

namespace squall::ui {

namespace {

// Stands in for a page still being written.
class PendingPage final : public Page
{
public:
    PendingPage(Studio *studio, QString id, QString title, QString icon)
        : Page(studio), m_id(std::move(id)), m_title(std::move(title)), m_icon(std::move(icon))
    {
        auto *layout = new QVBoxLayout(this);
        layout->addWidget(new QLabel(m_title, this));
    }
    QString pageId() const override { return m_id; }
    QString title() const override { return m_title; }
    QString iconName() const override { return m_icon; }

private:
    QString m_id, m_title, m_icon;
};

} // namespace

QList<Page *> createPages(Studio *studio)
{
    return {
        new PendingPage(studio, QStringLiteral("history"), QObject::tr("History"), QStringLiteral("history")),
        new PendingPage(studio, QStringLiteral("actions"), QObject::tr("Actions"), QStringLiteral("actions")),
        new PendingPage(studio, QStringLiteral("rules"), QObject::tr("Rules"), QStringLiteral("rules")),
        new PacksPage(studio),
        new TriggersPage(studio),
        new InquiriesPage(studio),
        new PendingPage(studio, QStringLiteral("workflows"), QObject::tr("Workflows"), QStringLiteral("workflows")),
        new DatastorePage(studio),
    };
}

} // namespace squall::ui
