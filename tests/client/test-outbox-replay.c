/* test-outbox-replay.c: outbox replay against the real service: outages, token expiry, refusals, backoff */

#include "config.h"

#include "../faults/iv-sync-test-util.h"
#include "iv-backoff.h"

static const char * const seeded[] = { "--seed-services", "300", NULL };

static const char *
state_of (SyncFixture  *f,
          IvOutboxItem *item)
{
  g_autoptr(IvOutboxItem) fresh = sync_test_reload (f, item);

  return iv_outbox_state_to_string (iv_outbox_item_get_state (fresh));
}

static void
test_backoff_full_jitter (void)
{
  g_autoptr(IvBackoff) backoff = iv_backoff_new (1000, 300000);
  gint64 sum = 0;

  iv_backoff_set_seed (backoff, 42);
  for (guint attempt = 1; attempt <= 40; attempt++)
    {
      gint64 ceiling = MIN ((gint64) 1000 << MIN (attempt - 1, 20u), 300000);
      gint64 max_seen = 0;

      for (guint i = 0; i < 200; i++)
        {
          gint64 d = iv_backoff_delay_ms (backoff, attempt, -1);

          g_assert_cmpint (d, >=, 0);
          g_assert_cmpint (d, <=, ceiling);
          max_seen = MAX (max_seen, d);
          if (attempt == 3)
            sum += d;
        }
      /* Spread over the whole range, not stuck at the bottom */
      g_assert_cmpint (max_seen, >, ceiling / 2);
    }
  /* Mean of uniform [0, 4000] */
  g_assert_cmpint (sum / 200, >, 1500);
  g_assert_cmpint (sum / 200, <, 2500);

  /* Retry-After is a floor, even above the cap */
  for (guint i = 0; i < 50; i++)
    g_assert_cmpint (iv_backoff_delay_ms (backoff, 1, 7), >=, 7000);
  g_assert_cmpint (iv_backoff_compute_ms (1000, 300000, 1, 600, NULL), ==, 600000);
}

