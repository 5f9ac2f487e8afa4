/* iv-orders-page.c: the orders, newest first, each with its status history
 *
 * Each order is an expander row whose title is the one sentence a screen
 * reader needs (number, service, status, amount); the history steps and
 * the cancel button are inside.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "iv-announcer.h"
#include "iv-application.h"
#include "iv-orders-page.h"
#include "iv-window.h"

struct _IvOrdersPage
{
  AdwBin        parent_instance;

  GtkWidget    *stack;
  GtkWidget    *list;
  GtkWidget    *error_status;
  GCancellable *cancellable;
  gboolean      loading;
};

G_DEFINE_FINAL_TYPE (IvOrdersPage, iv_orders_page, ADW_TYPE_BIN)

static char *
format_time (GDateTime *dt)
{
  g_autoptr(GDateTime) local = NULL;

  if (dt == NULL)
    return g_strdup ("");
  local = g_date_time_to_local (dt);
  return g_date_time_format (local, _("%Y-%m-%d %H:%M"));
}

static void
cancel_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(IvOrdersPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(IvApiResponse) response = NULL;

  response = iv_api_client_cancel_order_finish (IV_API_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (response == NULL)
    {
      g_autofree char *message = iv_api_error_to_user_message (error);
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

      if (IV_IS_WINDOW (root))
        iv_window_show_toast (IV_WINDOW (root), message);
      return;
    }

  {
    GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

    if (IV_IS_WINDOW (root))
      iv_window_show_toast (IV_WINDOW (root), _("Order cancelled"));
  }
  iv_orders_page_reload (self);
}

static void
cancel_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    IvOrdersPage     *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "iv-order-id");
  GApplication *app = g_application_get_default ();
  g_autofree char *key = NULL;

  if (g_strcmp0 (response, "cancel-order") != 0 || !IV_IS_APPLICATION (app))
    return;

  key = g_uuid_string_random ();
  iv_api_client_cancel_order_async (iv_application_get_api_client (IV_APPLICATION (app)),
                                    id, key, self->cancellable, cancel_done_cb, g_object_ref (self));
}

static void
cancel_clicked_cb (GtkButton    *button,
                   IvOrdersPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "iv-order-id");
  const char *number = g_object_get_data (G_OBJECT (button), "iv-order-number");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *body = g_strdup_printf (_("Order %s will be cancelled and the amount reserved on your voucher released."), number);
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Cancel This Order?"), body));
  adw_message_dialog_add_responses (dialog,
                                    "keep", _("_Keep the Order"),
                                    "cancel-order", _("C_ancel the Order"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "cancel-order", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, "keep");
  g_object_set_data_full (G_OBJECT (dialog), "iv-order-id", g_strdup (id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (cancel_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
make_order_row (IvOrdersPage *self,
                IvOrder      *order)
{
  GtkWidget *row = adw_expander_row_new ();
  GListModel *history = iv_order_get_history (order);
  g_autofree char *amount = iv_money_format (iv_order_get_quoted_amount_fen (order));
  g_autofree char *created = format_time (iv_order_get_created_at_date_time (order));
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  IvOrderStatus status = iv_order_get_status (order);

  /* TRANSLATORS: order number, status, amount */
  title = g_strdup_printf (_("Order %s, %s, %s"), iv_order_get_number (order),
                           iv_order_status_to_label (status), amount);
  subtitle = g_strdup_printf (_("Placed %s"), created);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);

  for (guint i = 0; history != NULL && i < g_list_model_get_n_items (history); i++)
    {
      g_autoptr(IvHistoryStep) step = g_list_model_get_item (history, i);
      GtkWidget *step_row = adw_action_row_new ();
      g_autofree char *at = format_time (iv_history_step_get_at_date_time (step));
      IvOrderStatus step_status;
      const char *label = iv_history_step_get_status (step);
      const char *note = iv_history_step_get_note (step);
      g_autofree char *step_title = NULL;
      g_autofree char *step_subtitle = NULL;

      if (iv_order_status_from_string (label, &step_status))
        label = iv_order_status_to_label (step_status);
      /* TRANSLATORS: status, who made the step */
      step_title = g_strdup_printf (_("%s (%s)"), label, iv_actor_to_label (iv_history_step_get_actor (step)));
      step_subtitle = note != NULL && *note != '\0' ? g_strdup_printf ("%s · %s", at, note) : g_strdup (at);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (step_row), step_title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (step_row), step_subtitle);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), step_row);
    }

  if (status == IV_ORDER_STATUS_PLACED || status == IV_ORDER_STATUS_ACCEPTED)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Cancel Order…"));
      g_autofree char *a11y = g_strdup_printf (_("Cancel order %s"), iv_order_get_number (order));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "destructive-action");
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
      g_object_set_data_full (G_OBJECT (button), "iv-order-id", g_strdup (iv_order_get_id (order)), g_free);
      g_object_set_data_full (G_OBJECT (button), "iv-order-number", g_strdup (iv_order_get_number (order)), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (cancel_clicked_cb), self);
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), button);
    }

  return row;
}

