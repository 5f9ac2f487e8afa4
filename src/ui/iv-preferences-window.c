/* iv-preferences-window.c: the preferences (service address, extra CA, notifications, sync interval) */
#include "config.h"

#include <glib/gi18n.h>

#include "iv-announcer.h"

#include "iv-preferences-window.h"

struct _IvPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  IvApplication        *application;
  GSettings            *settings;

  GtkWidget            *service_row;
  GtkWidget            *service_error;
  GtkWidget            *ca_row;
  GtkWidget            *ca_clear_button;
  GtkWidget            *notifications_switch;
  GtkWidget            *interval_spin;
};

G_DEFINE_FINAL_TYPE (IvPreferencesWindow, iv_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
update_ca_row (IvPreferencesWindow *self)
{
  g_autofree char *path = g_settings_get_string (self->settings, "extra-ca-file");

  if (*path == '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->ca_row),
                                 _("None: only the system’s certificates are trusted"));
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->ca_row), path);
  gtk_widget_set_visible (self->ca_clear_button, *path != '\0');
}

static void
set_service_error (IvPreferencesWindow *self,
                   const char          *message)
{
  gtk_label_set_label (GTK_LABEL (self->service_error), message != NULL ? message : "");
  gtk_widget_set_visible (self->service_error, message != NULL);
  if (message != NULL)
    {
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->service_row),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE, -1);
      iv_accessible_set_error_message (self->service_row, self->service_error);
      gtk_widget_grab_focus (self->service_row);
    }
  else
    {
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self->service_row), GTK_ACCESSIBLE_STATE_INVALID);
      iv_accessible_set_error_message (self->service_row, NULL);
    }
}

static void
service_apply_cb (IvPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->service_row));
  g_autoptr(GUri) uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 &&
       g_strcmp0 (g_uri_get_scheme (uri), "http") != 0))
    {
      set_service_error (self, _("The service address must start with https:// (for example https://vouchers.example.cn)."));
      return;
    }

  set_service_error (self, NULL);
  g_settings_set_string (self->settings, "service-url", text);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_("Service address saved")));
}

static void
ca_clear_cb (IvPreferencesWindow *self)
{
  g_settings_set_string (self->settings, "extra-ca-file", "");
  update_ca_row (self);
}

static void
use_ca_file (IvPreferencesWindow *self,
             GFile               *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(IvApiClient) probe = iv_api_client_new ("https://localhost");
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    return;

  /* The client reads and checks the file; refuse one it cannot use */
  if (!iv_api_client_set_extra_ca_file (probe, path, &error))
    {
      g_autofree char *message = g_strdup_printf (_("This file cannot be used as a certificate authority: %s"),
                                                  error->message);

      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
      return;
    }

  g_settings_set_string (self->settings, "extra-ca-file", path);
  update_ca_row (self);
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
ca_dialog_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(IvPreferencesWindow) self = user_data;
  g_autoptr(GFile) file = gtk_file_dialog_open_finish (GTK_FILE_DIALOG (object), result, NULL);

  if (file != NULL)
    use_ca_file (self, file);
}
#else
static void
ca_native_response_cb (GtkNativeDialog     *native,
                       int                  response,
                       IvPreferencesWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (file != NULL)
        use_ca_file (self, file);
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}
#endif

static void
ca_choose_cb (IvPreferencesWindow *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("PEM certificates"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_filter_add_mime_type (filter, "application/x-x509-ca-cert");

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

    gtk_file_dialog_set_title (dialog, _("Choose a Certificate Authority"));
    gtk_file_dialog_set_default_filter (dialog, filter);
    gtk_file_dialog_open (dialog, GTK_WINDOW (self), NULL, ca_dialog_done_cb, g_object_ref (self));
  }
#else
  {
    GtkFileChooserNative *native;

    native = gtk_file_chooser_native_new (_("Choose a Certificate Authority"), GTK_WINDOW (self),
                                          GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
    gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
    g_signal_connect (native, "response", G_CALLBACK (ca_native_response_cb), self);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
  }
#endif
}

static void
iv_preferences_window_dispose (GObject *object)
{
  IvPreferencesWindow *self = IV_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), IV_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (iv_preferences_window_parent_class)->dispose (object);
}

static void
iv_preferences_window_class_init (IvPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = iv_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/iv-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, IvPreferencesWindow, service_row);
  gtk_widget_class_bind_template_child (widget_class, IvPreferencesWindow, service_error);
  gtk_widget_class_bind_template_child (widget_class, IvPreferencesWindow, ca_row);
  gtk_widget_class_bind_template_child (widget_class, IvPreferencesWindow, ca_clear_button);
  gtk_widget_class_bind_template_child (widget_class, IvPreferencesWindow, notifications_switch);
  gtk_widget_class_bind_template_child (widget_class, IvPreferencesWindow, interval_spin);
  gtk_widget_class_bind_template_callback (widget_class, service_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_clear_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_choose_cb);
}

static void
iv_preferences_window_init (IvPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
iv_preferences_window_new (IvApplication *application)
{
  IvPreferencesWindow *self;

  g_return_val_if_fail (IV_IS_APPLICATION (application), NULL);

  self = g_object_new (IV_TYPE_PREFERENCES_WINDOW, NULL);
  self->application = g_object_ref (application);
  self->settings = g_object_ref (iv_application_get_settings (application));

  gtk_editable_set_text (GTK_EDITABLE (self->service_row),
                         iv_application_get_service_url (application));
  g_settings_bind (self->settings, "notifications", self->notifications_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sync-interval",
                   gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (self->interval_spin)), "value",
                   G_SETTINGS_BIND_DEFAULT);
  update_ca_row (self);

  return GTK_WIDGET (self);
}
