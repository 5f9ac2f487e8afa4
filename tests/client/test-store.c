/* test-store.c: the cache and user-data databases: migrations, reopen, corruption, permissions */
#include "config.h"

#include <sys/stat.h>
#include <glib/gstdio.h>

#include "iv-cache-db.h"
#include "iv-catalog-search.h"
#include "iv-store.h"

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);
        remove_tree (child);
      }
  g_remove (path);
}

static JsonNode *
json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

#define DECODE(type, text) ({ \
    g_autoptr(JsonNode) _node = json (text); \
    g_autoptr(GError) _error = NULL; \
    gpointer _object = iv_##type##_new_from_json (_node, &_error); \
    g_assert_no_error (_error); \
    _object; })

static const char *account_json =
  "{\"id\":\"acc-1\",\"kind\":\"enterprise\",\"name\":\"上海示例科技有限公司\",\"credit_code\":\"91310000MA1FL4WR6Y\","
  "\"contact_name\":\"王敏\",\"contact_phone\":\"13800138000\",\"district\":\"徐汇区\",\"year\":2026,"
  "\"year_cap_fen\":30000000,\"year_granted_fen\":5000000,\"year_used_fen\":1200000}";
static const char *policy_json =
  "{\"version\":\"2026.1\",\"year\":2026,\"caps_fen\":{\"enterprise\":30000000,\"team\":10000000},"
  "\"tiers\":[{\"up_to_fen\":5000000,\"ratio_bp\":8000},{\"up_to_fen\":null,\"ratio_bp\":5000}],"
  "\"claim_documents\":[\"contract\",\"invoice\",\"payment_proof\",\"service_report\"],"
  "\"redeem_modes\":[\"enterprise\",\"institution\"],\"payout\":\"quarterly\"}";

static char *
voucher_json (const char *id,
              const char *code,
              gint64      balance)
{
  return g_strdup_printf ("{\"id\":\"%s\",\"code\":\"%s\",\"year\":2026,\"face_value_fen\":5000000,"
                          "\"balance_fen\":%" G_GINT64_FORMAT ",\"reserved_fen\":0,\"use_by\":\"2026-12-31\","
                          "\"redeem_by\":\"2027-03-31\",\"redeem_mode\":\"enterprise\",\"status\":\"active\"}",
                          id, code, balance);
}

static IvInstitution *
institution (const char *id,
             const char *name)
{
  g_autofree char *text = g_strdup_printf ("{\"id\":\"%s\",\"name\":\"%s\",\"credit_code\":\"91310000MA1FL4WR6Y\","
                                           "\"district\":\"徐汇区\",\"address\":\"上海市徐汇区宜山路1号\",\"phone\":\"021-64370000\","
                                           "\"accreditations\":[\"CMA\"],\"accepts_vouchers\":true,"
                                           "\"updated_at\":\"2026-11-01T09:00:00+08:00\"}", id, name);
  return DECODE (institution, text);
}

static IvService *
service (const char *id,
         const char *title)
{
  g_autofree char *text = g_strdup_printf ("{\"id\":\"%s\",\"institution_id\":\"inst-1\",\"category\":\"testing\","
                                           "\"title\":\"%s\",\"description\":\"依托重点实验室\",\"price_fen\":120000,"
                                           "\"price_note\":null,\"unit\":\"样品\",\"updated_at\":\"2026-11-01T09:00:00+08:00\"}",
                                           id, title);
  return DECODE (service, text);
}

static void
assert_mode (const char *path,
             guint       mode)
{
  struct stat st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, mode);
}

static gboolean
has_table (IvStoreDb  *db,
           const char *name)
{
  sqlite3_stmt *stmt = iv_store_db_prepare (db, "SELECT count(*) FROM sqlite_master WHERE name = ?", NULL);
  gboolean found;

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  found = sqlite3_column_int (stmt, 0) == 1;
  sqlite3_reset (stmt);
  return found;
}

