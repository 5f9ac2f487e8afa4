/* iv-claim-documents.h: the four kinds of claim documents, each with its files, added and removed
 *
 * Shows, per kind (contract, invoice, payment proof, service report), the
 * files already attached (name, type, size, a remove button) and an "Add
 * file…" button that opens the portal-friendly file chooser (GtkFileDialog
 * on GTK ≥ 4.10, GtkFileChooserNative before) filtered to PDF, PNG and
 * JPEG.  It does not store anything itself: "file-chosen" and
 * "remove-file" tell the claim form, which keeps the draft.
 */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "iv-domain.h"
#include "iv-user-db.h"

G_BEGIN_DECLS

#define IV_CLAIM_DOCUMENT_KINDS 4

#define IV_TYPE_CLAIM_DOCUMENTS (iv_claim_documents_get_type ())
G_DECLARE_FINAL_TYPE (IvClaimDocuments, iv_claim_documents, IV, CLAIM_DOCUMENTS, GtkWidget)

GtkWidget  *iv_claim_documents_new            (void);

/* The draft's files: a JSON array of {"document_kind", "filename",
 * "content_type", "size", "sha256"} (iv_draft_get_files); NULL empties */
void        iv_claim_documents_set_files      (IvClaimDocuments *self,
                                               JsonNode         *files);
/* Attachments already on the service (a returned claim being edited) */
void        iv_claim_documents_set_uploaded   (IvClaimDocuments   *self,
                                               IvDocumentKind      kind,
                                               const char * const *attachment_ids);
const char * const *iv_claim_documents_get_uploaded (IvClaimDocuments *self,
                                                     IvDocumentKind    kind);

/* Files of kind, new and already uploaded */
guint       iv_claim_documents_count          (IvClaimDocuments *self,
                                               IvDocumentKind    kind);
/* The "Add file…" button of kind (focus goes there when kind is missing) */
GtkWidget  *iv_claim_documents_get_add_button (IvClaimDocuments *self,
                                               IvDocumentKind    kind);
/* Shows (or with NULL clears) an error under kind, linked to its button */
void        iv_claim_documents_set_error      (IvClaimDocuments *self,
                                               IvDocumentKind    kind,
                                               const char       *message);
const char *iv_claim_documents_get_error      (IvClaimDocuments *self,
                                               IvDocumentKind    kind);

/* Checks a chosen file: PDF, PNG or JPEG by its bytes, at most 20 MiB.
 * out_content_type may be NULL.  The error is a translated sentence. */
gboolean    iv_claim_documents_check_file     (GFile            *file,
                                               char            **out_content_type,
                                               GError          **error);

/* Checks file in the calling thread, then "file-chosen" (small files,
 * tests); the file chooser uses iv_claim_documents_add_file_async */
void        iv_claim_documents_add_file       (IvClaimDocuments *self,
                                               IvDocumentKind    kind,
                                               GFile            *file);
/* What choosing file in the chooser for kind does: the file is read,
 * checked and (with a user db) copied in a worker thread while the kind
 * shows "Adding …" and its button waits; back in the main thread
 * "file-chosen" lets the form record it in the draft and "add-finished"
 * says it is over.  FALSE and the translated message shown under the kind
 * when the file was refused or could not be stored.  Closing the widget
 * cancels the copy (its partial file is removed; the draft is untouched). */
void        iv_claim_documents_add_file_async (IvClaimDocuments    *self,
                                               IvDocumentKind       kind,
                                               GFile               *file,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean    iv_claim_documents_add_file_finish (IvClaimDocuments  *self,
                                                GAsyncResult      *result,
                                                GError           **error);
/* Where chosen files are copied (durably, off the main thread) before
 * "file-copied" (kind, filename, content type, size, sha256; return TRUE
 * when recorded) or else "file-chosen"; without one only the checks run in
 * the thread */
void        iv_claim_documents_set_user_db    (IvClaimDocuments *self,
                                               IvUserDb         *user_db);
/* TRUE while a file is being read or copied ("busy" property) */
gboolean    iv_claim_documents_get_busy       (IvClaimDocuments *self);

G_END_DECLS
