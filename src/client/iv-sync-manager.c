/* iv-sync-manager.c: keeps the offline store in step with the service (refresh, catalog, events, outbox replay) */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "iv-catalog-sync.h"
#include "iv-event-poller.h"
#include "iv-outbox-runner.h"
#include "iv-sync-manager.h"

#define DEFAULT_REFRESH_MINUTES 15
/* Items per page when refreshing the account's own lists */
#define LIST_PAGE_SIZE 500

struct _IvSyncManager {
  GObject          parent_instance;

  IvApiClient     *api_client;
  IvCacheDb       *cache;
  IvOutbox        *outbox;
  IvDrafts        *drafts;
  IvOutboxRunner  *runner;
  IvCatalogSync   *catalog;
  IvEventPoller   *poller;
  GNetworkMonitor *monitor;

  GCancellable    *cancellable;    /* everything started; replaced by shutdown */
  gboolean         started;
  guint            active;         /* operations running (state syncing) */
  gboolean         offline;        /* the last call could not reach the service */
  gboolean         sign_in_needed; /* the session was refused: replay and events wait */
  gboolean         network_available;
  IvSyncState      state;
  guint            pending_count;
  guint            attention_count;
  gint64           last_sync;      /* unix seconds */
  guint            refresh_interval;
  guint            periodic_source;
  guint            wakeup_source;
  gboolean         events_enabled;
  gboolean         replaying;
  gboolean         replay_again;

  GQueue           event_queue;    /* IvEvent* waiting to be refreshed and announced */
  gboolean         event_busy;
  IvSyncScope      event_scope;    /* lists to refresh once the queue is empty */
  GPtrArray       *voucher_events; /* announced after that refresh */

  IvPolicy        *policy;
  IvAccount       *account;
};

G_DEFINE_FINAL_TYPE (IvSyncManager, iv_sync_manager, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (IvSyncState, iv_sync_state,
                    G_DEFINE_ENUM_VALUE (IV_SYNC_STATE_ONLINE, "online"),
                    G_DEFINE_ENUM_VALUE (IV_SYNC_STATE_OFFLINE, "offline"),
                    G_DEFINE_ENUM_VALUE (IV_SYNC_STATE_SYNCING, "syncing"),
                    G_DEFINE_ENUM_VALUE (IV_SYNC_STATE_NEEDS_ATTENTION, "needs-attention"))

const char *
iv_sync_state_to_label (IvSyncState state)
{
  switch (state)
    {
    case IV_SYNC_STATE_ONLINE:
      return _("Online");
    case IV_SYNC_STATE_OFFLINE:
      return _("Offline");
    case IV_SYNC_STATE_SYNCING:
      return _("Syncing");
    case IV_SYNC_STATE_NEEDS_ATTENTION:
    default:
      return _("Needs attention");
    }
}

enum {
  PROP_0,
  PROP_API_CLIENT,
  PROP_CACHE,
  PROP_OUTBOX,
  PROP_STATE,
  PROP_PENDING_COUNT,
  PROP_NEEDS_ATTENTION_COUNT,
  PROP_LAST_SUCCESSFUL_SYNC,
  PROP_CATALOG_PROGRESS,
  PROP_SIGN_IN_NEEDED,
  PROP_NETWORK_AVAILABLE,
  PROP_REACHABLE,
  PROP_REFRESH_INTERVAL,
  PROP_EVENTS_ENABLED,
  N_PROPS
};

enum {
  CHANGED,
  APPLICATION_CHANGED,
  ORDER_CHANGED,
  CLAIM_CHANGED,
  VOUCHER_CHANGED,
  SIGN_IN_NEEDED,
  ITEM_NEEDS_ATTENTION,
  ITEM_DONE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_replay    (IvSyncManager *self);
static void start_events    (IvSyncManager *self);
static void process_events  (IvSyncManager *self);

/* ---- state ------------------------------------------------------------ */

static void
update_state (IvSyncManager *self)
{
  IvSyncState state;

  /* Syncing first (something is moving), then what the user must do,
   * then whether the service is reachable */
  if (self->active > 0)
    state = IV_SYNC_STATE_SYNCING;
  else if (self->sign_in_needed || self->attention_count > 0)
    state = IV_SYNC_STATE_NEEDS_ATTENTION;
  else if (self->offline)
    state = IV_SYNC_STATE_OFFLINE;
  else
    state = IV_SYNC_STATE_ONLINE;

  if (state == self->state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
begin_active (IvSyncManager *self)
{
  self->active++;
  update_state (self);
}

static void
end_active (IvSyncManager *self)
{
  g_return_if_fail (self->active > 0);
  self->active--;
  update_state (self);
}

static gboolean
error_is_unreachable (const GError *error)
{
  return g_error_matches (error, IV_API_ERROR, IV_API_ERROR_NETWORK) ||
         g_error_matches (error, IV_API_ERROR, IV_API_ERROR_TIMEOUT) ||
         g_error_matches (error, IV_API_ERROR, IV_API_ERROR_TLS);
}

static void set_sign_in_needed (IvSyncManager *self, gboolean needed);

/* Every answer (or failure) of the service goes through here */
static void
note_result (IvSyncManager *self,
             const GError  *error)
{
  gboolean offline = self->offline;

  if (error == NULL)
    offline = FALSE;
  else if (error_is_unreachable (error))
    offline = TRUE;
  else if (g_error_matches (error, IV_API_ERROR, IV_API_ERROR_SESSION_EXPIRED))
    set_sign_in_needed (self, TRUE);
  else if (error->domain == IV_API_ERROR)
    offline = FALSE;   /* it answered, even if with a refusal */

  if (offline != self->offline)
    {
      self->offline = offline;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REACHABLE]);
      update_state (self);
      /* Reachable again: what waited can go now, not at its next backoff */
      if (!offline)
        start_replay (self);
    }
}

static void
set_last_sync_now (IvSyncManager *self)
{
  self->last_sync = g_get_real_time () / G_USEC_PER_SEC;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SUCCESSFUL_SYNC]);
}

static void
set_sign_in_needed (IvSyncManager *self,
                    gboolean       needed)
{
  if (self->sign_in_needed == needed)
    return;
  self->sign_in_needed = needed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGN_IN_NEEDED]);
  update_state (self);
  if (needed)
    g_signal_emit (self, signals[SIGN_IN_NEEDED], 0);
}

static void
update_counts (IvSyncManager *self)
{
  guint pending = iv_outbox_get_pending_count (self->outbox);
  guint attention = iv_outbox_get_attention_count (self->outbox);

  if (pending != self->pending_count)
    {
      self->pending_count = pending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING_COUNT]);
    }
  if (attention != self->attention_count)
    {
      self->attention_count = attention;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEEDS_ATTENTION_COUNT]);
    }
  update_state (self);
}

static void
emit_changed (IvSyncManager *self,
              const char    *what)
{
  g_signal_emit (self, signals[CHANGED], g_quark_from_string (what), what);
}

/* ---- cache helpers ---------------------------------------------------- */

