/* iv-outbox-runner.h: replays the outbox against the service, one item at a time, in order */
#pragma once

#include <gio/gio.h>

#include "iv-api-client.h"
#include "iv-backoff.h"
#include "iv-outbox.h"

G_BEGIN_DECLS

/* What one step did */
typedef enum {
  IV_OUTBOX_STEP_IDLE,             /* nothing was ready */
  IV_OUTBOX_STEP_DONE,             /* the item was accepted (or found already applied) */
  IV_OUTBOX_STEP_NEEDS_ATTENTION,  /* refused for good: the server's reason is on the item */
  IV_OUTBOX_STEP_RETRY,            /* a transient failure: retry_wait with backoff */
} IvOutboxStep;

#define IV_TYPE_OUTBOX_RUNNER (iv_outbox_runner_get_type ())
G_DECLARE_FINAL_TYPE (IvOutboxRunner, iv_outbox_runner, IV, OUTBOX_RUNNER, GObject)

IvOutboxRunner *iv_outbox_runner_new            (IvApiClient    *api_client,
                                                 IvOutbox       *outbox);

IvApiClient    *iv_outbox_runner_get_api_client (IvOutboxRunner *self);
IvOutbox       *iv_outbox_runner_get_outbox     (IvOutboxRunner *self);
/* The retry delays (base 1 s, cap 5 min by default) */
IvBackoff      *iv_outbox_runner_get_backoff    (IvOutboxRunner *self);

/* TRUE after the service refused the session (refresh failed): steps fail
 * with IV_API_ERROR_SESSION_EXPIRED, items stay queued.  Cleared by
 * iv_outbox_runner_resume() after a new sign-in. */
gboolean        iv_outbox_runner_get_paused     (IvOutboxRunner *self);
void            iv_outbox_runner_resume         (IvOutboxRunner *self);
/* TRUE while a step or run is going on */
gboolean        iv_outbox_runner_get_busy       (IvOutboxRunner *self);

/* Sends the next ready item: marks it in_flight (own transaction), calls
 * the API with its idempotency key, then marks done, retry_wait or
 * needs_attention (own transaction).  Fails only when paused, on
 * cancellation (the item goes back to queued, same key) or when the
 * outbox cannot be read or written. */
void            iv_outbox_runner_step_async     (IvOutboxRunner *self,
                                                 GCancellable   *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer        user_data);
IvOutboxStep    iv_outbox_runner_step_finish    (IvOutboxRunner *self,
                                                 GAsyncResult   *result,
                                                 GError        **error);

/* Steps until nothing is ready.  Stops early, failing with the API error,
 * when an item had to wait (network, 408, 429, 5xx: the service is not
 * usable now; the item's next attempt is scheduled) or the session was
 * refused.  out_sent: items done in this run. */
void            iv_outbox_runner_run_async      (IvOutboxRunner *self,
                                                 GCancellable   *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer        user_data);
gboolean        iv_outbox_runner_run_finish     (IvOutboxRunner *self,
                                                 GAsyncResult   *result,
                                                 guint          *out_sent,
                                                 GError        **error);

/* Signals:
 *   "item-done" (gint64 item_id, const char *server_id)
 *   "item-needs-attention" (gint64 item_id)
 *   "item-retry" (gint64 item_id, gint64 next_attempt_at_us)
 *   "server-copy" (IvOutboxKind kind, JsonNode *json): the service's current
 *       copy of an object, fetched to settle a refused update or a resend
 *       (e.g. the conflict of a 412), for the cache.
 *   "sign-in-needed": the session was refused; replay paused, nothing lost.
 */

G_END_DECLS
