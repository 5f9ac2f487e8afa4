/* test-workflow.c: applications, vouchers, orders, attachments, claims, receipts: every rule and error */
#include "config.h"

#include <string.h>

#include "iv-domain.h"
#include "iv-test-fixtures.h"

static IvTestService *svc;
static char *service_id;

static const char *
error_code (JsonNode *node)
{
  return json_object_get_string_member (json_object_get_object_member (json_node_get_object (node), "error"), "code");
}

static const char *
error_field (JsonNode *node)
{
  JsonObject *e = json_object_get_object_member (json_node_get_object (node), "error");
  return json_object_get_null_member (e, "field") ? NULL : json_object_get_string_member (e, "field");
}

/* POSTs and checks the error code (and field, unless NULL) */
static void
assert_error (const char *token,
              const char *method,
              const char *path,
              const char *body,
              guint       status,
              const char *code,
              const char *field)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(IvErrorBody) eb = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (iv_test_service_request (svc, method, path, token, body, &answer), ==, status);
  g_assert_nonnull (answer);
  eb = iv_error_body_new_from_json (answer, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (error_code (answer), ==, code);
  if (field != NULL)
    g_assert_cmpstr (error_field (answer), ==, field);
}

static void
test_application (void)
{
  g_autofree char *token = iv_test_new_signed_in (svc, "enterprise", NULL);
  g_autofree char *body = iv_test_application_body (10000000);
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) got = NULL;
  g_autoptr(JsonNode) withdrawn = NULL;
  g_autoptr(IvQuotaApplication) app = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (iv_test_service_request (svc, "POST", "/v1/applications", token, body, &node), ==, 201);
  app = iv_quota_application_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpint (iv_quota_application_get_status (app), ==, IV_APPLICATION_STATUS_SUBMITTED);
  g_assert_cmpint (iv_quota_application_get_amount_fen (app), ==, 10000000);
  g_assert_true (g_str_has_prefix (iv_quota_application_get_number (app), "SQ2026-"));
  g_assert_cmpuint (g_list_model_get_n_items (iv_quota_application_get_history (app)), ==, 1);

  path = g_strdup_printf ("/v1/applications/%s", iv_quota_application_get_id (app));
  g_assert_cmpuint (iv_test_service_request (svc, "GET", path, token, NULL, &got), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (got), "id"), ==, iv_quota_application_get_id (app));

  g_free (path);
  path = g_strdup_printf ("/v1/applications/%s/withdraw", iv_quota_application_get_id (app));
  g_assert_cmpuint (iv_test_service_request (svc, "POST", path, token, NULL, &withdrawn), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (withdrawn), "status"), ==, "withdrawn");
  /* Withdrawn is final */
  assert_error (token, "POST", path, NULL, 409, "invalid_state", NULL);
}

static void
test_application_errors (void)
{
  g_autofree char *token = iv_test_new_signed_in (svc, "enterprise", NULL);
  g_autofree char *team = iv_test_new_signed_in (svc, "team", NULL);
  g_autofree char *over_team = iv_test_application_body (10000001);
  g_autofree char *over = iv_test_application_body (30000001);
  g_autofree char *voucher = NULL;
  g_autofree char *rest = NULL;

  assert_error (token, "POST", "/v1/applications",
                "{\"year\": 2026, \"amount_fen\": 100, \"planned_categories\": [\"testing\"], "
                "\"contact_name\": \"张三\", \"contact_phone\": \"13800138000\"}", 400, "missing_field", "purpose");
  assert_error (token, "POST", "/v1/applications",
                "{\"year\": 2026, \"amount_fen\": 100, \"purpose\": \"x\", \"planned_categories\": [], "
                "\"contact_name\": \"张三\", \"contact_phone\": \"13800138000\"}", 400, "missing_field", "planned_categories");
  assert_error (token, "POST", "/v1/applications",
                "{\"year\": 2026, \"amount_fen\": \"100\", \"purpose\": \"x\", \"planned_categories\": [\"testing\"], "
                "\"contact_name\": \"张三\", \"contact_phone\": \"13800138000\"}", 400, "invalid_parameter", "amount_fen");
  assert_error (token, "POST", "/v1/applications",
                "{\"year\": 2026, \"amount_fen\": 100, \"purpose\": \"x\", \"planned_categories\": [\"testing\"], "
                "\"contact_name\": \"张三\", \"contact_phone\": \"12345\"}", 422, "invalid_phone", "contact_phone");
  assert_error (token, "POST", "/v1/applications",
                "{\"year\": 2025, \"amount_fen\": 100, \"purpose\": \"x\", \"planned_categories\": [\"testing\"], "
                "\"contact_name\": \"张三\", \"contact_phone\": \"021-64000000\"}", 422, "year_closed", "year");
  assert_error (token, "POST", "/v1/applications", over, 422, "amount_exceeds_cap", "amount_fen");
  assert_error (team, "POST", "/v1/applications", over_team, 422, "amount_exceeds_cap", "amount_fen");

  /* The cap counts what was granted already */
  voucher = iv_test_grant_voucher (svc, token, 20000000);
  rest = iv_test_application_body (10000001);
  assert_error (token, "POST", "/v1/applications", rest, 422, "amount_exceeds_cap", "amount_fen");

  /* Without Idempotency-Key */
  {
    g_autofree char *text = iv_test_application_body (100);
    g_autoptr(GBytes) b = g_bytes_new (text, strlen (text));
    g_autoptr(IvTestResponse) r = iv_test_service_send (svc, "POST", "/v1/applications", token, NULL, NULL, b);

    g_assert_cmpuint (r->status, ==, 400);
    g_assert_cmpstr (iv_test_response_error_code (r), ==, "missing_idempotency_key");
  }
}

