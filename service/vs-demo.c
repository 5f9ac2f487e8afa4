/* vs-demo.c: the demo data set and the timer that moves demo objects along */

#include "config.h"

#include <string.h>

#include "vs-demo-catalog.h"
#include "vs-demo.h"

#define DEFAULT_STEP_SECONDS 15

/* ---- the catalog -------------------------------------------------------- */

typedef struct {
  VsStore   *store;
  gboolean   add;                 /* FALSE: the catalog is there already */
  GArray    *accepting;           /* gboolean per institution */
  /* Services the demo orders book: priced, at institutions taking vouchers */
  char      *testing[2];
  char      *instrument;
} Seeding;

static void
seed_institution_cb (const VsSeedInstitution *institution,
                     gpointer                 user_data)
{
  Seeding *s = user_data;
  gboolean accepts = institution->accepts_vouchers;

  g_array_append_val (s->accepting, accepts);
  if (s->add)
    vs_store_bulk_add_institution (s->store, institution);
}

static void
seed_service_cb (const VsSeedService *service,
                 gpointer             user_data)
{
  Seeding *s = user_data;
  guint index = (guint) g_ascii_strtoull (service->institution_id + strlen ("inst-"), NULL, 10) - 1;

  if (s->add)
    vs_store_bulk_add_service (s->store, service);

  if (index >= s->accepting->len || !g_array_index (s->accepting, gboolean, index) ||
      service->price_fen <= 0)
    return;
  /* The services the orders' notes describe */
  if (s->testing[0] == NULL && g_str_has_prefix (service->title, "材料成分分析"))
    s->testing[0] = g_strdup (service->id);
  else if (s->testing[1] == NULL && g_str_has_prefix (service->title, "环境可靠性试验"))
    s->testing[1] = g_strdup (service->id);
  else if (s->instrument == NULL && g_str_has_prefix (service->title, "扫描电镜机时"))
    s->instrument = g_strdup (service->id);
}

/* ---- building objects through the store's own rules --------------------- */

static JsonObject *
object_from_json (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert (node != NULL && JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static char *
take_id (JsonNode *node)
{
  char *id;

  if (node == NULL)
    return NULL;
  id = g_strdup (json_object_get_string_member (json_node_get_object (node), "id"));
  json_node_unref (node);
  return id;
}

static char *
date_days_from_today (int days)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) then = NULL;

  /* The service's clock is Shanghai's; without tzdata, +08:00 is the same */
  if (tz == NULL)
    tz = g_time_zone_new_offset (8 * 3600);
  now = g_date_time_new_now (tz);
  then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

static char *
create_application (VsStore     *store,
                    const char  *account_id,
                    gint64       amount_fen,
                    const char  *purpose,
                    const char  *categories_json,
                    GError     **error)
{
  IvPolicy *policy = vs_store_get_policy (store);
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) purpose_node = json_node_init_string (json_node_alloc (), purpose);
  g_autofree char *purpose_json = json_to_string (purpose_node, FALSE);

  json = g_strdup_printf ("{\"year\": %d, \"amount_fen\": %" G_GINT64_FORMAT ", \"purpose\": %s, "
                          "\"planned_categories\": %s, \"contact_name\": \"张伟\", "
                          "\"contact_phone\": \"13916275048\"}",
                          iv_policy_get_year (policy), amount_fen, purpose_json, categories_json);
  body = object_from_json (json);
  return take_id (vs_store_create_application (store, account_id, body, error));
}

static char *
create_order (VsStore     *store,
              const char  *account_id,
              const char  *voucher_id,
              const char  *service_id,
              gint64       quoted_fen,
              const char  *note,
              GError     **error)
{
  g_autoptr(JsonObject) body = json_object_new ();

  json_object_set_string_member (body, "voucher_id", voucher_id);
  json_object_set_string_member (body, "service_id", service_id);
  json_object_set_int_member (body, "quoted_amount_fen", quoted_fen);
  json_object_set_string_member (body, "note", note);
  return take_id (vs_store_create_order (store, account_id, body, error));
}

