/* receipt-test-util.c: sample printable claims and helpers shared by the receipt tests */
#include "config.h"

#include <string.h>

#include "receipt-test-util.h"

IvPrintableClaim *
sample_receipt_claim (void)
{
  IvPrintableClaim *c = iv_printable_claim_new ();
  const char *contract[] = { "技术服务合同-2026-118.pdf", NULL };
  const char *invoice[] = { "增值税专用发票-03345678.pdf", NULL };
  const char *payment[] = { "银行回单-20261015.png", NULL };
  const char *report[] = { "检测报告-SHTC-2026-0931.pdf", "检测报告-附录.pdf", NULL };
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+08:00");

  c->receipt_number = g_strdup ("HZ2026-00000042");
  c->verification_code = g_strdup ("7KQ2M9XD");
  c->verify_url = g_strdup (SAMPLE_VERIFY_URL);
  c->issued_at = g_date_time_new (tz, 2026, 11, 28, 14, 30, 0);
  c->claim_number = g_strdup ("DF2026-000317");
  c->status = IV_CLAIM_STATUS_DISTRICT_REVIEW;
  c->submitted_at = g_date_time_new (tz, 2026, 11, 28, 14, 29, 12);
  c->order_number = g_strdup ("DD2026-004211");
  c->contract_no = g_strdup ("HT-2026-118");
  c->contract_amount_fen = 1543210;           /* ¥15,432.10 */
  c->invoice_code = g_strdup ("031002600111");
  c->invoice_number = g_strdup ("03345678");
  c->invoice_date = g_strdup ("2026-10-12");
  c->invoice_amount_fen = 1543210;
  c->invoice_seller = g_strdup ("上海微谱化工技术服务有限公司");
  c->paid_on = g_strdup ("2026-10-15");
  c->requested_subsidy_fen = 1234567;         /* ¥12,345.67 */
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
  c->printed_at = g_date_time_new (tz, 2026, 11, 28, 15, 0, 0);

  return c;
}

IvPrintableClaim *
sample_draft_claim (void)
{
  IvPrintableClaim *c = sample_receipt_claim ();

  c->draft = TRUE;
  g_clear_pointer (&c->receipt_number, g_free);
  g_clear_pointer (&c->verification_code, g_free);
  g_clear_pointer (&c->verify_url, g_free);
  g_clear_pointer (&c->issued_at, g_date_time_unref);
  g_clear_pointer (&c->claim_number, g_free);
  g_clear_pointer (&c->submitted_at, g_date_time_unref);

  return c;
}

void
add_many_documents (IvPrintableClaim *claim,
                    guint             n_files)
{
  for (guint i = 0; i < claim->documents->len; i++)
    {
      IvPrintableDocuments *docs = g_ptr_array_index (claim->documents, i);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      g_strv_builder_addv (builder, (const char **) docs->filenames);
      for (guint f = 0; f < n_files; f++)
        {
          g_autofree char *name = g_strdup_printf ("%s-补充材料-第%02u份-盖章扫描件.pdf", docs->kind, f + 1);
          g_strv_builder_add (builder, name);
        }
      g_strfreev (docs->filenames);
      docs->filenames = g_strv_builder_end (builder);
    }
}

char *
run_tool (const char * const *argv)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s\n%s", argv[0], error->message, err);

  return g_steal_pointer (&out);
}

char *
pdf_to_text (const char *pdf_path)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", pdf_path, "-", NULL };

  return run_tool (argv);
}

char *
write_temp_pdf (IvReceiptRenderer *renderer,
                const char        *dir,
                const char        *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (iv_receipt_renderer_write_pdf (renderer, file, NULL, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&path);
}

char *
squeeze_spaces (const char *text)
{
  GString *s = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (s, *p);

  return g_string_free (s, FALSE);
}

gboolean
skip_without_program (const char *program)
{
  g_autofree char *path = g_find_program_in_path (program);

  if (path != NULL)
    return FALSE;

  {
    g_autofree char *message = g_strdup_printf ("%s is not installed", program);
    g_test_skip (message);
  }
  return TRUE;
}
