/* test-text-warmup.c: the first frame's text is remembered (characters and fonts, never what was typed) and laid out ahead at the next start
 *
 * zh_CN, under Xvfb.  A real window is painted; its record is a real key
 * file; the replay runs on its real worker thread with a real font map.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <pango/pangocairo.h>

#include "iv-text-warmup.h"
#include "iv-ui-test-util.h"

static char *tmp_dir;

static char *
record_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

/* A window like a sign-in form: a title, a field label, a hidden label,
 * and a password and an account typed in */
static GtkWidget *
painted_window (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new ("登录");
  GtkWidget *field = gtk_label_new ("服务地址");
  GtkWidget *hidden = gtk_label_new ("隐藏");
  GtkWidget *password = gtk_password_entry_new ();
  GtkWidget *account = gtk_entry_new ();
  gboolean painted = FALSE;

  gtk_widget_add_css_class (title, "title-1");
  gtk_widget_add_css_class (field, "heading");
  gtk_widget_set_visible (hidden, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (password), "龘靐");
  gtk_editable_set_text (GTK_EDITABLE (account), "齉");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), field);
  gtk_box_append (GTK_BOX (box), hidden);
  gtk_box_append (GTK_BOX (box), password);
  gtk_box_append (GTK_BOX (box), account);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_widget_realize (window);
  g_signal_connect (gdk_surface_get_frame_clock (gtk_native_get_surface (GTK_NATIVE (window))),
                    "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_window_present (GTK_WINDOW (window));
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  return window;
}

