/* iv-store-db.h: one SQLite database file with pragmas, migrations and private permissions */
#pragma once

#include <glib-object.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define IV_STORE_ERROR (iv_store_error_quark ())

typedef enum {
  IV_STORE_ERROR_OPEN,          /* the file or its folder cannot be opened or created */
  IV_STORE_ERROR_CORRUPT,       /* not a database, or a damaged one */
  IV_STORE_ERROR_SCHEMA,        /* written by another program or a newer version */
  IV_STORE_ERROR_SQL,           /* any other SQLite failure */
  IV_STORE_ERROR_IO,            /* copying or syncing a file failed */
  IV_STORE_ERROR_NOT_FOUND,     /* no such row */
  IV_STORE_ERROR_INVALID,       /* bad argument or a state change that is not allowed */
  IV_STORE_ERROR_TOO_LARGE,     /* an attachment over the size limit */
  IV_STORE_ERROR_UNSUPPORTED_TYPE, /* an attachment that is not PDF, PNG or JPEG */
} IvStoreError;

GQuark iv_store_error_quark (void);

/* A schema step: applied in one transaction when user_version < version */
typedef struct {
  int         version;
  const char *sql;
} IvStoreMigration;

#define IV_TYPE_STORE_DB (iv_store_db_get_type ())
G_DECLARE_FINAL_TYPE (IvStoreDb, iv_store_db, IV, STORE_DB, GObject)

/* Creates the folder (0700) and the file (0600) if needed, sets WAL,
 * synchronous=FULL and foreign_keys=ON, checks application_id and runs the
 * migrations.  A file of another application or a newer schema fails with
 * IV_STORE_ERROR_SCHEMA, a damaged one with IV_STORE_ERROR_CORRUPT. */
IvStoreDb     *iv_store_db_open               (const char              *path,
                                               const IvStoreMigration  *migrations,
                                               guint                    n_migrations,
                                               GError                 **error);
const char    *iv_store_db_get_path           (IvStoreDb               *self);
sqlite3       *iv_store_db_get_handle         (IvStoreDb               *self);
int            iv_store_db_get_schema_version (IvStoreDb               *self);

gboolean       iv_store_db_exec               (IvStoreDb               *self,
                                               const char              *sql,
                                               GError                 **error);
/* A cached statement, reset and unbound; owned by the database */
sqlite3_stmt  *iv_store_db_prepare            (IvStoreDb               *self,
                                               const char              *sql,
                                               GError                 **error);
/* Steps a statement expecting SQLITE_DONE, then resets it */
gboolean       iv_store_db_step_done          (IvStoreDb               *self,
                                               sqlite3_stmt            *stmt,
                                               GError                 **error);
/* Sets error from the connection's last failure (prefix says what failed) */
void           iv_store_db_set_error          (IvStoreDb               *self,
                                               GError                 **error,
                                               const char              *prefix);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK; commit returns once the data is on disk */
gboolean       iv_store_db_begin              (IvStoreDb               *self,
                                               GError                 **error);
gboolean       iv_store_db_commit             (IvStoreDb               *self,
                                               GError                 **error);
void           iv_store_db_rollback           (IvStoreDb               *self);

/* Runs PRAGMA integrity_check; TRUE when SQLite answers "ok" */
gboolean       iv_store_db_check_integrity    (IvStoreDb               *self,
                                               GError                 **error);

/* Key/value settings in the meta table every store database has */
char          *iv_store_db_get_meta           (IvStoreDb               *self,
                                               const char              *key);
gint64         iv_store_db_get_meta_int       (IvStoreDb               *self,
                                               const char              *key,
                                               gint64                   default_value);
gboolean       iv_store_db_set_meta           (IvStoreDb               *self,
                                               const char              *key,
                                               const char              *value,
                                               GError                 **error);

/* Makes dir (and parents) exist with mode 0700 */
gboolean       iv_store_ensure_private_dir    (const char              *dir,
                                               GError                 **error);

G_END_DECLS
