/* test-demo-catalog.c: the demo catalog generator is deterministic, valid and realistic */

#include "config.h"

#include <string.h>

#include "iv-validate.h"
#include "vs-demo-catalog.h"

/* The test keeps its own lists: what a person in Shanghai would recognise */
static const char * const district_names[] = {
  "黄浦区", "徐汇区", "长宁区", "静安区", "普陀区", "虹口区", "杨浦区", "闵行区",
  "宝山区", "嘉定区", "浦东新区", "金山区", "松江区", "青浦区", "奉贤区", "崇明区",
};
static const char * const institution_kinds[] = {
  "检测中心", "研究院", "分析测试中心", "重点实验室", "工程技术研究中心",
  "有限公司", "计量测试研究所", "质量检验所", "设计研究院",
};
static const char * const universities[] = {
  "复旦大学", "上海交通大学", "同济大学", "华东师范大学", "华东理工大学",
  "上海大学", "东华大学", "上海理工大学", "上海科技大学",
};
static const char * const categories[] = {
  "testing", "joint_rnd", "commissioned_dev", "rnd_design", "tech_solution", "instrument",
};
static const char * const units[] = { "样品", "机时", "项", "批次", "人天" };

typedef struct {
  GChecksum  *digest;            /* of every field, for determinism */
  GHashTable *institution_ids;   /* id → district */
  GHashTable *names;
  GHashTable *credit_codes;
  GHashTable *service_ids;
  GHashTable *districts_seen;
  GHashTable *categories_seen;
  GHashTable *titles;
  guint       n_institutions;
  guint       n_services;
  guint       n_accepting;
  guint       n_accredited;
  guint       n_negotiable;
  guint       n_universities;
  gboolean    check;             /* run the per-item checks */
} Collected;

