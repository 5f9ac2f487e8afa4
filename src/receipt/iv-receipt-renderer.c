/* iv-receipt-renderer.c: receipt and claim-form layout with pango, drawn on any cairo_t */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>

#include <glib/gi18n-lib.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include "iv-money.h"
#include "iv-status.h"
#include "iv-receipt-renderer.h"

#define PAGE_W        IV_RECEIPT_PAGE_WIDTH
#define PAGE_H        IV_RECEIPT_PAGE_HEIGHT
#define MARGIN_X      IV_RECEIPT_MARGIN_X
#define MARGIN_TOP    56.0
#define MARGIN_BOTTOM 72.0
#define CONTENT_W     (PAGE_W - 2 * MARGIN_X)
#define BANNER_Y      22.0
#define FOOTER_Y      (PAGE_H - 48.0)

#define FIELD_LABEL_W 150.0
#define FIELD_GAP     10.0
#define CELL_PAD      5.0
#define QR_SIZE       124.0  /* the whole symbol, quiet zone included */
#define QR_QUIET      4      /* modules of white border the standard asks for */
#define SIGN_BOX_H    110.0

#define SIZE_TITLE    19.0
#define SIZE_HEADING  12.5
#define WATERMARK_MAX_W 560.0  /* along the diagonal: stays inside A4 once rotated */
#define SIZE_BODY     10.0
#define SIZE_SMALL    8.5

typedef enum {
  BLOCK_TITLE,
  BLOCK_HEADING,
  BLOCK_PARAGRAPH,
  BLOCK_FIELD,
  BLOCK_TABLE,
  BLOCK_QR,
  BLOCK_ITEM,        /* a checklist line or a file name */
  BLOCK_SIGNATURES,
} BlockKind;

typedef struct {
  BlockKind    kind;
  const char  *tag;          /* PDF structure tag of the block */
  double       indent;
  double       height;
  double       space_after;
  gboolean     keep_with_next;
  guint        page;
  double       y;
  PangoLayout *text;         /* the text; a field's value; the QR block's side text */
  PangoLayout *label;        /* a field's label; the QR caption */
  double       label_dy;     /* a field's label and value, moved so their baselines meet */
  double       text_dy;
  GPtrArray   *cells;        /* a table's cells row by row; the signature labels */
  guint        n_cols;
  GArray      *row_heights;  /* double, per table row */
} Block;

struct _IvReceiptRenderer
{
  GObject                parent_instance;

  IvPrintableClaim      *claim;
  IvReceiptDocumentKind  kind;

  gboolean               prepared;
  GError                *prepare_error;
  PangoContext          *context;
  PangoLayout           *draft_banner;
  PangoLayout           *draft_watermark; /* the same words, large and diagonal */
  GPtrArray             *blocks;        /* of Block */
  QRcode                *qr;
  guint                  n_pages;
  double                 content_top;
};

