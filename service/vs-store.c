/* vs-store.c: the reference service's storage and business rules (SQLite) */
#include "config.h"

#include <sodium.h>
#include <sqlite3.h>
#include <string.h>

#include "iv-money.h"
#include "iv-validate.h"
#include "vs-store.h"

#define SCHEMA_VERSION 1
#define ATTEMPT_WINDOW_S (15 * 60)
#define MAX_FAILED_ATTEMPTS 5
#define IDEMPOTENCY_TTL_S (7 * 24 * 3600)
#define REFRESH_TTL_S (30 * 24 * 3600)
#define MAX_ATTACHMENT_BYTES (20 * 1024 * 1024)

/* Argon2id cost: libsodium's interactive ops limit with 16 MiB of memory
 * (about 15 ms a hash), so that test suites signing in often stay fast. */
#define PWHASH_OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#define PWHASH_MEMLIMIT (16 * 1024 * 1024)

/* The policy the service serves and decides with (api.md's example). */
static const char policy_json[] =
  "{\"version\": \"2026.1\", \"year\": 2026,"
  " \"caps_fen\": {\"enterprise\": 30000000, \"team\": 10000000},"
  " \"tiers\": [{\"up_to_fen\": 5000000, \"ratio_bp\": 8000}, {\"up_to_fen\": null, \"ratio_bp\": 5000}],"
  " \"claim_documents\": [\"contract\", \"invoice\", \"payment_proof\", \"service_report\"],"
  " \"redeem_modes\": [\"enterprise\", \"institution\"], \"payout\": \"quarterly\"}";

static const struct { const char *code, *name; } categories[] = {
  { "testing", "测试检测" },
  { "joint_rnd", "合作研发" },
  { "commissioned_dev", "委托开发" },
  { "rnd_design", "研发设计" },
  { "tech_solution", "技术解决方案" },
  { "instrument", "大型科学仪器设施共享" },
};

static const char * const document_kinds[] = {
  "contract", "invoice", "payment_proof", "service_report",
};

typedef struct {
  char   *account_id;
  gint64  seq;
} PendingEvent;

struct _VsStore
{
  GObject     parent_instance;

  sqlite3    *db;
  GHashTable *statements;   /* sql (static string) → sqlite3_stmt* */
  IvPolicy   *policy;
  JsonNode   *policy_node;
  GArray     *pending_events;
  guint       tx_depth;
  gint64      bulk_revision;
  char       *bulk_now;
};

G_DEFINE_FINAL_TYPE (VsStore, vs_store, G_TYPE_OBJECT)

enum {
  SIGNAL_EVENT_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- SQL helpers ------------------------------------------------------- */

static void
statement_free (gpointer data)
{
  sqlite3_finalize (data);
}

/* A cached prepared statement, reset and bound.  types: one char per
 * argument: 's' string (NULL binds NULL), 'i' gint64, 'b' GBytes*. */
static sqlite3_stmt *
q (VsStore    *self,
   const char *sql,
   const char *types,
   ...)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  va_list ap;
  int i = 1;

  if (stmt == NULL)
    {
      if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
        g_error ("SQL prepare failed: %s\n%s", sqlite3_errmsg (self->db), sql);
      g_hash_table_insert (self->statements, (gpointer) sql, stmt);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  va_start (ap, types);
  for (const char *t = types; *t != '\0'; t++, i++)
    {
      switch (*t)
        {
        case 's':
          {
            const char *s = va_arg (ap, const char *);
            if (s == NULL)
              sqlite3_bind_null (stmt, i);
            else
              sqlite3_bind_text (stmt, i, s, -1, SQLITE_TRANSIENT);
          }
          break;
        case 'i':
          sqlite3_bind_int64 (stmt, i, va_arg (ap, gint64));
          break;
        case 'b':
          {
            GBytes *b = va_arg (ap, GBytes *);
            gsize len = 0;
            gconstpointer data = g_bytes_get_data (b, &len);
            sqlite3_bind_blob64 (stmt, i, data != NULL ? data : "", len, SQLITE_STATIC);
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }
  va_end (ap);
  return stmt;
}

/* Runs a statement that returns no rows; aborts on SQL errors that can only
 * be programming errors, reports constraint failures. */
static gboolean
run (sqlite3_stmt *stmt)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      g_message ("SQL step failed: %s", sqlite3_errmsg (sqlite3_db_handle (stmt)));
      return FALSE;
    }
  return TRUE;
}

static gboolean
row (sqlite3_stmt *stmt)
{
  return sqlite3_step (stmt) == SQLITE_ROW;
}

static const char *
col_s (sqlite3_stmt *stmt,
       int           i)
{
  return (const char *) sqlite3_column_text (stmt, i);
}

static gint64
col_i (sqlite3_stmt *stmt,
       int           i)
{
  return sqlite3_column_int64 (stmt, i);
}

static gboolean
col_null (sqlite3_stmt *stmt,
          int           i)
{
  return sqlite3_column_type (stmt, i) == SQLITE_NULL;
}

/* Single value queries */
static gint64
scalar_i (sqlite3_stmt *stmt,
          gint64        fallback)
{
  gint64 v = fallback;

  if (row (stmt) && !col_null (stmt, 0))
    v = col_i (stmt, 0);
  sqlite3_reset (stmt);
  return v;
}

static char *
scalar_s (sqlite3_stmt *stmt)
{
  char *v = NULL;

  if (row (stmt))
    v = g_strdup (col_s (stmt, 0));
  sqlite3_reset (stmt);
  return v;
}

/* Columns first.. of the current row as members of the object being built:
 * one type character and one member name per column, 's' string,
 * 'S' string or null, 'i' integer, 'I' integer or null, 'j' JSON text
 * (null when it does not parse). */
static void
add_columns (JsonBuilder  *b,
             sqlite3_stmt *stmt,
             int           first,
             const char   *types,
             ...)
{
  va_list ap;
  int i = first;

  va_start (ap, types);
  for (const char *t = types; *t != '\0'; t++, i++)
    {
      const char *member = va_arg (ap, const char *);

      if (*t == 'j')
        {
          g_autoptr(JsonNode) node = json_from_string (col_s (stmt, i), NULL);

          json_builder_set_member_name (b, member);
          json_builder_add_value (b, node != NULL ? g_steal_pointer (&node) : json_node_new (JSON_NODE_NULL));
          continue;
        }
      json_builder_set_member_name (b, member);
      if ((*t == 'S' || *t == 'I') && col_null (stmt, i))
        json_builder_add_null_value (b);
      else if (*t == 's' || *t == 'S')
        json_builder_add_string_value (b, col_s (stmt, i));
      else
        json_builder_add_int_value (b, col_i (stmt, i));
    }
  va_end (ap);
}

/* The statements that differ between the account's object kinds only by
 * their table.  q() caches statements by the address of their text, so each
 * is one static string. */
typedef struct {
  const char *owner;        /* account_id of id */
  const char *status;       /* status of id */
  const char *page;         /* n, id of the account's objects below n, newest first */
  const char *by_status;    /* ids with a status, oldest first */
  const char *set_status;   /* new status and version of id; NULL: not moved by set_status */
  const char *event;        /* the event type a status change sends */
} KindSql;

#define KIND_SQL(table, event_type, settable) { \
    "SELECT account_id FROM " table " WHERE id = ?", \
    "SELECT status FROM " table " WHERE id = ?", \
    "SELECT n, id FROM " table " WHERE account_id = ? AND n < ? ORDER BY n DESC LIMIT ?", \
    "SELECT id FROM " table " WHERE status = ? ORDER BY n", \
    settable ? "UPDATE " table " SET status = ?, version = version + 1 WHERE id = ?" : NULL, \
    event_type, \
  }

static const KindSql kind_sql[] = {
  [VS_KIND_APPLICATION] = KIND_SQL ("applications", "application.status", TRUE),
  [VS_KIND_VOUCHER] = KIND_SQL ("vouchers", "voucher.updated", FALSE),
  [VS_KIND_ORDER] = KIND_SQL ("orders", "order.status", TRUE),
  [VS_KIND_CLAIM] = KIND_SQL ("claims", "claim.status", TRUE),
};

#undef KIND_SQL

static const KindSql *
sql_for (VsObjectKind kind)
{
  g_assert ((guint) kind < G_N_ELEMENTS (kind_sql));
  return &kind_sql[kind];
}

static gboolean
exec (VsStore    *self,
      const char *sql,
      GError    **error)
{
  char *errmsg = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &errmsg) != SQLITE_OK)
    {
      vs_error_set (error, 500, "internal_error", NULL, errmsg != NULL ? errmsg : "SQL error");
      sqlite3_free (errmsg);
      return FALSE;
    }
  return TRUE;
}

static void
tx_begin (VsStore *self)
{
  if (self->tx_depth++ == 0)
    exec (self, "BEGIN IMMEDIATE", NULL);
}

static void
emit_pending_events (VsStore *self)
{
  g_autoptr(GArray) events = self->pending_events;

  self->pending_events = g_array_new (FALSE, FALSE, sizeof (PendingEvent));
  for (guint i = 0; i < events->len; i++)
    {
      PendingEvent *e = &g_array_index (events, PendingEvent, i);

      g_signal_emit (self, signals[SIGNAL_EVENT_ADDED], 0, e->account_id, e->seq);
      g_free (e->account_id);
    }
}

/* Ends a transaction: commit when ok, else roll back.  Returns ok. */
static gboolean
tx_end (VsStore  *self,
        gboolean  ok)
{
  g_assert (self->tx_depth > 0);
  if (--self->tx_depth > 0)
    return ok;

  if (ok && !exec (self, "COMMIT", NULL))
    ok = FALSE;
  if (!ok)
    {
      exec (self, "ROLLBACK", NULL);
      for (guint i = 0; i < self->pending_events->len; i++)
        g_free (g_array_index (self->pending_events, PendingEvent, i).account_id);
      g_array_set_size (self->pending_events, 0);
      return FALSE;
    }
  emit_pending_events (self);
  return TRUE;
}

void
vs_store_begin (VsStore *self)
{
  g_return_if_fail (VS_IS_STORE (self));

  tx_begin (self);
}

gboolean
vs_store_end (VsStore  *self,
              gboolean  ok)
{
  g_return_val_if_fail (VS_IS_STORE (self), FALSE);

  return tx_end (self, ok);
}

/* ---- small helpers ----------------------------------------------------- */

/* The service's clock is Shanghai's (UTC+8, no daylight saving) */
static GDateTime *
shanghai_now (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (8 * 3600);

  return g_date_time_new_now (tz);
}

char *
vs_store_now_string (void)
{
  g_autoptr(GDateTime) now = shanghai_now ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S+08:00");
}

/* Tests move the service's calendar (not its clock) with
 * VS_CLOCK_OFFSET_DAYS to reach use-by and redeem-by dates. */
static gint clock_offset_days;

/* "YYYY-MM-DD" today + days, in Shanghai */
static char *
date_string (gint days_from_today)
{
  g_autoptr(GDateTime) now = shanghai_now ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days_from_today + clock_offset_days);

  return g_date_time_format (then, "%Y-%m-%d");
}

static gint64
now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static char *
sha256_hex (const void *data,
            gsize       len)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
}

/* "app-" + 12 random hex digits: not guessable from another account's ids */
static char *
new_id (const char *prefix)
{
  guint8 buf[6];
  GString *s = g_string_new (prefix);

  randombytes_buf (buf, sizeof buf);
  for (guint i = 0; i < sizeof buf; i++)
    g_string_append_printf (s, "%02x", buf[i]);
  return g_string_free (s, FALSE);
}

