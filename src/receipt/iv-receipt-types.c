/* iv-receipt-types.c: error domain and enumeration types of the receipt layer */
#include "config.h"

#include "iv-receipt-types.h"

G_DEFINE_QUARK (iv-receipt-error-quark, iv_receipt_error)

GType
iv_receipt_document_kind_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { IV_RECEIPT_DOCUMENT_RECEIPT, "IV_RECEIPT_DOCUMENT_RECEIPT", "receipt" },
        { IV_RECEIPT_DOCUMENT_CLAIM_FORM, "IV_RECEIPT_DOCUMENT_CLAIM_FORM", "claim-form" },
        { 0, NULL, NULL },
      };
      GType type = g_enum_register_static (g_intern_static_string ("IvReceiptDocumentKind"), values);
      g_once_init_leave (&type_id, type);
    }

  return type_id;
}
