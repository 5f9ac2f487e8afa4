/* test-faults.c: every injected fault on every kind of write: nothing lost, nothing doubled, the right end state */

#include "config.h"

#include "iv-sync-test-util.h"

/* One service for the whole program; every case has its own account and
 * client store, so counts on the service are the case's alone. */
static IvTestService *service;

typedef struct {
  const char *name;
  const char *spec;          /* the fault, without path_prefix */
  gboolean    retry_after;   /* the answer carries Retry-After: 1 */
  gboolean    slow;          /* the answer takes longer than the client waits */
} Fault;

static const Fault faults[] = {
  { "status-500", "\"kind\": \"status\", \"status\": 500", FALSE, FALSE },
  { "status-500x3", "\"kind\": \"status\", \"status\": 500, \"count\": 3", FALSE, FALSE },
  { "status-503-retry-after", "\"kind\": \"status\", \"status\": 503, \"retry_after\": 1", TRUE, FALSE },
  { "status-429-retry-after", "\"kind\": \"status\", \"status\": 429, \"retry_after\": 1", TRUE, FALSE },
  { "delay", "\"kind\": \"delay\", \"delay_ms\": 2500", FALSE, TRUE },
  { "drop-before", "\"kind\": \"drop_before\"", FALSE, FALSE },
  { "drop-after", "\"kind\": \"drop_after\"", FALSE, FALSE },
  { "truncate", "\"kind\": \"truncate\"", FALSE, FALSE },
  { "corrupt-syntax", "\"kind\": \"corrupt\", \"corrupt\": \"syntax\"", FALSE, FALSE },
  { "corrupt-wrong-type", "\"kind\": \"corrupt\", \"corrupt\": \"wrong_type\"", FALSE, FALSE },
  { "wrong-content-type", "\"kind\": \"wrong_content_type\"", FALSE, FALSE },
  { "oversize", "\"kind\": \"oversize\", \"oversize_bytes\": 5242880", FALSE, FALSE },
};

typedef enum {
  WRITE_APPLICATION,
  WRITE_RESUBMIT_APPLICATION,
  WRITE_WITHDRAW_APPLICATION,
  WRITE_ORDER,
  WRITE_CANCEL_ORDER,
  WRITE_UPLOAD,
  WRITE_CLAIM,
  WRITE_RESUBMIT_CLAIM,
  N_WRITES
} Write;

static const char * const write_names[N_WRITES] = {
  "application", "resubmit-application", "withdraw-application", "order",
  "cancel-order", "upload", "claim", "resubmit-claim",
};

typedef struct {
  Fault  fault;
  Write  write;
} Case;

/* The server-side state a case starts from, and what it must end with */
typedef struct {
  char   *target;          /* the object the write addresses, if any */
  char   *prefix;          /* the path the fault is armed on */
  gint64  items[2];        /* outbox items (an upload before its claim) */
  guint   n_items;
  gint64  attachments_before;
} Scenario;

static void
scenario_clear (Scenario *s)
{
  g_free (s->target);
  g_free (s->prefix);
}

static char *
json_id (JsonNode *node)
{
  return g_strdup (json_object_get_string_member (json_node_get_object (node), "id"));
}

static gint64
json_version (JsonNode *node)
{
  return json_object_get_int_member (json_node_get_object (node), "version");
}

/* A claim made and returned directly (not through the client) */
static char *
returned_claim (SyncFixture *f,
                gint64      *out_version)
{
  g_autofree char *voucher = iv_test_grant_voucher (f->svc, f->token, 10000000);
  g_autofree char *service_id = iv_test_first_service_id (f->svc);
  g_autofree char *order = iv_test_order (f->svc, f->token, voucher, service_id, 2000000, "completed");
  g_autofree char *att = iv_test_upload (f->svc, f->token, "application/pdf");
  g_autofree char *body = iv_test_claim_body (order, 2000000, att);
  g_autoptr(JsonNode) claim = NULL;
  g_autoptr(JsonNode) returned = NULL;
  g_autofree char *id = NULL;

  g_assert_cmpuint (iv_test_service_request (f->svc, "POST", "/v1/claims", f->token, body, &claim), ==, 201);
  id = json_id (claim);
  returned = sync_test_admin_move (f, "claims", id, "return", "请补充合同扫描件");
  *out_version = json_version (returned);
  return g_steal_pointer (&id);
}

