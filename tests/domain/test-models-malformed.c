/* test-models-malformed.c: strict decoding refuses what the contract does not allow, naming the field */
#include "config.h"

#include <string.h>

#include "model-samples.h"

#define OK (-1)  /* the mutated document must still decode */

typedef struct {
  const char       *sample;
  IvJsonDecodeFunc  decode;
  const char       *root;
  const char       *path;      /* member to change: "invoice.number", "history[1].status" */
  const char       *value;     /* new JSON value; NULL removes; "@long:N" is N × 测 */
  int               code;      /* IvDecodeError, or OK */
  const char       *message;   /* the start of the error message */
} MalformedCase;

#define ACCOUNT     sample_account, IV_JSON_DECODE_FUNC (iv_account_new_from_json_at), "account"
#define POLICY      sample_policy, IV_JSON_DECODE_FUNC (iv_policy_new_from_json_at), "policy"
#define CATEGORY    sample_category, IV_JSON_DECODE_FUNC (iv_category_new_from_json_at), "category"
#define INSTITUTION sample_institution, IV_JSON_DECODE_FUNC (iv_institution_new_from_json_at), "institution"
#define SERVICE     sample_service, IV_JSON_DECODE_FUNC (iv_service_new_from_json_at), "service"
#define APPLICATION sample_application, IV_JSON_DECODE_FUNC (iv_quota_application_new_from_json_at), "application"
#define VOUCHER     sample_voucher, IV_JSON_DECODE_FUNC (iv_voucher_new_from_json_at), "voucher"
#define ORDER       sample_order, IV_JSON_DECODE_FUNC (iv_order_new_from_json_at), "order"
#define ATTACHMENT  sample_attachment, IV_JSON_DECODE_FUNC (iv_attachment_new_from_json_at), "attachment"
#define CLAIM       sample_claim, IV_JSON_DECODE_FUNC (iv_claim_new_from_json_at), "claim"
#define RECEIPT     sample_receipt, IV_JSON_DECODE_FUNC (iv_receipt_new_from_json_at), "receipt"
#define EVENT       sample_event, IV_JSON_DECODE_FUNC (iv_event_new_from_json_at), "event"
#define ERROR_BODY  sample_error_body, IV_JSON_DECODE_FUNC (iv_error_body_new_from_json_at), ""

#define E(x) IV_DECODE_ERROR_##x

