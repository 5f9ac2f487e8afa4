/* test-receipt-render.c: receipts and claim forms rendered to PDF and PNG, checked as a reader would see them */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <fontconfig/fontconfig.h>
#include <glib/gstdio.h>

#include "iv-claim.h"
#include "iv-receipt.h"
#include "receipt-test-util.h"

static char *tmp_dir;

static char *
render_to_text (IvPrintableClaim      *claim,
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
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” not found in:\n%s", needle, haystack);
}

static void
test_receipt_fields (void)
{
  g_autoptr(IvPrintableClaim) claim = sample_receipt_claim ();
  g_autofree char *text = NULL;
  guint n_pages = 0;

  if (skip_without_program ("pdftotext"))
    return;

  text = render_to_text (claim, IV_RECEIPT_DOCUMENT_RECEIPT, "receipt.pdf", &n_pages);
  g_assert_cmpuint (n_pages, ==, 1);

  assert_contains (text, "Innovation Voucher Claim Receipt");
  assert_contains (text, "HZ2026-00000042");
  assert_contains (text, "DF2026-000317");
  assert_contains (text, "2026-11-28 14:30");
  assert_contains (text, "上海云帆智能科技有限公司");
  assert_contains (text, "91310000MA1FL4WR6Y");
  assert_contains (text, "SH2026-000123");
  assert_contains (text, "上海市计量测试技术研究院");
  assert_contains (text, "电磁兼容（EMC）检测");
  assert_contains (text, "HT-2026-118");
  assert_contains (text, "03345678");
  assert_contains (text, "¥15,432.10");
  assert_contains (text, "人民币壹万伍仟肆佰叁拾贰元壹角");
  assert_contains (text, "¥12,345.67");
  assert_contains (text, "人民币壹万贰仟叁佰肆拾伍元陆角柒分");
  assert_contains (text, "District review");
  assert_contains (text, "7KQ2M9XD");
  assert_contains (text, SAMPLE_VERIFY_URL);
  assert_contains (text, "Page 1 of 1");
  /* A real receipt is never marked as a draft. */
  g_assert_null (strstr (text, "not an official receipt"));
}

static void
test_receipt_metadata_and_tags (void)
{
  g_autoptr(IvPrintableClaim) claim = sample_receipt_claim ();
  g_autoptr(IvReceiptRenderer) renderer = iv_receipt_renderer_new (claim, IV_RECEIPT_DOCUMENT_RECEIPT);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = iv_receipt_renderer_render_pdf (renderer, &error);
  g_autofree char *path = g_build_filename (tmp_dir, "meta.pdf", NULL);
  g_autofree char *info = NULL;
  const char *pdfinfo[] = { "pdfinfo", "-isodates", path, NULL };
  gsize size;
  const char *data;
  const char *pdfinfo_struct[] = { "pdfinfo", "-struct", path, NULL };
  g_autofree char *structure = NULL;
  const char *tags[] = { "H1", "P", "Table", "TR", "TH", "TD", "Figure" };

  g_assert_no_error (error);
  g_assert_nonnull (pdf);
  data = g_bytes_get_data (pdf, &size);
  g_assert_true (size > 1000 && memcmp (data, "%PDF-", 5) == 0);

  g_assert_true (g_file_set_contents (path, data, size, NULL));

  if (skip_without_program ("pdfinfo"))
    return;

  /* The structure tree as a PDF reader sees it (cairo 1.18 compresses it,
   * so the raw bytes are no help there). */
  structure = run_tool (pdfinfo_struct);
  for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
    {
      g_auto(GStrv) lines = g_strsplit (structure, "\n", -1);
      gboolean found = FALSE;

      g_test_message ("structure element %s", tags[i]);
      for (guint j = 0; lines[j] != NULL && !found; j++)
        {
          const char *t = lines[j] + strspn (lines[j], " ");

          found = g_str_has_prefix (t, tags[i]) &&
                  (t[strlen (tags[i])] == '\0' || t[strlen (tags[i])] == ' ');
        }
      g_assert_true (found);
    }

  info = run_tool (pdfinfo);
  assert_contains (info, "Claim receipt HZ2026-00000042");
  assert_contains (info, "上海云帆智能科技有限公司");
  assert_contains (info, "voucher SH2026-000123");
  assert_contains (info, "Innovation Vouchers");
  assert_contains (info, "2026-11-28T15:00:00+08");
  assert_contains (info, "Tagged:          yes");
  assert_contains (info, "Pages:           1");
  assert_contains (info, "A4");
}

