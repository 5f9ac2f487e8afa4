/* test-faults.c: each fault armed through /admin/v1/faults does what it says on the real service
 *
 * A libsoup client on loopback (tests/common) sees the answers; the
 * service's own counts say whether a write was applied.
 */

#include "config.h"

#include <string.h>

#include "iv-test-service.h"
#include "iv-validate.h"

typedef struct {
  IvTestService *svc;
  char          *login;
  char          *token;
  gint           year;
} Fixture;

static JsonObject *
obj (JsonNode *node)
{
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) policy = NULL;
  char code[19];
  g_autofree char *json = NULL;

  f->svc = iv_test_service_start (NULL, &error);
  g_assert_no_error (error);

  g_snprintf (code, sizeof code, "91310106MA1%06d", g_test_rand_int_range (0, 999999));
  code[17] = iv_credit_code_check_char (code);
  code[18] = '\0';
  f->login = g_strdup (code);
  json = g_strdup_printf ("{\"login\": \"%s\", \"kind\": \"enterprise\", \"name\": \"上海故障测试有限公司\", "
                          "\"district\": \"静安区\", \"password\": \"Secret#2026\"}", f->login);
  g_assert_cmpuint (iv_test_service_admin (f->svc, "POST", "/admin/v1/accounts", json, NULL), ==, 201);
  f->token = iv_test_service_sign_in (f->svc, f->login, "Secret#2026");
  g_assert_nonnull (f->token);
  g_assert_cmpuint (iv_test_service_request (f->svc, "GET", "/v1/policy", NULL, NULL, &policy), ==, 200);
  f->year = (gint) json_object_get_int_member (obj (policy), "year");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->svc, iv_test_service_free);
  g_clear_pointer (&f->login, g_free);
  g_clear_pointer (&f->token, g_free);
}

static void
arm (Fixture    *f,
     const char *spec)
{
  g_assert_cmpuint (iv_test_service_admin (f->svc, "POST", "/admin/v1/faults", spec, NULL), ==, 201);
}

static IvTestResponse *
get_public (Fixture    *f,
            const char *path)
{
  return iv_test_service_send (f->svc, "GET", path, NULL, NULL, NULL, NULL);
}

/* How many applications the service applied for the account */
static gint64
applied_applications (Fixture *f)
{
  g_autofree char *path = g_strdup_printf ("/admin/v1/accounts/%s/requests?path=/v1/applications", f->login);
  g_autoptr(JsonNode) count = NULL;

  g_assert_cmpuint (iv_test_service_admin (f->svc, "GET", path, NULL, &count), ==, 200);
  /* The idempotency log and the objects agree */
  g_assert_cmpint (json_object_get_int_member (obj (count), "applied"), ==,
                   json_object_get_int_member (json_object_get_object_member (obj (count), "objects"), "applications"));
  return json_object_get_int_member (obj (count), "applied");
}

static IvTestResponse *
post_application (Fixture    *f,
                  const char *key)
{
  const char *headers[] = { "Idempotency-Key", key, NULL };
  g_autofree char *json = g_strdup_printf ("{\"year\": %d, \"amount_fen\": 5000000, \"purpose\": \"检测服务\", "
                                           "\"planned_categories\": [\"testing\"], \"contact_name\": \"王强\", "
                                           "\"contact_phone\": \"13800138000\"}", f->year);
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));

  return iv_test_service_send (f->svc, "POST", "/v1/applications", f->token, headers, NULL, body);
}

/* The raw bytes of a public GET, never parsed (the common helper parses
 * every body, and a recursive parser is what deep nesting attacks) */
