/* test-widgets.c: the sign-in form, catalog rows and results, and order dialog as assistive technology sees them
 *
 * Runs with GTK_A11Y=test (the test AT context of gtk/gtktestatcontext.h)
 * under a display (Xvfb in CI), in zh_CN: what is asserted is what a
 * screen-reader user would hear.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "iv-cache-db.h"
#include "iv-catalog-page.h"
#include "iv-catalog-results.h"
#include "iv-domain.h"
#include "iv-order-dialog.h"
#include "iv-resources.h"
#include "iv-service-row.h"
#include "iv-sign-in-page.h"
#include "iv-ui-test-util.h"

static GtkWidget *
child (gpointer widget, GType type, const char *name)
{
  GObject *obj = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (obj);
  return GTK_WIDGET (obj);
}

/* Sign-in ------------------------------------------------------------- */

typedef struct {
  int       count;
  char     *account;
  gboolean  remember;
} SubmitLog;

static void
submit_cb (IvSignInPage *page, const char *account, const char *password,
           gboolean remember, const char *url, SubmitLog *log)
{
  log->count++;
  g_free (log->account);
  log->account = g_strdup (account);
  log->remember = remember;
}

static void
test_sign_in_form (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = iv_sign_in_page_new ();
  GtkWidget *account, *account_error, *password, *password_error, *service;
  SubmitLog log = { 0 };

  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (page, "submit", G_CALLBACK (submit_cb), &log);

  service = child (page, IV_TYPE_SIGN_IN_PAGE, "service_entry");
  account = child (page, IV_TYPE_SIGN_IN_PAGE, "account_entry");
  account_error = child (page, IV_TYPE_SIGN_IN_PAGE, "account_error");
  password = child (page, IV_TYPE_SIGN_IN_PAGE, "password_entry");
  password_error = child (page, IV_TYPE_SIGN_IN_PAGE, "password_error");

  /* Named by their mnemonic labels, and required */
  gtk_test_accessible_assert_relation (account, GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                       child (page, IV_TYPE_SIGN_IN_PAGE, "account_label"), NULL);
  gtk_test_accessible_assert_relation (password, GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                       child (page, IV_TYPE_SIGN_IN_PAGE, "password_label"), NULL);
  gtk_test_accessible_assert_relation (service, GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                       child (page, IV_TYPE_SIGN_IN_PAGE, "service_label"), NULL);
  gtk_test_accessible_assert_property (account, GTK_ACCESSIBLE_PROPERTY_REQUIRED, TRUE);
  gtk_test_accessible_assert_property (password, GTK_ACCESSIBLE_PROPERTY_REQUIRED, TRUE);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (page, IV_TYPE_SIGN_IN_PAGE, "account_label"))),
                   ==, "账号(_A)");

  /* Validated as typed: a lower-case letter is wrong at once */
  iv_sign_in_page_set_service_url (IV_SIGN_IN_PAGE (page), "https://vouchers.example.cn/api");
  gtk_editable_set_text (GTK_EDITABLE (account), "91310115ma");
  gtk_test_accessible_assert_state (account, GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE);
  gtk_test_accessible_assert_relation (account, GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE, account_error, NULL);
  g_assert_true (gtk_widget_get_visible (account_error));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (account_error)), "M"));

  /* A valid beginning is not an error yet */
  gtk_editable_set_text (GTK_EDITABLE (account), "91310115MA");
  g_assert_false (gtk_widget_get_visible (account_error));
  g_assert_false (gtk_test_accessible_has_state (GTK_ACCESSIBLE (account), GTK_ACCESSIBLE_STATE_INVALID) &&
                  gtk_test_accessible_check_state (GTK_ACCESSIBLE (account), GTK_ACCESSIBLE_STATE_INVALID,
                                                   GTK_ACCESSIBLE_INVALID_TRUE) == NULL);

  /* 18 characters with a wrong check character */
  gtk_editable_set_text (GTK_EDITABLE (account), "91310000MA1FL4WR6M");
  gtk_test_accessible_assert_state (account, GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE);

  /* Submit with an empty password: refused, focus on the first invalid field */
  gtk_editable_set_text (GTK_EDITABLE (account), "91310000MA1FL4WR6Y");
  g_assert_false (gtk_widget_get_visible (account_error));
  spin (50);
  g_assert_false (iv_sign_in_page_submit (IV_SIGN_IN_PAGE (page)));
  g_assert_cmpint (log.count, ==, 0);
  gtk_test_accessible_assert_state (password, GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE);
  gtk_test_accessible_assert_relation (password, GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE, password_error, NULL);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (password_error)), ==, "请输入密码。");
  spin (50);
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (window)), password) ||
                 gtk_window_get_focus (GTK_WINDOW (window)) == password);

  /* Empty account and password: the account is first */
  gtk_editable_set_text (GTK_EDITABLE (account), "");
  g_assert_false (iv_sign_in_page_submit (IV_SIGN_IN_PAGE (page)));
  spin (50);
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (window)), account) ||
                 gtk_window_get_focus (GTK_WINDOW (window)) == account);

  /* A team account and a password: submitted */
  gtk_editable_set_text (GTK_EDITABLE (account), "team-demo");
  gtk_editable_set_text (GTK_EDITABLE (password), "Demo@2026");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (child (page, IV_TYPE_SIGN_IN_PAGE, "remember_check")), TRUE);
  g_assert_true (iv_sign_in_page_submit (IV_SIGN_IN_PAGE (page)));
  g_assert_cmpint (log.count, ==, 1);
  g_assert_cmpstr (log.account, ==, "team-demo");
  g_assert_true (log.remember);
  g_assert_false (gtk_widget_get_visible (account_error));

  /* A failure from the service is shown and the form is usable again */
  iv_sign_in_page_set_busy (IV_SIGN_IN_PAGE (page), TRUE);
  g_assert_false (iv_sign_in_page_submit (IV_SIGN_IN_PAGE (page)));
  iv_sign_in_page_set_busy (IV_SIGN_IN_PAGE (page), FALSE);
  iv_sign_in_page_show_error (IV_SIGN_IN_PAGE (page), "账号或密码错误。");
  gtk_test_accessible_assert_role (child (page, IV_TYPE_SIGN_IN_PAGE, "form_error"), GTK_ACCESSIBLE_ROLE_ALERT);
  g_assert_true (gtk_widget_get_visible (child (page, IV_TYPE_SIGN_IN_PAGE, "form_error")));

  g_free (log.account);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Catalog rows ---------------------------------------------------------- */