static void
test_idempotency (void)
{
  g_autofree char *token = iv_test_new_signed_in (svc, "enterprise", NULL);
  g_autofree char *key = iv_test_idempotency_key ();
  g_autofree char *quoted = g_strdup_printf ("\"%s\"", key);
  g_autofree char *text = iv_test_application_body (500000);
  g_autofree char *other = iv_test_application_body (600000);
  g_autoptr(GBytes) b = g_bytes_new (text, strlen (text));
  g_autoptr(GBytes) b2 = g_bytes_new (other, strlen (other));
  const char *headers[] = { "Idempotency-Key", key, NULL };
  const char *quoted_headers[] = { "Idempotency-Key", quoted, NULL };
  g_autoptr(IvTestResponse) first = iv_test_service_send (svc, "POST", "/v1/applications", token, headers, NULL, b);
  g_autoptr(IvTestResponse) again = iv_test_service_send (svc, "POST", "/v1/applications", token, quoted_headers, NULL, b);
  g_autoptr(IvTestResponse) reused = iv_test_service_send (svc, "POST", "/v1/applications", token, headers, NULL, b2);
  g_autoptr(JsonNode) list = NULL;

  g_assert_cmpuint (first->status, ==, 201);
  g_assert_cmpuint (again->status, ==, 201);
  /* Same status, same object, byte for byte */
  g_assert_true (g_bytes_equal (first->body, again->body));
  g_assert_cmpuint (reused->status, ==, 409);
  g_assert_cmpstr (iv_test_response_error_code (reused), ==, "idempotency_key_reused");

  g_assert_cmpuint (iv_test_service_request (svc, "GET", "/v1/applications", token, NULL, &list), ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (list), "items")), ==, 1);

  /* The same key under another account is another request */
  {
    g_autofree char *token2 = iv_test_new_signed_in (svc, "enterprise", NULL);
    g_autoptr(IvTestResponse) r = iv_test_service_send (svc, "POST", "/v1/applications", token2, headers, NULL, b);

    g_assert_cmpuint (r->status, ==, 201);
    g_assert_cmpstr (iv_test_response_get_string (r, "id"), !=, iv_test_response_get_string (first, "id"));
  }
}

