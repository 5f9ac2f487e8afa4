/* test-tls.c: the system store always verifies; an extra CA adds trust, never "accept anything"
 *
 * Certificates are made at test time with openssl in a temporary folder:
 * a self-signed server certificate, and a small CA with a leaf for
 * 127.0.0.1 only.  No key is committed to the repository.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "iv-api-client.h"
#include "iv-test-service.h"

static char *tmp_dir;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
await (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static IvApiResponse *
get_policy (IvApiClient  *client,
            GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  iv_api_client_get_policy_async (client, NULL, NULL, done_cb, &result);
  return iv_api_client_get_policy_finish (client, await (&result), error);
}

static char *
path_in_tmp (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static void
run_openssl (const char *first,
             ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  gint status = 0;
  va_list args;

  g_ptr_array_add (argv, (char *) "openssl");
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (tmp_dir, (char **) argv->pdata, NULL,
                G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("openssl failed: %s", err);
}

/* A key pair, and a certificate for it: self-signed, or signed by ca */
static void
make_certificate (const char *name,
                  const char *subject,
                  const char *san,
                  const char *ca,
                  gboolean    is_ca)
{
  g_autofree char *key = g_strconcat (name, ".key", NULL);
  g_autofree char *pem = g_strconcat (name, ".pem", NULL);
  g_autofree char *csr = g_strconcat (name, ".csr", NULL);
  g_autofree char *ext = g_strconcat (name, ".ext", NULL);
  g_autofree char *ext_path = path_in_tmp (ext);
  g_autofree char *ext_text = NULL;

  ext_text = g_strdup_printf ("%s%s%s\n",
                              is_ca ? "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,digitalSignature,keyEncipherment,keyCertSign,cRLSign\n"
                                    : "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
                                      "extendedKeyUsage=serverAuth\n",
                              san != NULL ? "subjectAltName=" : "",
                              san != NULL ? san : "");
  g_assert_true (g_file_set_contents (ext_path, ext_text, -1, NULL));

  /* RSA: GLib 2.74 with GnuTLS does not serve an EC key read from PKCS#8 PEM */
  run_openssl ("req", "-new", "-newkey", "rsa:2048",
               "-nodes", "-keyout", key, "-out", csr, "-subj", subject, NULL);
  if (ca == NULL)
    run_openssl ("x509", "-req", "-in", csr, "-signkey", key, "-out", pem,
                 "-days", "2", "-extfile", ext, NULL);
  else
    {
      g_autofree char *ca_pem = g_strconcat (ca, ".pem", NULL);
      g_autofree char *ca_key = g_strconcat (ca, ".key", NULL);

      run_openssl ("x509", "-req", "-in", csr, "-CA", ca_pem, "-CAkey", ca_key,
                   "-CAcreateserial", "-out", pem, "-days", "2", "-extfile", ext, NULL);
    }
}

static IvTestService *
start_https (const char *name)
{
  g_autofree char *cert = g_strconcat (tmp_dir, "/", name, ".pem", NULL);
  g_autofree char *key = g_strconcat (tmp_dir, "/", name, ".key", NULL);
  const char *args[] = { "--tls-cert", cert, "--tls-key", key, NULL };
  g_autoptr(GError) error = NULL;
  IvTestService *svc = iv_test_service_start (args, &error);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (iv_test_service_get_url (svc), "https://127.0.0.1:"));
  return svc;
}

static IvApiClient *
client_for (IvTestService *svc,
            const char    *ca_name)
{
  IvApiClient *client = iv_api_client_new (iv_test_service_get_url (svc));

  if (ca_name != NULL)
    {
      g_autofree char *ca = g_strconcat (tmp_dir, "/", ca_name, ".pem", NULL);
      g_autoptr(GError) error = NULL;

      g_assert_true (iv_api_client_set_extra_ca_file (client, ca, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (iv_api_client_get_extra_ca_file (client), ==, ca);
    }
  return client;
}

static void
assert_tls_refused (IvApiClient *client)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IvApiResponse) response = get_policy (client, &error);
  g_autofree char *message = NULL;

  g_assert_null (response);
  g_assert_error (error, IV_API_ERROR, IV_API_ERROR_TLS);
  g_assert_cmpuint (iv_api_error_get_http_status (error), ==, 0);
  g_assert_false (iv_api_error_is_retryable (error));
  message = iv_api_error_to_user_message (error);
  g_assert_cmpstr (message, ==, "The server’s certificate could not be verified. "
                                "The connection was refused to protect your data.");
}