static void
test_service_rows (void)
{
  g_autoptr(IvService) priced = from_json ((gpointer) iv_service_new_from_json,
    "{\"id\": \"svc-1\", \"institution_id\": \"inst-1\", \"category\": \"testing\","
    " \"title\": \"材料成分分析\", \"description\": \"\", \"price_fen\": 120000,"
    " \"price_note\": null, \"unit\": null, \"updated_at\": \"2026-03-02T10:30:00Z\"}");
  g_autoptr(IvService) negotiable = from_json ((gpointer) iv_service_new_from_json,
    "{\"id\": \"svc-2\", \"institution_id\": \"inst-1\", \"category\": \"joint_rnd\","
    " \"title\": \"新型传感器合作研发\", \"description\": \"\", \"price_fen\": null,"
    " \"price_note\": \"面议\", \"unit\": \"项\", \"updated_at\": \"2026-03-02T10:30:00Z\"}");
  GtkWidget *row = g_object_ref_sink (iv_service_row_new ());

  iv_service_row_set_service (IV_SERVICE_ROW (row), priced, "上海某某检测中心");
  /* One sentence: title, institution, category, price */
  gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "材料成分分析，上海某某检测中心，测试检测，¥1,200.00");

  /* Recycled for a service without a price: 面议 */
  iv_service_row_set_service (IV_SERVICE_ROW (row), negotiable, "上海某某检测中心");
  gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "新型传感器合作研发，上海某某检测中心，合作研发，面议");
  g_assert_cmpstr (iv_service_row_get_sentence (IV_SERVICE_ROW (row)), ==,
                   "新型传感器合作研发，上海某某检测中心，合作研发，面议");

  /* On screen: the row places its labels itself (it measures no text):
   * title over institution on the left, the price right of both, all
   * inside the row, and a row of Latin text as tall as a Chinese one */
  {
    GtkWidget *window = gtk_window_new ();
    GtkWidget *title, *detail, *price;
    graphene_rect_t t, d, p;
    int height;

    gtk_window_set_child (GTK_WINDOW (window), row);
    gtk_window_set_default_size (GTK_WINDOW (window), 400, -1);
    gtk_window_present (GTK_WINDOW (window));
    spin (300);
    title = gtk_widget_get_first_child (row);
    detail = gtk_widget_get_next_sibling (title);
    price = gtk_widget_get_next_sibling (detail);
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (title)), ==, "新型传感器合作研发");
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (price)), ==, "面议");
    g_assert_true (gtk_widget_compute_bounds (title, row, &t));
    g_assert_true (gtk_widget_compute_bounds (detail, row, &d));
    g_assert_true (gtk_widget_compute_bounds (price, row, &p));
    g_assert_cmpfloat (t.size.width, >, 100);
    g_assert_cmpfloat (t.size.height, >, 8);
    g_assert_cmpfloat (d.origin.y, >=, t.origin.y + t.size.height);
    g_assert_cmpfloat (p.origin.x, >=, t.origin.x + t.size.width);
    g_assert_cmpfloat (p.size.width, >, 8);
    g_assert_cmpfloat (p.origin.x + p.size.width, <=, gtk_widget_get_width (row));
    g_assert_cmpfloat (d.origin.y + d.size.height, <=, gtk_widget_get_height (row));
    height = gtk_widget_get_height (row);
    g_assert_cmpint (height, >=, 48);

    iv_service_row_set_service (IV_SERVICE_ROW (row), priced, "Shanghai Lab");
    spin (200);
    g_assert_cmpint (gtk_widget_get_height (row), ==, height);
    g_assert_true (gtk_widget_compute_bounds (price, row, &p));
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (price)), ==, "¥1,200.00");
    g_assert_cmpfloat (p.origin.x + p.size.width, <=, gtk_widget_get_width (row));

    gtk_window_set_child (GTK_WINDOW (window), NULL);
    gtk_window_destroy (GTK_WINDOW (window));
  }

  /* Emptied when unbound: no stale sentence */
  iv_service_row_set_service (IV_SERVICE_ROW (row), NULL, NULL);
  g_assert_null (iv_service_row_get_sentence (IV_SERVICE_ROW (row)));
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL));

  g_object_unref (row);
}

