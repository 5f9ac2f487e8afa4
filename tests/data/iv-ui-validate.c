/* iv-ui-validate.c: checks every .ui file in src/ui with GtkBuilder and the app's own types
 *
 * gtk4-builder-tool validate cannot load libadwaita or our Iv* classes, so it
 * rejects every template whose parent is an Adw widget.  This program links
 * the whole ui library (its types resolve by name through the builder scope,
 * as in the running app), registers a stand-in subclass of each template's
 * parent and builds the file into it: unknown classes, properties, signals,
 * bad values and malformed XML all fail.  Signal handlers need not exist
 * here (they are bound by the real class), so the scope gives a no-op closure.
 * The .ui files are globbed at run time so new ones are covered.
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "iv-resources.h"

/* A builder scope that resolves types like the C scope but accepts any handler */
#define IV_TYPE_VALIDATE_SCOPE (iv_validate_scope_get_type ())
G_DECLARE_FINAL_TYPE (IvValidateScope, iv_validate_scope, IV, VALIDATE_SCOPE, GtkBuilderCScope)

struct _IvValidateScope
{
  GtkBuilderCScope parent_instance;
};

static GtkBuilderScopeInterface *parent_scope_iface;

static void
noop_handler (void)
{
}

static GClosure *
iv_validate_scope_create_closure (GtkBuilderScope        *scope,
                                  GtkBuilder             *builder,
                                  const char             *function_name,
                                  GtkBuilderClosureFlags  flags,
                                  GObject                *object,
                                  GError                **error)
{
  return g_cclosure_new (G_CALLBACK (noop_handler), NULL, NULL);
}

static void
iv_validate_scope_iface_init (GtkBuilderScopeInterface *iface)
{
  parent_scope_iface = g_type_interface_peek_parent (iface);
  iface->create_closure = iv_validate_scope_create_closure;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (IvValidateScope, iv_validate_scope, GTK_TYPE_BUILDER_CSCOPE,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDER_SCOPE, iv_validate_scope_iface_init))

static void
iv_validate_scope_class_init (IvValidateScopeClass *klass)
{
}

static void
iv_validate_scope_init (IvValidateScope *self)
{
}

static GtkBuilder *
new_builder (void)
{
  GtkBuilder *builder = gtk_builder_new ();
  g_autoptr(GtkBuilderScope) scope = g_object_new (IV_TYPE_VALIDATE_SCOPE, NULL);

  gtk_builder_set_scope (builder, scope);
  return builder;
}

/* Reads an attribute of the <template> element, if the file has one */
static char *
template_attribute (const char *contents,
                    const char *name)
{
  const char *tag = strstr (contents, "<template");
  g_autofree char *key = g_strdup_printf (" %s=\"", name);
  const char *end, *attr, *value_end;

  if (tag == NULL)
    return NULL;
  end = strchr (tag, '>');
  attr = strstr (tag, key);
  if (end == NULL || attr == NULL || attr > end)
    return NULL;
  attr += strlen (key);
  value_end = strchr (attr, '"');
  return value_end != NULL ? g_strndup (attr, value_end - attr) : NULL;
}

static void
release_object (GObject *object)
{
  if (GTK_IS_WINDOW (object))
    gtk_window_destroy (GTK_WINDOW (object));
  else
    g_object_unref (object);
}

static void
test_ui_file (gconstpointer data)
{
  const char *path = data;
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;
  g_autofree char *class_name = NULL;
  g_autofree char *parent_name = NULL;
  g_autoptr(GtkBuilder) builder = new_builder ();

  if (!g_file_get_contents (path, &contents, &length, &error))
    g_error ("%s", error->message);

  class_name = template_attribute (contents, "class");
  parent_name = template_attribute (contents, "parent");

  if (class_name == NULL)
    {
      gboolean ok = gtk_builder_add_from_string (builder, contents, length, &error);

      g_assert_no_error (error);
      g_assert_true (ok);
      return;
    }

  g_assert_nonnull (parent_name);
  {
    /* A stand-in type: the real class would already have applied its template from the resource */
    static guint counter;
    GType parent_type = gtk_builder_get_type_from_name (builder, parent_name);
    g_autofree char *fake_name = g_strdup_printf ("IvValidateFake%u", ++counter);
    g_autofree char *old_attr = g_strdup_printf ("class=\"%s\"", class_name);
    g_autofree char *new_attr = g_strdup_printf ("class=\"%s\"", fake_name);
    g_autoptr(GString) patched = g_string_new_len (contents, length);
    const char *tag = strstr (patched->str, "<template");
    gsize at = (gsize) (strstr (tag, old_attr) - patched->str);
    GTypeQuery query;
    GType fake_type;
    GObject *object;
    gboolean ok;

    if (parent_type == G_TYPE_INVALID)
      g_error ("%s: unknown template parent type %s", path, parent_name);
    g_assert_true (G_TYPE_IS_OBJECT (parent_type));
    /* The real class must exist too, and derive from the declared parent */
    {
      GType real_type = gtk_builder_get_type_from_name (builder, class_name);

      if (real_type == G_TYPE_INVALID)
        g_error ("%s: template class %s is not a type of the ui library", path, class_name);
      g_assert_true (g_type_is_a (real_type, parent_type));
    }

    g_type_query (parent_type, &query);
    fake_type = g_type_register_static_simple (parent_type, g_intern_string (fake_name),
                                               query.class_size, NULL,
                                               query.instance_size, NULL, 0);
    g_string_erase (patched, at, strlen (old_attr));
    g_string_insert (patched, at, new_attr);

    object = g_object_new (fake_type, NULL);
    if (G_IS_INITIALLY_UNOWNED (object))
      g_object_ref_sink (object);
    ok = gtk_builder_extend_with_template (builder, object, fake_type,
                                           patched->str, patched->len, &error);
    g_assert_no_error (error);
    g_assert_true (ok);
    g_clear_object (&builder);
    release_object (object);
  }
}

static void
collect_ui_files (const char *dir,
                  GPtrArray  *out)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        collect_ui_files (path, out);
      else if (g_str_has_suffix (name, ".ui"))
        g_ptr_array_add (out, g_steal_pointer (&path));
    }
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
test_no_display (void)
{
  g_test_skip ("no display: run under xvfb-run");
}

int
main (int   argc,
      char *argv[])
{
  const char *src = g_getenv ("MESON_SOURCE_ROOT");
  g_autofree char *ui_dir = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  g_test_init (&argc, &argv, NULL);

  if (src == NULL)
    src = ".";
  ui_dir = g_build_filename (src, "src", "ui", NULL);

  if (!gtk_init_check ())
    {
      g_test_add_func ("/data/ui/no-display", test_no_display);
      return g_test_run ();
    }
  adw_init ();
  /* Custom widgets inside a file load their own templates from the resource */
  iv_resources_ensure_registered ();

  collect_ui_files (ui_dir, files);
  g_ptr_array_sort (files, compare_paths);
  if (files->len == 0)
    g_error ("no .ui file found under %s", ui_dir);

  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      const char *rel = path + strlen (ui_dir) + 1;
      g_autofree char *test_name = g_strdup_printf ("/data/ui/%s", rel);

      g_test_add_data_func (test_name, path, test_ui_file);
    }

  return g_test_run ();
}
