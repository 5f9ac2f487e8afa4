/* test-admin.c: the admin API moves objects as reviewers and institutions would, over real HTTP
 *
 * Every test starts the real service (tests/common) and checks what the
 * enterprise then sees through /v1: statuses, history notes, events,
 * voucher amounts.  Also: catalog changes, faults armed through the API,
 * "sent exactly once" counts, and the demo data set and its timer.
 */

#include "config.h"

#include <string.h>

#include "iv-test-service.h"
#include "iv-validate.h"

typedef struct {
  IvTestService *svc;
  char          *token;        /* the test enterprise, signed in */
  char          *login;
  gint           year;
} Fixture;

/* ---- helpers ------------------------------------------------------------ */

static JsonObject *
obj (JsonNode *node)
{
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

static const char *
str (JsonNode   *node,
     const char *member)
{
  return json_object_get_string_member_with_default (obj (node), member, NULL);
}

static gint64
num (JsonNode   *node,
     const char *member)
{
  return json_object_get_int_member_with_default (obj (node), member, G_MININT64);
}

/* A valid credit code, different for each n */
static char *
make_credit_code (guint n)
{
  char code[19];

  g_snprintf (code, sizeof code, "91310104MA1%06u", n % 1000000);
  code[17] = iv_credit_code_check_char (code);
  code[18] = '\0';
  return g_strdup (code);
}

static guint
admin (Fixture    *f,
       const char *method,
       const char *path,
       const char *json,
       JsonNode  **out)
{
  return iv_test_service_admin (f->svc, method, path, json, out);
}

static guint
user (Fixture    *f,
      const char *method,
      const char *path,
      const char *json,
      JsonNode  **out)
{
  return iv_test_service_request (f->svc, method, path, f->token, json, out);
}

static char *
create_account (Fixture    *f,
                const char *login)
{
  g_autofree char *json = g_strdup_printf ("{\"login\": \"%s\", \"kind\": \"enterprise\", "
                                           "\"name\": \"上海测试材料科技有限公司\", \"district\": \"徐汇区\", "
                                           "\"contact_name\": \"王强\", \"contact_phone\": \"13800138000\", "
                                           "\"password\": \"Secret#2026\"}", login);
  g_autoptr(JsonNode) account = NULL;

  g_assert_cmpuint (admin (f, "POST", "/admin/v1/accounts", json, &account), ==, 201);
  g_assert_cmpstr (str (account, "credit_code"), ==, login);
  g_assert_cmpstr (str (account, "kind"), ==, "enterprise");
  return g_strdup (str (account, "id"));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) policy = NULL;
  g_autofree char *account_id = NULL;

  f->svc = iv_test_service_start (NULL, &error);
  g_assert_no_error (error);
  f->login = make_credit_code (g_test_rand_int_range (1, 999999));
  account_id = create_account (f, f->login);
  f->token = iv_test_service_sign_in (f->svc, f->login, "Secret#2026");
  g_assert_nonnull (f->token);
  g_assert_cmpuint (iv_test_service_request (f->svc, "GET", "/v1/policy", NULL, NULL, &policy), ==, 200);
  f->year = (gint) num (policy, "year");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->svc, iv_test_service_free);
  g_clear_pointer (&f->token, g_free);
  g_clear_pointer (&f->login, g_free);
}

static char *
create_application (Fixture *f,
                    gint64   amount_fen)
{
  g_autofree char *json = g_strdup_printf ("{\"year\": %d, \"amount_fen\": %" G_GINT64_FORMAT ", "
                                           "\"purpose\": \"委托检测新材料样品\", \"planned_categories\": [\"testing\"], "
                                           "\"contact_name\": \"王强\", \"contact_phone\": \"13800138000\"}",
                                           f->year, amount_fen);
  g_autoptr(JsonNode) app = NULL;

  g_assert_cmpuint (user (f, "POST", "/v1/applications", json, &app), ==, 201);
  g_assert_cmpstr (str (app, "status"), ==, "submitted");
  return g_strdup (str (app, "id"));
}

/* The last history step of an object as its owner sees it */
static JsonObject *
last_step (JsonNode *node)
{
  JsonArray *history = json_object_get_array_member (obj (node), "history");

  g_assert_nonnull (history);
  g_assert_cmpuint (json_array_get_length (history), >, 0);
  return json_array_get_object_element (history, json_array_get_length (history) - 1);
}

/* Whether the enterprise's event feed has (type, id, status) */
static gboolean
has_event (Fixture    *f,
           const char *type,
           const char *id,
           const char *status)
{
  g_autoptr(JsonNode) events = NULL;
  JsonArray *items;

  g_assert_cmpuint (user (f, "GET", "/v1/events?after=0&wait=0", NULL, &events), ==, 200);
  items = json_object_get_array_member (obj (events), "events");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *e = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member (e, "type"), type) == 0 &&
          g_strcmp0 (json_object_get_string_member (e, "id"), id) == 0 &&
          g_strcmp0 (json_object_get_string_member (e, "status"), status) == 0)
        return TRUE;
    }
  return FALSE;
}

