/* test-receipt-zh.c: receipts and claim forms printed in zh_CN, as the programme's reviewers read them */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "receipt-test-util.h"

static char *tmp_dir;
static const char *skip_reason;

#define SKIP_WITHOUT_ZH() G_STMT_START { \
  if (skip_reason != NULL) { g_test_skip (skip_reason); return; } \
} G_STMT_END

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” not found in:\n%s", needle, haystack);
}

static char *
render_text (IvPrintableClaim      *claim,
             IvReceiptDocumentKind  kind,
             const char            *name,
             guint                 *n_pages)
{
  g_autoptr(IvReceiptRenderer) renderer = iv_receipt_renderer_new (claim, kind);
  g_autofree char *path = write_temp_pdf (renderer, tmp_dir, name);

  if (n_pages != NULL)
    *n_pages = iv_receipt_renderer_get_n_pages (renderer);
  return pdf_to_text (path);
}

static void
test_receipt_zh (void)
{
  g_autoptr(IvPrintableClaim) claim = sample_receipt_claim ();
  g_autoptr(IvReceiptRenderer) renderer = iv_receipt_renderer_new (claim, IV_RECEIPT_DOCUMENT_RECEIPT);
  g_autofree char *file_name = iv_receipt_renderer_dup_file_name (renderer);
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;

  SKIP_WITHOUT_ZH ();

  g_assert_cmpstr (file_name, ==, "回执-HZ2026-00000042.pdf");

  if (skip_without_program ("pdftotext"))
    return;

  text = render_text (claim, IV_RECEIPT_DOCUMENT_RECEIPT, "receipt-zh.pdf", NULL);
  flat = squeeze_spaces (text);
  assert_contains (text, "科技创新券兑付申请回执");
  assert_contains (text, "回执编号");
  assert_contains (text, "申请单位");
  assert_contains (text, "统一社会信用代码");
  assert_contains (text, "91310000MA1FL4WR6Y");
  assert_contains (text, "2026年11月28日 14:30");
  assert_contains (text, "大写金额");
  assert_contains (text, "人民币壹万贰仟叁佰肆拾伍元陆角柒分");
  assert_contains (text, "¥12,345.67");
  assert_contains (text, "验证码：7KQ2M9XD");
  assert_contains (text, SAMPLE_VERIFY_URL);
  /* pdftotext drops some spaces between Han characters and digits */
  assert_contains (flat, "第1页共1页");
  assert_contains (flat, "本回执仅证明服务平台已收到兑付申请");
  g_assert_null (strstr (text, "非正式回执"));
}

static void
test_claim_form_zh_three_pages (void)
{
  g_autoptr(IvPrintableClaim) claim = sample_receipt_claim ();
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;
  g_auto(GStrv) pages = NULL;
  guint n_pages = 0;

  SKIP_WITHOUT_ZH ();

  if (skip_without_program ("pdftotext"))
    return;

  g_clear_pointer (&claim->invoice_code, g_free);   /* a 数电票 */
  add_many_documents (claim, 12);
  text = render_text (claim, IV_RECEIPT_DOCUMENT_CLAIM_FORM, "form-zh.pdf", &n_pages);
  flat = squeeze_spaces (text);
  g_assert_cmpuint (n_pages, ==, 3);

  pages = g_strsplit (text, "\f", -1);
  for (guint p = 0; p < n_pages; p++)
    {
      g_autofree char *footer = g_strdup_printf ("第%u页共3页", p + 1);
      g_autofree char *page = squeeze_spaces (pages[p]);

      assert_contains (page, footer);
    }

  assert_contains (text, "科技创新券兑付申请表");
  assert_contains (text, "无（数电票）");
  assert_contains (text, "2026年10月12日");
  assert_contains (flat, "政策2026.1：首¥50,000.00按80%；超出部分按50%；以预留券额¥20,000.00为上限");
  assert_contains (text, "已提供 13 个文件");
  assert_contains (flat, "本单位郑重声明");
  assert_contains (text, "法定代表人签字");
  assert_contains (text, "企业盖章");
  assert_contains (text, "日期");
}

