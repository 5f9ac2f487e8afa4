/* vs-server.c: the HTTP front of the reference service (routing, auth, idempotency, ETags) */
#include "config.h"

#include <sodium.h>
#include <string.h>

#include "vs-server.h"

#ifdef VS_HAVE_FAULTS
#include "vs-faults.h"
#endif
#ifdef VS_HAVE_ADMIN
#include "vs-admin.h"
#endif

#define MAX_JSON_BYTES (1024 * 1024)
#define MAX_UPLOAD_BYTES (20 * 1024 * 1024)
#define MAX_WAIT_S 30

typedef struct {
  gint64 window;   /* the second this count is for */
  guint  count;
} RateWindow;

typedef struct {
  VsServer          *self;
  SoupServerMessage *msg;
  char              *account_id;
  char              *path;
  gint64             after;
  guint              timeout_id;
  gulong             finished_id;
} Waiter;

struct _VsServer
{
  GObject     parent_instance;

  VsStore    *store;
  SoupServer *soup;
  char       *admin_token;
  guint       access_ttl_s;
  guint       rate_limit;
  char       *tls_cert_file;
  char       *tls_key_file;
  char       *base_url;
  GHashTable *rates;     /* token → RateWindow */
  GPtrArray  *waiters;   /* Waiter* */
  gulong      event_handler;
#ifdef VS_HAVE_FAULTS
  VsFaults   *faults;
#endif
#ifdef VS_HAVE_ADMIN
  VsAdmin    *admin;
#endif
};

G_DEFINE_FINAL_TYPE (VsServer, vs_server, G_TYPE_OBJECT)

/* What a handler answers: an object with a status, or an error */
typedef struct {
  guint     status;
  JsonNode *node;
} Reply;

typedef struct {
  VsServer          *self;
  SoupServerMessage *msg;
  const char        *method;
  const char        *path;
  GHashTable        *query;
  char             **seg;       /* path segments after "/v1/" */
  guint              n_seg;
  char              *account_id;
  char              *token;
} Request;

/* ---- helpers ------------------------------------------------------------ */

static SoupMessageHeaders *
req_headers (SoupServerMessage *msg)
{
  return soup_server_message_get_request_headers (msg);
}

static SoupMessageHeaders *
resp_headers (SoupServerMessage *msg)
{
  return soup_server_message_get_response_headers (msg);
}

static GBytes *
request_body (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  return soup_message_body_flatten (body);
}

static char *
bearer_token (SoupServerMessage *msg)
{
  const char *auth = soup_message_headers_get_one (req_headers (msg), "Authorization");

  if (auth == NULL || g_ascii_strncasecmp (auth, "Bearer ", 7) != 0)
    return NULL;
  return g_strstrip (g_strdup (auth + 7));
}

/* Strong ETag from the body's SHA-256 */
static char *
etag_for (const char *body,
          gsize       len)
{
  g_autofree char *hex = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) body, len);

  hex[32] = '\0';
  return g_strdup_printf ("\"%s\"", hex);
}

static gboolean
etag_matches (const char *if_none_match,
              const char *etag)
{
  g_auto(GStrv) tags = NULL;

  if (if_none_match == NULL)
    return FALSE;
  tags = g_strsplit (if_none_match, ",", -1);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      const char *t = g_strstrip (tags[i]);

      if (g_str_has_prefix (t, "W/"))
        t += 2;
      if (g_strcmp0 (t, "*") == 0 || g_strcmp0 (t, etag) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
respond_bytes (SoupServerMessage *msg,
               guint              status,
               GBytes            *body,
               gboolean           is_get)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (body, &len);

  if (is_get && status == 200)
    {
      g_autofree char *etag = etag_for (data, len);

      soup_message_headers_replace (resp_headers (msg), "ETag", etag);
      if (etag_matches (soup_message_headers_get_one (req_headers (msg), "If-None-Match"), etag))
        {
          soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
          return;
        }
    }
  soup_server_message_set_status (msg, status, NULL);
  if (status != 204)
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, data, len);
}

static GBytes *
node_bytes (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);
  gsize len = strlen (text);

  return g_bytes_new_take (g_steal_pointer (&text), len);
}

static void
respond_reply (SoupServerMessage *msg,
               Reply             *reply,
               gboolean           is_get)
{
  g_autoptr(GBytes) bytes = NULL;

  if (reply->node == NULL)
    {
      soup_server_message_set_status (msg, reply->status, NULL);
      return;
    }
  bytes = node_bytes (reply->node);
  respond_bytes (msg, reply->status, bytes, is_get);
}

