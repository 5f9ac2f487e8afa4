/* bench-service.c: requests/s and latency of the reference service on loopback
 *
 * Two calls: a 100-item catalog page (public) and GET /v1/claims (signed in,
 * 20 claims).  For each: sequential latency (median, p90, p99 over N
 * requests on one keep-alive connection), then throughput with 4 client
 * threads for 3 s.  If wrk is installed, its --latency figures follow.
 * Prints figures; asserts nothing about time.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "iv-test-fixtures.h"

#define SEQUENTIAL_N 2000
#define THREADS 4
#define THROUGHPUT_S 3

static int
cmp_gint64 (gconstpointer a,
            gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return (x > y) - (x < y);
}

static double
percentile_ms (GArray *us,
               double  p)
{
  guint i = (guint) (p * (us->len - 1));
  return g_array_index (us, gint64, i) / 1000.0;
}

static SoupMessage *
new_message (const char *url,
             const char *token)
{
  SoupMessage *msg = soup_message_new ("GET", url);

  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  return msg;
}

static void
sequential (const char *label,
            const char *url,
            const char *token)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GArray) us = g_array_sized_new (FALSE, FALSE, sizeof (gint64), SEQUENTIAL_N);
  gint64 total_start = g_get_monotonic_time ();
  gsize bytes = 0;
  double total_s;

  for (guint i = 0; i < SEQUENTIAL_N + 50; i++)
    {
      g_autoptr(SoupMessage) msg = new_message (url, token);
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, NULL);
      gint64 t = g_get_monotonic_time () - start;

      g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
      if (i < 50)
        {
          total_start = g_get_monotonic_time ();   /* warm-up */
          continue;
        }
      bytes = g_bytes_get_size (body);
      g_array_append_val (us, t);
    }
  total_s = (g_get_monotonic_time () - total_start) / (double) G_USEC_PER_SEC;
  g_array_sort (us, cmp_gint64);
  printf ("%-28s sequential: %u requests, %.0f req/s, median %.2f ms, p90 %.2f ms, p99 %.2f ms, %zu bytes a response\n",
          label, SEQUENTIAL_N, SEQUENTIAL_N / total_s, percentile_ms (us, 0.5), percentile_ms (us, 0.9),
          percentile_ms (us, 0.99), bytes);
}

typedef struct {
  const char *url;
  const char *token;
  gint64      until;
  guint       count;
  GArray     *us;
} Worker;

static gpointer
worker_thread (gpointer data)
{
  Worker *w = data;
  g_autoptr(SoupSession) session = soup_session_new ();

  while (g_get_monotonic_time () < w->until)
    {
      g_autoptr(SoupMessage) msg = new_message (w->url, w->token);
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, NULL);
      gint64 t = g_get_monotonic_time () - start;

      if (soup_message_get_status (msg) == 200)
        {
          w->count++;
          g_array_append_val (w->us, t);
        }
    }
  return NULL;
}

static void
concurrent (const char *label,
            const char *url,
            const char *token)
{
  Worker workers[THREADS];
  GThread *threads[THREADS];
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 until = g_get_monotonic_time () + THROUGHPUT_S * G_USEC_PER_SEC;
  guint total = 0;

  for (guint i = 0; i < THREADS; i++)
    {
      workers[i] = (Worker) { url, token, until, 0, g_array_new (FALSE, FALSE, sizeof (gint64)) };
      threads[i] = g_thread_new ("bench", worker_thread, &workers[i]);
    }
  for (guint i = 0; i < THREADS; i++)
    {
      g_thread_join (threads[i]);
      total += workers[i].count;
      g_array_append_vals (all, workers[i].us->data, workers[i].us->len);
      g_array_unref (workers[i].us);
    }
  g_array_sort (all, cmp_gint64);
  printf ("%-28s %u clients:  %u requests in %d s, %.0f req/s, median %.2f ms, p99 %.2f ms\n",
          label, THREADS, total, THROUGHPUT_S, total / (double) THROUGHPUT_S,
          all->len > 0 ? percentile_ms (all, 0.5) : 0.0, all->len > 0 ? percentile_ms (all, 0.99) : 0.0);
}

static void
run_wrk (const char *label,
         const char *url,
         const char *token)
{
  g_autofree char *wrk = g_find_program_in_path ("wrk");
  g_autofree char *header = token != NULL ? g_strconcat ("Authorization: Bearer ", token, NULL) : NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { wrk, "-t2", "-c8", "-d3s", "--latency", url, header != NULL ? "-H" : NULL, header, NULL };

  if (wrk == NULL)
    return;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, NULL, &error))
    {
      printf ("wrk failed: %s\n", error->message);
      return;
    }
  printf ("--- wrk -t2 -c8 -d3s --latency, %s ---\n%s", label, out);
}

int
main (int   argc,
      char *argv[])
{
  const char *n = argc > 1 ? argv[1] : "5000";
  const char *args[] = { "--seed-services", n, "--rate-limit", "0", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(IvTestService) svc = NULL;
  g_autofree char *token = NULL;
  g_autofree char *service_id = NULL;
  g_autofree char *voucher = NULL;
  g_autofree char *att = NULL;
  g_autofree char *catalog_url = NULL;
  g_autofree char *claims_url = NULL;
  gint64 start = g_get_monotonic_time ();

  svc = iv_test_service_start (args, &error);
  g_assert_no_error (error);
  printf ("voucher-service with %s services started in %.2f s\n", n,
          (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);

  token = iv_test_new_signed_in (svc, "enterprise", NULL);
  service_id = iv_test_first_service_id (svc);
  voucher = iv_test_grant_voucher (svc, token, 30000000);
  att = iv_test_upload (svc, token, "application/pdf");
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *order = iv_test_order (svc, token, voucher, service_id, 100000, "completed");
      g_autofree char *body = iv_test_claim_body (order, 100000, att);

      g_assert_cmpuint (iv_test_service_request (svc, "POST", "/v1/claims", token, body, NULL), ==, 201);
    }

  catalog_url = g_strdup_printf ("%s/v1/catalog/services?limit=100", iv_test_service_get_url (svc));
  claims_url = g_strdup_printf ("%s/v1/claims", iv_test_service_get_url (svc));

  sequential ("catalog page (100 items)", catalog_url, NULL);
  sequential ("GET /v1/claims (20 claims)", claims_url, token);
  concurrent ("catalog page (100 items)", catalog_url, NULL);
  concurrent ("GET /v1/claims (20 claims)", claims_url, token);
  run_wrk ("catalog page (100 items)", catalog_url, NULL);
  run_wrk ("GET /v1/claims (20 claims)", claims_url, token);
  return 0;
}
