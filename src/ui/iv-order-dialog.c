/* iv-order-dialog.c: book a catalog service with a voucher
 *
 * Only usable vouchers are offered; the amount typed is shown live in
 * 大写 and the subsidy estimate follows the policy served by the service
 * (never a constant here).  Submitting saves the order in the outbox
 * (with its idempotency key, made once) and closes: it is sent now, or
 * when the service can be reached again.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "iv-announcer.h"
#include "iv-application.h"
#include "iv-order-dialog.h"
#include "iv-window.h"

struct _IvOrderDialog
{
  AdwWindow      parent_instance;

  GtkWidget     *service_label;
  GtkWidget     *institution_label;
  GtkWidget     *voucher_dropdown;
  GtkWidget     *voucher_error;
  GtkWidget     *amount_entry;
  GtkWidget     *uppercase_label;
  GtkWidget     *amount_error;
  GtkWidget     *note_entry;
  GtkWidget     *subsidy_label;
  GtkWidget     *form_error;
  GtkWidget     *submit_button;
  GtkWidget     *spinner;

  IvService     *service;
  IvInstitution *institution;
  GPtrArray     *vouchers;      /* usable IvVoucher, in dropdown order */
  IvPolicy      *policy;
  IvAccountKind  kind;
  char          *uppercase;
  GCancellable  *cancellable;
};

G_DEFINE_FINAL_TYPE (IvOrderDialog, iv_order_dialog, ADW_TYPE_WINDOW)

static void
set_field_error (GtkWidget  *field,
                 GtkWidget  *error_label,
                 const char *message)
{
  gtk_label_set_label (GTK_LABEL (error_label), message != NULL ? message : "");
  gtk_widget_set_visible (error_label, message != NULL);
  if (message != NULL)
    {
      gtk_accessible_update_state (GTK_ACCESSIBLE (field),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE, -1);
      iv_accessible_set_error_message (field, error_label);
    }
  else
    {
      gtk_accessible_reset_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID);
      iv_accessible_set_error_message (field, NULL);
    }
}

gboolean
iv_voucher_is_usable (IvVoucher *voucher,
                      GDate     *today)
{
  GDate use_by;

  if (iv_voucher_get_status (voucher) != IV_VOUCHER_STATUS_ACTIVE)
    return FALSE;
  if (iv_voucher_get_balance_fen (voucher) - iv_voucher_get_reserved_fen (voucher) <= 0)
    return FALSE;
  if (!iv_validate_date (iv_voucher_get_use_by (voucher), &use_by, NULL))
    return FALSE;
  return g_date_compare (&use_by, today) >= 0;
}

static IvVoucher *
selected_voucher (IvOrderDialog *self)
{
  guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->voucher_dropdown));

  if (self->vouchers == NULL || i == GTK_INVALID_LIST_POSITION || i >= self->vouchers->len)
    return NULL;
  return g_ptr_array_index (self->vouchers, i);
}

static void
update_estimate (IvOrderDialog *self)
{
  IvVoucher *voucher = selected_voucher (self);
  gint64 amount = 0;

  if (self->policy == NULL ||
      !iv_money_parse (gtk_editable_get_text (GTK_EDITABLE (self->amount_entry)), &amount, NULL) ||
      amount <= 0)
    {
      gtk_label_set_label (GTK_LABEL (self->subsidy_label),
                           _("The subsidy estimate appears once you type an amount."));
      return;
    }

  {
    gint64 available = voucher != NULL ? iv_voucher_get_balance_fen (voucher) - iv_voucher_get_reserved_fen (voucher) : -1;
    gint64 estimate = iv_policy_estimate_subsidy_for_kind (self->policy, self->kind, amount, available);
    g_autofree char *formatted = iv_money_format (estimate);
    g_autofree char *text = g_strdup_printf (_("Estimated subsidy under the %d policy: %s. The centre decides the final amount."),
                                             iv_policy_get_year (self->policy), formatted);

    gtk_label_set_label (GTK_LABEL (self->subsidy_label), text);
  }
}

