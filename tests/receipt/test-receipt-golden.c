/* test-receipt-golden.c: rendered pages compared with committed golden images within a tolerance
 *
 * Regenerate the golden images after an intended layout change with
 *   IV_UPDATE_GOLDEN=1 meson test -C <build> test-receipt-golden
 * and look at them before committing.
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include <fontconfig/fontconfig.h>
#include <pango/pango.h>

#include "receipt-test-util.h"

#define GOLDEN_DPI 60.0

/* With the libraries the golden images were made with, antialiasing noise
 * stays far below these; a changed word or a line moved by a point does not. */
#define MAX_MEAN_ABS_DIFF   0.3    /* per channel, 0–255 */
#define MAX_PIXELS_CHANGED  0.12   /* percent of pixels with a channel off by more than 64 */

/* Another pango/cairo/fontconfig (e.g. Debian 13) may break lines a little
 * differently: then only gross breakage (a blank page, a lost block) fails. */
#define LOOSE_MEAN_ABS_DIFF  4.0
#define LOOSE_PIXELS_CHANGED 5.0

typedef struct {
  double mean_abs_diff;
  double percent_changed;
} ImageDiff;

static gboolean
compare_images (cairo_surface_t *a,
                cairo_surface_t *b,
                ImageDiff       *diff)
{
  int w = cairo_image_surface_get_width (a);
  int h = cairo_image_surface_get_height (a);
  int sa, sb;
  const unsigned char *da, *db;
  guint64 sum = 0, changed = 0;

  if (w != cairo_image_surface_get_width (b) || h != cairo_image_surface_get_height (b))
    return FALSE;

  cairo_surface_flush (a);
  cairo_surface_flush (b);
  da = cairo_image_surface_get_data (a);
  db = cairo_image_surface_get_data (b);
  sa = cairo_image_surface_get_stride (a);
  sb = cairo_image_surface_get_stride (b);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 pa = ((const guint32 *) (da + y * sa))[x];
        guint32 pb = ((const guint32 *) (db + y * sb))[x];
        int worst = 0;

        /* R, G, B; both images are opaque */
        for (int shift = 0; shift <= 16; shift += 8)
          {
            int d = abs ((int) ((pa >> shift) & 0xff) - (int) ((pb >> shift) & 0xff));

            sum += d;
            worst = MAX (worst, d);
          }
        if (worst > 64)
          changed++;
      }

  diff->mean_abs_diff = (double) sum / ((double) w * h * 3);
  diff->percent_changed = 100.0 * changed / ((double) w * h);
  return TRUE;
}

/* Both the page and a PNG read back have to be in the same format to compare. */
static cairo_surface_t *
to_rgb24 (cairo_surface_t *surface)
{
  cairo_surface_t *out = cairo_image_surface_create (CAIRO_FORMAT_RGB24,
                                                     cairo_image_surface_get_width (surface),
                                                     cairo_image_surface_get_height (surface));
  cairo_t *cr = cairo_create (out);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);

  return out;
}

static cairo_surface_t *
render (IvPrintableClaim      *claim,
        IvReceiptDocumentKind  kind)
{
  g_autoptr(IvReceiptRenderer) renderer = iv_receipt_renderer_new (claim, kind);
  g_autoptr(GError) error = NULL;
  cairo_surface_t *page = iv_receipt_renderer_render_image (renderer, 0, GOLDEN_DPI, &error);
  cairo_surface_t *rgb;

  g_assert_no_error (error);
  rgb = to_rgb24 (page);
  cairo_surface_destroy (page);
  return rgb;
}

static char *
library_versions (void)
{
  return g_strdup_printf ("pango %s\ncairo %s\nfontconfig %d\nfont %s\n",
                          pango_version_string (), cairo_version_string (),
                          FcGetVersion (), iv_receipt_font_families ());
}

/* TRUE when the golden images were made with the libraries in use */
static gboolean
same_libraries (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "versions.txt", NULL);
  g_autofree char *recorded = NULL;
  g_autofree char *current = library_versions ();

  if (!g_file_get_contents (path, &recorded, NULL, NULL))
    return FALSE;
  if (g_strcmp0 (recorded, current) != 0)
    {
      g_test_message ("golden images made with:\n%sthis run uses:\n%s", recorded, current);
      return FALSE;
    }
  return TRUE;
}

