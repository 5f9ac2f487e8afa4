/* iv-part2-pages.h: puts the quota application, claim and needs-attention pages, the offline banner and the notifier into a window */
#pragma once

#include "iv-window.h"

G_BEGIN_DECLS

/* Called once from iv-window.c's add_more_pages() hook; banner_box is the
 * window's box for banners.  Without a usable local store the pages show
 * why instead. */
void iv_part2_add_pages (IvWindow  *window,
                         GtkWidget *banner_box);

G_END_DECLS
