/* iv-history-step-private.h: reading and writing a model's status history */
#pragma once

#include "iv-history-step.h"
#include "iv-json-reader.h"

G_BEGIN_DECLS

/* Decode the required array member into history (replacing its steps);
 * every step's status must be a nick of status_type (IV_DECODE_ERROR_RANGE
 * "member[i].status: unknown status" otherwise). */
gboolean iv_history_step_read_member (IvJsonReader  *reader,
                                      const char    *member,
                                      GType          status_type,
                                      GListStore    *history,
                                      GError       **error);
/* Write history as the array member */
void     iv_history_step_add_member  (JsonBuilder   *builder,
                                      const char    *member,
                                      GListModel    *history);

G_END_DECLS
