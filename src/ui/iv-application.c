/* iv-application.c: the application object
 *
 * Owns the settings, the command line and the session: the API client and
 * credentials every window shares, sign-in, restoring a remembered session
 * and sign-out.  Pages bind to :signed-in and :account.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <time.h>

#include "iv-application.h"
#include "iv-preferences-window.h"
#include "iv-resources.h"
#include "iv-text-warmup.h"
#include "iv-window.h"

struct _IvApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  char           *service_url_override;
  char           *service_url;
  gboolean        demo_mode;

  IvApiClient    *api_client;
  IvCredentials  *credentials;
  IvAccount      *account;

  IvCacheDb      *cache;
  IvUserDb       *user_db;
  IvOutbox       *outbox;
  IvSyncManager  *sync;
  IvCatalogSearch *catalog_search;
  char           *store_problem;

  IvTextWarmup   *text_warmup;
};

G_DEFINE_FINAL_TYPE (IvApplication, iv_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_SIGNED_IN,
  PROP_ACCOUNT,
  PROP_API_CLIENT,
  PROP_SYNC_MANAGER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const GOptionEntry option_entries[] = {
  { "version", 'v', 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and exit"), NULL },
  { "service-url", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Address of the voucher service"), N_("URL") },
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Sign in with the demo account (with --service-url only)"), NULL },
  { NULL }
};

typedef struct {
  char     *account;
  gboolean  remember;
} SignInData;

static void
sign_in_data_free (gpointer data)
{
  SignInData *sd = data;

  g_free (sd->account);
  g_free (sd);
}

static void
set_account (IvApplication *self,
             IvAccount     *account)
{
  gboolean was_signed_in = self->account != NULL;

  if (!g_set_object (&self->account, account))
    return;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
  if (was_signed_in != (account != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
}

/* The two databases of architecture.md; a cache that cannot be opened is
 * rebuilt by the store, user data that cannot be opened is reported and
 * the app runs online only */
static void
open_store (IvApplication *self)
{
  g_autofree char *cache_dir = g_build_filename (g_get_user_cache_dir (), "innovation-vouchers", NULL);
  g_autofree char *data_dir = g_build_filename (g_get_user_data_dir (), "innovation-vouchers", NULL);
  g_autoptr(GError) error = NULL;

  self->cache = iv_cache_db_open (cache_dir, &error);
  if (self->cache == NULL)
    {
      self->store_problem = g_strdup_printf (_("The local cache cannot be opened: %s"), error->message);
      return;
    }
  /* The app reads the cache a page of results at a time: memory-mapped
   * reads would count the whole file (100 MB at 100,000 services) in the
   * app's memory as the catalog is scrolled; SQLite's own page cache is
   * bounded to 8 MiB (32 by the store): −27 MiB RSS, no slower to search
   * (docs/benchmarks.md, UI) */
  if (!iv_store_db_exec (iv_cache_db_get_db (self->cache), "PRAGMA mmap_size = 0; PRAGMA cache_size = -8192;", &error))
    {
      g_warning ("Cache memory settings not applied: %s", error->message);
      g_clear_error (&error);
    }
  if (iv_cache_db_was_rebuilt (self->cache))
    self->store_problem = g_strdup (_("The local cache was damaged and has been rebuilt; it fills again from the service."));

  self->user_db = iv_user_db_open (data_dir, &error);
  if (self->user_db != NULL)
    self->outbox = iv_outbox_new (self->user_db, &error);
  if (self->outbox == NULL)
    {
      g_free (self->store_problem);
      self->store_problem = g_strdup_printf (_("Your saved data cannot be opened: %s. Nothing was deleted."),
                                             error->message);
      g_clear_object (&self->user_db);
      return;
    }
  self->catalog_search = iv_catalog_search_new (self->cache);
}