G_DEFINE_FINAL_TYPE (IvReceiptRenderer, iv_receipt_renderer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLAIM,
  PROP_KIND,
  PROP_N_PAGES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Fonts
 *
 * Han text prefers a CJK font with TrueType outlines.  cairo's CFF
 * subsetter (1.16 on Debian 12, still 1.18 on Debian 13) writes broken
 * charstrings for some glyphs of OpenType/CFF fonts such as Noto Sans CJK
 * SC: the 如 of the claim form's declaration is blank in pdftoppm and
 * Ghostscript although pdftotext reads it.  TrueType outlines are embedded
 * as "CID TrueType" and print correctly.  Printing goes through cairo's
 * PDF/PS backends too, so every output uses the same font.
 */

/* Known good TrueType-outline families covering zh-cn, best first */
static const char *const truetype_cjk[] = { "WenQuanYi Micro Hei", "Droid Sans Fallback" };

static gboolean
family_covers_zh (FcPattern *pattern)
{
  FcLangSet *langs = NULL;

  if (FcPatternGetLangSet (pattern, FC_LANG, 0, &langs) != FcResultMatch)
    return FALSE;

  return FcLangSetHasLang (langs, (const FcChar8 *) "zh-cn") == FcLangEqual;
}

/* TRUE for scalable glyphs in a "TrueType" container; "CFF" (OpenType/CFF)
 * is what cairo subsets badly. */
static gboolean
pattern_is_truetype (FcPattern *pattern)
{
  FcChar8 *format = NULL;
  FcBool outline = FcFalse;

  return FcPatternGetString (pattern, FC_FONTFORMAT, 0, &format) == FcResultMatch &&
         g_strcmp0 ((const char *) format, "TrueType") == 0 &&
         FcPatternGetBool (pattern, FC_OUTLINE, 0, &outline) == FcResultMatch && outline;
}

static gboolean
family_is_installed (const char *family)
{
  FcPattern *pattern = FcPatternCreate ();
  FcObjectSet *os = FcObjectSetBuild (FC_FAMILY, NULL);
  FcFontSet *set;
  gboolean found;

  FcPatternAddString (pattern, FC_FAMILY, (const FcChar8 *) family);
  set = FcFontList (NULL, pattern, os);
  found = set != NULL && set->nfont > 0;
  if (set != NULL)
    FcFontSetDestroy (set);
  FcObjectSetDestroy (os);
  FcPatternDestroy (pattern);

  return found;
}

/* TRUE when a face of @family has TrueType outlines */
static gboolean
family_is_truetype (const char *family)
{
  FcPattern *pattern = FcPatternCreate ();
  FcObjectSet *os = FcObjectSetBuild (FC_FONTFORMAT, FC_OUTLINE, NULL);
  FcFontSet *set;
  gboolean truetype = FALSE;

  FcPatternAddString (pattern, FC_FAMILY, (const FcChar8 *) family);
  set = FcFontList (NULL, pattern, os);
  for (int i = 0; set != NULL && i < set->nfont && !truetype; i++)
    truetype = pattern_is_truetype (set->fonts[i]);
  if (set != NULL)
    FcFontSetDestroy (set);
  FcObjectSetDestroy (os);
  FcPatternDestroy (pattern);

  return truetype;
}

/* Fontconfig's zh-cn sans-serif candidates, best first; with @truetype_only
 * the first TrueType one, otherwise the first one at all. */
static char *
best_zh_family (gboolean truetype_only)
{
  FcPattern *pattern = FcPatternCreate ();
  FcFontSet *set;
  FcResult result;
  char *found = NULL;

  FcPatternAddString (pattern, FC_LANG, (const FcChar8 *) "zh-cn");
  FcPatternAddString (pattern, FC_FAMILY, (const FcChar8 *) "sans-serif");
  FcConfigSubstitute (NULL, pattern, FcMatchPattern);
  FcDefaultSubstitute (pattern);
  set = FcFontSort (NULL, pattern, FcFalse, NULL, &result);
  for (int i = 0; set != NULL && i < set->nfont && found == NULL; i++)
    {
      FcPattern *font = set->fonts[i];
      FcChar8 *family = NULL;

      if (!family_covers_zh (font) || (truetype_only && !pattern_is_truetype (font)))
        continue;
      if (FcPatternGetString (font, FC_FAMILY, 0, &family) == FcResultMatch)
        found = g_strdup ((const char *) family);
    }
  if (set != NULL)
    FcFontSetDestroy (set);
  FcPatternDestroy (pattern);

  return found;
}

char *
iv_receipt_find_font_family (const char *preferred)
{
  g_autofree char *found = NULL;

  if (!FcInit ())
    return g_strdup ("Sans");

  if (preferred != NULL && family_is_installed (preferred))
    return g_strdup (preferred);

  for (guint i = 0; i < G_N_ELEMENTS (truetype_cjk) && found == NULL; i++)
    if (family_is_installed (truetype_cjk[i]))
      found = g_strdup (truetype_cjk[i]);

  if (found == NULL)
    found = best_zh_family (TRUE);
  /* Only CFF fonts left: Noto Sans CJK SC (may lose a glyph in PDF), else any. */
  if (found == NULL && family_is_installed ("Noto Sans CJK SC"))
    found = g_strdup ("Noto Sans CJK SC");
  if (found == NULL)
    found = best_zh_family (FALSE);
  if (found == NULL)
    found = g_strdup ("Sans");

  return g_steal_pointer (&found);
}

const char *
iv_receipt_font_family (void)
{
  static gsize once = 0;
  static char *family = NULL;

  if (g_once_init_enter (&once))
    {
      /* IV_RECEIPT_FONT forces a family, e.g. to test another font. */
      const char *forced = g_getenv ("IV_RECEIPT_FONT");

      family = iv_receipt_find_font_family (forced != NULL && *forced != '\0' ? forced : NULL);
      g_once_init_leave (&once, 1);
    }

  return family;
}

const char *
iv_receipt_font_families (void)
{
  static gsize once = 0;
  static char *families = NULL;

  if (g_once_init_enter (&once))
    {
      /* Latin text from a Latin font first, but only in front of a CFF
       * font: cairo embeds almost the whole Noto Sans CJK (~900 KB) once
       * Latin and Han glyphs of it share a PDF subset; with a Latin
       * companion a receipt is ~100 KB.  A TrueType CJK font's subsets stay
       * small on their own (WenQuanYi Micro Hei: 40 KB a receipt, 49 KB
       * with the companion), so it draws Latin text too. */
      const char *latin[] = { "Noto Sans", "DejaVu Sans", "Liberation Sans" };
      const char *companion = NULL;

      if (!family_is_truetype (iv_receipt_font_family ()))
        for (guint i = 0; i < G_N_ELEMENTS (latin) && companion == NULL; i++)
          if (family_is_installed (latin[i]))
            companion = latin[i];

      families = companion != NULL
                 ? g_strdup_printf ("%s, %s", companion, iv_receipt_font_family ())
                 : g_strdup (iv_receipt_font_family ());
      g_once_init_leave (&once, 1);
    }

  return families;
}

/* Text helpers */

static char *
format_money (gint64 fen)
{
  return iv_money_format (fen);
}

static char *
format_ratio (gint ratio_bp)
{
  /* 8000 → "80%", 6250 → "62.5%"; basis points are exact integers */
  if (ratio_bp % 100 == 0)
    return g_strdup_printf ("%d%%", ratio_bp / 100);
  if (ratio_bp % 10 == 0)
    return g_strdup_printf ("%d.%d%%", ratio_bp / 100, (ratio_bp % 100) / 10);
  return g_strdup_printf ("%d.%02d%%", ratio_bp / 100, ratio_bp % 100);
}

static char *
format_date_time (GDateTime *dt)
{
  g_autoptr(GTimeZone) china = NULL;
  g_autoptr(GDateTime) in_china = NULL;

  if (dt == NULL)
    return g_strdup ("—");

  /* A receipt is read in China whatever the printing machine's zone: every
   * time on it (issued by the service, printed here) is Beijing time, UTC+8,
   * so a draft's print time and the real receipt's issue time compare */
  china = g_time_zone_new_offset (8 * 3600);
  in_china = g_date_time_to_timezone (dt, china);

  /* TRANSLATORS: a date and time on a receipt, g_date_time_format() syntax;
   * zh_CN: "%Y年%-m月%-d日 %H:%M" */
  /* xgettext:no-c-format */
  return g_date_time_format (in_china != NULL ? in_china : dt, _("%Y-%m-%d %H:%M"));
}

static char *
format_iso_date (const char *iso)
{
  int y, m, d;
  g_autoptr(GDateTime) dt = NULL;

  if (iso == NULL || *iso == '\0')
    return g_strdup ("—");

  if (sscanf (iso, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
      (dt = g_date_time_new_utc (y, m, d, 0, 0, 0)) == NULL)
    return g_strdup (iso);   /* print what we were given rather than nothing */

  /* TRANSLATORS: a date on a receipt, g_date_time_format() syntax;
   * zh_CN: "%Y年%-m月%-d日" */
  /* xgettext:no-c-format */
  return g_date_time_format (dt, _("%Y-%m-%d"));
}

static const char *
or_dash (const char *s)
{
  return s != NULL && *s != '\0' ? s : "—";
}

/* Layout pass */

static void
block_free (gpointer data)
{
  Block *block = data;

  g_clear_object (&block->text);
  g_clear_object (&block->label);
  g_clear_pointer (&block->cells, g_ptr_array_unref);
  g_clear_pointer (&block->row_heights, g_array_unref);
  g_free (block);
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

static PangoLayout *
make_layout (IvReceiptRenderer *self,
             const char        *text,
             double             size,
             gboolean           bold,
             double             width,
             PangoAlignment     alignment)
{
  PangoLayout *layout = pango_layout_new (self->context);
  g_autoptr(PangoFontDescription) desc = pango_font_description_new ();

  pango_font_description_set_family (desc, iv_receipt_font_families ());
  pango_font_description_set_size (desc, (int) (size * PANGO_SCALE));
  pango_font_description_set_weight (desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, desc);
  /* Long names must wrap inside the column even without spaces (Chinese, URLs). */
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_text (layout, text, -1);

  return layout;
}

static Block *
add_block (IvReceiptRenderer *self,
           BlockKind          kind,
           const char        *tag)
{
  Block *block = g_new0 (Block, 1);

  block->kind = kind;
  block->tag = tag;
  block->space_after = 4.0;
  g_ptr_array_add (self->blocks, block);

  return block;
}

static void
add_title (IvReceiptRenderer *self,
           const char        *text)
{
  Block *block = add_block (self, BLOCK_TITLE, "H1");

  block->text = make_layout (self, text, SIZE_TITLE, TRUE, CONTENT_W, PANGO_ALIGN_CENTER);
  block->height = layout_height (block->text);
  block->space_after = 6.0;
}

static void
add_heading (IvReceiptRenderer *self,
             const char        *text)
{
  Block *block = add_block (self, BLOCK_HEADING, "H2");

  block->text = make_layout (self, text, SIZE_HEADING, TRUE, CONTENT_W, PANGO_ALIGN_LEFT);
  block->height = layout_height (block->text) + 8.0;   /* room above the heading */
  block->space_after = 4.0;
  block->keep_with_next = TRUE;
}

static void
add_paragraph (IvReceiptRenderer *self,
               const char        *text,
               double             size,
               PangoAlignment     alignment)
{
  Block *block = add_block (self, BLOCK_PARAGRAPH, "P");

  block->text = make_layout (self, text, size, FALSE, CONTENT_W, alignment);
  pango_layout_set_spacing (block->text, (int) (size * 0.3 * PANGO_SCALE));
  block->height = layout_height (block->text);
  block->space_after = 8.0;
}

static void
add_field (IvReceiptRenderer *self,
           const char        *label,
           const char        *value)
{
  Block *block = add_block (self, BLOCK_FIELD, "P");
  double baseline_gap;

  block->label = make_layout (self, label, SIZE_BODY, TRUE, FIELD_LABEL_W, PANGO_ALIGN_LEFT);
  block->text = make_layout (self, or_dash (value), SIZE_BODY, FALSE,
                             CONTENT_W - FIELD_LABEL_W - FIELD_GAP, PANGO_ALIGN_LEFT);
  /* Latin and Han fonts have different ascents: align the first baselines. */
  baseline_gap = (double) (pango_layout_get_baseline (block->label) -
                           pango_layout_get_baseline (block->text)) / PANGO_SCALE;
  block->label_dy = 3.0 + MAX (0.0, -baseline_gap);
  block->text_dy = 3.0 + MAX (0.0, baseline_gap);
  block->height = MAX (block->label_dy + layout_height (block->label),
                       block->text_dy + layout_height (block->text)) + 3.0;
  block->space_after = 0.0;
}

static void
add_item (IvReceiptRenderer *self,
          const char        *text,
          double             indent,
          gboolean           bold)
{
  Block *block = add_block (self, BLOCK_ITEM, "P");

  block->indent = indent;
  block->text = make_layout (self, text, SIZE_BODY, bold, CONTENT_W - indent, PANGO_ALIGN_LEFT);
  block->height = layout_height (block->text) + 3.0;
  block->space_after = 0.0;
}

static void
end_section (IvReceiptRenderer *self)
{
  Block *last = g_ptr_array_index (self->blocks, self->blocks->len - 1);

  last->space_after = MAX (last->space_after, 8.0);
}

/* A table of amounts: a header row, then (label, figures, words) rows. */
static const double table_widths[] = { 130.0, 110.0, CONTENT_W - 240.0 };

static Block *
begin_amount_table (IvReceiptRenderer *self)
{
  Block *block = add_block (self, BLOCK_TABLE, "Table");
  const char *headers[] = {
    C_("amounts table", "Item"),
    C_("amounts table", "In figures"),
    C_("amounts table", "In words"),
  };

  block->n_cols = 3;
  block->cells = g_ptr_array_new_with_free_func (g_object_unref);
  block->row_heights = g_array_new (FALSE, TRUE, sizeof (double));
  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (block->cells, make_layout (self, headers[i], SIZE_BODY, TRUE,
                                                table_widths[i] - 2 * CELL_PAD, PANGO_ALIGN_LEFT));
  block->space_after = 10.0;

  return block;
}

static gboolean
add_amount_row (IvReceiptRenderer  *self,
                Block              *table,
                const char         *label,
                gint64              fen,
                GError            **error)
{
  g_autofree char *figures = format_money (fen);
  g_autofree char *words = iv_money_format_uppercase (fen, error);

  if (words == NULL)
    return FALSE;

  g_ptr_array_add (table->cells, make_layout (self, label, SIZE_BODY, FALSE,
                                              table_widths[0] - 2 * CELL_PAD, PANGO_ALIGN_LEFT));
  g_ptr_array_add (table->cells, make_layout (self, figures, SIZE_BODY, FALSE,
                                              table_widths[1] - 2 * CELL_PAD, PANGO_ALIGN_RIGHT));
  g_ptr_array_add (table->cells, make_layout (self, words, SIZE_BODY, FALSE,
                                              table_widths[2] - 2 * CELL_PAD, PANGO_ALIGN_LEFT));
  return TRUE;
}

static void
end_amount_table (Block *table)
{
  guint n_rows = table->cells->len / table->n_cols;

  table->height = 0;
  for (guint r = 0; r < n_rows; r++)
    {
      double h = 0;

      for (guint c = 0; c < table->n_cols; c++)
        h = MAX (h, layout_height (g_ptr_array_index (table->cells, r * table->n_cols + c)));
      h += 2 * CELL_PAD;
      g_array_append_val (table->row_heights, h);
      table->height += h;
    }
}

static gboolean
add_qr (IvReceiptRenderer  *self,
        GError            **error)
{
  const IvPrintableClaim *claim = self->claim;
  Block *block;
  g_autofree char *side = NULL;
  g_autofree char *code_line = NULL;
  double side_w = CONTENT_W - QR_SIZE - 16.0;

  self->qr = QRcode_encodeString (claim->verify_url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (self->qr == NULL)
    {
      g_set_error (error, IV_RECEIPT_ERROR, IV_RECEIPT_ERROR_QR,
                   "libqrencode cannot encode the verification URL (%s)", g_strerror (errno));
      return FALSE;
    }

  block = add_block (self, BLOCK_QR, "Figure");
  /* TRANSLATORS: %s is the 8-character verification code */
  code_line = g_strdup_printf (_("Verification code: %s"), claim->verification_code);
  side = g_strdup_printf ("%s\n%s\n%s",
                          code_line,
                          C_("receipt", "Scan the QR code or open this address to check that the receipt is genuine:"),
                          claim->verify_url);
  block->text = make_layout (self, side, SIZE_BODY, FALSE, side_w, PANGO_ALIGN_LEFT);
  pango_layout_set_spacing (block->text, (int) (3 * PANGO_SCALE));
  /* cairo 1.16 writes no /Alt for a Figure, so the figure carries its alternative text as a caption. */
  block->label = make_layout (self, C_("receipt", "QR code of the verification address"), SIZE_SMALL, FALSE,
                              QR_SIZE, PANGO_ALIGN_CENTER);
  block->height = MAX (QR_SIZE + layout_height (block->label) + 2.0, layout_height (block->text));
  block->space_after = 10.0;

  return TRUE;
}

static void
add_signatures (IvReceiptRenderer *self)
{
  Block *block = add_block (self, BLOCK_SIGNATURES, "P");
  const char *labels[] = {
    C_("receipt", "Legal representative (signature)"),
    C_("receipt", "Company seal"),
    C_("receipt", "Date"),
  };
  double box_w = (CONTENT_W - 2 * 12.0) / 3;

  block->n_cols = 3;
  block->cells = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    g_ptr_array_add (block->cells, make_layout (self, labels[i], SIZE_BODY, TRUE,
                                                box_w - 2 * CELL_PAD, PANGO_ALIGN_LEFT));
  block->height = SIGN_BOX_H;
  block->space_after = 0.0;
}

static char *
describe_rule (const IvPrintableClaim *claim)
{
  g_autoptr(GString) rule = g_string_new (NULL);
  gint64 previous = 0;

  if (claim->policy_version != NULL)
    /* TRANSLATORS: %s is a policy version such as "2026.1" */
    g_string_append_printf (rule, _("Policy %s: "), claim->policy_version);

  for (guint i = 0; i < claim->tiers->len; i++)
    {
      const IvPrintableTier *tier = &g_array_index (claim->tiers, IvPrintableTier, i);
      g_autofree char *ratio = format_ratio (tier->ratio_bp);

      if (i > 0)
        g_string_append (rule, _("; "));

      if (tier->up_to_fen >= 0)
        {
          g_autofree char *part = format_money (tier->up_to_fen - previous);

          if (i == 0)
            /* TRANSLATORS: first ¥50,000.00 at 80% */
            g_string_append_printf (rule, _("first %s at %s"), part, ratio);
          else
            /* TRANSLATORS: next ¥50,000.00 at 60% */
            g_string_append_printf (rule, _("next %s at %s"), part, ratio);
          previous = tier->up_to_fen;
        }
      else if (i == 0)
        /* TRANSLATORS: %s is a ratio such as 50% */
        g_string_append_printf (rule, _("%s of the contract amount"), ratio);
      else
        /* TRANSLATORS: %s is a ratio such as 50% */
        g_string_append_printf (rule, _("the rest at %s"), ratio);
    }

  if (claim->reserved_fen >= 0)
    {
      g_autofree char *cap = format_money (claim->reserved_fen);

      if (claim->tiers->len > 0)
        g_string_append (rule, _("; "));
      /* TRANSLATORS: %s is an amount such as ¥40,000.00 */
      g_string_append_printf (rule, _("capped at the reserved voucher amount %s"), cap);
    }

  if (rule->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&rule), FALSE);
}

static gboolean
build_receipt (IvReceiptRenderer  *self,
               GError            **error)
{
  const IvPrintableClaim *claim = self->claim;
  g_autofree char *issued = NULL;
  g_autofree char *printed = NULL;
  Block *table;

  add_title (self, C_("receipt", "Innovation Voucher Claim Receipt"));
  add_paragraph (self, claim->draft ? C_("receipt", "Printed by the applicant; not issued by the voucher service")
                                    : C_("receipt", "Issued by the innovation voucher service"),
                 SIZE_BODY, PANGO_ALIGN_CENTER);
  end_section (self);

  if (claim->draft)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      printed = format_date_time (claim->printed_at != NULL ? claim->printed_at : now);
      add_field (self, C_("receipt", "Receipt number"), C_("receipt", "Not issued yet"));
      add_field (self, C_("receipt", "Claim number"), claim->claim_number != NULL ? claim->claim_number
                                                                       : C_("receipt", "Assigned when the claim is sent"));
      add_field (self, C_("receipt", "Printed at"), printed);
    }
  else
    {
      issued = format_date_time (claim->issued_at);
      add_field (self, C_("receipt", "Receipt number"), claim->receipt_number);
      add_field (self, C_("receipt", "Claim number"), claim->claim_number);
      add_field (self, C_("receipt", "Issued at"), issued);
    }

  add_field (self, C_("receipt", "Enterprise"), claim->enterprise_name);
  add_field (self, C_("receipt", "Unified social credit code"), claim->credit_code);
  add_field (self, C_("receipt", "Voucher code"), claim->voucher_code);
  add_field (self, C_("receipt", "Service institution"), claim->institution_name);
  add_field (self, C_("receipt", "Service"), claim->service_title);
  add_field (self, C_("receipt", "Contract number"), claim->contract_no);
  add_field (self, C_("receipt", "Invoice number"), claim->invoice_number);
  add_field (self, C_("receipt", "Status"), claim->draft ? C_("receipt", "Queued, not sent to the service yet")
                                             : iv_claim_status_to_label (claim->status));
  if (!claim->draft)
    add_field (self, C_("receipt", "Verification code"), claim->verification_code);
  end_section (self);

  table = begin_amount_table (self);
  if (!add_amount_row (self, table, C_("receipt", "Contract amount"), claim->contract_amount_fen, error) ||
      !add_amount_row (self, table, C_("receipt", "Requested subsidy"), claim->requested_subsidy_fen, error))
    return FALSE;
  end_amount_table (table);

  if (claim->draft)
    {
      add_paragraph (self, _("This claim has not reached the service yet. It is not a receipt: "
                             "the service issues the receipt, with its verification code, once it "
                             "has accepted the claim."),
                     SIZE_BODY, PANGO_ALIGN_LEFT);
    }
  else
    {
      if (!add_qr (self, error))
        return FALSE;
      add_paragraph (self, _("This receipt confirms that the service received the claim. "
                             "It is not a decision on the subsidy; the amount granted is "
                             "decided after review and public notice."),
                     SIZE_SMALL, PANGO_ALIGN_LEFT);
    }

  return TRUE;
}

static gboolean
build_claim_form (IvReceiptRenderer  *self,
                  GError            **error)
{
  const IvPrintableClaim *claim = self->claim;
  g_autofree char *submitted = NULL;
  g_autofree char *invoice_date = format_iso_date (claim->invoice_date);
  g_autofree char *paid_on = format_iso_date (claim->paid_on);
  g_autofree char *rule = describe_rule (claim);
  Block *table;

  add_title (self, C_("receipt", "Innovation Voucher Subsidy Claim Form"));
  add_paragraph (self, C_("receipt", "To be signed by the legal representative and sealed by the applicant"),
                 SIZE_BODY, PANGO_ALIGN_CENTER);

  add_heading (self, C_("receipt", "1. Applicant"));
  add_field (self, C_("receipt", "Enterprise"), claim->enterprise_name);
  add_field (self, C_("receipt", "Unified social credit code"), claim->credit_code);
  add_field (self, C_("receipt", "Voucher code"), claim->voucher_code);
  add_field (self, C_("receipt", "Claim number"), claim->claim_number != NULL ? claim->claim_number
                                                                   : C_("receipt", "Assigned when the claim is sent"));
  submitted = claim->submitted_at != NULL ? format_date_time (claim->submitted_at)
                                          : g_strdup (C_("receipt", "Not submitted yet"));
  add_field (self, C_("receipt", "Submitted at"), submitted);
  end_section (self);

  add_heading (self, C_("receipt", "2. Service"));
  add_field (self, C_("receipt", "Service institution"), claim->institution_name);
  add_field (self, C_("receipt", "Service"), claim->service_title);
  add_field (self, C_("receipt", "Order number"), claim->order_number);
  end_section (self);

  add_heading (self, C_("receipt", "3. Contract, invoice and payment"));
  add_field (self, C_("receipt", "Contract number"), claim->contract_no);
  add_field (self, C_("receipt", "Invoice code"), claim->invoice_code != NULL
                                      ? claim->invoice_code
                                      : C_("receipt", "None (fully digital invoice)"));
  add_field (self, C_("receipt", "Invoice number"), claim->invoice_number);
  add_field (self, C_("receipt", "Invoice date"), invoice_date);
  add_field (self, C_("receipt", "Seller"), claim->invoice_seller);
  add_field (self, C_("receipt", "Paid on"), paid_on);
  end_section (self);

  add_heading (self, C_("receipt", "4. Amounts"));
  table = begin_amount_table (self);
  if (!add_amount_row (self, table, C_("receipt", "Contract amount"), claim->contract_amount_fen, error) ||
      (claim->invoice_amount_fen >= 0 &&
       !add_amount_row (self, table, C_("receipt", "Invoice amount"), claim->invoice_amount_fen, error)) ||
      !add_amount_row (self, table, C_("receipt", "Requested subsidy"), claim->requested_subsidy_fen, error) ||
      (claim->approved_subsidy_fen >= 0 &&
       !add_amount_row (self, table, C_("receipt", "Approved subsidy"), claim->approved_subsidy_fen, error)))
    return FALSE;
  end_amount_table (table);
  add_field (self, C_("receipt", "Rule applied"), rule);
  end_section (self);

  add_heading (self, C_("receipt", "5. Documents"));
  for (guint i = 0; i < claim->documents->len; i++)
    {
      const IvPrintableDocuments *docs = g_ptr_array_index (claim->documents, i);
      guint n = g_strv_length (docs->filenames);
      g_autofree char *line = NULL;

      /* ✓/✗ and the words, so the state does not depend on colour */
      if (n > 0)
        line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "✓ %s: provided, %u file",
                                             "✓ %s: provided, %u files", n),
                                iv_printable_document_kind_label (docs->kind), n);
      else
        /* TRANSLATORS: %s is a document kind such as "Contract" */
        line = g_strdup_printf (_("✗ %s: missing"), iv_printable_document_kind_label (docs->kind));
      add_item (self, line, 0, TRUE);
      for (guint f = 0; f < n; f++)
        {
          g_autofree char *file = g_strdup_printf ("• %s", docs->filenames[f]);
          add_item (self, file, 18.0, FALSE);
        }
    }
  end_section (self);

  add_heading (self, C_("receipt", "6. Declaration"));
  add_paragraph (self, _("We declare that the information in this form and its attachments is true, "
                         "complete and accurate, that the service was actually performed and paid for, "
                         "and that the same expenses have received no other public subsidy. We accept "
                         "the programme's review and public notice and bear legal responsibility for "
                         "any false statement."),
                 SIZE_BODY, PANGO_ALIGN_LEFT);
  /* The declaration is signed where it is read: same page as the boxes. */
  ((Block *) g_ptr_array_index (self->blocks, self->blocks->len - 1))->keep_with_next = TRUE;
  add_signatures (self);

  return TRUE;
}

