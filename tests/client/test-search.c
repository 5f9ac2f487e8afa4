/* test-search.c: offline catalog search: Chinese substrings, Latin, digits, filters, ranking, paging */
#include "config.h"

#include <locale.h>
#include <glib/gstdio.h>

#include "iv-cache-db.h"
#include "iv-catalog-search.h"
#include "iv-catalog-text.h"

typedef struct {
  const char *id;
  const char *name;
  const char *district;
  const char *accreditations;
} InstitutionRow;

typedef struct {
  const char *id;
  const char *institution_id;
  const char *category;
  const char *title;
  const char *description;
  gint64      price_fen;   /* -1: 面议 */
} ServiceRow;

static const InstitutionRow institution_rows[] = {
  { "inst-a", "上海市计量测试技术研究院", "徐汇区", "\"CMA\",\"CNAS\"" },
  { "inst-b", "华东理工大学分析测试中心", "徐汇区", "\"CMA\"" },
  { "inst-c", "张江药谷公共服务平台", "浦东新区", "" },
};

static const ServiceRow service_rows[] = {
  { "svc-01", "inst-a", "testing", "扫描电镜形貌分析", "场发射扫描电镜，型号JSM-7800F，分辨率0.8nm", 80000 },
  { "svc-02", "inst-b", "testing", "X射线衍射物相分析", "Bruker D8 ADVANCE 衍射仪，可配合电镜观察", 50000 },
  { "svc-03", "inst-c", "instrument", "透射电镜机时共享", "Talos F200X 透射电镜", -1 },
  { "svc-04", "inst-a", "testing", "金属材料成分分析", "直读光谱，符合GB/T 4336", 30000 },
  { "svc-05", "inst-b", "rnd_design", "电路板结构设计", "提供PCB设计服务", 2000000 },
  { "svc-06", "inst-c", "testing", "细胞毒性检测", "依据ISO 10993-5，毒理学评价", 150000 },
  { "svc-07", "inst-a", "joint_rnd", "新材料合作研发", "与企业共建实验室，提供电镜表征支持", -1 },
};

typedef struct {
  char            *dir;
  IvCacheDb       *cache;
  IvCatalogSearch *search;
} Fixture;

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

static IvInstitution *
make_institution (const InstitutionRow *row,
                  const char           *name)
{
  g_autofree char *text = g_strdup_printf ("{\"id\":\"%s\",\"name\":\"%s\",\"credit_code\":\"91310000MA1FL4WR6Y\","
                                           "\"district\":\"%s\",\"address\":\"上海市\",\"phone\":\"021-64370000\","
                                           "\"accreditations\":[%s],\"accepts_vouchers\":true,"
                                           "\"updated_at\":\"2026-11-01T09:00:00+08:00\"}",
                                           row->id, name != NULL ? name : row->name, row->district, row->accreditations);
  g_autoptr(JsonNode) node = json_from_string (text, NULL);
  g_autoptr(GError) error = NULL;
  IvInstitution *institution = iv_institution_new_from_json (node, &error);

  g_assert_no_error (error);
  return institution;
}

static IvService *
make_service (const ServiceRow *row,
              const char       *title)
{
  g_autofree char *price = row->price_fen >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, row->price_fen) : g_strdup ("null");
  g_autofree char *text = g_strdup_printf ("{\"id\":\"%s\",\"institution_id\":\"%s\",\"category\":\"%s\","
                                           "\"title\":\"%s\",\"description\":\"%s\",\"price_fen\":%s,"
                                           "\"price_note\":%s,\"unit\":\"项\",\"updated_at\":\"2026-11-01T09:00:00+08:00\"}",
                                           row->id, row->institution_id, row->category,
                                           title != NULL ? title : row->title, row->description, price,
                                           row->price_fen >= 0 ? "null" : "\"面议\"");
  g_autoptr(JsonNode) node = json_from_string (text, NULL);
  g_autoptr(GError) error = NULL;
  IvService *service = iv_service_new_from_json (node, &error);

  g_assert_no_error (error);
  return service;
}