static const char *
cache_kind_what (IvCacheKind kind)
{
  switch (kind)
    {
    case IV_CACHE_KIND_ACCOUNT:     return "account";
    case IV_CACHE_KIND_POLICY:      return "policy";
    case IV_CACHE_KIND_VOUCHER:     return "vouchers";
    case IV_CACHE_KIND_APPLICATION: return "applications";
    case IV_CACHE_KIND_ORDER:       return "orders";
    case IV_CACHE_KIND_CLAIM:       return "claims";
    case IV_CACHE_KIND_RECEIPT:
    default:                        return "receipts";
    }
}

static gpointer
decode_for_kind (IvCacheKind   kind,
                 JsonNode     *json,
                 GError      **error)
{
  switch (kind)
    {
    case IV_CACHE_KIND_ACCOUNT:     return iv_account_new_from_json (json, error);
    case IV_CACHE_KIND_POLICY:      return iv_policy_new_from_json (json, error);
    case IV_CACHE_KIND_VOUCHER:     return iv_voucher_new_from_json (json, error);
    case IV_CACHE_KIND_APPLICATION: return iv_quota_application_new_from_json (json, error);
    case IV_CACHE_KIND_ORDER:       return iv_order_new_from_json (json, error);
    case IV_CACHE_KIND_CLAIM:       return iv_claim_new_from_json (json, error);
    case IV_CACHE_KIND_RECEIPT:
    default:                        return iv_receipt_new_from_json (json, error);
    }
}

static gboolean
outbox_kind_to_cache_kind (IvOutboxKind  kind,
                           IvCacheKind  *out)
{
  switch (kind)
    {
    case IV_OUTBOX_KIND_CREATE_APPLICATION:
    case IV_OUTBOX_KIND_RESUBMIT_APPLICATION:
    case IV_OUTBOX_KIND_WITHDRAW_APPLICATION:
      *out = IV_CACHE_KIND_APPLICATION;
      return TRUE;
    case IV_OUTBOX_KIND_CREATE_ORDER:
    case IV_OUTBOX_KIND_CANCEL_ORDER:
      *out = IV_CACHE_KIND_ORDER;
      return TRUE;
    case IV_OUTBOX_KIND_CREATE_CLAIM:
    case IV_OUTBOX_KIND_RESUBMIT_CLAIM:
      *out = IV_CACHE_KIND_CLAIM;
      return TRUE;
    case IV_OUTBOX_KIND_UPLOAD_ATTACHMENT:
    default:
      return FALSE;
    }
}

static void
keep_object (IvSyncManager *self,
             IvCacheKind    kind,
             gpointer       object)
{
  if (kind == IV_CACHE_KIND_POLICY)
    {
      g_set_object (&self->policy, object);
      emit_changed (self, "policy");
    }
  else if (kind == IV_CACHE_KIND_ACCOUNT)
    {
      g_set_object (&self->account, object);
      emit_changed (self, "account");
    }
}

/* Puts a JSON object the service answered into the cache; FALSE (with a
 * warning) when it does not decode, which the caller can ignore */
static gboolean
cache_json (IvSyncManager *self,
            IvCacheKind    kind,
            JsonNode      *json)
{
  g_autoptr(GObject) object = NULL;
  g_autoptr(GError) error = NULL;

  object = decode_for_kind (kind, json, &error);
  if (object == NULL || !iv_cache_db_put_object (self->cache, kind, object, &error))
    {
      g_warning ("Could not cache a %s: %s", cache_kind_what (kind), error->message);
      return FALSE;
    }
  keep_object (self, kind, object);
  return TRUE;
}

/* ---- refresh ---------------------------------------------------------- */

typedef enum {
  STEP_ACCOUNT,
  STEP_POLICY,
  STEP_VOUCHERS,
  STEP_APPLICATIONS,
  STEP_ORDERS,
  STEP_CLAIMS,
  STEP_RECEIPTS,
  STEP_CATALOG,
  STEP_OUTBOX,
  N_STEPS
} Step;

/* The API calls of the steps that fetch one resource (get) or a paged list (list) */
typedef void (*GetAsyncFunc) (IvApiClient *api, const char *etag, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data);
typedef void (*ListAsyncFunc) (IvApiClient *api, const char *cursor, guint limit, const char *etag,
                               GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
typedef IvApiResponse *(*CallFinishFunc) (IvApiClient *api, GAsyncResult *result, GError **error);

static const struct {
  IvSyncScope     scope;
  IvCacheKind     kind;
  const char     *path;
  GetAsyncFunc    get;
  ListAsyncFunc   list;
  CallFinishFunc  finish;
} steps[N_STEPS] = {
  [STEP_ACCOUNT]      = { IV_SYNC_SCOPE_ACCOUNT,      IV_CACHE_KIND_ACCOUNT,     "/v1/account",
                          .get = iv_api_client_get_account_async, .finish = iv_api_client_get_account_finish },
  [STEP_POLICY]       = { IV_SYNC_SCOPE_POLICY,       IV_CACHE_KIND_POLICY,      "/v1/policy",
                          .get = iv_api_client_get_policy_async, .finish = iv_api_client_get_policy_finish },
  [STEP_VOUCHERS]     = { IV_SYNC_SCOPE_VOUCHERS,     IV_CACHE_KIND_VOUCHER,     "/v1/vouchers",
                          .list = iv_api_client_list_vouchers_async, .finish = iv_api_client_list_vouchers_finish },
  [STEP_APPLICATIONS] = { IV_SYNC_SCOPE_APPLICATIONS, IV_CACHE_KIND_APPLICATION, "/v1/applications",
                          .list = iv_api_client_list_applications_async,
                          .finish = iv_api_client_list_applications_finish },
  [STEP_ORDERS]       = { IV_SYNC_SCOPE_ORDERS,       IV_CACHE_KIND_ORDER,       "/v1/orders",
                          .list = iv_api_client_list_orders_async, .finish = iv_api_client_list_orders_finish },
  [STEP_CLAIMS]       = { IV_SYNC_SCOPE_CLAIMS,       IV_CACHE_KIND_CLAIM,       "/v1/claims",
                          .list = iv_api_client_list_claims_async, .finish = iv_api_client_list_claims_finish },
  [STEP_RECEIPTS]     = { IV_SYNC_SCOPE_CLAIMS,       IV_CACHE_KIND_RECEIPT,     NULL },
  [STEP_CATALOG]      = { IV_SYNC_SCOPE_CATALOG,      0,                         NULL },
  [STEP_OUTBOX]       = { IV_SYNC_SCOPE_OUTBOX,       0,                         NULL },
};

typedef struct {
  IvSyncScope  scope;
  guint        step;        /* the one running */
  GError      *error;       /* the first failure */
  char        *etag;        /* of the first page of a list */
  GPtrArray   *items;       /* a list being collected */
  gboolean     reached;     /* some call was answered */
  GPtrArray   *receipts;    /* claim ids whose receipt is missing or stale */
} Refresh;

static void
refresh_free (Refresh *refresh)
{
  g_clear_error (&refresh->error);
  g_free (refresh->etag);
  g_clear_pointer (&refresh->items, g_ptr_array_unref);
  g_clear_pointer (&refresh->receipts, g_ptr_array_unref);
  g_free (refresh);
}

static void refresh_next (GTask *task);
static void fetch_list_page (GTask *task, const char *cursor, const char *etag);

static gboolean
signed_in_scope (IvSyncScope scope)
{
  return (scope & (IV_SYNC_SCOPE_ACCOUNT | IV_SYNC_SCOPE_VOUCHERS | IV_SYNC_SCOPE_APPLICATIONS |
                   IV_SYNC_SCOPE_ORDERS | IV_SYNC_SCOPE_CLAIMS | IV_SYNC_SCOPE_OUTBOX)) != 0;
}

/* A step failed: keep the first error; stop everything when the service
 * is out of reach or the session is gone, else go on with the next step */
static void
refresh_failed (GTask  *task,
                GError *error)
{
  IvSyncManager *self = g_task_get_source_object (task);
  Refresh *refresh = g_task_get_task_data (task);
  gboolean stop;

  note_result (self, error);
  stop = error_is_unreachable (error) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
         g_error_matches (error, IV_API_ERROR, IV_API_ERROR_SESSION_EXPIRED);
  if (refresh->error == NULL)
    refresh->error = error;
  else
    g_error_free (error);

  if (stop)
    refresh->scope = 0;
  refresh->step++;
  refresh_next (task);
}

static void
single_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IvSyncManager *self = g_task_get_source_object (task);
  Refresh *refresh = g_task_get_task_data (task);
  IvCacheKind kind = steps[refresh->step].kind;
  const char *path = steps[refresh->step].path;
  g_autoptr(IvApiResponse) response = NULL;
  GError *error = NULL;

  response = steps[refresh->step].finish (IV_API_CLIENT (source), result, &error);
  if (response == NULL)
    {
      refresh_failed (task, error);
      return;
    }
  note_result (self, NULL);
  refresh->reached = TRUE;

  if (!iv_api_response_is_not_modified (response))
    {
      gpointer object = iv_api_response_get_object (response);

      if (!iv_cache_db_put_object (self->cache, kind, object, &error) ||
          !iv_cache_db_set_resource (self->cache, path, iv_api_response_get_etag (response),
                                     g_get_real_time (), &error))
        {
          refresh_failed (task, error);
          return;
        }
      keep_object (self, kind, object);
    }
  else
    iv_cache_db_set_resource (self->cache, path, iv_api_response_get_etag (response), g_get_real_time (), NULL);

  refresh->step++;
  refresh_next (task);
}

