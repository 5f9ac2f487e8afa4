/* test-credentials.c: the session's tokens in a real gnome-keyring, and in memory without one */
#include "config.h"

#include <libsecret/secret.h>
#include <string.h>

#include "iv-credentials.h"

#define SERVICE_URL "https://vouchers.example.cn/api"
#define ACCOUNT "91310115MA1K3A2B3J"
#define ACCESS "access-7f3a9c1e5b2d4f6a8c0e"
#define REFRESH "refresh-2b4d6f8a0c1e3f5a7c9e"

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
store_sync (IvCredentials *creds,
            const char    *url,
            const char    *account,
            const char    *access,
            const char    *refresh)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  iv_credentials_store_async (creds, url, account, access, refresh, NULL, store_result_cb, &result);
  g_assert_true (iv_credentials_store_finish (creds, wait_for (&result), &error));
  g_assert_no_error (error);
}

static void
lookup_sync (IvCredentials  *creds,
             const char     *url,
             const char     *account,
             char          **out_account,
             char          **out_access,
             char          **out_refresh)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  iv_credentials_lookup_async (creds, url, account, NULL, store_result_cb, &result);
  g_assert_true (iv_credentials_lookup_finish (creds, wait_for (&result),
                                               out_account, out_access, out_refresh, &error));
  g_assert_no_error (error);
}

static void
clear_sync (IvCredentials *creds,
            const char    *url,
            const char    *account)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  iv_credentials_clear_async (creds, url, account, NULL, store_result_cb, &result);
  g_assert_true (iv_credentials_clear_finish (creds, wait_for (&result), &error));
  g_assert_no_error (error);
}

static const SecretSchema *
test_schema (void)
{
  static const SecretSchema schema = {
    IV_CREDENTIALS_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { "service-url", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  };
  return &schema;
}

static gboolean
require_keyring (void)
{
  if (g_getenv ("IV_TEST_KEYRING") == NULL)
    {
      g_test_skip ("needs run-with-keyring.sh (a private gnome-keyring)");
      return FALSE;
    }
  return TRUE;
}

/* Does any file below dir contain needle? */
static gboolean
tree_contains (const char *dir,
               const char *needle)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return FALSE;

  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (tree_contains (path, needle))
            return TRUE;
        }
      else if (g_file_get_contents (path, &contents, &length, NULL) &&
               g_strstr_len (contents, length, needle) != NULL)
        return TRUE;
    }

  return FALSE;
}

static void
test_keyring_store_lookup_clear (void)
{
  g_autoptr(IvCredentials) creds = NULL;
  g_autoptr(IvCredentials) other = NULL;
  g_autofree char *account = NULL;
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;
  g_autofree char *none = NULL;
  g_autofree char *raw = NULL;
  g_autoptr(GError) error = NULL;

  if (!require_keyring ())
    return;

  creds = iv_credentials_new ();
  store_sync (creds, SERVICE_URL, ACCOUNT, ACCESS, REFRESH);
  g_assert_false (iv_credentials_get_in_memory (creds));

  /* It is in the keyring itself, under our schema and attributes */
  raw = secret_password_lookup_sync (test_schema (), NULL, &error,
                                     "service-url", SERVICE_URL, "account", ACCOUNT, NULL);
  g_assert_no_error (error);
  g_assert_nonnull (raw);
  g_assert_nonnull (strstr (raw, REFRESH));

  /* A fresh object (a restarted app) finds it, by account or by URL alone */
  other = iv_credentials_new ();
  lookup_sync (other, SERVICE_URL, ACCOUNT, &account, &access, &refresh);
  g_assert_cmpstr (account, ==, ACCOUNT);
  g_assert_cmpstr (access, ==, ACCESS);
  g_assert_cmpstr (refresh, ==, REFRESH);
  g_clear_pointer (&account, g_free);
  g_clear_pointer (&refresh, g_free);
  lookup_sync (other, SERVICE_URL, NULL, &account, NULL, &refresh);
  g_assert_cmpstr (account, ==, ACCOUNT);
  g_assert_cmpstr (refresh, ==, REFRESH);

  /* Another service URL has nothing */
  lookup_sync (other, "https://other.example.cn/api", NULL, NULL, NULL, &none);
  g_assert_null (none);

  /* The keyring's files never hold the tokens in clear */
  g_assert_false (tree_contains (g_get_user_data_dir (), REFRESH));
  g_assert_false (tree_contains (g_get_user_data_dir (), ACCESS));

  /* Sign-out */
  clear_sync (creds, SERVICE_URL, ACCOUNT);
  g_clear_pointer (&refresh, g_free);
  lookup_sync (other, SERVICE_URL, ACCOUNT, NULL, NULL, &refresh);
  g_assert_null (refresh);
  g_free (raw);
  raw = secret_password_lookup_sync (test_schema (), NULL, &error,
                                     "service-url", SERVICE_URL, NULL);
  g_assert_no_error (error);
  g_assert_null (raw);
  g_assert_false (iv_credentials_get_in_memory (creds));
}

