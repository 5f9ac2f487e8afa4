/* iv-claim.h: a subsidy claim (兑付) with its invoice, documents and review history */
#pragma once

#include <json-glib/json-glib.h>

#include "iv-types.h"
#include "iv-status.h"
#include "iv-invoice.h"
#include "iv-history-step.h"

G_BEGIN_DECLS

#define IV_TYPE_CLAIM (iv_claim_get_type ())
G_DECLARE_FINAL_TYPE (IvClaim, iv_claim, IV, CLAIM, GObject)

/* Strict decoding (api.md); the error names the field by its JSON path */
IvClaim *iv_claim_new_from_json    (JsonNode    *node,
                                     GError     **error);
/* The same, for an object found at path (e.g. "items[3]") */
IvClaim *iv_claim_new_from_json_at (JsonNode    *node,
                                     const char  *path,
                                     GError     **error);
/* Encodes exactly the contract's shape */
JsonNode *iv_claim_to_json (IvClaim *self);

const char          *iv_claim_get_id (IvClaim *self);
const char          *iv_claim_get_number (IvClaim *self);
gint64               iv_claim_get_version (IvClaim *self);
IvClaimStatus        iv_claim_get_status (IvClaim *self);
const char          *iv_claim_get_order_id (IvClaim *self);
const char          *iv_claim_get_voucher_id (IvClaim *self);
const char          *iv_claim_get_contract_no (IvClaim *self);
gint64               iv_claim_get_contract_amount_fen (IvClaim *self);
IvInvoice           *iv_claim_get_invoice (IvClaim *self);
const char          *iv_claim_get_paid_on (IvClaim *self);  /* "YYYY-MM-DD" */
const char * const  *iv_claim_get_documents_contract (IvClaim *self);
const char * const  *iv_claim_get_documents_invoice (IvClaim *self);
const char * const  *iv_claim_get_documents_payment_proof (IvClaim *self);
const char * const  *iv_claim_get_documents_service_report (IvClaim *self);
gint64               iv_claim_get_requested_subsidy_fen (IvClaim *self);
gint64               iv_claim_get_approved_subsidy_fen (IvClaim *self);  /* -1 when null */
const char          *iv_claim_get_submitted_at (IvClaim *self);  /* RFC 3339 */
GDateTime           *iv_claim_get_submitted_at_date_time (IvClaim *self);
GListModel          *iv_claim_get_history (IvClaim *self);  /* of IvHistoryStep, oldest first */

/* The attachment ids of one kind of document (never NULL) */
const char * const  *iv_claim_get_documents (IvClaim        *self,
                                             IvDocumentKind  kind);

G_END_DECLS