static void
list_page_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IvSyncManager *self = g_task_get_source_object (task);
  Refresh *refresh = g_task_get_task_data (task);
  IvApiClient *api = IV_API_CLIENT (source);
  IvCacheKind kind = steps[refresh->step].kind;
  g_autoptr(IvApiResponse) response = NULL;
  GError *error = NULL;
  IvListPage *page;
  GPtrArray *items;
  const char *next;

  response = steps[refresh->step].finish (api, result, &error);
  if (response == NULL)
    {
      g_clear_pointer (&refresh->items, g_ptr_array_unref);
      refresh_failed (task, error);
      return;
    }
  note_result (self, NULL);
  refresh->reached = TRUE;

  if (iv_api_response_is_not_modified (response))
    {
      /* 304 on the first page: the cached list is current */
      iv_cache_db_set_resource (self->cache, steps[refresh->step].path,
                                iv_api_response_get_etag (response), g_get_real_time (), NULL);
      refresh->step++;
      refresh_next (task);
      return;
    }

  if (refresh->items == NULL)
    {
      refresh->items = g_ptr_array_new_with_free_func (g_object_unref);
      g_free (refresh->etag);
      refresh->etag = g_strdup (iv_api_response_get_etag (response));
    }
  page = iv_api_response_get_object (response);
  items = iv_list_page_get_items (page);
  for (guint i = 0; items != NULL && i < items->len; i++)
    g_ptr_array_add (refresh->items, g_object_ref (g_ptr_array_index (items, i)));

  next = iv_list_page_get_next_cursor (page);
  if (next != NULL)
    {
      fetch_list_page (task, next, NULL);
      return;
    }

  if (!iv_cache_db_put_list (self->cache, kind, refresh->items, steps[refresh->step].path,
                             refresh->etag, &error))
    {
      g_clear_pointer (&refresh->items, g_ptr_array_unref);
      refresh_failed (task, error);
      return;
    }
  g_clear_pointer (&refresh->items, g_ptr_array_unref);
  emit_changed (self, cache_kind_what (kind));
  refresh->step++;
  refresh_next (task);
}

static void
fetch_list_page (GTask      *task,
                 const char *cursor,
                 const char *etag)
{
  IvSyncManager *self = g_task_get_source_object (task);
  Refresh *refresh = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  steps[refresh->step].list (self->api_client, cursor, LIST_PAGE_SIZE, etag, cancellable,
                             list_page_done, g_object_ref (task));
}

/* Receipts are kept for reading and printing offline; only those missing
 * or whose status no longer matches their claim's are fetched */
static GPtrArray *
stale_receipts (IvSyncManager *self)
{
  g_autoptr(GPtrArray) claims = iv_cache_db_get_list (self->cache, IV_CACHE_KIND_CLAIM, NULL);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; claims != NULL && i < claims->len; i++)
    {
      IvClaim *claim = g_ptr_array_index (claims, i);
      g_autoptr(IvReceipt) receipt = iv_cache_db_get_object (self->cache, IV_CACHE_KIND_RECEIPT,
                                                             iv_claim_get_id (claim), NULL);

      if (receipt == NULL || iv_receipt_get_status (receipt) != iv_claim_get_status (claim))
        g_ptr_array_add (ids, g_strdup (iv_claim_get_id (claim)));
    }
  return ids;
}

static void fetch_receipt (GTask *task);

static void
receipt_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IvSyncManager *self = g_task_get_source_object (task);
  Refresh *refresh = g_task_get_task_data (task);
  g_autoptr(IvApiResponse) response = NULL;
  GError *error = NULL;

  response = iv_api_client_get_receipt_finish (IV_API_CLIENT (source), result, &error);
  if (response == NULL)
    {
      /* A claim without a receipt is not a failure of the refresh */
      if (g_error_matches (error, IV_API_ERROR, IV_API_ERROR_NOT_FOUND))
        g_clear_error (&error);
      else
        {
          g_clear_pointer (&refresh->receipts, g_ptr_array_unref);
          refresh_failed (task, error);
          return;
        }
    }
  else if (!iv_api_response_is_not_modified (response))
    {
      if (iv_cache_db_put_object (self->cache, IV_CACHE_KIND_RECEIPT, iv_api_response_get_object (response), &error))
        emit_changed (self, "receipts");
      else
        {
          g_warning ("Could not cache a receipt: %s", error->message);
          g_clear_error (&error);
        }
    }
  g_ptr_array_remove_index (refresh->receipts, refresh->receipts->len - 1);
  fetch_receipt (task);
}

