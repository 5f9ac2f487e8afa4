/* iv-test-fixtures.c: ready-made accounts, vouchers, orders and attachments on a test service */
#include "config.h"

#include <string.h>

#include "iv-test-fixtures.h"
#include "iv-validate.h"

char *
iv_test_new_credit_code (void)
{
  static const char charset[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  char code[19] = "91310000";

  for (guint i = 8; i < 17; i++)
    code[i] = charset[g_random_int_range (0, 31)];
  code[17] = iv_credit_code_check_char (code);
  code[18] = '\0';
  return g_strdup (code);
}

char *
iv_test_create_account (IvTestService *svc,
                        const char    *kind,
                        const char    *login)
{
  g_autofree char *made = NULL;
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  guint status;

  if (login == NULL)
    {
      if (g_str_equal (kind, "team"))
        login = made = g_strdup_printf ("team-t%08x", g_random_int ());
      else
        login = made = iv_test_new_credit_code ();
    }
  body = g_strdup_printf ("{\"login\": \"%s\", \"kind\": \"%s\", \"name\": \"测试%s\", "
                          "\"district\": \"浦东新区\", \"contact_name\": \"张三\", "
                          "\"contact_phone\": \"13800138000\", \"password\": \"%s\"}",
                          login, kind, login, IV_TEST_PASSWORD);
  status = iv_test_service_admin (svc, "POST", "/admin/v1/accounts", body, &answer);
  g_assert_cmpuint (status, ==, 201);
  return g_strdup (login);
}

char *
iv_test_new_signed_in (IvTestService *svc,
                       const char    *kind,
                       char         **out_login)
{
  g_autofree char *login = iv_test_create_account (svc, kind, NULL);
  char *token = iv_test_service_sign_in (svc, login, IV_TEST_PASSWORD);

  g_assert_nonnull (token);
  if (out_login != NULL)
    *out_login = g_steal_pointer (&login);
  return token;
}

char *
iv_test_application_body (gint64 amount_fen)
{
  return g_strdup_printf ("{\"year\": 2026, \"amount_fen\": %" G_GINT64_FORMAT ", "
                          "\"purpose\": \"新材料研发检测\", \"planned_categories\": [\"testing\"], "
                          "\"contact_name\": \"张三\", \"contact_phone\": \"13800138000\"}", amount_fen);
}

char *
iv_test_grant_voucher (IvTestService *svc,
                       const char    *token,
                       gint64         amount_fen)
{
  g_autofree char *body = iv_test_application_body (amount_fen);
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) app = NULL;
  g_autoptr(JsonNode) decided = NULL;
  const char *voucher_id;

  g_assert_cmpuint (iv_test_service_request (svc, "POST", "/v1/applications", token, body, &app), ==, 201);
  path = g_strdup_printf ("/admin/v1/applications/%s/decide",
                          json_object_get_string_member (json_node_get_object (app), "id"));
  g_assert_cmpuint (iv_test_service_admin (svc, "POST", path, "{\"action\": \"approve\"}", &decided), ==, 200);
  voucher_id = json_object_get_string_member_with_default (json_node_get_object (decided), "voucher_id", NULL);
  g_assert_nonnull (voucher_id);
  return g_strdup (voucher_id);
}

char *
iv_test_first_service_id (IvTestService *svc)
{
  g_autoptr(JsonNode) page = NULL;
  JsonArray *items;

  g_assert_cmpuint (iv_test_service_request (svc, "GET", "/v1/catalog/services?limit=1", NULL, NULL, &page), ==, 200);
  items = json_object_get_array_member (json_node_get_object (page), "items");
  g_assert_cmpuint (json_array_get_length (items), >, 0);
  return g_strdup (json_object_get_string_member (json_array_get_object_element (items, 0), "id"));
}

char *
iv_test_order (IvTestService *svc,
               const char    *token,
               const char    *voucher_id,
               const char    *service_id,
               gint64         quoted_fen,
               const char    *to_status)
{
  g_autofree char *body = g_strdup_printf ("{\"voucher_id\": \"%s\", \"service_id\": \"%s\", "
                                           "\"quoted_amount_fen\": %" G_GINT64_FORMAT ", \"note\": \"测试订单\"}",
                                           voucher_id, service_id, quoted_fen);
  g_autoptr(JsonNode) order = NULL;
  g_autofree char *id = NULL;

  g_assert_cmpuint (iv_test_service_request (svc, "POST", "/v1/orders", token, body, &order), ==, 201);
  id = g_strdup (json_object_get_string_member (json_node_get_object (order), "id"));
  if (to_status != NULL)
    {
      static const struct { const char *status, *action; } actions[] = {
        { "accepted", "accept" }, { "confirmed", "confirm" }, { "completed", "complete" },
        { "declined", "decline" },
      };
      g_autofree char *path = g_strdup_printf ("/admin/v1/orders/%s/act", id);
      g_autofree char *act = NULL;

      for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
        if (g_str_equal (actions[i].status, to_status))
          act = g_strdup_printf ("{\"action\": \"%s\"}", actions[i].action);
      g_assert_nonnull (act);
      g_assert_cmpuint (iv_test_service_admin (svc, "POST", path, act, NULL), ==, 200);
    }
  return g_steal_pointer (&id);
}

char *
iv_test_upload (IvTestService *svc,
                const char    *token,
                const char    *content_type)
{
  static const char pdf[] = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
  static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
  static const char jpg[] = "\xff\xd8\xff\xe0\0\x10JFIF";
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *key = iv_test_idempotency_key ();
  const char *headers[] = { "Idempotency-Key", key, "X-Filename", "%E5%90%88%E5%90%8C.pdf", NULL };
  g_autoptr(IvTestResponse) r = NULL;

  if (g_str_equal (content_type, "image/png"))
    bytes = g_bytes_new (png, sizeof png - 1);
  else if (g_str_equal (content_type, "image/jpeg"))
    bytes = g_bytes_new (jpg, sizeof jpg - 1);
  else
    bytes = g_bytes_new (pdf, sizeof pdf - 1);
  r = iv_test_service_send (svc, "POST", "/v1/attachments", token, headers, content_type, bytes);
  g_assert_cmpuint (r->status, ==, 201);
  return g_strdup (iv_test_response_get_string (r, "id"));
}

char *
iv_test_claim_body (const char *order_id,
                    gint64      contract_fen,
                    const char *att_id)
{
  return g_strdup_printf (
    "{\"order_id\": \"%s\", \"contract_no\": \"HT-2026-001\", \"contract_amount_fen\": %" G_GINT64_FORMAT ", "
    "\"invoice\": {\"code\": \"3100231130\", \"number\": \"12345678\", \"date\": \"2026-11-20\", "
    "\"amount_fen\": %" G_GINT64_FORMAT ", \"seller_name\": \"上海测试检测中心\"}, "
    "\"paid_on\": \"2026-11-21\", \"documents\": {\"contract\": [\"%s\"], \"invoice\": [\"%s\"], "
    "\"payment_proof\": [\"%s\"], \"service_report\": [\"%s\"]}}",
    order_id, contract_fen, contract_fen, att_id, att_id, att_id, att_id);
}
