/* iv-service-row.c: one catalog service in a list
 *
 * Built by hand rather than from a template: thousands are recycled by
 * the list view, and a template per row costs start-up time.  The three
 * labels are the row's own children in a grid layout (no boxes): GTK 4.8
 * builds ~200 rows at once, each widget counts.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "iv-service-row.h"

struct _IvServiceRow
{
  GtkWidget  parent_instance;

  GtkWidget *title_label;
  GtkWidget *detail_label;
  GtkWidget *price_label;
  char      *sentence;
};

G_DEFINE_FINAL_TYPE (IvServiceRow, iv_service_row, GTK_TYPE_WIDGET)

char *
iv_service_format_price (IvService *service)
{
  gint64 price = iv_service_get_price_fen (service);
  g_autofree char *amount = NULL;
  const char *unit;

  if (price < 0)
    return g_strdup (_("Negotiable"));

  amount = iv_money_format (price);
  unit = iv_service_get_unit (service);
  if (unit != NULL && *unit != '\0')
    /* TRANSLATORS: price per unit, e.g. ¥1,200.00/样 */
    return g_strdup_printf (_("%s/%s"), amount, unit);
  return g_steal_pointer (&amount);
}

char *
iv_service_describe (IvService  *service,
                     const char *institution_name)
{
  g_autofree char *price = iv_service_format_price (service);

  /* TRANSLATORS: title, institution, category, price of a service */
  return g_strdup_printf (_("%s, %s, %s, %s"),
                          iv_service_get_title (service),
                          institution_name != NULL ? institution_name : _("Unknown institution"),
                          iv_category_code_to_label (iv_service_get_category (service)),
                          price);
}

static void
iv_service_row_dispose (GObject *object)
{
  IvServiceRow *self = IV_SERVICE_ROW (object);

  g_clear_pointer (&self->title_label, gtk_widget_unparent);
  g_clear_pointer (&self->detail_label, gtk_widget_unparent);
  g_clear_pointer (&self->price_label, gtk_widget_unparent);
  g_clear_pointer (&self->sentence, g_free);

  G_OBJECT_CLASS (iv_service_row_parent_class)->dispose (object);
}

static void
iv_service_row_class_init (IvServiceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = iv_service_row_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_GRID_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "servicerow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
place (GtkWidget *child,
       int        column,
       int        row,
       int        row_span)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (gtk_widget_get_parent (child));
  GtkLayoutChild *layout_child = gtk_layout_manager_get_layout_child (layout, child);

  gtk_grid_layout_child_set_column (GTK_GRID_LAYOUT_CHILD (layout_child), column);
  gtk_grid_layout_child_set_row (GTK_GRID_LAYOUT_CHILD (layout_child), row);
  gtk_grid_layout_child_set_row_span (GTK_GRID_LAYOUT_CHILD (layout_child), row_span);
}

static void
iv_service_row_init (IvServiceRow *self)
{
  GtkGridLayout *layout = GTK_GRID_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self)));

  gtk_grid_layout_set_column_spacing (layout, 12);
  gtk_grid_layout_set_row_spacing (layout, 2);
  /* The 8/12 px around the text are the labels' margins: the row's
   * min-height in style.css counts them, as it did with a box */

  /* Title first: it is what the row is (and the first child) */
  self->title_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->title_label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (self->title_label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (self->title_label, TRUE);
  gtk_widget_set_margin_top (self->title_label, 8);
  gtk_widget_set_margin_start (self->title_label, 12);
  gtk_widget_add_css_class (self->title_label, "heading");
  gtk_widget_set_parent (self->title_label, GTK_WIDGET (self));
  place (self->title_label, 0, 0, 1);

  self->detail_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->detail_label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (self->detail_label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_bottom (self->detail_label, 8);
  gtk_widget_set_margin_start (self->detail_label, 12);
  gtk_widget_add_css_class (self->detail_label, "dim-label");
  gtk_widget_set_parent (self->detail_label, GTK_WIDGET (self));
  place (self->detail_label, 0, 1, 1);

  self->price_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->price_label), 1.0);
  gtk_widget_set_valign (self->price_label, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (self->price_label, 8);
  gtk_widget_set_margin_bottom (self->price_label, 8);
  gtk_widget_set_margin_end (self->price_label, 12);
  gtk_widget_add_css_class (self->price_label, "numeric");
  gtk_widget_set_parent (self->price_label, GTK_WIDGET (self));
  place (self->price_label, 1, 0, 2);
}

GtkWidget *
iv_service_row_new (void)
{
  return g_object_new (IV_TYPE_SERVICE_ROW, NULL);
}

void
iv_service_row_set_service (IvServiceRow *self,
                            IvService    *service,
                            const char   *institution_name)
{
  g_return_if_fail (IV_IS_SERVICE_ROW (self));

  g_clear_pointer (&self->sentence, g_free);
  if (service == NULL)
    {
      gtk_label_set_label (GTK_LABEL (self->title_label), "");
      gtk_label_set_label (GTK_LABEL (self->detail_label), "");
      gtk_label_set_label (GTK_LABEL (self->price_label), "");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);
      return;
    }

  {
    g_autofree char *price = iv_service_format_price (service);
    g_autofree char *detail = NULL;

    /* TRANSLATORS: institution · category under a service's title */
    detail = g_strdup_printf (_("%s · %s"),
                              institution_name != NULL ? institution_name : _("Unknown institution"),
                              iv_category_code_to_label (iv_service_get_category (service)));
    gtk_label_set_label (GTK_LABEL (self->title_label), iv_service_get_title (service));
    gtk_label_set_label (GTK_LABEL (self->detail_label), detail);
    gtk_label_set_label (GTK_LABEL (self->price_label), price);
  }

  self->sentence = iv_service_describe (service, institution_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->sentence,
                                  -1);
}

const char *
iv_service_row_get_sentence (IvServiceRow *self)
{
  g_return_val_if_fail (IV_IS_SERVICE_ROW (self), NULL);

  return self->sentence;
}
