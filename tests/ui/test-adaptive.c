/* test-adaptive.c: every page and dialog at 360 px, in high contrast and with 1.5× text
 *
 * GTK_A11Y=test, zh_CN, under Xvfb.  The real IvWindow is built on a real
 * IvApplication (a fresh data folder, memory GSettings).  When
 * $IV_TEST_SERVICE is set the reference service is started with its demo
 * data and the window signs in, so the pages are measured with real
 * content; without it only the signed-out window is measured.
 *
 * What is asserted is what a person on a phone-sized screen would meet:
 * nothing wider than 360 px (no clipping, no horizontal scrollbar), the
 * view switcher at the bottom and reachable with Tab; in high contrast the
 * style manager says so and the app's own styles keep readable contrast;
 * with 1.5× text the same widths still fit and the default window still
 * holds everything.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "iv-application-form.h"
#include "iv-claim-form.h"
#include "iv-domain.h"
#include "iv-order-dialog.h"
#include "iv-preferences-window.h"
#include "iv-receipt-view.h"
#include "iv-resources.h"
#include "iv-verify-dialog.h"
#include "iv-window.h"
#include "iv-ui-test-util.h"

#define NARROW 360
#define DEMO_ACCOUNT "91310115MA1K3A2B3J"
#define DEMO_PASSWORD "Demo@2026"

static IvApplication *app;
static GSubprocess *service;
static char *service_url;
static char *tmp_dir;
static gboolean signed_in;

static int
min_width (GtkWidget *widget)
{
  int min = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  return min;
}

static int
min_height (GtkWidget *widget,
            int        for_width)
{
  int min = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, for_width, &min, NULL, NULL, NULL);
  return min;
}

/* Names the widgets (deepest first) that need more than max: what to fix */
static void
report_too_wide (GtkWidget  *widget,
                 int         max,
                 const char *where,
                 int         depth)
{
  gboolean child_too_wide = FALSE;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (gtk_widget_get_visible (c) && min_width (c) > max && depth < 40)
      {
        child_too_wide = TRUE;
        report_too_wide (c, max, where, depth + 1);
      }
  if (!child_too_wide)
    {
      const char *text = GTK_IS_LABEL (widget) ? gtk_label_get_label (GTK_LABEL (widget)) : "";

      g_test_message ("%s: %s (%s) \"%s\" needs %d px", where, G_OBJECT_TYPE_NAME (widget),
                      gtk_widget_get_css_name (widget), text, min_width (widget));
      for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
        if (gtk_widget_get_visible (c))
          {
            g_test_message ("%s:   inside: %s (%s) needs %d px", where, G_OBJECT_TYPE_NAME (c),
                            gtk_widget_get_css_name (c), min_width (c));
            for (GtkWidget *g = gtk_widget_get_first_child (c); g != NULL; g = gtk_widget_get_next_sibling (g))
              for (GtkWidget *h = gtk_widget_get_first_child (g); h != NULL; h = gtk_widget_get_next_sibling (h))
                if (gtk_widget_get_visible (h))
                  g_test_message ("%s:       %s (%s) needs %d px", where, G_OBJECT_TYPE_NAME (h),
                                  gtk_widget_get_css_name (h), min_width (h));
          }
    }
}

/* The minimum width of what a window shows (its title bar and content) */
static int
window_min_width (GtkWindow *window)
{
  GtkWidget *titlebar = gtk_window_get_titlebar (window);
  GtkWidget *content = ADW_IS_WINDOW (window) ? adw_window_get_content (ADW_WINDOW (window))
                     : ADW_IS_APPLICATION_WINDOW (window) ? adw_application_window_get_content (ADW_APPLICATION_WINDOW (window))
                     : gtk_window_get_child (window);
  int width = 0;

  if (titlebar != NULL)
    width = min_width (titlebar);
  if (content != NULL)
    width = MAX (width, min_width (content));
  return width;
}

/* The window's width on screen (with its frame) */
static int
surface_width (gpointer window)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  return surface != NULL ? gdk_surface_get_width (surface) : 0;
}

/* Sizes the window to width × height and waits until it has it */
static void
resize_and_wait (GtkWindow *window,
                 int        width,
                 int        height)
{
  gint64 end = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  gint64 mapped_end = 0;

  gtk_window_unmaximize (window);
  gtk_window_set_default_size (window, width, height);
  gtk_window_present (window);
  /* Until it has the size, or half a second after it is shown (a window
   * whose minimum is wider never gets it: the assertions say so) */
  while (g_get_monotonic_time () < end && surface_width (window) != width)
    {
      if (mapped_end == 0 && gtk_widget_get_mapped (GTK_WIDGET (window)))
        mapped_end = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
      if (mapped_end != 0 && g_get_monotonic_time () > mapped_end)
        break;
      g_main_context_iteration (NULL, FALSE);
    }
  spin (150);
  {
    GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
    int dw, dh;

    gtk_window_get_default_size (window, &dw, &dh);
    g_test_message ("window %s: widget %d×%d, surface %d×%d, default %d×%d", G_OBJECT_TYPE_NAME (window),
                    gtk_widget_get_width (GTK_WIDGET (window)), gtk_widget_get_height (GTK_WIDGET (window)),
                    gdk_surface_get_width (surface), gdk_surface_get_height (surface), dw, dh);
  }
}

