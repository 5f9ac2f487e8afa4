/* iv-test-service.c: start the real reference service on loopback for a test */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>
#include <string.h>

#include "iv-test-service.h"

struct _IvTestService
{
  char        *binary;
  char        *data_dir;
  GStrv        extra_args;
  GSubprocess *process;
  char        *url;
  SoupSession *session;
  GHashTable  *env;        /* name → value (NULL: unset) for the next start */
};

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

/* A test that aborts must not leave its service running */
static void
child_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static gboolean
spawn (IvTestService  *svc,
       GError        **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;

  g_ptr_array_add (argv, svc->binary);
  g_ptr_array_add (argv, (char *) "--listen");
  g_ptr_array_add (argv, (char *) "127.0.0.1:0");
  g_ptr_array_add (argv, (char *) "--data");
  g_ptr_array_add (argv, svc->data_dir);
  g_ptr_array_add (argv, (char *) "--admin-token");
  g_ptr_array_add (argv, (char *) IV_TEST_ADMIN_TOKEN);
  for (guint i = 0; svc->extra_args != NULL && svc->extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, svc->extra_args[i]);
  g_ptr_array_add (argv, NULL);

  /* The service is not a GTK program: fatal warnings would only hide its
   * error answers behind a crash */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  if (svc->env != NULL)
    {
      GHashTableIter iter;
      gpointer name, value;

      g_hash_table_iter_init (&iter, svc->env);
      while (g_hash_table_iter_next (&iter, &name, &value))
        if (value != NULL)
          g_subprocess_launcher_setenv (launcher, name, value, TRUE);
        else
          g_subprocess_launcher_unsetenv (launcher, name);
    }
  svc->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
  if (svc->process == NULL)
    return FALSE;

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (svc->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, error);
  if (line == NULL || !g_str_has_prefix (line, "listening on ") || !g_str_has_suffix (line, "/"))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the service did not start: %s",
                     line != NULL ? line : "(no output)");
      g_subprocess_force_exit (svc->process);
      g_subprocess_wait (svc->process, NULL, NULL);
      g_clear_object (&svc->process);
      return FALSE;
    }
  g_free (svc->url);
  svc->url = g_strndup (line + strlen ("listening on "), strlen (line) - strlen ("listening on ") - 1);
  return TRUE;
}

IvTestService *
iv_test_service_start (const char * const *extra_args,
                       GError            **error)
{
  IvTestService *svc;
  const char *binary = g_getenv ("IV_TEST_SERVICE");

  if (binary == NULL || !g_file_test (binary, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "IV_TEST_SERVICE does not name the voucher-service binary");
      return NULL;
    }
  svc = g_new0 (IvTestService, 1);
  svc->binary = g_strdup (binary);
  svc->extra_args = g_strdupv ((char **) extra_args);
  svc->data_dir = g_dir_make_tmp ("iv-test-service-XXXXXX", error);
  svc->session = soup_session_new_with_options ("timeout", 60, "max-conns-per-host", 8, NULL);
  if (svc->data_dir == NULL || !spawn (svc, error))
    {
      iv_test_service_free (svc);
      return NULL;
    }
  return svc;
}

const char *
iv_test_service_get_url (IvTestService *svc)
{
  return svc->url;
}

const char *
iv_test_service_get_data_dir (IvTestService *svc)
{
  return svc->data_dir;
}

gboolean
iv_test_service_stop (IvTestService *svc)
{
  gboolean clean;

  if (svc->process == NULL)
    return TRUE;
  g_subprocess_send_signal (svc->process, SIGTERM);
  g_subprocess_wait (svc->process, NULL, NULL);
  clean = g_subprocess_get_if_exited (svc->process) && g_subprocess_get_exit_status (svc->process) == 0;
  g_clear_object (&svc->process);
  /* Connections to the old process are dead */
  soup_session_abort (svc->session);
  return clean;
}

void
iv_test_service_kill (IvTestService *svc)
{
  if (svc->process == NULL)
    return;
  g_subprocess_force_exit (svc->process);
  g_subprocess_wait (svc->process, NULL, NULL);
  g_clear_object (&svc->process);
  soup_session_abort (svc->session);
}

void
iv_test_service_setenv (IvTestService *svc,
                        const char    *name,
                        const char    *value)
{
  if (svc->env == NULL)
    svc->env = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_replace (svc->env, g_strdup (name), g_strdup (value));
}

gboolean
iv_test_service_restart (IvTestService  *svc,
                         GError        **error)
{
  iv_test_service_stop (svc);
  return spawn (svc, error);
}

void
iv_test_service_free (IvTestService *svc)
{
  if (svc == NULL)
    return;
  iv_test_service_stop (svc);
  if (svc->data_dir != NULL)
    remove_tree (svc->data_dir);
  g_clear_object (&svc->session);
  g_clear_pointer (&svc->env, g_hash_table_unref);
  g_free (svc->binary);
  g_free (svc->data_dir);
  g_strfreev (svc->extra_args);
  g_free (svc->url);
  g_free (svc);
}

