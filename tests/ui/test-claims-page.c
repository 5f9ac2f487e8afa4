/* test-claims-page.c: the claims page's draft receipt and attaching files off the main thread
 *
 * GTK_A11Y=test under a display (Xvfb in CI), in zh_CN.  A claim that is
 * only queued offers a draft receipt (accessible name with the words the
 * paper carries, 待提交 — 非正式回执), whose text and PDF say so and carry
 * no verification code; once the service accepts the claim the real receipt
 * replaces it.  Attaching a file through IvClaimDocuments completes
 * asynchronously (the row says "adding" meanwhile), the copy lands in user
 * data and in the draft, a bad file gets its message, and closing the form
 * during a copy leaves neither a partial file nor a half-attached one.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include "iv-claim-documents.h"
#include "iv-claim-form.h"
#include "iv-claims-page.h"
#include "iv-domain.h"
#include "iv-receipt-renderer.h"
#include "iv-receipt-view.h"
#include "iv-resources.h"
#include "iv-ui-test-util.h"

static const char account_json[] =
  "{\"id\": \"acc-1\", \"kind\": \"enterprise\", \"name\": \"上海示范科技有限公司\","
  " \"credit_code\": \"91310115MA1K3A2B3J\", \"contact_name\": \"王敏\", \"contact_phone\": \"13912345678\","
  " \"district\": \"浦东新区\", \"year\": 2026, \"year_cap_fen\": 30000000, \"year_granted_fen\": 25000000,"
  " \"year_used_fen\": 0}";

static const char policy_json[] =
  "{\"version\": \"2026.1\", \"year\": 2026, \"caps_fen\": {\"enterprise\": 30000000, \"team\": 10000000},"
  " \"tiers\": [{\"up_to_fen\": 5000000, \"ratio_bp\": 8000}, {\"up_to_fen\": null, \"ratio_bp\": 5000}],"
  " \"claim_documents\": [\"contract\", \"invoice\", \"payment_proof\", \"service_report\"],"
  " \"redeem_modes\": [\"enterprise\", \"institution\"], \"payout\": \"quarterly\"}";

static const char voucher_json[] =
  "{\"id\": \"v-123\", \"code\": \"SH2026-000123\", \"year\": 2026, \"face_value_fen\": 20000000,"
  " \"balance_fen\": 15000000, \"reserved_fen\": 3000000, \"use_by\": \"2026-12-31\","
  " \"redeem_by\": \"2026-12-31\", \"redeem_mode\": \"enterprise\", \"status\": \"active\"}";

static const char order_json[] =
  "{\"id\": \"ord-42\", \"number\": \"DD2026-000042\", \"version\": 3, \"status\": \"completed\","
  " \"voucher_id\": \"v-123\", \"service_id\": \"svc-0001\", \"institution_id\": \"inst-001\","
  " \"quoted_amount_fen\": 5000000, \"reserved_fen\": 3000000,"
  " \"created_at\": \"2026-05-06T10:00:00+08:00\", \"history\": []}";

static const char claim_json[] =
  "{\"id\": \"clm-42\", \"number\": \"DF2026-000042\", \"version\": 1, \"status\": \"submitted\","
  " \"order_id\": \"ord-42\", \"voucher_id\": \"v-123\", \"contract_no\": \"HT-2026-0815\","
  " \"contract_amount_fen\": 4000000,"
  " \"invoice\": {\"code\": null, \"number\": \"26312000000012345678\", \"date\": \"2026-09-01\","
  " \"amount_fen\": 4000000, \"seller_name\": \"上海市计量测试技术研究院\"},"
  " \"paid_on\": \"2026-09-05\","
  " \"documents\": {\"contract\": [\"att-1\"], \"invoice\": [\"att-2\"], \"payment_proof\": [\"att-3\"],"
  " \"service_report\": [\"att-4\"]},"
  " \"requested_subsidy_fen\": 3000000, \"approved_subsidy_fen\": null,"
  " \"submitted_at\": \"2026-09-10T16:20:00+08:00\", \"history\": ["
  "{\"at\": \"2026-09-10T16:20:00+08:00\", \"status\": \"submitted\", \"actor\": \"applicant\", \"note\": null}]}";

static const char receipt_json[] =
  "{\"number\": \"HZ2026-00000042\", \"claim_id\": \"clm-42\", \"claim_number\": \"DF2026-000042\","
  " \"issued_at\": \"2026-09-10T16:20:00+08:00\","
  " \"enterprise\": {\"name\": \"上海示范科技有限公司\", \"credit_code\": \"91310115MA1K3A2B3J\"},"
  " \"voucher_code\": \"SH2026-000123\", \"institution_name\": \"上海市计量测试技术研究院\","
  " \"service_title\": \"电磁兼容（EMC）检测\", \"contract_no\": \"HT-2026-0815\","
  " \"contract_amount_fen\": 4000000, \"invoice_number\": \"26312000000012345678\","
  " \"requested_subsidy_fen\": 3000000, \"status\": \"submitted\","
  " \"verification_code\": \"K7Q2M9XA\","
  " \"verify_url\": \"https://vouchers.example.cn/api/v1/receipts/verify?code=K7Q2M9XA\"}";

static const char pdf_bytes[] = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

typedef struct {
  char          *dir;
  IvUserDb      *user_db;
  IvOutbox      *outbox;
  IvCacheDb     *cache;
  IvApiClient   *api;
  IvSyncManager *manager;
  GtkWidget     *window;
  IvClaimsPage  *page;
} Fixture;

/* Helpers ---------------------------------------------------------------- */

