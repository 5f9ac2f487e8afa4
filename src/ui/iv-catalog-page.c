/* iv-catalog-page.c: the service catalog
 *
 * The catalog is public, so it is usable before signing in.  It is loaded
 * page by page from the service and searched in memory on every keystroke
 * (no search delay: results must follow within 50 ms).  Searching is kept
 * in one function, run_search(), so that it can move onto the offline
 * store's search when that is wired in.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "iv-announcer.h"
#include "iv-application.h"
#include "iv-catalog-page.h"
#include "iv-order-dialog.h"
#include "iv-service-row.h"

#define PAGE_LIMIT 500

/* Price filter choices, in fen; -1 = no bound */
static const struct {
  const char *label;
  gint64      min_fen;
  gint64      max_fen;
} price_ranges[] = {
  { N_("Any price"), -1, -1 },
  { N_("Up to ¥1,000"), 0, 100000 },
  { N_("¥1,000 to ¥5,000"), 100000, 500000 },
  { N_("¥5,000 to ¥20,000"), 500000, 2000000 },
  { N_("Over ¥20,000"), 2000000, -1 },
};

struct _IvCatalogPage
{
  AdwBin        parent_instance;

  GtkWidget    *page_stack;
  GtkWidget    *search_entry;
  GtkWidget    *category_dropdown;
  GtkWidget    *district_dropdown;
  GtkWidget    *accreditation_dropdown;
  GtkWidget    *price_dropdown;
  GtkWidget    *status_label;
  GtkWidget    *list_stack;
  GtkWidget    *error_status;
  GtkWidget    *list_view;
  GtkWidget    *detail_title;
  GtkWidget    *detail_price;
  GtkWidget    *detail_description;
  GtkWidget    *institution_row;
  GtkWidget    *category_row;
  GtkWidget    *address_row;
  GtkWidget    *phone_row;
  GtkWidget    *accreditation_row;
  GtkWidget    *order_button;
  GtkWidget    *order_hint;
  GtkWidget    *back_button;

  GPtrArray    *services;       /* every IvService loaded */
  GHashTable   *institutions;   /* id → IvInstitution */
  GListStore   *results;
  GtkStringList *districts;
  GDateTime    *loaded_at;
  IvService    *current;
  gboolean      loading;
  gboolean      loaded;

  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (IvCatalogPage, iv_catalog_page, ADW_TYPE_BIN)

static void load_services (IvCatalogPage *self, const char *cursor);

static IvApplication *
get_app (void)
{
  GApplication *app = g_application_get_default ();

  return IV_IS_APPLICATION (app) ? IV_APPLICATION (app) : NULL;
}

static const char *
institution_name (IvCatalogPage *self,
                  IvService     *service)
{
  IvInstitution *inst = g_hash_table_lookup (self->institutions,
                                             iv_service_get_institution_id (service));

  return inst != NULL ? iv_institution_get_name (inst) : NULL;
}

static char *
format_date_time_chinese (GDateTime *dt)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (dt);

  /* TRANSLATORS: a date and time, strftime format: 2026年11月28日 16:20 */
  return g_date_time_format (local, _("%Y-%m-%d %H:%M"));
}

/* Search -------------------------------------------------------------- */

static const char *
selected_string (GtkWidget *dropdown)
{
  GObject *item = gtk_drop_down_get_selected_item (GTK_DROP_DOWN (dropdown));

  return item != NULL ? gtk_string_object_get_string (GTK_STRING_OBJECT (item)) : NULL;
}

static gboolean
contains (const char *haystack,
          const char *needle)
{
  return haystack != NULL && strstr (haystack, needle) != NULL;
}

