/* iv-catalog-page.c: the service catalog
 *
 * The catalog is public, so it is usable before signing in, and it is
 * read from the offline store into a lazy list model, so it works offline
 * and with 100,000 services.  There is no search delay (results must
 * follow within 50 ms): a keystroke queues the search for the next frame,
 * so the keys typed within one frame cost one search and the results are
 * painted in that same frame.  The sync manager refreshes the store
 * behind it ("changed" "catalog").
 */
#include "config.h"

#include <glib/gi18n.h>

#include "iv-announcer.h"
#include "iv-application.h"
#include "iv-catalog-page.h"
#include "iv-catalog-results.h"
#include "iv-order-dialog.h"
#include "iv-service-row.h"

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

  GHashTable   *institutions;   /* id → IvInstitution, read from the cache once */
  IvCatalogResults *results;
  GListModel   *empty;          /* before the store is known */
  GtkStringList *districts;
  IvService    *current;
  IvSyncManager *sync;
  gulong        changed_id;
  gboolean      syncing;
  gboolean      stale;
  gboolean      first_fill;     /* the cache was empty when the sync started */
  guint         search_tick_id; /* a search is queued for the next frame */
  gboolean      showed_loading; /* ... and the loading state was painted first */
  gboolean      searched;       /* a search ran since the store was set */
  guint64       searched_generation; /* the catalog that search saw */
  char         *searched_key;   /* its text and filters */

  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (IvCatalogPage, iv_catalog_page, ADW_TYPE_BIN)

static IvApplication *
get_app (void)
{
  GApplication *app = g_application_get_default ();

  return IV_IS_APPLICATION (app) ? IV_APPLICATION (app) : NULL;
}

static IvCacheDb *
get_cache (IvCatalogPage *self)
{
  return self->sync != NULL ? iv_sync_manager_get_cache (self->sync) : NULL;
}

static IvInstitution *
lookup_institution (IvCatalogPage *self,
                    const char    *id)
{
  IvInstitution *inst = g_hash_table_lookup (self->institutions, id);

  if (inst == NULL && get_cache (self) != NULL)
    {
      inst = iv_cache_db_get_institution (get_cache (self), id, NULL);
      if (inst != NULL)
        g_hash_table_insert (self->institutions, g_strdup (id), inst);
    }
  return inst;
}

static const char *
institution_name (IvCatalogPage *self,
                  IvService     *service)
{
  IvInstitution *inst = lookup_institution (self, iv_service_get_institution_id (service));

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

static void
update_status (IvCatalogPage *self)
{
  guint n = self->results != NULL ? iv_catalog_results_get_total (self->results) : 0;
  g_autofree char *count = NULL;
  gint64 updated_at = 0;

  /* Every match is in the list (it is lazy): no "first N shown" */
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u service", "%u services", n), n);

  if (get_cache (self) != NULL &&
      iv_cache_db_get_resource (get_cache (self), "/v1/catalog/categories", NULL, &updated_at) &&
      updated_at > 0)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (updated_at / G_USEC_PER_SEC);
      g_autofree char *when = format_date_time_chinese (dt);
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
  g_autofree char *text = NULL;
  g_autoptr(IvCatalogQuery) query = NULL;
  g_autoptr(GError) error = NULL;
  guint category_index, district_index, accreditation_index, price_index;
  gint64 t0;

  if (self->results == NULL || get_cache (self) == NULL)
    return;
  /* During the very first fill the store indexes in bulk: searching now
   * would block; the results come when the sync ends */
  if (self->syncing && self->first_fill)
    {
      gtk_stack_set_visible_child_name (GTK_STACK (self->list_stack), "loading");
      return;
    }

  query = iv_catalog_query_new ();
  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  iv_catalog_query_set_text (query, text);
  category_index = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->category_dropdown));
  if (category_index != GTK_INVALID_LIST_POSITION && category_index > 0)
    iv_catalog_query_set_category (query, iv_category_codes ()[category_index - 1]);
  district_index = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->district_dropdown));
  if (district_index != GTK_INVALID_LIST_POSITION && district_index > 0)
    iv_catalog_query_set_district (query, selected_string (self->district_dropdown));
  accreditation_index = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->accreditation_dropdown));
  if (accreditation_index == 1)
    iv_catalog_query_set_accreditations (query, IV_ACCREDITATION_CMA);
  else if (accreditation_index == 2)
    iv_catalog_query_set_accreditations (query, IV_ACCREDITATION_CNAS);
  price_index = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->price_dropdown));
  if (price_index != GTK_INVALID_LIST_POSITION && price_index > 0)
    iv_catalog_query_set_price_range (query, price_ranges[price_index].min_fen,
                                      price_ranges[price_index].max_fen);

  t0 = g_get_monotonic_time ();
  if (!iv_catalog_results_set_query (self->results, query, &error))
    {
      g_warning ("Catalog search failed: %s", error->message);
      return;
    }
  self->searched = TRUE;
  self->searched_generation = iv_cache_db_get_catalog_generation (get_cache (self));
  {
    g_autofree char *key = g_strdup_printf ("%s\x1f%u\x1f%u\x1f%u\x1f%u", text, category_index, district_index,
                                            accreditation_index, price_index);

    /* A new search starts at the top (the list keeps its rows, their
     * slots show the new results, so it would keep the scroll position); a refresh of
     * the same search from the sync does not move the user */
    if (g_strcmp0 (key, self->searched_key) != 0)
      {
        GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view));

        if (adj != NULL)
          gtk_adjustment_set_value (adj, 0);
        g_free (self->searched_key);
        self->searched_key = g_steal_pointer (&key);
      }
  }
  g_debug ("Catalog search “%s”: %u results in %.1f ms, %u pages read", text,
           g_list_model_get_n_items (G_LIST_MODEL (self->results)),
           (g_get_monotonic_time () - t0) / 1000.0,
           iv_catalog_results_get_n_page_reads (self->results));

  if (g_list_model_get_n_items (G_LIST_MODEL (self->results)) > 0)
    gtk_stack_set_visible_child_name (GTK_STACK (self->list_stack), "list");
  else if (iv_cache_db_count_services (get_cache (self)) == 0)
    gtk_stack_set_visible_child_name (GTK_STACK (self->list_stack), self->syncing ? "loading" : "error");
  else
    gtk_stack_set_visible_child_name (GTK_STACK (self->list_stack), "empty");
  update_status (self);
}

