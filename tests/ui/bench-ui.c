/* bench-ui.c: the UI with 100,000 services cached (printed figures, never a timed test)
 *
 *   bench-ui            fills a cache with 100,000 services, then runs
 *                       itself as child processes and prints:
 *                       (IV_BENCH_CACHE=DIR keeps the filled cache in DIR
 *                       and reuses it next time: filling takes minutes;
 *                       IV_BENCH_START_ONLY=1 stops the app after its
 *                       first frame)
 *   bench-ui --bare     a bare libadwaita window: µs from start to first frame
 *   bench-ui --app DIR  the app on that cache: µs to first frame, keystroke
 *                       to results (median, p90) and RSS after scrolling the
 *                       whole catalog, then closes the window
 *                       (IV_BENCH_KEY_ROUNDS: rounds of the 10 queries,
 *                       default 3; IV_BENCH_NO_SCROLL=1: no scrolling;
 *                       IV_BENCH_SMAPS=1: RSS by mapping, bare and app)
 * Needs a display (xvfb-run).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <time.h>

#include "iv-application.h"
#include "iv-cache-db.h"
#include "iv-catalog-page.h"
#include "iv-catalog-results.h"
#include "iv-window.h"
#include "iv-ui-test-util.h"

#define N_SERVICES 100000
#define N_INSTITUTIONS 400

static gint64 start_us;
static gint64 thread_cpu_us (void);

/* Fill ------------------------------------------------------------------ */

static const char *words[] = { "材料成分分析", "扫描电镜", "有害物质检测", "环境可靠性试验", "软件测评",
                               "电磁兼容测试", "芯片失效分析", "药物毒理学试验", "工业设计", "质谱分析" };
static const char *districts[] = { "浦东新区", "徐汇区", "闵行区", "杨浦区", "嘉定区", "松江区" };
static const char *categories[] = { "testing", "joint_rnd", "commissioned_dev", "rnd_design", "tech_solution", "instrument" };

static gpointer
decode (gpointer (*fn) (JsonNode *, GError **), const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  g_autoptr(GError) error = NULL;
  gpointer obj = fn (node, &error);

  g_assert_no_error (error);
  return obj;
}

static void
fill_cache (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IvCacheDb) cache = iv_cache_db_open (dir, &error);
  g_autoptr(GPtrArray) insts = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 t0 = g_get_monotonic_time ();

  g_assert_no_error (error);
  for (guint i = 0; i < N_INSTITUTIONS; i++)
    {
      g_autofree char *json = g_strdup_printf (
        "{\"id\": \"inst-%04u\", \"name\": \"上海第%u检测技术中心\", \"credit_code\": \"12310000425006117P\","
        " \"district\": \"%s\", \"address\": \"上海市某路%u号\", \"phone\": \"021-38839800\","
        " \"accreditations\": [%s], \"accepts_vouchers\": true, \"updated_at\": \"2026-03-01T09:00:00+08:00\"}",
        i, i, districts[i % G_N_ELEMENTS (districts)], i, i % 3 == 0 ? "\"CMA\", \"CNAS\"" : "\"CMA\"");
      g_ptr_array_add (insts, decode ((gpointer) iv_institution_new_from_json, json));
    }
  g_assert_true (iv_cache_db_apply_catalog_page (cache, insts, NULL, NULL, NULL, -1, &error));
  for (guint page = 0; page < N_SERVICES / 5000; page++)
    {
      g_autoptr(GPtrArray) services = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint j = 0; j < 5000; j++)
        {
          guint i = page * 5000 + j;
          g_autofree char *price = i % 7 == 0 ? g_strdup ("null") : g_strdup_printf ("%u", 10000 + (i % 500) * 1000);
          g_autofree char *json = g_strdup_printf (
            "{\"id\": \"svc-%06u\", \"institution_id\": \"inst-%04u\", \"category\": \"%s\","
            " \"title\": \"%s（型号 JSM-%u）\", \"description\": \"第 %u 项服务\", \"price_fen\": %s,"
            " \"price_note\": null, \"unit\": \"样品\", \"updated_at\": \"2026-03-02T10:30:00Z\"}",
            i, i % N_INSTITUTIONS, categories[i % G_N_ELEMENTS (categories)],
            words[i % G_N_ELEMENTS (words)], 1000 + i % 9000, i, price);
          g_ptr_array_add (services, decode ((gpointer) iv_service_new_from_json, json));
        }
      g_assert_true (iv_cache_db_apply_catalog_page (cache, NULL, services, NULL, NULL,
                                                     page == N_SERVICES / 5000 - 1 ? 1 : -1, &error));
    }
  g_print ("# filled a cache with %u services in %.1f s\n", iv_cache_db_count_services (cache),
           (g_get_monotonic_time () - t0) / 1e6);
}

