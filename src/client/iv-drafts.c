/* iv-drafts.c: applications and claims being written, kept in user data across restarts */
#include "config.h"

#include "iv-drafts.h"

struct _IvDrafts
{
  GObject    parent_instance;

  IvUserDb  *user_db;
  IvStoreDb *db;
};

G_DEFINE_FINAL_TYPE (IvDrafts, iv_drafts, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
iv_drafts_dispose (GObject *object)
{
  IvDrafts *self = IV_DRAFTS (object);

  g_clear_object (&self->user_db);
  self->db = NULL;

  G_OBJECT_CLASS (iv_drafts_parent_class)->dispose (object);
}

static void
iv_drafts_class_init (IvDraftsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = iv_drafts_dispose;

  /* A draft was created, saved, changed its files or was deleted (its id) */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
iv_drafts_init (IvDrafts *self)
{
}

IvDrafts *
iv_drafts_new (IvUserDb *user_db)
{
  IvDrafts *self;

  g_return_val_if_fail (IV_IS_USER_DB (user_db), NULL);

  self = g_object_new (IV_TYPE_DRAFTS, NULL);
  self->user_db = g_object_ref (user_db);
  self->db = iv_user_db_get_db (user_db);
  return self;
}

static gboolean
check_body (JsonNode  *body,
            GError   **error)
{
  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    {
      g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_INVALID,
                   "A draft is a JSON object");
      return FALSE;
    }
  return TRUE;
}

IvDraft *
iv_drafts_create (IvDrafts    *self,
                  const char  *kind,
                  const char  *server_id,
                  JsonNode    *body,
                  GError     **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *text = NULL;
  sqlite3_stmt *stmt;
  gint64 now = g_get_real_time ();

  g_return_val_if_fail (IV_IS_DRAFTS (self), NULL);

  if (g_strcmp0 (kind, "application") != 0 && g_strcmp0 (kind, "claim") != 0)
    {
      g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_INVALID,
                   "Unknown draft kind %s", kind);
      return NULL;
    }
  if (!check_body (body, error))
    return NULL;

  text = json_to_string (body, FALSE);
  stmt = iv_store_db_prepare (self->db,
                              "INSERT INTO drafts (id, kind, server_id, body, created_at, updated_at)"
                              " VALUES (?, ?, ?, ?, ?, ?)",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, server_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, now);
  sqlite3_bind_int64 (stmt, 6, now);
  if (!iv_store_db_step_done (self->db, stmt, error))
    return NULL;

  g_signal_emit (self, signals[CHANGED], 0, id);
  return iv_drafts_get (self, id, error);
}

static gboolean
touch (IvDrafts    *self,
       const char  *id,
       const char  *body,
       GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = iv_store_db_prepare (self->db,
                              "UPDATE drafts SET body = coalesce (?2, body), updated_at = ?3 WHERE id = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
  if (!iv_store_db_step_done (self->db, stmt, error))
    return FALSE;
  if (sqlite3_changes (iv_store_db_get_handle (self->db)) == 0)
    {
      g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_NOT_FOUND, "No draft %s", id);
      return FALSE;
    }
  return TRUE;
}

/* Ends a change to the files of draft id begun with iv_store_db_begin:
 * the draft is touched and the change committed, or all rolled back */
static gboolean
commit_file_change (IvDrafts    *self,
                    const char  *id,
                    GError     **error)
{
  if (!touch (self, id, NULL, error) || !iv_store_db_commit (self->db, error))
    {
      iv_store_db_rollback (self->db);
      return FALSE;
    }

  g_signal_emit (self, signals[CHANGED], 0, id);
  return TRUE;
}

gboolean
iv_drafts_save (IvDrafts    *self,
                const char  *id,
                JsonNode    *body,
                GError     **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (IV_IS_DRAFTS (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!check_body (body, error))
    return FALSE;
  text = json_to_string (body, FALSE);
  if (!touch (self, id, text, error))
    return FALSE;

  g_signal_emit (self, signals[CHANGED], 0, id);
  return TRUE;
}

static JsonNode *
load_files (IvDrafts    *self,
            const char  *id,
            GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  sqlite3_stmt *stmt;

  stmt = iv_store_db_prepare (self->db,
                              "SELECT document_kind, filename, content_type, size, sha256"
                              " FROM draft_files WHERE draft_id = ? ORDER BY position",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);

  json_builder_begin_array (builder);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "document_kind");
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 0));
      json_builder_set_member_name (builder, "filename");
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 1));
      json_builder_set_member_name (builder, "content_type");
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 2));
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 3));
      json_builder_set_member_name (builder, "sha256");
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 4));
      json_builder_end_object (builder);
    }
  sqlite3_reset (stmt);
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

#define DRAFT_COLUMNS "id, kind, server_id, body, created_at, updated_at"

