/* iv-ui-test-util.h: small helpers shared by the C programs of the ui suite */
#pragma once

#include <locale.h>
#include <libintl.h>
#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "iv-resources.h"

/* The widget tests' start: accessibility test backend, zh_CN with the
 * uninstalled translations, GTK and libadwaita, the app's resources.
 * FALSE without a display: main () then returns 77 (skipped) */
static inline gboolean
iv_ui_test_init_zh_cn (int    *argc,
                       char ***argv)
{
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  g_setenv ("LC_ALL", "zh_CN.UTF-8", TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("IV_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (argc, argv, NULL);
  if (!gtk_init_check ())
    {
      g_test_skip ("no display (run under xvfb-run)");
      return FALSE;
    }
  adw_init ();
  iv_resources_ensure_registered ();
  return TRUE;
}

/* Runs the main context for ms milliseconds (timers, idles, GTK frames) */
static inline void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* Decodes a model from JSON text; any error fails the test */
static inline gpointer
from_json (gpointer (*decode) (JsonNode *, GError **), const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);
  gpointer obj;

  g_assert_no_error (error);
  obj = decode (node, &error);
  g_assert_no_error (error);
  return obj;
}

/* Deletes a temporary folder and everything in it */
static inline void
remove_tree (GFile *dir)
{
  g_autoptr(GFileEnumerator) children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                   G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                                                   NULL, NULL);
  GFileInfo *info;

  while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autoptr(GFileInfo) owned = info;
      g_autoptr(GFile) child = g_file_get_child (dir, g_file_info_get_name (info));

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        remove_tree (child);
      else
        g_file_delete (child, NULL, NULL);
    }
  g_file_delete (dir, NULL, NULL);
}

/* The first widget of type at or under widget (depth first), or NULL */
static inline GtkWidget *
find_widget_where (GtkWidget  *widget,
                   gboolean  (*match) (GtkWidget *widget, gconstpointer data),
                   gconstpointer data)
{
  if (match (widget, data))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_widget_where (c, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static inline gboolean
widget_is_a (GtkWidget *widget, gconstpointer type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

static inline GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  return find_widget_where (widget, widget_is_a, GSIZE_TO_POINTER (type));
}

static inline gboolean
widget_is_button_labelled (GtkWidget *widget, gconstpointer label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static inline gboolean
widget_is_label_showing (GtkWidget *widget, gconstpointer text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

/* Private data, cache and config folders under a new temporary folder
 * (made from template, e.g. "iv-window-XXXXXX"), which is returned */
static inline char *
iv_ui_test_private_dirs (const char *template)
{
  g_autoptr(GError) error = NULL;
  char *tmp_dir = g_dir_make_tmp (template, &error);
  static const struct { const char *variable, *name; } dirs[] = {
    { "XDG_DATA_HOME", "data" }, { "XDG_CACHE_HOME", "cache" }, { "XDG_CONFIG_HOME", "config" },
  };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = g_build_filename (tmp_dir, dirs[i].name, NULL);

      g_setenv (dirs[i].variable, path, TRUE);
    }
  return tmp_dir;
}