static void
fill (IvCacheDb *cache,
      gboolean   reversed)
{
  g_autoptr(GPtrArray) institutions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) services = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  guint n = G_N_ELEMENTS (service_rows);

  for (guint i = 0; i < G_N_ELEMENTS (institution_rows); i++)
    g_ptr_array_add (institutions, make_institution (&institution_rows[i], NULL));
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (services, make_service (&service_rows[reversed ? n - 1 - i : i], NULL));

  /* Services first when reversed: their institutions arrive later */
  if (reversed)
    {
      g_assert_true (iv_cache_db_apply_catalog_page (cache, NULL, services, NULL, NULL, -1, &error));
      g_assert_true (iv_cache_db_apply_catalog_page (cache, institutions, NULL, NULL, NULL, 1, &error));
    }
  else
    g_assert_true (iv_cache_db_apply_catalog_page (cache, institutions, services, NULL, NULL, 1, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("iv-search-XXXXXX", &error);
  g_assert_no_error (error);
  f->cache = iv_cache_db_open (f->dir, &error);
  g_assert_no_error (error);
  fill (f->cache, GPOINTER_TO_INT (data));
  f->search = iv_catalog_search_new (f->cache);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->search);
  g_assert_finalize_object (f->cache);
  remove_tree (f->dir);
  g_free (f->dir);
}

/* The ids found, joined with spaces, e.g. "svc-01 svc-03" */
static char *
run (Fixture        *f,
     IvCatalogQuery *query,
     guint          *out_total)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = iv_catalog_search_run (f->search, query, out_total, &error);
  g_autoptr(GString) ids = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < results->len; i++)
    {
      if (i > 0)
        g_string_append_c (ids, ' ');
      g_string_append (ids, iv_service_get_id (g_ptr_array_index (results, i)));
    }
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

static char *
find (Fixture    *f,
      const char *text)
{
  g_autoptr(IvCatalogQuery) query = iv_catalog_query_new ();
  g_autofree char *ids = NULL;
  guint total = 0;

  iv_catalog_query_set_text (query, text);
  ids = run (f, query, &total);
  /* The count agrees with what is shown when everything fits */
  {
    g_auto(GStrv) parts = g_strsplit (ids, " ", -1);
    g_assert_cmpuint (total, ==, *ids == '\0' ? 0 : g_strv_length (parts));
  }
  return g_steal_pointer (&ids);
}

#define ASSERT_FINDS(f, text, expected) G_STMT_START { \
    g_autofree char *_ids = find (f, text); \
    if (g_strcmp0 (_ids, expected) != 0) \
      g_error ("search \"%s\": got \"%s\", expected \"%s\"", text, _ids, expected); \
  } G_STMT_END

static void
test_chinese_substrings (Fixture       *f,
                         gconstpointer  data)
{
  /* 1 character; title matches rank before description-only ones */
  ASSERT_FINDS (f, "电", "svc-01 svc-03 svc-05 svc-02 svc-07");
  ASSERT_FINDS (f, "镜", "svc-01 svc-03 svc-02 svc-07");
  ASSERT_FINDS (f, "毒", "svc-06");
  /* 2 */
  ASSERT_FINDS (f, "电镜", "svc-01 svc-03 svc-02 svc-07");
  ASSERT_FINDS (f, "衍射", "svc-02");
  /* 3–6 */
  ASSERT_FINDS (f, "物相分", "svc-02");
  ASSERT_FINDS (f, "扫描电镜", "svc-01");
  ASSERT_FINDS (f, "成分分析", "svc-04");
  ASSERT_FINDS (f, "透射电镜机时", "svc-03");
  ASSERT_FINDS (f, "X射线衍射", "svc-02");
  /* Institution names and districts count too */
  ASSERT_FINDS (f, "计量测试", "svc-01 svc-04 svc-07");
  ASSERT_FINDS (f, "浦东", "svc-03 svc-06");
  /* Substrings, not bags of characters: both words are in svc-01's title but apart */
  ASSERT_FINDS (f, "扫描分析", "");
  ASSERT_FINDS (f, "镜电", "");
  ASSERT_FINDS (f, "火箭", "");
  /* Several words: all must match */
  ASSERT_FINDS (f, "电镜 共享", "svc-03");
  /* svc-05's institution is an analysis centre in 徐汇 */
  ASSERT_FINDS (f, "分析 徐汇", "svc-01 svc-02 svc-04 svc-05");
}

