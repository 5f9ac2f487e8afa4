/* test-application-form.c: the quota application form as assistive technology and its user see it
 *
 * GTK_A11Y=test under a display (Xvfb in CI), in zh_CN.  Labels with
 * mnemonics, REQUIRED, INVALID + ERROR_MESSAGE linked to a visible error,
 * focus on the first invalid field, the live 大写 amount, the cap, the
 * phone check, drafts that come back, and what submitting queues.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "iv-application-form.h"
#include "iv-domain.h"
#include "iv-resources.h"
#include "iv-ui-test-util.h"

static const char policy_json[] =
  "{\"version\": \"2026.1\", \"year\": 2026, \"caps_fen\": {\"enterprise\": 30000000, \"team\": 10000000},"
  " \"tiers\": [{\"up_to_fen\": 5000000, \"ratio_bp\": 8000}, {\"up_to_fen\": null, \"ratio_bp\": 5000}],"
  " \"claim_documents\": [\"contract\", \"invoice\", \"payment_proof\", \"service_report\"],"
  " \"redeem_modes\": [\"enterprise\", \"institution\"], \"payout\": \"quarterly\"}";

/* ¥300,000 a year, ¥250,000 granted already: ¥50,000 left */
static const char account_json[] =
  "{\"id\": \"acc-1\", \"kind\": \"enterprise\", \"name\": \"上海示范科技有限公司\","
  " \"credit_code\": \"91310115MA1K3A2B3J\", \"contact_name\": \"王敏\", \"contact_phone\": \"13912345678\","
  " \"district\": \"浦东新区\", \"year\": 2026, \"year_cap_fen\": 30000000, \"year_granted_fen\": 25000000,"
  " \"year_used_fen\": 0}";

static const char returned_json[] =
  "{\"id\": \"app-7\", \"number\": \"SL2026-000007\", \"version\": 4, \"status\": \"returned\", \"year\": 2026,"
  " \"amount_fen\": 2000000, \"purpose\": \"新材料检测\", \"planned_categories\": [\"%s\"],"
  " \"contact_name\": \"王敏\", \"contact_phone\": \"021-58881234\","
  " \"submitted_at\": \"2026-03-01T10:00:00+08:00\", \"history\": ["
  "{\"at\": \"2026-03-01T10:00:00+08:00\", \"status\": \"submitted\", \"actor\": \"applicant\", \"note\": null},"
  "{\"at\": \"2026-03-02T09:00:00+08:00\", \"status\": \"returned\", \"actor\": \"district\", \"note\": \"用途请写具体\"}]}";

enum { F_AMOUNT, F_PURPOSE, F_CATEGORIES, F_CONTACT_NAME, F_CONTACT_PHONE, N_FIELDS };
static const char *field_names[N_FIELDS] = {
  IV_APPLICATION_FIELD_AMOUNT, IV_APPLICATION_FIELD_PURPOSE, IV_APPLICATION_FIELD_CATEGORIES,
  IV_APPLICATION_FIELD_CONTACT_NAME, IV_APPLICATION_FIELD_CONTACT_PHONE,
};

typedef struct {
  char      *dir;
  IvUserDb  *user_db;
  IvDrafts  *drafts;
  IvOutbox  *outbox;
  IvPolicy  *policy;
  IvAccount *account;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("iv-application-form-XXXXXX", &error);
  g_assert_no_error (error);
  f->user_db = iv_user_db_open (f->dir, &error);
  g_assert_no_error (error);
  f->drafts = iv_drafts_new (f->user_db);
  f->outbox = iv_outbox_new (f->user_db, &error);
  g_assert_no_error (error);
  f->policy = from_json ((gpointer) iv_policy_new_from_json, policy_json);
  f->account = from_json ((gpointer) iv_account_new_from_json, account_json);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GFile) dir = g_file_new_for_path (f->dir);

  g_clear_object (&f->account);
  g_clear_object (&f->policy);
  g_clear_object (&f->outbox);
  g_clear_object (&f->drafts);
  g_clear_object (&f->user_db);
  remove_tree (dir);
  g_free (f->dir);
}

