/* iv-window.c: the main window
 *
 * A header bar with a view switcher over the pages.  Pages that need a
 * session are wrapped in a stack that shows a "sign in first" status page
 * while signed out; the overview's place then holds the sign-in form, so
 * the catalog can be browsed before signing in.  The window remembers its
 * size in GSettings, runs the sign-in flow and owns the announcer.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "iv-announcer.h"
#include "iv-catalog-page.h"
#include "iv-orders-page.h"
#include "iv-overview-page.h"
#include "iv-part2-pages.h"
#include "iv-sign-in-page.h"
#include "iv-window.h"

struct _IvWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *view_stack;
  GtkWidget            *sign_in_button;
  GtkWidget            *banner_box;
  IvAnnouncer          *announcer;

  GtkWidget            *switcher_title;
  GtkWidget            *switcher_bar;

  GtkWidget            *sign_in_page;
  /* The GtkStacks of pages that need a session */
  GPtrArray            *session_stacks;
  gboolean              restoring;

  /* name → the page, or the slot (an AdwBin) its content is built into */
  GHashTable           *pages;
  /* Slots not built yet (owned refs), in the order they were added */
  GPtrArray            *lazy_slots;
  guint                 build_idle_id;
  gboolean              painted;
  GtkWidget            *help_overlay;

  IvSyncManager        *sync;
  IvSyncState           last_state;
  guint                 announced_pending;

  GCancellable         *cancellable;
};

