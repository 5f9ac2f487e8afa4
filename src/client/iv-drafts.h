/* iv-drafts.h: applications and claims being written, kept in user data across restarts */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "iv-draft.h"
#include "iv-user-db.h"

G_BEGIN_DECLS

#define IV_TYPE_DRAFTS (iv_drafts_get_type ())
G_DECLARE_FINAL_TYPE (IvDrafts, iv_drafts, IV, DRAFTS, GObject)

IvDrafts  *iv_drafts_new         (IvUserDb      *user_db);

/* kind "application" or "claim"; server_id when editing a returned one.
 * Every call below commits before it returns (synchronous=FULL). */
IvDraft   *iv_drafts_create      (IvDrafts      *self,
                                  const char    *kind,
                                  const char    *server_id,
                                  JsonNode      *body,
                                  GError       **error);
gboolean   iv_drafts_save        (IvDrafts      *self,
                                  const char    *id,
                                  JsonNode      *body,
                                  GError       **error);
IvDraft   *iv_drafts_get         (IvDrafts      *self,
                                  const char    *id,
                                  GError       **error);
/* Most recently saved first; kind NULL lists both kinds */
GPtrArray *iv_drafts_list        (IvDrafts      *self,
                                  const char    *kind,
                                  GError       **error);
gboolean   iv_drafts_delete      (IvDrafts      *self,
                                  const char    *id,
                                  GError       **error);
/* Copies file into user data and attaches it as document_kind
 * (contract, invoice, payment_proof, service_report) */
gboolean   iv_drafts_attach_file (IvDrafts      *self,
                                  const char    *id,
                                  const char    *document_kind,
                                  GFile         *file,
                                  const char    *filename,
                                  const char    *content_type,
                                  GCancellable  *cancellable,
                                  GError       **error);
/* Cites a file already copied into user data (iv_user_db_import_file (),
 * e.g. in a worker thread), without copying it again */
gboolean   iv_drafts_attach_copied_file (IvDrafts    *self,
                                         const char  *id,
                                         const char  *document_kind,
                                         const char  *filename,
                                         const char  *content_type,
                                         goffset      size,
                                         const char  *sha256,
                                         GError     **error);
/* index into iv_draft_get_files () */
gboolean   iv_drafts_remove_file (IvDrafts      *self,
                                  const char    *id,
                                  guint          index,
                                  GError       **error);
/* The private copy of an attached file */
GFile     *iv_drafts_get_file    (IvDrafts      *self,
                                  const char    *sha256);

G_END_DECLS