static guint
decide (Fixture    *f,
        const char *kind_path,
        const char *id,
        const char *verb,
        const char *json,
        JsonNode  **out)
{
  g_autofree char *path = g_strdup_printf ("/admin/v1/%s/%s/%s", kind_path, id, verb);

  return admin (f, "POST", path, json, out);
}

/* An approved voucher of amount_fen; returns its id */
static char *
approved_voucher (Fixture *f,
                  gint64   amount_fen)
{
  g_autofree char *app = create_application (f, amount_fen);
  g_autoptr(JsonNode) moved = NULL;

  g_assert_cmpuint (decide (f, "applications", app, "decide", "{\"action\": \"approve\"}", &moved), ==, 200);
  g_assert_cmpstr (str (moved, "status"), ==, "approved");
  g_assert_nonnull (str (moved, "voucher_id"));
  return g_strdup (str (moved, "voucher_id"));
}

static char *
add_institution (Fixture *f)
{
  g_autofree char *code = make_credit_code (424242);
  g_autofree char *json = g_strdup_printf ("{\"name\": \"上海徐汇材料分析测试中心\", \"credit_code\": \"%s\", "
                                           "\"district\": \"徐汇区\", \"address\": \"上海市徐汇区宜山路100号\", "
                                           "\"phone\": \"021-64881234\", \"accreditations\": [\"CMA\", \"CNAS\"], "
                                           "\"accepts_vouchers\": true}", code);
  g_autoptr(JsonNode) inst = NULL;

  g_assert_cmpuint (admin (f, "POST", "/admin/v1/catalog/institutions", json, &inst), ==, 201);
  g_assert_cmpstr (str (inst, "name"), ==, "上海徐汇材料分析测试中心");
  return g_strdup (str (inst, "id"));
}

static char *
add_service (Fixture    *f,
             const char *institution_id,
             const char *title)
{
  g_autofree char *json = g_strdup_printf ("{\"institution_id\": \"%s\", \"category\": \"testing\", "
                                           "\"title\": \"%s\", \"description\": \"依据国家标准开展检测\", "
                                           "\"price_fen\": 80000, \"unit\": \"样品\"}", institution_id, title);
  g_autoptr(JsonNode) svc = NULL;

  g_assert_cmpuint (admin (f, "POST", "/admin/v1/catalog/services", json, &svc), ==, 201);
  g_assert_cmpstr (str (svc, "title"), ==, title);
  return g_strdup (str (svc, "id"));
}

static char *
create_order (Fixture    *f,
              const char *voucher_id,
              const char *service_id,
              gint64      quoted_fen)
{
  g_autofree char *json = g_strdup_printf ("{\"voucher_id\": \"%s\", \"service_id\": \"%s\", "
                                           "\"quoted_amount_fen\": %" G_GINT64_FORMAT ", \"note\": \"样品 10 件\"}",
                                           voucher_id, service_id, quoted_fen);
  g_autoptr(JsonNode) order = NULL;

  g_assert_cmpuint (user (f, "POST", "/v1/orders", json, &order), ==, 201);
  g_assert_cmpstr (str (order, "status"), ==, "placed");
  return g_strdup (str (order, "id"));
}

static JsonNode *
get_voucher (Fixture    *f,
             const char *voucher_id)
{
  g_autoptr(JsonNode) list = NULL;
  JsonArray *items;

  g_assert_cmpuint (user (f, "GET", "/v1/vouchers", NULL, &list), ==, 200);
  items = json_object_get_array_member (obj (list), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (items, i), "id"), voucher_id) == 0)
      return json_node_copy (json_array_get_element (items, i));
  g_assert_not_reached ();
}

static char *
upload_pdf (Fixture *f)
{
  static const char pdf[] = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
  g_autoptr(GBytes) body = g_bytes_new_static (pdf, sizeof pdf - 1);
  g_autofree char *key = iv_test_idempotency_key ();
  const char *headers[] = { "Idempotency-Key", key, "X-Filename", "%E5%90%88%E5%90%8C.pdf", NULL };
  g_autoptr(IvTestResponse) r = iv_test_service_send (f->svc, "POST", "/v1/attachments", f->token,
                                                      headers, "application/pdf", body);

  g_assert_cmpuint (r->status, ==, 201);
  return g_strdup (iv_test_response_get_string (r, "id"));
}