G_DEFINE_FINAL_TYPE (IvWindow, iv_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  SIGNAL_REFRESH,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static IvApplication *
get_app (IvWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return app != NULL ? IV_APPLICATION (app) : NULL;
}

static void
save_window_state (IvWindow *self)
{
  IvApplication *app = get_app (self);
  GSettings *settings;
  int width, height;

  if (app == NULL)
    return;

  settings = iv_application_get_settings (app);
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set (settings, "window-size", "(ii)", width, height);
  g_settings_set_boolean (settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
}

/* Lazy pages ---------------------------------------------------------------
 *
 * Every tab (view stack page, switcher buttons) exists from the start, but
 * a lazy page's content is built into its slot only when the page is shown
 * (before it is painted) or in idles after the window's first frame: the
 * first frame then lays out and paints the visible page only
 * (docs/benchmarks.md, "Start-up (session 3)").
 */

#define LAZY_KEY "iv-window-lazy-page"
#define SLOT_KEY "iv-window-slot"

typedef struct {
  char             *name;
  char             *title;
  /* Put into a session stack ("sign in first" while signed out) */
  gboolean          wrap_session;
  /* Inside one already (the overview): built when it can be seen */
  gboolean          only_signed_in;
  IvWindowPageFunc  build;
  gpointer          user_data;
  GDestroyNotify    destroy;
} LazyPage;

static void
lazy_page_free (gpointer data)
{
  LazyPage *lazy = data;

  if (lazy->destroy != NULL)
    lazy->destroy (lazy->user_data);
  g_free (lazy->name);
  g_free (lazy->title);
  g_free (lazy);
}

static GtkWidget *make_signed_out_page (const char *description);
static GtkWidget *wrap_session_page (IvWindow *self, GtkWidget *page, GtkWidget *signed_out);
static void update_session_stack (IvWindow *self, GtkStack *stack);

/* page in a session stack whose signed-out side names the page's title */
static GtkWidget *
wrap_signed_in_only (IvWindow   *self,
                     GtkWidget  *page,
                     const char *title)
{
  g_autofree char *description = g_strdup_printf (_("Sign in to see this page (%s)."), title);

  return wrap_session_page (self, page, make_signed_out_page (description));
}

static gboolean
is_signed_in (IvWindow *self)
{
  IvApplication *app = get_app (self);

  return app != NULL && iv_application_get_signed_in (app);
}

static GtkWidget *
make_slot (IvWindow         *self,
           const char       *name,
           const char       *title,
           gboolean          wrap_session,
           IvWindowPageFunc  build,
           gpointer          user_data,
           GDestroyNotify    destroy)
{
  GtkWidget *slot = adw_bin_new ();
  LazyPage *lazy = g_new0 (LazyPage, 1);

  lazy->name = g_strdup (name);
  lazy->title = g_strdup (title);
  lazy->wrap_session = wrap_session;
  lazy->build = build;
  lazy->user_data = user_data;
  lazy->destroy = destroy;
  g_object_set_data_full (G_OBJECT (slot), LAZY_KEY, lazy, lazy_page_free);
  g_ptr_array_add (self->lazy_slots, g_object_ref (slot));
  return slot;
}

/* The content of a slot, built now if need be; other pages as they are */
static GtkWidget *
build_slot (IvWindow  *self,
            GtkWidget *slot)
{
  LazyPage *lazy = g_object_steal_data (G_OBJECT (slot), LAZY_KEY);
  GtkWidget *content;
  gint64 t0 = g_get_monotonic_time ();

  if (lazy == NULL)
    {
      content = g_object_get_data (G_OBJECT (slot), SLOT_KEY);
      return content != NULL ? content : slot;
    }
  /* Stolen first: a builder that shows its own page does not recurse */
  g_ptr_array_remove (self->lazy_slots, slot);
  content = lazy->build (self, lazy->user_data);
  g_object_set_data (G_OBJECT (slot), SLOT_KEY, content);
  if (lazy->wrap_session)
    {
      GtkWidget *stack = wrap_signed_in_only (self, content, lazy->title);

      update_session_stack (self, GTK_STACK (stack));
      adw_bin_set_child (ADW_BIN (slot), stack);
    }
  else
    adw_bin_set_child (ADW_BIN (slot), content);
  g_debug ("Page %s built in %.1f ms", lazy->name, (g_get_monotonic_time () - t0) / 1000.0);
  lazy_page_free (lazy);
  return content;
}

/* The page on screen is built before it is painted (the overview's
 * content only once it can be seen: the sign-in form is in its place) */
static void
build_visible_page (IvWindow *self)
{
  const char *name = self->pages != NULL ? adw_view_stack_get_visible_child_name (self->view_stack) : NULL;
  GtkWidget *slot = name != NULL ? g_hash_table_lookup (self->pages, name) : NULL;
  LazyPage *lazy = slot != NULL ? g_object_get_data (G_OBJECT (slot), LAZY_KEY) : NULL;

  if (lazy != NULL && (!lazy->only_signed_in || is_signed_in (self)))
    build_slot (self, slot);
}

static gboolean
build_next_page_cb (gpointer user_data)
{
  IvWindow *self = user_data;

  if (self->lazy_slots->len > 0)
    build_slot (self, g_ptr_array_index (self->lazy_slots, 0));
  if (self->lazy_slots->len > 0)
    return G_SOURCE_CONTINUE;
  self->build_idle_id = 0;
  return G_SOURCE_REMOVE;
}

static void
first_frame_cb (GdkFrameClock *clock,
                IvWindow      *self)
{
  g_signal_handlers_disconnect_by_func (clock, first_frame_cb, self);
  self->painted = TRUE;
  /* One page per idle: frames and input go first */
  if (self->build_idle_id == 0 && self->lazy_slots->len > 0)
    self->build_idle_id = g_idle_add (build_next_page_cb, self);
}

/* Session state ---------------------------------------------------------- */

/* The sign-in form stands alone, without the tabs of pages it would lead
 * to; its "Browse the Catalog First" button (and Ctrl+2, Ctrl+F) opens
 * the catalog, where the tabs and the header's Sign In button are */
static void
update_switcher (IvWindow *self)
{
  AdwViewSwitcherTitle *title;
  gboolean on_sign_in, reveal_bar;

  if (self->switcher_title == NULL || self->switcher_bar == NULL || self->view_stack == NULL)
    return;
  title = ADW_VIEW_SWITCHER_TITLE (self->switcher_title);
  on_sign_in = !is_signed_in (self) && !self->restoring &&
               g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "overview") == 0;

  /* The switchers get the stack (and build a button per page, whose
   * labels are measured even while hidden) when first needed: not for the
   * sign-in form, the bar not in a wide window */
  if (!on_sign_in && adw_view_switcher_title_get_stack (title) == NULL)
    adw_view_switcher_title_set_stack (title, self->view_stack);
  adw_view_switcher_title_set_view_switcher_enabled (title, !on_sign_in);
  reveal_bar = !on_sign_in && adw_view_switcher_title_get_title_visible (title);
  if (reveal_bar && adw_view_switcher_bar_get_stack (ADW_VIEW_SWITCHER_BAR (self->switcher_bar)) == NULL)
    adw_view_switcher_bar_set_stack (ADW_VIEW_SWITCHER_BAR (self->switcher_bar), self->view_stack);
  /* The bar stands in for the title's switcher when that does not fit */
  adw_view_switcher_bar_set_reveal (ADW_VIEW_SWITCHER_BAR (self->switcher_bar), reveal_bar);
}

static void
visible_page_changed_cb (IvWindow *self)
{
  build_visible_page (self);
  update_switcher (self);
}

static GtkWidget *make_loading_page (void);

/* A stack of wrap_session_page shows the page, its "sign in first" page,
 * or a spinner while a saved session is restored (made when first needed) */
static void
update_session_stack (IvWindow *self,
                      GtkStack *stack)
{
  const char *child = is_signed_in (self) ? "content" : self->restoring ? "loading" : "signed-out";

  if (g_str_equal (child, "loading") && gtk_stack_get_child_by_name (stack, child) == NULL)
    gtk_stack_add_named (stack, make_loading_page (), child);
  gtk_stack_set_visible_child_name (stack, child);
}

static void
update_session_state (IvWindow *self)
{
  gboolean signed_in = is_signed_in (self);

  for (guint i = 0; i < self->session_stacks->len; i++)
    update_session_stack (self, g_ptr_array_index (self->session_stacks, i));

  gtk_widget_set_visible (self->sign_in_button, !signed_in && !self->restoring);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "sign-out")),
                               signed_in);
  update_switcher (self);
  build_visible_page (self);
}