static gboolean
matches (IvCatalogPage *self,
         IvService     *service,
         const char    *query,
         const char    *category,
         const char    *district,
         const char    *accreditation,
         guint          price_index)
{
  IvInstitution *inst = g_hash_table_lookup (self->institutions,
                                             iv_service_get_institution_id (service));

  if (category != NULL && g_strcmp0 (iv_service_get_category (service), category) != 0)
    return FALSE;
  if (district != NULL && (inst == NULL || g_strcmp0 (iv_institution_get_district (inst), district) != 0))
    return FALSE;
  if (accreditation != NULL &&
      (inst == NULL || !g_strv_contains (iv_institution_get_accreditations (inst), accreditation)))
    return FALSE;
  if (price_index > 0)
    {
      gint64 price = iv_service_get_price_fen (service);

      /* 面议 has no price to compare: left out of any range */
      if (price < 0)
        return FALSE;
      if (price_ranges[price_index].min_fen >= 0 && price < price_ranges[price_index].min_fen)
        return FALSE;
      if (price_ranges[price_index].max_fen >= 0 && price > price_ranges[price_index].max_fen)
        return FALSE;
    }
  if (*query == '\0')
    return TRUE;

  return contains (iv_service_get_title (service), query) ||
         contains (iv_service_get_description (service), query) ||
         (inst != NULL && (contains (iv_institution_get_name (inst), query) ||
                           contains (iv_institution_get_district (inst), query))) ||
         contains (iv_category_code_to_label (iv_service_get_category (service)), query);
}

static void
update_status (IvCatalogPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->results));
  g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u service", "%u services", n), n);

  if (self->loaded_at != NULL)
    {
      g_autofree char *when = format_date_time_chinese (self->loaded_at);
      /* TRANSLATORS: "12 services · data updated 2026年11月28日 16:20" */
      g_autofree char *text = g_strdup_printf (_("%s · Data updated %s"), count, when);

      gtk_label_set_label (GTK_LABEL (self->status_label), text);
    }
  else
    gtk_label_set_label (GTK_LABEL (self->status_label), count);
}

static void
run_search (IvCatalogPage *self)
{
  g_autofree char *query = NULL;
  const char *category = NULL;
  const char *district = NULL;
  const char *accreditation = NULL;
  guint category_index, district_index, accreditation_index, price_index;
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  if (!self->loaded)
    return;

  query = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  category_index = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->category_dropdown));
  if (category_index != GTK_INVALID_LIST_POSITION && category_index > 0)
    category = iv_category_codes ()[category_index - 1];
  district_index = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->district_dropdown));
  if (district_index != GTK_INVALID_LIST_POSITION && district_index > 0)
    district = selected_string (self->district_dropdown);
  accreditation_index = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->accreditation_dropdown));
  if (accreditation_index != GTK_INVALID_LIST_POSITION && accreditation_index > 0)
    accreditation = selected_string (self->accreditation_dropdown);
  price_index = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->price_dropdown));
  if (price_index == GTK_INVALID_LIST_POSITION)
    price_index = 0;

  for (guint i = 0; i < self->services->len; i++)
    {
      IvService *service = g_ptr_array_index (self->services, i);

      if (matches (self, service, query, category, district, accreditation, price_index))
        g_ptr_array_add (found, service);
    }

  g_list_store_splice (self->results, 0, g_list_model_get_n_items (G_LIST_MODEL (self->results)),
                       found->pdata, found->len);
  gtk_stack_set_visible_child_name (GTK_STACK (self->list_stack), found->len > 0 ? "list" : "empty");
  update_status (self);
}

static void
search_changed_cb (IvCatalogPage *self)
{
  run_search (self);
}

static void
filter_changed_cb (IvCatalogPage *self)
{
  run_search (self);
}

static void
search_activate_cb (IvCatalogPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->results));
  g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u service found",
                                                           "%u services found", n), n);

  /* Enter in the search field: say how many, then go to the list */
  iv_announce (GTK_WIDGET (self), message, IV_ANNOUNCE_POLITE);
  if (n > 0)
    gtk_widget_child_focus (self->list_view, GTK_DIR_TAB_FORWARD);
}

/* Loading ------------------------------------------------------------- */

