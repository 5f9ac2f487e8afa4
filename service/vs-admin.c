/* vs-admin.c: the test-only administration API: accounts, reviews, institutions, catalog, faults */

#include "config.h"

#include <string.h>

#include "vs-admin.h"
#ifdef VS_HAVE_DEMO
#include "vs-demo.h"
#endif

#define ADMIN_PREFIX   "/admin/v1/"
#define MAX_BODY_BYTES (1024 * 1024)

struct _VsAdmin {
  GObject   parent_instance;
  VsStore  *store;
  VsFaults *faults;
};

G_DEFINE_FINAL_TYPE (VsAdmin, vs_admin, G_TYPE_OBJECT)

/* One request, split up */
typedef struct {
  VsAdmin           *self;
  SoupServerMessage *msg;
  const char        *method;
  char             **parts;    /* path below /admin/v1/, split at "/" */
  guint              n_parts;
  GHashTable        *query;    /* may be NULL */
} Request;

/* ---- helpers ------------------------------------------------------------ */

static gboolean
is_method (const Request *r,
           const char    *method)
{
  return g_str_equal (r->method, method);
}

static gboolean
not_found (GError **error)
{
  return vs_error_fail (error, SOUP_STATUS_NOT_FOUND, "not_found", NULL, "资源不存在");
}