static gboolean
spin_until (gboolean (*done) (gpointer), gpointer data, guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * 1000;

  while (!done (data) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  return done (data);
}

static void
put (Fixture     *f,
     IvCacheKind  kind,
     gpointer   (*decode) (JsonNode *, GError **),
     const char  *json)
{
  g_autoptr(GObject) object = from_json (decode, json);
  g_autoptr(GError) error = NULL;

  iv_cache_db_put_object (f->cache, kind, object, &error);
  g_assert_no_error (error);
}

static GFile *
write_file (Fixture    *f,
            const char *name,
            const char *bytes,
            gsize       len)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, bytes, len, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cache_dir = NULL;

  f->dir = g_dir_make_tmp ("iv-claims-page-XXXXXX", &error);
  g_assert_no_error (error);
  f->user_db = iv_user_db_open (f->dir, &error);
  g_assert_no_error (error);
  f->outbox = iv_outbox_new (f->user_db, &error);
  g_assert_no_error (error);
  cache_dir = g_build_filename (f->dir, "cache", NULL);
  f->cache = iv_cache_db_open (cache_dir, &error);
  g_assert_no_error (error);

  put (f, IV_CACHE_KIND_ACCOUNT, (gpointer) iv_account_new_from_json, account_json);
  put (f, IV_CACHE_KIND_POLICY, (gpointer) iv_policy_new_from_json, policy_json);
  put (f, IV_CACHE_KIND_VOUCHER, (gpointer) iv_voucher_new_from_json, voucher_json);
  put (f, IV_CACHE_KIND_ORDER, (gpointer) iv_order_new_from_json, order_json);

  /* Never started: nothing goes to the network */
  f->api = iv_api_client_new ("http://127.0.0.1:9");
  f->manager = iv_sync_manager_new (f->api, f->cache, f->outbox);
  f->page = IV_CLAIMS_PAGE (iv_claims_page_new (f->manager));
  f->window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->page));
  gtk_window_present (GTK_WINDOW (f->window));
  spin (50);
}

static void
destroy_other_windows (Fixture *f)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (l->data != f->window)
      gtk_window_destroy (GTK_WINDOW (l->data));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GFile) dir = g_file_new_for_path (f->dir);

  destroy_other_windows (f);
  gtk_window_destroy (GTK_WINDOW (f->window));
  spin (20);
  g_clear_object (&f->manager);
  g_clear_object (&f->api);
  g_clear_object (&f->cache);
  g_clear_object (&f->outbox);
  g_clear_object (&f->user_db);
  remove_tree (dir);
  g_free (f->dir);
}