static void
prepare (SyncFixture *f,
         Write        write,
         Scenario    *s)
{
  g_autoptr(IvOutboxItem) item = NULL;
  g_autoptr(IvOutboxItem) upload = NULL;
  g_autoptr(JsonNode) app = NULL;
  g_autofree char *body = NULL;

  switch (write)
    {
    case WRITE_APPLICATION:
      body = iv_test_application_body (5000000);
      item = sync_test_enqueue (f, IV_OUTBOX_KIND_CREATE_APPLICATION, NULL, -1, body, NULL);
      s->prefix = g_strdup ("/v1/applications");
      break;

    case WRITE_RESUBMIT_APPLICATION:
    case WRITE_WITHDRAW_APPLICATION:
      body = iv_test_application_body (5000000);
      g_assert_cmpuint (iv_test_service_request (f->svc, "POST", "/v1/applications", f->token, body, &app), ==, 201);
      s->target = json_id (app);
      s->prefix = g_strdup_printf ("/v1/applications/%s", s->target);
      if (write == WRITE_RESUBMIT_APPLICATION)
        {
          g_autoptr(JsonNode) returned = sync_test_admin_move (f, "applications", s->target, "return", "请说明用途");
          g_autofree char *edited = g_strdup_printf ("{\"year\": 2026, \"amount_fen\": 4000000, "
                                                     "\"purpose\": \"新材料研发检测（补充说明）\", "
                                                     "\"planned_categories\": [\"testing\"], "
                                                     "\"contact_name\": \"张三\", \"contact_phone\": \"13800138000\"}");

          item = sync_test_enqueue (f, IV_OUTBOX_KIND_RESUBMIT_APPLICATION, s->target,
                                    json_version (returned), edited, NULL);
        }
      else
        item = sync_test_enqueue (f, IV_OUTBOX_KIND_WITHDRAW_APPLICATION, s->target, -1, NULL, NULL);
      break;

    case WRITE_ORDER:
    case WRITE_CANCEL_ORDER:
      {
        g_autofree char *voucher = iv_test_grant_voucher (f->svc, f->token, 10000000);
        g_autofree char *service_id = iv_test_first_service_id (f->svc);

        if (write == WRITE_ORDER)
          {
            body = g_strdup_printf ("{\"voucher_id\": \"%s\", \"service_id\": \"%s\", "
                                    "\"quoted_amount_fen\": 1500000, \"note\": \"请尽快安排\"}", voucher, service_id);
            item = sync_test_enqueue (f, IV_OUTBOX_KIND_CREATE_ORDER, NULL, -1, body, NULL);
            s->prefix = g_strdup ("/v1/orders");
          }
        else
          {
            s->target = iv_test_order (f->svc, f->token, voucher, service_id, 1500000, "accepted");
            item = sync_test_enqueue (f, IV_OUTBOX_KIND_CANCEL_ORDER, s->target, -1, NULL, NULL);
            s->prefix = g_strdup_printf ("/v1/orders/%s", s->target);
          }
      }
      break;

    case WRITE_UPLOAD:
      {
        g_autoptr(GFile) file = sync_test_png_file (f, "发票扫描.png");
        g_autoptr(GError) error = NULL;

        item = iv_outbox_enqueue_upload (f->outbox, file, "发票扫描.png", "image/png", NULL, NULL, &error);
        g_assert_no_error (error);
        s->prefix = g_strdup ("/v1/attachments");
      }
      break;

    case WRITE_CLAIM:
      {
        g_autofree char *voucher = iv_test_grant_voucher (f->svc, f->token, 10000000);
        g_autofree char *service_id = iv_test_first_service_id (f->svc);
        g_autofree char *order = iv_test_order (f->svc, f->token, voucher, service_id, 2000000, "completed");
        g_autoptr(GFile) file = sync_test_png_file (f, "合同.png");
        g_autoptr(GError) error = NULL;
        g_autofree char *placeholder = NULL;

        upload = iv_outbox_enqueue_upload (f->outbox, file, "合同.png", "image/png", NULL, NULL, &error);
        g_assert_no_error (error);
        placeholder = iv_outbox_item_dup_placeholder (upload);
        body = iv_test_claim_body (order, 2000000, placeholder);
        s->items[s->n_items++] = iv_outbox_item_get_id (upload);
        item = sync_test_enqueue (f, IV_OUTBOX_KIND_CREATE_CLAIM, NULL, -1, body, NULL);
        s->prefix = g_strdup ("/v1/claims");
      }
      break;

    case WRITE_RESUBMIT_CLAIM:
    default:
      {
        gint64 version = 0;
        g_autoptr(JsonNode) claim = NULL;
        g_autoptr(JsonObject) edited = NULL;
        g_autoptr(JsonNode) edited_node = NULL;
        g_autofree char *text = NULL;

        s->target = returned_claim (f, &version);
        claim = sync_test_server_object (f, "claims", s->target);
        /* The body the user edits: the claim's fields with a new contract number */
        edited = json_object_new ();
        for (const char * const *m = (const char * const[]) { "order_id", "contract_amount_fen", "invoice",
                                                              "paid_on", "documents", NULL }; *m != NULL; m++)
          json_object_set_member (edited, *m, json_node_copy (json_object_get_member (json_node_get_object (claim), *m)));
        json_object_set_string_member (edited, "contract_no", "HT-2026-001-补");
        edited_node = json_node_init_object (json_node_alloc (), edited);
        text = json_to_string (edited_node, FALSE);
        item = sync_test_enqueue (f, IV_OUTBOX_KIND_RESUBMIT_CLAIM, s->target, version, text, NULL);
        s->prefix = g_strdup_printf ("/v1/claims/%s", s->target);
      }
      break;
    }
  s->items[s->n_items++] = iv_outbox_item_get_id (item);
  s->attachments_before = sync_test_applied (f, "POST", "/v1/attachments");
}