static void
signed_in_changed_cb (IvApplication *app,
                      GParamSpec    *pspec,
                      IvWindow      *self)
{
  update_session_state (self);
}

/* What went wrong at sign-in, for a person: each cause its own sentence */
static char *
sign_in_error_message (IvWindow     *self,
                       const GError *error)
{
  IvApplication *app = get_app (self);

  if (error->domain == IV_API_ERROR)
    {
      switch ((IvApiError) error->code)
        {
        case IV_API_ERROR_PARSE:
        case IV_API_ERROR_NOT_FOUND:
        case IV_API_ERROR_METHOD_NOT_ALLOWED:
        case IV_API_ERROR_UNKNOWN:
        case IV_API_ERROR_TOO_LARGE:
          /* Something answered, but not the voucher service */
          return g_strdup_printf (_("The server at %s is not a voucher service. Check the service address."),
                                  app != NULL ? iv_application_get_service_url (app) : "");
        default:
          break;
        }
    }

  return iv_api_error_to_user_message (error);
}

static void
sign_in_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  IvWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(IvAccount) account = NULL;

  account = iv_application_sign_in_finish (IV_APPLICATION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  iv_sign_in_page_set_busy (IV_SIGN_IN_PAGE (self->sign_in_page), FALSE);
  if (account == NULL)
    {
      g_autofree char *message = sign_in_error_message (self, error);

      iv_sign_in_page_show_error (IV_SIGN_IN_PAGE (self->sign_in_page), message);
      iv_announcer_announce (self->announcer, message, IV_ANNOUNCE_ASSERTIVE);
      return;
    }

  {
    g_autofree char *message = g_strdup_printf (_("Signed in as %s"), iv_account_get_name (account));

    iv_sign_in_page_clear_password (IV_SIGN_IN_PAGE (self->sign_in_page));
    iv_window_show_toast (self, message);
    iv_window_show_page (self, "overview");
  }
}

static void
sign_in_submit_cb (IvSignInPage *page,
                   const char   *account,
                   const char   *password,
                   gboolean      remember,
                   const char   *service_url,
                   IvWindow     *self)
{
  IvApplication *app = get_app (self);

  if (app == NULL)
    return;

  /* A new address typed here becomes the saved one */
  if (g_strcmp0 (service_url, iv_application_get_service_url (app)) != 0)
    g_settings_set_string (iv_application_get_settings (app), "service-url", service_url);

  iv_sign_in_page_set_busy (page, TRUE);
  iv_announcer_announce (self->announcer, _("Signing in…"), IV_ANNOUNCE_POLITE);
  iv_application_sign_in_async (app, account, password, remember,
                                self->cancellable, sign_in_done_cb, self);
}

static void
restore_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  IvWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!iv_application_restore_session_finish (IV_APPLICATION (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->restoring = FALSE;
  if (error != NULL)
    {
      g_autofree char *message = sign_in_error_message (self, error);

      iv_sign_in_page_show_error (IV_SIGN_IN_PAGE (self->sign_in_page), message);
    }
  update_session_state (self);
}

/* Sync manager ------------------------------------------------------------- */

static void
sync_state_cb (IvSyncManager *sync,
               GParamSpec    *pspec,
               IvWindow      *self)
{
  IvSyncState state = iv_sync_manager_get_state (sync);
  guint pending = iv_sync_manager_get_pending_count (sync);
  g_autofree char *message = NULL;

  /* Only the changes a person needs to hear, not every sync tick */
  if (state == IV_SYNC_STATE_SYNCING)
    return;
  if (state == IV_SYNC_STATE_OFFLINE && pending > self->announced_pending)
    {
      /* Work saved while offline: say that it waits, once per new item */
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "Offline: %u item waiting to be sent; it goes out when the service can be reached",
                                              "Offline: %u items waiting to be sent; they go out when the service can be reached",
                                              pending), pending);
      self->announced_pending = pending;
    }
  else if (state == self->last_state)
    return;
  else if (state == IV_SYNC_STATE_OFFLINE)
    message = g_strdup (_("Offline: changes are saved and sent later"));
  else if (state == IV_SYNC_STATE_ONLINE && self->last_state == IV_SYNC_STATE_OFFLINE)
    message = g_strdup (_("Back online"));
  else if (state == IV_SYNC_STATE_NEEDS_ATTENTION)
    message = g_strdup (_("Something needs your attention"));
  if (state != IV_SYNC_STATE_OFFLINE)
    self->announced_pending = 0;
  self->last_state = state;
  if (message != NULL)
    iv_announcer_announce (self->announcer, message, IV_ANNOUNCE_POLITE);
}

