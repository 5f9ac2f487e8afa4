/* iv-form-field.c: one labelled form field with its hint and its accessible error message */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "iv-form-field.h"
#include "iv-announcer.h"

struct _IvFormField
{
  GtkWidget  parent_instance;

  GtkWidget *box;
  GtkWidget *label;
  GtkWidget *control;
  GtkWidget *hint_label;
  GtkWidget *error_label;
  char      *hint;
  char      *error;
};

G_DEFINE_FINAL_TYPE (IvFormField, iv_form_field, GTK_TYPE_WIDGET)

static void
iv_form_field_dispose (GObject *object)
{
  IvFormField *self = IV_FORM_FIELD (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (iv_form_field_parent_class)->dispose (object);
}

static void
iv_form_field_finalize (GObject *object)
{
  IvFormField *self = IV_FORM_FIELD (object);

  g_free (self->hint);
  g_free (self->error);

  G_OBJECT_CLASS (iv_form_field_parent_class)->finalize (object);
}

static gboolean
iv_form_field_grab_focus (GtkWidget *widget)
{
  IvFormField *self = IV_FORM_FIELD (widget);

  return self->control != NULL && gtk_widget_grab_focus (self->control);
}

static void
iv_form_field_class_init (IvFormFieldClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = iv_form_field_dispose;
  object_class->finalize = iv_form_field_finalize;
  widget_class->grab_focus = iv_form_field_grab_focus;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "formfield");
}

static void
iv_form_field_init (IvFormField *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->label), TRUE);
  gtk_widget_add_css_class (self->label, "heading");
  gtk_box_append (GTK_BOX (self->box), self->label);

  self->hint_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->hint_label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->hint_label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (self->hint_label), FALSE);
  gtk_widget_add_css_class (self->hint_label, "dim-label");
  gtk_widget_set_visible (self->hint_label, FALSE);

  self->error_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->error_label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->error_label), TRUE);
  gtk_widget_add_css_class (self->error_label, "error");
  gtk_widget_set_visible (self->error_label, FALSE);
}

GtkWidget *
iv_form_field_new (const char *label,
                   GtkWidget  *control,
                   gboolean    required)
{
  IvFormField *self;
  g_autofree char *text = NULL;

  g_return_val_if_fail (label != NULL, NULL);
  g_return_val_if_fail (GTK_IS_WIDGET (control), NULL);

  self = g_object_new (IV_TYPE_FORM_FIELD, NULL);
  self->control = control;

  /* "(required)" tells sighted users what REQUIRED tells screen readers */
  text = required ? g_strdup_printf (_("%s (required)"), label) : g_strdup (label);
  gtk_label_set_text_with_mnemonic (GTK_LABEL (self->label), text);
  gtk_label_set_mnemonic_widget (GTK_LABEL (self->label), control);
  gtk_widget_set_hexpand (control, TRUE);
  gtk_box_append (GTK_BOX (self->box), control);
  gtk_box_append (GTK_BOX (self->box), self->hint_label);
  gtk_box_append (GTK_BOX (self->box), self->error_label);

  gtk_accessible_update_property (GTK_ACCESSIBLE (control),
                                  GTK_ACCESSIBLE_PROPERTY_REQUIRED, required,
                                  -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (control),
                               GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
  return GTK_WIDGET (self);
}

GtkWidget *
iv_form_field_get_control (IvFormField *self)
{
  g_return_val_if_fail (IV_IS_FORM_FIELD (self), NULL);
  return self->control;
}

GtkWidget *
iv_form_field_get_label (IvFormField *self)
{
  g_return_val_if_fail (IV_IS_FORM_FIELD (self), NULL);
  return self->label;
}

GtkWidget *
iv_form_field_get_error_label (IvFormField *self)
{
  g_return_val_if_fail (IV_IS_FORM_FIELD (self), NULL);
  return self->error_label;
}

void
iv_form_field_set_hint (IvFormField *self,
                        const char  *hint)
{
  g_return_if_fail (IV_IS_FORM_FIELD (self));

  if (g_strcmp0 (hint, self->hint) == 0)
    return;
  g_free (self->hint);
  self->hint = g_strdup (hint);
  gtk_label_set_text (GTK_LABEL (self->hint_label), hint ? hint : "");
  gtk_widget_set_visible (self->hint_label, hint != NULL && *hint != '\0');
  if (hint != NULL && *hint != '\0')
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->control),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, hint,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->control),
                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

const char *
iv_form_field_get_hint (IvFormField *self)
{
  g_return_val_if_fail (IV_IS_FORM_FIELD (self), NULL);
  return self->hint;
}

void
iv_form_field_set_error (IvFormField *self,
                         const char  *message)
{
  g_return_if_fail (IV_IS_FORM_FIELD (self));

  if (message != NULL && *message == '\0')
    message = NULL;
  if (g_strcmp0 (message, self->error) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (message);

  if (message != NULL)
    {
      g_autofree char *shown = g_strdup_printf (_("Error: %s"), message);

      gtk_label_set_text (GTK_LABEL (self->error_label), shown);
      gtk_widget_set_visible (self->error_label, TRUE);
      gtk_widget_add_css_class (self->control, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->control),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
      iv_accessible_set_error_message (self->control, self->error_label);
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (self->error_label), "");
      gtk_widget_set_visible (self->error_label, FALSE);
      gtk_widget_remove_css_class (self->control, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->control),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_FALSE,
                                   -1);
      iv_accessible_set_error_message (self->control, NULL);
    }
}

const char *
iv_form_field_get_error (IvFormField *self)
{
  g_return_val_if_fail (IV_IS_FORM_FIELD (self), NULL);
  return self->error;
}

gboolean
iv_form_field_get_invalid (IvFormField *self)
{
  g_return_val_if_fail (IV_IS_FORM_FIELD (self), FALSE);
  return self->error != NULL;
}

char *
iv_form_field_dup_text (IvFormField *self)
{
  const char *text = "";
  g_autofree char *owned = NULL;

  g_return_val_if_fail (IV_IS_FORM_FIELD (self), NULL);

  if (GTK_IS_EDITABLE (self->control))
    text = gtk_editable_get_text (GTK_EDITABLE (self->control));
  else if (GTK_IS_TEXT_VIEW (self->control))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->control));
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = owned = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    }
  return g_strstrip (g_strdup (text));
}

void
iv_form_field_set_text (IvFormField *self,
                        const char  *text)
{
  g_return_if_fail (IV_IS_FORM_FIELD (self));

  if (GTK_IS_EDITABLE (self->control))
    gtk_editable_set_text (GTK_EDITABLE (self->control), text ? text : "");
  else if (GTK_IS_TEXT_VIEW (self->control))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->control)),
                              text ? text : "", -1);
}

GtkWidget *
iv_unsaved_changes_dialog_new (GtkWindow  *parent,
                               const char *heading)
{
  GtkWidget *dialog;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);

  dialog = adw_message_dialog_new (parent, heading,
                                   _("The draft keeps everything typed so far; discarded changes are lost."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Editing"),
                                    "discard", _("_Discard Changes"),
                                    "save", _("_Save Draft"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  return dialog;
}