static const MalformedCase cases[] = {
  /* account: every kind of fault */
  { ACCOUNT, "id", NULL, E(MISSING), "account.id: missing" },
  { ACCOUNT, "id", "\"\"", E(INVALID), "account.id: " },
  { ACCOUNT, "id", "\"acc 1\"", E(INVALID), "account.id: " },
  { ACCOUNT, "id", "@long:64", OK, NULL },
  { ACCOUNT, "id", "@long:65", E(TOO_LONG), "account.id: longer than 64 characters" },
  { ACCOUNT, "id", "42", E(TYPE), "account.id: expected a string" },
  { ACCOUNT, "kind", "\"company\"", E(RANGE), "account.kind: unknown value" },
  { ACCOUNT, "kind", "1", E(TYPE), "account.kind: expected a string" },
  { ACCOUNT, "name", "null", E(TYPE), "account.name: must not be null" },
  { ACCOUNT, "name", "@long:200", OK, NULL },
  { ACCOUNT, "name", "@long:201", E(TOO_LONG), "account.name: longer than 200 characters" },
  { ACCOUNT, "credit_code", "null", OK, NULL },
  { ACCOUNT, "credit_code", "[]", E(TYPE), "account.credit_code: expected a string" },
  { ACCOUNT, "year", "\"2026\"", E(TYPE), "account.year: expected an integer" },
  { ACCOUNT, "year", "1969", E(RANGE), "account.year: 1969 is out of range" },
  { ACCOUNT, "year_cap_fen", "-1", E(RANGE), "account.year_cap_fen: -1 is out of range" },
  { ACCOUNT, "year_used_fen", "1.5", E(TYPE), "account.year_used_fen: expected an integer" },
  { ACCOUNT, "year_used_fen", "100.0", E(TYPE), "account.year_used_fen: expected an integer" },
  { ACCOUNT, "year_used_fen", "1e3", E(TYPE), "account.year_used_fen: expected an integer" },
  { ACCOUNT, "year_used_fen", "1000000000000000", E(RANGE), "account.year_used_fen: " },
  { ACCOUNT, "year_granted_fen", "true", E(TYPE), "account.year_granted_fen: expected an integer" },
  { ACCOUNT, "district", NULL, E(MISSING), "account.district: missing" },
  { ACCOUNT, "shiny_new_field", "{\"nested\": [1, 2, 3]}", OK, NULL },

  /* policy */
  { POLICY, "tiers[0].ratio_bp", "10001", E(RANGE), "policy.tiers[0].ratio_bp: " },
  { POLICY, "tiers[0].ratio_bp", "-1", E(RANGE), "policy.tiers[0].ratio_bp: " },
  { POLICY, "tiers[0].up_to_fen", "null", E(INVALID), "policy.tiers[0].up_to_fen: only the last tier" },
  { POLICY, "tiers[1].up_to_fen", "5000000", E(INVALID), "policy.tiers[1].up_to_fen: tiers must rise" },
  { POLICY, "tiers[1].up_to_fen", NULL, E(MISSING), "policy.tiers[1].up_to_fen: missing" },
  { POLICY, "tiers[1].up_to_fen", "10000000", OK, NULL },
  { POLICY, "tiers[1]", "5000", E(TYPE), "policy.tiers[1]: expected an object" },
  { POLICY, "tiers", "[]", E(INVALID), "policy.tiers: " },
  { POLICY, "tiers", "{}", E(TYPE), "policy.tiers: expected an array" },
  { POLICY, "caps_fen.team", NULL, E(MISSING), "policy.caps_fen.team: missing" },
  { POLICY, "caps_fen.enterprise", "-30000000", E(RANGE), "policy.caps_fen.enterprise: " },
  { POLICY, "caps_fen", "[]", E(TYPE), "policy.caps_fen: expected an object" },
  { POLICY, "claim_documents[1]", "\"receipt\"", E(RANGE), "policy.claim_documents[1]: unknown document kind" },
  { POLICY, "version", "2026.1", E(TYPE), "policy.version: expected a string" },

  /* category */
  { CATEGORY, "code", NULL, E(MISSING), "category.code: missing" },
  { CATEGORY, "name", "@long:65", E(TOO_LONG), "category.name: " },

  /* institution */
  { INSTITUTION, "accreditations", "\"CMA\"", E(TYPE), "institution.accreditations: expected an array" },
  { INSTITUTION, "accreditations[1]", "5", E(TYPE), "institution.accreditations[1]: expected a string" },
  { INSTITUTION, "accepts_vouchers", "\"yes\"", E(TYPE), "institution.accepts_vouchers: expected true or false" },
  { INSTITUTION, "accepts_vouchers", "1", E(TYPE), "institution.accepts_vouchers: " },
  { INSTITUTION, "updated_at", "\"2026-03-01T09:00:00\"", E(INVALID), "institution.updated_at: expected an RFC 3339 time" },
  { INSTITUTION, "updated_at", "\"2026-03-01 09:00:00+08:00\"", E(INVALID), "institution.updated_at: " },
  { INSTITUTION, "updated_at", "\"2026-02-30T09:00:00+08:00\"", E(INVALID), "institution.updated_at: " },
  { INSTITUTION, "updated_at", "\"2026-03-01T24:00:00+08:00\"", E(INVALID), "institution.updated_at: " },
  { INSTITUTION, "updated_at", "\"2026-W09-7T09:00:00+08:00\"", E(INVALID), "institution.updated_at: " },
  { INSTITUTION, "updated_at", "\"2026-03-01T09:00:00+0800\"", E(INVALID), "institution.updated_at: " },
  { INSTITUTION, "updated_at", "\"2026-03-01T09:00:00.123Z\"", OK, NULL },
  { INSTITUTION, "updated_at", "\"2026-03-01T09:00:00-05:30\"", OK, NULL },

  /* service */
  { SERVICE, "price_fen", "-100", E(RANGE), "service.price_fen: -100 is out of range" },
  { SERVICE, "price_fen", "\"1200.00\"", E(TYPE), "service.price_fen: expected an integer" },
  { SERVICE, "price_fen", "1200.5", E(TYPE), "service.price_fen: expected an integer" },
  { SERVICE, "price_fen", "null", OK, NULL },
  { SERVICE, "description", "@long:4001", E(TOO_LONG), "service.description: longer than 4000 characters" },
  { SERVICE, "institution_id", "\"\"", E(INVALID), "service.institution_id: " },

  /* application */
  { APPLICATION, "history[1].status", "\"paid\"", E(RANGE), "application.history[1].status: unknown status" },
  { APPLICATION, "history[2].actor", "\"mayor\"", E(RANGE), "application.history[2].actor: unknown value" },
  { APPLICATION, "history[0].at", "\"yesterday\"", E(INVALID), "application.history[0].at: " },
  { APPLICATION, "history[2].note", "17", E(TYPE), "application.history[2].note: expected a string" },
  { APPLICATION, "history", "{}", E(TYPE), "application.history: expected an array" },
  { APPLICATION, "history", NULL, E(MISSING), "application.history: missing" },
  { APPLICATION, "planned_categories",
    "[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\",\"l\",\"m\",\"n\",\"o\",\"p\",\"q\"]",
    E(TOO_LONG), "application.planned_categories: more than 16 items" },
  { APPLICATION, "status", "\"approved \"", E(RANGE), "application.status: unknown value" },
  { APPLICATION, "version", "-1", E(RANGE), "application.version: " },
  { APPLICATION, "amount_fen", "-20000000", E(RANGE), "application.amount_fen: " },

  /* voucher: dates are real dates */
  { VOUCHER, "use_by", "\"2026-13-01\"", E(INVALID), "voucher.use_by: expected a date YYYY-MM-DD" },
  { VOUCHER, "redeem_by", "\"2027-02-29\"", E(INVALID), "voucher.redeem_by: " },
  { VOUCHER, "redeem_by", "\"2028-02-29\"", OK, NULL },
  { VOUCHER, "redeem_by", "\"20270331\"", E(INVALID), "voucher.redeem_by: " },
  { VOUCHER, "use_by", "\"2026-1-31\"", E(INVALID), "voucher.use_by: " },
  { VOUCHER, "use_by", "\"2026-12-31T00:00:00+08:00\"", E(TOO_LONG), "voucher.use_by: " },
  { VOUCHER, "redeem_mode", "\"bank\"", E(RANGE), "voucher.redeem_mode: unknown value" },
  { VOUCHER, "balance_fen", "-1", E(RANGE), "voucher.balance_fen: " },
  { VOUCHER, "status", NULL, E(MISSING), "voucher.status: missing" },

  /* order */
  { ORDER, "reserved_fen", NULL, E(MISSING), "order.reserved_fen: missing" },
  { ORDER, "history[0]", "\"placed\"", E(TYPE), "order.history[0]: expected an object" },
  { ORDER, "history[1].status", "\"returned\"", E(RANGE), "order.history[1].status: " },

  /* attachment */
  { ATTACHMENT, "content_type", "\"image/gif\"", E(RANGE), "attachment.content_type: " },
  { ATTACHMENT, "sha256", "\"9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08\"", E(INVALID), "attachment.sha256: " },
  { ATTACHMENT, "sha256", "\"9f86d081\"", E(INVALID), "attachment.sha256: " },
  { ATTACHMENT, "size", "20971521", E(RANGE), "attachment.size: " },
  { ATTACHMENT, "size", "20971520", OK, NULL },

  /* claim: nested objects name their full path */
  { CLAIM, "invoice.number", "12345678", E(TYPE), "claim.invoice.number: expected a string" },
  { CLAIM, "invoice", NULL, E(MISSING), "claim.invoice: missing" },
  { CLAIM, "invoice", "\"inv\"", E(TYPE), "claim.invoice: expected an object" },
  { CLAIM, "invoice", "null", E(TYPE), "claim.invoice: " },
  { CLAIM, "invoice.date", "\"2026-09-31\"", E(INVALID), "claim.invoice.date: " },
  { CLAIM, "invoice.code", "@long:65", E(TOO_LONG), "claim.invoice.code: " },
  { CLAIM, "invoice.amount_fen", "-100000000", E(RANGE), "claim.invoice.amount_fen: " },
  { CLAIM, "invoice.seller_name", NULL, E(MISSING), "claim.invoice.seller_name: missing" },
  { CLAIM, "documents.contract", "\"att-1\"", E(TYPE), "claim.documents.contract: expected an array" },
  { CLAIM, "documents.invoice[0]", "{}", E(TYPE), "claim.documents.invoice[0]: expected a string" },
  { CLAIM, "documents.service_report", NULL, OK, NULL },
  { CLAIM, "documents", NULL, E(MISSING), "claim.documents: missing" },
  { CLAIM, "approved_subsidy_fen", "-5", E(RANGE), "claim.approved_subsidy_fen: " },
  { CLAIM, "approved_subsidy_fen", "2500000", OK, NULL },
  { CLAIM, "contract_amount_fen", "\"100\"", E(TYPE), "claim.contract_amount_fen: expected an integer" },
  { CLAIM, "paid_on", "null", E(TYPE), "claim.paid_on: must not be null" },
  { CLAIM, "history[1].status", "\"withdrawn\"", E(RANGE), "claim.history[1].status: unknown status" },
  { CLAIM, "status", "\"publicized\"", OK, NULL },

  /* receipt */
  { RECEIPT, "enterprise.name", NULL, E(MISSING), "receipt.enterprise.name: missing" },
  { RECEIPT, "enterprise.credit_code", "null", OK, NULL },
  { RECEIPT, "enterprise", "[]", E(TYPE), "receipt.enterprise: expected an object" },
  { RECEIPT, "verification_code", "\"K7Q2M9X\"", E(INVALID), "receipt.verification_code: " },
  { RECEIPT, "verification_code", "\"K7Q2M9XAB\"", E(TOO_LONG), "receipt.verification_code: " },
  { RECEIPT, "status", "\"placed\"", E(RANGE), "receipt.status: " },

  /* event: the status belongs to the type */
  { EVENT, "status", "\"paid\"", OK, NULL },
  { EVENT, "status", "\"active\"", E(RANGE), "event.status: unknown status" },
  { EVENT, "type", "\"claim.deleted\"", E(RANGE), "event.type: unknown value" },
  { EVENT, "seq", "-1", E(RANGE), "event.seq: " },

  /* error body */
  { ERROR_BODY, "error.code", NULL, E(MISSING), "error.code: missing" },
  { ERROR_BODY, "error", "\"boom\"", E(TYPE), "error: expected an object" },
  { ERROR_BODY, "error.field", "3", E(TYPE), "error.field: expected a string" },
  { ERROR_BODY, "error.field", NULL, OK, NULL },
};