static gboolean
parse_uint_param (GHashTable *query,
                  const char *name,
                  gint64      fallback,
                  gint64      max,
                  gint64     *out,
                  GError    **error)
{
  const char *s = query != NULL ? g_hash_table_lookup (query, name) : NULL;
  guint64 v;

  if (s == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (s, 10, 0, (guint64) max, &v, NULL))
    return vs_error_fail (error, 400, "invalid_parameter", name, "参数格式不正确");
  *out = (gint64) v;
  return TRUE;
}

/* limit 1–500, default 100 */
static gboolean
parse_limit (GHashTable *query,
             guint      *out,
             GError    **error)
{
  const char *s = query != NULL ? g_hash_table_lookup (query, "limit") : NULL;
  guint64 v = 100;

  if (s != NULL && !g_ascii_string_to_unsigned (s, 10, 1, 500, &v, NULL))
    return vs_error_fail (error, 400, "invalid_parameter", "limit", "limit 应在 1 到 500 之间");
  *out = (guint) v;
  return TRUE;
}

static JsonObject *
parse_json_object (GBytes   *body,
                   JsonNode **out_root,
                   GError   **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize len = 0;
  const char *data = g_bytes_get_data (body, &len);
  JsonNode *root;

  if (len > MAX_JSON_BYTES)
    return vs_error_fail_null (error, 413, "body_too_large", NULL, "请求体超过 1 MiB");
  if (len == 0 || !g_utf8_validate (data, (gssize) len, NULL) ||
      !json_parser_load_from_data (parser, data, (gssize) len, NULL))
    return vs_error_fail_null (error, 400, "invalid_json", NULL, "请求体不是有效的 JSON");
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return vs_error_fail_null (error, 400, "invalid_json", NULL, "请求体应为 JSON 对象");
  *out_root = json_node_ref (root);
  return json_node_get_object (root);
}

static gboolean
parse_if_match (SoupServerMessage *msg,
                gint64            *out,
                GError           **error)
{
  const char *h = soup_message_headers_get_one (req_headers (msg), "If-Match");
  g_autofree char *v = NULL;
  char *end = NULL;
  gsize len;

  if (h == NULL)
    return vs_error_fail (error, 428, "precondition_required", "If-Match", "修改需要 If-Match 版本号");
  v = g_strstrip (g_strdup (h));
  if (g_str_has_prefix (v, "W/"))
    memmove (v, v + 2, strlen (v + 2) + 1);
  len = strlen (v);
  if (len >= 2 && v[0] == '"' && v[len - 1] == '"')
    {
      v[len - 1] = '\0';
      memmove (v, v + 1, len - 1);
    }
  *out = g_ascii_strtoll (v, &end, 10);
  if (end == v || *end != '\0')
    return vs_error_fail (error, 412, "version_conflict", "If-Match", "版本号无效");
  return TRUE;
}

static gboolean
rate_check (VsServer   *self,
            const char *token,
            GError    **error)
{
  RateWindow *w;
  gint64 now = g_get_monotonic_time () / G_USEC_PER_SEC;

  if (self->rate_limit == 0)
    return TRUE;
  w = g_hash_table_lookup (self->rates, token);
  if (w == NULL)
    {
      if (g_hash_table_size (self->rates) > 10000)
        g_hash_table_remove_all (self->rates);
      w = g_new0 (RateWindow, 1);
      g_hash_table_insert (self->rates, g_strdup (token), w);
    }
  if (w->window != now)
    {
      w->window = now;
      w->count = 0;
    }
  if (++w->count > self->rate_limit)
    {
      vs_error_set_retry (error, 429, "rate_limited", 1, "请求过于频繁，请稍后再试");
      return FALSE;
    }
  return TRUE;
}

/* ---- session ------------------------------------------------------------ */

static JsonNode *
session_json (VsServer   *self,
              const char *access,
              const char *refresh,
              const char *account_id)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "access_token");
  json_builder_add_string_value (b, access);
  json_builder_set_member_name (b, "refresh_token");
  json_builder_add_string_value (b, refresh);
  json_builder_set_member_name (b, "expires_in");
  json_builder_add_int_value (b, self->access_ttl_s);
  json_builder_set_member_name (b, "account");
  json_builder_add_value (b, vs_store_get_account (self->store, account_id, NULL));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
