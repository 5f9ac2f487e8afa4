/* iv-receipt-export.h: "Save as PDF" for receipts and claim forms through the portal-friendly file chooser */
#pragma once

#include <adwaita.h>

#include "iv-receipt-renderer.h"

G_BEGIN_DECLS

/* Asks where to save (GtkFileDialog on GTK ≥ 4.10, GtkFileChooserNative
 * before), then writes the PDF there.  Finishes with the file written, or
 * an error (G_IO_ERROR_CANCELLED when the user closed the chooser). */
void     iv_receipt_export_pdf_async  (GtkWindow           *parent,
                                       IvReceiptRenderer   *renderer,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
GFile   *iv_receipt_export_pdf_finish (GAsyncResult        *result,
                                       GError             **error);

/* Fire and forget: a failure is shown in a dialog over @parent, a
 * cancellation is silent. */
void     iv_receipt_export_pdf        (GtkWindow           *parent,
                                       IvReceiptRenderer   *renderer);

G_END_DECLS