static void
show_error (IvCatalogPage *self,
            const GError  *error)
{
  g_autofree char *message = iv_api_error_to_user_message (error);

  self->loading = FALSE;
  adw_status_page_set_description (ADW_STATUS_PAGE (self->error_status), message);
  gtk_stack_set_visible_child_name (GTK_STACK (self->list_stack), "error");
  iv_announce (GTK_WIDGET (self), message, IV_ANNOUNCE_ASSERTIVE);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
fill_districts (IvCatalogPage *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->institutions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const char *district = iv_institution_get_district (value);

      if (district != NULL && g_hash_table_add (seen, (gpointer) district))
        g_ptr_array_add (names, (gpointer) district);
    }
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);
  gtk_string_list_splice (self->districts, 1,
                          g_list_model_get_n_items (G_LIST_MODEL (self->districts)) - 1,
                          (const char * const *) names->pdata);
}

static void
services_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  IvCatalogPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(IvApiResponse) response = NULL;
  IvListPage *page;

  response = iv_api_client_list_services_finish (IV_API_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (response == NULL)
    {
      show_error (self, error);
      return;
    }

  page = IV_LIST_PAGE (iv_api_response_get_object (response));
  for (guint i = 0; i < iv_list_page_get_n_items (page); i++)
    g_ptr_array_add (self->services, g_object_ref (iv_list_page_get_item (page, i)));

  if (iv_list_page_get_next_cursor (page) != NULL)
    {
      load_services (self, iv_list_page_get_next_cursor (page));
      return;
    }

  self->loading = FALSE;
  self->loaded = TRUE;
  g_clear_pointer (&self->loaded_at, g_date_time_unref);
  self->loaded_at = g_date_time_new_now_utc ();
  fill_districts (self);
  run_search (self);
}

static void
load_services (IvCatalogPage *self,
               const char    *cursor)
{
  IvApplication *app = get_app ();

  iv_api_client_list_services_async (iv_application_get_api_client (app), -1, cursor, PAGE_LIMIT,
                                     NULL, self->cancellable, services_loaded_cb, self);
}

static void load_institutions (IvCatalogPage *self, const char *cursor);

static void
institutions_loaded_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  IvCatalogPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(IvApiResponse) response = NULL;
  IvListPage *page;

  response = iv_api_client_list_institutions_finish (IV_API_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (response == NULL)
    {
      show_error (self, error);
      return;
    }

  page = IV_LIST_PAGE (iv_api_response_get_object (response));
  for (guint i = 0; i < iv_list_page_get_n_items (page); i++)
    {
      IvInstitution *inst = iv_list_page_get_item (page, i);

      g_hash_table_replace (self->institutions, g_strdup (iv_institution_get_id (inst)),
                            g_object_ref (inst));
    }

  if (iv_list_page_get_next_cursor (page) != NULL)
    load_institutions (self, iv_list_page_get_next_cursor (page));
  else
    load_services (self, NULL);
}

static void
load_institutions (IvCatalogPage *self,
                   const char    *cursor)
{
  IvApplication *app = get_app ();

  iv_api_client_list_institutions_async (iv_application_get_api_client (app), -1, cursor, PAGE_LIMIT,
                                         NULL, self->cancellable, institutions_loaded_cb, self);
}

/* Detail -------------------------------------------------------------- */

