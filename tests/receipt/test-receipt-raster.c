/* test-receipt-raster.c: every page's PDF, rasterised by poppler, shows the same glyphs as the direct cairo rendering
 *
 * cairo's CFF subsetter writes broken charstrings for some glyphs of
 * OpenType/CFF fonts (Noto Sans CJK SC: 如): pdftotext still reads them, but
 * they are blank on paper.  Here each page is rasterised with pdftoppm and
 * compared, cell by cell, with iv_receipt_renderer_render_image () at the
 * same resolution: a cell that has ink in the direct rendering and (almost)
 * none in the PDF is a lost glyph.
 *
 * With IV_RECEIPT_RASTER_EXPECT_LOSS=1 (meson test test-receipt-raster-cff,
 * which also forces IV_RECEIPT_FONT=Noto Sans CJK SC) the same documents
 * must lose ink somewhere: proof that this test catches the cairo bug.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "receipt-test-util.h"

#define RASTER_DPI 100.0
#define CELL       8      /* px: smaller than a 9 pt Han glyph at 100 dpi (12.5 px) */
#define MIN_INK    10.0   /* pixels' worth of black in a direct cell for it to count */

static char *tmp_dir;
static gboolean expect_loss;
static guint total_lost_cells;

typedef struct {
  int width, height;
  guint8 *gray;   /* 0 black … 255 white */
} Gray;

static Gray
to_gray (cairo_surface_t *surface)
{
  Gray g;
  cairo_surface_t *rgb;
  cairo_t *cr;
  const unsigned char *data;
  int stride;

  g.width = cairo_image_surface_get_width (surface);
  g.height = cairo_image_surface_get_height (surface);
  /* over white: the direct rendering is ARGB, the PNG may be too */
  rgb = cairo_image_surface_create (CAIRO_FORMAT_RGB24, g.width, g.height);
  cr = cairo_create (rgb);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_flush (rgb);

  data = cairo_image_surface_get_data (rgb);
  stride = cairo_image_surface_get_stride (rgb);
  g.gray = g_malloc ((gsize) g.width * g.height);
  for (int y = 0; y < g.height; y++)
    for (int x = 0; x < g.width; x++)
      {
        guint32 p = ((const guint32 *) (data + y * stride))[x];
        guint r = (p >> 16) & 0xff, gr = (p >> 8) & 0xff, b = p & 0xff;

        g.gray[y * g.width + x] = (guint8) ((r * 30 + gr * 59 + b * 11) / 100);
      }
  cairo_surface_destroy (rgb);
  return g;
}

/* The ink in a cell, in pixels' worth of black: unlike a count of pixels
 * darker than a threshold, it hardly moves when two rasterisers antialias
 * a thin stroke differently. */
static double
cell_ink (const Gray *g,
          int         x0,
          int         y0)
{
  guint sum = 0;

  for (int y = y0; y < MIN (y0 + CELL, g->height); y++)
    for (int x = x0; x < MIN (x0 + CELL, g->width); x++)
      sum += 255 - g->gray[y * g->width + x];
  return sum / 255.0;
}

/* Cells with ink in @direct of which @pdf keeps less than a third */
static guint
lost_cells (const Gray *direct,
            const Gray *pdf,
            const char *what)
{
  int w = MIN (direct->width, pdf->width);
  int h = MIN (direct->height, pdf->height);
  guint lost = 0, inked = 0;

  for (int y = 0; y + CELL <= h; y += CELL)
    for (int x = 0; x + CELL <= w; x += CELL)
      {
        double d = cell_ink (direct, x, y);
        double p;

        if (d < MIN_INK)
          continue;
        inked++;
        p = cell_ink (pdf, x, y);
        if (p * 3 < d)
          {
            if (lost < 5)
              g_test_message ("%s: ink lost at %.0f,%.0f pt (%.1f of %.1f pixels of ink left)", what,
                              x * 72.0 / RASTER_DPI, y * 72.0 / RASTER_DPI, p, d);
            lost++;
          }
      }
  g_test_message ("%s: %u inked cells, %u lost", what, inked, lost);
  /* a page with text has hundreds of inked cells: an empty comparison proves nothing */
  g_assert_cmpuint (inked, >, 100);
  return lost;
}

static Gray
rasterise_pdf_page (const char *pdf_path,
                    guint       page,
                    const char *keep_as)
{
  g_autofree char *prefix = g_strdup_printf ("%s-p%u", pdf_path, page);
  g_autofree char *png = g_strdup_printf ("%s.png", prefix);
  g_autofree char *first = g_strdup_printf ("%u", page);
  g_autofree char *dpi = g_strdup_printf ("%.0f", RASTER_DPI);
  const char *argv[] = { "pdftoppm", "-r", dpi, "-f", first, "-l", first, "-singlefile",
                         "-png", pdf_path, prefix, NULL };
  cairo_surface_t *image;
  Gray g;

  g_free (run_tool (argv));
  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g = to_gray (image);
  if (keep_as != NULL)
    cairo_surface_write_to_png (image, keep_as);
  cairo_surface_destroy (image);
  g_unlink (png);
  return g;
}

