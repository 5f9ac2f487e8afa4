/* iv-resources.c: the UI's GResource bundle, registered on demand */
#include "config.h"

#include <gio/gio.h>

#include "iv-resources.h"
#include "iv-ui-resources.h"

void
iv_resources_ensure_registered (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      iv_ui_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}
