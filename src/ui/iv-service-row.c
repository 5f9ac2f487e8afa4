/* iv-service-row.c: one catalog service in a list
 *
 * Built by hand rather than from a template: thousands are recycled by
 * the list view, and a template per row costs start-up time.  The three
 * labels are the row's own children (no boxes), placed by the row itself
 * at a height known without shaping their text: GTK 4.8 keeps ~200 rows
 * and measures every one whose text a search changed.
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
  int        title_height;  /* one line of each, 0: measure again */
  int        detail_height;
};

/* Space around and between the lines (what a grid with margins had) */
#define PAD_X 12
#define PAD_Y 8
#define LINE_SPACING 2

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

/* Row height: the labels' line heights, measured once on a sample with
 * CJK and Latin (the fallback fonts of both) and again only when the
 * style changes (font, text size), not for every text */
static void
ensure_line_heights (IvServiceRow *self)
{
  if (self->title_height > 0)
    return;
  {
    g_autoptr(PangoLayout) title = gtk_widget_create_pango_layout (self->title_label, "国Ag");
    g_autoptr(PangoLayout) detail = gtk_widget_create_pango_layout (self->detail_label, "国Ag · ¥1");

    pango_layout_get_pixel_size (title, NULL, &self->title_height);
    pango_layout_get_pixel_size (detail, NULL, &self->detail_height);
  }
}

static void
iv_service_row_css_changed (GtkWidget         *widget,
                            GtkCssStyleChange *change)
{
  IV_SERVICE_ROW (widget)->title_height = 0;
  GTK_WIDGET_CLASS (iv_service_row_parent_class)->css_changed (widget, change);
}

static void
iv_service_row_system_setting_changed (GtkWidget       *widget,
                                       GtkSystemSetting setting)
{
  IV_SERVICE_ROW (widget)->title_height = 0;
  GTK_WIDGET_CLASS (iv_service_row_parent_class)->system_setting_changed (widget, setting);
}

/* GTK 4.8 measures the ~200 rows it keeps after every search: a fixed
 * height (two lines) and no width of its own mean no text is shaped to
 * measure a row; only the price is measured, when the row is placed */
static void
iv_service_row_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  IvServiceRow *self = IV_SERVICE_ROW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* The list gives every row its width; the text ellipsizes */
      *minimum = *natural = 3 * PAD_X;
    }
  else
    {
      ensure_line_heights (self);
      *minimum = *natural = PAD_Y + self->title_height + LINE_SPACING + self->detail_height + PAD_Y;
    }
}

static void
allocate_child (GtkWidget *child,
                gboolean   rtl,
                int        row_width,
                int        x,
                int        y,
                int        width,
                int        height)
{
  gtk_widget_size_allocate (child,
                            &(GtkAllocation) { rtl ? row_width - x - width : x, y, MAX (width, 0), height },
                            -1);
}

static void
iv_service_row_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  IvServiceRow *self = IV_SERVICE_ROW (widget);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  int price_width = 0, text_width, top;

  ensure_line_heights (self);
  gtk_widget_measure (self->price_label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &price_width, NULL, NULL);
  price_width = MIN (price_width, MAX (width / 2 - PAD_X, 0));
  text_width = width - PAD_X - PAD_X - price_width - PAD_X;
  /* Both lines centred in the row (it may be taller: min-height) */
  top = MAX ((height - (self->title_height + LINE_SPACING + self->detail_height)) / 2, 0);

  allocate_child (self->title_label, rtl, width, PAD_X, top, text_width, self->title_height);
  allocate_child (self->detail_label, rtl, width, PAD_X, top + self->title_height + LINE_SPACING,
                  text_width, self->detail_height);
  allocate_child (self->price_label, rtl, width, width - PAD_X - price_width,
                  MAX ((height - self->detail_height) / 2, 0), price_width, self->detail_height);
}

static void
iv_service_row_class_init (IvServiceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = iv_service_row_dispose;
  widget_class->measure = iv_service_row_measure;
  widget_class->size_allocate = iv_service_row_size_allocate;
  widget_class->css_changed = iv_service_row_css_changed;
  widget_class->system_setting_changed = iv_service_row_system_setting_changed;
  gtk_widget_class_set_css_name (widget_class, "servicerow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static GtkWidget *
add_label (IvServiceRow *self,
           float         xalign,
           const char   *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, css_class);
  gtk_widget_set_parent (label, GTK_WIDGET (self));
  return label;
}

static void
iv_service_row_init (IvServiceRow *self)
{
  /* Title first: it is what the row is (and the first child) */
  self->title_label = add_label (self, 0.0, "heading");
  gtk_label_set_ellipsize (GTK_LABEL (self->title_label), PANGO_ELLIPSIZE_END);
  self->detail_label = add_label (self, 0.0, "dim-label");
  gtk_label_set_ellipsize (GTK_LABEL (self->detail_label), PANGO_ELLIPSIZE_END);
  self->price_label = add_label (self, 1.0, "numeric");
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
