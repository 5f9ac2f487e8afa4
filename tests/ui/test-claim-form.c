/* test-claim-form.c: the claim form as assistive technology and its user see it
 *
 * GTK_A11Y=test (gtk/gtktestatcontext.h) under a display (Xvfb in CI), in
 * zh_CN.  Labels, required fields, invalid states linked to their error
 * messages, focus on the first invalid field, the live 大写 amount, the
 * checklist, the subsidy estimate, drafts that come back, and submission
 * into the outbox (uploads first, the claim citing them).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "iv-claim-documents.h"
#include "iv-claim-form.h"
#include "iv-domain.h"
#include "iv-resources.h"
#include "iv-timeline.h"
#include "iv-ui-test-util.h"

static const char policy_json[] =
  "{\"version\": \"2026.1\", \"year\": 2026, \"caps_fen\": {\"enterprise\": 30000000, \"team\": 10000000},"
  " \"tiers\": [{\"up_to_fen\": 5000000, \"ratio_bp\": 8000}, {\"up_to_fen\": null, \"ratio_bp\": 5000}],"
  " \"claim_documents\": [\"contract\", \"invoice\", \"payment_proof\", \"service_report\"],"
  " \"redeem_modes\": [\"enterprise\", \"institution\"], \"payout\": \"quarterly\"}";

static const char order_json[] =
  "{\"id\": \"ord-42\", \"number\": \"DD2026-000042\", \"version\": 3, \"status\": \"completed\","
  " \"voucher_id\": \"v-123\", \"service_id\": \"svc-0001\", \"institution_id\": \"inst-001\","
  " \"quoted_amount_fen\": 5000000, \"reserved_fen\": 3000000,"
  " \"created_at\": \"2026-05-06T10:00:00+08:00\", \"history\": []}";

static const char claim_json[] =
  "{\"id\": \"clm-42\", \"number\": \"DF2026-000042\", \"version\": 3, \"status\": \"returned\","
  " \"order_id\": \"ord-42\", \"voucher_id\": \"v-123\", \"contract_no\": \"HT-2026-0815\","
  " \"contract_amount_fen\": 4000000,"
  " \"invoice\": {\"code\": null, \"number\": \"26312000000012345678\", \"date\": \"2026-09-01\","
  " \"amount_fen\": 4000000, \"seller_name\": \"上海市计量测试技术研究院\"},"
  " \"paid_on\": \"2026-09-05\","
  " \"documents\": {\"contract\": [\"att-1\"], \"invoice\": [\"att-2\"], \"payment_proof\": [\"att-3\"],"
  " \"service_report\": [\"att-4\"]},"
  " \"requested_subsidy_fen\": 3000000, \"approved_subsidy_fen\": null,"
  " \"submitted_at\": \"2026-09-10T16:20:00+08:00\", \"history\": ["
  "{\"at\": \"2026-09-10T16:20:00+08:00\", \"status\": \"submitted\", \"actor\": \"applicant\", \"note\": null},"
  "{\"at\": \"2026-09-11T09:00:00+08:00\", \"status\": \"returned\", \"actor\": \"district\", \"note\": \"发票日期有误\"}]}";

typedef struct {
  char      *dir;
  IvUserDb  *user_db;
  IvDrafts  *drafts;
  IvOutbox  *outbox;
  IvPolicy  *policy;
  IvOrder   *order;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("iv-claim-form-XXXXXX", &error);
  g_assert_no_error (error);
  f->user_db = iv_user_db_open (f->dir, &error);
  g_assert_no_error (error);
  f->drafts = iv_drafts_new (f->user_db);
  f->outbox = iv_outbox_new (f->user_db, &error);
  g_assert_no_error (error);
  f->policy = from_json ((gpointer) iv_policy_new_from_json, policy_json);
  f->order = from_json ((gpointer) iv_order_new_from_json, order_json);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GFile) dir = g_file_new_for_path (f->dir);

  g_clear_object (&f->order);
  g_clear_object (&f->policy);
  g_clear_object (&f->outbox);
  g_clear_object (&f->drafts);
  g_clear_object (&f->user_db);
  remove_tree (dir);
  g_free (f->dir);
}

static IvClaimForm *
new_form (Fixture *f)
{
  IvClaimForm *form = iv_claim_form_new (f->drafts, f->outbox);

  iv_claim_form_set_policy (form, f->policy);
  iv_claim_form_set_order (form, f->order);
  gtk_window_present (GTK_WINDOW (form));
  spin (50);
  return form;
}

static GtkWidget *
control (IvClaimForm *form,
         const char  *name)
{
  IvFormField *field = iv_claim_form_get_field (form, name);

  g_assert_nonnull (field);
  return iv_form_field_get_control (field);
}

static void
type_into (IvClaimForm *form,
           const char  *name,
           const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (control (form, name)), text);
}

static gboolean
has_focus_within (IvClaimForm *form,
                  GtkWidget   *widget)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (form));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
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
fill_valid (IvClaimForm *form)
{
  type_into (form, IV_CLAIM_FIELD_CONTRACT_NO, "HT-2026-0815");
  type_into (form, IV_CLAIM_FIELD_CONTRACT_AMOUNT, "40000");
  type_into (form, IV_CLAIM_FIELD_INVOICE_NUMBER, "26312000000012345678");
  type_into (form, IV_CLAIM_FIELD_INVOICE_DATE, "2026-09-01");
  type_into (form, IV_CLAIM_FIELD_INVOICE_AMOUNT, "40,000.00");
  type_into (form, IV_CLAIM_FIELD_SELLER_NAME, "上海市计量测试技术研究院");
  type_into (form, IV_CLAIM_FIELD_PAID_ON, "2026-09-05");
}

static void
attach_all (Fixture     *f,
            IvClaimForm *form)
{
  IvClaimDocuments *documents = IV_CLAIM_DOCUMENTS (iv_claim_form_get_documents (form));
  static const char pdf[] = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
  static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
  static const char *names[] = { "合同.pdf", "发票.pdf", "到款凭证.png", "服务报告.pdf" };

  for (guint k = 0; k < IV_CLAIM_DOCUMENT_KINDS; k++)
    {
      g_autoptr(GFile) file = k == 2 ? write_file (f, names[k], png, sizeof png - 1)
                                     : write_file (f, names[k], pdf, sizeof pdf - 1);

      iv_claim_documents_add_file (documents, k, file);
      g_assert_null (iv_claim_documents_get_error (documents, k));
      g_assert_cmpuint (iv_claim_documents_count (documents, k), ==, 1);
    }
}

/* Tests ------------------------------------------------------------------ */

