/* iv-application.h: a quota application (申领) and its review history */
#pragma once

#include <json-glib/json-glib.h>

#include "iv-types.h"
#include "iv-status.h"
#include "iv-history-step.h"

G_BEGIN_DECLS

#define IV_TYPE_APPLICATION (iv_application_get_type ())
G_DECLARE_FINAL_TYPE (IvApplication, iv_application, IV, APPLICATION, GObject)

/* Strict decoding (api.md); the error names the field by its JSON path */
IvApplication *iv_application_new_from_json    (JsonNode    *node,
                                                 GError     **error);
/* The same, for an object found at path (e.g. "items[3]") */
IvApplication *iv_application_new_from_json_at (JsonNode    *node,
                                                 const char  *path,
                                                 GError     **error);
/* Encodes exactly the contract's shape */
JsonNode *iv_application_to_json (IvApplication *self);

const char          *iv_application_get_id (IvApplication *self);
const char          *iv_application_get_number (IvApplication *self);
gint64               iv_application_get_version (IvApplication *self);
IvApplicationStatus  iv_application_get_status (IvApplication *self);
gint                 iv_application_get_year (IvApplication *self);
gint64               iv_application_get_amount_fen (IvApplication *self);
const char          *iv_application_get_purpose (IvApplication *self);
const char * const  *iv_application_get_planned_categories (IvApplication *self);
const char          *iv_application_get_contact_name (IvApplication *self);
const char          *iv_application_get_contact_phone (IvApplication *self);
const char          *iv_application_get_submitted_at (IvApplication *self);  /* RFC 3339 */
GDateTime           *iv_application_get_submitted_at_date_time (IvApplication *self);
GListModel          *iv_application_get_history (IvApplication *self);  /* of IvHistoryStep, oldest first */

G_END_DECLS