/* Catalog results: every match listed, only what is looked at decoded */

#define N_RESULTS 3000

typedef struct {
  guint changes;
  guint last_n;
} Changes;

static void
results_changed_cb (GListModel *model,
                    guint       position,
                    guint       removed,
                    guint       added,
                    Changes    *changes)
{
  /* Each change is consistent: a list view following them holds what
   * the model holds */
  g_assert_cmpuint (position + removed, <=, changes->last_n);
  changes->last_n = changes->last_n - removed + added;
  g_assert_cmpuint (changes->last_n, ==, g_list_model_get_n_items (model));
  changes->changes++;
}

/* Rows as the catalog page makes them: a kept row follows its slot */
static void
row_update (IvCatalogSlot *slot, GParamSpec *pspec, GtkListItem *item)
{
  IvService *service = iv_catalog_slot_get_service (slot);

  iv_service_row_set_service (IV_SERVICE_ROW (gtk_list_item_get_child (item)), service,
                              service != NULL ? "上海某某检测中心" : NULL);
}

static void
row_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *item)
{
  gtk_list_item_set_child (item, iv_service_row_new ());
}

static void
row_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item)
{
  IvCatalogSlot *slot = gtk_list_item_get_item (item);

  row_update (slot, NULL, item);
  g_signal_connect_object (slot, "notify::service", G_CALLBACK (row_update), item, 0);
}

static void
row_unbind_cb (GtkSignalListItemFactory *factory, GtkListItem *item)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), row_update, item);
  iv_service_row_set_service (IV_SERVICE_ROW (gtk_list_item_get_child (item)), NULL, NULL);
}

/* The rows a list view has bound (their accessible sentence, what Orca
 * reads, and their title); how many do not show word */