/* First frame ------------------------------------------------------------- */

static gboolean
quit_app_cb (gpointer app)
{
  g_application_quit (G_APPLICATION (app));
  return G_SOURCE_REMOVE;
}


static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  gboolean *done = user_data;

  if (!*done)
    {
      *done = TRUE;
      g_print ("first-frame-us %" G_GINT64_FORMAT " main-thread-cpu-us %" G_GINT64_FORMAT "\n",
           g_get_monotonic_time () - start_us, thread_cpu_us ());
      /* IV_BENCH_START_ONLY=1: the app stops a second after its first
       * frame (however slow that is, e.g. under callgrind) */
      if (IV_IS_APPLICATION (g_application_get_default ()) &&
          g_strcmp0 (g_getenv ("IV_BENCH_START_ONLY"), "1") == 0)
        g_timeout_add_seconds (1, quit_app_cb, g_application_get_default ());
    }
}

static void
watch_first_frame (GtkWidget *window,
                   gboolean  *done)
{
  g_signal_connect (window, "map", G_CALLBACK (gtk_widget_queue_draw), NULL);
  gtk_widget_realize (window);
  g_signal_connect (gdk_surface_get_frame_clock (gtk_native_get_surface (GTK_NATIVE (window))),
                    "after-paint", G_CALLBACK (after_paint_cb), done);
}

static long rss_kib (void);
static char *rss_split (void);
static void print_smaps (void);

static gboolean
quit_cb (gpointer app)
{
  /* What GTK, libadwaita and the renderer cost without the app */
  g_autofree char *split = rss_split ();

  g_print ("bare-rss-kib %ld (%s)\n", rss_kib (), split);
  print_smaps ();
  g_application_quit (G_APPLICATION (app));
  return G_SOURCE_REMOVE;
}

static void
bare_activate_cb (GApplication *app,
                  gpointer      user_data)
{
  static gboolean done;
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));

  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 720);
  watch_first_frame (window, &done);
  gtk_window_present (GTK_WINDOW (window));
  g_timeout_add_seconds (1, quit_cb, app);
}

/* The app on the big cache -------------------------------------------------- */

static void
wait_frames (GtkWidget *widget, guint n)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gint64 counter = gdk_frame_clock_get_frame_counter (clock);

  while (gdk_frame_clock_get_frame_counter (clock) < counter + n)
    g_main_context_iteration (NULL, TRUE);
}

/* CPU time of the main thread: what the app itself spent, whatever the
 * load of the box (the wall-clock figures include waiting for a core) */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static int
compare_int64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

/* "VmRSS 1 RssAnon 2 RssFile 3" (kiB): anonymous memory is the app's
 * own, file pages are libraries (a software GL renderer under xvfb is
 * ~65 MB of them) and fonts */
static char *
rss_split (void)
{
  g_autofree char *status = NULL;
  const char *anon, *file;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (anon = strstr (status, "RssAnon:")) == NULL || (file = strstr (status, "RssFile:")) == NULL)
    return g_strdup ("?");
  return g_strdup_printf ("anon %ld file %ld", strtol (anon + 8, NULL, 10), strtol (file + 8, NULL, 10));
}

static long
rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (p = strstr (status, "VmRSS:")) == NULL)
    return -1;
  return strtol (p + 6, NULL, 10);
}

/* IV_BENCH_SMAPS=1: where the RSS is, by mapping (file, [heap], anon),
 * the biggest first: the account behind rss-after-scroll */