/* Find (or, for the last step, create) the parent of path and its last step */
static void
mutate (JsonNode   *root,
        const char *path,
        const char *value)
{
  g_auto(GStrv) steps = g_strsplit (path, ".", -1);
  JsonNode *node = root;
  guint n = g_strv_length (steps);
  g_autoptr(JsonNode) replacement = NULL;

  if (value != NULL && g_str_has_prefix (value, "@long:"))
    {
      guint count = (guint) g_ascii_strtoull (value + 6, NULL, 10);
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint i = 0; i < count; i++)
        g_string_append (text, "测");
      replacement = json_node_init_string (json_node_alloc (), text->str);
    }
  else if (value != NULL)
    {
      g_autoptr(GError) error = NULL;

      replacement = json_from_string (value, &error);
      g_assert_no_error (error);
    }

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup (steps[i]);
      char *bracket = strchr (name, '[');
      gint index = -1;
      JsonObject *object = json_node_get_object (node);

      if (bracket != NULL)
        {
          index = (gint) g_ascii_strtoll (bracket + 1, NULL, 10);
          *bracket = '\0';
        }
      g_assert_nonnull (object);
      if (i + 1 == n && index < 0)
        {
          if (replacement == NULL)
            json_object_remove_member (object, name);
          else
            json_object_set_member (object, name, g_steal_pointer (&replacement));
          return;
        }
      node = json_object_get_member (object, name);
      g_assert_nonnull (node);
      if (index >= 0)
        {
          JsonArray *array = json_node_get_array (node);

          g_assert_nonnull (array);
          if (i + 1 == n)
            {
              /* JsonArray has no setter: build the array again */
              g_autoptr(JsonArray) copy = json_array_new ();

              g_assert_nonnull (replacement);
              for (guint k = 0; k < json_array_get_length (array); k++)
                {
                  if (k == (guint) index)
                    json_array_add_element (copy, g_steal_pointer (&replacement));
                  else
                    json_array_add_element (copy, json_node_copy (json_array_get_element (array, k)));
                }
              json_object_set_array_member (object, name, g_steal_pointer (&copy));
              return;
            }
          node = json_array_get_element (array, (guint) index);
        }
    }
}