static char *
random_token (void)
{
  guint8 buf[32];
  char out[sodium_base64_ENCODED_LEN (32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  randombytes_buf (buf, sizeof buf);
  sodium_bin2base64 (out, sizeof out, buf, sizeof buf, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return g_strdup (out);
}

static gint64
next_counter (VsStore    *self,
              const char *name)
{
  gint64 v;

  run (q (self, "INSERT INTO counters (name, value) VALUES (?, 1) "
                "ON CONFLICT (name) DO UPDATE SET value = value + 1", "s", name));
  v = scalar_i (q (self, "SELECT value FROM counters WHERE name = ?", "s", name), 1);
  return v;
}

static gboolean
is_category (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    if (g_strcmp0 (categories[i].code, code) == 0)
      return TRUE;
  return FALSE;
}

static void
not_found (GError    **error,
           const char *field)
{
  vs_error_set (error, 404, "not_found", field, "对象不存在");
}

static void
invalid_state (GError    **error,
               const char *message)
{
  vs_error_set (error, 409, "invalid_state", NULL, message);
}

/* ---- body readers (strict types, api.md error codes) ------------------- */

static gboolean
body_string (JsonObject  *body,
             const char  *member,
             const char  *field,
             gboolean     required,
             guint        max_chars,
             const char **out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (body, member);
  const char *s;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return vs_error_fail (error, 400, "missing_field", field, "缺少必填字段");
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return vs_error_fail (error, 400, "invalid_parameter", field, "字段类型错误，应为字符串");
  s = json_node_get_string (node);
  if (required && *(s + strspn (s, " \t\r\n")) == '\0')
    return vs_error_fail (error, 400, "missing_field", field, "缺少必填字段");
  if (!g_utf8_validate (s, -1, NULL) || g_utf8_strlen (s, -1) > (glong) max_chars)
    return vs_error_fail (error, 400, "invalid_parameter", field, "字段过长");
  *out = s;
  return TRUE;
}

static gboolean
body_int (JsonObject *body,
          const char *member,
          const char *field,
          gint64      min,
          gint64      max,
          gint64     *out,
          GError    **error)
{
  JsonNode *node = json_object_get_member (body, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return vs_error_fail (error, 400, "missing_field", field, "缺少必填字段");
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return vs_error_fail (error, 400, "invalid_parameter", field, "字段类型错误，应为整数");
  *out = json_node_get_int (node);
  if (*out < min || *out > max)
    return vs_error_fail (error, 400, "invalid_parameter", field, "数值超出范围");
  return TRUE;
}

static gboolean
body_date (JsonObject  *body,
           const char  *member,
           const char  *field,
           const char **out,
           GError     **error)
{
  if (!body_string (body, member, field, TRUE, 10, out, error))
    return FALSE;
  if (!iv_validate_date (*out, NULL, NULL))
    return vs_error_fail (error, 400, "invalid_parameter", field, "日期格式应为 YYYY-MM-DD");
  return TRUE;
}

/* ---- schema ------------------------------------------------------------ */

static const char schema_v1[] =
  "CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);"
  "CREATE TABLE accounts ("
  "  id TEXT PRIMARY KEY, login TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,"
  "  name TEXT NOT NULL, credit_code TEXT, district TEXT NOT NULL,"
  "  contact_name TEXT NOT NULL, contact_phone TEXT NOT NULL,"
  "  password_hash TEXT NOT NULL, created_at TEXT NOT NULL);"
  "CREATE TABLE sessions ("
  "  n INTEGER PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts (id),"
  "  access_hash TEXT NOT NULL UNIQUE, access_expires INTEGER NOT NULL,"
  "  refresh_hash TEXT NOT NULL UNIQUE, refresh_expires INTEGER NOT NULL,"
  "  revoked INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE sign_in_failures (login TEXT NOT NULL, at INTEGER NOT NULL);"
  "CREATE INDEX sign_in_failures_login ON sign_in_failures (login, at);"
  "CREATE TABLE idempotency ("
  "  account_id TEXT NOT NULL REFERENCES accounts (id), key TEXT NOT NULL,"
  "  body_hash TEXT NOT NULL, method_path TEXT NOT NULL, status INTEGER NOT NULL,"
  "  body BLOB NOT NULL, created INTEGER NOT NULL, PRIMARY KEY (account_id, key));"
  "CREATE TABLE institutions ("
  "  id TEXT PRIMARY KEY, revision INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,"
  "  name TEXT, credit_code TEXT, district TEXT, address TEXT, phone TEXT,"
  "  accreditations TEXT, accepts_vouchers INTEGER, updated_at TEXT);"
  "CREATE INDEX institutions_revision ON institutions (revision);"
  "CREATE TABLE services ("
  "  id TEXT PRIMARY KEY, revision INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,"
  "  institution_id TEXT, category TEXT, title TEXT, description TEXT,"
  "  price_fen INTEGER, price_note TEXT, unit TEXT, updated_at TEXT);"
  "CREATE INDEX services_revision ON services (revision);"
  "CREATE TABLE applications ("
  "  n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
  "  account_id TEXT NOT NULL REFERENCES accounts (id), number TEXT NOT NULL,"
  "  version INTEGER NOT NULL, status TEXT NOT NULL, year INTEGER NOT NULL,"
  "  amount_fen INTEGER NOT NULL, purpose TEXT NOT NULL, planned_categories TEXT NOT NULL,"
  "  contact_name TEXT NOT NULL, contact_phone TEXT NOT NULL, submitted_at TEXT NOT NULL,"
  "  voucher_id TEXT);"
  "CREATE TABLE vouchers ("
  "  n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
  "  account_id TEXT NOT NULL REFERENCES accounts (id), application_id TEXT,"
  "  code TEXT NOT NULL, year INTEGER NOT NULL, face_value_fen INTEGER NOT NULL,"
  "  balance_fen INTEGER NOT NULL, reserved_fen INTEGER NOT NULL,"
  "  use_by TEXT NOT NULL, redeem_by TEXT NOT NULL, redeem_mode TEXT NOT NULL,"
  "  status TEXT NOT NULL, version INTEGER NOT NULL DEFAULT 1);"
  "CREATE TABLE orders ("
  "  n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
  "  account_id TEXT NOT NULL REFERENCES accounts (id), number TEXT NOT NULL,"
  "  version INTEGER NOT NULL, status TEXT NOT NULL, voucher_id TEXT NOT NULL,"
  "  service_id TEXT NOT NULL, institution_id TEXT NOT NULL,"
  "  quoted_amount_fen INTEGER NOT NULL, reserved_fen INTEGER NOT NULL,"
  "  note TEXT, created_at TEXT NOT NULL);"
  "CREATE TABLE attachments ("
  "  n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
  "  account_id TEXT NOT NULL REFERENCES accounts (id), filename TEXT NOT NULL,"
  "  content_type TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL,"
  "  data BLOB NOT NULL, created_at TEXT NOT NULL);"
  "CREATE TABLE claims ("
  "  n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
  "  account_id TEXT NOT NULL REFERENCES accounts (id), number TEXT NOT NULL,"
  "  version INTEGER NOT NULL, status TEXT NOT NULL,"
  "  order_id TEXT NOT NULL UNIQUE REFERENCES orders (id), voucher_id TEXT NOT NULL,"
  "  contract_no TEXT NOT NULL, contract_amount_fen INTEGER NOT NULL,"
  "  invoice TEXT NOT NULL, paid_on TEXT NOT NULL, documents TEXT NOT NULL,"
  "  requested_subsidy_fen INTEGER NOT NULL, approved_subsidy_fen INTEGER,"
  "  submitted_at TEXT NOT NULL, receipt_number TEXT NOT NULL,"
  "  verification_code TEXT NOT NULL UNIQUE, receipt_issued_at TEXT NOT NULL);"
  "CREATE TABLE history ("
  "  n INTEGER PRIMARY KEY, object_id TEXT NOT NULL, at TEXT NOT NULL,"
  "  status TEXT NOT NULL, actor TEXT NOT NULL, note TEXT);"
  "CREATE INDEX history_object ON history (object_id, n);"
  "CREATE TABLE events ("
  "  account_id TEXT NOT NULL REFERENCES accounts (id), seq INTEGER NOT NULL,"
  "  type TEXT NOT NULL, object_id TEXT NOT NULL, status TEXT NOT NULL,"
  "  at TEXT NOT NULL, PRIMARY KEY (account_id, seq));";

/* v2: "since" listings seek on (revision, id) instead of scanning every row */
static const char schema_v2[] =
  "DROP INDEX institutions_revision;"
  "DROP INDEX services_revision;"
  "CREATE INDEX institutions_revision_id ON institutions (revision, id);"
  "CREATE INDEX services_revision_id ON services (revision, id);";

static const char * const migrations[] = {
  schema_v1,
  schema_v2,
};

static gboolean
migrate (VsStore  *self,
         GError  **error)
{
  gint64 current;

  if (!exec (self, "CREATE TABLE IF NOT EXISTS migrations ("
                   "  version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)", error))
    return FALSE;
  current = scalar_i (q (self, "SELECT max(version) FROM migrations", ""), 0);
  if (current > (gint64) G_N_ELEMENTS (migrations))
    return vs_error_fail (error, 500, "internal_error", NULL,
                          "数据库版本比本程序新");
  for (gint64 v = current + 1; v <= (gint64) G_N_ELEMENTS (migrations); v++)
    {
      g_autofree char *now = vs_store_now_string ();

      tx_begin (self);
      if (!exec (self, migrations[v - 1], error))
        {
          tx_end (self, FALSE);
          return FALSE;
        }
      run (q (self, "INSERT INTO migrations (version, applied_at) VALUES (?, ?)", "is", v, now));
      if (!tx_end (self, TRUE))
        return vs_error_fail (error, 500, "internal_error", NULL, "数据库迁移失败");
    }
  return TRUE;
}

/* ---- GObject ----------------------------------------------------------- */

static void
vs_store_finalize (GObject *object)
{
  VsStore *self = VS_STORE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_object (&self->policy);
  g_clear_pointer (&self->policy_node, json_node_unref);
  g_clear_pointer (&self->pending_events, g_array_unref);
  g_clear_pointer (&self->bulk_now, g_free);
  G_OBJECT_CLASS (vs_store_parent_class)->finalize (object);
}

static void
vs_store_class_init (VsStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vs_store_finalize;

  signals[SIGNAL_EVENT_ADDED] =
    g_signal_new ("event-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT64);
}

static void
vs_store_init (VsStore *self)
{
  self->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, statement_free);
  self->pending_events = g_array_new (FALSE, FALSE, sizeof (PendingEvent));
}

VsStore *
vs_store_open (const char  *data_dir,
               GError     **error)
{
  g_autoptr(VsStore) self = g_object_new (VS_TYPE_STORE, NULL);
  g_autofree char *path = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data_dir != NULL, NULL);

  if (g_getenv ("VS_CLOCK_OFFSET_DAYS") != NULL)
    clock_offset_days = (gint) g_ascii_strtoll (g_getenv ("VS_CLOCK_OFFSET_DAYS"), NULL, 10);
  if (sodium_init () < 0)
    return vs_error_fail_null (error, 500, "internal_error", NULL, "libsodium 初始化失败");
  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    return vs_error_fail_null (error, 500, "internal_error", NULL, "无法创建数据目录");
  path = g_build_filename (data_dir, "vouchers.db", NULL);
  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    return vs_error_fail_null (error, 500, "internal_error", NULL, sqlite3_errmsg (self->db));
  sqlite3_busy_timeout (self->db, 5000);
  if (!exec (self, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                   "PRAGMA foreign_keys = ON;", error))
    return NULL;
  if (!migrate (self, error))
    return NULL;

  if (!json_parser_load_from_data (parser, policy_json, -1, &local_error))
    g_error ("built-in policy: %s", local_error->message);
  self->policy_node = json_node_copy (json_parser_get_root (parser));
  self->policy = iv_policy_new_from_json (self->policy_node, &local_error);
  if (self->policy == NULL)
    g_error ("built-in policy: %s", local_error->message);

  /* Old keys and failed attempts are of no use any more */
  run (q (self, "DELETE FROM idempotency WHERE created < ?", "i", now_s () - IDEMPOTENCY_TTL_S));
  run (q (self, "DELETE FROM sign_in_failures WHERE at < ?", "i", now_s () - ATTEMPT_WINDOW_S));

  return g_steal_pointer (&self);
}

IvPolicy *
vs_store_get_policy (VsStore *self)
{
  return self->policy;
}

JsonNode *
vs_store_get_policy_json (VsStore *self)
{
  return json_node_copy (self->policy_node);
}

/* ---- events and history ------------------------------------------------ */

static void
add_event (VsStore    *self,
           const char *account_id,
           const char *type,
           const char *object_id,
           const char *status)
{
  g_autofree char *now = vs_store_now_string ();
  gint64 seq = scalar_i (q (self, "SELECT max(seq) FROM events WHERE account_id = ?", "s", account_id), 0) + 1;
  PendingEvent e = { g_strdup (account_id), seq };

  run (q (self, "INSERT INTO events (account_id, seq, type, object_id, status, at) "
                "VALUES (?, ?, ?, ?, ?, ?)", "sissss",
          account_id, seq, type, object_id, status, now));
  g_array_append_val (self->pending_events, e);
}

static void
add_history (VsStore    *self,
             const char *object_id,
             const char *status,
             const char *actor,
             const char *note)
{
  g_autofree char *now = vs_store_now_string ();

  run (q (self, "INSERT INTO history (object_id, at, status, actor, note) VALUES (?, ?, ?, ?, ?)",
          "sssss", object_id, now, status, actor, note));
}

static void
build_history (VsStore     *self,
               JsonBuilder *b,
               const char  *object_id)
{
  sqlite3_stmt *stmt = q (self, "SELECT at, status, actor, note FROM history "
                                "WHERE object_id = ? ORDER BY n", "s", object_id);

  json_builder_set_member_name (b, "history");
  json_builder_begin_array (b);
  while (row (stmt))
    {
      json_builder_begin_object (b);
      add_columns (b, stmt, 0, "sssS", "at", "status", "actor", "note");
      json_builder_end_object (b);
    }
  sqlite3_reset (stmt);
  json_builder_end_array (b);
}

JsonNode *
vs_store_list_events (VsStore    *self,
                      const char *account_id,
                      gint64      after,
                      gint64     *out_last_seq)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  sqlite3_stmt *stmt;
  gint64 last = scalar_i (q (self, "SELECT max(seq) FROM events WHERE account_id = ?", "s", account_id), 0);
  gint64 last_listed = -1;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "events");
  json_builder_begin_array (b);
  stmt = q (self, "SELECT seq, type, object_id, status, at FROM events "
                  "WHERE account_id = ? AND seq > ? ORDER BY seq LIMIT 500", "si", account_id, after);
  while (row (stmt))
    {
      last_listed = col_i (stmt, 0);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "seq");
      json_builder_add_int_value (b, col_i (stmt, 0));
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, col_s (stmt, 1));
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, col_s (stmt, 2));
      json_builder_set_member_name (b, "status");
      json_builder_add_string_value (b, col_s (stmt, 3));
      json_builder_set_member_name (b, "at");
      json_builder_add_string_value (b, col_s (stmt, 4));
      json_builder_end_object (b);
    }
  sqlite3_reset (stmt);
  json_builder_end_array (b);
  /* With more than 500 waiting, last_seq is the last one listed so the
   * client asks again from there. */
  if (last_listed >= 0)
    last = last_listed;
  json_builder_set_member_name (b, "last_seq");
  json_builder_add_int_value (b, last);
  json_builder_end_object (b);
  if (out_last_seq != NULL)
    *out_last_seq = last_listed;
  return json_builder_get_root (b);
}

