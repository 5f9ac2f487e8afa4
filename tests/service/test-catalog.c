/* test-catalog.c: catalog lists, cursor paging under change, since-sync with tombstones, ETags */
#include "config.h"

#include <string.h>

#include "iv-domain.h"
#include "iv-test-fixtures.h"

static IvTestService *svc;

static IvListPage *
get_page (const char *path,
          gboolean    services,
          gboolean    since)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  IvListPage *page;

  g_assert_cmpuint (iv_test_service_request (svc, "GET", path, NULL, NULL, &node), ==, 200);
  page = iv_list_page_new_from_json (node,
                                     services ? IV_JSON_DECODE_FUNC (iv_service_new_from_json_at)
                                              : IV_JSON_DECODE_FUNC (iv_institution_new_from_json_at),
                                     since ? IV_LIST_PAGE_ALLOW_TOMBSTONES : IV_LIST_PAGE_DEFAULT,
                                     &error);
  g_assert_no_error (error);
  return page;
}

static char *
page_path (const char *list,
           gint64      since,
           const char *cursor,
           guint       limit)
{
  GString *s = g_string_new (NULL);

  g_string_printf (s, "/v1/catalog/%s?limit=%u", list, limit);
  if (since >= 0)
    g_string_append_printf (s, "&since=%" G_GINT64_FORMAT, since);
  if (cursor != NULL)
    {
      g_autofree char *esc = g_uri_escape_string (cursor, NULL, FALSE);
      g_string_append_printf (s, "&cursor=%s", esc);
    }
  return g_string_free (s, FALSE);
}

static void
test_categories (void)
{
  g_autoptr(JsonNode) node = NULL;
  JsonArray *items;

  g_assert_cmpuint (iv_test_service_request (svc, "GET", "/v1/catalog/categories", NULL, NULL, &node), ==, 200);
  items = json_object_get_array_member (json_node_get_object (node), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 6);
  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(IvCategory) c = iv_category_new_from_json (json_array_get_element (items, i), &error);
      g_assert_no_error (error);
    }
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "code"), ==, "testing");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "name"), ==, "测试检测");
}

static void
test_limits (void)
{
  const char *bad[] = { "limit=0", "limit=501", "limit=abc", "limit=-1", "since=x", "cursor=%21%21", NULL };
  g_autoptr(IvListPage) page = NULL;

  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autofree char *path = g_strdup_printf ("/v1/catalog/services?%s", bad[i]);
      g_autoptr(IvTestResponse) r = iv_test_service_send (svc, "GET", path, NULL, NULL, NULL, NULL);

      g_assert_cmpuint (r->status, ==, 400);
      g_assert_cmpstr (iv_test_response_error_code (r), ==, "invalid_parameter");
    }
  page = get_page ("/v1/catalog/services", TRUE, FALSE);
  g_assert_cmpuint (iv_list_page_get_n_items (page), ==, 100);   /* the default */
  g_clear_object (&page);
  page = get_page ("/v1/catalog/services?limit=500", TRUE, FALSE);
  g_assert_cmpuint (iv_list_page_get_n_items (page), ==, 500);
  g_assert_nonnull (iv_list_page_get_next_cursor (page));
}

static void
test_etag (void)
{
  g_autoptr(IvTestResponse) r = iv_test_service_send (svc, "GET", "/v1/catalog/institutions?limit=5", NULL, NULL, NULL, NULL);
  const char *etag = soup_message_headers_get_one (r->headers, "ETag");
  const char *headers[] = { "If-None-Match", etag, NULL };
  g_autoptr(IvTestResponse) again = NULL;
  g_autoptr(IvTestResponse) other = NULL;
  const char *other_headers[] = { "If-None-Match", "\"nope\"", NULL };

  g_assert_cmpuint (r->status, ==, 200);
  g_assert_nonnull (etag);
  g_assert_true (etag[0] == '"');
  again = iv_test_service_send (svc, "GET", "/v1/catalog/institutions?limit=5", NULL, headers, NULL, NULL);
  g_assert_cmpuint (again->status, ==, 304);
  g_assert_cmpuint (g_bytes_get_size (again->body), ==, 0);
  other = iv_test_service_send (svc, "GET", "/v1/catalog/institutions?limit=5", NULL, other_headers, NULL, NULL);
  g_assert_cmpuint (other->status, ==, 200);
}