static void
test_latin_and_digits (Fixture       *f,
                       gconstpointer  data)
{
  ASSERT_FINDS (f, "JSM-7800F", "svc-01");
  ASSERT_FINDS (f, "jsm", "svc-01");
  ASSERT_FINDS (f, "ＪＳＭ", "svc-01");       /* full-width */
  ASSERT_FINDS (f, "advance", "svc-02");
  ASSERT_FINDS (f, "D8", "svc-02");
  ASSERT_FINDS (f, "PCB", "svc-05");
  ASSERT_FINDS (f, "7800", "svc-01");
  ASSERT_FINDS (f, "10993", "svc-06");
  ASSERT_FINDS (f, "4336", "svc-04");
  ASSERT_FINDS (f, "X射线", "svc-02");
  ASSERT_FINDS (f, "0.8nm", "svc-01");
  /* Words under 3 letters match the start of a word only */
  ASSERT_FINDS (f, "Br", "svc-02");
  ASSERT_FINDS (f, "nm", "");
  ASSERT_FINDS (f, "CNAS9", "");
  /* Punctuation alone is no query: everything, in id order */
  ASSERT_FINDS (f, "——", "svc-01 svc-02 svc-03 svc-04 svc-05 svc-06 svc-07");
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(IvCatalogQuery) query = iv_catalog_query_new ();
  guint total = 0;

#define CHECK(expected) G_STMT_START { \
    g_autofree char *_ids = run (f, query, &total); \
    g_assert_cmpstr (_ids, ==, expected); \
  } G_STMT_END

  iv_catalog_query_set_category (query, "testing");
  CHECK ("svc-01 svc-02 svc-04 svc-06");
  g_assert_cmpuint (total, ==, 4);
  iv_catalog_query_set_category (query, "no-such-category");
  CHECK ("");
  g_assert_cmpuint (total, ==, 0);
  iv_catalog_query_set_category (query, NULL);

  iv_catalog_query_set_district (query, "徐汇区");
  CHECK ("svc-01 svc-02 svc-04 svc-05 svc-07");
  iv_catalog_query_set_district (query, NULL);

  iv_catalog_query_set_accreditations (query, IV_ACCREDITATION_CNAS);
  CHECK ("svc-01 svc-04 svc-07");
  iv_catalog_query_set_accreditations (query, IV_ACCREDITATION_CMA);
  CHECK ("svc-01 svc-02 svc-04 svc-05 svc-07");
  iv_catalog_query_set_accreditations (query, IV_ACCREDITATION_NONE);

  /* Price ranges leave out 面议 (svc-03, svc-07) */
  iv_catalog_query_set_price_range (query, 40000, 200000);
  CHECK ("svc-01 svc-02 svc-06");
  iv_catalog_query_set_price_range (query, -1, 30000);
  CHECK ("svc-04");
  iv_catalog_query_set_price_range (query, 1000000, -1);
  CHECK ("svc-05");
  iv_catalog_query_set_price_range (query, -1, -1);

  iv_catalog_query_set_institution_id (query, "inst-c");
  CHECK ("svc-03 svc-06");
  iv_catalog_query_set_institution_id (query, "inst-404");
  CHECK ("");
  iv_catalog_query_set_institution_id (query, NULL);

  /* Text and filters together */
  iv_catalog_query_set_text (query, "分析");
  iv_catalog_query_set_category (query, "testing");
  iv_catalog_query_set_accreditations (query, IV_ACCREDITATION_CNAS);
  CHECK ("svc-01 svc-04");
  g_assert_cmpuint (total, ==, 2);