/* The page's button whose accessible label is exactly label, or NULL */
static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child))
        {
          g_autofree char *message = gtk_test_accessible_check_property (GTK_ACCESSIBLE (child),
                                                                         GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                                         label);
          if (message == NULL)
            return child;
        }
      found = find_button (child, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static IvReceiptView *
find_receipt_view (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (IV_IS_RECEIPT_VIEW (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

/* A claim the user submitted while offline: its upload and the claim */
static gint64
queue_claim (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = write_file (f, "技术服务合同.pdf", pdf_bytes, sizeof pdf_bytes - 1);
  g_autoptr(IvOutboxItem) upload = NULL;
  g_autoptr(IvOutboxItem) item = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *placeholder = NULL;
  g_autofree char *json = NULL;

  upload = iv_outbox_enqueue_upload (f->outbox, file, "技术服务合同.pdf", "application/pdf", "draft-1", NULL, &error);
  g_assert_no_error (error);
  placeholder = iv_outbox_item_dup_placeholder (upload);
  json = g_strdup_printf ("{\"order_id\": \"ord-42\", \"contract_no\": \"HT-2026-0815\","
                          " \"contract_amount_fen\": 4000000,"
                          " \"invoice\": {\"code\": null, \"number\": \"26312000000012345678\","
                          " \"date\": \"2026-09-01\", \"amount_fen\": 4000000,"
                          " \"seller_name\": \"上海市计量测试技术研究院\"},"
                          " \"paid_on\": \"2026-09-05\","
                          " \"documents\": {\"contract\": [\"%s\"], \"invoice\": [], \"payment_proof\": [],"
                          " \"service_report\": []}}", placeholder);
  body = json_from_string (json, &error);
  g_assert_no_error (error);
  item = iv_outbox_enqueue (f->outbox, IV_OUTBOX_KIND_CREATE_CLAIM, NULL, -1, body, "draft-1", NULL, 0, &error);
  g_assert_no_error (error);
  return iv_outbox_item_get_id (item);
}

static gboolean
has_receipt_view (gpointer data)
{
  return find_receipt_view () != NULL;
}

static char *
pdf_text (GBytes *pdf)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  int fd = g_file_open_tmp ("iv-draft-receipt-XXXXXX.pdf", &path, &error);
  const char *argv[] = { "pdftotext", "-layout", NULL, "-", NULL };
  int status = 0;

  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), &error);
  g_assert_no_error (error);
  argv[2] = path;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &status, &error))
    out = NULL;
  g_unlink (path);
  return g_steal_pointer (&out);
}

/* Tests: draft receipt --------------------------------------------------- */

static void
test_draft_receipt_button (Fixture       *f,
                           gconstpointer  data)
{
  GtkWidget *button;
  IvReceiptView *view;
  const char *text;

  queue_claim (f);
  iv_claims_page_reload (f->page);

  /* The name says what the paper says: it is not the real receipt */
  button = find_button (GTK_WIDGET (f->page), "新的兑付申请（合同 HT-2026-0815）。待提交 — 非正式回执");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));

  g_signal_emit_by_name (button, "clicked");
  g_assert_true (spin_until (has_receipt_view, NULL, 2000));
  view = find_receipt_view ();
  text = iv_receipt_view_get_text (view);
  g_test_message ("draft receipt text:\n%s", text);
  g_assert_nonnull (strstr (text, "待提交 — 非正式回执"));
  g_assert_nonnull (strstr (text, "HT-2026-0815"));
  g_assert_nonnull (strstr (text, "上海示范科技有限公司"));
  g_assert_nonnull (strstr (text, "91310115MA1K3A2B3J"));
  g_assert_nonnull (strstr (text, "SH2026-000123"));
  /* The policy's estimate: 80% of ¥40,000 = ¥32,000, capped by the reservation ¥30,000 */
  g_assert_nonnull (strstr (text, "30,000.00"));
  /* Nothing that could pass for the service's own: no code, no verify link */
  g_assert_null (strstr (text, "K7Q2M9XA"));
  g_assert_null (strstr (text, "验证码："));
  g_assert_null (strstr (text, "receipts/verify"));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (view)), ==, "合同 HT-2026-0815 的兑付申请回执（草稿）");
  /* No receipt number to copy */
  g_assert_false (iv_receipt_view_copy_number (view));
}