/* ---- accounts and sessions -------------------------------------------- */

char *
vs_store_create_account (VsStore             *self,
                         const VsAccountSpec *spec,
                         GError             **error)
{
  g_autofree char *id = NULL;
  g_autofree char *now = vs_store_now_string ();
  char hash[crypto_pwhash_STRBYTES];
  gboolean enterprise;

  g_return_val_if_fail (VS_IS_STORE (self), NULL);

  enterprise = g_strcmp0 (spec->kind, "enterprise") == 0;
  if (!enterprise && g_strcmp0 (spec->kind, "team") != 0)
    return vs_error_fail_null (error, 400, "invalid_parameter", "kind", "账户类型应为 enterprise 或 team");
  if (enterprise ? !iv_validate_credit_code (spec->login, NULL)
                 : !iv_validate_team_account (spec->login, NULL))
    return vs_error_fail_null (error, 400, "invalid_parameter", "account",
                               enterprise ? "统一社会信用代码无效" : "团队账号格式无效");
  if (spec->name == NULL || *spec->name == '\0' || spec->password == NULL || *spec->password == '\0')
    return vs_error_fail_null (error, 400, "missing_field", spec->name == NULL || *spec->name == '\0' ? "name" : "password",
                               "缺少必填字段");
  if (scalar_i (q (self, "SELECT count(*) FROM accounts WHERE login = ?", "s", spec->login), 0) > 0)
    return vs_error_fail_null (error, 409, "account_exists", "account", "账户已存在");
  if (crypto_pwhash_str (hash, spec->password, strlen (spec->password),
                         PWHASH_OPSLIMIT, PWHASH_MEMLIMIT) != 0)
    return vs_error_fail_null (error, 500, "internal_error", NULL, "内存不足");
  id = new_id ("acc-");
  if (!run (q (self, "INSERT INTO accounts (id, login, kind, name, credit_code, district, "
                     "contact_name, contact_phone, password_hash, created_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "ssssssssss",
               id, spec->login, spec->kind, spec->name, enterprise ? spec->login : NULL,
               spec->district != NULL ? spec->district : "",
               spec->contact_name != NULL ? spec->contact_name : "",
               spec->contact_phone != NULL ? spec->contact_phone : "",
               hash, now)))
    return vs_error_fail_null (error, 500, "internal_error", NULL, "无法保存账户");
  return g_steal_pointer (&id);
}

char *
vs_store_find_account (VsStore    *self,
                       const char *login)
{
  return scalar_s (q (self, "SELECT id FROM accounts WHERE login = ?", "s", login));
}

static char *
account_kind (VsStore    *self,
              const char *account_id)
{
  return scalar_s (q (self, "SELECT kind FROM accounts WHERE id = ?", "s", account_id));
}

static gint64
year_granted (VsStore    *self,
              const char *account_id)
{
  return scalar_i (q (self, "SELECT sum(amount_fen) FROM applications "
                            "WHERE account_id = ? AND year = ? AND status = 'approved'",
                      "si", account_id, (gint64) iv_policy_get_year (self->policy)), 0);
}

