/* iv-catalog-results.c: a lazy list model over the offline catalog search */
#include "config.h"

#include "iv-catalog-results.h"

#define PAGE_SIZE IV_CATALOG_RESULTS_PAGE_SIZE
/* The rows GTK binds need one or two pages; scrolling back a little
 * should not read them again, scrolling far should not keep them all */
#define MAX_PAGES IV_CATALOG_RESULTS_MAX_PAGES

struct _IvCatalogResults
{
  GObject          parent_instance;

  IvCatalogSearch *search;
  IvCatalogQuery  *query;
  guint            n_items;
  guint            n_page_reads;
  GHashTable      *pages;     /* page index → GPtrArray of IvService */
  GQueue           lru;       /* page indexes, most recent first */
  GHashTable      *slots;     /* position → IvCatalogSlot, not owned: the live ones */
};

struct _IvCatalogSlot
{
  GObject           parent_instance;

  IvCatalogResults *results;  /* not owned; NULL once the model is gone */
  guint             position;
  gboolean          loaded;   /* service is the current results' one */
  IvService        *service;
};

enum { SLOT_PROP_0, SLOT_PROP_SERVICE, SLOT_PROP_POSITION, SLOT_N_PROPS };
static GParamSpec *slot_props[SLOT_N_PROPS];

G_DEFINE_FINAL_TYPE (IvCatalogSlot, iv_catalog_slot, G_TYPE_OBJECT)

static IvService *results_read_service (IvCatalogResults *self, guint position);

static void
iv_catalog_slot_finalize (GObject *object)
{
  IvCatalogSlot *self = IV_CATALOG_SLOT (object);

  /* The list view let go of this row: the next get_item makes a new one */
  if (self->results != NULL &&
      g_hash_table_lookup (self->results->slots, GUINT_TO_POINTER (self->position)) == self)
    g_hash_table_remove (self->results->slots, GUINT_TO_POINTER (self->position));
  g_clear_object (&self->service);

  G_OBJECT_CLASS (iv_catalog_slot_parent_class)->finalize (object);
}

static void
iv_catalog_slot_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  IvCatalogSlot *self = IV_CATALOG_SLOT (object);

  switch (prop_id)
    {
    case SLOT_PROP_SERVICE:
      g_value_set_object (value, iv_catalog_slot_get_service (self));
      break;
    case SLOT_PROP_POSITION:
      g_value_set_uint (value, self->position);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_catalog_slot_class_init (IvCatalogSlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = iv_catalog_slot_finalize;
  object_class->get_property = iv_catalog_slot_get_property;

  slot_props[SLOT_PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL, IV_TYPE_SERVICE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  slot_props[SLOT_PROP_POSITION] =
    g_param_spec_uint ("position", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, SLOT_N_PROPS, slot_props);
}

static void
iv_catalog_slot_init (IvCatalogSlot *self)
{
}

IvService *
iv_catalog_slot_get_service (IvCatalogSlot *self)
{
  g_return_val_if_fail (IV_IS_CATALOG_SLOT (self), NULL);

  /* Read lazily: after a search only the rows GTK still shows ask */
  if (!self->loaded && self->results != NULL)
    {
      g_clear_object (&self->service);
      self->service = results_read_service (self->results, self->position);
      self->loaded = TRUE;
    }
  return self->service;
}

guint
iv_catalog_slot_get_position (IvCatalogSlot *self)
{
  g_return_val_if_fail (IV_IS_CATALOG_SLOT (self), 0);

  return self->position;
}

static void iv_catalog_results_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (IvCatalogResults, iv_catalog_results, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, iv_catalog_results_list_model_init))

static GType
get_item_type (GListModel *model)
{
  return IV_TYPE_CATALOG_SLOT;
}

static guint
get_n_items (GListModel *model)
{
  return IV_CATALOG_RESULTS (model)->n_items;
}

static GPtrArray *
load_page (IvCatalogResults *self,
           guint             page)
{
  GPtrArray *items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  g_autoptr(GError) error = NULL;

  if (items != NULL)
    {
      g_queue_remove (&self->lru, GUINT_TO_POINTER (page));
      g_queue_push_head (&self->lru, GUINT_TO_POINTER (page));
      return items;
    }

  iv_catalog_query_set_page (self->query, page * PAGE_SIZE, PAGE_SIZE);
  items = iv_catalog_search_run (self->search, self->query, NULL, &error);
  self->n_page_reads++;
  if (items == NULL)
    {
      g_warning ("Catalog page %u not read: %s", page, error->message);
      return NULL;
    }

  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), items);
  g_queue_push_head (&self->lru, GUINT_TO_POINTER (page));
  while (g_queue_get_length (&self->lru) > MAX_PAGES)
    g_hash_table_remove (self->pages, g_queue_pop_tail (&self->lru));
  return items;
}

static IvService *
results_read_service (IvCatalogResults *self,
                      guint             position)
{
  GPtrArray *items;
  guint offset = position % PAGE_SIZE;

  if (position >= self->n_items || self->query == NULL)
    return NULL;
  items = load_page (self, position / PAGE_SIZE);
  if (items == NULL || offset >= items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (items, offset));
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  IvCatalogResults *self = IV_CATALOG_RESULTS (model);
  IvCatalogSlot *slot;

  if (position >= self->n_items)
    return NULL;
  /* The same object for a position as long as it is held */
  slot = g_hash_table_lookup (self->slots, GUINT_TO_POINTER (position));
  if (slot != NULL)
    return g_object_ref (slot);
  slot = g_object_new (IV_TYPE_CATALOG_SLOT, NULL);
  slot->results = self;
  slot->position = position;
  g_hash_table_insert (self->slots, GUINT_TO_POINTER (position), slot);
  return slot;
}