static void
sync_interval_changed (IvApplication *self)
{
  if (self->sync != NULL)
    iv_sync_manager_set_refresh_interval (self->sync,
                                          g_settings_get_uint (self->settings, "sync-interval"));
}

static void
rebuild_sync_manager (IvApplication *self)
{
  if (self->sync != NULL)
    iv_sync_manager_shutdown (self->sync);
  g_clear_object (&self->sync);

  if (self->cache != NULL && self->outbox != NULL)
    {
      self->sync = iv_sync_manager_new (self->api_client, self->cache, self->outbox);
      sync_interval_changed (self);
      iv_sync_manager_start (self->sync);
    }
  /* One sync manager per process: iv-app-sync.c (ui-part2) finds this one
   * under its key instead of opening the databases a second time */
  g_object_set_data_full (G_OBJECT (self), "iv-app-sync-manager",
                          self->sync != NULL ? g_object_ref (self->sync) : NULL, g_object_unref);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_MANAGER]);
}

static void
rebuild_api_client (IvApplication *self)
{
  g_autofree char *ca_file = g_settings_get_string (self->settings, "extra-ca-file");
  const char *url = iv_application_get_service_url (self);

  if (self->api_client != NULL &&
      g_strcmp0 (iv_api_client_get_base_url (self->api_client), url) == 0 &&
      g_strcmp0 (iv_api_client_get_extra_ca_file (self->api_client),
                 *ca_file != '\0' ? ca_file : NULL) == 0)
    return;

  g_clear_object (&self->api_client);
  self->api_client = iv_api_client_new (url);
  if (*ca_file != '\0')
    {
      g_autoptr(GError) error = NULL;

      /* An unreadable file is reported by the preferences window; the
       * system's CAs still work without it */
      if (!iv_api_client_set_extra_ca_file (self->api_client, ca_file, &error))
        g_warning ("Extra CA file %s not used: %s", ca_file, error->message);
    }

  /* A new address is a new session */
  set_account (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_API_CLIENT]);
  rebuild_sync_manager (self);
}

static void
settings_changed_cb (GSettings     *settings,
                     const char    *key,
                     IvApplication *self)
{
  if (g_str_equal (key, "service-url") || g_str_equal (key, "extra-ca-file"))
    {
      /* The preferences win over --service-url once changed there */
      if (g_str_equal (key, "service-url"))
        g_clear_pointer (&self->service_url_override, g_free);
      rebuild_api_client (self);
    }
  else if (g_str_equal (key, "sync-interval"))
    sync_interval_changed (self);
}

