/* test-restart.c: everything survives a restart (and a kill -9); SIGTERM exits cleanly */
#include "config.h"

#include <string.h>

#include "iv-domain.h"
#include "iv-test-fixtures.h"

static void
test_restart_keeps_everything (void)
{
  const char *args[] = { "--seed-services", "100", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(IvTestService) svc = iv_test_service_start (args, &error);
  g_autofree char *login = NULL;
  g_autofree char *token = NULL;
  g_autofree char *service_id = NULL;
  g_autofree char *voucher = NULL;
  g_autofree char *order = NULL;
  g_autofree char *att = NULL;
  g_autofree char *claim_body = NULL;
  g_autofree char *key = NULL;
  g_autoptr(JsonNode) claim = NULL;
  g_autoptr(JsonNode) catalog_before = NULL;
  g_autoptr(JsonNode) catalog_after = NULL;
  g_autoptr(JsonNode) claims = NULL;
  g_autoptr(JsonNode) events = NULL;
  g_autofree char *claim_text = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(IvTestResponse) first = NULL;
  g_autoptr(IvTestResponse) replay = NULL;
  const char *headers[3] = { "Idempotency-Key", NULL, NULL };

  g_assert_no_error (error);
  service_id = iv_test_first_service_id (svc);
  token = iv_test_new_signed_in (svc, "enterprise", &login);
  voucher = iv_test_grant_voucher (svc, token, 1000000);
  order = iv_test_order (svc, token, voucher, service_id, 400000, "completed");
  att = iv_test_upload (svc, token, "image/png");
  claim_body = iv_test_claim_body (order, 400000, att);
  body = g_bytes_new (claim_body, strlen (claim_body));
  key = iv_test_idempotency_key ();
  headers[1] = key;
  first = iv_test_service_send (svc, "POST", "/v1/claims", token, headers, NULL, body);
  g_assert_cmpuint (first->status, ==, 201);
  g_assert_cmpuint (iv_test_service_request (svc, "GET", "/v1/catalog/services?limit=500", NULL, NULL, &catalog_before), ==, 200);

  g_assert_true (iv_test_service_stop (svc));   /* SIGTERM: exit status 0 */
  g_assert_true (iv_test_service_restart (svc, &error));
  g_assert_no_error (error);

  /* The old token still works: sessions are stored */
  g_assert_cmpuint (iv_test_service_request (svc, "GET", "/v1/claims", token, NULL, &claims), ==, 200);
  claim_text = json_to_string (claims, FALSE);
  g_assert_nonnull (strstr (claim_text, iv_test_response_get_string (first, "id")));
  g_free (token);
  token = iv_test_service_sign_in (svc, login, IV_TEST_PASSWORD);
  g_assert_nonnull (token);

  /* The idempotency record survived: the replay is the same claim */
  replay = iv_test_service_send (svc, "POST", "/v1/claims", token, headers, NULL, body);
  g_assert_cmpuint (replay->status, ==, 201);
  g_assert_true (g_bytes_equal (first->body, replay->body));

  g_assert_cmpuint (iv_test_service_request (svc, "GET", "/v1/catalog/services?limit=500", NULL, NULL, &catalog_after), ==, 200);
  g_assert_true (json_node_equal (catalog_before, catalog_after));
  g_assert_cmpuint (iv_test_service_request (svc, "GET", "/v1/events?after=0", token, NULL, &events), ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (events), "last_seq"), >=, 8);

  /* kill -9 loses nothing that was answered */
  {
    g_autofree char *app = iv_test_application_body (1000);
    g_autoptr(JsonNode) made = NULL;
    g_autofree char *path = NULL;

    g_assert_cmpuint (iv_test_service_request (svc, "POST", "/v1/applications", token, app, &made), ==, 201);
    path = g_strdup_printf ("/v1/applications/%s", json_object_get_string_member (json_node_get_object (made), "id"));
    iv_test_service_kill (svc);
    g_assert_true (iv_test_service_restart (svc, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (iv_test_service_request (svc, "GET", path, token, NULL, NULL), ==, 200);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/restart/keeps-everything", test_restart_keeps_everything);
  return g_test_run ();
}