static void
collected_init (Collected *c,
                gboolean   check)
{
  memset (c, 0, sizeof *c);
  c->check = check;
  c->digest = g_checksum_new (G_CHECKSUM_SHA256);
  c->institution_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  c->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c->credit_codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c->service_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c->districts_seen = g_hash_table_new (g_str_hash, g_str_equal);
  c->categories_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c->titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static void
collected_clear (Collected *c)
{
  g_checksum_free (c->digest);
  g_hash_table_unref (c->institution_ids);
  g_hash_table_unref (c->names);
  g_hash_table_unref (c->credit_codes);
  g_hash_table_unref (c->service_ids);
  g_hash_table_unref (c->districts_seen);
  g_hash_table_unref (c->categories_seen);
  g_hash_table_unref (c->titles);
}

static void
digest_str (GChecksum  *digest,
            const char *s)
{
  g_checksum_update (digest, (const guchar *) (s ? s : "(null)"), -1);
  g_checksum_update (digest, (const guchar *) "\x1f", 1);
}

static const char *
district_short (const char *district)
{
  static char buf[64];

  /* 浦东新区 → 浦东, 黄浦区 → 黄浦 */
  g_strlcpy (buf, district, sizeof buf);
  if (g_str_has_suffix (buf, "新区"))
    buf[strlen (buf) - strlen ("新区")] = '\0';
  else if (g_str_has_suffix (buf, "区"))
    buf[strlen (buf) - strlen ("区")] = '\0';
  return buf;
}

static gboolean
strv_contains_str (const char * const *strv,
                   gsize               n,
                   const char         *s)
{
  for (gsize i = 0; i < n; i++)
    if (g_strcmp0 (strv[i], s) == 0)
      return TRUE;
  return FALSE;
}

static void
institution_cb (const VsSeedInstitution *inst,
                gpointer                 user_data)
{
  Collected *c = user_data;
  g_autoptr(GError) error = NULL;
  gboolean has_kind = FALSE;
  gboolean university = FALSE;

  c->n_institutions++;
  digest_str (c->digest, inst->id);
  digest_str (c->digest, inst->name);
  digest_str (c->digest, inst->credit_code);
  digest_str (c->digest, inst->district);
  digest_str (c->digest, inst->address);
  digest_str (c->digest, inst->phone);
  for (guint i = 0; inst->accreditations[i] != NULL; i++)
    digest_str (c->digest, inst->accreditations[i]);
  digest_str (c->digest, inst->accepts_vouchers ? "yes" : "no");

  if (!c->check)
    return;

  g_assert_true (g_str_has_prefix (inst->id, "inst-"));
  g_assert_false (g_hash_table_contains (c->institution_ids, inst->id));
  g_hash_table_insert (c->institution_ids, g_strdup (inst->id), g_strdup (inst->district));

  /* Names: unique, a district (or a university on its campus) and a kind */
  g_assert_true (g_utf8_validate (inst->name, -1, NULL));
  g_assert_false (g_hash_table_contains (c->names, inst->name));
  g_hash_table_add (c->names, g_strdup (inst->name));
  for (gsize i = 0; i < G_N_ELEMENTS (institution_kinds); i++)
    has_kind |= g_str_has_suffix (inst->name, institution_kinds[i]);
  if (!has_kind)
    g_error ("institution name without a kind: %s", inst->name);
  for (gsize i = 0; i < G_N_ELEMENTS (universities); i++)
    university |= g_str_has_prefix (inst->name, universities[i]);
  if (university)
    c->n_universities++;
  else if (!g_str_has_prefix (inst->name, "上海") ||
           strstr (inst->name, district_short (inst->district)) == NULL)
    g_error ("institution name without its district %s: %s", inst->district, inst->name);

  g_assert_true (strv_contains_str (district_names, G_N_ELEMENTS (district_names), inst->district));
  g_hash_table_add (c->districts_seen, (gpointer) g_intern_string (inst->district));

  /* The address is in the institution's district and has a number */
  g_assert_true (g_str_has_prefix (inst->address, "上海市"));
  g_assert_nonnull (strstr (inst->address, inst->district));
  g_assert_nonnull (strstr (inst->address, "号"));

  if (!iv_validate_credit_code (inst->credit_code, &error))
    g_error ("%s: %s", inst->credit_code, error->message);
  g_assert_false (g_hash_table_contains (c->credit_codes, inst->credit_code));
  g_hash_table_add (c->credit_codes, g_strdup (inst->credit_code));

  g_assert_true (g_str_has_prefix (inst->phone, "021-"));
  g_assert_cmpuint (strlen (inst->phone), ==, strlen ("021-12345678"));
  if (!iv_validate_landline_phone (inst->phone, &error))
    g_error ("%s: %s", inst->phone, error->message);

  g_assert_nonnull (inst->accreditations);
  for (guint i = 0; inst->accreditations[i] != NULL; i++)
    {
      g_assert_cmpuint (i, <, 2);
      g_assert_true (g_str_equal (inst->accreditations[i], "CMA") ||
                     g_str_equal (inst->accreditations[i], "CNAS"));
      if (i == 1)
        g_assert_cmpstr (inst->accreditations[0], !=, inst->accreditations[1]);
    }
  if (inst->accreditations[0] != NULL)
    c->n_accredited++;
  if (inst->accepts_vouchers)
    c->n_accepting++;
}

static void
service_cb (const VsSeedService *svc,
            gpointer             user_data)
{
  Collected *c = user_data;
  char price[32];

  c->n_services++;
  g_snprintf (price, sizeof price, "%" G_GINT64_FORMAT, svc->price_fen);
  digest_str (c->digest, svc->id);
  digest_str (c->digest, svc->institution_id);
  digest_str (c->digest, svc->category);
  digest_str (c->digest, svc->title);
  digest_str (c->digest, svc->description);
  digest_str (c->digest, price);
  digest_str (c->digest, svc->price_note);
  digest_str (c->digest, svc->unit);

  if (!c->check)
    return;

  g_assert_true (g_str_has_prefix (svc->id, "svc-"));
  g_assert_false (g_hash_table_contains (c->service_ids, svc->id));
  g_hash_table_add (c->service_ids, g_strdup (svc->id));
  g_assert_true (g_hash_table_contains (c->institution_ids, svc->institution_id));

  g_assert_true (strv_contains_str (categories, G_N_ELEMENTS (categories), svc->category));
  g_hash_table_add (c->categories_seen, g_strdup (svc->category));
  g_assert_true (strv_contains_str (units, G_N_ELEMENTS (units), svc->unit));

  g_assert_true (g_utf8_validate (svc->title, -1, NULL));
  g_assert_cmpuint (g_utf8_strlen (svc->title, -1), >=, 4);
  g_assert_cmpuint (g_utf8_strlen (svc->title, -1), <=, 40);
  g_hash_table_add (c->titles, g_strdup (svc->title));
  g_assert_cmpuint (g_utf8_strlen (svc->description, -1), >=, 20);
  /* The description speaks of the service it describes (its title
   * without a qualifier such as （场发射）) */
  {
    g_autofree char *base = g_strdup (svc->title);
    char *paren = strstr (base, "（");

    if (paren != NULL)
      *paren = '\0';
    g_assert_nonnull (strstr (svc->description, base));
  }

  if (svc->price_fen == -1)
    {
      g_assert_cmpstr (svc->price_note, ==, "面议");
      c->n_negotiable++;
    }
  else
    {
      /* Whole yuan, within what such a service costs */
      g_assert_cmpint (svc->price_fen, >=, 100 * 100);
      g_assert_cmpint (svc->price_fen, <=, 2000000 * 100);
      g_assert_cmpint (svc->price_fen % 1000, ==, 0);
      g_assert_null (svc->price_note);
    }

  /* Category-typical units and prices */
  if (g_str_equal (svc->category, "instrument"))
    g_assert_true (g_str_equal (svc->unit, "机时") || g_str_equal (svc->unit, "样品"));
  if (g_str_equal (svc->unit, "机时") && svc->price_fen > 0)
    g_assert_cmpint (svc->price_fen, <=, 5000 * 100);
}

static void
test_demo_scale (void)
{
  Collected c;

  collected_init (&c, TRUE);
  vs_demo_catalog_generate (380, 5000, 2026, institution_cb, service_cb, &c);

  g_assert_cmpuint (c.n_institutions, ==, 380);
  g_assert_cmpuint (c.n_services, ==, 5000);
  g_assert_cmpuint (g_hash_table_size (c.districts_seen), ==, 16);
  g_assert_cmpuint (g_hash_table_size (c.categories_seen), ==, G_N_ELEMENTS (categories));
  /* Titles vary: far more than one per category */
  g_assert_cmpuint (g_hash_table_size (c.titles), >=, 300);
  /* About 95% accept vouchers; most are accredited; a few university labs */
  g_assert_cmpuint (c.n_accepting, >=, 380 * 90 / 100);
  g_assert_cmpuint (c.n_accepting, <, 380);
  g_assert_cmpuint (c.n_accredited, >=, 380 / 3);
  g_assert_cmpuint (c.n_accredited, <, 380);
  g_assert_cmpuint (c.n_universities, >=, 10);
  /* About 15% 面议 */
  g_assert_cmpuint (c.n_negotiable, >=, 5000 * 8 / 100);
  g_assert_cmpuint (c.n_negotiable, <=, 5000 * 25 / 100);
  g_test_message ("%u accept vouchers, %u accredited, %u negotiable, %u distinct titles",
                  c.n_accepting, c.n_accredited, c.n_negotiable, g_hash_table_size (c.titles));
  collected_clear (&c);
}

static char *
digest_of (guint   n_institutions,
           guint   n_services,
           guint32 seed)
{
  Collected c;
  char *digest;

  collected_init (&c, FALSE);
  vs_demo_catalog_generate (n_institutions, n_services, seed, institution_cb, service_cb, &c);
  digest = g_strdup (g_checksum_get_string (c.digest));
  collected_clear (&c);
  return digest;
}

static void
test_deterministic (void)
{
  g_autofree char *a = digest_of (380, 5000, 2026);
  g_autofree char *b = digest_of (380, 5000, 2026);
  g_autofree char *other = digest_of (380, 5000, 7);

  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, !=, other);
}

