/* iv-notifier.c: a desktop notification and an in-app toast for every status change the service reports */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "iv-notifier.h"
#include "iv-timeline.h"
#include "iv-window.h"

struct _IvNotifier
{
  GObject             parent_instance;

  IvApplication      *application;   /* weak: the application owns us */
  IvSyncManager      *manager;
  GtkWindow          *window;        /* weak */
  IvNotifierOpenFunc  open_func;
  gpointer            open_data;
  char               *last;
  guint               count;
  GHashTable         *known;         /* "kind:id" → last status seen */
  gint64              started_at;    /* unix µs */
};

G_DEFINE_FINAL_TYPE (IvNotifier, iv_notifier, G_TYPE_OBJECT)

static char *
object_number (IvNotifier *self,
               const char *kind,
               const char *id)
{
  IvCacheDb *cache = iv_sync_manager_get_cache (self->manager);
  g_autoptr(GObject) object = NULL;

  if (g_str_equal (kind, "claim"))
    {
      object = iv_cache_db_get_object (cache, IV_CACHE_KIND_CLAIM, id, NULL);
      if (object != NULL)
        return g_strdup (iv_claim_get_number (IV_CLAIM (object)));
    }
  else if (g_str_equal (kind, "order"))
    {
      object = iv_cache_db_get_object (cache, IV_CACHE_KIND_ORDER, id, NULL);
      if (object != NULL)
        return g_strdup (iv_order_get_number (IV_ORDER (object)));
    }
  else if (g_str_equal (kind, "application"))
    {
      object = iv_cache_db_get_object (cache, IV_CACHE_KIND_APPLICATION, id, NULL);
      if (object != NULL)
        return g_strdup (iv_quota_application_get_number (IV_QUOTA_APPLICATION (object)));
    }
  return g_strdup (id);
}

char *
iv_notifier_describe (IvNotifier *self,
                      const char *kind,
                      const char *id,
                      const char *status)
{
  g_autofree char *number = NULL;

  g_return_val_if_fail (IV_IS_NOTIFIER (self), NULL);

  number = object_number (self, kind, id);
  if (g_str_equal (kind, "claim"))
    return g_strdup_printf (_("Claim %s is now: %s"), number,
                            iv_timeline_status_label (IV_TIMELINE_CLAIM, status));
  if (g_str_equal (kind, "order"))
    return g_strdup_printf (_("Order %s is now: %s"), number,
                            iv_timeline_status_label (IV_TIMELINE_ORDER, status));
  return g_strdup_printf (_("Application %s is now: %s"), number,
                          iv_timeline_status_label (IV_TIMELINE_APPLICATION, status));
}

/* Two minutes of grace for a service clock behind ours */
#define OLD_NEWS_MARGIN_US (G_GINT64_CONSTANT (120) * G_USEC_PER_SEC)

/* Whether the cached object reached status before this session began */
static gboolean
step_is_old (IvNotifier *self,
             const char *kind,
             const char *id,
             const char *status)
{
  IvCacheDb *cache = iv_sync_manager_get_cache (self->manager);
  g_autoptr(GObject) object = NULL;
  GListModel *history = NULL;
  gint64 at = -1;

  if (g_str_equal (kind, "claim") &&
      (object = iv_cache_db_get_object (cache, IV_CACHE_KIND_CLAIM, id, NULL)) != NULL)
    history = iv_claim_get_history (IV_CLAIM (object));
  else if (g_str_equal (kind, "order") &&
           (object = iv_cache_db_get_object (cache, IV_CACHE_KIND_ORDER, id, NULL)) != NULL)
    history = iv_order_get_history (IV_ORDER (object));
  else if (g_str_equal (kind, "application") &&
           (object = iv_cache_db_get_object (cache, IV_CACHE_KIND_APPLICATION, id, NULL)) != NULL)
    history = iv_quota_application_get_history (IV_QUOTA_APPLICATION (object));
  if (history == NULL)
    return FALSE;
  for (guint i = g_list_model_get_n_items (history); i > 0; i--)
    {
      g_autoptr(IvHistoryStep) step = g_list_model_get_item (history, i - 1);

      if (g_strcmp0 (iv_history_step_get_status (step), status) == 0)
        {
          GDateTime *when = iv_history_step_get_at_date_time (step);
          if (when != NULL)
            at = g_date_time_to_unix (when) * G_USEC_PER_SEC + g_date_time_get_microsecond (when);
          break;
        }
    }
  return at >= 0 && at < self->started_at - OLD_NEWS_MARGIN_US;
}

