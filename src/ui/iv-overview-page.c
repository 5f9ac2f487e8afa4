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
  GDateTime    *last_sync;
  GCancellable *cancellable;
  guint         in_flight;
  gboolean      offline;
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

static void
add_text_row (GtkWidget  *list,
              const char *title,
              const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
}

static void
update_sync_row (IvOverviewPage *self)
{
  IvApplication *app = IV_APPLICATION (g_application_get_default ());
  guint pending = app != NULL ? iv_application_get_pending_count (app) : 0;
  g_autofree char *when = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *pending_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item waiting to be sent",
                                                                "%u items waiting to be sent", pending), pending);

  if (self->last_sync != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (self->last_sync);
      when = g_date_time_format (local, _("%Y-%m-%d %H:%M"));
    }
  /* TRANSLATORS: "Data updated 2026年11月28日 16:20 · 0 items waiting to be sent" */
  subtitle = g_strdup_printf (_("Data updated %s · %s"), when != NULL ? when : _("never"), pending_text);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->sync_row),
                                 self->in_flight > 0 ? _("Updating…")
                                 : self->offline ? _("Offline") : _("Online"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->sync_row), subtitle);
}

static void
finish_one (IvOverviewPage *self,
            const GError   *error)
{
  g_assert (self->in_flight > 0);
  self->in_flight--;
  if (error != NULL)
    self->offline = iv_api_error_is_retryable (error);
  if (self->in_flight == 0 && !self->offline)
    {
      g_clear_pointer (&self->last_sync, g_date_time_unref);
      self->last_sync = g_date_time_new_now_utc ();
    }
  update_sync_row (self);
  if (self->in_flight == 0)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

      if (IV_IS_WINDOW (root))
        iv_announcer_announce (iv_window_get_announcer (IV_WINDOW (root)),
                               self->offline ? _("Offline: showing the last data received")
                                             : _("Overview updated"),
                               IV_ANNOUNCE_POLITE);
    }
}

static void
account_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(IvOverviewPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(IvApiResponse) response = NULL;

  response = iv_api_client_get_account_finish (IV_API_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (response != NULL)
    {
      IvAccount *account = IV_ACCOUNT (iv_api_response_get_object (response));
      gint64 cap = iv_account_get_year_cap_fen (account);
      gint64 granted = iv_account_get_year_granted_fen (account);
      gint64 used = iv_account_get_year_used_fen (account);
      g_autofree char *cap_s = iv_money_format (cap);
      g_autofree char *granted_s = iv_money_format (granted);
      g_autofree char *used_s = iv_money_format (used);
      g_autofree char *left_s = iv_money_format (MAX (cap - granted, 0));
      g_autofree char *text = NULL;
      g_autofree char *title = g_strdup_printf (_("%s, quota for %d"), iv_account_get_name (account),
                                                iv_account_get_year (account));

      text = g_strdup_printf (_("Year cap %s; granted %s; used %s; still available to apply for %s."),
                              cap_s, granted_s, used_s, left_s);
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->quota_group), title);
      gtk_label_set_label (GTK_LABEL (self->quota_label), text);
      gtk_level_bar_set_max_value (GTK_LEVEL_BAR (self->quota_bar), MAX (cap, 1));
      gtk_level_bar_set_value (GTK_LEVEL_BAR (self->quota_bar), CLAMP (granted, 0, MAX (cap, 1)));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->quota_bar),
                                      GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text, -1);
    }
  finish_one (self, error);
}

static void
vouchers_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(IvOverviewPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(IvApiResponse) response = NULL;

  response = iv_api_client_list_vouchers_finish (IV_API_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (response != NULL)
    {
      IvListPage *page = IV_LIST_PAGE (iv_api_response_get_object (response));
      GDate today;

      today_date (&today);
      clear_list (self->vouchers_list);
      for (guint i = 0; i < iv_list_page_get_n_items (page); i++)
        {
          IvVoucher *v = iv_list_page_get_item (page, i);
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
      if (iv_list_page_get_n_items (page) == 0)
        add_text_row (self->vouchers_list, _("No vouchers yet"),
                      _("Apply for quota: an approved application issues a voucher."));
    }
  finish_one (self, error);
}

static void
orders_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(IvOverviewPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(IvApiResponse) response = NULL;

  response = iv_api_client_list_orders_finish (IV_API_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (response != NULL)
    {
      IvListPage *page = IV_LIST_PAGE (iv_api_response_get_object (response));
      guint shown = 0;

      clear_list (self->progress_list);
      for (guint i = 0; i < iv_list_page_get_n_items (page); i++)
        {
          IvOrder *o = iv_list_page_get_item (page, i);
          IvOrderStatus s = iv_order_get_status (o);
          g_autofree char *amount = NULL;
          g_autofree char *title = NULL;

          if (s != IV_ORDER_STATUS_PLACED && s != IV_ORDER_STATUS_ACCEPTED && s != IV_ORDER_STATUS_CONFIRMED)
            continue;
          amount = iv_money_format (iv_order_get_quoted_amount_fen (o));
          title = g_strdup_printf (_("Order %s, %s, %s"), iv_order_get_number (o),
                                   iv_order_status_to_label (s), amount);
          add_text_row (self->progress_list, title, NULL);
          shown++;
        }
      if (shown == 0)
        add_text_row (self->progress_list, _("Nothing in progress"), NULL);
    }
  finish_one (self, error);
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
  GTK_WIDGET_CLASS (iv_overview_page_parent_class)->map (widget);
  iv_overview_page_reload (IV_OVERVIEW_PAGE (widget));
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
  g_clear_pointer (&self->last_sync, g_date_time_unref);

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
  add_text_row (self->attention_list, _("Nothing needs your attention"), NULL);

  update_sync_row (self);
}

GtkWidget *
iv_overview_page_new (void)
{
  return g_object_new (IV_TYPE_OVERVIEW_PAGE, NULL);
}

void
iv_overview_page_reload (IvOverviewPage *self)
{
  GApplication *app = g_application_get_default ();
  IvApiClient *client;

  g_return_if_fail (IV_IS_OVERVIEW_PAGE (self));

  if (!IV_IS_APPLICATION (app) || !iv_application_get_signed_in (IV_APPLICATION (app)) || self->in_flight > 0)
    return;

  client = iv_application_get_api_client (IV_APPLICATION (app));
  self->in_flight = 3;
  self->offline = FALSE;
  update_sync_row (self);
  iv_api_client_get_account_async (client, NULL, self->cancellable, account_loaded_cb, g_object_ref (self));
  iv_api_client_list_vouchers_async (client, NULL, 100, NULL, self->cancellable, vouchers_loaded_cb, g_object_ref (self));
  iv_api_client_list_orders_async (client, NULL, 100, NULL, self->cancellable, orders_loaded_cb, g_object_ref (self));
}