/* The reference service with its demo data -------------------------------- */

static guint
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static gboolean
start_service (void)
{
  const char *exe = g_getenv ("IV_TEST_SERVICE");
  g_autofree char *data = NULL;
  g_autofree char *listen = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  guint port;

  if (exe == NULL || !g_file_test (exe, G_FILE_TEST_IS_EXECUTABLE))
    return FALSE;

  port = free_port ();
  data = g_build_filename (tmp_dir, "service", NULL);
  listen = g_strdup_printf ("127.0.0.1:%u", port);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  /* The demo's statuses stay put: what is checked is the layout, and a
   * status change would be a notification with no notification daemon */
  g_subprocess_launcher_setenv (launcher, "VS_DEMO_STEP_SECONDS", "3600", TRUE);
  /* Gone with the test, even when an assertion aborts it */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  service = g_subprocess_launcher_spawn (launcher, &error,
                                         exe, "--listen", listen, "--data", data, "--demo",
                                         "--admin-token", "test-admin-token", NULL);
  g_assert_no_error (error);
  service_url = g_strdup_printf ("http://127.0.0.1:%u", port);

  /* Ready when it takes connections */
  for (int i = 0; i < 100; i++)
    {
      g_autoptr(GSocketClient) client = g_socket_client_new ();
      g_autoptr(GSocketConnection) conn = g_socket_client_connect_to_host (client, listen, 0, NULL, NULL);

      if (conn != NULL)
        return TRUE;
      g_usleep (50 * 1000);
    }
  g_test_message ("the reference service did not start");
  return FALSE;
}

static void
sign_in_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IvAccount) account = iv_application_sign_in_finish (IV_APPLICATION (object), result, &error);
  gboolean *done = user_data;

  g_assert_no_error (error);
  *done = TRUE;
}

/* The window -------------------------------------------------------------- */

static IvWindow *
the_window (void)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

      for (GList *l = windows; l != NULL; l = l->next)
        if (IV_IS_WINDOW (l->data))
          return l->data;
      window = GTK_WINDOW (iv_window_new (app));
    }
  return IV_WINDOW (window);
}

/* Every page of the view stack (and, for pages behind the sign-in, every
 * state of it) is at most max wide */
static void
assert_pages_fit (IvWindow *window,
                  int       max,
                  const char *when)
{
  AdwViewStack *stack = ADW_VIEW_STACK (find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK));
  g_autoptr(GtkSelectionModel) pages = NULL;
  g_autoptr(GString) too_wide = g_string_new (NULL);
  guint n;

  /* Asking for a page builds the ones made after the first frame */
  iv_window_show_page (window, "overview");
  pages = adw_view_stack_get_pages (stack);
  n = g_list_model_get_n_items (G_LIST_MODEL (pages));

  g_assert_cmpuint (n, >=, 6);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);
      GtkWidget *child = adw_view_stack_page_get_child (page);
      const char *name = adw_view_stack_page_get_name (page);

      /* Show it, as a person would, so lazily built content is there */
      iv_window_show_page (window, name);
      spin (150);

      if (GTK_IS_STACK (child))
        {
          for (GtkWidget *c = gtk_widget_get_first_child (child); c != NULL; c = gtk_widget_get_next_sibling (c))
            {
              GtkStackPage *sp = gtk_stack_get_page (GTK_STACK (child), c);
              int w = min_width (c);

              g_test_message ("%s: page %s/%s needs %d px", when, name, gtk_stack_page_get_name (sp), w);
              if (w > max)
                {
                  g_string_append_printf (too_wide, " %s/%s=%d", name, gtk_stack_page_get_name (sp), w);
                  report_too_wide (c, max, name, 0);
                }
            }
        }
      else
        {
          int w = min_width (child);

          g_test_message ("%s: page %s needs %d px", when, name, w);
          if (w > max)
            {
              g_string_append_printf (too_wide, " %s=%d", name, w);
              report_too_wide (child, max, name, 0);
            }
        }
    }

  {
    int w = window_min_width (GTK_WINDOW (window));

    g_test_message ("%s: the whole window needs %d px", when, w);
    if (w > max)
      {
        g_string_append_printf (too_wide, " window=%d", w);
        report_too_wide (GTK_WIDGET (window), max, "window", 0);
      }
  }

  if (too_wide->len > 0)
    g_error ("%s: wider than %d px:%s", when, max, too_wide->str);
}

static GtkWidget *
switcher_bar (IvWindow *window)
{
  GtkWidget *bar = find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER_BAR);

  g_assert_nonnull (bar);
  return bar;
}

