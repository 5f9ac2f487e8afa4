/* iv-overview-page.c: the year's quota, the vouchers and their deadlines, work in progress
 *
 * Everything is text first; the level bar only repeats the quota, and a
 * deadline within 30 days carries a warning icon and the word 注意, not
 * only a colour.  The sync-status row is an activatable list row, so it
 * is reachable with Tab and F5 refreshes from anywhere.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "iv-application.h"
#include "iv-overview-page.h"
#include "iv-window.h"

#define WARNING_DAYS 30

struct _IvOverviewPage
{
  AdwBin        parent_instance;

  GtkWidget    *quota_group;
  GtkWidget    *quota_label;
  GtkWidget    *quota_bar;
  GtkWidget    *vouchers_list;
  GtkWidget    *progress_list;
  GtkWidget    *attention_list;
  GtkWidget    *sync_row;
  GCancellable *cancellable;
  IvSyncManager *sync;
};

G_DEFINE_FINAL_TYPE (IvOverviewPage, iv_overview_page, ADW_TYPE_BIN)

char *
iv_deadline_describe (const char *iso_date,
                      GDate      *today,
                      gboolean   *out_warning)
{
  GDate date;
  gint days;
  g_autofree char *chinese = NULL;

  if (out_warning != NULL)
    *out_warning = FALSE;
  if (!iv_validate_date (iso_date, &date, NULL))
    return g_strdup ("");

  chinese = iv_date_format_chinese (iso_date);
  days = g_date_days_between (today, &date);
  if (days < 0)
    return g_strdup_printf (_("%s (passed)"), chinese);
  if (out_warning != NULL)
    *out_warning = days <= WARNING_DAYS;
  if (days <= WARNING_DAYS)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%s (attention: %d day left)",
                                         "%s (attention: %d days left)", days),
                            chinese, days);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%d day left)", "%s (%d days left)", days),
                          chinese, days);
}

static void
today_date (GDate *today)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (today, 1);
  g_date_set_dmy (today, g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now), g_date_time_get_year (now));
}

static void
clear_list (GtkWidget *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (list), child);
}

/* A row speaks as one sentence: title, then subtitle */
static void
name_row (GtkWidget  *row,
          const char *title,
          const char *subtitle)
{
  g_autofree char *sentence = subtitle != NULL && *subtitle != '\0'
    ? g_strdup_printf ("%s，%s", title, subtitle) : g_strdup (title);

  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, sentence, -1);
}

static void
add_text_row (GtkWidget  *list,
              const char *title,
              const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  name_row (row, title, subtitle);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
}

static void
update_sync_row (IvOverviewPage *self)
{
  guint pending = self->sync != NULL ? iv_sync_manager_get_pending_count (self->sync) : 0;
  guint attention = self->sync != NULL ? iv_sync_manager_get_needs_attention_count (self->sync) : 0;
  g_autoptr(GDateTime) last = self->sync != NULL ? iv_sync_manager_dup_last_successful_sync_time (self->sync) : NULL;
  g_autofree char *when = last != NULL ? g_date_time_format (last, _("%Y-%m-%d %H:%M")) : NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *pending_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item waiting to be sent",
                                                                "%u items waiting to be sent", pending), pending);
  const char *title = _("Online");

  if (self->sync != NULL)
    switch (iv_sync_manager_get_state (self->sync))
      {
      case IV_SYNC_STATE_OFFLINE:
        title = _("Offline");
        break;
      case IV_SYNC_STATE_SYNCING:
        title = _("Updating…");
        break;
      case IV_SYNC_STATE_NEEDS_ATTENTION:
        title = _("Needs your attention");
        break;
      case IV_SYNC_STATE_ONLINE:
      default:
        break;
      }

  /* TRANSLATORS: "Data updated 2026年11月28日 16:20 · 0 items waiting to be sent" */
  subtitle = g_strdup_printf (_("Data updated %s · %s"), when != NULL ? when : _("never"), pending_text);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->sync_row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->sync_row), subtitle);
  name_row (self->sync_row, title, subtitle);

  clear_list (self->attention_list);
  if (attention == 0)
    add_text_row (self->attention_list, _("Nothing needs your attention"), NULL);
  else
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u item was not accepted by the service",
                                                            "%u items were not accepted by the service",
                                                            attention), attention);
      add_text_row (self->attention_list, text, _("Open the item to fix it and send it again"));
    }
}

