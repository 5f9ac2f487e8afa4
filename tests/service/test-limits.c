/* test-limits.c: body limits, unknown paths and methods, the error body shape */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "iv-domain.h"
#include "iv-test-fixtures.h"

static IvTestService *svc;
static char *token;

static void
test_json_too_large (void)
{
  gsize n = 1024 * 1024 + 100;
  g_autoptr(GString) s = g_string_sized_new (n + 100);
  g_autoptr(GBytes) body = NULL;
  g_autofree char *key = iv_test_idempotency_key ();
  const char *h[] = { "Idempotency-Key", key, NULL };
  g_autoptr(IvTestResponse) r = NULL;

  g_string_append (s, "{\"year\": 2026, \"purpose\": \"");
  while (s->len < n)
    g_string_append_c (s, 'x');
  g_string_append (s, "\"}");
  body = g_bytes_new (s->str, s->len);
  r = iv_test_service_send (svc, "POST", "/v1/applications", token, h, NULL, body);
  g_assert_cmpuint (r->status, ==, 413);
  g_assert_cmpstr (iv_test_response_error_code (r), ==, "body_too_large");
}

static void
test_attachment_limits (void)
{
  gsize n = 20 * 1024 * 1024;
  guint8 *data = g_malloc0 (n + 1);
  g_autoptr(GBytes) exact = NULL;
  g_autoptr(GBytes) over = NULL;

  memcpy (data, "%PDF-1.7\n", 9);
  exact = g_bytes_new_static (data, n);
  over = g_bytes_new_static (data, n + 1);
  {
    g_autofree char *key = iv_test_idempotency_key ();
    const char *h[] = { "Idempotency-Key", key, "X-Filename", "big.pdf", NULL };
    g_autoptr(IvTestResponse) r = iv_test_service_send (svc, "POST", "/v1/attachments", token, h, "application/pdf", exact);
    g_assert_cmpuint (r->status, ==, 201);
    g_assert_cmpint (iv_test_response_get_int (r, "size"), ==, (gint64) n);
  }
  {
    g_autofree char *key = iv_test_idempotency_key ();
    const char *h[] = { "Idempotency-Key", key, "X-Filename", "big.pdf", NULL };
    g_autoptr(IvTestResponse) r = iv_test_service_send (svc, "POST", "/v1/attachments", token, h, "application/pdf", over);
    g_assert_cmpuint (r->status, ==, 413);
    g_assert_cmpstr (iv_test_response_error_code (r), ==, "body_too_large");
  }
  g_free (data);
}

static void
test_unknown (void)
{
  const char *paths[][2] = {
    { "GET", "/v1/nothing" }, { "GET", "/" }, { "GET", "/v2/policy" }, { "GET", "/v1/claims/x/y/z" },
  };
  const char *methods[][2] = {
    { "DELETE", "/v1/policy" }, { "POST", "/v1/vouchers" }, { "PUT", "/v1/orders/ord-x" }, { "POST", "/v1/catalog/services" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(IvTestResponse) r = iv_test_service_send (svc, paths[i][0], paths[i][1], token, NULL, NULL, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(IvErrorBody) eb = NULL;

      g_assert_cmpuint (r->status, ==, 404);
      eb = iv_error_body_new_from_json (r->json, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (iv_test_response_error_code (r), ==, "not_found");
    }
  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      g_autoptr(IvTestResponse) r = iv_test_service_send (svc, methods[i][0], methods[i][1], token, NULL, NULL, NULL);

      g_assert_cmpuint (r->status, ==, 405);
      g_assert_cmpstr (iv_test_response_error_code (r), ==, "method_not_allowed");
    }
}

static void
test_bad_json (void)
{
  const char *bodies[] = { "[1, 2]", "\"text\"", "{\"a\": ", "\xff\xfe{}" };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autofree char *key = iv_test_idempotency_key ();
      const char *h[] = { "Idempotency-Key", key, NULL };
      g_autoptr(GBytes) b = g_bytes_new (bodies[i], strlen (bodies[i]));
      g_autoptr(IvTestResponse) r = iv_test_service_send (svc, "POST", "/v1/orders", token, h, NULL, b);

      g_assert_cmpuint (r->status, ==, 400);
      g_assert_cmpstr (iv_test_response_error_code (r), ==, "invalid_json");
    }
}

static void
test_admin_auth (void)
{
  g_autoptr(IvTestResponse) none = iv_test_service_send (svc, "GET", "/admin/v1/accounts/x", NULL, NULL, NULL, NULL);
  g_autoptr(IvTestResponse) wrong = iv_test_service_send (svc, "GET", "/admin/v1/accounts/x", token, NULL, NULL, NULL);

  g_assert_cmpuint (none->status, ==, 401);
  g_assert_cmpuint (wrong->status, ==, 401);
}

static void
test_admin_absent (void)
{
  /* Without --admin-token there is no /admin at all */
  g_autofree char *dir = g_dir_make_tmp ("iv-test-noadmin-XXXXXX", NULL);
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  const char *argv[] = { g_getenv ("IV_TEST_SERVICE"), "--listen", "127.0.0.1:0", "--data", data, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) p = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_autoptr(GDataInputStream) in = NULL;
  g_autofree char *line = NULL;
  g_autofree char *url = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;

  g_assert_no_error (error);
  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (p));
  line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (line, "listening on http://127.0.0.1:"));
  url = g_strconcat (line + strlen ("listening on "), "admin/v1/accounts", NULL);
  msg = soup_message_new ("POST", url);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", "Bearer " IV_TEST_ADMIN_TOKEN);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 404);
  g_subprocess_send_signal (p, SIGTERM);
  g_subprocess_wait (p, NULL, NULL);
  g_assert_true (g_subprocess_get_if_exited (p));
  g_assert_cmpint (g_subprocess_get_exit_status (p), ==, 0);
  {
    g_autofree char *db = g_build_filename (data, "vouchers.db", NULL);
    g_autofree char *wal = g_build_filename (data, "vouchers.db-wal", NULL);
    g_autofree char *shm = g_build_filename (data, "vouchers.db-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
    g_unlink (db);
    g_rmdir (data);
    g_rmdir (dir);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  svc = iv_test_service_start (NULL, &error);
  g_assert_no_error (error);
  token = iv_test_new_signed_in (svc, "enterprise", NULL);

  g_test_add_func ("/limits/json-too-large", test_json_too_large);
  g_test_add_func ("/limits/attachment", test_attachment_limits);
  g_test_add_func ("/limits/unknown", test_unknown);
  g_test_add_func ("/limits/bad-json", test_bad_json);
  g_test_add_func ("/limits/admin-auth", test_admin_auth);
  g_test_add_func ("/limits/admin-absent", test_admin_absent);
  ret = g_test_run ();
  g_free (token);
  iv_test_service_free (svc);
  return ret;
}