static IvApplicationForm *
new_form (Fixture  *f,
          gboolean  with_account)
{
  IvApplicationForm *form = iv_application_form_new (f->drafts, f->outbox);

  iv_application_form_set_policy (form, f->policy, with_account ? f->account : NULL);
  gtk_window_present (GTK_WINDOW (form));
  spin (50);
  return form;
}

static IvFormField *
field (IvApplicationForm *form,
       guint              index)
{
  IvFormField *field = iv_application_form_get_field (form, field_names[index]);

  g_assert_nonnull (field);
  return field;
}

static GtkWidget *
control (IvApplicationForm *form,
         guint              index)
{
  return iv_form_field_get_control (field (form, index));
}

static void
type_into (IvApplicationForm *form,
           guint              index,
           const char        *text)
{
  GtkWidget *widget = control (form, index);

  if (GTK_IS_TEXT_VIEW (widget))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)), text, -1);
  else
    gtk_editable_set_text (GTK_EDITABLE (widget), text);
}

static const char *
first_category (void)
{
  return iv_category_codes ()[0];
}

static void
tick (IvApplicationForm *form,
      const char        *code,
      gboolean           active)
{
  GtkWidget *button = iv_application_form_get_category_button (form, code);

  g_assert_nonnull (button);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (button), active);
}

static gboolean
has_focus_within (IvApplicationForm *form,
                  GtkWidget         *widget)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (form));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static void
fill_valid (IvApplicationForm *form)
{
  type_into (form, F_AMOUNT, "20000");
  type_into (form, F_PURPOSE, "新材料成分检测与可靠性试验");
  tick (form, first_category (), TRUE);
  type_into (form, F_CONTACT_NAME, "王敏");
  type_into (form, F_CONTACT_PHONE, "13912345678");
}

/* "申领金额（元）(A)（必填）" → "申领金额（元）（必填）" (newer GTK hides a CJK mnemonic hint) */
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
assert_shows_error (IvFormField *f)
{
  GtkWidget *error_label = iv_form_field_get_error_label (f);

  gtk_test_accessible_assert_state (GTK_ACCESSIBLE (iv_form_field_get_control (f)),
                                    GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE);
  gtk_test_accessible_assert_relation (GTK_ACCESSIBLE (iv_form_field_get_control (f)),
                                       GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE, error_label, NULL);
  /* In words, not only by colour */
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (error_label)), "错误："));
}

static void
assert_no_error (IvFormField *f)
{
  gtk_test_accessible_assert_state (GTK_ACCESSIBLE (iv_form_field_get_control (f)),
                                    GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_FALSE);
  g_assert_false (gtk_widget_get_visible (iv_form_field_get_error_label (f)));
}

/* Tests ------------------------------------------------------------------ */

static void
test_labels_and_required (Fixture       *f,
                          gconstpointer  data)
{
  IvApplicationForm *form = new_form (f, FALSE);
  static const char *labels[N_FIELDS] = {
    "申领金额（元）(A)（必填）",
    "用途(P)（必填）",
    "计划使用的服务类别(C)（必填）",
    "联系人(N)（必填）",
    "联系电话(P)（必填）",
  };

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (form)), ==, "申领额度");
  for (guint i = 0; i < N_FIELDS; i++)
    {
      GtkWidget *label = iv_form_field_get_label (field (form, i));
      GtkWidget *widget = control (form, i);
      g_autofree char *shown = without_mnemonic_hint (gtk_label_get_text (GTK_LABEL (label)));
      g_autofree char *wanted = without_mnemonic_hint (labels[i]);

      g_assert_cmpstr (shown, ==, wanted);
      g_assert_cmpuint (gtk_label_get_mnemonic_keyval (GTK_LABEL (label)), !=, GDK_KEY_VoidSymbol);
      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_REQUIRED, TRUE);
      gtk_test_accessible_assert_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_INVALID,
                                        GTK_ACCESSIBLE_INVALID_FALSE);
      if (i == F_CATEGORIES)
        {
          /* The mnemonic lands on the first check box; the group keeps its own name */
          g_assert_true (gtk_label_get_mnemonic_widget (GTK_LABEL (label)) ==
                         iv_application_form_get_category_button (form, first_category ()));
          gtk_test_accessible_assert_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                               "计划使用的服务类别");
        }
      else
        {
          g_assert_true (gtk_label_get_mnemonic_widget (GTK_LABEL (label)) == widget);
          gtk_test_accessible_assert_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                               label, NULL);
        }
    }
  /* Every category is a check box named in Chinese */
  for (const char * const *code = iv_category_codes (); *code != NULL; code++)
    {
      GtkWidget *button = iv_application_form_get_category_button (form, *code);
      const char *text = gtk_check_button_get_label (GTK_CHECK_BUTTON (button));

      g_assert_nonnull (text);
      g_assert_cmpuint ((guchar) text[0], >=, 0x80);
    }
  gtk_window_destroy (GTK_WINDOW (form));
}