/* "合同编号(N)（必填）" → "合同编号（必填）" */
static char *
without_mnemonic_hint (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (p[0] == '(' && g_ascii_isupper (p[1]) && p[2] == ')')
        {
          p += 2;
          continue;
        }
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static void
test_labels_and_required (Fixture       *f,
                          gconstpointer  data)
{
  IvClaimForm *form = new_form (f);
  static const struct {
    const char *name;
    const char *label;
    gboolean    required;
  } expected[] = {
    { IV_CLAIM_FIELD_CONTRACT_NO, "合同编号(N)（必填）", TRUE },
    { IV_CLAIM_FIELD_CONTRACT_AMOUNT, "合同金额（元）(A)（必填）", TRUE },
    { IV_CLAIM_FIELD_INVOICE_CODE, "发票代码（仅限传统发票）(C)", FALSE },
    { IV_CLAIM_FIELD_INVOICE_NUMBER, "发票号码(U)（必填）", TRUE },
    { IV_CLAIM_FIELD_INVOICE_DATE, "开票日期(D)（必填）", TRUE },
    { IV_CLAIM_FIELD_INVOICE_AMOUNT, "发票金额（元）(M)（必填）", TRUE },
    { IV_CLAIM_FIELD_SELLER_NAME, "销售方（发票上的服务机构）(E)（必填）", TRUE },
    { IV_CLAIM_FIELD_PAID_ON, "付款日期(P)（必填）", TRUE },
  };

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (form)), ==, "新建兑付申请");
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      IvFormField *field = iv_claim_form_get_field (form, expected[i].name);
      GtkWidget *label = iv_form_field_get_label (field);
      GtkWidget *entry = iv_form_field_get_control (field);

      /* The label's text (in Chinese) names the entry, and the entry has a mnemonic */
      {
        /* Newer GTK hides a CJK mnemonic "(N)" from the label text, 4.8 keeps it */
        g_autofree char *shown = without_mnemonic_hint (gtk_label_get_text (GTK_LABEL (label)));
        g_autofree char *wanted = without_mnemonic_hint (expected[i].label);

        g_assert_cmpstr (shown, ==, wanted);
      }
      g_assert_true (gtk_label_get_mnemonic_widget (GTK_LABEL (label)) == entry);
      g_assert_cmpuint (gtk_label_get_mnemonic_keyval (GTK_LABEL (label)), !=, GDK_KEY_VoidSymbol);
      gtk_test_accessible_assert_relation (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL);
      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_REQUIRED,
                                           expected[i].required);
      gtk_test_accessible_assert_state (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_STATE_INVALID,
                                        GTK_ACCESSIBLE_INVALID_FALSE);
    }
  /* The four document buttons are named and required too */
  for (guint k = 0; k < IV_CLAIM_DOCUMENT_KINDS; k++)
    {
      GtkWidget *button = iv_claim_documents_get_add_button (IV_CLAIM_DOCUMENTS (iv_claim_form_get_documents (form)), k);

      g_assert_true (g_str_has_prefix (gtk_button_get_label (GTK_BUTTON (button)), "添加"));
      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_REQUIRED, TRUE);
    }
  gtk_window_destroy (GTK_WINDOW (form));
}