static void
check_end_state (SyncFixture *f,
                 Write        write,
                 Scenario    *s)
{
  g_autoptr(IvOutboxItem) item = NULL;
  g_autoptr(JsonNode) object = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < s->n_items; i++)
    {
      g_autoptr(IvOutboxItem) it = iv_outbox_get_item (f->outbox, s->items[i], &error);

      g_assert_no_error (error);
      if (iv_outbox_item_get_state (it) != IV_OUTBOX_STATE_DONE)
        g_test_message ("item %" G_GINT64_FORMAT ": %s %s", s->items[i],
                        iv_outbox_item_get_error_code (it), iv_outbox_item_get_error_message (it));
      g_assert_cmpstr (iv_outbox_state_to_string (iv_outbox_item_get_state (it)), ==, "done");
      g_assert_nonnull (iv_outbox_item_get_server_id (it));
    }
  g_assert_cmpuint (iv_outbox_get_pending_count (f->outbox), ==, 0);
  item = iv_outbox_get_item (f->outbox, s->items[s->n_items - 1], &error);
  g_assert_no_error (error);

  switch (write)
    {
    case WRITE_APPLICATION:
      g_assert_cmpint (sync_test_count_objects (f, "applications"), ==, 1);
      g_assert_cmpint (sync_test_applied (f, "POST", "/v1/applications"), ==, 1);
      object = sync_test_server_object (f, "applications", iv_outbox_item_get_server_id (item));
      g_assert_cmpstr (sync_test_status_of (object), ==, "submitted");
      break;
    case WRITE_RESUBMIT_APPLICATION:
      object = sync_test_server_object (f, "applications", s->target);
      g_assert_cmpstr (sync_test_status_of (object), ==, "submitted");
      g_assert_cmpuint (sync_test_count_steps (object, "submitted"), ==, 2);
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (object), "purpose"), ==,
                       "新材料研发检测（补充说明）");
      g_assert_cmpint (sync_test_count_objects (f, "applications"), ==, 1);
      break;
    case WRITE_WITHDRAW_APPLICATION:
      object = sync_test_server_object (f, "applications", s->target);
      g_assert_cmpstr (sync_test_status_of (object), ==, "withdrawn");
      g_assert_cmpuint (sync_test_count_steps (object, "withdrawn"), ==, 1);
      break;
    case WRITE_ORDER:
      g_assert_cmpint (sync_test_count_objects (f, "orders"), ==, 1);
      g_assert_cmpint (sync_test_applied (f, "POST", "/v1/orders"), ==, 1);
      object = sync_test_server_object (f, "orders", iv_outbox_item_get_server_id (item));
      g_assert_cmpstr (sync_test_status_of (object), ==, "placed");
      break;
    case WRITE_CANCEL_ORDER:
      object = sync_test_server_object (f, "orders", s->target);
      g_assert_cmpstr (sync_test_status_of (object), ==, "cancelled");
      g_assert_cmpuint (sync_test_count_steps (object, "cancelled"), ==, 1);
      break;
    case WRITE_UPLOAD:
      g_assert_cmpint (sync_test_applied (f, "POST", "/v1/attachments"), ==, 1);
      g_assert_true (g_str_has_prefix (iv_outbox_item_get_server_id (item), "att-"));
      break;
    case WRITE_CLAIM:
      g_assert_cmpint (sync_test_count_objects (f, "claims"), ==, 1);
      g_assert_cmpint (sync_test_applied (f, "POST", "/v1/claims"), ==, 1);
      g_assert_cmpint (sync_test_applied (f, "POST", "/v1/attachments"), ==, s->attachments_before + 1);
      object = sync_test_server_object (f, "claims", iv_outbox_item_get_server_id (item));
      g_assert_cmpstr (sync_test_status_of (object), ==, "submitted");
      {
        /* The placeholder became the upload's server id */
        g_autoptr(IvOutboxItem) upload = iv_outbox_get_item (f->outbox, s->items[0], NULL);
        JsonObject *docs = json_object_get_object_member (json_node_get_object (object), "documents");

        g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (docs, "invoice"), 0), ==,
                         iv_outbox_item_get_server_id (upload));
      }
      break;
    case WRITE_RESUBMIT_CLAIM:
    default:
      object = sync_test_server_object (f, "claims", s->target);
      g_assert_cmpstr (sync_test_status_of (object), ==, "submitted");
      g_assert_cmpuint (sync_test_count_steps (object, "submitted"), ==, 2);
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (object), "contract_no"), ==,
                       "HT-2026-001-补");
      g_assert_cmpint (sync_test_count_objects (f, "claims"), ==, 1);
      break;
    }
}