static void
test_invalid_linked_and_focus (Fixture       *f,
                               gconstpointer  data)
{
  IvApplicationForm *form = new_form (f, FALSE);
  g_autoptr(IvOutboxItem) item = NULL;
  g_autoptr(GError) error = NULL;

  /* Focus elsewhere first, so that moving it is what validation did */
  gtk_widget_grab_focus (control (form, F_CONTACT_PHONE));
  item = iv_application_form_submit (form, &error);
  g_assert_no_error (error);
  g_assert_null (item);
  g_assert_cmpuint (iv_outbox_get_pending_count (f->outbox), ==, 0);
  for (guint i = 0; i < N_FIELDS; i++)
    assert_shows_error (field (form, i));
  g_assert_true (has_focus_within (form, control (form, F_AMOUNT)));

  /* Fixing a field clears its state as the user types */
  type_into (form, F_AMOUNT, "1000");
  assert_no_error (field (form, F_AMOUNT));
  tick (form, first_category (), TRUE);
  assert_no_error (field (form, F_CATEGORIES));

  /* The next check puts the focus on the first field still wrong: the purpose */
  g_assert_false (iv_application_form_validate (form));
  g_assert_true (has_focus_within (form, control (form, F_PURPOSE)));
  type_into (form, F_PURPOSE, "检测");
  type_into (form, F_CONTACT_NAME, "王敏");
  g_assert_false (iv_application_form_validate (form));
  g_assert_true (has_focus_within (form, control (form, F_CONTACT_PHONE)));

  /* An amount of zero is refused in words */
  type_into (form, F_AMOUNT, "0");
  g_assert_false (iv_application_form_validate (form));
  g_assert_cmpstr (iv_form_field_get_error (field (form, F_AMOUNT)), ==, "请输入大于零的金额。");
  g_assert_true (has_focus_within (form, control (form, F_AMOUNT)));
  gtk_window_destroy (GTK_WINDOW (form));
}

static void
test_uppercase_and_cap (Fixture       *f,
                        gconstpointer  data)
{
  IvApplicationForm *form = new_form (f, TRUE);
  IvFormField *amount = field (form, F_AMOUNT);
  g_autofree char *error_text = NULL;

  /* Before anything is typed the hint says how to write an amount */
  g_assert_cmpstr (iv_form_field_get_hint (amount), ==, "以元为单位，例如 12345.67");
  type_into (form, F_AMOUNT, "12345.67");
  g_assert_cmpstr (iv_form_field_get_hint (amount), ==, "人民币壹万贰仟叁佰肆拾伍元陆角柒分");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (iv_form_field_get_control (amount)),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "人民币壹万贰仟叁佰肆拾伍元陆角柒分");
  type_into (form, F_AMOUNT, "50,000");
  g_assert_cmpstr (iv_form_field_get_hint (amount), ==, "人民币伍万元整");

  /* ¥300,000 cap less ¥250,000 granted: ¥50,000 left */
  g_assert_cmpint (iv_application_form_get_cap_fen (form), ==, 5000000);
  type_into (form, F_PURPOSE, "检测");
  tick (form, first_category (), TRUE);
  g_assert_true (iv_application_form_validate (form));
  type_into (form, F_AMOUNT, "50000.01");
  g_assert_false (iv_application_form_validate (form));
  assert_shows_error (amount);
  g_assert_cmpstr (iv_form_field_get_error (amount), ==, "本年度最多可申领 ¥50,000.00。");
  error_text = g_strdup (gtk_label_get_text (GTK_LABEL (iv_form_field_get_error_label (amount))));
  g_assert_nonnull (strstr (error_text, "¥50,000.00"));
  g_assert_true (has_focus_within (form, iv_form_field_get_control (amount)));
  gtk_window_destroy (GTK_WINDOW (form));
}