/* A completed order with a submitted claim; returns the claim id */
static char *
submitted_claim (Fixture  *f,
                 char    **out_voucher_id)
{
  g_autofree char *voucher = approved_voucher (f, 20000000);
  g_autofree char *inst = add_institution (f);
  g_autofree char *service = add_service (f, inst, "材料成分分析");
  g_autofree char *order = create_order (f, voucher, service, 6000000);
  g_autofree char *a1 = upload_pdf (f), *a2 = upload_pdf (f), *a3 = upload_pdf (f), *a4 = upload_pdf (f);
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) claim = NULL;

  g_assert_cmpuint (decide (f, "orders", order, "act", "{\"action\": \"complete\"}", NULL), ==, 200);
  json = g_strdup_printf ("{\"order_id\": \"%s\", \"contract_no\": \"HT-2026-001\", \"contract_amount_fen\": 6000000, "
                          "\"invoice\": {\"code\": null, \"number\": \"26312000000012345678\", \"date\": \"%d-03-01\", "
                          "\"amount_fen\": 6000000, \"seller_name\": \"上海徐汇材料分析测试中心\"}, \"paid_on\": \"%d-03-05\", "
                          "\"documents\": {\"contract\": [\"%s\"], \"invoice\": [\"%s\"], \"payment_proof\": [\"%s\"], "
                          "\"service_report\": [\"%s\"]}}", order, f->year, f->year, a1, a2, a3, a4);
  g_assert_cmpuint (user (f, "POST", "/v1/claims", json, &claim), ==, 201);
  g_assert_cmpstr (str (claim, "status"), ==, "submitted");
  if (out_voucher_id != NULL)
    *out_voucher_id = g_steal_pointer (&voucher);
  return g_strdup (str (claim, "id"));
}

/* ---- tests -------------------------------------------------------------- */

static void
test_auth (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(IvTestResponse) none = iv_test_service_send (f->svc, "GET", "/admin/v1/faults", NULL, NULL, NULL, NULL);
  g_autoptr(IvTestResponse) user_token = iv_test_service_send (f->svc, "GET", "/admin/v1/faults", f->token,
                                                               NULL, NULL, NULL);
  g_autoptr(JsonNode) node = NULL;

  /* Neither no token nor a user's token opens the admin API */
  g_assert_cmpuint (none->status, ==, 401);
  g_assert_cmpuint (user_token->status, ==, 401);
  g_assert_cmpuint (admin (f, "GET", "/admin/v1/nothing-here", NULL, &node), ==, 404);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (obj (node), "error"), "code"),
                   ==, "not_found");
}

static void
test_accounts (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *login = make_credit_code (777001);
  g_autofree char *id = create_account (f, login);
  g_autofree char *token = iv_test_service_sign_in (f->svc, login, "Secret#2026");
  g_autofree char *json = g_strdup_printf ("{\"login\": \"%s\", \"kind\": \"enterprise\", \"name\": \"重复\", "
                                           "\"password\": \"x\"}", login);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) account = NULL;

  /* The new account can sign in and sees itself */
  g_assert_nonnull (token);
  g_assert_cmpuint (iv_test_service_request (f->svc, "GET", "/v1/account", token, NULL, &account), ==, 200);
  g_assert_cmpstr (str (account, "id"), ==, id);
  g_assert_cmpint (num (account, "year_granted_fen"), ==, 0);

  g_assert_cmpuint (admin (f, "POST", "/admin/v1/accounts", json, &node), ==, 409);
  g_clear_pointer (&node, json_node_unref);
  g_assert_cmpuint (admin (f, "POST", "/admin/v1/accounts",
                           "{\"login\": \"team-admin-test\", \"kind\": \"club\", \"name\": \"x\", \"password\": \"x\"}",
                           &node), ==, 400);
  g_clear_pointer (&node, json_node_unref);
  g_assert_cmpuint (admin (f, "POST", "/admin/v1/accounts", "{\"kind\": \"team\"}", &node), ==, 400);
  g_clear_pointer (&node, json_node_unref);
  g_assert_cmpuint (admin (f, "POST", "/admin/v1/accounts", "not json", &node), ==, 400);
  g_clear_pointer (&node, json_node_unref);
  g_assert_cmpuint (admin (f, "GET", "/admin/v1/accounts/91310000MA1FL4WR6Y", NULL, &node), ==, 404);
}

