/* iv-text-warmup.c: the first frame's text laid out ahead, on a worker thread
 *
 * Text is the first frame's biggest cost over a bare window: pango finding
 * the Chinese fonts (fontconfig), loading their glyphs (FreeType reads the
 * CFF outlines of Noto Sans CJK), measuring and rasterizing them.  All of it
 * is cached, in the font map, its fonts and cairo's scaled fonts.
 *
 * So each start remembers, after its first frame, which characters that
 * frame drew in which fonts (a small key file in the cache folder: only the
 * set of characters of each font, never whole texts, never what was typed).
 * The next start lays them out on a worker thread while GTK and libadwaita
 * load, and the first frame finds them ready.  The very first start has
 * nothing to replay and pays for its text itself.
 *
 * A font map is not safe to use from two threads at once, so the worker
 * fills a new one of its own, and iv_text_warmup_finish () makes it the
 * calling thread's default (the one GTK's widgets use) once the worker is
 * joined.  Call it on the main thread before the first frame: a widget that
 * made its pango context earlier keeps the font map of before (safe, only
 * not warmed).
 */
#include "config.h"

#include <pango/pangocairo.h>

#include "iv-text-warmup.h"

#define RECORD_GROUP "context"
/* A record is ours, in the user's cache folder; still, a damaged one must
 * not make the worker rasterize giant glyphs for seconds */
#define MAX_FONTS         32
#define MAX_CHARACTERS    4096
#define MAX_PIXEL_SIZE    256.0

struct _IvTextWarmup
{
  GThread  *thread;
  GKeyFile *record;
};

/* Replaying ----------------------------------------------------------------- */

/* An enum from the record, or 0 (cairo's DEFAULT) if it is not one */
static int
enum_from_record (GKeyFile   *record,
                  const char *key,
                  int         last)
{
  int value = g_key_file_get_integer (record, RECORD_GROUP, key, NULL);

  return value >= 0 && value <= last ? value : 0;
}

static cairo_font_options_t *
font_options_from_record (GKeyFile *record)
{
  cairo_font_options_t *options = cairo_font_options_create ();

  cairo_font_options_set_antialias (options, enum_from_record (record, "antialias", CAIRO_ANTIALIAS_BEST));
  cairo_font_options_set_subpixel_order (options, enum_from_record (record, "subpixel-order",
                                                                    CAIRO_SUBPIXEL_ORDER_VBGR));
  cairo_font_options_set_hint_style (options, enum_from_record (record, "hint-style", CAIRO_HINT_STYLE_FULL));
  cairo_font_options_set_hint_metrics (options, enum_from_record (record, "hint-metrics", CAIRO_HINT_METRICS_ON));
  return options;
}

static void
lay_out (PangoContext *context,
         const char   *characters)
{
  g_autoptr(PangoLayout) layout = pango_layout_new (context);
  cairo_surface_t *surface;
  cairo_t *cr;
  int width, height;

  /* Fontsets, shaping and glyph extents, as a label's measure needs */
  pango_layout_set_text (layout, characters, -1);
  pango_layout_get_pixel_size (layout, &width, &height);
  pango_font_metrics_unref (pango_context_get_metrics (context, NULL, NULL));

  /* The glyphs rasterized, as painting needs */
  surface = cairo_image_surface_create (CAIRO_FORMAT_A8, CLAMP (width, 1, 4096), CLAMP (height, 1, 512));
  cr = cairo_create (surface);
  pango_cairo_show_layout (cr, layout);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static gpointer
replay (gpointer data)
{
  GKeyFile *record = data;
  PangoFontMap *font_map = pango_cairo_font_map_new ();
  PangoContext *context = pango_font_map_create_context (font_map);
  g_auto(GStrv) groups = g_key_file_get_groups (record, NULL);
  g_autofree char *language = g_key_file_get_string (record, RECORD_GROUP, "language", NULL);
  double resolution = g_key_file_get_double (record, RECORD_GROUP, "resolution", NULL);
  cairo_font_options_t *options = font_options_from_record (record);

  if (language != NULL)
    pango_context_set_language (context, pango_language_from_string (language));
  pango_context_set_round_glyph_positions (context, g_key_file_get_boolean (record, RECORD_GROUP,
                                                                            "round-glyph-positions", NULL));
  pango_cairo_context_set_resolution (context, resolution);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);

  for (guint i = 0, n = 0; groups[i] != NULL && n < MAX_FONTS && resolution >= 24 && resolution <= 960; i++)
    {
      g_autofree char *description = g_key_file_get_string (record, groups[i], "description", NULL);
      g_autofree char *characters = g_key_file_get_string (record, groups[i], "characters", NULL);
      PangoFontDescription *font;
      double pixels;

      if (description == NULL || characters == NULL || !g_utf8_validate (characters, -1, NULL) ||
          g_utf8_strlen (characters, -1) > MAX_CHARACTERS)
        continue;
      font = pango_font_description_from_string (description);
      pixels = pango_font_description_get_size (font) / (double) PANGO_SCALE;
      if (!pango_font_description_get_size_is_absolute (font))
        pixels *= resolution / 72.0;
      if (pixels > 0 && pixels <= MAX_PIXEL_SIZE)
        {
          pango_context_set_font_description (context, font);
          lay_out (context, characters);
          n++;
        }
      pango_font_description_free (font);
    }
  g_object_unref (context);
  return font_map;
}

