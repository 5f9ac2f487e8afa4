/* test-isolation.c: enterprise A cannot read, change or learn of enterprise B's objects */
#include "config.h"

#include <string.h>

#include "iv-domain.h"
#include "iv-test-fixtures.h"

static IvTestService *svc;

static void
assert_not_found (IvTestResponse *r)
{
  g_assert_cmpuint (r->status, ==, 404);
  g_assert_cmpstr (iv_test_response_error_code (r), ==, "not_found");
}

static void
test_isolation (void)
{
  g_autofree char *service_id = iv_test_first_service_id (svc);
  g_autofree char *a = iv_test_new_signed_in (svc, "enterprise", NULL);
  g_autofree char *b = iv_test_new_signed_in (svc, "enterprise", NULL);
  g_autofree char *a_voucher = iv_test_grant_voucher (svc, a, 1000000);
  g_autofree char *a_order = iv_test_order (svc, a, a_voucher, service_id, 500000, "completed");
  g_autofree char *a_att = iv_test_upload (svc, a, "application/pdf");
  g_autofree char *b_voucher = iv_test_grant_voucher (svc, b, 1000000);
  g_autofree char *b_order = iv_test_order (svc, b, b_voucher, service_id, 500000, "completed");
  g_autofree char *b_att = iv_test_upload (svc, b, "application/pdf");
  g_autofree char *claim_body = iv_test_claim_body (a_order, 500000, a_att);
  g_autoptr(JsonNode) claim = NULL;
  g_autoptr(JsonNode) apps = NULL;
  const char *claim_id, *app_id;
  const char *lists[] = { "/v1/applications", "/v1/vouchers", "/v1/orders", "/v1/claims", NULL };

  g_assert_cmpuint (iv_test_service_request (svc, "POST", "/v1/claims", a, claim_body, &claim), ==, 201);
  claim_id = json_object_get_string_member (json_node_get_object (claim), "id");
  g_assert_cmpuint (iv_test_service_request (svc, "GET", "/v1/applications", a, NULL, &apps), ==, 200);
  app_id = json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (json_node_get_object (apps), "items"), 0), "id");

  /* B's lists hold only B's objects */
  for (guint i = 0; lists[i] != NULL; i++)
    {
      g_autoptr(JsonNode) list = NULL;
      g_autofree char *text = NULL;

      g_assert_cmpuint (iv_test_service_request (svc, "GET", lists[i], b, NULL, &list), ==, 200);
      text = json_to_string (list, FALSE);
      g_assert_null (strstr (text, a_voucher));
      g_assert_null (strstr (text, a_order));
      g_assert_null (strstr (text, claim_id));
      g_assert_null (strstr (text, app_id));
    }

  /* Reading A's objects by id answers exactly like a missing object */
  {
    const char *suffix[] = { "", "/receipt", NULL };
    for (guint i = 0; suffix[i] != NULL; i++)
      {
        g_autofree char *path = g_strconcat ("/v1/claims/", claim_id, suffix[i], NULL);
        g_autoptr(IvTestResponse) theirs = iv_test_service_send (svc, "GET", path, b, NULL, NULL, NULL);
        g_autofree char *missing_path = g_strconcat ("/v1/claims/clm-000000000000", suffix[i], NULL);
        g_autoptr(IvTestResponse) missing = iv_test_service_send (svc, "GET", missing_path, b, NULL, NULL, NULL);

        assert_not_found (theirs);
        assert_not_found (missing);
        g_assert_true (g_bytes_equal (theirs->body, missing->body));
      }
  }
  {
    g_autofree char *p1 = g_strdup_printf ("/v1/orders/%s", a_order);
    g_autofree char *p2 = g_strdup_printf ("/v1/applications/%s", app_id);
    g_autofree char *p3 = g_strdup_printf ("/v1/vouchers/%s", a_voucher);
    const char *theirs_paths[] = { p1, p2, p3 };
    const char *missing_paths[] = { "/v1/orders/ord-000000000000", "/v1/applications/app-000000000000",
                                    "/v1/vouchers/vch-000000000000" };

    for (guint i = 0; i < G_N_ELEMENTS (theirs_paths); i++)
      {
        g_autoptr(IvTestResponse) theirs = iv_test_service_send (svc, "GET", theirs_paths[i], b, NULL, NULL, NULL);
        g_autoptr(IvTestResponse) missing = iv_test_service_send (svc, "GET", missing_paths[i], b, NULL, NULL, NULL);
        g_autoptr(IvTestResponse) own = iv_test_service_send (svc, "GET", theirs_paths[i], a, NULL, NULL, NULL);

        assert_not_found (theirs);
        assert_not_found (missing);
        g_assert_true (g_bytes_equal (theirs->body, missing->body));
        g_assert_null (soup_message_headers_get_one (theirs->headers, "ETag"));
        g_assert_cmpuint (own->status, ==, 200);
      }
  }

  /* Changing A's objects */
  {
    g_autofree char *cancel = g_strdup_printf ("/v1/orders/%s/cancel", a_order);
    g_autofree char *withdraw = g_strdup_printf ("/v1/applications/%s/withdraw", app_id);
    g_autofree char *put = g_strdup_printf ("/v1/claims/%s", claim_id);
    g_autoptr(GBytes) body = g_bytes_new (claim_body, strlen (claim_body));
    const char *h[] = { "If-Match", "1", NULL };
    g_autoptr(IvTestResponse) r1 = iv_test_service_send (svc, "POST", cancel, b, NULL, NULL, NULL);
    g_autoptr(IvTestResponse) r2 = iv_test_service_send (svc, "POST", withdraw, b, NULL, NULL, NULL);
    g_autoptr(IvTestResponse) r3 = iv_test_service_send (svc, "PUT", put, b, h, NULL, body);
    g_autofree char *put_app = g_strdup_printf ("/v1/applications/%s", app_id);
    g_autofree char *app_text = iv_test_application_body (100000);
    g_autoptr(GBytes) app_body = g_bytes_new (app_text, strlen (app_text));
    g_autoptr(IvTestResponse) r4 = iv_test_service_send (svc, "PUT", put_app, b, h, NULL, app_body);
    /* Without If-Match too: 404 comes before any precondition */
    g_autoptr(IvTestResponse) r5 = iv_test_service_send (svc, "PUT", put_app, b, NULL, NULL, app_body);
    assert_not_found (r1);
    assert_not_found (r2);
    assert_not_found (r3);
    assert_not_found (r4);
    assert_not_found (r5);
  }

  /* Using A's voucher, order or attachments */
  {
    g_autofree char *order_body = g_strdup_printf ("{\"voucher_id\": \"%s\", \"service_id\": \"%s\", \"quoted_amount_fen\": 100}",
                                                   a_voucher, service_id);
    g_autofree char *b_claim_with_a_order = iv_test_claim_body (a_order, 500000, b_att);
    g_autofree char *b_claim_with_a_att = iv_test_claim_body (b_order, 500000, a_att);
    g_autoptr(JsonNode) r1 = NULL;
    g_autoptr(JsonNode) r2 = NULL;
    g_autoptr(JsonNode) r3 = NULL;

    g_assert_cmpuint (iv_test_service_request (svc, "POST", "/v1/orders", b, order_body, &r1), ==, 404);
    g_assert_cmpuint (iv_test_service_request (svc, "POST", "/v1/claims", b, b_claim_with_a_order, &r2), ==, 404);
    g_assert_cmpuint (iv_test_service_request (svc, "POST", "/v1/claims", b, b_claim_with_a_att, &r3), ==, 422);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (r3), "error"), "code"),
                     ==, "missing_document");
  }

  /* A's objects are untouched */
  {
    g_autofree char *p = g_strdup_printf ("/v1/orders/%s", a_order);
    g_autoptr(IvTestResponse) r = iv_test_service_send (svc, "GET", p, a, NULL, NULL, NULL);
    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (iv_test_response_get_string (r, "status"), ==, "completed");
  }

  /* Events are per account */
  {
    g_autoptr(JsonNode) ev = NULL;
    g_autofree char *text = NULL;

    g_assert_cmpuint (iv_test_service_request (svc, "GET", "/v1/events?after=0", b, NULL, &ev), ==, 200);
    text = json_to_string (ev, FALSE);
    g_assert_null (strstr (text, claim_id));
    g_assert_null (strstr (text, a_order));
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
  g_test_add_func ("/isolation/enterprises", test_isolation);
  ret = g_test_run ();
  iv_test_service_free (svc);
  return ret;
}