static GBytes *
get_raw_as (Fixture    *f,
            const char *path,
            const char *token,
            guint      *out_status)
{
  /* A fresh session too: on a reused keep-alive connection libsoup resends
   * a GET whose connection closed before any answer, hiding a drop */
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (iv_test_service_get_url (f->svc), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  GBytes *bytes;

  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  bytes = soup_session_send_and_read (session, msg, NULL, NULL);

  *out_status = bytes != NULL ? soup_message_get_status (msg) : 0;
  return bytes;
}

static GBytes *
get_raw (Fixture    *f,
         const char *path,
         guint      *out_status)
{
  return get_raw_as (f, path, NULL, out_status);
}

static void
assert_healthy (Fixture *f)
{
  g_autoptr(IvTestResponse) r = get_public (f, "/v1/policy");

  g_assert_cmpuint (r->status, ==, 200);
  g_assert_nonnull (r->json);
}

/* ---- tests -------------------------------------------------------------- */

static void
test_status (Fixture       *f,
             gconstpointer  data)
{
  static const struct {
    const char *spec;
    guint       status;
    const char *code;
    const char *retry_after;
  } cases[] = {
    { "{\"kind\": \"status\", \"status\": 503, \"retry_after\": 120}", 503, "maintenance", "120" },
    { "{\"kind\": \"status\", \"status\": 429, \"retry_after\": 3}", 429, "rate_limited", "3" },
    { "{\"kind\": \"status\", \"status\": 500}", 500, "internal_error", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(IvTestResponse) r = NULL;

      arm (f, cases[i].spec);
      r = get_public (f, "/v1/policy");
      g_assert_cmpuint (r->status, ==, cases[i].status);
      g_assert_cmpstr (iv_test_response_error_code (r), ==, cases[i].code);
      g_assert_cmpstr (soup_message_headers_get_one (r->headers, "Retry-After"), ==, cases[i].retry_after);
    }
  assert_healthy (f);
}

static void
test_status_not_applied (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *key = iv_test_idempotency_key ();
  g_autoptr(IvTestResponse) failed = NULL;
  g_autoptr(IvTestResponse) retried = NULL;

  /* Two 503s under the prefix; the catalog is not affected */
  arm (f, "{\"kind\": \"status\", \"status\": 503, \"count\": 2, \"path_prefix\": \"/v1/applications\"}");
  assert_healthy (f);
  failed = post_application (f, key);
  g_assert_cmpuint (failed->status, ==, 503);
  g_assert_cmpint (applied_applications (f), ==, 0);
  g_clear_pointer (&failed, iv_test_response_free);
  failed = post_application (f, key);
  g_assert_cmpuint (failed->status, ==, 503);
  retried = post_application (f, key);
  g_assert_cmpuint (retried->status, ==, 201);
  g_assert_cmpint (applied_applications (f), ==, 1);
}

static void
test_delay (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(IvTestResponse) r = NULL;
  gint64 start;

  arm (f, "{\"kind\": \"delay\", \"delay_ms\": 500}");
  start = g_get_monotonic_time ();
  r = get_public (f, "/v1/catalog/categories");
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 500 * 1000);
  g_assert_nonnull (r->json);
}

static void
test_drop_before (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *key = iv_test_idempotency_key ();
  g_autoptr(IvTestResponse) dropped = NULL;
  g_autoptr(IvTestResponse) replay = NULL;

  arm (f, "{\"kind\": \"drop_before\", \"path_prefix\": \"/v1/applications\"}");
  dropped = post_application (f, key);
  g_assert_cmpuint (dropped->status, ==, 0);
  /* Not applied: the retry creates it, once */
  g_assert_cmpint (applied_applications (f), ==, 0);
  replay = post_application (f, key);
  g_assert_cmpuint (replay->status, ==, 201);
  g_assert_cmpint (applied_applications (f), ==, 1);
}

static void
test_drop_after (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *key = iv_test_idempotency_key ();
  g_autoptr(IvTestResponse) dropped = NULL;
  g_autoptr(IvTestResponse) replay = NULL;

  arm (f, "{\"kind\": \"drop_after\", \"path_prefix\": \"/v1/applications\"}");
  dropped = post_application (f, key);
  g_assert_cmpuint (dropped->status, ==, 0);
  /* Applied although unanswered: the retry gets the stored answer */
  g_assert_cmpint (applied_applications (f), ==, 1);
  replay = post_application (f, key);
  g_assert_cmpuint (replay->status, ==, 201);
  g_assert_cmpstr (iv_test_response_get_string (replay, "status"), ==, "submitted");
  g_assert_cmpint (applied_applications (f), ==, 1);
}

static void
test_truncate (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GBytes) r = NULL;
  guint status = 999;

  arm (f, "{\"kind\": \"truncate\", \"path_prefix\": \"/v1/catalog\"}");
  r = get_raw (f, "/v1/catalog/categories", &status);
  /* The client saw an error, not a short body */
  g_assert_null (r);
  g_assert_cmpuint (status, ==, 0);
  assert_healthy (f);
}