static void
paginate (IvReceiptRenderer *self)
{
  double bottom = PAGE_H - MARGIN_BOTTOM;
  double y = self->content_top;
  guint page = 0;

  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (self->blocks, i);
      double need = block->height;

      /* A heading never ends a page alone. */
      if (block->keep_with_next && i + 1 < self->blocks->len)
        need += block->space_after + ((Block *) g_ptr_array_index (self->blocks, i + 1))->height;

      if (y + need > bottom && y > self->content_top)
        {
          page++;
          y = self->content_top;
        }

      block->page = page;
      block->y = y;
      y += block->height + block->space_after;
    }

  self->n_pages = page + 1;
}

static gboolean
layout_document (IvReceiptRenderer  *self,
                 GError            **error)
{
  cairo_font_options_t *options;
  gboolean ok;

  if (!iv_printable_claim_validate (self->claim, self->kind, error))
    return FALSE;

  /* Device-independent metrics: the same line breaks on paper, in the PDF
   * and in a preview at any resolution; 72 dpi makes a pango point a page point. */
  /* The thread's default font map: fonts stay loaded between documents. */
  self->context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  pango_cairo_context_set_resolution (self->context, 72.0);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (self->context, options);
  cairo_font_options_destroy (options);
  pango_context_set_language (self->context, pango_language_from_string ("zh-cn"));
  pango_context_set_base_dir (self->context, PANGO_DIRECTION_LTR);

  self->blocks = g_ptr_array_new_with_free_func (block_free);
  self->content_top = MARGIN_TOP;

  if (self->claim->draft)
    {
      self->draft_banner = make_layout (self, C_("receipt", "Queued — not an official receipt"),
                                        SIZE_HEADING, TRUE, CONTENT_W - 20.0, PANGO_ALIGN_CENTER);
      self->content_top = MAX (MARGIN_TOP, BANNER_Y + layout_height (self->draft_banner) + 10.0 + 14.0);
      /* The banner can be cut off or covered; a watermark across the body cannot. */
      self->draft_watermark = make_layout (self, C_("receipt", "Queued — not an official receipt"),
                                           44.0, TRUE, 900.0, PANGO_ALIGN_LEFT);
      pango_layout_set_width (self->draft_watermark, -1);   /* one line */
    }

  if (self->kind == IV_RECEIPT_DOCUMENT_RECEIPT)
    ok = build_receipt (self, error);
  else
    ok = build_claim_form (self, error);

  if (!ok)
    return FALSE;

  paginate (self);
  return TRUE;
}

