/* iv-outbox.c: the durable queue of writes, saved before any network */
#include "config.h"

#include "iv-outbox.h"
#include "iv-outbox-item-private.h"

struct _IvOutbox
{
  GObject    parent_instance;

  IvUserDb  *user_db;
  IvStoreDb *db;
  guint      pending_count;
  guint      attention_count;
  guint      recovered_count;
};

G_DEFINE_FINAL_TYPE (IvOutbox, iv_outbox, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PENDING_COUNT,
  PROP_ATTENTION_COUNT,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define FINISHED_STATES "('done', 'discarded')"

static int
query_count (IvStoreDb  *db,
             const char *sql)
{
  sqlite3_stmt *stmt = iv_store_db_prepare (db, sql, NULL);
  int count = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return count;
}

static void
refresh_counts (IvOutbox *self)
{
  guint pending = query_count (self->db,
                               "SELECT count(*) FROM outbox WHERE state NOT IN " FINISHED_STATES);
  guint attention = query_count (self->db,
                                 "SELECT count(*) FROM outbox WHERE state = 'needs_attention'");

  if (pending != self->pending_count)
    {
      self->pending_count = pending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING_COUNT]);
    }
  if (attention != self->attention_count)
    {
      self->attention_count = attention;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTENTION_COUNT]);
    }
}

/* After every committed change: counts first, so handlers see them current */
static void
emit_changed (IvOutbox *self,
              gint64    id)
{
  refresh_counts (self);
  g_signal_emit (self, signals[CHANGED], 0, id);
}

static void
iv_outbox_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  IvOutbox *self = IV_OUTBOX (object);

  switch (prop_id)
    {
    case PROP_PENDING_COUNT:
      g_value_set_uint (value, self->pending_count);
      break;
    case PROP_ATTENTION_COUNT:
      g_value_set_uint (value, self->attention_count);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_outbox_dispose (GObject *object)
{
  IvOutbox *self = IV_OUTBOX (object);

  g_clear_object (&self->user_db);
  self->db = NULL;

  G_OBJECT_CLASS (iv_outbox_parent_class)->dispose (object);
}

static void
iv_outbox_class_init (IvOutboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = iv_outbox_get_property;
  object_class->dispose = iv_outbox_dispose;

  properties[PROP_PENDING_COUNT] =
    g_param_spec_uint ("pending-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ATTENTION_COUNT] =
    g_param_spec_uint ("attention-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted after each committed change of an item (its id) */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
iv_outbox_init (IvOutbox *self)
{
}

IvOutbox *
iv_outbox_new (IvUserDb  *user_db,
               GError   **error)
{
  g_autoptr(IvOutbox) self = NULL;

  g_return_val_if_fail (IV_IS_USER_DB (user_db), NULL);

  self = g_object_new (IV_TYPE_OUTBOX, NULL);
  self->user_db = g_object_ref (user_db);
  self->db = iv_user_db_get_db (user_db);

  /* A call was under way when we stopped: we cannot know whether the
   * service got it, so send it again with the same key */
  if (!iv_store_db_exec (self->db,
                         "UPDATE outbox SET state = 'queued' WHERE state = 'in_flight'",
                         error))
    return NULL;
  self->recovered_count = sqlite3_changes (iv_store_db_get_handle (self->db));

  refresh_counts (self);
  return g_steal_pointer (&self);
}

static gboolean
parse_placeholder (const char *string,
                   gint64     *out_id)
{
  guint64 id;

  if (string == NULL || !g_str_has_prefix (string, IV_OUTBOX_PLACEHOLDER_PREFIX))
    return FALSE;
  if (!g_ascii_string_to_unsigned (string + strlen (IV_OUTBOX_PLACEHOLDER_PREFIX), 10,
                                   1, G_MAXINT64, &id, NULL))
    return FALSE;
  *out_id = (gint64) id;
  return TRUE;
}

static void
collect_placeholders (JsonNode *node,
                      GArray   *ids)
{
  gint64 id;

  if (node == NULL)
    return;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, NULL, &member))
          collect_placeholders (member, ids);
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          collect_placeholders (json_array_get_element (array, i), ids);
      }
      break;
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING &&
          parse_placeholder (json_node_get_string (node), &id))
        g_array_append_val (ids, id);
      break;
    case JSON_NODE_NULL:
    default:
      break;
    }
}