/* Every font's characters in the record, joined */
static char *
recorded_characters (GKeyFile *record)
{
  g_auto(GStrv) groups = g_key_file_get_groups (record, NULL);
  GString *all = g_string_new (NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    if (g_str_has_prefix (groups[i], "font "))
      {
        g_autofree char *characters = g_key_file_get_string (record, groups[i], "characters", NULL);

        g_assert_nonnull (characters);
        g_string_append (all, characters);
      }
  return g_string_free (all, FALSE);
}

static void
test_record (void)
{
  g_autofree char *path = record_path ("first-frame-text.ini");
  GtkWidget *window = painted_window ();
  g_autoptr(GKeyFile) record = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *language = NULL, *characters = NULL, *title_font = NULL;
  g_auto(GStrv) groups = NULL;
  PangoFontDescription *title;

  iv_text_warmup_record (window, path);
  g_key_file_load_from_file (record, path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);

  /* The fonts' context as the widgets lay out text: zh_CN, 96 dpi here */
  language = g_key_file_get_string (record, "context", "language", NULL);
  g_assert_cmpstr (language, ==, "zh-cn");
  g_assert_cmpfloat (g_key_file_get_double (record, "context", "resolution", NULL), >, 0);

  /* What was drawn, each character once, in its own font */
  characters = recorded_characters (record);
  g_assert_nonnull (g_utf8_strchr (characters, -1, g_utf8_get_char ("登")));
  g_assert_nonnull (g_utf8_strchr (characters, -1, g_utf8_get_char ("址")));
  groups = g_key_file_get_groups (record, NULL);
  g_assert_cmpuint (g_strv_length (groups), >=, 3);   /* context, body or heading, title */
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_autofree char *group_characters = g_key_file_get_string (record, groups[i], "characters", NULL);

      if (g_strcmp0 (group_characters, "录登") == 0)   /* sorted by code point */
        title_font = g_key_file_get_string (record, groups[i], "description", NULL);
    }
  g_assert_nonnull (title_font);
  title = pango_font_description_from_string (title_font);
  g_assert_cmpint (pango_font_description_get_weight (title), >, PANGO_WEIGHT_BOLD);
  pango_font_description_free (title);

  /* Never what was typed (a password), never what was not drawn */
  g_assert_null (g_utf8_strchr (characters, -1, g_utf8_get_char ("龘")));
  g_assert_null (g_utf8_strchr (characters, -1, g_utf8_get_char ("靐")));
  g_assert_null (g_utf8_strchr (characters, -1, g_utf8_get_char ("齉")));
  g_assert_null (g_utf8_strchr (characters, -1, g_utf8_get_char ("隐")));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The same first frame again: the file is left as it was */
static void
test_unchanged_not_rewritten (void)
{
  g_autofree char *path = record_path ("first-frame-text.ini");
  GtkWidget *window = painted_window ();
  GStatBuf before, after;

  iv_text_warmup_record (window, path);
  g_assert_cmpint (g_stat (path, &before), ==, 0);
  iv_text_warmup_record (window, path);
  g_assert_cmpint (g_stat (path, &after), ==, 0);
  /* g_file_set_contents () replaces the file: a new inode if written */
  g_assert_cmpuint (before.st_ino, ==, after.st_ino);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The replay fills a font map of its own and makes it the default the
 * widgets use; text then lays out as before */
static void
test_replay (void)
{
  g_autofree char *path = record_path ("first-frame-text.ini");
  PangoFontMap *before = pango_cairo_font_map_get_default ();
  IvTextWarmup *warmup = iv_text_warmup_start (path);
  GtkWidget *label;
  PangoLayout *layout;
  int width, height;

  g_assert_nonnull (warmup);
  iv_text_warmup_finish (warmup);
  g_assert_true (pango_cairo_font_map_get_default () != before);

  label = g_object_ref_sink (gtk_label_new ("登录"));
  layout = gtk_widget_create_pango_layout (label, "登录服务地址");
  g_assert_true (pango_context_get_font_map (pango_layout_get_context (layout)) == pango_cairo_font_map_get_default ());
  pango_layout_get_pixel_size (layout, &width, &height);
  g_object_unref (layout);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);
  g_object_unref (label);
}

/* A missing or damaged record: nothing to replay, or a replay that skips
 * what it cannot use; never a crash, never giant glyphs */
static void
test_bad_records (void)
{
  static const char *records[] = {
    "",
    "not a key file \xff\xfe",
    "[font 0]\ndescription=Sans 12px\ncharacters=登录\n",                         /* no context */
    "[context]\nresolution=96\n[font 0]\ndescription=Sans 12px\ncharacters=\xe7\x99\n",   /* bad UTF-8 */
    "[context]\nresolution=96\n[font 0]\ndescription=Sans 90000px\ncharacters=登录\n",   /* giant */
    "[context]\nresolution=-3\n[font 0]\ndescription=Sans 12px\ncharacters=登录\n",
    "[context]\nresolution=1e300\nantialias=99\nhint-style=-7\n[font 0]\ndescription=\ncharacters=登\n",
    "[context]\nresolution=96\n[font 0]\ndescription=Sans 12px\n",                       /* no characters */
  };
  g_autofree char *missing = record_path ("missing.ini");
  g_autofree char *path = record_path ("bad.ini");

  g_assert_null (iv_text_warmup_start (missing));
  for (guint i = 0; i < G_N_ELEMENTS (records); i++)
    {
      /* Giant glyphs would take minutes: the test's timeout would say so */
      g_assert_true (g_file_set_contents (path, records[i], -1, NULL));
      iv_text_warmup_finish (iv_text_warmup_start (path));
    }
}

int
main (int argc, char *argv[])
{
  int status;

  tmp_dir = iv_ui_test_private_dirs ("iv-text-warmup-XXXXXX");
  g_mkdir_with_parents (tmp_dir, 0700);
  if (!iv_ui_test_init_zh_cn (&argc, &argv))
    return 77;

  g_test_add_func ("/ui/text-warmup/record", test_record);
  g_test_add_func ("/ui/text-warmup/unchanged-not-rewritten", test_unchanged_not_rewritten);
  g_test_add_func ("/ui/text-warmup/replay", test_replay);
  g_test_add_func ("/ui/text-warmup/bad-records", test_bad_records);
  status = g_test_run ();

  {
    g_autoptr(GFile) dir = g_file_new_for_path (tmp_dir);

    remove_tree (dir);
  }
  g_free (tmp_dir);
  return status;
}
