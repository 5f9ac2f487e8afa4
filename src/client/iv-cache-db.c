/* iv-cache-db.c: the cache database (what the service last said), rebuilt when it cannot be opened */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "iv-cache-db.h"
#include "iv-catalog-text.h"

/* One connection's way of applying catalog pages.  The statements are
 * prepared once (the store's statement cache hashes the whole SQL text at
 * every call). */
typedef struct {
  IvStoreDb    *db;
  sqlite3_stmt *stmts[7];
} Writer;

struct _IvCacheDb
{
  GObject    parent_instance;

  IvStoreDb *db;
  char      *rebuild_reason;
  guint64    catalog_generation;
  /* Applying catalog pages on this thread, with self->db */
  Writer     main;
  /* … or on a worker thread, with a connection of its own (WAL: the main
   * thread's connection keeps reading meanwhile); one page at a time */
  char      *path;
  GMutex     worker_lock;
  Writer     worker;
  gboolean   worker_busy;   /* a page is on the worker thread */
  GQueue     worker_queue;  /* GTask *: pages after it, in order */
};

/* Schema 2 deferred indexing a full sync to its last page and kept how far
 * it had got under this key; since schema 3 each page is indexed as it is
 * applied, and the migrations remove the key */
#define INDEXED_UPTO_KEY "search_indexed_upto"

/* Every connection to the cache, the main one and the worker's.  Catalog
 * sync writes large FTS5 segments: a bigger page cache and memory-mapped
 * reads keep that from going back to the disk.  The cache can be fetched
 * again: a commit need not wait for the disk (WAL keeps it consistent; a
 * power cut may only lose the last pages of a sync, resumed from the
 * position saved with them). */
#define CONNECTION_PRAGMAS \
  "PRAGMA cache_size = -32768; PRAGMA mmap_size = 268435456;" \
  " PRAGMA temp_store = MEMORY; PRAGMA synchronous = NORMAL;"

/* IvCatalogSync's resume position: forgotten with the catalog */
#define SYNC_POSITION_KEY "catalog_sync.position"

G_DEFINE_FINAL_TYPE (IvCacheDb, iv_cache_db, G_TYPE_OBJECT)

/* Accreditation bits kept per institution for filtering */
#define ACC_CMA  1
#define ACC_CNAS 2

static const IvStoreMigration cache_migrations[] = {
  { 1,
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
    "CREATE TABLE resources ("
    "  path TEXT PRIMARY KEY,"
    "  etag TEXT,"
    "  updated_at INTEGER NOT NULL);"
    /* Account, policy, vouchers, applications, orders, claims, receipts:
     * the JSON as the service sent it plus what lists need */
    "CREATE TABLE objects ("
    "  kind TEXT NOT NULL,"
    "  id TEXT NOT NULL,"
    "  position INTEGER NOT NULL DEFAULT 0,"
    "  status TEXT,"
    "  number TEXT,"
    "  json TEXT NOT NULL,"
    "  PRIMARY KEY (kind, id));"
    "CREATE INDEX objects_by_position ON objects (kind, position);"
    "CREATE TABLE categories ("
    "  code TEXT PRIMARY KEY,"
    "  position INTEGER NOT NULL,"
    "  json TEXT NOT NULL);"
    "CREATE TABLE institutions ("
    "  rowid INTEGER PRIMARY KEY,"
    "  id TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL,"
    "  district TEXT NOT NULL,"
    "  accreditations INTEGER NOT NULL,"
    "  json TEXT NOT NULL);"
    "CREATE TABLE services ("
    "  rowid INTEGER PRIMARY KEY,"
    "  id TEXT NOT NULL UNIQUE,"
    "  institution_id TEXT NOT NULL,"
    "  category TEXT NOT NULL,"
    "  title TEXT NOT NULL,"
    "  title_key TEXT NOT NULL,"  /* normalized, for ranking */
    "  price_fen INTEGER,"
    "  json TEXT NOT NULL);"
    "CREATE INDEX services_by_institution ON services (institution_id);"
    /* Search: 1–2 character grams (see iv-catalog-text.h) and trigrams
     * for longer words; both keyed by the service's rowid */
    "CREATE VIRTUAL TABLE search_grams USING fts5 (grams, tokenize = 'unicode61 remove_diacritics 0', detail = none);"
    "CREATE VIRTUAL TABLE search_trigrams USING fts5 (text, tokenize = 'trigram');"
  },
  /* No per-row column sizes (only bm25 needs them, search does not rank
   * with it); the tables start empty and are filled in bulk */
  { 2,
    "DROP TABLE search_grams;"
    "DROP TABLE search_trigrams;"
    "CREATE VIRTUAL TABLE search_grams USING fts5 (grams, tokenize = 'unicode61 remove_diacritics 0',"
    "  detail = none, columnsize = 0);"
    "CREATE VIRTUAL TABLE search_trigrams USING fts5 (text, tokenize = 'trigram', columnsize = 0);"
    "INSERT INTO meta (key, value) VALUES ('" INDEXED_UPTO_KEY "', '0')"
    "  ON CONFLICT (key) DO UPDATE SET value = excluded.value;"
  },
  /* A service's rows hold only its title and description, its
   * institution's name and district are indexed once in their own tables
   * (a quarter fewer tokens; renaming an institution rewrites one row).
   * The service tables are contentless (no second copy of every text:
   * half the bytes written); their rows are deleted with the same values,
   * made again from the stored service.  The catalog is fetched again. */
  { 3,
    "DROP TABLE search_grams;"
    "DROP TABLE search_trigrams;"
    "CREATE VIRTUAL TABLE search_grams USING fts5 (grams, tokenize = 'unicode61 remove_diacritics 0',"
    "  detail = none, columnsize = 0, content = '');"
    "CREATE VIRTUAL TABLE search_trigrams USING fts5 (text, tokenize = 'trigram', columnsize = 0, content = '');"
    "CREATE VIRTUAL TABLE search_inst_grams USING fts5 (grams, tokenize = 'unicode61 remove_diacritics 0',"
    "  detail = none, columnsize = 0);"
    "CREATE VIRTUAL TABLE search_inst_trigrams USING fts5 (text, tokenize = 'trigram', columnsize = 0);"
    "DELETE FROM services; DELETE FROM institutions;"
    "DELETE FROM meta WHERE key IN ('catalog_revision', '" SYNC_POSITION_KEY "', '" INDEXED_UPTO_KEY "');"
  },
  /* A service's fields in columns instead of a JSON copy: a sync has
   * nothing to encode, search nothing to parse for the services it shows
   * (the fields were checked when the page was decoded).  No index on the
   * institution (search joins in memory).  The catalog is fetched again. */
  { 4,
    "DROP TABLE services;"
    "CREATE TABLE services ("
    "  rowid INTEGER PRIMARY KEY,"
    "  id TEXT NOT NULL UNIQUE,"
    "  institution_id TEXT NOT NULL,"
    "  category TEXT NOT NULL,"
    "  title TEXT NOT NULL,"
    "  title_key TEXT NOT NULL,"  /* normalized, for ranking */
    "  price_fen INTEGER,"
    "  description TEXT NOT NULL,"
    "  price_note TEXT,"
    "  unit TEXT,"
    "  updated_at TEXT NOT NULL);"
    /* Gram rows are terms made here (iv-catalog-text.c: runs of letters,
     * digits and Han characters, folded, one space between): the ascii
     * tokenizer splits them the same way as unicode61, in a third less
     * time (it looks at bytes, not characters).  Texts for trigrams are
     * folded already: the tokenizer need not fold them again. */
    "DROP TABLE search_grams; DROP TABLE search_trigrams;"
    "DROP TABLE search_inst_grams; DROP TABLE search_inst_trigrams;"
    "CREATE VIRTUAL TABLE search_grams USING fts5 (grams, tokenize = 'ascii',"
    "  detail = none, columnsize = 0, content = '');"
    "CREATE VIRTUAL TABLE search_trigrams USING fts5 (text, tokenize = 'trigram case_sensitive 1',"
    "  columnsize = 0, content = '');"
    "CREATE VIRTUAL TABLE search_inst_grams USING fts5 (grams, tokenize = 'ascii', detail = none, columnsize = 0);"
    "CREATE VIRTUAL TABLE search_inst_trigrams USING fts5 (text, tokenize = 'trigram case_sensitive 1', columnsize = 0);"
    /* A sync commits a segment per batch of pages: merged 8 at a time
     * instead of 4, each token is rewritten once less over a full sync,
     * and searches were as fast (docs/benchmarks.md).  Up to 8 MB of
     * pending terms instead of 1 MB, so that a batch of 2,000 services
     * makes one segment, not several. */
    "INSERT INTO search_grams (search_grams, rank) VALUES ('automerge', 8);"
    "INSERT INTO search_trigrams (search_trigrams, rank) VALUES ('automerge', 8);"
    "INSERT INTO search_grams (search_grams, rank) VALUES ('hashsize', 8388608);"
    "INSERT INTO search_trigrams (search_trigrams, rank) VALUES ('hashsize', 8388608);"
    "DELETE FROM institutions;"
    "DELETE FROM meta WHERE key IN ('catalog_revision', '" SYNC_POSITION_KEY "', '" INDEXED_UPTO_KEY "');"
  },
};

