/* iv-printable-claim.h: everything a receipt or claim form prints, with no network behind it
 *
 * The UI fills one from the service's Receipt and the claim (or from a claim
 * still in the outbox: then `draft` is TRUE and every page is marked as not
 * an official receipt).  Strings are UTF-8; NULL means "not known / not
 * applicable" and prints as a dash or an explicit note.  Money is in fen.
 */
#pragma once

#include <glib-object.h>

#include "iv-types.h"
#include "iv-receipt-types.h"

G_BEGIN_DECLS

/* One subsidy tier of the policy the claim was computed with. */
typedef struct {
  gint64 up_to_fen;   /* -1: no upper bound (the last tier) */
  gint   ratio_bp;    /* basis points, 8000 = 80% */
} IvPrintableTier;

/* The attachments of one document kind ("contract", "invoice", …). */
typedef struct {
  char  *kind;        /* policy document kind code */
  GStrv  filenames;   /* NULL-terminated, may be empty */
} IvPrintableDocuments;

struct _IvPrintableClaim {
  /* A queued claim: no receipt from the service yet. */
  gboolean       draft;

  /* From the service's Receipt (NULL for a draft) */
  char          *receipt_number;
  char          *verification_code;
  char          *verify_url;
  GDateTime     *issued_at;

  /* The claim */
  char          *claim_number;         /* NULL while queued */
  IvClaimStatus  status;               /* ignored for a draft */
  GDateTime     *submitted_at;         /* NULL while queued */
  char          *order_number;
  char          *contract_no;
  gint64         contract_amount_fen;
  char          *invoice_code;         /* NULL for a fully digital invoice (数电票) */
  char          *invoice_number;
  char          *invoice_date;         /* YYYY-MM-DD */
  gint64         invoice_amount_fen;   /* -1: unknown */
  char          *invoice_seller;
  char          *paid_on;              /* YYYY-MM-DD */
  gint64         requested_subsidy_fen;
  gint64         approved_subsidy_fen; /* -1: not decided yet */
  GPtrArray     *documents;            /* of IvPrintableDocuments, policy order */

  /* The rule the requested subsidy was computed with */
  char          *policy_version;       /* may be NULL */
  GArray        *tiers;                /* of IvPrintableTier, may be empty */
  gint64         reserved_fen;         /* the cap; -1: unknown */

  /* Who and what */
  char          *enterprise_name;
  char          *credit_code;          /* NULL for a team account */
  char          *voucher_code;
  char          *institution_name;
  char          *service_title;

  /* When the paper was made; NULL means "now".  Also the PDF's creation date. */
  GDateTime     *printed_at;
};

#define IV_TYPE_PRINTABLE_CLAIM (iv_printable_claim_get_type ())

GType                 iv_printable_claim_get_type        (void) G_GNUC_CONST;

IvPrintableClaim     *iv_printable_claim_new             (void);
IvPrintableClaim     *iv_printable_claim_copy            (const IvPrintableClaim *self);
void                  iv_printable_claim_free            (IvPrintableClaim       *self);

/* Appends a document kind with its file names (filenames may be NULL). */
void                  iv_printable_claim_add_documents   (IvPrintableClaim       *self,
                                                          const char             *kind,
                                                          const char * const     *filenames);
void                  iv_printable_claim_add_tier        (IvPrintableClaim       *self,
                                                          gint64                  up_to_fen,
                                                          gint                    ratio_bp);

/* TRUE when everything a document of @kind needs is there; else an
 * IV_RECEIPT_ERROR_INVALID naming the first missing field. */
gboolean              iv_printable_claim_validate        (const IvPrintableClaim *self,
                                                          IvReceiptDocumentKind   kind,
                                                          GError                **error);

/* "contract" → the translated label of iv-status.h; unknown kinds as they are */
const char           *iv_printable_document_kind_label   (const char             *kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IvPrintableClaim, iv_printable_claim_free)

G_END_DECLS

G_BEGIN_DECLS

/* From the service's Receipt (iv-printable-claim-models.c).  @claim, when
 * given, adds what the receipt does not carry (invoice details, dates,
 * documents); @attachment_names maps attachment ids to file names (ids
 * without a name print as they are); both may be NULL. */
IvPrintableClaim     *iv_printable_claim_new_from_receipt (IvReceipt              *receipt,
                                                           IvClaim                *claim,
                                                           GHashTable             *attachment_names);

/* From a claim the service knows, for its claim form; the names come from
 * the account, the voucher, the order and the catalog. */
IvPrintableClaim     *iv_printable_claim_new_from_claim   (IvClaim                *claim,
                                                           const char             *enterprise_name,
                                                           const char             *credit_code,
                                                           const char             *voucher_code,
                                                           const char             *institution_name,
                                                           const char             *service_title,
                                                           GHashTable             *attachment_names);

G_END_DECLS
