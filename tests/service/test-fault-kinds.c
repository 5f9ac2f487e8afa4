/* test-fault-kinds.c: every fault kind on the wire, against an in-process SoupServer
 *
 * A small SoupServer in the test process dispatches exactly as the voucher
 * service does (vs_faults_before → handler → vs_faults_after), so each
 * fault is checked on the wire without the rest of the service.  The admin
 * API that arms faults on the real service is covered by test-admin.
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "vs-error.h"
#include "vs-faults.h"

typedef struct {
  SoupServer *server;
  VsFaults   *faults;
  GUri       *base;
  guint       applied;     /* requests the "service" applied */
} Fixture;

/* ---- the little service -------------------------------------------------- */

static void
proceed_cb (SoupServerMessage *msg,
            gpointer           user_data)
{
  Fixture *f = user_data;
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  g_autofree char *body = NULL;

  f->applied++;
  body = g_strdup_printf ("{\"id\": \"clm-000001\", \"version\": 3, \"applied\": %u, "
                          "\"paid\": true, \"items\": [{\"title\": \"扫描电镜机时\", \"price_fen\": 50000}], "
                          "\"next_cursor\": null}", f->applied);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
  vs_faults_after (f->faults, msg, path);
}

/* A long poll, as GET /v1/events: the answer comes later, from outside
 * the handler, then the message is unpaused. */
static gboolean
late_answer_cb (gpointer data)
{
  SoupServerMessage *msg = data;
  Fixture *f = g_object_get_data (G_OBJECT (msg), "fixture");
  static const char body[] = "{\"events\": [], \"last_seq\": 0}";

  f->applied++;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body, sizeof body - 1);
  vs_faults_after (f->faults, msg, "/v1/events");
  soup_server_message_unpause (msg);
  return G_SOURCE_REMOVE;
}

static void
proceed_or_wait_cb (SoupServerMessage *msg,
                    gpointer           user_data)
{
  Fixture *f = user_data;

  if (!g_str_equal (g_uri_get_path (soup_server_message_get_uri (msg)), "/v1/events"))
    {
      proceed_cb (msg, f);
      return;
    }
  g_object_set_data (G_OBJECT (msg), "fixture", f);
  soup_server_message_pause (msg);
  g_timeout_add_full (G_PRIORITY_DEFAULT, 50, late_answer_cb, g_object_ref (msg), g_object_unref);
}

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Fixture *f = user_data;

  if (vs_faults_before (f->faults, msg, path, proceed_or_wait_cb, f) == VS_FAULT_PROCEED)
    proceed_or_wait_cb (msg, f);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  f->faults = vs_faults_new ();
  f->server = soup_server_new ("server-header", "vs-faults-test", NULL);
  soup_server_add_handler (f->server, NULL, handler_cb, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  g_assert_nonnull (uris);
  f->base = g_uri_ref (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_assert_finalize_object (f->faults);
  g_clear_pointer (&f->base, g_uri_unref);
  /* Let closed connections finish */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
arm (Fixture    *f,
     const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (node);
  g_assert_true (vs_faults_arm (f->faults, json_node_get_object (node), &error));
  g_assert_no_error (error);
}

/* ---- the client ---------------------------------------------------------- */

typedef struct {
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
  GError             *error;
  gint64              elapsed_us;
} Reply;

static void
reply_clear (Reply *r)
{
  g_clear_pointer (&r->headers, soup_message_headers_unref);
  g_clear_pointer (&r->body, g_bytes_unref);
  g_clear_error (&r->error);
}

typedef struct {
  GBytes  *body;
  GError  *error;
  gboolean done;
} Pending;

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Pending *p = user_data;

  p->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &p->error);
  p->done = TRUE;
}

/* One request on a fresh session (so libsoup never silently resends a
 * request whose connection was dropped), waiting in the main loop. */
static void
request (Fixture    *f,
         const char *method,
         const char *path,
         Reply      *r)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 20, NULL);
  g_autoptr(GUri) uri = g_uri_parse_relative (f->base, path, SOUP_HTTP_URI_FLAGS, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new_from_uri (method, uri);
  Pending p = { 0 };
  gint64 start = g_get_monotonic_time ();

  memset (r, 0, sizeof *r);
  if (g_str_equal (method, "POST"))
    {
      static const char body[] = "{\"order_id\": \"ord-000001\"}";
      g_autoptr(GBytes) bytes = g_bytes_new_static (body, sizeof body - 1);

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &p);
  while (!p.done)
    g_main_context_iteration (NULL, TRUE);

  r->elapsed_us = g_get_monotonic_time () - start;
  r->status = soup_message_get_status (msg);
  r->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  r->body = p.body;
  r->error = p.error;
}