static void
test_malformed_case (gconstpointer data)
{
  const MalformedCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = json_from_string (c->sample, &error);
  g_autoptr(JsonNode) reparsed = NULL;
  g_autofree char *text = NULL;
  gpointer object;

  g_assert_no_error (error);
  mutate (root, c->path, c->value);

  /* Through the bytes path too, as the client receives it */
  text = json_to_string (root, FALSE);
  reparsed = iv_json_parse_data (text, strlen (text), 0, &error);
  g_assert_no_error (error);

  object = c->decode (reparsed, c->root, &error);
  if (c->code == OK)
    {
      g_assert_no_error (error);
      g_assert_true (G_IS_OBJECT (object));
      g_object_unref (object);
      return;
    }
  g_assert_null (object);
  g_assert_error (error, IV_DECODE_ERROR, c->code);
  if (!g_str_has_prefix (error->message, c->message))
    g_error ("“%s” does not start with “%s”", error->message, c->message);
}

static void
test_root_not_object (void)
{
  g_autoptr(JsonNode) array = sample_parse ("[1, 2]");
  g_autoptr(JsonNode) string = json_node_init_string (json_node_alloc (), "clm-1");
  g_autoptr(GError) error = NULL;

  g_assert_null (iv_claim_new_from_json (array, &error));
  g_assert_error (error, IV_DECODE_ERROR, IV_DECODE_ERROR_TYPE);
  g_assert_cmpstr (error->message, ==, "claim: expected an object");
  g_clear_error (&error);

  g_assert_null (iv_voucher_new_from_json (string, &error));
  g_assert_error (error, IV_DECODE_ERROR, IV_DECODE_ERROR_TYPE);
  g_assert_cmpstr (error->message, ==, "voucher: expected an object");
}