static void
test_returned_application (void)
{
  g_autofree char *token = iv_test_new_signed_in (svc, "enterprise", NULL);
  g_autofree char *body = iv_test_application_body (1000000);
  g_autofree char *put_body = iv_test_application_body (2000000);
  g_autofree char *path = NULL;
  g_autofree char *decide = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) returned = NULL;
  g_autoptr(GBytes) put_bytes = g_bytes_new (put_body, strlen (put_body));
  gint64 version;

  g_assert_cmpuint (iv_test_service_request (svc, "POST", "/v1/applications", token, body, &node), ==, 201);
  path = g_strdup_printf ("/v1/applications/%s", json_object_get_string_member (json_node_get_object (node), "id"));
  decide = g_strdup_printf ("/admin/v1/applications/%s/decide", json_object_get_string_member (json_node_get_object (node), "id"));

  /* Not editable while in review */
  {
    const char *h[] = { "If-Match", "1", NULL };
    g_autoptr(IvTestResponse) r = iv_test_service_send (svc, "PUT", path, token, h, NULL, put_bytes);
    g_assert_cmpuint (r->status, ==, 409);
    g_assert_cmpstr (iv_test_response_error_code (r), ==, "invalid_state");
  }

  g_assert_cmpuint (iv_test_service_admin (svc, "POST", decide, "{\"action\": \"return\", \"note\": \"请补充研发计划\"}", NULL), ==, 200);
  g_assert_cmpuint (iv_test_service_request (svc, "GET", path, token, NULL, &returned), ==, 200);
  version = json_object_get_int_member (json_node_get_object (returned), "version");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (returned), "status"), ==, "returned");
  {
    /* The reviewer's note is in the history */
    g_autoptr(GError) error = NULL;
    g_autoptr(IvQuotaApplication) app = iv_quota_application_new_from_json (returned, &error);
    GListModel *history = iv_quota_application_get_history (app);
    g_autoptr(IvHistoryStep) last = g_list_model_get_item (history, g_list_model_get_n_items (history) - 1);

    g_assert_no_error (error);
    g_assert_cmpstr (iv_history_step_get_note (last), ==, "请补充研发计划");
  }

  /* Missing If-Match: 428; stale: 412; current: 200 and resubmitted */
  {
    g_autoptr(IvTestResponse) r = iv_test_service_send (svc, "PUT", path, token, NULL, NULL, put_bytes);
    g_assert_cmpuint (r->status, ==, 428);
    g_assert_cmpstr (iv_test_response_error_code (r), ==, "precondition_required");
  }
  {
    g_autofree char *stale = g_strdup_printf ("%" G_GINT64_FORMAT, version - 1);
    const char *h[] = { "If-Match", stale, NULL };
    g_autoptr(IvTestResponse) r = iv_test_service_send (svc, "PUT", path, token, h, NULL, put_bytes);
    g_assert_cmpuint (r->status, ==, 412);
    g_assert_cmpstr (iv_test_response_error_code (r), ==, "version_conflict");
  }
  {
    g_autofree char *current = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", version);
    const char *h[] = { "If-Match", current, NULL };
    g_autoptr(IvTestResponse) r = iv_test_service_send (svc, "PUT", path, token, h, NULL, put_bytes);
    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (iv_test_response_get_string (r, "status"), ==, "submitted");
    g_assert_cmpint (iv_test_response_get_int (r, "amount_fen"), ==, 2000000);
    g_assert_cmpint (iv_test_response_get_int (r, "version"), >, version);
  }
}

