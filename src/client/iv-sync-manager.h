/* iv-sync-manager.h: keeps the offline store in step with the service (refresh, catalog, events, outbox replay) */
#pragma once

#include <gio/gio.h>

#include "iv-domain.h"
#include "iv-api-client.h"
#include "iv-outbox.h"
#include "iv-cache-db.h"
#include "iv-drafts.h"

G_BEGIN_DECLS

/* What the UI shows in its sync status row.  Connectivity is a hint only:
 * OFFLINE never stops the UI from queueing a write. */
typedef enum {
  IV_SYNC_STATE_ONLINE,           /* idle, the last attempt reached the service */
  IV_SYNC_STATE_OFFLINE,          /* the service cannot be reached (or no network) */
  IV_SYNC_STATE_SYNCING,          /* a refresh, catalog sync or replay is running */
  IV_SYNC_STATE_NEEDS_ATTENTION,  /* an outbox item needs the user, or sign-in is needed */
} IvSyncState;

GType iv_sync_state_get_type (void);
#define IV_TYPE_SYNC_STATE (iv_sync_state_get_type ())

/* A short translated label for a status row ("Online", "Offline", …) */
const char *iv_sync_state_to_label (IvSyncState state);

/* What a refresh covers; IV_SYNC_SCOPE_ALL is what F5 does */
typedef enum /*< flags >*/ {
  IV_SYNC_SCOPE_ACCOUNT      = 1 << 0,
  IV_SYNC_SCOPE_POLICY       = 1 << 1,
  IV_SYNC_SCOPE_VOUCHERS     = 1 << 2,
  IV_SYNC_SCOPE_APPLICATIONS = 1 << 3,
  IV_SYNC_SCOPE_ORDERS       = 1 << 4,
  IV_SYNC_SCOPE_CLAIMS       = 1 << 5,
  IV_SYNC_SCOPE_CATALOG      = 1 << 6,  /* categories, institutions, services (incremental) */
  IV_SYNC_SCOPE_OUTBOX       = 1 << 7,  /* replay everything that is ready */
  IV_SYNC_SCOPE_ALL          = 0xff,
} IvSyncScope;

#define IV_TYPE_SYNC_MANAGER (iv_sync_manager_get_type ())
G_DECLARE_FINAL_TYPE (IvSyncManager, iv_sync_manager, IV, SYNC_MANAGER, GObject)

/* Takes references on the three; nothing starts until iv_sync_manager_start() */
IvSyncManager *iv_sync_manager_new                (IvApiClient    *api_client,
                                                   IvCacheDb      *cache,
                                                   IvOutbox       *outbox);

/* The objects it owns, for pages (store reads, drafts, outbox enqueue) */
IvApiClient   *iv_sync_manager_get_api_client     (IvSyncManager  *self);
IvCacheDb     *iv_sync_manager_get_cache          (IvSyncManager  *self);
IvOutbox      *iv_sync_manager_get_outbox         (IvSyncManager  *self);
IvDrafts      *iv_sync_manager_get_drafts         (IvSyncManager  *self);
/* Last known copies (from the cache at start, then from each refresh);
 * NULL until known.  "changed" with "policy"/"account" says when they change. */
IvPolicy      *iv_sync_manager_get_policy         (IvSyncManager  *self);
IvAccount     *iv_sync_manager_get_account        (IvSyncManager  *self);

/* Starts the network monitor hint, the events long poll (when signed in),
 * the periodic refresh and outbox replay; a first refresh runs at once. */
void           iv_sync_manager_start              (IvSyncManager  *self);
/* Cancels every running call and timer; nothing is lost (an item whose
 * call was cut is resent with the same key next time).  Idempotent. */
void           iv_sync_manager_shutdown           (IvSyncManager  *self);

/* Refreshes what scope covers (conditional GETs, 304 = fresh; lists put
 * into the cache) and replays the outbox when IV_SYNC_SCOPE_OUTBOX.
 * Fails with the first IV_API_ERROR met; what could be refreshed is kept. */
void           iv_sync_manager_refresh_async      (IvSyncManager  *self,
                                                   IvSyncScope     scope,
                                                   GCancellable   *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer        user_data);
