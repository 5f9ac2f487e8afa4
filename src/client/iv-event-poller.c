/* iv-event-poller.c: the events long poll (after=last_seq, wait=25) as a loop that survives outages */

#include "config.h"

#include "iv-event-poller.h"

#define RETRY_FIRST_MS 2000
#define RETRY_MAX_MS   60000

struct _IvEventPoller {
  GObject        parent_instance;
  IvApiClient   *api_client;
  IvCacheDb     *cache;
  GCancellable  *cancellable;   /* non-NULL while running */
  guint          retry_source;
  guint          retry_ms;
  guint          wait;
  gint64         last_seq;
  /* Where the account's log ends is known: a cache that never followed it
   * (a first sign-in, a rebuilt cache) asks that first */
  gboolean       located;
};

G_DEFINE_FINAL_TYPE (IvEventPoller, iv_event_poller, G_TYPE_OBJECT)

enum {
  EVENTS,
  POLL_FAILED,
  POLL_SUCCEEDED,
  STOPPED,
  N_SIGNALS
};

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

static guint signals[N_SIGNALS];
static GParamSpec *properties[N_PROPS];

static void poll_once (IvEventPoller *self);

static void
stop_with (IvEventPoller *self,
           const GError  *error)
{
  if (self->cancellable == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_signal_emit (self, signals[STOPPED], 0, error);
}

static gboolean
retry_cb (gpointer data)
{
  IvEventPoller *self = data;

  self->retry_source = 0;
  poll_once (self);
  return G_SOURCE_REMOVE;
}

static void
poll_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(IvEventPoller) self = user_data;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  gint64 last_seq = 0;

  events = iv_api_client_get_events_finish (IV_API_CLIENT (source), result, &last_seq, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->cancellable == NULL)
    return;

  if (events == NULL)
    {
      if (g_error_matches (error, IV_API_ERROR, IV_API_ERROR_SESSION_EXPIRED) ||
          g_error_matches (error, IV_API_ERROR, IV_API_ERROR_NOT_SIGNED_IN))
        {
          stop_with (self, error);
          return;
        }
      g_signal_emit (self, signals[POLL_FAILED], 0, error);
      self->retry_ms = self->retry_ms == 0 ? RETRY_FIRST_MS : MIN (self->retry_ms * 2, RETRY_MAX_MS);
      self->retry_source = g_timeout_add (g_random_int_range ((gint32) self->retry_ms / 2, (gint32) self->retry_ms + 1),
                                          retry_cb, self);
      return;
    }

  self->retry_ms = 0;
  g_signal_emit (self, signals[POLL_SUCCEEDED], 0);
  if (events->len > 0)
    g_signal_emit (self, signals[EVENTS], 0, events);
  if (self->cancellable == NULL)
    return;
  self->located = TRUE;
  /* last_seq below ours means the service's log was reset: follow it */
  if (last_seq != self->last_seq)
    {
      self->last_seq = last_seq;
      iv_cache_db_set_events_last_seq (self->cache, last_seq, NULL);
    }
  poll_once (self);
}

static void
poll_once (IvEventPoller *self)
{
  if (self->cancellable == NULL)
    return;
  /* Not the account's whole history, which is not news (every status of
   * every object notified again at a first sign-in): the sync's refresh of
   * the lists shows where everything stands, and changes after the end of
   * the log come as events.  "After the last possible one", without
   * waiting, answers no event and where the log ends. */
  if (!self->located)
    iv_api_client_get_events_async (self->api_client, G_MAXINT64, 0,
                                    self->cancellable, poll_done, g_object_ref (self));
  else
    iv_api_client_get_events_async (self->api_client, self->last_seq,
                                    self->wait != 0 ? self->wait : IV_EVENT_POLLER_WAIT,
                                    self->cancellable, poll_done, g_object_ref (self));
}

void
iv_event_poller_start (IvEventPoller *self)
{
  g_return_if_fail (IV_IS_EVENT_POLLER (self));

  if (self->cancellable != NULL)
    return;
  self->cancellable = g_cancellable_new ();
  self->retry_ms = 0;
  self->last_seq = iv_cache_db_get_events_last_seq (self->cache);
  self->located = self->last_seq > 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  poll_once (self);
}

void
iv_event_poller_stop (IvEventPoller *self)
{
  g_return_if_fail (IV_IS_EVENT_POLLER (self));
  stop_with (self, NULL);
}

gboolean
iv_event_poller_get_running (IvEventPoller *self)
{
  g_return_val_if_fail (IV_IS_EVENT_POLLER (self), FALSE);
  return self->cancellable != NULL;
}

gint64
iv_event_poller_get_last_seq (IvEventPoller *self)
{
  g_return_val_if_fail (IV_IS_EVENT_POLLER (self), 0);
  return self->last_seq;
}

void
iv_event_poller_set_wait (IvEventPoller *self,
                          guint          seconds)
{
  g_return_if_fail (IV_IS_EVENT_POLLER (self));
  self->wait = MIN (seconds, 30u);
}

static void
iv_event_poller_dispose (GObject *object)
{
  IvEventPoller *self = IV_EVENT_POLLER (object);

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_object (&self->api_client);
  g_clear_object (&self->cache);
  G_OBJECT_CLASS (iv_event_poller_parent_class)->dispose (object);
}

static void
iv_event_poller_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  IvEventPoller *self = IV_EVENT_POLLER (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->cancellable != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_event_poller_class_init (IvEventPollerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = iv_event_poller_dispose;
  object_class->get_property = iv_event_poller_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[EVENTS] = g_signal_new ("events", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);
  signals[POLL_FAILED] = g_signal_new ("poll-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  signals[POLL_SUCCEEDED] = g_signal_new ("poll-succeeded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[STOPPED] = g_signal_new ("stopped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
iv_event_poller_init (IvEventPoller *self)
{
  (void) self;
}

IvEventPoller *
iv_event_poller_new (IvApiClient *api_client,
                     IvCacheDb   *cache)
{
  IvEventPoller *self;

  g_return_val_if_fail (IV_IS_API_CLIENT (api_client), NULL);
  g_return_val_if_fail (IV_IS_CACHE_DB (cache), NULL);

  self = g_object_new (IV_TYPE_EVENT_POLLER, NULL);
  self->api_client = g_object_ref (api_client);
  self->cache = g_object_ref (cache);
  return self;
}