static char *
nested (guint        depth,
        const char  *inner)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append (text, i % 2 ? "{\"a\": " : "[");
  g_string_append (text, inner);
  for (guint i = depth; i > 0; i--)
    g_string_append (text, (i - 1) % 2 ? "}" : "]");
  return g_string_free (text, FALSE);
}

static void
test_parse_depth (void)
{
  g_autofree char *ok = nested (IV_JSON_MAX_DEPTH, "1");
  g_autofree char *deep = nested (IV_JSON_MAX_DEPTH + 1, "1");
  g_autofree char *very_deep = nested (100000, "1");
  g_autofree char *hidden = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  node = iv_json_parse_data (ok, strlen (ok), 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);

  g_assert_null (iv_json_parse_data (deep, strlen (deep), 0, &error));
  g_assert_error (error, IV_DECODE_ERROR, IV_DECODE_ERROR_TOO_DEEP);
  g_clear_error (&error);

  /* 200 KB of brackets: refused before json-glib builds anything */
  g_assert_null (iv_json_parse_data (very_deep, strlen (very_deep), 0, &error));
  g_assert_error (error, IV_DECODE_ERROR, IV_DECODE_ERROR_TOO_DEEP);
  g_clear_error (&error);

  /* Depth inside an unknown member of a model counts too */
  hidden = g_strdup_printf ("{\"code\": \"testing\", \"name\": \"测试检测\", \"x\": %s}", deep);
  g_assert_null (iv_json_parse_data (hidden, strlen (hidden), 0, &error));
  g_assert_error (error, IV_DECODE_ERROR, IV_DECODE_ERROR_TOO_DEEP);
}

