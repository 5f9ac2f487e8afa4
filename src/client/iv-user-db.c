/* iv-user-db.c: the user-data database (drafts, outbox) and its private copies of attachments */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "iv-user-db.h"

struct _IvUserDb
{
  GObject    parent_instance;

  char      *dir;
  char      *files_dir;
  IvStoreDb *db;
};

G_DEFINE_FINAL_TYPE (IvUserDb, iv_user_db, G_TYPE_OBJECT)

static const IvStoreMigration user_migrations[] = {
  { 1,
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
    /* Drafts: the form as JSON, owned by the user until sent or deleted */
    "CREATE TABLE drafts ("
    "  id TEXT PRIMARY KEY,"
    "  kind TEXT NOT NULL CHECK (kind IN ('application', 'claim')),"
    "  server_id TEXT,"
    "  body TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL);"
    "CREATE INDEX drafts_by_kind ON drafts (kind, updated_at);"
    "CREATE TABLE draft_files ("
    "  draft_id TEXT NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,"
    "  position INTEGER NOT NULL,"
    "  document_kind TEXT NOT NULL,"
    "  filename TEXT NOT NULL,"
    "  content_type TEXT NOT NULL,"
    "  size INTEGER NOT NULL,"
    "  sha256 TEXT NOT NULL,"
    "  PRIMARY KEY (draft_id, position));"
    /* The outbox: every write, saved before any network */
    "CREATE TABLE outbox ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  kind TEXT NOT NULL,"
    "  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN"
    "    ('queued', 'in_flight', 'done', 'retry_wait', 'needs_attention', 'discarded')),"
    "  idempotency_key TEXT NOT NULL UNIQUE,"
    "  target_id TEXT,"
    "  if_match INTEGER,"
    "  body TEXT,"
    "  draft_id TEXT,"
    "  filename TEXT,"
    "  content_type TEXT,"
    "  size INTEGER,"
    "  sha256 TEXT,"
    "  server_id TEXT,"
    "  response TEXT,"
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  next_attempt_at INTEGER,"
    "  error_code TEXT,"
    "  error_message TEXT,"
    "  error_field TEXT,"
    "  created_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL);"
    "CREATE INDEX outbox_by_state ON outbox (state, id);"
    "CREATE TABLE outbox_deps ("
    "  item_id INTEGER NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,"
    "  depends_on INTEGER NOT NULL REFERENCES outbox (id),"
    "  PRIMARY KEY (item_id, depends_on));"
    "CREATE INDEX outbox_deps_reverse ON outbox_deps (depends_on);"
  },
  /* The "earlier unfinished item for the same draft or target" check
   * seeks these instead of scanning the whole queue for every row */
  { 2,
    "CREATE INDEX outbox_by_draft ON outbox (draft_id, id, state) WHERE draft_id IS NOT NULL;"
    "CREATE INDEX outbox_by_target ON outbox (target_id, id, state) WHERE target_id IS NOT NULL;"
  },
};

static void
iv_user_db_finalize (GObject *object)
{
  IvUserDb *self = IV_USER_DB (object);

  g_clear_object (&self->db);
  g_clear_pointer (&self->dir, g_free);
  g_clear_pointer (&self->files_dir, g_free);

  G_OBJECT_CLASS (iv_user_db_parent_class)->finalize (object);
}

static void
iv_user_db_class_init (IvUserDbClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = iv_user_db_finalize;
}

static void
iv_user_db_init (IvUserDb *self)
{
}

IvUserDb *
iv_user_db_open (const char  *dir,
                 GError     **error)
{
  g_autoptr(IvUserDb) self = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (dir != NULL, NULL);

  self = g_object_new (IV_TYPE_USER_DB, NULL);
  self->dir = g_strdup (dir);
  self->files_dir = g_build_filename (dir, "files", NULL);
  path = g_build_filename (dir, "user-data.db", NULL);

  if (!iv_store_ensure_private_dir (self->files_dir, error))
    return NULL;

  self->db = iv_store_db_open (path, user_migrations, G_N_ELEMENTS (user_migrations), error);
  if (self->db == NULL)
    {
      /* Never move or delete user data: say what is wrong and stop */
      g_prefix_error (error, "Your saved drafts and queued work cannot be opened: ");
      return NULL;
    }
  return g_steal_pointer (&self);
}

IvStoreDb *
iv_user_db_get_db (IvUserDb *self)
{
  g_return_val_if_fail (IV_IS_USER_DB (self), NULL);
  return self->db;
}

const char *
iv_user_db_get_dir (IvUserDb *self)
{
  g_return_val_if_fail (IV_IS_USER_DB (self), NULL);
  return self->dir;
}