typedef struct {
  GPtrArray *titles;
  guint      limit;
  guint      n;
} Prefix;

static void
prefix_cb (const VsSeedService *svc,
           gpointer             user_data)
{
  Prefix *p = user_data;

  if (p->n++ < p->limit)
    g_ptr_array_add (p->titles, g_strdup_printf ("%s|%s|%s|%" G_GINT64_FORMAT,
                                                 svc->id, svc->institution_id, svc->title, svc->price_fen));
}

static void
test_large (void)
{
  Prefix small = { g_ptr_array_new_with_free_func (g_free), 200, 0 };
  Prefix large = { g_ptr_array_new_with_free_func (g_free), 200, 0 };
  gint64 start;
  gint64 elapsed;

  vs_demo_catalog_generate (380, 5000, 2026, NULL, prefix_cb, &small);
  start = g_get_monotonic_time ();
  vs_demo_catalog_generate (380, 100000, 2026, NULL, prefix_cb, &large);
  elapsed = g_get_monotonic_time () - start;

  g_assert_cmpuint (large.n, ==, 100000);
  /* A bigger catalog starts with the same services: item i never depends on N */
  for (guint i = 0; i < small.titles->len; i++)
    g_assert_cmpstr (small.titles->pdata[i], ==, large.titles->pdata[i]);
  g_test_message ("generated 100,000 services in %.3f s", elapsed / 1e6);

  g_ptr_array_unref (small.titles);
  g_ptr_array_unref (large.titles);
}

static void
test_many_institutions (void)
{
  Collected c;

  /* The benchmark scale: names, ids and credit codes stay unique */
  collected_init (&c, TRUE);
  vs_demo_catalog_generate (8000, 2000, 99, institution_cb, service_cb, &c);
  g_assert_cmpuint (g_hash_table_size (c.names), ==, 8000);
  g_assert_cmpuint (g_hash_table_size (c.credit_codes), ==, 8000);
  collected_clear (&c);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo-catalog/demo-scale", test_demo_scale);
  g_test_add_func ("/demo-catalog/deterministic", test_deterministic);
  g_test_add_func ("/demo-catalog/large", test_large);
  g_test_add_func ("/demo-catalog/many-institutions", test_many_institutions);

  return g_test_run ();
}