static void
fetch_receipt (GTask *task)
{
  IvSyncManager *self = g_task_get_source_object (task);
  Refresh *refresh = g_task_get_task_data (task);

  if (refresh->receipts->len == 0)
    {
      g_clear_pointer (&refresh->receipts, g_ptr_array_unref);
      refresh->step++;
      refresh_next (task);
      return;
    }
  iv_api_client_get_receipt_async (self->api_client, g_ptr_array_index (refresh->receipts, refresh->receipts->len - 1),
                                   NULL, g_task_get_cancellable (task), receipt_done, g_object_ref (task));
}

static void
catalog_step_done (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IvSyncManager *self = g_task_get_source_object (task);
  Refresh *refresh = g_task_get_task_data (task);
  GError *error = NULL;
  guint changed = 0;

  if (!iv_catalog_sync_run_finish (IV_CATALOG_SYNC (source), result, &changed, &error))
    {
      refresh_failed (task, error);
      return;
    }
  note_result (self, NULL);
  refresh->reached = TRUE;
  if (changed > 0)
    emit_changed (self, "catalog");
  refresh->step++;
  refresh_next (task);
}

static void
replay_step_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Refresh *refresh = g_task_get_task_data (task);
  GError *error = NULL;

  if (!iv_sync_manager_replay_finish (IV_SYNC_MANAGER (source), result, &error))
    {
      refresh_failed (task, error);
      return;
    }
  refresh->step++;
  refresh_next (task);
}

