/* iv-orders-page.c: the orders, newest first, each with its status history
 *
 * Each order is an expander row whose title is the one sentence a screen
 * reader needs (number, status, amount); the history steps and the cancel
 * button are inside.  Read from the offline store; orders still in the
 * outbox come first, marked as waiting to be sent.
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
  IvSyncManager *sync;
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
cancel_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    IvOrdersPage     *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "iv-order-id");
  g_autoptr(IvOutboxItem) item = NULL;
  g_autoptr(GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(JsonNode) body = json_node_new (JSON_NODE_OBJECT);

  if (g_strcmp0 (response, "cancel-order") != 0 || self->sync == NULL)
    return;

  json_node_take_object (body, json_object_new ());
  item = iv_outbox_enqueue (iv_sync_manager_get_outbox (self->sync), IV_OUTBOX_KIND_CANCEL_ORDER,
                            id, -1, body, NULL, NULL, 0, &error);
  if (IV_IS_WINDOW (root))
    {
      if (item == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("The cancellation could not be saved: %s"), error->message);
          iv_window_show_toast (IV_WINDOW (root), message);
          return;
        }
      iv_window_show_toast (IV_WINDOW (root), _("Cancellation saved; it is sent to the service now or when it can be reached"));
    }
  iv_sync_manager_kick (self->sync);
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
  name_row (row, title, subtitle);

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
      name_row (step_row, step_title, step_subtitle);
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

static GtkWidget *
make_queued_row (IvOutboxItem *item)
{
  GtkWidget *row = adw_action_row_new ();
  JsonNode *body = iv_outbox_item_get_body (item);
  JsonObject *obj = body != NULL && JSON_NODE_HOLDS_OBJECT (body) ? json_node_get_object (body) : NULL;
  gint64 amount = obj != NULL ? json_object_get_int_member_with_default (obj, "quoted_amount_fen", 0) : 0;
  g_autofree char *amount_s = iv_money_format (amount);
  g_autofree char *title = NULL;
  const char *state;

  switch (iv_outbox_item_get_state (item))
    {
    case IV_OUTBOX_STATE_NEEDS_ATTENTION:
      state = _("not accepted, needs your attention");
      break;
    case IV_OUTBOX_STATE_IN_FLIGHT:
      state = _("sending");
      break;
    default:
      state = _("waiting to be sent");
      break;
    }
  /* TRANSLATORS: a booking still in the outbox: state, amount */
  title = g_strdup_printf (_("New order, %s, %s"), state, amount_s);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  name_row (row, title, iv_outbox_item_get_error_message (item));
  if (iv_outbox_item_get_error_message (item) != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), iv_outbox_item_get_error_message (item));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("mail-send-symbolic"));
  return row;
}

static void
load_from_store (IvOrdersPage *self)
{
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GPtrArray) items = NULL;
  GtkWidget *child;
  guint shown = 0;

  if (self->sync == NULL)
    return;

  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->list), child);

  items = iv_outbox_list (iv_sync_manager_get_outbox (self->sync), FALSE, NULL);
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      IvOutboxItem *item = g_ptr_array_index (items, i);

      if (iv_outbox_item_get_kind (item) != IV_OUTBOX_KIND_CREATE_ORDER ||
          iv_outbox_item_get_state (item) == IV_OUTBOX_STATE_DONE ||
          iv_outbox_item_get_state (item) == IV_OUTBOX_STATE_DISCARDED)
        continue;
      gtk_list_box_append (GTK_LIST_BOX (self->list), make_queued_row (item));
      shown++;
    }

  orders = iv_cache_db_get_list (iv_sync_manager_get_cache (self->sync), IV_CACHE_KIND_ORDER, NULL);
  /* In the service's order: newest first */
  for (guint i = 0; orders != NULL && i < orders->len; i++)
    {
      gtk_list_box_append (GTK_LIST_BOX (self->list), make_order_row (self, g_ptr_array_index (orders, i)));
      shown++;
    }

  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), shown > 0 ? "list" : "empty");
}

static void
sync_changed_cb (IvSyncManager *sync,
                 const char    *what,
                 IvOrdersPage  *self)
{
  /* Hidden pages reload when shown again (map) */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) &&
      (g_strcmp0 (what, "orders") == 0 || g_strcmp0 (what, "outbox") == 0))
    load_from_store (self);
}

static void
sync_manager_changed_cb (IvApplication *app,
                         GParamSpec    *pspec,
                         IvOrdersPage  *self)
{
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_set_object (&self->sync, iv_application_get_sync_manager (app));
  if (self->sync != NULL)
    g_signal_connect (self->sync, "changed", G_CALLBACK (sync_changed_cb), self);
  load_from_store (self);
}

static void
refresh_cb (IvOrdersPage *self)
{
  iv_orders_page_reload (self);
}

static void
iv_orders_page_map (GtkWidget *widget)
{
  IvOrdersPage *self = IV_ORDERS_PAGE (widget);
  GApplication *app = g_application_get_default ();

  GTK_WIDGET_CLASS (iv_orders_page_parent_class)->map (widget);

  if (self->sync == NULL && IV_IS_APPLICATION (app))
    {
      g_signal_connect_object (app, "notify::sync-manager", G_CALLBACK (sync_manager_changed_cb), self, 0);
      sync_manager_changed_cb (IV_APPLICATION (app), NULL, self);
    }
  /* Fresh every time the page is shown */
  iv_orders_page_reload (self);
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
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_clear_object (&self->sync);

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

static void
refreshed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(IvOrdersPage) self = user_data;

  /* Offline: the stored orders stay shown */
  iv_sync_manager_refresh_finish (IV_SYNC_MANAGER (object), result, NULL);
  if (!g_cancellable_is_cancelled (self->cancellable))
    load_from_store (self);
}

void
iv_orders_page_reload (IvOrdersPage *self)
{
  GApplication *app = g_application_get_default ();

  g_return_if_fail (IV_IS_ORDERS_PAGE (self));

  if (!IV_IS_APPLICATION (app) || self->sync == NULL)
    return;

  load_from_store (self);
  if (iv_application_get_signed_in (IV_APPLICATION (app)))
    iv_sync_manager_refresh_async (self->sync, IV_SYNC_SCOPE_ORDERS, self->cancellable,
                                   refreshed_cb, g_object_ref (self));
}