static void
print_smaps (void)
{
  g_autofree char *smaps = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *name = "?";
  GHashTableIter iter;
  gpointer key, value;

  if (g_getenv ("IV_BENCH_SMAPS") == NULL || !g_file_get_contents ("/proc/self/smaps", &smaps, NULL, NULL))
    return;
  lines = g_strsplit (smaps, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *l = lines[i];

      if (g_ascii_isxdigit (l[0]) && strchr (l, '-') != NULL && strchr (l, ' ') != NULL)
        {
          /* "start-end perms offset dev inode   path" */
          const char *p = l;
          for (guint field = 0; field < 5 && p != NULL; field++)
            p = strchr (p + 1, ' ');
          while (p != NULL && *p == ' ')
            p++;
          name = p != NULL && *p != '\0' ? p : "[anon]";
        }
      else if (g_str_has_prefix (l, "Rss:"))
        {
          long kib = strtol (l + 4, NULL, 10);
          const char *base = strrchr (name, '/') != NULL && name[0] == '/' ? strrchr (name, '/') + 1 : name;
          gpointer old = g_hash_table_lookup (by_name, base);

          g_hash_table_insert (by_name, g_strdup (base), GSIZE_TO_POINTER (GPOINTER_TO_SIZE (old) + kib));
        }
    }
  g_hash_table_iter_init (&iter, by_name);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_ptr_array_add (names, key);
  /* The 15 biggest, by repeated selection (a few hundred names) */
  for (guint n = 0; n < 15 && names->len > 0; n++)
    {
      guint best = 0;

      for (guint i = 1; i < names->len; i++)
        if (GPOINTER_TO_SIZE (g_hash_table_lookup (by_name, names->pdata[i])) >
            GPOINTER_TO_SIZE (g_hash_table_lookup (by_name, names->pdata[best])))
          best = i;
      g_print ("smaps %6" G_GSIZE_FORMAT " kiB %s\n",
               GPOINTER_TO_SIZE (g_hash_table_lookup (by_name, names->pdata[best])),
               (const char *) names->pdata[best]);
      g_ptr_array_remove_index_fast (names, best);
    }
}