IvTextWarmup *
iv_text_warmup_start (const char *record_path)
{
  g_autoptr(GKeyFile) record = g_key_file_new ();
  IvTextWarmup *self;

  /* Nothing recorded yet (a first start), or a record we cannot read */
  if (!g_key_file_load_from_file (record, record_path, G_KEY_FILE_NONE, NULL) ||
      !g_key_file_has_group (record, RECORD_GROUP))
    return NULL;

  self = g_new0 (IvTextWarmup, 1);
  self->record = g_steal_pointer (&record);
  self->thread = g_thread_new ("iv-text-warmup", replay, self->record);
  return self;
}

void
iv_text_warmup_finish (IvTextWarmup *self)
{
  g_autoptr(PangoFontMap) font_map = NULL;

  if (self == NULL)
    return;
  font_map = g_thread_join (self->thread);
  pango_cairo_font_map_set_default (PANGO_CAIRO_FONT_MAP (font_map));
  g_key_file_unref (self->record);
  g_free (self);
}

/* Recording ----------------------------------------------------------------- */

typedef struct
{
  GHashTable   *fonts;     /* description → GHashTable of gunichar */
  PangoContext *context;   /* the first label's: options, resolution, language */
} Recording;

static void
record_text (Recording   *recording,
             GtkWidget   *widget,
             const char  *text)
{
  PangoContext *context = gtk_widget_get_pango_context (widget);
  g_autofree char *description = pango_font_description_to_string (pango_context_get_font_description (context));
  GHashTable *characters = g_hash_table_lookup (recording->fonts, description);

  if (characters == NULL)
    {
      characters = g_hash_table_new (NULL, NULL);
      g_hash_table_insert (recording->fonts, g_steal_pointer (&description), characters);
    }
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c))
        g_hash_table_add (characters, GUINT_TO_POINTER (c));
    }
  if (recording->context == NULL)
    recording->context = context;
}

/* Labels only: what is typed in an entry (a password) is never recorded */
static void
record_widget (Recording *recording,
               GtkWidget *widget)
{
  if (!gtk_widget_is_drawable (widget))
    return;
  if (GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget)) != '\0')
    record_text (recording, widget, gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    record_widget (recording, child);
}

static int
compare_unichar (gconstpointer a,
                 gconstpointer b)
{
  gunichar x = *(const gunichar *) a, y = *(const gunichar *) b;

  return (x > y) - (x < y);
}

static char *
characters_to_string (GHashTable *characters)
{
  g_autoptr(GArray) sorted = g_array_sized_new (FALSE, FALSE, sizeof (gunichar), g_hash_table_size (characters));
  GString *text = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, characters);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      gunichar c = GPOINTER_TO_UINT (key);

      g_array_append_val (sorted, c);
    }
  g_array_sort (sorted, compare_unichar);
  for (guint i = 0; i < sorted->len; i++)
    g_string_append_unichar (text, g_array_index (sorted, gunichar, i));
  return g_string_free (text, FALSE);
}

static void
record_context (GKeyFile     *record,
                PangoContext *context)
{
  const cairo_font_options_t *options = pango_cairo_context_get_font_options (context);
  cairo_font_options_t *defaults = cairo_font_options_create ();

  if (options == NULL)
    options = defaults;
  g_key_file_set_string (record, RECORD_GROUP, "language",
                         pango_language_to_string (pango_context_get_language (context)));
  g_key_file_set_double (record, RECORD_GROUP, "resolution", pango_cairo_context_get_resolution (context));
  g_key_file_set_boolean (record, RECORD_GROUP, "round-glyph-positions",
                          pango_context_get_round_glyph_positions (context));
  g_key_file_set_integer (record, RECORD_GROUP, "antialias", cairo_font_options_get_antialias (options));
  g_key_file_set_integer (record, RECORD_GROUP, "subpixel-order", cairo_font_options_get_subpixel_order (options));
  g_key_file_set_integer (record, RECORD_GROUP, "hint-style", cairo_font_options_get_hint_style (options));
  g_key_file_set_integer (record, RECORD_GROUP, "hint-metrics", cairo_font_options_get_hint_metrics (options));
  cairo_font_options_destroy (defaults);
}

void
iv_text_warmup_record (GtkWidget  *root,
                       const char *record_path)
{
  g_autoptr(GHashTable) fonts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) g_hash_table_unref);
  Recording recording = { fonts, NULL };
  g_autoptr(GKeyFile) record = g_key_file_new ();
  g_autoptr(GList) descriptions = NULL;
  g_autofree char *contents = NULL, *old_contents = NULL;
  g_autofree char *folder = g_path_get_dirname (record_path);
  guint n = 0;

  record_widget (&recording, root);
  if (recording.context == NULL)
    return;

  record_context (record, recording.context);
  descriptions = g_list_sort (g_hash_table_get_keys (fonts), (GCompareFunc) g_strcmp0);
  for (GList *l = descriptions; l != NULL; l = l->next, n++)
    {
      g_autofree char *group = g_strdup_printf ("font %u", n);
      g_autofree char *characters = characters_to_string (g_hash_table_lookup (fonts, l->data));

      g_key_file_set_string (record, group, "description", l->data);
      g_key_file_set_string (record, group, "characters", characters);
    }

  /* Written only when it changed: most starts draw the same first frame */
  contents = g_key_file_to_data (record, NULL, NULL);
  if (g_file_get_contents (record_path, &old_contents, NULL, NULL) && g_str_equal (old_contents, contents))
    return;
  if (g_mkdir_with_parents (folder, 0700) != 0 ||
      !g_file_set_contents_full (record_path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL))
    g_debug ("Text warm-up: could not write %s", record_path);
}