static void
item_done_cb (IvSyncManager *sync,
              gint64         item_id,
              const char    *server_id,
              IvWindow      *self)
{
  g_autoptr(IvOutboxItem) item = iv_outbox_get_item (iv_sync_manager_get_outbox (sync), item_id, NULL);
  g_autoptr(IvOrder) order = NULL;
  g_autofree char *message = NULL;

  if (item == NULL || iv_outbox_item_get_kind (item) != IV_OUTBOX_KIND_CREATE_ORDER)
    return;

  /* The runner puts the answer into the cache before saying done */
  order = iv_cache_db_get_object (iv_sync_manager_get_cache (sync), IV_CACHE_KIND_ORDER, server_id, NULL);
  if (order != NULL)
    message = g_strdup_printf (_("Order %s placed"), iv_order_get_number (order));
  else
    message = g_strdup (_("Order placed"));
  iv_window_show_toast (self, message);
  g_signal_emit (self, signals[SIGNAL_REFRESH], 0);
}

static void
item_needs_attention_cb (IvSyncManager *sync,
                         gint64         item_id,
                         IvWindow      *self)
{
  g_autoptr(IvOutboxItem) item = iv_outbox_get_item (iv_sync_manager_get_outbox (sync), item_id, NULL);
  g_autofree char *message = NULL;
  const char *reason = item != NULL ? iv_outbox_item_get_error_message (item) : NULL;

  message = g_strdup_printf (_("Not accepted by the service: %s"), reason != NULL ? reason : _("unknown reason"));
  iv_window_show_toast (self, message);
}

static void
sign_in_needed_cb (IvSyncManager *sync,
                   IvWindow      *self)
{
  IvApplication *app = get_app (self);

  iv_window_show_toast (self, _("Your session has expired. Please sign in again; nothing unsent is lost."));
  if (app != NULL)
    iv_application_sign_out_locally (app);
}

static void
sync_manager_changed_cb (IvApplication *app,
                         GParamSpec    *pspec,
                         IvWindow      *self)
{
  IvSyncManager *sync = iv_application_get_sync_manager (app);

  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_set_object (&self->sync, sync);
  if (sync == NULL)
    return;

  self->last_state = iv_sync_manager_get_state (sync);
  g_signal_connect (sync, "notify::state", G_CALLBACK (sync_state_cb), self);
  g_signal_connect (sync, "notify::pending-count", G_CALLBACK (sync_state_cb), self);
  g_signal_connect (sync, "item-done", G_CALLBACK (item_done_cb), self);
  g_signal_connect (sync, "item-needs-attention", G_CALLBACK (item_needs_attention_cb), self);
  g_signal_connect (sync, "sign-in-needed", G_CALLBACK (sign_in_needed_cb), self);
}

static void
refresh_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  /* Offline is shown by the sync state; nothing to add here */
  iv_sync_manager_refresh_finish (IV_SYNC_MANAGER (object), result, NULL);
}

typedef struct {
  IvWindow *self;
  gint64    item_id;
} WatchedItem;

static gboolean
item_still_waiting_cb (gpointer data)
{
  WatchedItem *w = data;
  g_autoptr(IvOutboxItem) item = NULL;

  if (w->self->sync != NULL)
    item = iv_outbox_get_item (iv_sync_manager_get_outbox (w->self->sync), w->item_id, NULL);
  /* Not through yet (offline, or the service is slow): say it waits */
  if (item != NULL &&
      (iv_outbox_item_get_state (item) == IV_OUTBOX_STATE_QUEUED ||
       iv_outbox_item_get_state (item) == IV_OUTBOX_STATE_RETRY_WAIT ||
       iv_outbox_item_get_state (item) == IV_OUTBOX_STATE_IN_FLIGHT))
    iv_window_show_toast (w->self, _("Not sent yet: it is saved and waiting to be sent; it goes out when the service can be reached"));
  return G_SOURCE_REMOVE;
}

static void
watched_item_free (gpointer data)
{
  WatchedItem *w = data;

  g_object_unref (w->self);
  g_free (w);
}

