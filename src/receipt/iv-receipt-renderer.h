/* iv-receipt-renderer.h: lays out a receipt or claim form once and draws it on any cairo_t
 *
 * The same object serves printing (GtkPrintOperation), PDF export and PNG
 * previews: it measures every block with pango in a device-independent
 * context (72 dpi, no hinting) in a first pass, so the page count is known
 * before the first page is drawn, then draws page N in A4 points.
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "iv-receipt-types.h"
#include "iv-printable-claim.h"

G_BEGIN_DECLS

/* A4 in PostScript points */
#define IV_RECEIPT_PAGE_WIDTH  595.0
#define IV_RECEIPT_PAGE_HEIGHT 842.0
#define IV_RECEIPT_MARGIN_X     56.0

#define IV_TYPE_RECEIPT_RENDERER (iv_receipt_renderer_get_type ())
G_DECLARE_FINAL_TYPE (IvReceiptRenderer, iv_receipt_renderer, IV, RECEIPT_RENDERER, GObject)

IvReceiptRenderer *iv_receipt_renderer_new              (const IvPrintableClaim *claim,
                                                         IvReceiptDocumentKind   kind);

IvReceiptDocumentKind iv_receipt_renderer_get_kind      (IvReceiptRenderer      *self);
const IvPrintableClaim *iv_receipt_renderer_get_claim   (IvReceiptRenderer      *self);

/* Checks the claim, encodes the QR code and lays out every page.  Safe to
 * call again (it does the work once).  Everything below calls it. */
gboolean           iv_receipt_renderer_prepare          (IvReceiptRenderer      *self,
                                                         GError                **error);

/* 0 when the layout failed (see iv_receipt_renderer_prepare) */
guint              iv_receipt_renderer_get_n_pages      (IvReceiptRenderer      *self);

/* Draws page @page (0-based) in A4 points from the current origin of @cr;
 * scale @cr first for other sizes.  Emits PDF structure tags. */
void               iv_receipt_renderer_draw_page        (IvReceiptRenderer      *self,
                                                         cairo_t                *cr,
                                                         guint                   page);

/* The union of the ink extents of all text on @page, in page points; for
 * checking that long names wrap inside the margins. */
gboolean           iv_receipt_renderer_get_text_extents (IvReceiptRenderer      *self,
                                                         guint                   page,
                                                         cairo_rectangle_t      *extents);

/* The whole text of the document, in reading order, one block per line;
 * for the UI's accessible text view of a receipt. */
char              *iv_receipt_renderer_get_text         (IvReceiptRenderer      *self);

/* A translated document title, e.g. "Claim receipt HZ2026-00000042" */
char              *iv_receipt_renderer_dup_title        (IvReceiptRenderer      *self);

/* A file name to suggest when saving, e.g. "回执-HZ2026-00000042.pdf" */
char              *iv_receipt_renderer_dup_file_name    (IvReceiptRenderer      *self);

GBytes            *iv_receipt_renderer_render_pdf       (IvReceiptRenderer      *self,
                                                         GError                **error);
gboolean           iv_receipt_renderer_write_pdf        (IvReceiptRenderer      *self,
                                                         GFile                  *file,
                                                         GCancellable           *cancellable,
                                                         GError                **error);

/* A white page rendered at @dpi (ARGB32), or NULL and an error */
cairo_surface_t   *iv_receipt_renderer_render_image     (IvReceiptRenderer      *self,
                                                         guint                   page,
                                                         double                  dpi,
                                                         GError                **error);

/* Many documents into one PDF, one outline entry each (@renderers: of IvReceiptRenderer) */
GBytes            *iv_receipt_render_pdf_batch          (GPtrArray              *renderers,
                                                         GError                **error);

/* The font family the renderer uses: @preferred when fontconfig has it,
 * otherwise a zh-cn font with TrueType outlines (WenQuanYi Micro Hei,
 * Droid Sans Fallback, fontconfig's first TrueType one), then Noto Sans CJK
 * SC, then the best family covering zh-cn, otherwise "Sans" (cairo loses
 * glyphs of CFF fonts in PDFs, see docs/receipt.md).
 * iv_receipt_font_family() is this with $IV_RECEIPT_FONT (or NULL), cached. */
char              *iv_receipt_find_font_family          (const char             *preferred);
const char        *iv_receipt_font_family               (void);

/* The pango family list actually used: iv_receipt_font_family (), after a
 * Latin companion font when that family is CFF and a companion is installed. */
const char        *iv_receipt_font_families             (void);

G_END_DECLS