JsonNode *
vs_store_get_account (VsStore    *self,
                      const char *account_id,
                      GError    **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  sqlite3_stmt *stmt;
  gint64 year = iv_policy_get_year (self->policy);
  gint64 granted, used;
  gboolean enterprise;

  granted = year_granted (self, account_id);
  used = scalar_i (q (self, "SELECT sum(face_value_fen - balance_fen) FROM vouchers "
                            "WHERE account_id = ? AND year = ?", "si", account_id, year), 0);

  stmt = q (self, "SELECT id, kind, name, credit_code, contact_name, contact_phone, district "
                  "FROM accounts WHERE id = ?", "s", account_id);
  if (!row (stmt))
    {
      sqlite3_reset (stmt);
      not_found (error, NULL);
      return NULL;
    }
  enterprise = g_strcmp0 (col_s (stmt, 1), "enterprise") == 0;
  json_builder_begin_object (b);
  add_columns (b, stmt, 0, "sssSsss", "id", "kind", "name", "credit_code", "contact_name",
               "contact_phone", "district");
  sqlite3_reset (stmt);
  json_builder_set_member_name (b, "year");
  json_builder_add_int_value (b, year);
  json_builder_set_member_name (b, "year_cap_fen");
  json_builder_add_int_value (b, iv_policy_get_cap_fen (self->policy, enterprise ? IV_ACCOUNT_KIND_ENTERPRISE
                                                                              : IV_ACCOUNT_KIND_TEAM));
  json_builder_set_member_name (b, "year_granted_fen");
  json_builder_add_int_value (b, granted);
  json_builder_set_member_name (b, "year_used_fen");
  json_builder_add_int_value (b, used);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
issue_tokens (VsStore    *self,
              const char *account_id,
              guint       access_ttl_s,
              char      **out_access,
              char      **out_refresh)
{
  g_autofree char *access = random_token ();
  g_autofree char *refresh = random_token ();
  g_autofree char *access_hash = sha256_hex (access, strlen (access));
  g_autofree char *refresh_hash = sha256_hex (refresh, strlen (refresh));

  run (q (self, "INSERT INTO sessions (account_id, access_hash, access_expires, "
                "refresh_hash, refresh_expires) VALUES (?, ?, ?, ?, ?)", "ssisi",
          account_id, access_hash, now_s () + (gint64) access_ttl_s,
          refresh_hash, now_s () + REFRESH_TTL_S));
  *out_access = g_steal_pointer (&access);
  *out_refresh = g_steal_pointer (&refresh);
}

gboolean
vs_store_sign_in (VsStore     *self,
                  const char  *login,
                  const char  *password,
                  guint        access_ttl_s,
                  char       **out_access,
                  char       **out_refresh,
                  char       **out_account_id,
                  GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 now = now_s ();
  gint64 failures, oldest;
  g_autofree char *id = NULL;
  g_autofree char *hash = NULL;

  stmt = q (self, "SELECT count(*), min(at) FROM sign_in_failures WHERE login = ? AND at > ?",
            "si", login, now - ATTEMPT_WINDOW_S);
  row (stmt);
  failures = col_i (stmt, 0);
  oldest = col_i (stmt, 1);
  sqlite3_reset (stmt);
  if (failures >= MAX_FAILED_ATTEMPTS)
    {
      gint64 retry = oldest + ATTEMPT_WINDOW_S - now;

      vs_error_set_retry (error, 429, "too_many_attempts", (guint) MAX (retry, 1),
                          "登录失败次数过多，请稍后再试");
      return FALSE;
    }

  stmt = q (self, "SELECT id, password_hash FROM accounts WHERE login = ?", "s", login);
  if (row (stmt))
    {
      id = g_strdup (col_s (stmt, 0));
      hash = g_strdup (col_s (stmt, 1));
    }
  sqlite3_reset (stmt);

  if (hash == NULL || crypto_pwhash_str_verify (hash, password, strlen (password)) != 0)
    {
      run (q (self, "INSERT INTO sign_in_failures (login, at) VALUES (?, ?)", "si", login, now));
      return vs_error_fail (error, 401, "invalid_credentials", NULL, "账号或密码错误");
    }

  issue_tokens (self, id, access_ttl_s, out_access, out_refresh);
  *out_account_id = g_steal_pointer (&id);
  return TRUE;
}

gboolean
vs_store_refresh (VsStore     *self,
                  const char  *refresh_token,
                  guint        access_ttl_s,
                  char       **out_access,
                  char       **out_refresh,
                  char       **out_account_id,
                  GError     **error)
{
  g_autofree char *hash = sha256_hex (refresh_token, strlen (refresh_token));
  sqlite3_stmt *stmt;
  g_autofree char *account_id = NULL;
  gint64 n = 0;

  stmt = q (self, "SELECT n, account_id FROM sessions WHERE refresh_hash = ? "
                  "AND revoked = 0 AND refresh_expires > ?", "si", hash, now_s ());
  if (row (stmt))
    {
      n = col_i (stmt, 0);
      account_id = g_strdup (col_s (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (account_id == NULL)
    return vs_error_fail (error, 401, "refresh_token_invalid", "refresh_token", "刷新令牌无效或已过期");
  /* A refresh token works once: the old session ends, a new one starts */
  run (q (self, "UPDATE sessions SET revoked = 1 WHERE n = ?", "i", n));
  issue_tokens (self, account_id, access_ttl_s, out_access, out_refresh);
  *out_account_id = g_steal_pointer (&account_id);
  return TRUE;
}

char *
vs_store_authenticate (VsStore    *self,
                       const char *access_token,
                       GError    **error)
{
  g_autofree char *hash = sha256_hex (access_token, strlen (access_token));
  sqlite3_stmt *stmt = q (self, "SELECT account_id, access_expires FROM sessions "
                                "WHERE access_hash = ? AND revoked = 0", "s", hash);
  g_autofree char *account_id = NULL;
  gint64 expires = 0;

  if (row (stmt))
    {
      account_id = g_strdup (col_s (stmt, 0));
      expires = col_i (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (account_id == NULL)
    return vs_error_fail_null (error, 401, "unauthorized", NULL, "未登录或登录已失效");
  if (expires <= now_s ())
    return vs_error_fail_null (error, 401, "token_expired", NULL, "访问令牌已过期");
  return g_steal_pointer (&account_id);
}

void
vs_store_sign_out (VsStore    *self,
                   const char *access_token)
{
  g_autofree char *hash = sha256_hex (access_token, strlen (access_token));

  run (q (self, "UPDATE sessions SET revoked = 1 WHERE access_hash = ?", "s", hash));
}

/* ---- idempotency -------------------------------------------------------- */

gboolean
vs_store_idempotency_lookup (VsStore     *self,
                             const char  *account_id,
                             const char  *key,
                             const char  *body_sha256,
                             guint       *out_status,
                             GBytes     **out_body,
                             GError     **error)
{
  sqlite3_stmt *stmt = q (self, "SELECT body_hash, status, body FROM idempotency "
                                "WHERE account_id = ? AND key = ? AND created > ?",
                          "ssi", account_id, key, now_s () - IDEMPOTENCY_TTL_S);
  gboolean found = FALSE;

  if (row (stmt))
    {
      if (g_strcmp0 (col_s (stmt, 0), body_sha256) != 0)
        {
          sqlite3_reset (stmt);
          return vs_error_fail (error, 409, "idempotency_key_reused", NULL,
                                "该幂等键已用于另一个请求");
        }
      *out_status = (guint) col_i (stmt, 1);
      *out_body = g_bytes_new (sqlite3_column_blob (stmt, 2), (gsize) sqlite3_column_bytes (stmt, 2));
      found = TRUE;
    }
  sqlite3_reset (stmt);
  return found;
}

void
vs_store_idempotency_save (VsStore    *self,
                           const char *account_id,
                           const char *key,
                           const char *body_sha256,
                           const char *method_path,
                           guint       status,
                           GBytes     *body)
{
  run (q (self, "INSERT OR REPLACE INTO idempotency (account_id, key, body_hash, method_path, "
                "status, body, created) VALUES (?, ?, ?, ?, ?, ?, ?)", "ssssibi",
          account_id, key, body_sha256, method_path, (gint64) status, body, now_s ()));
}

gint64
vs_store_count_applied (VsStore    *self,
                        const char *account_id,
                        const char *prefix)
{
  if (prefix == NULL)
    prefix = "";
  return scalar_i (q (self, "SELECT count(*) FROM idempotency WHERE account_id = ? "
                            "AND substr(method_path, 1, length(?)) = ?", "sss",
                      account_id, prefix, prefix), 0);
}

/* ---- catalog ------------------------------------------------------------ */

JsonNode *
vs_store_list_categories (VsStore *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "code");
      json_builder_add_string_value (b, categories[i].code);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, categories[i].name);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "next_cursor");
  json_builder_add_null_value (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

gint64
vs_store_get_catalog_revision (VsStore *self)
{
  return scalar_i (q (self, "SELECT value FROM counters WHERE name = 'catalog_revision'", ""), 0);
}

static gint64
bump_revision (VsStore *self)
{
  return next_counter (self, "catalog_revision");
}

/* columns: id, deleted, name, credit_code, district, address, phone,
 * accreditations, accepts_vouchers, updated_at */
static void
build_institution (JsonBuilder  *b,
                   sqlite3_stmt *stmt)
{
  g_auto(GStrv) accreditations = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, col_s (stmt, 0));
  if (col_i (stmt, 1))
    {
      json_builder_set_member_name (b, "deleted");
      json_builder_add_boolean_value (b, TRUE);
      json_builder_end_object (b);
      return;
    }
  add_columns (b, stmt, 2, "SSSSS", "name", "credit_code", "district", "address", "phone");
  json_builder_set_member_name (b, "accreditations");
  json_builder_begin_array (b);
  accreditations = g_strsplit (col_s (stmt, 7) != NULL ? col_s (stmt, 7) : "", ",", -1);
  for (guint i = 0; accreditations[i] != NULL; i++)
    if (*accreditations[i] != '\0')
      json_builder_add_string_value (b, accreditations[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "accepts_vouchers");
  json_builder_add_boolean_value (b, col_i (stmt, 8) != 0);
  add_columns (b, stmt, 9, "S", "updated_at");
  json_builder_end_object (b);
}

/* columns: id, deleted, institution_id, category, title, description,
 * price_fen, price_note, unit, updated_at */
static void
build_service (JsonBuilder  *b,
               sqlite3_stmt *stmt)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, col_s (stmt, 0));
  if (col_i (stmt, 1))
    {
      json_builder_set_member_name (b, "deleted");
      json_builder_add_boolean_value (b, TRUE);
      json_builder_end_object (b);
      return;
    }
  add_columns (b, stmt, 2, "SSSSISSS", "institution_id", "category", "title", "description",
               "price_fen", "price_note", "unit", "updated_at");
  json_builder_end_object (b);
}

#define INSTITUTION_COLUMNS "id, deleted, name, credit_code, district, address, phone, " \
                            "accreditations, accepts_vouchers, updated_at"
#define SERVICE_COLUMNS "id, deleted, institution_id, category, title, description, " \
                        "price_fen, price_note, unit, updated_at"

/* Cursors are opaque to clients: "<snapshot revision>:<last id>" in
 * URL-safe base64.  Paging is keyset by id, so an item that exists for the
 * whole listing is listed exactly once however the catalog changes. */
static char *
encode_cursor (gint64      revision,
               const char *last_id)
{
  g_autofree char *plain = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", revision, last_id);
  gsize len = strlen (plain);
  g_autofree char *out = g_malloc (sodium_base64_ENCODED_LEN (len, sodium_base64_VARIANT_URLSAFE_NO_PADDING));

  sodium_bin2base64 (out, sodium_base64_ENCODED_LEN (len, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                     (const unsigned char *) plain, len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return g_steal_pointer (&out);
}

static gboolean
decode_cursor (const char *cursor,
               gint64     *out_revision,
               char      **out_last,
               GError    **error)
{
  gsize len = strlen (cursor);
  g_autofree char *plain = g_malloc0 (len + 1);
  size_t plain_len = 0;
  char *colon;
  char *end = NULL;

  if (len == 0 || len > 400 ||
      sodium_base642bin ((unsigned char *) plain, len, cursor, len, NULL, &plain_len, NULL,
                         sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      (colon = strchr (plain, ':')) == NULL)
    goto bad;
  *colon = '\0';
  *out_revision = g_ascii_strtoll (plain, &end, 10);
  if (end == plain || *end != '\0' || *out_revision < 0)
    goto bad;
  *out_last = g_strdup (colon + 1);
  return TRUE;

bad:
  return vs_error_fail (error, 400, "invalid_parameter", "cursor", "分页游标无效");
}

/* At most this many rows changed since a revision: the index path
 * sorts them for every page, so it must stay small. */
#define FEW_CHANGES 2000

static gboolean
few_changes (VsStore  *self,
             gboolean  services,
             gint64    since)
{
  /* Counts on the covering index and stops at FEW_CHANGES */
  gint64 n = services
    ? scalar_i (q (self, "SELECT count(*) FROM (SELECT 1 FROM services INDEXED BY services_revision_id "
                         "WHERE revision > ? LIMIT ?)", "ii", since, (gint64) FEW_CHANGES), FEW_CHANGES)
    : scalar_i (q (self, "SELECT count(*) FROM (SELECT 1 FROM institutions INDEXED BY institutions_revision_id "
                         "WHERE revision > ? LIMIT ?)", "ii", since, (gint64) FEW_CHANGES), FEW_CHANGES);

  return n < FEW_CHANGES;
}

JsonNode *
vs_store_list_catalog (VsStore       *self,
                       VsCatalogKind  kind,
                       gint64         since,
                       const char    *cursor,
                       guint          limit,
                       GError       **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *after = NULL;
  g_autofree char *last_id = NULL;
  gint64 revision;
  sqlite3_stmt *stmt;
  guint n = 0;
  gboolean more = FALSE;
  gboolean services = kind == VS_CATALOG_SERVICES;

  if (limit < 1 || limit > 500)
    return vs_error_fail_null (error, 400, "invalid_parameter", "limit", "limit 应在 1 到 500 之间");
  if (cursor != NULL)
    {
      if (!decode_cursor (cursor, &revision, &after, error))
        return NULL;
    }
  else
    {
      revision = vs_store_get_catalog_revision (self);
      after = g_strdup ("");
    }

  if (since < 0)
    stmt = services
      ? q (self, "SELECT " SERVICE_COLUMNS " FROM services WHERE deleted = 0 AND id > ? "
                 "ORDER BY id LIMIT ?", "si", after, (gint64) limit + 1)
      : q (self, "SELECT " INSTITUTION_COLUMNS " FROM institutions WHERE deleted = 0 AND id > ? "
                 "ORDER BY id LIMIT ?", "si", after, (gint64) limit + 1);
  else if (few_changes (self, services, since))
    /* Few rows changed: seek them on (revision, id) and sort; without
     * INDEXED BY SQLite walks the whole primary key for ORDER BY id. */
    stmt = services
      ? q (self, "SELECT " SERVICE_COLUMNS " FROM services INDEXED BY services_revision_id "
                 "WHERE revision > ? AND id > ? ORDER BY id LIMIT ?", "isi", since, after, (gint64) limit + 1)
      : q (self, "SELECT " INSTITUTION_COLUMNS " FROM institutions INDEXED BY institutions_revision_id "
                 "WHERE revision > ? AND id > ? ORDER BY id LIMIT ?", "isi", since, after, (gint64) limit + 1);
  else
    /* Many changed: walking the primary key in id order is cheaper
     * than sorting them all again for every page. */
    stmt = services
      ? q (self, "SELECT " SERVICE_COLUMNS " FROM services WHERE revision > ? AND id > ? "
                 "ORDER BY id LIMIT ?", "isi", since, after, (gint64) limit + 1)
      : q (self, "SELECT " INSTITUTION_COLUMNS " FROM institutions WHERE revision > ? AND id > ? "
                 "ORDER BY id LIMIT ?", "isi", since, after, (gint64) limit + 1);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  while (row (stmt))
    {
      if (n == limit)
        {
          more = TRUE;
          break;
        }
      if (services)
        build_service (b, stmt);
      else
        build_institution (b, stmt);
      g_free (last_id);
      last_id = g_strdup (col_s (stmt, 0));
      n++;
    }
  sqlite3_reset (stmt);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "next_cursor");
  if (more)
    {
      g_autofree char *next = encode_cursor (revision, last_id);
      json_builder_add_string_value (b, next);
    }
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "revision");
  json_builder_add_int_value (b, revision);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static char *
accreditations_from_json (JsonObject  *object,
                          GError     **error)
{
  JsonNode *node = json_object_get_member (object, "accreditations");
  g_autoptr(GString) s = g_string_new ("");
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("");
  if (!JSON_NODE_HOLDS_ARRAY (node))
    goto bad;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *e = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING ||
          strchr (json_node_get_string (e), ',') != NULL)
        goto bad;
      if (s->len > 0)
        g_string_append_c (s, ',');
      g_string_append (s, json_node_get_string (e));
    }
  return g_string_free (g_steal_pointer (&s), FALSE);

bad:
  return vs_error_fail_null (error, 400, "invalid_parameter", "accreditations", "资质应为字符串数组");
}

static gboolean
body_bool (JsonObject *object,
           const char *member,
           gboolean    fallback)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  return fallback;
}

static JsonNode *
get_catalog_item (VsStore       *self,
                  VsCatalogKind  kind,
                  const char    *id)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  sqlite3_stmt *stmt = kind == VS_CATALOG_SERVICES
    ? q (self, "SELECT " SERVICE_COLUMNS " FROM services WHERE id = ?", "s", id)
    : q (self, "SELECT " INSTITUTION_COLUMNS " FROM institutions WHERE id = ?", "s", id);
  gboolean found = row (stmt);

  if (found)
    {
      if (kind == VS_CATALOG_SERVICES)
        build_service (b, stmt);
      else
        build_institution (b, stmt);
    }
  sqlite3_reset (stmt);
  return found ? json_builder_get_root (b) : NULL;
}

JsonNode *
vs_store_catalog_put (VsStore       *self,
                      VsCatalogKind  kind,
                      JsonObject    *object,
                      GError       **error)
{
  const char *id, *name, *credit_code, *district, *address, *phone;
  const char *institution_id, *category, *title, *description, *price_note, *unit;
  g_autofree char *new_id_str = NULL;
  g_autofree char *now = vs_store_now_string ();
  gint64 revision;
  gboolean ok;

  if (!body_string (object, "id", "id", FALSE, 64, &id, error))
    return NULL;
  if (id == NULL)
    id = new_id_str = new_id (kind == VS_CATALOG_SERVICES ? "svc-x" : "inst-x");

  if (kind == VS_CATALOG_INSTITUTIONS)
    {
      g_autofree char *accreditations = NULL;

      if (!body_string (object, "name", "name", TRUE, 200, &name, error) ||
          !body_string (object, "credit_code", "credit_code", TRUE, 18, &credit_code, error) ||
          !body_string (object, "district", "district", TRUE, 20, &district, error) ||
          !body_string (object, "address", "address", FALSE, 200, &address, error) ||
          !body_string (object, "phone", "phone", FALSE, 30, &phone, error) ||
          (accreditations = accreditations_from_json (object, error)) == NULL)
        return NULL;
      if (!iv_validate_credit_code (credit_code, NULL))
        return vs_error_fail_null (error, 400, "invalid_parameter", "credit_code", "统一社会信用代码无效");
      tx_begin (self);
      revision = bump_revision (self);
      ok = run (q (self, "INSERT OR REPLACE INTO institutions (id, revision, deleted, name, credit_code, "
                         "district, address, phone, accreditations, accepts_vouchers, updated_at) "
                         "VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?)", "sissssssis",
                   id, revision, name, credit_code, district, address, phone, accreditations,
                   (gint64) body_bool (object, "accepts_vouchers", TRUE), now));
    }
  else
    {
      JsonNode *price = json_object_get_member (object, "price_fen");
      gint64 price_fen = -1;

      if (!body_string (object, "institution_id", "institution_id", TRUE, 64, &institution_id, error) ||
          !body_string (object, "category", "category", TRUE, 32, &category, error) ||
          !body_string (object, "title", "title", TRUE, 200, &title, error) ||
          !body_string (object, "description", "description", FALSE, 4000, &description, error) ||
          !body_string (object, "price_note", "price_note", FALSE, 100, &price_note, error) ||
          !body_string (object, "unit", "unit", FALSE, 20, &unit, error))
        return NULL;
      if (price != NULL && !JSON_NODE_HOLDS_NULL (price) &&
          !body_int (object, "price_fen", "price_fen", 0, IV_MONEY_MAX_FEN, &price_fen, error))
        return NULL;
      if (!is_category (category))
        return vs_error_fail_null (error, 400, "invalid_parameter", "category", "未知的服务类别");
      if (scalar_i (q (self, "SELECT count(*) FROM institutions WHERE id = ? AND deleted = 0",
                       "s", institution_id), 0) == 0)
        return vs_error_fail_null (error, 400, "invalid_parameter", "institution_id", "服务机构不存在");
      tx_begin (self);
      revision = bump_revision (self);
      ok = run (q (self, "INSERT OR REPLACE INTO services (id, revision, deleted, institution_id, "
                         "category, title, description, price_fen, price_note, unit, updated_at) "
                         "VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?)", "sissss" "ssss",
                   id, revision, institution_id, category, title, description,
                   NULL, price_note, unit, now));
      if (ok && price_fen >= 0)
        ok = run (q (self, "UPDATE services SET price_fen = ? WHERE id = ?", "is", price_fen, id));
    }
  if (!tx_end (self, ok))
    return vs_error_fail_null (error, 500, "internal_error", NULL, "无法保存目录条目");
  return get_catalog_item (self, kind, id);
}

gboolean
vs_store_catalog_delete (VsStore       *self,
                         VsCatalogKind  kind,
                         const char    *id,
                         GError       **error)
{
  gboolean services = kind == VS_CATALOG_SERVICES;
  g_autofree char *now = vs_store_now_string ();
  gint64 revision;

  if (scalar_i (services
                ? q (self, "SELECT count(*) FROM services WHERE id = ? AND deleted = 0", "s", id)
                : q (self, "SELECT count(*) FROM institutions WHERE id = ? AND deleted = 0", "s", id), 0) == 0)
    {
      not_found (error, "id");
      return FALSE;
    }
  tx_begin (self);
  revision = bump_revision (self);
  if (services)
    run (q (self, "UPDATE services SET deleted = 1, revision = ?, updated_at = ? WHERE id = ?",
            "iss", revision, now, id));
  else
    {
      /* An institution's services go with it */
      run (q (self, "UPDATE institutions SET deleted = 1, revision = ?, updated_at = ? WHERE id = ?",
              "iss", revision, now, id));
      run (q (self, "UPDATE services SET deleted = 1, revision = ?, updated_at = ? "
                    "WHERE institution_id = ? AND deleted = 0", "iss", revision, now, id));
    }
  return tx_end (self, TRUE);
}

gboolean
vs_store_bulk_begin (VsStore  *self,
                     GError  **error)
{
  tx_begin (self);
  self->bulk_revision = bump_revision (self);
  g_free (self->bulk_now);
  self->bulk_now = vs_store_now_string ();
  return TRUE;
}

void
vs_store_bulk_add_institution (VsStore                 *self,
                               const VsSeedInstitution *inst)
{
  g_autofree char *accreditations = NULL;

  g_return_if_fail (self->bulk_now != NULL);
  accreditations = inst->accreditations != NULL ? g_strjoinv (",", (GStrv) inst->accreditations) : g_strdup ("");
  run (q (self, "INSERT OR REPLACE INTO institutions (id, revision, deleted, name, credit_code, "
                "district, address, phone, accreditations, accepts_vouchers, updated_at) "
                "VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?)", "sissssssis",
          inst->id, self->bulk_revision, inst->name, inst->credit_code, inst->district,
          inst->address, inst->phone, accreditations, (gint64) inst->accepts_vouchers, self->bulk_now));
}

void
vs_store_bulk_add_service (VsStore             *self,
                           const VsSeedService *svc)
{
  sqlite3_stmt *stmt;

  g_return_if_fail (self->bulk_now != NULL);
  stmt = q (self, "INSERT OR REPLACE INTO services (id, revision, deleted, institution_id, "
                  "category, title, description, price_fen, price_note, unit, updated_at) "
                  "VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?)", "sissss" "ssss",
            svc->id, self->bulk_revision, svc->institution_id, svc->category, svc->title,
            svc->description, NULL, svc->price_note, svc->unit, self->bulk_now);
  if (svc->price_fen >= 0)
    sqlite3_bind_int64 (stmt, 7, svc->price_fen);
  run (stmt);
}

gboolean
vs_store_bulk_end (VsStore  *self,
                   GError  **error)
{
  g_clear_pointer (&self->bulk_now, g_free);
  if (!tx_end (self, TRUE))
    return vs_error_fail (error, 500, "internal_error", NULL, "批量写入目录失败");
  return TRUE;
}

gint64
vs_store_count_services (VsStore *self)
{
  return scalar_i (q (self, "SELECT count(*) FROM services WHERE deleted = 0", ""), 0);
}

/* ---- the account's objects: JSON ------------------------------------------ */

/* A voucher's status as seen now: active vouchers past use_by are expired,
 * spent ones exhausted. */
static const char *
voucher_effective_status (const char *stored,
                          const char *use_by,
                          gint64      balance_fen)
{
  g_autofree char *today = date_string (0);

  if (g_strcmp0 (stored, "active") != 0)
    return stored;
  if (g_strcmp0 (today, use_by) > 0)
    return "expired";
  if (balance_fen <= 0)
    return "exhausted";
  return "active";
}

static JsonNode *
object_json (VsStore      *self,
             VsObjectKind  kind,
             const char   *id)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  sqlite3_stmt *stmt;

  switch (kind)
    {
    case VS_KIND_APPLICATION:
      stmt = q (self, "SELECT id, number, version, status, year, amount_fen, purpose, "
                      "planned_categories, contact_name, contact_phone, submitted_at "
                      "FROM applications WHERE id = ?", "s", id);
      if (!row (stmt))
        break;
      json_builder_begin_object (b);
      add_columns (b, stmt, 0, "ssisiisjsss", "id", "number", "version", "status", "year", "amount_fen",
                   "purpose", "planned_categories", "contact_name", "contact_phone", "submitted_at");
      sqlite3_reset (stmt);
      build_history (self, b, id);
      json_builder_end_object (b);
      return json_builder_get_root (b);

    case VS_KIND_VOUCHER:
      stmt = q (self, "SELECT id, code, year, face_value_fen, balance_fen, reserved_fen, "
                      "use_by, redeem_by, redeem_mode, status FROM vouchers WHERE id = ?", "s", id);
      if (!row (stmt))
        break;
      json_builder_begin_object (b);
      add_columns (b, stmt, 0, "ssiiiisss", "id", "code", "year", "face_value_fen", "balance_fen",
                   "reserved_fen", "use_by", "redeem_by", "redeem_mode");
      json_builder_set_member_name (b, "status");
      json_builder_add_string_value (b, voucher_effective_status (col_s (stmt, 9), col_s (stmt, 6),
                                                                  col_i (stmt, 4)));
      json_builder_end_object (b);
      sqlite3_reset (stmt);
      return json_builder_get_root (b);

    case VS_KIND_ORDER:
      stmt = q (self, "SELECT id, number, version, status, voucher_id, service_id, institution_id, "
                      "quoted_amount_fen, reserved_fen, created_at FROM orders WHERE id = ?", "s", id);
      if (!row (stmt))
        break;
      json_builder_begin_object (b);
      add_columns (b, stmt, 0, "ssissssiis", "id", "number", "version", "status", "voucher_id", "service_id",
                   "institution_id", "quoted_amount_fen", "reserved_fen", "created_at");
      sqlite3_reset (stmt);
      build_history (self, b, id);
      json_builder_end_object (b);
      return json_builder_get_root (b);

    case VS_KIND_CLAIM:
      stmt = q (self, "SELECT id, number, version, status, order_id, voucher_id, contract_no, "
                      "contract_amount_fen, invoice, paid_on, documents, requested_subsidy_fen, "
                      "approved_subsidy_fen, submitted_at FROM claims WHERE id = ?", "s", id);
      if (!row (stmt))
        break;
      json_builder_begin_object (b);
      add_columns (b, stmt, 0, "ssissssijsjiIs", "id", "number", "version", "status", "order_id",
                   "voucher_id", "contract_no", "contract_amount_fen", "invoice", "paid_on", "documents",
                   "requested_subsidy_fen", "approved_subsidy_fen", "submitted_at");
      sqlite3_reset (stmt);
      build_history (self, b, id);
      json_builder_end_object (b);
      return json_builder_get_root (b);

    default:
      g_assert_not_reached ();
    }
  sqlite3_reset (stmt);
  return NULL;
}

