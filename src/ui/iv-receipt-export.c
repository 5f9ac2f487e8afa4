/* iv-receipt-export.c: "Save as PDF" for receipts and claim forms through the portal-friendly file chooser */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "iv-print-operation.h"
#include "iv-receipt-export.h"

static GtkFileFilter *
pdf_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_suffix (filter, "pdf");
  return filter;
}

static void
write_chosen_file (GTask *task,
                   GFile *file)
{
  IvReceiptRenderer *renderer = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* A receipt renders in tens of milliseconds: no thread needed. */
  if (!iv_receipt_renderer_write_pdf (renderer, file, g_task_get_cancellable (task), &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_object_ref (file), g_object_unref);
}

#if GTK_CHECK_VERSION (4, 10, 0)

static void
save_dialog_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (source), result, &error);

  if (file == NULL)
    {
      /* GTK reports closing the dialog as DISMISSED: the caller wants CANCELLED. */
      if (g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED) ||
          g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_CANCELLED))
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", error->message);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  write_chosen_file (task, file);
}

static void
ask_for_file (GtkWindow *parent,
              GTask     *task,
              const char *title,
              const char *name)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr(GtkFileFilter) filter = pdf_filter ();
  g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);

  g_list_store_append (filters, filter);
  gtk_file_dialog_set_title (dialog, title);
  gtk_file_dialog_set_initial_name (dialog, name);
  gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  gtk_file_dialog_set_default_filter (dialog, filter);
  gtk_file_dialog_set_modal (dialog, TRUE);
  gtk_file_dialog_save (dialog, parent, g_task_get_cancellable (task),
                        save_dialog_cb, g_object_ref (task));
}

#else /* GTK 4.8: GtkFileChooserNative goes through the portal inside a sandbox */

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     gpointer         user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);

  if (file == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "No file chosen");
      return;
    }

  write_chosen_file (task, file);
}

static void
ask_for_file (GtkWindow  *parent,
              GTask      *task,
              const char *title,
              const char *name)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = pdf_filter ();

  chooser = gtk_file_chooser_native_new (title, parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), g_object_ref (task));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

#endif

void
iv_receipt_export_pdf_async (GtkWindow           *parent,
                             IvReceiptRenderer   *renderer,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  const char *title;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (IV_IS_RECEIPT_RENDERER (renderer));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, iv_receipt_export_pdf_async);
  g_task_set_task_data (task, g_object_ref (renderer), g_object_unref);

  /* Say what is wrong before the user picks a file, not after. */
  if (!iv_receipt_renderer_prepare (renderer, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  name = iv_receipt_renderer_dup_file_name (renderer);
  title = iv_receipt_renderer_get_kind (renderer) == IV_RECEIPT_DOCUMENT_CLAIM_FORM
          ? _("Save Claim Form as PDF")
          : _("Save Receipt as PDF");
  ask_for_file (parent, task, title, name);
}

GFile *
iv_receipt_export_pdf_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == iv_receipt_export_pdf_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GtkWindow) parent = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = iv_receipt_export_pdf_finish (result, &error);

  if (file == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    iv_print_present_error (parent, _("Could Not Save the PDF"), error);
}

void
iv_receipt_export_pdf (GtkWindow         *parent,
                       IvReceiptRenderer *renderer)
{
  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (IV_IS_RECEIPT_RENDERER (renderer));

  iv_receipt_export_pdf_async (parent, renderer, NULL, export_done_cb, g_object_ref (parent));
}
