/* crash-child.c: a client process that queues applications and replays its outbox, to be killed by test-crash
 *
 * crash-child URL DATA_DIR ROUND N_NEW   (access token in $IV_CRASH_TOKEN)
 *
 * Opens the outbox (items found in_flight go back to queued), saves N_NEW
 * applications, printing "saved TAG" after each enqueue returned, then
 * replays until nothing is ready and prints "idle".
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "iv-api-client.h"
#include "iv-outbox.h"
#include "iv-outbox-runner.h"

static GMainLoop *loop;
static int exit_status = 0;

static void
run_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  guint sent = 0;

  (void) user_data;
  if (!iv_outbox_runner_run_finish (IV_OUTBOX_RUNNER (source), result, &sent, &error))
    {
      fprintf (stderr, "replay stopped: %s\n", error->message);
      exit_status = 2;
    }
  else
    {
      printf ("idle %u\n", sent);
      fflush (stdout);
    }
  g_main_loop_quit (loop);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(IvUserDb) user_db = NULL;
  g_autoptr(IvOutbox) outbox = NULL;
  g_autoptr(IvApiClient) api = NULL;
  g_autoptr(IvOutboxRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  const char *token = g_getenv ("IV_CRASH_TOKEN");
  guint n_new;

  if (argc != 5 || token == NULL)
    {
      fprintf (stderr, "usage: IV_CRASH_TOKEN=… crash-child URL DATA_DIR ROUND N_NEW\n");
      return 64;
    }
  n_new = (guint) g_ascii_strtoull (argv[4], NULL, 10);

  user_db = iv_user_db_open (argv[2], &error);
  if (user_db != NULL)
    outbox = iv_outbox_new (user_db, &error);
  if (outbox == NULL)
    {
      fprintf (stderr, "cannot open the outbox: %s\n", error->message);
      return 1;
    }
  printf ("recovered %u\n", iv_outbox_get_recovered_count (outbox));
  fflush (stdout);

  for (guint i = 0; i < n_new; i++)
    {
      g_autofree char *tag = g_strdup_printf ("%s-%u", argv[3], i);
      g_autofree char *body = g_strdup_printf ("{\"year\": 2026, \"amount_fen\": 100000, "
                                               "\"purpose\": \"crash %s\", \"planned_categories\": [\"testing\"], "
                                               "\"contact_name\": \"张三\", \"contact_phone\": \"13800138000\"}", tag);
      g_autoptr(JsonNode) node = json_from_string (body, NULL);
      g_autoptr(IvOutboxItem) item = NULL;

      item = iv_outbox_enqueue (outbox, IV_OUTBOX_KIND_CREATE_APPLICATION, NULL, -1, node, NULL, NULL, 0, &error);
      if (item == NULL)
        {
          fprintf (stderr, "enqueue failed: %s\n", error->message);
          return 1;
        }
      /* Only now is the user told "saved" */
      printf ("saved %s\n", tag);
      fflush (stdout);
    }

  api = iv_api_client_new (argv[1]);
  iv_api_client_set_tokens (api, token, NULL);
  runner = iv_outbox_runner_new (api, outbox);
  iv_backoff_set_base_ms (iv_outbox_runner_get_backoff (runner), 10);
  iv_backoff_set_cap_ms (iv_outbox_runner_get_backoff (runner), 100);

  loop = g_main_loop_new (NULL, FALSE);
  iv_outbox_runner_run_async (runner, NULL, run_done, NULL);
  g_main_loop_run (loop);
  g_main_loop_unref (loop);
  return exit_status;
}