char *
vs_store_get_owner (VsStore      *self,
                    VsObjectKind  kind,
                    const char   *id)
{
  return scalar_s (q (self, sql_for (kind)->owner, "s", id));
}

/* Another account's object is answered exactly like a missing one:
 * 404 not_found, naming field when the id came in a request body */
static gboolean
check_owner (VsStore      *self,
             VsObjectKind  kind,
             const char   *id,
             const char   *account_id,
             const char   *field,
             GError      **error)
{
  g_autofree char *owner = vs_store_get_owner (self, kind, id);

  if (owner != NULL && g_strcmp0 (owner, account_id) == 0)
    return TRUE;
  not_found (error, field);
  return FALSE;
}

JsonNode *
vs_store_get (VsStore      *self,
              const char   *account_id,
              VsObjectKind  kind,
              const char   *id,
              GError      **error)
{
  if (!check_owner (self, kind, id, account_id, NULL, error))
    return NULL;
  return object_json (self, kind, id);
}

JsonNode *
vs_store_list (VsStore      *self,
               const char   *account_id,
               VsObjectKind  kind,
               const char   *cursor,
               guint         limit,
               GError      **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  gint64 before = G_MAXINT64;
  gint64 last_n = 0;
  gboolean more = FALSE;

  if (limit < 1 || limit > 500)
    return vs_error_fail_null (error, 400, "invalid_parameter", "limit", "limit 应在 1 到 500 之间");
  if (cursor != NULL)
    {
      g_autofree char *last = NULL;
      gint64 unused;
      char *end = NULL;

      if (!decode_cursor (cursor, &unused, &last, error))
        return NULL;
      before = g_ascii_strtoll (last, &end, 10);
      if (end == last || *end != '\0')
        return vs_error_fail_null (error, 400, "invalid_parameter", "cursor", "分页游标无效");
    }

  /* Newest first, keyset by row number */
  stmt = q (self, sql_for (kind)->page, "sii", account_id, before, (gint64) limit + 1);
  while (row (stmt))
    {
      if (ids->len == limit)
        {
          more = TRUE;
          break;
        }
      last_n = col_i (stmt, 0);
      g_ptr_array_add (ids, g_strdup (col_s (stmt, 1)));
    }
  sqlite3_reset (stmt);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < ids->len; i++)
    json_builder_add_value (b, object_json (self, kind, ids->pdata[i]));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "next_cursor");
  if (more)
    {
      g_autofree char *n_str = g_strdup_printf ("%" G_GINT64_FORMAT, last_n);
      g_autofree char *next = encode_cursor (0, n_str);
      json_builder_add_string_value (b, next);
    }
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* ---- applications ------------------------------------------------------- */

typedef struct {
  gint64      year;
  gint64      amount_fen;
  const char *purpose;
  char       *categories;   /* JSON text */
  const char *contact_name;
  const char *contact_phone;
} ApplicationBody;

static void
application_body_clear (ApplicationBody *a)
{
  g_clear_pointer (&a->categories, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ApplicationBody, application_body_clear)

static gboolean
read_application (VsStore         *self,
                  const char      *account_id,
                  const char      *replacing_id,
                  JsonObject      *body,
                  ApplicationBody *out,
                  GError         **error)
{
  JsonNode *node;
  JsonArray *array;
  g_autoptr(JsonGenerator) gen = NULL;
  g_autofree char *kind = account_kind (self, account_id);
  gint64 cap, granted;

  if (!body_int (body, "year", "year", 2000, 2100, &out->year, error) ||
      !body_int (body, "amount_fen", "amount_fen", 1, IV_MONEY_MAX_FEN, &out->amount_fen, error) ||
      !body_string (body, "purpose", "purpose", TRUE, 2000, &out->purpose, error) ||
      !body_string (body, "contact_name", "contact_name", TRUE, 50, &out->contact_name, error) ||
      !body_string (body, "contact_phone", "contact_phone", TRUE, 30, &out->contact_phone, error))
    return FALSE;

  node = json_object_get_member (body, "planned_categories");
  if (node == NULL || JSON_NODE_HOLDS_NULL (node) ||
      (JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) == 0))
    return vs_error_fail (error, 400, "missing_field", "planned_categories", "请选择计划使用的服务类别");
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return vs_error_fail (error, 400, "invalid_parameter", "planned_categories", "服务类别应为数组");
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *e = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING ||
          !is_category (json_node_get_string (e)))
        return vs_error_fail (error, 400, "invalid_parameter", "planned_categories", "未知的服务类别");
    }
  gen = json_generator_new ();
  json_generator_set_root (gen, node);
  out->categories = json_generator_to_data (gen, NULL);

  if (!iv_validate_phone (out->contact_phone, NULL))
    return vs_error_fail (error, 422, "invalid_phone", "contact_phone", "联系电话格式不正确");
  if (out->year != iv_policy_get_year (self->policy))
    return vs_error_fail (error, 422, "year_closed", "year", "该年度不受理申领");
  cap = iv_policy_get_cap_fen (self->policy, g_strcmp0 (kind, "team") == 0 ? IV_ACCOUNT_KIND_TEAM
                                                                         : IV_ACCOUNT_KIND_ENTERPRISE);
  granted = year_granted (self, account_id);
  if (out->amount_fen > cap - granted)
    return vs_error_fail (error, 422, "amount_exceeds_cap", "amount_fen", "申领金额超过年度额度上限");
  (void) replacing_id;
  return TRUE;
}