/* Tab through the window (as the Tab key does, wrapping at the end) until
 * the focus lands inside target; FALSE when a whole round never does */
static gboolean
tab_reaches (GtkWindow *window,
             GtkWidget *target)
{
  for (int i = 0; i < 400; i++)
    {
      GtkWidget *focus;

      if (!gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD))
        {
          gtk_window_set_focus (window, NULL);
          gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD);
        }
      focus = gtk_window_get_focus (window);
      if (focus != NULL && (focus == target || gtk_widget_is_ancestor (focus, target)))
        return TRUE;
    }
  return FALSE;
}

static void
assert_switcher_bar_at_bottom (IvWindow *window)
{
  GtkWidget *bar = switcher_bar (window);
  GtkWidget *title = find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER_TITLE);

  /* At 360 px the switcher does not fit the header bar: the title shows
   * and the bar at the bottom takes over */
  g_assert_true (adw_view_switcher_title_get_title_visible (ADW_VIEW_SWITCHER_TITLE (title)));
  g_assert_true (adw_view_switcher_bar_get_reveal (ADW_VIEW_SWITCHER_BAR (bar)));
  g_assert_true (gtk_widget_get_mapped (bar));
  g_assert_cmpint (gtk_widget_get_width (bar), <=, NARROW);

  /* Reachable with the keyboard alone */
  g_assert_true (tab_reaches (GTK_WINDOW (window), bar));
}

static void
test_window_narrow (void)
{
  IvWindow *window = the_window ();

  resize_and_wait (GTK_WINDOW (window), NARROW, 720);
  assert_pages_fit (window, NARROW, signed_in ? "signed in" : "signed out");
  /* Nothing forced the window wider than asked */
  g_assert_cmpint (surface_width (window), ==, NARROW);
  assert_switcher_bar_at_bottom (window);
  iv_window_show_page (window, "overview");
}

/* A wide window keeps the switcher in the header bar (on a page with
 * tabs: the sign-in form shows none, test-window checks that) */
static void
test_window_wide (void)
{
  IvWindow *window = the_window ();

  resize_and_wait (GTK_WINDOW (window), 1024, 720);
  iv_window_show_page (window, "orders");
  spin (150);
  g_assert_false (adw_view_switcher_bar_get_reveal (ADW_VIEW_SWITCHER_BAR (switcher_bar (window))));
  resize_and_wait (GTK_WINDOW (window), NARROW, 720);
  g_assert_true (adw_view_switcher_bar_get_reveal (ADW_VIEW_SWITCHER_BAR (switcher_bar (window))));
  /* Widened again on the same page: the tabs go back to the header bar */
  resize_and_wait (GTK_WINDOW (window), 1024, 720);
  spin (150);
  g_assert_false (adw_view_switcher_bar_get_reveal (ADW_VIEW_SWITCHER_BAR (switcher_bar (window))));
  iv_window_show_page (window, "overview");
}

/* Dialogs ------------------------------------------------------------------ */

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

static const char service_json[] =
  "{\"id\": \"svc-1\", \"institution_id\": \"inst-1\", \"category\": \"testing\","
  " \"title\": \"电磁兼容（EMC）检测及整改方案咨询（含辐射发射、传导发射、静电放电抗扰度全项）\","
  " \"description\": \"\", \"price_fen\": 123456789,"
  " \"price_note\": null, \"unit\": null, \"updated_at\": \"2026-03-02T10:30:00Z\"}";

static const char institution_json[] =
  "{\"id\": \"inst-1\", \"name\": \"上海市计量测试技术研究院电磁兼容检测中心\", \"credit_code\": \"12310000425006117X\","
  " \"district\": \"xuhui\", \"address\": \"上海市徐汇区张衡路1500号\", \"phone\": \"021-38839800\","
  " \"accreditations\": [\"CMA\", \"CNAS\"], \"accepts_vouchers\": true, \"updated_at\": \"2026-03-02T10:30:00Z\"}";

static const char voucher_json[] =
  "{\"id\": \"v-1\", \"code\": \"SH2099-000123\", \"year\": 2099, \"face_value_fen\": 20000000,"
  " \"balance_fen\": 15000000, \"reserved_fen\": 3000000, \"use_by\": \"2099-12-31\","
  " \"redeem_by\": \"2099-12-31\", \"redeem_mode\": \"enterprise\", \"status\": \"active\"}";

