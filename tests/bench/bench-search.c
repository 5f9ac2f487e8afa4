/* bench-search.c: offline catalog search over 100,000 services and outbox enqueue, figures printed */
#include "config.h"

#include <locale.h>
#include <time.h>
#include <glib/gstdio.h>

#include "iv-cache-db.h"
#include "iv-catalog-search.h"
#include "iv-outbox.h"

/* Realistic words: names of Shanghai institutions, instruments and methods */
static const char *inst_prefix[] = { "上海", "华东", "复旦", "交大", "同济", "中科院上海", "上海市", "浦东", "张江", "漕河泾", "临港", "紫竹" };
static const char *inst_field[] = { "计量测试", "材料分析", "生物医药", "电子信息", "环境检测", "化工", "精密仪器", "集成电路", "新能源", "食品安全", "纳米技术", "高分子材料" };
static const char *inst_suffix[] = { "技术研究院", "检测中心", "研究所", "有限公司", "实验室", "公共服务平台" };
static const char *districts[] = { "黄浦区", "徐汇区", "长宁区", "静安区", "普陀区", "虹口区", "杨浦区", "闵行区", "宝山区", "嘉定区", "浦东新区", "金山区", "松江区", "青浦区", "奉贤区", "崇明区" };
static const char *categories[] = { "testing", "joint_rnd", "commissioned_dev", "rnd_design", "tech_solution", "instrument" };
static const char *things[] = { "扫描电镜", "透射电镜", "X射线衍射", "核磁共振", "液相色谱", "气相色谱", "成分分析", "力学性能", "疲劳试验", "电磁兼容", "环境可靠性", "盐雾试验", "红外光谱", "热重分析", "粒度分析", "元素分析", "基因测序", "细胞培养", "动物实验", "毒理学评价", "软件测评", "芯片封装", "工艺设计", "结构设计", "仿真计算", "质谱联用" };
static const char *actions[] = { "检测", "测试", "分析", "服务", "评价", "开发", "设计", "咨询", "共享", "实验" };
static const char *models[] = { "JSM-7800F", "SU8010", "D8 ADVANCE", "AVANCE III 400", "Q Exactive", "Agilent 7890B", "Instron 5982", "TGA 55", "Talos F200X", "NovaSeq 6000" };
static const char *description_words[] = { "本服务", "依托", "国家级", "重点实验室", "提供", "样品", "形貌观察", "能谱", "定量", "报告", "出具", "具有", "资质", "认可", "周期", "工作日", "精度高", "可根据", "客户需求", "定制方案", "设备型号", "支持", "多种材料", "金属", "陶瓷", "复合材料", "半导体", "生物样本", "检测标准", "GB/T", "ISO", "数据处理" };
static const char *units[] = { "样品", "机时", "项", "次" };

#define N_INSTITUTIONS_PER_1000 4

static IvInstitution *
make_institution (GRand *rand,
                  guint  i)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *id = g_strdup_printf ("inst-%05u", i);
  g_autofree char *name = g_strdup_printf ("%s%s%s", inst_prefix[g_rand_int_range (rand, 0, G_N_ELEMENTS (inst_prefix))],
                                           inst_field[g_rand_int_range (rand, 0, G_N_ELEMENTS (inst_field))],
                                           inst_suffix[g_rand_int_range (rand, 0, G_N_ELEMENTS (inst_suffix))]);
  int acc = g_rand_int_range (rand, 0, 4);
  g_autoptr(GError) error = NULL;
  IvInstitution *institution;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id"); json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "name"); json_builder_add_string_value (b, name);
  json_builder_set_member_name (b, "credit_code"); json_builder_add_string_value (b, "91310000MA1FL4WR6Y");
  json_builder_set_member_name (b, "district"); json_builder_add_string_value (b, districts[i % G_N_ELEMENTS (districts)]);
  json_builder_set_member_name (b, "address"); json_builder_add_string_value (b, "上海市某路100号");
  json_builder_set_member_name (b, "phone"); json_builder_add_string_value (b, "021-64370000");
  json_builder_set_member_name (b, "accreditations");
  json_builder_begin_array (b);
  if (acc & 1) json_builder_add_string_value (b, "CMA");
  if (acc & 2) json_builder_add_string_value (b, "CNAS");
  json_builder_end_array (b);
  json_builder_set_member_name (b, "accepts_vouchers"); json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "updated_at"); json_builder_add_string_value (b, "2026-11-01T09:00:00+08:00");
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  institution = iv_institution_new_from_json (node, &error);
  g_assert_no_error (error);
  return institution;
}

