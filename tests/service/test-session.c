/* test-session.c: sign-in, throttling, token expiry, refresh, sign-out, rate limits */
#include "config.h"

#include "iv-domain.h"
#include "iv-test-fixtures.h"

static IvTestService *svc;

static char *
session_body (const char *login,
              const char *password)
{
  return g_strdup_printf ("{\"account\": \"%s\", \"password\": \"%s\"}", login, password);
}

static void
test_sign_in (void)
{
  g_autofree char *login = iv_test_create_account (svc, "enterprise", NULL);
  g_autofree char *body = session_body (login, IV_TEST_PASSWORD);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(IvAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *o;

  g_assert_cmpuint (iv_test_service_request (svc, "POST", "/v1/session", NULL, body, &answer), ==, 200);
  o = json_node_get_object (answer);
  g_assert_cmpuint (strlen (json_object_get_string_member (o, "access_token")), >=, 43);
  g_assert_cmpuint (strlen (json_object_get_string_member (o, "refresh_token")), >=, 43);
  g_assert_cmpint (json_object_get_int_member (o, "expires_in"), ==, 900);
  account = iv_account_new_from_json (json_object_get_member (o, "account"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (iv_account_get_credit_code (account), ==, login);
  g_assert_cmpint (iv_account_get_kind (account), ==, IV_ACCOUNT_KIND_ENTERPRISE);
  g_assert_cmpint (iv_account_get_year_cap_fen (account), ==, 30000000);
  g_assert_cmpint (iv_account_get_year_granted_fen (account), ==, 0);
}

static void
test_team_account (void)
{
  g_autofree char *login = NULL;
  g_autofree char *token = iv_test_new_signed_in (svc, "team", &login);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(IvAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (iv_test_service_request (svc, "GET", "/v1/account", token, NULL, &answer), ==, 200);
  account = iv_account_new_from_json (answer, &error);
  g_assert_no_error (error);
  g_assert_cmpint (iv_account_get_kind (account), ==, IV_ACCOUNT_KIND_TEAM);
  g_assert_null (iv_account_get_credit_code (account));
  g_assert_cmpint (iv_account_get_year_cap_fen (account), ==, 10000000);
}

static void
test_wrong_password (void)
{
  g_autofree char *login = iv_test_create_account (svc, "enterprise", NULL);
  g_autofree char *body = session_body (login, "wrong");
  g_autofree char *unknown = session_body ("91310000MA1FL4WR6Y", IV_TEST_PASSWORD);
  g_autoptr(IvTestResponse) r = NULL;
  g_autoptr(IvTestResponse) r2 = NULL;
  g_autoptr(GBytes) b = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) b2 = g_bytes_new (unknown, strlen (unknown));
  g_autoptr(IvErrorBody) eb = NULL;
  g_autoptr(GError) error = NULL;

  r = iv_test_service_send (svc, "POST", "/v1/session", NULL, NULL, NULL, b);
  g_assert_cmpuint (r->status, ==, 401);
  g_assert_cmpstr (iv_test_response_error_code (r), ==, "invalid_credentials");
  eb = iv_error_body_new_from_json (r->json, &error);
  g_assert_no_error (error);
  /* An unknown account answers exactly like a wrong password */
  r2 = iv_test_service_send (svc, "POST", "/v1/session", NULL, NULL, NULL, b2);
  g_assert_cmpuint (r2->status, ==, 401);
  g_assert_cmpstr (iv_test_response_error_code (r2), ==, "invalid_credentials");
}

static void
test_throttling (void)
{
  g_autofree char *login = iv_test_create_account (svc, "enterprise", NULL);
  g_autofree char *other = iv_test_create_account (svc, "enterprise", NULL);
  g_autofree char *bad = session_body (login, "wrong");
  g_autofree char *good = session_body (login, IV_TEST_PASSWORD);
  g_autofree char *other_token = NULL;
  g_autoptr(GBytes) bad_b = g_bytes_new (bad, strlen (bad));
  g_autoptr(GBytes) good_b = g_bytes_new (good, strlen (good));

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(IvTestResponse) r = iv_test_service_send (svc, "POST", "/v1/session", NULL, NULL, NULL, bad_b);
      g_assert_cmpuint (r->status, ==, 401);
    }
  /* The sixth try is refused, even with the right password */
  {
    g_autoptr(IvTestResponse) r = iv_test_service_send (svc, "POST", "/v1/session", NULL, NULL, NULL, good_b);
    const char *retry = soup_message_headers_get_one (r->headers, "Retry-After");

    g_assert_cmpuint (r->status, ==, 429);
    g_assert_cmpstr (iv_test_response_error_code (r), ==, "too_many_attempts");
    g_assert_nonnull (retry);
    g_assert_cmpint (atoi (retry), >, 800);
    g_assert_cmpint (atoi (retry), <=, 900);
  }
  /* Another account is not affected */
  other_token = iv_test_service_sign_in (svc, other, IV_TEST_PASSWORD);
  g_assert_nonnull (other_token);
}

static void
test_missing_fields (void)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(IvTestResponse) r = NULL;
  g_autoptr(GBytes) garbage = g_bytes_new_static ("{not json", 9);

  g_assert_cmpuint (iv_test_service_request (svc, "POST", "/v1/session", NULL, "{\"account\": \"x\"}", &answer), ==, 400);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (answer), "error"), "field"), ==, "password");
  r = iv_test_service_send (svc, "POST", "/v1/session", NULL, NULL, NULL, garbage);
  g_assert_cmpuint (r->status, ==, 400);
  g_assert_cmpstr (iv_test_response_error_code (r), ==, "invalid_json");
}