static IvPrintableClaim *
sample_claim (void)
{
  IvPrintableClaim *c = iv_printable_claim_new ();
  const char *contract[] = { "技术服务合同-2026-118-电磁兼容检测及整改方案咨询.pdf", NULL };
  const char *report[] = { "检测报告-SHTC-2026-0931.pdf", "检测报告-附录.pdf", NULL };
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+08:00");

  c->receipt_number = g_strdup ("HZ2026-00000042");
  c->verification_code = g_strdup ("7KQ2M9XD");
  c->verify_url = g_strdup ("https://vouchers.example.cn/api/v1/receipts/verify?number=HZ2026-00000042&code=7KQ2M9XD");
  c->issued_at = g_date_time_new (tz, 2026, 11, 28, 14, 30, 0);
  c->claim_number = g_strdup ("DF2026-000317");
  c->status = IV_CLAIM_STATUS_DISTRICT_REVIEW;
  c->submitted_at = g_date_time_new (tz, 2026, 11, 28, 14, 29, 12);
  c->order_number = g_strdup ("DD2026-004211");
  c->contract_no = g_strdup ("HT-2026-118");
  c->contract_amount_fen = 1543210;
  c->invoice_code = g_strdup ("031002600111");
  c->invoice_number = g_strdup ("03345678");
  c->invoice_date = g_strdup ("2026-10-12");
  c->invoice_amount_fen = 1543210;
  c->invoice_seller = g_strdup ("上海微谱化工技术服务有限公司");
  c->paid_on = g_strdup ("2026-10-15");
  c->requested_subsidy_fen = 1234567;
  c->policy_version = g_strdup ("2026.1");
  iv_printable_claim_add_tier (c, 5000000, 8000);
  iv_printable_claim_add_tier (c, -1, 5000);
  c->reserved_fen = 2000000;
  iv_printable_claim_add_documents (c, "contract", contract);
  iv_printable_claim_add_documents (c, "service_report", report);
  c->enterprise_name = g_strdup ("上海云帆智能科技有限公司");
  c->credit_code = g_strdup ("91310000MA1FL4WR6Y");
  c->voucher_code = g_strdup ("SH2026-000123");
  c->institution_name = g_strdup ("上海市计量测试技术研究院");
  c->service_title = g_strdup ("电磁兼容（EMC）检测");
  c->printed_at = g_date_time_new (tz, 2026, 11, 28, 15, 0, 0);
  return c;
}

typedef struct {
  IvUserDb *user_db;
  IvDrafts *drafts;
  IvOutbox *outbox;
} Store;

static Store store;

static void
open_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (tmp_dir, "forms", NULL);

  if (store.user_db != NULL)
    return;
  store.user_db = iv_user_db_open (dir, &error);
  g_assert_no_error (error);
  store.drafts = iv_drafts_new (store.user_db);
  store.outbox = iv_outbox_new (store.user_db, &error);
  g_assert_no_error (error);
}

/* Every dialog of issues 5–7, built as the pages build them */
static GPtrArray *
make_dialogs (void)
{
  GPtrArray *dialogs = g_ptr_array_new ();
  g_autoptr(IvService) svc = from_json ((gpointer) iv_service_new_from_json, service_json);
  g_autoptr(IvInstitution) institution = from_json ((gpointer) iv_institution_new_from_json, institution_json);
  g_autoptr(IvVoucher) voucher = from_json ((gpointer) iv_voucher_new_from_json, voucher_json);
  g_autoptr(IvPolicy) policy = from_json ((gpointer) iv_policy_new_from_json, policy_json);
  g_autoptr(IvOrder) order = from_json ((gpointer) iv_order_new_from_json, order_json);
  g_autoptr(GListStore) vouchers = g_list_store_new (IV_TYPE_VOUCHER);
  g_autoptr(IvPrintableClaim) claim = sample_claim ();
  GtkWidget *order_dialog;
  IvClaimForm *claim_form;
  IvApplicationForm *application_form;

  open_store ();
  g_list_store_append (vouchers, voucher);

  order_dialog = iv_order_dialog_new (svc, institution);
  gtk_window_set_transient_for (GTK_WINDOW (order_dialog), GTK_WINDOW (the_window ()));
  iv_order_dialog_set_data (IV_ORDER_DIALOG (order_dialog), G_LIST_MODEL (vouchers), policy,
                            IV_ACCOUNT_KIND_ENTERPRISE);
  g_object_set_data (G_OBJECT (order_dialog), "test-name", (gpointer) "order dialog");
  g_ptr_array_add (dialogs, order_dialog);

  claim_form = iv_claim_form_new (store.drafts, store.outbox);
  iv_claim_form_set_policy (claim_form, policy);
  iv_claim_form_set_order (claim_form, order);
  g_object_set_data (G_OBJECT (claim_form), "test-name", (gpointer) "claim form");
  g_ptr_array_add (dialogs, claim_form);

  application_form = iv_application_form_new (store.drafts, store.outbox);
  iv_application_form_set_policy (application_form, policy, NULL);
  g_object_set_data (G_OBJECT (application_form), "test-name", (gpointer) "application form");
  g_ptr_array_add (dialogs, application_form);

  {
    IvReceiptView *view = iv_receipt_view_new (GTK_WINDOW (the_window ()), claim);

    g_object_set_data (G_OBJECT (view), "test-name", (gpointer) "receipt view");
    g_ptr_array_add (dialogs, view);
  }
  {
    IvVerifyDialog *verify = iv_verify_dialog_new (GTK_WINDOW (the_window ()),
                                                   iv_application_get_api_client (app));

    g_object_set_data (G_OBJECT (verify), "test-name", (gpointer) "verify dialog");
    g_ptr_array_add (dialogs, verify);
  }
  {
    GtkWidget *prefs = iv_preferences_window_new (app);

    g_object_set_data (G_OBJECT (prefs), "test-name", (gpointer) "preferences");
    g_ptr_array_add (dialogs, prefs);
  }
  return dialogs;
}

