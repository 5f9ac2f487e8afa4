/* iv-verify-dialog.c: asks the service whether a receipt's verification code is genuine */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "iv-announcer.h"
#include "iv-form-field.h"
#include "iv-verify-dialog.h"

struct _IvVerifyDialog
{
  AdwWindow     parent_instance;

  IvApiClient  *client;
  GCancellable *cancellable;
  GtkWidget    *field;
  GtkWidget    *verify_button;
  GtkWidget    *result_label;
  char         *result;
};

G_DEFINE_FINAL_TYPE (IvVerifyDialog, iv_verify_dialog, ADW_TYPE_WINDOW)

static void
show_result (IvVerifyDialog *self,
             const char     *text)
{
  g_free (self->result);
  self->result = g_strdup (text);
  gtk_label_set_text (GTK_LABEL (self->result_label), text);
  gtk_widget_set_visible (self->result_label, text != NULL);
  iv_announce (GTK_WIDGET (self), text, IV_ANNOUNCE_ASSERTIVE);
}

static void
verify_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(IvVerifyDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *claim_number = NULL;
  g_autofree char *text = NULL;
  gboolean genuine = FALSE;

  if (!iv_api_client_verify_receipt_finish (IV_API_CLIENT (source), result, &genuine, &claim_number, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = g_strdup_printf (_("The service could not be asked: %s"), error->message);
    }
  else if (genuine)
    text = g_strdup_printf (_("Genuine: this code belongs to the receipt of claim %s."),
                            claim_number ? claim_number : "");
  else
    text = g_strdup (_("Not genuine: the service knows no receipt with this code."));
  gtk_widget_set_sensitive (self->verify_button, TRUE);
  show_result (self, text);
}

static void
verify_clicked_cb (IvVerifyDialog *self)
{
  g_autofree char *code = iv_form_field_dup_text (IV_FORM_FIELD (self->field));

  iv_verify_dialog_verify (self, code);
}

static gboolean
escape_cb (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  gtk_window_close (GTK_WINDOW (widget));
  return TRUE;
}

static void
iv_verify_dialog_dispose (GObject *object)
{
  IvVerifyDialog *self = IV_VERIFY_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_pointer (&self->result, g_free);

  G_OBJECT_CLASS (iv_verify_dialog_parent_class)->dispose (object);
}

static void
iv_verify_dialog_class_init (IvVerifyDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = iv_verify_dialog_dispose;
  gtk_widget_class_add_binding (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, escape_cb, NULL);
}

static void
iv_verify_dialog_init (IvVerifyDialog *self)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *intro;

  self->cancellable = g_cancellable_new ();
  gtk_window_set_title (GTK_WINDOW (self), _("Verify a Receipt"));
  gtk_window_set_default_size (GTK_WINDOW (self), 420, -1);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);
  gtk_box_append (GTK_BOX (toolbar), header);
  {
    GtkWidget *announcer = iv_announcer_new ();
    g_object_set_data (G_OBJECT (self), "iv-announcer", announcer);
    gtk_box_append (GTK_BOX (toolbar), announcer);
  }

  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  intro = gtk_label_new (_("The verification code is printed on every receipt beside its QR code."));
  gtk_label_set_wrap (GTK_LABEL (intro), TRUE);
  gtk_label_set_xalign (GTK_LABEL (intro), 0);
  gtk_box_append (GTK_BOX (box), intro);

  gtk_entry_set_max_length (GTK_ENTRY (entry), 32);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  self->field = iv_form_field_new (_("_Verification code"), entry, TRUE);
  gtk_box_append (GTK_BOX (box), self->field);

  self->verify_button = gtk_button_new_with_mnemonic (_("_Verify"));
  gtk_widget_add_css_class (self->verify_button, "suggested-action");
  gtk_widget_set_halign (self->verify_button, GTK_ALIGN_END);
  g_signal_connect_swapped (self->verify_button, "clicked", G_CALLBACK (verify_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), self->verify_button);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->verify_button);

  self->result_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->result_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->result_label), 0);
  gtk_label_set_selectable (GTK_LABEL (self->result_label), TRUE);
  gtk_widget_add_css_class (self->result_label, "heading");
  gtk_widget_set_visible (self->result_label, FALSE);
  gtk_box_append (GTK_BOX (box), self->result_label);

  gtk_box_append (GTK_BOX (toolbar), box);
  adw_window_set_content (ADW_WINDOW (self), toolbar);
}

IvVerifyDialog *
iv_verify_dialog_new (GtkWindow   *parent,
                      IvApiClient *client)
{
  IvVerifyDialog *self;

  g_return_val_if_fail (IV_IS_API_CLIENT (client), NULL);

  self = g_object_new (IV_TYPE_VERIFY_DIALOG, "transient-for", parent, NULL);
  self->client = g_object_ref (client);
  return self;
}

void
iv_verify_dialog_verify (IvVerifyDialog *self,
                         const char     *code)
{
  g_autofree char *stripped = g_strstrip (g_strdup (code ? code : ""));

  g_return_if_fail (IV_IS_VERIFY_DIALOG (self));

  if (*stripped == '\0')
    {
      iv_form_field_set_error (IV_FORM_FIELD (self->field), _("Enter the code printed on the receipt."));
      gtk_widget_grab_focus (self->field);
      iv_announce (GTK_WIDGET (self), _("Enter the code printed on the receipt."), IV_ANNOUNCE_ASSERTIVE);
      return;
    }
  iv_form_field_set_error (IV_FORM_FIELD (self->field), NULL);
  gtk_widget_set_sensitive (self->verify_button, FALSE);
  show_result (self, _("Asking the service…"));
  iv_api_client_verify_receipt_async (self->client, stripped, self->cancellable,
                                      verify_done_cb, g_object_ref (self));
}

const char *
iv_verify_dialog_get_result (IvVerifyDialog *self)
{
  g_return_val_if_fail (IV_IS_VERIFY_DIALOG (self), NULL);
  return self->result;
}