static void
assert_accepted (IvApiClient *client)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IvApiResponse) response = get_policy (client, &error);

  g_assert_no_error (error);
  g_assert_true (IV_IS_POLICY (iv_api_response_get_object (response)));
}

static void
test_self_signed (void)
{
  g_autoptr(IvTestService) svc = start_https ("self");
  g_autoptr(IvApiClient) plain = client_for (svc, NULL);
  g_autoptr(IvApiClient) trusting = client_for (svc, "self");
  g_autoptr(IvApiClient) other = client_for (svc, "ca");

  /* The system store does not know it: refused */
  assert_tls_refused (plain);
  /* Another CA does not make it trusted either */
  assert_tls_refused (other);
  /* Configured as the extra CA: accepted */
  assert_accepted (trusting);

  /* The same, given as a construct property */
  {
    g_autofree char *ca = path_in_tmp ("self.pem");
    g_autoptr(IvApiClient) constructed = g_object_new (IV_TYPE_API_CLIENT,
                                                       "base-url", iv_test_service_get_url (svc),
                                                       "extra-ca-file", ca,
                                                       NULL);
    assert_accepted (constructed);
  }

  /* Removing the extra CA refuses it again */
  g_assert_true (iv_api_client_set_extra_ca_file (trusting, NULL, NULL));
  g_assert_null (iv_api_client_get_extra_ca_file (trusting));
  assert_tls_refused (trusting);
}

static void
test_ca_chain_and_host (void)
{
  g_autoptr(IvTestService) svc = start_https ("leaf");
  g_autoptr(IvApiClient) plain = client_for (svc, NULL);
  g_autoptr(IvApiClient) trusting = client_for (svc, "ca");
  g_autoptr(IvApiClient) wrong_ca = client_for (svc, "self");
  g_autoptr(IvApiClient) wrong_host = NULL;
  g_autofree char *localhost_url = NULL;
  const char *url = iv_test_service_get_url (svc);

  assert_tls_refused (plain);
  assert_tls_refused (wrong_ca);
  assert_accepted (trusting);

  /* The certificate names 127.0.0.1 only: the same server reached as
   * "localhost" is refused even with the CA trusted */
  localhost_url = g_strconcat ("https://localhost", strrchr (url, ':'), NULL);
  wrong_host = iv_api_client_new (localhost_url);
  {
    g_autofree char *ca = g_build_filename (tmp_dir, "ca.pem", NULL);
    g_assert_true (iv_api_client_set_extra_ca_file (wrong_host, ca, NULL));
  }
  assert_tls_refused (wrong_host);
}

static void
test_bad_ca_file (void)
{
  g_autoptr(IvApiClient) client = iv_api_client_new ("https://127.0.0.1:1");
  g_autoptr(GError) error = NULL;
  g_autofree char *garbage = path_in_tmp ("garbage.pem");

  g_assert_false (iv_api_client_set_extra_ca_file (client, "/nonexistent/ca.pem", &error));
  g_assert_error (error, IV_API_ERROR, IV_API_ERROR_TLS);
  g_assert_null (iv_api_client_get_extra_ca_file (client));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (garbage, "not a certificate\n", -1, NULL));
  g_assert_false (iv_api_client_set_extra_ca_file (client, garbage, &error));
  g_assert_error (error, IV_API_ERROR, IV_API_ERROR_TLS);
  g_assert_null (iv_api_client_get_extra_ca_file (client));
}

static void
remove_tmp (void)
{
  g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = path_in_tmp (name);
      g_unlink (path);
    }
  g_rmdir (tmp_dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *openssl = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  openssl = g_find_program_in_path ("openssl");
  if (g_getenv ("IV_TEST_SERVICE") == NULL || openssl == NULL)
    {
      g_test_skip ("needs IV_TEST_SERVICE and openssl");
      return g_test_run ();
    }

  tmp_dir = g_dir_make_tmp ("iv-test-tls-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);
  make_certificate ("self", "/CN=127.0.0.1", "IP:127.0.0.1", NULL, TRUE);
  make_certificate ("ca", "/CN=Innovation Vouchers Test CA", NULL, NULL, TRUE);
  make_certificate ("leaf", "/CN=127.0.0.1", "IP:127.0.0.1", "ca", FALSE);

  g_test_add_func ("/tls/self-signed", test_self_signed);
  g_test_add_func ("/tls/ca-chain-and-host", test_ca_chain_and_host);
  g_test_add_func ("/tls/bad-ca-file", test_bad_ca_file);

  status = g_test_run ();
  remove_tmp ();
  g_free (tmp_dir);
  return status;
}