static void
amount_changed_cb (IvOrderDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->amount_entry));
  gint64 fen;

  g_clear_pointer (&self->uppercase, g_free);
  if (iv_money_parse (text, &fen, NULL))
    self->uppercase = iv_money_format_uppercase (fen, NULL);
  gtk_label_set_label (GTK_LABEL (self->uppercase_label), self->uppercase != NULL ? self->uppercase : "");
  /* An empty selectable label would be an unnamed stop for the Tab key */
  gtk_widget_set_visible (self->uppercase_label, self->uppercase != NULL);
  set_field_error (self->amount_entry, self->amount_error, NULL);
  gtk_widget_set_visible (self->form_error, FALSE);
  update_estimate (self);
}

static void
voucher_changed_cb (IvOrderDialog *self)
{
  set_field_error (self->voucher_dropdown, self->voucher_error, NULL);
  update_estimate (self);
}

static void
set_busy (IvOrderDialog *self,
          gboolean       busy)
{
  gtk_widget_set_sensitive (self->submit_button, !busy);
  gtk_widget_set_visible (self->spinner, busy);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), busy);
}

static void
show_form_error (IvOrderDialog *self,
                 const char    *message)
{
  gtk_label_set_label (GTK_LABEL (self->form_error), message);
  gtk_widget_set_visible (self->form_error, TRUE);
  iv_announce (GTK_WIDGET (self), message, IV_ANNOUNCE_ASSERTIVE);
}

gboolean
iv_order_dialog_submit (IvOrderDialog *self)
{
  IvVoucher *voucher;
  gint64 amount = 0;
  g_autoptr(GError) error = NULL;
  GtkWidget *first_invalid = NULL;
  g_autofree char *amount_message = NULL;

  g_return_val_if_fail (IV_IS_ORDER_DIALOG (self), FALSE);

  if (!gtk_widget_get_sensitive (self->submit_button))
    return FALSE;

  voucher = selected_voucher (self);
  if (voucher == NULL)
    {
      set_field_error (self->voucher_dropdown, self->voucher_error,
                       _("Choose a voucher. Only active vouchers with an available balance can be used."));
      first_invalid = self->voucher_dropdown;
    }

  if (!iv_money_parse (gtk_editable_get_text (GTK_EDITABLE (self->amount_entry)), &amount, &error))
    amount_message = g_strdup (g_error_matches (error, IV_MONEY_ERROR, IV_MONEY_ERROR_EMPTY)
                               ? _("Enter the amount the institution quoted.")
                               : error->message);
  else if (amount <= 0)
    amount_message = g_strdup (_("The amount must be more than zero."));
  set_field_error (self->amount_entry, self->amount_error, amount_message);
  if (amount_message != NULL && first_invalid == NULL)
    first_invalid = self->amount_entry;

  if (first_invalid != NULL)
    {
      gtk_widget_grab_focus (first_invalid);
      return FALSE;
    }

  {
    g_autoptr(JsonBuilder) builder = json_builder_new ();
    g_autoptr(JsonNode) body = NULL;
    g_autoptr(IvOutboxItem) item = NULL;
    GApplication *app = g_application_get_default ();
    IvSyncManager *sync;

    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "voucher_id");
    json_builder_add_string_value (builder, iv_voucher_get_id (voucher));
    json_builder_set_member_name (builder, "service_id");
    json_builder_add_string_value (builder, iv_service_get_id (self->service));
    json_builder_set_member_name (builder, "quoted_amount_fen");
    json_builder_add_int_value (builder, amount);
    json_builder_set_member_name (builder, "note");
    json_builder_add_string_value (builder, gtk_editable_get_text (GTK_EDITABLE (self->note_entry)));
    json_builder_end_object (builder);
    body = json_builder_get_root (builder);

    if (!IV_IS_APPLICATION (app))
      return TRUE;

    sync = iv_application_get_sync_manager (IV_APPLICATION (app));
    if (sync == NULL)
      {
        show_form_error (self, _("The order cannot be saved: your local data is not available."));
        return FALSE;
      }

    /* Saved first (COMMIT), sent after: nothing is lost offline */
    item = iv_outbox_enqueue (iv_sync_manager_get_outbox (sync), IV_OUTBOX_KIND_CREATE_ORDER,
                              NULL, -1, body, NULL, NULL, 0, &error);
    if (item == NULL)
      {
        g_autofree char *message = g_strdup_printf (_("The order could not be saved: %s"), error->message);
        show_form_error (self, message);
        return FALSE;
      }
    iv_sync_manager_kick (sync);

    {
      GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
      const char *message = iv_sync_manager_get_state (sync) == IV_SYNC_STATE_OFFLINE
        ? _("Booking saved and waiting to be sent: it goes out when the service can be reached again.")
        : _("Booking saved, sending it now…");

      if (IV_IS_WINDOW (parent))
        {
          iv_window_show_toast (IV_WINDOW (parent), message);
          iv_window_watch_outbox_item (IV_WINDOW (parent), iv_outbox_item_get_id (item));
        }
      else
        iv_announce (GTK_WIDGET (self), message, IV_ANNOUNCE_POLITE);
    }
    gtk_window_close (GTK_WINDOW (self));
  }
  return TRUE;
}

