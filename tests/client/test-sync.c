/* test-sync.c: the sync manager against the real reference service: refresh, catalog sync, events, replay */

#include "config.h"

#include "../faults/iv-sync-test-util.h"
#include "iv-catalog-sync.h"

static const char * const seeded[] = { "--seed-services", "300", NULL };

typedef struct {
  GHashTable *changed;     /* what → count */
  GPtrArray  *events;      /* "signal id status" */
} Recorder;

static void
on_changed (IvSyncManager *manager,
            const char    *what,
            Recorder      *rec)
{
  (void) manager;
  g_hash_table_replace (rec->changed, g_strdup (what),
                        GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (rec->changed, what)) + 1));
}

static void
on_object_changed (IvSyncManager *manager,
                   const char    *id,
                   const char    *status,
                   Recorder      *rec)
{
  const char *name = g_object_get_data (G_OBJECT (manager), "iv-test-signal");

  (void) name;
  g_ptr_array_add (rec->events, g_strdup_printf ("%s %s", id, status));
}

static guint
changed_count (Recorder   *rec,
               const char *what)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (rec->changed, what));
}

static gboolean
has_event (Recorder   *rec,
           const char *id,
           const char *status)
{
  g_autofree char *want = g_strdup_printf ("%s %s", id, status);

  for (guint i = 0; i < rec->events->len; i++)
    if (g_str_equal (g_ptr_array_index (rec->events, i), want))
      return TRUE;
  return FALSE;
}

/* An account with one of everything: approved application + voucher, a
 * completed order, a claim */
static void
make_history (SyncFixture *f,
              char       **out_claim)
{
  g_autofree char *voucher = iv_test_grant_voucher (f->svc, f->token, 10000000);
  g_autofree char *service_id = iv_test_first_service_id (f->svc);
  g_autofree char *order = iv_test_order (f->svc, f->token, voucher, service_id, 2000000, "completed");
  g_autofree char *att = iv_test_upload (f->svc, f->token, "application/pdf");
  g_autofree char *body = iv_test_claim_body (order, 2000000, att);
  g_autoptr(JsonNode) claim = NULL;

  g_assert_cmpuint (iv_test_service_request (f->svc, "POST", "/v1/claims", f->token, body, &claim), ==, 201);
  if (out_claim != NULL)
    *out_claim = g_strdup (json_object_get_string_member (json_node_get_object (claim), "id"));
}

static guint
list_len (SyncFixture *f,
          IvCacheKind  kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = iv_cache_db_get_list (f->cache, kind, &error);

  g_assert_no_error (error);
  return list->len;
}