/* The columns a service is read back from, in IvService's order */
#define SERVICE_COLUMNS "id, institution_id, category, title, description, price_fen, price_note, unit, updated_at"

typedef enum {
  STMT_INSERT_SERVICE,
  STMT_UPDATE_SERVICE,
  STMT_SERVICE_ROWID,
  STMT_INSERT_GRAMS,
  STMT_INSERT_TRIGRAMS,
  STMT_DELETE_GRAMS,
  STMT_DELETE_TRIGRAMS,
  N_STMTS
} CacheStmt;

static const char * const stmt_sql[N_STMTS] = {
  /* Most services of a page are new: insert first, look up only on a conflict */
  [STMT_INSERT_SERVICE] =
    "INSERT INTO services (id, institution_id, category, title, description, price_fen, price_note, unit,"
    " updated_at, title_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
  [STMT_UPDATE_SERVICE] =
    "UPDATE services SET id = ?, institution_id = ?, category = ?, title = ?, description = ?, price_fen = ?,"
    " price_note = ?, unit = ?, updated_at = ?, title_key = ? WHERE rowid = ?",
  [STMT_SERVICE_ROWID] = "SELECT rowid FROM services WHERE id = ?",
  [STMT_INSERT_GRAMS] = "INSERT INTO search_grams (rowid, grams) VALUES (?, ?)",
  [STMT_INSERT_TRIGRAMS] = "INSERT INTO search_trigrams (rowid, text) VALUES (?, ?)",
  /* Contentless tables forget a row given the values it was indexed with */
  [STMT_DELETE_GRAMS] = "INSERT INTO search_grams (search_grams, rowid, grams) VALUES ('delete', ?, ?)",
  [STMT_DELETE_TRIGRAMS] = "INSERT INTO search_trigrams (search_trigrams, rowid, text) VALUES ('delete', ?, ?)",
};

G_STATIC_ASSERT (N_STMTS == G_N_ELEMENTS (((Writer *) NULL)->stmts));

static void
writer_clear (Writer *w)
{
  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&w->stmts[i], sqlite3_finalize);
}

static sqlite3_stmt *
writer_stmt (Writer      *w,
             CacheStmt    which,
             GError     **error)
{
  sqlite3_stmt *stmt = w->stmts[which];

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v3 (iv_store_db_get_handle (w->db), stmt_sql[which], -1, SQLITE_PREPARE_PERSISTENT,
                          &stmt, NULL) != SQLITE_OK)
    {
      iv_store_db_set_error (w->db, error, "Cannot prepare a query");
      return NULL;
    }
  w->stmts[which] = stmt;
  return stmt;
}

static const char * const kind_names[] = {
  "account", "policy", "voucher", "application", "order", "claim", "receipt",
};

static void
iv_cache_db_finalize (GObject *object)
{
  IvCacheDb *self = IV_CACHE_DB (object);

  writer_clear (&self->main);
  writer_clear (&self->worker);
  g_clear_object (&self->worker.db);
  g_mutex_clear (&self->worker_lock);
  g_assert (g_queue_is_empty (&self->worker_queue));
  g_clear_pointer (&self->path, g_free);
  g_clear_object (&self->db);
  g_clear_pointer (&self->rebuild_reason, g_free);

  G_OBJECT_CLASS (iv_cache_db_parent_class)->finalize (object);
}