static void
submit_clicked_cb (IvOrderDialog *self)
{
  iv_order_dialog_submit (self);
}

void
iv_order_dialog_set_data (IvOrderDialog *self,
                          GListModel    *vouchers,
                          IvPolicy      *policy,
                          IvAccountKind  kind)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate today;

  g_return_if_fail (IV_IS_ORDER_DIALOG (self));

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now), g_date_time_get_year (now));

  g_set_object (&self->policy, policy);
  self->kind = kind;
  g_ptr_array_set_size (self->vouchers, 0);

  for (guint i = 0; vouchers != NULL && i < g_list_model_get_n_items (vouchers); i++)
    {
      g_autoptr(IvVoucher) voucher = g_list_model_get_item (vouchers, i);
      g_autofree char *available = NULL;
      g_autofree char *use_by = NULL;
      g_autofree char *text = NULL;

      if (!iv_voucher_is_usable (voucher, &today))
        continue;

      available = iv_money_format (iv_voucher_get_balance_fen (voucher) - iv_voucher_get_reserved_fen (voucher));
      use_by = iv_date_format_chinese (iv_voucher_get_use_by (voucher));
      /* TRANSLATORS: voucher code, available amount, use-by date */
      text = g_strdup_printf (_("%s, available %s, use by %s"),
                              iv_voucher_get_code (voucher), available, use_by);
      gtk_string_list_append (names, text);
      g_ptr_array_add (self->vouchers, g_object_ref (voucher));
    }

  if (self->vouchers->len == 0)
    gtk_string_list_append (names, _("No usable voucher"));
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->voucher_dropdown), G_LIST_MODEL (names));
  gtk_widget_set_sensitive (self->voucher_dropdown, self->vouchers->len > 0);
  if (self->vouchers->len == 0)
    set_field_error (self->voucher_dropdown, self->voucher_error,
                     _("You have no voucher that can be used now: apply for quota first."));
  update_estimate (self);
}

static void
load_from_store (IvOrderDialog *self,
                 IvSyncManager *sync)
{
  g_autoptr(GPtrArray) vouchers = iv_cache_db_get_list (iv_sync_manager_get_cache (sync),
                                                        IV_CACHE_KIND_VOUCHER, NULL);
  g_autoptr(GListStore) store = g_list_store_new (IV_TYPE_VOUCHER);
  IvAccount *account = iv_sync_manager_get_account (sync);

  for (guint i = 0; vouchers != NULL && i < vouchers->len; i++)
    g_list_store_append (store, g_ptr_array_index (vouchers, i));
  iv_order_dialog_set_data (self, G_LIST_MODEL (store), iv_sync_manager_get_policy (sync),
                            account != NULL ? iv_account_get_kind (account) : IV_ACCOUNT_KIND_ENTERPRISE);
}