static void
show_about_cb (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  IvApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { _("The Innovation Vouchers developers"), NULL };

  adw_show_about_window (window,
                         "application-name", _("Innovation Vouchers"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Innovation Vouchers developers"),
                         "version", PACKAGE_VERSION,
                         "comments", _("Apply for, use and redeem science and technology innovation vouchers"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "developers", developers,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
show_preferences_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  IvApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWindow *prefs = GTK_WINDOW (iv_preferences_window_new (self));

  gtk_window_set_transient_for (prefs, window);
  gtk_window_present (prefs);
}

static void
quit_cb (GSimpleAction *action,
         GVariant      *parameter,
         gpointer       user_data)
{
  IvApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Closing each window lets it save its state first */
  for (GList *l = windows; l != NULL; )
    {
      GtkWindow *window = l->data;
      l = l->next;
      gtk_window_close (window);
    }
}

static const GActionEntry app_actions[] = {
  { "about", show_about_cb },
  { "preferences", show_preferences_cb },
  { "quit", quit_cb },
};

static int
iv_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  IvApplication *self = IV_APPLICATION (app);
  const char *url = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", "innovation-vouchers", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "service-url", "&s", &url))
    {
      g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

      if (uri == NULL ||
          (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
           g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
        {
          g_printerr (_("Not a valid service address: %s\n"), url);
          return 1;
        }
      g_free (self->service_url_override);
      self->service_url_override = g_strdup (url);
    }

  if (g_variant_dict_contains (options, "demo"))
    {
      /* Demo credentials only against a service the user started */
      if (self->service_url_override == NULL)
        {
          g_printerr (_("--demo needs --service-url\n"));
          return 1;
        }
      self->demo_mode = TRUE;
    }

  return -1;
}

/* The store's search keeps a table of every service in memory, built by
 * the first search (a few hundred ms at 100,000 services): build it once
 * the window is on screen, so that neither the first frame nor the first
 * keystroke in the catalog waits for it */
static gboolean
warm_up_search_cb (gpointer user_data)
{
  IvApplication *self = user_data;
  g_autoptr(IvCatalogQuery) query = NULL;
  g_autoptr(GPtrArray) none = NULL;
  gint64 t0 = g_get_monotonic_time ();

  /* Not during a first fill: the catalog page waits for its end */
  if (self->catalog_search == NULL || iv_cache_db_get_catalog_revision (self->cache) < 0 ||
      iv_cache_db_count_services (self->cache) == 0)
    return G_SOURCE_REMOVE;
  query = iv_catalog_query_new ();
  iv_catalog_query_set_page (query, 0, 0);
  none = iv_catalog_search_run (self->catalog_search, query, NULL, NULL);
  g_debug ("Start-up: search table built in %.1f ms", (g_get_monotonic_time () - t0) / 1000.0);
  return G_SOURCE_REMOVE;
}

/* The main thread's CPU time (ms): what start-up itself costs, whatever
 * the load of the machine (G_MESSAGES_DEBUG=iv-ui) */
static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static char *
text_record_path (void)
{
  return g_build_filename (g_get_user_cache_dir (), "innovation-vouchers", "first-frame-text.ini", NULL);
}

static gboolean
record_first_frame_text_cb (gpointer data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (data));
  g_autofree char *path = text_record_path ();

  if (window != NULL)
    iv_text_warmup_record (GTK_WIDGET (window), path);
  return G_SOURCE_REMOVE;
}

static void
first_frame_cb (GdkFrameClock *clock,
                IvApplication *self)
{
  g_debug ("Start-up: first frame painted (%.1f ms CPU since main)", thread_cpu_ms ());
  g_signal_handlers_disconnect_by_func (clock, first_frame_cb, self);
  /* Default priority: a low one waits while frames follow back to back */
  g_idle_add_full (G_PRIORITY_DEFAULT, warm_up_search_cb, g_object_ref (self), g_object_unref);
  g_idle_add_full (G_PRIORITY_LOW, record_first_frame_text_cb, g_object_ref (self), g_object_unref);
}

static void
iv_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      gint64 t0 = g_get_monotonic_time ();
      double c0 = thread_cpu_ms ();

      window = GTK_WINDOW (iv_window_new (IV_APPLICATION (app)));
      g_debug ("Start-up: window built in %.1f ms (%.1f ms CPU)", (g_get_monotonic_time () - t0) / 1000.0,
               thread_cpu_ms () - c0);
      /* Its widgets lay out text from the first measure on: with the
       * worker's font map, once joined */
      t0 = g_get_monotonic_time ();
      iv_text_warmup_finish (g_steal_pointer (&IV_APPLICATION (app)->text_warmup));
      g_debug ("Start-up: text warm-up joined after %.1f ms", (g_get_monotonic_time () - t0) / 1000.0);
      gtk_widget_realize (GTK_WIDGET (window));
      g_signal_connect_object (gdk_surface_get_frame_clock (gtk_native_get_surface (GTK_NATIVE (window))),
                               "after-paint", G_CALLBACK (first_frame_cb), app, 0);
    }

  gtk_window_present (window);
}

static void
iv_application_startup (GApplication *app)
{
  IvApplication *self = IV_APPLICATION (app);
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.search", { "<Control>f", NULL } },
    { "win.refresh", { "F5", "<Control>r", NULL } },
    { "win.show-page::overview", { "<Control>1", NULL } },
    { "win.show-page::catalog", { "<Control>2", NULL } },
    { "win.show-page::orders", { "<Control>3", NULL } },
    { "win.show-page::claims", { "<Control>4", NULL } },
    { "win.show-page::applications", { "<Control>5", NULL } },
    { "win.sign-out", { "<Control><Shift>q", NULL } },
    /* GTK's own accelerator for its help overlay, which the window now
     * builds when first asked (iv-window.c) */
    { "win.show-help-overlay", { "<Control>question", NULL } },
    { "window.close", { "<Control>w", NULL } },
  };

  /* While GTK and libadwaita load: the last start's first-frame text */
  if (g_strcmp0 (g_getenv ("IV_TEXT_WARMUP"), "off") != 0)
    self->text_warmup = iv_text_warmup_start (text_record_path ());

  G_APPLICATION_CLASS (iv_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action,
                                           accels[i].accels);

  {
    gint64 t0 = g_get_monotonic_time ();

    g_debug ("Start-up: GTK and libadwaita ready (%.1f ms CPU since main)", thread_cpu_ms ());
    open_store (self);
    g_debug ("Start-up: store opened in %.1f ms", (g_get_monotonic_time () - t0) / 1000.0);
    t0 = g_get_monotonic_time ();
    rebuild_api_client (self);
    g_debug ("Start-up: client and sync manager in %.1f ms", (g_get_monotonic_time () - t0) / 1000.0);
  }
  g_signal_connect (self->settings, "changed", G_CALLBACK (settings_changed_cb), self);
}