static void
orders_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(IvOrdersPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(IvApiResponse) response = NULL;
  IvListPage *page;
  GtkWidget *child;
  guint n;

  response = iv_api_client_list_orders_finish (IV_API_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading = FALSE;
  if (response == NULL)
    {
      g_autofree char *message = iv_api_error_to_user_message (error);

      adw_status_page_set_description (ADW_STATUS_PAGE (self->error_status), message);
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "error");
      return;
    }

  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->list), child);

  page = IV_LIST_PAGE (iv_api_response_get_object (response));
  n = iv_list_page_get_n_items (page);
  /* Newest first */
  for (guint i = n; i > 0; i--)
    gtk_list_box_append (GTK_LIST_BOX (self->list), make_order_row (self, iv_list_page_get_item (page, i - 1)));

  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), n > 0 ? "list" : "empty");
}

static void
refresh_cb (IvOrdersPage *self)
{
  iv_orders_page_reload (self);
}

static void
iv_orders_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (iv_orders_page_parent_class)->map (widget);

  /* Fresh every time the page is shown */
  iv_orders_page_reload (IV_ORDERS_PAGE (widget));
}

static void
iv_orders_page_root (GtkWidget *widget)
{
  GtkRoot *root;

  GTK_WIDGET_CLASS (iv_orders_page_parent_class)->root (widget);

  root = gtk_widget_get_root (widget);
  if (IV_IS_WINDOW (root))
    g_signal_connect_object (root, "refresh", G_CALLBACK (refresh_cb), widget, G_CONNECT_SWAPPED);
}

static void
iv_orders_page_dispose (GObject *object)
{
  IvOrdersPage *self = IV_ORDERS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (iv_orders_page_parent_class)->dispose (object);
}

static void
iv_orders_page_class_init (IvOrdersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = iv_orders_page_dispose;
  widget_class->map = iv_orders_page_map;
  widget_class->root = iv_orders_page_root;
}

static GtkWidget *
status_page (const char *icon,
             const char *title,
             const char *description)
{
  GtkWidget *page = adw_status_page_new ();

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), icon);
  adw_status_page_set_title (ADW_STATUS_PAGE (page), title);
  adw_status_page_set_description (ADW_STATUS_PAGE (page), description);
  return page;
}

static void
iv_orders_page_init (IvOrdersPage *self)
{
  GtkWidget *scrolled, *clamp, *box, *heading, *loading, *spinner;

  self->cancellable = g_cancellable_new ();
  self->stack = gtk_stack_new ();
  adw_bin_set_child (ADW_BIN (self), self->stack);

  loading = status_page (NULL, _("Loading Orders…"), NULL);
  spinner = gtk_spinner_new ();
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spinner), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Loading"), -1);
  adw_status_page_set_child (ADW_STATUS_PAGE (loading), spinner);
  gtk_stack_add_named (GTK_STACK (self->stack), loading, "loading");

  gtk_stack_add_named (GTK_STACK (self->stack),
                       status_page ("view-list-symbolic", _("No Orders Yet"),
                                    _("Find a service in the catalog and book it with a voucher.")),
                       "empty");
  self->error_status = status_page ("network-offline-symbolic", _("Orders Not Available"), NULL);
  gtk_stack_add_named (GTK_STACK (self->stack), self->error_status, "error");

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  clamp = adw_clamp_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  heading = gtk_label_new (_("Orders"));
  gtk_label_set_xalign (GTK_LABEL (heading), 0.0);
  gtk_widget_add_css_class (heading, "title-2");
  gtk_box_append (GTK_BOX (box), heading);
  self->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Orders"), -1);
  gtk_box_append (GTK_BOX (box), self->list);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_stack_add_named (GTK_STACK (self->stack), scrolled, "list");
}

GtkWidget *
iv_orders_page_new (void)
{
  return g_object_new (IV_TYPE_ORDERS_PAGE, NULL);
}

void
iv_orders_page_reload (IvOrdersPage *self)
{
  GApplication *app = g_application_get_default ();

  g_return_if_fail (IV_IS_ORDERS_PAGE (self));

  if (!IV_IS_APPLICATION (app) || !iv_application_get_signed_in (IV_APPLICATION (app)) || self->loading)
    return;

  self->loading = TRUE;
  iv_api_client_list_orders_async (iv_application_get_api_client (IV_APPLICATION (app)),
                                   NULL, 100, NULL, self->cancellable,
                                   orders_loaded_cb, g_object_ref (self));
}