static void
test_applications (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *app = create_application (f, 10000000);
  g_autofree char *path = g_strdup_printf ("/v1/applications/%s", app);
  g_autoptr(JsonNode) moved = NULL;
  g_autoptr(JsonNode) seen = NULL;
  g_autoptr(JsonNode) account = NULL;
  g_autoptr(JsonNode) vouchers = NULL;
  JsonObject *step;
  JsonObject *voucher;

  /* advance: the district takes it up */
  g_assert_cmpuint (decide (f, "applications", app, "decide", "{\"action\": \"advance\"}", &moved), ==, 200);
  g_assert_cmpstr (str (moved, "status"), ==, "district_review");
  g_assert_cmpstr (json_object_get_string_member (last_step (moved), "actor"), ==, "district");
  g_assert_true (has_event (f, "application.status", app, "district_review"));

  /* return with a note: the applicant sees the status and the note */
  g_assert_cmpuint (decide (f, "applications", app, "decide",
                            "{\"action\": \"return\", \"note\": \"请补充研发项目说明\"}", NULL), ==, 200);
  g_assert_cmpuint (user (f, "GET", path, NULL, &seen), ==, 200);
  g_assert_cmpstr (str (seen, "status"), ==, "returned");
  step = last_step (seen);
  g_assert_cmpstr (json_object_get_string_member (step, "status"), ==, "returned");
  g_assert_cmpstr (json_object_get_string_member (step, "note"), ==, "请补充研发项目说明");
  g_assert_true (has_event (f, "application.status", app, "returned"));

  /* Returned or rejected without a reason is refused; so is a move the
   * rules do not allow (approve a returned application) */
  g_clear_pointer (&moved, json_node_unref);
  g_assert_cmpuint (decide (f, "applications", app, "decide", "{\"action\": \"reject\"}", &moved), ==, 400);
  g_clear_pointer (&moved, json_node_unref);
  g_assert_cmpuint (decide (f, "applications", app, "decide", "{\"action\": \"approve\"}", &moved), ==, 409);
  g_clear_pointer (&moved, json_node_unref);
  g_assert_cmpuint (decide (f, "applications", app, "decide", "{\"action\": \"dance\"}", &moved), ==, 400);
  g_clear_pointer (&moved, json_node_unref);
  g_assert_cmpuint (decide (f, "applications", "app-missing", "decide", "{\"action\": \"advance\"}", &moved), ==, 404);

  /* A new application approved in one go walks district → city → approved
   * and issues a voucher of its amount */
  {
    g_autofree char *app2 = create_application (f, 8000000);
    g_autofree char *path2 = g_strdup_printf ("/v1/applications/%s", app2);
    g_autoptr(JsonNode) approved = NULL;
    JsonArray *history;

    g_clear_pointer (&moved, json_node_unref);
    g_assert_cmpuint (decide (f, "applications", app2, "decide",
                              "{\"action\": \"approve\", \"note\": \"同意\"}", &moved), ==, 200);
    g_assert_cmpuint (user (f, "GET", path2, NULL, &approved), ==, 200);
    g_assert_cmpstr (str (approved, "status"), ==, "approved");
    history = json_object_get_array_member (obj (approved), "history");
    g_assert_cmpuint (json_array_get_length (history), ==, 4);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history, 1), "status"), ==, "district_review");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history, 2), "status"), ==, "city_review");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history, 3), "actor"), ==, "city");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history, 3), "note"), ==, "同意");
    g_assert_true (has_event (f, "application.status", app2, "approved"));

    g_assert_cmpuint (user (f, "GET", "/v1/vouchers", NULL, &vouchers), ==, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (vouchers), "items")), ==, 1);
    voucher = json_array_get_object_element (json_object_get_array_member (obj (vouchers), "items"), 0);
    g_assert_cmpstr (json_object_get_string_member (voucher, "id"), ==, str (moved, "voucher_id"));
    g_assert_cmpint (json_object_get_int_member (voucher, "face_value_fen"), ==, 8000000);
    g_assert_cmpint (json_object_get_int_member (voucher, "balance_fen"), ==, 8000000);
    g_assert_cmpuint (user (f, "GET", "/v1/account", NULL, &account), ==, 200);
    g_assert_cmpint (num (account, "year_granted_fen"), ==, 8000000);
  }
}

static void
test_orders (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *voucher = approved_voucher (f, 10000000);
  g_autofree char *inst = add_institution (f);
  g_autofree char *service = add_service (f, inst, "电磁兼容测试");
  g_autofree char *order = create_order (f, voucher, service, 3000000);
  g_autofree char *declined = create_order (f, voucher, service, 1000000);
  g_autofree char *path = g_strdup_printf ("/v1/orders/%s", order);
  g_autoptr(JsonNode) moved = NULL;
  g_autoptr(JsonNode) seen = NULL;
  g_autoptr(JsonNode) v = NULL;

  g_assert_cmpuint (decide (f, "orders", order, "act", "{\"action\": \"accept\"}", &moved), ==, 200);
  g_assert_cmpstr (str (moved, "status"), ==, "accepted");
  g_assert_cmpstr (json_object_get_string_member (last_step (moved), "actor"), ==, "institution");
  g_assert_true (has_event (f, "order.status", order, "accepted"));

  /* Confirmation reserves the quote on the voucher */
  g_clear_pointer (&moved, json_node_unref);
  g_assert_cmpuint (decide (f, "orders", order, "act", "{\"action\": \"confirm\"}", &moved), ==, 200);
  v = get_voucher (f, voucher);
  g_assert_cmpint (num (v, "reserved_fen"), ==, 3000000);
  g_assert_cmpint (num (v, "balance_fen"), ==, 10000000);

  g_clear_pointer (&moved, json_node_unref);
  g_assert_cmpuint (decide (f, "orders", order, "act",
                            "{\"action\": \"complete\", \"note\": \"报告已出具\"}", &moved), ==, 200);
  g_assert_cmpuint (user (f, "GET", path, NULL, &seen), ==, 200);
  g_assert_cmpstr (str (seen, "status"), ==, "completed");
  g_assert_cmpstr (json_object_get_string_member (last_step (seen), "note"), ==, "报告已出具");
  g_assert_true (has_event (f, "order.status", order, "completed"));

  /* A completed order cannot be declined; a placed one can */
  g_clear_pointer (&moved, json_node_unref);
  g_assert_cmpuint (decide (f, "orders", order, "act", "{\"action\": \"decline\"}", &moved), ==, 409);
  g_clear_pointer (&moved, json_node_unref);
  g_assert_cmpuint (decide (f, "orders", declined, "act",
                            "{\"action\": \"decline\", \"note\": \"设备检修，暂不接单\"}", &moved), ==, 200);
  g_assert_cmpstr (str (moved, "status"), ==, "declined");
  g_assert_true (has_event (f, "order.status", declined, "declined"));
}

