/* iv-print-operation.h: prints a receipt or claim form through the system print dialog
 *
 * A GtkPrintOperation that draws with IvReceiptRenderer, remembers the
 * print settings and page setup between runs (a key file in the user's
 * config folder) and shows any failure to the user in a message dialog.
 */
#pragma once

#include <adwaita.h>

#include "iv-receipt-renderer.h"

G_BEGIN_DECLS

#define IV_TYPE_PRINT_OPERATION (iv_print_operation_get_type ())
G_DECLARE_FINAL_TYPE (IvPrintOperation, iv_print_operation, IV, PRINT_OPERATION, GtkPrintOperation)

/* Loads the remembered settings; A4 portrait when there are none. */
IvPrintOperation  *iv_print_operation_new              (IvReceiptRenderer *renderer);

IvReceiptRenderer *iv_print_operation_get_renderer     (IvPrintOperation  *self);

/* Why the renderer could not lay the document out, if it could not */
const GError      *iv_print_operation_get_render_error (IvPrintOperation  *self);

/* The error dialog this operation showed last, while it is open */
GtkWidget         *iv_print_operation_get_error_dialog (IvPrintOperation  *self);

/* Opens the print dialog over @parent; errors end in a message dialog over
 * @parent, cancelling is silent.  Returns at once when printing can run
 * asynchronously. */
void               iv_print_operation_run_for_window   (IvPrintOperation  *self,
                                                        GtkWindow         *parent);

/* The same with another action, e.g. GTK_PRINT_OPERATION_ACTION_EXPORT
 * after gtk_print_operation_set_export_filename () */
void               iv_print_operation_run_with_action  (IvPrintOperation        *self,
                                                        GtkPrintOperationAction  action,
                                                        GtkWindow               *parent);

/* Convenience for Ctrl+P: prints @claim as @kind over @parent. */
void               iv_print_claim                      (GtkWindow              *parent,
                                                        const IvPrintableClaim *claim,
                                                        IvReceiptDocumentKind   kind);

/* <config>/innovation-vouchers/print-settings.ini */
char              *iv_print_operation_dup_settings_path (void);

/* A translated sentence for an error of the print or receipt layers. */
char              *iv_print_error_to_user_text         (const GError      *error);

/* Presents a dialog with @heading and the translated text of @error over
 * @parent and returns it: an AdwMessageDialog (transient, modal) with
 * libadwaita < 1.5, an AdwAlertDialog from 1.5 on. */
GtkWidget         *iv_print_present_error              (GtkWindow         *parent,
                                                        const char        *heading,
                                                        const GError      *error);

G_END_DECLS