static void
show_account (IvOverviewPage *self,
              IvAccount      *account)
{
  gint64 cap, granted, used;
  g_autofree char *cap_s = NULL, *granted_s = NULL, *used_s = NULL, *left_s = NULL;
  g_autofree char *text = NULL, *title = NULL;

  if (account == NULL)
    return;
  cap = iv_account_get_year_cap_fen (account);
  granted = iv_account_get_year_granted_fen (account);
  used = iv_account_get_year_used_fen (account);
  cap_s = iv_money_format (cap);
  granted_s = iv_money_format (granted);
  used_s = iv_money_format (used);
  left_s = iv_money_format (MAX (cap - granted, 0));
  title = g_strdup_printf (_("%s, quota for %d"), iv_account_get_name (account), iv_account_get_year (account));
  text = g_strdup_printf (_("Year cap %s; granted %s; used %s; still available to apply for %s."),
                          cap_s, granted_s, used_s, left_s);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->quota_group), title);
  gtk_label_set_label (GTK_LABEL (self->quota_label), text);
  gtk_level_bar_set_max_value (GTK_LEVEL_BAR (self->quota_bar), MAX (cap, 1));
  gtk_level_bar_set_value (GTK_LEVEL_BAR (self->quota_bar), CLAMP (granted, 0, MAX (cap, 1)));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->quota_bar),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text, -1);
}

static void
show_vouchers (IvOverviewPage *self,
               GPtrArray      *vouchers)
{
  GDate today;

  today_date (&today);
  clear_list (self->vouchers_list);
  for (guint i = 0; vouchers != NULL && i < vouchers->len; i++)
    {
      IvVoucher *v = g_ptr_array_index (vouchers, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *face = iv_money_format (iv_voucher_get_face_value_fen (v));
      g_autofree char *balance = iv_money_format (iv_voucher_get_balance_fen (v));
      g_autofree char *reserved = iv_money_format (iv_voucher_get_reserved_fen (v));
      gboolean use_warn, redeem_warn;
      g_autofree char *use_by = iv_deadline_describe (iv_voucher_get_use_by (v), &today, &use_warn);
      g_autofree char *redeem_by = iv_deadline_describe (iv_voucher_get_redeem_by (v), &today, &redeem_warn);
      g_autofree char *title = g_strdup_printf (_("Voucher %s, %s, face value %s"), iv_voucher_get_code (v),
                                                iv_voucher_status_to_label (iv_voucher_get_status (v)), face);
      g_autofree char *subtitle = g_strdup_printf (_("Balance %s, reserved %s; use by %s; redeem by %s"),
                                                   balance, reserved, use_by, redeem_by);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      name_row (row, title, subtitle);
      if ((use_warn || redeem_warn) && iv_voucher_get_status (v) == IV_VOUCHER_STATUS_ACTIVE)
        {
          GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

          gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _("Deadline within 30 days"), -1);
          gtk_widget_add_css_class (icon, "warning");
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
        }
      gtk_list_box_append (GTK_LIST_BOX (self->vouchers_list), row);
    }
  if (vouchers == NULL || vouchers->len == 0)
    add_text_row (self->vouchers_list, _("No vouchers yet"),
                  _("Apply for quota: an approved application issues a voucher."));
}

