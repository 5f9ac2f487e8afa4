/* iv-error-body.h: the body of every 4xx/5xx answer: {"error": {code, message, field}} */
#pragma once

#include <json-glib/json-glib.h>

#include "iv-types.h"
#include "iv-status.h"

G_BEGIN_DECLS

#define IV_TYPE_ERROR_BODY (iv_error_body_get_type ())
G_DECLARE_FINAL_TYPE (IvErrorBody, iv_error_body, IV, ERROR_BODY, GObject)

/* Strict decoding (api.md); the error names the field by its JSON path */
IvErrorBody *iv_error_body_new_from_json    (JsonNode    *node,
                                              GError     **error);
/* The same, for an object found at path (e.g. "items[3]") */
IvErrorBody *iv_error_body_new_from_json_at (JsonNode    *node,
                                              const char  *path,
                                              GError     **error);
/* Encodes exactly the contract's shape */
JsonNode *iv_error_body_to_json (IvErrorBody *self);

const char  *iv_error_body_get_code (IvErrorBody *self);
const char  *iv_error_body_get_message (IvErrorBody *self);
const char  *iv_error_body_get_field (IvErrorBody *self);  /* NULL when null */

/* For the service: field may be NULL */
IvErrorBody         *iv_error_body_new (const char *code,
                                        const char *message,
                                        const char *field);

G_END_DECLS