/* The catalog's list, not the list inside a drop-down's popover */
static GtkWidget *
find_list (GtkWidget *w)
{
  if (GTK_IS_POPOVER (w))
    return NULL;
  if (GTK_IS_LIST_VIEW (w))
    return w;
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_list (c);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
drive_app (gpointer user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  static const char *queries[] = { "检", "检测", "扫描电镜", "成分分析", "CMA", "JSM", "7800", "电", "软件测评", "失效" };
  GtkWidget *page, *entry, *list, *scrolled;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (gint64));
  GtkAdjustment *adj;
  gint64 t0, c0;

  /* The catalog page is built after the first frame (or when shown) */
  while ((page = find_widget (GTK_WIDGET (window), IV_TYPE_CATALOG_PAGE)) == NULL)
    g_main_context_iteration (NULL, TRUE);
  entry = find_widget (page, GTK_TYPE_SEARCH_ENTRY);
  list = find_list (page);
  scrolled = gtk_widget_get_ancestor (list, GTK_TYPE_SCROLLED_WINDOW);
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

  /* Opening the catalog: the first search builds the store's search
   * table; the page paints its loading state first, then the list */
  t0 = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  while (!gtk_widget_get_mapped (list) || gtk_adjustment_get_upper (adj) <= gtk_adjustment_get_page_size (adj))
    wait_frames (GTK_WIDGET (window), 1);
  g_print ("open-catalog-to-list-us %" G_GINT64_FORMAT " (%u services listed)\n", g_get_monotonic_time () - t0,
           g_list_model_get_n_items (iv_catalog_page_get_results (IV_CATALOG_PAGE (page))));
  wait_frames (GTK_WIDGET (window), 10);

  /* Keystroke to results on screen: text set → search → next frame painted */
  for (guint round = 0; round < (g_getenv ("IV_BENCH_KEY_ROUNDS") ? (guint) atoi (g_getenv ("IV_BENCH_KEY_ROUNDS")) : 3); round++)
    for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
      {
        t0 = g_get_monotonic_time ();
        c0 = thread_cpu_us ();
        gtk_editable_set_text (GTK_EDITABLE (entry), queries[i]);
        wait_frames (GTK_WIDGET (window), 1);
        t0 = g_get_monotonic_time () - t0;
        c0 = thread_cpu_us () - c0;
        g_array_append_val (times, t0);
        g_array_append_val (cpu, c0);
      }
  g_array_sort (cpu, compare_int64);
  g_print ("keystroke-to-results-main-thread-cpu-us median %" G_GINT64_FORMAT " p90 %" G_GINT64_FORMAT "\n",
           g_array_index (cpu, gint64, cpu->len / 2), g_array_index (cpu, gint64, cpu->len * 9 / 10));
  g_array_sort (times, compare_int64);
  g_print ("keystroke-to-results-us median %" G_GINT64_FORMAT " p90 %" G_GINT64_FORMAT " max %" G_GINT64_FORMAT " (%u queries)\n",
           g_array_index (times, gint64, times->len / 2),
           g_array_index (times, gint64, times->len * 9 / 10),
           g_array_index (times, gint64, times->len - 1), times->len);

  /* The renderer's floor: the same window repainted with nothing changed
   * (a keystroke's frame repaints the list, most of the window) */
  g_array_set_size (times, 0);
  for (guint i = 0; i < 30; i++)
    {
      t0 = g_get_monotonic_time ();
      gtk_widget_queue_draw (GTK_WIDGET (window));
      wait_frames (GTK_WIDGET (window), 1);
      t0 = g_get_monotonic_time () - t0;
      g_array_append_val (times, t0);
    }
  g_array_sort (times, compare_int64);
  g_print ("repaint-unchanged-us median %" G_GINT64_FORMAT " p90 %" G_GINT64_FORMAT " (30 frames)\n",
           g_array_index (times, gint64, times->len / 2), g_array_index (times, gint64, times->len * 9 / 10));

  if (g_getenv ("IV_BENCH_NO_SCROLL") != NULL)
    goto close;

  /* Scroll the whole catalog (all services: empty query) */
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  wait_frames (GTK_WIDGET (window), 2);
  /* The list is laid out (upper known) before scrolling starts */
  while (gtk_adjustment_get_upper (adj) <= gtk_adjustment_get_page_size (adj))
    wait_frames (GTK_WIDGET (window), 1);
  gtk_adjustment_set_value (adj, 0);
  wait_frames (GTK_WIDGET (window), 2);
  g_print ("results %u\n", g_list_model_get_n_items (iv_catalog_page_get_results (IV_CATALOG_PAGE (page))));
  g_print ("rss-before-scroll-kib %ld\n", rss_kib ());
  t0 = g_get_monotonic_time ();
  while (gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj) < gtk_adjustment_get_upper (adj) - 1)
    {
      if (g_get_monotonic_time () - t0 > 300 * G_USEC_PER_SEC)
        {
          g_print ("scroll stopped after 300 s at %.0f of %.0f px\n", gtk_adjustment_get_value (adj),
                   gtk_adjustment_get_upper (adj));
          break;
        }
      /* From top to bottom in 200 frames (a software renderer under
       * xvfb paints a few frames a second on a loaded box): the pages on
       * screen at each step are read, the older ones dropped */
      gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) +
                                MAX (gtk_adjustment_get_page_size (adj), gtk_adjustment_get_upper (adj) / 200));
      wait_frames (GTK_WIDGET (window), 1);
    }
  {
    g_autofree char *split = rss_split ();

    g_print ("scrolled-to-end-s %.1f rss-after-scroll-kib %ld (%s; list height %.0f px)\n",
             (g_get_monotonic_time () - t0) / 1e6, rss_kib (), split, gtk_adjustment_get_upper (adj));
    print_smaps ();
  }
  {
    GListModel *results = iv_catalog_page_get_results (IV_CATALOG_PAGE (page));

    if (IV_IS_CATALOG_RESULTS (results))
      g_print ("services-in-memory %u pages-read %u\n", iv_catalog_results_get_n_loaded (IV_CATALOG_RESULTS (results)),
               iv_catalog_results_get_n_page_reads (IV_CATALOG_RESULTS (results)));
  }

close:
  /* Closing the window from the catalog, as a user does (the page's
   * cleanup once raised a critical there) */
  gtk_window_destroy (window);
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_REMOVE;
}