void
iv_window_watch_outbox_item (IvWindow *self,
                             gint64    item_id)
{
  WatchedItem *w;

  g_return_if_fail (IV_IS_WINDOW (self));

  w = g_new0 (WatchedItem, 1);
  w->self = g_object_ref (self);
  w->item_id = item_id;
  g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, 4, item_still_waiting_cb, w, watched_item_free);
}

/* Actions ---------------------------------------------------------------- */

static void
show_page_action_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  iv_window_show_page (IV_WINDOW (user_data), g_variant_get_string (parameter, NULL));
}

static void
show_sign_in_action_cb (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  IvWindow *self = user_data;

  iv_window_show_page (self, "overview");
  iv_sign_in_page_focus (IV_SIGN_IN_PAGE (self->sign_in_page));
}

static void
search_action_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  IvWindow *self = user_data;

  iv_window_show_page (self, "catalog");
  iv_catalog_page_focus_search (IV_CATALOG_PAGE (iv_window_get_page (self, "catalog")));
}

static void
refresh_action_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  IvWindow *self = user_data;
  IvApplication *app = get_app (self);

  if (self->sync != NULL)
    {
      IvSyncScope scope = IV_SYNC_SCOPE_CATALOG | IV_SYNC_SCOPE_POLICY;

      if (app != NULL && iv_application_get_signed_in (app))
        scope = IV_SYNC_SCOPE_ALL;
      iv_announcer_announce (self->announcer, _("Refreshing…"), IV_ANNOUNCE_POLITE);
      iv_sync_manager_refresh_async (self->sync, scope, self->cancellable, refresh_done_cb, self);
    }
  g_signal_emit (self, signals[SIGNAL_REFRESH], 0);
}

static void
sign_out_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      IvWindow         *self)
{
  IvApplication *app = get_app (self);

  if (g_strcmp0 (response, "sign-out") != 0 || app == NULL)
    return;

  iv_application_sign_out (app);
  iv_window_show_toast (self, _("Signed out"));
}

static void
sign_out_action_cb (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  IvWindow *self = user_data;
  IvApplication *app = get_app (self);
  guint pending;
  AdwMessageDialog *dialog;
  g_autofree char *body = NULL;

  if (app == NULL)
    return;

  pending = iv_application_get_pending_count (app);
  if (pending == 0)
    {
      sign_out_response_cb (NULL, "sign-out", self);
      return;
    }

  /* Unsent work would be lost with the session: ask first */
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u item has not been sent to the service yet. If you sign out now it is discarded.",
                                       "%u items have not been sent to the service yet. If you sign out now they are discarded.",
                                       pending),
                          pending);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Sign Out and Discard Unsent Items?"), body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "sign-out", _("_Sign Out and Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "sign-out", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (sign_out_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The keyboard shortcuts window, built the first time it is asked for:
 * as gtk/help-overlay.ui GTK would parse it into every new window, before
 * the first frame */
static void
show_help_overlay_action_cb (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  IvWindow *self = user_data;

  if (self->help_overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_PREFIX "/help-overlay.ui");

      self->help_overlay = GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay"));
      gtk_window_set_modal (GTK_WINDOW (self->help_overlay), TRUE);
      gtk_window_set_hide_on_close (GTK_WINDOW (self->help_overlay), TRUE);
      gtk_window_set_transient_for (GTK_WINDOW (self->help_overlay), GTK_WINDOW (self));
      g_object_add_weak_pointer (G_OBJECT (self->help_overlay), (gpointer *) &self->help_overlay);
    }
  gtk_window_present (GTK_WINDOW (self->help_overlay));
}

static const GActionEntry win_actions[] = {
  { "show-help-overlay", show_help_overlay_action_cb },
  { "show-page", show_page_action_cb, "s" },
  { "show-sign-in", show_sign_in_action_cb },
  { "search", search_action_cb },
  { "refresh", refresh_action_cb },
  { "sign-out", sign_out_action_cb },
};

/* Pages ------------------------------------------------------------------ */

static GtkWidget *
make_signed_out_page (const char *description)
{
  GtkWidget *status = adw_status_page_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("Sign _In"));

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "system-users-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Not Signed In"));
  adw_status_page_set_description (ADW_STATUS_PAGE (status), description);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.show-sign-in");
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "pill");
  gtk_widget_add_css_class (button, "suggested-action");
  adw_status_page_set_child (ADW_STATUS_PAGE (status), button);
  return status;
}

static GtkWidget *
make_loading_page (void)
{
  GtkWidget *status = adw_status_page_new ();
  GtkWidget *spinner = gtk_spinner_new ();

  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Signing In…"));
  adw_status_page_set_description (ADW_STATUS_PAGE (status), _("Restoring your saved session"));
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spinner),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Loading"),
                                  -1);
  adw_status_page_set_child (ADW_STATUS_PAGE (status), spinner);
  return status;
}