/* A small but well-formed PDF: the store checks the magic */
static GBytes *
demo_pdf (const char *title)
{
  g_autofree char *text = g_strdup_printf (
    "%%PDF-1.4\n"
    "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
    "4 0 obj << /Title (%s) >> endobj\n"
    "trailer << /Root 1 0 R /Info 4 0 R >>\n"
    "%%%%EOF\n", title);
  gsize len = strlen (text);

  return g_bytes_new_take (g_steal_pointer (&text), len);
}

static char *
create_attachment (VsStore     *store,
                   const char  *account_id,
                   const char  *filename,
                   GError     **error)
{
  g_autoptr(GBytes) bytes = demo_pdf ("demo");

  return take_id (vs_store_create_attachment (store, account_id, filename, "application/pdf", bytes, error));
}

static char *
create_claim (VsStore     *store,
              const char  *account_id,
              const char  *order_id,
              const char  *contract_no,
              gint64       amount_fen,
              const char  *invoice_number,
              const char  *seller,
              GError     **error)
{
  static const struct {
    const char *kind;
    const char *filename;
  } documents[] = {
    { "contract", "技术服务合同.pdf" },
    { "invoice", "增值税电子普通发票.pdf" },
    { "payment_proof", "银行付款回单.pdf" },
    { "service_report", "检测报告.pdf" },
  };
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) invoice = json_object_new ();
  g_autoptr(JsonObject) docs = json_object_new ();
  g_autofree char *paid_on = date_days_from_today (-12);
  g_autofree char *invoice_date = date_days_from_today (-14);

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autofree char *id = create_attachment (store, account_id, documents[i].filename, error);
      JsonArray *list;

      if (id == NULL)
        return NULL;
      list = json_array_new ();
      json_array_add_string_element (list, id);
      json_object_set_array_member (docs, documents[i].kind, list);
    }

  json_object_set_null_member (invoice, "code");
  json_object_set_string_member (invoice, "number", invoice_number);
  json_object_set_string_member (invoice, "date", invoice_date);
  json_object_set_int_member (invoice, "amount_fen", amount_fen);
  json_object_set_string_member (invoice, "seller_name", seller);

  json_object_set_string_member (body, "order_id", order_id);
  json_object_set_string_member (body, "contract_no", contract_no);
  json_object_set_int_member (body, "contract_amount_fen", amount_fen);
  json_object_set_object_member (body, "invoice", json_object_ref (invoice));
  json_object_set_string_member (body, "paid_on", paid_on);
  json_object_set_object_member (body, "documents", json_object_ref (docs));
  return take_id (vs_store_create_claim (store, account_id, body, error));
}

/* An order the institution accepted, the centre confirmed and the
 * institution completed: ready to claim */
static char *
completed_order (VsStore     *store,
                 const char  *account_id,
                 const char  *voucher_id,
                 const char  *service_id,
                 gint64       quoted_fen,
                 const char  *note,
                 GError     **error)
{
  g_autofree char *id = create_order (store, account_id, voucher_id, service_id, quoted_fen, note, error);

  if (id == NULL ||
      !vs_store_move_order (store, id, "accepted", NULL, NULL, error) ||
      !vs_store_move_order (store, id, "confirmed", NULL, NULL, error) ||
      !vs_store_move_order (store, id, "completed", NULL, "服务已完成，报告已出具", error))
    return NULL;
  return g_steal_pointer (&id);
}

