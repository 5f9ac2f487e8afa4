/* iv-sync-test-util.h: a signed-in client (cache, outbox, sync manager) against a real test service
 *
 * Header-only helpers for the sync tests of the client and faults suites:
 * each test starts its own reference service on a fixed loopback port (so
 * a restart keeps the base URL), a fresh account, and a client store in a
 * temporary folder.
 */
#pragma once

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "iv-test-fixtures.h"
#include "iv-test-service.h"
#include "iv-sync-manager.h"
#include "iv-outbox-runner.h"

typedef struct {
  IvTestService  *svc;
  char           *url;
  char           *dir;
  char           *login;
  char           *token;       /* the test's own access token for direct calls */
  IvCacheDb      *cache;
  IvUserDb       *user_db;
  IvOutbox       *outbox;
  IvApiClient    *api;
  IvSyncManager  *manager;
} SyncFixture;

/* A loopback port free right now */
static inline guint
sync_test_free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_nonnull (socket);
  g_assert_true (g_socket_bind (socket, address, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* Starts a service with extra (NULL-terminated) arguments on a fixed port */
static inline IvTestService *
sync_test_start_service (const char * const *extra)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) args = NULL;
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", sync_test_free_port ());
  g_autoptr(GError) error = NULL;
  IvTestService *svc;

  g_strv_builder_add (builder, "--listen");
  g_strv_builder_add (builder, listen);
  g_strv_builder_add (builder, "--rate-limit");
  g_strv_builder_add (builder, "0");
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_strv_builder_add (builder, extra[i]);
  args = g_strv_builder_end (builder);
  svc = iv_test_service_start ((const char * const *) args, &error);
  g_assert_no_error (error);
  return svc;
}

static inline void
sync_test_got_result (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GAsyncResult **out = user_data;

  (void) source;
  *out = g_object_ref (result);
}

