/* iv-receipt-types.h: error domain, enumerations and forward types of the receipt layer */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _IvPrintableClaim    IvPrintableClaim;
typedef struct _IvReceiptRenderer   IvReceiptRenderer;

/* What a renderer lays out from one IvPrintableClaim. */
typedef enum {
  IV_RECEIPT_DOCUMENT_RECEIPT,     /* 兑付申请回执 */
  IV_RECEIPT_DOCUMENT_CLAIM_FORM,  /* 兑付申请表 */
} IvReceiptDocumentKind;

#define IV_RECEIPT_ERROR (iv_receipt_error_quark ())

typedef enum {
  IV_RECEIPT_ERROR_INVALID,   /* the printable claim misses something required */
  IV_RECEIPT_ERROR_QR,        /* libqrencode could not encode the URL */
  IV_RECEIPT_ERROR_CAIRO,     /* cairo reported an error while drawing or writing */
  IV_RECEIPT_ERROR_WRITE,     /* the file could not be written */
} IvReceiptError;

GQuark iv_receipt_error_quark (void);

#define IV_TYPE_RECEIPT_DOCUMENT_KIND (iv_receipt_document_kind_get_type ())
GType  iv_receipt_document_kind_get_type (void) G_GNUC_CONST;

G_END_DECLS
