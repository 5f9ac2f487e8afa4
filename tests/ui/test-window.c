/* test-window.c: the main window's start-up: every tab at once, page content built when shown or after the first frame, no tabs beside the sign-in form
 *
 * GTK_A11Y=test, zh_CN, under Xvfb.  The real IvWindow on a registered
 * IvApplication (fresh XDG folders, memory GSettings, no service: signed
 * out).  The cases run in order on one window: before it is shown, then
 * shown.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "iv-applications-page.h"
#include "iv-attention-page.h"
#include "iv-catalog-page.h"
#include "iv-claims-page.h"
#include "iv-orders-page.h"
#include "iv-overview-page.h"
#include "iv-window.h"
#include "iv-ui-test-util.h"

#define NARROW 360

static IvApplication *app;
static IvWindow *window;
static char *tmp_dir;

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  return find_widget_where (widget, widget_is_button_labelled, label);
}

static gboolean
has_page (GType type)
{
  return find_widget (GTK_WIDGET (window), type) != NULL;
}

static AdwViewSwitcherTitle *
switcher_title (void)
{
  return ADW_VIEW_SWITCHER_TITLE (find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER_TITLE));
}

static gboolean
bar_revealed (void)
{
  return adw_view_switcher_bar_get_reveal (ADW_VIEW_SWITCHER_BAR (find_widget (GTK_WIDGET (window),
                                                                              ADW_TYPE_VIEW_SWITCHER_BAR)));
}

/* Runs the main loop until cond holds or ms pass; returns cond */
static gboolean
spin_until (gboolean (*cond) (void),
            guint     ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (!cond () && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  return cond ();
}

static guint
count_switcher_buttons (void)
{
  GtkWidget *switcher = find_widget (GTK_WIDGET (switcher_title ()), ADW_TYPE_VIEW_SWITCHER);
  guint n_buttons = 0;

  g_assert_nonnull (switcher);
  for (GtkWidget *c = gtk_widget_get_first_child (switcher); c != NULL; c = gtk_widget_get_next_sibling (c))
    n_buttons++;
  return n_buttons;
}

/* Before the window is shown: the tabs (pages, titles) are all there, the
 * content of none of the pages is built, and the sign-in form (which shows
 * no tabs) has not made the switcher buttons yet */
static void
test_tabs_before_first_frame (void)
{
  static const char *names[] = { "overview", "catalog", "orders", "claims", "applications", "attention" };
  static const char *titles[] = { "概览", "服务目录", "订单", "兑付", "申领", "待处理" };
  AdwViewStack *stack = ADW_VIEW_STACK (find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK));
  g_autoptr(GtkSelectionModel) pages = adw_view_stack_get_pages (stack);

  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (pages)), ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);

      g_assert_cmpstr (adw_view_stack_page_get_name (page), ==, names[i]);
      g_assert_cmpstr (adw_view_stack_page_get_title (page), ==, titles[i]);
      g_assert_nonnull (adw_view_stack_page_get_icon_name (page));
    }
  g_assert_cmpuint (count_switcher_buttons (), ==, 0);

  g_assert_false (has_page (IV_TYPE_OVERVIEW_PAGE));
  g_assert_false (has_page (IV_TYPE_CATALOG_PAGE));
  g_assert_false (has_page (IV_TYPE_ORDERS_PAGE));
  g_assert_false (has_page (IV_TYPE_CLAIMS_PAGE));
  /* The sign-in form is the first page's */
  g_assert_true (gtk_widget_is_ancestor (iv_window_get_sign_in_page (window), GTK_WIDGET (window)));
}

/* Showing a page builds it at once, before anything is painted */
static void
test_built_when_shown (void)
{
  GtkWidget *catalog;

  iv_window_show_page (window, "catalog");
  catalog = find_widget (GTK_WIDGET (window), IV_TYPE_CATALOG_PAGE);
  g_assert_nonnull (catalog);
  g_assert_cmpstr (iv_window_get_visible_page_name (window), ==, "catalog");
  g_assert_true (iv_window_get_page (window, "catalog") == catalog);
  /* Away from the sign-in form, the tabs: one switcher button per page */
  g_assert_cmpuint (count_switcher_buttons (), ==, 6);
  /* The others wait */
  g_assert_false (has_page (IV_TYPE_ORDERS_PAGE));
  /* Asking for a page builds it too */
  g_assert_true (IV_IS_CLAIMS_PAGE (iv_window_get_page (window, "claims")));
  g_assert_true (has_page (IV_TYPE_CLAIMS_PAGE));
  g_assert_null (iv_window_get_page (window, "no-such-page"));
  iv_window_show_page (window, "overview");
}

static gboolean
all_pages_built (void)
{
  return has_page (IV_TYPE_OVERVIEW_PAGE) && has_page (IV_TYPE_ORDERS_PAGE) &&
         has_page (IV_TYPE_APPLICATIONS_PAGE) && has_page (IV_TYPE_ATTENTION_PAGE);
}

static gboolean frame_painted;

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  frame_painted = TRUE;
}

static gboolean
painted (void)
{
  return frame_painted;
}

static gboolean
narrow (void)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  return surface != NULL && gdk_surface_get_width (surface) == NARROW;
}

