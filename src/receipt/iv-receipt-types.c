/* iv-receipt-types.c: error domain of the receipt layer */
#include "config.h"

#include <glib.h>

GQuark iv_receipt_types_quark (void);
G_DEFINE_QUARK (iv-receipt-types-quark, iv_receipt_types)