static IvService *
make_service (GRand *rand,
              guint  i,
              guint  n_institutions)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GString) title = g_string_new (NULL);
  g_autoptr(GString) description = g_string_new (NULL);
  g_autofree char *id = g_strdup_printf ("svc-%06u", i);
  g_autofree char *inst = g_strdup_printf ("inst-%05u", g_rand_int_range (rand, 0, n_institutions));
  g_autoptr(GError) error = NULL;
  gboolean negotiable = g_rand_int_range (rand, 0, 10) == 0;
  int n_desc = g_rand_int_range (rand, 8, 20);
  IvService *service;

  g_string_append_printf (title, "%s%s", things[g_rand_int_range (rand, 0, G_N_ELEMENTS (things))],
                          actions[g_rand_int_range (rand, 0, G_N_ELEMENTS (actions))]);
  if (g_rand_int_range (rand, 0, 10) < 3)
    g_string_append_printf (title, "（%s）", models[g_rand_int_range (rand, 0, G_N_ELEMENTS (models))]);
  for (int k = 0; k < n_desc; k++)
    g_string_append (description, description_words[g_rand_int_range (rand, 0, G_N_ELEMENTS (description_words))]);
  if (g_rand_int_range (rand, 0, 4) == 0)
    g_string_append_printf (description, "，通过CMA/CNAS认可，型号%s", models[g_rand_int_range (rand, 0, G_N_ELEMENTS (models))]);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id"); json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "institution_id"); json_builder_add_string_value (b, inst);
  json_builder_set_member_name (b, "category"); json_builder_add_string_value (b, categories[g_rand_int_range (rand, 0, G_N_ELEMENTS (categories))]);
  json_builder_set_member_name (b, "title"); json_builder_add_string_value (b, title->str);
  json_builder_set_member_name (b, "description"); json_builder_add_string_value (b, description->str);
  json_builder_set_member_name (b, "price_fen");
  if (negotiable)
    json_builder_add_null_value (b);
  else
    json_builder_add_int_value (b, g_rand_int_range (rand, 100, 200000) * 100);
  json_builder_set_member_name (b, "price_note");
  if (negotiable) json_builder_add_string_value (b, "面议"); else json_builder_add_null_value (b);
  json_builder_set_member_name (b, "unit"); json_builder_add_string_value (b, units[g_rand_int_range (rand, 0, G_N_ELEMENTS (units))]);
  json_builder_set_member_name (b, "updated_at"); json_builder_add_string_value (b, "2026-11-01T09:00:00+08:00");
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  service = iv_service_new_from_json (node, &error);
  g_assert_no_error (error);
  return service;
}

/* CPU time of this process: the machine may be shared */
static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static void
print_figures (const char *label,
               GArray     *ms)
{
  double median, p99, max;

  g_array_sort (ms, compare_double);
  median = g_array_index (ms, double, ms->len / 2);
  p99 = g_array_index (ms, double, MIN (ms->len - 1, (guint) (ms->len * 0.99)));
  max = g_array_index (ms, double, ms->len - 1);
  g_print ("%-28s n=%-5u median %7.3f ms   p99 %7.3f ms   max %7.3f ms\n", label, ms->len, median, p99, max);
}

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

typedef struct {
  const char *kind;
  const char *text;
} BenchQuery;

