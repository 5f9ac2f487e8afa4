/* vs-main.c: the voucher-service command line */
#include "config.h"

#include <glib-unix.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "iv-validate.h"
#include "vs-server.h"
#include "vs-store.h"

#ifdef VS_HAVE_DEMO
#include "vs-demo.h"
#endif

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

#ifndef VS_HAVE_DEMO_CATALOG
/* A plain catalog for --seed-services when the realistic generator is not
 * built in: enough for paging and benchmarks. */
static void
seed_plain_catalog (VsStore *store,
                    guint    n_services)
{
  static const char * const cats[] = { "testing", "joint_rnd", "commissioned_dev",
                                       "rnd_design", "tech_solution", "instrument" };
  static const char * const accreditations[] = { "CMA", "CNAS", NULL };
  guint n_inst = MAX (1, MIN (380, n_services / 10));

  for (guint i = 1; i <= n_inst; i++)
    {
      g_autofree char *id = g_strdup_printf ("inst-%06u", i);
      g_autofree char *name = g_strdup_printf ("上海第%u检测中心", i);
      g_autofree char *code17 = g_strdup_printf ("91310000MA1%06u", i);
      g_autofree char *code = g_strdup_printf ("%s%c", code17, iv_credit_code_check_char (code17));
      VsSeedInstitution inst = { id, name, code, "浦东新区", "上海市浦东新区张江路1号",
                                 "021-50000000", accreditations, TRUE };

      vs_store_bulk_add_institution (store, &inst);
    }
  for (guint i = 1; i <= n_services; i++)
    {
      g_autofree char *id = g_strdup_printf ("svc-%07u", i);
      g_autofree char *inst = g_strdup_printf ("inst-%06u", 1 + (i % n_inst));
      g_autofree char *title = g_strdup_printf ("材料成分分析 %u", i);
      VsSeedService svc = { id, inst, cats[i % G_N_ELEMENTS (cats)], title, "按国家标准检测并出具报告",
                            (i % 7 == 0) ? -1 : (gint64) (i % 100 + 1) * 10000,
                            (i % 7 == 0) ? "面议" : NULL, "样品" };

      vs_store_bulk_add_service (store, &svc);
    }
}
#else
static void
seed_institution_cb (const VsSeedInstitution *institution,
                     gpointer                 user_data)
{
  vs_store_bulk_add_institution (user_data, institution);
}

static void
seed_service_cb (const VsSeedService *service,
                 gpointer             user_data)
{
  vs_store_bulk_add_service (user_data, service);
}
#endif

static gboolean
seed_services (VsStore  *store,
               guint     n,
               GError  **error)
{
  if (!vs_store_bulk_begin (store, error))
    return FALSE;
#ifdef VS_HAVE_DEMO_CATALOG
  vs_demo_catalog_generate (MAX (380, n / 50), n, 2026, seed_institution_cb, seed_service_cb, store);
#else
  seed_plain_catalog (store, n);
#endif
  return vs_store_bulk_end (store, error);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *listen = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *admin_token = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  gboolean demo = FALSE;
  gint seed_n = 0;
  gint access_ttl = 900;
  gint rate_limit = 200;
  GOptionEntry entries[] = {
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, "Address to listen on (127.0.0.1:PORT, port 0 = any free port)", "HOST:PORT" },
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "Folder of the database", "DIR" },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &demo, "Load the demo data and move things along on a timer", NULL },
    { "admin-token", 0, 0, G_OPTION_ARG_STRING, &admin_token, "Enable /admin/v1 with this bearer token", "TOKEN" },
    { "seed-services", 0, 0, G_OPTION_ARG_INT, &seed_n, "Build a catalog of N services (benchmarks)", "N" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert, "PEM certificate (HTTPS)", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, "PEM private key (HTTPS)", "FILE" },
    { "access-ttl", 0, 0, G_OPTION_ARG_INT, &access_ttl, "Access token lifetime in seconds (default 900)", "SECONDS" },
    { "rate-limit", 0, 0, G_OPTION_ARG_INT, &rate_limit, "Requests per second per token, 0 = no limit (default 200)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- the reference voucher service");
  g_autoptr(GError) error = NULL;
  g_autoptr(VsStore) store = NULL;
  g_autoptr(VsServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *url = NULL;
  g_autofree char *host = NULL;
  const char *colon;
  guint64 port = 0;
  VsServerOptions options = { 0 };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("voucher-service: %s\n", error->message);
      return 2;
    }
  if (listen == NULL || data_dir == NULL ||
      (tls_cert == NULL) != (tls_key == NULL) || seed_n < 0 || access_ttl <= 0 || rate_limit < 0)
    {
      g_printerr ("usage: voucher-service --listen 127.0.0.1:PORT --data DIR [--demo] "
                  "[--admin-token TOKEN] [--seed-services N] [--tls-cert FILE --tls-key FILE] "
                  "[--access-ttl SECONDS] [--rate-limit N]\n");
      return 2;
    }
  colon = strrchr (listen, ':');
  if (colon == NULL || !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    {
      g_printerr ("voucher-service: --listen wants HOST:PORT\n");
      return 2;
    }
  host = g_strndup (listen, (gsize) (colon - listen));

  /* The database holds password hashes and documents: owner only */
  umask (0077);

  store = vs_store_open (data_dir, &error);
  if (store == NULL)
    {
      g_printerr ("voucher-service: %s\n", error->message);
      return 1;
    }
  if (demo)
    {
#ifdef VS_HAVE_DEMO
      vs_demo_seed (store, &error);
      if (error != NULL)
        {
          g_printerr ("voucher-service: demo data: %s\n", error->message);
          return 1;
        }
#else
      g_printerr ("voucher-service: this build has no demo data\n");
#endif
    }
  /* Only into an empty catalog, so a restart keeps the catalog as it is */
  if (seed_n > 0 && vs_store_count_services (store) == 0 &&
      !seed_services (store, (guint) seed_n, &error))
    {
      g_printerr ("voucher-service: %s\n", error->message);
      return 1;
    }

  options.admin_token = admin_token;
  options.access_ttl_s = (guint) access_ttl;
  options.rate_limit = (guint) rate_limit;
  options.tls_cert_file = tls_cert;
  options.tls_key_file = tls_key;
  server = vs_server_new (store, &options);
  url = vs_server_listen (server, host, (guint) port, &error);
  if (url == NULL)
    {
      g_printerr ("voucher-service: %s\n", error->message);
      return 1;
    }
#ifdef VS_HAVE_DEMO
  if (demo)
    vs_demo_timer_start (store);
#endif

  /* Handlers first: a script may send SIGTERM as soon as it reads the line */
  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);

  printf ("listening on %s/\n", url);
  fflush (stdout);

  g_main_loop_run (loop);
  return 0;
}
