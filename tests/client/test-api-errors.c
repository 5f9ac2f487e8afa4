/* test-api-errors.c: every failure as IV_API_ERROR with its details, from the real service and its faults */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include "iv-api-client.h"
#include "iv-test-service.h"

#define PASSWORD "Pw@2026-test"

static IvTestService *svc;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
await (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

#define CALL(client, name, error, ...)                                              \
  ({                                                                                \
    g_autoptr(GAsyncResult) _r = NULL;                                              \
    iv_api_client_##name##_async (client, __VA_ARGS__, NULL, done_cb, &_r);         \
    iv_api_client_##name##_finish (client, await (&_r), error);                     \
  })

static JsonNode *
json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

static char *
make_account (void)
{
  static guint counter;
  g_autofree char *body = NULL;
  char *login = g_strdup_printf ("team-err-%u-%u", (guint) getpid (), ++counter);

  body = g_strdup_printf ("{\"login\": \"%s\", \"kind\": \"team\", \"name\": \"错误测试团队\", "
                          "\"password\": \"" PASSWORD "\", \"district\": \"徐汇区\", "
                          "\"contact_name\": \"李四\", \"contact_phone\": \"13900139000\"}", login);
  g_assert_cmpuint (iv_test_service_admin (svc, "POST", "/admin/v1/accounts", body, NULL), ==, 201);
  return login;
}

static IvApiClient *
signed_in_client (void)
{
  g_autofree char *login = make_account ();
  IvApiClient *client = iv_api_client_new (iv_test_service_get_url (svc));
  g_autoptr(IvAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = CALL (client, sign_in, &error, login, PASSWORD);
  g_assert_no_error (error);
  return client;
}

static void
arm_fault (const char *spec)
{
  g_assert_cmpuint (iv_test_service_admin (svc, "POST", "/admin/v1/faults", spec, NULL), ==, 201);
}

static void
clear_faults (void)
{
  g_assert_cmpuint (iv_test_service_admin (svc, "DELETE", "/admin/v1/faults", NULL, NULL), ==, 204);
}

static void
assert_user_message (const GError *error,
                     const char   *expected)
{
  g_autofree char *message = iv_api_error_to_user_message (error);

  g_assert_cmpstr (message, ==, expected);
}

static const char *application_body =
  "{\"year\": 2026, \"amount_fen\": 1000000, \"purpose\": \"检测\", "
  "\"planned_categories\": [\"testing\"], "
  "\"contact_name\": \"李四\", \"contact_phone\": \"13900139000\"}";

/* Without a service ------------------------------------------------------- */

static const char * const contract_codes[] = {
  "invalid_credentials", "too_many_attempts", "token_expired", "refresh_token_invalid",
  "missing_idempotency_key", "idempotency_key_reused", "version_conflict", "body_too_large",
  "rate_limited", "maintenance", "amount_exceeds_cap", "invalid_phone", "missing_field",
  "year_closed", "voucher_expired", "voucher_insufficient", "service_unavailable",
  "unsupported_media_type", "order_not_completed", "claim_exists_for_order",
  "invoice_amount_mismatch", "invalid_invoice_number", "missing_document",
  "redeem_deadline_passed", "not_found", "invalid_parameter",
};

static void
test_codes (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  /* Every api.md code has its own value, and maps back to itself */
  for (guint i = 0; i < G_N_ELEMENTS (contract_codes); i++)
    {
      IvApiError code = iv_api_error_from_server_code (contract_codes[i], 400);

      g_assert_cmpint (code, !=, IV_API_ERROR_UNKNOWN);
      g_assert_false (g_hash_table_contains (seen, GINT_TO_POINTER (code)));
      g_hash_table_add (seen, GINT_TO_POINTER (code));
      g_assert_cmpstr (iv_api_error_to_server_code (code), ==, contract_codes[i]);
    }

  /* Unknown codes fall back on the status */
  g_assert_cmpint (iv_api_error_from_server_code ("brand_new", 404), ==, IV_API_ERROR_NOT_FOUND);
  g_assert_cmpint (iv_api_error_from_server_code ("brand_new", 412), ==, IV_API_ERROR_VERSION_CONFLICT);
  g_assert_cmpint (iv_api_error_from_server_code (NULL, 429), ==, IV_API_ERROR_RATE_LIMITED);
  g_assert_cmpint (iv_api_error_from_server_code (NULL, 502), ==, IV_API_ERROR_SERVER);
  g_assert_cmpint (iv_api_error_from_server_code (NULL, 408), ==, IV_API_ERROR_TIMEOUT);
  g_assert_cmpint (iv_api_error_from_server_code ("brand_new", 422), ==, IV_API_ERROR_UNKNOWN);
  g_assert_null (iv_api_error_to_server_code (IV_API_ERROR_NETWORK));
}

static void
test_retryable (void)
{
  static const struct { IvApiError code; guint status; gboolean retryable; } cases[] = {
    { IV_API_ERROR_NETWORK, 0, TRUE },
    { IV_API_ERROR_TIMEOUT, 0, TRUE },
    { IV_API_ERROR_TIMEOUT, 408, TRUE },
    { IV_API_ERROR_PARSE, 200, TRUE },
    { IV_API_ERROR_TOO_LARGE, 200, TRUE },
    { IV_API_ERROR_SERVER, 502, TRUE },
    { IV_API_ERROR_INTERNAL_ERROR, 500, TRUE },
    { IV_API_ERROR_RATE_LIMITED, 429, TRUE },
    { IV_API_ERROR_MAINTENANCE, 503, TRUE },
    { IV_API_ERROR_TLS, 0, FALSE },
    { IV_API_ERROR_SESSION_EXPIRED, 401, FALSE },
    { IV_API_ERROR_INVALID_CREDENTIALS, 401, FALSE },
    { IV_API_ERROR_VERSION_CONFLICT, 412, FALSE },
    { IV_API_ERROR_IDEMPOTENCY_KEY_REUSED, 409, FALSE },
    { IV_API_ERROR_NOT_FOUND, 404, FALSE },
    { IV_API_ERROR_MISSING_DOCUMENT, 422, FALSE },
    { IV_API_ERROR_BODY_TOO_LARGE, 413, FALSE },
    { IV_API_ERROR_UNKNOWN, 418, FALSE },
    { IV_API_ERROR_UNKNOWN, 599, TRUE },
  };
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = iv_api_error_new_full (cases[i].code, cases[i].status,
                                                       NULL, NULL, NULL, -1, "case %u", i);
      g_assert_cmpint (iv_api_error_is_retryable (error), ==, cases[i].retryable);
    }
  g_assert_false (iv_api_error_is_retryable (cancelled));
}

static void
test_details_survive_copy (void)
{
  g_autoptr(GError) error = iv_api_error_new_full (IV_API_ERROR_MISSING_FIELD, 422, "missing_field",
                                                   "缺少必填项", "contact_name", 12, "POST /v1/x");
  g_autoptr(GError) copy = g_error_copy (error);
  g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");
  const IvApiErrorDetails *details = iv_api_error_get_details (copy);

  g_assert_nonnull (details);
  g_assert_cmpuint (details->http_status, ==, 422);
  g_assert_cmpstr (details->server_code, ==, "missing_field");
  g_assert_cmpstr (details->server_message, ==, "缺少必填项");
  g_assert_cmpstr (iv_api_error_get_field (copy), ==, "contact_name");
  g_assert_cmpint (iv_api_error_get_retry_after (copy), ==, 12);
  g_assert_cmpstr (copy->message, ==, "POST /v1/x");

  g_assert_null (iv_api_error_get_details (other));
  g_assert_cmpint (iv_api_error_get_retry_after (other), ==, -1);
  g_assert_cmpuint (iv_api_error_get_http_status (other), ==, 0);
}

static void
test_user_messages (void)
{
  g_autofree char *generic = NULL;
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
  g_autoptr(GError) foreign = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");

  generic = iv_api_error_to_user_message (foreign);
  g_assert_cmpstr (generic, ==, "Something went wrong while talking to the voucher service.");

  /* Every code explains itself; only UNKNOWN falls back on the generic text */
  for (gint code = 0; code < IV_API_ERROR_N_CODES; code++)
    {
      g_autoptr(GError) error = iv_api_error_new_full (code, 400, NULL, NULL, NULL, -1, "x");
      g_autofree char *message = iv_api_error_to_user_message (error);

      g_assert_nonnull (message);
      g_assert_cmpuint (strlen (message), >, 10);
      if (code != IV_API_ERROR_UNKNOWN)
        g_assert_cmpstr (message, !=, generic);
    }

  /* Cancellation is never shown */
  g_assert_null (iv_api_error_to_user_message (cancelled));

  /* The throttling message says how long, from Retry-After */
  {
    g_autoptr(GError) error = iv_api_error_new_full (IV_API_ERROR_TOO_MANY_ATTEMPTS, 429, "too_many_attempts",
                                                     NULL, NULL, 540, "x");
    assert_user_message (error, "Too many failed sign-ins. Please try again in 9 minutes.");
  }
  {
    g_autoptr(GError) error = iv_api_error_new_full (IV_API_ERROR_TOO_MANY_ATTEMPTS, 429, "too_many_attempts",
                                                     NULL, NULL, -1, "x");
    assert_user_message (error, "Too many failed sign-ins. Please try again in 15 minutes.");
  }
  /* An unknown code shows the service's own text */
  {
    g_autoptr(GError) error = iv_api_error_new_full (IV_API_ERROR_UNKNOWN, 422, "brand_new",
                                                     "新的错误说明", NULL, -1, "x");
    assert_user_message (error, "The voucher service reported: 新的错误说明");
  }
}

/* The zh_CN texts of po/parts/client-api.po, compiled here with msgfmt */
static void
test_user_messages_zh (void)
{
  g_autofree char *po = NULL;
  g_autofree char *msgfmt = g_find_program_in_path ("msgfmt");
  g_autofree char *tmp = NULL;
  g_autofree char *mo_dir = NULL;
  g_autofree char *mo = NULL;
  g_autoptr(GError) error = NULL;
  gint status = 0;

  if (g_getenv ("MESON_SOURCE_ROOT") == NULL || msgfmt == NULL)
    {
      g_test_skip ("needs MESON_SOURCE_ROOT and msgfmt");
      return;
    }

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  if (setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
    {
      g_test_skip ("the zh_CN.UTF-8 locale is not generated");
      return;
    }
  g_setenv ("LANGUAGE", "zh_CN", TRUE);

  po = g_build_filename (g_getenv ("MESON_SOURCE_ROOT"), "po", "parts", "client-api.po", NULL);
  tmp = g_dir_make_tmp ("iv-api-zh-XXXXXX", NULL);
  mo_dir = g_build_filename (tmp, "zh_CN", "LC_MESSAGES", NULL);
  g_assert_cmpint (g_mkdir_with_parents (mo_dir, 0700), ==, 0);
  mo = g_build_filename (mo_dir, GETTEXT_PACKAGE ".mo", NULL);
  g_spawn_sync (NULL, (char *[]) { msgfmt, (char *) "--check", (char *) "-o", mo, po, NULL }, NULL,
                G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  bindtextdomain (GETTEXT_PACKAGE, tmp);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  {
    g_autoptr(GError) e = iv_api_error_new_full (IV_API_ERROR_INVALID_CREDENTIALS, 401, NULL, NULL, NULL, -1, "x");
    assert_user_message (e, "账号或密码错误。");
  }
  {
    g_autoptr(GError) e = iv_api_error_new_full (IV_API_ERROR_TOO_MANY_ATTEMPTS, 429, NULL, NULL, NULL, 900, "x");
    assert_user_message (e, "登录失败次数过多，请 15 分钟后再试。");
  }
  {
    g_autoptr(GError) e = iv_api_error_new_full (IV_API_ERROR_TLS, 0, NULL, NULL, NULL, -1, "x");
    assert_user_message (e, "无法验证服务器的证书，为保护您的数据已拒绝连接。");
  }
  {
    g_autoptr(GError) e = iv_api_error_new_full (IV_API_ERROR_UNKNOWN, 422, "brand_new", "新的错误说明", NULL, -1, "x");
    assert_user_message (e, "创新券服务返回：新的错误说明");
  }
  /* Every code has a Chinese text (no English left) */
  for (gint code = 0; code < IV_API_ERROR_N_CODES; code++)
    {
      g_autoptr(GError) e = iv_api_error_new_full (code, 400, NULL, NULL, NULL, -1, "x");
      g_autofree char *message = iv_api_error_to_user_message (e);

      for (const char *p = message; *p != '\0'; p++)
        g_assert_false (g_ascii_isalpha (*p) && g_ascii_islower (*p));
    }

  g_unlink (mo);
}

/* Against the service -------------------------------------------------------- */

static void
test_invalid_credentials_and_throttling (void)
{
  g_autofree char *login = make_account ();
  g_autoptr(IvApiClient) client = iv_api_client_new (iv_test_service_get_url (svc));
  g_autoptr(GError) error = NULL;
  g_autoptr(IvAccount) account = NULL;

  account = CALL (client, sign_in, &error, login, "wrong password");
  g_assert_error (error, IV_API_ERROR, IV_API_ERROR_INVALID_CREDENTIALS);
  g_assert_null (account);
  g_assert_cmpuint (iv_api_error_get_http_status (error), ==, 401);
  g_assert_cmpstr (iv_api_error_get_server_code (error), ==, "invalid_credentials");
  g_assert_nonnull (iv_api_error_get_server_message (error));
  g_assert_false (iv_api_error_is_retryable (error));
  assert_user_message (error, "Wrong account or password.");
  g_assert_false (iv_api_client_get_signed_in (client));
  g_clear_error (&error);

  /* Five failures in 15 minutes lock the account for a while */
  for (guint i = 0; i < 4; i++)
    {
      account = CALL (client, sign_in, &error, login, "still wrong");
      g_assert_error (error, IV_API_ERROR, IV_API_ERROR_INVALID_CREDENTIALS);
      g_clear_error (&error);
    }
  account = CALL (client, sign_in, &error, login, PASSWORD);
  g_assert_error (error, IV_API_ERROR, IV_API_ERROR_TOO_MANY_ATTEMPTS);
  g_assert_cmpuint (iv_api_error_get_http_status (error), ==, 429);
  g_assert_cmpint (iv_api_error_get_retry_after (error), >, 0);
  g_assert_cmpint (iv_api_error_get_retry_after (error), <=, 15 * 60);
  {
    g_autofree char *message = iv_api_error_to_user_message (error);
    g_assert_true (g_str_has_prefix (message, "Too many failed sign-ins. Please try again in "));
  }
}

static void
test_contract_errors (void)
{
  g_autoptr(IvApiClient) client = signed_in_client ();
  g_autoptr(GError) error = NULL;
  g_autoptr(IvApiResponse) response = NULL;
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr(JsonNode) body = json (application_body);

  /* 404: another account's or no such object */
  response = CALL (client, get_claim, &error, "clm-does-not-exist", NULL);
  g_assert_error (error, IV_API_ERROR, IV_API_ERROR_NOT_FOUND);
  g_assert_cmpuint (iv_api_error_get_http_status (error), ==, 404);
  g_assert_false (iv_api_error_is_retryable (error));
  assert_user_message (error, "The item was not found. It may have been removed.");
  g_clear_error (&error);

  /* An id cannot escape its path segment */
  response = CALL (client, get_order, &error, "../claims", NULL);
  g_assert_null (response);
  g_assert_nonnull (error);
  g_assert_true (error->domain == IV_API_ERROR);
  g_assert_cmpuint (iv_api_error_get_http_status (error), >=, 400);
  g_assert_cmpuint (iv_api_error_get_http_status (error), <, 500);
  g_assert_false (iv_api_error_is_retryable (error));
  g_clear_error (&error);

  /* 409: the same key with another body */
  response = CALL (client, create_application, &error, body, key);
  g_assert_no_error (error);
  g_clear_object (&response);
  {
    g_autoptr(JsonNode) other = json ("{\"year\": 2026, \"amount_fen\": 2000000, \"purpose\": \"检测\", "
                                      "\"planned_categories\": [\"testing\"], "
                                      "\"contact_name\": \"李四\", \"contact_phone\": \"13900139000\"}");
    response = CALL (client, create_application, &error, other, key);
  }
  g_assert_error (error, IV_API_ERROR, IV_API_ERROR_IDEMPOTENCY_KEY_REUSED);
  g_assert_cmpuint (iv_api_error_get_http_status (error), ==, 409);
  g_assert_false (iv_api_error_is_retryable (error));
  g_clear_error (&error);

  /* 412: a resubmission based on a stale version */
  {
    g_autoptr(IvApiResponse) listed = CALL (client, list_applications, &error, NULL, 0, NULL);
    IvQuotaApplication *application;
    g_autofree char *path = NULL;

    g_assert_no_error (error);
    application = iv_list_page_get_item (iv_api_response_get_object (listed), 0);
    path = g_strdup_printf ("/admin/v1/applications/%s/decide", iv_quota_application_get_id (application));
    g_assert_cmpuint (iv_test_service_admin (svc, "POST", path, "{\"action\": \"return\", \"note\": \"金额有误\"}", NULL), ==, 200);

    response = CALL (client, update_application, &error, iv_quota_application_get_id (application),
                     iv_quota_application_get_version (application), body);
    g_assert_error (error, IV_API_ERROR, IV_API_ERROR_VERSION_CONFLICT);
    g_assert_cmpuint (iv_api_error_get_http_status (error), ==, 412);
    g_assert_false (iv_api_error_is_retryable (error));
    assert_user_message (error, "This item was changed on the server in the meantime. Please reload it and submit again.");
    g_clear_error (&error);
  }

  /* 413: a JSON body over 1 MiB */
  {
    g_autofree char *purpose = g_strnfill (1100 * 1024, 'x');
    g_autofree char *text = g_strdup_printf ("{\"year\": 2026, \"amount_fen\": 100, \"purpose\": \"%s\", "
                                             "\"planned_categories\": [\"testing\"], \"contact_name\": \"李四\", "
                                             "\"contact_phone\": \"13900139000\"}", purpose);
    g_autoptr(JsonNode) huge = json (text);
    g_autofree char *key2 = g_uuid_string_random ();

    response = CALL (client, create_application, &error, huge, key2);
    g_assert_error (error, IV_API_ERROR, IV_API_ERROR_BODY_TOO_LARGE);
    g_assert_cmpuint (iv_api_error_get_http_status (error), ==, 413);
    g_clear_error (&error);
  }

  /* 415: bytes that are not what the Content-Type says */
  {
    static const char pdf[] = "%PDF-1.4\n%%EOF\n";
    g_autoptr(GBytes) bytes = g_bytes_new_static (pdf, sizeof pdf - 1);
    g_autofree char *key3 = g_uuid_string_random ();

    response = CALL (client, upload_attachment, &error, bytes, "image/png", "照片.png", key3);
    g_assert_error (error, IV_API_ERROR, IV_API_ERROR_UNSUPPORTED_MEDIA_TYPE);
    g_assert_cmpuint (iv_api_error_get_http_status (error), ==, 415);
    assert_user_message (error, "This file type is not accepted. Please use PDF, PNG or JPEG files.");
    g_clear_error (&error);
  }

  /* Validation: the field the server names comes along */
  {
    g_autoptr(JsonNode) bad_phone = json ("{\"year\": 2026, \"amount_fen\": 100000, \"purpose\": \"检测\", "
                                          "\"planned_categories\": [\"testing\"], "
                                          "\"contact_name\": \"李四\", \"contact_phone\": \"12345\"}");
    g_autoptr(JsonNode) over_cap = json ("{\"year\": 2026, \"amount_fen\": 99900000, \"purpose\": \"检测\", "
                                         "\"planned_categories\": [\"testing\"], "
                                         "\"contact_name\": \"李四\", \"contact_phone\": \"13900139000\"}");
    g_autoptr(JsonNode) closed = json ("{\"year\": 2025, \"amount_fen\": 100000, \"purpose\": \"检测\", "
                                       "\"planned_categories\": [\"testing\"], "
                                       "\"contact_name\": \"李四\", \"contact_phone\": \"13900139000\"}");
    g_autofree char *k1 = g_uuid_string_random ();
    g_autofree char *k2 = g_uuid_string_random ();
    g_autofree char *k3 = g_uuid_string_random ();

    response = CALL (client, create_application, &error, bad_phone, k1);
    g_assert_error (error, IV_API_ERROR, IV_API_ERROR_INVALID_PHONE);
    g_assert_cmpstr (iv_api_error_get_field (error), ==, "contact_phone");
    assert_user_message (error, "The phone number is not valid.");
    g_clear_error (&error);

    response = CALL (client, create_application, &error, over_cap, k2);
    g_assert_error (error, IV_API_ERROR, IV_API_ERROR_AMOUNT_EXCEEDS_CAP);
    g_clear_error (&error);

    response = CALL (client, create_application, &error, closed, k3);
    g_assert_error (error, IV_API_ERROR, IV_API_ERROR_YEAR_CLOSED);
    g_clear_error (&error);
  }
}

static void
test_network_and_cancel (void)
{
  g_autoptr(IvApiClient) nowhere = NULL;
  g_autoptr(IvApiClient) client = iv_api_client_new (iv_test_service_get_url (svc));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(IvApiResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  guint16 port;

  /* A port that was free a moment ago: connection refused */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  {
    g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", port);
    nowhere = iv_api_client_new (url);
  }
  response = CALL (nowhere, get_policy, &error, NULL);
  g_assert_error (error, IV_API_ERROR, IV_API_ERROR_NETWORK);
  g_assert_cmpuint (iv_api_error_get_http_status (error), ==, 0);
  g_assert_true (iv_api_error_is_retryable (error));
  assert_user_message (error, "Cannot reach the voucher service. Check your network connection.");
  g_clear_error (&error);

  /* Cancelled: G_IO_ERROR_CANCELLED, never shown */
  iv_api_client_get_policy_async (client, NULL, cancellable, done_cb, &result);
  g_cancellable_cancel (cancellable);
  response = iv_api_client_get_policy_finish (client, await (&result), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (response);
}

static void
test_injected_status (void)
{
  g_autoptr(IvApiClient) client = signed_in_client ();
  g_autoptr(IvApiResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  arm_fault ("{\"kind\": \"status\", \"status\": 500, \"count\": 1}");
  response = CALL (client, list_claims, &error, NULL, 0, NULL);
  g_assert_error (error, IV_API_ERROR, IV_API_ERROR_INTERNAL_ERROR);
  g_assert_cmpuint (iv_api_error_get_http_status (error), ==, 500);
  g_assert_true (iv_api_error_is_retryable (error));
  assert_user_message (error, "The voucher service has a problem. Please try again later.");
  g_clear_error (&error);

  arm_fault ("{\"kind\": \"status\", \"status\": 503, \"retry_after\": 30, \"count\": 1}");
  response = CALL (client, list_claims, &error, NULL, 0, NULL);
  g_assert_error (error, IV_API_ERROR, IV_API_ERROR_MAINTENANCE);
  g_assert_cmpint (iv_api_error_get_retry_after (error), ==, 30);
  g_assert_true (iv_api_error_is_retryable (error));
  assert_user_message (error, "The voucher service is under maintenance. Please try again later.");
  g_clear_error (&error);

  arm_fault ("{\"kind\": \"status\", \"status\": 429, \"retry_after\": 7, \"count\": 1}");
  response = CALL (client, list_claims, &error, NULL, 0, NULL);
  g_assert_error (error, IV_API_ERROR, IV_API_ERROR_RATE_LIMITED);
  g_assert_cmpint (iv_api_error_get_retry_after (error), ==, 7);
  g_assert_true (iv_api_error_is_retryable (error));
  g_clear_error (&error);

  /* The faults are spent: the next call works */
  response = CALL (client, list_claims, &error, NULL, 0, NULL);
  g_assert_no_error (error);
  g_assert_nonnull (response);
}

static void
test_injected_transport (void)
{
  g_autoptr(IvApiClient) client = signed_in_client ();
  g_autoptr(IvApiResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  gint64 started;

  /* A slow answer against a 1 s deadline */
  iv_api_client_set_timeout (client, 1);
  arm_fault ("{\"kind\": \"delay\", \"delay_ms\": 4000, \"count\": 1}");
  started = g_get_monotonic_time ();
  response = CALL (client, get_account, &error, NULL);
  g_assert_error (error, IV_API_ERROR, IV_API_ERROR_TIMEOUT);
  g_assert_true (iv_api_error_is_retryable (error));
  g_assert_cmpint (g_get_monotonic_time () - started, <, 3 * G_USEC_PER_SEC);
  assert_user_message (error, "The voucher service did not answer in time. Please try again.");
  g_clear_error (&error);
  iv_api_client_set_timeout (client, IV_API_DEFAULT_TIMEOUT);
  clear_faults ();

  arm_fault ("{\"kind\": \"drop_before\", \"count\": 1}");
  response = CALL (client, get_account, &error, NULL);
  g_assert_error (error, IV_API_ERROR, IV_API_ERROR_NETWORK);
  g_assert_true (iv_api_error_is_retryable (error));
  g_clear_error (&error);

  arm_fault ("{\"kind\": \"truncate\", \"count\": 1}");
  response = CALL (client, get_account, &error, NULL);
  g_assert_true (g_error_matches (error, IV_API_ERROR, IV_API_ERROR_NETWORK) ||
                 g_error_matches (error, IV_API_ERROR, IV_API_ERROR_PARSE));
  g_assert_true (iv_api_error_is_retryable (error));
  g_clear_error (&error);

  /* A write applied but never answered: resent with the same key, it is
   * answered with the same application, and there is only one */
  {
    g_autoptr(JsonNode) body = json (application_body);
    g_autofree char *key = g_uuid_string_random ();
    g_autoptr(IvApiResponse) listed = NULL;

    arm_fault ("{\"kind\": \"drop_after\", \"count\": 1, \"path_prefix\": \"/v1/applications\"}");
    response = CALL (client, create_application, &error, body, key);
    g_assert_error (error, IV_API_ERROR, IV_API_ERROR_NETWORK);
    g_assert_true (iv_api_error_is_retryable (error));
    g_clear_error (&error);

    response = CALL (client, create_application, &error, body, key);
    g_assert_no_error (error);
    g_assert_cmpuint (iv_api_response_get_status (response), ==, 201);
    listed = CALL (client, list_applications, &error, NULL, 0, NULL);
    g_assert_no_error (error);
    g_assert_cmpuint (iv_list_page_get_n_items (iv_api_response_get_object (listed)), ==, 1);
  }
}

static void
test_injected_bodies (void)
{
  static const struct { const char *corrupt; const char *mentions; } corruptions[] = {
    { "syntax", NULL },
    { "wrong_type", "account." },
    { "huge_string", "account." },
    { "deep_nesting", NULL },
  };
  g_autoptr(IvApiClient) client = signed_in_client ();
  g_autoptr(IvApiResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (corruptions); i++)
    {
      g_autofree char *spec = g_strdup_printf ("{\"kind\": \"corrupt\", \"corrupt\": \"%s\", \"count\": 1}",
                                               corruptions[i].corrupt);
      arm_fault (spec);
      response = CALL (client, get_account, &error, NULL);
      g_test_message ("%s: %s", corruptions[i].corrupt, error ? error->message : "(no error)");
      g_assert_error (error, IV_API_ERROR, IV_API_ERROR_PARSE);
      g_assert_null (response);
      if (corruptions[i].mentions != NULL)
        g_assert_nonnull (strstr (error->message, corruptions[i].mentions));
      assert_user_message (error, "The voucher service sent an answer the app cannot read.");
      g_clear_error (&error);
    }

  arm_fault ("{\"kind\": \"wrong_content_type\", \"count\": 1}");
  response = CALL (client, get_account, &error, NULL);
  g_assert_error (error, IV_API_ERROR, IV_API_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "Content-Type"));
  g_clear_error (&error);

  /* 5 MiB against the default 4 MiB cap */
  arm_fault ("{\"kind\": \"oversize\", \"oversize_bytes\": 5242880, \"count\": 1}");
  response = CALL (client, list_vouchers, &error, NULL, 0, NULL);
  g_assert_error (error, IV_API_ERROR, IV_API_ERROR_TOO_LARGE);
  g_assert_true (iv_api_error_is_retryable (error));
  assert_user_message (error, "The voucher service sent an answer that is too large.");
  g_clear_error (&error);

  /* A configured cap applies to normal answers too */
  iv_api_client_set_max_response_bytes (client, 1024);
  response = CALL (client, list_services, &error, -1, NULL, 100, NULL);
  g_assert_error (error, IV_API_ERROR, IV_API_ERROR_TOO_LARGE);
  g_clear_error (&error);
  iv_api_client_set_max_response_bytes (client, 0);
  g_assert_cmpuint (iv_api_client_get_max_response_bytes (client), ==, IV_API_DEFAULT_MAX_RESPONSE_BYTES);

  /* And afterwards everything is normal again */
  response = CALL (client, list_services, &error, -1, NULL, 100, NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (iv_list_page_get_n_items (iv_api_response_get_object (response)), ==, 100);
}

int
main (int   argc,
      char *argv[])
{
  const char *args[] = { "--seed-services", "200", NULL };
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/api-errors/codes", test_codes);
  g_test_add_func ("/api-errors/retryable", test_retryable);
  g_test_add_func ("/api-errors/details-survive-copy", test_details_survive_copy);
  g_test_add_func ("/api-errors/user-messages", test_user_messages);
  g_test_add_func ("/api-errors/user-messages-zh", test_user_messages_zh);

  if (g_getenv ("IV_TEST_SERVICE") != NULL)
    {
      svc = iv_test_service_start (args, &error);
      g_assert_no_error (error);

      g_test_add_func ("/api-errors/service/credentials-and-throttling", test_invalid_credentials_and_throttling);
      g_test_add_func ("/api-errors/service/contract-errors", test_contract_errors);
      g_test_add_func ("/api-errors/service/network-and-cancel", test_network_and_cancel);
      g_test_add_func ("/api-errors/faults/status", test_injected_status);
      g_test_add_func ("/api-errors/faults/transport", test_injected_transport);
      g_test_add_func ("/api-errors/faults/bodies", test_injected_bodies);
    }

  status = g_test_run ();
  g_clear_pointer (&svc, iv_test_service_free);
  return status;
}