static void
assert_dialogs_fit (int         max,
                    const char *when)
{
  g_autoptr(GPtrArray) dialogs = make_dialogs ();
  g_autoptr(GString) too_wide = g_string_new (NULL);

  for (guint i = 0; i < dialogs->len; i++)
    {
      GtkWindow *dialog = g_ptr_array_index (dialogs, i);
      const char *name = g_object_get_data (G_OBJECT (dialog), "test-name");
      int w;

      resize_and_wait (dialog, max, 640);
      w = window_min_width (dialog);
      g_test_message ("%s: %s needs %d px (shown %d px wide)", when, name, w,
                      gtk_widget_get_width (GTK_WIDGET (dialog)));
      /* The width inside the frame (Xvfb draws a solid 5 px frame) */
      if (w > max || gtk_widget_get_width (GTK_WIDGET (dialog)) > max)
        {
          g_string_append_printf (too_wide, " %s=%d", name, w);
          report_too_wide (GTK_WIDGET (dialog), max, name, 0);
        }
      gtk_window_destroy (dialog);
    }
  spin (100);
  if (too_wide->len > 0)
    g_error ("%s: dialogs wider than %d px:%s", when, max, too_wide->str);
}

static void
test_dialogs_narrow (void)
{
  assert_dialogs_fit (NARROW, "normal text");
}

/* High contrast ----------------------------------------------------------- */

static double
luminance (const GdkRGBA *c)
{
  double v[3] = { c->red, c->green, c->blue };

  for (int i = 0; i < 3; i++)
    v[i] = v[i] <= 0.03928 ? v[i] / 12.92 : pow ((v[i] + 0.055) / 1.055, 2.4);
  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}

/* WCAG contrast ratio of fg (blended over bg) against bg */
static double
contrast (GdkRGBA fg,
          GdkRGBA bg)
{
  double l1, l2;

  fg.red = fg.red * fg.alpha + bg.red * (1 - fg.alpha);
  fg.green = fg.green * fg.alpha + bg.green * (1 - fg.alpha);
  fg.blue = fg.blue * fg.alpha + bg.blue * (1 - fg.alpha);
  l1 = luminance (&fg);
  l2 = luminance (&bg);
  return (MAX (l1, l2) + 0.05) / (MIN (l1, l2) + 0.05);
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
static GdkRGBA
fg_color (GtkWidget *widget)
{
  GdkRGBA color;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  return color;
}

static GdkRGBA
named_color (GtkWidget  *widget,
             const char *name)
{
  GdkRGBA color = { 1, 1, 1, 1 };

  g_assert_true (gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), name, &color));
  return color;
}
G_GNUC_END_IGNORE_DEPRECATIONS

static gboolean
hc_changed (void)
{
  return adw_style_manager_get_high_contrast (adw_style_manager_get_default ());
}

static void
set_high_contrast (gboolean on)
{
  g_autoptr(GSettings) a11y = g_settings_new ("org.gnome.desktop.a11y.interface");
  gint64 end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;

  g_settings_set_boolean (a11y, "high-contrast", on);
  while (g_get_monotonic_time () < end && hc_changed () != on)
    g_main_context_iteration (NULL, FALSE);
  spin (100);
}

/* style.css: named colours only (they follow the high-contrast palette) */
static void
test_style_css_named_colours_only (void)
{
  g_autoptr(GBytes) css = g_resources_lookup_data (RESOURCE_PREFIX "/style.css", 0, NULL);
  g_auto(GStrv) lines = NULL;

  g_assert_nonnull (css);
  lines = g_strsplit (g_bytes_get_data (css, NULL), "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *l = lines[i];
      g_autofree char *lower = g_ascii_strdown (l, -1);

      if (g_str_has_prefix (g_strstrip (lower), "/*"))
        continue;
      /* #rgb, rgb()/rgba(), hsl() and fixed font sizes are hard-coded */
      if (strstr (lower, "rgb(") || strstr (lower, "rgba(") || strstr (lower, "hsl") ||
          (strchr (lower, '#') && strchr (lower, ':') && !strstr (lower, "{")) ||
          strstr (lower, "font-size"))
        g_error ("style.css line %u is hard-coded: %s", i + 1, l);
    }
}

