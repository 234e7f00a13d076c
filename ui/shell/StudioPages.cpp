#include "ui/shell/StudioPages.h"

#include "ui/actions/ActionsPage.h"
#include "ui/datastore/DatastorePage.h"
#include "ui/history/HistoryPage.h"
#include "ui/inquiries/InquiriesPage.h"
#include "ui/packs/PacksPage.h"
#include "ui/rules/RulesPage.h"
#include "ui/triggers/TriggersPage.h"
#include "ui/workflows/WorkflowsPage.h"

namespace squall::ui {

QList<Page *> createPages(Studio *studio)
{
    return {
        new HistoryPage(studio),
        new ActionsPage(studio),
        new RulesPage(studio),
        new PacksPage(studio),
        new TriggersPage(studio),
        new InquiriesPage(studio),
        new WorkflowsPage(studio),
        new DatastorePage(studio),
    };
}

} // namespace squall::ui
