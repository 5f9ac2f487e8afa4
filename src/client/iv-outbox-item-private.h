/* iv-outbox-item-private.h: how the outbox fills an item from its row */
#pragma once

#include <sqlite3.h>

#include "iv-outbox-item.h"

G_BEGIN_DECLS

/* The column list iv_outbox_item_new_from_row () expects, in order */
#define IV_OUTBOX_ITEM_COLUMNS \
  "id, kind, state, idempotency_key, target_id, if_match, body, draft_id, " \
  "filename, content_type, size, sha256, server_id, response, attempts, " \
  "next_attempt_at, error_code, error_message, error_field, created_at, updated_at"

IvOutboxItem *iv_outbox_item_new_from_row (sqlite3_stmt *stmt);
void          iv_outbox_item_add_dependency (IvOutboxItem *self,
                                             gint64        depends_on);

G_END_DECLS