static void
test_high_contrast (void)
{
  IvWindow *window = the_window ();
  GtkWidget *announcer = GTK_WIDGET (iv_window_get_announcer (window));
  GtkWidget *probe_window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *warning = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *error_label = gtk_label_new ("错误：请输入金额。");
  GtkWidget *dim_label = gtk_label_new ("数据更新于 2026年11月28日");
  GdkRGBA bg;
  double c_warning, c_error, c_dim, c_announcer;

  /* What the app uses for "注意" and "错误：…": a class and words */
  gtk_widget_add_css_class (warning, "warning");
  gtk_widget_add_css_class (error_label, "error");
  gtk_widget_add_css_class (dim_label, "dim-label");
  gtk_box_append (GTK_BOX (box), warning);
  gtk_box_append (GTK_BOX (box), error_label);
  gtk_box_append (GTK_BOX (box), dim_label);
  gtk_window_set_child (GTK_WINDOW (probe_window), box);
  gtk_window_present (GTK_WINDOW (probe_window));

  set_high_contrast (TRUE);
  g_assert_true (adw_style_manager_get_high_contrast (adw_style_manager_get_default ()));

  /* The app's own style classes are still on the widgets */
  g_assert_true (gtk_widget_has_css_class (announcer, "iv-announcer"));
  g_assert_cmpstr (gtk_widget_get_css_name (announcer), ==, "announcer");
  g_assert_true (gtk_widget_has_css_class (warning, "warning"));

  iv_announcer_announce (IV_ANNOUNCER (announcer), "已离线：更改会保存，稍后发送", IV_ANNOUNCE_POLITE);
  spin (100);

  bg = named_color (GTK_WIDGET (window), "window_bg_color");
  c_warning = contrast (fg_color (warning), bg);
  c_error = contrast (fg_color (error_label), bg);
  c_dim = contrast (fg_color (dim_label), bg);
  c_announcer = contrast (fg_color (gtk_widget_get_first_child (announcer)), bg);
  g_test_message ("high contrast: warning icon %.2f:1, error text %.2f:1, dim text %.2f:1, announcer %.2f:1",
                  c_warning, c_error, c_dim, c_announcer);
  /* WCAG AA: 3:1 for icons, 4.5:1 for text */
  g_assert_cmpfloat (c_warning, >=, 3.0);
  g_assert_cmpfloat (c_error, >=, 4.5);
  g_assert_cmpfloat (c_dim, >=, 4.5);
  g_assert_cmpfloat (c_announcer, >=, 4.5);

  /* Still fits at 360 px in high contrast (borders are thicker there) */
  resize_and_wait (GTK_WINDOW (window), NARROW, 720);
  assert_pages_fit (window, NARROW, "high contrast");
  assert_switcher_bar_at_bottom (window);

  if (g_getenv ("IV_ADAPTIVE_SCREENSHOTS") == NULL)
    set_high_contrast (FALSE);
  gtk_window_destroy (GTK_WINDOW (probe_window));
}

/* Large text -------------------------------------------------------------- */

static void
set_text_scale (double scale)
{
  g_object_set (gtk_settings_get_default (), "gtk-xft-dpi", (int) (96 * 1024 * scale), NULL);
  spin (200);
}

static void
test_large_text (void)
{
  IvWindow *window = the_window ();
  GSettings *settings = iv_application_get_settings (app);
  int width, height;

  set_text_scale (1.5);

  /* Narrow: widths still fit (heights may grow; pages scroll) */
  resize_and_wait (GTK_WINDOW (window), NARROW, 720);
  assert_pages_fit (window, NARROW, "text ×1.5");
  g_assert_cmpint (surface_width (window), ==, NARROW);
  assert_switcher_bar_at_bottom (window);
  assert_dialogs_fit (NARROW, "text ×1.5");

  /* At the default size nothing is cut off: the window's minimum fits */
  g_settings_get (settings, "window-size", "(ii)", &width, &height);
  g_assert_cmpint (window_min_width (GTK_WINDOW (window)), <=, width);
  g_assert_cmpint (min_height (adw_application_window_get_content (ADW_APPLICATION_WINDOW (window)), width),
                   <=, height);

  set_text_scale (1.0);
}

/* Screenshots (IV_ADAPTIVE_SCREENSHOTS=dir): for a person to look at -------- */

static void
save_png (GtkWidget  *widget,
          const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  /* A window not drawn yet has nothing to show: wait for its frame */
  for (int i = 0; i < 20 && node == NULL; i++)
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

      spin (100);
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot %s (%d×%d)", path, w, h);
}

/* The 兑付 page scrolled to its claims (the last list): at 360 px, at
 * 360 px with text ×1.5 and at 1024 px, to see the rows' header buttons */