static void
iv_application_shutdown (GApplication *app)
{
  IvApplication *self = IV_APPLICATION (app);

  /* Nothing is lost: an item cut off is resent with the same key */
  if (self->sync != NULL)
    iv_sync_manager_shutdown (self->sync);

  /* Started at start-up and joined by the first window; joined here when
   * no window came */
  iv_text_warmup_finish (g_steal_pointer (&self->text_warmup));
  G_APPLICATION_CLASS (iv_application_parent_class)->shutdown (app);
}

static void
iv_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  IvApplication *self = IV_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_SIGNED_IN:
      g_value_set_boolean (value, self->account != NULL);
      break;
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_API_CLIENT:
      g_value_set_object (value, self->api_client);
      break;
    case PROP_SYNC_MANAGER:
      g_value_set_object (value, self->sync);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_application_dispose (GObject *object)
{
  IvApplication *self = IV_APPLICATION (object);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->sync);
  g_clear_object (&self->catalog_search);
  g_clear_object (&self->outbox);
  g_clear_object (&self->user_db);
  g_clear_object (&self->cache);
  g_clear_pointer (&self->store_problem, g_free);
  g_clear_object (&self->api_client);
  g_clear_object (&self->credentials);
  g_clear_object (&self->account);
  g_clear_pointer (&self->service_url_override, g_free);
  g_clear_pointer (&self->service_url, g_free);

  G_OBJECT_CLASS (iv_application_parent_class)->dispose (object);
}

