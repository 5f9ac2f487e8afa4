/* main.c: builds the application object; everything else is in the libraries */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "iv-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(IvApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, iv_application_get_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = iv_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