handle_session (Request  *r,
                Reply    *reply,
                GError  **error)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;
  g_autofree char *account_id = NULL;
  JsonObject *o;
  gboolean refreshing = r->n_seg == 2;

  if (r->n_seg == 1 && g_str_equal (r->method, "DELETE"))
    {
      g_autofree char *token = bearer_token (r->msg);
      g_autofree char *id = token != NULL ? vs_store_authenticate (r->self->store, token, error) : NULL;

      if (id == NULL)
        {
          if (token == NULL)
            vs_error_set (error, 401, "unauthorized", NULL, "未登录");
          return FALSE;
        }
      vs_store_sign_out (r->self->store, token);
      reply->status = 204;
      return TRUE;
    }
  if (!g_str_equal (r->method, "POST"))
    return vs_error_fail (error, 405, "method_not_allowed", NULL, "不支持该请求方法");
  body = request_body (r->msg);
  if ((o = parse_json_object (body, &root, error)) == NULL)
    return FALSE;

  if (refreshing)
    {
      JsonNode *t = json_object_get_member (o, "refresh_token");

      if (t == NULL || !JSON_NODE_HOLDS_VALUE (t) || json_node_get_value_type (t) != G_TYPE_STRING)
        return vs_error_fail (error, 400, "missing_field", "refresh_token", "缺少刷新令牌");
      if (!vs_store_refresh (r->self->store, json_node_get_string (t), r->self->access_ttl_s,
                             &access, &refresh, &account_id, error))
        return FALSE;
    }
  else
    {
      JsonNode *a = json_object_get_member (o, "account");
      JsonNode *p = json_object_get_member (o, "password");

      if (a == NULL || !JSON_NODE_HOLDS_VALUE (a) || json_node_get_value_type (a) != G_TYPE_STRING)
        return vs_error_fail (error, 400, "missing_field", "account", "请输入账号");
      if (p == NULL || !JSON_NODE_HOLDS_VALUE (p) || json_node_get_value_type (p) != G_TYPE_STRING)
        return vs_error_fail (error, 400, "missing_field", "password", "请输入密码");
      if (!vs_store_sign_in (r->self->store, json_node_get_string (a), json_node_get_string (p),
                             r->self->access_ttl_s, &access, &refresh, &account_id, error))
        return FALSE;
    }
  reply->status = 200;
  reply->node = session_json (r->self, access, refresh, account_id);
  return TRUE;
}

/* ---- catalog ------------------------------------------------------------ */

static gboolean
handle_catalog (Request  *r,
                Reply    *reply,
                GError  **error)
{
  VsCatalogKind kind;
  gint64 since;
  guint limit;
  const char *cursor;

  if (!g_str_equal (r->method, "GET"))
    return vs_error_fail (error, 405, "method_not_allowed", NULL, "不支持该请求方法");
  if (r->n_seg != 2)
    return vs_error_fail (error, 404, "not_found", NULL, "资源不存在");
  if (g_str_equal (r->seg[1], "categories"))
    {
      reply->status = 200;
      reply->node = vs_store_list_categories (r->self->store);
      return TRUE;
    }
  if (g_str_equal (r->seg[1], "institutions"))
    kind = VS_CATALOG_INSTITUTIONS;
  else if (g_str_equal (r->seg[1], "services"))
    kind = VS_CATALOG_SERVICES;
  else
    return vs_error_fail (error, 404, "not_found", NULL, "资源不存在");
  if (!parse_uint_param (r->query, "since", -1, G_MAXINT64, &since, error) ||
      !parse_limit (r->query, &limit, error))
    return FALSE;
  cursor = r->query != NULL ? g_hash_table_lookup (r->query, "cursor") : NULL;
  reply->node = vs_store_list_catalog (r->self->store, kind, since, cursor, limit, error);
  reply->status = 200;
  return reply->node != NULL;
}

/* ---- the account's objects ------------------------------------------------- */

static gboolean
method_is (Request    *r,
           const char *method,
           GError    **error)
{
  if (g_str_equal (r->method, method))
    return TRUE;
  return vs_error_fail (error, 405, "method_not_allowed", NULL, "不支持该请求方法");
}