static void
test_fault_case (gconstpointer data)
{
  const Case *c = data;
  SyncFixture fixture = { 0 };
  SyncFixture *f = &fixture;
  Scenario s = { 0 };
  g_autofree char *spec = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IvOutboxItem) written = NULL;
  gint64 before;

  f->svc = service;
  f->url = g_strdup (iv_test_service_get_url (service));
  f->token = iv_test_new_signed_in (service, "enterprise", &f->login);
  f->dir = g_dir_make_tmp ("iv-faults-XXXXXX", &error);
  g_assert_no_error (error);
  sync_test_open_client (f, TRUE);
  if (c->fault.slow)
    iv_api_client_set_timeout (f->api, 1);

  prepare (f, c->write, &s);

  /* The fault hits the write itself (its path only: an upload before a claim is unharmed) */
  spec = g_strdup_printf ("{%s, \"path_prefix\": \"%s\"}", c->fault.spec, s.prefix);
  sync_test_fault (f, spec);

  before = g_get_real_time ();
  if (sync_test_replay (f, &error))
    {
      /* libsoup itself resends a PUT (an idempotent method) once when a
       * kept-alive connection drops before the answer; the end state below
       * still has to be right */
      g_assert_true (c->write == WRITE_RESUBMIT_APPLICATION || c->write == WRITE_RESUBMIT_CLAIM);
      g_assert_true (g_str_has_prefix (c->fault.name, "drop"));
    }
  else
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == IV_API_ERROR);
      written = iv_outbox_get_item (f->outbox, s.items[s.n_items - 1], NULL);
      g_assert_cmpstr (iv_outbox_state_to_string (iv_outbox_item_get_state (written)), ==, "retry_wait");
      if (c->fault.retry_after)
        /* Retry-After is a floor under the jittered backoff */
        g_assert_cmpint (iv_outbox_item_get_next_attempt_at (written) - before, >=, 1000 * 1000 - 50 * 1000);
      else
        g_assert_cmpint (iv_outbox_item_get_next_attempt_at (written) - before, <=,
                         1000 * 1000 + (c->fault.slow ? 3000 * 1000 : 0));
    }

  sync_test_drain (f, 30000);
  if (c->fault.slow)
    /* The delayed original lands after our resend: let it, then look */
    sync_test_spin (2000);
  sync_test_clear_faults (f);
  check_end_state (f, c->write, &s);

  scenario_clear (&s);
  f->svc = NULL;
  sync_test_teardown (f);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_free);
  int status;

  g_test_init (&argc, &argv, NULL);

  service = sync_test_start_service ((const char * const[]) { "--seed-services", "300", NULL });

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    for (guint w = 0; w < N_WRITES; w++)
      {
        Case *c = g_new0 (Case, 1);
        g_autofree char *path = g_strdup_printf ("/faults/%s/%s", faults[i].name, write_names[w]);

        c->fault = faults[i];
        c->write = w;
        g_ptr_array_add (cases, c);
        g_test_add_data_func (path, c, test_fault_case);
      }

  status = g_test_run ();
  iv_test_service_free (service);
  return status;
}