/* Runs the main context until *result is set */
static inline GAsyncResult *
sync_test_wait (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

/* Runs the main context for ms milliseconds */
static inline void
sync_test_spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

/* Runs the main context until cond (evaluated each time) or timeout_ms */
#define SYNC_TEST_WAIT_FOR(cond, timeout_ms)                                   \
  G_STMT_START {                                                               \
    gint64 _until = g_get_monotonic_time () + (gint64) (timeout_ms) * 1000;    \
    while (!(cond) && g_get_monotonic_time () < _until)                        \
      {                                                                        \
        if (!g_main_context_iteration (NULL, FALSE))                           \
          g_usleep (1000);                                                     \
      }                                                                        \
    g_assert_true (cond);                                                      \
  } G_STMT_END

static inline void
sync_test_sign_in (IvApiClient *api,
                   const char  *login)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(IvAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  iv_api_client_sign_in_async (api, login, IV_TEST_PASSWORD, NULL, sync_test_got_result, &result);
  account = iv_api_client_sign_in_finish (api, sync_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (account);
}

/* Opens (or reopens) the client side on fixture->dir */
static inline void
sync_test_open_client (SyncFixture *f,
                       gboolean     sign_in)
{
  g_autofree char *cache_dir = g_build_filename (f->dir, "cache", NULL);
  g_autofree char *data_dir = g_build_filename (f->dir, "data", NULL);
  g_autoptr(GError) error = NULL;

  f->cache = iv_cache_db_open (cache_dir, &error);
  g_assert_no_error (error);
  f->user_db = iv_user_db_open (data_dir, &error);
  g_assert_no_error (error);
  f->outbox = iv_outbox_new (f->user_db, &error);
  g_assert_no_error (error);
  f->api = iv_api_client_new (f->url);
  iv_api_client_set_timeout (f->api, 5);
  if (sign_in)
    sync_test_sign_in (f->api, f->login);
  f->manager = iv_sync_manager_new (f->api, f->cache, f->outbox);
  iv_sync_manager_set_backoff (f->manager, 20, 200);
}

static inline void
sync_test_close_client (SyncFixture *f)
{
  if (f->manager != NULL)
    iv_sync_manager_shutdown (f->manager);
  g_clear_object (&f->manager);
  g_clear_object (&f->api);
  g_clear_object (&f->outbox);
  g_clear_object (&f->user_db);
  g_clear_object (&f->cache);
  /* Let cancelled calls finish their callbacks */
  sync_test_spin (20);
}

static inline void
sync_test_setup (SyncFixture        *f,
                 const char * const *extra_args)
{
  g_autoptr(GError) error = NULL;

  f->svc = sync_test_start_service (extra_args);
  f->url = g_strdup (iv_test_service_get_url (f->svc));
  f->token = iv_test_new_signed_in (f->svc, "enterprise", &f->login);
  f->dir = g_dir_make_tmp ("iv-sync-XXXXXX", &error);
  g_assert_no_error (error);
  sync_test_open_client (f, TRUE);
}

static inline void
sync_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          sync_test_remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

static inline void
sync_test_teardown (SyncFixture *f)
{
  sync_test_close_client (f);
  g_clear_pointer (&f->svc, iv_test_service_free);
  if (f->dir != NULL)
    sync_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
  g_clear_pointer (&f->url, g_free);
  g_clear_pointer (&f->login, g_free);
  g_clear_pointer (&f->token, g_free);
}

/* Replays the outbox until nothing is ready now; the error of the last run */
static inline gboolean
sync_test_replay (SyncFixture  *f,
                  GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  iv_sync_manager_replay_async (f->manager, NULL, sync_test_got_result, &result);
  return iv_sync_manager_replay_finish (f->manager, sync_test_wait (&result), error);
}

/* Replays until every item is finished or needs attention, waiting for
 * retry times, at most timeout_ms */
static inline void
sync_test_drain (SyncFixture *f,
                 guint        timeout_ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (iv_outbox_get_pending_count (f->outbox) > iv_outbox_get_attention_count (f->outbox))
    {
      g_autoptr(GError) error = NULL;
      gint64 wake;

      g_assert_cmpint (g_get_monotonic_time (), <, until);
      if (sync_test_replay (f, &error))
        continue;
      wake = iv_outbox_get_next_wakeup (f->outbox);
      if (wake > g_get_real_time ())
        sync_test_spin ((guint) MIN ((wake - g_get_real_time ()) / 1000 + 1, 2000));
      else
        sync_test_spin (10);
    }
}

static inline gboolean
sync_test_refresh (SyncFixture  *f,
                   IvSyncScope   scope,
                   GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  iv_sync_manager_refresh_async (f->manager, scope, NULL, sync_test_got_result, &result);
  return iv_sync_manager_refresh_finish (f->manager, sync_test_wait (&result), error);
}

/* --- the service's side -------------------------------------------------- */

/* How many requests METHOD PATH the service applied for the account
 * (idempotent creates: a replayed key is not counted twice) */
static inline gint64
sync_test_applied (SyncFixture *f,
                   const char  *method,
                   const char  *path)
{
  g_autofree char *query = g_strdup_printf ("/admin/v1/accounts/%s/requests?method=%s&path=%s",
                                            f->login, method, path);
  g_autoptr(JsonNode) answer = NULL;

  g_assert_cmpuint (iv_test_service_admin (f->svc, "GET", query, NULL, &answer), ==, 200);
  return json_object_get_int_member (json_node_get_object (answer), "applied");
}

/* How many objects of a collection (applications, vouchers, orders, claims) the account has */
static inline gint64
sync_test_count_objects (SyncFixture *f,
                         const char  *collection)
{
  g_autofree char *query = g_strdup_printf ("/admin/v1/accounts/%s/requests?method=GET&path=/", f->login);
  g_autoptr(JsonNode) answer = NULL;

  g_assert_cmpuint (iv_test_service_admin (f->svc, "GET", query, NULL, &answer), ==, 200);
  return json_object_get_int_member (json_object_get_object_member (json_node_get_object (answer), "objects"),
                                     collection);
}

/* The service's copy of an object, e.g. ("claims", id) */
static inline JsonNode *
sync_test_server_object (SyncFixture *f,
                         const char  *collection,
                         const char  *id)
{
  g_autofree char *path = g_strdup_printf ("/admin/v1/%s/%s", collection, id);
  JsonNode *answer = NULL;

  g_assert_cmpuint (iv_test_service_admin (f->svc, "GET", path, NULL, &answer), ==, 200);
  return answer;
}

static inline const char *
sync_test_status_of (JsonNode *object)
{
  return json_object_get_string_member (json_node_get_object (object), "status");
}

/* How many history steps of an object have status */
static inline guint
sync_test_count_steps (JsonNode   *object,
                       const char *status)
{
  JsonArray *history = json_object_get_array_member (json_node_get_object (object), "history");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (history); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (history, i), "status"),
                   status) == 0)
      n++;
  return n;
}

