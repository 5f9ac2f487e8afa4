/* test-crash.c: a replaying client killed with SIGKILL at random moments, N rounds: nothing lost, nothing doubled */

#include "config.h"

#include <signal.h>
#include <sqlite3.h>

#include "iv-sync-test-util.h"

static char *child_path;

typedef struct {
  guint rounds;
  guint kills;              /* the child was still running when killed */
  guint kills_in_flight;    /* ... with an item in_flight: mid-request */
  guint kills_in_enqueue;   /* ... before its last "saved" line */
  guint acknowledged;
} Figures;

/* How many outbox rows are in_flight, read without the outbox's recovery */
static guint
count_in_flight (const char *data_dir)
{
  g_autofree char *path = g_build_filename (data_dir, "user-data.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n = 0;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT count(*) FROM outbox WHERE state = 'in_flight'", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    n = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* Runs the child once; kill_after_us 0: let it finish */
static void
run_child (SyncFixture *f,
           const char  *data_dir,
           guint        round,
           guint        n_new,
           gint64       kill_after_us,
           GHashTable  *acknowledged,
           Figures     *figures)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *round_s = g_strdup_printf ("%u", round);
  g_autofree char *n_new_s = g_strdup_printf ("%u", n_new);
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  guint saved = 0;

  g_subprocess_launcher_setenv (launcher, "IV_CRASH_TOKEN", f->token, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  child = g_subprocess_launcher_spawn (launcher, &error, child_path, f->url, data_dir, round_s, n_new_s, NULL);
  g_assert_no_error (error);

  if (kill_after_us > 0)
    {
      gint64 until = g_get_monotonic_time () + kill_after_us;

      while (g_get_monotonic_time () < until)
        g_usleep (500);
      /* Does nothing if it already ended */
      g_subprocess_send_signal (child, SIGKILL);
    }
  g_subprocess_communicate_utf8 (child, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);

  lines = g_strsplit (out != NULL ? out : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "saved "))
      {
        g_hash_table_add (acknowledged, g_strdup (lines[i] + strlen ("saved ")));
        saved++;
      }

  if (g_subprocess_get_if_signaled (child))
    {
      figures->kills++;
      if (saved < n_new)
        figures->kills_in_enqueue++;
      if (count_in_flight (data_dir) > 0)
        figures->kills_in_flight++;
    }
  else if (kill_after_us == 0)
    g_assert_cmpint (g_subprocess_get_exit_status (child), ==, 0);
}

/* Purposes of every application the service holds for the account */
static GHashTable *
server_tags (SyncFixture *f,
             guint       *out_duplicates)
{
  GHashTable *tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *cursor = NULL;

  *out_duplicates = 0;
  do
    {
      g_autofree char *path = cursor != NULL
        ? g_strdup_printf ("/admin/v1/accounts/%s/applications?cursor=%s", f->login, cursor)
        : g_strdup_printf ("/admin/v1/accounts/%s/applications", f->login);
      g_autoptr(JsonNode) page = NULL;
      JsonArray *items;

      g_assert_cmpuint (iv_test_service_admin (f->svc, "GET", path, NULL, &page), ==, 200);
      items = json_object_get_array_member (json_node_get_object (page), "items");
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          const char *purpose = json_object_get_string_member (json_array_get_object_element (items, i), "purpose");

          g_assert_true (g_str_has_prefix (purpose, "crash "));
          if (!g_hash_table_add (tags, g_strdup (purpose + strlen ("crash "))))
            (*out_duplicates)++;
        }
      g_free (cursor);
      cursor = g_strdup (json_object_get_string_member_with_default (json_node_get_object (page), "next_cursor", NULL));
    }
  while (cursor != NULL);
  return tags;
}