/* Ends the transaction of a (re)submission: the step "submitted" in the
 * history and the event, then the object as it is now; failure is the
 * 500 message when the transaction could not be written */
static JsonNode *
end_submission (VsStore      *self,
                VsObjectKind  kind,
                const char   *account_id,
                const char   *id,
                gboolean      ok,
                const char   *failure,
                GError      **error)
{
  add_history (self, id, "submitted", "applicant", NULL);
  add_event (self, account_id, sql_for (kind)->event, id, "submitted");
  if (!tx_end (self, ok))
    return vs_error_fail_null (error, 500, "internal_error", NULL, failure);
  return object_json (self, kind, id);
}

JsonNode *
vs_store_create_application (VsStore    *self,
                             const char *account_id,
                             JsonObject *body,
                             GError    **error)
{
  g_auto(ApplicationBody) a = { 0 };
  g_autofree char *id = new_id ("app-");
  g_autofree char *number = NULL;
  g_autofree char *now = vs_store_now_string ();
  gboolean ok;

  if (!read_application (self, account_id, NULL, body, &a, error))
    return NULL;
  tx_begin (self);
  number = g_strdup_printf ("SQ%d-%06" G_GINT64_FORMAT, iv_policy_get_year (self->policy),
                            next_counter (self, "application"));
  ok = run (q (self, "INSERT INTO applications (id, account_id, number, version, status, year, "
                     "amount_fen, purpose, planned_categories, contact_name, contact_phone, submitted_at) "
                     "VALUES (?, ?, ?, 1, 'submitted', ?, ?, ?, ?, ?, ?, ?)", "sssiisssss",
               id, account_id, number, a.year, a.amount_fen, a.purpose, a.categories,
               a.contact_name, a.contact_phone, now));
  return end_submission (self, VS_KIND_APPLICATION, account_id, id, ok, "无法保存申领", error);
}

/* Checks ownership, status and If-Match; returns the current status */
static char *
check_update (VsStore      *self,
              VsObjectKind  kind,
              const char   *account_id,
              const char   *id,
              gint64        if_match_version,
              GError      **error)
{
  g_autofree char *status = NULL;
  gint64 version;
  sqlite3_stmt *stmt;

  if (!check_owner (self, kind, id, account_id, NULL, error))
    return NULL;
  stmt = kind == VS_KIND_CLAIM
    ? q (self, "SELECT status, version FROM claims WHERE id = ?", "s", id)
    : q (self, "SELECT status, version FROM applications WHERE id = ?", "s", id);
  row (stmt);
  status = g_strdup (col_s (stmt, 0));
  version = col_i (stmt, 1);
  sqlite3_reset (stmt);
  if (version != if_match_version)
    return vs_error_fail_null (error, 412, "version_conflict", NULL, "对象已被修改，请刷新后重试");
  if (g_strcmp0 (status, "returned") != 0)
    {
      invalid_state (error, "只有退回修改的对象可以修改后重新提交");
      return NULL;
    }
  return g_steal_pointer (&status);
}

JsonNode *
vs_store_update_application (VsStore    *self,
                             const char *account_id,
                             const char *id,
                             gint64      if_match_version,
                             JsonObject *body,
                             GError    **error)
{
  g_auto(ApplicationBody) a = { 0 };
  g_autofree char *status = NULL;
  gboolean ok;

  status = check_update (self, VS_KIND_APPLICATION, account_id, id, if_match_version, error);
  if (status == NULL || !read_application (self, account_id, id, body, &a, error))
    return NULL;
  tx_begin (self);
  ok = run (q (self, "UPDATE applications SET version = version + 1, status = 'submitted', year = ?, "
                     "amount_fen = ?, purpose = ?, planned_categories = ?, contact_name = ?, "
                     "contact_phone = ? WHERE id = ?", "iisssss",
               a.year, a.amount_fen, a.purpose, a.categories, a.contact_name, a.contact_phone, id));
  return end_submission (self, VS_KIND_APPLICATION, account_id, id, ok, "无法保存申领", error);
}

static gboolean
status_in (const char *status,
           const char *first,
           ...)
{
  va_list ap;
  gboolean found = FALSE;

  va_start (ap, first);
  for (const char *s = first; s != NULL; s = va_arg (ap, const char *))
    if (g_strcmp0 (status, s) == 0)
      {
        found = TRUE;
        break;
      }
  va_end (ap);
  return found;
}

static char *
object_status (VsStore      *self,
               VsObjectKind  kind,
               const char   *id)
{
  return scalar_s (q (self, sql_for (kind)->status, "s", id));
}

/* Sets the status, bumps the version, writes history and the event */
static void
set_status (VsStore      *self,
            VsObjectKind  kind,
            const char   *id,
            const char   *status,
            const char   *actor,
            const char   *note)
{
  g_autofree char *owner = vs_store_get_owner (self, kind, id);
  const KindSql *sql = sql_for (kind);

  /* Vouchers change status through their balance, never through here */
  g_assert (sql->set_status != NULL);
  run (q (self, sql->set_status, "ss", status, id));
  add_event (self, owner, sql->event, id, status);
  add_history (self, id, status, actor, note);
}

JsonNode *
vs_store_withdraw_application (VsStore    *self,
                               const char *account_id,
                               const char *id,
                               GError    **error)
{
  g_autofree char *status = NULL;

  if (!check_owner (self, VS_KIND_APPLICATION, id, account_id, NULL, error))
    return NULL;
  status = object_status (self, VS_KIND_APPLICATION, id);
  if (!status_in (status, "submitted", "district_review", "city_review", "returned", NULL))
    {
      invalid_state (error, "该申领已结束，不能撤回");
      return NULL;
    }
  tx_begin (self);
  set_status (self, VS_KIND_APPLICATION, id, "withdrawn", "applicant", NULL);
  tx_end (self, TRUE);
  return object_json (self, VS_KIND_APPLICATION, id);
}

/* ---- vouchers ----------------------------------------------------------- */

static void
voucher_updated (VsStore    *self,
                 const char *voucher_id)
{
  sqlite3_stmt *stmt = q (self, "SELECT account_id, status, use_by, balance_fen FROM vouchers WHERE id = ?",
                          "s", voucher_id);
  g_autofree char *owner = NULL;
  g_autofree char *status = NULL;

  if (row (stmt))
    {
      owner = g_strdup (col_s (stmt, 0));
      status = g_strdup (voucher_effective_status (col_s (stmt, 1), col_s (stmt, 2), col_i (stmt, 3)));
    }
  sqlite3_reset (stmt);
  if (owner == NULL)
    return;
  run (q (self, "UPDATE vouchers SET version = version + 1 WHERE id = ?", "s", voucher_id));
  add_event (self, owner, "voucher.updated", voucher_id, status);
}

static char *
issue_voucher (VsStore    *self,
               const char *account_id,
               const char *application_id,
               gint64      face_value_fen)
{
  g_autofree char *id = new_id ("vch-");
  g_autofree char *code = NULL;
  g_autofree char *use_by = date_string (365);
  g_autofree char *redeem_by = date_string (365 + 90);
  gint year = iv_policy_get_year (self->policy);

  code = g_strdup_printf ("SH%d-%06" G_GINT64_FORMAT, year, next_counter (self, "voucher"));
  run (q (self, "INSERT INTO vouchers (id, account_id, application_id, code, year, face_value_fen, "
                "balance_fen, reserved_fen, use_by, redeem_by, redeem_mode, status) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 'enterprise', 'active')", "ssssiiiss",
          id, account_id, application_id, code, (gint64) year, face_value_fen, face_value_fen,
          use_by, redeem_by));
  run (q (self, "UPDATE applications SET voucher_id = ? WHERE id = ?", "ss", id, application_id));
  voucher_updated (self, id);
  return g_steal_pointer (&id);
}

char *
vs_store_get_application_voucher (VsStore    *self,
                                  const char *application_id)
{
  return scalar_s (q (self, "SELECT voucher_id FROM applications WHERE id = ?", "s", application_id));
}

/* ---- orders ------------------------------------------------------------- */

JsonNode *
vs_store_create_order (VsStore    *self,
                       const char *account_id,
                       JsonObject *body,
                       GError    **error)
{
  const char *voucher_id, *service_id, *note;
  gint64 quoted;
  sqlite3_stmt *stmt;
  g_autofree char *v_status = NULL;
  g_autofree char *institution_id = NULL;
  g_autofree char *id = new_id ("ord-");
  g_autofree char *number = NULL;
  g_autofree char *now = vs_store_now_string ();
  gint64 balance = 0, reserved = 0;
  gboolean accepts = FALSE;
  gboolean ok;

  if (!body_string (body, "voucher_id", "voucher_id", TRUE, 64, &voucher_id, error) ||
      !body_string (body, "service_id", "service_id", TRUE, 64, &service_id, error) ||
      !body_int (body, "quoted_amount_fen", "quoted_amount_fen", 1, IV_MONEY_MAX_FEN, &quoted, error) ||
      !body_string (body, "note", "note", FALSE, 2000, &note, error))
    return NULL;

  if (!check_owner (self, VS_KIND_VOUCHER, voucher_id, account_id, "voucher_id", error))
    return NULL;
  stmt = q (self, "SELECT status, use_by, balance_fen, reserved_fen FROM vouchers WHERE id = ?", "s", voucher_id);
  row (stmt);
  v_status = g_strdup (voucher_effective_status (col_s (stmt, 0), col_s (stmt, 1), col_i (stmt, 2)));
  balance = col_i (stmt, 2);
  reserved = col_i (stmt, 3);
  sqlite3_reset (stmt);
  if (g_strcmp0 (v_status, "expired") == 0 || g_strcmp0 (v_status, "revoked") == 0)
    return vs_error_fail_null (error, 422, "voucher_expired", "voucher_id", "创新券已过期或已失效");
  if (balance - reserved < quoted)
    return vs_error_fail_null (error, 422, "voucher_insufficient", "quoted_amount_fen", "创新券可用余额不足");
  stmt = q (self, "SELECT s.institution_id, i.accepts_vouchers FROM services s "
                  "JOIN institutions i ON i.id = s.institution_id "
                  "WHERE s.id = ? AND s.deleted = 0 AND i.deleted = 0", "s", service_id);
  if (row (stmt))
    {
      institution_id = g_strdup (col_s (stmt, 0));
      accepts = col_i (stmt, 1) != 0;
    }
  sqlite3_reset (stmt);
  if (institution_id == NULL || !accepts)
    return vs_error_fail_null (error, 422, "service_unavailable", "service_id", "该服务不存在或不受理创新券");

  tx_begin (self);
  number = g_strdup_printf ("DD%d-%06" G_GINT64_FORMAT, iv_policy_get_year (self->policy),
                            next_counter (self, "order"));
  ok = run (q (self, "INSERT INTO orders (id, account_id, number, version, status, voucher_id, "
                     "service_id, institution_id, quoted_amount_fen, reserved_fen, note, created_at) "
                     "VALUES (?, ?, ?, 1, 'placed', ?, ?, ?, ?, 0, ?, ?)", "ssssssiss",
               id, account_id, number, voucher_id, service_id, institution_id, quoted, note, now));
  add_history (self, id, "placed", "applicant", note);
  add_event (self, account_id, "order.status", id, "placed");
  if (!tx_end (self, ok))
    return vs_error_fail_null (error, 500, "internal_error", NULL, "无法保存订单");
  return object_json (self, VS_KIND_ORDER, id);
}