/* A stack showing page when signed in, signed_out (or a generic status
 * page) otherwise */
static GtkWidget *
wrap_session_page (IvWindow   *self,
                   GtkWidget  *page,
                   GtkWidget  *signed_out)
{
  GtkWidget *stack = gtk_stack_new ();

  gtk_stack_add_named (GTK_STACK (stack), signed_out, "signed-out");
  gtk_stack_add_named (GTK_STACK (stack), page, "content");
  g_ptr_array_add (self->session_stacks, stack);
  return stack;
}

/* HOOK for ui-part2: the claims, applications and needs-attention pages
 * (iv_window_add_lazy_page), the offline banner and the notifier */
static void
add_more_pages (IvWindow *self)
{
  iv_part2_add_pages (self, self->banner_box);
}

static GtkWidget *
build_overview (IvWindow *self,
                gpointer  user_data)
{
  return iv_overview_page_new ();
}

static GtkWidget *
build_catalog (IvWindow *self,
               gpointer  user_data)
{
  return iv_catalog_page_new ();
}

static GtkWidget *
build_orders (IvWindow *self,
              gpointer  user_data)
{
  return iv_orders_page_new ();
}

static void
add_pages (IvWindow *self)
{
  GtkWidget *overview_slot;
  AdwViewStackPage *page;

  self->sign_in_page = iv_sign_in_page_new ();
  g_signal_connect (self->sign_in_page, "submit", G_CALLBACK (sign_in_submit_cb), self);

  /* The sign-in form, not iv_window_add_page's status page, while signed out */
  overview_slot = make_slot (self, "overview", _("Overview"), FALSE, build_overview, NULL, NULL);
  ((LazyPage *) g_object_get_data (G_OBJECT (overview_slot), LAZY_KEY))->only_signed_in = TRUE;
  page = adw_view_stack_add_titled (self->view_stack,
                                    wrap_session_page (self, overview_slot, self->sign_in_page),
                                    "overview", _("Overview"));
  adw_view_stack_page_set_icon_name (page, "view-grid-symbolic");
  g_hash_table_replace (self->pages, g_strdup ("overview"), overview_slot);

  iv_window_add_lazy_page (self, "catalog", _("Catalog"), "system-search-symbolic", FALSE,
                           build_catalog, NULL, NULL);
  iv_window_add_lazy_page (self, "orders", _("Orders"), "view-list-symbolic", TRUE,
                           build_orders, NULL, NULL);

  add_more_pages (self);
}

/* GObject ---------------------------------------------------------------- */

static gboolean
iv_window_close_request (GtkWindow *window)
{
  save_window_state (IV_WINDOW (window));

  return GTK_WINDOW_CLASS (iv_window_parent_class)->close_request (window);
}

/* Runs once the window has its application (not a construct property) */
static void
setup_session (IvWindow *self)
{
  IvApplication *app = get_app (self);

  if (app == NULL)
    {
      update_session_state (self);
      return;
    }

  g_signal_connect_object (app, "notify::signed-in",
                           G_CALLBACK (signed_in_changed_cb), self, 0);
  g_signal_connect_object (app, "notify::sync-manager",
                           G_CALLBACK (sync_manager_changed_cb), self, 0);
  sync_manager_changed_cb (app, NULL, self);
  if (iv_application_get_store_problem (app) != NULL)
    iv_window_show_toast (self, iv_application_get_store_problem (app));
  iv_sign_in_page_set_service_url (IV_SIGN_IN_PAGE (self->sign_in_page),
                                   iv_application_get_service_url (app));

  if (iv_application_get_demo_mode (app))
    {
      /* The README's demo command: the demo account, signed in at once */
      update_session_state (self);
      iv_sign_in_page_fill (IV_SIGN_IN_PAGE (self->sign_in_page),
                            "91310115MA1K3A2B3J", "Demo@2026");
      iv_sign_in_page_submit (IV_SIGN_IN_PAGE (self->sign_in_page));
    }
  else if (!iv_application_get_signed_in (app))
    {
      g_autofree char *last = g_settings_get_string (iv_application_get_settings (app), "last-account");

      iv_sign_in_page_fill (IV_SIGN_IN_PAGE (self->sign_in_page), last, NULL);
      self->restoring = g_settings_get_boolean (iv_application_get_settings (app), "remember-me") &&
                        *last != '\0';
      update_session_state (self);
      if (self->restoring)
        iv_application_restore_session_async (app, self->cancellable, restore_done_cb, self);
    }
  else
    update_session_state (self);
}