/* Compares every page of @pdf_renderer's PDF with @direct_renderer's
 * direct rendering (normally the same renderer); returns the lost cells. */
static guint
compare_documents (IvReceiptRenderer *pdf_renderer,
                   IvReceiptRenderer *direct_renderer,
                   const char        *name)
{
  g_autofree char *path = write_temp_pdf (pdf_renderer, tmp_dir, name);
  guint n_pages = iv_receipt_renderer_get_n_pages (direct_renderer);
  guint lost = 0;

  g_assert_cmpuint (n_pages, >, 0);
  g_assert_cmpuint (iv_receipt_renderer_get_n_pages (pdf_renderer), ==, n_pages);
  for (guint p = 0; p < n_pages; p++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *what = g_strdup_printf ("%s page %u", name, p + 1);
      cairo_surface_t *surface = iv_receipt_renderer_render_image (direct_renderer, p, RASTER_DPI, &error);
      Gray direct, pdf;

      g_autofree char *keep_direct = g_strdup_printf ("%s/%s-p%u-direct.png", g_get_tmp_dir (), name, p + 1);
      g_autofree char *keep_pdf = g_strdup_printf ("%s/%s-p%u-pdftoppm.png", g_get_tmp_dir (), name, p + 1);
      guint page_lost;

      g_assert_no_error (error);
      direct = to_gray (surface);
      pdf = rasterise_pdf_page (path, p + 1, keep_pdf);
      /* same resolution, give or take the rounding of the last pixel */
      g_assert_cmpint (ABS (direct.width - pdf.width), <=, 1);
      g_assert_cmpint (ABS (direct.height - pdf.height), <=, 1);
      page_lost = lost_cells (&direct, &pdf, what);
      /* both renderings of a page that lost ink stay in the temporary folder */
      if (page_lost > 0 && !expect_loss)
        {
          cairo_surface_write_to_png (surface, keep_direct);
          g_test_message ("compare %s with %s", keep_direct, keep_pdf);
        }
      else
        g_unlink (keep_pdf);
      cairo_surface_destroy (surface);
      lost += page_lost;
      g_free (direct.gray);
      g_free (pdf.gray);
    }
  g_unlink (path);
  return lost;
}

static void
check_document (IvPrintableClaim      *claim,
                IvReceiptDocumentKind  kind,
                const char            *name,
                guint                  expected_pages)
{
  g_autoptr(IvReceiptRenderer) renderer = iv_receipt_renderer_new (claim, kind);
  guint lost;

  if (skip_without_program ("pdftoppm"))
    return;

  if (expected_pages > 0)
    g_assert_cmpuint (iv_receipt_renderer_get_n_pages (renderer), ==, expected_pages);
  lost = compare_documents (renderer, renderer, name);
  total_lost_cells += lost;
  if (!expect_loss && lost > 0)
    g_error ("%s: %u cells of text are blank in the PDF rasterised by pdftoppm "
             "(font %s); see the test messages", name, lost, iv_receipt_font_families ());
}

/* Every distinct Han character of the zh_CN catalogue and the demo catalog,
 * plus 如 (the glyph found missing), in file names of 30 characters. */
static char **
han_file_names (guint *n_chars)
{
  const char *root = g_getenv ("MESON_SOURCE_ROOT");
  const char *sources[] = { "po/zh_CN.po", "service/vs-demo-catalog.c" };
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) chars = g_array_new (FALSE, FALSE, sizeof (gunichar));
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  gunichar ru = g_utf8_get_char ("如");

  g_assert_nonnull (root);
  g_hash_table_add (seen, GUINT_TO_POINTER (ru));
  g_array_append_val (chars, ru);
  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      g_autofree char *path = g_build_filename (root, sources[i], NULL);
      g_autofree char *text = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (g_file_get_contents (path, &text, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_utf8_validate (text, -1, NULL));
      for (const char *p = text; *p; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (g_unichar_get_script (c) == G_UNICODE_SCRIPT_HAN && g_unichar_isdefined (c) &&
              !g_hash_table_contains (seen, GUINT_TO_POINTER (c)))
            {
              g_hash_table_add (seen, GUINT_TO_POINTER (c));
              g_array_append_val (chars, c);
            }
        }
    }

  for (guint i = 0; i < chars->len; i += 30)
    {
      GString *name = g_string_new (NULL);

      for (guint j = i; j < MIN (i + 30, chars->len); j++)
        g_string_append_unichar (name, g_array_index (chars, gunichar, j));
      g_string_append (name, ".pdf");
      g_strv_builder_add (names, name->str);
      g_string_free (name, TRUE);
    }
  *n_chars = chars->len;
  return g_strv_builder_end (names);
}