IvDraft *
iv_drafts_get (IvDrafts    *self,
               const char  *id,
               GError     **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *found = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *server_id = NULL;
  g_autofree char *body = NULL;
  gint64 created_at = 0, updated_at = 0;
  g_autoptr(JsonNode) body_node = NULL;
  g_autoptr(JsonNode) files = NULL;

  g_return_val_if_fail (IV_IS_DRAFTS (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  stmt = iv_store_db_prepare (self->db, "SELECT " DRAFT_COLUMNS " FROM drafts WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      kind = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        server_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      body = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      created_at = sqlite3_column_int64 (stmt, 4);
      updated_at = sqlite3_column_int64 (stmt, 5);
    }
  sqlite3_reset (stmt);

  if (found == NULL)
    {
      g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_NOT_FOUND, "No draft %s", id);
      return NULL;
    }
  body_node = json_from_string (body, error);
  if (body_node == NULL)
    return NULL;
  files = load_files (self, found, error);
  if (files == NULL)
    return NULL;
  return iv_draft_new (found, kind, server_id, body_node, files, created_at, updated_at);
}

GPtrArray *
iv_drafts_list (IvDrafts    *self,
                const char  *kind,
                GError     **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (IV_IS_DRAFTS (self), NULL);

  /* Ids first: loading a draft's files reuses statements */
  stmt = iv_store_db_prepare (self->db,
                              "SELECT id FROM drafts WHERE ?1 IS NULL OR kind = ?1"
                              " ORDER BY updated_at DESC, id",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);

  for (guint i = 0; i < ids->len; i++)
    {
      IvDraft *draft = iv_drafts_get (self, g_ptr_array_index (ids, i), error);
      if (draft == NULL)
        return NULL;
      g_ptr_array_add (drafts, draft);
    }
  return g_steal_pointer (&drafts);
}

gboolean
iv_drafts_delete (IvDrafts    *self,
                  const char  *id,
                  GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (IV_IS_DRAFTS (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  /* draft_files go with it (ON DELETE CASCADE); copies are collected later
   * since the outbox may still need them */
  stmt = iv_store_db_prepare (self->db, "DELETE FROM drafts WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (!iv_store_db_step_done (self->db, stmt, error))
    return FALSE;
  if (sqlite3_changes (iv_store_db_get_handle (self->db)) == 0)
    {
      g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_NOT_FOUND, "No draft %s", id);
      return FALSE;
    }

  g_signal_emit (self, signals[CHANGED], 0, id);
  return TRUE;
}

gboolean
iv_drafts_attach_file (IvDrafts      *self,
                       const char    *id,
                       const char    *document_kind,
                       GFile         *file,
                       const char    *filename,
                       const char    *content_type,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autofree char *sha256 = NULL;
  g_autofree char *sniffed = NULL;
  g_autofree char *basename = NULL;
  goffset size = 0;

  g_return_val_if_fail (IV_IS_DRAFTS (self), FALSE);
  g_return_val_if_fail (id != NULL && document_kind != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  sha256 = iv_user_db_import_file (self->user_db, file, &size, &sniffed, cancellable, error);
  if (sha256 == NULL)
    return FALSE;
  if (content_type == NULL)
    content_type = sniffed;
  if (content_type == NULL)
    {
      g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_UNSUPPORTED_TYPE,
                   "Only PDF, PNG and JPEG files can be attached");
      return FALSE;
    }
  if (filename == NULL)
    filename = basename = g_file_get_basename (file);

  return iv_drafts_attach_copied_file (self, id, document_kind, filename, content_type, size, sha256, error);
}

gboolean
iv_drafts_attach_copied_file (IvDrafts    *self,
                              const char  *id,
                              const char  *document_kind,
                              const char  *filename,
                              const char  *content_type,
                              goffset      size,
                              const char  *sha256,
                              GError     **error)
{
  g_autofree char *path = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (IV_IS_DRAFTS (self), FALSE);
  g_return_val_if_fail (id != NULL && document_kind != NULL, FALSE);
  g_return_val_if_fail (filename != NULL && content_type != NULL && sha256 != NULL, FALSE);

  /* Only a copy that is really there may be cited: the draft must never
   * point at a file the user would lose */
  path = iv_user_db_get_file_path (self->user_db, sha256);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_NOT_FOUND, "No copied file %s", sha256);
      return FALSE;
    }

  if (!iv_store_db_begin (self->db, error))
    return FALSE;
  stmt = iv_store_db_prepare (self->db,
                              "INSERT INTO draft_files (draft_id, position, document_kind, filename,"
                              " content_type, size, sha256)"
                              " VALUES (?1, (SELECT coalesce (max (position), -1) + 1 FROM draft_files"
                              " WHERE draft_id = ?1), ?2, ?3, ?4, ?5, ?6)",
                              error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, document_kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, filename, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, content_type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, size);
  sqlite3_bind_text (stmt, 6, sha256, -1, SQLITE_TRANSIENT);
  /* A missing draft shows as a foreign key failure */
  if (!iv_store_db_step_done (self->db, stmt, NULL))
    {
      g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_NOT_FOUND, "No draft %s", id);
      goto fail;
    }
  return commit_file_change (self, id, error);

fail:
  iv_store_db_rollback (self->db);
  return FALSE;
}

gboolean
iv_drafts_remove_file (IvDrafts    *self,
                       const char  *id,
                       guint        index,
                       GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (IV_IS_DRAFTS (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!iv_store_db_begin (self->db, error))
    return FALSE;
  stmt = iv_store_db_prepare (self->db,
                              "DELETE FROM draft_files WHERE draft_id = ?1 AND position ="
                              " (SELECT position FROM draft_files WHERE draft_id = ?1"
                              "  ORDER BY position LIMIT 1 OFFSET ?2)",
                              error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, index);
  if (!iv_store_db_step_done (self->db, stmt, error))
    goto fail;
  if (sqlite3_changes (iv_store_db_get_handle (self->db)) == 0)
    {
      g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_NOT_FOUND,
                   "Draft %s has no file %u", id, index);
      goto fail;
    }
  return commit_file_change (self, id, error);

fail:
  iv_store_db_rollback (self->db);
  return FALSE;
}

GFile *
iv_drafts_get_file (IvDrafts   *self,
                    const char *sha256)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (IV_IS_DRAFTS (self), NULL);

  path = iv_user_db_get_file_path (self->user_db, sha256);
  return g_file_new_for_path (path);
}