static gboolean
insert_dependencies (IvOutbox  *self,
                     gint64     item_id,
                     GArray    *ids,
                     GError   **error)
{
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 dep = g_array_index (ids, gint64, i);
      sqlite3_stmt *stmt;

      if (dep >= item_id)
        {
          g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_INVALID,
                       "Outbox item %" G_GINT64_FORMAT " cannot wait for a later item", item_id);
          return FALSE;
        }
      stmt = iv_store_db_prepare (self->db, "SELECT state FROM outbox WHERE id = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, dep);
      if (sqlite3_step (stmt) != SQLITE_ROW ||
          g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "discarded") == 0)
        {
          sqlite3_reset (stmt);
          g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_INVALID,
                       "Outbox item %" G_GINT64_FORMAT " does not exist or was discarded", dep);
          return FALSE;
        }
      sqlite3_reset (stmt);

      stmt = iv_store_db_prepare (self->db,
                                  "INSERT OR IGNORE INTO outbox_deps (item_id, depends_on) VALUES (?, ?)",
                                  error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, item_id);
      sqlite3_bind_int64 (stmt, 2, dep);
      if (!iv_store_db_step_done (self->db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static IvOutboxItem *
load_item (IvOutbox  *self,
           gint64     id,
           GError   **error)
{
  sqlite3_stmt *stmt;
  IvOutboxItem *item;

  stmt = iv_store_db_prepare (self->db,
                              "SELECT " IV_OUTBOX_ITEM_COLUMNS " FROM outbox WHERE id = ?",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_NOT_FOUND,
                   "No outbox item %" G_GINT64_FORMAT, id);
      return NULL;
    }
  item = iv_outbox_item_new_from_row (stmt);
  sqlite3_reset (stmt);

  stmt = iv_store_db_prepare (self->db,
                              "SELECT depends_on FROM outbox_deps WHERE item_id = ? ORDER BY depends_on",
                              error);
  if (stmt == NULL)
    {
      g_object_unref (item);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    iv_outbox_item_add_dependency (item, sqlite3_column_int64 (stmt, 0));
  sqlite3_reset (stmt);

  return item;
}

static gboolean
check_kind_needs (IvOutboxKind   kind,
                  const char    *target_id,
                  JsonNode      *body,
                  GError       **error)
{
  gboolean needs_target = kind == IV_OUTBOX_KIND_RESUBMIT_APPLICATION ||
                          kind == IV_OUTBOX_KIND_WITHDRAW_APPLICATION ||
                          kind == IV_OUTBOX_KIND_CANCEL_ORDER ||
                          kind == IV_OUTBOX_KIND_RESUBMIT_CLAIM;
  gboolean needs_body = kind == IV_OUTBOX_KIND_CREATE_APPLICATION ||
                        kind == IV_OUTBOX_KIND_RESUBMIT_APPLICATION ||
                        kind == IV_OUTBOX_KIND_CREATE_ORDER ||
                        kind == IV_OUTBOX_KIND_CREATE_CLAIM ||
                        kind == IV_OUTBOX_KIND_RESUBMIT_CLAIM;

  if (kind == IV_OUTBOX_KIND_UPLOAD_ATTACHMENT)
    {
      g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_INVALID,
                   "Uploads are queued with iv_outbox_enqueue_upload ()");
      return FALSE;
    }
  if (needs_target && (target_id == NULL || *target_id == '\0'))
    {
      g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_INVALID,
                   "A %s needs the id it addresses", iv_outbox_kind_to_string (kind));
      return FALSE;
    }
  if (needs_body && (body == NULL || !JSON_NODE_HOLDS_OBJECT (body)))
    {
      g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_INVALID,
                   "A %s needs a JSON object body", iv_outbox_kind_to_string (kind));
      return FALSE;
    }
  return TRUE;
}