static void
refreshed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(IvOrderDialog) self = user_data;

  /* Offline is fine: the cached vouchers and policy stay */
  iv_sync_manager_refresh_finish (IV_SYNC_MANAGER (object), result, NULL);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  set_busy (self, FALSE);
  load_from_store (self, IV_SYNC_MANAGER (object));
}

void
iv_order_dialog_load (IvOrderDialog *self)
{
  GApplication *app = g_application_get_default ();
  IvSyncManager *sync;

  g_return_if_fail (IV_IS_ORDER_DIALOG (self));

  if (!IV_IS_APPLICATION (app) || (sync = iv_application_get_sync_manager (IV_APPLICATION (app))) == NULL)
    return;

  /* What the store has now, then fresh vouchers and policy behind it */
  load_from_store (self, sync);
  iv_sync_manager_refresh_async (sync, IV_SYNC_SCOPE_VOUCHERS | IV_SYNC_SCOPE_POLICY | IV_SYNC_SCOPE_ACCOUNT,
                                 self->cancellable, refreshed_cb, g_object_ref (self));
}

const char *
iv_order_dialog_get_uppercase (IvOrderDialog *self)
{
  g_return_val_if_fail (IV_IS_ORDER_DIALOG (self), NULL);

  return self->uppercase;
}

static void
iv_order_dialog_dispose (GObject *object)
{
  IvOrderDialog *self = IV_ORDER_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), IV_TYPE_ORDER_DIALOG);
  g_clear_object (&self->service);
  g_clear_object (&self->institution);
  g_clear_object (&self->policy);
  g_clear_pointer (&self->vouchers, g_ptr_array_unref);
  g_clear_pointer (&self->uppercase, g_free);

  G_OBJECT_CLASS (iv_order_dialog_parent_class)->dispose (object);
}

static void
iv_order_dialog_class_init (IvOrderDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = iv_order_dialog_dispose;

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/iv-order-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, IvOrderDialog, name)
  BIND (service_label);
  BIND (institution_label);
  BIND (voucher_dropdown);
  BIND (voucher_error);
  BIND (amount_entry);
  BIND (uppercase_label);
  BIND (amount_error);
  BIND (note_entry);
  BIND (subsidy_label);
  BIND (form_error);
  BIND (submit_button);
  BIND (spinner);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, amount_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, voucher_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, submit_clicked_cb);
}

static void
iv_order_dialog_init (IvOrderDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->vouchers = g_ptr_array_new_with_free_func (g_object_unref);
  /* The outbox makes the idempotency key of the order once, at enqueue */
}

GtkWidget *
iv_order_dialog_new (IvService     *service,
                     IvInstitution *institution)
{
  IvOrderDialog *self;
  g_autofree char *price = NULL;

  g_return_val_if_fail (IV_IS_SERVICE (service), NULL);

  self = g_object_new (IV_TYPE_ORDER_DIALOG, NULL);
  self->service = g_object_ref (service);
  if (institution != NULL)
    self->institution = g_object_ref (institution);

  gtk_label_set_label (GTK_LABEL (self->service_label), iv_service_get_title (service));
  gtk_label_set_label (GTK_LABEL (self->institution_label),
                       institution != NULL ? iv_institution_get_name (institution) : "");
  if (iv_service_get_price_fen (service) >= 0)
    {
      g_autofree char *plain = iv_money_format_plain (iv_service_get_price_fen (service));
      gtk_editable_set_text (GTK_EDITABLE (self->amount_entry), plain);
    }
  update_estimate (self);

  return GTK_WIDGET (self);
}