static void
test_receipt (void)
{
  g_autoptr(IvPrintableClaim) claim = sample_receipt_claim ();

  check_document (claim, IV_RECEIPT_DOCUMENT_RECEIPT, "receipt.pdf", 1);
}

static void
test_claim_form_three_pages (void)
{
  g_autoptr(IvPrintableClaim) claim = sample_receipt_claim ();

  add_many_documents (claim, 12);
  check_document (claim, IV_RECEIPT_DOCUMENT_CLAIM_FORM, "claim-form.pdf", 3);
}

static void
test_drafts (void)
{
  g_autoptr(IvPrintableClaim) claim = sample_draft_claim ();

  check_document (claim, IV_RECEIPT_DOCUMENT_RECEIPT, "draft-receipt.pdf", 1);
  add_many_documents (claim, 12);
  check_document (claim, IV_RECEIPT_DOCUMENT_CLAIM_FORM, "draft-claim-form.pdf", 3);
}

static void
test_han_characters (void)
{
  g_autoptr(IvPrintableClaim) claim = sample_receipt_claim ();
  g_auto(GStrv) names = NULL;
  guint n_chars = 0;

  names = han_file_names (&n_chars);
  g_test_message ("%u distinct Han characters", n_chars);
  /* the catalogue alone has several hundred */
  g_assert_cmpuint (n_chars, >, 300);
  g_free (claim->enterprise_name);
  claim->enterprise_name = g_strdup ("如意科技（上海）有限公司");
  iv_printable_claim_add_documents (claim, "service_report", (const char **) names);

  check_document (claim, IV_RECEIPT_DOCUMENT_RECEIPT, "han-receipt.pdf", 1);
  check_document (claim, IV_RECEIPT_DOCUMENT_CLAIM_FORM, "han-claim-form.pdf", 0);
}

/* The comparison has to be able to fail: a PDF where 如 became an ideographic
 * space (same advance, same layout) against the direct rendering with 如. */
static void
test_missing_glyph_fails (void)
{
  g_autoptr(IvPrintableClaim) claim = sample_receipt_claim ();
  g_autoptr(IvPrintableClaim) blank = sample_receipt_claim ();
  g_autoptr(IvReceiptRenderer) with_glyph = NULL;
  g_autoptr(IvReceiptRenderer) without_glyph = NULL;
  guint lost;

  if (skip_without_program ("pdftoppm") || expect_loss)
    return;

  g_free (claim->enterprise_name);
  claim->enterprise_name = g_strdup ("如意科技（上海）有限公司");
  g_free (blank->enterprise_name);
  blank->enterprise_name = g_strdup ("\u3000意科技（上海）有限公司");
  with_glyph = iv_receipt_renderer_new (claim, IV_RECEIPT_DOCUMENT_RECEIPT);
  without_glyph = iv_receipt_renderer_new (blank, IV_RECEIPT_DOCUMENT_RECEIPT);

  lost = compare_documents (without_glyph, with_glyph, "one-glyph-blank.pdf");
  g_assert_cmpuint (lost, >=, 1);
}

/* With IV_RECEIPT_RASTER_EXPECT_LOSS: the CFF font did lose glyphs above. */
static void
test_cff_loses_glyphs (void)
{
  const char *forced = g_getenv ("IV_RECEIPT_FONT");

  if (forced == NULL || g_strcmp0 (iv_receipt_font_family (), forced) != 0)
    {
      g_test_skip ("the forced font is not installed");
      return;
    }
  if (skip_without_program ("pdftoppm"))
    return;
  g_test_message ("%s, cairo %s: %u cells lost", forced, cairo_version_string (), total_lost_cells);
  if (total_lost_cells == 0)
    g_error ("no glyph of %s was lost in a PDF with cairo %s: its CFF subsetter may be fixed, "
             "see docs/receipt.md (Fonts)", forced, cairo_version_string ());
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  expect_loss = g_strcmp0 (g_getenv ("IV_RECEIPT_RASTER_EXPECT_LOSS"), "1") == 0;
  tmp_dir = g_dir_make_tmp ("iv-receipt-raster-XXXXXX", NULL);
  g_test_message ("font %s, cairo %s", iv_receipt_font_families (), cairo_version_string ());

  g_test_add_func ("/receipt/raster/receipt", test_receipt);
  g_test_add_func ("/receipt/raster/claim-form-three-pages", test_claim_form_three_pages);
  g_test_add_func ("/receipt/raster/drafts", test_drafts);
  g_test_add_func ("/receipt/raster/han-characters", test_han_characters);
  g_test_add_func ("/receipt/raster/missing-glyph-fails", test_missing_glyph_fails);
  if (expect_loss)
    g_test_add_func ("/receipt/raster/cff-loses-glyphs", test_cff_loses_glyphs);

  {
    int ret = g_test_run ();

    g_rmdir (tmp_dir);
    return ret;
  }
}
