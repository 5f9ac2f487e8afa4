/* iv-application.c: the application object
 *
 * Owns the settings and the command line; windows get everything else from
 * the client layer.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "iv-application.h"
#include "iv-resources.h"
#include "iv-window.h"

struct _IvApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  char           *service_url_override;
};

G_DEFINE_FINAL_TYPE (IvApplication, iv_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "version", 'v', 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and exit"), NULL },
  { "service-url", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Address of the voucher service"), N_("URL") },
  { NULL }
};

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

  return -1;
}

static void
iv_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (iv_window_new (IV_APPLICATION (app)));

  gtk_window_present (window);
}

static void
iv_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (iv_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
}

static void
iv_application_dispose (GObject *object)
{
  IvApplication *self = IV_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->service_url_override, g_free);

  G_OBJECT_CLASS (iv_application_parent_class)->dispose (object);
}

static void
iv_application_class_init (IvApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  iv_resources_ensure_registered ();

  object_class->dispose = iv_application_dispose;
  app_class->handle_local_options = iv_application_handle_local_options;
  app_class->startup = iv_application_startup;
  app_class->activate = iv_application_activate;
}

static void
iv_application_init (IvApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Science and technology innovation vouchers"));
  self->settings = g_settings_new (APP_ID);
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
  static char *from_settings;

  g_return_val_if_fail (IV_IS_APPLICATION (self), NULL);

  if (self->service_url_override != NULL)
    return self->service_url_override;

  g_free (from_settings);
  from_settings = g_settings_get_string (self->settings, "service-url");
  return from_settings;
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