static void
test_claim_form_fields (void)
{
  g_autoptr(IvPrintableClaim) claim = sample_receipt_claim ();
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;
  guint n_pages = 0;

  if (skip_without_program ("pdftotext"))
    return;

  claim->approved_subsidy_fen = 1000000;
  text = render_to_text (claim, IV_RECEIPT_DOCUMENT_CLAIM_FORM, "form.pdf", &n_pages);
  flat = squeeze_spaces (text);

  assert_contains (text, "Innovation Voucher Subsidy Claim Form");
  assert_contains (text, "上海云帆智能科技有限公司");
  assert_contains (text, "91310000MA1FL4WR6Y");
  assert_contains (text, "SH2026-000123");
  assert_contains (text, "DF2026-000317");
  assert_contains (text, "DD2026-004211");
  assert_contains (text, "上海市计量测试技术研究院");
  assert_contains (text, "电磁兼容（EMC）检测");
  assert_contains (text, "HT-2026-118");
  assert_contains (text, "031002600111");
  assert_contains (text, "03345678");
  assert_contains (text, "2026-10-12");
  assert_contains (text, "上海微谱化工技术服务有限公司");
  assert_contains (text, "2026-10-15");
  /* contract and invoice amounts, requested and approved subsidy, both forms */
  assert_contains (text, "¥15,432.10");
  assert_contains (text, "人民币壹万伍仟肆佰叁拾贰元壹角");
  assert_contains (text, "¥12,345.67");
  assert_contains (text, "人民币壹万贰仟叁佰肆拾伍元陆角柒分");
  assert_contains (text, "¥10,000.00");
  assert_contains (text, "人民币壹万元整");
  /* the rule applied */
  assert_contains (flat, "Policy2026.1:first¥50,000.00at80%;therestat50%;cappedatthereservedvoucheramount¥20,000.00");
  /* the checklist, with marks that are text, and every file name */
  assert_contains (text, "✓ Contract: provided, 1 file");
  assert_contains (text, "✓ Service report: provided, 2 files");
  assert_contains (text, "技术服务合同-2026-118.pdf");
  assert_contains (text, "增值税专用发票-03345678.pdf");
  assert_contains (text, "银行回单-20261015.png");
  assert_contains (text, "检测报告-附录.pdf");
  assert_contains (text, "We declare that the information in this form");
  assert_contains (flat, "Legalrepresentative(signature)");
  assert_contains (text, "Company seal");
  assert_contains (text, "Date");
  g_assert_cmpuint (n_pages, >=, 1);
}

static void
test_claim_form_missing_documents (void)
{
  g_autoptr(IvPrintableClaim) claim = sample_receipt_claim ();
  IvPrintableDocuments *payment;
  g_autofree char *text = NULL;

  if (skip_without_program ("pdftotext"))
    return;

  payment = g_ptr_array_index (claim->documents, 2);
  g_strfreev (payment->filenames);
  payment->filenames = g_new0 (char *, 1);

  text = render_to_text (claim, IV_RECEIPT_DOCUMENT_CLAIM_FORM, "missing.pdf", NULL);
  assert_contains (text, "✗ Proof of payment: missing");
  assert_contains (text, "✓ Invoice: provided, 1 file");
}

