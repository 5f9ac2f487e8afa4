/* iv-claim-form.h: the guided claim (兑付) form: contract, invoice, payment, documents, checklist, estimate
 *
 * A dialog window over the main window.  Every change is saved to the
 * draft store shortly after it is made (and at once with Ctrl+S), so a
 * claim being written survives quitting and crashes.  Submitting
 * (Ctrl+Enter) validates, then queues the uploads and the claim in the
 * outbox: it works offline and says so.  Escape closes, asking first when
 * something is not saved.
 */
#pragma once

#include <adwaita.h>

#include "iv-domain.h"
#include "iv-drafts.h"
#include "iv-outbox.h"
#include "iv-form-field.h"

G_BEGIN_DECLS

/* The fields, by the names iv_claim_form_get_field takes */
#define IV_CLAIM_FIELD_CONTRACT_NO     "contract_no"
#define IV_CLAIM_FIELD_CONTRACT_AMOUNT "contract_amount"
#define IV_CLAIM_FIELD_INVOICE_CODE    "invoice_code"
#define IV_CLAIM_FIELD_INVOICE_NUMBER  "invoice_number"
#define IV_CLAIM_FIELD_INVOICE_DATE    "invoice_date"
#define IV_CLAIM_FIELD_INVOICE_AMOUNT  "invoice_amount"
#define IV_CLAIM_FIELD_SELLER_NAME     "seller_name"
#define IV_CLAIM_FIELD_PAID_ON         "paid_on"

#define IV_TYPE_CLAIM_FORM (iv_claim_form_get_type ())
G_DECLARE_FINAL_TYPE (IvClaimForm, iv_claim_form, IV, CLAIM_FORM, AdwWindow)

IvClaimForm  *iv_claim_form_new              (IvDrafts      *drafts,
                                              IvOutbox      *outbox);

/* The policy gives the subsidy estimate and its rule (NULL: not known yet) */
void          iv_claim_form_set_policy       (IvClaimForm   *self,
                                              IvPolicy      *policy);
/* A new claim for a completed order */
void          iv_claim_form_set_order        (IvClaimForm   *self,
                                              IvOrder       *order);
/* Reopens a saved draft (kind "claim") */
gboolean      iv_claim_form_load_draft       (IvClaimForm   *self,
                                              IvDraft       *draft,
                                              GError       **error);
/* Edits a returned claim for resubmission (its documents stay as they are
 * on the service unless removed) */
void          iv_claim_form_edit_claim       (IvClaimForm   *self,
                                              IvClaim       *claim);
/* Fixing a write the service refused: submitting edits this outbox item
 * and queues it again instead of queueing a new one */
void          iv_claim_form_set_retry_item   (IvClaimForm   *self,
                                              IvOutboxItem  *item);
/* A conflict: shows the service's copy beside the user's own, which stays
 * in the form; resubmitting uses the service copy's version */
void          iv_claim_form_show_server_copy (IvClaimForm   *self,
                                              IvClaim       *server_copy);

/* Checks every field; marks the invalid ones, moves the focus to the first
 * and announces how many need attention.  TRUE when all are valid. */
gboolean      iv_claim_form_validate         (IvClaimForm   *self);
gboolean      iv_claim_form_save_draft       (IvClaimForm   *self,
                                              GError       **error);
/* Validates, saves, and queues; the item of the claim itself (its uploads
 * are queued before it).  NULL with no error when validation failed. */
IvOutboxItem *iv_claim_form_submit           (IvClaimForm   *self,
                                              GError       **error);

const char   *iv_claim_form_get_draft_id     (IvClaimForm   *self);
gboolean      iv_claim_form_get_dirty        (IvClaimForm   *self);
IvFormField  *iv_claim_form_get_field        (IvClaimForm   *self,
                                              const char    *name);
GtkWidget    *iv_claim_form_get_documents    (IvClaimForm   *self);
/* The body the service would get (placeholders for files not yet uploaded
 * are left out); NULL while a field is invalid */
JsonNode     *iv_claim_form_build_body       (IvClaimForm   *self);
/* Estimated subsidy in fen, -1 when the amount or the policy is missing */
gint64        iv_claim_form_get_estimate_fen (IvClaimForm   *self);
/* The checklist's lines as shown, and how many items are still missing */
GStrv         iv_claim_form_dup_checklist    (IvClaimForm   *self);
guint         iv_claim_form_get_n_missing    (IvClaimForm   *self);

G_END_DECLS