static void
test_queued_while_down_sent_once (void)
{
  SyncFixture fixture = { 0 }, *f = &fixture;
  g_autofree char *app = iv_test_application_body (2000000);
  g_autofree char *voucher = NULL;
  g_autofree char *service_id = NULL;
  g_autofree char *order = NULL;
  g_autoptr(IvOutboxItem) a = NULL;
  g_autoptr(IvOutboxItem) o = NULL;
  g_autoptr(IvOutboxItem) up = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  sync_test_setup (f, seeded);
  voucher = iv_test_grant_voucher (f->svc, f->token, 10000000);
  service_id = iv_test_first_service_id (f->svc);
  order = g_strdup_printf ("{\"voucher_id\": \"%s\", \"service_id\": \"%s\", \"quoted_amount_fen\": 800000, "
                           "\"note\": \"离线时预约\"}", voucher, service_id);
  g_assert_true (iv_test_service_stop (f->svc));

  /* Saved at once while the service is down */
  a = sync_test_enqueue (f, IV_OUTBOX_KIND_CREATE_APPLICATION, NULL, -1, app, NULL);
  o = sync_test_enqueue (f, IV_OUTBOX_KIND_CREATE_ORDER, NULL, -1, order, NULL);
  file = sync_test_png_file (f, "付款凭证.png");
  up = iv_outbox_enqueue_upload (f->outbox, file, "付款凭证.png", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (iv_sync_manager_get_pending_count (f->manager), ==, 3);

  g_assert_false (sync_test_replay (f, &error));
  g_assert_error (error, IV_API_ERROR, IV_API_ERROR_NETWORK);
  g_clear_error (&error);
  g_assert_cmpint (iv_sync_manager_get_state (f->manager), ==, IV_SYNC_STATE_OFFLINE);
  g_assert_cmpstr (state_of (f, a), ==, "retry_wait");
  g_assert_cmpstr (state_of (f, o), ==, "queued");
  g_assert_cmpuint (iv_sync_manager_get_pending_count (f->manager), ==, 3);

  /* Back: each is sent, once */
  g_assert_true (iv_test_service_restart (f->svc, &error));
  g_assert_no_error (error);
  sync_test_drain (f, 20000);
  g_assert_cmpstr (state_of (f, a), ==, "done");
  g_assert_cmpstr (state_of (f, o), ==, "done");
  g_assert_cmpstr (state_of (f, up), ==, "done");
  g_assert_cmpint (iv_sync_manager_get_state (f->manager), ==, IV_SYNC_STATE_ONLINE);
  g_assert_cmpint (sync_test_applied (f, "POST", "/v1/applications"), ==, 2);   /* the voucher's and ours */
  g_assert_cmpint (sync_test_applied (f, "POST", "/v1/orders"), ==, 1);
  g_assert_cmpint (sync_test_applied (f, "POST", "/v1/attachments"), ==, 1);
  g_assert_cmpint (sync_test_count_objects (f, "orders"), ==, 1);

  sync_test_teardown (f);
}

static void
on_sign_in_needed (IvSyncManager *manager,
                   guint         *count)
{
  (void) manager;
  (*count)++;
}

static void
test_token_expiry_during_replay (void)
{
  SyncFixture fixture = { 0 }, *f = &fixture;
  g_autofree char *body = iv_test_application_body (1000000);
  g_autoptr(IvOutboxItem) first = NULL;
  g_autoptr(IvOutboxItem) second = NULL;
  g_autoptr(GError) error = NULL;
  guint asked = 0;

  sync_test_setup (f, (const char * const[]) { "--seed-services", "300", "--access-ttl", "1", NULL });
  g_signal_connect (f->manager, "sign-in-needed", G_CALLBACK (on_sign_in_needed), &asked);

  /* The access token expires: one silent refresh, the item is sent */
  g_usleep (2100 * 1000);
  first = sync_test_enqueue (f, IV_OUTBOX_KIND_CREATE_APPLICATION, NULL, -1, body, NULL);
  g_assert_true (sync_test_replay (f, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (state_of (f, first), ==, "done");
  g_assert_cmpuint (asked, ==, 0);

  /* The refresh is refused too (session revoked elsewhere): replay pauses,
   * the item waits, nothing is lost */
  iv_api_client_set_tokens (f->api, "expired-access-token", "revoked-refresh-token");
  g_usleep (1100 * 1000);
  second = sync_test_enqueue (f, IV_OUTBOX_KIND_CREATE_APPLICATION, NULL, -1, body, NULL);
  g_assert_false (sync_test_replay (f, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpuint (asked, ==, 1);
  g_assert_true (iv_sync_manager_get_sign_in_needed (f->manager));
  g_assert_cmpint (iv_sync_manager_get_state (f->manager), ==, IV_SYNC_STATE_NEEDS_ATTENTION);
  g_assert_cmpstr (state_of (f, second), ==, "queued");
  g_assert_cmpuint (iv_sync_manager_get_pending_count (f->manager), ==, 1);

  /* Signing in again resumes */
  sync_test_sign_in (f->api, f->login);
  iv_sync_manager_resume (f->manager);
  g_assert_false (iv_sync_manager_get_sign_in_needed (f->manager));
  g_assert_true (sync_test_replay (f, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (state_of (f, second), ==, "done");
  g_assert_cmpint (sync_test_applied (f, "POST", "/v1/applications"), ==, 2);

  sync_test_teardown (f);
}

static void
on_needs_attention (IvSyncManager *manager,
                    gint64         item_id,
                    gint64        *out)
{
  (void) manager;
  *out = item_id;
}

static void
test_412_keeps_draft (void)
{
  SyncFixture fixture = { 0 }, *f = &fixture;
  g_autofree char *body = iv_test_application_body (2000000);
  g_autofree char *edited = NULL;
  g_autoptr(JsonNode) app = NULL;
  g_autoptr(JsonNode) returned = NULL;
  g_autoptr(JsonNode) edited_node = NULL;
  g_autoptr(IvDraft) draft = NULL;
  g_autoptr(IvDraft) kept = NULL;
  g_autoptr(IvOutboxItem) item = NULL;
  g_autoptr(IvOutboxItem) after = NULL;
  g_autoptr(IvQuotaApplication) server_copy = NULL;
  g_autoptr(GError) error = NULL;
  IvDrafts *drafts;
  const char *id;
  gint64 version, flagged = 0;

  sync_test_setup (f, seeded);
  g_signal_connect (f->manager, "item-needs-attention", G_CALLBACK (on_needs_attention), &flagged);
  g_assert_cmpuint (iv_test_service_request (f->svc, "POST", "/v1/applications", f->token, body, &app), ==, 201);
  id = json_object_get_string_member (json_node_get_object (app), "id");
  returned = sync_test_admin_move (f, "applications", id, "return", "请补充研发计划");
  version = json_object_get_int_member (json_node_get_object (returned), "version");

  /* The user edits the returned application as a draft, based on an older
   * version than the service now has */
  edited = g_strdup_printf ("{\"year\": 2026, \"amount_fen\": 1800000, \"purpose\": \"本地修改的用途\", "
                            "\"planned_categories\": [\"testing\"], \"contact_name\": \"李四\", "
                            "\"contact_phone\": \"13900139000\"}");
  edited_node = sync_test_parse (edited);
  drafts = iv_sync_manager_get_drafts (f->manager);
  draft = iv_drafts_create (drafts, "application", id, edited_node, &error);
  g_assert_no_error (error);
  item = sync_test_enqueue (f, IV_OUTBOX_KIND_RESUBMIT_APPLICATION, id, version - 1, edited,
                            iv_draft_get_id (draft));

  g_assert_true (sync_test_replay (f, &error));
  g_assert_no_error (error);
  after = sync_test_reload (f, item);
  g_assert_cmpstr (iv_outbox_state_to_string (iv_outbox_item_get_state (after)), ==, "needs_attention");
  g_assert_cmpstr (iv_outbox_item_get_error_code (after), ==, "version_conflict");
  g_assert_cmpint (flagged, ==, iv_outbox_item_get_id (item));
  g_assert_cmpuint (iv_sync_manager_get_needs_attention_count (f->manager), ==, 1);
  g_assert_cmpint (iv_sync_manager_get_state (f->manager), ==, IV_SYNC_STATE_NEEDS_ATTENTION);

  /* Both versions can be shown: the local draft, unchanged, and the
   * service's copy, fetched into the cache */
  kept = iv_drafts_get (drafts, iv_draft_get_id (draft), &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (iv_draft_get_body (kept), edited_node));
  server_copy = iv_cache_db_get_object (f->cache, IV_CACHE_KIND_APPLICATION, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (iv_quota_application_get_version (server_copy), ==, version);
  g_assert_cmpstr (iv_application_status_to_string (iv_quota_application_get_status (server_copy)), ==, "returned");
  /* Nothing changed on the service */
  {
    g_autoptr(JsonNode) now = sync_test_server_object (f, "applications", id);

    g_assert_cmpstr (sync_test_status_of (now), ==, "returned");
  }

  /* Rebased on the current version, it goes through */
  g_clear_object (&after);
  after = iv_outbox_edit_and_retry (f->outbox, iv_outbox_item_get_id (item), NULL, version, &error);
  g_assert_no_error (error);
  g_assert_true (sync_test_replay (f, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (state_of (f, item), ==, "done");
  {
    g_autoptr(JsonNode) now = sync_test_server_object (f, "applications", id);

    g_assert_cmpstr (sync_test_status_of (now), ==, "submitted");
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (now), "purpose"), ==, "本地修改的用途");
  }

  sync_test_teardown (f);
}

static void
test_422_needs_attention (void)
{
  SyncFixture fixture = { 0 }, *f = &fixture;
  g_autofree char *too_much = iv_test_application_body (40000000);   /* over the ¥300,000 cap */
  g_autofree char *fine = iv_test_application_body (1000000);
  g_autoptr(JsonNode) body = sync_test_parse (too_much);
  g_autoptr(IvDraft) draft = NULL;
  g_autoptr(IvDraft) kept = NULL;
  g_autoptr(IvOutboxItem) bad = NULL;
  g_autoptr(IvOutboxItem) good = NULL;
  g_autoptr(IvOutboxItem) after = NULL;
  g_autoptr(IvOutboxItem) retried = NULL;
  g_autoptr(JsonNode) fixed = NULL;
  g_autoptr(GError) error = NULL;
  IvDrafts *drafts;

  sync_test_setup (f, seeded);
  drafts = iv_sync_manager_get_drafts (f->manager);
  draft = iv_drafts_create (drafts, "application", NULL, body, &error);
  g_assert_no_error (error);
  bad = sync_test_enqueue (f, IV_OUTBOX_KIND_CREATE_APPLICATION, NULL, -1, too_much, iv_draft_get_id (draft));
  good = sync_test_enqueue (f, IV_OUTBOX_KIND_CREATE_APPLICATION, NULL, -1, fine, NULL);

  g_assert_true (sync_test_replay (f, &error));
  g_assert_no_error (error);
  after = sync_test_reload (f, bad);
  g_assert_cmpstr (iv_outbox_state_to_string (iv_outbox_item_get_state (after)), ==, "needs_attention");
  g_assert_cmpstr (iv_outbox_item_get_error_code (after), ==, "amount_exceeds_cap");
  g_assert_cmpstr (iv_outbox_item_get_error_field (after), ==, "amount_fen");
  g_assert_nonnull (iv_outbox_item_get_error_message (after));
  /* The next, independent write was not held up */
  g_assert_cmpstr (state_of (f, good), ==, "done");
  /* The draft is intact and nothing was created for it */
  kept = iv_drafts_get (drafts, iv_draft_get_id (draft), &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (iv_draft_get_body (kept), body));
  g_assert_cmpint (sync_test_count_objects (f, "applications"), ==, 1);
  g_assert_cmpuint (iv_sync_manager_get_needs_attention_count (f->manager), ==, 1);

  /* Fixed by the user, retried: sent */
  fixed = sync_test_parse (fine);
  json_object_set_string_member (json_node_get_object (fixed), "purpose", "改正金额后重新提交");
  retried = iv_outbox_edit_and_retry (f->outbox, iv_outbox_item_get_id (bad), fixed, -1, &error);
  g_assert_no_error (error);
  g_assert_true (sync_test_replay (f, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (state_of (f, bad), ==, "done");
  g_assert_cmpint (sync_test_count_objects (f, "applications"), ==, 2);
  g_assert_cmpuint (iv_sync_manager_get_needs_attention_count (f->manager), ==, 0);

  sync_test_teardown (f);
}

static void
test_409_key_reused (void)
{
  SyncFixture fixture = { 0 }, *f = &fixture;
  g_autofree char *body = iv_test_application_body (1000000);
  g_autofree char *other = iv_test_application_body (1200000);
  g_autofree char *auth = NULL;
  g_autoptr(IvOutboxItem) item = NULL;
  g_autoptr(IvOutboxItem) after = NULL;
  g_autoptr(IvTestResponse) response = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  sync_test_setup (f, seeded);
  item = sync_test_enqueue (f, IV_OUTBOX_KIND_CREATE_APPLICATION, NULL, -1, body, NULL);

  /* Someone used the same key with another body first */
  bytes = g_bytes_new (other, strlen (other));
  response = iv_test_service_send (f->svc, "POST", "/v1/applications", f->token,
                                   (const char * const[]) { "Idempotency-Key", iv_outbox_item_get_idempotency_key (item), NULL },
                                   "application/json", bytes);
  g_assert_cmpuint (response->status, ==, 201);

  g_assert_true (sync_test_replay (f, &error));
  g_assert_no_error (error);
  after = sync_test_reload (f, item);
  g_assert_cmpstr (iv_outbox_state_to_string (iv_outbox_item_get_state (after)), ==, "needs_attention");
  g_assert_cmpstr (iv_outbox_item_get_error_code (after), ==, "idempotency_key_reused");
  g_assert_cmpint (sync_test_count_objects (f, "applications"), ==, 1);

  sync_test_teardown (f);
}

static void
test_retry_after_honoured (void)
{
  SyncFixture fixture = { 0 }, *f = &fixture;
  g_autofree char *body = iv_test_application_body (1000000);
  g_autoptr(IvOutboxItem) item = NULL;
  g_autoptr(IvOutboxItem) after = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before;

  sync_test_setup (f, seeded);
  item = sync_test_enqueue (f, IV_OUTBOX_KIND_CREATE_APPLICATION, NULL, -1, body, NULL);
  sync_test_fault (f, "{\"kind\": \"status\", \"status\": 429, \"retry_after\": 2, \"path_prefix\": \"/v1/applications\"}");

  before = g_get_real_time ();
  g_assert_false (sync_test_replay (f, &error));
  g_assert_error (error, IV_API_ERROR, IV_API_ERROR_RATE_LIMITED);
  g_clear_error (&error);
  after = sync_test_reload (f, item);
  g_assert_cmpstr (iv_outbox_state_to_string (iv_outbox_item_get_state (after)), ==, "retry_wait");
  g_assert_cmpint (iv_outbox_item_get_next_attempt_at (after) - before, >=, 2000 * 1000 - 50000);
  /* Not due yet: a replay now sends nothing */
  g_assert_true (sync_test_replay (f, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (state_of (f, item), ==, "retry_wait");
  sync_test_drain (f, 10000);
  g_assert_cmpint (g_get_real_time () - before, >=, 2000 * 1000 - 50000);
  g_assert_cmpstr (state_of (f, item), ==, "done");
  g_assert_cmpint (sync_test_applied (f, "POST", "/v1/applications"), ==, 1);

  sync_test_teardown (f);
}

static void
test_shutdown_mid_request (void)
{
  SyncFixture fixture = { 0 }, *f = &fixture;
  g_autofree char *body = iv_test_application_body (1000000);
  g_autoptr(IvOutboxItem) item = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sync_test_setup (f, seeded);
  item = sync_test_enqueue (f, IV_OUTBOX_KIND_CREATE_APPLICATION, NULL, -1, body, NULL);
  /* The service takes its time; the program quits meanwhile */
  sync_test_fault (f, "{\"kind\": \"delay\", \"delay_ms\": 1500, \"path_prefix\": \"/v1/applications\"}");
  iv_sync_manager_start (f->manager);
  SYNC_TEST_WAIT_FOR (g_strcmp0 (state_of (f, item), "in_flight") == 0, 5000);
  iv_sync_manager_shutdown (f->manager);
  SYNC_TEST_WAIT_FOR (g_strcmp0 (state_of (f, item), "queued") == 0, 5000);
  g_assert_cmpuint (iv_sync_manager_get_pending_count (f->manager), ==, 1);

  /* The delayed call may still land on the service: the resend carries the
   * same key, so there is one application either way */
  sync_test_spin (1600);
  g_assert_true (sync_test_replay (f, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (state_of (f, item), ==, "done");
  g_assert_cmpint (sync_test_count_objects (f, "applications"), ==, 1);
  g_assert_cmpint (sync_test_applied (f, "POST", "/v1/applications"), ==, 1);

  sync_test_teardown (f);
}

static void
test_missing_copy_needs_attention (void)
{
  SyncFixture fixture = { 0 }, *f = &fixture;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) copy = NULL;
  g_autoptr(IvOutboxItem) item = NULL;
  g_autoptr(IvOutboxItem) after = NULL;
  g_autoptr(GError) error = NULL;

  sync_test_setup (f, seeded);
  file = sync_test_png_file (f, "合同.png");
  item = iv_outbox_enqueue_upload (f->outbox, file, "合同.png", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  /* Someone removed the program's private copy: waiting will not help */
  copy = iv_outbox_get_file (f->outbox, item);
  g_assert_true (g_file_delete (copy, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (sync_test_replay (f, &error));
  g_assert_no_error (error);
  after = sync_test_reload (f, item);
  g_assert_cmpstr (iv_outbox_state_to_string (iv_outbox_item_get_state (after)), ==, "needs_attention");
  g_assert_cmpstr (iv_outbox_item_get_error_code (after), ==, "local_error");
  g_assert_cmpint (sync_test_applied (f, "POST", "/v1/attachments"), ==, 0);

  sync_test_teardown (f);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/replay/backoff-full-jitter", test_backoff_full_jitter);
  g_test_add_func ("/replay/queued-while-down-sent-once", test_queued_while_down_sent_once);
  g_test_add_func ("/replay/token-expiry", test_token_expiry_during_replay);
  g_test_add_func ("/replay/412-keeps-draft", test_412_keeps_draft);
  g_test_add_func ("/replay/422-needs-attention", test_422_needs_attention);
  g_test_add_func ("/replay/409-key-reused", test_409_key_reused);
  g_test_add_func ("/replay/retry-after", test_retry_after_honoured);
  g_test_add_func ("/replay/shutdown-mid-request", test_shutdown_mid_request);
  g_test_add_func ("/replay/missing-copy-needs-attention", test_missing_copy_needs_attention);

  return g_test_run ();
}