static gint64
insert_row (IvOutbox     *self,
            IvOutboxKind  kind,
            const char   *target_id,
            gint64        if_match,
            const char   *body,
            const char   *draft_id,
            const char   *filename,
            const char   *content_type,
            goffset       size,
            const char   *sha256,
            GError      **error)
{
  g_autofree char *key = g_uuid_string_random ();
  gint64 now = g_get_real_time ();
  sqlite3_stmt *stmt;

  stmt = iv_store_db_prepare (self->db,
                              "INSERT INTO outbox (kind, state, idempotency_key, target_id, if_match, body,"
                              " draft_id, filename, content_type, size, sha256, created_at, updated_at)"
                              " VALUES (?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                              error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, iv_outbox_kind_to_string (kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, target_id, -1, SQLITE_TRANSIENT);
  if (if_match >= 0)
    sqlite3_bind_int64 (stmt, 4, if_match);
  sqlite3_bind_text (stmt, 5, body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, draft_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, filename, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, content_type, -1, SQLITE_TRANSIENT);
  if (sha256 != NULL)
    sqlite3_bind_int64 (stmt, 9, size);
  sqlite3_bind_text (stmt, 10, sha256, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 11, now);
  sqlite3_bind_int64 (stmt, 12, now);
  if (!iv_store_db_step_done (self->db, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (iv_store_db_get_handle (self->db));
}

IvOutboxItem *
iv_outbox_enqueue (IvOutbox      *self,
                   IvOutboxKind   kind,
                   const char    *target_id,
                   gint64         if_match,
                   JsonNode      *body,
                   const char    *draft_id,
                   const gint64  *depends_on,
                   guint          n_depends_on,
                   GError       **error)
{
  g_autoptr(GArray) deps = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *body_string = NULL;
  gint64 id, target_dep;

  g_return_val_if_fail (IV_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (n_depends_on == 0 || depends_on != NULL, NULL);

  if (!check_kind_needs (kind, target_id, body, error))
    return NULL;

  if (body != NULL)
    body_string = json_to_string (body, FALSE);
  if (depends_on != NULL)
    g_array_append_vals (deps, depends_on, n_depends_on);
  collect_placeholders (body, deps);
  if (parse_placeholder (target_id, &target_dep))
    g_array_append_val (deps, target_dep);

  if (!iv_store_db_begin (self->db, error))
    return NULL;
  id = insert_row (self, kind, target_id, if_match, body_string, draft_id,
                   NULL, NULL, 0, NULL, error);
  if (id == 0 ||
      !insert_dependencies (self, id, deps, error) ||
      !iv_store_db_commit (self->db, error))
    {
      iv_store_db_rollback (self->db);
      return NULL;
    }

  emit_changed (self, id);
  return load_item (self, id, error);
}

IvOutboxItem *
iv_outbox_enqueue_upload (IvOutbox      *self,
                          GFile         *file,
                          const char    *filename,
                          const char    *content_type,
                          const char    *draft_id,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autofree char *sha256 = NULL;
  g_autofree char *sniffed = NULL;
  g_autofree char *basename = NULL;
  goffset size = 0;
  gint64 id;

  g_return_val_if_fail (IV_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  /* The copy is whole on disk before the row that cites it is committed;
   * a crash in between leaves only an unreferenced copy to collect */
  sha256 = iv_user_db_import_file (self->user_db, file, &size, &sniffed, cancellable, error);
  if (sha256 == NULL)
    return NULL;

  if (content_type == NULL)
    content_type = sniffed;
  if (content_type == NULL)
    {
      g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_UNSUPPORTED_TYPE,
                   "Only PDF, PNG and JPEG files can be attached");
      return NULL;
    }
  if (filename == NULL)
    filename = basename = g_file_get_basename (file);

  if (!iv_store_db_begin (self->db, error))
    return NULL;
  id = insert_row (self, IV_OUTBOX_KIND_UPLOAD_ATTACHMENT, NULL, -1, NULL, draft_id,
                   filename, content_type, size, sha256, error);
  if (id == 0 || !iv_store_db_commit (self->db, error))
    {
      iv_store_db_rollback (self->db);
      return NULL;
    }

  emit_changed (self, id);
  return load_item (self, id, error);
}

IvOutboxItem *
iv_outbox_get_item (IvOutbox  *self,
                    gint64     id,
                    GError   **error)
{
  g_return_val_if_fail (IV_IS_OUTBOX (self), NULL);
  return load_item (self, id, error);
}

static GPtrArray *
list_ids (IvOutbox   *self,
          const char *sql,
          const char *arg,
          GError    **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt = iv_store_db_prepare (self->db, sql, error);

  if (stmt == NULL)
    return NULL;
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < ids->len; i++)
    {
      IvOutboxItem *item = load_item (self, g_array_index (ids, gint64, i), error);
      if (item == NULL)
        return NULL;
      g_ptr_array_add (items, item);
    }
  return g_steal_pointer (&items);
}

GPtrArray *
iv_outbox_list (IvOutbox  *self,
                gboolean   include_finished,
                GError   **error)
{
  g_return_val_if_fail (IV_IS_OUTBOX (self), NULL);

  if (include_finished)
    return list_ids (self, "SELECT id FROM outbox ORDER BY id", NULL, error);
  return list_ids (self, "SELECT id FROM outbox WHERE state NOT IN " FINISHED_STATES " ORDER BY id",
                   NULL, error);
}

GPtrArray *
iv_outbox_list_for_draft (IvOutbox   *self,
                          const char *draft_id,
                          GError    **error)
{
  g_return_val_if_fail (IV_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (draft_id != NULL, NULL);

  return list_ids (self, "SELECT id FROM outbox WHERE draft_id = ? ORDER BY id", draft_id, error);
}

/* Ready = may be sent now; see the header for the rules */
#define READY_CONDITION \
  " AND NOT EXISTS (SELECT 1 FROM outbox_deps d JOIN outbox p ON p.id = d.depends_on" \
  "                 WHERE d.item_id = o.id AND p.state <> 'done')" \
  " AND (o.draft_id IS NULL OR NOT EXISTS (SELECT 1 FROM outbox e INDEXED BY outbox_by_draft" \
  "      WHERE e.draft_id = o.draft_id AND e.id < o.id AND e.state NOT IN " FINISHED_STATES "))" \
  " AND (o.target_id IS NULL OR NOT EXISTS (SELECT 1 FROM outbox e INDEXED BY outbox_by_target" \
  "      WHERE e.target_id = o.target_id AND e.id < o.id AND e.state NOT IN " FINISHED_STATES "))"

IvOutboxItem *
iv_outbox_next_ready_item (IvOutbox  *self,
                           gint64     now,
                           GError   **error)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;
  int rc;

  g_return_val_if_fail (IV_IS_OUTBOX (self), NULL);

  stmt = iv_store_db_prepare (self->db,
                              "SELECT o.id FROM outbox o"
                              " WHERE (o.state = 'queued' OR (o.state = 'retry_wait' AND o.next_attempt_at <= ?))"
                              READY_CONDITION
                              " ORDER BY o.id LIMIT 1",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, now);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      iv_store_db_set_error (self->db, error, "Cannot read the outbox");
      return NULL;
    }
  if (id == 0)
    return NULL;
  return load_item (self, id, error);
}

gint64
iv_outbox_get_next_wakeup (IvOutbox *self)
{
  sqlite3_stmt *stmt;
  gint64 when = 0;

  g_return_val_if_fail (IV_IS_OUTBOX (self), 0);

  stmt = iv_store_db_prepare (self->db,
                              "SELECT min(next_attempt_at) FROM outbox o WHERE o.state = 'retry_wait'"
                              READY_CONDITION,
                              NULL);
  if (stmt == NULL)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    when = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return when;
}

static char *
lookup_server_id (IvOutbox    *self,
                  const char  *placeholder,
                  GError     **error)
{
  sqlite3_stmt *stmt;
  char *server_id = NULL;
  gint64 id;

  if (!parse_placeholder (placeholder, &id))
    return g_strdup (placeholder);

  stmt = iv_store_db_prepare (self->db, "SELECT server_id FROM outbox WHERE id = ? AND state = 'done'", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    server_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (server_id == NULL)
    g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_INVALID,
                 "%s has not been sent yet", placeholder);
  return server_id;
}

static gboolean
replace_placeholders (IvOutbox  *self,
                      JsonNode  *node,
                      GError   **error)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, NULL, &member))
          if (!replace_placeholders (self, member, error))
            return FALSE;
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          if (!replace_placeholders (self, json_array_get_element (array, i), error))
            return FALSE;
      }
      break;
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING &&
          g_str_has_prefix (json_node_get_string (node), IV_OUTBOX_PLACEHOLDER_PREFIX))
        {
          g_autofree char *server_id = lookup_server_id (self, json_node_get_string (node), error);
          if (server_id == NULL)
            return FALSE;
          json_node_set_string (node, server_id);
        }
      break;
    case JSON_NODE_NULL:
    default:
      break;
    }
  return TRUE;
}