static void
test_phone (Fixture       *f,
            gconstpointer  data)
{
  IvApplicationForm *form = new_form (f, TRUE);
  IvFormField *phone = field (form, F_CONTACT_PHONE);

  /* Prefilled from the account */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (control (form, F_CONTACT_NAME))), ==, "王敏");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (control (form, F_CONTACT_PHONE))), ==, "13912345678");
  type_into (form, F_AMOUNT, "1000");
  type_into (form, F_PURPOSE, "检测");
  tick (form, first_category (), TRUE);
  g_assert_true (iv_application_form_validate (form));

  for (guint i = 0; i < 3; i++)
    {
      static const char *bad[] = { "12345", "1391234567x", "0211234" };

      type_into (form, F_CONTACT_PHONE, bad[i]);
      g_assert_false (iv_application_form_validate (form));
      assert_shows_error (phone);
      /* The reason is Chinese */
      g_assert_cmpuint ((guchar) iv_form_field_get_error (phone)[0], >=, 0x80);
      g_assert_true (has_focus_within (form, iv_form_field_get_control (phone)));
    }
  type_into (form, F_CONTACT_PHONE, "021-58881234");
  assert_no_error (phone);
  g_assert_true (iv_application_form_validate (form));
  type_into (form, F_CONTACT_PHONE, "13800138000");
  g_assert_true (iv_application_form_validate (form));
  gtk_window_destroy (GTK_WINDOW (form));
}

static void
test_draft_round_trip (Fixture       *f,
                       gconstpointer  data)
{
  IvApplicationForm *form = new_form (f, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(IvDraft) draft = NULL;
  g_autofree char *draft_id = NULL;
  IvApplicationForm *again;
  const char *codes[3] = { iv_category_codes ()[0], iv_category_codes ()[1], NULL };

  type_into (form, F_AMOUNT, "12.3x");      /* invalid text is kept too */
  type_into (form, F_PURPOSE, "草稿：可靠性试验");
  tick (form, codes[1], TRUE);
  g_assert_true (iv_application_form_get_dirty (form));
  /* Autosave runs shortly after the last change, with no action of the user */
  spin (1500);
  g_assert_false (iv_application_form_get_dirty (form));
  g_assert_nonnull (iv_application_form_get_draft_id (form));
  draft_id = g_strdup (iv_application_form_get_draft_id (form));

  /* Closing by the window manager does not lose what was typed last */
  type_into (form, F_CONTACT_NAME, "最后一刻");
  tick (form, codes[0], TRUE);
  gtk_window_destroy (GTK_WINDOW (form));

  draft = iv_drafts_get (f->drafts, draft_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (draft);
  again = iv_application_form_new (f->drafts, f->outbox);
  g_assert_true (iv_application_form_load_draft (again, draft, &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (again));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (control (again, F_AMOUNT))), ==, "12.3x");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (control (again, F_CONTACT_NAME))), ==, "最后一刻");
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (control (again, F_PURPOSE)));
    GtkTextIter start, end;
    g_autofree char *text = NULL;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_cmpstr (text, ==, "草稿：可靠性试验");
  }
  for (guint i = 0; codes[i] != NULL; i++)
    g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (iv_application_form_get_category_button (again, codes[i]))));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (iv_application_form_get_category_button (again, iv_category_codes ()[2]))));
  g_assert_false (iv_application_form_get_dirty (again));
  g_assert_cmpstr (iv_application_form_get_draft_id (again), ==, draft_id);
  gtk_window_destroy (GTK_WINDOW (again));
}

