/* iv-form-field.h: one labelled form field with its hint and its accessible error message
 *
 * Every field of the application and claim forms is one of these, so the
 * accessibility wiring is written once: a mnemonic label bound to the
 * control, REQUIRED on the control, and on error the INVALID state with
 * ERROR_MESSAGE pointing at a visible error label (the text says what is
 * wrong; colour is only an extra).
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define IV_TYPE_FORM_FIELD (iv_form_field_get_type ())
G_DECLARE_FINAL_TYPE (IvFormField, iv_form_field, IV, FORM_FIELD, GtkWidget)

/* label has a mnemonic ("_Contract number"); control is any focusable
 * widget (entry, text view, drop down, …) */
GtkWidget  *iv_form_field_new           (const char  *label,
                                         GtkWidget   *control,
                                         gboolean     required);
GtkWidget  *iv_form_field_get_control   (IvFormField *self);
GtkWidget  *iv_form_field_get_label     (IvFormField *self);
GtkWidget  *iv_form_field_get_error_label (IvFormField *self);

/* A line under the control (e.g. the amount in 大写); also the control's
 * accessible description.  NULL hides it. */
void        iv_form_field_set_hint      (IvFormField *self,
                                         const char  *hint);
const char *iv_form_field_get_hint      (IvFormField *self);

/* NULL clears the error */
void        iv_form_field_set_error     (IvFormField *self,
                                         const char  *message);
const char *iv_form_field_get_error     (IvFormField *self);
gboolean    iv_form_field_get_invalid   (IvFormField *self);

/* The text of an entry control, stripped ("" when empty) */
char       *iv_form_field_dup_text      (IvFormField *self);
void        iv_form_field_set_text      (IvFormField *self,
                                         const char  *text);

/* The question a form asks when closed with unsaved changes: responses
 * "cancel" (keep editing), "discard" and "save" (the default).  The caller
 * connects "response" and presents it. */
GtkWidget  *iv_unsaved_changes_dialog_new (GtkWindow  *parent,
                                           const char *heading);

G_END_DECLS
