/* bench-sync.c: catalog sync (full, raw download, unchanged) and outbox enqueue against the service on loopback
 *
 * 1. 380 institutions + 5,000 services: the raw pages downloaded (bytes
 *    only) vs a full sync into an empty cache, in the same run (median of 3).
 * 2. 100,000 services: a full sync, then a sync with nothing changed
 *    (median of 5).
 * 3. Outbox enqueue, fsync'd: median and p90 of 200.
 * 4. Outbox next ready item with 1,500 queued: median of 20.
 * --outbox runs only 4, --small only 1, --large only 2.  Prints figures;
 * asserts nothing about time.
 */
#include "config.h"

#include <stdio.h>
#include <time.h>

#include "../faults/iv-sync-test-util.h"
#include "iv-catalog-sync.h"

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  g_array_sort (values, cmp_double);
  return g_array_index (values, double, values->len / 2);
}

static double
percentile (GArray *values,
            double  p)
{
  g_array_sort (values, cmp_double);
  return g_array_index (values, double, (guint) (p * (values->len - 1)));
}

/* Every page of one catalog listing, bytes only; returns the item count */
static guint
download_raw (SoupSession *session,
              const char  *url,
              const char  *what,
              gsize       *bytes)
{
  g_autofree char *cursor = NULL;
  guint items = 0;

  do
    {
      g_autofree char *escaped = cursor != NULL ? g_uri_escape_string (cursor, NULL, FALSE) : NULL;
      g_autofree char *page_url = cursor != NULL
        ? g_strdup_printf ("%s/v1/catalog/%s?limit=500&cursor=%s", url, what, escaped)
        : g_strdup_printf ("%s/v1/catalog/%s?limit=500", url, what);
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", page_url);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, &error);
      g_autoptr(JsonParser) parser = NULL;
      JsonObject *root;
      const char *next;

      g_assert_no_error (error);
      *bytes += g_bytes_get_size (body);
      /* Only the cursor is looked at (a client must know where to go on) */
      parser = json_parser_new ();
      g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL));
      root = json_node_get_object (json_parser_get_root (parser));
      items += json_array_get_length (json_object_get_array_member (root, "items"));
      next = json_object_get_string_member_with_default (root, "next_cursor", NULL);
      g_free (cursor);
      cursor = g_strdup (next);
    }
  while (cursor != NULL);
  return items;
}

static double
time_raw (const char *url,
          guint      *out_items,
          gsize      *out_bytes)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  gint64 start = g_get_monotonic_time ();

  *out_bytes = 0;
  *out_items = download_raw (session, url, "institutions", out_bytes) +
               download_raw (session, url, "services", out_bytes);
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* CPU seconds of this process (the client; the service is another one):
 * the steadier figure on a shared machine */
static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU seconds of the calling thread: the sync's main-loop work (the
 * cache stores pages on a worker thread, the rest of the process's CPU) */
static double
thread_cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double last_sync_cpu;
static double last_sync_main_cpu;

static double
time_sync (IvApiClient *api,
           IvCacheDb   *cache,
           guint       *out_changed)
{
  g_autoptr(IvCatalogSync) sync = iv_catalog_sync_new (api, cache);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  double cpu = cpu_seconds ();
  double main_cpu = thread_cpu_seconds ();

  iv_catalog_sync_run_async (sync, NULL, sync_test_got_result, &result);
  g_assert_true (iv_catalog_sync_run_finish (sync, sync_test_wait (&result), out_changed, &error));
  g_assert_no_error (error);
  last_sync_cpu = cpu_seconds () - cpu;
  last_sync_main_cpu = thread_cpu_seconds () - main_cpu;
  return (g_get_monotonic_time () - start) / 1000.0;
}

static IvCacheDb *
fresh_cache (const char *root,
             const char *name)
{
  g_autofree char *dir = g_build_filename (root, name, NULL);
  g_autoptr(GError) error = NULL;
  IvCacheDb *cache = iv_cache_db_open (dir, &error);

  g_assert_no_error (error);
  return cache;
}

static void
bench_seed_scale (const char *root)
{
  g_autoptr(IvTestService) svc = sync_test_start_service ((const char * const[]) { "--seed-services", "5000", NULL });
  g_autoptr(IvApiClient) api = iv_api_client_new (iv_test_service_get_url (svc));
  g_autoptr(GArray) raw = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) full = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) full_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) main_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  guint items = 0, changed = 0;
  gsize bytes = 0;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("cache-seed-%u", i);
      g_autoptr(IvCacheDb) cache = fresh_cache (root, name);
      double r = time_raw (iv_test_service_get_url (svc), &items, &bytes);
      double s = time_sync (api, cache, &changed);

      g_array_append_val (raw, r);
      g_array_append_val (full, s);
      g_array_append_val (full_cpu, last_sync_cpu);
      g_array_append_val (main_cpu, last_sync_main_cpu);
      g_assert_cmpuint (iv_cache_db_count_services (cache), ==, 5000);
    }
  printf ("catalog 380 institutions + 5,000 services (%u items, %.1f MiB raw):\n", items, bytes / 1048576.0);
  printf ("  raw download of the same pages: median %.0f ms\n", median (raw));
  printf ("  full sync into an empty cache:  median %.0f ms (%.2f× raw), client CPU median %.0f ms"
          " (main thread %.0f ms)\n",
          median (full), median (full) / median (raw), median (full_cpu) * 1000, median (main_cpu) * 1000);
}