static void
check_golden (const char      *name,
              cairo_surface_t *rendered)
{
  const char *dir = g_getenv ("IV_RECEIPT_GOLDEN_DIR");
  g_autofree char *path = NULL;
  cairo_surface_t *png, *golden;
  ImageDiff diff = { 0 };
  double max_mean, max_changed;

  g_assert_nonnull (dir);
  path = g_build_filename (dir, name, NULL);

  if (g_strcmp0 (g_getenv ("IV_UPDATE_GOLDEN"), "1") == 0)
    {
      g_autofree char *versions_path = g_build_filename (dir, "versions.txt", NULL);
      g_autofree char *versions = library_versions ();

      g_assert_cmpint (cairo_surface_write_to_png (rendered, path), ==, CAIRO_STATUS_SUCCESS);
      g_assert_true (g_file_set_contents (versions_path, versions, -1, NULL));
      g_test_message ("wrote %s", path);
      return;
    }

  png = cairo_image_surface_create_from_png (path);
  if (cairo_surface_status (png) != CAIRO_STATUS_SUCCESS)
    g_error ("cannot read the golden image %s (%s); create it with IV_UPDATE_GOLDEN=1",
             path, cairo_status_to_string (cairo_surface_status (png)));
  golden = to_rgb24 (png);
  cairo_surface_destroy (png);

  if (same_libraries (dir))
    {
      max_mean = MAX_MEAN_ABS_DIFF;
      max_changed = MAX_PIXELS_CHANGED;
    }
  else
    {
      max_mean = LOOSE_MEAN_ABS_DIFF;
      max_changed = LOOSE_PIXELS_CHANGED;
      g_test_message ("other libraries than the golden images': loose tolerance");
    }

  g_assert_true (compare_images (rendered, golden, &diff));
  g_test_message ("%s: mean abs diff %.3f, %.3f%% pixels changed (limits %.2f, %.2f%%)", name,
                  diff.mean_abs_diff, diff.percent_changed, max_mean, max_changed);
  if (diff.mean_abs_diff >= max_mean || diff.percent_changed >= max_changed)
    {
      g_autofree char *actual = g_build_filename (g_get_tmp_dir (), name, NULL);

      cairo_surface_write_to_png (rendered, actual);
      g_error ("%s differs from the golden image (mean %.3f, %.3f%% changed); "
               "the rendering is in %s", name, diff.mean_abs_diff, diff.percent_changed, actual);
    }
  cairo_surface_destroy (golden);
}

static void
test_receipt_golden (void)
{
  g_autoptr(IvPrintableClaim) claim = sample_receipt_claim ();
  cairo_surface_t *page = render (claim, IV_RECEIPT_DOCUMENT_RECEIPT);

  check_golden ("receipt-page1.png", page);
  cairo_surface_destroy (page);
}

static void
test_claim_form_golden (void)
{
  g_autoptr(IvPrintableClaim) claim = sample_draft_claim ();
  cairo_surface_t *page = render (claim, IV_RECEIPT_DOCUMENT_CLAIM_FORM);

  check_golden ("draft-claim-form-page1.png", page);
  cairo_surface_destroy (page);
}

/* The comparison has to be able to fail: a receipt with other data is not the golden one. */
static void
test_comparison_discriminates (void)
{
  g_autoptr(IvPrintableClaim) claim = sample_receipt_claim ();
  g_autoptr(IvPrintableClaim) other = sample_receipt_claim ();
  cairo_surface_t *a, *b;
  ImageDiff same = { 0 }, changed = { 0 };

  g_free (other->enterprise_name);
  other->enterprise_name = g_strdup ("杭州远景新材料研究有限公司（第二分公司）");
  g_free (other->verify_url);
  other->verify_url = g_strdup ("https://vouchers.example.cn/api/v1/receipts/verify?code=ZZZZ9999");
  other->contract_amount_fen = 99999999;

  a = render (claim, IV_RECEIPT_DOCUMENT_RECEIPT);
  b = render (other, IV_RECEIPT_DOCUMENT_RECEIPT);
  g_assert_true (compare_images (a, a, &same));
  g_assert_cmpfloat (same.mean_abs_diff, ==, 0.0);
  g_assert_true (compare_images (a, b, &changed));
  g_test_message ("other data: mean %.3f, %.3f%% changed", changed.mean_abs_diff, changed.percent_changed);
  g_assert_true (changed.mean_abs_diff >= MAX_MEAN_ABS_DIFF || changed.percent_changed >= MAX_PIXELS_CHANGED);
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/receipt/golden/receipt", test_receipt_golden);
  g_test_add_func ("/receipt/golden/draft-claim-form", test_claim_form_golden);
  g_test_add_func ("/receipt/golden/comparison-discriminates", test_comparison_discriminates);

  return g_test_run ();
}
