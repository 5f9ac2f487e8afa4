/* iv-catalog-results.h: the results of an offline catalog search as a lazy GListModel of IvService
 *
 * Only the total is counted up front; services are read from the store a
 * page at a time when the list view asks for them, and only a bounded
 * number of pages is kept, so scrolling through 100,000 results keeps
 * memory flat.
 */
#pragma once

#include <gio/gio.h>

#include "iv-catalog-search.h"

G_BEGIN_DECLS

#define IV_TYPE_CATALOG_RESULTS (iv_catalog_results_get_type ())
G_DECLARE_FINAL_TYPE (IvCatalogResults, iv_catalog_results, IV, CATALOG_RESULTS, GObject)

/* At most this many results are listed (the rest are counted): GTK 4.8
 * reads every item of a list model on items-changed, so a lazy model of
 * 100,000 services would make each keystroke read them all */
#define IV_CATALOG_RESULTS_MAX 1000

IvCatalogResults *iv_catalog_results_new       (IvCatalogSearch  *search);
/* Runs query (its page is ignored) and replaces the items; FALSE and
 * error when the store fails (the old items are kept) */
gboolean          iv_catalog_results_set_query (IvCatalogResults *self,
                                                IvCatalogQuery   *query,
                                                GError          **error);

/* Every match, including those past IV_CATALOG_RESULTS_MAX */
guint             iv_catalog_results_get_total (IvCatalogResults *self);

G_END_DECLS