static void
iv_window_constructed (GObject *object)
{
  IvWindow *self = IV_WINDOW (object);

  G_OBJECT_CLASS (iv_window_parent_class)->constructed (object);

  /* The switchers see the stack once it has all its pages (each page
   * added to a bound stack rebuilds every switcher button in libadwaita
   * 1.2), in update_switcher () */
  add_pages (self);
  g_signal_connect_object (self->switcher_title, "notify::title-visible",
                           G_CALLBACK (update_switcher), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view_stack, "notify::visible-child",
                           G_CALLBACK (visible_page_changed_cb), self, G_CONNECT_SWAPPED);
  update_session_state (self);
}

static void
iv_window_realize (GtkWidget *widget)
{
  IvWindow *self = IV_WINDOW (widget);

  GTK_WIDGET_CLASS (iv_window_parent_class)->realize (widget);
  if (!self->painted)
    g_signal_connect_object (gdk_surface_get_frame_clock (gtk_native_get_surface (GTK_NATIVE (widget))),
                             "after-paint", G_CALLBACK (first_frame_cb), self, 0);
}

static void
iv_window_dispose (GObject *object)
{
  IvWindow *self = IV_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_clear_object (&self->sync);
  g_clear_pointer (&self->session_stacks, g_ptr_array_unref);
  g_clear_handle_id (&self->build_idle_id, g_source_remove);
  /* Taking the pages down changes the visible one: nothing to build or show */
  if (self->view_stack != NULL)
    g_signal_handlers_disconnect_by_data (self->view_stack, self);
  if (self->switcher_title != NULL)
    g_signal_handlers_disconnect_by_data (self->switcher_title, self);
  if (self->help_overlay != NULL)
    {
      GtkWidget *overlay = self->help_overlay;

      g_object_remove_weak_pointer (G_OBJECT (overlay), (gpointer *) &self->help_overlay);
      self->help_overlay = NULL;
      gtk_window_destroy (GTK_WINDOW (overlay));
    }
  g_clear_pointer (&self->lazy_slots, g_ptr_array_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), IV_TYPE_WINDOW);

  G_OBJECT_CLASS (iv_window_parent_class)->dispose (object);
}

static void
iv_window_class_init (IvWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = iv_window_constructed;
  object_class->dispose = iv_window_dispose;
  widget_class->realize = iv_window_realize;
  window_class->close_request = iv_window_close_request;

  /**
   * IvWindow::refresh:
   *
   * F5 or the refresh button: pages reload what they show.
   */
  signals[SIGNAL_REFRESH] =
    g_signal_new ("refresh", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (IV_TYPE_ANNOUNCER);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/iv-window.ui");
  gtk_widget_class_bind_template_child (widget_class, IvWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, IvWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, IvWindow, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, IvWindow, banner_box);
  gtk_widget_class_bind_template_child (widget_class, IvWindow, announcer);
  gtk_widget_class_bind_template_child (widget_class, IvWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, IvWindow, switcher_bar);
}

static void
iv_window_init (IvWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->session_stacks = g_ptr_array_new ();
  self->pages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->lazy_slots = g_ptr_array_new_with_free_func (g_object_unref);
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions,
                                   G_N_ELEMENTS (win_actions), self);
  g_object_set_data (G_OBJECT (self), "iv-announcer", self->announcer);

  if (DEVELOPMENT)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

IvWindow *
iv_window_new (IvApplication *application)
{
  GSettings *settings = iv_application_get_settings (application);
  IvWindow *self;
  int width, height;

  g_settings_get (settings, "window-size", "(ii)", &width, &height);
  self = g_object_new (IV_TYPE_WINDOW,
                       "application", application,
                       "default-width", width,
                       "default-height", height,
                       NULL);
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  setup_session (self);

  return self;
}

typedef struct {
  GtkWidget *child;
  char      *name;
  char      *title;
  char      *icon_name;
} MovedPage;

static void
moved_page_free (gpointer data)
{
  MovedPage *m = data;

  g_object_unref (m->child);
  g_free (m->name);
  g_free (m->title);
  g_free (m->icon_name);
  g_free (m);
}

void
iv_window_add_page (IvWindow   *self,
                    GtkWidget  *page,
                    const char *name,
                    const char *title,
                    const char *icon_name,
                    gboolean    requires_sign_in)
{
  GtkWidget *child = page;
  GtkWidget *old;
  AdwViewStackPage *stack_page;
  g_autoptr(GPtrArray) moved = g_ptr_array_new_with_free_func (moved_page_free);

  g_return_if_fail (IV_IS_WINDOW (self));
  g_return_if_fail (GTK_IS_WIDGET (page));
  g_return_if_fail (name != NULL && title != NULL);

  /* Replacing a placeholder keeps its place: take out the pages after
   * it, add the new page, then put them back in order */
  old = adw_view_stack_get_child_by_name (self->view_stack, name);
  if (old != NULL)
    {
      g_autoptr(GtkSelectionModel) pages = adw_view_stack_get_pages (self->view_stack);
      guint n = g_list_model_get_n_items (G_LIST_MODEL (pages));
      gboolean found = FALSE;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(AdwViewStackPage) p = g_list_model_get_item (G_LIST_MODEL (pages), i);
          GtkWidget *c = adw_view_stack_page_get_child (p);

          if (found)
            {
              MovedPage *m = g_new0 (MovedPage, 1);

              m->child = g_object_ref (c);
              m->name = g_strdup (adw_view_stack_page_get_name (p));
              m->title = g_strdup (adw_view_stack_page_get_title (p));
              m->icon_name = g_strdup (adw_view_stack_page_get_icon_name (p));
              g_ptr_array_add (moved, m);
            }
          else if (c == old)
            found = TRUE;
        }
      for (guint i = 0; i < moved->len; i++)
        adw_view_stack_remove (self->view_stack, ((MovedPage *) g_ptr_array_index (moved, i))->child);
      /* Its session stack goes with it: the page itself, or inside a
       * lazy page's slot once that was built */
      for (guint i = self->session_stacks->len; i > 0; i--)
        {
          GtkWidget *stack = g_ptr_array_index (self->session_stacks, i - 1);

          if (stack == old || gtk_widget_is_ancestor (stack, old))
            g_ptr_array_remove_index (self->session_stacks, i - 1);
        }
      adw_view_stack_remove (self->view_stack, old);
    }
  {
    GtkWidget *old_slot = g_hash_table_lookup (self->pages, name);

    if (old_slot != NULL)
      g_ptr_array_remove (self->lazy_slots, old_slot);
    g_hash_table_replace (self->pages, g_strdup (name), page);
  }

  if (requires_sign_in)
    child = wrap_signed_in_only (self, page, title);

  stack_page = adw_view_stack_add_titled (self->view_stack, child, name, title);
  if (icon_name != NULL)
    adw_view_stack_page_set_icon_name (stack_page, icon_name);

  for (guint i = 0; i < moved->len; i++)
    {
      MovedPage *m = g_ptr_array_index (moved, i);
      AdwViewStackPage *p = adw_view_stack_add_titled (self->view_stack, m->child, m->name, m->title);

      adw_view_stack_page_set_icon_name (p, m->icon_name);
    }

  update_session_state (self);
}