static void
test_parse_brackets_in_strings (void)
{
  g_autofree char *brackets = g_strnfill (100, '[');
  g_autofree char *text = g_strdup_printf ("{\"code\": \"testing\", \"name\": \"%s\\\"{{{\"}", brackets);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(IvCategory) category = NULL;
  g_autoptr(GError) error = NULL;

  node = iv_json_parse_data (text, strlen (text), 0, &error);
  g_assert_no_error (error);
  category = iv_category_new_from_json (node, &error);
  g_assert_error (error, IV_DECODE_ERROR, IV_DECODE_ERROR_TOO_LONG);
  g_assert_true (g_str_has_prefix (error->message, "category.name: "));
}

static void
test_parse_bytes (void)
{
  static const char invalid_utf8[] = "{\"name\": \"\xe6\xb5\"}";
  static const char with_nul[] = "{\"name\": \"a\0b\"}";
  g_autoptr(GBytes) good = g_bytes_new_static (sample_voucher, strlen (sample_voucher));
  g_autoptr(GBytes) bad_utf8 = g_bytes_new_static (invalid_utf8, sizeof invalid_utf8 - 1);
  g_autoptr(GBytes) nul = g_bytes_new_static (with_nul, sizeof with_nul - 1);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) garbage = g_bytes_new_static ("{\"a\": ", 6);
  g_autoptr(GBytes) trailing = g_bytes_new_static ("{} {}", 5);
  g_autoptr(GBytes) scalar = g_bytes_new_static ("\"clm-1\"", 7);
  g_autoptr(GBytes) spaces = g_bytes_new_static (" \n\t ", 4);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  node = iv_json_parse_bytes (good, 0, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));

  /* Over the limit, by one byte */
  g_assert_null (iv_json_parse_bytes (good, strlen (sample_voucher) - 1, &error));
  g_assert_error (error, IV_DECODE_ERROR, IV_DECODE_ERROR_TOO_LONG);
  g_clear_error (&error);
  g_clear_pointer (&node, json_node_unref);
  node = iv_json_parse_bytes (good, strlen (sample_voucher), &error);
  g_assert_no_error (error);

  g_assert_null (iv_json_parse_bytes (bad_utf8, 0, &error));
  g_assert_error (error, IV_DECODE_ERROR, IV_DECODE_ERROR_SYNTAX);
  g_clear_error (&error);
  g_assert_null (iv_json_parse_bytes (nul, 0, &error));
  g_assert_error (error, IV_DECODE_ERROR, IV_DECODE_ERROR_SYNTAX);
  g_clear_error (&error);
  g_assert_null (iv_json_parse_bytes (empty, 0, &error));
  g_assert_error (error, IV_DECODE_ERROR, IV_DECODE_ERROR_SYNTAX);
  g_clear_error (&error);
  g_assert_null (iv_json_parse_bytes (garbage, 0, &error));
  g_assert_error (error, IV_DECODE_ERROR, IV_DECODE_ERROR_SYNTAX);
  g_clear_error (&error);
  g_assert_null (iv_json_parse_bytes (trailing, 0, &error));
  g_assert_error (error, IV_DECODE_ERROR, IV_DECODE_ERROR_SYNTAX);
  g_clear_error (&error);
  /* Every body of api.md is an object or a list */
  g_assert_null (iv_json_parse_bytes (scalar, 0, &error));
  g_assert_error (error, IV_DECODE_ERROR, IV_DECODE_ERROR_SYNTAX);
  g_clear_error (&error);
  g_assert_null (iv_json_parse_bytes (spaces, 0, &error));
  g_assert_error (error, IV_DECODE_ERROR, IV_DECODE_ERROR_SYNTAX);
}

