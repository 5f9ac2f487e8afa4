/* iv-client-types.c: error domains of the client layer */
#include "config.h"

#include <glib.h>

GQuark iv_client_types_quark (void);
G_DEFINE_QUARK (iv-client-types-quark, iv_client_types)
