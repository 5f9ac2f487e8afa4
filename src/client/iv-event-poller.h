/* iv-event-poller.h: the events long poll (after=last_seq, wait=25) as a loop that survives outages */
#pragma once

#include <gio/gio.h>

#include "iv-api-client.h"
#include "iv-cache-db.h"

G_BEGIN_DECLS

/* Seconds the service may hold a poll (api.md allows up to 30) */
#define IV_EVENT_POLLER_WAIT 25

#define IV_TYPE_EVENT_POLLER (iv_event_poller_get_type ())
G_DECLARE_FINAL_TYPE (IvEventPoller, iv_event_poller, IV, EVENT_POLLER, GObject)

IvEventPoller *iv_event_poller_new          (IvApiClient   *api_client,
                                             IvCacheDb     *cache);

/* Polls until stopped: after a failure it waits (2 s doubling to 60 s)
 * and tries again; a refused session stops it (::stopped, then start
 * again after signing in).  The position is kept in the cache. */
void           iv_event_poller_start        (IvEventPoller *self);
void           iv_event_poller_stop         (IvEventPoller *self);
gboolean       iv_event_poller_get_running  (IvEventPoller *self);
gint64         iv_event_poller_get_last_seq (IvEventPoller *self);
/* Seconds asked per poll (tests shorten it); 0 = IV_EVENT_POLLER_WAIT */
void           iv_event_poller_set_wait     (IvEventPoller *self,
                                             guint          seconds);

/* Signals:
 *   "events" (GPtrArray *events of IvEvent): news, in seq order; the
 *       position is saved after the handlers ran.
 *   "poll-failed" (GError *error): a poll failed (network, server, …);
 *       the next one is scheduled.
 *   "poll-succeeded": a poll answered (with or without news).
 *   "stopped" (GError *error or NULL): the loop ended.
 */

G_END_DECLS