static void
iv_application_class_init (IvApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  iv_resources_ensure_registered ();

  object_class->dispose = iv_application_dispose;
  object_class->get_property = iv_application_get_property;
  app_class->handle_local_options = iv_application_handle_local_options;
  app_class->startup = iv_application_startup;
  app_class->activate = iv_application_activate;
  app_class->shutdown = iv_application_shutdown;

  properties[PROP_SIGNED_IN] =
    g_param_spec_boolean ("signed-in", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, IV_TYPE_ACCOUNT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_API_CLIENT] =
    g_param_spec_object ("api-client", NULL, NULL, IV_TYPE_API_CLIENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SYNC_MANAGER] =
    g_param_spec_object ("sync-manager", NULL, NULL, IV_TYPE_SYNC_MANAGER,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
iv_application_init (IvApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Science and technology innovation vouchers"));
  self->settings = g_settings_new (APP_ID);
  self->credentials = iv_credentials_new ();
}

IvApplication *
iv_application_new (void)
{
  return g_object_new (IV_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}

const char *
iv_application_get_service_url (IvApplication *self)
{
  g_return_val_if_fail (IV_IS_APPLICATION (self), NULL);

  if (self->service_url_override != NULL)
    return self->service_url_override;

  g_free (self->service_url);
  self->service_url = g_settings_get_string (self->settings, "service-url");
  return self->service_url;
}

GSettings *
iv_application_get_settings (IvApplication *self)
{
  g_return_val_if_fail (IV_IS_APPLICATION (self), NULL);

  return self->settings;
}

const char *
iv_application_get_locale_dir (void)
{
  const char *dir = g_getenv ("IV_LOCALEDIR");

  return dir != NULL && *dir != '\0' ? dir : LOCALEDIR;
}

gboolean
iv_application_get_demo_mode (IvApplication *self)
{
  g_return_val_if_fail (IV_IS_APPLICATION (self), FALSE);

  return self->demo_mode;
}

IvApiClient *
iv_application_get_api_client (IvApplication *self)
{
  g_return_val_if_fail (IV_IS_APPLICATION (self), NULL);

  if (self->api_client == NULL)
    rebuild_api_client (self);
  return self->api_client;
}

IvCredentials *
iv_application_get_credentials (IvApplication *self)
{
  g_return_val_if_fail (IV_IS_APPLICATION (self), NULL);

  return self->credentials;
}

gboolean
iv_application_get_signed_in (IvApplication *self)
{
  g_return_val_if_fail (IV_IS_APPLICATION (self), FALSE);

  return self->account != NULL;
}

IvAccount *
iv_application_get_account (IvApplication *self)
{
  g_return_val_if_fail (IV_IS_APPLICATION (self), NULL);

  return self->account;
}

static void
credentials_stored_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Not fatal: the session simply is not remembered */
  if (!iv_credentials_store_finish (IV_CREDENTIALS (object), result, &error))
    g_warning ("Session not remembered: %s", error->message);
}

static void
sign_in_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  IvApiClient *client = IV_API_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  IvApplication *self = g_task_get_source_object (task);
  SignInData *sd = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(IvAccount) account = NULL;

  account = iv_api_client_sign_in_finish (client, result, &error);
  if (account == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_settings_set_boolean (self->settings, "remember-me", sd->remember);
  if (sd->remember)
    {
      g_settings_set_string (self->settings, "last-account", sd->account);
      iv_credentials_store_async (self->credentials,
                                  iv_api_client_get_base_url (client),
                                  sd->account,
                                  iv_api_client_get_access_token (client),
                                  iv_api_client_get_refresh_token (client),
                                  NULL, credentials_stored_cb, NULL);
    }
  else
    {
      g_settings_set_string (self->settings, "last-account", "");
      iv_credentials_clear_async (self->credentials, iv_api_client_get_base_url (client),
                                  NULL, NULL, NULL, NULL);
    }

  /* A client replaced meanwhile (new address) is not this session */
  if (client == self->api_client)
    {
      set_account (self, account);
      if (self->sync != NULL)
        {
          iv_sync_manager_resume (self->sync);
          iv_sync_manager_refresh_async (self->sync, IV_SYNC_SCOPE_ALL, NULL, NULL, NULL);
        }
    }
  g_task_return_pointer (task, g_steal_pointer (&account), g_object_unref);
}

void
iv_application_sign_in_async (IvApplication       *self,
                              const char          *account,
                              const char          *password,
                              gboolean             remember,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SignInData *sd;

  g_return_if_fail (IV_IS_APPLICATION (self));
  g_return_if_fail (account != NULL && password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, iv_application_sign_in_async);
  sd = g_new0 (SignInData, 1);
  sd->account = g_strdup (account);
  sd->remember = remember;
  g_task_set_task_data (task, sd, sign_in_data_free);

  iv_api_client_sign_in_async (iv_application_get_api_client (self), account, password,
                               cancellable, sign_in_cb, g_steal_pointer (&task));
}

IvAccount *
iv_application_sign_in_finish (IvApplication  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
restore_account_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  IvApiClient *client = IV_API_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  IvApplication *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(IvApiResponse) response = NULL;

  response = iv_api_client_get_account_finish (client, result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (client == self->api_client)
    {
      set_account (self, IV_ACCOUNT (iv_api_response_get_object (response)));
      if (self->sync != NULL)
        {
          iv_sync_manager_resume (self->sync);
          iv_sync_manager_refresh_async (self->sync, IV_SYNC_SCOPE_ALL, NULL, NULL, NULL);
        }
    }
  g_task_return_boolean (task, TRUE);
}

static void
restore_lookup_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IvApplication *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *account = NULL;
  g_autofree char *access_token = NULL;
  g_autofree char *refresh_token = NULL;

  if (!iv_credentials_lookup_finish (IV_CREDENTIALS (object), result,
                                     &account, &access_token, &refresh_token, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (refresh_token == NULL)
    {
      g_task_return_boolean (task, FALSE);
      return;
    }

  iv_api_client_set_tokens (self->api_client, access_token, refresh_token);
  iv_api_client_get_account_async (self->api_client, NULL,
                                   g_task_get_cancellable (task),
                                   restore_account_cb, g_steal_pointer (&task));
}

void
iv_application_restore_session_async (IvApplication       *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *last_account = NULL;

  g_return_if_fail (IV_IS_APPLICATION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, iv_application_restore_session_async);

  last_account = g_settings_get_string (self->settings, "last-account");
  if (!g_settings_get_boolean (self->settings, "remember-me") || *last_account == '\0')
    {
      g_task_return_boolean (task, FALSE);
      return;
    }

  iv_credentials_lookup_async (self->credentials,
                               iv_api_client_get_base_url (iv_application_get_api_client (self)),
                               last_account, cancellable,
                               restore_lookup_cb, g_steal_pointer (&task));
}

gboolean
iv_application_restore_session_finish (IvApplication  *self,
                                       GAsyncResult   *result,
                                       GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
iv_application_sign_out (IvApplication *self)
{
  IvApiClient *client;

  g_return_if_fail (IV_IS_APPLICATION (self));

  client = iv_application_get_api_client (self);
  iv_credentials_clear_async (self->credentials, iv_api_client_get_base_url (client),
                              NULL, NULL, NULL, NULL);
  g_settings_set_string (self->settings, "last-account", "");
  /* The client forgets its tokens at once, whatever the service answers */
  iv_api_client_sign_out_async (client, NULL, NULL, NULL);
  set_account (self, NULL);
}

void
iv_application_sign_out_locally (IvApplication *self)
{
  g_return_if_fail (IV_IS_APPLICATION (self));

  iv_api_client_clear_tokens (iv_application_get_api_client (self));
  set_account (self, NULL);
}

guint
iv_application_get_pending_count (IvApplication *self)
{
  g_return_val_if_fail (IV_IS_APPLICATION (self), 0);

  return self->sync != NULL ? iv_sync_manager_get_pending_count (self->sync) : 0;
}

IvSyncManager *
iv_application_get_sync_manager (IvApplication *self)
{
  g_return_val_if_fail (IV_IS_APPLICATION (self), NULL);

  return self->sync;
}

IvCatalogSearch *
iv_application_get_catalog_search (IvApplication *self)
{
  g_return_val_if_fail (IV_IS_APPLICATION (self), NULL);

  return self->catalog_search;
}

const char *
iv_application_get_store_problem (IvApplication *self)
{
  g_return_val_if_fail (IV_IS_APPLICATION (self), NULL);

  return self->store_problem;
}