static gboolean
handle_objects (Request      *r,
                VsObjectKind  kind,
                Reply        *reply,
                GError      **error)
{
  VsStore *store = r->self->store;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *o;

  if (r->n_seg == 1)
    {
      if (g_str_equal (r->method, "GET"))
        {
          guint limit;

          if (!parse_limit (r->query, &limit, error))
            return FALSE;
          reply->node = vs_store_list (store, r->account_id, kind,
                                       r->query != NULL ? g_hash_table_lookup (r->query, "cursor") : NULL,
                                       limit, error);
          reply->status = 200;
          return reply->node != NULL;
        }
      if (kind == VS_KIND_VOUCHER || !method_is (r, "POST", error))
        {
          if (kind == VS_KIND_VOUCHER)
            vs_error_set (error, 405, "method_not_allowed", NULL, "不支持该请求方法");
          return FALSE;
        }
      body = request_body (r->msg);
      if ((o = parse_json_object (body, &root, error)) == NULL)
        return FALSE;
      switch (kind)
        {
        case VS_KIND_APPLICATION:
          reply->node = vs_store_create_application (store, r->account_id, o, error);
          break;
        case VS_KIND_ORDER:
          reply->node = vs_store_create_order (store, r->account_id, o, error);
          break;
        case VS_KIND_CLAIM:
          reply->node = vs_store_create_claim (store, r->account_id, o, error);
          break;
        case VS_KIND_VOUCHER:
        default:
          g_assert_not_reached ();
        }
      reply->status = 201;
      return reply->node != NULL;
    }

  if (r->n_seg == 2)
    {
      if (g_str_equal (r->method, "GET"))
        {
          reply->node = vs_store_get (store, r->account_id, kind, r->seg[1], error);
          reply->status = 200;
          return reply->node != NULL;
        }
      if ((kind == VS_KIND_APPLICATION || kind == VS_KIND_CLAIM) && g_str_equal (r->method, "PUT"))
        {
          gint64 version;

          /* A missing object is 404 before any precondition */
          g_autofree char *owner = vs_store_get_owner (store, kind, r->seg[1]);
          if (owner == NULL || !g_str_equal (owner, r->account_id))
            return vs_error_fail (error, 404, "not_found", NULL, "对象不存在");
          if (!parse_if_match (r->msg, &version, error))
            return FALSE;
          body = request_body (r->msg);
          if ((o = parse_json_object (body, &root, error)) == NULL)
            return FALSE;
          reply->node = kind == VS_KIND_CLAIM
            ? vs_store_update_claim (store, r->account_id, r->seg[1], version, o, error)
            : vs_store_update_application (store, r->account_id, r->seg[1], version, o, error);
          reply->status = 200;
          return reply->node != NULL;
        }
      return vs_error_fail (error, 405, "method_not_allowed", NULL, "不支持该请求方法");
    }

  if (r->n_seg == 3)
    {
      if (kind == VS_KIND_APPLICATION && g_str_equal (r->seg[2], "withdraw"))
        {
          if (!method_is (r, "POST", error))
            return FALSE;
          reply->node = vs_store_withdraw_application (store, r->account_id, r->seg[1], error);
          reply->status = 200;
          return reply->node != NULL;
        }
      if (kind == VS_KIND_ORDER && g_str_equal (r->seg[2], "cancel"))
        {
          if (!method_is (r, "POST", error))
            return FALSE;
          reply->node = vs_store_cancel_order (store, r->account_id, r->seg[1], error);
          reply->status = 200;
          return reply->node != NULL;
        }
      if (kind == VS_KIND_CLAIM && g_str_equal (r->seg[2], "receipt"))
        {
          if (!method_is (r, "GET", error))
            return FALSE;
          reply->node = vs_store_get_receipt (store, r->account_id, r->seg[1], r->self->base_url, error);
          reply->status = 200;
          return reply->node != NULL;
        }
    }
  return vs_error_fail (error, 404, "not_found", NULL, "资源不存在");
}

static gboolean
handle_attachment (Request  *r,
                   Reply    *reply,
                   GError  **error)
{
  g_autoptr(GBytes) body = NULL;
  const char *type;
  const char *raw_name;
  g_autofree char *filename = NULL;

  if (r->n_seg != 1)
    return vs_error_fail (error, 404, "not_found", NULL, "资源不存在");
  if (!method_is (r, "POST", error))
    return FALSE;
  type = soup_message_headers_get_content_type (req_headers (r->msg), NULL);
  raw_name = soup_message_headers_get_one (req_headers (r->msg), "X-Filename");
  if (raw_name == NULL)
    return vs_error_fail (error, 400, "missing_field", "X-Filename", "缺少文件名");
  filename = g_uri_unescape_string (raw_name, NULL);
  if (filename == NULL)
    return vs_error_fail (error, 400, "invalid_parameter", "X-Filename", "文件名编码无效");
  body = request_body (r->msg);
  reply->node = vs_store_create_attachment (r->self->store, r->account_id, filename,
                                            type != NULL ? type : "", body, error);
  reply->status = 201;
  return reply->node != NULL;
}