static void
iv_cache_db_class_init (IvCacheDbClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = iv_cache_db_finalize;
}

static void
iv_cache_db_init (IvCacheDb *self)
{
  g_mutex_init (&self->worker_lock);
  g_queue_init (&self->worker_queue);
}

/* Renames path and its -wal/-shm files to *.broken-<stamp>; returns the new main name */
static char *
move_aside (const char  *path,
            GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%S");
  g_autofree char *target = g_strdup_printf ("%s.broken-%s", path, stamp);
  const char *suffixes[] = { "-wal", "-shm" };

  if (g_rename (path, target) != 0 && errno != ENOENT)
    {
      int saved = errno;
      g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_IO,
                   "Cannot move the damaged cache aside: %s", g_strerror (saved));
      return NULL;
    }
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (target, suffixes[i], NULL);
      g_rename (from, to);
    }
  return g_steal_pointer (&target);
}

IvCacheDb *
iv_cache_db_open (const char  *dir,
                  GError     **error)
{
  g_autoptr(IvCacheDb) self = NULL;
  g_autoptr(GError) first_error = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (dir != NULL, NULL);

  self = g_object_new (IV_TYPE_CACHE_DB, NULL);
  path = g_build_filename (dir, "cache.db", NULL);

  self->db = iv_store_db_open (path, cache_migrations, G_N_ELEMENTS (cache_migrations), &first_error);
  if (self->db == NULL &&
      !g_error_matches (first_error, IV_STORE_ERROR, IV_STORE_ERROR_OPEN))
    {
      /* The cache can always be fetched again: keep the old file for a
       * bug report, start afresh */
      g_autofree char *moved = move_aside (path, error);

      if (moved == NULL)
        return NULL;
      self->rebuild_reason = g_strdup_printf ("%s; moved to %s", first_error->message, moved);
      g_warning ("The cache could not be opened and was rebuilt: %s", self->rebuild_reason);
      self->db = iv_store_db_open (path, cache_migrations, G_N_ELEMENTS (cache_migrations), error);
    }
  else if (self->db == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&first_error));
      return NULL;
    }

  if (self->db == NULL)
    return NULL;
  self->main.db = self->db;
  self->path = g_steal_pointer (&path);
  if (!iv_store_db_exec (self->db, CONNECTION_PRAGMAS, error))
    return NULL;
  return g_steal_pointer (&self);
}

IvStoreDb *
iv_cache_db_get_db (IvCacheDb *self)
{
  g_return_val_if_fail (IV_IS_CACHE_DB (self), NULL);
  return self->db;
}

gboolean
iv_cache_db_was_rebuilt (IvCacheDb *self)
{
  g_return_val_if_fail (IV_IS_CACHE_DB (self), FALSE);
  return self->rebuild_reason != NULL;
}

const char *
iv_cache_db_get_rebuild_reason (IvCacheDb *self)
{
  g_return_val_if_fail (IV_IS_CACHE_DB (self), NULL);
  return self->rebuild_reason;
}