static void
test_voucher_and_account (void)
{
  g_autofree char *token = iv_test_new_signed_in (svc, "enterprise", NULL);
  g_autofree char *voucher_id = iv_test_grant_voucher (svc, token, 30000000);
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) account_node = NULL;
  g_autoptr(IvListPage) page = NULL;
  g_autoptr(IvAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  IvVoucher *v;

  g_assert_cmpuint (iv_test_service_request (svc, "GET", "/v1/vouchers", token, NULL, &list), ==, 200);
  page = iv_list_page_new_from_json (list, IV_JSON_DECODE_FUNC (iv_voucher_new_from_json_at), IV_LIST_PAGE_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (iv_list_page_get_n_items (page), ==, 1);
  v = iv_list_page_get_item (page, 0);
  g_assert_cmpstr (iv_voucher_get_id (v), ==, voucher_id);
  g_assert_cmpint (iv_voucher_get_face_value_fen (v), ==, 30000000);
  g_assert_cmpint (iv_voucher_get_balance_fen (v), ==, 30000000);
  g_assert_cmpint (iv_voucher_get_status (v), ==, IV_VOUCHER_STATUS_ACTIVE);
  g_assert_true (g_regex_match_simple ("^SH2026-[0-9]{6}$", iv_voucher_get_code (v), 0, 0));

  g_assert_cmpuint (iv_test_service_request (svc, "GET", "/v1/account", token, NULL, &account_node), ==, 200);
  account = iv_account_new_from_json (account_node, &error);
  g_assert_no_error (error);
  g_assert_cmpint (iv_account_get_year_granted_fen (account), ==, 30000000);
}

static void
test_orders (void)
{
  g_autofree char *token = iv_test_new_signed_in (svc, "enterprise", NULL);
  g_autofree char *voucher_id = iv_test_grant_voucher (svc, token, 1000000);
  g_autofree char *order_id = iv_test_order (svc, token, voucher_id, service_id, 800000, "confirmed");
  g_autofree char *path = g_strdup_printf ("/v1/orders/%s", order_id);
  g_autofree char *cancel = g_strdup_printf ("/v1/orders/%s/cancel", order_id);
  g_autofree char *too_much = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) vouchers = NULL;
  g_autoptr(IvOrder) order = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *v;

  g_assert_cmpuint (iv_test_service_request (svc, "GET", path, token, NULL, &node), ==, 200);
  order = iv_order_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpint (iv_order_get_status (order), ==, IV_ORDER_STATUS_CONFIRMED);
  g_assert_cmpint (iv_order_get_reserved_fen (order), ==, 800000);

  /* 800,000 of 1,000,000 reserved: 300,000 more does not fit */
  too_much = g_strdup_printf ("{\"voucher_id\": \"%s\", \"service_id\": \"%s\", \"quoted_amount_fen\": 300000}",
                              voucher_id, service_id);
  assert_error (token, "POST", "/v1/orders", too_much, 422, "voucher_insufficient", NULL);

  g_assert_cmpuint (iv_test_service_request (svc, "GET", "/v1/vouchers", token, NULL, &vouchers), ==, 200);
  v = json_array_get_object_element (json_object_get_array_member (json_node_get_object (vouchers), "items"), 0);
  g_assert_cmpint (json_object_get_int_member (v, "reserved_fen"), ==, 800000);

  /* Cancelling frees the reservation */
  g_assert_cmpuint (iv_test_service_request (svc, "POST", cancel, token, NULL, NULL), ==, 200);
  g_clear_pointer (&vouchers, json_node_unref);
  g_assert_cmpuint (iv_test_service_request (svc, "GET", "/v1/vouchers", token, NULL, &vouchers), ==, 200);
  v = json_array_get_object_element (json_object_get_array_member (json_node_get_object (vouchers), "items"), 0);
  g_assert_cmpint (json_object_get_int_member (v, "reserved_fen"), ==, 0);
  assert_error (token, "POST", cancel, NULL, 409, "invalid_state", NULL);
  g_assert_cmpuint (iv_test_service_request (svc, "POST", "/v1/orders", token, too_much, NULL), ==, 201);
}

static void
test_order_errors (void)
{
  g_autofree char *token = iv_test_new_signed_in (svc, "enterprise", NULL);
  g_autofree char *voucher_id = iv_test_grant_voucher (svc, token, 1000000);
  g_autofree char *body = NULL;
  g_autofree char *inst_path = NULL;
  g_autoptr(JsonNode) svc_node = NULL;
  g_autoptr(JsonNode) made = NULL;

  body = g_strdup_printf ("{\"voucher_id\": \"%s\", \"service_id\": \"svc-nope\", \"quoted_amount_fen\": 100}", voucher_id);
  assert_error (token, "POST", "/v1/orders", body, 422, "service_unavailable", "service_id");
  g_free (body);
  body = g_strdup_printf ("{\"voucher_id\": \"vch-nope\", \"service_id\": \"%s\", \"quoted_amount_fen\": 100}", service_id);
  assert_error (token, "POST", "/v1/orders", body, 404, "not_found", "voucher_id");
  g_free (body);
  body = g_strdup_printf ("{\"voucher_id\": \"%s\", \"service_id\": \"%s\"}", voucher_id, service_id);
  assert_error (token, "POST", "/v1/orders", body, 400, "missing_field", "quoted_amount_fen");

  /* An institution that does not take vouchers */
  g_assert_cmpuint (iv_test_service_admin (svc, "POST", "/admin/v1/catalog/institutions",
                                           "{\"name\": \"上海不收券检测所\", \"credit_code\": \"91310000MA1FL4WR6Y\", "
                                           "\"district\": \"徐汇区\", \"accepts_vouchers\": false}", &made), ==, 201);
  inst_path = g_strdup_printf ("{\"institution_id\": \"%s\", \"category\": \"testing\", \"title\": \"元素分析\", \"price_fen\": 1000}",
                               json_object_get_string_member (json_node_get_object (made), "id"));
  g_assert_cmpuint (iv_test_service_admin (svc, "POST", "/admin/v1/catalog/services", inst_path, &svc_node), ==, 201);
  g_free (body);
  body = g_strdup_printf ("{\"voucher_id\": \"%s\", \"service_id\": \"%s\", \"quoted_amount_fen\": 100}", voucher_id,
                          json_object_get_string_member (json_node_get_object (svc_node), "id"));
  assert_error (token, "POST", "/v1/orders", body, 422, "service_unavailable", "service_id");
}

