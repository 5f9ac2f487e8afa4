/* iv-history-step.h: one step of a status history: who moved it where, when, with a note */
#pragma once

#include <json-glib/json-glib.h>

#include "iv-types.h"
#include "iv-status.h"

G_BEGIN_DECLS

#define IV_TYPE_HISTORY_STEP (iv_history_step_get_type ())
G_DECLARE_FINAL_TYPE (IvHistoryStep, iv_history_step, IV, HISTORY_STEP, GObject)

/* Strict decoding (api.md); the error names the field by its JSON path */
IvHistoryStep *iv_history_step_new_from_json    (JsonNode    *node,
                                                  GError     **error);
/* The same, for an object found at path (e.g. "items[3]") */
IvHistoryStep *iv_history_step_new_from_json_at (JsonNode    *node,
                                                  const char  *path,
                                                  GError     **error);
/* Encodes exactly the contract's shape */
JsonNode *iv_history_step_to_json (IvHistoryStep *self);

const char  *iv_history_step_get_at (IvHistoryStep *self);  /* RFC 3339 */
GDateTime   *iv_history_step_get_at_date_time (IvHistoryStep *self);
const char  *iv_history_step_get_status (IvHistoryStep *self);
IvActor      iv_history_step_get_actor (IvHistoryStep *self);
const char  *iv_history_step_get_note (IvHistoryStep *self);  /* NULL when null */

G_END_DECLS
