/* bench-receipt.c: how long receipts take to lay out and write as PDF (prints figures, asserts nothing) */
#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include <glib/gstdio.h>

#include "iv-receipt-renderer.h"

#define RUNS  50
#define BATCH 100

static IvPrintableClaim *
bench_claim (guint n)
{
  IvPrintableClaim *c = iv_printable_claim_new ();
  const char *contract[] = { "技术服务合同-2026-118.pdf", NULL };
  const char *invoice[] = { "增值税专用发票-03345678.pdf", NULL };
  const char *payment[] = { "银行回单-20261015.png", NULL };
  const char *report[] = { "检测报告-SHTC-2026-0931.pdf", "检测报告-附录.pdf", NULL };
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+08:00");

  c->receipt_number = g_strdup_printf ("HZ2026-%08u", 42 + n);
  c->verification_code = g_strdup_printf ("7KQ2M%03u", n % 1000);
  c->verify_url = g_strdup_printf ("https://vouchers.example.cn/api/v1/receipts/verify?code=%s",
                                   c->verification_code);
  c->issued_at = g_date_time_new (tz, 2026, 11, 28, 14, 30, 0);
  c->claim_number = g_strdup_printf ("DF2026-%06u", 317 + n);
  c->status = IV_CLAIM_STATUS_SUBMITTED;
  c->order_number = g_strdup ("DD2026-004211");
  c->contract_no = g_strdup_printf ("HT-2026-%03u", n);
  c->contract_amount_fen = 1543210 + n;
  c->invoice_code = g_strdup ("031002600111");
  c->invoice_number = g_strdup ("03345678");
  c->invoice_date = g_strdup ("2026-10-12");
  c->invoice_amount_fen = 1543210 + n;
  c->invoice_seller = g_strdup ("上海微谱化工技术服务有限公司");
  c->paid_on = g_strdup ("2026-10-15");
  c->requested_subsidy_fen = 1234567 + n;
  c->policy_version = g_strdup ("2026.1");
  iv_printable_claim_add_tier (c, 5000000, 8000);
  iv_printable_claim_add_tier (c, -1, 5000);
  c->reserved_fen = 2000000;
  iv_printable_claim_add_documents (c, "contract", contract);
  iv_printable_claim_add_documents (c, "invoice", invoice);
  iv_printable_claim_add_documents (c, "payment_proof", payment);
  iv_printable_claim_add_documents (c, "service_report", report);
  c->enterprise_name = g_strdup ("上海云帆智能科技有限公司");
  c->credit_code = g_strdup ("91310000MA1FL4WR6Y");
  c->voucher_code = g_strdup ("SH2026-000123");
  c->institution_name = g_strdup ("上海市计量测试技术研究院");
  c->service_title = g_strdup ("电磁兼容（EMC）检测");
  c->printed_at = g_date_time_ref (c->issued_at);

  return c;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
elapsed_ms (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static gsize
one_pdf (guint                  n,
         IvReceiptDocumentKind  kind)
{
  g_autoptr(IvPrintableClaim) claim = bench_claim (n);
  g_autoptr(IvReceiptRenderer) renderer = iv_receipt_renderer_new (claim, kind);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = iv_receipt_renderer_render_pdf (renderer, &error);

  if (pdf == NULL)
    g_error ("rendering failed: %s", error->message);
  return g_bytes_get_size (pdf);
}

static void
bench_one (const char            *what,
           IvReceiptDocumentKind  kind)
{
  double times[RUNS];
  gsize size = 0;

  for (guint i = 0; i < 3; i++)   /* warm the font caches */
    one_pdf (i, kind);

  for (guint i = 0; i < RUNS; i++)
    {
      gint64 start = g_get_monotonic_time ();

      size = one_pdf (i, kind);
      times[i] = elapsed_ms (start);
    }
  qsort (times, RUNS, sizeof (double), compare_doubles);
  g_print ("%-34s median %7.2f ms  min %7.2f  p90 %7.2f  max %7.2f  (%zu bytes)\n",
           what, times[RUNS / 2], times[0], times[RUNS * 9 / 10], times[RUNS - 1], size);
}

static void
bench_batch_one_file (void)
{
  g_autoptr(GPtrArray) renderers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < BATCH; i++)
    {
      g_autoptr(IvPrintableClaim) claim = bench_claim (i);

      g_ptr_array_add (renderers, iv_receipt_renderer_new (claim, IV_RECEIPT_DOCUMENT_RECEIPT));
    }
  pdf = iv_receipt_render_pdf_batch (renderers, &error);
  if (pdf == NULL)
    g_error ("batch failed: %s", error->message);

  g_print ("%-34s total  %7.1f ms  (%.2f ms a receipt, %zu bytes)\n",
           "100 receipts, one 100-page PDF", elapsed_ms (start),
           elapsed_ms (start) / BATCH, g_bytes_get_size (pdf));
}

static void
bench_batch_many_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("iv-bench-receipt-XXXXXX", NULL);
  gint64 start = g_get_monotonic_time ();
  gsize total = 0;

  for (guint i = 0; i < BATCH; i++)
    {
      g_autoptr(IvPrintableClaim) claim = bench_claim (i);
      g_autoptr(IvReceiptRenderer) renderer = iv_receipt_renderer_new (claim, IV_RECEIPT_DOCUMENT_RECEIPT);
      g_autofree char *name = iv_receipt_renderer_dup_file_name (renderer);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;
      GStatBuf st;

      if (!iv_receipt_renderer_write_pdf (renderer, file, NULL, &error))
        g_error ("writing %s failed: %s", path, error->message);
      if (g_stat (path, &st) == 0)
        total += st.st_size;
    }

  g_print ("%-34s total  %7.1f ms  (%.2f ms a receipt, %zu bytes)\n",
           "100 receipts, 100 PDF files", elapsed_ms (start), elapsed_ms (start) / BATCH, total);

  for (guint i = 0; i < BATCH; i++)
    {
      g_autoptr(IvPrintableClaim) claim = bench_claim (i);
      g_autoptr(IvReceiptRenderer) renderer = iv_receipt_renderer_new (claim, IV_RECEIPT_DOCUMENT_RECEIPT);
      g_autofree char *name = iv_receipt_renderer_dup_file_name (renderer);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
bench_preview (void)
{
  g_autoptr(IvPrintableClaim) claim = bench_claim (0);
  double times[RUNS];

  for (guint i = 0; i < RUNS; i++)
    {
      g_autoptr(IvReceiptRenderer) renderer = iv_receipt_renderer_new (claim, IV_RECEIPT_DOCUMENT_RECEIPT);
      gint64 start = g_get_monotonic_time ();
      cairo_surface_t *page = iv_receipt_renderer_render_image (renderer, 0, 96, NULL);

      times[i] = elapsed_ms (start);
      cairo_surface_destroy (page);
    }
  qsort (times, RUNS, sizeof (double), compare_doubles);
  g_print ("%-34s median %7.2f ms  min %7.2f  p90 %7.2f  max %7.2f\n",
           "PNG preview, 96 dpi", times[RUNS / 2], times[0], times[RUNS * 9 / 10], times[RUNS - 1]);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");

  g_print ("bench-receipt: font %s, cairo %s, %d runs\n",
           iv_receipt_font_families (), cairo_version_string (), RUNS);
  bench_one ("one receipt to PDF (goal <= 50 ms)", IV_RECEIPT_DOCUMENT_RECEIPT);
  bench_one ("one claim form to PDF", IV_RECEIPT_DOCUMENT_CLAIM_FORM);
  bench_preview ();
  bench_batch_one_file ();
  bench_batch_many_files ();

  return 0;
}