static char *
institution_name_of (VsStore    *store,
                     const char *account_id,
                     const char *order_id)
{
  g_autoptr(JsonNode) order = vs_store_get (store, account_id, VS_KIND_ORDER, order_id, NULL);
  const char *institution_id;
  g_autoptr(JsonNode) page = NULL;

  if (order == NULL)
    return g_strdup ("上海检测技术服务有限公司");
  institution_id = json_object_get_string_member (json_node_get_object (order), "institution_id");
  /* The seeded ids are inst-000001…: the name is the generator's */
  page = vs_store_list_catalog (store, VS_CATALOG_INSTITUTIONS, -1, NULL, 500, NULL);
  if (page != NULL)
    {
      JsonArray *items = json_object_get_array_member (json_node_get_object (page), "items");

      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *inst = json_array_get_object_element (items, i);

          if (g_strcmp0 (json_object_get_string_member (inst, "id"), institution_id) == 0)
            return g_strdup (json_object_get_string_member (inst, "name"));
        }
    }
  return g_strdup ("上海检测技术服务有限公司");
}

static gboolean
seed_enterprise (VsStore  *store,
                 Seeding  *s,
                 GError  **error)
{
  VsAccountSpec spec = {
    .login = VS_DEMO_ENTERPRISE,
    .kind = "enterprise",
    .name = "上海示范科技有限公司",
    .district = "浦东新区",
    .contact_name = "张伟",
    .contact_phone = "13916275048",
    .password = VS_DEMO_PASSWORD,
  };
  g_autofree char *account = NULL;
  g_autofree char *quota = NULL;
  g_autofree char *pending = NULL;
  g_autofree char *voucher = NULL;
  g_autofree char *order_ready = NULL;
  g_autofree char *order_reviewed = NULL;
  g_autofree char *order_returned = NULL;
  g_autofree char *claim_reviewed = NULL;
  g_autofree char *claim_returned = NULL;
  g_autofree char *seller = NULL;

  account = vs_store_create_account (store, &spec, error);
  if (account == NULL)
    return FALSE;

  /* Both applications are made first: once the quota is granted, the cap
   * leaves no room for another (the timer will have the city reject it). */
  quota = create_application (store, account, 30000000,
                              "开展新型复合材料研发，需委托第三方进行材料成分分析、力学性能测试，并使用扫描电镜等大型仪器。",
                              "[\"testing\", \"instrument\"]", error);
  if (quota == NULL)
    return FALSE;
  pending = create_application (store, account, 5000000,
                                "新产品外观与结构设计，委托专业设计机构完成。",
                                "[\"rnd_design\"]", error);
  if (pending == NULL)
    return FALSE;

  if (!vs_store_move_application (store, quota, "district_review", NULL, NULL, error) ||
      !vs_store_move_application (store, quota, "city_review", NULL, "区级初审通过", error) ||
      !vs_store_move_application (store, quota, "approved", NULL, "同意，按申请额度核定", error) ||
      !vs_store_move_application (store, pending, "district_review", NULL, NULL, error))
    return FALSE;

  voucher = vs_store_get_application_voucher (store, quota);
  if (voucher == NULL)
    return vs_error_fail (error, 500, "internal_error", NULL, "演示数据：未发放创新券");

  /* Three completed orders (their amounts stay reserved on the voucher
   * until claims are paid): one to claim, one claimed and in review, one
   * claimed and returned */
  order_ready = completed_order (store, account, voucher, s->testing[0], 3860000,
                                 "复合材料样品 12 件，成分分析与拉伸性能测试", error);
  if (order_ready == NULL)
    return FALSE;
  order_reviewed = completed_order (store, account, voucher, s->instrument, 5200000,
                                    "扫描电镜机时 40 小时（含制样）", error);
  if (order_reviewed == NULL)
    return FALSE;
  order_returned = completed_order (store, account, voucher, s->testing[1], 2450000,
                                    "环境可靠性试验一批次", error);
  if (order_returned == NULL)
    return FALSE;

  seller = institution_name_of (store, account, order_reviewed);
  claim_reviewed = create_claim (store, account, order_reviewed, "SFKJ-2026-0318", 5200000,
                                 "26312000000041735218", seller, error);
  if (claim_reviewed == NULL ||
      !vs_store_move_claim (store, claim_reviewed, "district_review", NULL, -1, NULL, error))
    return FALSE;

  g_free (seller);
  seller = institution_name_of (store, account, order_returned);
  claim_returned = create_claim (store, account, order_returned, "SFKJ-2026-0402", 2450000,
                                 "26312000000052846309", seller, error);
  if (claim_returned == NULL ||
      !vs_store_move_claim (store, claim_returned, "district_review", NULL, -1, NULL, error) ||
      !vs_store_move_claim (store, claim_returned, "returned", NULL, -1,
                            "服务报告缺少检测机构盖章，请补充上传盖章版服务报告后重新提交。", error))
    return FALSE;

  return TRUE;
}