static gboolean
method_not_allowed (GError **error)
{
  return vs_error_fail (error, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed", NULL, "不支持该请求方法");
}

/* The request's JSON object; an empty body counts as {} */
static JsonNode *
parse_body (const Request  *r,
            gboolean        allow_empty,
            GError        **error)
{
  SoupMessageBody *body = soup_server_message_get_request_body (r->msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  JsonNode *root;

  if (len == 0 && allow_empty)
    return json_node_init_object (json_node_alloc (), json_object_new ());
  if (len > MAX_BODY_BYTES)
    return vs_error_fail_null (error, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "body_too_large", NULL, "请求体超过 1 MiB");
  if (len == 0 || !g_utf8_validate (data, (gssize) len, NULL) ||
      !json_parser_load_from_data (parser, data, (gssize) len, NULL))
    return vs_error_fail_null (error, SOUP_STATUS_BAD_REQUEST, "invalid_json", NULL, "请求体不是有效的 JSON");
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return vs_error_fail_null (error, SOUP_STATUS_BAD_REQUEST, "invalid_json", NULL, "请求体应为 JSON 对象");
  return json_node_ref (root);
}

/* A string member or NULL; a member of another type is an error */
static gboolean
optional_string (JsonObject  *object,
                 const char  *name,
                 const char **out,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return vs_error_fail (error, SOUP_STATUS_BAD_REQUEST, "invalid_parameter", name, "应为字符串");
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
required_string (JsonObject  *object,
                 const char  *name,
                 const char **out,
                 GError     **error)
{
  if (!optional_string (object, name, out, error))
    return FALSE;
  if (*out == NULL || **out == '\0')
    return vs_error_fail (error, SOUP_STATUS_BAD_REQUEST, "missing_field", name, "缺少必填字段");
  return TRUE;
}

static void
respond_node (SoupServerMessage *msg,
              guint              status,
              JsonNode          *node)
{
  vs_respond_json (msg, status, node);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
}

/* The internal id of an account named by its login (credit code or
 * team-…) or by its id (acc-…) */
static char *
resolve_account (VsStore     *store,
                 const char  *name,
                 GError     **error)
{
  char *id = vs_store_find_account (store, name);
  g_autoptr(JsonNode) account = NULL;

  if (id != NULL)
    return id;
  account = vs_store_get_account (store, name, NULL);
  if (account != NULL)
    return g_strdup (name);
  return vs_error_fail_null (error, SOUP_STATUS_NOT_FOUND, "not_found", NULL, "账户不存在");
}

/* Any account's object, as its owner sees it */
static JsonNode *
get_object (VsStore      *store,
            VsObjectKind  kind,
            const char   *id,
            GError      **error)
{
  g_autofree char *owner = vs_store_get_owner (store, kind, id);

  if (owner == NULL)
    return vs_error_fail_null (error, SOUP_STATUS_NOT_FOUND, "not_found", NULL, "对象不存在");
  return vs_store_get (store, owner, kind, id, error);
}

static const char *
object_status (JsonNode *node)
{
  return json_object_get_string_member_with_default (json_node_get_object (node), "status", "");
}

/* Moves one step with the store's rules */
static gboolean
move_once (VsStore       *store,
           VsObjectKind   kind,
           const char    *id,
           const char    *to_status,
           gint64         amount_fen,
           const char    *note,
           GError       **error)
{
  switch (kind)
    {
    case VS_KIND_APPLICATION:
      return vs_store_move_application (store, id, to_status, NULL, note, error);
    case VS_KIND_ORDER:
      return vs_store_move_order (store, id, to_status, NULL, note, error);
    case VS_KIND_CLAIM:
      return vs_store_move_claim (store, id, to_status, NULL, amount_fen, note, error);
    case VS_KIND_VOUCHER:
    default:
      g_assert_not_reached ();
    }
}

/* Moves an object to target.  A target further along the normal path is
 * reached through every step in between, so the history reads as a real
 * review would (district, then city, …); the note goes with the last step.
 * Off-path targets (rejected, returned, declined) are one step. */
static gboolean
move_to (VsStore       *store,
         VsObjectKind   kind,
         const char    *id,
         const char    *target,
         gint64         amount_fen,
         const char    *note,
         GError       **error)
{
  g_autoptr(JsonNode) node = get_object (store, kind, id, error);
  g_autofree char *status = NULL;
  gboolean on_path = FALSE;

  if (node == NULL)
    return FALSE;
  status = g_strdup (object_status (node));

  for (const char *s = vs_store_next_status (kind, status); s != NULL; s = vs_store_next_status (kind, s))
    if (g_str_equal (s, target))
      on_path = TRUE;

  if (!on_path)
    return move_once (store, kind, id, target, amount_fen, note, error);

  while (!g_str_equal (status, target))
    {
      const char *next = vs_store_next_status (kind, status);
      gboolean last = g_str_equal (next, target);

      if (!move_once (store, kind, id, next, amount_fen, last ? note : NULL, error))
        return FALSE;
      g_free (status);
      status = g_strdup (next);
    }
  return TRUE;
}

/* ---- accounts ----------------------------------------------------------- */

static gboolean
create_account (Request  *r,
                GError  **error)
{
  g_autoptr(JsonNode) root = parse_body (r, FALSE, error);
  g_autoptr(JsonNode) account = NULL;
  g_autofree char *id = NULL;
  VsAccountSpec spec = { 0 };
  JsonObject *body;

  if (root == NULL)
    return FALSE;
  body = json_node_get_object (root);
  if (!required_string (body, "login", &spec.login, error) ||
      !required_string (body, "kind", &spec.kind, error) ||
      !required_string (body, "name", &spec.name, error) ||
      !required_string (body, "password", &spec.password, error) ||
      !optional_string (body, "district", &spec.district, error) ||
      !optional_string (body, "contact_name", &spec.contact_name, error) ||
      !optional_string (body, "contact_phone", &spec.contact_phone, error))
    return FALSE;
  if (!g_str_equal (spec.kind, "enterprise") && !g_str_equal (spec.kind, "team"))
    return vs_error_fail (error, SOUP_STATUS_BAD_REQUEST, "invalid_parameter", "kind", "账户类型应为 enterprise 或 team");

  id = vs_store_create_account (r->self->store, &spec, error);
  if (id == NULL)
    return FALSE;
  account = vs_store_get_account (r->self->store, id, error);
  if (account == NULL)
    return FALSE;
  respond_node (r->msg, SOUP_STATUS_CREATED, account);
  return TRUE;
}

static guint
count_objects (VsStore      *store,
               const char   *account_id,
               VsObjectKind  kind)
{
  g_autofree char *cursor = NULL;
  guint n = 0;

  do
    {
      g_autoptr(JsonNode) page = vs_store_list (store, account_id, kind, cursor, 500, NULL);
      JsonObject *object;
      const char *next;

      if (page == NULL)
        break;
      object = json_node_get_object (page);
      n += json_array_get_length (json_object_get_array_member (object, "items"));
      next = json_object_get_string_member_with_default (object, "next_cursor", NULL);
      g_free (cursor);
      cursor = g_strdup (next);
    }
  while (cursor != NULL);

  return n;
}

/* GET /admin/v1/accounts/{account}/requests?method=POST&path=/v1/claims:
 * what the service applied for the account, to check "sent exactly once" */
static gboolean
account_requests (Request    *r,
                  const char *account_id,
                  GError    **error)
{
  const char *method = r->query ? g_hash_table_lookup (r->query, "method") : NULL;
  const char *path = r->query ? g_hash_table_lookup (r->query, "path") : NULL;
  g_autofree char *prefix = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  if (method == NULL || *method == '\0')
    method = "POST";
  if (path != NULL && path[0] != '/')
    return vs_error_fail (error, SOUP_STATUS_BAD_REQUEST, "invalid_parameter", "path", "路径应以 / 开头");
  prefix = g_strdup_printf ("%s %s", method, path != NULL ? path : "");

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "account_id");
  json_builder_add_string_value (b, account_id);
  json_builder_set_member_name (b, "method");
  json_builder_add_string_value (b, method);
  json_builder_set_member_name (b, "path");
  if (path != NULL)
    json_builder_add_string_value (b, path);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "applied");
  json_builder_add_int_value (b, vs_store_count_applied (r->self->store, account_id, prefix));
  json_builder_set_member_name (b, "objects");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "applications");
  json_builder_add_int_value (b, count_objects (r->self->store, account_id, VS_KIND_APPLICATION));
  json_builder_set_member_name (b, "vouchers");
  json_builder_add_int_value (b, count_objects (r->self->store, account_id, VS_KIND_VOUCHER));
  json_builder_set_member_name (b, "orders");
  json_builder_add_int_value (b, count_objects (r->self->store, account_id, VS_KIND_ORDER));
  json_builder_set_member_name (b, "claims");
  json_builder_add_int_value (b, count_objects (r->self->store, account_id, VS_KIND_CLAIM));
  json_builder_end_object (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  respond_node (r->msg, SOUP_STATUS_OK, root);
  return TRUE;
}

static gboolean
kind_from_collection (const char   *name,
                      VsObjectKind *out)
{
  static const struct {
    const char  *name;
    VsObjectKind kind;
  } kinds[] = {
    { "applications", VS_KIND_APPLICATION },
    { "vouchers", VS_KIND_VOUCHER },
    { "orders", VS_KIND_ORDER },
    { "claims", VS_KIND_CLAIM },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i].name, name))
      {
        *out = kinds[i].kind;
        return TRUE;
      }
  return FALSE;
}