/* ---- events (long poll) ------------------------------------------------- */

static void waiter_answer (Waiter *w);

static void
waiter_free (Waiter *w)
{
  g_clear_handle_id (&w->timeout_id, g_source_remove);
  if (w->finished_id != 0)
    g_signal_handler_disconnect (w->msg, w->finished_id);
  g_object_unref (w->msg);
  g_free (w->account_id);
  g_free (w->path);
  g_free (w);
}

static void
waiter_finished_cb (SoupServerMessage *msg,
                    Waiter            *w)
{
  /* The client went away: nobody to answer */
  w->finished_id = 0;
  g_signal_handlers_disconnect_by_data (msg, w);
  g_ptr_array_remove (w->self->waiters, w);
}

static gboolean
waiter_timeout_cb (gpointer data)
{
  Waiter *w = data;

  w->timeout_id = 0;
  waiter_answer (w);
  return G_SOURCE_REMOVE;
}

static void
respond_events (VsServer          *self,
                SoupServerMessage *msg,
                const char        *account_id,
                gint64             after)
{
  g_autoptr(JsonNode) node = vs_store_list_events (self->store, account_id, after, NULL);
  g_autoptr(GBytes) bytes = node_bytes (node);

  respond_bytes (msg, 200, bytes, TRUE);
}

static void
waiter_answer (Waiter *w)
{
  VsServer *self = w->self;
  SoupServerMessage *msg = w->msg;

  g_object_ref (msg);
  g_signal_handlers_disconnect_by_data (msg, w);
  w->finished_id = 0;
  respond_events (self, msg, w->account_id, w->after);
#ifdef VS_HAVE_FAULTS
  vs_faults_after (self->faults, msg, w->path);
#endif
  soup_server_message_unpause (msg);
  g_ptr_array_remove (self->waiters, w);
  g_object_unref (msg);
}

static void
event_added_cb (VsStore    *store,
                const char *account_id,
                gint64      seq,
                VsServer   *self)
{
  for (guint i = self->waiters->len; i > 0; i--)
    {
      Waiter *w = g_ptr_array_index (self->waiters, i - 1);

      if (g_str_equal (w->account_id, account_id) && seq > w->after)
        waiter_answer (w);
    }
}

/* TRUE when answered now, FALSE when the message was paused */
static gboolean
handle_events (Request  *r,
               GError  **error)
{
  gint64 after, wait;
  gint64 last_listed = -1;
  g_autoptr(JsonNode) node = NULL;
  Waiter *w;

  if (r->n_seg != 1)
    return vs_error_fail (error, 404, "not_found", NULL, "资源不存在");
  if (!method_is (r, "GET", error) ||
      !parse_uint_param (r->query, "after", 0, G_MAXINT64, &after, error) ||
      !parse_uint_param (r->query, "wait", 0, G_MAXINT32, &wait, error))
    return FALSE;
  wait = MIN (wait, MAX_WAIT_S);

  node = vs_store_list_events (r->self->store, r->account_id, after, &last_listed);
  if (last_listed >= 0 || wait == 0)
    {
      g_autoptr(GBytes) bytes = node_bytes (node);

      respond_bytes (r->msg, 200, bytes, TRUE);
      return TRUE;
    }

  w = g_new0 (Waiter, 1);
  w->self = r->self;
  w->msg = g_object_ref (r->msg);
  w->account_id = g_strdup (r->account_id);
  w->path = g_strdup (r->path);
  w->after = after;
  w->timeout_id = g_timeout_add ((guint) wait * 1000, waiter_timeout_cb, w);
  w->finished_id = g_signal_connect (r->msg, "finished", G_CALLBACK (waiter_finished_cb), w);
  g_ptr_array_add (r->self->waiters, w);
  soup_server_message_pause (r->msg);
  return FALSE;
}

/* ---- dispatch ----------------------------------------------------------- */

static gboolean
is_idempotent_create (Request *r)
{
  if (!g_str_equal (r->method, "POST") || r->n_seg != 1)
    return FALSE;
  return g_str_equal (r->seg[0], "applications") || g_str_equal (r->seg[0], "orders") ||
         g_str_equal (r->seg[0], "attachments") || g_str_equal (r->seg[0], "claims");
}