static void
show_detail (IvCatalogPage *self,
             IvService     *service)
{
  IvInstitution *inst = g_hash_table_lookup (self->institutions,
                                             iv_service_get_institution_id (service));
  g_autofree char *price = iv_service_format_price (service);
  const char *note = iv_service_get_price_note (service);
  IvApplication *app = get_app ();
  gboolean signed_in = app != NULL && iv_application_get_signed_in (app);
  gboolean accepts = inst == NULL || iv_institution_get_accepts_vouchers (inst);

  g_set_object (&self->current, service);

  gtk_label_set_label (GTK_LABEL (self->detail_title), iv_service_get_title (service));
  if (note != NULL && *note != '\0')
    {
      g_autofree char *with_note = g_strdup_printf ("%s（%s）", price, note);
      gtk_label_set_label (GTK_LABEL (self->detail_price), with_note);
    }
  else
    gtk_label_set_label (GTK_LABEL (self->detail_price), price);
  gtk_label_set_label (GTK_LABEL (self->detail_description), iv_service_get_description (service));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->institution_row),
                               inst != NULL ? iv_institution_get_name (inst) : _("Unknown institution"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->category_row),
                               iv_category_code_to_label (iv_service_get_category (service)));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->address_row),
                               inst != NULL ? iv_institution_get_address (inst) : "");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->phone_row),
                               inst != NULL ? iv_institution_get_phone (inst) : "");
  {
    const char * const *accs = inst != NULL ? iv_institution_get_accreditations (inst) : NULL;
    g_autofree char *joined = accs != NULL && accs[0] != NULL ? g_strjoinv ("、", (char **) accs)
                                                               : g_strdup (_("None"));

    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->accreditation_row), joined);
  }

  gtk_widget_set_sensitive (self->order_button, signed_in && accepts);
  gtk_widget_set_visible (self->order_hint, !signed_in || !accepts);
  gtk_label_set_label (GTK_LABEL (self->order_hint),
                       !accepts ? _("This institution does not accept innovation vouchers.")
                                : _("Sign in to book this service with a voucher."));

  gtk_stack_set_visible_child_name (GTK_STACK (self->page_stack), "detail");
  /* The first thing to do here is to book; else the way back */
  gtk_widget_grab_focus (gtk_widget_get_sensitive (self->order_button) ? self->order_button
                                                                       : self->back_button);
}

static void
list_activate_cb (IvCatalogPage *self,
                  guint          position)
{
  g_autoptr(IvService) service = g_list_model_get_item (G_LIST_MODEL (self->results), position);

  if (service != NULL)
    show_detail (self, service);
}

static void
back_clicked_cb (IvCatalogPage *self)
{
  gtk_stack_set_visible_child_name (GTK_STACK (self->page_stack), "browse");
  gtk_widget_grab_focus (self->search_entry);
}

static void
order_clicked_cb (IvCatalogPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  IvInstitution *inst;
  GtkWidget *dialog;

  if (self->current == NULL)
    return;

  inst = g_hash_table_lookup (self->institutions, iv_service_get_institution_id (self->current));
  dialog = iv_order_dialog_new (self->current, inst);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  iv_order_dialog_load (IV_ORDER_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
retry_clicked_cb (IvCatalogPage *self)
{
  iv_catalog_page_reload (self);
}

/* List items ------------------------------------------------------------ */

static void
setup_item_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  gtk_list_item_set_child (item, iv_service_row_new ());
}

static void
bind_item_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              IvCatalogPage            *self)
{
  IvService *service = gtk_list_item_get_item (item);
  IvServiceRow *row = IV_SERVICE_ROW (gtk_list_item_get_child (item));

  iv_service_row_set_service (row, service, institution_name (self, service));
#if GTK_CHECK_VERSION (4, 12, 0)
  gtk_list_item_set_accessible_label (item, iv_service_row_get_sentence (row));
#endif
}

static void
unbind_item_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  iv_service_row_set_service (IV_SERVICE_ROW (gtk_list_item_get_child (item)), NULL, NULL);
}

/* GObject ---------------------------------------------------------------- */

static gboolean
escape_cb (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  IvCatalogPage *self = IV_CATALOG_PAGE (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (self->page_stack)), "detail") != 0)
    return FALSE;
  back_clicked_cb (self);
  return TRUE;
}

static void
iv_catalog_page_map (GtkWidget *widget)
{
  IvCatalogPage *self = IV_CATALOG_PAGE (widget);

  GTK_WIDGET_CLASS (iv_catalog_page_parent_class)->map (widget);

  /* Loaded when first shown, not at start-up */
  if (!self->loaded && !self->loading && get_app () != NULL)
    iv_catalog_page_reload (self);
}