static void
test_claims (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *voucher = NULL;
  g_autofree char *claim = submitted_claim (f, &voucher);
  g_autofree char *path = g_strdup_printf ("/v1/claims/%s", claim);
  g_autoptr(JsonNode) moved = NULL;
  g_autoptr(JsonNode) seen = NULL;
  g_autoptr(JsonNode) v = NULL;
  gint64 requested;

  g_assert_cmpuint (decide (f, "claims", claim, "move", "{\"action\": \"advance\"}", &moved), ==, 200);
  g_assert_cmpstr (str (moved, "status"), ==, "district_review");
  requested = num (moved, "requested_subsidy_fen");
  /* ¥60,000 contract: 50,000 × 80% + 10,000 × 50% */
  g_assert_cmpint (requested, ==, 4500000);

  /* Returned with a note the enterprise can read */
  g_clear_pointer (&moved, json_node_unref);
  g_assert_cmpuint (decide (f, "claims", claim, "move",
                            "{\"action\": \"return\", \"note\": \"发票复印件不清晰，请重新上传\"}", &moved), ==, 200);
  g_assert_cmpuint (user (f, "GET", path, NULL, &seen), ==, 200);
  g_assert_cmpstr (str (seen, "status"), ==, "returned");
  g_assert_cmpstr (json_object_get_string_member (last_step (seen), "note"), ==, "发票复印件不清晰，请重新上传");
  g_assert_true (has_event (f, "claim.status", claim, "returned"));

  /* 公示 cannot come before review: returned claims must be resubmitted */
  g_clear_pointer (&moved, json_node_unref);
  g_assert_cmpuint (decide (f, "claims", claim, "move", "{\"action\": \"publicize\"}", &moved), ==, 409);

  /* A second claim goes all the way: approve with a smaller amount walks
   * through city review and 公示, then pay takes it from the voucher */
  {
    g_autoptr(JsonNode) account = NULL;
    g_autofree char *claim2 = NULL;
    g_autofree char *voucher2 = NULL;
    g_autofree char *path2 = NULL;
    g_autoptr(JsonNode) paid = NULL;
    JsonArray *history;

    /* A second enterprise, so the first one's voucher stays as it is */
    g_free (f->login);
    g_free (f->token);
    f->login = make_credit_code (888002);
    g_free (create_account (f, f->login));
    f->token = iv_test_service_sign_in (f->svc, f->login, "Secret#2026");
    claim2 = submitted_claim (f, &voucher2);
    path2 = g_strdup_printf ("/v1/claims/%s", claim2);

    g_clear_pointer (&moved, json_node_unref);
    g_assert_cmpuint (decide (f, "claims", claim2, "move",
                              "{\"action\": \"approve\", \"amount_fen\": 4000000, \"note\": \"按核定金额兑付\"}",
                              &moved), ==, 200);
    g_assert_cmpstr (str (moved, "status"), ==, "approved");
    g_assert_cmpint (num (moved, "approved_subsidy_fen"), ==, 4000000);
    history = json_object_get_array_member (obj (moved), "history");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history, 3), "status"), ==, "publicized");
    g_assert_true (has_event (f, "claim.status", claim2, "publicized"));

    /* More than requested is refused */
    g_clear_pointer (&moved, json_node_unref);
    g_assert_cmpuint (decide (f, "claims", claim2, "move", "{\"action\": \"pay\", \"amount_fen\": -1}", &moved), ==, 400);

    g_clear_pointer (&moved, json_node_unref);
    g_assert_cmpuint (decide (f, "claims", claim2, "move", "{\"action\": \"pay\"}", &moved), ==, 200);
    g_assert_cmpuint (user (f, "GET", path2, NULL, &paid), ==, 200);
    g_assert_cmpstr (str (paid, "status"), ==, "paid");
    g_assert_true (has_event (f, "claim.status", claim2, "paid"));
    v = get_voucher (f, voucher2);
    g_assert_cmpint (num (v, "balance_fen"), ==, 20000000 - 4000000);
    g_assert_cmpint (num (v, "reserved_fen"), ==, 0);
    g_assert_cmpuint (user (f, "GET", "/v1/account", NULL, &account), ==, 200);
  }
}