static void
iv_catalog_results_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
iv_catalog_results_dispose (GObject *object)
{
  IvCatalogResults *self = IV_CATALOG_RESULTS (object);
  GHashTableIter iter;
  gpointer slot;

  /* Slots may outlive the model (a row being torn down) */
  if (self->slots != NULL)
    {
      g_hash_table_iter_init (&iter, self->slots);
      while (g_hash_table_iter_next (&iter, NULL, &slot))
        IV_CATALOG_SLOT (slot)->results = NULL;
      g_clear_pointer (&self->slots, g_hash_table_unref);
    }
  g_clear_object (&self->search);
  g_clear_object (&self->query);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_queue_clear (&self->lru);

  G_OBJECT_CLASS (iv_catalog_results_parent_class)->dispose (object);
}

static void
iv_catalog_results_class_init (IvCatalogResultsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = iv_catalog_results_dispose;
}

static void
iv_catalog_results_init (IvCatalogResults *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_queue_init (&self->lru);
  self->slots = g_hash_table_new (NULL, NULL);
}

IvCatalogResults *
iv_catalog_results_new (IvCatalogSearch *search)
{
  IvCatalogResults *self;

  g_return_val_if_fail (IV_IS_CATALOG_SEARCH (search), NULL);

  self = g_object_new (IV_TYPE_CATALOG_RESULTS, NULL);
  self->search = g_object_ref (search);
  return self;
}

gboolean
iv_catalog_results_set_query (IvCatalogResults  *self,
                              IvCatalogQuery    *query,
                              GError           **error)
{
  g_autoptr(GPtrArray) first = NULL;
  guint total = 0;
  guint old_n;
  gint64 t0;

  g_return_val_if_fail (IV_IS_CATALOG_RESULTS (self), FALSE);
  g_return_val_if_fail (IV_IS_CATALOG_QUERY (query), FALSE);

  /* The first page and the total in one query: what the user sees first */
  iv_catalog_query_set_page (query, 0, PAGE_SIZE);
  t0 = g_get_monotonic_time ();
  first = iv_catalog_search_run (self->search, query, &total, error);
  if (first == NULL)
    return FALSE;
  g_debug ("Catalog search: %u of %u in %.1f ms in the store", first->len, total,
           (g_get_monotonic_time () - t0) / 1000.0);

  g_set_object (&self->query, query);
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->lru);
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (0), g_steal_pointer (&first));
  g_queue_push_head (&self->lru, GUINT_TO_POINTER (0));

  /* The items stay (the list view keeps its rows): the live slots are
   * told their service changed, and only the count difference is
   * announced.  Shrinking first drops the rows past the end (so they are
   * not refreshed for nothing); growing adds after the refresh.  Every
   * live slot is told, not only the visible ones: GTK 4.8 keeps ~200 rows
   * bound around the screen (tests/ui/test-widgets.c /ui/catalog/results) */
  old_n = self->n_items;
  self->n_page_reads = 1;
  if (total < old_n)
    {
      self->n_items = total;
      g_list_model_items_changed (G_LIST_MODEL (self), total, old_n - total, 0);
    }
  {
    g_autoptr(GPtrArray) live = g_ptr_array_new_with_free_func (g_object_unref);
    GHashTableIter iter;
    gpointer slot;

    /* Held while notifying: a handler may let a slot go */
    g_hash_table_iter_init (&iter, self->slots);
    while (g_hash_table_iter_next (&iter, NULL, &slot))
      g_ptr_array_add (live, g_object_ref (slot));
    for (guint i = 0; i < live->len; i++)
      {
        IvCatalogSlot *s = g_ptr_array_index (live, i);

        s->loaded = FALSE;
        g_clear_object (&s->service);
      }
    for (guint i = 0; i < live->len; i++)
      g_object_notify_by_pspec (g_ptr_array_index (live, i), slot_props[SLOT_PROP_SERVICE]);
  }
  if (total > old_n)
    {
      self->n_items = total;
      g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, total - old_n);
    }
  return TRUE;
}

IvService *
iv_catalog_results_get_service (IvCatalogResults *self,
                                guint             position)
{
  g_return_val_if_fail (IV_IS_CATALOG_RESULTS (self), NULL);

  return results_read_service (self, position);
}

guint
iv_catalog_results_get_n_slots (IvCatalogResults *self)
{
  g_return_val_if_fail (IV_IS_CATALOG_RESULTS (self), 0);

  return g_hash_table_size (self->slots);
}

guint
iv_catalog_results_get_total (IvCatalogResults *self)
{
  g_return_val_if_fail (IV_IS_CATALOG_RESULTS (self), 0);

  return self->n_items;
}

guint
iv_catalog_results_get_n_loaded (IvCatalogResults *self)
{
  GHashTableIter iter;
  gpointer items;
  guint n = 0;

  g_return_val_if_fail (IV_IS_CATALOG_RESULTS (self), 0);

  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, NULL, &items))
    n += ((GPtrArray *) items)->len;
  return n;
}

guint
iv_catalog_results_get_n_page_reads (IvCatalogResults *self)
{
  g_return_val_if_fail (IV_IS_CATALOG_RESULTS (self), 0);

  return self->n_page_reads;
}