static void
refresh_next (GTask *task)
{
  IvSyncManager *self = g_task_get_source_object (task);
  Refresh *refresh = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autofree char *etag = NULL;

  while (refresh->step < N_STEPS && (refresh->scope & steps[refresh->step].scope) == 0)
    refresh->step++;

  if (refresh->step >= N_STEPS)
    {
      if (refresh->reached && refresh->error == NULL)
        set_last_sync_now (self);
      if (refresh->error != NULL)
        g_task_return_error (task, g_steal_pointer (&refresh->error));
      else
        g_task_return_boolean (task, TRUE);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  switch ((Step) refresh->step)
    {
    case STEP_ACCOUNT:
    case STEP_POLICY:
      iv_cache_db_get_resource (self->cache, steps[refresh->step].path, &etag, NULL);
      steps[refresh->step].get (self->api_client, etag, cancellable, single_done, g_object_ref (task));
      break;
    case STEP_VOUCHERS:
    case STEP_APPLICATIONS:
    case STEP_ORDERS:
    case STEP_CLAIMS:
      iv_cache_db_get_resource (self->cache, steps[refresh->step].path, &etag, NULL);
      fetch_list_page (task, NULL, etag);
      break;
    case STEP_RECEIPTS:
      refresh->receipts = stale_receipts (self);
      fetch_receipt (task);
      break;
    case STEP_CATALOG:
      iv_catalog_sync_run_async (self->catalog, cancellable, catalog_step_done, g_object_ref (task));
      break;
    case STEP_OUTBOX:
      iv_sync_manager_replay_async (self, cancellable, replay_step_done, g_object_ref (task));
      break;
    case N_STEPS:
    default:
      g_assert_not_reached ();
    }
}

static void
active_task_done (gpointer  data,
                  GObject  *where_the_task_was)
{
  IvSyncManager *self = data;

  (void) where_the_task_was;
  end_active (self);
  g_object_unref (self);
}

/* The manager is "syncing" for as long as task lives */
static void
hold_active (IvSyncManager *self,
             GTask         *task)
{
  begin_active (self);
  g_object_weak_ref (G_OBJECT (task), active_task_done, g_object_ref (self));
}

void
iv_sync_manager_refresh_async (IvSyncManager       *self,
                               IvSyncScope          scope,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Refresh *refresh;

  g_return_if_fail (IV_IS_SYNC_MANAGER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, iv_sync_manager_refresh_async);
  refresh = g_new0 (Refresh, 1);
  refresh->scope = scope;
  /* Signed out: only the public parts (policy, catalog) */
  if (!iv_api_client_get_signed_in (self->api_client) && signed_in_scope (scope))
    refresh->scope &= IV_SYNC_SCOPE_POLICY | IV_SYNC_SCOPE_CATALOG;
  g_task_set_task_data (task, refresh, (GDestroyNotify) refresh_free);
  hold_active (self, task);
  refresh_next (task);
}

gboolean
iv_sync_manager_refresh_finish (IvSyncManager  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- catalog ---------------------------------------------------------- */

static void
catalog_only_done (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IvSyncManager *self = g_task_get_source_object (task);
  GError *error = NULL;
  guint changed = 0;

  if (!iv_catalog_sync_run_finish (IV_CATALOG_SYNC (source), result, &changed, &error))
    {
      note_result (self, error);
      g_task_return_error (task, error);
      return;
    }
  note_result (self, NULL);
  if (changed > 0)
    emit_changed (self, "catalog");
  g_task_return_boolean (task, TRUE);
}

void
iv_sync_manager_sync_catalog_async (IvSyncManager       *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (IV_IS_SYNC_MANAGER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, iv_sync_manager_sync_catalog_async);
  hold_active (self, task);
  iv_catalog_sync_run_async (self->catalog, cancellable, catalog_only_done, g_object_ref (task));
}

gboolean
iv_sync_manager_sync_catalog_finish (IvSyncManager  *self,
                                     GAsyncResult   *result,
                                     GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- outbox replay ------------------------------------------------------ */

static void
schedule_wakeup (IvSyncManager *self);

static gboolean
wakeup_cb (gpointer data)
{
  IvSyncManager *self = data;

  self->wakeup_source = 0;
  start_replay (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_wakeup (IvSyncManager *self)
{
  gint64 next = iv_outbox_get_next_wakeup (self->outbox);
  gint64 delay_ms;

  g_clear_handle_id (&self->wakeup_source, g_source_remove);
  if (next <= 0 || !self->started || self->sign_in_needed)
    return;
  delay_ms = MAX ((next - g_get_real_time ()) / 1000, 0) + 1;
  self->wakeup_source = g_timeout_add ((guint) MIN (delay_ms, (gint64) G_MAXUINT), wakeup_cb, self);
}

static gboolean
replay_again_cb (gpointer data)
{
  IvSyncManager *self = data;

  if (self->replay_again && !self->replaying)
    start_replay (self);
  return G_SOURCE_REMOVE;
}

static void
replay_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IvSyncManager *self = g_task_get_source_object (task);
  GError *error = NULL;
  guint sent = 0;

  self->replaying = FALSE;
  if (!iv_outbox_runner_run_finish (IV_OUTBOX_RUNNER (source), result, &sent, &error))
    {
      note_result (self, error);
      schedule_wakeup (self);
      g_task_return_error (task, error);
      return;
    }
  if (sent > 0)
    note_result (self, NULL);
  schedule_wakeup (self);
  /* A kick that came while this run was ending */
  if (self->replay_again)
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, replay_again_cb, g_object_ref (self), g_object_unref);
  g_task_return_boolean (task, TRUE);
}

void
iv_sync_manager_replay_async (IvSyncManager       *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (IV_IS_SYNC_MANAGER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, iv_sync_manager_replay_async);
  if (!iv_api_client_get_signed_in (self->api_client) || self->sign_in_needed)
    {
      g_task_return_new_error (task, IV_API_ERROR, IV_API_ERROR_NOT_SIGNED_IN,
                               _("Sending waits until you sign in again"));
      return;
    }
  hold_active (self, task);
  self->replaying = TRUE;
  self->replay_again = FALSE;
  iv_outbox_runner_run_async (self->runner, cancellable, replay_done, g_object_ref (task));
}

gboolean
iv_sync_manager_replay_finish (IvSyncManager  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
background_replay_done (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  IvSyncManager *self = IV_SYNC_MANAGER (source);
  g_autoptr(GError) error = NULL;

  (void) user_data;
  if (!iv_sync_manager_replay_finish (self, result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Replay stopped: %s", error->message);
}

static void
start_replay (IvSyncManager *self)
{
  if (!self->started)
    return;
  if (self->replaying)
    {
      self->replay_again = TRUE;
      return;
    }
  if (!iv_api_client_get_signed_in (self->api_client) || self->sign_in_needed)
    return;
  if (iv_outbox_get_pending_count (self->outbox) == iv_outbox_get_attention_count (self->outbox))
    return;   /* nothing that could be sent */
  iv_sync_manager_replay_async (self, self->cancellable, background_replay_done, NULL);
}

void
iv_sync_manager_kick (IvSyncManager *self)
{
  g_return_if_fail (IV_IS_SYNC_MANAGER (self));
  start_replay (self);
}

static void
on_runner_item_done (IvOutboxRunner *runner,
                     gint64          item_id,
                     const char     *server_id,
                     IvSyncManager  *self)
{
  g_autoptr(IvOutboxItem) item = iv_outbox_get_item (self->outbox, item_id, NULL);
  IvCacheKind kind;

  (void) runner;
  if (item != NULL && outbox_kind_to_cache_kind (iv_outbox_item_get_kind (item), &kind) &&
      iv_outbox_item_get_response (item) != NULL)
    {
      g_autoptr(JsonNode) json = json_from_string (iv_outbox_item_get_response (item), NULL);

      if (json != NULL && cache_json (self, kind, json))
        emit_changed (self, cache_kind_what (kind));
    }
  g_signal_emit (self, signals[ITEM_DONE], 0, item_id, server_id);
}

static void
on_runner_item_needs_attention (IvOutboxRunner *runner,
                                gint64          item_id,
                                IvSyncManager  *self)
{
  (void) runner;
  g_signal_emit (self, signals[ITEM_NEEDS_ATTENTION], 0, item_id);
}

static void
on_runner_server_copy (IvOutboxRunner *runner,
                       int             outbox_kind,
                       JsonNode       *json,
                       IvSyncManager  *self)
{
  IvCacheKind kind;

  (void) runner;
  /* The service's current copy (e.g. of a 412 conflict) into the cache,
   * so the UI can show it beside the local draft */
  if (outbox_kind_to_cache_kind ((IvOutboxKind) outbox_kind, &kind) && cache_json (self, kind, json))
    emit_changed (self, cache_kind_what (kind));
}

static void
on_runner_sign_in_needed (IvOutboxRunner *runner,
                          IvSyncManager  *self)
{
  (void) runner;
  set_sign_in_needed (self, TRUE);
}

static void
on_outbox_changed (IvOutbox      *outbox,
                   gint64         item_id,
                   IvSyncManager *self)
{
  (void) outbox;
  (void) item_id;
  update_counts (self);
  emit_changed (self, "outbox");
}

/* ---- events ----------------------------------------------------------- */

static void
announce_event (IvSyncManager *self,
                IvEvent       *event)
{
  const char *id = iv_event_get_id (event);
  const char *status = iv_event_get_status (event);

  switch (iv_event_get_event_type (event))
    {
    case IV_EVENT_TYPE_APPLICATION_STATUS:
      g_signal_emit (self, signals[APPLICATION_CHANGED], 0, id, status);
      break;
    case IV_EVENT_TYPE_ORDER_STATUS:
      g_signal_emit (self, signals[ORDER_CHANGED], 0, id, status);
      break;
    case IV_EVENT_TYPE_CLAIM_STATUS:
      g_signal_emit (self, signals[CLAIM_CHANGED], 0, id, status);
      break;
    case IV_EVENT_TYPE_VOUCHER_UPDATED:
    default:
      g_signal_emit (self, signals[VOUCHER_CHANGED], 0, id, status);
      break;
    }
}

static void
event_object_done (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(IvSyncManager) self = user_data;
  g_autoptr(IvEvent) event = g_queue_pop_head (&self->event_queue);
  g_autoptr(IvApiResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  IvCacheKind kind;

  switch (iv_event_get_event_type (event))
    {
    case IV_EVENT_TYPE_APPLICATION_STATUS:
      response = iv_api_client_get_application_finish (IV_API_CLIENT (source), result, &error);
      kind = IV_CACHE_KIND_APPLICATION;
      break;
    case IV_EVENT_TYPE_ORDER_STATUS:
      response = iv_api_client_get_order_finish (IV_API_CLIENT (source), result, &error);
      kind = IV_CACHE_KIND_ORDER;
      break;
    case IV_EVENT_TYPE_CLAIM_STATUS:
    case IV_EVENT_TYPE_VOUCHER_UPDATED:
    default:
      response = iv_api_client_get_claim_finish (IV_API_CLIENT (source), result, &error);
      kind = IV_CACHE_KIND_CLAIM;
      break;
    }
  self->event_busy = FALSE;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_queue_clear_full (&self->event_queue, g_object_unref);
      return;
    }
  if (response != NULL)
    {
      note_result (self, NULL);
      if (!iv_api_response_is_not_modified (response) &&
          iv_cache_db_put_object (self->cache, kind, iv_api_response_get_object (response), &error))
        emit_changed (self, cache_kind_what (kind));
    }
  else
    note_result (self, error);

  /* Announced even when the refresh failed: the status is in the event */
  announce_event (self, event);
  process_events (self);
}

static void
events_refresh_done (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GPtrArray) vouchers = user_data;
  IvSyncManager *self = IV_SYNC_MANAGER (source);
  g_autoptr(GError) error = NULL;

  iv_sync_manager_refresh_finish (self, result, &error);
  for (guint i = 0; i < vouchers->len; i++)
    announce_event (self, g_ptr_array_index (vouchers, i));
}

static void
process_events (IvSyncManager *self)
{
  IvEvent *event;
  const char *id;

  while (!self->event_busy && (event = g_queue_peek_head (&self->event_queue)) != NULL)
    {
      id = iv_event_get_id (event);
      switch (iv_event_get_event_type (event))
        {
        case IV_EVENT_TYPE_APPLICATION_STATUS:
          self->event_busy = TRUE;
          /* An approval changes the quota and issues a voucher */
          self->event_scope |= IV_SYNC_SCOPE_ACCOUNT;
          iv_api_client_get_application_async (self->api_client, id, NULL, self->cancellable,
                                               event_object_done, g_object_ref (self));
          break;
        case IV_EVENT_TYPE_ORDER_STATUS:
          self->event_busy = TRUE;
          iv_api_client_get_order_async (self->api_client, id, NULL, self->cancellable,
                                         event_object_done, g_object_ref (self));
          break;
        case IV_EVENT_TYPE_CLAIM_STATUS:
          self->event_busy = TRUE;
          /* Its receipt carries the status too */
          self->event_scope |= IV_SYNC_SCOPE_CLAIMS;
          iv_api_client_get_claim_async (self->api_client, id, NULL, self->cancellable,
                                         event_object_done, g_object_ref (self));
          break;
        case IV_EVENT_TYPE_VOUCHER_UPDATED:
        default:
          /* No single-voucher call: the list is refreshed once for the batch */
          self->event_scope |= IV_SYNC_SCOPE_VOUCHERS | IV_SYNC_SCOPE_ACCOUNT;
          if (self->voucher_events == NULL)
            self->voucher_events = g_ptr_array_new_with_free_func (g_object_unref);
          g_ptr_array_add (self->voucher_events, g_queue_pop_head (&self->event_queue));
          break;
        }
    }

  if (!self->event_busy && g_queue_is_empty (&self->event_queue) && self->event_scope != 0)
    {
      GPtrArray *pending = g_steal_pointer (&self->voucher_events);
      IvSyncScope scope = self->event_scope;

      self->event_scope = 0;
      if (pending == NULL)
        pending = g_ptr_array_new_with_free_func (g_object_unref);
      iv_sync_manager_refresh_async (self, scope, self->cancellable, events_refresh_done, pending);
    }
}

static void
on_poller_events (IvEventPoller *poller,
                  GPtrArray     *events,
                  IvSyncManager *self)
{
  (void) poller;
  note_result (self, NULL);
  for (guint i = 0; i < events->len; i++)
    g_queue_push_tail (&self->event_queue, g_object_ref (g_ptr_array_index (events, i)));
  process_events (self);
}

static void
on_poller_succeeded (IvEventPoller *poller,
                     IvSyncManager *self)
{
  (void) poller;
  note_result (self, NULL);
}

static void
on_poller_failed (IvEventPoller *poller,
                  const GError  *error,
                  IvSyncManager *self)
{
  (void) poller;
  note_result (self, error);
}

static void
on_poller_stopped (IvEventPoller *poller,
                   const GError  *error,
                   IvSyncManager *self)
{
  (void) poller;
  if (error != NULL)
    note_result (self, error);
}

static void
on_catalog_progress (IvCatalogSync *catalog,
                     GParamSpec    *pspec,
                     IvSyncManager *self)
{
  (void) catalog;
  (void) pspec;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOG_PROGRESS]);
}

static void
start_events (IvSyncManager *self)
{
  if (self->started && self->events_enabled && !self->sign_in_needed &&
      iv_api_client_get_signed_in (self->api_client))
    iv_event_poller_start (self->poller);
}

/* ---- lifecycle -------------------------------------------------------- */

static void
periodic_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  (void) user_data;
  if (!iv_sync_manager_refresh_finish (IV_SYNC_MANAGER (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Refresh failed: %s", error->message);
}

static gboolean
periodic_cb (gpointer data)
{
  IvSyncManager *self = data;

  iv_sync_manager_refresh_async (self, IV_SYNC_SCOPE_ALL, self->cancellable, periodic_done, NULL);
  start_events (self);
  return G_SOURCE_CONTINUE;
}

static void
schedule_periodic (IvSyncManager *self)
{
  g_clear_handle_id (&self->periodic_source, g_source_remove);
  if (self->started && self->refresh_interval > 0)
    self->periodic_source = g_timeout_add_seconds (self->refresh_interval * 60, periodic_cb, self);
}

static void
on_network_changed (GNetworkMonitor *monitor,
                    gboolean         available,
                    IvSyncManager   *self)
{
  (void) monitor;
  if (available == self->network_available)
    return;
  self->network_available = available;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NETWORK_AVAILABLE]);
  /* A hint only: it marks us offline until a call gets through, and
   * never stops a call from being tried (a loopback or intranet service
   * may answer while the monitor sees no network) */
  if (!available && !self->offline)
    {
      self->offline = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REACHABLE]);
      update_state (self);
    }
  /* A hint only: when it comes back, try at once instead of waiting */
  if (available && self->started)
    {
      iv_sync_manager_refresh_async (self, IV_SYNC_SCOPE_ALL, self->cancellable, periodic_done, NULL);
      start_events (self);
    }
}

static void
on_session_expired (IvApiClient   *api_client,
                    IvSyncManager *self)
{
  (void) api_client;
  set_sign_in_needed (self, TRUE);
  iv_event_poller_stop (self->poller);
}

void
iv_sync_manager_start (IvSyncManager *self)
{
  g_return_if_fail (IV_IS_SYNC_MANAGER (self));

  if (self->started)
    return;
  self->started = TRUE;
  if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();
  schedule_periodic (self);
  iv_sync_manager_refresh_async (self, IV_SYNC_SCOPE_ALL, self->cancellable, periodic_done, NULL);
  start_events (self);
}

void
iv_sync_manager_shutdown (IvSyncManager *self)
{
  g_return_if_fail (IV_IS_SYNC_MANAGER (self));

  self->started = FALSE;
  g_clear_handle_id (&self->periodic_source, g_source_remove);
  g_clear_handle_id (&self->wakeup_source, g_source_remove);
  iv_event_poller_stop (self->poller);
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  self->cancellable = g_cancellable_new ();
}

void
iv_sync_manager_resume (IvSyncManager *self)
{
  g_return_if_fail (IV_IS_SYNC_MANAGER (self));

  iv_outbox_runner_resume (self->runner);
  set_sign_in_needed (self, FALSE);
  if (self->started)
    {
      iv_sync_manager_refresh_async (self, IV_SYNC_SCOPE_ALL, self->cancellable, periodic_done, NULL);
      start_events (self);
    }
}

/* ---- GObject ---------------------------------------------------------- */

static void
iv_sync_manager_constructed (GObject *object)
{
  IvSyncManager *self = IV_SYNC_MANAGER (object);
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (iv_sync_manager_parent_class)->constructed (object);

  self->drafts = iv_drafts_new (iv_outbox_get_user_db (self->outbox));
  self->runner = iv_outbox_runner_new (self->api_client, self->outbox);
  self->catalog = iv_catalog_sync_new (self->api_client, self->cache);
  self->poller = iv_event_poller_new (self->api_client, self->cache);

  g_signal_connect_object (self->runner, "item-done", G_CALLBACK (on_runner_item_done), self, 0);
  g_signal_connect_object (self->runner, "item-needs-attention",
                           G_CALLBACK (on_runner_item_needs_attention), self, 0);
  g_signal_connect_object (self->runner, "server-copy", G_CALLBACK (on_runner_server_copy), self, 0);
  g_signal_connect_object (self->runner, "sign-in-needed", G_CALLBACK (on_runner_sign_in_needed), self, 0);
  g_signal_connect_object (self->outbox, "changed", G_CALLBACK (on_outbox_changed), self, 0);
  g_signal_connect_object (self->poller, "events", G_CALLBACK (on_poller_events), self, 0);
  g_signal_connect_object (self->poller, "poll-succeeded", G_CALLBACK (on_poller_succeeded), self, 0);
  g_signal_connect_object (self->poller, "poll-failed", G_CALLBACK (on_poller_failed), self, 0);
  g_signal_connect_object (self->poller, "stopped", G_CALLBACK (on_poller_stopped), self, 0);
  g_signal_connect_object (self->api_client, "session-expired", G_CALLBACK (on_session_expired), self, 0);
  g_signal_connect_object (self->catalog, "notify::progress", G_CALLBACK (on_catalog_progress), self, 0);

  self->monitor = g_object_ref (g_network_monitor_get_default ());
  self->network_available = g_network_monitor_get_network_available (self->monitor);
  self->offline = !self->network_available;
  g_signal_connect_object (self->monitor, "network-changed", G_CALLBACK (on_network_changed), self, 0);

  /* What the cache already knows is shown at once */
  self->policy = iv_cache_db_get_object (self->cache, IV_CACHE_KIND_POLICY, NULL, NULL);
  self->account = iv_cache_db_get_object (self->cache, IV_CACHE_KIND_ACCOUNT, NULL, NULL);
  {
    gint64 updated_at = 0;

    if (iv_cache_db_get_resource (self->cache, "/v1/account", NULL, &updated_at) ||
        iv_cache_db_get_resource (self->cache, "/v1/policy", NULL, &updated_at))
      self->last_sync = updated_at / G_USEC_PER_SEC;
  }
  self->pending_count = iv_outbox_get_pending_count (self->outbox);
  self->attention_count = iv_outbox_get_attention_count (self->outbox);
  self->state = IV_SYNC_STATE_ONLINE;
  update_state (self);
}

static void
iv_sync_manager_dispose (GObject *object)
{
  IvSyncManager *self = IV_SYNC_MANAGER (object);

  self->started = FALSE;
  g_clear_handle_id (&self->periodic_source, g_source_remove);
  g_clear_handle_id (&self->wakeup_source, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_queue_clear_full (&self->event_queue, g_object_unref);
  g_clear_pointer (&self->voucher_events, g_ptr_array_unref);
  if (self->poller != NULL)
    iv_event_poller_stop (self->poller);
  g_clear_object (&self->poller);
  g_clear_object (&self->catalog);
  g_clear_object (&self->runner);
  g_clear_object (&self->drafts);
  g_clear_object (&self->monitor);
  g_clear_object (&self->policy);
  g_clear_object (&self->account);
  g_clear_object (&self->api_client);
  g_clear_object (&self->cache);
  g_clear_object (&self->outbox);
  G_OBJECT_CLASS (iv_sync_manager_parent_class)->dispose (object);
}

static void
iv_sync_manager_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  IvSyncManager *self = IV_SYNC_MANAGER (object);

  switch (prop_id)
    {
    case PROP_API_CLIENT:
      g_value_set_object (value, self->api_client);
      break;
    case PROP_CACHE:
      g_value_set_object (value, self->cache);
      break;
    case PROP_OUTBOX:
      g_value_set_object (value, self->outbox);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_PENDING_COUNT:
      g_value_set_uint (value, self->pending_count);
      break;
    case PROP_NEEDS_ATTENTION_COUNT:
      g_value_set_uint (value, self->attention_count);
      break;
    case PROP_LAST_SUCCESSFUL_SYNC:
      g_value_set_int64 (value, self->last_sync);
      break;
    case PROP_CATALOG_PROGRESS:
      g_value_set_double (value, iv_catalog_sync_get_progress (self->catalog));
      break;
    case PROP_SIGN_IN_NEEDED:
      g_value_set_boolean (value, self->sign_in_needed);
      break;
    case PROP_NETWORK_AVAILABLE:
      g_value_set_boolean (value, self->network_available);
      break;
    case PROP_REACHABLE:
      g_value_set_boolean (value, !self->offline);
      break;
    case PROP_REFRESH_INTERVAL:
      g_value_set_uint (value, self->refresh_interval);
      break;
    case PROP_EVENTS_ENABLED:
      g_value_set_boolean (value, self->events_enabled);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_sync_manager_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  IvSyncManager *self = IV_SYNC_MANAGER (object);

  switch (prop_id)
    {
    case PROP_API_CLIENT:
      self->api_client = g_value_dup_object (value);
      break;
    case PROP_CACHE:
      self->cache = g_value_dup_object (value);
      break;
    case PROP_OUTBOX:
      self->outbox = g_value_dup_object (value);
      break;
    case PROP_REFRESH_INTERVAL:
      iv_sync_manager_set_refresh_interval (self, g_value_get_uint (value));
      break;
    case PROP_EVENTS_ENABLED:
      iv_sync_manager_set_events_enabled (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_sync_manager_class_init (IvSyncManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->constructed = iv_sync_manager_constructed;
  object_class->dispose = iv_sync_manager_dispose;
  object_class->get_property = iv_sync_manager_get_property;
  object_class->set_property = iv_sync_manager_set_property;

  properties[PROP_API_CLIENT] =
    g_param_spec_object ("api-client", NULL, NULL, IV_TYPE_API_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CACHE] =
    g_param_spec_object ("cache", NULL, NULL, IV_TYPE_CACHE_DB,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OUTBOX] =
    g_param_spec_object ("outbox", NULL, NULL, IV_TYPE_OUTBOX,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, IV_TYPE_SYNC_STATE, IV_SYNC_STATE_ONLINE, ro);
  properties[PROP_PENDING_COUNT] =
    g_param_spec_uint ("pending-count", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_NEEDS_ATTENTION_COUNT] =
    g_param_spec_uint ("needs-attention-count", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_LAST_SUCCESSFUL_SYNC] =
    g_param_spec_int64 ("last-successful-sync", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_CATALOG_PROGRESS] =
    g_param_spec_double ("catalog-progress", NULL, NULL, 0.0, 1.0, 0.0, ro);
  properties[PROP_SIGN_IN_NEEDED] =
    g_param_spec_boolean ("sign-in-needed", NULL, NULL, FALSE, ro);
  properties[PROP_NETWORK_AVAILABLE] =
    g_param_spec_boolean ("network-available", NULL, NULL, TRUE, ro);
  /* Whether the last call got through; the state says OFFLINE only when
   * nothing needs the user, this says it always (the banner needs both) */
  properties[PROP_REACHABLE] =
    g_param_spec_boolean ("reachable", NULL, NULL, TRUE, ro);
  properties[PROP_REFRESH_INTERVAL] =
    g_param_spec_uint ("refresh-interval", NULL, NULL, 0, 24 * 60, DEFAULT_REFRESH_MINUTES, rw);
  properties[PROP_EVENTS_ENABLED] =
    g_param_spec_boolean ("events-enabled", NULL, NULL, TRUE, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[APPLICATION_CHANGED] = g_signal_new ("application-changed", G_TYPE_FROM_CLASS (klass),
                                               G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                               G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[ORDER_CHANGED] = g_signal_new ("order-changed", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[CLAIM_CHANGED] = g_signal_new ("claim-changed", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[VOUCHER_CHANGED] = g_signal_new ("voucher-changed", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[SIGN_IN_NEEDED] = g_signal_new ("sign-in-needed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[ITEM_NEEDS_ATTENTION] = g_signal_new ("item-needs-attention", G_TYPE_FROM_CLASS (klass),
                                                G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[ITEM_DONE] = g_signal_new ("item-done", G_TYPE_FROM_CLASS (klass),
                                     G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);
}

static void
iv_sync_manager_init (IvSyncManager *self)
{
  self->refresh_interval = DEFAULT_REFRESH_MINUTES;
  self->events_enabled = TRUE;
  self->cancellable = g_cancellable_new ();
  g_queue_init (&self->event_queue);
}

IvSyncManager *
iv_sync_manager_new (IvApiClient *api_client,
                     IvCacheDb   *cache,
                     IvOutbox    *outbox)
{
  g_return_val_if_fail (IV_IS_API_CLIENT (api_client), NULL);
  g_return_val_if_fail (IV_IS_CACHE_DB (cache), NULL);
  g_return_val_if_fail (IV_IS_OUTBOX (outbox), NULL);

  return g_object_new (IV_TYPE_SYNC_MANAGER,
                       "api-client", api_client,
                       "cache", cache,
                       "outbox", outbox,
                       NULL);
}

/* ---- accessors -------------------------------------------------------- */

IvApiClient *
iv_sync_manager_get_api_client (IvSyncManager *self)
{
  g_return_val_if_fail (IV_IS_SYNC_MANAGER (self), NULL);
  return self->api_client;
}

IvCacheDb *
iv_sync_manager_get_cache (IvSyncManager *self)
{
  g_return_val_if_fail (IV_IS_SYNC_MANAGER (self), NULL);
  return self->cache;
}

IvOutbox *
iv_sync_manager_get_outbox (IvSyncManager *self)
{
  g_return_val_if_fail (IV_IS_SYNC_MANAGER (self), NULL);
  return self->outbox;
}

IvDrafts *
iv_sync_manager_get_drafts (IvSyncManager *self)
{
  g_return_val_if_fail (IV_IS_SYNC_MANAGER (self), NULL);
  return self->drafts;
}

IvPolicy *
iv_sync_manager_get_policy (IvSyncManager *self)
{
  g_return_val_if_fail (IV_IS_SYNC_MANAGER (self), NULL);
  return self->policy;
}

IvAccount *
iv_sync_manager_get_account (IvSyncManager *self)
{
  g_return_val_if_fail (IV_IS_SYNC_MANAGER (self), NULL);
  return self->account;
}

IvSyncState
iv_sync_manager_get_state (IvSyncManager *self)
{
  g_return_val_if_fail (IV_IS_SYNC_MANAGER (self), IV_SYNC_STATE_OFFLINE);
  return self->state;
}

guint
iv_sync_manager_get_pending_count (IvSyncManager *self)
{
  g_return_val_if_fail (IV_IS_SYNC_MANAGER (self), 0);
  return self->pending_count;
}

guint
iv_sync_manager_get_needs_attention_count (IvSyncManager *self)
{
  g_return_val_if_fail (IV_IS_SYNC_MANAGER (self), 0);
  return self->attention_count;
}

gint64
iv_sync_manager_get_last_successful_sync (IvSyncManager *self)
{
  g_return_val_if_fail (IV_IS_SYNC_MANAGER (self), 0);
  return self->last_sync;
}

GDateTime *
iv_sync_manager_dup_last_successful_sync_time (IvSyncManager *self)
{
  g_return_val_if_fail (IV_IS_SYNC_MANAGER (self), NULL);
  if (self->last_sync <= 0)
    return NULL;
  return g_date_time_new_from_unix_local (self->last_sync);
}

double
iv_sync_manager_get_catalog_progress (IvSyncManager *self)
{
  g_return_val_if_fail (IV_IS_SYNC_MANAGER (self), 0.0);
  return iv_catalog_sync_get_progress (self->catalog);
}

gboolean
iv_sync_manager_get_sign_in_needed (IvSyncManager *self)
{
  g_return_val_if_fail (IV_IS_SYNC_MANAGER (self), FALSE);
  return self->sign_in_needed;
}

gboolean
iv_sync_manager_get_reachable (IvSyncManager *self)
{
  g_return_val_if_fail (IV_IS_SYNC_MANAGER (self), FALSE);

  return !self->offline;
}

gboolean
iv_sync_manager_get_network_available (IvSyncManager *self)
{
  g_return_val_if_fail (IV_IS_SYNC_MANAGER (self), FALSE);
  return self->network_available;
}

guint
iv_sync_manager_get_refresh_interval (IvSyncManager *self)
{
  g_return_val_if_fail (IV_IS_SYNC_MANAGER (self), 0);
  return self->refresh_interval;
}

void
iv_sync_manager_set_refresh_interval (IvSyncManager *self,
                                      guint          minutes)
{
  g_return_if_fail (IV_IS_SYNC_MANAGER (self));
  if (self->refresh_interval == minutes)
    return;
  self->refresh_interval = minutes;
  schedule_periodic (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESH_INTERVAL]);
}

gboolean
iv_sync_manager_get_events_enabled (IvSyncManager *self)
{
  g_return_val_if_fail (IV_IS_SYNC_MANAGER (self), FALSE);
  return self->events_enabled;
}

void
iv_sync_manager_set_events_enabled (IvSyncManager *self,
                                    gboolean       enabled)
{
  g_return_if_fail (IV_IS_SYNC_MANAGER (self));
  enabled = !!enabled;
  if (self->events_enabled == enabled)
    return;
  self->events_enabled = enabled;
  if (enabled)
    start_events (self);
  else if (self->poller != NULL)
    iv_event_poller_stop (self->poller);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENTS_ENABLED]);
}

void
iv_sync_manager_set_backoff (IvSyncManager *self,
                             guint          base_ms,
                             guint          cap_ms)
{
  IvBackoff *backoff;

  g_return_if_fail (IV_IS_SYNC_MANAGER (self));
  backoff = iv_outbox_runner_get_backoff (self->runner);
  iv_backoff_set_base_ms (backoff, base_ms);
  iv_backoff_set_cap_ms (backoff, cap_ms);
}
