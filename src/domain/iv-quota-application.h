/* iv-quota-application.h: a quota application (申领) and its review history (IvApplication is the GtkApplication) */
#pragma once

#include <json-glib/json-glib.h>

#include "iv-types.h"
#include "iv-status.h"
#include "iv-history-step.h"

G_BEGIN_DECLS

#define IV_TYPE_QUOTA_APPLICATION (iv_quota_application_get_type ())
G_DECLARE_FINAL_TYPE (IvQuotaApplication, iv_quota_application, IV, QUOTA_APPLICATION, GObject)

/* Strict decoding (api.md); the error names the field by its JSON path */
IvQuotaApplication *iv_quota_application_new_from_json    (JsonNode    *node,
                                                            GError     **error);
/* The same, for an object found at path (e.g. "items[3]") */
IvQuotaApplication *iv_quota_application_new_from_json_at (JsonNode    *node,
                                                            const char  *path,
                                                            GError     **error);
/* Encodes exactly the contract's shape */
JsonNode *iv_quota_application_to_json (IvQuotaApplication *self);

const char          *iv_quota_application_get_id (IvQuotaApplication *self);
const char          *iv_quota_application_get_number (IvQuotaApplication *self);
gint64               iv_quota_application_get_version (IvQuotaApplication *self);
IvApplicationStatus  iv_quota_application_get_status (IvQuotaApplication *self);
gint                 iv_quota_application_get_year (IvQuotaApplication *self);
gint64               iv_quota_application_get_amount_fen (IvQuotaApplication *self);
const char          *iv_quota_application_get_purpose (IvQuotaApplication *self);
const char * const  *iv_quota_application_get_planned_categories (IvQuotaApplication *self);
const char          *iv_quota_application_get_contact_name (IvQuotaApplication *self);
const char          *iv_quota_application_get_contact_phone (IvQuotaApplication *self);
const char          *iv_quota_application_get_submitted_at (IvQuotaApplication *self);  /* RFC 3339 */
GDateTime           *iv_quota_application_get_submitted_at_date_time (IvQuotaApplication *self);
GListModel          *iv_quota_application_get_history (IvQuotaApplication *self);  /* of IvHistoryStep, oldest first */

G_END_DECLS