static const BenchQuery bench_queries[] = {
  { "1 Chinese character", "电" }, { "1 Chinese character", "测" }, { "1 Chinese character", "谱" }, { "1 Chinese character", "镜" },
  { "2 Chinese characters", "电镜" }, { "2 Chinese characters", "检测" }, { "2 Chinese characters", "光谱" }, { "2 Chinese characters", "浦东" },
  { "3-4 Chinese characters", "扫描电" }, { "3-4 Chinese characters", "扫描电镜" }, { "3-4 Chinese characters", "成分分析" }, { "3-4 Chinese characters", "计量测试" },
  { "5-6 Chinese characters", "X射线衍射" }, { "5-6 Chinese characters", "透射电镜检测" }, { "5-6 Chinese characters", "生物医药技术" }, { "5-6 Chinese characters", "环境可靠性" },
  { "Latin", "CMA" }, { "Latin", "cnas" }, { "Latin", "Agilent" }, { "Latin", "JSM-7800F" },
  { "digits", "7800" }, { "digits", "6000" }, { "digits", "55" }, { "digits", "400" },
  { "several words", "扫描电镜 CMA" }, { "several words", "检测 浦东" },
};

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  /* IV_BENCH_DIR: reuse a filled cache between runs (kept afterwards) */
  const char *keep_dir = g_getenv ("IV_BENCH_DIR");
  g_autofree char *dir = keep_dir != NULL ? g_strdup (keep_dir) : g_dir_make_tmp ("iv-bench-search-XXXXXX", &error);
  g_autoptr(IvCacheDb) cache = NULL;
  g_autoptr(IvCatalogSearch) search = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261128);
  g_autoptr(GHashTable) by_kind = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_array_unref);
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) filtered = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) unfiltered = g_array_new (FALSE, FALSE, sizeof (double));
  /* The same in CPU time of this process, which the load of a shared
   * machine does not inflate */
  g_autoptr(GHashTable) by_kind_cpu = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_array_unref);
  g_autoptr(GArray) all_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  const char *env = g_getenv ("IV_BENCH_SERVICES");
  guint n_services = env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : 100000;
  guint n_institutions = MAX (380, n_services * N_INSTITUTIONS_PER_1000 / 1000);
  guint rounds = 5;
  guint page_size = g_getenv ("IV_BENCH_PAGE") != NULL ? atoi (g_getenv ("IV_BENCH_PAGE")) : 50;
  gint64 start, store_us = 0, last_page_us = 0;
  double seconds, fill_cpu, page_cpu, store_cpu = 0, last_page_cpu = 0;

  setlocale (LC_ALL, "");
  g_assert_no_error (error);
  if (argc > 1)
    n_services = (guint) g_ascii_strtoull (argv[1], NULL, 10);

  cache = iv_cache_db_open (dir, &error);
  g_assert_no_error (error);

  /* Fill the cache the way a sync does: pages of 500 */
  start = g_get_monotonic_time ();
  fill_cpu = cpu_seconds ();
  if (iv_cache_db_count_services (cache) == n_services)
    n_institutions = n_services = 0;
  for (guint i = 0; i < n_institutions; i += 500)
    {
      g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint k = i; k < MIN (i + 500, n_institutions); k++)
        g_ptr_array_add (page, make_institution (rand, k));
      g_assert_true (iv_cache_db_apply_catalog_page (cache, page, NULL, NULL, NULL, -1, &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < n_services; i += 500)
    {
      g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);
      gint64 page_start;

      for (guint k = i; k < MIN (i + 500, n_services); k++)
        g_ptr_array_add (page, make_service (rand, k, n_institutions));
      page_start = g_get_monotonic_time ();
      page_cpu = cpu_seconds ();
      g_assert_true (iv_cache_db_apply_catalog_page (cache, NULL, page, NULL, NULL,
                                                     i + 500 >= n_services ? 1 : -1, &error));
      g_assert_no_error (error);
      store_us += g_get_monotonic_time () - page_start;
      store_cpu += cpu_seconds () - page_cpu;
      if (i + 500 >= n_services)
        {
          last_page_us = g_get_monotonic_time () - page_start;
          last_page_cpu = cpu_seconds () - page_cpu;
        }
    }
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_print ("# catalog: %u institutions, %u services made, stored and indexed in %.2f s (%.2f s CPU)\n",
           n_institutions, n_services, seconds, cpu_seconds () - fill_cpu);
  /* The rest is making and decoding the test objects, which a sync does
   * while downloading */
  g_print ("# of which iv_cache_db_apply_catalog_page (): %.2f s (%.2f s CPU),"
           " the last page (bulk indexing) %.2f s (%.2f s CPU)\n",
           store_us / 1e6, store_cpu, last_page_us / 1e6, last_page_cpu);
  n_services = iv_cache_db_count_services (cache);
  {
    g_autofree char *path = g_build_filename (dir, "cache.db", NULL);
    struct stat st;
    if (g_stat (path, &st) == 0)
      g_print ("# cache.db: %.1f MB\n", st.st_size / 1e6);
  }

  search = iv_catalog_search_new (cache);
  {
    g_autoptr(IvCatalogQuery) query = iv_catalog_query_new ();
    g_autoptr(GPtrArray) results = NULL;
    guint total = 0;

    start = g_get_monotonic_time ();
    results = iv_catalog_search_run (search, query, &total, &error);
    g_assert_no_error (error);
    g_print ("# first search (loads the filter table): %.1f ms, %u services\n",
             (g_get_monotonic_time () - start) / 1e3, total);
  }

  for (guint mode = 0; mode < 2; mode++)
    {
      /* Cold: every query searches the index again.  Warm: the default
       * cache of recent word sets, as when paging or changing filters. */
      iv_catalog_search_set_cache_size (search, mode == 0 ? 0 : 16);
      g_array_set_size (all, 0);
      g_array_set_size (filtered, 0);
      g_array_set_size (unfiltered, 0);
      g_array_set_size (all_cpu, 0);
    for (guint round = 0; round < rounds; round++)
      for (guint q = 0; q < G_N_ELEMENTS (bench_queries); q++)
        for (guint f = 0; f < 6; f++)
          {
            g_autoptr(IvCatalogQuery) query = iv_catalog_query_new ();
            g_autoptr(GPtrArray) results = NULL;
            GArray *times;
            guint total = 0;
            double ms, cpu_ms, cpu_start;

            iv_catalog_query_set_text (query, bench_queries[q].text);
            iv_catalog_query_set_page (query, 0, page_size);
            switch (f)
              {
              case 1: iv_catalog_query_set_category (query, "testing"); break;
              case 2: iv_catalog_query_set_district (query, "浦东新区"); break;
              case 3: iv_catalog_query_set_accreditations (query, IV_ACCREDITATION_CMA | IV_ACCREDITATION_CNAS); break;
              case 4: iv_catalog_query_set_price_range (query, 100000, 5000000); break;
              case 5: iv_catalog_query_set_category (query, "instrument");
                      iv_catalog_query_set_price_range (query, -1, 2000000);
                      iv_catalog_query_set_page (query, 50, 50); break;
              default: break;
              }

            start = g_get_monotonic_time ();
            cpu_start = cpu_seconds ();
            results = iv_catalog_search_run (search, query, &total, &error);
            ms = (g_get_monotonic_time () - start) / 1e3;
            cpu_ms = (cpu_seconds () - cpu_start) * 1e3;
            g_assert_no_error (error);
            if (mode == 0 && round == 0 && f == 0)
              g_print ("# %-14s %6u matches\n", bench_queries[q].text, total);

            times = g_hash_table_lookup (by_kind, bench_queries[q].kind);
            if (times == NULL)
              {
                times = g_array_new (FALSE, FALSE, sizeof (double));
                g_hash_table_insert (by_kind, (gpointer) bench_queries[q].kind, times);
              }
            g_array_append_val (times, ms);
            g_array_append_val (all, ms);
            g_array_append_val (all_cpu, cpu_ms);
            times = g_hash_table_lookup (by_kind_cpu, bench_queries[q].kind);
            if (times == NULL)
              {
                times = g_array_new (FALSE, FALSE, sizeof (double));
                g_hash_table_insert (by_kind_cpu, (gpointer) bench_queries[q].kind, times);
              }
            g_array_append_val (times, cpu_ms);
            g_array_append_val (f == 0 ? unfiltered : filtered, ms);
          }

    g_print ("\nSearch over %u services, %s (%u rounds, 6 filter sets, page of %u):\n", n_services,
             mode == 0 ? "cold: no result cache" : "warm: result cache of 16 word sets", rounds, page_size);
    for (guint q = 0; q < G_N_ELEMENTS (bench_queries); q++)
      {
        GArray *times = g_hash_table_lookup (by_kind, bench_queries[q].kind);
        if (times != NULL)
          {
            print_figures (bench_queries[q].kind, times);
            g_hash_table_remove (by_kind, bench_queries[q].kind);
          }
      }
    print_figures ("without filters", unfiltered);
    print_figures ("with filters", filtered);
    print_figures ("all queries", all);
    g_print ("CPU time of the same queries:\n");
    for (guint q = 0; q < G_N_ELEMENTS (bench_queries); q++)
      {
        GArray *times = g_hash_table_lookup (by_kind_cpu, bench_queries[q].kind);
        if (times != NULL)
          {
            print_figures (bench_queries[q].kind, times);
            g_hash_table_remove (by_kind_cpu, bench_queries[q].kind);
          }
      }
    print_figures ("all queries", all_cpu);


    }

  /* Outbox enqueue, each one committed with fsync (synchronous=FULL) */
  {
    g_autofree char *user_dir = g_build_filename (dir, "user", NULL);
    g_autoptr(IvUserDb) user_db = iv_user_db_open (user_dir, &error);
    g_autoptr(IvOutbox) outbox = NULL;
    g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

    g_assert_no_error (error);
    outbox = iv_outbox_new (user_db, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < 200; i++)
      {
        g_autoptr(JsonNode) body = json_from_string ("{\"voucher_id\":\"v-1\",\"service_id\":\"svc-000001\","
                                                     "\"quoted_amount_fen\":1200000,\"note\":\"请尽快安排\"}", NULL);
        g_autoptr(IvOutboxItem) item = NULL;

        start = g_get_monotonic_time ();
        item = iv_outbox_enqueue (outbox, IV_OUTBOX_KIND_CREATE_ORDER, NULL, -1, body, NULL, NULL, 0, &error);
        g_array_append_vals (times, (double[]) { (g_get_monotonic_time () - start) / 1e3 }, 1);
        g_assert_no_error (error);
      }
    g_print ("\n");
    print_figures ("outbox enqueue (fsync'd)", times);
  }

  g_clear_object (&search);
  g_clear_object (&cache);
  if (keep_dir == NULL)
    remove_tree (dir);
  return 0;
}