static void
test_rasterise_every_page (void)
{
  g_autoptr(IvPrintableClaim) claim = sample_receipt_claim ();
  g_autoptr(IvReceiptRenderer) renderer = NULL;
  g_autofree char *path = NULL;
  g_autofree char *prefix = g_build_filename (tmp_dir, "raster", NULL);
  const char *argv[] = { "pdftoppm", "-r", "40", "-png", NULL, NULL, NULL };
  guint n_pages;

  if (skip_without_program ("pdftoppm"))
    return;

  add_many_documents (claim, 6);
  renderer = iv_receipt_renderer_new (claim, IV_RECEIPT_DOCUMENT_CLAIM_FORM);
  n_pages = iv_receipt_renderer_get_n_pages (renderer);
  g_assert_cmpuint (n_pages, >=, 2);
  path = write_temp_pdf (renderer, tmp_dir, "raster.pdf");
  argv[4] = path;
  argv[5] = prefix;
  g_free (run_tool (argv));

  for (guint p = 1; p <= n_pages + 1; p++)
    {
      g_autofree char *png = g_strdup_printf ("%s-%u.png", prefix, p);
      cairo_surface_t *image;
      const unsigned char *data;
      int stride, dark = 0;

      if (p == n_pages + 1)
        {
          /* one PNG per page and no more */
          g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
          break;
        }

      image = cairo_image_surface_create_from_png (png);
      g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
      /* 40 dpi A4 */
      g_assert_cmpint (cairo_image_surface_get_width (image), ==, 331);
      data = cairo_image_surface_get_data (image);
      stride = cairo_image_surface_get_stride (image);
      for (int y = 0; y < cairo_image_surface_get_height (image); y++)
        for (int x = 0; x < cairo_image_surface_get_width (image); x++)
          if ((((const guint32 *) (data + y * stride))[x] & 0xff) < 128)
            dark++;
      /* something is printed on every page */
      g_assert_cmpint (dark, >, 200);
      cairo_surface_destroy (image);
    }
}

static void
test_three_pages_numbered (void)
{
  g_autoptr(IvPrintableClaim) claim = sample_receipt_claim ();
  g_autofree char *text = NULL;
  g_auto(GStrv) pages = NULL;
  guint n_pages = 0;

  if (skip_without_program ("pdftotext"))
    return;

  add_many_documents (claim, 12);
  text = render_to_text (claim, IV_RECEIPT_DOCUMENT_CLAIM_FORM, "three.pdf", &n_pages);
  g_assert_cmpuint (n_pages, ==, 3);

  /* pdftotext ends every page with a form feed */
  pages = g_strsplit (text, "\f", -1);
  g_assert_cmpuint (g_strv_length (pages), >=, 3);
  for (guint p = 0; p < 3; p++)
    {
      g_autofree char *footer = g_strdup_printf ("Page %u of 3", p + 1);

      assert_contains (pages[p], footer);
    }
  /* the data flowed: the last file and the signature boxes are on the last page */
  assert_contains (pages[2], "service_report-补充材料-第12份-盖章扫描件.pdf");
  assert_contains (pages[2], "Company seal");
}

static void
test_draft_marked_on_every_page (void)
{
  g_autoptr(IvPrintableClaim) claim = sample_draft_claim ();
  g_autofree char *receipt_text = NULL;
  g_autofree char *form_text = NULL;
  g_auto(GStrv) pages = NULL;
  guint n_pages = 0;

  if (skip_without_program ("pdftotext"))
    return;

  receipt_text = render_to_text (claim, IV_RECEIPT_DOCUMENT_RECEIPT, "draft.pdf", &n_pages);
  g_assert_cmpuint (n_pages, ==, 1);
  assert_contains (receipt_text, "Queued — not an official receipt");
  assert_contains (receipt_text, "Not issued yet");
  assert_contains (receipt_text, "2026-11-28 15:00");
  /* no verification code, no QR address for a draft */
  g_assert_null (strstr (receipt_text, "7KQ2M9XD"));
  g_assert_null (strstr (receipt_text, "verify?code"));

  add_many_documents (claim, 12);
  form_text = render_to_text (claim, IV_RECEIPT_DOCUMENT_CLAIM_FORM, "draft-form.pdf", &n_pages);
  g_assert_cmpuint (n_pages, ==, 3);
  pages = g_strsplit (form_text, "\f", -1);
  for (guint p = 0; p < n_pages; p++)
    assert_contains (pages[p], "Queued — not an official receipt");
}