static void
test_catalog (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) changes = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *inst = NULL;
  g_autofree char *service = NULL;
  g_autofree char *since = NULL;
  g_autofree char *put_path = NULL;
  JsonArray *items;
  gboolean saw_tombstone = FALSE, saw_institution = FALSE;

  g_assert_cmpuint (iv_test_service_request (f->svc, "GET", "/v1/catalog/services", NULL, NULL, &before), ==, 200);
  inst = add_institution (f);
  service = add_service (f, inst, "X射线衍射仪机时");

  /* Change: the new title is what the public catalog shows */
  put_path = g_strdup_printf ("/admin/v1/catalog/services/%s", service);
  {
    g_autofree char *json = g_strdup_printf ("{\"institution_id\": \"%s\", \"category\": \"instrument\", "
                                             "\"title\": \"X射线衍射仪机时（含数据分析）\", \"price_fen\": null, "
                                             "\"price_note\": \"面议\", \"unit\": \"机时\"}", inst);

    g_assert_cmpuint (admin (f, "PUT", put_path, json, &node), ==, 200);
    g_assert_cmpstr (str (node, "title"), ==, "X射线衍射仪机时（含数据分析）");
    g_clear_pointer (&node, json_node_unref);
    /* The body may not name another id */
    g_assert_cmpuint (admin (f, "PUT", put_path, "{\"id\": \"svc-other\", \"title\": \"x\"}", &node), ==, 400);
    g_clear_pointer (&node, json_node_unref);
  }

  /* Delete: a tombstone for incremental sync, then 404 */
  g_assert_cmpuint (admin (f, "DELETE", put_path, NULL, NULL), ==, 204);
  g_assert_cmpuint (admin (f, "DELETE", put_path, NULL, &node), ==, 404);
  g_clear_pointer (&node, json_node_unref);

  since = g_strdup_printf ("/v1/catalog/services?since=%" G_GINT64_FORMAT, num (before, "revision"));
  g_assert_cmpuint (iv_test_service_request (f->svc, "GET", since, NULL, NULL, &changes), ==, 200);
  items = json_object_get_array_member (obj (changes), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member (item, "id"), service) == 0 &&
          json_object_get_boolean_member_with_default (item, "deleted", FALSE))
        saw_tombstone = TRUE;
    }
  g_assert_true (saw_tombstone);
  g_assert_cmpint (num (changes, "revision"), >, num (before, "revision"));

  g_clear_pointer (&changes, json_node_unref);
  g_assert_cmpuint (iv_test_service_request (f->svc, "GET", "/v1/catalog/institutions", NULL, NULL, &changes), ==, 200);
  items = json_object_get_array_member (obj (changes), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (items, i), "id"), inst) == 0)
      saw_institution = TRUE;
  g_assert_true (saw_institution);

  /* A service of an institution that does not exist */
  g_assert_cmpuint (admin (f, "POST", "/admin/v1/catalog/services",
                           "{\"institution_id\": \"inst-none\", \"category\": \"testing\", \"title\": \"x\"}",
                           &node), ==, 400);
  g_clear_pointer (&node, json_node_unref);
  g_assert_cmpuint (admin (f, "POST", "/admin/v1/catalog/gadgets", "{}", &node), ==, 404);
}

static void
test_faults (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(JsonNode) armed = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(IvTestResponse) r = NULL;
  g_autoptr(IvTestResponse) after = NULL;

  /* Armed through the API: the next public request answers 503 */
  g_assert_cmpuint (admin (f, "POST", "/admin/v1/faults",
                           "{\"kind\": \"status\", \"status\": 503, \"retry_after\": 30, \"path_prefix\": \"/v1/policy\"}",
                           &armed), ==, 201);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (armed), "items")), ==, 1);

  /* Admin requests never hit a fault */
  g_assert_cmpuint (admin (f, "GET", "/admin/v1/faults", NULL, &list), ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (list), "items")), ==, 1);

  r = iv_test_service_send (f->svc, "GET", "/v1/policy", NULL, NULL, NULL, NULL);
  g_assert_cmpuint (r->status, ==, 503);
  g_assert_cmpstr (iv_test_response_error_code (r), ==, "maintenance");
  g_assert_cmpstr (soup_message_headers_get_one (r->headers, "Retry-After"), ==, "30");
  after = iv_test_service_send (f->svc, "GET", "/v1/policy", NULL, NULL, NULL, NULL);
  g_assert_cmpuint (after->status, ==, 200);

  /* DELETE clears what is left */
  g_clear_pointer (&armed, json_node_unref);
  g_assert_cmpuint (admin (f, "POST", "/admin/v1/faults", "{\"kind\": \"drop_before\", \"count\": 3}", &armed), ==, 201);
  g_assert_cmpuint (admin (f, "DELETE", "/admin/v1/faults", NULL, NULL), ==, 204);
  g_clear_pointer (&list, json_node_unref);
  g_assert_cmpuint (admin (f, "GET", "/admin/v1/faults", NULL, &list), ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (list), "items")), ==, 0);

  g_clear_pointer (&armed, json_node_unref);
  g_assert_cmpuint (admin (f, "POST", "/admin/v1/faults", "{\"kind\": \"melt\"}", &armed), ==, 400);
}