static void
test_invalid_linked_and_focus (Fixture       *f,
                               gconstpointer  data)
{
  IvClaimForm *form = new_form (f);
  IvFormField *contract_no = iv_claim_form_get_field (form, IV_CLAIM_FIELD_CONTRACT_NO);
  IvFormField *code = iv_claim_form_get_field (form, IV_CLAIM_FIELD_INVOICE_CODE);
  IvFormField *number = iv_claim_form_get_field (form, IV_CLAIM_FIELD_INVOICE_NUMBER);
  IvFormField *amount = iv_claim_form_get_field (form, IV_CLAIM_FIELD_INVOICE_AMOUNT);
  IvClaimDocuments *documents = IV_CLAIM_DOCUMENTS (iv_claim_form_get_documents (form));
  g_autoptr(IvOutboxItem) item = NULL;
  g_autoptr(GError) error = NULL;

  /* Focus somewhere else first, so moving it is what validation did */
  gtk_widget_grab_focus (control (form, IV_CLAIM_FIELD_PAID_ON));
  item = iv_claim_form_submit (form, &error);
  g_assert_no_error (error);
  g_assert_null (item);
  g_assert_cmpuint (iv_outbox_get_pending_count (f->outbox), ==, 0);

  for (guint i = 0; i < 8; i++)
    {
      static const char *names[] = {
        IV_CLAIM_FIELD_CONTRACT_NO, IV_CLAIM_FIELD_CONTRACT_AMOUNT, IV_CLAIM_FIELD_INVOICE_NUMBER,
        IV_CLAIM_FIELD_INVOICE_DATE, IV_CLAIM_FIELD_INVOICE_AMOUNT, IV_CLAIM_FIELD_SELLER_NAME,
        IV_CLAIM_FIELD_PAID_ON, NULL,
      };
      IvFormField *field;
      GtkWidget *error_label;

      if (names[i] == NULL)
        break;
      field = iv_claim_form_get_field (form, names[i]);
      error_label = iv_form_field_get_error_label (field);
      gtk_test_accessible_assert_state (GTK_ACCESSIBLE (iv_form_field_get_control (field)),
                                        GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE);
      gtk_test_accessible_assert_relation (GTK_ACCESSIBLE (iv_form_field_get_control (field)),
                                           GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE, error_label, NULL);
      /* The message is shown in words, not only by colour */
      g_assert_true (gtk_widget_get_visible (error_label));
      g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (error_label)), "错误："));
    }
  /* The optional code is not marked */
  gtk_test_accessible_assert_state (GTK_ACCESSIBLE (iv_form_field_get_control (code)),
                                    GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_FALSE);
  g_assert_false (gtk_widget_get_visible (iv_form_field_get_error_label (code)));
  /* Missing documents are errors on their buttons */
  for (guint k = 0; k < IV_CLAIM_DOCUMENT_KINDS; k++)
    {
      g_assert_nonnull (iv_claim_documents_get_error (documents, k));
      gtk_test_accessible_assert_state (GTK_ACCESSIBLE (iv_claim_documents_get_add_button (documents, k)),
                                        GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE);
    }
  /* Focus is on the first invalid field */
  g_assert_true (has_focus_within (form, iv_form_field_get_control (contract_no)));

  /* Fixing fields clears their state as the user types */
  type_into (form, IV_CLAIM_FIELD_CONTRACT_NO, "HT-2026-0815");
  gtk_test_accessible_assert_state (GTK_ACCESSIBLE (iv_form_field_get_control (contract_no)),
                                    GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_FALSE);
  g_assert_false (gtk_widget_get_visible (iv_form_field_get_error_label (contract_no)));
  type_into (form, IV_CLAIM_FIELD_CONTRACT_AMOUNT, "40000");

  /* A classic code with a 数电 number: the number is wrong, the focus goes there */
  type_into (form, IV_CLAIM_FIELD_INVOICE_CODE, "3100224130");
  type_into (form, IV_CLAIM_FIELD_INVOICE_NUMBER, "26312000000012345678");
  type_into (form, IV_CLAIM_FIELD_INVOICE_AMOUNT, "39999");
  g_assert_false (iv_claim_form_validate (form));
  g_assert_null (iv_form_field_get_error (code));
  g_assert_nonnull (iv_form_field_get_error (number));
  g_assert_true (has_focus_within (form, iv_form_field_get_control (number)));
  /* The invoice must be for the whole contract */
  g_assert_nonnull (strstr (iv_form_field_get_error (amount), "¥40,000.00"));

  gtk_window_destroy (GTK_WINDOW (form));
}