static gboolean
route (Request  *r,
       Reply    *reply,
       GError  **error)
{
  const char *top = r->seg[0];

  if (g_str_equal (top, "applications"))
    return handle_objects (r, VS_KIND_APPLICATION, reply, error);
  if (g_str_equal (top, "vouchers"))
    return handle_objects (r, VS_KIND_VOUCHER, reply, error);
  if (g_str_equal (top, "orders"))
    return handle_objects (r, VS_KIND_ORDER, reply, error);
  if (g_str_equal (top, "claims"))
    return handle_objects (r, VS_KIND_CLAIM, reply, error);
  if (g_str_equal (top, "attachments"))
    return handle_attachment (r, reply, error);
  if (g_str_equal (top, "account") && r->n_seg == 1)
    {
      if (!method_is (r, "GET", error))
        return FALSE;
      reply->node = vs_store_get_account (r->self->store, r->account_id, error);
      reply->status = 200;
      return reply->node != NULL;
    }
  return vs_error_fail (error, 404, "not_found", NULL, "资源不存在");
}

/* Handles one API request; FALSE when it was paused (long poll) */
static gboolean
handle_api (VsServer          *self,
            SoupServerMessage *msg,
            const char        *path)
{
  Request r = { self, msg, soup_server_message_get_method (msg), path, NULL, NULL, 0, NULL, NULL };
  Reply reply = { 0, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) query = NULL;
  g_auto(GStrv) seg = NULL;
  g_autofree char *account_id = NULL;
  g_autofree char *token = NULL;
  const char *q_str = g_uri_get_query (soup_server_message_get_uri (msg));
  gboolean is_get = g_str_equal (r.method, "GET") || g_str_equal (r.method, "HEAD");
  gboolean ok;

  if (q_str != NULL)
    query = soup_form_decode (q_str);
  r.query = query;

  if (!g_str_has_prefix (path, "/v1/"))
    {
      vs_respond_error (msg, 404, "not_found", NULL, "资源不存在");
      return TRUE;
    }
  seg = g_strsplit (path + 4, "/", -1);
  r.seg = seg;
  r.n_seg = g_strv_length (seg);
  if (r.n_seg == 0 || *seg[0] == '\0' || (r.n_seg > 1 && *seg[r.n_seg - 1] == '\0'))
    {
      vs_respond_error (msg, 404, "not_found", NULL, "资源不存在");
      return TRUE;
    }

  /* Public calls */
  if (g_str_equal (seg[0], "policy") && r.n_seg == 1)
    {
      ok = method_is (&r, "GET", &error);
      reply.status = 200;
      if (ok)
        reply.node = vs_store_get_policy_json (self->store);
      goto done;
    }
  if (g_str_equal (seg[0], "catalog"))
    {
      ok = handle_catalog (&r, &reply, &error);
      goto done;
    }
  if (g_str_equal (seg[0], "receipts") && r.n_seg == 2 && g_str_equal (seg[1], "verify"))
    {
      ok = method_is (&r, "GET", &error);
      reply.status = 200;
      if (ok)
        reply.node = vs_store_verify_receipt (self->store, query != NULL ? g_hash_table_lookup (query, "code") : NULL);
      goto done;
    }
  if (g_str_equal (seg[0], "session") && r.n_seg <= 2 &&
      (r.n_seg == 1 || g_str_equal (seg[1], "refresh")))
    {
      ok = handle_session (&r, &reply, &error);
      goto done;
    }

  /* Everything else is the signed-in account's */
  token = bearer_token (msg);
  if (token == NULL)
    {
      vs_respond_error (msg, 401, "unauthorized", NULL, "未登录");
      return TRUE;
    }
  account_id = vs_store_authenticate (self->store, token, &error);
  if (account_id == NULL || !rate_check (self, token, &error))
    {
      vs_error_respond (msg, error);
      return TRUE;
    }
  r.account_id = account_id;
  r.token = token;

  if (g_str_equal (seg[0], "events"))
    {
      if (handle_events (&r, &error))
        return TRUE;
      if (error != NULL)
        {
          vs_error_respond (msg, error);
          return TRUE;
        }
      return FALSE;
    }

  if (is_idempotent_create (&r))
    {
      const char *key_h = soup_message_headers_get_one (req_headers (msg), "Idempotency-Key");
      g_autofree char *key = NULL;
      g_autoptr(GBytes) body = request_body (msg);
      g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
      g_autofree char *method_path = g_strdup_printf ("%s %s", r.method, path);
      g_autoptr(GBytes) stored = NULL;
      g_autoptr(GBytes) out = NULL;
      gsize len = 0;
      const guchar *data = g_bytes_get_data (body, &len);
      guint stored_status = 0;
      gsize key_len;

      if (key_h != NULL)
        {
          key = g_strstrip (g_strdup (key_h));
          key_len = strlen (key);
          if (key_len >= 2 && key[0] == '"' && key[key_len - 1] == '"')
            {
              key[key_len - 1] = '\0';
              memmove (key, key + 1, key_len - 1);
            }
        }
      if (key == NULL || *key == '\0' || strlen (key) > 200)
        {
          vs_respond_error (msg, 400, "missing_idempotency_key", "Idempotency-Key",
                            "缺少 Idempotency-Key 请求头");
          return TRUE;
        }
      /* The key is bound to the call and its exact body */
      g_checksum_update (sum, (const guchar *) method_path, -1);
      g_checksum_update (sum, (const guchar *) "\n", 1);
      if (g_str_equal (seg[0], "attachments"))
        {
          const char *ct = soup_message_headers_get_one (req_headers (msg), "Content-Type");
          const char *fn = soup_message_headers_get_one (req_headers (msg), "X-Filename");

          g_checksum_update (sum, (const guchar *) (ct != NULL ? ct : ""), -1);
          g_checksum_update (sum, (const guchar *) "\n", 1);
          g_checksum_update (sum, (const guchar *) (fn != NULL ? fn : ""), -1);
          g_checksum_update (sum, (const guchar *) "\n", 1);
        }
      if (len > 0)
        g_checksum_update (sum, data, (gssize) len);

      if (vs_store_idempotency_lookup (self->store, account_id, key, g_checksum_get_string (sum),
                                       &stored_status, &stored, &error))
        {
          soup_message_headers_replace (resp_headers (msg), "Idempotent-Replayed", "true");
          respond_bytes (msg, stored_status, stored, FALSE);
          return TRUE;
        }
      if (error != NULL)
        {
          vs_error_respond (msg, error);
          return TRUE;
        }
      /* The object and its key are committed together, so that a crash
       * between the two cannot make a retry create the object twice. */
      vs_store_begin (self->store);
      if (!route (&r, &reply, &error))
        {
          vs_store_end (self->store, FALSE);
          vs_error_respond (msg, error);
          return TRUE;
        }
      /* Only successes are kept: a failed request does not use up its key */
      out = node_bytes (reply.node);
      vs_store_idempotency_save (self->store, account_id, key, g_checksum_get_string (sum),
                                 method_path, reply.status, out);
      if (!vs_store_end (self->store, TRUE))
        {
          json_node_unref (reply.node);
          vs_respond_error (msg, 500, "internal_error", NULL, "保存失败，请重试");
          return TRUE;
        }
      respond_bytes (msg, reply.status, out, FALSE);
      json_node_unref (reply.node);
      return TRUE;
    }

  ok = route (&r, &reply, &error);

done:
  if (!ok)
    vs_error_respond (msg, error);
  else
    respond_reply (msg, &reply, is_get);
  g_clear_pointer (&reply.node, json_node_unref);
  return TRUE;
}