#undef CHECK
}

static void
test_ranking_and_paging (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(IvCatalogQuery) query = iv_catalog_query_new ();
  g_autoptr(GString) paged = g_string_new (NULL);
  g_autofree char *all = NULL;
  guint total = 0;

  /* Same answer however the catalog arrived (this test also runs with
   * the rows applied in reverse, services before institutions) */
  iv_catalog_query_set_text (query, "分析");
  all = run (f, query, &total);
  /* Titles first, then svc-05 whose institution's name has the word */
  g_assert_cmpstr (all, ==, "svc-01 svc-02 svc-04 svc-05");

  /* Words in the title beat the id order: svc-02 and svc-07 only
   * mention 电镜 in their descriptions */
  iv_catalog_query_set_text (query, "电 镜");
  {
    g_autofree char *ids = run (f, query, &total);
    g_assert_cmpstr (ids, ==, "svc-01 svc-03 svc-02 svc-07");
  }
  /* Paging keeps that order */
  iv_catalog_query_set_page (query, 1, 2);
  {
    g_autofree char *ids = run (f, query, &total);
    g_assert_cmpstr (ids, ==, "svc-03 svc-02");
    g_assert_cmpuint (total, ==, 4);
  }
  iv_catalog_query_set_page (query, 0, 50);
  iv_catalog_query_set_text (query, "电镜 透射");
  {
    g_autofree char *ids = run (f, query, &total);
    g_assert_cmpstr (ids, ==, "svc-03");
  }

  /* Paging through everything, 3 at a time, gives the full list in order */
  g_clear_pointer (&all, g_free);
  iv_catalog_query_set_text (query, NULL);
  iv_catalog_query_set_page (query, 0, 100);
  all = run (f, query, &total);
  g_assert_cmpuint (total, ==, 7);
  for (guint offset = 0; offset < 9; offset += 3)
    {
      g_autofree char *page = NULL;

      iv_catalog_query_set_page (query, offset, 3);
      page = run (f, query, &total);
      g_assert_cmpuint (total, ==, 7);
      if (*page == '\0')
        continue;
      if (paged->len > 0)
        g_string_append_c (paged, ' ');
      g_string_append (paged, page);
    }
  g_assert_cmpstr (paged->str, ==, all);
  g_assert_cmpstr (all, ==, "svc-01 svc-02 svc-03 svc-04 svc-05 svc-06 svc-07");

  /* Past the end: nothing, but the count */
  iv_catalog_query_set_page (query, 50, 10);
  {
    g_autofree char *ids = run (f, query, &total);
    g_assert_cmpstr (ids, ==, "");
    g_assert_cmpuint (total, ==, 7);
  }
}

static void
test_follows_catalog_changes (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GPtrArray) institutions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) services = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  const char *gone[] = { "svc-06", NULL };

  ASSERT_FINDS (f, "生物医药", "");

  /* The institution is renamed, a service retitled, another withdrawn */
  g_ptr_array_add (institutions, make_institution (&institution_rows[2], "张江生物医药公共服务平台"));
  g_ptr_array_add (services, make_service (&service_rows[0], "场发射扫描电镜能谱分析"));
  g_assert_true (iv_cache_db_apply_catalog_page (f->cache, institutions, services, NULL, gone, 2, &error));
  g_assert_no_error (error);

  ASSERT_FINDS (f, "生物医药", "svc-03");
  ASSERT_FINDS (f, "形貌", "");
  ASSERT_FINDS (f, "能谱分析", "svc-01");
  ASSERT_FINDS (f, "毒理", "");
  ASSERT_FINDS (f, "浦东", "svc-03");
}

