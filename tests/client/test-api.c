/* test-api.c: every endpoint of api.md through IvApiClient, against the real service on loopback */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "iv-api-client.h"
#include "iv-test-service.h"

#define PASSWORD "Pw@2026-test"

static IvTestService *svc;      /* --seed-services 300, shared by the tests */

/* Async → sync for tests ---------------------------------------------------- */

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

/* CALL (client, get_claim, &error, id, etag) → the _finish value */
#define CALL(client, name, error, ...)                                              \
  ({                                                                                \
    g_autoptr(GAsyncResult) _r = NULL;                                              \
    iv_api_client_##name##_async (client, __VA_ARGS__, NULL, done_cb, &_r);         \
    iv_api_client_##name##_finish (client, await (&_r), error);                     \
  })
#define CALL0(client, name, error)                                                  \
  ({                                                                                \
    g_autoptr(GAsyncResult) _r = NULL;                                              \
    iv_api_client_##name##_async (client, NULL, done_cb, &_r);                      \
    iv_api_client_##name##_finish (client, await (&_r), error);                     \
  })

static void
sleep_in_loop (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
    }
}

static JsonNode *
json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

/* A new team account on the service; returns its login */
static char *
make_account (IvTestService *service)
{
  static guint counter;
  g_autofree char *body = NULL;
  char *login = g_strdup_printf ("team-api-%u-%u", (guint) getpid (), ++counter);

  body = g_strdup_printf ("{\"login\": \"%s\", \"kind\": \"team\", \"name\": \"接口测试团队\", "
                          "\"password\": \"" PASSWORD "\", \"district\": \"浦东新区\", "
                          "\"contact_name\": \"张三\", \"contact_phone\": \"13800138000\"}", login);
  g_assert_cmpuint (iv_test_service_admin (service, "POST", "/admin/v1/accounts", body, NULL), ==, 201);
  return login;
}

static void
admin_move (const char *collection,
            const char *id,
            const char *verb,
            const char *action)
{
  g_autofree char *path = g_strdup_printf ("/admin/v1/%s/%s/%s", collection, id, verb);
  g_autofree char *body = g_strdup_printf ("{\"action\": \"%s\", \"note\": \"请补充材料\"}", action);
  g_autoptr(JsonNode) answer = NULL;

  g_assert_cmpuint (iv_test_service_admin (svc, "POST", path, body, &answer), ==, 200);
}

static void
count_cb (gpointer user_data)
{
  (*(guint *) user_data)++;
}