/* json-glib alone is lenient; these are refused before it sees them */
static void
test_parse_lenient_json (void)
{
  static const struct {
    const char    *json;
    IvDecodeError  code;
  } refused[] = {
    { "{\"a\": 1 /* comment */}", IV_DECODE_ERROR_SYNTAX },
    { "{\"a\": 1} // comment", IV_DECODE_ERROR_SYNTAX },
    { "{'a': 1}", IV_DECODE_ERROR_SYNTAX },
    { "{\"a\": 01}", IV_DECODE_ERROR_SYNTAX },
    { "{\"a\": -}", IV_DECODE_ERROR_SYNTAX },
    { "{\"a\": 1.}", IV_DECODE_ERROR_SYNTAX },
    { "{\"a\": 1e}", IV_DECODE_ERROR_SYNTAX },
    { "{\"a\": nul}", IV_DECODE_ERROR_SYNTAX },
    { "{\"a\": True}", IV_DECODE_ERROR_SYNTAX },
    { "{\"a\": \"x\\u0000y\"}", IV_DECODE_ERROR_SYNTAX },
    { "{\"a\": \"tab\there\"}", IV_DECODE_ERROR_SYNTAX },
    /* json-glib saturates these to -1 and G_MAXINT64 */
    { "{\"a\": 99999999999999999999}", IV_DECODE_ERROR_RANGE },
    { "{\"a\": 18446744073709551716}", IV_DECODE_ERROR_RANGE },
    { "{\"a\": -9223372036854775809}", IV_DECODE_ERROR_RANGE },
  };
  static const char * const accepted[] = {
    "{\"a\": -9223372036854775808, \"b\": 9223372036854775807}",
    "{\"a\": [0, -0, 1.5e-3, 2E+10, -0.25, true, false, null]}",
    "{\"a\": \"\\\"}{][\\\\\", \"b\": \"\\u4e2d\\u6587\\n\"}",
    "  \r\n[ ]\t\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;

      if (iv_json_parse_data (refused[i].json, strlen (refused[i].json), 0, &error) != NULL)
        g_error ("accepted %s", refused[i].json);
      g_assert_error (error, IV_DECODE_ERROR, (gint) refused[i].code);
    }
  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = iv_json_parse_data (accepted[i], strlen (accepted[i]), 0, &error);

      if (error != NULL)
        g_error ("refused %s: %s", accepted[i], error->message);
      g_assert_nonnull (node);
    }
}

static void
test_parse_default_limit (void)
{
  /* api.md: JSON bodies are at most 1 MiB */
  gsize size = IV_JSON_MAX_BYTES + 1;
  g_autofree char *big = g_malloc (size);
  g_autoptr(GError) error = NULL;

  memset (big, ' ', size);
  big[0] = '[';
  big[size - 1] = ']';
  g_assert_null (iv_json_parse_data (big, size, 0, &error));
  g_assert_error (error, IV_DECODE_ERROR, IV_DECODE_ERROR_TOO_LONG);
}

static void
check_page_error (const char    *json,
                  IvDecodeError  code,
                  const char    *message)
{
  g_autoptr(JsonNode) node = sample_parse (json);
  g_autoptr(GError) error = NULL;
  g_autoptr(IvListPage) page = NULL;

  page = iv_list_page_new_from_json (node, IV_JSON_DECODE_FUNC (iv_category_new_from_json_at),
                                     IV_LIST_PAGE_ALLOW_TOMBSTONES, &error);
  g_assert_null (page);
  g_assert_error (error, IV_DECODE_ERROR, (gint) code);
  if (!g_str_has_prefix (error->message, message))
    g_error ("“%s” does not start with “%s”", error->message, message);
}