static void
show_orders (IvOverviewPage *self,
             GPtrArray      *orders)
{
  guint shown = 0;

  clear_list (self->progress_list);
  for (guint i = 0; orders != NULL && i < orders->len; i++)
    {
      IvOrder *o = g_ptr_array_index (orders, i);
      IvOrderStatus st = iv_order_get_status (o);
      g_autofree char *amount = NULL;
      g_autofree char *title = NULL;

      if (st != IV_ORDER_STATUS_PLACED && st != IV_ORDER_STATUS_ACCEPTED && st != IV_ORDER_STATUS_CONFIRMED)
        continue;
      amount = iv_money_format (iv_order_get_quoted_amount_fen (o));
      title = g_strdup_printf (_("Order %s, %s, %s"), iv_order_get_number (o), iv_order_status_to_label (st), amount);
      add_text_row (self->progress_list, title, NULL);
      shown++;
    }
  if (shown == 0)
    add_text_row (self->progress_list, _("Nothing in progress"), NULL);
}

static void
load_from_store (IvOverviewPage *self)
{
  IvCacheDb *cache;
  g_autoptr(GPtrArray) vouchers = NULL;
  g_autoptr(GPtrArray) orders = NULL;

  if (self->sync == NULL)
    return;
  cache = iv_sync_manager_get_cache (self->sync);
  show_account (self, iv_sync_manager_get_account (self->sync));
  vouchers = iv_cache_db_get_list (cache, IV_CACHE_KIND_VOUCHER, NULL);
  show_vouchers (self, vouchers);
  orders = iv_cache_db_get_list (cache, IV_CACHE_KIND_ORDER, NULL);
  show_orders (self, orders);
  update_sync_row (self);
}

static void
sync_changed_cb (IvSyncManager  *sync,
                 const char     *what,
                 IvOverviewPage *self)
{
  /* Hidden pages reload when shown again (map) */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  if (g_strcmp0 (what, "account") == 0 || g_strcmp0 (what, "vouchers") == 0 ||
      g_strcmp0 (what, "orders") == 0 || g_strcmp0 (what, "outbox") == 0)
    load_from_store (self);
}

static void
sync_notify_cb (IvSyncManager  *sync,
                GParamSpec     *pspec,
                IvOverviewPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    update_sync_row (self);
}

static void
sync_manager_changed_cb (IvApplication  *app,
                         GParamSpec     *pspec,
                         IvOverviewPage *self)
{
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_set_object (&self->sync, iv_application_get_sync_manager (app));
  if (self->sync != NULL)
    {
      g_signal_connect (self->sync, "changed", G_CALLBACK (sync_changed_cb), self);
      g_signal_connect (self->sync, "notify::state", G_CALLBACK (sync_notify_cb), self);
      g_signal_connect (self->sync, "notify::pending-count", G_CALLBACK (sync_notify_cb), self);
      g_signal_connect (self->sync, "notify::needs-attention-count", G_CALLBACK (sync_notify_cb), self);
      g_signal_connect (self->sync, "notify::last-successful-sync", G_CALLBACK (sync_notify_cb), self);
    }
  load_from_store (self);
}

static void
sync_row_activated_cb (IvOverviewPage *self)
{
  iv_overview_page_reload (self);
}

static void
refresh_cb (IvOverviewPage *self)
{
  iv_overview_page_reload (self);
}

static void
iv_overview_page_map (GtkWidget *widget)
{
  IvOverviewPage *self = IV_OVERVIEW_PAGE (widget);
  GApplication *app = g_application_get_default ();

  GTK_WIDGET_CLASS (iv_overview_page_parent_class)->map (widget);
  if (self->sync == NULL && IV_IS_APPLICATION (app))
    {
      g_signal_connect_object (app, "notify::sync-manager", G_CALLBACK (sync_manager_changed_cb), self, 0);
      sync_manager_changed_cb (IV_APPLICATION (app), NULL, self);
    }
  load_from_store (self);
}