static void
iv_catalog_page_dispose (GObject *object)
{
  IvCatalogPage *self = IV_CATALOG_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), IV_TYPE_CATALOG_PAGE);
  g_clear_pointer (&self->services, g_ptr_array_unref);
  g_clear_pointer (&self->institutions, g_hash_table_unref);
  g_clear_pointer (&self->loaded_at, g_date_time_unref);
  g_clear_object (&self->results);
  g_clear_object (&self->districts);
  g_clear_object (&self->current);

  G_OBJECT_CLASS (iv_catalog_page_parent_class)->dispose (object);
}

static void
iv_catalog_page_class_init (IvCatalogPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = iv_catalog_page_dispose;
  widget_class->map = iv_catalog_page_map;

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, escape_cb, NULL);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/iv-catalog-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, IvCatalogPage, name)
  BIND (page_stack);
  BIND (search_entry);
  BIND (category_dropdown);
  BIND (district_dropdown);
  BIND (accreditation_dropdown);
  BIND (price_dropdown);
  BIND (status_label);
  BIND (list_stack);
  BIND (error_status);
  BIND (list_view);
  BIND (detail_title);
  BIND (detail_price);
  BIND (detail_description);
  BIND (institution_row);
  BIND (category_row);
  BIND (address_row);
  BIND (phone_row);
  BIND (accreditation_row);
  BIND (order_button);
  BIND (order_hint);
  BIND (back_button);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, order_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
}

static void
iv_catalog_page_init (IvCatalogPage *self)
{
  g_autoptr(GtkStringList) categories = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) accreditations = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) prices = gtk_string_list_new (NULL);
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->services = g_ptr_array_new_with_free_func (g_object_unref);
  self->institutions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->results = g_list_store_new (IV_TYPE_SERVICE);

  gtk_string_list_append (categories, _("All categories"));
  for (const char * const *code = iv_category_codes (); *code != NULL; code++)
    gtk_string_list_append (categories, iv_category_code_to_label (*code));
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->category_dropdown), G_LIST_MODEL (categories));

  self->districts = gtk_string_list_new (NULL);
  gtk_string_list_append (self->districts, _("All districts"));
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->district_dropdown), G_LIST_MODEL (self->districts));

  gtk_string_list_append (accreditations, _("Any accreditation"));
  gtk_string_list_append (accreditations, "CMA");
  gtk_string_list_append (accreditations, "CNAS");
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->accreditation_dropdown), G_LIST_MODEL (accreditations));

  for (guint i = 0; i < G_N_ELEMENTS (price_ranges); i++)
    gtk_string_list_append (prices, _(price_ranges[i].label));
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->price_dropdown), G_LIST_MODEL (prices));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_item_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_item_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_item_cb), self);
  gtk_list_view_set_factory (GTK_LIST_VIEW (self->list_view), factory);
  g_object_unref (factory);
  {
    g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->results)));

    gtk_list_view_set_model (GTK_LIST_VIEW (self->list_view), GTK_SELECTION_MODEL (selection));
  }
}

GtkWidget *
iv_catalog_page_new (void)
{
  return g_object_new (IV_TYPE_CATALOG_PAGE, NULL);
}

void
iv_catalog_page_focus_search (IvCatalogPage *self)
{
  g_return_if_fail (IV_IS_CATALOG_PAGE (self));

  gtk_stack_set_visible_child_name (GTK_STACK (self->page_stack), "browse");
  gtk_widget_grab_focus (self->search_entry);
}

void
iv_catalog_page_reload (IvCatalogPage *self)
{
  g_return_if_fail (IV_IS_CATALOG_PAGE (self));

  if (get_app () == NULL || self->loading)
    return;

  self->loading = TRUE;
  g_ptr_array_set_size (self->services, 0);
  g_hash_table_remove_all (self->institutions);
  if (!self->loaded)
    gtk_stack_set_visible_child_name (GTK_STACK (self->list_stack), "loading");
  self->loaded = FALSE;
  load_institutions (self, NULL);
}

GListModel *
iv_catalog_page_get_results (IvCatalogPage *self)
{
  g_return_val_if_fail (IV_IS_CATALOG_PAGE (self), NULL);

  return G_LIST_MODEL (self->results);
}
