/* iv-receipt.h: the receipt (回执) of a submitted claim, as printed */
#pragma once

#include <json-glib/json-glib.h>

#include "iv-types.h"
#include "iv-status.h"

G_BEGIN_DECLS

#define IV_TYPE_RECEIPT (iv_receipt_get_type ())
G_DECLARE_FINAL_TYPE (IvReceipt, iv_receipt, IV, RECEIPT, GObject)

/* Strict decoding (api.md); the error names the field by its JSON path */
IvReceipt *iv_receipt_new_from_json    (JsonNode    *node,
                                         GError     **error);
/* The same, for an object found at path (e.g. "items[3]") */
IvReceipt *iv_receipt_new_from_json_at (JsonNode    *node,
                                         const char  *path,
                                         GError     **error);
/* Encodes exactly the contract's shape */
JsonNode *iv_receipt_to_json (IvReceipt *self);

const char   *iv_receipt_get_number (IvReceipt *self);
const char   *iv_receipt_get_claim_id (IvReceipt *self);
const char   *iv_receipt_get_claim_number (IvReceipt *self);
const char   *iv_receipt_get_issued_at (IvReceipt *self);  /* RFC 3339 */
GDateTime    *iv_receipt_get_issued_at_date_time (IvReceipt *self);
const char   *iv_receipt_get_enterprise_name (IvReceipt *self);
const char   *iv_receipt_get_enterprise_credit_code (IvReceipt *self);  /* NULL when null */
const char   *iv_receipt_get_voucher_code (IvReceipt *self);
const char   *iv_receipt_get_institution_name (IvReceipt *self);
const char   *iv_receipt_get_service_title (IvReceipt *self);
const char   *iv_receipt_get_contract_no (IvReceipt *self);
gint64        iv_receipt_get_contract_amount_fen (IvReceipt *self);
const char   *iv_receipt_get_invoice_number (IvReceipt *self);
gint64        iv_receipt_get_requested_subsidy_fen (IvReceipt *self);
IvClaimStatus iv_receipt_get_status (IvReceipt *self);
const char   *iv_receipt_get_verification_code (IvReceipt *self);
const char   *iv_receipt_get_verify_url (IvReceipt *self);

G_END_DECLS