static void
test_migrations_and_permissions (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("iv-store-XXXXXX", &error);
  g_autofree char *cache_dir = g_build_filename (root, "cache", "innovation-vouchers", NULL);
  g_autofree char *data_dir = g_build_filename (root, "data", "innovation-vouchers", NULL);
  g_autoptr(IvCacheDb) cache = NULL;
  g_autoptr(IvUserDb) user_db = NULL;
  const char *cache_tables[] = { "meta", "resources", "objects", "categories", "institutions", "services",
                                 "search_grams", "search_trigrams", "search_inst_grams", "search_inst_trigrams" };
  /* v2 added the outbox's per-draft and per-target indexes */
  const char *user_tables[] = { "meta", "drafts", "draft_files", "outbox", "outbox_deps",
                                "outbox_by_draft", "outbox_by_target" };
  const char *suffixes[] = { "", "-wal", "-shm" };

  g_assert_no_error (error);
  /* A folder left too open by something else is made private */
  g_assert_cmpint (g_mkdir_with_parents (data_dir, 0755), ==, 0);

  cache = iv_cache_db_open (cache_dir, &error);
  g_assert_no_error (error);
  user_db = iv_user_db_open (data_dir, &error);
  g_assert_no_error (error);
  g_assert_false (iv_cache_db_was_rebuilt (cache));

  g_assert_cmpint (iv_store_db_get_schema_version (iv_cache_db_get_db (cache)), ==, 4);
  g_assert_cmpint (iv_store_db_get_schema_version (iv_user_db_get_db (user_db)), ==, 2);
  for (guint i = 0; i < G_N_ELEMENTS (cache_tables); i++)
    g_assert_true (has_table (iv_cache_db_get_db (cache), cache_tables[i]));
  for (guint i = 0; i < G_N_ELEMENTS (user_tables); i++)
    g_assert_true (has_table (iv_user_db_get_db (user_db), user_tables[i]));

  /* Write something so the WAL exists */
  g_assert_true (iv_cache_db_set_events_last_seq (cache, 5, &error));
  g_assert_true (iv_store_db_set_meta (iv_user_db_get_db (user_db), "probe", "1", &error));
  g_assert_no_error (error);

  assert_mode (cache_dir, 0700);
  assert_mode (data_dir, 0700);
  {
    g_autofree char *files = g_build_filename (data_dir, "files", NULL);
    assert_mode (files, 0700);
  }
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *c = g_strconcat (cache_dir, "/cache.db", suffixes[i], NULL);
      g_autofree char *u = g_strconcat (data_dir, "/user-data.db", suffixes[i], NULL);
      assert_mode (c, 0600);
      assert_mode (u, 0600);
    }

  /* The pragmas the design asks for */
  {
    sqlite3_stmt *stmt = iv_store_db_prepare (iv_user_db_get_db (user_db), "PRAGMA journal_mode", NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
    sqlite3_reset (stmt);
    stmt = iv_store_db_prepare (iv_user_db_get_db (user_db), "PRAGMA synchronous", NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 2);  /* FULL */
    sqlite3_reset (stmt);
    stmt = iv_store_db_prepare (iv_user_db_get_db (user_db), "PRAGMA foreign_keys", NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
    sqlite3_reset (stmt);
  }

  g_assert_true (iv_store_db_check_integrity (iv_cache_db_get_db (cache), &error));
  g_assert_true (iv_store_db_check_integrity (iv_user_db_get_db (user_db), &error));
  g_assert_no_error (error);

  g_clear_object (&cache);
  g_clear_object (&user_db);
  remove_tree (root);
}

static void
test_reopen_keeps_data (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("iv-store-XXXXXX", &error);
  g_autofree char *v1 = voucher_json ("v-1", "SH2026-000123", 4000000);
  g_autofree char *v2 = voucher_json ("v-2", "SH2026-000124", 100);

  g_assert_no_error (error);
  {
    g_autoptr(IvCacheDb) cache = iv_cache_db_open (dir, &error);
    g_autoptr(GPtrArray) vouchers = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(GPtrArray) institutions = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(GPtrArray) services = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(IvAccount) account = DECODE (account, account_json);
    g_autoptr(IvPolicy) policy = DECODE (policy, policy_json);

    g_assert_no_error (error);
    g_ptr_array_add (vouchers, DECODE (voucher, v2));
    g_ptr_array_add (vouchers, DECODE (voucher, v1));
    g_assert_true (iv_cache_db_put_list (cache, IV_CACHE_KIND_VOUCHER, vouchers, "/v1/vouchers", "\"etag-7\"", &error));
    g_assert_true (iv_cache_db_put_object (cache, IV_CACHE_KIND_ACCOUNT, account, &error));
    g_assert_true (iv_cache_db_put_object (cache, IV_CACHE_KIND_POLICY, policy, &error));
    g_assert_true (iv_cache_db_set_resource (cache, "/v1/policy", "\"p1\"", 1764300000000000, &error));
    g_assert_no_error (error);

    /* The wrong object for a kind is refused */
    g_assert_false (iv_cache_db_put_object (cache, IV_CACHE_KIND_CLAIM, account, &error));
    g_assert_error (error, IV_STORE_ERROR, IV_STORE_ERROR_INVALID);
    g_clear_error (&error);

    g_ptr_array_add (institutions, institution ("inst-1", "上海市计量测试技术研究院"));
    g_ptr_array_add (services, service ("svc-1", "扫描电镜形貌分析"));
    g_ptr_array_add (services, service ("svc-2", "X射线衍射物相分析"));
    g_ptr_array_add (services, service ("svc-3", "盐雾试验"));
    g_assert_true (iv_cache_db_apply_catalog_page (cache, institutions, services, NULL, NULL, 41, &error));
    g_assert_no_error (error);
    g_assert_true (iv_cache_db_set_events_last_seq (cache, 1234, &error));
    g_assert_no_error (error);
  }

  {
    g_autoptr(IvCacheDb) cache = iv_cache_db_open (dir, &error);
    g_autoptr(GPtrArray) vouchers = NULL;
    g_autoptr(IvAccount) account = NULL;
    g_autoptr(IvPolicy) policy = NULL;
    g_autoptr(IvVoucher) one = NULL;
    g_autoptr(IvService) svc = NULL;
    g_autoptr(GPtrArray) institutions = NULL;
    g_autofree char *etag = NULL;
    gint64 updated_at = 0;
    const char *deleted[] = { "svc-2", NULL };

    g_assert_no_error (error);
    g_assert_false (iv_cache_db_was_rebuilt (cache));

    vouchers = iv_cache_db_get_list (cache, IV_CACHE_KIND_VOUCHER, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (vouchers->len, ==, 2);
    /* In the order the service listed them */
    g_assert_cmpstr (iv_voucher_get_code (g_ptr_array_index (vouchers, 0)), ==, "SH2026-000124");
    g_assert_cmpstr (iv_voucher_get_code (g_ptr_array_index (vouchers, 1)), ==, "SH2026-000123");
    one = iv_cache_db_get_object (cache, IV_CACHE_KIND_VOUCHER, "v-1", &error);
    g_assert_no_error (error);
    g_assert_cmpint (iv_voucher_get_balance_fen (one), ==, 4000000);

    account = iv_cache_db_get_object (cache, IV_CACHE_KIND_ACCOUNT, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (iv_account_get_name (account), ==, "上海示例科技有限公司");
    policy = iv_cache_db_get_object (cache, IV_CACHE_KIND_POLICY, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (iv_policy_get_version (policy), ==, "2026.1");
    g_assert_null (iv_cache_db_get_object (cache, IV_CACHE_KIND_CLAIM, "c-404", &error));
    g_assert_error (error, IV_STORE_ERROR, IV_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);

    g_assert_true (iv_cache_db_get_resource (cache, "/v1/vouchers", &etag, &updated_at));
    g_assert_cmpstr (etag, ==, "\"etag-7\"");
    g_assert_cmpint (updated_at, >, 0);
    g_assert_false (iv_cache_db_get_resource (cache, "/v1/claims", NULL, NULL));

    g_assert_cmpint (iv_cache_db_get_catalog_revision (cache), ==, 41);
    g_assert_cmpint (iv_cache_db_get_events_last_seq (cache), ==, 1234);
    g_assert_cmpuint (iv_cache_db_count_services (cache), ==, 3);
    institutions = iv_cache_db_list_institutions (cache, &error);
    g_assert_cmpuint (institutions->len, ==, 1);

    /* An incremental page: one changed, one tombstone, new revision */
    {
      g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (changed, service ("svc-1", "场发射扫描电镜形貌分析"));
      g_assert_true (iv_cache_db_apply_catalog_page (cache, NULL, changed, NULL, deleted, 42, &error));
      g_assert_no_error (error);
    }
    g_assert_cmpuint (iv_cache_db_count_services (cache), ==, 2);
    g_assert_cmpint (iv_cache_db_get_catalog_revision (cache), ==, 42);
    g_assert_null (iv_cache_db_get_service (cache, "svc-2", &error));
    g_assert_error (error, IV_STORE_ERROR, IV_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
    svc = iv_cache_db_get_service (cache, "svc-1", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (iv_service_get_title (svc), ==, "场发射扫描电镜形貌分析");

    g_assert_true (iv_cache_db_clear_catalog (cache, &error));
    g_assert_cmpuint (iv_cache_db_count_services (cache), ==, 0);
    g_assert_cmpint (iv_cache_db_get_catalog_revision (cache), ==, -1);

    g_assert_true (iv_store_db_check_integrity (iv_cache_db_get_db (cache), &error));
    g_assert_no_error (error);
  }

  remove_tree (dir);
}

static guint
count_broken (const char *dir,
              const char *prefix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autofree char *start = g_strconcat (prefix, ".broken-", NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, start))
      n++;
  return n;
}

static void
test_corrupt_cache_rebuilt_user_data_kept (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("iv-store-XXXXXX", &error);
  g_autofree char *cache_path = g_build_filename (dir, "cache.db", NULL);
  g_autofree char *user_path = g_build_filename (dir, "user-data.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *garbage = "this is not an SQLite database, just bytes left by a crash....";

  g_assert_no_error (error);

  /* A cache with content, then damaged */
  {
    g_autoptr(IvCacheDb) cache = iv_cache_db_open (dir, &error);
    g_assert_no_error (error);
    g_assert_true (iv_cache_db_set_events_last_seq (cache, 77, &error));
  }
  g_assert_true (g_file_set_contents (cache_path, garbage, -1, &error));
  g_assert_no_error (error);
  {
    g_autofree char *wal = g_strconcat (cache_path, "-wal", NULL);
    g_remove (wal);
  }

  {
    g_autoptr(IvCacheDb) cache = NULL;

    g_test_expect_message ("iv-client", G_LOG_LEVEL_WARNING, "*cache could not be opened*");
    cache = iv_cache_db_open (dir, &error);
    g_test_assert_expected_messages ();
    g_assert_no_error (error);
    g_assert_true (iv_cache_db_was_rebuilt (cache));
    g_assert_nonnull (strstr (iv_cache_db_get_rebuild_reason (cache), "broken-"));
    /* Fresh and working */
    g_assert_cmpint (iv_cache_db_get_events_last_seq (cache), ==, 0);
    g_assert_true (iv_cache_db_set_events_last_seq (cache, 1, &error));
    g_assert_no_error (error);
    assert_mode (cache_path, 0600);
  }
  g_assert_cmpuint (count_broken (dir, "cache.db"), ==, 1);

  /* Opening again is normal: nothing more moved */
  {
    g_autoptr(IvCacheDb) cache = iv_cache_db_open (dir, &error);
    g_assert_no_error (error);
    g_assert_false (iv_cache_db_was_rebuilt (cache));
    g_assert_cmpint (iv_cache_db_get_events_last_seq (cache), ==, 1);
  }

  /* User data: damaged is an error, and the file is left exactly as it was */
  g_assert_true (g_file_set_contents (user_path, garbage, -1, &error));
  {
    g_autoptr(IvUserDb) user_db = iv_user_db_open (dir, &error);
    g_assert_null (user_db);
    g_assert_error (error, IV_STORE_ERROR, IV_STORE_ERROR_CORRUPT);
    g_assert_nonnull (strstr (error->message, "cannot be opened"));
    g_clear_error (&error);
  }
  g_assert_true (g_file_get_contents (user_path, &after, NULL, &error));
  g_assert_cmpstr (after, ==, garbage);
  g_assert_cmpuint (count_broken (dir, "user-data.db"), ==, 0);

  /* A database of another program is not ours to migrate or remove */
  {
    sqlite3 *foreign = NULL;
    g_autoptr(IvUserDb) user_db = NULL;

    g_remove (user_path);
    g_assert_cmpint (sqlite3_open (user_path, &foreign), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (foreign, "CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ('mine')",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (foreign);
    g_file_get_contents (user_path, &before, NULL, NULL);

    user_db = iv_user_db_open (dir, &error);
    g_assert_null (user_db);
    g_assert_error (error, IV_STORE_ERROR, IV_STORE_ERROR_SCHEMA);
    g_clear_error (&error);
    g_clear_pointer (&after, g_free);
    g_file_get_contents (user_path, &after, NULL, NULL);
    g_assert_cmpstr (after, ==, before);
  }

  /* A cache from a newer version of the program: rebuilt */
  {
    g_autoptr(IvCacheDb) cache = NULL;
    {
      g_autoptr(IvCacheDb) current = iv_cache_db_open (dir, &error);
      g_assert_no_error (error);
      g_assert_true (iv_store_db_exec (iv_cache_db_get_db (current), "PRAGMA user_version = 99", &error));
    }
    g_test_expect_message ("iv-client", G_LOG_LEVEL_WARNING, "*newer than this program*");
    cache = iv_cache_db_open (dir, &error);
    g_test_assert_expected_messages ();
    g_assert_no_error (error);
    g_assert_true (iv_cache_db_was_rebuilt (cache));
  }

  remove_tree (dir);
}

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  IvStore **store = user_data;
  g_autoptr(GError) error = NULL;

  *store = iv_store_new_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_store_object (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("iv-store-XXXXXX", &error);
  g_autofree char *cache_dir = g_build_filename (root, "cache", NULL);
  g_autofree char *data_dir = g_build_filename (root, "data", NULL);
  IvStore *store = NULL;

  g_assert_no_error (error);
  iv_store_new_async (cache_dir, data_dir, NULL, opened_cb, &store);
  while (store == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (iv_store_get_cache_rebuilt (store));
  g_assert_null (iv_store_dup_notice (store));
  g_assert_nonnull (iv_store_get_search (store));
  g_assert_nonnull (iv_store_get_drafts (store));

  /* Leave an item "in flight", as a crash would */
  {
    g_autoptr(JsonNode) body = json ("{\"voucher_id\":\"v\",\"service_id\":\"s\"}");
    g_autoptr(IvOutboxItem) item = iv_outbox_enqueue (iv_store_get_outbox (store), IV_OUTBOX_KIND_CREATE_ORDER,
                                                      NULL, -1, body, NULL, NULL, 0, &error);
    guint pending = 0;

    g_assert_no_error (error);
    g_object_get (store, "pending-count", &pending, NULL);
    g_assert_cmpuint (pending, ==, 1);
    g_assert_true (iv_outbox_mark_in_flight (iv_store_get_outbox (store), iv_outbox_item_get_id (item), &error));
    g_assert_no_error (error);
  }
  g_assert_finalize_object (store);

  store = iv_store_new (cache_dir, data_dir, &error);
  g_assert_no_error (error);
  {
    g_autofree char *notice = iv_store_dup_notice (store);
    g_assert_nonnull (strstr (notice, "1 submission was interrupted"));
  }
  g_assert_finalize_object (store);

  /* Damaged user data: the store does not open, and says why */
  {
    g_autofree char *user_path = g_build_filename (data_dir, "user-data.db", NULL);
    g_autofree char *wal = g_strconcat (user_path, "-wal", NULL);
    g_autofree char *message = NULL;

    g_remove (wal);
    g_file_set_contents (user_path, "garbage garbage garbage garbage garbage garbage garbage garbage", -1, NULL);
    store = iv_store_new (cache_dir, data_dir, &error);
    g_assert_null (store);
    g_assert_error (error, IV_STORE_ERROR, IV_STORE_ERROR_CORRUPT);
    message = iv_store_error_to_user_message (error);
    g_assert_nonnull (strstr (message, "Nothing has been deleted"));
  }

  remove_tree (root);
}

/* A cache of schema 2 (institution names in every service's search rows,
 * search tables with content, services as JSON) is moved to 4 by emptying
 * the catalog and forgetting where a sync stopped: the next sync fetches
 * everything */
static void
test_cache_schema_4_refetches_catalog (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("iv-store-XXXXXX", &error);

  g_assert_no_error (error);
  {
    g_autoptr(IvCacheDb) cache = iv_cache_db_open (dir, &error);

    g_assert_no_error (error);
    g_assert_true (iv_store_db_exec (iv_cache_db_get_db (cache),
                                     "DROP TABLE search_grams; DROP TABLE search_trigrams;"
                                     "DROP TABLE search_inst_grams; DROP TABLE search_inst_trigrams;"
                                     "CREATE VIRTUAL TABLE search_grams USING fts5 (grams,"
                                     "  tokenize = 'unicode61 remove_diacritics 0', detail = none, columnsize = 0);"
                                     "CREATE VIRTUAL TABLE search_trigrams USING fts5 (text, tokenize = 'trigram', columnsize = 0);"
                                     "DROP TABLE services;"
                                     "CREATE TABLE services (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
                                     "  institution_id TEXT NOT NULL, category TEXT NOT NULL, title TEXT NOT NULL,"
                                     "  title_key TEXT NOT NULL, price_fen INTEGER, json TEXT NOT NULL);"
                                     "CREATE INDEX services_by_institution ON services (institution_id);"
                                     "INSERT INTO institutions (id, name, district, accreditations, json)"
                                     "  VALUES ('inst-a', '上海市计量测试技术研究院', '徐汇区', 3, '{}');"
                                     "INSERT INTO services (id, institution_id, category, title, title_key, json)"
                                     "  VALUES ('svc-01', 'inst-a', 'testing', '扫描电镜', '扫描电镜', '{}');"
                                     "INSERT INTO search_grams (rowid, grams) VALUES (1, '扫 描 扫描 电 描电 镜 电镜 ');"
                                     "INSERT INTO search_trigrams (rowid, text) VALUES (1, '扫描电镜\n上海市计量测试技术研究院\n');"
                                     "INSERT INTO meta (key, value) VALUES ('catalog_revision', '42'),"
                                     "  ('catalog_sync.position', 'services\t-1\t42\tcursor-7');"
                                     "PRAGMA user_version = 2;",
                                     &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(IvCacheDb) cache = iv_cache_db_open (dir, &error);
    g_autoptr(IvCatalogSearch) search = NULL;
    g_autoptr(IvCatalogQuery) query = iv_catalog_query_new ();
    g_autoptr(GPtrArray) found = NULL;
    g_autofree char *position = NULL;
    guint total = 99;

    g_assert_no_error (error);
    g_assert_false (iv_cache_db_was_rebuilt (cache));
    g_assert_cmpint (iv_store_db_get_schema_version (iv_cache_db_get_db (cache)), ==, 4);
    g_assert_cmpuint (iv_cache_db_count_services (cache), ==, 0);
    g_assert_cmpint (iv_cache_db_get_catalog_revision (cache), ==, -1);
    position = iv_store_db_get_meta (iv_cache_db_get_db (cache), "catalog_sync.position");
    g_assert_null (position);

    search = iv_catalog_search_new (cache);
    iv_catalog_query_set_text (query, "扫描电镜");
    found = iv_catalog_search_run (search, query, &total, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 0);
    g_assert_cmpuint (total, ==, 0);
    g_assert_true (iv_store_db_check_integrity (iv_cache_db_get_db (cache), &error));
    g_assert_no_error (error);
  }
  remove_tree (dir);
}

static char *
service_json_text (IvService *service)
{
  g_autoptr(JsonNode) node = iv_service_to_json (service);

  return json_to_string (node, FALSE);
}

static void
assert_same_service (IvService *expected,
                     IvService *actual)
{
  g_autofree char *expected_text = service_json_text (expected);
  g_autofree char *actual_text = service_json_text (actual);

  g_assert_cmpstr (actual_text, ==, expected_text);
  g_assert_cmpint (iv_service_get_price_fen (actual), ==, iv_service_get_price_fen (expected));
  g_assert_cmpstr (iv_service_get_price_note (actual), ==, iv_service_get_price_note (expected));
  g_assert_cmpstr (iv_service_get_unit (actual), ==, iv_service_get_unit (expected));
  g_assert_true (g_date_time_equal (iv_service_get_updated_at_date_time (actual),
                                    iv_service_get_updated_at_date_time (expected)));
}

/* What the cache gives back is the service the page brought, field by
 * field (the cache keeps columns, not the JSON): all fields set, the
 * nullable ones null, awkward text; then the same ids changed */
static void
test_service_round_trip (void)
{
  static const char * const texts[] = {
    "{\"id\":\"svc-a\",\"institution_id\":\"inst-1\",\"category\":\"testing\",\"title\":\"扫描电镜（JSM-7800F）\","
    "\"description\":\"依托重点实验室，CMA/CNAS\",\"price_fen\":120050,\"price_note\":\"按样品计\",\"unit\":\"样品\","
    "\"updated_at\":\"2026-11-01T09:00:00+08:00\"}",
    "{\"id\":\"svc-b\",\"institution_id\":\"inst-1\",\"category\":\"rnd\",\"title\":\"面议 \\\"quoted\\\" \\\\ tab\\t😀\","
    "\"description\":\"\",\"price_fen\":null,\"price_note\":null,\"unit\":null,"
    "\"updated_at\":\"2026-01-31T23:59:59.123Z\"}",
    "{\"id\":\"svc-c\",\"institution_id\":\"inst-2\",\"category\":\"testing\",\"title\":\"免费咨询\","
    "\"description\":\"多行\\n说明：MÜLLER Prüfstand\",\"price_fen\":0,\"updated_at\":\"2026-06-30T12:00:00-05:30\"}",
  };
  static const char * const changed_texts[] = {
    "{\"id\":\"svc-a\",\"institution_id\":\"inst-2\",\"category\":\"rnd\",\"title\":\"场发射扫描电镜\","
    "\"description\":\"新说明\",\"price_fen\":null,\"price_note\":null,\"unit\":null,"
    "\"updated_at\":\"2026-11-02T09:00:00+08:00\"}",
    "{\"id\":\"svc-b\",\"institution_id\":\"inst-1\",\"category\":\"rnd\",\"title\":\"定价\","
    "\"description\":\"有价格了\",\"price_fen\":99,\"price_note\":\"起\",\"unit\":\"次\","
    "\"updated_at\":\"2026-11-02T09:00:00+08:00\"}",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("iv-store-XXXXXX", &error);
  g_autoptr(IvCacheDb) cache = NULL;
  g_autoptr(GPtrArray) services = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert_no_error (error);
  cache = iv_cache_db_open (dir, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    g_ptr_array_add (services, DECODE (service, texts[i]));
  g_assert_true (iv_cache_db_apply_catalog_page (cache, NULL, services, NULL, NULL, 1, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < services->len; i++)
    {
      IvService *expected = g_ptr_array_index (services, i);
      g_autoptr(IvService) actual = iv_cache_db_get_service (cache, iv_service_get_id (expected), &error);

      g_assert_no_error (error);
      assert_same_service (expected, actual);
    }

  /* Updated in place: same rows, new fields (and nulls where there were values) */
  for (guint i = 0; i < G_N_ELEMENTS (changed_texts); i++)
    g_ptr_array_add (changed, DECODE (service, changed_texts[i]));
  g_assert_true (iv_cache_db_apply_catalog_page (cache, NULL, changed, NULL, NULL, 2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (iv_cache_db_count_services (cache), ==, 3);
  for (guint i = 0; i < changed->len; i++)
    {
      IvService *expected = g_ptr_array_index (changed, i);
      g_autoptr(IvService) actual = iv_cache_db_get_service (cache, iv_service_get_id (expected), &error);

      g_assert_no_error (error);
      assert_same_service (expected, actual);
    }

  /* Search hands out the same objects */
  {
    g_autoptr(IvCatalogSearch) search = iv_catalog_search_new (cache);
    g_autoptr(IvCatalogQuery) query = iv_catalog_query_new ();
    g_autoptr(GPtrArray) found = NULL;
    guint total = 0;

    iv_catalog_query_set_text (query, "定价");
    found = iv_catalog_search_run (search, query, &total, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 1);
    assert_same_service (g_ptr_array_index (changed, 1), g_ptr_array_index (found, 0));
    /* Letters beyond ASCII are folded before they are indexed, in any case */
    for (guint i = 0; i < 3; i++)
      {
        const char *words[] = { "müller", "PRÜFSTAND", "Müller 说明" };

        g_clear_pointer (&found, g_ptr_array_unref);
        iv_catalog_query_set_text (query, words[i]);
        found = iv_catalog_search_run (search, query, &total, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (found->len, ==, 1);
        g_assert_cmpstr (iv_service_get_id (g_ptr_array_index (found, 0)), ==, "svc-c");
      }
  }
  g_assert_true (iv_store_db_check_integrity (iv_cache_db_get_db (cache), &error));
  g_assert_no_error (error);
  g_clear_object (&cache);
  remove_tree (dir);
}

static void
got_results (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GPtrArray *results = user_data;

  (void) source;
  g_ptr_array_add (results, g_object_ref (result));
}

/* Pages stored on the worker thread: in the order they were given, each
 * with its meta value in the same transaction, even when the caller
 * cancels meanwhile; the main connection reads (and writes) as before */
static void
test_apply_page_async (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("iv-store-XXXXXX", &error);
  g_autoptr(IvCacheDb) cache = NULL;
  g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) second = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  const char * const gone[] = { "svc-2", NULL };
  g_autofree char *position = NULL;
  g_autoptr(IvService) svc = NULL;
  guint64 generation;

  g_assert_no_error (error);
  cache = iv_cache_db_open (dir, &error);
  g_assert_no_error (error);
  generation = iv_cache_db_get_catalog_generation (cache);

  g_ptr_array_add (first, service ("svc-1", "扫描电镜"));
  g_ptr_array_add (first, service ("svc-2", "透射电镜"));
  g_ptr_array_add (second, service ("svc-1", "场发射扫描电镜"));
  g_ptr_array_add (second, service ("svc-3", "X射线衍射"));
  iv_cache_db_apply_catalog_page_async (cache, NULL, first, NULL, NULL, -1, "catalog_sync.position", "page 2",
                                        cancellable, got_results, results);
  iv_cache_db_apply_catalog_page_async (cache, NULL, second, NULL, gone, 7, "catalog_sync.position", NULL,
                                        cancellable, got_results, results);
  g_cancellable_cancel (cancellable);
  /* The main connection goes on meanwhile */
  g_assert_true (iv_cache_db_set_events_last_seq (cache, 5, &error));
  g_assert_no_error (error);
  while (results->len < 2)
    g_main_context_iteration (NULL, TRUE);

  for (guint i = 0; i < results->len; i++)
    {
      g_assert_true (iv_cache_db_apply_catalog_page_finish (cache, g_ptr_array_index (results, i), &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (iv_cache_db_get_catalog_generation (cache), >=, generation + 2);
  g_assert_cmpuint (iv_cache_db_count_services (cache), ==, 2);
  g_assert_cmpint (iv_cache_db_get_catalog_revision (cache), ==, 7);
  g_assert_cmpint (iv_cache_db_get_events_last_seq (cache), ==, 5);
  position = iv_store_db_get_meta (iv_cache_db_get_db (cache), "catalog_sync.position");
  g_assert_null (position);
  svc = iv_cache_db_get_service (cache, "svc-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (iv_service_get_title (svc), ==, "场发射扫描电镜");
  g_assert_null (iv_cache_db_get_service (cache, "svc-2", &error));
  g_assert_error (error, IV_STORE_ERROR, IV_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Searchable at once, the old title gone from the index */
  {
    g_autoptr(IvCatalogSearch) search = iv_catalog_search_new (cache);
    g_autoptr(IvCatalogQuery) query = iv_catalog_query_new ();
    g_autoptr(GPtrArray) found = NULL;
    guint total = 0;

    iv_catalog_query_set_text (query, "场发射");
    found = iv_catalog_search_run (search, query, &total, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (total, ==, 1);
    g_clear_pointer (&found, g_ptr_array_unref);
    iv_catalog_query_set_text (query, "透射");
    found = iv_catalog_search_run (search, query, &total, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (total, ==, 0);
  }
  g_assert_true (iv_store_db_check_integrity (iv_cache_db_get_db (cache), &error));
  g_assert_no_error (error);
  g_clear_object (&cache);
  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/migrations-and-permissions", test_migrations_and_permissions);
  g_test_add_func ("/store/reopen-keeps-data", test_reopen_keeps_data);
  g_test_add_func ("/store/corrupt-cache-rebuilt-user-data-kept", test_corrupt_cache_rebuilt_user_data_kept);
  g_test_add_func ("/store/store-object", test_store_object);
  g_test_add_func ("/store/cache-schema-4-refetches-catalog", test_cache_schema_4_refetches_catalog);
  g_test_add_func ("/store/service-round-trip", test_service_round_trip);
  g_test_add_func ("/store/apply-page-async", test_apply_page_async);

  return g_test_run ();
}
