/* iv-store-db.c: one SQLite database file with pragmas, migrations and private permissions */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "iv-store-db.h"

/* "IVST": marks files written by this program, so a foreign database is
 * never migrated in place */
#define IV_STORE_APPLICATION_ID 0x49565354

struct _IvStoreDb
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *db;
  GHashTable *statements;   /* const char *sql (interned) → sqlite3_stmt */
  int         schema_version;
};

G_DEFINE_FINAL_TYPE (IvStoreDb, iv_store_db, G_TYPE_OBJECT)
G_DEFINE_QUARK (iv-store-error-quark, iv_store_error)

static int
error_code_for_sqlite (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return IV_STORE_ERROR_CORRUPT;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY:
      return IV_STORE_ERROR_OPEN;
    case SQLITE_IOERR:
    case SQLITE_FULL:
      return IV_STORE_ERROR_IO;
    default:
      return IV_STORE_ERROR_SQL;
    }
}

void
iv_store_db_set_error (IvStoreDb   *self,
                       GError     **error,
                       const char  *prefix)
{
  int rc = sqlite3_extended_errcode (self->db);

  g_set_error (error, IV_STORE_ERROR, error_code_for_sqlite (rc),
               "%s: %s (%s)", prefix, sqlite3_errmsg (self->db),
               self->path);
}

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

static void
iv_store_db_finalize (GObject *object)
{
  IvStoreDb *self = IV_STORE_DB (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (iv_store_db_parent_class)->finalize (object);
}

static void
iv_store_db_class_init (IvStoreDbClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = iv_store_db_finalize;
}

static void
iv_store_db_init (IvStoreDb *self)
{
  self->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal,
                                            NULL, finalize_statement);
}

gboolean
iv_store_ensure_private_dir (const char  *dir,
                             GError     **error)
{
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_OPEN,
                   "Cannot create %s: %s", dir, g_strerror (saved));
      return FALSE;
    }
  /* The folder may predate us with a looser mode */
  if (g_chmod (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_OPEN,
                   "Cannot make %s private: %s", dir, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* SQLite gives -wal and -shm the main file's mode, so creating the main
 * file 0600 first keeps all three private */
static gboolean
create_private_file (const char  *path,
                     GError     **error)
{
  int fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0 || fchmod (fd, 0600) != 0)
    {
      int saved = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_OPEN,
                   "Cannot create %s: %s", path, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

gboolean
iv_store_db_exec (IvStoreDb   *self,
                  const char  *sql,
                  GError     **error)
{
  g_return_val_if_fail (IV_IS_STORE_DB (self), FALSE);

  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      iv_store_db_set_error (self, error, "SQL failed");
      return FALSE;
    }
  return TRUE;
}

static gboolean
query_int (IvStoreDb   *self,
           const char  *sql,
           int         *out,
           GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      iv_store_db_set_error (self, error, "Cannot read the database");
      return FALSE;
    }
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    {
      iv_store_db_set_error (self, error, "Cannot read the database");
      return FALSE;
    }
  return TRUE;
}

static gboolean
set_pragmas (IvStoreDb  *self,
             GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean wal = FALSE;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA journal_mode=WAL", -1, &stmt, NULL) != SQLITE_OK)
    {
      iv_store_db_set_error (self, error, "Cannot set the journal mode");
      return FALSE;
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    wal = g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "wal") == 0;
  sqlite3_finalize (stmt);
  if (!wal)
    {
      iv_store_db_set_error (self, error, "Cannot use write-ahead logging");
      return FALSE;
    }

  /* FULL: a COMMIT returns only after the WAL is synced, so "saved" is true */
  return iv_store_db_exec (self,
                           "PRAGMA synchronous=FULL;"
                           "PRAGMA foreign_keys=ON;"
                           "PRAGMA temp_store=MEMORY;",
                           error);
}

static gboolean
migrate (IvStoreDb               *self,
         const IvStoreMigration  *migrations,
         guint                    n_migrations,
         GError                 **error)
{
  int app_id = 0, version = 0, n_tables = 0;
  int latest = n_migrations > 0 ? migrations[n_migrations - 1].version : 0;

  if (!query_int (self, "PRAGMA application_id", &app_id, error) ||
      !query_int (self, "PRAGMA user_version", &version, error) ||
      !query_int (self, "SELECT count(*) FROM sqlite_master", &n_tables, error))
    return FALSE;

  if ((app_id != 0 && app_id != IV_STORE_APPLICATION_ID) ||
      (app_id == 0 && n_tables > 0))
    {
      g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_SCHEMA,
                   "%s belongs to another program", self->path);
      return FALSE;
    }
  if (version > latest)
    {
      g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_SCHEMA,
                   "%s has schema version %d, newer than this program's %d",
                   self->path, version, latest);
      return FALSE;
    }

  for (guint i = 0; i < n_migrations; i++)
    {
      g_autofree char *bump = NULL;

      if (migrations[i].version <= version)
        continue;

      bump = g_strdup_printf ("PRAGMA user_version=%d; PRAGMA application_id=%d;",
                              migrations[i].version, IV_STORE_APPLICATION_ID);
      if (!iv_store_db_begin (self, error))
        return FALSE;
      if (!iv_store_db_exec (self, migrations[i].sql, error) ||
          !iv_store_db_exec (self, bump, error) ||
          !iv_store_db_commit (self, error))
        {
          iv_store_db_rollback (self);
          g_prefix_error (error, "Migration to schema %d: ", migrations[i].version);
          return FALSE;
        }
      version = migrations[i].version;
    }

  self->schema_version = version;
  return TRUE;
}