/* Objects seen in a list refresh for the first time are known without a
 * notification: the user made them, or they predate this session. */
static void
learn_list (IvNotifier  *self,
            IvCacheKind  kind)
{
  g_autoptr(GPtrArray) list = iv_cache_db_get_list (iv_sync_manager_get_cache (self->manager), kind, NULL);

  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      gpointer object = g_ptr_array_index (list, i);
      char *key = NULL;
      const char *status = NULL;

      if (kind == IV_CACHE_KIND_CLAIM)
        {
          key = g_strdup_printf ("claim:%s", iv_claim_get_id (object));
          status = iv_claim_status_to_string (iv_claim_get_status (object));
        }
      else if (kind == IV_CACHE_KIND_ORDER)
        {
          key = g_strdup_printf ("order:%s", iv_order_get_id (object));
          status = iv_order_status_to_string (iv_order_get_status (object));
        }
      else
        {
          key = g_strdup_printf ("application:%s", iv_quota_application_get_id (object));
          status = iv_application_status_to_string (iv_quota_application_get_status (object));
        }
      if (!g_hash_table_contains (self->known, key))
        g_hash_table_insert (self->known, key, g_strdup (status));
      else
        g_free (key);
    }
}

static void
manager_changed_cb (IvSyncManager *manager,
                    const char    *what,
                    IvNotifier    *self)
{
  if (g_strcmp0 (what, "claims") == 0)
    learn_list (self, IV_CACHE_KIND_CLAIM);
  else if (g_strcmp0 (what, "orders") == 0)
    learn_list (self, IV_CACHE_KIND_ORDER);
  else if (g_strcmp0 (what, "applications") == 0)
    learn_list (self, IV_CACHE_KIND_APPLICATION);
}

static void
notify_change (IvNotifier *self,
               const char *kind,
               const char *id,
               const char *status)
{
  g_autofree char *text = iv_notifier_describe (self, kind, id, status);
  g_autofree char *target = g_strdup_printf ("%s:%s", kind, id);
  g_autofree char *notification_id = g_strdup_printf ("status-%s", target);
  GSettings *settings = self->application ? iv_application_get_settings (self->application) : NULL;

  /* Catching up on old events (a first sign-in replays the history): a
   * step taken before this session started, or a status already known,
   * is not news */
  if (step_is_old (self, kind, id, status))
    return;
  if (g_strcmp0 (g_hash_table_lookup (self->known, target), status) == 0)
    return;
  g_hash_table_insert (self->known, g_strdup (target), g_strdup (status));

  g_free (self->last);
  self->last = g_strdup (text);
  self->count++;

  if (self->application != NULL &&
      (settings == NULL || g_settings_get_boolean (settings, "notifications")))
    {
      g_autoptr(GNotification) notification = g_notification_new (_("Innovation Vouchers"));

      g_notification_set_body (notification, text);
      g_notification_set_default_action_and_target (notification, "app.open-object", "s", target);
      /* One per object: a newer status replaces the older notification */
      g_application_send_notification (G_APPLICATION (self->application), notification_id, notification);
      if (g_strcmp0 (g_getenv ("IV_NOTIFIER_LOG"), "1") == 0)
        g_printerr ("iv-notify: %s [%s]\n", text, target);
    }
  if (IV_IS_WINDOW (self->window))
    iv_window_show_toast (IV_WINDOW (self->window), text);
}

static void
application_changed_cb (IvSyncManager *manager,
                        const char    *id,
                        const char    *status,
                        IvNotifier    *self)
{
  notify_change (self, "application", id, status);
}