static void
assert_text_inside_page (IvReceiptRenderer *renderer)
{
  guint n_pages = iv_receipt_renderer_get_n_pages (renderer);

  g_assert_cmpuint (n_pages, >, 0);
  for (guint p = 0; p < n_pages; p++)
    {
      cairo_rectangle_t r;

      g_assert_true (iv_receipt_renderer_get_text_extents (renderer, p, &r));
      g_test_message ("page %u text extents: x %.1f..%.1f y %.1f..%.1f",
                      p + 1, r.x, r.x + r.width, r.y, r.y + r.height);
      g_assert_cmpfloat (r.x, >=, IV_RECEIPT_MARGIN_X - 1.0);
      g_assert_cmpfloat (r.x + r.width, <=, IV_RECEIPT_PAGE_WIDTH - IV_RECEIPT_MARGIN_X + 1.0);
      g_assert_cmpfloat (r.y, >=, 0);
      g_assert_cmpfloat (r.y + r.height, <=, IV_RECEIPT_PAGE_HEIGHT - 40.0);
    }
}

static void
test_long_names_wrap (void)
{
  g_autoptr(IvPrintableClaim) claim = sample_receipt_claim ();
  g_autoptr(GString) long_name = g_string_new (NULL);
  g_autoptr(IvReceiptRenderer) receipt = NULL;
  g_autoptr(IvReceiptRenderer) form = NULL;
  const char *long_seller = "ShanghaiInternationalAdvancedMaterialsAndIntelligentManufacturing"
                            "TestingCertificationAndTechnologyTransferServiceCentreCoLtd";
  g_autofree char *receipt_path = NULL;
  g_autofree char *form_path = NULL;

  for (guint i = 0; i < 6; i++)
    g_string_append (long_name, "上海市浦东新区张江高科技园区人工智能与集成电路协同创新研究院");
  g_free (claim->enterprise_name);
  claim->enterprise_name = g_strdup (long_name->str);
  g_free (claim->institution_name);
  claim->institution_name = g_strdup (long_name->str);
  g_free (claim->invoice_seller);
  claim->invoice_seller = g_strdup (long_seller);

  receipt = iv_receipt_renderer_new (claim, IV_RECEIPT_DOCUMENT_RECEIPT);
  form = iv_receipt_renderer_new (claim, IV_RECEIPT_DOCUMENT_CLAIM_FORM);
  assert_text_inside_page (receipt);
  assert_text_inside_page (form);

  if (skip_without_program ("pdftotext"))
    return;

  /* still all there, only wrapped */
  receipt_path = write_temp_pdf (receipt, tmp_dir, "long-receipt.pdf");
  form_path = write_temp_pdf (form, tmp_dir, "long-form.pdf");
  {
    g_autofree char *text = pdf_to_text (receipt_path);
    g_autofree char *flat = squeeze_spaces (text);

    assert_contains (flat, long_name->str);
  }
  {
    g_autofree char *text = pdf_to_text (form_path);
    g_autofree char *flat = squeeze_spaces (text);

    assert_contains (flat, long_name->str);
    assert_contains (flat, long_seller);
  }
}