static void
test_uppercase_and_estimate (Fixture       *f,
                             gconstpointer  data)
{
  IvClaimForm *form = new_form (f);
  IvFormField *amount = iv_claim_form_get_field (form, IV_CLAIM_FIELD_CONTRACT_AMOUNT);

  type_into (form, IV_CLAIM_FIELD_CONTRACT_AMOUNT, "12345.67");
  g_assert_cmpstr (iv_form_field_get_hint (amount), ==, "人民币壹万贰仟叁佰肆拾伍元陆角柒分");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (iv_form_field_get_control (amount)),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "人民币壹万贰仟叁佰肆拾伍元陆角柒分");
  /* 80% of ¥12,345.67 = ¥9,876.53 (floor), within the ¥30,000 reserved */
  g_assert_cmpint (iv_claim_form_get_estimate_fen (form), ==, 987653);

  /* ¥1,000,000: 50,000×80% + 950,000×50% = 515,000, capped by the order's ¥30,000 */
  type_into (form, IV_CLAIM_FIELD_CONTRACT_AMOUNT, "1000000");
  g_assert_cmpint (iv_claim_form_get_estimate_fen (form), ==, 3000000);
  g_assert_cmpstr (iv_form_field_get_hint (amount), ==, "人民币壹佰万元整");

  type_into (form, IV_CLAIM_FIELD_CONTRACT_AMOUNT, "12.345");
  g_assert_cmpint (iv_claim_form_get_estimate_fen (form), ==, -1);
  gtk_window_destroy (GTK_WINDOW (form));
}

static void
test_checklist (Fixture       *f,
                gconstpointer  data)
{
  IvClaimForm *form = new_form (f);
  g_auto(GStrv) lines = NULL;

  /* 7 required fields and 4 documents; the order is chosen */
  g_assert_cmpuint (iv_claim_form_get_n_missing (form), ==, 11);
  fill_valid (form);
  g_assert_cmpuint (iv_claim_form_get_n_missing (form), ==, 4);
  lines = iv_claim_form_dup_checklist (form);
  g_assert_true (g_strv_contains ((const char * const *) lines, "缺少：合同"));
  g_assert_true (g_strv_contains ((const char * const *) lines, "已完成：合同编号"));
  attach_all (f, form);
  g_assert_cmpuint (iv_claim_form_get_n_missing (form), ==, 0);
  gtk_window_destroy (GTK_WINDOW (form));
}

