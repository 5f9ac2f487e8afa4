/* iv-institution.h: an accredited service institution of the catalog */
#pragma once

#include <json-glib/json-glib.h>

#include "iv-types.h"
#include "iv-status.h"

G_BEGIN_DECLS

#define IV_TYPE_INSTITUTION (iv_institution_get_type ())
G_DECLARE_FINAL_TYPE (IvInstitution, iv_institution, IV, INSTITUTION, GObject)

/* Strict decoding (api.md); the error names the field by its JSON path */
IvInstitution *iv_institution_new_from_json    (JsonNode    *node,
                                                 GError     **error);
/* The same, for an object found at path (e.g. "items[3]") */
IvInstitution *iv_institution_new_from_json_at (JsonNode    *node,
                                                 const char  *path,
                                                 GError     **error);
/* Encodes exactly the contract's shape */
JsonNode *iv_institution_to_json (IvInstitution *self);

const char          *iv_institution_get_id (IvInstitution *self);
const char          *iv_institution_get_name (IvInstitution *self);
const char          *iv_institution_get_credit_code (IvInstitution *self);
const char          *iv_institution_get_district (IvInstitution *self);
const char          *iv_institution_get_address (IvInstitution *self);
const char          *iv_institution_get_phone (IvInstitution *self);
const char * const  *iv_institution_get_accreditations (IvInstitution *self);
gboolean             iv_institution_get_accepts_vouchers (IvInstitution *self);
const char          *iv_institution_get_updated_at (IvInstitution *self);  /* RFC 3339 */
GDateTime           *iv_institution_get_updated_at_date_time (IvInstitution *self);

G_END_DECLS