static guint
rows_without (GtkWidget *widget, const char *word, guint *n_rows)
{
  guint missing = 0;

  if (IV_IS_SERVICE_ROW (widget))
    {
      const char *sentence = iv_service_row_get_sentence (IV_SERVICE_ROW (widget));
      GtkWidget *label = widget;

      (*n_rows)++;
      /* The title is the first label in the row */
      while (label != NULL && !GTK_IS_LABEL (label))
        label = gtk_widget_get_first_child (label);
      return sentence == NULL || strstr (sentence, word) == NULL ||
             label == NULL || strstr (gtk_label_get_label (GTK_LABEL (label)), word) == NULL;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    missing += rows_without (c, word, n_rows);
  return missing;
}

static void
test_catalog_results (void)
{
  g_autofree char *dir = g_dir_make_tmp ("iv-test-results-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IvCacheDb) cache = iv_cache_db_open (dir, &error);
  g_autoptr(GPtrArray) insts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) services = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(IvCatalogSearch) search = NULL;
  g_autoptr(IvCatalogResults) results = NULL;
  g_autoptr(IvCatalogQuery) query = iv_catalog_query_new ();
  g_autoptr(IvService) last = NULL;
  Changes changes = { 0, };

  g_assert_no_error (error);
  g_ptr_array_add (insts, from_json ((gpointer) iv_institution_new_from_json,
    "{\"id\": \"inst-1\", \"name\": \"上海某某检测中心\", \"credit_code\": \"12310000425006117P\","
    " \"district\": \"浦东新区\", \"address\": \"上海市某路1号\", \"phone\": \"021-38839800\","
    " \"accreditations\": [\"CMA\"], \"accepts_vouchers\": true, \"updated_at\": \"2026-03-01T09:00:00+08:00\"}"));
  for (guint i = 0; i < N_RESULTS; i++)
    {
      g_autofree char *json = g_strdup_printf (
        "{\"id\": \"svc-%05u\", \"institution_id\": \"inst-1\", \"category\": \"testing\","
        " \"title\": \"%s %u\", \"description\": \"\", \"price_fen\": 10000,"
        " \"price_note\": null, \"unit\": null, \"updated_at\": \"2026-03-02T10:30:00Z\"}",
        i, i % 3 == 0 ? "扫描电镜" : "材料成分分析", i);
      g_ptr_array_add (services, from_json ((gpointer) iv_service_new_from_json, json));
    }
  g_assert_true (iv_cache_db_apply_catalog_page (cache, insts, services, NULL, NULL, 1, &error));
  g_assert_no_error (error);

  search = iv_catalog_search_new (cache);
  results = iv_catalog_results_new (search);
  g_signal_connect (results, "items-changed", G_CALLBACK (results_changed_cb), &changes);

  /* All 3,000 are items (no "first 1,000 shown"), and only the first
   * page was read to know that */
  g_assert_true (iv_catalog_results_set_query (results, query, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (results)), ==, N_RESULTS);
  g_assert_cmpuint (iv_catalog_results_get_total (results), ==, N_RESULTS);
  g_assert_cmpuint (iv_catalog_results_get_n_page_reads (results), ==, 1);
  g_assert_cmpuint (iv_catalog_results_get_n_loaded (results), <=, IV_CATALOG_RESULTS_PAGE_SIZE);

  /* The last one is there, in id order, read on demand */
  last = iv_catalog_results_get_service (results, N_RESULTS - 1);
  g_assert_nonnull (last);
  g_assert_cmpstr (iv_service_get_id (last), ==, "svc-02999");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (results), N_RESULTS));
  g_assert_null (iv_catalog_results_get_service (results, N_RESULTS));
  {
    g_autoptr(IvCatalogSlot) slot = g_list_model_get_item (G_LIST_MODEL (results), N_RESULTS - 1);
    g_assert_cmpstr (iv_service_get_id (iv_catalog_slot_get_service (slot)), ==, "svc-02999");
  }

  /* Going through them all keeps a bounded number decoded */
  for (guint i = 0; i < N_RESULTS; i++)
    {
      g_autoptr(IvService) service = iv_catalog_results_get_service (results, i);
      g_autofree char *id = g_strdup_printf ("svc-%05u", i);

      g_assert_cmpstr (iv_service_get_id (service), ==, id);
    }
  g_assert_cmpuint (iv_catalog_results_get_n_loaded (results), <=,
                    IV_CATALOG_RESULTS_PAGE_SIZE * IV_CATALOG_RESULTS_MAX_PAGES);

  /* A narrower search replaces them: the count is the new one */
  changes.changes = 0;
  iv_catalog_query_set_text (query, "扫描电镜");
  g_assert_true (iv_catalog_results_set_query (results, query, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (results)), ==, N_RESULTS / 3);
  g_assert_cmpuint (changes.last_n, ==, N_RESULTS / 3);
  g_assert_cmpuint (changes.changes, >=, 1);
  {
    g_autoptr(IvService) first = iv_catalog_results_get_service (results, 0);
    g_assert_cmpstr (iv_service_get_title (first), ==, "扫描电镜 0");
  }

  /* A held slot is the same item across searches and shows the new
   * result; only the count difference is announced */
  {
    g_autoptr(IvCatalogSlot) slot = g_list_model_get_item (G_LIST_MODEL (results), 1);
    g_autoptr(IvCatalogSlot) again = NULL;
    guint notified = 0;

    g_assert_cmpstr (iv_service_get_title (iv_catalog_slot_get_service (slot)), ==, "扫描电镜 3");
    g_signal_connect_swapped (slot, "notify::service", G_CALLBACK (g_atomic_int_inc), &notified);
    changes.changes = 0;
    iv_catalog_query_set_text (query, "材料成分分析");
    g_assert_true (iv_catalog_results_set_query (results, query, &error));
    g_assert_cmpuint (changes.last_n, ==, N_RESULTS * 2 / 3);
    g_assert_cmpuint (changes.changes, ==, 1);
    g_assert_cmpuint (notified, ==, 1);
    g_assert_cmpstr (iv_service_get_title (iv_catalog_slot_get_service (slot)), ==, "材料成分分析 2");
    again = g_list_model_get_item (G_LIST_MODEL (results), 1);
    g_assert_true (again == slot);
    /* What activating that row opens is the new service */
    {
      g_autoptr(IvService) opened = iv_catalog_results_get_service (results, 1);
      g_assert_cmpstr (iv_service_get_id (opened), ==, "svc-00002");
    }
    /* A search with one result: the slot is past the end and empty */
    iv_catalog_query_set_text (query, "扫描电镜 2997");
    g_assert_true (iv_catalog_results_set_query (results, query, &error));
    g_assert_cmpuint (changes.last_n, ==, 1);
    g_assert_null (iv_catalog_slot_get_service (slot));
    g_signal_handlers_disconnect_by_func (slot, g_atomic_int_inc, &notified);
  }

  /* In a list view: after a new search every row it shows is bound to
   * the new results */
  {
    GtkWidget *window = gtk_window_new ();
    GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
    GtkWidget *list;
    guint n_rows = 0;

    g_signal_connect (factory, "setup", G_CALLBACK (row_setup_cb), NULL);
    g_signal_connect (factory, "bind", G_CALLBACK (row_bind_cb), NULL);
    g_signal_connect (factory, "unbind", G_CALLBACK (row_unbind_cb), NULL);
    iv_catalog_query_set_text (query, "材料成分分析");
    g_assert_true (iv_catalog_results_set_query (results, query, &error));
    list = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (results)))),
                              factory);
    gtk_window_set_child (GTK_WINDOW (window), gtk_scrolled_window_new ());
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (gtk_window_get_child (GTK_WINDOW (window))), list);
    gtk_window_set_default_size (GTK_WINDOW (window), 400, 300);
    gtk_window_present (GTK_WINDOW (window));
    spin (300);
    g_assert_cmpuint (rows_without (list, "材料成分分析", &n_rows), ==, 0);
    g_assert_cmpuint (n_rows, >, 5);

    iv_catalog_query_set_text (query, "扫描电镜");
    g_assert_true (iv_catalog_results_set_query (results, query, &error));
    spin (300);
    n_rows = 0;
    g_assert_cmpuint (rows_without (list, "扫描电镜", &n_rows), ==, 0);
    g_assert_cmpuint (n_rows, >, 5);
    /* GTK binds rows near the screen only, not all 1,000 */
    g_assert_cmpuint (iv_catalog_results_get_n_page_reads (results), ==, 1);

    /* Fewer results than rows, then more again: the rows left and the
     * rows added show the new search, none the old one */
    iv_catalog_query_set_text (query, "扫描电镜 29");
    g_assert_true (iv_catalog_results_set_query (results, query, &error));
    spin (300);
    n_rows = 0;
    g_assert_cmpuint (rows_without (list, "扫描电镜 29", &n_rows), ==, 0);
    g_assert_cmpuint (n_rows, ==, g_list_model_get_n_items (G_LIST_MODEL (results)));
    iv_catalog_query_set_text (query, "材料成分分析");
    g_assert_true (iv_catalog_results_set_query (results, query, &error));
    spin (300);
    n_rows = 0;
    g_assert_cmpuint (rows_without (list, "材料成分分析", &n_rows), ==, 0);
    g_assert_cmpuint (n_rows, >, 5);

    gtk_window_destroy (GTK_WINDOW (window));
  }

  g_clear_object (&results);
  g_clear_object (&search);
  g_clear_object (&cache);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
    g_assert_cmpint (system (cmd), ==, 0);
  }
}