static void
apply_services (Fixture     *f,
                guint        first,
                guint        last,
                const char  *retitle_first,
                const char  *gone,
                gint64       revision)
{
  g_autoptr(GPtrArray) services = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  const char *deleted[] = { gone, NULL };

  for (guint i = first; i <= last; i++)
    g_ptr_array_add (services, make_service (&service_rows[i], i == first ? retitle_first : NULL));
  g_assert_true (iv_cache_db_apply_catalog_page (f->cache, NULL, services, NULL, deleted, revision, &error));
  g_assert_no_error (error);
}

/* During a full sync (services before their institutions here) a search
 * finds what is stored so far, and later changes are not lost */
static void
test_during_full_sync (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) institutions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  g_assert_true (iv_cache_db_clear_catalog (f->cache, &error));
  g_assert_no_error (error);
  ASSERT_FINDS (f, "电镜", "");

  /* Services before their institutions */
  apply_services (f, 0, 3, NULL, NULL, -1);
  ASSERT_FINDS (f, "扫描电镜", "svc-01");
  ASSERT_FINDS (f, "计量", "");

  for (guint i = 0; i < G_N_ELEMENTS (institution_rows); i++)
    g_ptr_array_add (institutions, make_institution (&institution_rows[i], NULL));
  g_assert_true (iv_cache_db_apply_catalog_page (f->cache, institutions, NULL, NULL, NULL, -1, &error));
  g_assert_no_error (error);
  ASSERT_FINDS (f, "计量", "svc-01 svc-04");

  /* An indexed service retitled, another withdrawn, new ones added */
  apply_services (f, 0, 0, "场发射扫描电镜能谱分析", "svc-02", -1);
  apply_services (f, 4, 4, NULL, NULL, -1);
  ASSERT_FINDS (f, "形貌", "");
  ASSERT_FINDS (f, "衍射", "");
  ASSERT_FINDS (f, "能谱分析", "svc-01");
  ASSERT_FINDS (f, "电路板", "svc-05");

  /* Not searched before the last page: indexed by it */
  apply_services (f, 5, 6, NULL, NULL, -1);
  apply_services (f, 5, 5, NULL, NULL, 3);
  ASSERT_FINDS (f, "毒理", "svc-06");
  ASSERT_FINDS (f, "电镜", "svc-01 svc-03 svc-07");
  ASSERT_FINDS (f, "徐汇", "svc-01 svc-04 svc-05 svc-07");

  /* After the sync: changes are indexed row by row */
  apply_services (f, 6, 6, "新材料电镜表征", "svc-03", 4);
  ASSERT_FINDS (f, "电镜", "svc-01 svc-07");
  ASSERT_FINDS (f, "合作研发", "");
  g_assert_true (iv_store_db_check_integrity (iv_cache_db_get_db (f->cache), &error));
  g_assert_no_error (error);
}

/* An institution's name and district are indexed once, in their own
 * rows: a word matches a service when it is in the service's own text
 * or in its institution's, but never across the two */
static void
test_institution_words (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) institutions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  const char *gone[] = { "inst-b", NULL };

  /* Only in the institution's name, with a word only in the services */
  ASSERT_FINDS (f, "技术研究院 扫描", "svc-01");
  ASSERT_FINDS (f, "研究 电镜", "svc-01 svc-07");
  /* The district, 1 and 3 characters */
  ASSERT_FINDS (f, "汇", "svc-01 svc-02 svc-04 svc-05 svc-07");
  ASSERT_FINDS (f, "浦东新区 透射", "svc-03");
  /* A substring spanning the title and the institution's name is none */
  ASSERT_FINDS (f, "设计华东", "");
  ASSERT_FINDS (f, "平台细胞", "");
  /* Name and district are separate fields too */
  ASSERT_FINDS (f, "研究院徐汇", "");

  /* An institution withdrawn: its name finds nothing any more, its
   * services are still found by their own words */
  g_assert_true (iv_cache_db_apply_catalog_page (f->cache, NULL, NULL, gone, NULL, 5, &error));
  g_assert_no_error (error);
  ASSERT_FINDS (f, "华东理工", "");
  ASSERT_FINDS (f, "衍射", "svc-02");

  /* Renamed and moved: one row rewritten, all its services follow */
  g_ptr_array_add (institutions, make_institution (&institution_rows[0], "临港新片区检验检测认证中心"));
  g_assert_true (iv_cache_db_apply_catalog_page (f->cache, institutions, NULL, NULL, NULL, 6, &error));
  g_assert_no_error (error);
  ASSERT_FINDS (f, "计量测试", "");
  ASSERT_FINDS (f, "检验检测", "svc-01 svc-04 svc-07");
  ASSERT_FINDS (f, "检验检测 合作", "svc-07");
}