/* /admin/v1/accounts[/{account}[/requests|/applications|…]] */
static gboolean
route_accounts (Request  *r,
                GError  **error)
{
  g_autofree char *account_id = NULL;
  VsObjectKind kind;

  if (r->n_parts == 1)
    return is_method (r, "POST") ? create_account (r, error) : method_not_allowed (error);

  account_id = resolve_account (r->self->store, r->parts[1], error);
  if (account_id == NULL)
    return FALSE;

  if (r->n_parts == 2)
    {
      g_autoptr(JsonNode) account = NULL;

      if (!is_method (r, "GET"))
        return method_not_allowed (error);
      account = vs_store_get_account (r->self->store, account_id, error);
      if (account == NULL)
        return FALSE;
      respond_node (r->msg, SOUP_STATUS_OK, account);
      return TRUE;
    }

  if (r->n_parts != 3)
    return not_found (error);
  if (!is_method (r, "GET"))
    return method_not_allowed (error);

  if (g_str_equal (r->parts[2], "requests"))
    return account_requests (r, account_id, error);

  if (kind_from_collection (r->parts[2], &kind))
    {
      const char *cursor = r->query ? g_hash_table_lookup (r->query, "cursor") : NULL;
      g_autoptr(JsonNode) page = vs_store_list (r->self->store, account_id, kind, cursor, 500, error);

      if (page == NULL)
        return FALSE;
      respond_node (r->msg, SOUP_STATUS_OK, page);
      return TRUE;
    }
  return not_found (error);
}

/* ---- reviews and institutions ------------------------------------------ */