static JsonNode *
reply_json (const Reply *r)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node;
  g_autofree char *text = g_strndup (g_bytes_get_data (r->body, NULL), g_bytes_get_size (r->body));

  node = json_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static void
assert_plain_success (Fixture *f,
                      guint    expected_applied)
{
  Reply r;
  g_autoptr(JsonNode) node = NULL;

  request (f, "GET", "/v1/claims", &r);
  g_assert_no_error (r.error);
  g_assert_cmpuint (r.status, ==, 200);
  node = reply_json (&r);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "applied"), ==, expected_applied);
  g_assert_cmpuint (f->applied, ==, expected_applied);
  reply_clear (&r);
}

static void
assert_error_body (const Reply *r,
                   const char  *code)
{
  g_autoptr(JsonNode) node = reply_json (r);
  JsonObject *error;

  g_assert_cmpstr (soup_message_headers_get_content_type (r->headers, NULL), ==, "application/json");
  error = json_object_get_object_member (json_node_get_object (node), "error");
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
  g_assert_cmpuint (strlen (json_object_get_string_member (error, "message")), >, 0);
  g_assert_true (json_object_get_null_member (error, "field"));
}

/* ---- tests --------------------------------------------------------------- */

static void
test_no_fault (Fixture       *f,
               gconstpointer  data)
{
  assert_plain_success (f, 1);
  assert_plain_success (f, 2);
}

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
    { "{\"kind\": \"status\", \"status\": 503, \"retry_after\": 7}", 503, "maintenance", "7" },
    { "{\"kind\": \"status\", \"status\": 429, \"retry_after\": 2}", 429, "rate_limited", "2" },
    { "{\"kind\": \"status\", \"status\": 500}", 500, "internal_error", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Reply r;

      arm (f, cases[i].spec);
      request (f, "POST", "/v1/claims", &r);
      g_assert_no_error (r.error);
      g_assert_cmpuint (r.status, ==, cases[i].status);
      assert_error_body (&r, cases[i].code);
      g_assert_cmpstr (soup_message_headers_get_one (r.headers, "Retry-After"), ==, cases[i].retry_after);
      /* The request was not applied */
      g_assert_cmpuint (f->applied, ==, 0);
      reply_clear (&r);
    }
  /* Each fault was for one request only */
  assert_plain_success (f, 1);
}

static void
test_count_and_prefix (Fixture       *f,
                       gconstpointer  data)
{
  Reply r;

  arm (f, "{\"kind\": \"status\", \"status\": 503, \"count\": 2, \"path_prefix\": \"/v1/claims\"}");

  /* Other paths are untouched */
  request (f, "GET", "/v1/catalog/services", &r);
  g_assert_cmpuint (r.status, ==, 200);
  reply_clear (&r);
  g_assert_cmpuint (f->applied, ==, 1);

  /* Two requests under the prefix fail, the third passes */
  request (f, "GET", "/v1/claims/clm-000001", &r);
  g_assert_cmpuint (r.status, ==, 503);
  reply_clear (&r);
  request (f, "POST", "/v1/claims", &r);
  g_assert_cmpuint (r.status, ==, 503);
  reply_clear (&r);
  g_assert_cmpuint (f->applied, ==, 1);
  assert_plain_success (f, 2);
}

static void
test_order_and_list (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(JsonNode) list = NULL;
  JsonArray *items;
  Reply r;

  /* Faults apply in the order armed */
  arm (f, "{\"kind\": \"status\", \"status\": 429}");
  arm (f, "{\"kind\": \"status\", \"status\": 500}");
  list = vs_faults_list (f->faults);
  items = json_object_get_array_member (json_node_get_object (list), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "kind"), ==, "status");

  request (f, "GET", "/v1/claims", &r);
  g_assert_cmpuint (r.status, ==, 429);
  reply_clear (&r);
  request (f, "GET", "/v1/claims", &r);
  g_assert_cmpuint (r.status, ==, 500);
  reply_clear (&r);
  assert_plain_success (f, 1);
}

static void
test_clear (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(JsonNode) list = NULL;

  arm (f, "{\"kind\": \"status\", \"status\": 503, \"count\": 5}");
  arm (f, "{\"kind\": \"drop_before\"}");
  vs_faults_clear (f->faults);
  list = vs_faults_list (f->faults);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (list), "items")), ==, 0);
  assert_plain_success (f, 1);
}

static void
test_delay (Fixture       *f,
            gconstpointer  data)
{
  Reply r;
  g_autoptr(JsonNode) node = NULL;

  arm (f, "{\"kind\": \"delay\", \"delay_ms\": 400}");
  request (f, "POST", "/v1/orders", &r);
  g_assert_no_error (r.error);
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpint (r.elapsed_us, >=, 400 * 1000);
  node = reply_json (&r);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "applied"), ==, 1);
  g_test_message ("delayed answer after %.0f ms", r.elapsed_us / 1000.0);
  reply_clear (&r);

  /* The next one is not delayed */
  request (f, "GET", "/v1/orders", &r);
  g_assert_cmpint (r.elapsed_us, <, 400 * 1000);
  reply_clear (&r);
}

