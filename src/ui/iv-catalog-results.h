/* iv-catalog-results.h: the results of an offline catalog search as a lazy GListModel of IvService
 *
 * Every match is an item (100,000 if need be) but only the total is
 * counted up front; services are read from the store a page at a time
 * when the list view asks for a position, and only a few pages are kept,
 * so scrolling through the whole catalog keeps memory flat.
 */
#pragma once

#include <gio/gio.h>

#include "iv-catalog-search.h"

G_BEGIN_DECLS

#define IV_TYPE_CATALOG_RESULTS (iv_catalog_results_get_type ())
G_DECLARE_FINAL_TYPE (IvCatalogResults, iv_catalog_results, IV, CATALOG_RESULTS, GObject)

/* Services per page read from the store, and pages kept in memory: GTK
 * 4.8's list view binds up to 200 rows around what is on screen, and each
 * page read is one search, so one page covers them */
#define IV_CATALOG_RESULTS_PAGE_SIZE 256
#define IV_CATALOG_RESULTS_MAX_PAGES 4

IvCatalogResults *iv_catalog_results_new       (IvCatalogSearch  *search);
/* Runs query (its page is ignored) and replaces the items; FALSE and
 * error when the store fails (the old items are kept) */
gboolean          iv_catalog_results_set_query (IvCatalogResults *self,
                                                IvCatalogQuery   *query,
                                                GError          **error);

/* Every match (the same as the number of items) */
guint             iv_catalog_results_get_total (IvCatalogResults *self);

/* How many services are decoded in memory now (at most
 * IV_CATALOG_RESULTS_PAGE_SIZE × IV_CATALOG_RESULTS_MAX_PAGES), and how
 * many pages were read from the store since the last query: for tests
 * and the benchmark */
guint             iv_catalog_results_get_n_loaded     (IvCatalogResults *self);
guint             iv_catalog_results_get_n_page_reads (IvCatalogResults *self);

G_END_DECLS
