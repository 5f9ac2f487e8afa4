/* test-contract.c: the contract's cross-cutting rules: ETags on every GET, the 7-day idempotency and 15-minute sign-in windows, attachment headers */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <signal.h>

#include <gio/gio.h>
#include <sqlite3.h>

#include "iv-domain.h"
#include "iv-test-fixtures.h"

static IvTestService *svc;

/* Moves stored times back by `seconds` straight in the service's database
 * (WAL: the running service sees it on its next read), so the test reaches
 * windows of days without waiting. */
static void
age_rows (const char *sql,
          gint64      seconds,
          const char *param)
{
  g_autofree char *db_path = g_build_filename (iv_test_service_get_data_dir (svc), "vouchers.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, seconds);
  sqlite3_bind_text (stmt, 2, param, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  g_assert_cmpint (sqlite3_changes (db), >=, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static gint64
count_rows (const char *sql,
            const char *param)
{
  g_autofree char *db_path = g_build_filename (iv_test_service_get_data_dir (svc), "vouchers.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static const char *
error_code (IvTestResponse *r)
{
  return iv_test_response_error_code (r);
}

/* ---- ETag and If-None-Match on every GET -------------------------------- */

static char *
check_etag (const char *path,
            const char *token)
{
  g_autoptr(IvTestResponse) first = iv_test_service_send (svc, "GET", path, token, NULL, NULL, NULL);
  const char *etag = soup_message_headers_get_one (first->headers, "ETag");
  const char *same[] = { "If-None-Match", etag, NULL };
  const char *other[] = { "If-None-Match", "\"0123456789abcdef\"", NULL };
  g_autoptr(IvTestResponse) cached = NULL;
  g_autoptr(IvTestResponse) stale = NULL;

  g_test_message ("GET %s", path);
  g_assert_cmpuint (first->status, ==, 200);
  g_assert_nonnull (etag);
  g_assert_true (g_str_has_prefix (etag, "\"") && g_str_has_suffix (etag, "\"") && strlen (etag) > 2);

  cached = iv_test_service_send (svc, "GET", path, token, same, NULL, NULL);
  g_assert_cmpuint (cached->status, ==, 304);
  g_assert_cmpuint (g_bytes_get_size (cached->body), ==, 0);
  g_assert_cmpstr (soup_message_headers_get_one (cached->headers, "ETag"), ==, etag);

  stale = iv_test_service_send (svc, "GET", path, token, other, NULL, NULL);
  g_assert_cmpuint (stale->status, ==, 200);
  g_assert_true (g_bytes_equal (stale->body, first->body));
  return g_strdup (etag);
}

static void
test_etag_every_get (void)
{
  g_autofree char *service_id = iv_test_first_service_id (svc);
  g_autofree char *token = iv_test_new_signed_in (svc, "enterprise", NULL);
  g_autofree char *voucher = iv_test_grant_voucher (svc, token, 1000000);
  g_autofree char *order = iv_test_order (svc, token, voucher, service_id, 500000, "completed");
  g_autofree char *att = iv_test_upload (svc, token, "application/pdf");
  g_autofree char *claim_body = iv_test_claim_body (order, 500000, att);
  g_autoptr(JsonNode) claim = NULL;
  g_autoptr(JsonNode) apps = NULL;
  g_autoptr(JsonNode) receipt = NULL;
  g_autofree char *claims_etag = NULL;
  g_autofree char *claim_path = NULL;
  const char *claim_id, *app_id;

  g_assert_cmpuint (iv_test_service_request (svc, "POST", "/v1/claims", token, claim_body, &claim), ==, 201);
  claim_id = json_object_get_string_member (json_node_get_object (claim), "id");
  g_assert_cmpuint (iv_test_service_request (svc, "GET", "/v1/applications", token, NULL, &apps), ==, 200);
  app_id = json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (json_node_get_object (apps), "items"), 0), "id");
  claim_path = g_strconcat ("/v1/claims/", claim_id, NULL);

  /* Public */
  {
    const char *paths[] = { "/v1/policy", "/v1/catalog/categories", "/v1/catalog/institutions?limit=5",
                            "/v1/catalog/services?limit=5", "/v1/catalog/services?since=0&limit=5",
                            "/v1/catalog/institutions?since=0&limit=5", "/v1/receipts/verify?code=ABCDEFGH", NULL };
    for (guint i = 0; paths[i] != NULL; i++)
      g_free (check_etag (paths[i], NULL));
  }

  /* The account's, lists and objects */
  {
    g_autofree char *p_app = g_strconcat ("/v1/applications/", app_id, NULL);
    g_autofree char *p_voucher = g_strconcat ("/v1/vouchers/", voucher, NULL);
    g_autofree char *p_order = g_strconcat ("/v1/orders/", order, NULL);
    g_autofree char *p_receipt = g_strconcat (claim_path, "/receipt", NULL);
    const char *paths[] = { "/v1/account", "/v1/applications", p_app, "/v1/vouchers", p_voucher,
                            "/v1/orders", p_order, claim_path, p_receipt, "/v1/events?after=0", NULL };

    for (guint i = 0; paths[i] != NULL; i++)
      g_free (check_etag (paths[i], token));
    claims_etag = check_etag ("/v1/claims", token);

    /* The genuine verification code has its own tag */
    g_assert_cmpuint (iv_test_service_request (svc, "GET", p_receipt, token, NULL, &receipt), ==, 200);
    {
      g_autofree char *verify = g_strconcat ("/v1/receipts/verify?code=",
                                             json_object_get_string_member (json_node_get_object (receipt),
                                                                            "verification_code"), NULL);
      g_free (check_etag (verify, NULL));
    }
  }

  /* A change makes the old tag stale */
  {
    const char *h[] = { "If-None-Match", claims_etag, NULL };
    g_autofree char *move = g_strconcat ("/admin/v1/claims/", claim_id, "/move", NULL);
    g_autoptr(IvTestResponse) r = NULL;

    g_assert_cmpuint (iv_test_service_admin (svc, "POST", move, "{\"action\": \"advance\"}", NULL), ==, 200);
    r = iv_test_service_send (svc, "GET", "/v1/claims", token, h, NULL, NULL);
    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (soup_message_headers_get_one (r->headers, "ETag"), !=, claims_etag);
  }
}

/* ---- idempotency records live 7 days ------------------------------------ */

static IvTestResponse *
upload_with_key (const char *token,
                 const char *key,
                 const char *text)
{
  const char *h[] = { "Idempotency-Key", key, "X-Filename", "a.pdf", NULL };
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return iv_test_service_send (svc, "POST", "/v1/attachments", token, h, "application/pdf", bytes);
}

#define AGE_IDEM "UPDATE idempotency SET created = created - ? WHERE key = ?"
#define COUNT_IDEM "SELECT count(*) FROM idempotency WHERE key = ?"

static void
test_idempotency_expiry (void)
{
  g_autofree char *token = iv_test_new_signed_in (svc, "enterprise", NULL);
  g_autofree char *key = iv_test_idempotency_key ();
  g_autofree char *old_key = iv_test_idempotency_key ();
  g_autoptr(IvTestResponse) first = upload_with_key (token, key, "%PDF-1.7 first");
  g_autoptr(IvTestResponse) six_days = NULL;
  g_autoptr(IvTestResponse) eight_days = NULL;
  g_autoptr(IvTestResponse) replay = NULL;
  g_autoptr(IvTestResponse) other_body = NULL;
  g_autoptr(IvTestResponse) old = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (first->status, ==, 201);

  /* Six days and 23 hours later the key still replays the first answer */
  age_rows (AGE_IDEM, 7 * 86400 - 3600, key);
  six_days = upload_with_key (token, key, "%PDF-1.7 first");
  g_assert_cmpuint (six_days->status, ==, 201);
  g_assert_cmpstr (soup_message_headers_get_one (six_days->headers, "Idempotent-Replayed"), ==, "true");
  g_assert_true (g_bytes_equal (six_days->body, first->body));
  other_body = upload_with_key (token, key, "%PDF-1.7 second");
  g_assert_cmpuint (other_body->status, ==, 409);
  g_assert_cmpstr (error_code (other_body), ==, "idempotency_key_reused");

  /* Past 7 days the key is forgotten: a new request, a new object */
  age_rows (AGE_IDEM, 7200, key);
  eight_days = upload_with_key (token, key, "%PDF-1.7 second");
  g_assert_cmpuint (eight_days->status, ==, 201);
  g_assert_null (soup_message_headers_get_one (eight_days->headers, "Idempotent-Replayed"));
  g_assert_cmpstr (iv_test_response_get_string (eight_days, "id"), !=, iv_test_response_get_string (first, "id"));
  replay = upload_with_key (token, key, "%PDF-1.7 second");
  g_assert_true (g_bytes_equal (replay->body, eight_days->body));

  /* Expired records are removed at start, not kept for ever */
  old = upload_with_key (token, old_key, "%PDF-1.7 old");
  g_assert_cmpuint (old->status, ==, 201);
  age_rows (AGE_IDEM, 8 * 86400, old_key);
  g_assert_cmpint (count_rows (COUNT_IDEM, old_key), ==, 1);
  g_assert_true (iv_test_service_restart (svc, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (COUNT_IDEM, old_key), ==, 0);
  g_assert_cmpint (count_rows (COUNT_IDEM, key), ==, 1);
}

/* ---- 5 failed sign-ins in 15 minutes ------------------------------------ */

#define AGE_FAILURES "UPDATE sign_in_failures SET at = at - ? WHERE login = ?"

static IvTestResponse *
sign_in (const char *login,
         const char *password)
{
  g_autofree char *text = g_strdup_printf ("{\"account\": \"%s\", \"password\": \"%s\"}", login, password);
  g_autoptr(GBytes) body = g_bytes_new (text, strlen (text));

  return iv_test_service_send (svc, "POST", "/v1/session", NULL, NULL, "application/json", body);
}

static void
test_throttle_window (void)
{
  g_autofree char *login = iv_test_create_account (svc, "enterprise", NULL);

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(IvTestResponse) r = sign_in (login, "wrong password");
      g_assert_cmpuint (r->status, ==, 401);
      g_assert_cmpstr (error_code (r), ==, "invalid_credentials");
    }

  /* 14 minutes later the five failures still count */
  age_rows (AGE_FAILURES, 14 * 60, login);
  {
    g_autoptr(IvTestResponse) r = sign_in (login, IV_TEST_PASSWORD);
    const char *retry = soup_message_headers_get_one (r->headers, "Retry-After");

    g_assert_cmpuint (r->status, ==, 429);
    g_assert_cmpstr (error_code (r), ==, "too_many_attempts");
    g_assert_nonnull (retry);
    g_assert_cmpint (atoi (retry), >, 0);
    g_assert_cmpint (atoi (retry), <=, 60);
  }

  /* Past 15 minutes they no longer do */
  age_rows (AGE_FAILURES, 61, login);
  {
    g_autoptr(IvTestResponse) r = sign_in (login, IV_TEST_PASSWORD);
    g_assert_cmpuint (r->status, ==, 200);
    g_assert_nonnull (iv_test_response_get_string (r, "access_token"));
  }

  /* Four fresh failures are not enough; the fifth is */
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(IvTestResponse) r = sign_in (login, "wrong password");
      g_assert_cmpuint (r->status, ==, 401);
    }
  {
    g_autoptr(IvTestResponse) ok = sign_in (login, IV_TEST_PASSWORD);
    g_autoptr(IvTestResponse) bad = sign_in (login, "wrong password");
    g_autoptr(IvTestResponse) refused = sign_in (login, IV_TEST_PASSWORD);

    g_assert_cmpuint (ok->status, ==, 200);
    g_assert_cmpuint (bad->status, ==, 401);
    g_assert_cmpuint (refused->status, ==, 429);
  }
}

/* ---- attachment headers ------------------------------------------------- */

static void
test_attachment_headers (void)
{
  g_autofree char *token = iv_test_new_signed_in (svc, "enterprise", NULL);
  static const char pdf[] = "%PDF-1.7\nx";
  g_autoptr(GBytes) bytes = g_bytes_new_static (pdf, sizeof pdf - 1);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  GString *long_name = g_string_new (NULL);
  g_autofree char *name_255 = NULL;
  g_autofree char *name_256 = NULL;

  for (guint i = 0; i < 251; i++)
    g_string_append (long_name, "%E6%B5%8B");    /* 测 */
  name_255 = g_strconcat (long_name->str, ".pdf", NULL);
  name_256 = g_strconcat (long_name->str, "%E6%B5%8B.pdf", NULL);
  g_string_free (long_name, TRUE);

  struct {
    const char *filename;      /* NULL: no X-Filename */
    const char *content_type;  /* NULL: no Content-Type */
    gboolean    empty;
    guint       status;
    const char *code;
    const char *field;
  } cases[] = {
    { NULL, "application/pdf", FALSE, 400, "missing_field", "X-Filename" },
    { "", "application/pdf", FALSE, 400, "invalid_parameter", "X-Filename" },
    { "a%2Fb.pdf", "application/pdf", FALSE, 400, "invalid_parameter", "X-Filename" },
    { "..%2F..%2Fetc%2Fpasswd", "application/pdf", FALSE, 400, "invalid_parameter", "X-Filename" },
    { "a%00b.pdf", "application/pdf", FALSE, 400, "invalid_parameter", "X-Filename" },
    { "a%0Ab.pdf", "application/pdf", FALSE, 400, "invalid_parameter", "X-Filename" },
    { "%FF%FE.pdf", "application/pdf", FALSE, 400, "invalid_parameter", "X-Filename" },
    { name_256, "application/pdf", FALSE, 400, "invalid_parameter", "X-Filename" },
    { name_255, "application/pdf", FALSE, 201, NULL, NULL },
    { "scan.pdf", "application/pdf; charset=binary", FALSE, 201, NULL, NULL },
    { "scan.pdf", NULL, FALSE, 415, "unsupported_media_type", "Content-Type" },
    { "scan.pdf", "application/octet-stream", FALSE, 415, "unsupported_media_type", "Content-Type" },
    { "scan.pdf", "application/pdf", TRUE, 415, "unsupported_media_type", "Content-Type" },
    { "scan.png", "image/png", TRUE, 415, "unsupported_media_type", "Content-Type" },
    { "scan.jpg", "image/jpeg", TRUE, 415, "unsupported_media_type", "Content-Type" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = iv_test_idempotency_key ();
      const char *h[] = { "Idempotency-Key", key, "X-Filename", cases[i].filename, NULL };
      g_autoptr(IvTestResponse) r = NULL;

      if (cases[i].filename == NULL)
        h[2] = NULL;
      g_test_message ("case %u: X-Filename %s", i, cases[i].filename ? cases[i].filename : "(none)");
      r = iv_test_service_send (svc, "POST", "/v1/attachments", token, h, cases[i].content_type,
                                cases[i].empty ? empty : bytes);
      g_assert_cmpuint (r->status, ==, cases[i].status);
      if (cases[i].code != NULL)
        {
          g_assert_cmpstr (error_code (r), ==, cases[i].code);
          g_assert_cmpstr (iv_test_response_error_field (r), ==, cases[i].field);
        }
      else
        {
          g_assert_cmpint (iv_test_response_get_int (r, "size"), ==, sizeof pdf - 1);
          g_assert_cmpstr (iv_test_response_get_string (r, "content_type"), ==, "application/pdf");
        }
    }
}

/* ---- admin: an account that exists -------------------------------------- */

static void
test_account_exists (void)
{
  g_autofree char *login = iv_test_create_account (svc, "enterprise", NULL);
  g_autofree char *body = g_strdup_printf ("{\"login\": \"%s\", \"kind\": \"enterprise\", \"name\": \"重复企业\", "
                                           "\"password\": \"Another@2026\"}", login);
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *err;

  g_assert_cmpuint (iv_test_service_admin (svc, "POST", "/admin/v1/accounts", body, &answer), ==, 409);
  err = json_object_get_object_member (json_node_get_object (answer), "error");
  g_assert_cmpstr (json_object_get_string_member (err, "code"), ==, "account_exists");

  /* The first account's password still works; the second one's does not */
  {
    g_autofree char *t = iv_test_service_sign_in (svc, login, IV_TEST_PASSWORD);
    g_autoptr(IvTestResponse) r = sign_in (login, "Another@2026");

    g_assert_nonnull (t);
    g_assert_cmpuint (r->status, ==, 401);
  }
}

/* ---- the command line --------------------------------------------------- */

static void
test_command_line (void)
{
  g_autofree char *data = g_dir_make_tmp ("vs-cmdline-XXXXXX", NULL);
  const char *argv[] = { g_getenv ("IV_TEST_SERVICE"), "--listen", "127.0.0.1:0", "--data", data, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) p = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GRegex) re = g_regex_new ("^listening on http://127\\.0\\.0\\.1:([1-9][0-9]{0,4})/$", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *line = NULL;
  g_autofree char *rest = NULL;
  g_autofree char *port = NULL;
  gsize rest_len = 0;

  g_assert_no_error (error);
  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (p));
  line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);

  /* Exactly one line, port 0 replaced by the port it got */
  g_assert_true (g_regex_match (re, line, 0, &match));
  port = g_match_info_fetch (match, 1);
  g_assert_cmpint (atoi (port), >, 0);

  /* SIGTERM: a clean exit with status 0 and nothing more on stdout */
  g_subprocess_send_signal (p, SIGTERM);
  rest = g_data_input_stream_read_upto (in, "", 0, &rest_len, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rest_len, ==, 0);
  g_assert_true (g_subprocess_wait (p, NULL, &error));
  g_assert_true (g_subprocess_get_if_exited (p));
  g_assert_cmpint (g_subprocess_get_exit_status (p), ==, 0);

  /* The port it was given is the port it names */
  {
    const char *argv2[] = { g_getenv ("IV_TEST_SERVICE"), "--listen", NULL, "--data", data, NULL };
    g_autofree char *listen = g_strdup_printf ("127.0.0.1:%s", port);
    g_autofree char *expected = g_strdup_printf ("listening on http://127.0.0.1:%s/\n", port);
    g_autofree char *out = NULL;
    g_autoptr(GSubprocess) p2 = NULL;
    g_autoptr(GDataInputStream) in2 = NULL;
    g_autofree char *line2 = NULL;

    argv2[2] = listen;
    p2 = g_subprocess_newv (argv2, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
    g_assert_no_error (error);
    in2 = g_data_input_stream_new (g_subprocess_get_stdout_pipe (p2));
    line2 = g_data_input_stream_read_line_utf8 (in2, NULL, NULL, &error);
    g_assert_no_error (error);
    out = g_strconcat (line2, "\n", NULL);
    g_assert_cmpstr (out, ==, expected);
    g_subprocess_send_signal (p2, SIGTERM);
    g_assert_true (g_subprocess_wait (p2, NULL, &error));
    g_assert_cmpint (g_subprocess_get_exit_status (p2), ==, 0);
  }

  /* A usage error is status 2, with nothing on stdout */
  {
    const char *bad[] = { g_getenv ("IV_TEST_SERVICE"), "--listen", "127.0.0.1:0", NULL };
    g_autoptr(GSubprocess) p3 = g_subprocess_newv (bad, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
    g_autofree char *out3 = NULL;

    g_assert_no_error (error);
    g_assert_true (g_subprocess_communicate_utf8 (p3, NULL, NULL, &out3, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (out3, ==, "");
    g_assert_cmpint (g_subprocess_get_exit_status (p3), ==, 2);
  }

  {
    g_autoptr(GFile) dir = g_file_new_for_path (data);
    g_autoptr(GFileEnumerator) e = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME, 0, NULL, NULL);
    GFileInfo *info;

    while (e != NULL && (info = g_file_enumerator_next_file (e, NULL, NULL)) != NULL)
      {
        g_autoptr(GFile) child = g_file_get_child (dir, g_file_info_get_name (info));
        g_file_delete (child, NULL, NULL);
        g_object_unref (info);
      }
    g_file_delete (dir, NULL, NULL);
  }
}

int
main (int   argc,
      char *argv[])
{
  const char *args[] = { "--seed-services", "50", NULL };
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  svc = iv_test_service_start (args, &error);
  g_assert_no_error (error);
  g_test_add_func ("/contract/etag-every-get", test_etag_every_get);
  g_test_add_func ("/contract/idempotency-expiry", test_idempotency_expiry);
  g_test_add_func ("/contract/throttle-window", test_throttle_window);
  g_test_add_func ("/contract/attachment-headers", test_attachment_headers);
  g_test_add_func ("/contract/account-exists", test_account_exists);
  g_test_add_func ("/contract/command-line", test_command_line);
  ret = g_test_run ();
  iv_test_service_free (svc);
  return ret;
}