static void
test_optional_fields_missing (void)
{
  g_autoptr(IvPrintableClaim) claim = sample_receipt_claim ();
  g_autofree char *text = NULL;
  g_autofree char *receipt_text = NULL;

  if (skip_without_program ("pdftotext"))
    return;

  /* a 数电票 (no invoice code), a team account (no credit code), nothing decided yet */
  g_clear_pointer (&claim->invoice_code, g_free);
  g_free (claim->invoice_number);
  claim->invoice_number = g_strdup ("26312000000123456789");
  g_clear_pointer (&claim->credit_code, g_free);
  g_clear_pointer (&claim->order_number, g_free);
  g_clear_pointer (&claim->policy_version, g_free);
  g_array_set_size (claim->tiers, 0);
  claim->reserved_fen = -1;
  claim->invoice_amount_fen = -1;
  claim->approved_subsidy_fen = -1;
  g_ptr_array_set_size (claim->documents, 0);

  text = render_to_text (claim, IV_RECEIPT_DOCUMENT_CLAIM_FORM, "optional.pdf", NULL);
  assert_contains (text, "None (fully digital invoice)");
  assert_contains (text, "26312000000123456789");
  assert_contains (text, "¥12,345.67");
  g_assert_null (strstr (text, "Approved subsidy"));
  g_assert_null (strstr (text, "Invoice amount"));

  receipt_text = render_to_text (claim, IV_RECEIPT_DOCUMENT_RECEIPT, "optional-receipt.pdf", NULL);
  assert_contains (receipt_text, "26312000000123456789");
  assert_contains (receipt_text, "HZ2026-00000042");
}

static void
test_qr_decodes (void)
{
  g_autoptr(IvPrintableClaim) claim = sample_receipt_claim ();
  g_autoptr(IvReceiptRenderer) renderer = iv_receipt_renderer_new (claim, IV_RECEIPT_DOCUMENT_RECEIPT);
  g_autoptr(GError) error = NULL;
  g_autofree char *png = g_build_filename (tmp_dir, "qr-300dpi.png", NULL);
  g_autofree char *decoded = NULL;
  const char *argv[] = { "zbarimg", "--quiet", "--raw", png, NULL };
  cairo_surface_t *image;

  if (skip_without_program ("zbarimg"))
    return;

  image = iv_receipt_renderer_render_image (renderer, 0, 300, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 2480);
  g_assert_cmpint (cairo_surface_write_to_png (image, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (image);

  decoded = run_tool (argv);
  g_strchomp (decoded);
  g_assert_cmpstr (decoded, ==, SAMPLE_VERIFY_URL);
}

static void
test_errors (void)
{
  g_autoptr(IvPrintableClaim) claim = sample_receipt_claim ();
  g_autoptr(IvReceiptRenderer) incomplete = NULL;
  g_autoptr(IvReceiptRenderer) renderer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) nowhere = g_file_new_for_path ("/nonexistent-dir/receipt.pdf");
  g_autoptr(GBytes) pdf = NULL;

  /* a real receipt without its verification URL is refused, not printed half */
  g_clear_pointer (&claim->verify_url, g_free);
  incomplete = iv_receipt_renderer_new (claim, IV_RECEIPT_DOCUMENT_RECEIPT);
  pdf = iv_receipt_renderer_render_pdf (incomplete, &error);
  g_assert_null (pdf);
  g_assert_error (error, IV_RECEIPT_ERROR, IV_RECEIPT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "verify_url"));
  g_assert_cmpuint (iv_receipt_renderer_get_n_pages (incomplete), ==, 0);
  g_clear_error (&error);

  /* the same claim still makes a claim form */
  renderer = iv_receipt_renderer_new (claim, IV_RECEIPT_DOCUMENT_CLAIM_FORM);
  g_assert_false (iv_receipt_renderer_write_pdf (renderer, nowhere, NULL, &error));
  g_assert_error (error, IV_RECEIPT_ERROR, IV_RECEIPT_ERROR_WRITE);
  g_clear_error (&error);

  g_assert_null (iv_receipt_renderer_render_image (renderer, 7, 72, &error));
  g_assert_error (error, IV_RECEIPT_ERROR, IV_RECEIPT_ERROR_INVALID);
}