static char *
add_service (const char *institution_id,
             guint       n)
{
  g_autofree char *body = g_strdup_printf ("{\"institution_id\": \"%s\", \"category\": \"testing\", "
                                           "\"title\": \"新增检测服务 %u\", \"description\": \"测试\", "
                                           "\"price_fen\": 100000, \"unit\": \"样品\"}", institution_id, n);
  g_autoptr(JsonNode) node = NULL;

  g_assert_cmpuint (iv_test_service_admin (svc, "POST", "/admin/v1/catalog/services", body, &node), ==, 201);
  return g_strdup (json_object_get_string_member (json_node_get_object (node), "id"));
}

static void
delete_service (const char *id)
{
  g_autofree char *path = g_strdup_printf ("/admin/v1/catalog/services/%s", id);
  guint status = iv_test_service_admin (svc, "DELETE", path, NULL, NULL);

  g_assert_true (status == 200 || status == 204);
}

/* Pages through all services while services are added and deleted between
 * pages: every service that existed for the whole listing is seen exactly
 * once, nothing is seen twice; then since-sync brings the changes. */
static void
test_paging_under_change (void)
{
  g_autoptr(GHashTable) before = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) deleted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) added = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  g_autofree char *cursor = NULL;
  g_autofree char *institution_id = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  gint64 revision = -1;
  guint pages = 0, n_added = 0;
  GHashTableIter iter;
  gpointer key;

  /* What exists before */
  do
    {
      g_autofree char *path = page_path ("services", -1, cursor, 500);
      g_autoptr(IvListPage) page = get_page (path, TRUE, FALSE);

      for (guint i = 0; i < iv_list_page_get_n_items (page); i++)
        g_hash_table_add (before, g_strdup (iv_service_get_id (iv_list_page_get_item (page, i))));
      if (institution_id == NULL)
        institution_id = g_strdup (iv_service_get_institution_id (iv_list_page_get_item (page, 0)));
      g_free (cursor);
      cursor = g_strdup (iv_list_page_get_next_cursor (page));
    }
  while (cursor != NULL);
  g_assert_cmpuint (g_hash_table_size (before), >=, 5000);
  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (all, key);

  /* The listing under change */
  do
    {
      g_autofree char *path = page_path ("services", -1, cursor, 100);
      g_autoptr(IvListPage) page = get_page (path, TRUE, FALSE);

      if (revision < 0)
        revision = iv_list_page_get_revision (page);
      else
        g_assert_cmpint (iv_list_page_get_revision (page), ==, revision);
      for (guint i = 0; i < iv_list_page_get_n_items (page); i++)
        {
          const char *id = iv_service_get_id (iv_list_page_get_item (page, i));

          g_assert_false (g_hash_table_contains (seen, id));
          g_assert_true (g_hash_table_contains (before, id) || g_hash_table_contains (added, id));
          g_hash_table_add (seen, g_strdup (id));
        }
      /* Change the catalog behind and ahead of the cursor */
      for (guint k = 0; k < 3; k++)
        {
          const char *victim = g_ptr_array_index (all, g_rand_int_range (rand, 0, (gint32) all->len));

          if (!g_hash_table_contains (deleted, victim))
            {
              delete_service (victim);
              g_hash_table_add (deleted, g_strdup (victim));
            }
          g_hash_table_add (added, add_service (institution_id, n_added++));
        }
      g_free (cursor);
      cursor = g_strdup (iv_list_page_get_next_cursor (page));
      pages++;
    }
  while (cursor != NULL);
  g_assert_cmpuint (pages, >=, 50);

  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (deleted, key))
      g_assert_true (g_hash_table_contains (seen, key));

  /* since = the listing's revision: every addition, a tombstone per deletion */
  {
    g_autoptr(GHashTable) changed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr(GHashTable) tombstones = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    gint64 new_revision = -1;

    do
      {
        g_autofree char *path = page_path ("services", revision, cursor, 100);
        g_autoptr(IvListPage) page = get_page (path, TRUE, TRUE);
        const char * const *dead = iv_list_page_get_deleted_ids (page);

        if (new_revision < 0)
          new_revision = iv_list_page_get_revision (page);
        for (guint i = 0; i < iv_list_page_get_n_items (page); i++)
          g_hash_table_add (changed, g_strdup (iv_service_get_id (iv_list_page_get_item (page, i))));
        for (guint i = 0; dead[i] != NULL; i++)
          g_hash_table_add (tombstones, g_strdup (dead[i]));
        g_free (cursor);
        cursor = g_strdup (iv_list_page_get_next_cursor (page));
      }
    while (cursor != NULL);

    g_assert_cmpint (new_revision, >, revision);
    g_assert_cmpuint (g_hash_table_size (changed), ==, g_hash_table_size (added));
    g_hash_table_iter_init (&iter, added);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_assert_true (g_hash_table_contains (changed, key));
    g_assert_cmpuint (g_hash_table_size (tombstones), ==, g_hash_table_size (deleted));
    g_hash_table_iter_init (&iter, deleted);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_assert_true (g_hash_table_contains (tombstones, key));

    /* Nothing changed since the latest revision */
    {
      g_autofree char *path = page_path ("services", new_revision, NULL, 100);
      g_autoptr(IvListPage) page = get_page (path, TRUE, TRUE);

      g_assert_cmpuint (iv_list_page_get_n_items (page), ==, 0);
      g_assert_null (iv_list_page_get_deleted_ids (page)[0]);
      g_assert_null (iv_list_page_get_next_cursor (page));
    }
  }
}

