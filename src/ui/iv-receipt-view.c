/* iv-receipt-view.c: a claim's receipt as accessible, selectable text, with copy, print (Ctrl+P) and save as PDF */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "iv-announcer.h"
#include "iv-print-operation.h"
#include "iv-receipt-export.h"
#include "iv-receipt-renderer.h"
#include "iv-receipt-view.h"

struct _IvReceiptView
{
  AdwWindow          parent_instance;

  IvPrintableClaim  *claim;
  IvReceiptRenderer *renderer;
  char              *text;
  GtkWidget         *label;
  GtkWidget         *copy_button;
  GtkWidget         *draft_label;
  GtkWidget         *window_title;
};

G_DEFINE_FINAL_TYPE (IvReceiptView, iv_receipt_view, ADW_TYPE_WINDOW)

static void
print_cb (IvReceiptView *self)
{
  iv_print_claim (GTK_WINDOW (self), self->claim, IV_RECEIPT_DOCUMENT_RECEIPT);
}

static void
save_cb (IvReceiptView *self)
{
  iv_receipt_export_pdf (GTK_WINDOW (self), self->renderer);
}

static void
copy_cb (IvReceiptView *self)
{
  iv_receipt_view_copy_number (self);
}

static gboolean
shortcut_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  IvReceiptView *self = IV_RECEIPT_VIEW (widget);
  const char *what = g_variant_get_string (args, NULL);

  if (g_str_equal (what, "print"))
    print_cb (self);
  else if (g_str_equal (what, "close"))
    gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
iv_receipt_view_dispose (GObject *object)
{
  IvReceiptView *self = IV_RECEIPT_VIEW (object);

  g_clear_object (&self->renderer);
  g_clear_pointer (&self->claim, iv_printable_claim_free);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (iv_receipt_view_parent_class)->dispose (object);
}

static void
iv_receipt_view_class_init (IvReceiptViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = iv_receipt_view_dispose;
  gtk_widget_class_add_binding (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, shortcut_cb, "s", "print");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, shortcut_cb, "s", "close");
}

static void
iv_receipt_view_init (IvReceiptView *self)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *print = gtk_button_new_with_mnemonic (_("_Print…"));
  GtkWidget *save = gtk_button_new_with_mnemonic (_("Save as P_DF…"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  gtk_window_set_title (GTK_WINDOW (self), _("Claim Receipt"));
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 680);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);

  /* Short words in the header bar so its buttons keep their labels */
  self->window_title = adw_window_title_new (_("Claim Receipt"), NULL);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), self->window_title);
  gtk_widget_set_tooltip_text (print, _("Print the receipt (Ctrl+P)"));
  g_signal_connect_swapped (print, "clicked", G_CALLBACK (print_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), print);
  gtk_label_set_ellipsize (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (print))), PANGO_ELLIPSIZE_END); /* 360 px: the accessible name keeps the full text */
  g_signal_connect_swapped (save, "clicked", G_CALLBACK (save_cb), self);
  /* One button on each side: centred, the title leaves both room */
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), save);
  gtk_label_set_ellipsize (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (save))), PANGO_ELLIPSIZE_END); /* 360 px: the accessible name keeps the full text */
  gtk_box_append (GTK_BOX (toolbar), header);
  {
    GtkWidget *announcer = iv_announcer_new ();
    g_object_set_data (G_OBJECT (self), "iv-announcer", announcer);
    gtk_box_append (GTK_BOX (toolbar), announcer);
  }

  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_box_append (GTK_BOX (toolbar), scrolled);

  /* Seen first on a draft: the same words as on its paper */
  self->draft_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->draft_label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->draft_label), TRUE);
  gtk_widget_add_css_class (self->draft_label, "title-4");
  gtk_widget_add_css_class (self->draft_label, "warning");
  gtk_widget_set_visible (self->draft_label, FALSE);
  gtk_box_append (GTK_BOX (box), self->draft_label);

  self->copy_button = gtk_button_new_with_mnemonic (_("_Copy Receipt Number"));
  gtk_widget_set_halign (self->copy_button, GTK_ALIGN_START);
  g_signal_connect_swapped (self->copy_button, "clicked", G_CALLBACK (copy_cb), self);
  gtk_box_append (GTK_BOX (box), self->copy_button);

  self->label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (self->label), TRUE);
  gtk_box_append (GTK_BOX (box), self->label);

  adw_window_set_content (ADW_WINDOW (self), toolbar);
}

IvReceiptView *
iv_receipt_view_new (GtkWindow              *parent,
                     const IvPrintableClaim *claim)
{
  IvReceiptView *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (claim != NULL, NULL);

  self = g_object_new (IV_TYPE_RECEIPT_VIEW, "transient-for", parent, NULL);
  self->claim = iv_printable_claim_copy (claim);
  self->renderer = iv_receipt_renderer_new (self->claim, IV_RECEIPT_DOCUMENT_RECEIPT);
  if (iv_receipt_renderer_prepare (self->renderer, &error))
    self->text = iv_receipt_renderer_get_text (self->renderer);
  else
    self->text = g_strdup_printf (_("The receipt cannot be shown: %s"), error->message);
  gtk_label_set_text (GTK_LABEL (self->label), self->text);
  /* A draft has no number to copy; its title says it is not the real one */
  gtk_widget_set_visible (self->copy_button, !claim->draft && claim->receipt_number != NULL);
  adw_window_title_set_subtitle (ADW_WINDOW_TITLE (self->window_title),
                                 claim->draft ? claim->contract_no : claim->receipt_number);
  if (claim->draft)
    {
      g_autofree char *title = iv_receipt_renderer_dup_title (self->renderer);

      gtk_window_set_title (GTK_WINDOW (self), title);
      adw_window_title_set_title (ADW_WINDOW_TITLE (self->window_title), _("Draft Claim Receipt"));
      gtk_widget_add_css_class (GTK_WIDGET (self), "draft-receipt");
      gtk_label_set_text (GTK_LABEL (self->draft_label),
                          _("Not submitted yet — this is not an official receipt. The service issues "
                            "the receipt, with its verification code, once it has accepted the claim."));
      gtk_widget_set_visible (self->draft_label, TRUE);
    }
  return self;
}

const char *
iv_receipt_view_get_text (IvReceiptView *self)
{
  g_return_val_if_fail (IV_IS_RECEIPT_VIEW (self), NULL);
  return self->text;
}

gboolean
iv_receipt_view_copy_number (IvReceiptView *self)
{
  g_autofree char *message = NULL;

  g_return_val_if_fail (IV_IS_RECEIPT_VIEW (self), FALSE);

  if (self->claim->draft || self->claim->receipt_number == NULL)
    return FALSE;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->claim->receipt_number);
  message = g_strdup_printf (_("Receipt number %s copied."), self->claim->receipt_number);
  iv_announce (GTK_WIDGET (self), message, IV_ANNOUNCE_POLITE);
  return TRUE;
}