void
iv_test_response_free (IvTestResponse *response)
{
  if (response == NULL)
    return;
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->json, json_node_unref);
  g_free (response);
}

IvTestResponse *
iv_test_service_send (IvTestService      *svc,
                      const char         *method,
                      const char         *path,
                      const char         *token,
                      const char * const *headers,
                      const char         *content_type,
                      GBytes             *body)
{
  g_autofree char *uri = g_strconcat (svc->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  IvTestResponse *response = g_new0 (IvTestResponse, 1);
  SoupMessageHeaders *req;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (msg);
  req = soup_message_get_request_headers (msg);
  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (req, "Authorization", auth);
    }
  for (guint i = 0; headers != NULL && headers[i] != NULL && headers[i + 1] != NULL; i += 2)
    soup_message_headers_replace (req, headers[i], headers[i + 1]);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type != NULL ? content_type : "application/json", body);

  response->body = soup_session_send_and_read (svc->session, msg, NULL, &error);
  if (response->body == NULL)
    {
      response->status = 0;
      response->body = g_bytes_new (NULL, 0);
      response->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
      return response;
    }
  response->status = soup_message_get_status (msg);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  if (g_bytes_get_size (response->body) > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      gsize len = 0;
      const char *data = g_bytes_get_data (response->body, &len);

      if (json_parser_load_from_data (parser, data, (gssize) len, NULL) &&
          json_parser_get_root (parser) != NULL)
        response->json = json_node_copy (json_parser_get_root (parser));
    }
  return response;
}

static JsonObject *
response_object (IvTestResponse *response)
{
  if (response->json == NULL || !JSON_NODE_HOLDS_OBJECT (response->json))
    return NULL;
  return json_node_get_object (response->json);
}

const char *
iv_test_response_get_string (IvTestResponse *response,
                             const char     *member)
{
  JsonObject *o = response_object (response);

  if (o == NULL || !json_object_has_member (o, member))
    return NULL;
  return json_object_get_string_member_with_default (o, member, NULL);
}

gint64
iv_test_response_get_int (IvTestResponse *response,
                          const char     *member)
{
  JsonObject *o = response_object (response);

  if (o == NULL)
    return -1;
  return json_object_get_int_member_with_default (o, member, -1);
}

static JsonObject *
error_object (IvTestResponse *response)
{
  JsonObject *o = response_object (response);
  JsonNode *e = o != NULL ? json_object_get_member (o, "error") : NULL;

  return e != NULL && JSON_NODE_HOLDS_OBJECT (e) ? json_node_get_object (e) : NULL;
}

const char *
iv_test_response_error_code (IvTestResponse *response)
{
  JsonObject *e = error_object (response);

  return e != NULL ? json_object_get_string_member_with_default (e, "code", NULL) : NULL;
}

const char *
iv_test_response_error_field (IvTestResponse *response)
{
  JsonObject *e = error_object (response);

  return e != NULL ? json_object_get_string_member_with_default (e, "field", NULL) : NULL;
}

guint
iv_test_service_request (IvTestService  *svc,
                         const char     *method,
                         const char     *path,
                         const char     *token,
                         const char     *json_body,
                         JsonNode      **out_json)
{
  g_autoptr(GBytes) body = json_body != NULL ? g_bytes_new (json_body, strlen (json_body)) : NULL;
  g_autoptr(IvTestResponse) r = NULL;
  const char *headers[] = { "Idempotency-Key", NULL, NULL };
  g_autofree char *key = NULL;

  /* Creations need a key; tests that check keys use iv_test_service_send */
  if (g_str_equal (method, "POST"))
    headers[1] = key = iv_test_idempotency_key ();
  r = iv_test_service_send (svc, method, path, token, key != NULL ? headers : NULL, NULL, body);
  if (out_json != NULL)
    *out_json = g_steal_pointer (&r->json);
  return r->status;
}

guint
iv_test_service_admin (IvTestService  *svc,
                       const char     *method,
                       const char     *path,
                       const char     *json_body,
                       JsonNode      **out_json)
{
  return iv_test_service_request (svc, method, path, IV_TEST_ADMIN_TOKEN, json_body, out_json);
}

char *
iv_test_service_sign_in (IvTestService *svc,
                         const char    *account,
                         const char    *password)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "account");
  json_builder_add_string_value (b, account);
  json_builder_set_member_name (b, "password");
  json_builder_add_string_value (b, password);
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  text = json_to_string (body, FALSE);
  if (iv_test_service_request (svc, "POST", "/v1/session", NULL, text, &answer) != 200 || answer == NULL)
    return NULL;
  return g_strdup (json_object_get_string_member_with_default (json_node_get_object (answer),
                                                               "access_token", NULL));
}

char *
iv_test_idempotency_key (void)
{
  return g_uuid_string_random ();
}
