/* test-offline.c: everything readable with the service stopped; writes made meanwhile sent exactly once when it is back */

#include "config.h"

#include "../faults/iv-sync-test-util.h"
#include "iv-catalog-query.h"
#include "iv-catalog-search.h"

static const char * const seeded[] = { "--seed-services", "300", NULL };

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
make_history (SyncFixture *f)
{
  g_autofree char *voucher = iv_test_grant_voucher (f->svc, f->token, 10000000);
  g_autofree char *service_id = iv_test_first_service_id (f->svc);
  g_autofree char *order = iv_test_order (f->svc, f->token, voucher, service_id, 2000000, "completed");
  g_autofree char *att = iv_test_upload (f->svc, f->token, "application/pdf");
  g_autofree char *body = iv_test_claim_body (order, 2000000, att);

  g_assert_cmpuint (iv_test_service_request (f->svc, "POST", "/v1/claims", f->token, body, NULL), ==, 201);
}

static void
test_read_everything_offline (void)
{
  SyncFixture fixture = { 0 }, *f = &fixture;
  g_autoptr(GError) error = NULL;
  g_autoptr(IvCatalogSearch) search = NULL;
  g_autoptr(IvCatalogQuery) query = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;
  gint64 last_sync;
  guint total = 0;

  sync_test_setup (f, seeded);
  make_history (f);
  g_assert_true (sync_test_refresh (f, IV_SYNC_SCOPE_ALL, &error));
  g_assert_no_error (error);
  last_sync = iv_sync_manager_get_last_successful_sync (f->manager);
  access = g_strdup (iv_api_client_get_access_token (f->api));
  refresh = g_strdup (iv_api_client_get_refresh_token (f->api));

  /* The service goes away; the program restarts */
  g_assert_true (iv_test_service_stop (f->svc));
  sync_test_close_client (f);
  sync_test_open_client (f, FALSE);
  iv_api_client_set_tokens (f->api, access, refresh);

  /* Everything is there at once, with when it was last fetched */
  g_assert_nonnull (iv_sync_manager_get_account (f->manager));
  g_assert_nonnull (iv_sync_manager_get_policy (f->manager));
  g_assert_cmpint (iv_sync_manager_get_last_successful_sync (f->manager), >=, last_sync - 1);
  g_assert_cmpuint (list_len (f, IV_CACHE_KIND_VOUCHER), ==, 1);
  g_assert_cmpuint (list_len (f, IV_CACHE_KIND_APPLICATION), ==, 1);
  g_assert_cmpuint (list_len (f, IV_CACHE_KIND_ORDER), ==, 1);
  g_assert_cmpuint (list_len (f, IV_CACHE_KIND_CLAIM), ==, 1);
  g_assert_cmpuint (iv_cache_db_count_services (f->cache), ==, 300);
  {
    g_autoptr(GPtrArray) institutions = iv_cache_db_list_institutions (f->cache, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (institutions->len, >=, 380);
  }
  /* And the catalog is searchable */
  search = iv_catalog_search_new (f->cache);
  query = iv_catalog_query_new ();
  iv_catalog_query_set_text (query, "检测");
  found = iv_catalog_search_run (search, query, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (total, >, 0);

  /* A refresh fails as offline; nothing cached is lost */
  g_assert_false (sync_test_refresh (f, IV_SYNC_SCOPE_ALL, &error));
  g_assert_error (error, IV_API_ERROR, IV_API_ERROR_NETWORK);
  g_clear_error (&error);
  g_assert_cmpint (iv_sync_manager_get_state (f->manager), ==, IV_SYNC_STATE_OFFLINE);
  g_assert_cmpuint (list_len (f, IV_CACHE_KIND_CLAIM), ==, 1);
  g_assert_cmpuint (iv_cache_db_count_services (f->cache), ==, 300);

  sync_test_teardown (f);
}

static void
test_writes_while_down_sent_once (void)
{
  SyncFixture fixture = { 0 }, *f = &fixture;
  g_autofree char *voucher = NULL;
  g_autofree char *service_id = NULL;
  g_autofree char *order_body = NULL;
  g_autofree char *app_body = iv_test_application_body (1500000);
  g_autoptr(IvOutboxItem) order = NULL;
  g_autoptr(IvOutboxItem) app = NULL;
  g_autoptr(GError) error = NULL;

  sync_test_setup (f, seeded);
  voucher = iv_test_grant_voucher (f->svc, f->token, 10000000);
  service_id = iv_test_first_service_id (f->svc);
  iv_sync_manager_set_events_enabled (f->manager, FALSE);
  iv_sync_manager_set_refresh_interval (f->manager, 0);
  iv_sync_manager_start (f->manager);
  SYNC_TEST_WAIT_FOR (iv_sync_manager_get_last_successful_sync (f->manager) > 0 &&
                      iv_sync_manager_get_state (f->manager) == IV_SYNC_STATE_ONLINE, 10000);

  g_assert_true (iv_test_service_stop (f->svc));

  /* The user orders and applies while the service is down: saved, queued */
  order_body = g_strdup_printf ("{\"voucher_id\": \"%s\", \"service_id\": \"%s\", \"quoted_amount_fen\": 900000, "
                                "\"note\": \"离线下单\"}", voucher, service_id);
  order = sync_test_enqueue (f, IV_OUTBOX_KIND_CREATE_ORDER, NULL, -1, order_body, NULL);
  iv_sync_manager_kick (f->manager);
  app = sync_test_enqueue (f, IV_OUTBOX_KIND_CREATE_APPLICATION, NULL, -1, app_body, NULL);
  iv_sync_manager_kick (f->manager);
  SYNC_TEST_WAIT_FOR (iv_sync_manager_get_state (f->manager) == IV_SYNC_STATE_OFFLINE, 10000);
  g_assert_cmpuint (iv_sync_manager_get_pending_count (f->manager), ==, 2);

  /* Let it fail a few times, then bring the service back: the manager's own
   * retry timer sends both, once each, with no further call */
  sync_test_spin (500);
  g_assert_true (iv_test_service_restart (f->svc, &error));
  g_assert_no_error (error);
  SYNC_TEST_WAIT_FOR (iv_sync_manager_get_pending_count (f->manager) == 0, 15000);
  SYNC_TEST_WAIT_FOR (iv_sync_manager_get_state (f->manager) == IV_SYNC_STATE_ONLINE, 5000);

  g_assert_cmpint (sync_test_applied (f, "POST", "/v1/orders"), ==, 1);
  g_assert_cmpint (sync_test_count_objects (f, "orders"), ==, 1);
  g_assert_cmpint (sync_test_applied (f, "POST", "/v1/applications"), ==, 2);   /* the voucher's and ours */
  {
    g_autoptr(IvOutboxItem) sent = sync_test_reload (f, order);
    g_autoptr(IvOrder) cached = iv_cache_db_get_object (f->cache, IV_CACHE_KIND_ORDER,
                                                        iv_outbox_item_get_server_id (sent), &error);

    g_assert_no_error (error);
    g_assert_cmpstr (iv_order_status_to_string (iv_order_get_status (cached)), ==, "placed");
  }

  sync_test_teardown (f);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/offline/read-everything", test_read_everything_offline);
  g_test_add_func ("/offline/writes-while-down-sent-once", test_writes_while_down_sent_once);

  return g_test_run ();
}
