/* iv-order.h: an order (使用): a catalog service booked with a voucher */
#pragma once

#include <json-glib/json-glib.h>

#include "iv-types.h"
#include "iv-status.h"
#include "iv-history-step.h"

G_BEGIN_DECLS

#define IV_TYPE_ORDER (iv_order_get_type ())
G_DECLARE_FINAL_TYPE (IvOrder, iv_order, IV, ORDER, GObject)

/* Strict decoding (api.md); the error names the field by its JSON path */
IvOrder *iv_order_new_from_json    (JsonNode    *node,
                                     GError     **error);
/* The same, for an object found at path (e.g. "items[3]") */
IvOrder *iv_order_new_from_json_at (JsonNode    *node,
                                     const char  *path,
                                     GError     **error);
/* Encodes exactly the contract's shape */
JsonNode *iv_order_to_json (IvOrder *self);

const char   *iv_order_get_id (IvOrder *self);
const char   *iv_order_get_number (IvOrder *self);
gint64        iv_order_get_version (IvOrder *self);
IvOrderStatus iv_order_get_status (IvOrder *self);
const char   *iv_order_get_voucher_id (IvOrder *self);
const char   *iv_order_get_service_id (IvOrder *self);
const char   *iv_order_get_institution_id (IvOrder *self);
gint64        iv_order_get_quoted_amount_fen (IvOrder *self);
gint64        iv_order_get_reserved_fen (IvOrder *self);
const char   *iv_order_get_created_at (IvOrder *self);  /* RFC 3339 */
GDateTime    *iv_order_get_created_at_date_time (IvOrder *self);
GListModel   *iv_order_get_history (IvOrder *self);  /* of IvHistoryStep, oldest first */

G_END_DECLS