static void
test_corrupt (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(IvTestResponse) syntax = NULL;
  g_autoptr(IvTestResponse) wrong = NULL;
  g_autoptr(IvTestResponse) huge = NULL;
  g_autoptr(GBytes) deep = NULL;
  guint deep_status = 0;
  JsonNode *year;
  const char *text;
  gsize len;
  guint depth = 0, max_depth = 0;

  arm (f, "{\"kind\": \"corrupt\", \"corrupt\": \"syntax\"}");
  syntax = get_public (f, "/v1/policy");
  g_assert_cmpuint (syntax->status, ==, 200);
  g_assert_cmpuint (g_bytes_get_size (syntax->body), >, 0);
  g_assert_null (syntax->json);

  arm (f, "{\"kind\": \"corrupt\", \"corrupt\": \"wrong_type\"}");
  wrong = get_public (f, "/v1/policy");
  g_assert_nonnull (wrong->json);
  year = json_object_get_member (obj (wrong->json), "year");
  g_assert_cmpint (json_node_get_value_type (year), ==, G_TYPE_STRING);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (obj (wrong->json), "version")), ==, G_TYPE_INT64);

  arm (f, "{\"kind\": \"corrupt\", \"corrupt\": \"huge_string\"}");
  huge = get_public (f, "/v1/policy");
  g_assert_nonnull (huge->json);
  g_assert_cmpuint (g_bytes_get_size (huge->body), >, 1024 * 1024);

  arm (f, "{\"kind\": \"corrupt\", \"corrupt\": \"deep_nesting\"}");
  deep = get_raw (f, "/v1/policy", &deep_status);
  g_assert_cmpuint (deep_status, ==, 200);
  g_assert_nonnull (deep);
  text = g_bytes_get_data (deep, &len);
  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '[')
        {
          depth++;
          max_depth = MAX (max_depth, depth);
        }
      else if (text[i] == ']')
        depth--;
    }
  g_assert_cmpuint (max_depth, >=, 10000);
  assert_healthy (f);
}

static void
test_wrong_content_type (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(IvTestResponse) r = NULL;

  arm (f, "{\"kind\": \"wrong_content_type\"}");
  r = get_public (f, "/v1/policy");
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (r->headers, NULL), ==, "text/html");
}

static void
test_oversize (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(IvTestResponse) r = NULL;

  arm (f, "{\"kind\": \"oversize\", \"oversize_bytes\": 2000000}");
  r = get_public (f, "/v1/policy");
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpuint (g_bytes_get_size (r->body), >, 2000000);
  /* Whitespace padding: still the policy */
  g_assert_nonnull (r->json);
  g_assert_cmpint (json_object_get_int_member (obj (r->json), "year"), ==, f->year);
}

/* A long poll answered after its wait: the fault applies to that late
 * answer, and the service carries on */
static void
test_long_poll (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GBytes) dropped = NULL;
  g_autoptr(GBytes) truncated = NULL;
  g_autoptr(IvTestResponse) fine = NULL;
  guint status = 999;

  arm (f, "{\"kind\": \"drop_after\", \"path_prefix\": \"/v1/events\"}");
  dropped = get_raw_as (f, "/v1/events?after=0&wait=1", f->token, &status);
  g_assert_null (dropped);
  g_assert_cmpuint (status, ==, 0);

  status = 999;
  arm (f, "{\"kind\": \"truncate\", \"path_prefix\": \"/v1/events\"}");
  truncated = get_raw_as (f, "/v1/events?after=0&wait=1", f->token, &status);
  g_assert_null (truncated);

  fine = iv_test_service_send (f->svc, "GET", "/v1/events?after=0&wait=0", f->token, NULL, NULL, NULL);
  g_assert_cmpuint (fine->status, ==, 200);
  assert_healthy (f);
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
  g_test_add ("/faults/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("status", test_status);
  ADD ("status-not-applied", test_status_not_applied);
  ADD ("delay", test_delay);
  ADD ("drop-before", test_drop_before);
  ADD ("drop-after", test_drop_after);
  ADD ("truncate", test_truncate);
  ADD ("corrupt", test_corrupt);
  ADD ("wrong-content-type", test_wrong_content_type);
  ADD ("oversize", test_oversize);
  ADD ("long-poll", test_long_poll);

  return g_test_run ();
}