typedef struct {
  const char *action;
  const char *target;   /* NULL: the next status on the normal path */
} Action;

static const Action application_actions[] = {
  { "advance", NULL },
  { "approve", "approved" },
  { "reject", "rejected" },
  { "return", "returned" },
};

static const Action order_actions[] = {
  { "advance", NULL },
  { "accept", "accepted" },
  { "decline", "declined" },
  { "confirm", "confirmed" },
  { "complete", "completed" },
};

static const Action claim_actions[] = {
  { "advance", NULL },
  { "publicize", "publicized" },
  { "approve", "approved" },
  { "pay", "paid" },
  { "reject", "rejected" },
  { "return", "returned" },
};

/* POST /admin/v1/{applications|orders|claims}/{id}/{decide|act|move} */
static gboolean
move_object (Request       *r,
             VsObjectKind   kind,
             const Action  *actions,
             guint          n_actions,
             GError       **error)
{
  VsStore *store = r->self->store;
  const char *id = r->parts[1];
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  JsonObject *body;
  const char *action = NULL;
  const char *note = NULL;
  const char *target = NULL;
  gint64 amount_fen = -1;
  gboolean known = FALSE;

  if (!is_method (r, "POST"))
    return method_not_allowed (error);
  root = parse_body (r, FALSE, error);
  if (root == NULL)
    return FALSE;
  body = json_node_get_object (root);
  if (!required_string (body, "action", &action, error) ||
      !optional_string (body, "note", &note, error))
    return FALSE;

  if (json_object_has_member (body, "amount_fen") && !json_object_get_null_member (body, "amount_fen"))
    {
      JsonNode *node = json_object_get_member (body, "amount_fen");

      if (kind != VS_KIND_CLAIM || !JSON_NODE_HOLDS_VALUE (node) ||
          json_node_get_value_type (node) != G_TYPE_INT64 || json_node_get_int (node) < 0)
        return vs_error_fail (error, SOUP_STATUS_BAD_REQUEST, "invalid_parameter", "amount_fen",
                              "核定金额应为非负整数（分）");
      amount_fen = json_node_get_int (node);
    }

  for (guint i = 0; i < n_actions; i++)
    if (g_str_equal (actions[i].action, action))
      {
        known = TRUE;
        target = actions[i].target;
      }
  if (!known)
    return vs_error_fail (error, SOUP_STATUS_BAD_REQUEST, "invalid_parameter", "action", "未知的操作");

  before = get_object (store, kind, id, error);
  if (before == NULL)
    return FALSE;
  if (target == NULL)
    {
      target = vs_store_next_status (kind, object_status (before));
      if (target == NULL)
        {
          g_autofree char *message = g_strdup_printf ("状态 %s 已无下一步", object_status (before));

          return vs_error_fail (error, SOUP_STATUS_CONFLICT, "invalid_state", NULL, message);
        }
    }
  /* Returning or rejecting needs a reason the applicant can read */
  if ((g_str_equal (target, "returned") || g_str_equal (target, "rejected")) &&
      (note == NULL || *note == '\0'))
    return vs_error_fail (error, SOUP_STATUS_BAD_REQUEST, "missing_field", "note", "退回或驳回须填写意见");

  if (!move_to (store, kind, id, target, amount_fen, note, error))
    return FALSE;

  after = get_object (store, kind, id, error);
  if (after == NULL)
    return FALSE;
  if (kind == VS_KIND_APPLICATION && g_str_equal (target, "approved"))
    {
      g_autofree char *voucher_id = vs_store_get_application_voucher (store, id);

      /* Admin-only extra: the voucher the approval issued */
      if (voucher_id != NULL)
        json_object_set_string_member (json_node_get_object (after), "voucher_id", voucher_id);
    }
  respond_node (r->msg, SOUP_STATUS_OK, after);
  return TRUE;
}

/* ---- catalog ------------------------------------------------------------ */