static void
claim_rows_screenshots (const char *dir)
{
  IvWindow *window = the_window ();
  const struct { int width; double scale; const char *name; } shots[] = {
    { NARROW, 1.0, "claims-rows" }, { NARROW, 1.5, "claims-rows-large-text" }, { 1024, 1.0, "claims-rows-wide" },
  };
  GtkWidget *claims;
  GtkWidget *scrolled;

  iv_window_show_page (window, "claims");
  claims = iv_window_get_page (window, "claims");
  scrolled = find_widget (claims, GTK_TYPE_SCROLLED_WINDOW);
  if (scrolled == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/%s%s.png", dir, shots[i].name, hc_changed () ? "-hc" : "");
      GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

      set_text_scale (shots[i].scale);
      resize_and_wait (GTK_WINDOW (window), shots[i].width, 720);
      spin (300);
      gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
      spin (300);
      save_png (GTK_WIDGET (window), path);
    }
  set_text_scale (1.0);
  resize_and_wait (GTK_WINDOW (window), NARROW, 720);
}

static void
screenshots (const char *dir)
{
  IvWindow *window = the_window ();
  const char *pages[] = { "overview", "catalog", "orders", "claims", "applications", "attention" };

  g_mkdir_with_parents (dir, 0755);
  resize_and_wait (GTK_WINDOW (window), NARROW, 720);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s/%s%s.png", dir, pages[i],
                                               hc_changed () ? "-hc" : "");
      g_autofree char *path = g_build_filename (name, NULL);

      iv_window_show_page (window, pages[i]);
      spin (400);
      save_png (GTK_WIDGET (window), path);
    }
  claim_rows_screenshots (dir);
  {
    g_autoptr(GPtrArray) dialogs = make_dialogs ();

    for (guint i = 0; i < dialogs->len; i++)
      {
        GtkWindow *dialog = g_ptr_array_index (dialogs, i);
        g_autofree char *name = g_strdelimit (g_strdup (g_object_get_data (G_OBJECT (dialog), "test-name")), " ", '-');
        g_autofree char *path = g_strdup_printf ("%s/%s%s.png", dir, name, hc_changed () ? "-hc" : "");

        resize_and_wait (dialog, NARROW, 640);
        spin (300);
        save_png (GTK_WIDGET (dialog), path);
        gtk_window_destroy (dialog);
      }
  }
}

/* ------------------------------------------------------------------------ */

static void
sign_in (void)
{
  gboolean done = FALSE;
  gint64 end;

  /* No notification daemon runs here (and warnings are fatal): a status
   * the first sync catches up on would be sent as a notification */
  g_settings_set_boolean (iv_application_get_settings (app), "notifications", FALSE);
  g_settings_set_string (iv_application_get_settings (app), "service-url", service_url);
  iv_application_sign_in_async (app, DEMO_ACCOUNT, DEMO_PASSWORD, FALSE, NULL, sign_in_done_cb, &done);
  end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!done && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (done);
  g_assert_true (iv_application_get_signed_in (app));
  /* Let the first sync fill the cache and the pages */
  spin (3000);
  signed_in = TRUE;
}

/* A label showing text somewhere under widget, or NULL */
static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  return find_widget_where (widget, widget_is_label_showing, text);
}

/* Signing in here set the service address after the window was made: the
 * application made a new sync manager, and the part-2 pages must follow
 * it (they showed no order ready to claim, and the banner said offline,
 * while they kept the first one).  The demo account has a completed
 * order without a claim. */
static void
test_claims_follow_new_service (void)
{
  IvWindow *window = the_window ();
  GtkWidget *claims, *heading = NULL;
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  iv_window_show_page (window, "claims");
  claims = iv_window_get_page (window, "claims");
  g_assert_nonnull (claims);
  while (g_get_monotonic_time () < end)
    {
      heading = find_label (claims, _("Orders ready to claim"));
      if (heading != NULL && gtk_widget_get_visible (gtk_widget_get_parent (heading)))
        break;
      spin (100);
    }
  g_assert_nonnull (heading);
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (heading)));
  iv_window_show_page (window, "overview");
}

/* The buttons of the claim rows' headers (回执, 修改并重新提交): a button
 * whose child switches between words and an icon */
static void
collect_row_header_buttons (GtkWidget *widget,
                            GPtrArray *out)
{
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (GTK_IS_BUTTON (widget) && ADW_IS_SQUEEZER (gtk_button_get_child (GTK_BUTTON (widget))))
    g_ptr_array_add (out, widget);
G_GNUC_END_IGNORE_DEPRECATIONS
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_row_header_buttons (child, out);
}

/* What each of those buttons shows: 'w' words (whole, never "…"), 'i' an icon */
static char *
row_buttons_showing (GPtrArray *buttons)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);
      GtkWidget *shown;

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      shown = adw_squeezer_get_visible_child (ADW_SQUEEZER (gtk_button_get_child (GTK_BUTTON (button))));
G_GNUC_END_IGNORE_DEPRECATIONS
      if (GTK_IS_LABEL (shown))
        {
          /* The words are never cut: the label has all the width it asks for */
          int natural = 0;

          gtk_widget_measure (shown, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
          g_assert_cmpint (gtk_label_get_ellipsize (GTK_LABEL (shown)), ==, PANGO_ELLIPSIZE_NONE);
          g_assert_cmpint (gtk_widget_get_width (shown), >=, natural);
          g_string_append_c (s, 'w');
        }
      else
        {
          g_assert_true (GTK_IS_IMAGE (shown));
          g_string_append_c (s, 'i');
        }
      /* Either way one button, reached by Tab, its words in the tooltip */
      g_assert_true (gtk_widget_get_focusable (button));
      g_assert_nonnull (gtk_widget_get_tooltip_text (button));
    }
  return g_string_free (s, FALSE);
}

