/* iv-cache-db.h: the cache database (what the service last said), rebuilt when it cannot be opened */
#pragma once

#include <gio/gio.h>

#include "iv-domain.h"
#include "iv-store-db.h"

G_BEGIN_DECLS

/* Kinds of cached objects besides the catalog */
typedef enum {
  IV_CACHE_KIND_ACCOUNT,      /* one object */
  IV_CACHE_KIND_POLICY,       /* one object */
  IV_CACHE_KIND_VOUCHER,
  IV_CACHE_KIND_APPLICATION,
  IV_CACHE_KIND_ORDER,
  IV_CACHE_KIND_CLAIM,
  IV_CACHE_KIND_RECEIPT,      /* keyed by claim id */
} IvCacheKind;

#define IV_TYPE_CACHE_DB (iv_cache_db_get_type ())
G_DECLARE_FINAL_TYPE (IvCacheDb, iv_cache_db, IV, CACHE_DB, GObject)

/* Opens dir/cache.db (dir 0700, files 0600).  A file that cannot be opened
 * (damaged, foreign, newer schema) is renamed cache.db.broken-<time> and a
 * new cache is made; iv_cache_db_was_rebuilt () then says so.  Fails only
 * when not even a new cache can be made. */
IvCacheDb     *iv_cache_db_open                 (const char          *dir,
                                                 GError             **error);
IvStoreDb     *iv_cache_db_get_db               (IvCacheDb           *self);
/* TRUE when the old cache was moved aside on open; the UI may tell the user */
gboolean       iv_cache_db_was_rebuilt          (IvCacheDb           *self);
/* Why, or NULL; the moved file's path is in it */
const char    *iv_cache_db_get_rebuild_reason   (IvCacheDb           *self);

/* ETag and time of the last successful refresh of a resource path
 * (e.g. "/v1/vouchers"); FALSE if never fetched */
gboolean       iv_cache_db_get_resource         (IvCacheDb           *self,
                                                 const char          *path,
                                                 char               **out_etag,
                                                 gint64              *out_updated_at);
gboolean       iv_cache_db_set_resource         (IvCacheDb           *self,
                                                 const char          *path,
                                                 const char          *etag,
                                                 gint64               updated_at,
                                                 GError             **error);

/* Upserts one object (an IvAccount, IvPolicy, IvVoucher, IvQuotaApplication,
 * IvOrder, IvClaim or IvReceipt, as kind says) */
gboolean       iv_cache_db_put_object           (IvCacheDb           *self,
                                                 IvCacheKind          kind,
                                                 gpointer             object,
                                                 GError             **error);
/* Replaces every object of kind with objects (in this order), and records
 * the resource's ETag and now, in one transaction; path may be NULL */
gboolean       iv_cache_db_put_list             (IvCacheDb           *self,
                                                 IvCacheKind          kind,
                                                 GPtrArray           *objects,
                                                 const char          *path,
                                                 const char          *etag,
                                                 GError             **error);
/* A new domain object decoded from the cached JSON; id NULL for account and
 * policy.  IV_STORE_ERROR_NOT_FOUND if absent. */
gpointer       iv_cache_db_get_object           (IvCacheDb           *self,
                                                 IvCacheKind          kind,
                                                 const char          *id,
                                                 GError             **error);
/* All objects of kind, in the order last put */
GPtrArray     *iv_cache_db_get_list             (IvCacheDb           *self,
                                                 IvCacheKind          kind,
                                                 GError             **error);
gboolean       iv_cache_db_remove_object        (IvCacheDb           *self,
                                                 IvCacheKind          kind,
                                                 const char          *id,
                                                 GError             **error);

/* Catalog */
gboolean       iv_cache_db_put_categories       (IvCacheDb           *self,
                                                 GPtrArray           *categories,
                                                 GError             **error);
GPtrArray     *iv_cache_db_get_categories       (IvCacheDb           *self,
                                                 GError             **error);
/* One page of a catalog listing, in one transaction: institutions and
 * services upserted (and made searchable), tombstones removed; revision
 * stored unless it is < 0 (store it with the last page of a sync) */
gboolean       iv_cache_db_apply_catalog_page   (IvCacheDb           *self,
                                                 GPtrArray           *institutions,
                                                 GPtrArray           *services,
                                                 const char * const  *deleted_institution_ids,
                                                 const char * const  *deleted_service_ids,
                                                 gint64               revision,
                                                 GError             **error);
/* The same on a worker thread with a connection of its own (the main
 * thread's connection goes on reading; its writes wait for the page's
 * transaction), so that the caller can download and decode the next page
 * meanwhile.  Pages are applied one at a time, in the order given; the
 * catalog generation changes before callback runs.  meta_key, unless NULL, is set to
 * meta_value (NULL: removed) in the same transaction.  Once started, a
 * page is applied whole even if cancellable is cancelled. */
void           iv_cache_db_apply_catalog_page_async  (IvCacheDb           *self,
                                                      GPtrArray           *institutions,
                                                      GPtrArray           *services,
                                                      const char * const  *deleted_institution_ids,
                                                      const char * const  *deleted_service_ids,
                                                      gint64               revision,
                                                      const char          *meta_key,
                                                      const char          *meta_value,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean       iv_cache_db_apply_catalog_page_finish (IvCacheDb           *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
/* Empties the catalog and forgets its revision (before a full sync) */
gboolean       iv_cache_db_clear_catalog        (IvCacheDb           *self,
                                                 GError             **error);
/* -1 when no catalog was synced */
gint64         iv_cache_db_get_catalog_revision (IvCacheDb           *self);
/* Changes whenever the catalog does (for search to refresh its tables) */
guint64        iv_cache_db_get_catalog_generation (IvCacheDb         *self);
IvInstitution *iv_cache_db_get_institution      (IvCacheDb           *self,
                                                 const char          *id,
                                                 GError             **error);
GPtrArray     *iv_cache_db_list_institutions    (IvCacheDb           *self,
                                                 GError             **error);
IvService     *iv_cache_db_get_service          (IvCacheDb           *self,
                                                 const char          *id,
                                                 GError             **error);
/* The service stored at rowid (the key of the search tables) */
IvService     *iv_cache_db_get_service_at       (IvCacheDb           *self,
                                                 gint64               rowid,
                                                 GError             **error);
guint          iv_cache_db_count_services       (IvCacheDb           *self);

/* Events long-poll position; 0 when none */
gint64         iv_cache_db_get_events_last_seq  (IvCacheDb           *self);
gboolean       iv_cache_db_set_events_last_seq  (IvCacheDb           *self,
                                                 gint64               last_seq,
                                                 GError             **error);

G_END_DECLS