/* Closing a window that shows the catalog: no critical (GTest makes
 * them fatal) from the page's cleanup, which once unparented its stack
 * twice (the template's and AdwBin's child) */
static void
test_catalog_page_dispose (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = iv_catalog_page_new ();
  GWeakRef weak;

  g_weak_ref_init (&weak, page);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  spin (300);
  g_assert_true (gtk_widget_get_mapped (page));
  gtk_window_destroy (GTK_WINDOW (window));
  spin (100);
  /* And the page is gone, not leaked */
  g_assert_null (g_weak_ref_get (&weak));
  g_weak_ref_clear (&weak);
}

/* Order dialog ---------------------------------------------------------- */

static IvVoucher *
voucher (const char *id, const char *status, gint64 balance, gint64 reserved, const char *use_by)
{
  g_autofree char *json = g_strdup_printf (
    "{\"id\": \"%s\", \"code\": \"SH2099-%s\", \"year\": 2099, \"face_value_fen\": 20000000,"
    " \"balance_fen\": %" G_GINT64_FORMAT ", \"reserved_fen\": %" G_GINT64_FORMAT ", \"use_by\": \"%s\","
    " \"redeem_by\": \"2099-12-31\", \"redeem_mode\": \"enterprise\", \"status\": \"%s\"}",
    id, id, balance, reserved, use_by, status);

  return from_json ((gpointer) iv_voucher_new_from_json, json);
}