static IvApiClient *
signed_in_client (IvTestService *service,
                  const char    *login)
{
  IvApiClient *client = iv_api_client_new (iv_test_service_get_url (service));
  g_autoptr(IvAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = CALL (client, sign_in, &error, login, PASSWORD);
  g_assert_no_error (error);
  g_assert_nonnull (account);
  return client;
}

static const char *application_body =
  "{\"year\": 2026, \"amount_fen\": 5000000, \"purpose\": \"委托检测新材料样品\", "
  "\"planned_categories\": [\"testing\", \"instrument\"], "
  "\"contact_name\": \"张三\", \"contact_phone\": \"13800138000\"}";

/* Tests ----------------------------------------------------------------------- */

static void
test_public_catalog (void)
{
  g_autoptr(IvApiClient) client = iv_api_client_new (iv_test_service_get_url (svc));
  g_autoptr(IvApiResponse) policy = NULL;
  g_autoptr(IvApiResponse) again = NULL;
  g_autoptr(IvApiResponse) categories = NULL;
  g_autoptr(IvApiResponse) changes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  IvListPage *page;
  guint n_institutions = 0, n_services = 0, n_pages = 0;
  gint64 revision = -1;

  /* Readable without signing in */
  g_assert_false (iv_api_client_get_signed_in (client));
  policy = CALL (client, get_policy, &error, NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (iv_api_response_get_status (policy), ==, 200);
  g_assert_true (IV_IS_POLICY (iv_api_response_get_object (policy)));
  g_assert_cmpint (iv_policy_get_year (iv_api_response_get_object (policy)), ==, 2026);
  g_assert_cmpint (iv_policy_get_cap_fen (iv_api_response_get_object (policy), IV_ACCOUNT_KIND_TEAM), ==, 10000000);
  g_assert_nonnull (iv_api_response_get_etag (policy));
  g_assert_nonnull (iv_api_response_get_json (policy));

  /* The same ETag back: 304, nothing decoded, the ETag still there */
  again = CALL (client, get_policy, &error, iv_api_response_get_etag (policy));
  g_assert_no_error (error);
  g_assert_true (iv_api_response_is_not_modified (again));
  g_assert_null (iv_api_response_get_object (again));
  g_assert_cmpstr (iv_api_response_get_etag (again), ==, iv_api_response_get_etag (policy));

  categories = CALL (client, list_categories, &error, NULL);
  g_assert_no_error (error);
  page = iv_api_response_get_object (categories);
  g_assert_cmpuint (iv_list_page_get_n_items (page), ==, 6);
  g_assert_cmpstr (iv_category_get_code (iv_list_page_get_item (page, 0)), !=, NULL);

  /* Every institution, 100 a page */
  do
    {
      g_autoptr(IvApiResponse) response = NULL;

      response = CALL (client, list_institutions, &error, -1, cursor, 100, NULL);
      g_assert_no_error (error);
      page = iv_api_response_get_object (response);
      g_assert_true (IV_IS_LIST_PAGE (page));
      g_assert_cmpuint (iv_list_page_get_n_items (page), <=, 100);
      n_institutions += iv_list_page_get_n_items (page);
      g_free (cursor);
      cursor = g_strdup (iv_list_page_get_next_cursor (page));
      n_pages++;
    }
  while (cursor != NULL);
  g_assert_cmpuint (n_institutions, ==, 380);
  g_assert_cmpuint (n_pages, >=, 4);

  /* Every service, 500 a page */
  do
    {
      g_autoptr(IvApiResponse) response = NULL;

      response = CALL (client, list_services, &error, -1, cursor, 500, NULL);
      g_assert_no_error (error);
      page = iv_api_response_get_object (response);
      n_services += iv_list_page_get_n_items (page);
      revision = iv_list_page_get_revision (page);
      g_free (cursor);
      cursor = g_strdup (iv_list_page_get_next_cursor (page));
    }
  while (cursor != NULL);
  g_assert_cmpuint (n_services, ==, 300);
  g_assert_cmpint (revision, >=, 0);

  /* Nothing changed since that revision */
  changes = CALL (client, list_services, &error, revision, NULL, 0, NULL);
  g_assert_no_error (error);
  page = iv_api_response_get_object (changes);
  g_assert_cmpuint (iv_list_page_get_n_items (page), ==, 0);
  g_assert_cmpstr (iv_list_page_get_deleted_ids (page)[0], ==, NULL);

  /* A service deleted by the administrator comes back as a tombstone */
  {
    g_autoptr(IvApiResponse) tombstones = NULL;
    g_assert_cmpuint (iv_test_service_admin (svc, "DELETE", "/admin/v1/catalog/services/svc-0000007", NULL, NULL), ==, 204);
    tombstones = CALL (client, list_services, &error, revision, NULL, 0, NULL);
    g_assert_no_error (error);
    page = iv_api_response_get_object (tombstones);
    g_assert_cmpuint (iv_list_page_get_n_items (page), ==, 0);
    g_assert_cmpstr (iv_list_page_get_deleted_ids (page)[0], ==, "svc-0000007");
    g_assert_cmpint (iv_list_page_get_revision (page), >, revision);
  }
}

static void
test_session (void)
{
  g_autofree char *login = make_account (svc);
  g_autoptr(IvApiClient) client = iv_api_client_new (iv_test_service_get_url (svc));
  g_autoptr(IvAccount) account = NULL;
  g_autoptr(IvApiResponse) response = NULL;
  g_autoptr(IvApiResponse) not_modified = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_access = NULL;
  guint tokens_changed = 0;
  guint signed_in_notified = 0;
  g_autoptr(JsonNode) answer = NULL;

  g_signal_connect_swapped (client, "tokens-changed", G_CALLBACK (count_cb), &tokens_changed);
  g_signal_connect_swapped (client, "notify::signed-in", G_CALLBACK (count_cb), &signed_in_notified);

  /* Without a session an account call fails before the network */
  response = CALL (client, get_account, &error, NULL);
  g_assert_error (error, IV_API_ERROR, IV_API_ERROR_NOT_SIGNED_IN);
  g_assert_null (response);
  g_clear_error (&error);

  account = CALL (client, sign_in, &error, login, PASSWORD);
  g_assert_no_error (error);
  g_assert_cmpstr (iv_account_get_name (account), ==, "接口测试团队");
  g_assert_cmpint (iv_account_get_kind (account), ==, IV_ACCOUNT_KIND_TEAM);
  g_assert_true (iv_api_client_get_signed_in (client));
  g_assert_cmpuint (tokens_changed, ==, 1);
  g_assert_cmpuint (signed_in_notified, ==, 1);
  g_assert_nonnull (iv_api_client_get_access_token (client));
  g_assert_nonnull (iv_api_client_get_refresh_token (client));

  response = CALL (client, get_account, &error, NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (iv_account_get_id (iv_api_response_get_object (response)), ==, iv_account_get_id (account));
  g_assert_cmpint (iv_account_get_year_cap_fen (iv_api_response_get_object (response)), ==, 10000000);

  not_modified = CALL (client, get_account, &error, iv_api_response_get_etag (response));
  g_assert_no_error (error);
  g_assert_true (iv_api_response_is_not_modified (not_modified));

  /* An explicit refresh gives new tokens */
  old_access = g_strdup (iv_api_client_get_access_token (client));
  g_assert_true (CALL0 (client, refresh, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tokens_changed, ==, 2);
  g_assert_cmpstr (iv_api_client_get_access_token (client), !=, old_access);
  g_free (old_access);
  old_access = g_strdup (iv_api_client_get_access_token (client));

  /* Sign-out forgets the tokens here and revokes them there */
  g_assert_true (CALL0 (client, sign_out, &error));
  g_assert_no_error (error);
  g_assert_false (iv_api_client_get_signed_in (client));
  g_assert_null (iv_api_client_get_access_token (client));
  g_assert_null (iv_api_client_get_refresh_token (client));
  g_assert_cmpuint (tokens_changed, ==, 3);
  g_assert_cmpuint (signed_in_notified, ==, 2);
  g_assert_cmpuint (iv_test_service_request (svc, "GET", "/v1/account", old_access, NULL, &answer), ==, 401);

  g_clear_object (&response);
  response = CALL (client, get_account, &error, NULL);
  g_assert_error (error, IV_API_ERROR, IV_API_ERROR_NOT_SIGNED_IN);
  g_clear_error (&error);

  /* A saved session restored into a new client works without signing in */
  {
    g_autoptr(IvApiClient) first = signed_in_client (svc, login);
    g_autoptr(IvApiClient) restored = iv_api_client_new (iv_test_service_get_url (svc));
    g_autoptr(IvApiResponse) restored_account = NULL;
    guint restored_changed = 0;

    g_signal_connect_swapped (restored, "tokens-changed", G_CALLBACK (count_cb), &restored_changed);
    iv_api_client_set_tokens (restored, iv_api_client_get_access_token (first),
                              iv_api_client_get_refresh_token (first));
    g_assert_true (iv_api_client_get_signed_in (restored));
    g_assert_cmpuint (restored_changed, ==, 0);
    restored_account = CALL (restored, get_account, &error, NULL);
    g_assert_no_error (error);
    g_assert_cmpstr (iv_account_get_id (iv_api_response_get_object (restored_account)), ==,
                     iv_account_get_id (account));
  }
}

static IvQuotaApplication *
response_application (IvApiResponse *response)
{
  g_assert_nonnull (response);
  g_assert_true (IV_IS_QUOTA_APPLICATION (iv_api_response_get_object (response)));
  return iv_api_response_get_object (response);
}

/* Applications, vouchers, orders, attachments, claims, receipts, events */
static void
test_full_flow (void)
{
  g_autofree char *login = make_account (svc);
  g_autoptr(IvApiClient) client = signed_in_client (svc, login);
  g_autoptr(GError) error = NULL;
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr(JsonNode) body = json (application_body);
  g_autoptr(IvApiResponse) created = NULL;
  g_autoptr(IvApiResponse) replayed = NULL;
  g_autoptr(IvApiResponse) fetched = NULL;
  g_autoptr(IvApiResponse) unchanged = NULL;
  g_autoptr(IvApiResponse) listed = NULL;
  g_autoptr(IvApiResponse) returned = NULL;
  g_autoptr(IvApiResponse) resubmitted = NULL;
  g_autoptr(IvApiResponse) vouchers = NULL;
  g_autofree char *application_id = NULL;
  g_autofree char *voucher_id = NULL;
  g_autofree char *service_id = NULL;
  g_autofree char *order_id = NULL;
  g_autofree char *claim_id = NULL;
  IvQuotaApplication *application;
  IvVoucher *voucher;

  /* Create, and the same key again: the same application, not a second one */
  created = CALL (client, create_application, &error, body, key);
  g_assert_no_error (error);
  g_assert_cmpuint (iv_api_response_get_status (created), ==, 201);
  application = response_application (created);
  g_assert_cmpint (iv_quota_application_get_status (application), ==, IV_APPLICATION_STATUS_SUBMITTED);
  g_assert_cmpint (iv_quota_application_get_amount_fen (application), ==, 5000000);
  application_id = g_strdup (iv_quota_application_get_id (application));

  replayed = CALL (client, create_application, &error, body, key);
  g_assert_no_error (error);
  g_assert_cmpstr (iv_quota_application_get_id (response_application (replayed)), ==, application_id);

  listed = CALL (client, list_applications, &error, NULL, 0, NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (iv_list_page_get_n_items (iv_api_response_get_object (listed)), ==, 1);

  fetched = CALL (client, get_application, &error, application_id, NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (iv_quota_application_get_number (response_application (fetched)), ==,
                   iv_quota_application_get_number (application));
  unchanged = CALL (client, get_application, &error, application_id, iv_api_response_get_etag (fetched));
  g_assert_no_error (error);
  g_assert_true (iv_api_response_is_not_modified (unchanged));

  /* Returned for changes, edited and resubmitted with If-Match */
  admin_move ("applications", application_id, "decide", "return");
  returned = CALL (client, get_application, &error, application_id, iv_api_response_get_etag (fetched));
  g_assert_no_error (error);
  g_assert_false (iv_api_response_is_not_modified (returned));
  g_assert_cmpint (iv_quota_application_get_status (response_application (returned)), ==, IV_APPLICATION_STATUS_RETURNED);
  {
    g_autoptr(JsonNode) edited = json ("{\"year\": 2026, \"amount_fen\": 4000000, \"purpose\": \"委托检测新材料样品（已补充说明）\", "
                                       "\"planned_categories\": [\"testing\"], "
                                       "\"contact_name\": \"张三\", \"contact_phone\": \"13800138000\"}");
    resubmitted = CALL (client, update_application, &error, application_id,
                        iv_quota_application_get_version (response_application (returned)), edited);
  }
  g_assert_no_error (error);
  g_assert_cmpint (iv_quota_application_get_status (response_application (resubmitted)), ==, IV_APPLICATION_STATUS_SUBMITTED);
  g_assert_cmpint (iv_quota_application_get_amount_fen (response_application (resubmitted)), ==, 4000000);
  g_assert_cmpint (iv_quota_application_get_version (response_application (resubmitted)), >,
                   iv_quota_application_get_version (response_application (returned)));

  /* Approval issues a voucher */
  admin_move ("applications", application_id, "decide", "approve");
  vouchers = CALL (client, list_vouchers, &error, NULL, 0, NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (iv_list_page_get_n_items (iv_api_response_get_object (vouchers)), ==, 1);
  voucher = iv_list_page_get_item (iv_api_response_get_object (vouchers), 0);
  g_assert_cmpint (iv_voucher_get_status (voucher), ==, IV_VOUCHER_STATUS_ACTIVE);
  g_assert_cmpint (iv_voucher_get_face_value_fen (voucher), ==, 4000000);
  voucher_id = g_strdup (iv_voucher_get_id (voucher));

  /* A second application, withdrawn */
  {
    g_autofree char *key2 = g_uuid_string_random ();
    g_autoptr(IvApiResponse) second = NULL;
    g_autoptr(IvApiResponse) withdrawn = NULL;
    g_autoptr(JsonNode) small = json ("{\"year\": 2026, \"amount_fen\": 100000, \"purpose\": \"小额测试\", "
                                      "\"planned_categories\": [\"testing\"], "
                                      "\"contact_name\": \"张三\", \"contact_phone\": \"021-55667788\"}");
    second = CALL (client, create_application, &error, small, key2);
    g_assert_no_error (error);
    withdrawn = CALL (client, withdraw_application, &error,
                      iv_quota_application_get_id (response_application (second)), NULL);
    g_assert_no_error (error);
    g_assert_cmpint (iv_quota_application_get_status (response_application (withdrawn)), ==, IV_APPLICATION_STATUS_WITHDRAWN);
  }

  /* A service of an institution that takes vouchers */
  {
    g_autoptr(IvApiResponse) institutions = NULL;
    g_autoptr(IvApiResponse) services = NULL;
    g_autoptr(GHashTable) accepting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    IvListPage *page;

    institutions = CALL (client, list_institutions, &error, -1, NULL, 500, NULL);
    g_assert_no_error (error);
    page = iv_api_response_get_object (institutions);
    for (guint i = 0; i < iv_list_page_get_n_items (page); i++)
      if (iv_institution_get_accepts_vouchers (iv_list_page_get_item (page, i)))
        g_hash_table_add (accepting, g_strdup (iv_institution_get_id (iv_list_page_get_item (page, i))));

    services = CALL (client, list_services, &error, -1, NULL, 500, NULL);
    g_assert_no_error (error);
    page = iv_api_response_get_object (services);
    for (guint i = 0; i < iv_list_page_get_n_items (page) && service_id == NULL; i++)
      {
        IvService *service = iv_list_page_get_item (page, i);
        if (g_hash_table_contains (accepting, iv_service_get_institution_id (service)))
          service_id = g_strdup (iv_service_get_id (service));
      }
    g_assert_nonnull (service_id);
  }

  /* Orders: one placed and cancelled, one taken to completion */
  {
    g_autofree char *order_body = g_strdup_printf ("{\"voucher_id\": \"%s\", \"service_id\": \"%s\", "
                                                   "\"quoted_amount_fen\": 1000000, \"note\": \"加急\"}",
                                                   voucher_id, service_id);
    g_autoptr(JsonNode) node = json (order_body);
    g_autofree char *key3 = g_uuid_string_random ();
    g_autofree char *key4 = g_uuid_string_random ();
    g_autoptr(IvApiResponse) order = NULL;
    g_autoptr(IvApiResponse) other = NULL;
    g_autoptr(IvApiResponse) cancelled = NULL;
    g_autoptr(IvApiResponse) completed = NULL;
    g_autoptr(IvApiResponse) orders = NULL;

    order = CALL (client, create_order, &error, node, key3);
    g_assert_no_error (error);
    g_assert_cmpuint (iv_api_response_get_status (order), ==, 201);
    g_assert_cmpint (iv_order_get_status (iv_api_response_get_object (order)), ==, IV_ORDER_STATUS_PLACED);
    g_assert_cmpint (iv_order_get_quoted_amount_fen (iv_api_response_get_object (order)), ==, 1000000);
    order_id = g_strdup (iv_order_get_id (iv_api_response_get_object (order)));

    other = CALL (client, create_order, &error, node, key4);
    g_assert_no_error (error);
    cancelled = CALL (client, cancel_order, &error, iv_order_get_id (iv_api_response_get_object (other)), NULL);
    g_assert_no_error (error);
    g_assert_cmpint (iv_order_get_status (iv_api_response_get_object (cancelled)), ==, IV_ORDER_STATUS_CANCELLED);

    orders = CALL (client, list_orders, &error, NULL, 0, NULL);
    g_assert_no_error (error);
    g_assert_cmpuint (iv_list_page_get_n_items (iv_api_response_get_object (orders)), ==, 2);

    admin_move ("orders", order_id, "act", "accept");
    admin_move ("orders", order_id, "act", "confirm");
    admin_move ("orders", order_id, "act", "complete");
    completed = CALL (client, get_order, &error, order_id, NULL);
    g_assert_no_error (error);
    g_assert_cmpint (iv_order_get_status (iv_api_response_get_object (completed)), ==, IV_ORDER_STATUS_COMPLETED);
    g_assert_cmpint (iv_order_get_reserved_fen (iv_api_response_get_object (completed)), ==, 1000000);
  }

  /* Attachments: bytes with a Chinese file name, and a file */
  {
    static const char pdf[] = "%PDF-1.4\n% 合同扫描件\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
    static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };
    static const guint8 jpeg[] = { 0xff, 0xd8, 0xff, 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0 };
    g_autoptr(GBytes) pdf_bytes = g_bytes_new_static (pdf, sizeof pdf - 1);
    g_autoptr(GBytes) jpeg_bytes = g_bytes_new_static (jpeg, sizeof jpeg);
    g_autofree char *pdf_sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf_bytes);
    g_autofree char *dir = g_dir_make_tmp ("iv-test-api-XXXXXX", NULL);
    g_autofree char *png_path = g_build_filename (dir, "到款凭证.png", NULL);
    g_autoptr(GFile) png_file = g_file_new_for_path (png_path);
    g_autoptr(IvApiResponse) a1 = NULL, a2 = NULL, a3 = NULL, a4 = NULL;
    g_auto(GStrv) keys = g_new0 (char *, 5);
    g_autofree char *claim_body = NULL;
    g_autofree char *claim_key = g_uuid_string_random ();
    g_autoptr(JsonNode) claim_node = NULL;
    g_autoptr(IvApiResponse) claim = NULL;
    IvAttachment *attachment;

    for (guint i = 0; i < 4; i++)
      keys[i] = g_uuid_string_random ();
    g_assert_true (g_file_set_contents (png_path, (const char *) png, sizeof png, NULL));

    a1 = CALL (client, upload_attachment, &error, pdf_bytes, "application/pdf", "技术服务合同 2026.pdf", keys[0]);
    g_assert_no_error (error);
    g_assert_cmpuint (iv_api_response_get_status (a1), ==, 201);
    attachment = iv_api_response_get_object (a1);
    g_assert_cmpstr (iv_attachment_get_filename (attachment), ==, "技术服务合同 2026.pdf");
    g_assert_cmpstr (iv_attachment_get_content_type (attachment), ==, "application/pdf");
    g_assert_cmpint (iv_attachment_get_size (attachment), ==, sizeof pdf - 1);
    g_assert_cmpstr (iv_attachment_get_sha256 (attachment), ==, pdf_sha);

    a2 = CALL (client, upload_attachment, &error, pdf_bytes, "application/pdf", "发票.pdf", keys[1]);
    g_assert_no_error (error);
    a3 = CALL (client, upload_attachment_file, &error, png_file, "image/png", NULL, keys[2]);
    g_assert_no_error (error);
    g_assert_cmpstr (iv_attachment_get_filename (iv_api_response_get_object (a3)), ==, "到款凭证.png");
    g_assert_cmpint (iv_attachment_get_size (iv_api_response_get_object (a3)), ==, sizeof png);
    a4 = CALL (client, upload_attachment, &error, jpeg_bytes, "image/jpeg", "服务报告.jpg", keys[3]);
    g_assert_no_error (error);

    g_unlink (png_path);
    g_rmdir (dir);

    claim_body = g_strdup_printf ("{\"order_id\": \"%s\", \"contract_no\": \"HT-2026-0815\", "
                                  "\"contract_amount_fen\": 1000000, "
                                  "\"invoice\": {\"code\": null, \"number\": \"26312000000012345678\", "
                                  "\"date\": \"2026-11-20\", \"amount_fen\": 1000000, \"seller_name\": \"上海某检测中心\"}, "
                                  "\"paid_on\": \"2026-11-21\", "
                                  "\"documents\": {\"contract\": [\"%s\"], \"invoice\": [\"%s\"], "
                                  "\"payment_proof\": [\"%s\"], \"service_report\": [\"%s\"]}}",
                                  order_id,
                                  iv_attachment_get_id (iv_api_response_get_object (a1)),
                                  iv_attachment_get_id (iv_api_response_get_object (a2)),
                                  iv_attachment_get_id (iv_api_response_get_object (a3)),
                                  iv_attachment_get_id (iv_api_response_get_object (a4)));
    claim_node = json (claim_body);
    claim = CALL (client, create_claim, &error, claim_node, claim_key);
    g_assert_no_error (error);
    g_assert_cmpuint (iv_api_response_get_status (claim), ==, 201);
    g_assert_cmpint (iv_claim_get_status (iv_api_response_get_object (claim)), ==, IV_CLAIM_STATUS_SUBMITTED);
    /* ¥10,000.00 is all in the first tier: 80% */
    g_assert_cmpint (iv_claim_get_requested_subsidy_fen (iv_api_response_get_object (claim)), ==, 800000);
    g_assert_cmpstr (iv_invoice_get_number (iv_claim_get_invoice (iv_api_response_get_object (claim))), ==,
                     "26312000000012345678");
    claim_id = g_strdup (iv_claim_get_id (iv_api_response_get_object (claim)));
  }

  /* Claims read back, a receipt, and its verification code */
  {
    g_autoptr(IvApiResponse) claims = NULL;
    g_autoptr(IvApiResponse) claim = NULL;
    g_autoptr(IvApiResponse) receipt = NULL;
    g_autoptr(IvApiResponse) back = NULL;
    g_autoptr(IvApiResponse) again = NULL;
    g_autofree char *claim_number = NULL;
    gboolean genuine = FALSE;
    IvReceipt *r;

    claims = CALL (client, list_claims, &error, NULL, 0, NULL);
    g_assert_no_error (error);
    g_assert_cmpuint (iv_list_page_get_n_items (iv_api_response_get_object (claims)), ==, 1);

    claim = CALL (client, get_claim, &error, claim_id, NULL);
    g_assert_no_error (error);

    receipt = CALL (client, get_receipt, &error, claim_id, NULL);
    g_assert_no_error (error);
    r = iv_api_response_get_object (receipt);
    g_assert_cmpstr (iv_receipt_get_claim_id (r), ==, claim_id);
    g_assert_cmpstr (iv_receipt_get_claim_number (r), ==, iv_claim_get_number (iv_api_response_get_object (claim)));
    g_assert_cmpint (iv_receipt_get_contract_amount_fen (r), ==, 1000000);
    g_assert_cmpuint (strlen (iv_receipt_get_verification_code (r)), ==, 8);

    {
      g_autoptr(GAsyncResult) result = NULL;
      iv_api_client_verify_receipt_async (client, iv_receipt_get_verification_code (r), NULL, done_cb, &result);
      g_assert_true (iv_api_client_verify_receipt_finish (client, await (&result), &genuine, &claim_number, &error));
      g_assert_no_error (error);
      g_assert_true (genuine);
      g_assert_cmpstr (claim_number, ==, iv_receipt_get_claim_number (r));
    }
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autofree char *none = NULL;
      iv_api_client_verify_receipt_async (client, "ABCDEFGH", NULL, done_cb, &result);
      g_assert_true (iv_api_client_verify_receipt_finish (client, await (&result), &genuine, &none, &error));
      g_assert_no_error (error);
      g_assert_false (genuine);
    }

    /* Returned, then resubmitted with the version it was returned at */
    admin_move ("claims", claim_id, "move", "return");
    back = CALL (client, get_claim, &error, claim_id, NULL);
    g_assert_no_error (error);
    g_assert_cmpint (iv_claim_get_status (iv_api_response_get_object (back)), ==, IV_CLAIM_STATUS_RETURNED);
    {
      g_autoptr(JsonNode) edited = json_node_copy (iv_api_response_get_json (back));
      again = CALL (client, update_claim, &error, claim_id,
                    iv_claim_get_version (iv_api_response_get_object (back)), edited);
    }
    g_assert_no_error (error);
    g_assert_cmpint (iv_claim_get_status (iv_api_response_get_object (again)), ==, IV_CLAIM_STATUS_SUBMITTED);
  }

  /* Events: what happened so far, then a long poll woken by a change */
  {
    g_autoptr(GPtrArray) events = NULL;
    g_autoptr(GPtrArray) woken = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    gint64 last_seq = -1, next_seq = -1;
    gint64 started;
    gboolean saw_application = FALSE;

    {
      g_autoptr(GAsyncResult) first = NULL;
      iv_api_client_get_events_async (client, 0, 0, NULL, done_cb, &first);
      events = iv_api_client_get_events_finish (client, await (&first), &last_seq, &error);
    }
    g_assert_no_error (error);
    g_assert_cmpuint (events->len, >, 0);
    g_assert_cmpint (last_seq, ==, iv_event_get_seq (g_ptr_array_index (events, events->len - 1)));
    for (guint i = 0; i < events->len; i++)
      if (iv_event_get_event_type (g_ptr_array_index (events, i)) == IV_EVENT_TYPE_APPLICATION_STATUS &&
          g_strcmp0 (iv_event_get_id (g_ptr_array_index (events, i)), application_id) == 0)
        saw_application = TRUE;
    g_assert_true (saw_application);

    started = g_get_monotonic_time ();
    iv_api_client_get_events_async (client, last_seq, 20, NULL, done_cb, &result);
    sleep_in_loop (300);
    g_assert_null (result);   /* still waiting: nothing happened */
    admin_move ("claims", claim_id, "move", "advance");
    woken = iv_api_client_get_events_finish (client, await (&result), &next_seq, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (woken->len, >=, 1);
    g_assert_cmpint (iv_event_get_event_type (g_ptr_array_index (woken, 0)), ==, IV_EVENT_TYPE_CLAIM_STATUS);
    g_assert_cmpstr (iv_event_get_id (g_ptr_array_index (woken, 0)), ==, claim_id);
    g_assert_cmpint (next_seq, >, last_seq);
    g_assert_cmpint (g_get_monotonic_time () - started, <, 10 * G_USEC_PER_SEC);
  }
}

/* Access tokens that expire after two seconds: silent refresh, once */
static void
test_token_expiry (void)
{
  const char *args[] = { "--access-ttl", "2", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(IvTestService) short_lived = iv_test_service_start (args, &error);
  g_autofree char *login = NULL;
  g_autoptr(IvApiClient) client = NULL;
  g_autoptr(IvApiResponse) account = NULL;
  g_autofree char *first_access = NULL;
  guint tokens_changed = 0, expired = 0;

  g_assert_no_error (error);
  login = make_account (short_lived);
  client = signed_in_client (short_lived, login);
  g_signal_connect_swapped (client, "tokens-changed", G_CALLBACK (count_cb), &tokens_changed);
  g_signal_connect_swapped (client, "session-expired", G_CALLBACK (count_cb), &expired);
  first_access = g_strdup (iv_api_client_get_access_token (client));

  sleep_in_loop (2300);
  account = CALL (client, get_account, &error, NULL);
  g_assert_no_error (error);
  g_assert_nonnull (iv_api_response_get_object (account));
  g_assert_cmpuint (tokens_changed, ==, 1);
  g_assert_cmpstr (iv_api_client_get_access_token (client), !=, first_access);

  /* Several calls meet the expired token at once: one refresh serves all */
  sleep_in_loop (2300);
  {
    g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL, r3 = NULL;
    g_autoptr(IvApiResponse) a = NULL, b = NULL, c = NULL;

    iv_api_client_get_account_async (client, NULL, NULL, done_cb, &r1);
    iv_api_client_list_vouchers_async (client, NULL, 0, NULL, NULL, done_cb, &r2);
    iv_api_client_list_claims_async (client, NULL, 0, NULL, NULL, done_cb, &r3);
    a = iv_api_client_get_account_finish (client, await (&r1), &error);
    g_assert_no_error (error);
    b = iv_api_client_list_vouchers_finish (client, await (&r2), &error);
    g_assert_no_error (error);
    c = iv_api_client_list_claims_finish (client, await (&r3), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (tokens_changed, ==, 2);
  }

  /* The session is revoked elsewhere: the refresh fails, the user must sign in */
  {
    g_autoptr(IvTestResponse) revoked = NULL;
    g_autoptr(IvApiResponse) refused = NULL;
    g_autofree char *message = NULL;
    g_autofree char *bearer = g_strdup (iv_api_client_get_access_token (client));

    revoked = iv_test_service_send (short_lived, "DELETE", "/v1/session", bearer, NULL, NULL, NULL);
    g_assert_cmpuint (revoked->status, ==, 204);

    refused = CALL (client, list_orders, &error, NULL, 0, NULL);
    g_assert_error (error, IV_API_ERROR, IV_API_ERROR_SESSION_EXPIRED);
    g_assert_cmpuint (iv_api_error_get_http_status (error), ==, 401);
    g_assert_false (iv_api_error_is_retryable (error));
    message = iv_api_error_to_user_message (error);
    g_assert_cmpstr (message, ==, "Your session has expired. Please sign in again.");
    g_assert_cmpuint (expired, ==, 1);
    g_assert_false (iv_api_client_get_signed_in (client));
    g_assert_cmpuint (tokens_changed, ==, 3);
  }
}

/* The debug log names method, path, status and time, never a secret */
static GString *log_text;

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE"))
      g_string_append_printf (log_text, "%s\n", (const char *) fields[i].value);

  return G_LOG_WRITER_HANDLED;
}

/* A request cancelled at any point of its way: after 0 to 5 turns of the
 * main loop, on a connection kept alive by the request before it.
 * libsoup 3.6 freed a message still in use (heap corruption) when the
 * cancel came between its reading a quick answer's headers and the
 * completion of that read, one turn later (iv-api-client.c). */
static void
test_cancel_any_moment (void)
{
  g_autoptr(IvApiClient) client = iv_api_client_new (iv_test_service_get_url (svc));
  guint answered = 0, cancelled = 0;

  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(IvApiResponse) response = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(IvApiResponse) warm = CALL (client, get_policy, &error, NULL);

      g_assert_no_error (error);
      iv_api_client_get_policy_async (client, NULL, cancellable, done_cb, &result);
      for (guint turn = 0; turn < i % 6 && result == NULL; turn++)
        g_main_context_iteration (NULL, TRUE);
      g_cancellable_cancel (cancellable);
      response = iv_api_client_get_policy_finish (client, await (&result), &error);
      if (response != NULL)
        {
          g_assert_no_error (error);
          g_assert_cmpuint (iv_api_response_get_status (response), ==, 200);
          answered++;
        }
      else
        {
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
          cancelled++;
        }
    }
  /* Each ended once, answered or cancelled; the client still works */
  g_assert_cmpuint (cancelled, >, 0);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(IvApiResponse) policy = CALL (client, get_policy, &error, NULL);

    g_assert_no_error (error);
    g_assert_cmpuint (iv_api_response_get_status (policy), ==, 200);
  }
  g_test_message ("%u answered, %u cancelled", answered, cancelled);
}

static void
test_redacting_log (void)
{
  g_autofree char *login = NULL;
  g_autoptr(IvApiClient) client = NULL;
  g_autoptr(IvApiResponse) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  g_setenv ("G_MESSAGES_DEBUG", "iv-client", TRUE);
#if GLIB_CHECK_VERSION (2, 80, 0)
  {
    /* GLib 2.80 reads G_MESSAGES_DEBUG once, before the test sets it */
    const char * const domains[] = { "iv-client", NULL };
    g_log_writer_default_set_debug_domains (domains);
  }
#endif
  log_text = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);

  login = make_account (svc);
  client = signed_in_client (svc, login);
  access = g_strdup (iv_api_client_get_access_token (client));
  refresh = g_strdup (iv_api_client_get_refresh_token (client));
  account = CALL (client, get_account, &error, NULL);
  g_assert_no_error (error);
  g_assert_true (CALL0 (client, refresh, &error));
  g_assert_no_error (error);

#ifndef NDEBUG
  g_assert_nonnull (strstr (log_text->str, "POST /v1/session -> 200"));
  g_assert_nonnull (strstr (log_text->str, "GET /v1/account -> 200"));
  g_assert_nonnull (strstr (log_text->str, "POST /v1/session/refresh -> 200"));
#else
  g_assert_cmpuint (log_text->len, ==, 0);
#endif
  g_assert_null (strstr (log_text->str, access));
  g_assert_null (strstr (log_text->str, refresh));
  g_assert_null (strstr (log_text->str, iv_api_client_get_access_token (client)));
  g_assert_null (strstr (log_text->str, PASSWORD));
  g_assert_null (strstr (log_text->str, "Bearer"));
}

int
main (int   argc,
      char *argv[])
{
  const char *args[] = { "--seed-services", "300", NULL };
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("IV_TEST_SERVICE") == NULL)
    {
      g_test_skip ("IV_TEST_SERVICE is not set");
      return g_test_run ();
    }

  svc = iv_test_service_start (args, &error);
  g_assert_no_error (error);

  g_test_add_func ("/api/public-catalog", test_public_catalog);
  g_test_add_func ("/api/session", test_session);
  g_test_add_func ("/api/full-flow", test_full_flow);
  g_test_add_func ("/api/token-expiry", test_token_expiry);
  g_test_add_func ("/api/redacting-log", test_redacting_log);
  g_test_add_func ("/api/cancel-any-moment", test_cancel_any_moment);

  status = g_test_run ();
  iv_test_service_free (svc);
  return status;
}
