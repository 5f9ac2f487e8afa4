/* iv-store.h: the offline store: cache, user data, search, drafts and outbox in one object */
#pragma once

#include "iv-cache-db.h"
#include "iv-catalog-search.h"
#include "iv-drafts.h"
#include "iv-outbox.h"
#include "iv-user-db.h"

G_BEGIN_DECLS

#define IV_TYPE_STORE (iv_store_get_type ())
G_DECLARE_FINAL_TYPE (IvStore, iv_store, IV, STORE, GObject)

/* The app passes g_get_user_cache_dir ()/innovation-vouchers and
 * g_get_user_data_dir ()/innovation-vouchers.  Fails only when user data
 * cannot be opened (never deleted) or no cache can be made at all. */
IvStore         *iv_store_new                (const char   *cache_dir,
                                              const char   *data_dir,
                                              GError      **error);
/* The same on a worker thread: opening runs migrations and may recover */
void             iv_store_new_async          (const char          *cache_dir,
                                              const char          *data_dir,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
IvStore         *iv_store_new_finish         (GAsyncResult        *result,
                                              GError             **error);

IvCacheDb       *iv_store_get_cache          (IvStore      *self);
IvUserDb        *iv_store_get_user_db        (IvStore      *self);
IvCatalogSearch *iv_store_get_search         (IvStore      *self);
IvDrafts        *iv_store_get_drafts         (IvStore      *self);
IvOutbox        *iv_store_get_outbox         (IvStore      *self);

/* TRUE when the cache was damaged and rebuilt on open (property
 * "cache-rebuilt"); the UI says so once with iv_store_dup_notice () */
gboolean         iv_store_get_cache_rebuilt  (IvStore      *self);
/* A translated sentence for the user about what happened on open, or NULL */
char            *iv_store_dup_notice         (IvStore      *self);

/* A translated explanation of a store error, for the UI */
char            *iv_store_error_to_user_message (const GError *error);

G_END_DECLS