#ifdef VS_HAVE_FAULTS
static void
proceed_cb (SoupServerMessage *msg,
            gpointer           user_data)
{
  VsServer *self = user_data;
  g_autofree char *path = g_strdup (g_uri_get_path (soup_server_message_get_uri (msg)));

  if (handle_api (self, msg, path))
    vs_faults_after (self->faults, msg, path);
}
#endif

static void
handle_admin (VsServer          *self,
              SoupServerMessage *msg,
              const char        *path)
{
  g_autofree char *token = NULL;

  if (self->admin_token == NULL)
    {
      vs_respond_error (msg, 404, "not_found", NULL, "资源不存在");
      return;
    }
  token = bearer_token (msg);
  if (token == NULL || strlen (token) != strlen (self->admin_token) ||
      sodium_memcmp (token, self->admin_token, strlen (token)) != 0)
    {
      vs_respond_error (msg, 401, "unauthorized", NULL, "管理令牌无效");
      return;
    }
#ifdef VS_HAVE_ADMIN
  vs_admin_handle (self->admin, msg, soup_server_message_get_method (msg), path);
#else
  vs_respond_error (msg, 404, "not_found", NULL, "本构建不含管理接口");
#endif
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  VsServer *self = user_data;

  if (g_str_equal (path, "/admin") || g_str_has_prefix (path, "/admin/"))
    {
      handle_admin (self, msg, path);
      return;
    }
#ifdef VS_HAVE_FAULTS
  switch (vs_faults_before (self->faults, msg, path, proceed_cb, self))
    {
    case VS_FAULT_PROCEED:
      proceed_cb (msg, self);
      break;
    case VS_FAULT_ANSWERED:
    case VS_FAULT_DEFERRED:
    default:
      break;
    }
#else
  handle_api (self, msg, path);
#endif
}

