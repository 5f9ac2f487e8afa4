/* iv-window.c: the main window
 *
 * A header bar with a view switcher over the pages; the window remembers
 * its size in GSettings.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "iv-window.h"

struct _IvWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *view_stack;
};

G_DEFINE_FINAL_TYPE (IvWindow, iv_window, ADW_TYPE_APPLICATION_WINDOW)

static void
save_window_state (IvWindow *self)
{
  IvApplication *app = IV_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
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

static gboolean
iv_window_close_request (GtkWindow *window)
{
  save_window_state (IV_WINDOW (window));

  return GTK_WINDOW_CLASS (iv_window_parent_class)->close_request (window);
}

static void
iv_window_class_init (IvWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  window_class->close_request = iv_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/iv-window.ui");
  gtk_widget_class_bind_template_child (widget_class, IvWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, IvWindow, view_stack);
}

static void
iv_window_init (IvWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
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

  return self;
}