/* Drawing */

static void
show_layout (cairo_t     *cr,
             PangoLayout *layout,
             double       x,
             double       y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_qr (IvReceiptRenderer *self,
         cairo_t           *cr,
         double             x,
         double             y)
{
  const QRcode *qr = self->qr;
  double module = QR_SIZE / (qr->width + 2 * QR_QUIET);

  /* The quiet zone is white on any background. */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, x, y, QR_SIZE, QR_SIZE);
  cairo_fill (cr);

  cairo_set_source_rgb (cr, 0, 0, 0);
  for (int row = 0; row < qr->width; row++)
    {
      const unsigned char *line = qr->data + row * qr->width;
      int col = 0;

      while (col < qr->width)
        {
          int start;

          if (!(line[col] & 1))
            {
              col++;
              continue;
            }
          /* Merge a run of dark modules into one rectangle. */
          start = col;
          while (col < qr->width && (line[col] & 1))
            col++;
          cairo_rectangle (cr,
                           x + (QR_QUIET + start) * module,
                           y + (QR_QUIET + row) * module,
                           (col - start) * module,
                           module);
        }
    }
  cairo_fill (cr);
}

static void
draw_table (cairo_t     *cr,
            const Block *block,
            double       y)
{
  guint n_rows = block->cells->len / block->n_cols;
  double row_y = y;
  double column_x = MARGIN_X;

  cairo_tag_begin (cr, "Table", NULL);
  for (guint r = 0; r < n_rows; r++)
    {
      double h = g_array_index (block->row_heights, double, r);
      double cell_x = MARGIN_X;

      if (r == 0)
        {
          cairo_set_source_rgb (cr, 0.92, 0.92, 0.92);
          cairo_rectangle (cr, MARGIN_X, row_y, CONTENT_W, h);
          cairo_fill (cr);
        }

      cairo_tag_begin (cr, "TR", NULL);
      for (guint c = 0; c < block->n_cols; c++)
        {
          const char *tag = r == 0 ? "TH" : "TD";

          cairo_tag_begin (cr, tag, NULL);
          cairo_set_source_rgb (cr, 0, 0, 0);
          show_layout (cr, g_ptr_array_index (block->cells, r * block->n_cols + c),
                       cell_x + CELL_PAD, row_y + CELL_PAD);
          cairo_tag_end (cr, tag);
          cell_x += table_widths[c];
        }
      cairo_tag_end (cr, "TR");

      row_y += h;
    }
  cairo_tag_end (cr, "Table");

  /* Grid lines, outside the tags: they are decoration. */
  cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
  cairo_set_line_width (cr, 0.6);
  row_y = y;
  cairo_rectangle (cr, MARGIN_X, y, CONTENT_W, block->height);
  for (guint r = 0; r + 1 < n_rows; r++)
    {
      row_y += g_array_index (block->row_heights, double, r);
      cairo_move_to (cr, MARGIN_X, row_y);
      cairo_line_to (cr, MARGIN_X + CONTENT_W, row_y);
    }
  for (guint c = 0; c + 1 < block->n_cols; c++)
    {
      column_x += table_widths[c];
      cairo_move_to (cr, column_x, y);
      cairo_line_to (cr, column_x, y + block->height);
    }
  cairo_stroke (cr);
}

