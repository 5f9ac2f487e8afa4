/* iv-resources.h: the UI's GResource bundle */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Registers the templates, styles and icons once; safe to call often.
 * Static libraries drop unreferenced constructors, so this is explicit. */
void iv_resources_ensure_registered (void);

G_END_DECLS
