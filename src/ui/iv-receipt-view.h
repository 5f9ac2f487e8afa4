/* iv-receipt-view.h: a claim's receipt as accessible, selectable text, with copy, print (Ctrl+P) and save as PDF */
#pragma once

#include <adwaita.h>

#include "iv-printable-claim.h"

G_BEGIN_DECLS

#define IV_TYPE_RECEIPT_VIEW (iv_receipt_view_get_type ())
G_DECLARE_FINAL_TYPE (IvReceiptView, iv_receipt_view, IV, RECEIPT_VIEW, AdwWindow)

/* claim is copied; a draft (claim->draft) shows its 待提交 marking */
IvReceiptView *iv_receipt_view_new               (GtkWindow              *parent,
                                                  const IvPrintableClaim *claim);
/* The text shown (what a screen reader reads) */
const char    *iv_receipt_view_get_text          (IvReceiptView          *self);
/* Copies the receipt number to the clipboard; FALSE for a draft */
gboolean       iv_receipt_view_copy_number       (IvReceiptView          *self);

G_END_DECLS