gboolean       iv_sync_manager_refresh_finish     (IvSyncManager  *self,
                                                   GAsyncResult   *result,
                                                   GError        **error);

/* Incremental catalog sync (since = stored revision, tombstones, paging);
 * an interrupted sync resumes from its stored cursor.  :catalog-progress
 * goes 0 → 1. */
void           iv_sync_manager_sync_catalog_async (IvSyncManager  *self,
                                                   GCancellable   *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer        user_data);
gboolean       iv_sync_manager_sync_catalog_finish (IvSyncManager *self,
                                                   GAsyncResult   *result,
                                                   GError        **error);

/* Call after enqueueing a write: replay starts now if it can (never
 * blocks, never fails: the item is already saved). */
void           iv_sync_manager_kick               (IvSyncManager  *self);

/* Replays until nothing is ready (retry_wait items not yet due are left);
 * TRUE even when items went to needs_attention.  Fails when replay had to
 * stop: sign-in needed, or the service unreachable. */
void           iv_sync_manager_replay_async       (IvSyncManager  *self,
                                                   GCancellable   *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer        user_data);
gboolean       iv_sync_manager_replay_finish      (IvSyncManager  *self,
                                                   GAsyncResult   *result,
                                                   GError        **error);

/* After a new sign-in (tokens set on the api client): clears
 * :sign-in-needed and restarts replay and events. */
void           iv_sync_manager_resume             (IvSyncManager  *self);

/* Properties the UI binds to */
IvSyncState    iv_sync_manager_get_state          (IvSyncManager  *self);
guint          iv_sync_manager_get_pending_count  (IvSyncManager  *self);
guint          iv_sync_manager_get_needs_attention_count (IvSyncManager *self);
/* Unix seconds of the last refresh that reached the service; 0 = never */
gint64         iv_sync_manager_get_last_successful_sync (IvSyncManager *self);
/* The same as a local GDateTime, or NULL when never */
GDateTime     *iv_sync_manager_dup_last_successful_sync_time (IvSyncManager *self);
double         iv_sync_manager_get_catalog_progress (IvSyncManager *self);
gboolean       iv_sync_manager_get_sign_in_needed (IvSyncManager  *self);
/* GNetworkMonitor's hint */
gboolean       iv_sync_manager_get_network_available (IvSyncManager *self);
gboolean       iv_sync_manager_get_reachable (IvSyncManager *self);

/* Minutes between periodic refreshes; 0 turns them off (default 15) */
guint          iv_sync_manager_get_refresh_interval (IvSyncManager *self);
void           iv_sync_manager_set_refresh_interval (IvSyncManager *self,
                                                    guint          minutes);
/* Whether the events long poll runs while started (default TRUE) */
gboolean       iv_sync_manager_get_events_enabled (IvSyncManager  *self);
void           iv_sync_manager_set_events_enabled (IvSyncManager  *self,
                                                   gboolean        enabled);
/* Replay backoff (full jitter): base and cap in milliseconds (defaults
 * 1000 and 300000); tests make them short. */
void           iv_sync_manager_set_backoff        (IvSyncManager  *self,
                                                   guint          base_ms,
                                                   guint          cap_ms);

/* Signals:
 *   "changed" (const char *what): the cache changed; what is one of
 *       "account", "policy", "vouchers", "applications", "orders",
 *       "claims", "receipts", "catalog", "outbox" — lists reload from the store.
 *   "application-changed", "order-changed", "claim-changed",
 *   "voucher-changed" (const char *id, const char *status): one per event
 *       from the long poll, after the object was refreshed into the cache;
 *       status is the api.md status string (e.g. "returned").
 *   "sign-in-needed": the refresh token was refused; replay is paused and
 *       nothing is lost.  Sign in again, then iv_sync_manager_resume().
 *   "item-needs-attention" (gint64 item_id): an outbox item stopped with the
 *       server's reason (iv_outbox_item_get_error_code/_message/_field).  For
 *       error code "version_conflict" (a 412 on resubmission) the server's
 *       current copy has been fetched into the cache under the item's target
 *       id, and the local draft is kept: the UI can show both versions.
 *   "item-done" (gint64 item_id, const char *server_id): an outbox item was
 *       accepted by the service.
 */

G_END_DECLS