/* drop_after: the write is applied but unanswered; the replay with the
 * same key is answered from the store, and the count shows one write */
static void
test_sent_exactly_once (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *key = iv_test_idempotency_key ();
  const char *headers[] = { "Idempotency-Key", key, NULL };
  g_autofree char *json = g_strdup_printf ("{\"year\": %d, \"amount_fen\": 5000000, \"purpose\": \"检测\", "
                                           "\"planned_categories\": [\"testing\"], \"contact_name\": \"王强\", "
                                           "\"contact_phone\": \"13800138000\"}", f->year);
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
  g_autoptr(IvTestResponse) dropped = NULL;
  g_autoptr(IvTestResponse) replay = NULL;
  g_autoptr(JsonNode) count = NULL;
  g_autofree char *path = g_strdup_printf ("/admin/v1/accounts/%s/requests?path=/v1/applications", f->login);

  g_assert_cmpuint (admin (f, "POST", "/admin/v1/faults",
                           "{\"kind\": \"drop_after\", \"path_prefix\": \"/v1/applications\"}", NULL), ==, 201);
  dropped = iv_test_service_send (f->svc, "POST", "/v1/applications", f->token, headers, NULL, body);
  g_assert_cmpuint (dropped->status, ==, 0);

  g_assert_cmpuint (admin (f, "GET", path, NULL, &count), ==, 200);
  g_assert_cmpint (num (count, "applied"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (obj (count), "objects"), "applications"), ==, 1);

  replay = iv_test_service_send (f->svc, "POST", "/v1/applications", f->token, headers, NULL, body);
  g_assert_cmpuint (replay->status, ==, 201);
  g_clear_pointer (&count, json_node_unref);
  g_assert_cmpuint (admin (f, "GET", path, NULL, &count), ==, 200);
  g_assert_cmpint (num (count, "applied"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (obj (count), "objects"), "applications"), ==, 1);

  /* Other paths count apart */
  g_clear_pointer (&count, json_node_unref);
  g_free (path);
  path = g_strdup_printf ("/admin/v1/accounts/%s/requests?path=/v1/claims", f->login);
  g_assert_cmpuint (admin (f, "GET", path, NULL, &count), ==, 200);
  g_assert_cmpint (num (count, "applied"), ==, 0);
}

/* ---- the demo data set -------------------------------------------------- */

static guint
count_status (JsonNode   *list,
              const char *status)
{
  JsonArray *items = json_object_get_array_member (obj (list), "items");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (items); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (items, i), "status"), status) == 0)
      n++;
  return n;
}

