/* iv-types.c: error domains shared by the domain layer */
#include "config.h"

#include "iv-types.h"

G_DEFINE_QUARK (iv-decode-error-quark, iv_decode_error)