static void
cancel_queued_search (IvCatalogPage *self)
{
  if (self->search_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->search_tick_id);
  self->search_tick_id = 0;
  self->showed_loading = FALSE;
}

static gboolean
focus_in_list (IvCatalogPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && gtk_widget_is_ancestor (focus, self->list_stack);
}

static gboolean
search_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  IvCatalogPage *self = IV_CATALOG_PAGE (widget);

  /* The first search after the catalog changed rebuilds the store's
   * search table (a few hundred ms at 100,000 services): paint the
   * loading state first rather than freeze on the old results; not while
   * someone is in the list (hiding it would take their focus away) */
  if (!self->showed_loading && get_cache (self) != NULL && !focus_in_list (self) &&
      (!self->searched ||
       iv_cache_db_get_catalog_generation (get_cache (self)) != self->searched_generation) &&
      !(self->syncing && self->first_fill))
    {
      self->showed_loading = TRUE;
      gtk_stack_set_visible_child_name (GTK_STACK (self->list_stack), "loading");
      return G_SOURCE_CONTINUE;
    }

  self->search_tick_id = 0;
  self->showed_loading = FALSE;
  run_search (self);
  return G_SOURCE_REMOVE;
}

/* At most one search per frame, run just before the frame is laid out */
static void
queue_search (IvCatalogPage *self)
{
  if (self->results == NULL || get_cache (self) == NULL)
    return;
  if (self->search_tick_id == 0)
    self->search_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), search_tick_cb, NULL, NULL);
}

/* A queued search now: Enter must count the results of what was typed */
static void
flush_search (IvCatalogPage *self)
{
  if (self->search_tick_id == 0)
    return;
  cancel_queued_search (self);
  run_search (self);
}

static void
search_changed_cb (IvCatalogPage *self)
{
  queue_search (self);
}

static void
filter_changed_cb (IvCatalogPage *self)
{
  queue_search (self);
}

static void
search_activate_cb (IvCatalogPage *self)
{
  guint n;
  g_autofree char *message = NULL;

  flush_search (self);
  n = self->results != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->results)) : 0;
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u service found",
                                          "%u services found", n), n);

  /* Enter in the search field: say how many, then go to the list */
  iv_announce (GTK_WIDGET (self), message, IV_ANNOUNCE_POLITE);
  if (n > 0)
    gtk_widget_child_focus (self->list_view, GTK_DIR_TAB_FORWARD);
}

/* Loading ------------------------------------------------------------- */