static void
test_refresh_everything (void)
{
  SyncFixture fixture = { 0 }, *f = &fixture;
  Recorder rec = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL), NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(IvAccount) account = NULL;
  g_autoptr(IvPolicy) policy = NULL;
  g_autofree char *claim_id = NULL;
  g_autofree char *etag_before = NULL;
  g_autofree char *etag_after = NULL;
  g_autoptr(IvClaim) claim = NULL;

  sync_test_setup (f, seeded);
  make_history (f, &claim_id);
  g_signal_connect (f->manager, "changed", G_CALLBACK (on_changed), &rec);

  g_assert_cmpint (iv_sync_manager_get_last_successful_sync (f->manager), ==, 0);
  g_assert_true (sync_test_refresh (f, IV_SYNC_SCOPE_ALL, &error));
  g_assert_no_error (error);

  /* Every resource is in the cache */
  account = iv_cache_db_get_object (f->cache, IV_CACHE_KIND_ACCOUNT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (iv_account_get_id (account), ==, iv_account_get_id (iv_sync_manager_get_account (f->manager)));
  policy = iv_cache_db_get_object (f->cache, IV_CACHE_KIND_POLICY, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (iv_policy_get_version (policy), ==, "2026.1");
  g_assert_nonnull (iv_sync_manager_get_policy (f->manager));
  g_assert_cmpuint (list_len (f, IV_CACHE_KIND_VOUCHER), ==, 1);
  g_assert_cmpuint (list_len (f, IV_CACHE_KIND_APPLICATION), ==, 1);
  g_assert_cmpuint (list_len (f, IV_CACHE_KIND_ORDER), ==, 1);
  g_assert_cmpuint (list_len (f, IV_CACHE_KIND_CLAIM), ==, 1);
  claim = iv_cache_db_get_object (f->cache, IV_CACHE_KIND_CLAIM, claim_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (iv_claim_status_to_string (iv_claim_get_status (claim)), ==, "submitted");
  {
    /* Its receipt too, for printing offline */
    g_autoptr(IvReceipt) receipt = iv_cache_db_get_object (f->cache, IV_CACHE_KIND_RECEIPT, claim_id, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (iv_receipt_get_claim_id (receipt), ==, claim_id);
    g_assert_cmpuint (changed_count (&rec, "receipts"), ==, 1);
  }
  {
    g_autoptr(GPtrArray) categories = iv_cache_db_get_categories (f->cache, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (categories->len, ==, 6);
  }
  g_assert_cmpuint (iv_cache_db_count_services (f->cache), ==, 300);
  g_assert_cmpint (iv_cache_db_get_catalog_revision (f->cache), >, 0);
  g_assert_cmpfloat (iv_sync_manager_get_catalog_progress (f->manager), ==, 1.0);
  g_assert_cmpint (iv_sync_manager_get_last_successful_sync (f->manager), >, 0);
  g_assert_cmpint (iv_sync_manager_get_state (f->manager), ==, IV_SYNC_STATE_ONLINE);
  g_assert_cmpuint (changed_count (&rec, "vouchers"), ==, 1);
  g_assert_cmpuint (changed_count (&rec, "catalog"), ==, 1);

  /* Again: every conditional GET answers 304, nothing is reloaded */
  g_assert_true (iv_cache_db_get_resource (f->cache, "/v1/claims", &etag_before, NULL));
  g_hash_table_remove_all (rec.changed);
  g_assert_true (sync_test_refresh (f, IV_SYNC_SCOPE_ALL, &error));
  g_assert_no_error (error);
  g_assert_true (iv_cache_db_get_resource (f->cache, "/v1/claims", &etag_after, NULL));
  g_assert_cmpstr (etag_before, ==, etag_after);
  g_assert_cmpuint (g_hash_table_size (rec.changed), ==, 0);

  /* A change on the service shows after the next refresh */
  g_clear_pointer (&claim, g_object_unref);
  json_node_unref (sync_test_admin_move (f, "claims", claim_id, "return", "发票不清晰"));
  g_assert_true (sync_test_refresh (f, IV_SYNC_SCOPE_CLAIMS, &error));
  g_assert_no_error (error);
  claim = iv_cache_db_get_object (f->cache, IV_CACHE_KIND_CLAIM, claim_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (iv_claim_status_to_string (iv_claim_get_status (claim)), ==, "returned");
  g_assert_cmpuint (changed_count (&rec, "claims"), ==, 1);
  {
    /* The receipt follows its claim's status */
    g_autoptr(IvReceipt) receipt = iv_cache_db_get_object (f->cache, IV_CACHE_KIND_RECEIPT, claim_id, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (iv_claim_status_to_string (iv_receipt_get_status (receipt)), ==, "returned");
  }

  g_hash_table_unref (rec.changed);
  sync_test_teardown (f);
}

static void
test_catalog_incremental (void)
{
  SyncFixture fixture = { 0 }, *f = &fixture;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(IvService) gone = NULL;
  g_autofree char *victim = NULL;
  gint64 revision;

  sync_test_setup (f, seeded);
  iv_sync_manager_sync_catalog_async (f->manager, NULL, sync_test_got_result, &result);
  g_assert_true (iv_sync_manager_sync_catalog_finish (f->manager, sync_test_wait (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (iv_cache_db_count_services (f->cache), ==, 300);
  revision = iv_cache_db_get_catalog_revision (f->cache);

  /* A service withdrawn from the catalog comes as a tombstone */
  victim = iv_test_first_service_id (f->svc);
  {
    g_autofree char *path = g_strdup_printf ("/admin/v1/catalog/services/%s", victim);

    g_assert_cmpuint (iv_test_service_admin (f->svc, "DELETE", path, NULL, NULL), ==, 204);
  }
  g_clear_object (&result);
  iv_sync_manager_sync_catalog_async (f->manager, NULL, sync_test_got_result, &result);
  g_assert_true (iv_sync_manager_sync_catalog_finish (f->manager, sync_test_wait (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (iv_cache_db_count_services (f->cache), ==, 299);
  g_assert_cmpint (iv_cache_db_get_catalog_revision (f->cache), >, revision);
  gone = iv_cache_db_get_service (f->cache, victim, &error);
  g_assert_null (gone);
  g_assert_error (error, IV_STORE_ERROR, IV_STORE_ERROR_NOT_FOUND);

  sync_test_teardown (f);
}

typedef struct {
  GCancellable *cancellable;
  guint         notifies;
  guint         cancel_after;
} CancelAt;

static void
on_progress (IvCatalogSync *sync,
             GParamSpec    *pspec,
             CancelAt      *at)
{
  (void) sync;
  (void) pspec;
  if (++at->notifies == at->cancel_after)
    g_cancellable_cancel (at->cancellable);
}

static void
test_catalog_resume (void)
{
  SyncFixture fixture = { 0 }, *f = &fixture;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(IvCatalogSync) sync = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  CancelAt at = { cancellable, 0, 9 };
  guint changed = 0, partial;
  gulong handler;

  sync_test_setup (f, seeded);
  sync = iv_catalog_sync_new (f->api, f->cache);
  iv_catalog_sync_set_page_size (sync, 50);
  handler = g_signal_connect (sync, "notify::progress", G_CALLBACK (on_progress), &at);

  /* Interrupted after nine pages (380 institutions: 8 pages, then 6 of
   * services); pages stored while the store was behind come in batches of
   * up to 4, so at least one batch is left */
  iv_catalog_sync_run_async (sync, cancellable, sync_test_got_result, &result);
  g_assert_false (iv_catalog_sync_run_finish (sync, sync_test_wait (&result), NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_true (iv_catalog_sync_get_resumable (sync));
  partial = iv_cache_db_count_services (f->cache);
  g_assert_cmpuint (partial, >, 0);
  g_assert_cmpuint (partial, <, 300);
  g_assert_cmpint (iv_cache_db_get_catalog_revision (f->cache), <, 0);
  g_signal_handler_disconnect (sync, handler);

  /* A new sync object (as after a restart) resumes where it stopped */
  g_clear_object (&sync);
  g_clear_object (&result);
  sync = iv_catalog_sync_new (f->api, f->cache);
  iv_catalog_sync_set_page_size (sync, 50);
  g_assert_true (iv_catalog_sync_get_resumable (sync));
  iv_catalog_sync_run_async (sync, NULL, sync_test_got_result, &result);
  g_assert_true (iv_catalog_sync_run_finish (sync, sync_test_wait (&result), &changed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (iv_cache_db_count_services (f->cache), ==, 300);
  /* Only what was left was fetched: not the 380 institutions again */
  g_assert_cmpuint (changed, <=, 300 - partial + 50);
  g_assert_false (iv_catalog_sync_get_resumable (sync));
  g_assert_cmpint (iv_cache_db_get_catalog_revision (f->cache), >, 0);
  g_assert_cmpfloat (iv_catalog_sync_get_progress (sync), ==, 1.0);

  sync_test_teardown (f);
}

static void
test_events_as_signals (void)
{
  SyncFixture fixture = { 0 }, *f = &fixture;
  Recorder apps = { NULL, g_ptr_array_new_with_free_func (g_free) };
  Recorder vouchers = { NULL, g_ptr_array_new_with_free_func (g_free) };
  Recorder orders = { NULL, g_ptr_array_new_with_free_func (g_free) };
  Recorder claims = { NULL, g_ptr_array_new_with_free_func (g_free) };
  g_autofree char *app_body = iv_test_application_body (5000000);
  g_autoptr(JsonNode) app = NULL;
  g_autoptr(JsonNode) approved = NULL;
  g_autoptr(IvQuotaApplication) cached = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *service_id = NULL;
  g_autofree char *order = NULL;
  const char *app_id, *voucher_id;

  sync_test_setup (f, seeded);
  g_signal_connect (f->manager, "application-changed", G_CALLBACK (on_object_changed), &apps);
  g_signal_connect (f->manager, "voucher-changed", G_CALLBACK (on_object_changed), &vouchers);
  g_signal_connect (f->manager, "order-changed", G_CALLBACK (on_object_changed), &orders);
  g_signal_connect (f->manager, "claim-changed", G_CALLBACK (on_object_changed), &claims);
  iv_sync_manager_set_refresh_interval (f->manager, 0);
  iv_sync_manager_start (f->manager);
  SYNC_TEST_WAIT_FOR (iv_sync_manager_get_state (f->manager) == IV_SYNC_STATE_ONLINE &&
                      iv_sync_manager_get_last_successful_sync (f->manager) > 0, 10000);

  /* Changes made elsewhere (another device, the reviewers) arrive as signals */
  g_assert_cmpuint (iv_test_service_request (f->svc, "POST", "/v1/applications", f->token, app_body, &app), ==, 201);
  app_id = json_object_get_string_member (json_node_get_object (app), "id");
  SYNC_TEST_WAIT_FOR (has_event (&apps, app_id, "submitted"), 10000);

  approved = sync_test_admin_move (f, "applications", app_id, "approve", NULL);
  voucher_id = json_object_get_string_member (json_node_get_object (approved), "voucher_id");
  SYNC_TEST_WAIT_FOR (has_event (&apps, app_id, "approved"), 10000);
  SYNC_TEST_WAIT_FOR (has_event (&vouchers, voucher_id, "active"), 10000);
  /* The object was refreshed into the cache before the signal */
  cached = iv_cache_db_get_object (f->cache, IV_CACHE_KIND_APPLICATION, app_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (iv_application_status_to_string (iv_quota_application_get_status (cached)), ==, "approved");
  SYNC_TEST_WAIT_FOR (list_len (f, IV_CACHE_KIND_VOUCHER) == 1, 10000);

  service_id = iv_test_first_service_id (f->svc);
  order = iv_test_order (f->svc, f->token, voucher_id, service_id, 2000000, "completed");
  SYNC_TEST_WAIT_FOR (has_event (&orders, order, "completed"), 10000);
  {
    g_autofree char *att = iv_test_upload (f->svc, f->token, "application/pdf");
    g_autofree char *body = iv_test_claim_body (order, 2000000, att);
    g_autoptr(JsonNode) claim = NULL;
    const char *claim_id;

    g_assert_cmpuint (iv_test_service_request (f->svc, "POST", "/v1/claims", f->token, body, &claim), ==, 201);
    claim_id = json_object_get_string_member (json_node_get_object (claim), "id");
    json_node_unref (sync_test_admin_move (f, "claims", claim_id, "return", "请补充付款凭证"));
    SYNC_TEST_WAIT_FOR (has_event (&claims, claim_id, "returned"), 10000);
  }
  g_assert_cmpint (iv_cache_db_get_events_last_seq (f->cache), >, 0);

  iv_sync_manager_shutdown (f->manager);
  g_ptr_array_unref (apps.events);
  g_ptr_array_unref (vouchers.events);
  g_ptr_array_unref (orders.events);
  g_ptr_array_unref (claims.events);
  sync_test_teardown (f);
}

static void
test_events_survive_outage (void)
{
  SyncFixture fixture = { 0 }, *f = &fixture;
  Recorder apps = { NULL, g_ptr_array_new_with_free_func (g_free) };
  g_autofree char *app_body = iv_test_application_body (5000000);
  g_autoptr(JsonNode) app = NULL;
  g_autoptr(JsonNode) old = NULL;
  g_autoptr(GError) error = NULL;
  const char *app_id, *old_id;

  sync_test_setup (f, seeded);
  /* Made before this client followed the account's events: history, which
   * the list refresh shows, not a change to signal (a first sign-in would
   * otherwise notify every past status of every object) */
  g_assert_cmpuint (iv_test_service_request (f->svc, "POST", "/v1/applications", f->token, app_body, &old), ==, 201);
  old_id = json_object_get_string_member (json_node_get_object (old), "id");
  g_signal_connect (f->manager, "application-changed", G_CALLBACK (on_object_changed), &apps);
  iv_sync_manager_set_refresh_interval (f->manager, 0);
  iv_sync_manager_start (f->manager);
  SYNC_TEST_WAIT_FOR (iv_cache_db_get_events_last_seq (f->cache) > 0, 10000);
  SYNC_TEST_WAIT_FOR (list_len (f, IV_CACHE_KIND_APPLICATION) == 1, 10000);
  sync_test_spin (300);
  g_assert_false (has_event (&apps, old_id, "submitted"));

  /* A change after that is one */
  g_assert_cmpuint (iv_test_service_request (f->svc, "POST", "/v1/applications", f->token, app_body, &app), ==, 201);
  app_id = json_object_get_string_member (json_node_get_object (app), "id");
  SYNC_TEST_WAIT_FOR (has_event (&apps, app_id, "submitted"), 10000);

  /* The service dies under the long poll and comes back */
  iv_test_service_kill (f->svc);
  SYNC_TEST_WAIT_FOR (iv_sync_manager_get_state (f->manager) == IV_SYNC_STATE_OFFLINE, 10000);
  g_assert_true (iv_test_service_restart (f->svc, &error));
  g_assert_no_error (error);

  /* The poller retries by itself and picks up where it was */
  json_node_unref (sync_test_admin_move (f, "applications", app_id, "return", "请补充预算明细"));
  SYNC_TEST_WAIT_FOR (has_event (&apps, app_id, "returned"), 20000);
  SYNC_TEST_WAIT_FOR (iv_sync_manager_get_state (f->manager) == IV_SYNC_STATE_ONLINE, 5000);

  iv_sync_manager_shutdown (f->manager);
  g_ptr_array_unref (apps.events);
  sync_test_teardown (f);
}

static void
test_replay_through_manager (void)
{
  SyncFixture fixture = { 0 }, *f = &fixture;
  Recorder rec = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL), NULL };
  g_autofree char *body = iv_test_application_body (3000000);
  g_autoptr(IvOutboxItem) item = NULL;
  g_autoptr(IvOutboxItem) done = NULL;
  g_autoptr(IvQuotaApplication) cached = NULL;
  g_autoptr(GError) error = NULL;

  sync_test_setup (f, seeded);
  iv_sync_manager_set_events_enabled (f->manager, FALSE);
  iv_sync_manager_set_refresh_interval (f->manager, 0);
  g_signal_connect (f->manager, "changed", G_CALLBACK (on_changed), &rec);
  iv_sync_manager_start (f->manager);
  SYNC_TEST_WAIT_FOR (iv_sync_manager_get_last_successful_sync (f->manager) > 0, 10000);

  item = sync_test_enqueue (f, IV_OUTBOX_KIND_CREATE_APPLICATION, NULL, -1, body, NULL);
  g_assert_cmpuint (iv_sync_manager_get_pending_count (f->manager), ==, 1);
  iv_sync_manager_kick (f->manager);
  SYNC_TEST_WAIT_FOR (iv_sync_manager_get_pending_count (f->manager) == 0, 10000);

  done = sync_test_reload (f, item);
  g_assert_cmpstr (iv_outbox_state_to_string (iv_outbox_item_get_state (done)), ==, "done");
  /* The created object is in the cache at once, lists told to reload */
  cached = iv_cache_db_get_object (f->cache, IV_CACHE_KIND_APPLICATION, iv_outbox_item_get_server_id (done), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changed_count (&rec, "applications"), >=, 1);
  g_assert_cmpuint (changed_count (&rec, "outbox"), >=, 2);
  g_assert_cmpint (sync_test_applied (f, "POST", "/v1/applications"), ==, 1);

  g_hash_table_unref (rec.changed);
  sync_test_teardown (f);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/refresh-everything", test_refresh_everything);
  g_test_add_func ("/sync/catalog-incremental", test_catalog_incremental);
  g_test_add_func ("/sync/catalog-resume", test_catalog_resume);
  g_test_add_func ("/sync/events-as-signals", test_events_as_signals);
  g_test_add_func ("/sync/events-survive-outage", test_events_survive_outage);
  g_test_add_func ("/sync/replay-through-manager", test_replay_through_manager);

  return g_test_run ();
}