static void
test_draft_receipt_pdf (Fixture       *f,
                        gconstpointer  data)
{
  gint64 id = queue_claim (f);
  g_autoptr(IvPrintableClaim) claim = iv_claims_page_dup_draft_receipt (f->page, id);
  g_autoptr(IvReceiptRenderer) renderer = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *file_name = NULL;

  g_assert_nonnull (claim);
  g_assert_true (claim->draft);
  g_assert_null (claim->receipt_number);
  g_assert_null (claim->verification_code);
  g_assert_null (claim->verify_url);
  g_assert_cmpint (claim->requested_subsidy_fen, ==, 3000000);
  /* The queued upload's file name stands for its placeholder */
  {
    IvPrintableDocuments *contract = g_ptr_array_index (claim->documents, 0);

    g_assert_cmpstr (contract->kind, ==, "contract");
    g_assert_cmpstr (contract->filenames[0], ==, "技术服务合同.pdf");
  }

  renderer = iv_receipt_renderer_new (claim, IV_RECEIPT_DOCUMENT_RECEIPT);
  pdf = iv_receipt_renderer_render_pdf (renderer, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_get_size (pdf) > 4 && memcmp (g_bytes_get_data (pdf, NULL), "%PDF", 4) == 0);
  file_name = iv_receipt_renderer_dup_file_name (renderer);
  g_assert_true (g_str_has_prefix (file_name, "回执草稿-"));

  text = pdf_text (pdf);
  if (text == NULL)
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return;
    }
  g_test_message ("pdftotext:\n%s", text);
  g_assert_nonnull (strstr (text, "待提交"));
  g_assert_nonnull (strstr (text, "非正式回执"));
  g_assert_nonnull (strstr (text, "HT-2026-0815"));
  g_assert_null (strstr (text, "验证码："));

  /* Not a claim: nothing to print */
  g_assert_null (iv_claims_page_dup_draft_receipt (f->page, id - 1));
}

static void
test_real_receipt_replaces_draft (Fixture       *f,
                                  gconstpointer  data)
{
  gint64 id = queue_claim (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  GtkWidget *draft_view;
  IvReceiptView *view;

  draft_view = iv_claims_page_show_draft_receipt (f->page, id);
  g_assert_nonnull (draft_view);
  g_object_add_weak_pointer (G_OBJECT (draft_view), (gpointer *) &draft_view);

  /* The service accepts it: the upload and the claim are done, the claim
   * and its receipt are in the cache */
  items = iv_outbox_list (f->outbox, FALSE, NULL);
  for (guint i = 0; i < items->len; i++)
    {
      IvOutboxItem *item = g_ptr_array_index (items, i);
      gboolean is_claim = iv_outbox_item_get_id (item) == id;

      iv_outbox_mark_in_flight (f->outbox, iv_outbox_item_get_id (item), &error);
      g_assert_no_error (error);
      iv_outbox_mark_done (f->outbox, iv_outbox_item_get_id (item), is_claim ? "clm-42" : "att-1", "{}", &error);
      g_assert_no_error (error);
    }
  put (f, IV_CACHE_KIND_CLAIM, (gpointer) iv_claim_new_from_json, claim_json);
  put (f, IV_CACHE_KIND_RECEIPT, (gpointer) iv_receipt_new_from_json, receipt_json);
  iv_claims_page_reload (f->page);
  spin (100);

  g_assert_null (draft_view);
  view = find_receipt_view ();
  g_assert_nonnull (view);
  g_assert_nonnull (strstr (iv_receipt_view_get_text (view), "HZ2026-00000042"));
  g_assert_nonnull (strstr (iv_receipt_view_get_text (view), "K7Q2M9XA"));
  g_assert_null (strstr (iv_receipt_view_get_text (view), "非正式回执"));
  /* And the page offers no draft any more */
  g_assert_null (find_button (GTK_WIDGET (f->page), "新的兑付申请（合同 HT-2026-0815）。待提交 — 非正式回执"));
}

/* Tests: attaching off the main thread ----------------------------------- */

typedef struct {
  gboolean  done;
  gboolean  ok;
  GError   *error;
} AddResult;

static void
added_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  AddResult *r = user_data;

  r->ok = iv_claim_documents_add_file_finish (IV_CLAIM_DOCUMENTS (source), result, &r->error);
  r->done = TRUE;
}

static gboolean
add_done (gpointer data)
{
  return ((AddResult *) data)->done;
}

static IvClaimForm *
open_form (Fixture *f)
{
  GtkWidget *form;

  /* The one completed order: Ctrl+N's path opens its form at once */
  iv_claims_page_new_claim (f->page);
  form = iv_claims_page_get_form (f->page);
  g_assert_nonnull (form);
  spin (50);
  return IV_CLAIM_FORM (form);
}

