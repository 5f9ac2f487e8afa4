/* iv-user-db.h: the user-data database (drafts, outbox) and its private copies of attachments */
#pragma once

#include <gio/gio.h>

#include "iv-store-db.h"

G_BEGIN_DECLS

/* Attachments are at most 20 MiB (api.md) */
#define IV_USER_DB_MAX_FILE_SIZE (20 * 1024 * 1024)

#define IV_TYPE_USER_DB (iv_user_db_get_type ())
G_DECLARE_FINAL_TYPE (IvUserDb, iv_user_db, IV, USER_DB, GObject)

/* Opens dir/user-data.db (dir 0700, files 0600).  User data is never thrown
 * away: a file that cannot be opened is an error and is left untouched. */
IvUserDb   *iv_user_db_open          (const char    *dir,
                                      GError       **error);
IvStoreDb  *iv_user_db_get_db        (IvUserDb      *self);
const char *iv_user_db_get_dir       (IvUserDb      *self);

/* Copies source into dir/files/<sha256> (0600): written to a temporary
 * name, fsync'd, renamed, folder fsync'd, so the copy is whole once this
 * returns.  Returns the lowercase hex SHA-256; size and the sniffed content
 * type (application/pdf, image/png, image/jpeg or NULL) are optional. */
char       *iv_user_db_import_file   (IvUserDb      *self,
                                      GFile         *source,
                                      goffset       *out_size,
                                      char         **out_content_type,
                                      GCancellable  *cancellable,
                                      GError       **error);
/* Path of a copied file (it may not exist) */
char       *iv_user_db_get_file_path (IvUserDb      *self,
                                      const char    *sha256);
/* Deletes copies no draft and no unfinished outbox item refers to;
 * returns how many were removed */
guint       iv_user_db_collect_files (IvUserDb      *self,
                                      GError       **error);

G_END_DECLS