IvStoreDb *
iv_store_db_open (const char              *path,
                  const IvStoreMigration  *migrations,
                  guint                    n_migrations,
                  GError                 **error)
{
  g_autoptr(IvStoreDb) self = NULL;
  g_autofree char *dir = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dir = g_path_get_dirname (path);
  if (!iv_store_ensure_private_dir (dir, error) ||
      !create_private_file (path, error))
    return NULL;

  self = g_object_new (IV_TYPE_STORE_DB, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      if (self->db == NULL)
        {
          g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_OPEN,
                       "Cannot open %s: %s", path, sqlite3_errstr (rc));
          return NULL;
        }
      iv_store_db_set_error (self, error, "Cannot open");
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);

  if (!set_pragmas (self, error) ||
      !migrate (self, migrations, n_migrations, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
iv_store_db_get_path (IvStoreDb *self)
{
  g_return_val_if_fail (IV_IS_STORE_DB (self), NULL);
  return self->path;
}

sqlite3 *
iv_store_db_get_handle (IvStoreDb *self)
{
  g_return_val_if_fail (IV_IS_STORE_DB (self), NULL);
  return self->db;
}

int
iv_store_db_get_schema_version (IvStoreDb *self)
{
  g_return_val_if_fail (IV_IS_STORE_DB (self), 0);
  return self->schema_version;
}

sqlite3_stmt *
iv_store_db_prepare (IvStoreDb   *self,
                     const char  *sql,
                     GError     **error)
{
  const char *key;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (IV_IS_STORE_DB (self), NULL);

  key = g_intern_string (sql);
  stmt = g_hash_table_lookup (self->statements, key);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
                          &stmt, NULL) != SQLITE_OK)
    {
      iv_store_db_set_error (self, error, "Cannot prepare a query");
      return NULL;
    }
  g_hash_table_insert (self->statements, (gpointer) key, stmt);
  return stmt;
}

gboolean
iv_store_db_step_done (IvStoreDb     *self,
                       sqlite3_stmt  *stmt,
                       GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      iv_store_db_set_error (self, error, "Cannot write");
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
iv_store_db_begin (IvStoreDb  *self,
                   GError    **error)
{
  return iv_store_db_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
iv_store_db_commit (IvStoreDb  *self,
                    GError    **error)
{
  return iv_store_db_exec (self, "COMMIT", error);
}

void
iv_store_db_rollback (IvStoreDb *self)
{
  g_return_if_fail (IV_IS_STORE_DB (self));

  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

gboolean
iv_store_db_check_integrity (IvStoreDb  *self,
                             GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *answer = NULL;

  g_return_val_if_fail (IV_IS_STORE_DB (self), FALSE);

  if (sqlite3_prepare_v2 (self->db, "PRAGMA integrity_check", -1, &stmt, NULL) != SQLITE_OK)
    {
      iv_store_db_set_error (self, error, "Cannot check integrity");
      return FALSE;
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    answer = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  if (g_strcmp0 (answer, "ok") != 0)
    {
      g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_CORRUPT,
                   "Integrity check of %s: %s", self->path,
                   answer != NULL ? answer : sqlite3_errmsg (self->db));
      return FALSE;
    }
  return TRUE;
}

char *
iv_store_db_get_meta (IvStoreDb  *self,
                      const char *key)
{
  sqlite3_stmt *stmt;
  char *value = NULL;

  g_return_val_if_fail (IV_IS_STORE_DB (self), NULL);

  stmt = iv_store_db_prepare (self, "SELECT value FROM meta WHERE key = ?", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

gint64
iv_store_db_get_meta_int (IvStoreDb  *self,
                          const char *key,
                          gint64      default_value)
{
  g_autofree char *value = iv_store_db_get_meta (self, key);
  gint64 parsed;

  if (value == NULL || !g_ascii_string_to_signed (value, 10, G_MININT64, G_MAXINT64, &parsed, NULL))
    return default_value;
  return parsed;
}

gboolean
iv_store_db_set_meta (IvStoreDb   *self,
                      const char  *key,
                      const char  *value,
                      GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (IV_IS_STORE_DB (self), FALSE);

  if (value == NULL)
    stmt = iv_store_db_prepare (self, "DELETE FROM meta WHERE key = ?", error);
  else
    stmt = iv_store_db_prepare (self, "INSERT INTO meta (key, value) VALUES (?, ?) "
                                      "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (value != NULL)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  return iv_store_db_step_done (self, stmt, error);
}