JsonNode *
iv_outbox_resolve_body (IvOutbox      *self,
                        IvOutboxItem  *item,
                        char         **out_target_id,
                        GError       **error)
{
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *target = NULL;
  const char *body_string;

  g_return_val_if_fail (IV_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (IV_IS_OUTBOX_ITEM (item), NULL);

  if (iv_outbox_item_get_target_id (item) != NULL)
    {
      target = lookup_server_id (self, iv_outbox_item_get_target_id (item), error);
      if (target == NULL)
        return NULL;
    }

  /* A fresh parse of the stored text: the item's own node stays as queued */
  body_string = iv_outbox_item_get_body_string (item);
  if (body_string != NULL)
    {
      body = json_from_string (body_string, error);
      if (body == NULL || !replace_placeholders (self, body, error))
        return NULL;
    }
  else
    body = json_node_new (JSON_NODE_NULL);

  if (out_target_id != NULL)
    *out_target_id = g_steal_pointer (&target);
  return g_steal_pointer (&body);
}

GFile *
iv_outbox_get_file (IvOutbox     *self,
                    IvOutboxItem *item)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (IV_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (IV_IS_OUTBOX_ITEM (item), NULL);

  if (iv_outbox_item_get_sha256 (item) == NULL)
    return NULL;
  path = iv_user_db_get_file_path (self->user_db, iv_outbox_item_get_sha256 (item));
  return g_file_new_for_path (path);
}

/* One state change in one transaction, allowed only from the given states */
static gboolean
change_state (IvOutbox     *self,
              gint64        id,
              const char   *allowed_from,
              const char   *sql,
              const char   *text1,
              const char   *text2,
              const char   *text3,
              gint64        number,
              GError      **error)
{
  g_autofree char *state = NULL;
  g_auto(GStrv) allowed = g_strsplit (allowed_from, ",", -1);
  sqlite3_stmt *stmt;

  if (!iv_store_db_begin (self->db, error))
    return FALSE;

  stmt = iv_store_db_prepare (self->db, "SELECT state FROM outbox WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    state = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (state == NULL)
    {
      g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_NOT_FOUND,
                   "No outbox item %" G_GINT64_FORMAT, id);
      goto fail;
    }
  if (!g_strv_contains ((const char * const *) allowed, state))
    {
      g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_INVALID,
                   "Outbox item %" G_GINT64_FORMAT " is %s", id, state);
      goto fail;
    }

  /* ?1 id, ?2 now, ?3..?5 texts, ?6 number */
  stmt = iv_store_db_prepare (self->db, sql, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
  if (sqlite3_bind_parameter_count (stmt) >= 3)
    sqlite3_bind_text (stmt, 3, text1, -1, SQLITE_TRANSIENT);
  if (sqlite3_bind_parameter_count (stmt) >= 4)
    sqlite3_bind_text (stmt, 4, text2, -1, SQLITE_TRANSIENT);
  if (sqlite3_bind_parameter_count (stmt) >= 5)
    sqlite3_bind_text (stmt, 5, text3, -1, SQLITE_TRANSIENT);
  if (sqlite3_bind_parameter_count (stmt) >= 6)
    sqlite3_bind_int64 (stmt, 6, number);
  if (!iv_store_db_step_done (self->db, stmt, error) ||
      !iv_store_db_commit (self->db, error))
    goto fail;

  emit_changed (self, id);
  return TRUE;

fail:
  iv_store_db_rollback (self->db);
  return FALSE;
}

gboolean
iv_outbox_mark_in_flight (IvOutbox  *self,
                          gint64     id,
                          GError   **error)
{
  g_return_val_if_fail (IV_IS_OUTBOX (self), FALSE);
  return change_state (self, id, "queued,retry_wait",
                       "UPDATE outbox SET state = 'in_flight', attempts = attempts + 1,"
                       " next_attempt_at = NULL, updated_at = ?2 WHERE id = ?1",
                       NULL, NULL, NULL, 0, error);
}

gboolean
iv_outbox_mark_done (IvOutbox    *self,
                     gint64       id,
                     const char  *server_id,
                     const char  *response,
                     GError     **error)
{
  g_return_val_if_fail (IV_IS_OUTBOX (self), FALSE);
  return change_state (self, id, "in_flight",
                       "UPDATE outbox SET state = 'done', server_id = ?3, response = ?4,"
                       " error_code = NULL, error_message = NULL, error_field = NULL,"
                       " updated_at = ?2 WHERE id = ?1",
                       server_id, response, NULL, 0, error);
}

gboolean
iv_outbox_mark_retry (IvOutbox  *self,
                      gint64     id,
                      gint64     next_attempt_at,
                      GError   **error)
{
  g_return_val_if_fail (IV_IS_OUTBOX (self), FALSE);
  return change_state (self, id, "in_flight",
                       "UPDATE outbox SET state = 'retry_wait', next_attempt_at = ?6,"
                       " updated_at = ?2 WHERE id = ?1",
                       NULL, NULL, NULL, next_attempt_at, error);
}

gboolean
iv_outbox_mark_queued (IvOutbox  *self,
                       gint64     id,
                       GError   **error)
{
  g_return_val_if_fail (IV_IS_OUTBOX (self), FALSE);
  return change_state (self, id, "in_flight,retry_wait",
                       "UPDATE outbox SET state = 'queued', next_attempt_at = NULL,"
                       " updated_at = ?2 WHERE id = ?1",
                       NULL, NULL, NULL, 0, error);
}

gboolean
iv_outbox_mark_needs_attention (IvOutbox    *self,
                                gint64       id,
                                const char  *code,
                                const char  *message,
                                const char  *field,
                                GError     **error)
{
  g_return_val_if_fail (IV_IS_OUTBOX (self), FALSE);
  return change_state (self, id, "in_flight",
                       "UPDATE outbox SET state = 'needs_attention', error_code = ?3,"
                       " error_message = ?4, error_field = ?5, next_attempt_at = NULL,"
                       " updated_at = ?2 WHERE id = ?1",
                       code, message, field, 0, error);
}

gboolean
iv_outbox_discard (IvOutbox  *self,
                   gint64     id,
                   GError   **error)
{
  g_return_val_if_fail (IV_IS_OUTBOX (self), FALSE);
  /* The recursive part takes every unfinished item that waits, directly
   * or not, for this one */
  return change_state (self, id, "queued,retry_wait,needs_attention",
                       "WITH RECURSIVE gone (id) AS (SELECT ?1"
                       "  UNION SELECT d.item_id FROM outbox_deps d JOIN gone g ON d.depends_on = g.id)"
                       " UPDATE outbox SET state = 'discarded', updated_at = ?2"
                       " WHERE id IN (SELECT id FROM gone) AND state NOT IN ('done', 'in_flight')",
                       NULL, NULL, NULL, 0, error);
}

IvOutboxItem *
iv_outbox_edit_and_retry (IvOutbox  *self,
                          gint64     id,
                          JsonNode  *new_body,
                          gint64     if_match,
                          GError   **error)
{
  g_autoptr(IvOutboxItem) item = NULL;
  g_autoptr(GArray) deps = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *body_string = NULL;
  g_autofree char *new_key = NULL;
  sqlite3_stmt *stmt;
  gint64 target_dep;
  gboolean same;

  g_return_val_if_fail (IV_IS_OUTBOX (self), NULL);

  item = load_item (self, id, error);
  if (item == NULL)
    return NULL;
  if (iv_outbox_item_get_state (item) != IV_OUTBOX_STATE_NEEDS_ATTENTION)
    {
      g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_INVALID,
                   "Outbox item %" G_GINT64_FORMAT " does not need attention", id);
      return NULL;
    }
  if (new_body != NULL && !JSON_NODE_HOLDS_OBJECT (new_body))
    {
      g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_INVALID, "The body must be a JSON object");
      return NULL;
    }

  body_string = new_body != NULL ? json_to_string (new_body, FALSE)
                                 : g_strdup (iv_outbox_item_get_body_string (item));
  if (if_match < 0)
    if_match = iv_outbox_item_get_if_match (item);
  same = g_strcmp0 (body_string, iv_outbox_item_get_body_string (item)) == 0 &&
         if_match == iv_outbox_item_get_if_match (item);
  /* Same request: same key, so a first attempt that did go through is
   * answered, not repeated.  Another request: a new key, or the service
   * refuses it as idempotency_key_reused. */
  new_key = same ? g_strdup (iv_outbox_item_get_idempotency_key (item)) : g_uuid_string_random ();

  if (new_body != NULL)
    collect_placeholders (new_body, deps);
  else if (iv_outbox_item_get_body (item) != NULL)
    collect_placeholders (iv_outbox_item_get_body (item), deps);
  if (parse_placeholder (iv_outbox_item_get_target_id (item), &target_dep))
    g_array_append_val (deps, target_dep);

  if (!iv_store_db_begin (self->db, error))
    return NULL;
  stmt = iv_store_db_prepare (self->db,
                              "UPDATE outbox SET state = 'queued', body = ?2, if_match = ?3,"
                              " idempotency_key = ?4, error_code = NULL, error_message = NULL,"
                              " error_field = NULL, next_attempt_at = NULL, updated_at = ?5"
                              " WHERE id = ?1 AND state = 'needs_attention'",
                              error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, body_string, -1, SQLITE_TRANSIENT);
  if (if_match >= 0)
    sqlite3_bind_int64 (stmt, 3, if_match);
  sqlite3_bind_text (stmt, 4, new_key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time ());
  if (!iv_store_db_step_done (self->db, stmt, error))
    goto fail;

  stmt = iv_store_db_prepare (self->db, "DELETE FROM outbox_deps WHERE item_id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!iv_store_db_step_done (self->db, stmt, error) ||
      !insert_dependencies (self, id, deps, error) ||
      !iv_store_db_commit (self->db, error))
    goto fail;

  emit_changed (self, id);
  return load_item (self, id, error);

fail:
  iv_store_db_rollback (self->db);
  return NULL;
}

guint
iv_outbox_get_pending_count (IvOutbox *self)
{
  g_return_val_if_fail (IV_IS_OUTBOX (self), 0);
  return self->pending_count;
}

guint
iv_outbox_get_attention_count (IvOutbox *self)
{
  g_return_val_if_fail (IV_IS_OUTBOX (self), 0);
  return self->attention_count;
}

guint
iv_outbox_get_recovered_count (IvOutbox *self)
{
  g_return_val_if_fail (IV_IS_OUTBOX (self), 0);
  return self->recovered_count;
}

IvUserDb *
iv_outbox_get_user_db (IvOutbox *self)
{
  g_return_val_if_fail (IV_IS_OUTBOX (self), NULL);
  return self->user_db;
}