static void
test_documents_checked (Fixture       *f,
                        gconstpointer  data)
{
  IvClaimForm *form = new_form (f);
  IvClaimDocuments *documents = IV_CLAIM_DOCUMENTS (iv_claim_form_get_documents (form));
  g_autoptr(GFile) text = write_file (f, "notes.pdf", "just text, not a PDF", 20);
  g_autoptr(GFile) pdf = write_file (f, "合同.pdf", "%PDF-1.7\n%%EOF\n", 15);

  /* The name says PDF but the bytes do not */
  iv_claim_documents_add_file (documents, IV_DOCUMENT_KIND_CONTRACT, text);
  g_assert_cmpuint (iv_claim_documents_count (documents, IV_DOCUMENT_KIND_CONTRACT), ==, 0);
  g_assert_nonnull (iv_claim_documents_get_error (documents, IV_DOCUMENT_KIND_CONTRACT));
  gtk_test_accessible_assert_state (GTK_ACCESSIBLE (iv_claim_documents_get_add_button (documents, IV_DOCUMENT_KIND_CONTRACT)),
                                    GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE);

  iv_claim_documents_add_file (documents, IV_DOCUMENT_KIND_CONTRACT, pdf);
  g_assert_null (iv_claim_documents_get_error (documents, IV_DOCUMENT_KIND_CONTRACT));
  g_assert_cmpuint (iv_claim_documents_count (documents, IV_DOCUMENT_KIND_CONTRACT), ==, 1);
  /* Attaching made a draft holding a private copy */
  g_assert_nonnull (iv_claim_form_get_draft_id (form));
  {
    g_autoptr(IvDraft) draft = iv_drafts_get (f->drafts, iv_claim_form_get_draft_id (form), NULL);
    g_assert_nonnull (draft);
    g_assert_cmpuint (iv_draft_get_n_files (draft), ==, 1);
  }
  gtk_window_destroy (GTK_WINDOW (form));
}

static void
test_draft_round_trip (Fixture       *f,
                       gconstpointer  data)
{
  IvClaimForm *form = new_form (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(IvDraft) draft = NULL;
  g_autofree char *draft_id = NULL;
  IvClaimForm *again;

  type_into (form, IV_CLAIM_FIELD_CONTRACT_NO, "HT-草稿-1");
  type_into (form, IV_CLAIM_FIELD_CONTRACT_AMOUNT, "12.3x");  /* invalid text is kept too */
  g_assert_true (iv_claim_form_get_dirty (form));
  /* Autosave runs shortly after the last change, with no action of the user */
  spin (1500);
  g_assert_false (iv_claim_form_get_dirty (form));
  g_assert_nonnull (iv_claim_form_get_draft_id (form));
  draft_id = g_strdup (iv_claim_form_get_draft_id (form));
  /* Closing by the window manager does not lose what was typed last */
  type_into (form, IV_CLAIM_FIELD_SELLER_NAME, "最后一刻");
  gtk_window_destroy (GTK_WINDOW (form));

  draft = iv_drafts_get (f->drafts, draft_id, &error);
  g_assert_no_error (error);
  again = iv_claim_form_new (f->drafts, f->outbox);
  iv_claim_form_set_policy (again, f->policy);
  g_assert_true (iv_claim_form_load_draft (again, draft, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (control (again, IV_CLAIM_FIELD_CONTRACT_NO))), ==, "HT-草稿-1");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (control (again, IV_CLAIM_FIELD_CONTRACT_AMOUNT))), ==, "12.3x");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (control (again, IV_CLAIM_FIELD_SELLER_NAME))), ==, "最后一刻");
  g_assert_false (iv_claim_form_get_dirty (again));
  /* The order came back with the draft: 5 fields (the amount is invalid) and 4 documents are missing */
  g_assert_cmpuint (iv_claim_form_get_n_missing (again), ==, 5 + 4);
  gtk_window_destroy (GTK_WINDOW (again));
}