static void
test_submit_queues (Fixture       *f,
                    gconstpointer  data)
{
  IvApplicationForm *form = new_form (f, TRUE);
  g_autoptr(IvOutboxItem) item = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *body;
  JsonArray *categories;

  fill_valid (form);
  tick (form, iv_category_codes ()[2], TRUE);
  item = iv_application_form_submit (form, &error);
  g_assert_no_error (error);
  g_assert_nonnull (item);
  g_assert_cmpint (iv_outbox_item_get_kind (item), ==, IV_OUTBOX_KIND_CREATE_APPLICATION);
  g_assert_cmpuint (iv_outbox_get_pending_count (f->outbox), ==, 1);
  /* The body is the api.md application: money in fen, the policy year */
  body = json_node_get_object (iv_outbox_item_get_body (item));
  g_assert_cmpint (json_object_get_int_member (body, "amount_fen"), ==, 2000000);
  g_assert_cmpint (json_object_get_int_member (body, "year"), ==, 2026);
  g_assert_cmpstr (json_object_get_string_member (body, "purpose"), ==, "新材料成分检测与可靠性试验");
  g_assert_cmpstr (json_object_get_string_member (body, "contact_name"), ==, "王敏");
  g_assert_cmpstr (json_object_get_string_member (body, "contact_phone"), ==, "13912345678");
  categories = json_object_get_array_member (body, "planned_categories");
  g_assert_cmpuint (json_array_get_length (categories), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (categories, 0), ==, iv_category_codes ()[0]);
  g_assert_cmpstr (json_array_get_string_element (categories, 1), ==, iv_category_codes ()[2]);
  /* The draft was saved with it and the form is clean */
  g_assert_nonnull (iv_application_form_get_draft_id (form));
  g_assert_false (iv_application_form_get_dirty (form));
  gtk_window_destroy (GTK_WINDOW (form));
}

static void
test_returned_application (Fixture       *f,
                           gconstpointer  data)
{
  IvApplicationForm *form = iv_application_form_new (f->drafts, f->outbox);
  g_autofree char *json = g_strdup_printf (returned_json, iv_category_codes ()[1]);
  g_autoptr(IvQuotaApplication) application = from_json ((gpointer) iv_quota_application_new_from_json, json);
  g_autoptr(IvOutboxItem) item = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *body;

  iv_application_form_set_policy (form, f->policy, f->account);
  iv_application_form_edit_application (form, application);
  gtk_window_present (GTK_WINDOW (form));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (form)), ==, "修改退回的申领");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (control (form, F_AMOUNT))), ==, "20,000.00");
  /* What the application said is kept, not replaced by the account's contact */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (control (form, F_CONTACT_PHONE))), ==, "021-58881234");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (iv_application_form_get_category_button (form, iv_category_codes ()[1]))));
  type_into (form, F_PURPOSE, "新材料成分检测，共 12 批次");
  item = iv_application_form_submit (form, &error);
  g_assert_no_error (error);
  g_assert_nonnull (item);
  g_assert_cmpint (iv_outbox_item_get_kind (item), ==, IV_OUTBOX_KIND_RESUBMIT_APPLICATION);
  g_assert_cmpstr (iv_outbox_item_get_target_id (item), ==, "app-7");
  g_assert_cmpint (iv_outbox_item_get_if_match (item), ==, 4);
  body = json_node_get_object (iv_outbox_item_get_body (item));
  g_assert_cmpstr (json_object_get_string_member (body, "purpose"), ==, "新材料成分检测，共 12 批次");
  g_assert_cmpint (json_object_get_int_member (body, "amount_fen"), ==, 2000000);
  gtk_window_destroy (GTK_WINDOW (form));
}

int
main (int argc, char *argv[])
{
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  if (!iv_ui_test_init_zh_cn (&argc, &argv))
    return 77;

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/application-form/labels-and-required", test_labels_and_required);
  ADD ("/application-form/invalid-linked-and-focus", test_invalid_linked_and_focus);
  ADD ("/application-form/uppercase-and-cap", test_uppercase_and_cap);
  ADD ("/application-form/phone", test_phone);
  ADD ("/application-form/draft-round-trip", test_draft_round_trip);
  ADD ("/application-form/submit-queues", test_submit_queues);
  ADD ("/application-form/returned-application", test_returned_application);
#undef ADD

  return g_test_run ();
}