/* POST /admin/v1/catalog/{services|institutions}, PUT and DELETE …/{id} */
static gboolean
route_catalog (Request  *r,
               GError  **error)
{
  VsCatalogKind kind;

  if (r->n_parts < 2 || r->n_parts > 3)
    return not_found (error);
  if (g_str_equal (r->parts[1], "services"))
    kind = VS_CATALOG_SERVICES;
  else if (g_str_equal (r->parts[1], "institutions"))
    kind = VS_CATALOG_INSTITUTIONS;
  else
    return not_found (error);

  if (r->n_parts == 2)
    {
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(JsonNode) stored = NULL;

      if (!is_method (r, "POST"))
        return method_not_allowed (error);
      root = parse_body (r, FALSE, error);
      if (root == NULL)
        return FALSE;
      stored = vs_store_catalog_put (r->self->store, kind, json_node_get_object (root), error);
      if (stored == NULL)
        return FALSE;
      respond_node (r->msg, SOUP_STATUS_CREATED, stored);
      return TRUE;
    }

  if (is_method (r, "PUT"))
    {
      g_autoptr(JsonNode) root = parse_body (r, FALSE, error);
      g_autoptr(JsonNode) stored = NULL;
      JsonObject *body;
      const char *id = NULL;

      if (root == NULL)
        return FALSE;
      body = json_node_get_object (root);
      if (!optional_string (body, "id", &id, error))
        return FALSE;
      if (id != NULL && !g_str_equal (id, r->parts[2]))
        return vs_error_fail (error, SOUP_STATUS_BAD_REQUEST, "invalid_parameter", "id", "请求体中的 id 与路径不符");
      /* A copy: the parser's tree is immutable */
      {
        g_autoptr(JsonNode) copy = json_node_copy (root);

        json_object_set_string_member (json_node_get_object (copy), "id", r->parts[2]);
        stored = vs_store_catalog_put (r->self->store, kind, json_node_get_object (copy), error);
      }
      if (stored == NULL)
        return FALSE;
      respond_node (r->msg, SOUP_STATUS_OK, stored);
      return TRUE;
    }

  if (is_method (r, "DELETE"))
    {
      if (!vs_store_catalog_delete (r->self->store, kind, r->parts[2], error))
        return FALSE;
      soup_server_message_set_status (r->msg, SOUP_STATUS_NO_CONTENT, NULL);
      return TRUE;
    }

  return method_not_allowed (error);
}

/* ---- faults ------------------------------------------------------------- */

static gboolean
route_faults (Request  *r,
              GError  **error)
{
  VsFaults *faults = r->self->faults;
  g_autoptr(JsonNode) list = NULL;

  if (r->n_parts != 1)
    return not_found (error);
  if (faults == NULL)
    return vs_error_fail (error, SOUP_STATUS_NOT_FOUND, "not_found", NULL, "本构建不含故障注入");

  if (is_method (r, "POST"))
    {
      g_autoptr(JsonNode) root = parse_body (r, FALSE, error);

      if (root == NULL)
        return FALSE;
      if (!vs_faults_arm (faults, json_node_get_object (root), error))
        return FALSE;
      list = vs_faults_list (faults);
      respond_node (r->msg, SOUP_STATUS_CREATED, list);
      return TRUE;
    }
  if (is_method (r, "GET"))
    {
      list = vs_faults_list (faults);
      respond_node (r->msg, SOUP_STATUS_OK, list);
      return TRUE;
    }
  if (is_method (r, "DELETE"))
    {
      vs_faults_clear (faults);
      soup_server_message_set_status (r->msg, SOUP_STATUS_NO_CONTENT, NULL);
      return TRUE;
    }
  return method_not_allowed (error);
}

/* ---- demo --------------------------------------------------------------- */

/* POST /admin/v1/demo/step: one tick of the demo timer, now */
static gboolean
route_demo (Request  *r,
            GError  **error)
{
#ifdef VS_HAVE_DEMO
  g_autoptr(JsonNode) root = NULL;
  guint moved;

  if (r->n_parts != 2 || !g_str_equal (r->parts[1], "step"))
    return not_found (error);
  if (!is_method (r, "POST"))
    return method_not_allowed (error);
  moved = vs_demo_step (r->self->store);
  root = json_node_init_object (json_node_alloc (), json_object_new ());
  json_object_set_int_member (json_node_get_object (root), "moved", moved);
  respond_node (r->msg, SOUP_STATUS_OK, root);
  return TRUE;
#else
  return not_found (error);
#endif
}

/* ---- routing ------------------------------------------------------------ */