static gboolean
seed_team (VsStore  *store,
           GError  **error)
{
  VsAccountSpec spec = {
    .login = VS_DEMO_TEAM,
    .kind = "team",
    .name = "示范创业团队",
    .district = "杨浦区",
    .contact_name = "李娜",
    .contact_phone = "13761820394",
    .password = VS_DEMO_PASSWORD,
  };
  g_autofree char *account = vs_store_create_account (store, &spec, error);

  return account != NULL;
}

gboolean
vs_demo_seed (VsStore  *store,
              GError  **error)
{
  g_autofree char *existing = NULL;
  Seeding s = { 0 };
  gboolean ok;

  g_return_val_if_fail (VS_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  existing = vs_store_find_account (store, VS_DEMO_ENTERPRISE);
  if (existing != NULL)
    return TRUE;

  s.store = store;
  /* A catalog made by --seed-services stays as it is */
  s.add = vs_store_count_services (store) == 0;
  s.accepting = g_array_new (FALSE, FALSE, sizeof (gboolean));

  if (s.add && !vs_store_bulk_begin (store, error))
    {
      g_array_unref (s.accepting);
      return FALSE;
    }
  vs_demo_catalog_generate (VS_DEMO_INSTITUTIONS, VS_DEMO_SERVICES, VS_DEMO_SEED,
                            seed_institution_cb, seed_service_cb, &s);
  ok = !s.add || vs_store_bulk_end (store, error);

  if (ok && (s.testing[0] == NULL || s.testing[1] == NULL || s.instrument == NULL))
    {
      vs_error_set (error, 500, "internal_error", NULL, "演示数据：目录中缺少可预约的服务");
      ok = FALSE;
    }

  ok = ok && seed_enterprise (store, &s, error) && seed_team (store, error);

  g_array_unref (s.accepting);
  for (guint i = 0; i < G_N_ELEMENTS (s.testing); i++)
    g_free (s.testing[i]);
  g_free (s.instrument);
  return ok;
}

/* ---- the timer ---------------------------------------------------------- */

/* An application the year's cap has no room for is rejected at city review,
 * as a real reviewer would */
static gboolean
exceeds_cap (VsStore    *store,
             const char *application_id)
{
  g_autofree char *owner = vs_store_get_owner (store, VS_KIND_APPLICATION, application_id);
  g_autoptr(JsonNode) application = NULL;
  g_autoptr(JsonNode) account = NULL;
  JsonObject *a, *acc;

  if (owner == NULL)
    return FALSE;
  application = vs_store_get (store, owner, VS_KIND_APPLICATION, application_id, NULL);
  account = vs_store_get_account (store, owner, NULL);
  if (application == NULL || account == NULL)
    return FALSE;
  a = json_node_get_object (application);
  acc = json_node_get_object (account);
  return json_object_get_int_member (a, "amount_fen") >
         json_object_get_int_member (acc, "year_cap_fen") - json_object_get_int_member (acc, "year_granted_fen");
}

/* Statuses that wait for someone other than the user, per kind */
static const char * const application_waiting[] = { "submitted", "district_review", "city_review", NULL };
static const char * const order_waiting[] = { "placed", "accepted", "confirmed", NULL };
static const char * const claim_waiting[] = { "submitted", "district_review", "city_review", "publicized", "approved", NULL };

static const char *
step_note (VsObjectKind  kind,
           const char   *to_status)
{
  if (kind == VS_KIND_APPLICATION && g_str_equal (to_status, "city_review"))
    return "区级初审通过";
  if (kind == VS_KIND_APPLICATION && g_str_equal (to_status, "approved"))
    return "同意，按申请额度核定";
  if (kind == VS_KIND_CLAIM && g_str_equal (to_status, "publicized"))
    return "拟予兑付，公示期 5 个工作日";
  if (kind == VS_KIND_CLAIM && g_str_equal (to_status, "approved"))
    return "公示无异议，核定补贴金额";
  if (kind == VS_KIND_CLAIM && g_str_equal (to_status, "paid"))
    return "补贴已拨付至企业账户";
  if (kind == VS_KIND_ORDER && g_str_equal (to_status, "completed"))
    return "服务已完成，报告已出具";
  return NULL;
}

static guint
step_kind (VsStore              *store,
           VsObjectKind          kind,
           const char * const   *waiting)
{
  guint moved = 0;

  /* Statuses from the last to the first, so that one tick moves each
   * object once */
  for (gint w = (gint) g_strv_length ((GStrv) waiting) - 1; w >= 0; w--)
    {
      g_auto(GStrv) ids = vs_store_find_by_status (store, kind, waiting[w]);

      for (guint i = 0; ids[i] != NULL; i++)
        {
          g_autoptr(GError) error = NULL;
          const char *next = vs_store_next_status (kind, waiting[w]);
          gboolean ok;

          if (next == NULL)
            continue;
          switch (kind)
            {
            case VS_KIND_APPLICATION:
              if (g_str_equal (next, "approved") && exceeds_cap (store, ids[i]))
                ok = vs_store_move_application (store, ids[i], "rejected", NULL,
                                                "本年度创新券额度已用完，不予核定", &error);
              else
                ok = vs_store_move_application (store, ids[i], next, NULL, step_note (kind, next), &error);
              break;
            case VS_KIND_ORDER:
              ok = vs_store_move_order (store, ids[i], next, NULL, step_note (kind, next), &error);
              break;
            case VS_KIND_CLAIM:
              ok = vs_store_move_claim (store, ids[i], next, NULL, -1, step_note (kind, next), &error);
              break;
            case VS_KIND_VOUCHER:
            default:
              g_assert_not_reached ();
            }
          if (ok)
            moved++;
          else
            g_message ("demo: %s stays %s: %s", ids[i], waiting[w], error->message);
        }
    }
  return moved;
}

guint
vs_demo_step (VsStore *store)
{
  guint moved = 0;

  g_return_val_if_fail (VS_IS_STORE (store), 0);

  moved += step_kind (store, VS_KIND_APPLICATION, application_waiting);
  moved += step_kind (store, VS_KIND_ORDER, order_waiting);
  moved += step_kind (store, VS_KIND_CLAIM, claim_waiting);
  return moved;
}

static gboolean
demo_tick_cb (gpointer data)
{
  GWeakRef *ref = data;
  g_autoptr(VsStore) store = g_weak_ref_get (ref);

  if (store == NULL)
    return G_SOURCE_REMOVE;
  vs_demo_step (store);
  return G_SOURCE_CONTINUE;
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

void
vs_demo_timer_start (VsStore *store)
{
  const char *env = g_getenv ("VS_DEMO_STEP_SECONDS");
  guint seconds = DEFAULT_STEP_SECONDS;
  GWeakRef *ref;

  g_return_if_fail (VS_IS_STORE (store));

  if (env != NULL)
    {
      guint64 value;

      if (g_ascii_string_to_unsigned (env, 10, 1, 3600, &value, NULL))
        seconds = (guint) value;
      else
        g_warning ("VS_DEMO_STEP_SECONDS=%s is not 1–3600; using %u", env, seconds);
    }

  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, store);
  g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, seconds, demo_tick_cb, ref, weak_ref_free);
}