static void
test_attachments (void)
{
  g_autofree char *token = iv_test_new_signed_in (svc, "enterprise", NULL);
  static const char pdf[] = "%PDF-1.7\nhello";
  g_autoptr(GBytes) bytes = g_bytes_new_static (pdf, sizeof pdf - 1);
  g_autofree char *key = iv_test_idempotency_key ();
  const char *headers[] = { "Idempotency-Key", key, "X-Filename", "%E5%90%88%E5%90%8C%20%E7%AC%AC1%E9%A1%B5.pdf", NULL };
  g_autoptr(IvTestResponse) r = iv_test_service_send (svc, "POST", "/v1/attachments", token, headers, "application/pdf", bytes);
  g_autoptr(IvAttachment) att = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);

  g_assert_cmpuint (r->status, ==, 201);
  att = iv_attachment_new_from_json (r->json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (iv_attachment_get_filename (att), ==, "合同 第1页.pdf");
  g_assert_cmpint (iv_attachment_get_size (att), ==, sizeof pdf - 1);
  g_assert_cmpstr (iv_attachment_get_sha256 (att), ==, sha);

  /* PNG bytes declared as PDF; text as PNG; an unknown type */
  {
    static const char png[] = "\x89PNG\r\n\x1a\nxxxx";
    const char *cases[][2] = { { png, "application/pdf" }, { "hello world", "image/png" },
                               { "hello world", "image/jpeg" }, { pdf, "text/plain" } };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *k = iv_test_idempotency_key ();
        const char *h[] = { "Idempotency-Key", k, "X-Filename", "a.pdf", NULL };
        g_autoptr(GBytes) b = g_bytes_new (cases[i][0], strlen (cases[i][0]));
        g_autoptr(IvTestResponse) bad = iv_test_service_send (svc, "POST", "/v1/attachments", token, h, cases[i][1], b);

        g_assert_cmpuint (bad->status, ==, 415);
        g_assert_cmpstr (iv_test_response_error_code (bad), ==, "unsupported_media_type");
      }
  }
  /* png and jpeg are fine */
  g_free (iv_test_upload (svc, token, "image/png"));
  g_free (iv_test_upload (svc, token, "image/jpeg"));
}

/* A fresh account with a completed order of contract_fen, and an attachment */
static char *
completed_order (char  **out_token,
                 char  **out_att,
                 gint64  voucher_fen,
                 gint64  quoted_fen)
{
  g_autofree char *token = iv_test_new_signed_in (svc, "enterprise", NULL);
  g_autofree char *voucher_id = iv_test_grant_voucher (svc, token, voucher_fen);
  char *order_id = iv_test_order (svc, token, voucher_id, service_id, quoted_fen, "completed");

  *out_att = iv_test_upload (svc, token, "application/pdf");
  *out_token = g_steal_pointer (&token);
  return order_id;
}