/* After the first frame the rest is built in idles */
static void
test_built_after_first_frame (void)
{
  gtk_window_set_default_size (GTK_WINDOW (window), NARROW, 720);
  gtk_widget_realize (GTK_WIDGET (window));
  g_signal_connect (gdk_surface_get_frame_clock (gtk_native_get_surface (GTK_NATIVE (window))),
                    "after-paint", G_CALLBACK (after_paint_cb), NULL);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (spin_until (painted, 10000));
  g_assert_true (spin_until (all_pages_built, 10000));
  g_assert_true (spin_until (narrow, 3000));
  spin (200);
}

/* Signed out, the sign-in form stands alone: no tabs in the header or at
 * the bottom; its "先浏览服务目录" button leads to the catalog, which has
 * them (and the header's 登录 button back) */
static void
test_sign_in_without_tabs (void)
{
  AdwViewSwitcherTitle *title = switcher_title ();
  GtkWidget *header = find_widget (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR);
  GtkWidget *browse = find_button (iv_window_get_sign_in_page (window), "先浏览服务目录(_B)");
  GtkWidget *sign_in = find_button (header, "登录(_I)");
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.show-page::catalog");

  g_assert_false (iv_application_get_signed_in (app));
  g_assert_cmpstr (iv_window_get_visible_page_name (window), ==, "overview");
  g_assert_true (gtk_widget_get_mapped (iv_window_get_sign_in_page (window)));
  g_assert_false (adw_view_switcher_title_get_view_switcher_enabled (title));
  g_assert_cmpstr (adw_view_switcher_title_get_title (title), ==, "科技创新券");
  g_assert_false (bar_revealed ());

  /* Other ways to the catalog: Ctrl+2 and Ctrl+F */
  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>2"));

  g_assert_nonnull (browse);
  g_assert_true (gtk_widget_get_mapped (browse));
  g_signal_emit_by_name (browse, "clicked");
  g_assert_cmpstr (iv_window_get_visible_page_name (window), ==, "catalog");
  g_assert_true (adw_view_switcher_title_get_view_switcher_enabled (title));
  spin (300);
  /* 360 px: the tabs do not fit the header, the bar at the bottom has them */
  g_assert_true (adw_view_switcher_title_get_title_visible (title));
  g_assert_true (bar_revealed ());
  g_assert_nonnull (sign_in);
  g_assert_true (gtk_widget_get_mapped (sign_in));

  /* 登录 goes back to the form, and the tabs go away again */
  g_signal_emit_by_name (sign_in, "clicked");
  g_assert_cmpstr (iv_window_get_visible_page_name (window), ==, "overview");
  g_assert_false (adw_view_switcher_title_get_view_switcher_enabled (title));
  g_assert_false (bar_revealed ());

  /* A page behind the sign-in keeps its tabs (and says to sign in) */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "orders");
  g_assert_true (adw_view_switcher_title_get_view_switcher_enabled (title));
  iv_window_show_page (window, "overview");
}

static gboolean
shortcuts_shown (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (GTK_IS_SHORTCUTS_WINDOW (l->data) && gtk_widget_get_visible (l->data))
      return TRUE;
  return FALSE;
}

static gboolean
shortcuts_hidden (void)
{
  return !shortcuts_shown ();
}

/* The keyboard shortcuts window is built when asked for (Ctrl+?) */
static void
test_help_overlay (void)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay");
  g_autoptr(GList) toplevels = NULL;
  GtkWindow *shortcuts = NULL;

  /* GTK 4.8's own shortcuts window lays out a label at -4 px (a warning
   * that is not ours): only criticals stay fatal here */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>question"));
  g_assert_false (shortcuts_shown ());
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "show-help-overlay"));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
  g_assert_true (spin_until (shortcuts_shown, 3000));
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (GTK_IS_SHORTCUTS_WINDOW (l->data))
      shortcuts = l->data;
  g_assert_nonnull (shortcuts);
  g_assert_true (gtk_window_get_transient_for (shortcuts) == GTK_WINDOW (window));
  g_assert_true (gtk_window_get_modal (shortcuts));

  /* Closed, it is hidden and shown again next time (one of it) */
  gtk_window_close (shortcuts);
  g_assert_true (spin_until (shortcuts_hidden, 3000));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
  g_assert_true (spin_until (shortcuts_shown, 3000));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (shortcuts)));
  gtk_window_close (shortcuts);
  spin_until (shortcuts_hidden, 3000);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  tmp_dir = iv_ui_test_private_dirs ("iv-window-XXXXXX");
  if (!iv_ui_test_init_zh_cn (&argc, &argv))
    return 77;

  app = iv_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_set_default (G_APPLICATION (app));
  g_application_hold (G_APPLICATION (app));
  window = iv_window_new (app);

  g_test_add_func ("/ui/window/tabs-before-first-frame", test_tabs_before_first_frame);
  g_test_add_func ("/ui/window/built-when-shown", test_built_when_shown);
  g_test_add_func ("/ui/window/built-after-first-frame", test_built_after_first_frame);
  g_test_add_func ("/ui/window/sign-in-without-tabs", test_sign_in_without_tabs);
  g_test_add_func ("/ui/window/help-overlay", test_help_overlay);
  status = g_test_run ();

  /* The window stays to the end of the process (test-adaptive says why) */
  {
    g_autoptr(GFile) dir = g_file_new_for_path (tmp_dir);

    remove_tree (dir);
  }
  g_free (tmp_dir);
  return status;
}