static void
test_keyring_replace (void)
{
  g_autoptr(IvCredentials) creds = NULL;
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;

  if (!require_keyring ())
    return;

  creds = iv_credentials_new ();
  store_sync (creds, SERVICE_URL, ACCOUNT, ACCESS, REFRESH);
  /* A refresh: the new tokens replace the old ones, no access token kept */
  store_sync (creds, SERVICE_URL, ACCOUNT, NULL, "refresh-new");
  lookup_sync (creds, SERVICE_URL, ACCOUNT, NULL, &access, &refresh);
  g_assert_null (access);
  g_assert_cmpstr (refresh, ==, "refresh-new");

  /* Two accounts side by side; clearing one keeps the other */
  store_sync (creds, SERVICE_URL, "team-demo", ACCESS, "refresh-team");
  clear_sync (creds, SERVICE_URL, ACCOUNT);
  g_clear_pointer (&refresh, g_free);
  lookup_sync (creds, SERVICE_URL, "team-demo", NULL, NULL, &refresh);
  g_assert_cmpstr (refresh, ==, "refresh-team");
  g_clear_pointer (&refresh, g_free);
  lookup_sync (creds, SERVICE_URL, ACCOUNT, NULL, NULL, &refresh);
  g_assert_null (refresh);

  clear_sync (creds, SERVICE_URL, NULL);
  lookup_sync (creds, SERVICE_URL, NULL, NULL, NULL, &refresh);
  g_assert_null (refresh);
  g_assert_false (iv_credentials_get_in_memory (creds));
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
no_secret_service_body (void)
{
  g_autoptr(IvCredentials) creds = NULL;
  g_autofree char *account = NULL;
  g_autofree char *refresh = NULL;
  guint notified = 0;

  /* No session bus at all: libsecret fails with a D-Bus error */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/iv-test-bus", TRUE);

  creds = iv_credentials_new ();
  g_signal_connect (creds, "notify::in-memory", G_CALLBACK (notify_cb), &notified);
  g_assert_false (iv_credentials_get_in_memory (creds));

  store_sync (creds, SERVICE_URL, ACCOUNT, ACCESS, REFRESH);
  g_assert_true (iv_credentials_get_in_memory (creds));
  g_assert_cmpuint (notified, ==, 1);

  lookup_sync (creds, SERVICE_URL, NULL, &account, NULL, &refresh);
  g_assert_cmpstr (account, ==, ACCOUNT);
  g_assert_cmpstr (refresh, ==, REFRESH);

  clear_sync (creds, SERVICE_URL, ACCOUNT);
  g_clear_pointer (&refresh, g_free);
  lookup_sync (creds, SERVICE_URL, ACCOUNT, NULL, NULL, &refresh);
  g_assert_null (refresh);

  /* Memory lasts only as long as the object: a new one has nothing */
  store_sync (creds, SERVICE_URL, ACCOUNT, ACCESS, REFRESH);
  g_clear_object (&creds);
  creds = iv_credentials_new ();
  lookup_sync (creds, SERVICE_URL, ACCOUNT, NULL, NULL, &refresh);
  g_assert_null (refresh);
  g_assert_true (iv_credentials_get_in_memory (creds));
}

static void
test_no_secret_service (void)
{
  /* In a child process: the bus address must be wrong before any D-Bus use */
  if (g_test_subprocess ())
    {
      no_secret_service_body ();
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_lookup_when_nothing_saved (void)
{
  g_autoptr(IvCredentials) creds = NULL;
  g_autofree char *refresh = NULL;
  g_autofree char *account = NULL;

  if (!require_keyring ())
    return;

  creds = iv_credentials_new ();
  lookup_sync (creds, "https://never.example.cn/api", "nobody", &account, NULL, &refresh);
  g_assert_null (account);
  g_assert_null (refresh);
  g_assert_false (iv_credentials_get_in_memory (creds));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/credentials/keyring/store-lookup-clear", test_keyring_store_lookup_clear);
  g_test_add_func ("/credentials/keyring/replace", test_keyring_replace);
  g_test_add_func ("/credentials/keyring/nothing-saved", test_lookup_when_nothing_saved);
  g_test_add_func ("/credentials/no-secret-service", test_no_secret_service);

  return g_test_run ();
}
