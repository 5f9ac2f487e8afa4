/* iv-category.h: a service category of the catalog (测试检测, …) */
#pragma once

#include <json-glib/json-glib.h>

#include "iv-types.h"
#include "iv-status.h"

G_BEGIN_DECLS

#define IV_TYPE_CATEGORY (iv_category_get_type ())
G_DECLARE_FINAL_TYPE (IvCategory, iv_category, IV, CATEGORY, GObject)

/* Strict decoding (api.md); the error names the field by its JSON path */
IvCategory *iv_category_new_from_json    (JsonNode    *node,
                                           GError     **error);
/* The same, for an object found at path (e.g. "items[3]") */
IvCategory *iv_category_new_from_json_at (JsonNode    *node,
                                           const char  *path,
                                           GError     **error);
/* Encodes exactly the contract's shape */
JsonNode *iv_category_to_json (IvCategory *self);

const char  *iv_category_get_code (IvCategory *self);
const char  *iv_category_get_name (IvCategory *self);

G_END_DECLS
