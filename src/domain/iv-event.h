/* iv-event.h: a change notification from the event long poll */
#pragma once

#include <json-glib/json-glib.h>

#include "iv-types.h"
#include "iv-status.h"

G_BEGIN_DECLS

#define IV_TYPE_EVENT (iv_event_get_type ())
G_DECLARE_FINAL_TYPE (IvEvent, iv_event, IV, EVENT, GObject)

/* Strict decoding (api.md); the error names the field by its JSON path */
IvEvent *iv_event_new_from_json    (JsonNode    *node,
                                     GError     **error);
/* The same, for an object found at path (e.g. "items[3]") */
IvEvent *iv_event_new_from_json_at (JsonNode    *node,
                                     const char  *path,
                                     GError     **error);
/* Encodes exactly the contract's shape */
JsonNode *iv_event_to_json (IvEvent *self);

gint64       iv_event_get_seq (IvEvent *self);
IvEventType  iv_event_get_event_type (IvEvent *self);
const char  *iv_event_get_id (IvEvent *self);
const char  *iv_event_get_status (IvEvent *self);
const char  *iv_event_get_at (IvEvent *self);  /* RFC 3339 */
GDateTime   *iv_event_get_at_date_time (IvEvent *self);

/* The events page of GET /v1/events: {"events": [Event], "last_seq": int}.
 * A new array of IvEvent (at most IV_JSON_MAX_ITEMS), or NULL and an error. */
GPtrArray           *iv_event_list_new_from_json (JsonNode   *node,
                                                  gint64     *out_last_seq,
                                                  GError    **error);
JsonNode            *iv_event_list_to_json       (GPtrArray  *events,
                                                  gint64      last_seq);

G_END_DECLS