gboolean
iv_cache_db_get_resource (IvCacheDb   *self,
                          const char  *path,
                          char       **out_etag,
                          gint64      *out_updated_at)
{
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  g_return_val_if_fail (IV_IS_CACHE_DB (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  stmt = iv_store_db_prepare (self->db, "SELECT etag, updated_at FROM resources WHERE path = ?", NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, path, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = TRUE;
      if (out_etag != NULL)
        *out_etag = sqlite3_column_type (stmt, 0) == SQLITE_NULL ? NULL
                    : g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      if (out_updated_at != NULL)
        *out_updated_at = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  return found;
}

gboolean
iv_cache_db_set_resource (IvCacheDb   *self,
                          const char  *path,
                          const char  *etag,
                          gint64       updated_at,
                          GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (IV_IS_CACHE_DB (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  stmt = iv_store_db_prepare (self->db,
                              "INSERT INTO resources (path, etag, updated_at) VALUES (?, ?, ?)"
                              " ON CONFLICT (path) DO UPDATE SET etag = excluded.etag,"
                              " updated_at = excluded.updated_at",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, path, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, etag, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, updated_at);
  return iv_store_db_step_done (self->db, stmt, error);
}

static JsonNode *
encode_object (IvCacheKind  kind,
               gpointer     object)
{
  switch (kind)
    {
    case IV_CACHE_KIND_ACCOUNT: return iv_account_to_json (object);
    case IV_CACHE_KIND_POLICY: return iv_policy_to_json (object);
    case IV_CACHE_KIND_VOUCHER: return iv_voucher_to_json (object);
    case IV_CACHE_KIND_APPLICATION: return iv_quota_application_to_json (object);
    case IV_CACHE_KIND_ORDER: return iv_order_to_json (object);
    case IV_CACHE_KIND_CLAIM: return iv_claim_to_json (object);
    case IV_CACHE_KIND_RECEIPT: return iv_receipt_to_json (object);
    default: g_assert_not_reached ();
    }
}

static gpointer
decode_object (IvCacheKind   kind,
               JsonNode     *node,
               GError      **error)
{
  switch (kind)
    {
    case IV_CACHE_KIND_ACCOUNT: return iv_account_new_from_json (node, error);
    case IV_CACHE_KIND_POLICY: return iv_policy_new_from_json (node, error);
    case IV_CACHE_KIND_VOUCHER: return iv_voucher_new_from_json (node, error);
    case IV_CACHE_KIND_APPLICATION: return iv_quota_application_new_from_json (node, error);
    case IV_CACHE_KIND_ORDER: return iv_order_new_from_json (node, error);
    case IV_CACHE_KIND_CLAIM: return iv_claim_new_from_json (node, error);
    case IV_CACHE_KIND_RECEIPT: return iv_receipt_new_from_json (node, error);
    default: g_assert_not_reached ();
    }
}

static GType
kind_type (IvCacheKind kind)
{
  switch (kind)
    {
    case IV_CACHE_KIND_ACCOUNT: return IV_TYPE_ACCOUNT;
    case IV_CACHE_KIND_POLICY: return IV_TYPE_POLICY;
    case IV_CACHE_KIND_VOUCHER: return IV_TYPE_VOUCHER;
    case IV_CACHE_KIND_APPLICATION: return IV_TYPE_QUOTA_APPLICATION;
    case IV_CACHE_KIND_ORDER: return IV_TYPE_ORDER;
    case IV_CACHE_KIND_CLAIM: return IV_TYPE_CLAIM;
    case IV_CACHE_KIND_RECEIPT: return IV_TYPE_RECEIPT;
    default: g_assert_not_reached ();
    }
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
write_object (IvCacheDb    *self,
              IvCacheKind   kind,
              gpointer      object,
              gint64        position,
              GError      **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  JsonObject *json;
  const char *id;
  sqlite3_stmt *stmt;

  if (!G_TYPE_CHECK_INSTANCE_TYPE (object, kind_type (kind)))
    {
      g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_INVALID,
                   "Not a %s object", kind_names[kind]);
      return FALSE;
    }

  node = encode_object (kind, object);
  json = json_node_get_object (node);
  text = json_to_string (node, FALSE);
  if (kind == IV_CACHE_KIND_ACCOUNT || kind == IV_CACHE_KIND_POLICY)
    id = "";  /* one of each */
  else if (kind == IV_CACHE_KIND_RECEIPT)
    id = member_string (json, "claim_id");
  else
    id = member_string (json, "id");
  if (id == NULL)
    {
      g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_INVALID,
                   "A %s without an id", kind_names[kind]);
      return FALSE;
    }

  stmt = iv_store_db_prepare (self->db,
                              "INSERT INTO objects (kind, id, position, status, number, json)"
                              " VALUES (?1, ?2, coalesce (?3, (SELECT coalesce (max (position), -1) + 1"
                              "   FROM objects WHERE kind = ?1)), ?4, ?5, ?6)"
                              " ON CONFLICT (kind, id) DO UPDATE SET status = excluded.status,"
                              " number = excluded.number, json = excluded.json,"
                              " position = coalesce (?3, position)",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kind_names[kind], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  if (position >= 0)
    sqlite3_bind_int64 (stmt, 3, position);
  sqlite3_bind_text (stmt, 4, member_string (json, "status"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, member_string (json, "number"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, text, -1, SQLITE_TRANSIENT);
  return iv_store_db_step_done (self->db, stmt, error);
}

gboolean
iv_cache_db_put_object (IvCacheDb    *self,
                        IvCacheKind   kind,
                        gpointer      object,
                        GError      **error)
{
  g_return_val_if_fail (IV_IS_CACHE_DB (self), FALSE);
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), FALSE);

  return write_object (self, kind, object, -1, error);
}

gboolean
iv_cache_db_put_list (IvCacheDb    *self,
                      IvCacheKind   kind,
                      GPtrArray    *objects,
                      const char   *path,
                      const char   *etag,
                      GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (IV_IS_CACHE_DB (self), FALSE);
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), FALSE);
  g_return_val_if_fail (objects != NULL, FALSE);

  if (!iv_store_db_begin (self->db, error))
    return FALSE;
  stmt = iv_store_db_prepare (self->db, "DELETE FROM objects WHERE kind = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, kind_names[kind], -1, SQLITE_STATIC);
  if (!iv_store_db_step_done (self->db, stmt, error))
    goto fail;
  for (guint i = 0; i < objects->len; i++)
    if (!write_object (self, kind, g_ptr_array_index (objects, i), i, error))
      goto fail;
  if (path != NULL && !iv_cache_db_set_resource (self, path, etag, g_get_real_time (), error))
    goto fail;
  if (!iv_store_db_commit (self->db, error))
    goto fail;
  return TRUE;

fail:
  iv_store_db_rollback (self->db);
  return FALSE;
}

static gpointer
decode_text (IvCacheKind   kind,
             const char   *text,
             GError      **error)
{
  g_autoptr(JsonNode) node = json_from_string (text, error);

  if (node == NULL)
    return NULL;
  return decode_object (kind, node, error);
}

gpointer
iv_cache_db_get_object (IvCacheDb    *self,
                        IvCacheKind   kind,
                        const char   *id,
                        GError      **error)
{
  g_autofree char *text = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (IV_IS_CACHE_DB (self), NULL);
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);

  stmt = iv_store_db_prepare (self->db, "SELECT json FROM objects WHERE kind = ? AND id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, kind_names[kind], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id != NULL ? id : "", -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (text == NULL)
    {
      g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_NOT_FOUND,
                   "No cached %s %s", kind_names[kind], id != NULL ? id : "");
      return NULL;
    }
  return decode_text (kind, text, error);
}

static GPtrArray *
collect_texts (IvStoreDb   *db,
               const char  *sql,
               const char  *arg,
               GError     **error)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = iv_store_db_prepare (db, sql, error);

  if (stmt == NULL)
    return NULL;
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (texts, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  return g_steal_pointer (&texts);
}

GPtrArray *
iv_cache_db_get_list (IvCacheDb    *self,
                      IvCacheKind   kind,
                      GError      **error)
{
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (IV_IS_CACHE_DB (self), NULL);
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);

  texts = collect_texts (self->db, "SELECT json FROM objects WHERE kind = ? ORDER BY position, id",
                         kind_names[kind], error);
  if (texts == NULL)
    return NULL;
  for (guint i = 0; i < texts->len; i++)
    {
      gpointer object = decode_text (kind, g_ptr_array_index (texts, i), error);
      if (object == NULL)
        return NULL;
      g_ptr_array_add (objects, object);
    }
  return g_steal_pointer (&objects);
}

gboolean
iv_cache_db_remove_object (IvCacheDb    *self,
                           IvCacheKind   kind,
                           const char   *id,
                           GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (IV_IS_CACHE_DB (self), FALSE);
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), FALSE);

  stmt = iv_store_db_prepare (self->db, "DELETE FROM objects WHERE kind = ? AND id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kind_names[kind], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id != NULL ? id : "", -1, SQLITE_TRANSIENT);
  return iv_store_db_step_done (self->db, stmt, error);
}

gboolean
iv_cache_db_put_categories (IvCacheDb  *self,
                            GPtrArray  *categories,
                            GError    **error)
{
  g_return_val_if_fail (IV_IS_CACHE_DB (self), FALSE);
  g_return_val_if_fail (categories != NULL, FALSE);

  if (!iv_store_db_begin (self->db, error) ||
      !iv_store_db_exec (self->db, "DELETE FROM categories", error))
    goto fail;
  for (guint i = 0; i < categories->len; i++)
    {
      IvCategory *category = g_ptr_array_index (categories, i);
      g_autoptr(JsonNode) node = iv_category_to_json (category);
      g_autofree char *text = json_to_string (node, FALSE);
      sqlite3_stmt *stmt = iv_store_db_prepare (self->db,
                                                "INSERT OR REPLACE INTO categories (code, position, json)"
                                                " VALUES (?, ?, ?)",
                                                error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_text (stmt, 1, iv_category_get_code (category), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 2, i);
      sqlite3_bind_text (stmt, 3, text, -1, SQLITE_TRANSIENT);
      if (!iv_store_db_step_done (self->db, stmt, error))
        goto fail;
    }
  if (!iv_store_db_commit (self->db, error))
    goto fail;
  self->catalog_generation++;
  return TRUE;

fail:
  iv_store_db_rollback (self->db);
  return FALSE;
}

GPtrArray *
iv_cache_db_get_categories (IvCacheDb  *self,
                            GError    **error)
{
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GPtrArray) categories = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (IV_IS_CACHE_DB (self), NULL);

  texts = collect_texts (self->db, "SELECT json FROM categories ORDER BY position", NULL, error);
  if (texts == NULL)
    return NULL;
  for (guint i = 0; i < texts->len; i++)
    {
      g_autoptr(JsonNode) node = json_from_string (g_ptr_array_index (texts, i), error);
      IvCategory *category = node != NULL ? iv_category_new_from_json (node, error) : NULL;

      if (category == NULL)
        return NULL;
      g_ptr_array_add (categories, category);
    }
  return g_steal_pointer (&categories);
}

/* One folded field into the search texts: its gram terms, and its text
 * for trigrams with a line break after it, so that no trigram spans two
 * fields */
static void
append_search_field (const char *normalized,
                     GString    *grams,
                     GString    *text)
{
  iv_catalog_text_append_grams (grams, normalized);
  g_string_append (text, normalized);
  g_string_append_c (text, '\n');
}

/* The search texts of two fields (not yet normalized) */
static void
service_search_texts (const char *title,
                      const char *description,
                      GString    *grams,
                      GString    *text)
{
  const char *fields[2] = { title, description };

  g_string_truncate (grams, 0);
  g_string_truncate (text, 0);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *normalized = iv_catalog_text_normalize (fields[i]);

      append_search_field (normalized, grams, text);
    }
}