/* Moves an object through the admin API: ("applications", id, "return", "请补充") */
static inline JsonNode *
sync_test_admin_move (SyncFixture *f,
                      const char  *collection,
                      const char  *id,
                      const char  *action,
                      const char  *note)
{
  const char *verb = g_str_equal (collection, "applications") ? "decide" :
                     g_str_equal (collection, "orders") ? "act" : "move";
  g_autofree char *path = g_strdup_printf ("/admin/v1/%s/%s/%s", collection, id, verb);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *text = NULL;
  JsonNode *answer = NULL;
  guint status;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "action");
  json_builder_add_string_value (b, action);
  if (note != NULL)
    {
      json_builder_set_member_name (b, "note");
      json_builder_add_string_value (b, note);
    }
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  text = json_to_string (body, FALSE);
  status = iv_test_service_admin (f->svc, "POST", path, text, &answer);
  if (status != 200)
    g_error ("admin %s: %u", path, status);
  return answer;
}

/* Arms a fault: spec is the JSON of POST /admin/v1/faults */
static inline void
sync_test_fault (SyncFixture *f,
                 const char  *spec)
{
  guint status = iv_test_service_admin (f->svc, "POST", "/admin/v1/faults", spec, NULL);

  if (status != 200 && status != 201)
    g_error ("arming fault %s: %u", spec, status);
}

static inline void
sync_test_clear_faults (SyncFixture *f)
{
  iv_test_service_admin (f->svc, "DELETE", "/admin/v1/faults", NULL, NULL);
}

static inline JsonNode *
sync_test_parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

/* Enqueues a write; returns the item */
static inline IvOutboxItem *
sync_test_enqueue (SyncFixture  *f,
                   IvOutboxKind  kind,
                   const char   *target,
                   gint64        if_match,
                   const char   *body_text,
                   const char   *draft_id)
{
  g_autoptr(JsonNode) body = body_text != NULL ? sync_test_parse (body_text) : NULL;
  g_autoptr(GError) error = NULL;
  IvOutboxItem *item = iv_outbox_enqueue (f->outbox, kind, target, if_match, body, draft_id, NULL, 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (item);
  return item;
}

/* A small valid PNG in the test folder */
static inline GFile *
sync_test_png_file (SyncFixture *f,
                    const char  *name)
{
  static const guchar png[] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
    0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89,
    0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82,
  };
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, (const char *) png, sizeof png, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static inline IvOutboxItem *
sync_test_reload (SyncFixture  *f,
                  IvOutboxItem *item)
{
  g_autoptr(GError) error = NULL;
  IvOutboxItem *fresh = iv_outbox_get_item (f->outbox, iv_outbox_item_get_id (item), &error);

  g_assert_no_error (error);
  return fresh;
}
