/* iv-catalog-results.h: the results of an offline catalog search as a lazy GListModel of slots
 *
 * Every match is an item (100,000 if need be) but only the total is
 * counted up front; services are read from the store a page at a time
 * when the list view asks for a position, and only a few pages are kept,
 * so scrolling through the whole catalog keeps memory flat.
 *
 * The items are IvCatalogSlot, one per position, kept while someone
 * (the list view) holds them: a new search does not replace them (GTK 4.8
 * would drop and rebuild ~200 row widgets), it changes the service each
 * live slot shows ("notify::service") and announces only the change in
 * count.  The slot type lives here because it reads through the model.
 */
#pragma once

#include <gio/gio.h>

#include "iv-catalog-search.h"

G_BEGIN_DECLS

#define IV_TYPE_CATALOG_RESULTS (iv_catalog_results_get_type ())
G_DECLARE_FINAL_TYPE (IvCatalogResults, iv_catalog_results, IV, CATALOG_RESULTS, GObject)

#define IV_TYPE_CATALOG_SLOT (iv_catalog_slot_get_type ())
G_DECLARE_FINAL_TYPE (IvCatalogSlot, iv_catalog_slot, IV, CATALOG_SLOT, GObject)

/* The service at the slot's position in the current results, read on
 * demand; NULL when the store failed to read it or the slot is past the
 * end.  "notify::service" says it changed (a new search) */
IvService        *iv_catalog_slot_get_service  (IvCatalogSlot    *self);
guint             iv_catalog_slot_get_position (IvCatalogSlot    *self);

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

/* The service at position in the current results (new reference), or
 * NULL: what activating that row opens */
IvService        *iv_catalog_results_get_service (IvCatalogResults *self,
                                                  guint             position);

/* Every match (the same as the number of items) */
guint             iv_catalog_results_get_total (IvCatalogResults *self);

/* How many services are decoded in memory now (at most
 * IV_CATALOG_RESULTS_PAGE_SIZE × IV_CATALOG_RESULTS_MAX_PAGES), and how
 * many pages were read from the store since the last query: for tests
 * and the benchmark */
guint             iv_catalog_results_get_n_loaded     (IvCatalogResults *self);
guint             iv_catalog_results_get_n_page_reads (IvCatalogResults *self);
/* How many slots the list view holds now (rows it keeps around the screen) */
guint             iv_catalog_results_get_n_slots      (IvCatalogResults *self);

G_END_DECLS
