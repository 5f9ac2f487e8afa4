/* iv-offline-banner.c: "离线 — 数据更新于 …；N 项待同步", and how many writes need the user */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "iv-announcer.h"
#include "iv-offline-banner.h"
#include "iv-timeline.h"

struct _IvOfflineBanner
{
  GtkWidget      parent_instance;

  IvSyncManager *manager;
  GtkWidget     *box;
  GtkWidget     *icon;
  GtkWidget     *label;
  GtkWidget     *review;
  char          *text;
  gboolean       was_reachable;
};

G_DEFINE_FINAL_TYPE (IvOfflineBanner, iv_offline_banner, GTK_TYPE_WIDGET)

static char *
describe (IvOfflineBanner *self)
{
  guint pending = iv_sync_manager_get_pending_count (self->manager);
  guint attention = iv_sync_manager_get_needs_attention_count (self->manager);
  g_autoptr(GDateTime) last = iv_sync_manager_dup_last_successful_sync_time (self->manager);
  g_autofree char *when = NULL;
  GString *text = g_string_new (NULL);

  if (last != NULL)
    {
      g_autofree char *iso = g_date_time_format_iso8601 (last);
      when = iv_format_date_time (iso);
    }

  /* Offline even while something needs attention (the state then says
   * NEEDS_ATTENTION): the user must know both */
  if (!iv_sync_manager_get_reachable (self->manager))
    {
      if (when != NULL)
        g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                   "Offline — data updated %s; %u item waiting to sync",
                                                   "Offline — data updated %s; %u items waiting to sync", pending),
                                when, pending);
      else
        g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                   "Offline — not synced yet; %u item waiting to sync",
                                                   "Offline — not synced yet; %u items waiting to sync", pending),
                                pending);
    }
  else if (pending > attention)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u item waiting to sync",
                                               "%u items waiting to sync", pending - attention),
                            pending - attention);
  if (attention > 0)
    {
      if (text->len > 0)
        g_string_append (text, _("; "));
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u item needs your attention",
                                                 "%u items need your attention", attention),
                              attention);
    }
  if (iv_sync_manager_get_sign_in_needed (self->manager))
    {
      if (text->len > 0)
        g_string_append (text, _("; "));
      g_string_append (text, _("sign in again to send them"));
    }
  if (text->len == 0)
    {
      g_string_free (text, TRUE);
      return NULL;
    }
  return g_string_free (text, FALSE);
}

/* The icon says which of the banner's news comes first: offline, then
 * what needs the user, then only waiting */
static const char *
icon_name (IvOfflineBanner *self)
{
  if (!iv_sync_manager_get_reachable (self->manager))
    return "network-offline-symbolic";
  if (iv_sync_manager_get_needs_attention_count (self->manager) > 0 ||
      iv_sync_manager_get_sign_in_needed (self->manager))
    return "dialog-warning-symbolic";
  return "network-transmit-symbolic";
}

static void
refresh (IvOfflineBanner *self)
{
  g_autofree char *text = describe (self);
  gboolean reachable = iv_sync_manager_get_reachable (self->manager);

  gtk_image_set_from_icon_name (GTK_IMAGE (self->icon), icon_name (self));
  if (g_strcmp0 (text, self->text) != 0)
    {
      g_free (self->text);
      self->text = g_strdup (text);
      gtk_label_set_text (GTK_LABEL (self->label), text ? text : "");
      gtk_widget_set_visible (self->box, text != NULL);
    }
  gtk_widget_set_visible (self->review, iv_sync_manager_get_needs_attention_count (self->manager) > 0);

  /* Going offline or back online is news; counts changing are not */
  if (reachable != self->was_reachable)
    iv_announce (GTK_WIDGET (self), reachable ? _("Back online.") : text, IV_ANNOUNCE_POLITE);
  self->was_reachable = reachable;
}

static void
notify_cb (IvOfflineBanner *self)
{
  refresh (self);
}

static void
iv_offline_banner_dispose (GObject *object)
{
  IvOfflineBanner *self = IV_OFFLINE_BANNER (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->manager);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (iv_offline_banner_parent_class)->dispose (object);
}

static void
iv_offline_banner_class_init (IvOfflineBannerClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = iv_offline_banner_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "offlinebanner");
}

static void
iv_offline_banner_init (IvOfflineBanner *self)
{
  GtkWidget *icon = self->icon = gtk_image_new_from_icon_name ("network-offline-symbolic");

  self->was_reachable = TRUE;
  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (self->box, "toolbar");
  gtk_widget_add_css_class (self->box, "osd");
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_box_append (GTK_BOX (self->box), icon);

  self->label = g_object_new (GTK_TYPE_LABEL, "accessible-role", GTK_ACCESSIBLE_ROLE_STATUS,
                              "xalign", 0.0f, "wrap", TRUE, "hexpand", TRUE, NULL);
  gtk_box_append (GTK_BOX (self->box), self->label);

  self->review = gtk_button_new_with_mnemonic (_("_Review…"));
  gtk_actionable_set_detailed_action_name (GTK_ACTIONABLE (self->review), "win.show-page::attention");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->review), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Review the items that need your attention"), -1);
  gtk_box_append (GTK_BOX (self->box), self->review);
  gtk_widget_set_visible (self->box, FALSE);
}

GtkWidget *
iv_offline_banner_new (IvSyncManager *manager)
{
  IvOfflineBanner *self;
  static const char *props[] = {
    "notify::state", "notify::pending-count", "notify::needs-attention-count",
    "notify::last-successful-sync", "notify::sign-in-needed", "notify::reachable",
  };

  g_return_val_if_fail (IV_IS_SYNC_MANAGER (manager), NULL);

  self = g_object_new (IV_TYPE_OFFLINE_BANNER, NULL);
  self->manager = g_object_ref (manager);
  for (guint i = 0; i < G_N_ELEMENTS (props); i++)
    g_signal_connect_object (manager, props[i], G_CALLBACK (notify_cb), self, G_CONNECT_SWAPPED);
  self->was_reachable = iv_sync_manager_get_reachable (manager);
  refresh (self);
  return GTK_WIDGET (self);
}

const char *
iv_offline_banner_get_text (IvOfflineBanner *self)
{
  g_return_val_if_fail (IV_IS_OFFLINE_BANNER (self), NULL);
  return self->text;
}
