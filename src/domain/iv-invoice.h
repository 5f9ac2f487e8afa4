/* iv-invoice.h: the invoice of a claim: classic VAT (code + number) or 数电票 (number only) */
#pragma once

#include <json-glib/json-glib.h>

#include "iv-types.h"
#include "iv-status.h"

G_BEGIN_DECLS

#define IV_TYPE_INVOICE (iv_invoice_get_type ())
G_DECLARE_FINAL_TYPE (IvInvoice, iv_invoice, IV, INVOICE, GObject)

/* Strict decoding (api.md); the error names the field by its JSON path */
IvInvoice *iv_invoice_new_from_json    (JsonNode    *node,
                                         GError     **error);
/* The same, for an object found at path (e.g. "items[3]") */
IvInvoice *iv_invoice_new_from_json_at (JsonNode    *node,
                                         const char  *path,
                                         GError     **error);
/* Encodes exactly the contract's shape */
JsonNode *iv_invoice_to_json (IvInvoice *self);

const char  *iv_invoice_get_code (IvInvoice *self);  /* NULL when null */
const char  *iv_invoice_get_number (IvInvoice *self);
const char  *iv_invoice_get_date (IvInvoice *self);  /* "YYYY-MM-DD" */
gint64       iv_invoice_get_amount_fen (IvInvoice *self);
const char  *iv_invoice_get_seller_name (IvInvoice *self);

G_END_DECLS