static void
test_demo (void)
{
  const char * const args[] = { "--demo", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(IvTestService) svc = NULL;
  g_autofree char *token = NULL;
  g_autofree char *team = NULL;
  g_autoptr(JsonNode) account = NULL, vouchers = NULL, orders = NULL, claims = NULL, apps = NULL;
  g_autoptr(JsonNode) services = NULL, team_account = NULL, team_vouchers = NULL, step = NULL, claims_after = NULL;
  JsonObject *voucher;
  JsonArray *items;
  gboolean returned_with_note = FALSE;

  svc = iv_test_service_start (args, &error);
  g_assert_no_error (error);

  token = iv_test_service_sign_in (svc, "91310115MA1K3A2B3J", "Demo@2026");
  g_assert_nonnull (token);
  g_assert_cmpuint (iv_test_service_request (svc, "GET", "/v1/account", token, NULL, &account), ==, 200);
  g_assert_cmpstr (str (account, "name"), ==, "上海示范科技有限公司");
  g_assert_cmpstr (str (account, "district"), ==, "浦东新区");
  g_assert_cmpint (num (account, "year_granted_fen"), ==, 30000000);

  /* One active ¥300,000.00 voucher with some of it reserved */
  g_assert_cmpuint (iv_test_service_request (svc, "GET", "/v1/vouchers", token, NULL, &vouchers), ==, 200);
  items = json_object_get_array_member (obj (vouchers), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  voucher = json_array_get_object_element (items, 0);
  g_assert_cmpint (json_object_get_int_member (voucher, "face_value_fen"), ==, 30000000);
  g_assert_cmpstr (json_object_get_string_member (voucher, "status"), ==, "active");
  g_assert_cmpint (json_object_get_int_member (voucher, "reserved_fen"), >, 0);
  g_assert_cmpint (json_object_get_int_member (voucher, "reserved_fen"), <, 30000000);

  /* Orders completed (one not claimed yet), a claim in review, a claim
   * returned with a note, an application in review */
  g_assert_cmpuint (iv_test_service_request (svc, "GET", "/v1/orders", token, NULL, &orders), ==, 200);
  g_assert_cmpuint (count_status (orders, "completed"), ==, 3);
  g_assert_cmpuint (iv_test_service_request (svc, "GET", "/v1/claims", token, NULL, &claims), ==, 200);
  items = json_object_get_array_member (obj (claims), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  g_assert_cmpuint (count_status (claims, "district_review"), ==, 1);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *c = json_array_get_element (items, i);

      if (g_strcmp0 (str (c, "status"), "returned") == 0)
        returned_with_note = strlen (json_object_get_string_member_with_default (last_step (c), "note", "")) > 0;
    }
  g_assert_true (returned_with_note);
  g_assert_cmpuint (iv_test_service_request (svc, "GET", "/v1/applications", token, NULL, &apps), ==, 200);
  g_assert_cmpuint (count_status (apps, "approved"), ==, 1);
  g_assert_cmpuint (count_status (apps, "district_review"), ==, 1);

  /* The catalog at the seed's scale */
  g_assert_cmpuint (iv_test_service_request (svc, "GET", "/v1/catalog/services?limit=500", NULL, NULL, &services), ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (services), "items")), ==, 500);
  g_assert_nonnull (str (services, "next_cursor"));

  /* The team: signed in, no quota */
  team = iv_test_service_sign_in (svc, "team-demo", "Demo@2026");
  g_assert_nonnull (team);
  g_assert_cmpuint (iv_test_service_request (svc, "GET", "/v1/account", team, NULL, &team_account), ==, 200);
  g_assert_cmpstr (str (team_account, "name"), ==, "示范创业团队");
  g_assert_cmpint (num (team_account, "year_granted_fen"), ==, 0);
  g_assert_cmpuint (iv_test_service_request (svc, "GET", "/v1/vouchers", team, NULL, &team_vouchers), ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (team_vouchers), "items")), ==, 0);

  /* One tick of the demo timer moves what waits for a reviewer */
  g_assert_cmpuint (iv_test_service_admin (svc, "POST", "/admin/v1/demo/step", NULL, &step), ==, 200);
  g_assert_cmpint (num (step, "moved"), ==, 2);
  g_assert_cmpuint (iv_test_service_request (svc, "GET", "/v1/claims", token, NULL, &claims_after), ==, 200);
  g_assert_cmpuint (count_status (claims_after, "city_review"), ==, 1);
  g_assert_cmpuint (count_status (claims_after, "returned"), ==, 1);

  /* A restart keeps what happened: the seed does not run again */
  g_assert_true (iv_test_service_restart (svc, &error));
  g_assert_no_error (error);
  g_clear_pointer (&claims_after, json_node_unref);
  g_free (token);
  token = iv_test_service_sign_in (svc, "91310115MA1K3A2B3J", "Demo@2026");
  g_assert_cmpuint (iv_test_service_request (svc, "GET", "/v1/claims", token, NULL, &claims_after), ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (claims_after), "items")), ==, 2);
  g_assert_cmpuint (count_status (claims_after, "city_review"), ==, 1);
}

/* With a one-second timer, a person watching sees statuses change and the
 * application over the cap rejected by the city, with a reason */
static void
test_demo_timer (void)
{
  const char * const args[] = { "--demo", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(IvTestService) svc = NULL;
  g_autofree char *token = NULL;
  gboolean decided = FALSE;

  g_setenv ("VS_DEMO_STEP_SECONDS", "1", TRUE);
  svc = iv_test_service_start (args, &error);
  g_unsetenv ("VS_DEMO_STEP_SECONDS");
  g_assert_no_error (error);
  token = iv_test_service_sign_in (svc, "91310115MA1K3A2B3J", "Demo@2026");

  for (guint i = 0; i < 300 && !decided; i++)
    {
      g_autoptr(JsonNode) apps = NULL;

      g_usleep (100 * 1000);
      g_assert_cmpuint (iv_test_service_request (svc, "GET", "/v1/applications", token, NULL, &apps), ==, 200);
      if (count_status (apps, "rejected") == 1)
        {
          JsonArray *items = json_object_get_array_member (obj (apps), "items");

          for (guint j = 0; j < json_array_get_length (items); j++)
            {
              JsonNode *a = json_array_get_element (items, j);

              if (g_strcmp0 (str (a, "status"), "rejected") == 0)
                {
                  g_assert_cmpstr (json_object_get_string_member (last_step (a), "actor"), ==, "city");
                  g_assert_nonnull (json_object_get_string_member (last_step (a), "note"));
                }
            }
          decided = TRUE;
        }
    }
  g_assert_true (decided);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("IV_TEST_SERVICE") == NULL)
    {
      g_test_skip ("IV_TEST_SERVICE is not set");
      return g_test_run ();
    }

#define ADD(path, func) \
  g_test_add ("/admin/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("auth", test_auth);
  ADD ("accounts", test_accounts);
  ADD ("applications", test_applications);
  ADD ("orders", test_orders);
  ADD ("claims", test_claims);
  ADD ("catalog", test_catalog);
  ADD ("faults", test_faults);
  ADD ("sent-exactly-once", test_sent_exactly_once);
  g_test_add_func ("/admin/demo", test_demo);
  g_test_add_func ("/admin/demo-timer", test_demo_timer);

  return g_test_run ();
}