static void
test_claim (void)
{
  g_autofree char *token = NULL;
  g_autofree char *att = NULL;
  g_autofree char *order_id = completed_order (&token, &att, 30000000, 20000000);
  g_autofree char *body = iv_test_claim_body (order_id, 100000000, att);
  g_autofree char *path = NULL;
  g_autofree char *receipt_path = NULL;
  g_autofree char *verify = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) receipt_node = NULL;
  g_autoptr(JsonNode) verified = NULL;
  g_autoptr(IvClaim) claim = NULL;
  g_autoptr(IvReceipt) receipt = NULL;
  g_autoptr(GError) error = NULL;

  /* ¥1,000,000 contract: 50,000×80% + 950,000×50% = 515,000; capped at the reservation 200,000 */
  g_assert_cmpuint (iv_test_service_request (svc, "POST", "/v1/claims", token, body, &node), ==, 201);
  claim = iv_claim_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpint (iv_claim_get_status (claim), ==, IV_CLAIM_STATUS_SUBMITTED);
  g_assert_cmpint (iv_claim_get_requested_subsidy_fen (claim), ==, 20000000);
  g_assert_cmpint (iv_claim_get_approved_subsidy_fen (claim), ==, -1);
  g_assert_cmpstr (iv_claim_get_documents_contract (claim)[0], ==, att);

  assert_error (token, "POST", "/v1/claims", body, 409, "claim_exists_for_order", "order_id");

  receipt_path = g_strdup_printf ("/v1/claims/%s/receipt", iv_claim_get_id (claim));
  g_assert_cmpuint (iv_test_service_request (svc, "GET", receipt_path, token, NULL, &receipt_node), ==, 200);
  receipt = iv_receipt_new_from_json (receipt_node, &error);
  g_assert_no_error (error);
  g_assert_true (g_regex_match_simple ("^HZ2026-[0-9]{8}$", iv_receipt_get_number (receipt), 0, 0));
  g_assert_true (g_regex_match_simple ("^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}$", iv_receipt_get_verification_code (receipt), 0, 0));
  g_assert_cmpstr (iv_receipt_get_claim_number (receipt), ==, iv_claim_get_number (claim));
  g_assert_cmpint (iv_receipt_get_requested_subsidy_fen (receipt), ==, 20000000);
  g_assert_true (g_str_has_prefix (iv_receipt_get_verify_url (receipt), iv_test_service_get_url (svc)));

  verify = g_strdup_printf ("/v1/receipts/verify?code=%s", iv_receipt_get_verification_code (receipt));
  g_assert_cmpuint (iv_test_service_request (svc, "GET", verify, NULL, NULL, &verified), ==, 200);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (verified), "genuine"));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (verified), "claim_number"), ==, iv_claim_get_number (claim));
  g_clear_pointer (&verified, json_node_unref);
  g_assert_cmpuint (iv_test_service_request (svc, "GET", "/v1/receipts/verify?code=AAAAAAAA", NULL, NULL, &verified), ==, 200);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (verified), "genuine"));

  /* Through review to payment: the voucher pays the approved amount */
  path = g_strdup_printf ("/admin/v1/claims/%s/move", iv_claim_get_id (claim));
  g_assert_cmpuint (iv_test_service_admin (svc, "POST", path, "{\"action\": \"approve\", \"amount_fen\": 15000000}", NULL), ==, 200);
  g_assert_cmpuint (iv_test_service_admin (svc, "POST", path, "{\"action\": \"pay\"}", NULL), ==, 200);
  {
    g_autoptr(JsonNode) vouchers = NULL;
    g_autoptr(JsonNode) paid = NULL;
    g_autofree char *claim_path = g_strdup_printf ("/v1/claims/%s", iv_claim_get_id (claim));
    JsonObject *v;

    g_assert_cmpuint (iv_test_service_request (svc, "GET", "/v1/vouchers", token, NULL, &vouchers), ==, 200);
    v = json_array_get_object_element (json_object_get_array_member (json_node_get_object (vouchers), "items"), 0);
    g_assert_cmpint (json_object_get_int_member (v, "balance_fen"), ==, 15000000);
    g_assert_cmpint (json_object_get_int_member (v, "reserved_fen"), ==, 0);
    g_assert_cmpuint (iv_test_service_request (svc, "GET", claim_path, token, NULL, &paid), ==, 200);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (paid), "status"), ==, "paid");
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (paid), "approved_subsidy_fen"), ==, 15000000);
  }
}