static void
app_window_added_cb (GtkApplication *app,
                     GtkWindow      *window,
                     gpointer        user_data)
{
  static gboolean done;

  watch_first_frame (GTK_WIDGET (window), &done);
  /* IV_BENCH_START_ONLY=1: only the first frame (a quick start-up round,
   * see after_paint_cb) */
  if (g_strcmp0 (g_getenv ("IV_BENCH_START_ONLY"), "1") != 0)
    g_timeout_add_seconds (2, drive_app, app);
}

/* Parent ------------------------------------------------------------------ */

static char *
run_child (const char *self_path, const char *mode, const char *dir, const char *grep)
{
  g_autofree char *out = NULL;
  const char *argv[] = { self_path, mode, dir, NULL };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  GString *found = g_string_new (NULL);

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, NULL, &error))
    g_error ("%s", error->message);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (grep == NULL || g_str_has_prefix (lines[i], grep))
      g_string_append_printf (found, "%s\n", lines[i]);
  return g_string_free (found, FALSE);
}

int
main (int argc, char *argv[])
{
  start_us = g_get_monotonic_time ();
  setlocale (LC_ALL, "");

  if (argc >= 2 && g_str_equal (argv[1], "--bare"))
    {
      g_autoptr(AdwApplication) app = adw_application_new ("cn.innovationvoucher.BenchBare", G_APPLICATION_NON_UNIQUE);

      g_signal_connect (app, "activate", G_CALLBACK (bare_activate_cb), NULL);
      return g_application_run (G_APPLICATION (app), 1, argv);
    }
  if (argc >= 3 && g_str_equal (argv[1], "--app"))
    {
      g_autoptr(IvApplication) app = NULL;
      char *app_argv[] = { argv[0], (char *) "--service-url", (char *) "http://127.0.0.1:9/", NULL };

      /* the app's cache is DIR/innovation-vouchers; the service is unreachable */
      g_setenv ("XDG_CACHE_HOME", argv[2], TRUE);
      bindtextdomain (GETTEXT_PACKAGE, iv_application_get_locale_dir ());
      textdomain (GETTEXT_PACKAGE);
      app = iv_application_new ();
      g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
      g_signal_connect (app, "window-added", G_CALLBACK (app_window_added_cb), NULL);
      return g_application_run (G_APPLICATION (app), 3, app_argv);
    }

  {
    const char *keep = g_getenv ("IV_BENCH_CACHE");
    g_autofree char *tmp = keep != NULL ? g_strdup (keep) : g_dir_make_tmp ("iv-bench-ui-XXXXXX", NULL);
    g_autofree char *cache_dir = g_build_filename (tmp, "innovation-vouchers", NULL);
    g_autofree char *data_dir = g_build_filename (tmp, "data", NULL);
    g_autofree char *filled = g_build_filename (tmp, "filled", NULL);

    g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
    g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
    if (keep == NULL || !g_file_test (filled, G_FILE_TEST_EXISTS))
      {
        g_mkdir_with_parents (tmp, 0700);
        fill_cache (cache_dir);
        g_file_set_contents (filled, "", 0, NULL);
      }
    else
      {
        g_autoptr(IvCacheDb) cache = iv_cache_db_open (cache_dir, NULL);

        /* A cache of an older schema is rebuilt empty by the store */
        if (cache == NULL || iv_cache_db_count_services (cache) != N_SERVICES)
          {
            g_clear_object (&cache);
            fill_cache (cache_dir);
          }
        else
          g_print ("# reusing the cache in %s\n", cache_dir);
      }
    /* Alternate bare and app in the same run (IV_BENCH_ROUNDS, default 2) */
    for (guint round = 0; round < (g_getenv ("IV_BENCH_ROUNDS") ? (guint) atoi (g_getenv ("IV_BENCH_ROUNDS")) : 2); round++)
      {
        g_autofree char *b = run_child (argv[0], "--bare", tmp, NULL);
        g_autofree char *a = run_child (argv[0], "--app", tmp, NULL);

        g_print ("round %u bare:\n%s", round, b);
        g_print ("round %u app:\n%s", round, a);
      }
    if (keep == NULL)
      {
        g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp);
        if (system (cmd) != 0)
          g_printerr ("could not remove %s\n", tmp);
      }
  }
  return 0;
}
