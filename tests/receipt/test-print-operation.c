/* test-print-operation.c: printing through the real GtkPrintOperation (exported to PDF) under a display */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "iv-print-operation.h"
#include "receipt-test-util.h"

static char *tmp_dir;

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” not found in:\n%s", needle, haystack);
}

static void
done_cb (GtkPrintOperation       *operation,
         GtkPrintOperationResult  result,
         gpointer                 user_data)
{
  GtkPrintOperationResult *out = user_data;

  *out = result;
}

/* Exports through GTK's own PDF path, as the print dialog's "Print to File" does. */
static GtkPrintOperationResult
export (IvPrintOperation *operation,
        const char       *path,
        GtkWindow        *parent)
{
  GtkPrintOperationResult result = (GtkPrintOperationResult) -1;

  gtk_print_operation_set_export_filename (GTK_PRINT_OPERATION (operation), path);
  g_signal_connect (operation, "done", G_CALLBACK (done_cb), &result);
  iv_print_operation_run_with_action (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, parent);
  while (result == (GtkPrintOperationResult) -1)
    g_main_context_iteration (NULL, TRUE);

  return result;
}

static void
test_export_claim_form (void)
{
  g_autoptr(IvPrintableClaim) claim = sample_receipt_claim ();
  g_autoptr(IvReceiptRenderer) renderer = NULL;
  g_autoptr(IvPrintOperation) operation = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "printed-form.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *info = NULL;
  const char *pdfinfo[] = { "pdfinfo", path, NULL };

  add_many_documents (claim, 12);
  renderer = iv_receipt_renderer_new (claim, IV_RECEIPT_DOCUMENT_CLAIM_FORM);
  operation = iv_print_operation_new (renderer);

  g_assert_cmpint (export (operation, path, NULL), ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_null (iv_print_operation_get_render_error (operation));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  if (skip_without_program ("pdftotext"))
    return;

  info = run_tool (pdfinfo);
  assert_contains (info, "Pages:           3");
  assert_contains (info, "A4");
  text = pdf_to_text (path);
  assert_contains (text, "Innovation Voucher Subsidy Claim Form");
  assert_contains (text, "91310000MA1FL4WR6Y");
  assert_contains (text, "人民币壹万贰仟叁佰肆拾伍元陆角柒分");
  assert_contains (text, "Page 1 of 3");
  assert_contains (text, "Page 3 of 3");
}

static void
test_export_receipt_qr (void)
{
  g_autoptr(IvPrintableClaim) claim = sample_receipt_claim ();
  g_autoptr(IvReceiptRenderer) renderer = iv_receipt_renderer_new (claim, IV_RECEIPT_DOCUMENT_RECEIPT);
  g_autoptr(IvPrintOperation) operation = iv_print_operation_new (renderer);
  g_autofree char *path = g_build_filename (tmp_dir, "printed-receipt.pdf", NULL);
  g_autofree char *prefix = g_build_filename (tmp_dir, "printed-receipt", NULL);
  g_autofree char *png = g_strconcat (prefix, "-1.png", NULL);
  g_autofree char *decoded = NULL;
  const char *pdftoppm[] = { "pdftoppm", "-r", "300", "-png", path, prefix, NULL };
  const char *zbarimg[] = { "zbarimg", "--quiet", "--raw", png, NULL };

  g_assert_cmpint (export (operation, path, NULL), ==, GTK_PRINT_OPERATION_RESULT_APPLY);

  if (skip_without_program ("pdftoppm") || skip_without_program ("zbarimg"))
    return;

  /* what the printer gets still scans */
  g_free (run_tool (pdftoppm));
  decoded = run_tool (zbarimg);
  g_strchomp (decoded);
  g_assert_cmpstr (decoded, ==, SAMPLE_VERIFY_URL);
}

static void
test_settings_remembered (void)
{
  g_autoptr(IvPrintableClaim) claim = sample_receipt_claim ();
  g_autoptr(IvReceiptRenderer) renderer = iv_receipt_renderer_new (claim, IV_RECEIPT_DOCUMENT_RECEIPT);
  g_autoptr(IvPrintOperation) first = iv_print_operation_new (renderer);
  g_autoptr(IvPrintOperation) second = NULL;
  g_autoptr(GtkPrintSettings) settings = gtk_print_settings_new ();
  g_autoptr(GtkPaperSize) a5 = gtk_paper_size_new (GTK_PAPER_NAME_A5);
  g_autofree char *settings_path = iv_print_operation_dup_settings_path ();
  g_autofree char *path = g_build_filename (tmp_dir, "a5.pdf", NULL);
  g_autofree char *info = NULL;
  const char *pdfinfo[] = { "pdfinfo", path, NULL };
  GtkPageSetup *page_setup;
  GtkPrintSettings *loaded;
  GStatBuf st;

  /* inside the test's own config folder, never the user's */
  g_assert_true (g_str_has_prefix (settings_path, tmp_dir));
  g_remove (settings_path);

  /* A fresh start prints on A4. */
  page_setup = gtk_print_operation_get_default_page_setup (GTK_PRINT_OPERATION (first));
  g_assert_cmpstr (gtk_paper_size_get_name (gtk_page_setup_get_paper_size (page_setup)), ==, GTK_PAPER_NAME_A4);

  /* What the user chose in the dialog: two copies on A5 */
  gtk_print_settings_set_n_copies (settings, 2);
  gtk_print_settings_set_paper_size (settings, a5);
  gtk_print_operation_set_print_settings (GTK_PRINT_OPERATION (first), settings);
  g_assert_cmpint (export (first, path, NULL), ==, GTK_PRINT_OPERATION_RESULT_APPLY);

  g_assert_cmpint (g_stat (settings_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  second = iv_print_operation_new (renderer);
  loaded = gtk_print_operation_get_print_settings (GTK_PRINT_OPERATION (second));
  g_assert_nonnull (loaded);
  g_assert_cmpint (gtk_print_settings_get_n_copies (loaded), ==, 2);
  /* the exported file's name is not a preference */
  g_assert_null (gtk_print_settings_get (loaded, GTK_PRINT_SETTINGS_OUTPUT_URI));
  page_setup = gtk_print_operation_get_default_page_setup (GTK_PRINT_OPERATION (second));
  g_assert_cmpstr (gtk_paper_size_get_name (gtk_page_setup_get_paper_size (page_setup)), ==, GTK_PAPER_NAME_A5);

  /* and the A4 layout is scaled onto the A5 sheet */
  g_assert_cmpint (export (second, path, NULL), ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  if (skip_without_program ("pdfinfo"))
    return;
  info = run_tool (pdfinfo);
  assert_contains (info, "Page size:       419.5");   /* A5 */
  {
    g_autofree char *text = pdf_to_text (path);

    assert_contains (text, "HZ2026-00000042");
  }
}

static void
test_error_shown_to_user (void)
{
  g_autoptr(IvPrintableClaim) claim = sample_receipt_claim ();
  g_autoptr(IvReceiptRenderer) renderer = NULL;
  g_autoptr(IvPrintOperation) operation = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "never.pdf", NULL);
  GtkWindow *parent = GTK_WINDOW (adw_window_new ());
  GtkWidget *dialog;
  const GError *error;

  /* A receipt without its verification address cannot be printed. */
  g_clear_pointer (&claim->verify_url, g_free);
  renderer = iv_receipt_renderer_new (claim, IV_RECEIPT_DOCUMENT_RECEIPT);
  operation = iv_print_operation_new (renderer);
  gtk_window_present (parent);

  g_assert_cmpint (export (operation, path, parent), !=, GTK_PRINT_OPERATION_RESULT_APPLY);
  error = iv_print_operation_get_render_error (operation);
  g_assert_error ((GError *) error, IV_RECEIPT_ERROR, IV_RECEIPT_ERROR_INVALID);

  /* The user sees a message dialog over the window, in words, not a log line. */
  dialog = iv_print_operation_get_error_dialog (operation);
  g_assert_nonnull (dialog);
#if ADW_CHECK_VERSION (1, 5, 0)
  g_assert_true (ADW_IS_ALERT_DIALOG (dialog));
  g_assert_true (gtk_widget_get_ancestor (dialog, GTK_TYPE_WINDOW) != NULL);
  g_assert_cmpstr (adw_alert_dialog_get_heading (ADW_ALERT_DIALOG (dialog)), ==, "Could Not Print");
  assert_contains (adw_alert_dialog_get_body (ADW_ALERT_DIALOG (dialog)), "missing information");
  g_assert_true (adw_alert_dialog_has_response (ADW_ALERT_DIALOG (dialog), "close"));
  adw_dialog_force_close (ADW_DIALOG (dialog));
#else
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == parent);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_widget_get_visible (dialog));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Could Not Print");
  assert_contains (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "missing information");
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "close"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  /* closing it is noticed */
  g_assert_null (iv_print_operation_get_error_dialog (operation));
#endif

  gtk_window_destroy (parent);
}

static void
test_error_texts (void)
{
  g_autoptr(GError) invalid = g_error_new (IV_RECEIPT_ERROR, IV_RECEIPT_ERROR_INVALID, "x");
  g_autoptr(GError) write = g_error_new (IV_RECEIPT_ERROR, IV_RECEIPT_ERROR_WRITE, "Permission denied");
  g_autoptr(GError) gtk = g_error_new (GTK_PRINT_ERROR, GTK_PRINT_ERROR_GENERAL, "Printer on fire");
  g_autofree char *a = iv_print_error_to_user_text (invalid);
  g_autofree char *b = iv_print_error_to_user_text (write);
  g_autofree char *c = iv_print_error_to_user_text (gtk);

  /* the developer's message is not shown for our own errors */
  g_assert_null (strstr (a, "x"));
  assert_contains (b, "Permission denied");
  g_assert_cmpstr (c, ==, "Printer on fire");
}

static void
test_needs_display (void)
{
  g_test_skip ("no display: run under xvfb-run (CI does) to print through GtkPrintOperation");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = NULL;
  int ret;

  g_setenv ("LANGUAGE", "C", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  tmp_dir = g_dir_make_tmp ("iv-print-XXXXXX", NULL);
  config = g_build_filename (tmp_dir, "config", NULL);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  /* The file backend is all an export needs; no CUPS round trips. */
  g_setenv ("GTK_PRINT_BACKENDS", "file", TRUE);

  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_add_func ("/receipt/print/needs-display", test_needs_display);
      ret = g_test_run ();
      g_rmdir (tmp_dir);
      g_free (tmp_dir);
      return ret;
    }
  gtk_init ();
  adw_init ();

  g_test_add_func ("/receipt/print/export-claim-form", test_export_claim_form);
  g_test_add_func ("/receipt/print/export-receipt-qr", test_export_receipt_qr);
  g_test_add_func ("/receipt/print/settings-remembered", test_settings_remembered);
  g_test_add_func ("/receipt/print/error-shown-to-user", test_error_shown_to_user);
  g_test_add_func ("/receipt/print/error-texts", test_error_texts);

  ret = g_test_run ();
  g_free (run_tool ((const char *[]) { "rm", "-rf", tmp_dir, NULL }));
  g_free (tmp_dir);
  return ret;
}
