/* iv-announcer.c: speaks status changes to screen readers (see the header for the 4.8 fallback) */
#include "config.h"

#include "iv-announcer.h"

/* Seconds the message stays on screen (and showing to AT-SPI) */
#define SHOW_SECONDS 6

struct _IvAnnouncer
{
  GtkWidget  parent_instance;

  GtkWidget *label;
  char      *message;
  guint      hide_id;
};

G_DEFINE_FINAL_TYPE (IvAnnouncer, iv_announcer, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
hide_cb (gpointer user_data)
{
  IvAnnouncer *self = user_data;

  self->hide_id = 0;
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  return G_SOURCE_REMOVE;
}

static void
iv_announcer_dispose (GObject *object)
{
  IvAnnouncer *self = IV_ANNOUNCER (object);

  g_clear_handle_id (&self->hide_id, g_source_remove);
  g_clear_pointer (&self->label, gtk_widget_unparent);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (iv_announcer_parent_class)->dispose (object);
}

static void
iv_announcer_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  IvAnnouncer *self = IV_ANNOUNCER (object);

  switch (prop_id)
    {
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_announcer_class_init (IvAnnouncerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = iv_announcer_dispose;
  object_class->get_property = iv_announcer_get_property;

  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "announcer");
#if GTK_CHECK_VERSION (4, 14, 0)
  /* gtk_accessible_announce does the speaking; the label is only visual */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_STATUS);
#else
  /* AT-SPI "notification": Orca speaks it when it becomes showing */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ALERT);
#endif
}

static void
iv_announcer_init (IvAnnouncer *self)
{
  self->label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->label), 0.0);
  gtk_widget_set_parent (self->label, GTK_WIDGET (self));
  gtk_widget_add_css_class (GTK_WIDGET (self), "iv-announcer");
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
iv_announcer_new (void)
{
  return g_object_new (IV_TYPE_ANNOUNCER, NULL);
}

void
iv_announcer_announce (IvAnnouncer        *self,
                       const char         *message,
                       IvAnnouncePriority  priority)
{
  g_return_if_fail (IV_IS_ANNOUNCER (self));
  g_return_if_fail (message != NULL);

  g_free (self->message);
  self->message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);

  if (g_strcmp0 (g_getenv ("IV_ANNOUNCER_LOG"), "1") == 0)
    g_printerr ("iv-announce: %s\n", message);

  gtk_label_set_label (GTK_LABEL (self->label), message);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, message,
                                  -1);

#if GTK_CHECK_VERSION (4, 14, 0)
  gtk_accessible_announce (GTK_ACCESSIBLE (self), message,
                           priority == IV_ANNOUNCE_ASSERTIVE
                           ? GTK_ACCESSIBLE_ANNOUNCEMENT_PRIORITY_HIGH
                           : GTK_ACCESSIBLE_ANNOUNCEMENT_PRIORITY_MEDIUM);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
#else
  /* Hidden → showing is the event Orca presents; re-show for every message */
  (void) priority;
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
#endif

  g_clear_handle_id (&self->hide_id, g_source_remove);
  self->hide_id = g_timeout_add_seconds (SHOW_SECONDS, hide_cb, self);
}

const char *
iv_announcer_get_message (IvAnnouncer *self)
{
  g_return_val_if_fail (IV_IS_ANNOUNCER (self), NULL);

  return self->message;
}

void
iv_announce (GtkWidget          *widget,
             const char         *message,
             IvAnnouncePriority  priority)
{
  GtkRoot *root;
  GtkWindow *window;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  root = gtk_widget_get_root (widget);
  window = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
  /* Dialogs speak through the window they belong to */
  while (window != NULL)
    {
      IvAnnouncer *announcer = g_object_get_data (G_OBJECT (window), "iv-announcer");

      if (announcer != NULL)
        {
          iv_announcer_announce (announcer, message, priority);
          return;
        }
      window = gtk_window_get_transient_for (window);
    }
}

void
iv_accessible_set_error_message (GtkWidget *field,
                                 GtkWidget *error_label)
{
  GValue value = G_VALUE_INIT;

  g_return_if_fail (GTK_IS_WIDGET (field));

  if (error_label == NULL)
    {
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE);
      return;
    }

  gtk_accessible_relation_init_value (GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE, &value);
  if (G_VALUE_HOLDS_POINTER (&value))
    {
      /* A reference list: GTK keeps the GList itself (it does not copy
       * it), so it is not freed here */
      g_value_set_pointer (&value, g_list_append (NULL, error_label));
      gtk_accessible_update_relation_value (GTK_ACCESSIBLE (field), 1,
                                            (GtkAccessibleRelation[]) { GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE },
                                            &value);
    }
  else
    {
      g_value_set_object (&value, error_label);
      gtk_accessible_update_relation_value (GTK_ACCESSIBLE (field), 1,
                                            (GtkAccessibleRelation[]) { GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE },
                                            &value);
    }
  g_value_unset (&value);
}