/* Refuse bodies over the attachment limit before reading them */
static void
got_headers_cb (SoupServerMessage *msg,
                gpointer           user_data)
{
  goffset length = soup_message_headers_get_content_length (req_headers (msg));

  if (length > MAX_UPLOAD_BYTES + 4096)
    {
      vs_respond_error (msg, 413, "body_too_large", NULL, "请求体过大");
      soup_message_headers_replace (resp_headers (msg), "Connection", "close");
    }
}

static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  g_signal_connect (msg, "got-headers", G_CALLBACK (got_headers_cb), user_data);
}

/* ---- GObject ------------------------------------------------------------ */

static void
vs_server_dispose (GObject *object)
{
  VsServer *self = VS_SERVER (object);

  g_clear_signal_handler (&self->event_handler, self->store);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_pointer (&self->waiters, g_ptr_array_unref);
#ifdef VS_HAVE_ADMIN
  g_clear_object (&self->admin);
#endif
#ifdef VS_HAVE_FAULTS
  g_clear_object (&self->faults);
#endif
  g_clear_object (&self->store);
  G_OBJECT_CLASS (vs_server_parent_class)->dispose (object);
}

static void
vs_server_finalize (GObject *object)
{
  VsServer *self = VS_SERVER (object);

  g_free (self->admin_token);
  g_free (self->tls_cert_file);
  g_free (self->tls_key_file);
  g_free (self->base_url);
  g_clear_pointer (&self->rates, g_hash_table_unref);
  G_OBJECT_CLASS (vs_server_parent_class)->finalize (object);
}

static void
vs_server_class_init (VsServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vs_server_dispose;
  object_class->finalize = vs_server_finalize;
}

static void
vs_server_init (VsServer *self)
{
  self->rates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->waiters = g_ptr_array_new_with_free_func ((GDestroyNotify) waiter_free);
}

VsServer *
vs_server_new (VsStore               *store,
               const VsServerOptions *options)
{
  VsServer *self = g_object_new (VS_TYPE_SERVER, NULL);

  self->store = g_object_ref (store);
  self->admin_token = g_strdup (options->admin_token);
  self->access_ttl_s = options->access_ttl_s > 0 ? options->access_ttl_s : 900;
  self->rate_limit = options->rate_limit;
  self->tls_cert_file = g_strdup (options->tls_cert_file);
  self->tls_key_file = g_strdup (options->tls_key_file);
#ifdef VS_HAVE_FAULTS
  self->faults = vs_faults_new ();
#endif
#ifdef VS_HAVE_ADMIN
  if (self->admin_token != NULL)
#ifdef VS_HAVE_FAULTS
    self->admin = vs_admin_new (store, self->faults);
#else
    self->admin = vs_admin_new (store, NULL);
#endif
#endif
  self->event_handler = g_signal_connect (store, "event-added", G_CALLBACK (event_added_cb), self);
  return self;
}

char *
vs_server_listen (VsServer    *self,
                  const char  *host,
                  guint        port,
                  GError     **error)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (host);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GTlsCertificate) cert = NULL;
  GSList *uris;
  GUri *uri;
  gboolean tls = self->tls_cert_file != NULL;

  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "not an IP address: %s", host);
      return NULL;
    }
  if (tls)
    {
      cert = g_tls_certificate_new_from_files (self->tls_cert_file, self->tls_key_file, error);
      if (cert == NULL)
        return NULL;
    }
  self->soup = g_object_new (SOUP_TYPE_SERVER, "server-header", "voucher-service ",
                             "tls-certificate", cert, NULL);
  soup_server_add_handler (self->soup, NULL, server_cb, self, NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (request_started_cb), self);

  address = g_inet_socket_address_new (inet, (guint16) port);
  if (!soup_server_listen (self->soup, address, tls ? SOUP_SERVER_LISTEN_HTTPS : 0, error))
    return NULL;
  uris = soup_server_get_uris (self->soup);
  if (uris == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "not listening");
      return NULL;
    }
  uri = uris->data;
  self->base_url = g_strdup_printf ("%s://%s:%d", tls ? "https" : "http", host, g_uri_get_port (uri));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return g_strdup (self->base_url);
}
