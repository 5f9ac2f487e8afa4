/* iv-voucher.h: an innovation voucher: face value, balance, reserved amount, deadlines */
#pragma once

#include <json-glib/json-glib.h>

#include "iv-types.h"
#include "iv-status.h"

G_BEGIN_DECLS

#define IV_TYPE_VOUCHER (iv_voucher_get_type ())
G_DECLARE_FINAL_TYPE (IvVoucher, iv_voucher, IV, VOUCHER, GObject)

/* Strict decoding (api.md); the error names the field by its JSON path */
IvVoucher *iv_voucher_new_from_json    (JsonNode    *node,
                                         GError     **error);
/* The same, for an object found at path (e.g. "items[3]") */
IvVoucher *iv_voucher_new_from_json_at (JsonNode    *node,
                                         const char  *path,
                                         GError     **error);
/* Encodes exactly the contract's shape */
JsonNode *iv_voucher_to_json (IvVoucher *self);

const char     *iv_voucher_get_id (IvVoucher *self);
const char     *iv_voucher_get_code (IvVoucher *self);
gint            iv_voucher_get_year (IvVoucher *self);
gint64          iv_voucher_get_face_value_fen (IvVoucher *self);
gint64          iv_voucher_get_balance_fen (IvVoucher *self);
gint64          iv_voucher_get_reserved_fen (IvVoucher *self);
const char     *iv_voucher_get_use_by (IvVoucher *self);  /* "YYYY-MM-DD" */
const char     *iv_voucher_get_redeem_by (IvVoucher *self);  /* "YYYY-MM-DD" */
IvRedeemMode    iv_voucher_get_redeem_mode (IvVoucher *self);
IvVoucherStatus iv_voucher_get_status (IvVoucher *self);

G_END_DECLS