static guint
count_import_leftovers (Fixture *f)
{
  g_autofree char *files = g_build_filename (f->dir, "files", NULL);
  g_autoptr(GDir) dir = g_dir_open (files, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, ".import-"))
      n++;
  return n;
}

static void
test_attach_async (Fixture       *f,
                   gconstpointer  data)
{
  IvClaimForm *form = open_form (f);
  IvClaimDocuments *documents = IV_CLAIM_DOCUMENTS (iv_claim_form_get_documents (form));
  GtkWidget *button = iv_claim_documents_get_add_button (documents, IV_DOCUMENT_KIND_CONTRACT);
  g_autoptr(GFile) file = write_file (f, "合同.pdf", pdf_bytes, sizeof pdf_bytes - 1);
  g_autoptr(IvDraft) draft = NULL;
  g_autoptr(GFile) copy = NULL;
  g_autofree char *copy_path = NULL;
  AddResult r = { 0 };
  JsonObject *entry;

  iv_claim_documents_add_file_async (documents, IV_DOCUMENT_KIND_CONTRACT, file, NULL, added_cb, &r);
  /* Not done in the call: the row says it is adding, the button waits */
  g_assert_false (r.done);
  g_assert_true (iv_claim_documents_get_busy (documents));
  g_assert_false (gtk_widget_get_sensitive (button));
  gtk_test_accessible_assert_state (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_STATE_BUSY, TRUE);
  g_assert_cmpuint (iv_claim_documents_count (documents, IV_DOCUMENT_KIND_CONTRACT), ==, 0);

  g_assert_true (spin_until (add_done, &r, 5000));
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_assert_false (iv_claim_documents_get_busy (documents));
  g_assert_true (gtk_widget_get_sensitive (button));
  gtk_test_accessible_assert_state (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_STATE_BUSY, FALSE);
  g_assert_cmpuint (iv_claim_documents_count (documents, IV_DOCUMENT_KIND_CONTRACT), ==, 1);

  /* In the draft, committed, with its private copy in user data */
  g_assert_nonnull (iv_claim_form_get_draft_id (form));
  draft = iv_drafts_get (iv_sync_manager_get_drafts (f->manager), iv_claim_form_get_draft_id (form), NULL);
  g_assert_nonnull (draft);
  g_assert_cmpuint (iv_draft_get_n_files (draft), ==, 1);
  entry = json_array_get_object_element (json_node_get_array (iv_draft_get_files (draft)), 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "filename"), ==, "合同.pdf");
  g_assert_cmpstr (json_object_get_string_member (entry, "content_type"), ==, "application/pdf");
  copy = iv_drafts_get_file (iv_sync_manager_get_drafts (f->manager), json_object_get_string_member (entry, "sha256"));
  copy_path = g_file_get_path (copy);
  g_assert_true (g_str_has_prefix (copy_path, f->dir));
  g_assert_true (g_file_test (copy_path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (count_import_leftovers (f), ==, 0);
  gtk_window_destroy (GTK_WINDOW (form));
}

static void
test_attach_bad_file (Fixture       *f,
                      gconstpointer  data)
{
  IvClaimForm *form = open_form (f);
  IvClaimDocuments *documents = IV_CLAIM_DOCUMENTS (iv_claim_form_get_documents (form));
  GtkWidget *button = iv_claim_documents_get_add_button (documents, IV_DOCUMENT_KIND_INVOICE);
  g_autoptr(GFile) text = write_file (f, "发票.pdf", "just text, not a PDF", 20);
  g_autoptr(GFile) empty = write_file (f, "空白.pdf", "", 0);
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/发票.pdf");
  AddResult r = { 0 };

  /* The name says PDF but the bytes do not */
  iv_claim_documents_add_file_async (documents, IV_DOCUMENT_KIND_INVOICE, text, NULL, added_cb, &r);
  g_assert_true (spin_until (add_done, &r, 5000));
  g_assert_false (r.ok);
  g_assert_nonnull (r.error);
  g_assert_true (g_str_has_prefix (r.error->message, "只能添加 PDF、PNG 或 JPEG"));
  g_assert_cmpstr (iv_claim_documents_get_error (documents, IV_DOCUMENT_KIND_INVOICE), ==, r.error->message);
  gtk_test_accessible_assert_state (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE);
  g_assert_true (gtk_widget_get_sensitive (button));
  g_assert_cmpuint (iv_claim_documents_count (documents, IV_DOCUMENT_KIND_INVOICE), ==, 0);
  g_clear_error (&r.error);

  memset (&r, 0, sizeof r);
  iv_claim_documents_add_file_async (documents, IV_DOCUMENT_KIND_INVOICE, empty, NULL, added_cb, &r);
  g_assert_true (spin_until (add_done, &r, 5000));
  g_assert_false (r.ok);
  g_assert_cmpstr (r.error->message, ==, "该文件是空的。");
  g_clear_error (&r.error);

  memset (&r, 0, sizeof r);
  iv_claim_documents_add_file_async (documents, IV_DOCUMENT_KIND_INVOICE, missing, NULL, added_cb, &r);
  g_assert_true (spin_until (add_done, &r, 5000));
  g_assert_false (r.ok);
  g_assert_cmpstr (r.error->message, ==, "无法读取该文件。");
  g_clear_error (&r.error);

  /* Nothing was attached; no draft file, no leftovers */
  g_assert_cmpuint (iv_claim_documents_count (documents, IV_DOCUMENT_KIND_INVOICE), ==, 0);
  g_assert_cmpuint (count_import_leftovers (f), ==, 0);
  gtk_window_destroy (GTK_WINDOW (form));
}

static void
test_close_during_copy (Fixture       *f,
                        gconstpointer  data)
{
  IvClaimForm *form = open_form (f);
  IvClaimDocuments *documents = IV_CLAIM_DOCUMENTS (iv_claim_form_get_documents (form));
  gsize size = 16 * 1024 * 1024;
  g_autofree char *big = g_malloc0 (size);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  AddResult r = { 0 };

  memcpy (big, "%PDF-1.4\n", 9);
  file = write_file (f, "大文件.pdf", big, size);
  g_object_ref (documents);
  iv_claim_documents_add_file_async (documents, IV_DOCUMENT_KIND_CONTRACT, file, NULL, added_cb, &r);
  g_assert_false (r.done);
  /* The form goes away while the copy runs (closed after its unsaved-changes question) */
  gtk_window_destroy (GTK_WINDOW (form));
  g_assert_null (iv_claims_page_get_form (f->page));
  g_assert_true (spin_until (add_done, &r, 10000));
  g_assert_false (r.ok);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r.error);
  g_object_unref (documents);

  /* No partial copy left behind, no draft refers to a file that is not whole */
  spin (50);
  g_assert_cmpuint (count_import_leftovers (f), ==, 0);
  drafts = iv_drafts_list (iv_sync_manager_get_drafts (f->manager), "claim", NULL);
  for (guint i = 0; drafts != NULL && i < drafts->len; i++)
    g_assert_cmpuint (iv_draft_get_n_files (g_ptr_array_index (drafts, i)), ==, 0);
}