static void
test_unauthorized (void)
{
  g_autoptr(IvTestResponse) r = iv_test_service_send (svc, "GET", "/v1/claims", NULL, NULL, NULL, NULL);
  g_autoptr(IvTestResponse) r2 = iv_test_service_send (svc, "GET", "/v1/claims", "made-up-token", NULL, NULL, NULL);

  g_assert_cmpuint (r->status, ==, 401);
  g_assert_cmpstr (iv_test_response_error_code (r), ==, "unauthorized");
  g_assert_cmpuint (r2->status, ==, 401);
  g_assert_cmpstr (iv_test_response_error_code (r2), ==, "unauthorized");
}

static void
test_expiry_and_refresh (void)
{
  const char *args[] = { "--access-ttl", "1", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(IvTestService) fast = iv_test_service_start (args, &error);
  g_autofree char *login = NULL;
  g_autofree char *body = NULL;
  g_autofree char *refresh_body = NULL;
  g_autoptr(JsonNode) session = NULL;
  g_autoptr(JsonNode) renewed = NULL;
  const char *access, *refresh, *new_access;

  g_assert_no_error (error);
  login = iv_test_create_account (fast, "enterprise", NULL);
  body = session_body (login, IV_TEST_PASSWORD);
  g_assert_cmpuint (iv_test_service_request (fast, "POST", "/v1/session", NULL, body, &session), ==, 200);
  access = json_object_get_string_member (json_node_get_object (session), "access_token");
  refresh = json_object_get_string_member (json_node_get_object (session), "refresh_token");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (session), "expires_in"), ==, 1);

  g_usleep (2100 * 1000);
  {
    g_autoptr(IvTestResponse) r = iv_test_service_send (fast, "GET", "/v1/account", access, NULL, NULL, NULL);
    g_assert_cmpuint (r->status, ==, 401);
    g_assert_cmpstr (iv_test_response_error_code (r), ==, "token_expired");
  }

  refresh_body = g_strdup_printf ("{\"refresh_token\": \"%s\"}", refresh);
  g_assert_cmpuint (iv_test_service_request (fast, "POST", "/v1/session/refresh", NULL, refresh_body, &renewed), ==, 200);
  new_access = json_object_get_string_member (json_node_get_object (renewed), "access_token");
  g_assert_cmpstr (new_access, !=, access);
  g_assert_cmpuint (iv_test_service_request (fast, "GET", "/v1/account", new_access, NULL, NULL), ==, 200);

  /* A refresh token works once */
  {
    g_autoptr(JsonNode) again = NULL;
    g_assert_cmpuint (iv_test_service_request (fast, "POST", "/v1/session/refresh", NULL, refresh_body, &again), ==, 401);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (again), "error"), "code"),
                     ==, "refresh_token_invalid");
  }
}

static void
test_sign_out (void)
{
  g_autofree char *login = iv_test_create_account (svc, "enterprise", NULL);
  g_autofree char *body = session_body (login, IV_TEST_PASSWORD);
  g_autofree char *refresh_body = NULL;
  g_autoptr(JsonNode) session = NULL;
  const char *access;

  g_assert_cmpuint (iv_test_service_request (svc, "POST", "/v1/session", NULL, body, &session), ==, 200);
  access = json_object_get_string_member (json_node_get_object (session), "access_token");
  refresh_body = g_strdup_printf ("{\"refresh_token\": \"%s\"}",
                                  json_object_get_string_member (json_node_get_object (session), "refresh_token"));
  g_assert_cmpuint (iv_test_service_request (svc, "GET", "/v1/account", access, NULL, NULL), ==, 200);
  g_assert_cmpuint (iv_test_service_request (svc, "DELETE", "/v1/session", access, NULL, NULL), ==, 204);
  /* Both tokens are gone */
  g_assert_cmpuint (iv_test_service_request (svc, "GET", "/v1/account", access, NULL, NULL), ==, 401);
  g_assert_cmpuint (iv_test_service_request (svc, "POST", "/v1/session/refresh", NULL, refresh_body, NULL), ==, 401);
}

static void
test_rate_limit (void)
{
  const char *args[] = { "--rate-limit", "3", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(IvTestService) limited = iv_test_service_start (args, &error);
  g_autofree char *token = NULL;
  guint limited_count = 0;

  g_assert_no_error (error);
  token = iv_test_new_signed_in (limited, "enterprise", NULL);
  for (guint i = 0; i < 12; i++)
    {
      g_autoptr(IvTestResponse) r = iv_test_service_send (limited, "GET", "/v1/account", token, NULL, NULL, NULL);

      if (r->status == 429)
        {
          g_assert_cmpstr (iv_test_response_error_code (r), ==, "rate_limited");
          g_assert_cmpstr (soup_message_headers_get_one (r->headers, "Retry-After"), ==, "1");
          limited_count++;
        }
      else
        g_assert_cmpuint (r->status, ==, 200);
    }
  g_assert_cmpuint (limited_count, >, 0);
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

  g_test_add_func ("/session/sign-in", test_sign_in);
  g_test_add_func ("/session/team-account", test_team_account);
  g_test_add_func ("/session/wrong-password", test_wrong_password);
  g_test_add_func ("/session/throttling", test_throttling);
  g_test_add_func ("/session/missing-fields", test_missing_fields);
  g_test_add_func ("/session/unauthorized", test_unauthorized);
  g_test_add_func ("/session/expiry-and-refresh", test_expiry_and_refresh);
  g_test_add_func ("/session/sign-out", test_sign_out);
  g_test_add_func ("/session/rate-limit", test_rate_limit);
  ret = g_test_run ();
  g_assert_true (iv_test_service_stop (svc));
  iv_test_service_free (svc);
  return ret;
}