static void
test_list_page (void)
{
  g_autoptr(GString) many = g_string_new ("{\"items\": [");
  g_autoptr(GString) max = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(IvListPage) page = NULL;
  g_autoptr(GError) error = NULL;

  check_page_error ("{\"next_cursor\": null}", IV_DECODE_ERROR_MISSING, "items: missing");
  check_page_error ("{\"items\": {}, \"next_cursor\": null}", IV_DECODE_ERROR_TYPE, "items: expected an array");
  check_page_error ("{\"items\": []}", IV_DECODE_ERROR_MISSING, "next_cursor: missing");
  check_page_error ("{\"items\": [], \"next_cursor\": 5}", IV_DECODE_ERROR_TYPE, "next_cursor: expected a string");
  check_page_error ("{\"items\": [], \"next_cursor\": \"\"}", IV_DECODE_ERROR_INVALID, "next_cursor: ");
  check_page_error ("{\"items\": [], \"next_cursor\": null, \"revision\": -1}", IV_DECODE_ERROR_RANGE, "revision: ");
  check_page_error ("{\"items\": [], \"next_cursor\": null, \"revision\": \"42\"}", IV_DECODE_ERROR_TYPE, "revision: ");
  check_page_error ("{\"items\": [{\"code\": \"testing\", \"name\": \"测试检测\"}, {\"code\": \"x\"}], \"next_cursor\": null}",
                    IV_DECODE_ERROR_MISSING, "items[1].name: missing");
  check_page_error ("{\"items\": [{\"id\": \"\", \"deleted\": true}], \"next_cursor\": null}",
                    IV_DECODE_ERROR_INVALID, "items[0].id: ");
  check_page_error ("{\"items\": [{\"deleted\": true}], \"next_cursor\": null}",
                    IV_DECODE_ERROR_MISSING, "items[0].id: missing");
  check_page_error ("{\"items\": [7], \"next_cursor\": null}", IV_DECODE_ERROR_TYPE, "items[0]: expected an object");

  /* 500 items is the most a page may hold */
  for (guint i = 0; i < 501; i++)
    g_string_append_printf (many, "%s{\"code\": \"c%u\", \"name\": \"n\"}", i ? ", " : "", i);
  max = g_string_new (many->str);
  g_string_append (many, "], \"next_cursor\": null}");
  check_page_error (many->str, IV_DECODE_ERROR_TOO_LONG, "items: ");

  g_string_truncate (max, max->len - strlen (", {\"code\": \"c500\", \"name\": \"n\"}"));
  g_string_append (max, "], \"next_cursor\": \"more\"}");
  node = sample_parse (max->str);
  page = iv_list_page_new_from_json (node, IV_JSON_DECODE_FUNC (iv_category_new_from_json_at),
                                     IV_LIST_PAGE_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (iv_list_page_get_n_items (page), ==, 500);
  g_assert_cmpstr (iv_category_get_code (iv_list_page_get_item (page, 499)), ==, "c499");
}

static void
test_events_page (void)
{
  static const struct {
    const char    *json;
    IvDecodeError  code;
    const char    *message;
  } pages[] = {
    { "{\"events\": []}", IV_DECODE_ERROR_MISSING, "last_seq: missing" },
    { "{\"last_seq\": 3}", IV_DECODE_ERROR_MISSING, "events: missing" },
    { "{\"events\": [], \"last_seq\": -3}", IV_DECODE_ERROR_RANGE, "last_seq: " },
    { "{\"events\": [{\"seq\": 1, \"type\": \"order.status\", \"id\": \"o\", \"status\": \"placed\", \"at\": \"2026-01-01T00:00:00Z\"},"
      " {\"seq\": 2, \"type\": \"order.status\", \"id\": \"o\", \"status\": \"paid\", \"at\": \"2026-01-01T00:00:00Z\"}], \"last_seq\": 2}",
      IV_DECODE_ERROR_RANGE, "events[1].status: " },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autoptr(JsonNode) node = sample_parse (pages[i].json);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) events = NULL;
      gint64 last_seq = 77;

      events = iv_event_list_new_from_json (node, &last_seq, &error);
      g_assert_null (events);
      g_assert_error (error, IV_DECODE_ERROR, (gint) pages[i].code);
      if (!g_str_has_prefix (error->message, pages[i].message))
        g_error ("“%s” does not start with “%s”", error->message, pages[i].message);
      g_assert_cmpint (last_seq, ==, 77);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const MalformedCase *c = &cases[i];
      g_autofree char *value = g_strdup (c->value != NULL ? c->value : "removed");
      g_autofree char *name = NULL;

      /* Test paths may not hold every character of a JSON value */
      g_strcanon (value, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_:", '_');
      name = g_strdup_printf ("/models-malformed/%s/%u-%s=%.24s", *c->root ? c->root : "error_body", i, c->path, value);
      g_test_add_data_func (name, c, test_malformed_case);
    }
  g_test_add_func ("/models-malformed/root-not-object", test_root_not_object);
  g_test_add_func ("/models-malformed/parse/depth", test_parse_depth);
  g_test_add_func ("/models-malformed/parse/brackets-in-strings", test_parse_brackets_in_strings);
  g_test_add_func ("/models-malformed/parse/bytes", test_parse_bytes);
  g_test_add_func ("/models-malformed/parse/default-limit", test_parse_default_limit);
  g_test_add_func ("/models-malformed/parse/lenient-json", test_parse_lenient_json);
  g_test_add_func ("/models-malformed/list-page", test_list_page);
  g_test_add_func ("/models-malformed/events-page", test_events_page);

  return g_test_run ();
}