static void
draw_signatures (cairo_t     *cr,
                 const Block *block,
                 double       y)
{
  double box_w = (CONTENT_W - 2 * 12.0) / 3;

  for (guint i = 0; i < block->cells->len; i++)
    {
      double x = MARGIN_X + i * (box_w + 12.0);

      cairo_tag_begin (cr, "P", NULL);
      cairo_set_source_rgb (cr, 0, 0, 0);
      show_layout (cr, g_ptr_array_index (block->cells, i), x + CELL_PAD, y + CELL_PAD);
      cairo_tag_end (cr, "P");

      cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
      cairo_set_line_width (cr, 0.8);
      cairo_rectangle (cr, x, y, box_w, block->height);
      cairo_stroke (cr);
    }
}

static void
draw_block (IvReceiptRenderer *self,
            cairo_t           *cr,
            const Block       *block)
{
  double x = MARGIN_X + block->indent;
  double y = block->y;

  switch (block->kind)
    {
    case BLOCK_TITLE:
    case BLOCK_PARAGRAPH:
    case BLOCK_ITEM:
      cairo_tag_begin (cr, block->tag, NULL);
      cairo_set_source_rgb (cr, 0, 0, 0);
      show_layout (cr, block->text, x, y);
      cairo_tag_end (cr, block->tag);
      break;

    case BLOCK_HEADING:
      cairo_tag_begin (cr, block->tag, NULL);
      cairo_set_source_rgb (cr, 0, 0, 0);
      show_layout (cr, block->text, x, y + 8.0);
      cairo_tag_end (cr, block->tag);
      break;

    case BLOCK_FIELD:
      cairo_tag_begin (cr, block->tag, NULL);
      cairo_set_source_rgb (cr, 0.25, 0.25, 0.25);
      show_layout (cr, block->label, x, y + block->label_dy);
      cairo_set_source_rgb (cr, 0, 0, 0);
      show_layout (cr, block->text, x + FIELD_LABEL_W + FIELD_GAP, y + block->text_dy);
      cairo_tag_end (cr, block->tag);
      cairo_set_source_rgb (cr, 0.8, 0.8, 0.8);
      cairo_set_line_width (cr, 0.5);
      cairo_move_to (cr, x, y + block->height);
      cairo_line_to (cr, MARGIN_X + CONTENT_W, y + block->height);
      cairo_stroke (cr);
      break;

    case BLOCK_TABLE:
      draw_table (cr, block, y);
      break;

    case BLOCK_QR:
      cairo_tag_begin (cr, "Figure", NULL);
      draw_qr (self, cr, x, y);
      cairo_set_source_rgb (cr, 0.25, 0.25, 0.25);
      show_layout (cr, block->label, x, y + QR_SIZE + 2.0);
      cairo_tag_end (cr, "Figure");
      cairo_tag_begin (cr, "P", NULL);
      cairo_set_source_rgb (cr, 0, 0, 0);
      show_layout (cr, block->text, x + QR_SIZE + 16.0, y + 8.0);
      cairo_tag_end (cr, "P");
      break;

    case BLOCK_SIGNATURES:
      draw_signatures (cr, block, y);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
draw_page_frame (IvReceiptRenderer *self,
                 cairo_t           *cr,
                 guint              page)
{
  g_autofree char *footer = NULL;
  g_autoptr(PangoLayout) layout = NULL;

  if (self->draft_watermark != NULL)
    {
      PangoRectangle logical;

      /* Light enough to read the fields through, drawn before them; an
       * artifact, not part of the reading order (the banner says it). */
      pango_layout_get_extents (self->draft_watermark, NULL, &logical);
      cairo_save (cr);
      cairo_translate (cr, IV_RECEIPT_PAGE_WIDTH / 2.0, IV_RECEIPT_PAGE_HEIGHT / 2.0);
      cairo_rotate (cr, -G_PI / 5.0);
      /* Longer translations shrink to stay on the paper. */
      if (logical.width / PANGO_SCALE > WATERMARK_MAX_W)
        cairo_scale (cr, WATERMARK_MAX_W / (logical.width / PANGO_SCALE),
                     WATERMARK_MAX_W / (logical.width / PANGO_SCALE));
      cairo_set_source_rgba (cr, 0.75, 0.1, 0.1, 0.16);
      show_layout (cr, self->draft_watermark,
                   -(logical.x + logical.width / 2.0) / PANGO_SCALE,
                   -(logical.y + logical.height / 2.0) / PANGO_SCALE);
      cairo_restore (cr);
    }

  if (self->draft_banner != NULL)
    {
      double h = layout_height (self->draft_banner) + 10.0;
      double y = BANNER_Y;

      cairo_set_source_rgb (cr, 0.75, 0.1, 0.1);
      cairo_set_line_width (cr, 1.5);
      cairo_rectangle (cr, MARGIN_X, y, CONTENT_W, h);
      cairo_stroke (cr);
      cairo_tag_begin (cr, "P", NULL);
      show_layout (cr, self->draft_banner, MARGIN_X + 10.0, y + 5.0);
      cairo_tag_end (cr, "P");
    }

  /* TRANSLATORS: the footer of every printed page; zh_CN: "第 %d 页 共 %d 页" */
  footer = g_strdup_printf (_("Page %d of %d"), (int) page + 1, (int) self->n_pages);
  layout = make_layout (self, footer, SIZE_SMALL, FALSE, CONTENT_W, PANGO_ALIGN_CENTER);

  cairo_set_source_rgb (cr, 0.6, 0.6, 0.6);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, MARGIN_X, FOOTER_Y - 6.0);
  cairo_line_to (cr, MARGIN_X + CONTENT_W, FOOTER_Y - 6.0);
  cairo_stroke (cr);

  cairo_tag_begin (cr, "P", NULL);
  cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
  show_layout (cr, layout, MARGIN_X, FOOTER_Y);
  cairo_tag_end (cr, "P");
}

/* GObject */

static void
iv_receipt_renderer_finalize (GObject *object)
{
  IvReceiptRenderer *self = (IvReceiptRenderer *) object;

  g_clear_pointer (&self->claim, iv_printable_claim_free);
  g_clear_error (&self->prepare_error);
  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  g_clear_object (&self->draft_banner);
  g_clear_object (&self->draft_watermark);
  g_clear_object (&self->context);
  g_clear_pointer (&self->qr, QRcode_free);

  G_OBJECT_CLASS (iv_receipt_renderer_parent_class)->finalize (object);
}

static void
iv_receipt_renderer_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  IvReceiptRenderer *self = IV_RECEIPT_RENDERER (object);

  switch (prop_id)
    {
    case PROP_CLAIM:
      g_value_set_boxed (value, self->claim);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_N_PAGES:
      g_value_set_uint (value, iv_receipt_renderer_get_n_pages (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_receipt_renderer_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  IvReceiptRenderer *self = IV_RECEIPT_RENDERER (object);

  switch (prop_id)
    {
    case PROP_CLAIM:
      self->claim = g_value_dup_boxed (value);
      break;
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_receipt_renderer_class_init (IvReceiptRendererClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = iv_receipt_renderer_finalize;
  object_class->get_property = iv_receipt_renderer_get_property;
  object_class->set_property = iv_receipt_renderer_set_property;

  properties[PROP_CLAIM] =
    g_param_spec_boxed ("claim", NULL, NULL, IV_TYPE_PRINTABLE_CLAIM,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                        G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, IV_TYPE_RECEIPT_DOCUMENT_KIND,
                       IV_RECEIPT_DOCUMENT_RECEIPT,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                       G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_PAGES] =
    g_param_spec_uint ("n-pages", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
iv_receipt_renderer_init (IvReceiptRenderer *self)
{
}

/* Public API */

IvReceiptRenderer *
iv_receipt_renderer_new (const IvPrintableClaim *claim,
                         IvReceiptDocumentKind   kind)
{
  g_return_val_if_fail (claim != NULL, NULL);

  return g_object_new (IV_TYPE_RECEIPT_RENDERER,
                       "claim", claim,
                       "kind", kind,
                       NULL);
}

IvReceiptDocumentKind
iv_receipt_renderer_get_kind (IvReceiptRenderer *self)
{
  g_return_val_if_fail (IV_IS_RECEIPT_RENDERER (self), IV_RECEIPT_DOCUMENT_RECEIPT);

  return self->kind;
}

const IvPrintableClaim *
iv_receipt_renderer_get_claim (IvReceiptRenderer *self)
{
  g_return_val_if_fail (IV_IS_RECEIPT_RENDERER (self), NULL);

  return self->claim;
}

gboolean
iv_receipt_renderer_prepare (IvReceiptRenderer  *self,
                             GError            **error)
{
  g_return_val_if_fail (IV_IS_RECEIPT_RENDERER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!self->prepared)
    {
      self->prepared = TRUE;
      if (self->claim == NULL)
        g_set_error (&self->prepare_error, IV_RECEIPT_ERROR, IV_RECEIPT_ERROR_INVALID,
                     "no printable claim");
      else if (!layout_document (self, &self->prepare_error))
        self->n_pages = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PAGES]);
    }

  if (self->prepare_error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->prepare_error));
      return FALSE;
    }

  return TRUE;
}

guint
iv_receipt_renderer_get_n_pages (IvReceiptRenderer *self)
{
  g_return_val_if_fail (IV_IS_RECEIPT_RENDERER (self), 0);

  if (!iv_receipt_renderer_prepare (self, NULL))
    return 0;

  return self->n_pages;
}

void
iv_receipt_renderer_draw_page (IvReceiptRenderer *self,
                               cairo_t           *cr,
                               guint              page)
{
  g_return_if_fail (IV_IS_RECEIPT_RENDERER (self));
  g_return_if_fail (cr != NULL);

  if (!iv_receipt_renderer_prepare (self, NULL))
    return;

  g_return_if_fail (page < self->n_pages);

  cairo_save (cr);
  /* One structure element per page keeps tags balanced however pages are
   * drawn (GtkPrintOperation may draw a range); cairo 1.16 also only marks
   * the PDF as tagged (/MarkInfo) with such a wrapper. */
  cairo_tag_begin (cr, "Part", NULL);
  draw_page_frame (self, cr, page);
  for (guint i = 0; i < self->blocks->len; i++)
    {
      const Block *block = g_ptr_array_index (self->blocks, i);

      if (block->page == page)
        draw_block (self, cr, block);
    }
  cairo_tag_end (cr, "Part");
  cairo_restore (cr);
}

static void
union_layout_extents (cairo_rectangle_t *acc,
                      gboolean          *any,
                      PangoLayout       *layout,
                      double             x,
                      double             y)
{
  PangoRectangle ink;
  double x1, y1, x2, y2;

  pango_layout_get_extents (layout, &ink, NULL);
  if (ink.width == 0 || ink.height == 0)
    return;

  x1 = x + (double) ink.x / PANGO_SCALE;
  y1 = y + (double) ink.y / PANGO_SCALE;
  x2 = x1 + (double) ink.width / PANGO_SCALE;
  y2 = y1 + (double) ink.height / PANGO_SCALE;

  if (!*any)
    {
      *acc = (cairo_rectangle_t) { x1, y1, x2 - x1, y2 - y1 };
      *any = TRUE;
      return;
    }

  x1 = MIN (x1, acc->x);
  y1 = MIN (y1, acc->y);
  x2 = MAX (x2, acc->x + acc->width);
  y2 = MAX (y2, acc->y + acc->height);
  *acc = (cairo_rectangle_t) { x1, y1, x2 - x1, y2 - y1 };
}

gboolean
iv_receipt_renderer_get_text_extents (IvReceiptRenderer *self,
                                      guint              page,
                                      cairo_rectangle_t *extents)
{
  gboolean any = FALSE;

  g_return_val_if_fail (IV_IS_RECEIPT_RENDERER (self), FALSE);
  g_return_val_if_fail (extents != NULL, FALSE);

  if (!iv_receipt_renderer_prepare (self, NULL) || page >= self->n_pages)
    return FALSE;

  /* Same positions as draw_block (); the footer and banner are centred by construction. */
  for (guint i = 0; i < self->blocks->len; i++)
    {
      const Block *block = g_ptr_array_index (self->blocks, i);
      double x = MARGIN_X + block->indent;

      if (block->page != page)
        continue;

      switch (block->kind)
        {
        case BLOCK_HEADING:
          union_layout_extents (extents, &any, block->text, x, block->y + 8.0);
          break;
        case BLOCK_FIELD:
          union_layout_extents (extents, &any, block->label, x, block->y + block->label_dy);
          union_layout_extents (extents, &any, block->text,
                                x + FIELD_LABEL_W + FIELD_GAP, block->y + block->text_dy);
          break;
        case BLOCK_QR:
          union_layout_extents (extents, &any, block->label, x, block->y + QR_SIZE + 2.0);
          union_layout_extents (extents, &any, block->text, x + QR_SIZE + 16.0, block->y + 8.0);
          break;
        case BLOCK_TABLE:
          {
            double row_y = block->y;

            for (guint r = 0; r < block->row_heights->len; r++)
              {
                double cell_x = MARGIN_X;

                for (guint c = 0; c < block->n_cols; c++)
                  {
                    union_layout_extents (extents, &any,
                                          g_ptr_array_index (block->cells, r * block->n_cols + c),
                                          cell_x + CELL_PAD, row_y + CELL_PAD);
                    cell_x += table_widths[c];
                  }
                row_y += g_array_index (block->row_heights, double, r);
              }
          }
          break;
        case BLOCK_SIGNATURES:
          {
            double box_w = (CONTENT_W - 2 * 12.0) / 3;

            for (guint c = 0; c < block->cells->len; c++)
              union_layout_extents (extents, &any, g_ptr_array_index (block->cells, c),
                                    MARGIN_X + c * (box_w + 12.0) + CELL_PAD, block->y + CELL_PAD);
          }
          break;
        case BLOCK_TITLE:
        case BLOCK_PARAGRAPH:
        case BLOCK_ITEM:
        default:
          union_layout_extents (extents, &any, block->text, x, block->y);
          break;
        }
    }

  return any;
}

char *
iv_receipt_renderer_get_text (IvReceiptRenderer *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (IV_IS_RECEIPT_RENDERER (self), NULL);

  if (!iv_receipt_renderer_prepare (self, NULL))
    return NULL;

  if (self->draft_banner != NULL)
    g_string_append_printf (text, "%s\n", pango_layout_get_text (self->draft_banner));

  for (guint i = 0; i < self->blocks->len; i++)
    {
      const Block *block = g_ptr_array_index (self->blocks, i);

      switch (block->kind)
        {
        case BLOCK_FIELD:
          /* TRANSLATORS: a label and its value in the text version of a receipt */
          g_string_append_printf (text, C_("receipt", "%s: %s"), pango_layout_get_text (block->label),
                                  pango_layout_get_text (block->text));
          g_string_append_c (text, '\n');
          break;
        case BLOCK_TABLE:
          for (guint r = 1; r < block->row_heights->len; r++)
            {
              for (guint c = 0; c < block->n_cols; c++)
                {
                  g_string_append (text, pango_layout_get_text (g_ptr_array_index (block->cells,
                                                                                   r * block->n_cols + c)));
                  g_string_append (text, c + 1 < block->n_cols ? "  " : "\n");
                }
            }
          break;
        case BLOCK_SIGNATURES:
          break;
        case BLOCK_TITLE:
        case BLOCK_HEADING:
        case BLOCK_PARAGRAPH:
        case BLOCK_ITEM:
        case BLOCK_QR:
        default:
          g_string_append_printf (text, "%s\n", pango_layout_get_text (block->text));
          break;
        }
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
iv_receipt_renderer_dup_title (IvReceiptRenderer *self)
{
  const IvPrintableClaim *claim;

  g_return_val_if_fail (IV_IS_RECEIPT_RENDERER (self), NULL);

  claim = self->claim;
  if (self->kind == IV_RECEIPT_DOCUMENT_CLAIM_FORM)
    /* TRANSLATORS: %s is a contract number */
    return g_strdup_printf (_("Claim form for contract %s"), or_dash (claim->contract_no));
  if (claim->draft || claim->receipt_number == NULL)
    /* TRANSLATORS: %s is a contract number */
    return g_strdup_printf (_("Draft claim receipt for contract %s"), or_dash (claim->contract_no));
  /* TRANSLATORS: %s is a receipt number such as HZ2026-00000042 */
  return g_strdup_printf (_("Claim receipt %s"), claim->receipt_number);
}

char *
iv_receipt_renderer_dup_file_name (IvReceiptRenderer *self)
{
  const IvPrintableClaim *claim;
  const char *id;
  g_autofree char *name = NULL;

  g_return_val_if_fail (IV_IS_RECEIPT_RENDERER (self), NULL);

  claim = self->claim;
  id = claim->receipt_number != NULL && !claim->draft && self->kind == IV_RECEIPT_DOCUMENT_RECEIPT
       ? claim->receipt_number
       : or_dash (claim->claim_number != NULL ? claim->claim_number : claim->contract_no);

  if (self->kind == IV_RECEIPT_DOCUMENT_CLAIM_FORM)
    /* TRANSLATORS: a file name; %s is a claim or contract number */
    name = g_strdup_printf (_("claim-form-%s.pdf"), id);
  else if (claim->draft)
    /* TRANSLATORS: a file name; %s is a claim or contract number */
    name = g_strdup_printf (_("draft-receipt-%s.pdf"), id);
  else
    /* TRANSLATORS: a file name; %s is a receipt number */
    name = g_strdup_printf (_("receipt-%s.pdf"), id);

  /* Numbers come from the service: keep path separators out of the name. */
  g_strdelimit (name, "/\\:", '-');
  return g_steal_pointer (&name);
}

static cairo_status_t
append_to_byte_array (void                *closure,
                      const unsigned char *data,
                      unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
check_cairo (cairo_status_t   status,
             const char      *what,
             GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;

  g_set_error (error, IV_RECEIPT_ERROR, IV_RECEIPT_ERROR_CAIRO,
               "%s: %s", what, cairo_status_to_string (status));
  return FALSE;
}

static void
set_pdf_metadata (cairo_surface_t   *surface,
                  IvReceiptRenderer *first)
{
  const IvPrintableClaim *claim = first->claim;
  g_autofree char *title = iv_receipt_renderer_dup_title (first);
  g_autofree char *subject = NULL;
  g_autofree char *creator = NULL;
  g_autofree char *created = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDateTime *when = claim->printed_at != NULL ? claim->printed_at : now;

  /* TRANSLATORS: PDF subject; %s are a voucher code and a service institution */
  subject = g_strdup_printf (_("Innovation voucher subsidy claim, voucher %s, %s"),
                             or_dash (claim->voucher_code), or_dash (claim->institution_name));
  creator = g_strdup_printf ("%s %s", _("Innovation Vouchers"), PACKAGE_VERSION);
  created = g_date_time_format (when, "%Y-%m-%dT%H:%M:%S%:z");

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, or_dash (claim->enterprise_name));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, subject);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, creator);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, created);
}

GBytes *
iv_receipt_render_pdf_batch (GPtrArray  *renderers,
                             GError    **error)
{
  g_autoptr(GByteArray) bytes = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  guint page_index = 0;

  g_return_val_if_fail (renderers != NULL && renderers->len > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint i = 0; i < renderers->len; i++)
    if (!iv_receipt_renderer_prepare (g_ptr_array_index (renderers, i), error))
      return NULL;

  bytes = g_byte_array_sized_new (64 * 1024);
  surface = cairo_pdf_surface_create_for_stream (append_to_byte_array, bytes, PAGE_W, PAGE_H);
  set_pdf_metadata (surface, g_ptr_array_index (renderers, 0));

  cr = cairo_create (surface);
  for (guint i = 0; i < renderers->len; i++)
    {
      IvReceiptRenderer *renderer = g_ptr_array_index (renderers, i);

      if (renderers->len > 1)
        {
          g_autofree char *title = iv_receipt_renderer_dup_title (renderer);
          g_autofree char *link = g_strdup_printf ("page=%u", page_index + 1);

          cairo_pdf_surface_add_outline (surface, CAIRO_PDF_OUTLINE_ROOT, title, link, 0);
        }

      for (guint p = 0; p < renderer->n_pages; p++, page_index++)
        {
          iv_receipt_renderer_draw_page (renderer, cr, p);
          cairo_show_page (cr);
        }
    }

  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (!check_cairo (status, "writing the PDF", error))
    return NULL;

  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

GBytes *
iv_receipt_renderer_render_pdf (IvReceiptRenderer  *self,
                                GError            **error)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new ();

  g_return_val_if_fail (IV_IS_RECEIPT_RENDERER (self), NULL);

  g_ptr_array_add (one, self);
  return iv_receipt_render_pdf_batch (one, error);
}

gboolean
iv_receipt_renderer_write_pdf (IvReceiptRenderer  *self,
                               GFile              *file,
                               GCancellable       *cancellable,
                               GError            **error)
{
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (IV_IS_RECEIPT_RENDERER (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  pdf = iv_receipt_renderer_render_pdf (self, error);
  if (pdf == NULL)
    return FALSE;

  /* Works for portal document paths and non-local GFiles alike. */
  if (!g_file_replace_contents (file,
                                g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf),
                                NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                NULL, cancellable, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, IV_RECEIPT_ERROR, IV_RECEIPT_ERROR_WRITE,
                     "%s", local_error->message);
      return FALSE;
    }

  return TRUE;
}

cairo_surface_t *
iv_receipt_renderer_render_image (IvReceiptRenderer  *self,
                                  guint               page,
                                  double              dpi,
                                  GError            **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  double scale = dpi / 72.0;

  g_return_val_if_fail (IV_IS_RECEIPT_RENDERER (self), NULL);
  g_return_val_if_fail (dpi > 0 && dpi <= 1200, NULL);

  if (!iv_receipt_renderer_prepare (self, error))
    return NULL;

  if (page >= self->n_pages)
    {
      g_set_error (error, IV_RECEIPT_ERROR, IV_RECEIPT_ERROR_INVALID,
                   "page %u of %u does not exist", page + 1, self->n_pages);
      return NULL;
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                        (int) ceil (PAGE_W * scale),
                                        (int) ceil (PAGE_H * scale));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  iv_receipt_renderer_draw_page (self, cr, page);
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);

  if (!check_cairo (status, "rendering the page", error))
    {
      cairo_surface_destroy (surface);
      return NULL;
    }

  return surface;
}