static void
test_font_choice (void)
{
  g_autofree char *fallback = iv_receipt_find_font_family ("No Such Font For Receipts");
  FcPattern *pattern;
  FcObjectSet *os;
  FcFontSet *set;

  g_assert_cmpstr (fallback, !=, "No Such Font For Receipts");
  g_test_message ("font: %s, fallback: %s", iv_receipt_font_family (), fallback);

  /* When some installed font covers Chinese, the fallback is one that does. */
  pattern = FcNameParse ((const FcChar8 *) ":lang=zh-cn");
  os = FcObjectSetBuild (FC_FAMILY, NULL);
  set = FcFontList (NULL, pattern, os);
  if (set != NULL && set->nfont > 0)
    g_assert_cmpstr (fallback, !=, "Sans");
  if (set != NULL)
    FcFontSetDestroy (set);
  FcObjectSetDestroy (os);
  FcPatternDestroy (pattern);

  /* A TrueType-outline zh-cn font wins over OpenType/CFF ones (cairo loses
   * CFF glyphs in PDFs, see test-receipt-raster) whenever one is installed. */
  pattern = FcNameParse ((const FcChar8 *) ":lang=zh-cn:fontformat=TrueType:outline=true");
  os = FcObjectSetBuild (FC_FAMILY, NULL);
  set = FcFontList (NULL, pattern, os);
  if (set != NULL && set->nfont > 0 && g_getenv ("IV_RECEIPT_FONT") == NULL)
    {
      FcPattern *chosen = FcNameParse ((const FcChar8 *) ":fontformat=TrueType:outline=true");
      FcFontSet *chosen_set;

      FcPatternAddString (chosen, FC_FAMILY, (const FcChar8 *) iv_receipt_font_family ());
      chosen_set = FcFontList (NULL, chosen, os);
      g_assert_nonnull (chosen_set);
      g_assert_cmpint (chosen_set->nfont, >, 0);
      g_assert_cmpstr (strstr (iv_receipt_font_families (), iv_receipt_font_family ()), !=, NULL);
      FcFontSetDestroy (chosen_set);
      FcPatternDestroy (chosen);
    }
  if (set != NULL)
    FcFontSetDestroy (set);
  FcObjectSetDestroy (os);
  FcPatternDestroy (pattern);
}

static void
test_batch (void)
{
  g_autoptr(GPtrArray) renderers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "batch.pdf", NULL);
  g_autofree char *info = NULL;
  const char *argv[] = { "pdfinfo", path, NULL };

  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(IvPrintableClaim) claim = sample_receipt_claim ();

      g_free (claim->receipt_number);
      claim->receipt_number = g_strdup_printf ("HZ2026-%08u", 100 + i);
      g_ptr_array_add (renderers, iv_receipt_renderer_new (claim, IV_RECEIPT_DOCUMENT_RECEIPT));
    }

  pdf = iv_receipt_render_pdf_batch (renderers, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), NULL));

  if (skip_without_program ("pdfinfo"))
    return;
  info = run_tool (argv);
  assert_contains (info, "Pages:           20");
}