static void
test_order_dialog (void)
{
  g_autoptr(IvService) service = from_json ((gpointer) iv_service_new_from_json,
    "{\"id\": \"svc-1\", \"institution_id\": \"inst-1\", \"category\": \"testing\","
    " \"title\": \"材料成分分析\", \"description\": \"\", \"price_fen\": null,"
    " \"price_note\": null, \"unit\": null, \"updated_at\": \"2026-03-02T10:30:00Z\"}");
  g_autoptr(IvPolicy) policy = from_json ((gpointer) iv_policy_new_from_json,
    "{\"version\": \"2099.1\", \"year\": 2099, \"caps_fen\": {\"enterprise\": 30000000, \"team\": 10000000},"
    " \"tiers\": [{\"up_to_fen\": 5000000, \"ratio_bp\": 8000}, {\"up_to_fen\": null, \"ratio_bp\": 5000}],"
    " \"claim_documents\": [\"contract\", \"invoice\", \"payment_proof\", \"service_report\"],"
    " \"redeem_modes\": [\"enterprise\", \"institution\"], \"payout\": \"quarterly\"}");
  g_autoptr(GListStore) vouchers = g_list_store_new (IV_TYPE_VOUCHER);
  g_autoptr(IvVoucher) usable = voucher ("a", "active", 15000000, 3000000, "2099-12-31");
  g_autoptr(IvVoucher) expired = voucher ("b", "expired", 15000000, 0, "2000-01-01");
  g_autoptr(IvVoucher) spent = voucher ("c", "active", 1000, 1000, "2099-12-31");
  g_autoptr(IvVoucher) past = voucher ("d", "active", 15000000, 0, "2001-01-01");
  GtkWidget *dialog = iv_order_dialog_new (service, NULL);
  GtkWidget *dropdown, *amount, *amount_error, *uppercase, *subsidy;
  GListModel *names;

  g_list_store_append (vouchers, expired);
  g_list_store_append (vouchers, usable);
  g_list_store_append (vouchers, spent);
  g_list_store_append (vouchers, past);
  gtk_window_present (GTK_WINDOW (dialog));
  iv_order_dialog_set_data (IV_ORDER_DIALOG (dialog), G_LIST_MODEL (vouchers), policy,
                            IV_ACCOUNT_KIND_ENTERPRISE);

  dropdown = child (dialog, IV_TYPE_ORDER_DIALOG, "voucher_dropdown");
  amount = child (dialog, IV_TYPE_ORDER_DIALOG, "amount_entry");
  amount_error = child (dialog, IV_TYPE_ORDER_DIALOG, "amount_error");
  uppercase = child (dialog, IV_TYPE_ORDER_DIALOG, "uppercase_label");
  subsidy = child (dialog, IV_TYPE_ORDER_DIALOG, "subsidy_label");

  /* Only the usable voucher is offered */
  names = gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown));
  g_assert_cmpuint (g_list_model_get_n_items (names), ==, 1);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 0), ==,
                   "SH2099-a，可用 ¥120,000.00，使用截止 2099年12月31日");

  /* Labelled, required; the 大写 describes the amount */
  gtk_test_accessible_assert_property (amount, GTK_ACCESSIBLE_PROPERTY_REQUIRED, TRUE);
  gtk_test_accessible_assert_property (dropdown, GTK_ACCESSIBLE_PROPERTY_REQUIRED, TRUE);
  g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (amount), GTK_ACCESSIBLE_RELATION_LABELLED_BY));
  gtk_test_accessible_assert_relation (amount, GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, uppercase, NULL);

  /* Empty amount (面议 service): refused, invalid with its message, focused */
  g_assert_false (iv_order_dialog_submit (IV_ORDER_DIALOG (dialog)));
  gtk_test_accessible_assert_state (amount, GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE);
  gtk_test_accessible_assert_relation (amount, GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE, amount_error, NULL);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (amount_error)), ==, "请输入机构的报价金额。");
  spin (50);
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (dialog)), amount) ||
                 gtk_window_get_focus (GTK_WINDOW (dialog)) == amount);

  /* Typed amounts are shown in 大写 at once, with the policy's estimate */
  gtk_editable_set_text (GTK_EDITABLE (amount), "40000");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (uppercase)), ==, "人民币肆万元整");
  g_assert_cmpstr (iv_order_dialog_get_uppercase (IV_ORDER_DIALOG (dialog)), ==, "人民币肆万元整");
  /* 40,000 × 80% = 32,000 */
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (subsidy)), "¥32,000.00"));
  g_assert_false (gtk_widget_get_visible (amount_error));

  gtk_editable_set_text (GTK_EDITABLE (amount), "12,345.67");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (uppercase)), ==, "人民币壹万贰仟叁佰肆拾伍元陆角柒分");

  /* A malformed amount: the money parser's own message */
  gtk_editable_set_text (GTK_EDITABLE (amount), "12.345");
  g_assert_false (iv_order_dialog_submit (IV_ORDER_DIALOG (dialog)));
  gtk_test_accessible_assert_state (amount, GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (uppercase)), ==, "");

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_no_usable_voucher (void)
{
  g_autoptr(IvService) service = from_json ((gpointer) iv_service_new_from_json,
    "{\"id\": \"svc-1\", \"institution_id\": \"inst-1\", \"category\": \"testing\","
    " \"title\": \"材料成分分析\", \"description\": \"\", \"price_fen\": 120000,"
    " \"price_note\": null, \"unit\": null, \"updated_at\": \"2026-03-02T10:30:00Z\"}");
  GtkWidget *dialog = iv_order_dialog_new (service, NULL);
  GtkWidget *dropdown = child (dialog, IV_TYPE_ORDER_DIALOG, "voucher_dropdown");
  GtkWidget *voucher_error = child (dialog, IV_TYPE_ORDER_DIALOG, "voucher_error");

  iv_order_dialog_set_data (IV_ORDER_DIALOG (dialog), NULL, NULL, IV_ACCOUNT_KIND_TEAM);
  g_assert_false (gtk_widget_get_sensitive (dropdown));
  gtk_test_accessible_assert_state (dropdown, GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE);
  gtk_test_accessible_assert_relation (dropdown, GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE, voucher_error, NULL);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (voucher_error)), ==,
                   "您目前没有可用的创新券，请先申领额度。");
  /* The service's price is the amount proposed */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, IV_TYPE_ORDER_DIALOG, "amount_entry"))),
                   ==, "1,200.00");
  g_assert_false (iv_order_dialog_submit (IV_ORDER_DIALOG (dialog)));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int argc, char *argv[])
{
  if (!iv_ui_test_init_zh_cn (&argc, &argv))
    return 77;

  g_test_add_func ("/ui/sign-in/form", test_sign_in_form);
  g_test_add_func ("/ui/catalog/rows", test_service_rows);
  g_test_add_func ("/ui/catalog/results", test_catalog_results);
  g_test_add_func ("/ui/catalog/page-dispose", test_catalog_page_dispose);
  g_test_add_func ("/ui/order-dialog/form", test_order_dialog);
  g_test_add_func ("/ui/order-dialog/no-usable-voucher", test_no_usable_voucher);

  return g_test_run ();
}
