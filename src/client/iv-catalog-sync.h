/* iv-catalog-sync.h: incremental catalog sync into the cache (since, tombstones, paging, resumable) */
#pragma once

#include <gio/gio.h>

#include "iv-api-client.h"
#include "iv-cache-db.h"

G_BEGIN_DECLS

/* Items asked per page (api.md allows 1–500) */
#define IV_CATALOG_SYNC_PAGE_SIZE 500

#define IV_TYPE_CATALOG_SYNC (iv_catalog_sync_get_type ())
G_DECLARE_FINAL_TYPE (IvCatalogSync, iv_catalog_sync, IV, CATALOG_SYNC, GObject)

IvCatalogSync *iv_catalog_sync_new            (IvApiClient    *api_client,
                                               IvCacheDb      *cache);

/* Categories, then institutions, then services: with since = the cached
 * revision, or everything when the cache has none.  Every page is applied
 * in one transaction and the position (pass, since, cursor, snapshot
 * revision) is saved in the cache's meta table, so an interrupted sync
 * resumes where it stopped.  The new revision is stored with the last page. */
void           iv_catalog_sync_run_async      (IvCatalogSync  *self,
                                               GCancellable   *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer        user_data);
/* out_changed: how many items and tombstones were applied */
gboolean       iv_catalog_sync_run_finish     (IvCatalogSync  *self,
                                               GAsyncResult   *result,
                                               guint          *out_changed,
                                               GError        **error);

/* 0 → 1 during a run (the total is unknown until the end: pages move it
 * closer to 1), 1 when idle after a complete sync */
double         iv_catalog_sync_get_progress   (IvCatalogSync  *self);
gboolean       iv_catalog_sync_get_running    (IvCatalogSync  *self);
/* TRUE when a sync was interrupted and will resume */
gboolean       iv_catalog_sync_get_resumable  (IvCatalogSync  *self);

/* Page size (tests use small pages to interrupt a sync); 0 = default */
void           iv_catalog_sync_set_page_size  (IvCatalogSync  *self,
                                               guint           limit);

G_END_DECLS