static gboolean
file_copied_cb (IvClaimDocuments *documents,
                guint             kind,
                const char       *filename,
                const char       *content_type,
                gint64            size,
                const char       *sha256,
                GPtrArray        *seen)
{
  g_ptr_array_add (seen, g_strdup_printf ("%u %s %s %" G_GINT64_FORMAT " %s", kind, filename, content_type, size, sha256));
  return TRUE;
}

static void
file_chosen_cb (IvClaimDocuments *documents,
                guint             kind,
                GFile            *file,
                const char       *content_type,
                guint            *n_chosen)
{
  (*n_chosen)++;
}

/* With a user db the copy is made in the thread and offered, whole, by
 * "file-copied"; a handler taking it means no second copy ("file-chosen") */
static void
test_attach_file_copied (Fixture       *f,
                         gconstpointer  data)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *documents = iv_claim_documents_new ();
  g_autoptr(GFile) file = write_file (f, "服务报告.pdf", pdf_bytes, sizeof pdf_bytes - 1);
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *expected = NULL;
  g_autofree char *copy = NULL;
  guint n_chosen = 0;
  AddResult r = { 0 };

  gtk_window_set_child (GTK_WINDOW (window), documents);
  gtk_window_present (GTK_WINDOW (window));
  iv_claim_documents_set_user_db (IV_CLAIM_DOCUMENTS (documents), f->user_db);
  g_signal_connect (documents, "file-copied", G_CALLBACK (file_copied_cb), seen);
  g_signal_connect (documents, "file-chosen", G_CALLBACK (file_chosen_cb), &n_chosen);

  iv_claim_documents_add_file_async (IV_CLAIM_DOCUMENTS (documents), IV_DOCUMENT_KIND_SERVICE_REPORT, file,
                                     NULL, added_cb, &r);
  g_assert_true (spin_until (add_done, &r, 5000));
  g_assert_true (r.ok);
  g_checksum_update (checksum, (const guchar *) pdf_bytes, sizeof pdf_bytes - 1);
  expected = g_strdup_printf ("3 服务报告.pdf application/pdf %" G_GSIZE_FORMAT " %s", sizeof pdf_bytes - 1,
                              g_checksum_get_string (checksum));
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, expected);
  g_assert_cmpuint (n_chosen, ==, 0);
  copy = iv_user_db_get_file_path (f->user_db, g_checksum_get_string (checksum));
  g_assert_true (g_file_test (copy, G_FILE_TEST_IS_REGULAR));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Attaches file as the contract and prints (never asserts) how long it
 * took and the longest the main loop stood still meanwhile */