static void
test_institutions (void)
{
  g_autoptr(IvListPage) page = get_page ("/v1/catalog/institutions?limit=500", FALSE, FALSE);
  IvInstitution *first;

  g_assert_cmpuint (iv_list_page_get_n_items (page), >, 0);
  first = iv_list_page_get_item (page, 0);
  g_assert_true (iv_validate_credit_code (iv_institution_get_credit_code (first), NULL));
  g_assert_nonnull (iv_institution_get_name (first));
}

static void
test_change_bumps_revision (void)
{
  g_autoptr(IvListPage) page = get_page ("/v1/catalog/institutions?limit=1", FALSE, FALSE);
  IvInstitution *inst = iv_list_page_get_item (page, 0);
  gint64 rev = iv_list_page_get_revision (page);
  g_autofree char *path = g_strdup_printf ("/admin/v1/catalog/institutions/%s", iv_institution_get_id (inst));
  g_autofree char *since = g_strdup_printf ("/v1/catalog/institutions?since=%" G_GINT64_FORMAT, rev);
  g_autoptr(IvListPage) changes = NULL;

  g_assert_cmpuint (iv_test_service_admin (svc, "PUT", path,
                                           "{\"name\": \"上海改名检测中心\", \"district\": \"徐汇区\", "
                                           "\"credit_code\": \"91310000MA1FL4WR6Y\", \"address\": \"上海市徐汇区漕溪北路1号\", "
                                           "\"phone\": \"021-64000000\", "
                                           "\"accreditations\": [\"CMA\"], \"accepts_vouchers\": true}", NULL), ==, 200);
  changes = get_page (since, FALSE, TRUE);
  g_assert_cmpuint (iv_list_page_get_n_items (changes), ==, 1);
  g_assert_cmpstr (iv_institution_get_name (iv_list_page_get_item (changes, 0)), ==, "上海改名检测中心");
  g_assert_cmpint (iv_list_page_get_revision (changes), >, rev);
}

int
main (int   argc,
      char *argv[])
{
  const char *args[] = { "--seed-services", "5000", NULL };
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  svc = iv_test_service_start (args, &error);
  g_assert_no_error (error);

  g_test_add_func ("/catalog/categories", test_categories);
  g_test_add_func ("/catalog/limits", test_limits);
  g_test_add_func ("/catalog/etag", test_etag);
  g_test_add_func ("/catalog/institutions", test_institutions);
  g_test_add_func ("/catalog/paging-under-change", test_paging_under_change);
  g_test_add_func ("/catalog/change-bumps-revision", test_change_bumps_revision);
  ret = g_test_run ();
  iv_test_service_free (svc);
  return ret;
}