static void
order_changed_cb (IvSyncManager *manager,
                  const char    *id,
                  const char    *status,
                  IvNotifier    *self)
{
  notify_change (self, "order", id, status);
}

static void
claim_changed_cb (IvSyncManager *manager,
                  const char    *id,
                  const char    *status,
                  IvNotifier    *self)
{
  notify_change (self, "claim", id, status);
}

static void
open_object_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  IvNotifier *self = g_object_get_data (G_OBJECT (app), "iv-notifier");
  const char *target = g_variant_get_string (parameter, NULL);
  g_auto(GStrv) parts = g_strsplit (target, ":", 2);

  g_application_activate (app);
  if (self == NULL || parts[0] == NULL || parts[1] == NULL || self->open_func == NULL)
    return;
  if (self->window != NULL)
    gtk_window_present (self->window);
  self->open_func (parts[0], parts[1], self->open_data);
}

static void
iv_notifier_dispose (GObject *object)
{
  IvNotifier *self = IV_NOTIFIER (object);

  if (self->window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
  self->window = NULL;
  if (self->application != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->application), (gpointer *) &self->application);
  self->application = NULL;
  g_clear_object (&self->manager);
  g_clear_pointer (&self->last, g_free);
  g_clear_pointer (&self->known, g_hash_table_unref);

  G_OBJECT_CLASS (iv_notifier_parent_class)->dispose (object);
}

static void
iv_notifier_class_init (IvNotifierClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = iv_notifier_dispose;
}

static void
iv_notifier_init (IvNotifier *self)
{
  self->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->started_at = g_get_real_time ();
}

IvNotifier *
iv_notifier_new (IvApplication *application,
                 IvSyncManager *manager)
{
  IvNotifier *self;

  g_return_val_if_fail (application == NULL || IV_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (IV_IS_SYNC_MANAGER (manager), NULL);

  self = g_object_new (IV_TYPE_NOTIFIER, NULL);
  self->manager = g_object_ref (manager);
  g_signal_connect_object (manager, "application-changed", G_CALLBACK (application_changed_cb), self, 0);
  g_signal_connect_object (manager, "order-changed", G_CALLBACK (order_changed_cb), self, 0);
  g_signal_connect_object (manager, "claim-changed", G_CALLBACK (claim_changed_cb), self, 0);
  g_signal_connect_object (manager, "changed", G_CALLBACK (manager_changed_cb), self, 0);
  learn_list (self, IV_CACHE_KIND_CLAIM);
  learn_list (self, IV_CACHE_KIND_ORDER);
  learn_list (self, IV_CACHE_KIND_APPLICATION);

  if (application != NULL)
    {
      self->application = application;
      g_object_add_weak_pointer (G_OBJECT (application), (gpointer *) &self->application);
      if (g_action_map_lookup_action (G_ACTION_MAP (application), "open-object") == NULL)
        {
          g_autoptr(GSimpleAction) action = g_simple_action_new ("open-object", G_VARIANT_TYPE_STRING);

          g_signal_connect (action, "activate", G_CALLBACK (open_object_cb), application);
          g_action_map_add_action (G_ACTION_MAP (application), G_ACTION (action));
        }
      /* The application keeps the notifier of its (last) window for the action */
      g_object_set_data_full (G_OBJECT (application), "iv-notifier", g_object_ref (self), g_object_unref);
    }
  return self;
}

void
iv_notifier_set_window (IvNotifier         *self,
                        GtkWindow          *window,
                        IvNotifierOpenFunc  open_func,
                        gpointer            user_data)
{
  g_return_if_fail (IV_IS_NOTIFIER (self));

  if (self->window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
  self->window = window;
  if (window != NULL)
    g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->window);
  self->open_func = open_func;
  self->open_data = user_data;
}

const char *
iv_notifier_get_last (IvNotifier *self)
{
  g_return_val_if_fail (IV_IS_NOTIFIER (self), NULL);
  return self->last;
}

guint
iv_notifier_get_count (IvNotifier *self)
{
  g_return_val_if_fail (IV_IS_NOTIFIER (self), 0);
  return self->count;
}
