/* iv-ui-test-util.h: small helpers shared by the C programs of the ui suite */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

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