void
iv_window_add_lazy_page (IvWindow         *self,
                         const char       *name,
                         const char       *title,
                         const char       *icon_name,
                         gboolean          requires_sign_in,
                         IvWindowPageFunc  build,
                         gpointer          user_data,
                         GDestroyNotify    destroy)
{
  GtkWidget *slot;

  g_return_if_fail (IV_IS_WINDOW (self));
  g_return_if_fail (name != NULL && title != NULL && build != NULL);

  /* The slot itself is the view stack's page; the session stack (with its
   * status pages) is made with the content */
  slot = make_slot (self, name, title, requires_sign_in, build, user_data, destroy);
  iv_window_add_page (self, slot, name, title, icon_name, FALSE);
  /* Added after the first frame: built in the idles like the others */
  if (self->painted && self->build_idle_id == 0)
    self->build_idle_id = g_idle_add (build_next_page_cb, self);
}

GtkWidget *
iv_window_get_page (IvWindow   *self,
                    const char *name)
{
  GtkWidget *page;

  g_return_val_if_fail (IV_IS_WINDOW (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  page = g_hash_table_lookup (self->pages, name);
  return page != NULL ? build_slot (self, page) : NULL;
}

void
iv_window_show_page (IvWindow   *self,
                     const char *name)
{
  GtkWidget *page;

  g_return_if_fail (IV_IS_WINDOW (self));

  page = g_hash_table_lookup (self->pages, name);
  if (page == NULL || adw_view_stack_get_child_by_name (self->view_stack, name) == NULL)
    return;
  /* Built before it is shown: whoever asks for a page gets its content */
  build_slot (self, page);
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

const char *
iv_window_get_visible_page_name (IvWindow *self)
{
  g_return_val_if_fail (IV_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->view_stack);
}

void
iv_window_show_toast (IvWindow   *self,
                      const char *message)
{
  g_return_if_fail (IV_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
  iv_announcer_announce (self->announcer, message, IV_ANNOUNCE_POLITE);
}

IvAnnouncer *
iv_window_get_announcer (IvWindow *self)
{
  g_return_val_if_fail (IV_IS_WINDOW (self), NULL);

  return self->announcer;
}

GtkWidget *
iv_window_get_sign_in_page (IvWindow *self)
{
  g_return_val_if_fail (IV_IS_WINDOW (self), NULL);

  return self->sign_in_page;
}