/* One row into (or, with the 'delete' command, out of) a search table */
static gboolean
fts_write (Writer      *w,
           const char  *sql,
           gint64       rowid,
           GString     *value,
           GError     **error)
{
  sqlite3_stmt *stmt = iv_store_db_prepare (w->db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  sqlite3_bind_text (stmt, 2, value->str, value->len, SQLITE_STATIC);
  return iv_store_db_step_done (w->db, stmt, error);
}

/* The same with one of the prepared statements */
static gboolean
fts_write_stmt (Writer      *w,
                CacheStmt    which,
                gint64       rowid,
                GString     *value,
                GError     **error)
{
  sqlite3_stmt *stmt = writer_stmt (w, which, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  sqlite3_bind_text (stmt, 2, value->str, value->len, SQLITE_STATIC);
  return iv_store_db_step_done (w->db, stmt, error);
}

/* Writes the search rows of one service (title_key: the title normalized) */
static gboolean
write_search_rows (Writer      *w,
                   gint64       rowid,
                   const char  *title_key,
                   const char  *description,
                   GString     *grams,
                   GString     *text,
                   GError     **error)
{
  g_autofree char *normalized = iv_catalog_text_normalize (description);

  g_string_truncate (grams, 0);
  g_string_truncate (text, 0);
  append_search_field (title_key, grams, text);
  append_search_field (normalized, grams, text);
  return fts_write_stmt (w, STMT_INSERT_GRAMS, rowid, grams, error) &&
         fts_write_stmt (w, STMT_INSERT_TRIGRAMS, rowid, text, error);
}

/* Removes the search rows of an indexed service, made again from what the
 * services table holds (exactly what they were made from) */
static gboolean
unindex_service (Writer     *w,
                 gint64      rowid,
                 GError    **error)
{
  g_autoptr(GString) grams = g_string_sized_new (512);
  g_autoptr(GString) text = g_string_sized_new (512);
  sqlite3_stmt *stmt;

  stmt = iv_store_db_prepare (w->db, "SELECT title_key, description FROM services WHERE rowid = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return TRUE;
    }
  {
    g_autofree char *description = iv_catalog_text_normalize ((const char *) sqlite3_column_text (stmt, 1));

    append_search_field ((const char *) sqlite3_column_text (stmt, 0), grams, text);
    append_search_field (description, grams, text);
  }
  sqlite3_reset (stmt);
  return fts_write_stmt (w, STMT_DELETE_GRAMS, rowid, grams, error) &&
         fts_write_stmt (w, STMT_DELETE_TRIGRAMS, rowid, text, error);
}

static gint64
lookup_rowid (Writer     *w,
              const char *sql,
              const char *id)
{
  sqlite3_stmt *stmt = iv_store_db_prepare (w->db, sql, NULL);
  gint64 rowid = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    rowid = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return rowid;
}

static gboolean
exec_rowid (Writer      *w,
            const char  *sql,
            gint64       rowid,
            GError     **error)
{
  sqlite3_stmt *stmt = iv_store_db_prepare (w->db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  return iv_store_db_step_done (w->db, stmt, error);
}

/* An institution's own search rows (name and district), keyed by its
 * rowid; search adds its matches to all its services */
static gboolean
unindex_institution (Writer      *w,
                     gint64       rowid,
                     GError     **error)
{
  return exec_rowid (w, "DELETE FROM search_inst_grams WHERE rowid = ?", rowid, error) &&
         exec_rowid (w, "DELETE FROM search_inst_trigrams WHERE rowid = ?", rowid, error);
}

static gboolean
index_institution (Writer      *w,
                   gint64       rowid,
                   const char  *name,
                   const char  *district,
                   GError     **error)
{
  /* The same texts as a service's, from other fields */
  g_autoptr(GString) grams = g_string_sized_new (128);
  g_autoptr(GString) text = g_string_sized_new (128);

  service_search_texts (name, district, grams, text);
  return fts_write (w, "INSERT INTO search_inst_grams (rowid, grams) VALUES (?, ?)", rowid, grams, error) &&
         fts_write (w, "INSERT INTO search_inst_trigrams (rowid, text) VALUES (?, ?)", rowid, text, error);
}

static gboolean
put_institution (Writer         *w,
                 IvInstitution  *institution,
                 GError        **error)
{
  g_autoptr(JsonNode) node = iv_institution_to_json (institution);
  g_autofree char *text = json_to_string (node, FALSE);
  const char * const *accreditations = iv_institution_get_accreditations (institution);
  const char *id = iv_institution_get_id (institution);
  sqlite3_stmt *stmt;
  gint64 rowid;
  int flags = 0;

  for (guint i = 0; accreditations != NULL && accreditations[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (accreditations[i], "CMA") == 0)
        flags |= ACC_CMA;
      else if (g_ascii_strcasecmp (accreditations[i], "CNAS") == 0)
        flags |= ACC_CNAS;
    }

  stmt = iv_store_db_prepare (w->db,
                              "INSERT INTO institutions (id, name, district, accreditations, json)"
                              " VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                              " name = excluded.name, district = excluded.district,"
                              " accreditations = excluded.accreditations, json = excluded.json",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, iv_institution_get_name (institution), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, iv_institution_get_district (institution), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 4, flags);
  sqlite3_bind_text (stmt, 5, text, -1, SQLITE_TRANSIENT);
  if (!iv_store_db_step_done (w->db, stmt, error))
    return FALSE;

  /* Its services are found by its name and district too: one row here,
   * whatever the number of services */
  rowid = lookup_rowid (w, "SELECT rowid FROM institutions WHERE id = ?", id);
  return unindex_institution (w, rowid, error) &&
         index_institution (w, rowid, iv_institution_get_name (institution),
                            iv_institution_get_district (institution), error);
}

static gboolean
delete_institution (Writer      *w,
                    const char  *id,
                    GError     **error)
{
  gint64 rowid = lookup_rowid (w, "SELECT rowid FROM institutions WHERE id = ?", id);

  if (rowid == 0)
    return TRUE;
  return unindex_institution (w, rowid, error) &&
         exec_rowid (w, "DELETE FROM institutions WHERE rowid = ?", rowid, error);
}

/* Binds a service's fields as STMT_INSERT_SERVICE and STMT_UPDATE_SERVICE
 * list them (the statements' bindings were cleared: NULL unless set) */
static void
bind_service (sqlite3_stmt *stmt,
              IvService    *service,
              const char   *title_key)
{
  gint64 price_fen = iv_service_get_price_fen (service);

  sqlite3_bind_text (stmt, 1, iv_service_get_id (service), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, iv_service_get_institution_id (service), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, iv_service_get_category (service), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, iv_service_get_title (service), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, iv_service_get_description (service), -1, SQLITE_STATIC);
  if (price_fen >= 0)
    sqlite3_bind_int64 (stmt, 6, price_fen);
  sqlite3_bind_text (stmt, 7, iv_service_get_price_note (service), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, iv_service_get_unit (service), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, iv_service_get_updated_at (service), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, title_key, -1, SQLITE_STATIC);
}

static gboolean
put_service (Writer      *w,
             IvService   *service,
             GString     *grams,
             GString     *search_text,
             GError     **error)
{
  g_autofree char *title_key = iv_catalog_text_normalize (iv_service_get_title (service));
  sqlite3_stmt *stmt;
  gint64 rowid;

  stmt = writer_stmt (w, STMT_INSERT_SERVICE, error);
  if (stmt == NULL)
    return FALSE;
  bind_service (stmt, service, title_key);
  if (!iv_store_db_step_done (w->db, stmt, error))
    return FALSE;

  if (sqlite3_changes (iv_store_db_get_handle (w->db)) > 0)
    rowid = sqlite3_last_insert_rowid (iv_store_db_get_handle (w->db));
  else
    {
      /* Known already: its search rows go with its old texts, before the
       * row changes */
      stmt = writer_stmt (w, STMT_SERVICE_ROWID, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, iv_service_get_id (service), -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          iv_store_db_set_error (w->db, error, "Cannot find a service");
          sqlite3_reset (stmt);
          return FALSE;
        }
      rowid = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      if (!unindex_service (w, rowid, error))
        return FALSE;

      stmt = writer_stmt (w, STMT_UPDATE_SERVICE, error);
      if (stmt == NULL)
        return FALSE;
      bind_service (stmt, service, title_key);
      sqlite3_bind_int64 (stmt, 11, rowid);
      if (!iv_store_db_step_done (w->db, stmt, error))
        return FALSE;
    }

  return write_search_rows (w, rowid, title_key, iv_service_get_description (service),
                            grams, search_text, error);
}

static gboolean
delete_service (Writer      *w,
                const char  *id,
                GError     **error)
{
  gint64 rowid = lookup_rowid (w, "SELECT rowid FROM services WHERE id = ?", id);

  if (rowid == 0)
    return TRUE;  /* a tombstone for something we never had */
  if (!unindex_service (w, rowid, error))
    return FALSE;
  return exec_rowid (w, "DELETE FROM services WHERE rowid = ?", rowid, error);
}

/* One page's writes, inside the caller's transaction */
static gboolean
apply_page_writes (Writer              *w,
                   GPtrArray           *institutions,
                   GPtrArray           *services,
                   const char * const  *deleted_institution_ids,
                   const char * const  *deleted_service_ids,
                   gint64               revision,
                   const char          *meta_key,
                   const char          *meta_value,
                   GError             **error)
{
  g_autoptr(GString) grams = g_string_sized_new (512);
  g_autoptr(GString) text = g_string_sized_new (512);

  for (guint i = 0; institutions != NULL && i < institutions->len; i++)
    if (!put_institution (w, g_ptr_array_index (institutions, i), error))
      return FALSE;
  for (guint i = 0; services != NULL && i < services->len; i++)
    if (!put_service (w, g_ptr_array_index (services, i), grams, text, error))
      return FALSE;
  for (guint i = 0; deleted_service_ids != NULL && deleted_service_ids[i] != NULL; i++)
    if (!delete_service (w, deleted_service_ids[i], error))
      return FALSE;
  for (guint i = 0; deleted_institution_ids != NULL && deleted_institution_ids[i] != NULL; i++)
    if (!delete_institution (w, deleted_institution_ids[i], error))
      return FALSE;
  if (revision >= 0)
    {
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, revision);
      if (!iv_store_db_set_meta (w->db, "catalog_revision", value, error))
        return FALSE;
    }
  if (meta_key != NULL && !iv_store_db_set_meta (w->db, meta_key, meta_value, error))
    return FALSE;
  return TRUE;
}

gboolean
iv_cache_db_apply_catalog_page (IvCacheDb           *self,
                                GPtrArray           *institutions,
                                GPtrArray           *services,
                                const char * const  *deleted_institution_ids,
                                const char * const  *deleted_service_ids,
                                gint64               revision,
                                GError             **error)
{
  g_return_val_if_fail (IV_IS_CACHE_DB (self), FALSE);

  if (!iv_store_db_begin (self->db, error))
    return FALSE;
  if (!apply_page_writes (&self->main, institutions, services, deleted_institution_ids, deleted_service_ids,
                          revision, NULL, NULL, error) ||
      !iv_store_db_commit (self->db, error))
    {
      iv_store_db_rollback (self->db);
      self->catalog_generation++;
      return FALSE;
    }
  self->catalog_generation++;
  return TRUE;
}

typedef struct {
  GPtrArray *institutions;
  GPtrArray *services;
  GStrv      deleted_institution_ids;
  GStrv      deleted_service_ids;
  gint64     revision;
  char      *meta_key;
  char      *meta_value;
} Page;

static void
page_free (Page *page)
{
  g_clear_pointer (&page->institutions, g_ptr_array_unref);
  g_clear_pointer (&page->services, g_ptr_array_unref);
  g_strfreev (page->deleted_institution_ids);
  g_strfreev (page->deleted_service_ids);
  g_free (page->meta_key);
  g_free (page->meta_value);
  g_free (page);
}

static IvStoreDb *
open_worker_db (IvCacheDb  *self,
                GError    **error)
{
  g_autoptr(IvStoreDb) db = iv_store_db_open (self->path, cache_migrations, G_N_ELEMENTS (cache_migrations), error);

  if (db == NULL || !iv_store_db_exec (db, CONNECTION_PRAGMAS, error))
    return NULL;
  return g_steal_pointer (&db);
}

static void
apply_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  IvCacheDb *self = source_object;
  Page *page = task_data;
  GError *error = NULL;
  gboolean ok;

  (void) cancellable;  /* a page is applied whole or not at all */
  g_mutex_lock (&self->worker_lock);
  if (self->worker.db == NULL)
    self->worker.db = open_worker_db (self, &error);
  ok = self->worker.db != NULL && iv_store_db_begin (self->worker.db, &error);
  if (ok)
    {
      ok = apply_page_writes (&self->worker, page->institutions, page->services,
                              (const char * const *) page->deleted_institution_ids,
                              (const char * const *) page->deleted_service_ids,
                              page->revision, page->meta_key, page->meta_value, &error) &&
           iv_store_db_commit (self->worker.db, &error);
      if (!ok)
        iv_store_db_rollback (self->worker.db);
    }
  g_mutex_unlock (&self->worker_lock);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Back on the caller's thread: search sees a new catalog from now on */
static void
apply_thread_done (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  IvCacheDb *self = IV_CACHE_DB (source);
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  self->catalog_generation++;
  self->worker_busy = !g_queue_is_empty (&self->worker_queue);
  if (self->worker_busy)
    {
      g_autoptr(GTask) next = g_queue_pop_head (&self->worker_queue);

      g_task_run_in_thread (next, apply_in_thread);
    }
  if (g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
iv_cache_db_apply_catalog_page_async (IvCacheDb           *self,
                                      GPtrArray           *institutions,
                                      GPtrArray           *services,
                                      const char * const  *deleted_institution_ids,
                                      const char * const  *deleted_service_ids,
                                      gint64               revision,
                                      const char          *meta_key,
                                      const char          *meta_value,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  Page *page;

  g_return_if_fail (IV_IS_CACHE_DB (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, iv_cache_db_apply_catalog_page_async);
  /* Never once the page is on its way: it is applied whole or not at all */
  g_task_set_check_cancellable (task, FALSE);

  page = g_new0 (Page, 1);
  page->institutions = institutions != NULL ? g_ptr_array_ref (institutions) : NULL;
  page->services = services != NULL ? g_ptr_array_ref (services) : NULL;
  page->deleted_institution_ids = g_strdupv ((GStrv) deleted_institution_ids);
  page->deleted_service_ids = g_strdupv ((GStrv) deleted_service_ids);
  page->revision = revision;
  page->meta_key = g_strdup (meta_key);
  page->meta_value = g_strdup (meta_value);

  /* The page (and the last references to its services, their JSON) is
   * freed with the caller's task, on the caller's thread: the worker's task
   * may be finalized on the worker thread, and objects shared with the
   * caller's thread must never be released there */
  g_task_set_task_data (task, page, (GDestroyNotify) page_free);
  worker = g_task_new (self, NULL, apply_thread_done, g_steal_pointer (&task));
  g_task_set_source_tag (worker, apply_in_thread);
  g_task_set_task_data (worker, page, NULL);
  /* One at a time, in the order given (the thread pool keeps no order) */
  if (self->worker_busy)
    g_queue_push_tail (&self->worker_queue, g_steal_pointer (&worker));
  else
    {
      self->worker_busy = TRUE;
      g_task_run_in_thread (worker, apply_in_thread);
    }
}

gboolean
iv_cache_db_apply_catalog_page_finish (IvCacheDb     *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == iv_cache_db_apply_catalog_page_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
iv_cache_db_clear_catalog (IvCacheDb  *self,
                           GError    **error)
{
  g_return_val_if_fail (IV_IS_CACHE_DB (self), FALSE);

  if (!iv_store_db_begin (self->db, error))
    return FALSE;
  if (!iv_store_db_exec (self->db,
                         "INSERT INTO search_grams (search_grams) VALUES ('delete-all');"
                         "INSERT INTO search_trigrams (search_trigrams) VALUES ('delete-all');"
                         "DELETE FROM search_inst_grams; DELETE FROM search_inst_trigrams;"
                         "DELETE FROM services; DELETE FROM institutions;"
                         "DELETE FROM meta WHERE key = 'catalog_revision';",
                         error) ||
      !iv_store_db_commit (self->db, error))
    {
      iv_store_db_rollback (self->db);
      return FALSE;
    }
  self->catalog_generation++;
  return TRUE;
}

gint64
iv_cache_db_get_catalog_revision (IvCacheDb *self)
{
  g_return_val_if_fail (IV_IS_CACHE_DB (self), -1);
  return iv_store_db_get_meta_int (self->db, "catalog_revision", -1);
}

guint64
iv_cache_db_get_catalog_generation (IvCacheDb *self)
{
  g_return_val_if_fail (IV_IS_CACHE_DB (self), 0);
  return self->catalog_generation;
}

static char *
get_text (IvStoreDb  *db,
          const char *sql,
          const char *id)
{
  sqlite3_stmt *stmt = iv_store_db_prepare (db, sql, NULL);
  char *text = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return text;
}

IvInstitution *
iv_cache_db_get_institution (IvCacheDb   *self,
                             const char  *id,
                             GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (IV_IS_CACHE_DB (self), NULL);

  text = get_text (self->db, "SELECT json FROM institutions WHERE id = ?", id);
  if (text == NULL)
    {
      g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_NOT_FOUND, "No institution %s", id);
      return NULL;
    }
  node = json_from_string (text, error);
  return node != NULL ? iv_institution_new_from_json (node, error) : NULL;
}

GPtrArray *
iv_cache_db_list_institutions (IvCacheDb  *self,
                               GError    **error)
{
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (IV_IS_CACHE_DB (self), NULL);

  texts = collect_texts (self->db, "SELECT json FROM institutions ORDER BY name, id", NULL, error);
  if (texts == NULL)
    return NULL;
  for (guint i = 0; i < texts->len; i++)
    {
      g_autoptr(JsonNode) node = json_from_string (g_ptr_array_index (texts, i), error);
      IvInstitution *institution = node != NULL ? iv_institution_new_from_json (node, error) : NULL;

      if (institution == NULL)
        return NULL;
      g_ptr_array_add (list, institution);
    }
  return g_steal_pointer (&list);
}

/* A service from a row of SERVICE_COLUMNS (checked when it was stored) */
static IvService *
service_from_row (sqlite3_stmt *stmt)
{
  return g_object_new (IV_TYPE_SERVICE,
                       "id", (const char *) sqlite3_column_text (stmt, 0),
                       "institution-id", (const char *) sqlite3_column_text (stmt, 1),
                       "category", (const char *) sqlite3_column_text (stmt, 2),
                       "title", (const char *) sqlite3_column_text (stmt, 3),
                       "description", (const char *) sqlite3_column_text (stmt, 4),
                       "price-fen", sqlite3_column_type (stmt, 5) == SQLITE_NULL ? (gint64) -1
                                                                               : sqlite3_column_int64 (stmt, 5),
                       "price-note", (const char *) sqlite3_column_text (stmt, 6),
                       "unit", (const char *) sqlite3_column_text (stmt, 7),
                       "updated-at", (const char *) sqlite3_column_text (stmt, 8),
                       NULL);
}

static IvService *
get_service_where (IvCacheDb    *self,
                   const char   *sql,
                   const char   *id,
                   gint64        rowid,
                   GError      **error)
{
  sqlite3_stmt *stmt = iv_store_db_prepare (self->db, sql, error);
  IvService *service = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  if (id != NULL)
    sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_int64 (stmt, 1, rowid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    service = service_from_row (stmt);
  else if (rc == SQLITE_DONE && id != NULL)
    g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_NOT_FOUND, "No service %s", id);
  else if (rc == SQLITE_DONE)
    g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_NOT_FOUND, "No service at %" G_GINT64_FORMAT, rowid);
  else
    iv_store_db_set_error (self->db, error, "Cannot read a service");
  sqlite3_reset (stmt);
  return service;
}

IvService *
iv_cache_db_get_service (IvCacheDb   *self,
                         const char  *id,
                         GError     **error)
{
  g_return_val_if_fail (IV_IS_CACHE_DB (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return get_service_where (self, "SELECT " SERVICE_COLUMNS " FROM services WHERE id = ?", id, 0, error);
}

IvService *
iv_cache_db_get_service_at (IvCacheDb   *self,
                            gint64       rowid,
                            GError     **error)
{
  g_return_val_if_fail (IV_IS_CACHE_DB (self), NULL);

  return get_service_where (self, "SELECT " SERVICE_COLUMNS " FROM services WHERE rowid = ?", NULL, rowid, error);
}

guint
iv_cache_db_count_services (IvCacheDb *self)
{
  sqlite3_stmt *stmt;
  guint count = 0;

  g_return_val_if_fail (IV_IS_CACHE_DB (self), 0);

  stmt = iv_store_db_prepare (self->db, "SELECT count(*) FROM services", NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return count;
}

gint64
iv_cache_db_get_events_last_seq (IvCacheDb *self)
{
  g_return_val_if_fail (IV_IS_CACHE_DB (self), 0);
  return iv_store_db_get_meta_int (self->db, "events_last_seq", 0);
}

gboolean
iv_cache_db_set_events_last_seq (IvCacheDb  *self,
                                 gint64      last_seq,
                                 GError    **error)
{
  g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, last_seq);

  g_return_val_if_fail (IV_IS_CACHE_DB (self), FALSE);
  return iv_store_db_set_meta (self->db, "events_last_seq", value, error);
}