static void
iv_overview_page_root (GtkWidget *widget)
{
  GtkRoot *root;

  GTK_WIDGET_CLASS (iv_overview_page_parent_class)->root (widget);
  root = gtk_widget_get_root (widget);
  if (IV_IS_WINDOW (root))
    g_signal_connect_object (root, "refresh", G_CALLBACK (refresh_cb), widget, G_CONNECT_SWAPPED);
}

static void
iv_overview_page_dispose (GObject *object)
{
  IvOverviewPage *self = IV_OVERVIEW_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_clear_object (&self->sync);

  G_OBJECT_CLASS (iv_overview_page_parent_class)->dispose (object);
}

static void
iv_overview_page_class_init (IvOverviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = iv_overview_page_dispose;
  widget_class->map = iv_overview_page_map;
  widget_class->root = iv_overview_page_root;
}

static GtkWidget *
add_group (GtkWidget  *page,
           const char *title,
           GtkWidget **out_list)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *list = gtk_list_box_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  if (out_list != NULL)
    *out_list = list;
  return group;
}

static void
iv_overview_page_init (IvOverviewPage *self)
{
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *sync_list;

  self->cancellable = g_cancellable_new ();
  adw_bin_set_child (ADW_BIN (self), page);

  /* Sync status first: always one Tab away */
  add_group (page, _("Sync"), &sync_list);
  self->sync_row = adw_action_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self->sync_row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->sync_row), gtk_image_new_from_icon_name ("view-refresh-symbolic"));
  g_signal_connect_swapped (self->sync_row, "activated", G_CALLBACK (sync_row_activated_cb), self);
  gtk_widget_set_tooltip_text (self->sync_row, _("Refresh now (F5)"));
  gtk_list_box_append (GTK_LIST_BOX (sync_list), self->sync_row);

  self->quota_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->quota_group), _("Quota"));
  self->quota_label = gtk_label_new (_("Loading…"));
  gtk_label_set_wrap (GTK_LABEL (self->quota_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->quota_label), 0.0);
  gtk_label_set_selectable (GTK_LABEL (self->quota_label), TRUE);
  self->quota_bar = gtk_level_bar_new ();
  gtk_level_bar_set_mode (GTK_LEVEL_BAR (self->quota_bar), GTK_LEVEL_BAR_MODE_CONTINUOUS);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->quota_bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Quota granted of the year cap"), -1);
  gtk_box_append (GTK_BOX (box), self->quota_label);
  gtk_box_append (GTK_BOX (box), self->quota_bar);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->quota_group), box);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (self->quota_group));

  add_group (page, _("Vouchers"), &self->vouchers_list);
  add_group (page, _("Orders in Progress"), &self->progress_list);
  add_group (page, _("Needs Your Attention"), &self->attention_list);
  update_sync_row (self);
}

GtkWidget *
iv_overview_page_new (void)
{
  return g_object_new (IV_TYPE_OVERVIEW_PAGE, NULL);
}

static void
refreshed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(IvOverviewPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = iv_sync_manager_refresh_finish (IV_SYNC_MANAGER (object), result, &error);
  GtkRoot *root;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  load_from_store (self);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (IV_IS_WINDOW (root))
    iv_announcer_announce (iv_window_get_announcer (IV_WINDOW (root)),
                           ok ? _("Overview updated") : _("Offline: showing the last data received"),
                           IV_ANNOUNCE_POLITE);
}

void
iv_overview_page_reload (IvOverviewPage *self)
{
  GApplication *app = g_application_get_default ();

  g_return_if_fail (IV_IS_OVERVIEW_PAGE (self));

  if (!IV_IS_APPLICATION (app) || !iv_application_get_signed_in (IV_APPLICATION (app)) || self->sync == NULL)
    return;

  load_from_store (self);
  iv_sync_manager_refresh_async (self->sync,
                                 IV_SYNC_SCOPE_ACCOUNT | IV_SYNC_SCOPE_VOUCHERS | IV_SYNC_SCOPE_ORDERS | IV_SYNC_SCOPE_POLICY,
                                 self->cancellable, refreshed_cb, g_object_ref (self));
}
