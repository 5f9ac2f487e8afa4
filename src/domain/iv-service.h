/* iv-service.h: a service an institution offers in the catalog */
#pragma once

#include <json-glib/json-glib.h>

#include "iv-types.h"
#include "iv-status.h"

G_BEGIN_DECLS

#define IV_TYPE_SERVICE (iv_service_get_type ())
G_DECLARE_FINAL_TYPE (IvService, iv_service, IV, SERVICE, GObject)

/* Strict decoding (api.md); the error names the field by its JSON path */
IvService *iv_service_new_from_json    (JsonNode    *node,
                                         GError     **error);
/* The same, for an object found at path (e.g. "items[3]") */
IvService *iv_service_new_from_json_at (JsonNode    *node,
                                         const char  *path,
                                         GError     **error);
/* Encodes exactly the contract's shape */
JsonNode *iv_service_to_json (IvService *self);

const char  *iv_service_get_id (IvService *self);
const char  *iv_service_get_institution_id (IvService *self);
const char  *iv_service_get_category (IvService *self);
const char  *iv_service_get_title (IvService *self);
const char  *iv_service_get_description (IvService *self);
gint64       iv_service_get_price_fen (IvService *self);  /* -1 when null */
const char  *iv_service_get_price_note (IvService *self);  /* NULL when null */
const char  *iv_service_get_unit (IvService *self);  /* NULL when null */
const char  *iv_service_get_updated_at (IvService *self);  /* RFC 3339 */
GDateTime   *iv_service_get_updated_at_date_time (IvService *self);

G_END_DECLS