static void
test_drop_before (Fixture       *f,
                  gconstpointer  data)
{
  Reply r;

  arm (f, "{\"kind\": \"drop_before\"}");
  request (f, "POST", "/v1/claims", &r);
  /* No answer at all, and nothing applied */
  g_assert_nonnull (r.error);
  g_test_message ("client saw: %s", r.error->message);
  g_assert_cmpuint (r.status, ==, 0);
  g_assert_cmpuint (f->applied, ==, 0);
  reply_clear (&r);
  assert_plain_success (f, 1);
}

static void
test_drop_after (Fixture       *f,
                 gconstpointer  data)
{
  Reply r;

  arm (f, "{\"kind\": \"drop_after\"}");
  request (f, "POST", "/v1/claims", &r);
  /* No answer, but the write was applied: the case idempotency keys are for */
  g_assert_nonnull (r.error);
  g_assert_cmpuint (r.status, ==, 0);
  g_assert_cmpuint (f->applied, ==, 1);
  reply_clear (&r);
  assert_plain_success (f, 2);
}

static void
test_truncate (Fixture       *f,
               gconstpointer  data)
{
  Reply r;

  arm (f, "{\"kind\": \"truncate\"}");
  request (f, "GET", "/v1/claims", &r);
  /* The headers promised more than came: the client must see an error */
  g_assert_nonnull (r.error);
  g_test_message ("client saw: %s", r.error->message);
  g_assert_null (r.body);
  g_assert_cmpuint (f->applied, ==, 1);
  reply_clear (&r);
  assert_plain_success (f, 2);
}

/* The same faults on an answer made later, outside the handler */
static void
test_long_poll (Fixture       *f,
                gconstpointer  data)
{
  static const char * const kinds[] = {
    "{\"kind\": \"drop_after\"}",
    "{\"kind\": \"truncate\"}",
    "{\"kind\": \"corrupt\", \"corrupt\": \"syntax\"}",
    "{\"kind\": \"delay\", \"delay_ms\": 200}",
  };
  Reply r;

  request (f, "GET", "/v1/events", &r);
  g_assert_no_error (r.error);
  g_assert_cmpuint (r.status, ==, 200);
  reply_clear (&r);

  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      arm (f, kinds[i]);
      request (f, "GET", "/v1/events", &r);
      g_assert_cmpuint (f->applied, ==, i + 2);
      switch (i)
        {
        case 0:
        case 1:
          g_assert_nonnull (r.error);
          break;
        case 2:
          g_assert_no_error (r.error);
          g_assert_false (json_parser_load_from_data (parser, g_bytes_get_data (r.body, NULL),
                                                      (gssize) g_bytes_get_size (r.body), NULL));
          break;
        default:
          g_assert_no_error (r.error);
          g_assert_cmpint (r.elapsed_us, >=, 250 * 1000);
          break;
        }
      reply_clear (&r);
    }
}

static void
test_corrupt_syntax (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  Reply r;

  arm (f, "{\"kind\": \"corrupt\", \"corrupt\": \"syntax\"}");
  request (f, "GET", "/v1/claims", &r);
  g_assert_no_error (r.error);
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (r.headers, NULL), ==, "application/json");
  g_assert_false (json_parser_load_from_data (parser, g_bytes_get_data (r.body, NULL),
                                              (gssize) g_bytes_get_size (r.body), NULL));
  reply_clear (&r);
}

static void
test_corrupt_wrong_type (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  JsonObject *item;
  Reply r;

  arm (f, "{\"kind\": \"corrupt\", \"corrupt\": \"wrong_type\"}");
  request (f, "GET", "/v1/claims", &r);
  g_assert_cmpuint (r.status, ==, 200);
  /* Still JSON of the same shape, but every leaf has the wrong type */
  node = reply_json (&r);
  object = json_node_get_object (node);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, "id")), ==, G_TYPE_INT64);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, "version")), ==, G_TYPE_STRING);
  g_assert_cmpstr (json_object_get_string_member (object, "version"), ==, "3");
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, "paid")), ==, G_TYPE_STRING);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, "next_cursor")), ==, G_TYPE_STRING);
  item = json_array_get_object_element (json_object_get_array_member (object, "items"), 0);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (item, "title")), ==, G_TYPE_INT64);
  reply_clear (&r);
}