static void
test_crash_rounds (void)
{
  SyncFixture fixture = { 0 };
  SyncFixture *f = &fixture;
  Figures figures = { 0 };
  g_autoptr(GHashTable) acknowledged = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) on_server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  const char *rounds_env = g_getenv ("IV_CRASH_ROUNDS");
  guint rounds = rounds_env != NULL ? (guint) g_ascii_strtoull (rounds_env, NULL, 10) : 200;
  guint duplicates = 0, lost = 0, committed = 0;
  gint64 start = g_get_monotonic_time ();
  GHashTableIter iter;
  gpointer key;

  f->svc = sync_test_start_service ((const char * const[]) { "--access-ttl", "86400", NULL });
  f->url = g_strdup (iv_test_service_get_url (f->svc));
  f->token = iv_test_new_signed_in (f->svc, "enterprise", &f->login);
  f->dir = g_dir_make_tmp ("iv-crash-XXXXXX", &error);
  g_assert_no_error (error);
  data_dir = g_build_filename (f->dir, "data", NULL);

  for (guint round = 1; round <= rounds; round++)
    {
      /* Kills spread over start-up, enqueue (fsync'd) and replay: a third
       * early (start-up and enqueue), the rest during replay.  About one
       * new item a round, so that the queue does not only grow. */
      gint64 after = g_random_int_range (0, 3) == 0 ? g_random_int_range (2000, 20000)
                                                    : g_random_int_range (20000, 120000);

      run_child (f, data_dir, round, g_random_int_range (0, 3), after, acknowledged, &figures);
      figures.rounds++;
    }
  /* A last run, not killed, sends whatever is left */
  run_child (f, data_dir, rounds + 1, 0, 0, acknowledged, &figures);

  on_server = server_tags (f, &duplicates);
  g_hash_table_iter_init (&iter, acknowledged);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (on_server, key))
      lost++;

  /* Every committed row (acknowledged or not) was sent, once, and is done */
  {
    g_autoptr(IvUserDb) user_db = iv_user_db_open (data_dir, &error);
    g_autoptr(IvOutbox) outbox = NULL;
    g_autoptr(GPtrArray) items = NULL;

    g_assert_no_error (error);
    g_assert_true (iv_store_db_check_integrity (iv_user_db_get_db (user_db), &error));
    g_assert_no_error (error);
    outbox = iv_outbox_new (user_db, &error);
    g_assert_no_error (error);
    items = iv_outbox_list (outbox, TRUE, &error);
    g_assert_no_error (error);
    committed = items->len;
    for (guint i = 0; i < items->len; i++)
      g_assert_cmpstr (iv_outbox_state_to_string (iv_outbox_item_get_state (g_ptr_array_index (items, i))), ==, "done");
    g_assert_cmpuint (iv_outbox_get_pending_count (outbox), ==, 0);
  }

  figures.acknowledged = g_hash_table_size (acknowledged);
  g_test_message ("crash: rounds %u, kills %u (mid-request %u, during enqueue %u), acknowledged %u, "
                  "committed %u, on the service %u, duplicates %u, lost %u, %.1f s",
                  figures.rounds, figures.kills, figures.kills_in_flight, figures.kills_in_enqueue,
                  figures.acknowledged, committed, g_hash_table_size (on_server), duplicates, lost,
                  (g_get_monotonic_time () - start) / 1e6);

  g_assert_cmpuint (duplicates, ==, 0);
  g_assert_cmpuint (lost, ==, 0);
  g_assert_cmpuint (g_hash_table_size (on_server), ==, committed);
  g_assert_cmpuint (sync_test_applied (f, "POST", "/v1/applications"), ==, committed);
  g_assert_cmpuint (figures.kills_in_flight, >, 0);

  sync_test_teardown (f);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = g_path_get_dirname (argv[0]);

  g_test_init (&argc, &argv, NULL);
  child_path = g_build_filename (dir, "crash-child", NULL);
  g_test_add_func ("/faults/crash/kill-9-during-replay", test_crash_rounds);
  return g_test_run ();
}