static void
test_claim_errors (void)
{
  g_autofree char *token = NULL;
  g_autofree char *att = NULL;
  g_autofree char *order_id = completed_order (&token, &att, 1000000, 1000000);
  g_autofree char *voucher_id = iv_test_grant_voucher (svc, token, 1000000);
  g_autofree char *placed = iv_test_order (svc, token, voucher_id, service_id, 1000, NULL);
  g_autofree char *body = NULL;
  g_autofree char *mismatch = NULL;
  g_autofree char *bad_invoice = NULL;
  g_autofree char *no_report = NULL;

  body = iv_test_claim_body (placed, 1000, att);
  assert_error (token, "POST", "/v1/claims", body, 409, "order_not_completed", "order_id");

  body = (g_free (body), iv_test_claim_body (order_id, 500000, att));
  mismatch = g_strdup (body);
  {
    /* invoice amount ≠ contract amount */
    char *p = strstr (mismatch, "\"amount_fen\": 500000");
    g_assert_nonnull (p);
    memcpy (p, "\"amount_fen\": 400000", strlen ("\"amount_fen\": 400000"));
  }
  assert_error (token, "POST", "/v1/claims", mismatch, 422, "invoice_amount_mismatch", "invoice.amount_fen");

  bad_invoice = g_strdup (body);
  memcpy (strstr (bad_invoice, "\"12345678\""), "\"1234567X\"", 10);
  assert_error (token, "POST", "/v1/claims", bad_invoice, 422, "invalid_invoice_number", "invoice.number");

  {
    g_autoptr(GString) s = g_string_new (body);
    g_autofree char *needle = g_strdup_printf ("\"service_report\": [\"%s\"]", att);
    g_string_replace (s, needle, "\"service_report\": []", 1);
    no_report = g_string_free (g_steal_pointer (&s), FALSE);
  }
  assert_error (token, "POST", "/v1/claims", no_report, 422, "missing_document", "documents.service_report");
  {
    g_autoptr(GString) s = g_string_new (body);
    g_autofree char *needle = g_strdup_printf ("\"contract\": [\"%s\"]", att);
    g_autofree char *text = NULL;
    g_string_replace (s, needle, "\"contract\": [\"att-000000000000\"]", 1);
    text = g_string_free (g_steal_pointer (&s), FALSE);
    assert_error (token, "POST", "/v1/claims", text, 422, "missing_document", "documents.contract");
  }
  assert_error (token, "POST", "/v1/claims", "{\"order_id\": \"x\"}", 400, "missing_field", "contract_no");

  /* Finally the valid one works */
  g_assert_cmpuint (iv_test_service_request (svc, "POST", "/v1/claims", token, body, NULL), ==, 201);
}

static void
test_returned_claim (void)
{
  g_autofree char *token = NULL;
  g_autofree char *att = NULL;
  g_autofree char *order_id = completed_order (&token, &att, 1000000, 1000000);
  g_autofree char *body = iv_test_claim_body (order_id, 1000000, att);
  g_autofree char *fixed = iv_test_claim_body (order_id, 900000, att);
  g_autofree char *path = NULL;
  g_autofree char *move = NULL;
  g_autofree char *etag = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GBytes) fixed_b = g_bytes_new (fixed, strlen (fixed));
  gint64 version;

  g_assert_cmpuint (iv_test_service_request (svc, "POST", "/v1/claims", token, body, &node), ==, 201);
  path = g_strdup_printf ("/v1/claims/%s", json_object_get_string_member (json_node_get_object (node), "id"));
  move = g_strdup_printf ("/admin/v1/claims/%s/move", json_object_get_string_member (json_node_get_object (node), "id"));
  g_assert_cmpuint (iv_test_service_admin (svc, "POST", move, "{\"action\": \"return\", \"note\": \"发票金额有误\"}", NULL), ==, 200);

  /* ETag and 304 on a claim */
  {
    g_autoptr(IvTestResponse) r = iv_test_service_send (svc, "GET", path, token, NULL, NULL, NULL);
    const char *h[3] = { "If-None-Match", NULL, NULL };
    g_autoptr(IvTestResponse) r304 = NULL;

    g_assert_cmpuint (r->status, ==, 200);
    etag = g_strdup (soup_message_headers_get_one (r->headers, "ETag"));
    g_assert_nonnull (etag);
    h[1] = etag;
    r304 = iv_test_service_send (svc, "GET", path, token, h, NULL, NULL);
    g_assert_cmpuint (r304->status, ==, 304);
    version = iv_test_response_get_int (r, "version");
    g_assert_cmpstr (iv_test_response_get_string (r, "status"), ==, "returned");
  }
  {
    g_autofree char *stale = g_strdup_printf ("%" G_GINT64_FORMAT, version - 1);
    const char *h[] = { "If-Match", stale, NULL };
    g_autoptr(IvTestResponse) r = iv_test_service_send (svc, "PUT", path, token, h, NULL, fixed_b);
    g_assert_cmpuint (r->status, ==, 412);
    g_assert_cmpstr (iv_test_response_error_code (r), ==, "version_conflict");
  }
  {
    g_autofree char *current = g_strdup_printf ("%" G_GINT64_FORMAT, version);
    const char *h[] = { "If-Match", current, NULL };
    const char *h2[] = { "If-None-Match", etag, NULL };
    g_autoptr(IvTestResponse) r = iv_test_service_send (svc, "PUT", path, token, h, NULL, fixed_b);
    g_autoptr(IvTestResponse) changed = NULL;

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (iv_test_response_get_string (r, "status"), ==, "submitted");
    g_assert_cmpint (iv_test_response_get_int (r, "contract_amount_fen"), ==, 900000);
    /* The old ETag no longer matches */
    changed = iv_test_service_send (svc, "GET", path, token, h2, NULL, NULL);
    g_assert_cmpuint (changed->status, ==, 200);
  }
}