static void
test_draft_zh_every_page (void)
{
  g_autoptr(IvPrintableClaim) claim = sample_draft_claim ();
  g_autofree char *receipt_text = NULL;
  g_autofree char *form_text = NULL;
  g_auto(GStrv) pages = NULL;
  guint n_pages = 0;

  SKIP_WITHOUT_ZH ();

  if (skip_without_program ("pdftotext"))
    return;

  receipt_text = render_text (claim, IV_RECEIPT_DOCUMENT_RECEIPT, "draft-zh.pdf", NULL);
  assert_contains (receipt_text, "待提交 — 非正式回执");
  g_assert_cmpstr (C_("receipt", "Queued — not an official receipt"), ==, "待提交 — 非正式回执");
  assert_contains (receipt_text, "尚未出具");

  add_many_documents (claim, 12);
  form_text = render_text (claim, IV_RECEIPT_DOCUMENT_CLAIM_FORM, "draft-form-zh.pdf", &n_pages);
  g_assert_cmpuint (n_pages, ==, 3);
  pages = g_strsplit (form_text, "\f", -1);
  for (guint p = 0; p < n_pages; p++)
    {
      g_autofree char *page = squeeze_spaces (pages[p]);

      assert_contains (page, "待提交—非正式回执");
    }
}

/* Times on a receipt are Beijing time whatever zone they come in: the
 * service's issue time and the machine's print time compare on paper */
static void
test_times_in_beijing_time (void)
{
  g_autoptr(IvPrintableClaim) issued = sample_receipt_claim ();
  g_autoptr(IvPrintableClaim) draft = sample_draft_claim ();
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *issued_text = NULL;
  g_autofree char *draft_text = NULL;

  SKIP_WITHOUT_ZH ();

  if (skip_without_program ("pdftotext"))
    return;

  /* 06:30 UTC is 14:30 in Beijing; 23:10 UTC is 07:10 the next day */
  g_clear_pointer (&issued->issued_at, g_date_time_unref);
  issued->issued_at = g_date_time_new (utc, 2026, 11, 28, 6, 30, 0);
  issued_text = render_text (issued, IV_RECEIPT_DOCUMENT_RECEIPT, "utc-issued-zh.pdf", NULL);
  assert_contains (issued_text, "2026年11月28日 14:30");

  g_clear_pointer (&draft->printed_at, g_date_time_unref);
  draft->printed_at = g_date_time_new (utc, 2026, 11, 28, 23, 10, 0);
  draft_text = render_text (draft, IV_RECEIPT_DOCUMENT_RECEIPT, "utc-draft-zh.pdf", NULL);
  assert_contains (draft_text, "2026年11月29日 07:10");
  g_assert_null (strstr (draft_text, "23:10"));
}

static gboolean
install_catalog (void)
{
  const char *mo = g_getenv ("IV_RECEIPT_TEST_MO");
  g_autofree char *dir = NULL;
  g_autofree char *dest = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  if (mo == NULL || !g_file_get_contents (mo, &contents, &length, NULL))
    return FALSE;

  dir = g_build_filename (tmp_dir, "locale", "zh_CN", "LC_MESSAGES", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  dest = g_build_filename (dir, GETTEXT_PACKAGE ".mo", NULL);
  g_assert_true (g_file_set_contents (dest, contents, length, NULL));

  g_free (dir);
  dir = g_build_filename (tmp_dir, "locale", NULL);
  bindtextdomain (GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  g_setenv ("LC_ALL", "zh_CN.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("iv-receipt-zh-XXXXXX", NULL);
  /* The catalogue is built by meson: its absence is a failure, a missing locale is not. */
  if (!install_catalog ())
    g_error ("IV_RECEIPT_TEST_MO does not name a compiled catalogue");
  if (setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
    skip_reason = "the zh_CN.UTF-8 locale is not generated (locale-gen zh_CN.UTF-8)";

  g_test_add_func ("/receipt/zh/receipt", test_receipt_zh);
  g_test_add_func ("/receipt/zh/claim-form-three-pages", test_claim_form_zh_three_pages);
  g_test_add_func ("/receipt/zh/draft-every-page", test_draft_zh_every_page);
  g_test_add_func ("/receipt/zh/times-in-beijing-time", test_times_in_beijing_time);

  {
    int ret = g_test_run ();

    g_free (run_tool ((const char *[]) { "rm", "-rf", tmp_dir, NULL }));
    return ret;
  }
}