/* Gives an order's reservation back to its voucher */
static void
release_reservation (VsStore    *self,
                     const char *order_id)
{
  sqlite3_stmt *stmt = q (self, "SELECT voucher_id, reserved_fen FROM orders WHERE id = ?", "s", order_id);
  g_autofree char *voucher_id = NULL;
  gint64 reserved = 0;

  if (row (stmt))
    {
      voucher_id = g_strdup (col_s (stmt, 0));
      reserved = col_i (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (voucher_id == NULL || reserved <= 0)
    return;
  run (q (self, "UPDATE vouchers SET reserved_fen = max(0, reserved_fen - ?) WHERE id = ?",
          "is", reserved, voucher_id));
  voucher_updated (self, voucher_id);
}

JsonNode *
vs_store_cancel_order (VsStore    *self,
                       const char *account_id,
                       const char *id,
                       GError    **error)
{
  g_autofree char *status = NULL;

  if (!check_owner (self, VS_KIND_ORDER, id, account_id, NULL, error))
    return NULL;
  status = object_status (self, VS_KIND_ORDER, id);
  if (!status_in (status, "placed", "accepted", "confirmed", NULL))
    {
      invalid_state (error, "该订单已完成或已结束，不能取消");
      return NULL;
    }
  tx_begin (self);
  release_reservation (self, id);
  set_status (self, VS_KIND_ORDER, id, "cancelled", "applicant", NULL);
  tx_end (self, TRUE);
  return object_json (self, VS_KIND_ORDER, id);
}

/* ---- attachments -------------------------------------------------------- */

static gboolean
magic_matches (const char *content_type,
               GBytes     *bytes)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  if (g_strcmp0 (content_type, "application/pdf") == 0)
    return len >= 5 && memcmp (data, "%PDF-", 5) == 0;
  if (g_strcmp0 (content_type, "image/png") == 0)
    return len >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0;
  if (g_strcmp0 (content_type, "image/jpeg") == 0)
    return len >= 3 && memcmp (data, "\xff\xd8\xff", 3) == 0;
  return FALSE;
}

/* A newline or other control character in a name would end up in the
 * client's lists and in saved file names */
static gboolean
has_control_char (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

JsonNode *
vs_store_create_attachment (VsStore    *self,
                            const char *account_id,
                            const char *filename,
                            const char *content_type,
                            GBytes     *bytes,
                            GError    **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *id = new_id ("att-");
  g_autofree char *now = vs_store_now_string ();
  g_autofree char *sha = NULL;
  gsize len = 0;
  gconstpointer data = g_bytes_get_data (bytes, &len);

  if (!status_in (content_type, "application/pdf", "image/png", "image/jpeg", NULL))
    return vs_error_fail_null (error, 415, "unsupported_media_type", "Content-Type", "只接受 PDF、PNG 或 JPEG 文件");
  if (len > MAX_ATTACHMENT_BYTES)
    return vs_error_fail_null (error, 413, "body_too_large", NULL, "附件不能超过 20 MiB");
  if (!magic_matches (content_type, bytes))
    return vs_error_fail_null (error, 415, "unsupported_media_type", "Content-Type", "文件内容与声明的类型不符");
  if (filename == NULL || *filename == '\0' || !g_utf8_validate (filename, -1, NULL) ||
      g_utf8_strlen (filename, -1) > 255 || strchr (filename, '/') != NULL ||
      has_control_char (filename))
    return vs_error_fail_null (error, 400, "invalid_parameter", "X-Filename", "文件名无效");
  sha = sha256_hex (data != NULL ? data : "", len);
  if (!run (q (self, "INSERT INTO attachments (id, account_id, filename, content_type, size, sha256, "
                     "data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "ssssisbs",
               id, account_id, filename, content_type, (gint64) len, sha, bytes, now)))
    return vs_error_fail_null (error, 500, "internal_error", NULL, "无法保存附件");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "filename");
  json_builder_add_string_value (b, filename);
  json_builder_set_member_name (b, "content_type");
  json_builder_add_string_value (b, content_type);
  json_builder_set_member_name (b, "size");
  json_builder_add_int_value (b, (gint64) len);
  json_builder_set_member_name (b, "sha256");
  json_builder_add_string_value (b, sha);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* ---- claims ------------------------------------------------------------- */

typedef struct {
  const char *order_id;
  const char *contract_no;
  gint64      contract_amount_fen;
  const char *paid_on;
  char       *invoice;      /* JSON text */
  char       *documents;    /* JSON text */
  char       *voucher_id;
  gint64      requested_fen;
} ClaimBody;

static void
claim_body_clear (ClaimBody *c)
{
  g_clear_pointer (&c->invoice, g_free);
  g_clear_pointer (&c->documents, g_free);
  g_clear_pointer (&c->voucher_id, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ClaimBody, claim_body_clear)

static char *
node_to_text (JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_generator_set_root (gen, node);
  return json_generator_to_data (gen, NULL);
}

/* The rules of a claim body, in the order a person would fix them */
static gboolean
read_claim (VsStore    *self,
            const char *account_id,
            const char *claim_id,
            JsonObject *body,
            ClaimBody  *out,
            GError    **error)
{
  JsonNode *node;
  JsonObject *invoice, *documents;
  const char *inv_code, *inv_number, *inv_date, *seller;
  gint64 inv_amount, order_reserved = 0;
  g_autofree char *order_status = NULL;
  g_autofree char *redeem_by = NULL;
  g_autofree char *today = date_string (0);
  g_autofree char *existing = NULL;
  g_autoptr(JsonBuilder) inv_b = json_builder_new ();
  g_autoptr(JsonNode) inv_node = NULL;
  sqlite3_stmt *stmt;

  if (!body_string (body, "order_id", "order_id", TRUE, 64, &out->order_id, error) ||
      !body_string (body, "contract_no", "contract_no", TRUE, 64, &out->contract_no, error) ||
      !body_int (body, "contract_amount_fen", "contract_amount_fen", 1, IV_MONEY_MAX_FEN,
                 &out->contract_amount_fen, error) ||
      !body_date (body, "paid_on", "paid_on", &out->paid_on, error))
    return FALSE;

  node = json_object_get_member (body, "invoice");
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return vs_error_fail (error, 400, "missing_field", "invoice", "缺少发票信息");
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return vs_error_fail (error, 400, "invalid_parameter", "invoice", "发票信息应为对象");
  invoice = json_node_get_object (node);
  if (!body_string (invoice, "code", "invoice.code", FALSE, 12, &inv_code, error) ||
      !body_string (invoice, "number", "invoice.number", TRUE, 20, &inv_number, error) ||
      !body_date (invoice, "date", "invoice.date", &inv_date, error) ||
      !body_int (invoice, "amount_fen", "invoice.amount_fen", 1, IV_MONEY_MAX_FEN, &inv_amount, error) ||
      !body_string (invoice, "seller_name", "invoice.seller_name", TRUE, 200, &seller, error))
    return FALSE;

  node = json_object_get_member (body, "documents");
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return vs_error_fail (error, 422, "missing_document", "documents", "缺少证明材料");
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return vs_error_fail (error, 400, "invalid_parameter", "documents", "证明材料应为对象");
  documents = json_node_get_object (node);

  /* The order: the account's own, completed, not claimed yet */
  if (!check_owner (self, VS_KIND_ORDER, out->order_id, account_id, "order_id", error))
    return FALSE;
  stmt = q (self, "SELECT o.status, o.voucher_id, o.reserved_fen, v.redeem_by FROM orders o "
                  "JOIN vouchers v ON v.id = o.voucher_id WHERE o.id = ?", "s", out->order_id);
  row (stmt);
  order_status = g_strdup (col_s (stmt, 0));
  out->voucher_id = g_strdup (col_s (stmt, 1));
  order_reserved = col_i (stmt, 2);
  redeem_by = g_strdup (col_s (stmt, 3));
  sqlite3_reset (stmt);
  if (g_strcmp0 (order_status, "completed") != 0)
    return vs_error_fail (error, 409, "order_not_completed", "order_id", "订单尚未完成，不能申请兑付");
  existing = scalar_s (q (self, "SELECT id FROM claims WHERE order_id = ?", "s", out->order_id));
  if (existing != NULL && g_strcmp0 (existing, claim_id) != 0)
    return vs_error_fail (error, 409, "claim_exists_for_order", "order_id", "该订单已提交过兑付申请");
  if (g_strcmp0 (today, redeem_by) > 0)
    return vs_error_fail (error, 422, "redeem_deadline_passed", "order_id", "已超过创新券兑付截止日期");

  if (!iv_validate_invoice (inv_code, inv_number, NULL, NULL))
    return vs_error_fail (error, 422, "invalid_invoice_number", "invoice.number", "发票代码或号码格式不正确");
  /* The invoice must be for the whole contract: one invoice per claim */
  if (inv_amount != out->contract_amount_fen)
    return vs_error_fail (error, 422, "invoice_amount_mismatch", "invoice.amount_fen", "发票金额与合同金额不一致");

  for (guint i = 0; i < G_N_ELEMENTS (document_kinds); i++)
    {
      JsonNode *list = json_object_get_member (documents, document_kinds[i]);
      g_autofree char *field = g_strconcat ("documents.", document_kinds[i], NULL);
      JsonArray *array;

      if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list) ||
          json_array_get_length (json_node_get_array (list)) == 0)
        return vs_error_fail (error, 422, "missing_document", field, "缺少必需的证明材料");
      array = json_node_get_array (list);
      for (guint j = 0; j < json_array_get_length (array); j++)
        {
          JsonNode *e = json_array_get_element (array, j);

          if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING ||
              scalar_i (q (self, "SELECT count(*) FROM attachments WHERE id = ? AND account_id = ?",
                           "ss", json_node_get_string (e), account_id), 0) == 0)
            return vs_error_fail (error, 422, "missing_document", field, "证明材料不存在");
        }
    }

  /* Store the invoice in its canonical shape */
  json_builder_begin_object (inv_b);
  json_builder_set_member_name (inv_b, "code");
  if (inv_code != NULL && *inv_code != '\0')
    json_builder_add_string_value (inv_b, inv_code);
  else
    json_builder_add_null_value (inv_b);
  json_builder_set_member_name (inv_b, "number");
  json_builder_add_string_value (inv_b, inv_number);
  json_builder_set_member_name (inv_b, "date");
  json_builder_add_string_value (inv_b, inv_date);
  json_builder_set_member_name (inv_b, "amount_fen");
  json_builder_add_int_value (inv_b, inv_amount);
  json_builder_set_member_name (inv_b, "seller_name");
  json_builder_add_string_value (inv_b, seller);
  json_builder_end_object (inv_b);
  inv_node = json_builder_get_root (inv_b);
  out->invoice = node_to_text (inv_node);
  {
    g_autoptr(JsonBuilder) db = json_builder_new ();
    g_autoptr(JsonNode) dn = NULL;

    json_builder_begin_object (db);
    for (guint i = 0; i < G_N_ELEMENTS (document_kinds); i++)
      {
        json_builder_set_member_name (db, document_kinds[i]);
        json_builder_add_value (db, json_node_copy (json_object_get_member (documents, document_kinds[i])));
      }
    json_builder_end_object (db);
    dn = json_builder_get_root (db);
    out->documents = node_to_text (dn);
  }

  out->requested_fen = iv_policy_estimate_subsidy (self->policy, out->contract_amount_fen, order_reserved);
  return TRUE;
}