/* Claim rows carry 回执 (and 修改并重新提交 when returned) in their header.
 * At 1024 px they show their words, as before; at 360 px with text ×1.5
 * (438 px with words) they show icons and the page fits. */
static void
test_claim_row_buttons (void)
{
  IvWindow *window = the_window ();
  GtkWidget *claims;
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  g_autofree char *wide = NULL, *narrow = NULL, *narrow_large = NULL;
  gboolean has_edit = FALSE;

  iv_window_show_page (window, "claims");
  claims = iv_window_get_page (window, "claims");
  resize_and_wait (GTK_WINDOW (window), 1024, 720);
  collect_row_header_buttons (claims, buttons);
  /* The demo enterprise has claims, one of them returned for changes */
  g_assert_cmpuint (buttons->len, >=, 2);
  for (guint i = 0; i < buttons->len; i++)
    has_edit |= gtk_widget_has_css_class (g_ptr_array_index (buttons, i), "suggested-action");
  g_assert_true (has_edit);

  wide = row_buttons_showing (buttons);
  resize_and_wait (GTK_WINDOW (window), NARROW, 720);
  narrow = row_buttons_showing (buttons);
  set_text_scale (1.5);
  resize_and_wait (GTK_WINDOW (window), NARROW, 720);
  spin (150);
  narrow_large = row_buttons_showing (buttons);
  g_test_message ("claim row buttons: 1024 px %s, 360 px %s, 360 px text ×1.5 %s", wide, narrow, narrow_large);
  g_assert_null (strchr (wide, 'i'));
  g_assert_nonnull (strchr (narrow_large, 'i'));
  g_assert_cmpint (min_width (claims), <=, NARROW);
  g_assert_cmpint (surface_width (window), ==, NARROW);

  set_text_scale (1.0);
  iv_window_show_page (window, "overview");
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  const char *shots;
  int status;

  g_setenv ("GTK_A11Y", "test", TRUE);
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  g_setenv ("LC_ALL", "zh_CN.UTF-8", TRUE);
  /* High contrast comes from the org.gnome.desktop.a11y.interface setting
   * (memory backend here), not from a desktop portal */
  g_setenv ("ADW_DISABLE_PORTAL", "1", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  tmp_dir = iv_ui_test_private_dirs ("iv-adaptive-XXXXXX");
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("IV_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_test_skip ("no display (run under xvfb-run)");
      return 77;
    }
  iv_resources_ensure_registered ();

  app = iv_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_set_default (G_APPLICATION (app));
  g_application_hold (G_APPLICATION (app));

  /* Signed out first (the sign-in form in the overview's place) … */
  g_test_add_func ("/ui/adaptive/style-css", test_style_css_named_colours_only);
  g_test_add_func ("/ui/adaptive/signed-out-narrow", test_window_narrow);
  g_test_add_func ("/ui/adaptive/dialogs-narrow", test_dialogs_narrow);
  g_test_add_func ("/ui/adaptive/wide-and-back", test_window_wide);
  /* … then with the demo account's data when the service is there */
  if (start_service ())
    {
      g_test_add_func ("/ui/adaptive/sign-in", sign_in);
      g_test_add_func ("/ui/adaptive/signed-in-narrow", test_window_narrow);
      g_test_add_func ("/ui/adaptive/claims-follow-new-service", test_claims_follow_new_service);
      g_test_add_func ("/ui/adaptive/claim-row-buttons", test_claim_row_buttons);
    }
  g_test_add_func ("/ui/adaptive/high-contrast", test_high_contrast);
  g_test_add_func ("/ui/adaptive/large-text", test_large_text);

  status = g_test_run ();

  shots = g_getenv ("IV_ADAPTIVE_SCREENSHOTS");
  if (shots != NULL)
    {
      set_high_contrast (FALSE);
      screenshots (shots);
      set_high_contrast (TRUE);
      screenshots (shots);
    }

  /* The window is left to the end of the process: closing it is not what
   * is tested here (test-widgets /ui/catalog/page-dispose is) */
  g_application_release (G_APPLICATION (app));
  if (service != NULL)
    {
      g_subprocess_send_signal (service, SIGTERM);
      g_subprocess_wait (service, NULL, NULL);
      g_clear_object (&service);
    }
  g_clear_object (&store.outbox);
  g_clear_object (&store.drafts);
  g_clear_object (&store.user_db);
  {
    g_autoptr(GFile) dir = g_file_new_for_path (tmp_dir);

    remove_tree (dir);
  }
  g_free (service_url);
  g_free (tmp_dir);
  return status;
}
