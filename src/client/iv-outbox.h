/* iv-outbox.h: the durable queue of writes, saved before any network */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "iv-outbox-item.h"
#include "iv-user-db.h"

G_BEGIN_DECLS

#define IV_TYPE_OUTBOX (iv_outbox_get_type ())
G_DECLARE_FINAL_TYPE (IvOutbox, iv_outbox, IV, OUTBOX, GObject)

/* Items found in_flight (the program stopped during their call) are put
 * back to queued, so they are sent again with the same idempotency key. */
IvOutbox      *iv_outbox_new                  (IvUserDb       *user_db,
                                               GError        **error);

/* Saves a write; returns only after COMMIT.  body may cite the server id
 * of an earlier item as the string "local:<item id>" (anywhere in the body,
 * or as target_id); such items become dependencies automatically, and
 * depends_on may add more.  if_match is the version for resubmissions
 * (-1 for none).  The idempotency key is made here, once. */
IvOutboxItem  *iv_outbox_enqueue              (IvOutbox       *self,
                                               IvOutboxKind    kind,
                                               const char     *target_id,
                                               gint64          if_match,
                                               JsonNode       *body,
                                               const char     *draft_id,
                                               const gint64   *depends_on,
                                               guint           n_depends_on,
                                               GError        **error);
/* Copies file into user data (files/<sha256>, 0600, synced) and then
 * queues its upload; the original may be deleted once this returns.
 * content_type NULL: sniffed from the bytes (PDF, PNG, JPEG). */
IvOutboxItem  *iv_outbox_enqueue_upload       (IvOutbox       *self,
                                               GFile          *file,
                                               const char     *filename,
                                               const char     *content_type,
                                               const char     *draft_id,
                                               GCancellable   *cancellable,
                                               GError        **error);

IvOutboxItem  *iv_outbox_get_item             (IvOutbox       *self,
                                               gint64          id,
                                               GError        **error);
/* In queue order; with include_finished also done and discarded items */
GPtrArray     *iv_outbox_list                 (IvOutbox       *self,
                                               gboolean        include_finished,
                                               GError        **error);
/* Items of one draft, in queue order */
GPtrArray     *iv_outbox_list_for_draft       (IvOutbox       *self,
                                               const char     *draft_id,
                                               GError        **error);

/* The first item that may be sent at now (unix µs): queued, or retry_wait
 * and due; every dependency done; no earlier unfinished item of the same
 * draft or target.  NULL without error when nothing is ready. */
IvOutboxItem  *iv_outbox_next_ready_item      (IvOutbox       *self,
                                               gint64          now,
                                               GError        **error);
/* The earliest next attempt among retry_wait items (unix µs), 0 if none */
gint64         iv_outbox_get_next_wakeup      (IvOutbox       *self);

/* The body with every placeholder replaced by the server id of its done
 * item; also the resolved target id.  Fails if a cited item is not done. */
JsonNode      *iv_outbox_resolve_body         (IvOutbox       *self,
                                               IvOutboxItem   *item,
                                               char          **out_target_id,
                                               GError        **error);
/* The copied file of an upload */
GFile         *iv_outbox_get_file             (IvOutbox       *self,
                                               IvOutboxItem   *item);

/* Each state change is its own transaction */
gboolean       iv_outbox_mark_in_flight       (IvOutbox       *self,
                                               gint64          id,
                                               GError        **error);
gboolean       iv_outbox_mark_done            (IvOutbox       *self,
                                               gint64          id,
                                               const char     *server_id,
                                               const char     *response,
                                               GError        **error);
gboolean       iv_outbox_mark_retry           (IvOutbox       *self,
                                               gint64          id,
                                               gint64          next_attempt_at,
                                               GError        **error);
/* Back to queued without an error (e.g. waiting for sign-in) */
gboolean       iv_outbox_mark_queued          (IvOutbox       *self,
                                               gint64          id,
                                               GError        **error);
gboolean       iv_outbox_mark_needs_attention (IvOutbox       *self,
                                               gint64          id,
                                               const char     *code,
                                               const char     *message,
                                               const char     *field,
                                               GError        **error);
/* Explicit discard by the user; items that depend on it are discarded too
 * (they could never be sent). */
gboolean       iv_outbox_discard              (IvOutbox       *self,
                                               gint64          id,
                                               GError        **error);
/* A needs_attention item edited by the user goes back to queued.  It keeps
 * its idempotency key only if body and if_match are unchanged; otherwise it
 * gets a new one, since the service answers 409 idempotency_key_reused to a
 * known key with another body.  new_body NULL keeps the body, if_match -1
 * keeps the version. */
IvOutboxItem  *iv_outbox_edit_and_retry       (IvOutbox       *self,
                                               gint64          id,
                                               JsonNode       *new_body,
                                               gint64          if_match,
                                               GError        **error);

/* Items not yet done or discarded (needs_attention included) */
guint          iv_outbox_get_pending_count    (IvOutbox       *self);
guint          iv_outbox_get_attention_count  (IvOutbox       *self);
/* How many in_flight items were put back to queued when opened */
guint          iv_outbox_get_recovered_count  (IvOutbox       *self);
IvUserDb      *iv_outbox_get_user_db          (IvOutbox       *self);

G_END_DECLS