static void
show_error (IvCatalogPage *self,
            const char    *message)
{
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
  g_autoptr(GPtrArray) institutions = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->district_dropdown));
  g_autofree char *selected_name = NULL;

  if (get_cache (self) == NULL)
    return;
  institutions = iv_cache_db_list_institutions (get_cache (self), NULL);
  if (institutions == NULL)
    return;
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0)
    selected_name = g_strdup (selected_string (self->district_dropdown));

  g_hash_table_remove_all (self->institutions);
  for (guint i = 0; i < institutions->len; i++)
    {
      IvInstitution *inst = g_ptr_array_index (institutions, i);
      const char *district = iv_institution_get_district (inst);

      g_hash_table_insert (self->institutions, g_strdup (iv_institution_get_id (inst)), g_object_ref (inst));
      if (district != NULL && g_hash_table_add (seen, (gpointer) district))
        g_ptr_array_add (names, (gpointer) district);
    }
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);
  g_signal_handlers_block_by_func (self->district_dropdown, filter_changed_cb, self);
  gtk_string_list_splice (self->districts, 1,
                          g_list_model_get_n_items (G_LIST_MODEL (self->districts)) - 1,
                          (const char * const *) names->pdata);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->district_dropdown), 0);
  for (guint i = 0; selected_name != NULL && names->pdata[i] != NULL; i++)
    if (g_strcmp0 (names->pdata[i], selected_name) == 0)
      gtk_drop_down_set_selected (GTK_DROP_DOWN (self->district_dropdown), i + 1);
  g_signal_handlers_unblock_by_func (self->district_dropdown, filter_changed_cb, self);
}

static void
catalog_synced_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  IvCatalogPage *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!iv_sync_manager_sync_catalog_finish (IV_SYNC_MANAGER (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->syncing = FALSE;
  self->first_fill = FALSE;
  fill_districts (self);
  queue_search (self);
  if (error == NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    iv_announce (GTK_WIDGET (self), _("Catalog updated"), IV_ANNOUNCE_POLITE);
  if (error != NULL && get_cache (self) != NULL && iv_cache_db_count_services (get_cache (self)) == 0)
    {
      g_autofree char *message = iv_api_error_to_user_message (error);
      show_error (self, message);
    }
}

static void
sync_changed_cb (IvSyncManager *sync,
                 const char    *what,
                 IvCatalogPage *self)
{
  if (g_strcmp0 (what, "catalog") != 0)
    return;
  /* A hidden catalog catches up when shown (map → reload); during a full
   * sync the list is filled once at its end (catalog_synced_cb) */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) || self->syncing)
    {
      self->stale = TRUE;
      return;
    }
  fill_districts (self);
  queue_search (self);
}

static void
set_sync_manager (IvCatalogPage *self,
                  IvSyncManager *sync)
{
  IvApplication *app = get_app ();

  if (self->sync == sync)
    return;
  if (self->sync != NULL)
    g_clear_signal_handler (&self->changed_id, self->sync);
  g_set_object (&self->sync, sync);
  cancel_queued_search (self);
  self->searched = FALSE;
  g_clear_object (&self->results);
  g_hash_table_remove_all (self->institutions);

  if (sync != NULL && app != NULL && iv_application_get_catalog_search (app) != NULL)
    {
      self->results = iv_catalog_results_new (iv_application_get_catalog_search (app));
      self->changed_id = g_signal_connect (sync, "changed", G_CALLBACK (sync_changed_cb), self);
    }

  {
    g_autoptr(GtkNoSelection) selection =
      gtk_no_selection_new (g_object_ref (self->results != NULL ? G_LIST_MODEL (self->results) : self->empty));

    gtk_list_view_set_model (GTK_LIST_VIEW (self->list_view), GTK_SELECTION_MODEL (selection));
  }
}

static void
sync_manager_changed_cb (IvApplication *app,
                         GParamSpec    *pspec,
                         IvCatalogPage *self)
{
  set_sync_manager (self, iv_application_get_sync_manager (app));
  iv_catalog_page_reload (self);
}

/* Detail -------------------------------------------------------------- */

static void
show_detail (IvCatalogPage *self,
             IvService     *service)
{
  IvInstitution *inst = lookup_institution (self, iv_service_get_institution_id (service));
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
  g_autoptr(IvService) service = self->results != NULL ? iv_catalog_results_get_service (self->results, position)
                                                        : NULL;

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

  inst = lookup_institution (self, iv_service_get_institution_id (self->current));
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
               IvCatalogPage            *self)
{
  gtk_list_item_set_child (item, iv_service_row_new ());
  /* Not a reference: the page owns the list view and its items */
  g_object_set_data (G_OBJECT (item), "iv-catalog-page", self);
}

