/* iv-catalog-search.h: offline catalog search over the cache (FTS5 grams and trigrams, filters, stable ranking) */
#pragma once

#include "iv-cache-db.h"
#include "iv-catalog-query.h"

G_BEGIN_DECLS

#define IV_TYPE_CATALOG_SEARCH (iv_catalog_search_get_type ())
G_DECLARE_FINAL_TYPE (IvCatalogSearch, iv_catalog_search, IV, CATALOG_SEARCH, GObject)

IvCatalogSearch *iv_catalog_search_new (IvCacheDb        *cache);

/* The services matching query, best first: more of the words in the title
 * ranks higher, then the service id; the same query always gives the same
 * order.  out_total (optional) is the number of matches before paging.
 * Returns a GPtrArray of IvService. */
GPtrArray       *iv_catalog_search_run (IvCatalogSearch  *self,
                                        IvCatalogQuery   *query,
                                        guint            *out_total,
                                        GError          **error);

/* How many recent word sets keep their matches in memory (default 16,
 * 0 = none); cleared whenever the catalog changes */
void             iv_catalog_search_set_cache_size (IvCatalogSearch *self,
                                                   guint            n_queries);

G_END_DECLS