static void
bench_large (const char *root)
{
  g_autoptr(IvTestService) svc = NULL;
  g_autoptr(IvApiClient) api = NULL;
  g_autoptr(IvCacheDb) cache = NULL;
  g_autoptr(GArray) unchanged = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 start = g_get_monotonic_time ();
  guint changed = 0;
  double first;

  svc = sync_test_start_service ((const char * const[]) { "--seed-services", "100000", NULL });
  printf ("catalog 100,000 services (service started in %.1f s):\n", (g_get_monotonic_time () - start) / 1e6);
  api = iv_api_client_new (iv_test_service_get_url (svc));
  cache = fresh_cache (root, "cache-large");
  first = time_sync (api, cache, &changed);
  g_assert_cmpuint (iv_cache_db_count_services (cache), ==, 100000);
  printf ("  full sync into an empty cache:  %.0f ms (%u items), client CPU %.1f s (main thread %.1f s)\n",
          first, changed, last_sync_cpu, last_sync_main_cpu);

  for (guint i = 0; i < 5; i++)
    {
      double t = time_sync (api, cache, &changed);

      g_assert_cmpuint (changed, ==, 0);
      g_array_append_val (unchanged, t);
    }
  printf ("  sync with nothing changed:      median %.1f ms\n", median (unchanged));
}

static void
bench_enqueue (const char *root)
{
  g_autofree char *dir = g_build_filename (root, "data", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IvUserDb) user_db = iv_user_db_open (dir, &error);
  g_autoptr(IvOutbox) outbox = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(JsonNode) body = json_from_string ("{\"year\": 2026, \"amount_fen\": 100000, \"purpose\": \"基准测试\", "
                                               "\"planned_categories\": [\"testing\"], \"contact_name\": \"张三\", "
                                               "\"contact_phone\": \"13800138000\"}", NULL);

  g_assert_no_error (error);
  outbox = iv_outbox_new (user_db, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 200; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(IvOutboxItem) item = iv_outbox_enqueue (outbox, IV_OUTBOX_KIND_CREATE_APPLICATION, NULL, -1, body,
                                                        NULL, NULL, 0, &error);
      double ms = (g_get_monotonic_time () - start) / 1000.0;

      g_assert_no_error (error);
      g_array_append_val (times, ms);
    }
  printf ("outbox enqueue (synchronous=FULL, 200 items): median %.2f ms, p90 %.2f ms\n",
          median (times), percentile (times, 0.9));
}

/* iv_outbox_next_ready_item with 1,500 queued items in 100 target and
 * 40 draft groups, the first of each group in flight: every call checks
 * the whole queue and finds nothing ready */
static void
bench_next_ready (const char *root)
{
  g_autofree char *dir = g_build_filename (root, "data-queue", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IvUserDb) user_db = iv_user_db_open (dir, &error);
  g_autoptr(IvOutbox) outbox = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(JsonNode) body = json_from_string ("{\"year\": 2026, \"amount_fen\": 100000}", NULL);
  gint64 now = g_get_real_time ();

  g_assert_no_error (error);
  outbox = iv_outbox_new (user_db, &error);
  g_assert_no_error (error);
  /* Filling the queue is not what is measured */
  sqlite3_exec (iv_store_db_get_handle (iv_user_db_get_db (user_db)), "PRAGMA synchronous=OFF", NULL, NULL, NULL);
  for (guint i = 0; i < 1500; i++)
    {
      g_autofree char *group = i % 2 == 0 ? g_strdup_printf ("o-%u", (i / 2) % 100)
                                          : g_strdup_printf ("draft-%u", (i / 2) % 40);
      g_autoptr(IvOutboxItem) item = i % 2 == 0
        ? iv_outbox_enqueue (outbox, IV_OUTBOX_KIND_CANCEL_ORDER, group, -1, NULL, NULL, NULL, 0, &error)
        : iv_outbox_enqueue (outbox, IV_OUTBOX_KIND_CREATE_APPLICATION, NULL, -1, body, group, NULL, 0, &error);

      g_assert_no_error (error);
      if (i < 200 && (i % 2 == 0 || i / 2 < 40))
        {
          g_assert_true (iv_outbox_mark_in_flight (outbox, iv_outbox_item_get_id (item), &error));
          g_assert_no_error (error);
        }
    }
  for (guint i = 0; i < 20; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(IvOutboxItem) item = iv_outbox_next_ready_item (outbox, now, &error);
      double ms = (g_get_monotonic_time () - start) / 1000.0;

      g_assert_no_error (error);
      g_assert_null (item);
      g_array_append_val (times, ms);
    }
  printf ("outbox next ready item (1,500 queued, none ready): median %.2f ms\n", median (times));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("iv-bench-sync-XXXXXX", &error);
  const char *only = argc > 1 ? argv[1] : "";

  g_assert_no_error (error);
  if (g_str_equal (only, "--small"))
    bench_seed_scale (root);
  else if (g_str_equal (only, "--large"))
    bench_large (root);
  else
    {
      if (!g_str_equal (only, "--outbox"))
        {
          bench_seed_scale (root);
          bench_large (root);
          bench_enqueue (root);
        }
      bench_next_ready (root);
    }
  sync_test_remove_tree (root);
  return 0;
}
