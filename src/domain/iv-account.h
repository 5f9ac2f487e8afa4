/* iv-account.h: the signed-in enterprise or startup team, with its year quota */
#pragma once

#include <json-glib/json-glib.h>

#include "iv-types.h"
#include "iv-status.h"

G_BEGIN_DECLS

#define IV_TYPE_ACCOUNT (iv_account_get_type ())
G_DECLARE_FINAL_TYPE (IvAccount, iv_account, IV, ACCOUNT, GObject)

/* Strict decoding (api.md); the error names the field by its JSON path */
IvAccount *iv_account_new_from_json    (JsonNode    *node,
                                         GError     **error);
/* The same, for an object found at path (e.g. "items[3]") */
IvAccount *iv_account_new_from_json_at (JsonNode    *node,
                                         const char  *path,
                                         GError     **error);
/* Encodes exactly the contract's shape */
JsonNode *iv_account_to_json (IvAccount *self);

const char   *iv_account_get_id (IvAccount *self);
IvAccountKind iv_account_get_kind (IvAccount *self);
const char   *iv_account_get_name (IvAccount *self);
const char   *iv_account_get_credit_code (IvAccount *self);  /* NULL when null */
const char   *iv_account_get_contact_name (IvAccount *self);
const char   *iv_account_get_contact_phone (IvAccount *self);
const char   *iv_account_get_district (IvAccount *self);
gint          iv_account_get_year (IvAccount *self);
gint64        iv_account_get_year_cap_fen (IvAccount *self);
gint64        iv_account_get_year_granted_fen (IvAccount *self);
gint64        iv_account_get_year_used_fen (IvAccount *self);

G_END_DECLS
