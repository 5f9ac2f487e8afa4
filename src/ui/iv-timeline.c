/* iv-timeline.c: the status history of an application, order or claim, step by step */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "iv-timeline.h"

struct _IvTimeline
{
  GtkWidget       parent_instance;

  IvTimelineKind  kind;
  GtkWidget      *list;
  GPtrArray      *texts;
};

G_DEFINE_FINAL_TYPE (IvTimeline, iv_timeline, GTK_TYPE_WIDGET)

const char *
iv_timeline_status_label (IvTimelineKind  kind,
                          const char     *status)
{
  switch (kind)
    {
    case IV_TIMELINE_APPLICATION:
      {
        IvApplicationStatus value;
        if (iv_application_status_from_string (status, &value))
          return iv_application_status_to_label (value);
        break;
      }
    case IV_TIMELINE_ORDER:
      {
        IvOrderStatus value;
        if (iv_order_status_from_string (status, &value))
          return iv_order_status_to_label (value);
        break;
      }
    case IV_TIMELINE_CLAIM:
      {
        IvClaimStatus value;
        if (iv_claim_status_from_string (status, &value))
          return iv_claim_status_to_label (value);
        break;
      }
    default:
      g_assert_not_reached ();
    }
  /* A status newer than this client: show the service's word */
  return status;
}

char *
iv_format_date_time (const char *rfc3339)
{
  g_autoptr(GDateTime) parsed = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (rfc3339 == NULL)
    return g_strdup ("");
  parsed = g_date_time_new_from_iso8601 (rfc3339, NULL);
  if (parsed == NULL)
    return g_strdup (rfc3339);
  local = g_date_time_to_local (parsed);
  /* xgettext:no-c-format */
  return g_date_time_format (local, _("%Y-%m-%d %H:%M"));
}

char *
iv_timeline_describe_step (IvTimelineKind  kind,
                           IvHistoryStep  *step)
{
  g_autofree char *when = NULL;
  const char *note;
  GString *text;

  g_return_val_if_fail (IV_IS_HISTORY_STEP (step), NULL);

  when = iv_format_date_time (iv_history_step_get_at (step));
  text = g_string_new (NULL);
  /* Translators: time, who acted (区级审核), the new status */
  g_string_append_printf (text, _("%s, %s: %s."), when,
                          iv_actor_to_label (iv_history_step_get_actor (step)),
                          iv_timeline_status_label (kind, iv_history_step_get_status (step)));
  note = iv_history_step_get_note (step);
  if (note != NULL && *note != '\0')
    g_string_append_printf (text, _(" Reviewer's note: %s"), note);
  return g_string_free (text, FALSE);
}

static void
iv_timeline_dispose (GObject *object)
{
  IvTimeline *self = IV_TIMELINE (object);

  g_clear_pointer (&self->list, gtk_widget_unparent);
  g_clear_pointer (&self->texts, g_ptr_array_unref);

  G_OBJECT_CLASS (iv_timeline_parent_class)->dispose (object);
}

static void
iv_timeline_class_init (IvTimelineClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = iv_timeline_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "timeline");
}

static void
iv_timeline_init (IvTimeline *self)
{
  self->texts = g_ptr_array_new_with_free_func (g_free);
  self->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->list, "boxed-list");
  gtk_widget_set_parent (self->list, GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Status history"),
                                  -1);
}

GtkWidget *
iv_timeline_new (IvTimelineKind kind)
{
  IvTimeline *self = g_object_new (IV_TYPE_TIMELINE, NULL);

  self->kind = kind;
  return GTK_WIDGET (self);
}

static GtkWidget *
make_step_row (IvTimeline    *self,
               IvHistoryStep *step,
               guint          index,
               guint          n_steps,
               char          *sentence)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title, *when, *note_label;
  g_autofree char *when_text = iv_format_date_time (iv_history_step_get_at (step));
  g_autofree char *title_text = NULL;
  g_autofree char *spoken = NULL;
  const char *note = iv_history_step_get_note (step);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  /* Step number in text, so the order is not told by position alone */
  title_text = g_strdup_printf (_("Step %u: %s — %s"), index + 1,
                                iv_timeline_status_label (self->kind, iv_history_step_get_status (step)),
                                iv_actor_to_label (iv_history_step_get_actor (step)));
  title = gtk_label_new (title_text);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (box), title);

  when = gtk_label_new (when_text);
  gtk_label_set_xalign (GTK_LABEL (when), 0);
  gtk_widget_add_css_class (when, "dim-label");
  gtk_box_append (GTK_BOX (box), when);

  if (note != NULL && *note != '\0')
    {
      g_autofree char *note_text = g_strdup_printf (_("Reviewer's note: %s"), note);

      note_label = gtk_label_new (note_text);
      gtk_label_set_xalign (GTK_LABEL (note_label), 0);
      gtk_label_set_wrap (GTK_LABEL (note_label), TRUE);
      gtk_label_set_selectable (GTK_LABEL (note_label), TRUE);
      gtk_box_append (GTK_BOX (box), note_label);
    }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  spoken = g_strdup_printf (_("Step %u of %u: %s"), index + 1, n_steps, sentence);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, spoken,
                                  -1);
  return row;
}

void
iv_timeline_set_history (IvTimeline *self,
                         GListModel *history)
{
  GtkWidget *child;
  guint n;

  g_return_if_fail (IV_IS_TIMELINE (self));

  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->list), child);
  g_ptr_array_set_size (self->texts, 0);

  if (history == NULL)
    return;

  n = g_list_model_get_n_items (history);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IvHistoryStep) step = g_list_model_get_item (history, i);
      char *sentence = iv_timeline_describe_step (self->kind, step);

      g_ptr_array_add (self->texts, sentence);
      gtk_list_box_append (GTK_LIST_BOX (self->list),
                           make_step_row (self, step, i, n, sentence));
    }
}

guint
iv_timeline_get_n_steps (IvTimeline *self)
{
  g_return_val_if_fail (IV_IS_TIMELINE (self), 0);
  return self->texts->len;
}

char *
iv_timeline_dup_step_text (IvTimeline *self,
                           guint       n)
{
  g_return_val_if_fail (IV_IS_TIMELINE (self), NULL);
  g_return_val_if_fail (n < self->texts->len, NULL);
  return g_strdup (g_ptr_array_index (self->texts, n));
}
