#pragma once

#include <QList>

namespace squall::ui {

class Page;
class Studio;

// The navigation rail's pages, in order.
QList<Page *> createPages(Studio *studio);

} // namespace squall::ui