static void
test_submit_queues (Fixture       *f,
                    gconstpointer  data)
{
  IvClaimForm *form = new_form (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(IvOutboxItem) item = NULL;
  g_autoptr(GPtrArray) items = NULL;
  JsonObject *body, *documents;

  fill_valid (form);
  attach_all (f, form);
  item = iv_claim_form_submit (form, &error);
  g_assert_no_error (error);
  g_assert_nonnull (item);
  g_assert_cmpint (iv_outbox_item_get_kind (item), ==, IV_OUTBOX_KIND_CREATE_CLAIM);

  /* Four uploads, then the claim, which cites each by placeholder */
  items = iv_outbox_list (f->outbox, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 5);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpint (iv_outbox_item_get_kind (g_ptr_array_index (items, i)), ==, IV_OUTBOX_KIND_UPLOAD_ATTACHMENT);
  body = json_node_get_object (iv_outbox_item_get_body (item));
  g_assert_cmpstr (json_object_get_string_member (body, "order_id"), ==, "ord-42");
  g_assert_cmpint (json_object_get_int_member (body, "contract_amount_fen"), ==, 4000000);
  g_assert_true (json_node_is_null (json_object_get_member (json_object_get_object_member (body, "invoice"), "code")));
  documents = json_object_get_object_member (body, "documents");
  for (guint k = 0; k < IV_CLAIM_DOCUMENT_KINDS; k++)
    {
      JsonArray *ids = json_object_get_array_member (documents, iv_document_kind_to_string (k));

      g_assert_cmpuint (json_array_get_length (ids), ==, 1);
      g_assert_true (g_str_has_prefix (json_array_get_string_element (ids, 0), IV_OUTBOX_PLACEHOLDER_PREFIX));
    }
  g_assert_cmpuint (iv_outbox_item_get_depends_on (item)->len, ==, 4);
  gtk_window_destroy (GTK_WINDOW (form));
}

static void
test_returned_claim (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(IvClaim) claim = from_json ((gpointer) iv_claim_new_from_json, claim_json);
  IvClaimForm *form = iv_claim_form_new (f->drafts, f->outbox);
  g_autoptr(IvOutboxItem) item = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *documents;

  iv_claim_form_set_policy (form, f->policy);
  /* as the claims page does: the order first, for the reserved amount */
  iv_claim_form_set_order (form, f->order);
  iv_claim_form_edit_claim (form, claim);
  gtk_window_present (GTK_WINDOW (form));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (form)), ==, "修改退回的兑付申请");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (control (form, IV_CLAIM_FIELD_CONTRACT_AMOUNT))), ==, "40,000.00");
  /* Already uploaded documents count for the checklist */
  g_assert_cmpuint (iv_claim_form_get_n_missing (form), ==, 0);
  type_into (form, IV_CLAIM_FIELD_INVOICE_DATE, "2026-09-02");
  item = iv_claim_form_submit (form, &error);
  g_assert_no_error (error);
  g_assert_cmpint (iv_outbox_item_get_kind (item), ==, IV_OUTBOX_KIND_RESUBMIT_CLAIM);
  g_assert_cmpstr (iv_outbox_item_get_target_id (item), ==, "clm-42");
  g_assert_cmpint (iv_outbox_item_get_if_match (item), ==, 3);
  documents = json_object_get_object_member (json_node_get_object (iv_outbox_item_get_body (item)), "documents");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (documents, "service_report"), 0), ==, "att-4");
  gtk_window_destroy (GTK_WINDOW (form));
}

static void
test_timeline (void)
{
  g_autoptr(IvClaim) claim = from_json ((gpointer) iv_claim_new_from_json, claim_json);
  GtkWidget *timeline = g_object_ref_sink (iv_timeline_new (IV_TIMELINE_CLAIM));
  g_autofree char *last = NULL;

  iv_timeline_set_history (IV_TIMELINE (timeline), iv_claim_get_history (claim));
  g_assert_cmpuint (iv_timeline_get_n_steps (IV_TIMELINE (timeline)), ==, 2);
  last = iv_timeline_dup_step_text (IV_TIMELINE (timeline), 1);
  /* When, who, what, and the reviewer's note, in one sentence */
  if (strstr (last, "2026年9月11日 09:00") == NULL)
    g_error ("unexpected step text: %s", last);
  g_assert_nonnull (strstr (last, "区"));
  g_assert_nonnull (strstr (last, "退回修改"));
  g_assert_nonnull (strstr (last, "发票日期有误"));
  g_object_unref (timeline);
}

int
main (int argc, char *argv[])
{
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  if (!iv_ui_test_init_zh_cn (&argc, &argv))
    return 77;

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/claim-form/labels-and-required", test_labels_and_required);
  ADD ("/claim-form/invalid-linked-and-focus", test_invalid_linked_and_focus);
  ADD ("/claim-form/uppercase-and-estimate", test_uppercase_and_estimate);
  ADD ("/claim-form/checklist", test_checklist);
  ADD ("/claim-form/documents-checked", test_documents_checked);
  ADD ("/claim-form/draft-round-trip", test_draft_round_trip);
  ADD ("/claim-form/submit-queues", test_submit_queues);
  ADD ("/claim-form/returned-claim", test_returned_claim);
#undef ADD
  g_test_add_func ("/timeline/sentence", test_timeline);

  return g_test_run ();
}