static void
test_text_and_names (void)
{
  g_autoptr(IvPrintableClaim) claim = sample_receipt_claim ();
  g_autoptr(IvPrintableClaim) draft = sample_draft_claim ();
  g_autoptr(IvReceiptRenderer) receipt = iv_receipt_renderer_new (claim, IV_RECEIPT_DOCUMENT_RECEIPT);
  g_autoptr(IvReceiptRenderer) draft_receipt = iv_receipt_renderer_new (draft, IV_RECEIPT_DOCUMENT_RECEIPT);
  g_autoptr(IvReceiptRenderer) form = iv_receipt_renderer_new (claim, IV_RECEIPT_DOCUMENT_CLAIM_FORM);
  g_autofree char *text = iv_receipt_renderer_get_text (receipt);
  g_autofree char *name = iv_receipt_renderer_dup_file_name (receipt);
  g_autofree char *draft_name = iv_receipt_renderer_dup_file_name (draft_receipt);
  g_autofree char *form_name = iv_receipt_renderer_dup_file_name (form);
  g_autofree char *title = iv_receipt_renderer_dup_title (receipt);
  g_autoptr(IvPrintableClaim) copy = iv_printable_claim_copy (claim);

  /* the accessible text version carries the same fields */
  assert_contains (text, "Receipt number: HZ2026-00000042");
  assert_contains (text, "Verification code: 7KQ2M9XD");
  assert_contains (text, "人民币壹万贰仟叁佰肆拾伍元陆角柒分");
  assert_contains (text, SAMPLE_VERIFY_URL);

  g_assert_cmpstr (name, ==, "receipt-HZ2026-00000042.pdf");
  g_assert_cmpstr (draft_name, ==, "draft-receipt-HT-2026-118.pdf");
  g_assert_cmpstr (form_name, ==, "claim-form-DF2026-000317.pdf");
  g_assert_cmpstr (title, ==, "Claim receipt HZ2026-00000042");

  /* the boxed copy is deep */
  g_assert_cmpstr (copy->verify_url, ==, claim->verify_url);
  g_assert_true (copy->verify_url != claim->verify_url);
  g_assert_cmpuint (copy->documents->len, ==, 4);
  g_assert_cmpuint (copy->tiers->len, ==, 2);

  g_assert_finalize_object (g_steal_pointer (&receipt));
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

/* From the service's JSON (api.md) through the domain models to paper */
static void
test_from_models (void)
{
  g_autoptr(JsonNode) receipt_json = parse_json (
    "{\"number\": \"HZ2026-00000042\", \"claim_id\": \"c-1\", \"claim_number\": \"DF2026-000317\","
    " \"issued_at\": \"2026-11-28T14:30:00+08:00\","
    " \"enterprise\": {\"name\": \"上海云帆智能科技有限公司\", \"credit_code\": \"91310000MA1FL4WR6Y\"},"
    " \"voucher_code\": \"SH2026-000123\", \"institution_name\": \"上海市计量测试技术研究院\","
    " \"service_title\": \"电磁兼容（EMC）检测\", \"contract_no\": \"HT-2026-118\","
    " \"contract_amount_fen\": 1543210, \"invoice_number\": \"03345678\","
    " \"requested_subsidy_fen\": 1234567, \"status\": \"district_review\","
    " \"verification_code\": \"7KQ2M9XD\", \"verify_url\": \"" SAMPLE_VERIFY_URL "\"}");
  g_autoptr(JsonNode) claim_json = parse_json (
    "{\"id\": \"c-1\", \"number\": \"DF2026-000317\", \"version\": 1, \"status\": \"district_review\","
    " \"order_id\": \"o-1\", \"voucher_id\": \"v-1\", \"contract_no\": \"HT-2026-118\","
    " \"contract_amount_fen\": 1543210,"
    " \"invoice\": {\"code\": null, \"number\": \"26312000000123456789\", \"date\": \"2026-10-12\","
    "              \"amount_fen\": 1543210, \"seller_name\": \"上海微谱化工技术服务有限公司\"},"
    " \"paid_on\": \"2026-10-15\","
    " \"documents\": {\"contract\": [\"a-1\"], \"invoice\": [\"a-2\"], \"payment_proof\": [],"
    "                \"service_report\": [\"a-3\", \"a-4\"]},"
    " \"requested_subsidy_fen\": 1234567, \"approved_subsidy_fen\": null,"
    " \"submitted_at\": \"2026-11-28T14:29:12+08:00\", \"history\": []}");
  g_autoptr(GError) error = NULL;
  g_autoptr(IvReceipt) receipt = iv_receipt_new_from_json (receipt_json, &error);
  g_autoptr(IvClaim) claim = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(IvPrintableClaim) printable = NULL;
  g_autoptr(IvPrintableClaim) form_data = NULL;
  g_autoptr(IvReceiptRenderer) renderer = NULL;
  g_autoptr(IvReceiptRenderer) form = NULL;
  g_autofree char *text = NULL;
  g_autofree char *form_text = NULL;

  g_assert_no_error (error);
  claim = iv_claim_new_from_json (claim_json, &error);
  g_assert_no_error (error);
  g_hash_table_insert (names, (gpointer) "a-1", (gpointer) "技术服务合同.pdf");
  g_hash_table_insert (names, (gpointer) "a-3", (gpointer) "检测报告.pdf");

  printable = iv_printable_claim_new_from_receipt (receipt, claim, names);
  g_assert_false (printable->draft);
  g_assert_null (printable->invoice_code);
  g_assert_cmpint (printable->requested_subsidy_fen, ==, 1234567);
  g_assert_cmpint (printable->approved_subsidy_fen, ==, -1);
  renderer = iv_receipt_renderer_new (printable, IV_RECEIPT_DOCUMENT_RECEIPT);
  text = iv_receipt_renderer_get_text (renderer);
  assert_contains (text, "HZ2026-00000042");
  assert_contains (text, "2026-11-28 14:30");
  assert_contains (text, "91310000MA1FL4WR6Y");
  assert_contains (text, "人民币壹万贰仟叁佰肆拾伍元陆角柒分");
  assert_contains (text, SAMPLE_VERIFY_URL);

  form_data = iv_printable_claim_new_from_claim (claim, "上海云帆智能科技有限公司", NULL, "SH2026-000123",
                                                 "上海市计量测试技术研究院", "电磁兼容（EMC）检测", names);
  form = iv_receipt_renderer_new (form_data, IV_RECEIPT_DOCUMENT_CLAIM_FORM);
  form_text = iv_receipt_renderer_get_text (form);
  assert_contains (form_text, "None (fully digital invoice)");
  assert_contains (form_text, "26312000000123456789");
  assert_contains (form_text, "技术服务合同.pdf");
  assert_contains (form_text, "a-2");             /* an attachment without a known name */
  assert_contains (form_text, "检测报告.pdf");
  assert_contains (form_text, "a-4");
  assert_contains (form_text, "✗");               /* no proof of payment */
  assert_contains (form_text, "2026-10-15");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* Labels are checked in English here; test-receipt-zh checks the zh_CN text. */
  g_setenv ("LANGUAGE", "C", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("iv-receipt-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);

  g_test_add_func ("/receipt/receipt/fields", test_receipt_fields);
  g_test_add_func ("/receipt/receipt/metadata-and-tags", test_receipt_metadata_and_tags);
  g_test_add_func ("/receipt/receipt/qr-decodes", test_qr_decodes);
  g_test_add_func ("/receipt/claim-form/fields", test_claim_form_fields);
  g_test_add_func ("/receipt/claim-form/missing-documents", test_claim_form_missing_documents);
  g_test_add_func ("/receipt/claim-form/three-pages-numbered", test_three_pages_numbered);
  g_test_add_func ("/receipt/rasterise-every-page", test_rasterise_every_page);
  g_test_add_func ("/receipt/draft-marked-on-every-page", test_draft_marked_on_every_page);
  g_test_add_func ("/receipt/long-names-wrap", test_long_names_wrap);
  g_test_add_func ("/receipt/optional-fields-missing", test_optional_fields_missing);
  g_test_add_func ("/receipt/errors", test_errors);
  g_test_add_func ("/receipt/font-choice", test_font_choice);
  g_test_add_func ("/receipt/batch", test_batch);
  g_test_add_func ("/receipt/text-and-names", test_text_and_names);
  g_test_add_func ("/receipt/from-models", test_from_models);

  ret = g_test_run ();

  if (ret == 0 && g_getenv ("IV_KEEP_TEST_FILES") == NULL)
    {
      g_autoptr(GFile) dir = g_file_new_for_path (tmp_dir);
      g_autoptr(GFileEnumerator) children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                                                        NULL, NULL);
      GFileInfo *info;

      while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
        {
          g_autoptr(GFile) child = g_file_get_child (dir, g_file_info_get_name (info));

          g_file_delete (child, NULL, NULL);
          g_object_unref (info);
        }
      g_rmdir (tmp_dir);
    }
  g_free (tmp_dir);

  return ret;
}