static void
test_deadlines (void)
{
  g_autofree char *token = NULL;
  g_autofree char *att = NULL;
  g_autofree char *order_id = completed_order (&token, &att, 1000000, 500000);
  g_autofree char *body = iv_test_claim_body (order_id, 500000, att);
  g_autofree char *order_body = NULL;
  g_autofree char *voucher_id = NULL;
  g_autoptr(JsonNode) vouchers = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (iv_test_service_request (svc, "GET", "/v1/vouchers", token, NULL, &vouchers), ==, 200);
  voucher_id = g_strdup (json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (json_node_get_object (vouchers), "items"), 0), "id"));
  order_body = g_strdup_printf ("{\"voucher_id\": \"%s\", \"service_id\": \"%s\", \"quoted_amount_fen\": 100}",
                                voucher_id, service_id);

  /* 460 days later: past use-by (365) and redeem-by (455) */
  iv_test_service_setenv (svc, "VS_CLOCK_OFFSET_DAYS", "460");
  g_assert_true (iv_test_service_restart (svc, &error));
  g_assert_no_error (error);
  iv_test_service_setenv (svc, "VS_CLOCK_OFFSET_DAYS", NULL);

  assert_error (token, "POST", "/v1/orders", order_body, 422, "voucher_expired", "voucher_id");
  assert_error (token, "POST", "/v1/claims", body, 422, "redeem_deadline_passed", "order_id");
  {
    g_autoptr(JsonNode) again = NULL;
    JsonObject *v;

    g_assert_cmpuint (iv_test_service_request (svc, "GET", "/v1/vouchers", token, NULL, &again), ==, 200);
    v = json_array_get_object_element (json_object_get_array_member (json_node_get_object (again), "items"), 0);
    g_assert_cmpstr (json_object_get_string_member (v, "status"), ==, "expired");
  }
  g_assert_true (iv_test_service_restart (svc, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  const char *args[] = { "--seed-services", "200", NULL };
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  svc = iv_test_service_start (args, &error);
  g_assert_no_error (error);
  service_id = iv_test_first_service_id (svc);

  g_test_add_func ("/workflow/application", test_application);
  g_test_add_func ("/workflow/application-errors", test_application_errors);
  g_test_add_func ("/workflow/idempotency", test_idempotency);
  g_test_add_func ("/workflow/returned-application", test_returned_application);
  g_test_add_func ("/workflow/voucher-and-account", test_voucher_and_account);
  g_test_add_func ("/workflow/orders", test_orders);
  g_test_add_func ("/workflow/order-errors", test_order_errors);
  g_test_add_func ("/workflow/attachments", test_attachments);
  g_test_add_func ("/workflow/claim", test_claim);
  g_test_add_func ("/workflow/claim-errors", test_claim_errors);
  g_test_add_func ("/workflow/returned-claim", test_returned_claim);
  g_test_add_func ("/workflow/deadlines", test_deadlines);
  ret = g_test_run ();
  g_free (service_id);
  iv_test_service_free (svc);
  return ret;
}