/* Shows the slot's service in the row, labels and accessible sentence */
static void
update_item (IvCatalogPage *self,
             GtkListItem   *item)
{
  IvCatalogSlot *slot = gtk_list_item_get_item (item);
  IvServiceRow *row = IV_SERVICE_ROW (gtk_list_item_get_child (item));
  /* NULL when the store failed to read that page */
  IvService *service = slot != NULL ? iv_catalog_slot_get_service (slot) : NULL;

  iv_service_row_set_service (row, service, service != NULL ? institution_name (self, service) : NULL);
#if GTK_CHECK_VERSION (4, 12, 0)
  gtk_list_item_set_accessible_label (item, iv_service_row_get_sentence (row));
#endif
}

/* A new search changed what this kept row shows */
static void
slot_changed_cb (IvCatalogSlot *slot,
                 GParamSpec    *pspec,
                 GtkListItem   *item)
{
  update_item (g_object_get_data (G_OBJECT (item), "iv-catalog-page"), item);
}

static void
bind_item_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              IvCatalogPage            *self)
{
  IvCatalogSlot *slot = gtk_list_item_get_item (item);

  update_item (self, item);
  if (slot != NULL)
    {
      g_signal_connect_object (slot, "notify::service", G_CALLBACK (slot_changed_cb), item, 0);
      /* Unbind disconnects from the slot bound here, whatever the item
       * holds by then */
      g_object_set_data_full (G_OBJECT (item), "iv-bound-slot", g_object_ref (slot), g_object_unref);
    }
}

static void
unbind_item_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  IvCatalogSlot *slot = g_object_get_data (G_OBJECT (item), "iv-bound-slot");

  if (slot != NULL)
    {
      g_signal_handlers_disconnect_by_func (slot, slot_changed_cb, item);
      g_object_set_data (G_OBJECT (item), "iv-bound-slot", NULL);
    }
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

  /* Read from the store when first shown, not at start-up */
  if (self->sync == NULL && get_app () != NULL)
    {
      g_signal_connect_object (get_app (), "notify::sync-manager",
                               G_CALLBACK (sync_manager_changed_cb), self, 0);
      sync_manager_changed_cb (get_app (), NULL, self);
    }
  else if (self->stale)
    {
      self->stale = FALSE;
      fill_districts (self);
      queue_search (self);
    }
}

static void
iv_catalog_page_dispose (GObject *object)
{
  IvCatalogPage *self = IV_CATALOG_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  cancel_queued_search (self);
  /* The stack is both a template child and AdwBin's child: AdwBin lets go
   * of it first, else disposing the template unparents it behind AdwBin's
   * back and AdwBin's own dispose unparents a freed widget (critical) */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), IV_TYPE_CATALOG_PAGE);
  if (self->sync != NULL)
    g_clear_signal_handler (&self->changed_id, self->sync);
  g_clear_object (&self->sync);
  g_clear_pointer (&self->institutions, g_hash_table_unref);
  g_clear_object (&self->results);
  g_clear_object (&self->empty);
  g_clear_object (&self->districts);
  g_clear_object (&self->current);
  g_clear_pointer (&self->searched_key, g_free);

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
  self->institutions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->empty = G_LIST_MODEL (g_list_store_new (IV_TYPE_CATALOG_SLOT));

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
    g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (g_object_ref (self->empty));

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
  IvApplication *app = get_app ();

  g_return_if_fail (IV_IS_CATALOG_PAGE (self));

  if (app == NULL)
    return;
  if (self->sync == NULL)
    {
      const char *problem = iv_application_get_store_problem (app);

      show_error (self, problem != NULL ? problem : _("The local catalog cannot be read."));
      return;
    }

  /* What the store has, in the next frame; the service refreshes it behind */
  fill_districts (self);
  queue_search (self);
  if (!self->syncing)
    {
      self->syncing = TRUE;
      self->first_fill = iv_cache_db_count_services (get_cache (self)) == 0;
      if (self->first_fill)
        gtk_stack_set_visible_child_name (GTK_STACK (self->list_stack), "loading");
      iv_sync_manager_sync_catalog_async (self->sync, self->cancellable, catalog_synced_cb, self);
    }
}

GListModel *
iv_catalog_page_get_results (IvCatalogPage *self)
{
  g_return_val_if_fail (IV_IS_CATALOG_PAGE (self), NULL);

  return self->results != NULL ? G_LIST_MODEL (self->results) : self->empty;
}
