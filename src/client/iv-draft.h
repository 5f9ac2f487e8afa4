/* iv-draft.h: a snapshot of one saved draft (an application or a claim being written) */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define IV_TYPE_DRAFT (iv_draft_get_type ())
G_DECLARE_FINAL_TYPE (IvDraft, iv_draft, IV, DRAFT, GObject)

IvDraft     *iv_draft_new            (const char *id,
                                      const char *kind,
                                      const char *server_id,
                                      JsonNode   *body,
                                      JsonNode   *files,
                                      gint64      created_at,
                                      gint64      updated_at);

/* The local draft id (a UUID) */
const char  *iv_draft_get_id         (IvDraft *self);
/* "application" or "claim" */
const char  *iv_draft_get_kind       (IvDraft *self);
/* Set when the draft edits a returned application or claim */
const char  *iv_draft_get_server_id  (IvDraft *self);
/* The form's fields as the UI saved them */
JsonNode    *iv_draft_get_body       (IvDraft *self);
/* Attached files, a JSON array of {"document_kind", "filename",
 * "content_type", "size", "sha256"} in the order they were attached */
JsonNode    *iv_draft_get_files      (IvDraft *self);
guint        iv_draft_get_n_files    (IvDraft *self);
gint64       iv_draft_get_created_at (IvDraft *self);  /* unix µs */
gint64       iv_draft_get_updated_at (IvDraft *self);  /* unix µs */

G_END_DECLS