static gboolean
route (Request  *r,
       GError  **error)
{
  const char *top;

  if (r->n_parts == 0)
    return not_found (error);
  top = r->parts[0];

  if (g_str_equal (top, "accounts"))
    return route_accounts (r, error);
  if (g_str_equal (top, "catalog"))
    return route_catalog (r, error);
  if (g_str_equal (top, "faults"))
    return route_faults (r, error);
  if (g_str_equal (top, "demo"))
    return route_demo (r, error);

  if (r->n_parts == 3)
    {
      if (g_str_equal (top, "applications") && g_str_equal (r->parts[2], "decide"))
        return move_object (r, VS_KIND_APPLICATION, application_actions,
                            G_N_ELEMENTS (application_actions), error);
      if (g_str_equal (top, "orders") && g_str_equal (r->parts[2], "act"))
        return move_object (r, VS_KIND_ORDER, order_actions, G_N_ELEMENTS (order_actions), error);
      if (g_str_equal (top, "claims") && g_str_equal (r->parts[2], "move"))
        return move_object (r, VS_KIND_CLAIM, claim_actions, G_N_ELEMENTS (claim_actions), error);
    }

  /* Any object as its owner sees it: GET /admin/v1/claims/{id} */
  if (r->n_parts == 2)
    {
      VsObjectKind kind;
      g_autoptr(JsonNode) node = NULL;

      if (!kind_from_collection (top, &kind))
        return not_found (error);
      if (!is_method (r, "GET"))
        return method_not_allowed (error);
      node = get_object (r->self->store, kind, r->parts[1], error);
      if (node == NULL)
        return FALSE;
      respond_node (r->msg, SOUP_STATUS_OK, node);
      return TRUE;
    }

  return not_found (error);
}

/* ---- GObject ------------------------------------------------------------ */

static void
vs_admin_dispose (GObject *object)
{
  VsAdmin *self = VS_ADMIN (object);

  g_clear_object (&self->store);
  g_clear_object (&self->faults);

  G_OBJECT_CLASS (vs_admin_parent_class)->dispose (object);
}

static void
vs_admin_class_init (VsAdminClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vs_admin_dispose;
}

static void
vs_admin_init (VsAdmin *self)
{
}

/* ---- public API --------------------------------------------------------- */

VsAdmin *
vs_admin_new (VsStore  *store,
              VsFaults *faults)
{
  VsAdmin *self;

  g_return_val_if_fail (VS_IS_STORE (store), NULL);
  g_return_val_if_fail (faults == NULL || VS_IS_FAULTS (faults), NULL);

  self = g_object_new (VS_TYPE_ADMIN, NULL);
  self->store = g_object_ref (store);
  self->faults = faults != NULL ? g_object_ref (faults) : NULL;
  return self;
}

void
vs_admin_handle (VsAdmin           *self,
                 SoupServerMessage *msg,
                 const char        *method,
                 const char        *path)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) parts = NULL;
  g_autoptr(GHashTable) query = NULL;
  const char *query_string;
  Request r = { 0 };

  g_return_if_fail (VS_IS_ADMIN (self));
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));
  g_return_if_fail (method != NULL && path != NULL);

  if (!g_str_has_prefix (path, ADMIN_PREFIX))
    {
      vs_respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", NULL, "资源不存在");
      return;
    }

  parts = g_strsplit (path + strlen (ADMIN_PREFIX), "/", -1);
  query_string = g_uri_get_query (soup_server_message_get_uri (msg));
  if (query_string != NULL)
    query = g_uri_parse_params (query_string, -1, "&", G_URI_PARAMS_WWW_FORM, NULL);

  r.self = self;
  r.msg = msg;
  r.method = method;
  r.parts = parts;
  r.n_parts = g_strv_length (parts);
  /* A trailing slash names the same thing */
  if (r.n_parts > 0 && *parts[r.n_parts - 1] == '\0')
    r.n_parts--;
  r.query = query;

  for (guint i = 0; i < r.n_parts; i++)
    if (*parts[i] == '\0')
      {
        vs_respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", NULL, "资源不存在");
        return;
      }

  if (!route (&r, &error))
    vs_error_respond (msg, error);
}