static void
test_corrupt_huge_string (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(JsonNode) node = NULL;
  Reply r;

  arm (f, "{\"kind\": \"corrupt\", \"corrupt\": \"huge_string\"}");
  request (f, "GET", "/v1/claims", &r);
  g_assert_cmpuint (r.status, ==, 200);
  node = reply_json (&r);
  /* The first string ("id") is now megabytes long */
  g_assert_cmpuint (strlen (json_object_get_string_member (json_node_get_object (node), "id")), >=, 1024 * 1024);
  reply_clear (&r);
}

static void
test_corrupt_deep_nesting (Fixture       *f,
                           gconstpointer  data)
{
  const char *text;
  gsize len;
  guint depth = 0, max_depth = 0;
  Reply r;

  arm (f, "{\"kind\": \"corrupt\", \"corrupt\": \"deep_nesting\"}");
  request (f, "GET", "/v1/claims", &r);
  g_assert_cmpuint (r.status, ==, 200);
  /* Not parsed here on purpose: a recursive parser may run out of stack,
   * which is exactly what a client must guard against. */
  text = g_bytes_get_data (r.body, &len);
  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '[' || text[i] == '{')
        {
          depth++;
          max_depth = MAX (max_depth, depth);
        }
      else if (text[i] == ']' || text[i] == '}')
        depth--;
    }
  g_assert_cmpuint (depth, ==, 0);
  g_assert_cmpuint (max_depth, >=, 10000);
  reply_clear (&r);
}

static void
test_wrong_content_type (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(JsonNode) node = NULL;
  Reply r;

  arm (f, "{\"kind\": \"wrong_content_type\"}");
  request (f, "GET", "/v1/claims", &r);
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (r.headers, NULL), ==, "text/html");
  /* The body itself is intact: only the type tells */
  node = reply_json (&r);
  g_assert_true (json_object_has_member (json_node_get_object (node), "items"));
  reply_clear (&r);
}

static void
test_oversize (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(JsonNode) node = NULL;
  Reply r;

  arm (f, "{\"kind\": \"oversize\", \"oversize_bytes\": 3000000}");
  request (f, "GET", "/v1/claims", &r);
  g_assert_no_error (r.error);
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpuint (g_bytes_get_size (r.body), >, 3000000);
  g_assert_cmpint (soup_message_headers_get_content_length (r.headers), ==, (goffset) g_bytes_get_size (r.body));
  /* Padding is whitespace: the JSON is unchanged */
  node = reply_json (&r);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "applied"), ==, 1);
  reply_clear (&r);
}

static void
test_arm_errors (Fixture       *f,
                 gconstpointer  data)
{
  static const struct {
    const char *spec;
    const char *code;
    const char *field;
  } cases[] = {
    { "{}", "missing_field", "kind" },
    { "{\"kind\": \"explode\"}", "invalid_parameter", "kind" },
    { "{\"kind\": \"status\", \"status\": 404}", "invalid_parameter", "status" },
    { "{\"kind\": \"status\", \"status\": \"503\"}", "invalid_parameter", "status" },
    { "{\"kind\": \"delay\", \"count\": 0}", "invalid_parameter", "count" },
    { "{\"kind\": \"delay\", \"path_prefix\": \"v1\"}", "invalid_parameter", "path_prefix" },
    { "{\"kind\": \"corrupt\", \"corrupt\": \"gently\"}", "invalid_parameter", "corrupt" },
    { "{\"kind\": \"oversize\", \"oversize_bytes\": -5}", "invalid_parameter", "oversize_bytes" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (cases[i].spec, NULL);
      g_autoptr(GError) error = NULL;

      g_assert_false (vs_faults_arm (f->faults, json_node_get_object (node), &error));
      g_assert_error (error, VS_ERROR, 400);
      g_assert_cmpstr (vs_error_get_api_code (error), ==, cases[i].code);
      g_assert_cmpstr (vs_error_get_field (error), ==, cases[i].field);
    }
  /* Nothing was armed by the failures */
  assert_plain_success (f, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/fault-kinds/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("no-fault", test_no_fault);
  ADD ("status", test_status);
  ADD ("count-and-prefix", test_count_and_prefix);
  ADD ("order-and-list", test_order_and_list);
  ADD ("clear", test_clear);
  ADD ("delay", test_delay);
  ADD ("drop-before", test_drop_before);
  ADD ("drop-after", test_drop_after);
  ADD ("truncate", test_truncate);
  ADD ("long-poll", test_long_poll);
  ADD ("corrupt/syntax", test_corrupt_syntax);
  ADD ("corrupt/wrong-type", test_corrupt_wrong_type);
  ADD ("corrupt/huge-string", test_corrupt_huge_string);
  ADD ("corrupt/deep-nesting", test_corrupt_deep_nesting);
  ADD ("wrong-content-type", test_wrong_content_type);
  ADD ("oversize", test_oversize);
  ADD ("arm-errors", test_arm_errors);

  return g_test_run ();
}