/* Service rows are contentless: an update or a withdrawal removes the
 * old terms with the texts they were made from.  After many rounds the
 * old words find nothing and the new ones exactly the right rows. */
static void
test_rewrites_leave_nothing_behind (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  for (guint round = 0; round < 6; round++)
    {
      apply_services (f, 0, 0, round % 2 == 0 ? "红外光谱ＦＴＩＲ分析" : "热重分析（TGA 55）", NULL, 10 + round);
      apply_services (f, 5, 5, NULL, round % 2 == 0 ? "svc-06" : NULL, 20 + round);
    }
  ASSERT_FINDS (f, "红外", "");
  ASSERT_FINDS (f, "形貌分析", "");
  ASSERT_FINDS (f, "热重分析", "svc-01");
  ASSERT_FINDS (f, "tga", "svc-01");
  ASSERT_FINDS (f, "ftir", "");
  ASSERT_FINDS (f, "毒理学", "svc-06");
  /* The description is unchanged and still found */
  ASSERT_FINDS (f, "JSM-7800F", "svc-01");
  g_assert_true (iv_store_db_check_integrity (iv_cache_db_get_db (f->cache), &error));
  g_assert_no_error (error);
}

/* The fast path of text folding gives what NFKC + case folding give */
static void
test_normalize_fast_path (void)
{
  const char *texts[] = {
    "扫描电镜（JSM-7800F），分辨率0.8nm。",
    "ＪＳＭ－７８００Ｆ　ＣＭＡ／ＣＮＡＳ",
    "《检测报告》、「样品」【GB/T 4336】〇",
    "“CMA”‘认证’——服务",
    "Ｘ射线衍射：Ｄ８ ＡＤＶＡＮＣＥ！",
    "…〸〶 café Ⅻ ｶﾞ",  /* not covered: the slow path */
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *nfkc = g_utf8_normalize (texts[i], -1, G_NORMALIZE_NFKC);
      g_autofree char *expected = g_utf8_casefold (nfkc, -1);
      g_autofree char *got = iv_catalog_text_normalize (texts[i]);

      g_assert_cmpstr (got, ==, expected);
    }
  {
    g_autofree char *got = iv_catalog_text_normalize ("ＡＢＣ（ＸＹＺ）　ｘ");
    g_assert_cmpstr (got, ==, "abc(xyz) x");
  }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/search/" path, Fixture, GINT_TO_POINTER (FALSE), fixture_set_up, func, fixture_tear_down)
  ADD ("chinese-substrings", test_chinese_substrings);
  ADD ("latin-and-digits", test_latin_and_digits);
  ADD ("filters", test_filters);
  ADD ("ranking-and-paging", test_ranking_and_paging);
  ADD ("follows-catalog-changes", test_follows_catalog_changes);
  ADD ("during-full-sync", test_during_full_sync);
  ADD ("institution-words", test_institution_words);
  ADD ("rewrites-leave-nothing-behind", test_rewrites_leave_nothing_behind);
#undef ADD
  g_test_add ("/search/ranking-and-paging-reversed-arrival", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_ranking_and_paging, fixture_tear_down);
  g_test_add ("/search/filters-reversed-arrival", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_filters, fixture_tear_down);

  g_test_add_func ("/search/normalize-fast-path", test_normalize_fast_path);

  return g_test_run ();
}