/* Receipt verification codes: 8 characters without 0/O, 1/I/L */
static char *
verification_code (void)
{
  static const char charset[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
  char code[9];

  for (guint i = 0; i < 8; i++)
    code[i] = charset[randombytes_uniform (sizeof charset - 1)];
  code[8] = '\0';
  return g_strdup (code);
}

JsonNode *
vs_store_create_claim (VsStore    *self,
                       const char *account_id,
                       JsonObject *body,
                       GError    **error)
{
  g_auto(ClaimBody) c = { 0 };
  g_autofree char *id = new_id ("clm-");
  g_autofree char *number = NULL;
  g_autofree char *receipt = NULL;
  g_autofree char *code = verification_code ();
  g_autofree char *now = vs_store_now_string ();
  gint year = iv_policy_get_year (self->policy);
  gboolean ok;

  if (!read_claim (self, account_id, NULL, body, &c, error))
    return NULL;
  tx_begin (self);
  number = g_strdup_printf ("DF%d-%06" G_GINT64_FORMAT, year, next_counter (self, "claim"));
  receipt = g_strdup_printf ("HZ%d-%08" G_GINT64_FORMAT, year, next_counter (self, "receipt"));
  ok = run (q (self, "INSERT INTO claims (id, account_id, number, version, status, order_id, voucher_id, "
                     "contract_no, contract_amount_fen, invoice, paid_on, documents, requested_subsidy_fen, "
                     "submitted_at, receipt_number, verification_code, receipt_issued_at) "
                     "VALUES (?, ?, ?, 1, 'submitted', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               "ssssssisssissss",
               id, account_id, number, c.order_id, c.voucher_id, c.contract_no, c.contract_amount_fen,
               c.invoice, c.paid_on, c.documents, c.requested_fen, now, receipt, code, now));
  return end_submission (self, VS_KIND_CLAIM, account_id, id, ok, "无法保存兑付申请", error);
}

JsonNode *
vs_store_update_claim (VsStore    *self,
                       const char *account_id,
                       const char *id,
                       gint64      if_match_version,
                       JsonObject *body,
                       GError    **error)
{
  g_auto(ClaimBody) c = { 0 };
  g_autofree char *status = NULL;
  g_autofree char *order_id = NULL;
  gboolean ok;

  status = check_update (self, VS_KIND_CLAIM, account_id, id, if_match_version, error);
  if (status == NULL || !read_claim (self, account_id, id, body, &c, error))
    return NULL;
  order_id = scalar_s (q (self, "SELECT order_id FROM claims WHERE id = ?", "s", id));
  if (g_strcmp0 (order_id, c.order_id) != 0)
    return vs_error_fail_null (error, 400, "invalid_parameter", "order_id", "重新提交时不能更换订单");
  tx_begin (self);
  ok = run (q (self, "UPDATE claims SET version = version + 1, status = 'submitted', contract_no = ?, "
                     "contract_amount_fen = ?, invoice = ?, paid_on = ?, documents = ?, "
                     "requested_subsidy_fen = ? WHERE id = ?", "sisssis",
               c.contract_no, c.contract_amount_fen, c.invoice, c.paid_on, c.documents,
               c.requested_fen, id));
  return end_submission (self, VS_KIND_CLAIM, account_id, id, ok, "无法保存兑付申请", error);
}

JsonNode *
vs_store_get_receipt (VsStore    *self,
                      const char *account_id,
                      const char *claim_id,
                      const char *base_url,
                      GError    **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *url = NULL;
  g_autoptr(JsonNode) invoice = NULL;
  sqlite3_stmt *stmt;

  if (!check_owner (self, VS_KIND_CLAIM, claim_id, account_id, NULL, error))
    return NULL;
  stmt = q (self, "SELECT c.receipt_number, c.id, c.number, c.receipt_issued_at, a.name, a.credit_code, "
                  "v.code, i.name, s.title, c.contract_no, c.contract_amount_fen, c.invoice, "
                  "c.requested_subsidy_fen, c.status, c.verification_code "
                  "FROM claims c JOIN accounts a ON a.id = c.account_id "
                  "JOIN vouchers v ON v.id = c.voucher_id JOIN orders o ON o.id = c.order_id "
                  "LEFT JOIN services s ON s.id = o.service_id "
                  "LEFT JOIN institutions i ON i.id = o.institution_id WHERE c.id = ?", "s", claim_id);
  if (!row (stmt))
    {
      sqlite3_reset (stmt);
      not_found (error, NULL);
      return NULL;
    }
  invoice = json_from_string (col_s (stmt, 11), NULL);
  url = g_strdup_printf ("%s/v1/receipts/verify?code=%s", base_url, col_s (stmt, 14));
  json_builder_begin_object (b);
  add_columns (b, stmt, 0, "ssss", "number", "claim_id", "claim_number", "issued_at");
  json_builder_set_member_name (b, "enterprise");
  json_builder_begin_object (b);
  add_columns (b, stmt, 4, "sS", "name", "credit_code");
  json_builder_end_object (b);
  add_columns (b, stmt, 6, "s", "voucher_code");
  json_builder_set_member_name (b, "institution_name");
  json_builder_add_string_value (b, col_s (stmt, 7) != NULL ? col_s (stmt, 7) : "");
  json_builder_set_member_name (b, "service_title");
  json_builder_add_string_value (b, col_s (stmt, 8) != NULL ? col_s (stmt, 8) : "");
  add_columns (b, stmt, 9, "si", "contract_no", "contract_amount_fen");
  json_builder_set_member_name (b, "invoice_number");
  json_builder_add_string_value (b, invoice != NULL ? json_object_get_string_member (json_node_get_object (invoice), "number") : "");
  add_columns (b, stmt, 12, "iss", "requested_subsidy_fen", "status", "verification_code");
  json_builder_set_member_name (b, "verify_url");
  json_builder_add_string_value (b, url);
  json_builder_end_object (b);
  sqlite3_reset (stmt);
  return json_builder_get_root (b);
}

JsonNode *
vs_store_verify_receipt (VsStore    *self,
                         const char *code)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *number = NULL;

  if (code != NULL)
    number = scalar_s (q (self, "SELECT number FROM claims WHERE verification_code = ?", "s", code));
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "genuine");
  json_builder_add_boolean_value (b, number != NULL);
  json_builder_set_member_name (b, "claim_number");
  if (number != NULL)
    json_builder_add_string_value (b, number);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* ---- transitions -------------------------------------------------------- */

static gboolean
check_move (VsStore      *self,
            VsObjectKind  kind,
            const char   *id,
            char        **out_status,
            GError      **error)
{
  *out_status = object_status (self, kind, id);
  if (*out_status == NULL)
    {
      not_found (error, NULL);
      return FALSE;
    }
  return TRUE;
}

static void
bad_move (GError    **error,
          const char *from,
          const char *to)
{
  g_autofree char *msg = g_strdup_printf ("不能从 %s 转为 %s", from, to);

  invalid_state (error, msg);
}

gboolean
vs_store_move_application (VsStore    *self,
                           const char *id,
                           const char *to_status,
                           const char *actor,
                           const char *note,
                           GError    **error)
{
  g_autofree char *from = NULL;
  gboolean reviewing;
  gboolean allowed;

  if (!check_move (self, VS_KIND_APPLICATION, id, &from, error))
    return FALSE;
  reviewing = status_in (from, "submitted", "district_review", "city_review", NULL);
  if (g_strcmp0 (to_status, "district_review") == 0)
    allowed = g_strcmp0 (from, "submitted") == 0;
  else if (g_strcmp0 (to_status, "city_review") == 0)
    allowed = g_strcmp0 (from, "district_review") == 0;
  else if (g_strcmp0 (to_status, "approved") == 0)
    allowed = g_strcmp0 (from, "city_review") == 0;
  else if (status_in (to_status, "rejected", "returned", NULL))
    allowed = reviewing;
  else
    allowed = FALSE;
  if (!allowed)
    {
      bad_move (error, from, to_status);
      return FALSE;
    }
  if (actor == NULL)
    actor = g_strcmp0 (from, "city_review") == 0 || g_strcmp0 (to_status, "approved") == 0 ? "city" : "district";

  tx_begin (self);
  set_status (self, VS_KIND_APPLICATION, id, to_status, actor, note);
  if (g_strcmp0 (to_status, "approved") == 0)
    {
      sqlite3_stmt *stmt = q (self, "SELECT account_id, amount_fen FROM applications WHERE id = ?", "s", id);
      g_autofree char *account_id = NULL;
      g_autofree char *voucher_id = NULL;
      gint64 amount;

      row (stmt);
      account_id = g_strdup (col_s (stmt, 0));
      amount = col_i (stmt, 1);
      sqlite3_reset (stmt);
      voucher_id = issue_voucher (self, account_id, id, amount);
    }
  return tx_end (self, TRUE);
}

gboolean
vs_store_move_order (VsStore    *self,
                     const char *id,
                     const char *to_status,
                     const char *actor,
                     const char *note,
                     GError    **error)
{
  g_autofree char *from = NULL;
  gboolean allowed;

  if (!check_move (self, VS_KIND_ORDER, id, &from, error))
    return FALSE;
  if (g_strcmp0 (to_status, "accepted") == 0)
    allowed = g_strcmp0 (from, "placed") == 0;
  else if (g_strcmp0 (to_status, "declined") == 0)
    allowed = status_in (from, "placed", "accepted", NULL);
  else if (g_strcmp0 (to_status, "confirmed") == 0)
    allowed = g_strcmp0 (from, "accepted") == 0;
  else if (g_strcmp0 (to_status, "completed") == 0)
    allowed = g_strcmp0 (from, "confirmed") == 0;
  else
    allowed = FALSE;
  if (!allowed)
    {
      bad_move (error, from, to_status);
      return FALSE;
    }
  if (actor == NULL)
    actor = g_strcmp0 (to_status, "confirmed") == 0 ? "system" : "institution";

  tx_begin (self);
  if (g_strcmp0 (to_status, "confirmed") == 0)
    {
      /* The centre reserves what the voucher still has, up to the quote */
      sqlite3_stmt *stmt = q (self, "SELECT o.voucher_id, o.quoted_amount_fen, v.balance_fen, v.reserved_fen "
                                    "FROM orders o JOIN vouchers v ON v.id = o.voucher_id WHERE o.id = ?",
                              "s", id);
      g_autofree char *voucher_id = NULL;
      gint64 quoted, available, reserve;

      row (stmt);
      voucher_id = g_strdup (col_s (stmt, 0));
      quoted = col_i (stmt, 1);
      available = MAX (0, col_i (stmt, 2) - col_i (stmt, 3));
      sqlite3_reset (stmt);
      reserve = MIN (quoted, available);
      run (q (self, "UPDATE orders SET reserved_fen = ? WHERE id = ?", "is", reserve, id));
      run (q (self, "UPDATE vouchers SET reserved_fen = reserved_fen + ? WHERE id = ?", "is", reserve, voucher_id));
      voucher_updated (self, voucher_id);
    }
  set_status (self, VS_KIND_ORDER, id, to_status, actor, note);
  return tx_end (self, TRUE);
}

gboolean
vs_store_move_claim (VsStore    *self,
                     const char *id,
                     const char *to_status,
                     const char *actor,
                     gint64      amount_fen,
                     const char *note,
                     GError    **error)
{
  g_autofree char *from = NULL;
  gboolean allowed;

  if (!check_move (self, VS_KIND_CLAIM, id, &from, error))
    return FALSE;
  if (g_strcmp0 (to_status, "district_review") == 0)
    allowed = g_strcmp0 (from, "submitted") == 0;
  else if (g_strcmp0 (to_status, "city_review") == 0)
    allowed = g_strcmp0 (from, "district_review") == 0;
  else if (g_strcmp0 (to_status, "publicized") == 0)
    allowed = g_strcmp0 (from, "city_review") == 0;
  else if (g_strcmp0 (to_status, "approved") == 0)
    allowed = g_strcmp0 (from, "publicized") == 0;
  else if (g_strcmp0 (to_status, "paid") == 0)
    allowed = g_strcmp0 (from, "approved") == 0;
  else if (status_in (to_status, "rejected", "returned", NULL))
    allowed = status_in (from, "submitted", "district_review", "city_review", "publicized", NULL);
  else
    allowed = FALSE;
  if (!allowed)
    {
      bad_move (error, from, to_status);
      return FALSE;
    }
  if (actor == NULL)
    actor = status_in (to_status, "district_review", NULL) || g_strcmp0 (from, "submitted") == 0 ||
            g_strcmp0 (from, "district_review") == 0 ? "district"
          : g_strcmp0 (to_status, "paid") == 0 ? "system" : "city";

  if (g_strcmp0 (to_status, "approved") == 0)
    {
      gint64 requested = scalar_i (q (self, "SELECT requested_subsidy_fen FROM claims WHERE id = ?", "s", id), 0);

      if (amount_fen < 0)
        amount_fen = requested;
      if (amount_fen > requested)
        return vs_error_fail (error, 400, "invalid_parameter", "amount_fen", "核定金额不能超过申请补贴金额");
    }

  tx_begin (self);
  if (g_strcmp0 (to_status, "approved") == 0)
    run (q (self, "UPDATE claims SET approved_subsidy_fen = ? WHERE id = ?", "is", amount_fen, id));
  else if (g_strcmp0 (to_status, "paid") == 0)
    {
      sqlite3_stmt *stmt = q (self, "SELECT voucher_id, approved_subsidy_fen, order_id FROM claims WHERE id = ?",
                              "s", id);
      g_autofree char *voucher_id = NULL;
      g_autofree char *order_id = NULL;
      gint64 approved;

      row (stmt);
      voucher_id = g_strdup (col_s (stmt, 0));
      approved = col_i (stmt, 1);
      order_id = g_strdup (col_s (stmt, 2));
      sqlite3_reset (stmt);
      /* The subsidy is paid out of the voucher; the order's hold ends */
      release_reservation (self, order_id);
      run (q (self, "UPDATE vouchers SET balance_fen = max(0, balance_fen - ?) WHERE id = ?",
              "is", approved, voucher_id));
      voucher_updated (self, voucher_id);
    }
  else if (g_strcmp0 (to_status, "rejected") == 0)
    {
      g_autofree char *order_id = scalar_s (q (self, "SELECT order_id FROM claims WHERE id = ?", "s", id));

      release_reservation (self, order_id);
    }
  set_status (self, VS_KIND_CLAIM, id, to_status, actor, note);
  return tx_end (self, TRUE);
}

const char *
vs_store_next_status (VsObjectKind  kind,
                      const char   *status)
{
  static const char * const application_path[] = { "submitted", "district_review", "city_review", "approved", NULL };
  static const char * const order_path[] = { "placed", "accepted", "confirmed", "completed", NULL };
  static const char * const claim_path[] = { "submitted", "district_review", "city_review", "publicized",
                                             "approved", "paid", NULL };
  const char * const *path;

  switch (kind)
    {
    case VS_KIND_APPLICATION: path = application_path; break;
    case VS_KIND_ORDER: path = order_path; break;
    case VS_KIND_CLAIM: path = claim_path; break;
    case VS_KIND_VOUCHER:
    default:
      return NULL;
    }
  for (guint i = 0; path[i] != NULL; i++)
    if (g_strcmp0 (path[i], status) == 0)
      return path[i + 1];
  return NULL;
}

GStrv
vs_store_find_by_status (VsStore      *self,
                         VsObjectKind  kind,
                         const char   *status)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt = q (self, sql_for (kind)->by_status, "s", status);

  while (row (stmt))
    g_strv_builder_add (builder, col_s (stmt, 0));
  sqlite3_reset (stmt);
  return g_strv_builder_end (builder);
}