static void
attach_and_print_stall (IvClaimDocuments *documents,
                        GFile            *file,
                        const char       *what)
{
  AddResult r = { 0 };
  gint64 start, last, now, longest = 0;

  start = last = g_get_monotonic_time ();
  iv_claim_documents_add_file_async (documents, IV_DOCUMENT_KIND_CONTRACT, file, NULL, added_cb, &r);
  while (!r.done)
    {
      g_main_context_iteration (NULL, FALSE);
      now = g_get_monotonic_time ();
      longest = MAX (longest, now - last);
      last = now;
    }
  g_assert_true (r.ok);
  g_test_message ("attach 20 MiB, %s: %.1f ms in all, longest main-loop stall %.1f ms",
                  what, (last - start) / 1000.0, longest / 1000.0);
}

/* How long the main loop stood still while a 20 MiB file was attached:
 * the thread's share and the form's own handler */
static void
test_attach_figures (Fixture       *f,
                     gconstpointer  data)
{
  IvClaimForm *form = open_form (f);
  gsize size = 20 * 1024 * 1024 - 1024;
  g_autofree char *big = g_malloc0 (size);
  g_autoptr(GFile) file = NULL;

  memcpy (big, "%PDF-1.4\n", 9);
  file = write_file (f, "大合同.pdf", big, size);
  attach_and_print_stall (IV_CLAIM_DOCUMENTS (iv_claim_form_get_documents (form)), file, "through the claim form");
  gtk_window_destroy (GTK_WINDOW (form));

  /* The widget's own part (read, check, durable copy in the thread), with
   * no form recording it afterwards */
  {
    GtkWidget *window = gtk_window_new ();
    GtkWidget *bare = iv_claim_documents_new ();
    g_autoptr(GFile) other = NULL;

    big[100] = 1;   /* other bytes: a new copy */
    other = write_file (f, "另一份合同.pdf", big, size);
    gtk_window_set_child (GTK_WINDOW (window), bare);
    gtk_window_present (GTK_WINDOW (window));
    iv_claim_documents_set_user_db (IV_CLAIM_DOCUMENTS (bare), f->user_db);
    spin (50);
    attach_and_print_stall (IV_CLAIM_DOCUMENTS (bare), other, "the widget's thread alone");
    gtk_window_destroy (GTK_WINDOW (window));
  }
}

int
main (int argc, char *argv[])
{
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  if (!iv_ui_test_init_zh_cn (&argc, &argv))
    return 77;

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/claims-page/draft-receipt/button", test_draft_receipt_button);
  ADD ("/claims-page/draft-receipt/pdf", test_draft_receipt_pdf);
  ADD ("/claims-page/draft-receipt/replaced-by-real", test_real_receipt_replaces_draft);
  ADD ("/claims-page/attach/async", test_attach_async);
  ADD ("/claims-page/attach/bad-file", test_attach_bad_file);
  ADD ("/claims-page/attach/close-during-copy", test_close_during_copy);
  ADD ("/claims-page/attach/file-copied", test_attach_file_copied);
  ADD ("/claims-page/attach/figures", test_attach_figures);
#undef ADD

  return g_test_run ();
}