char *
iv_user_db_get_file_path (IvUserDb   *self,
                          const char *sha256)
{
  g_return_val_if_fail (IV_IS_USER_DB (self), NULL);
  g_return_val_if_fail (sha256 != NULL, NULL);
  return g_build_filename (self->files_dir, sha256, NULL);
}

static const char *
sniff_content_type (const guchar *head,
                    gsize         len)
{
  if (len >= 5 && memcmp (head, "%PDF-", 5) == 0)
    return "application/pdf";
  if (len >= 8 && memcmp (head, "\x89PNG\r\n\x1a\n", 8) == 0)
    return "image/png";
  if (len >= 3 && head[0] == 0xff && head[1] == 0xd8 && head[2] == 0xff)
    return "image/jpeg";
  return NULL;
}

static gboolean
fsync_dir (const char  *dir,
           GError     **error)
{
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd < 0 || fsync (fd) != 0)
    {
      int saved = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_IO,
                   "Cannot sync %s: %s", dir, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

char *
iv_user_db_import_file (IvUserDb      *self,
                        GFile         *source,
                        goffset       *out_size,
                        char         **out_content_type,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *tmp_path = NULL;
  g_autofree char *final_path = NULL;
  g_autofree guchar *buffer = NULL;
  guchar head[8];
  gsize head_len = 0;
  goffset total = 0;
  int fd;
  gboolean ok = FALSE;
  char *sha256 = NULL;

  g_return_val_if_fail (IV_IS_USER_DB (self), NULL);
  g_return_val_if_fail (G_IS_FILE (source), NULL);

  in = g_file_read (source, cancellable, error);
  if (in == NULL)
    return NULL;

  tmp_path = g_build_filename (self->files_dir, ".import-XXXXXX", NULL);
  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_IO,
                   "Cannot create a file in %s: %s", self->files_dir, g_strerror (saved));
      return NULL;
    }

  buffer = g_malloc (64 * 1024);
  for (;;)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (in), buffer, 64 * 1024, cancellable, error);
      gsize done = 0;

      if (n < 0)
        goto out;
      if (n == 0)
        break;
      total += n;
      if (total > IV_USER_DB_MAX_FILE_SIZE)
        {
          g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_TOO_LARGE,
                       "The file is larger than %d MiB", IV_USER_DB_MAX_FILE_SIZE / (1024 * 1024));
          goto out;
        }
      if (head_len < sizeof head)
        {
          gsize take = MIN (sizeof head - head_len, (gsize) n);
          memcpy (head + head_len, buffer, take);
          head_len += take;
        }
      g_checksum_update (checksum, buffer, n);
      while (done < (gsize) n)
        {
          ssize_t w = write (fd, buffer + done, n - done);
          if (w < 0 && errno == EINTR)
            continue;
          if (w < 0)
            {
              int saved = errno;
              g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_IO,
                           "Cannot copy the file: %s", g_strerror (saved));
              goto out;
            }
          done += w;
        }
    }

  if (fsync (fd) != 0)
    {
      int saved = errno;
      g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_IO,
                   "Cannot sync the copy: %s", g_strerror (saved));
      goto out;
    }

  final_path = g_build_filename (self->files_dir, g_checksum_get_string (checksum), NULL);
  /* Same content already kept: the rename just replaces it with equal bytes */
  if (g_rename (tmp_path, final_path) != 0)
    {
      int saved = errno;
      g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_IO,
                   "Cannot store the copy: %s", g_strerror (saved));
      goto out;
    }
  g_clear_pointer (&tmp_path, g_free);
  if (!fsync_dir (self->files_dir, error))
    goto out;

  ok = TRUE;
  sha256 = g_strdup (g_checksum_get_string (checksum));
  if (out_size != NULL)
    *out_size = total;
  if (out_content_type != NULL)
    *out_content_type = g_strdup (sniff_content_type (head, head_len));

out:
  close (fd);
  if (!ok && tmp_path != NULL)
    g_unlink (tmp_path);
  return sha256;
}

guint
iv_user_db_collect_files (IvUserDb  *self,
                          GError   **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt;
  const char *name;
  guint removed = 0;

  g_return_val_if_fail (IV_IS_USER_DB (self), 0);

  stmt = iv_store_db_prepare (self->db,
                              "SELECT sha256 FROM draft_files "
                              "UNION SELECT sha256 FROM outbox WHERE sha256 IS NOT NULL "
                              "AND state NOT IN ('done', 'discarded')",
                              error);
  if (stmt == NULL)
    return 0;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_add (used, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);

  dir = g_dir_open (self->files_dir, 0, error);
  if (dir == NULL)
    return 0;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;

      if (name[0] == '.' || g_hash_table_contains (used, name))
        continue;
      path = g_build_filename (self->files_dir, name, NULL);
      if (g_unlink (path) == 0)
        removed++;
    }
  return removed;
}
