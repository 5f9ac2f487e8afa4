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
};

static void iv_catalog_results_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (IvCatalogResults, iv_catalog_results, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, iv_catalog_results_list_model_init))

static GType
get_item_type (GListModel *model)
{
  return IV_TYPE_SERVICE;
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

static gpointer
get_item (GListModel *model,
          guint       position)
{
  IvCatalogResults *self = IV_CATALOG_RESULTS (model);
  GPtrArray *items;
  guint offset = position % PAGE_SIZE;

  if (position >= self->n_items)
    return NULL;
  items = load_page (self, position / PAGE_SIZE);
  if (items == NULL || offset >= items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (items, offset));
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

  /* Two changes, all gone then all new: told both in one while a row
   * GTK 4.8's list view tracks (its anchor) is among the removed, it
   * reads every added item to find it again (the whole catalog per
   * keystroke); this way it reads the rows it binds.  Telling it less
   * (only the first item changed) leaves the other rows bound to the old
   * results: tests/ui/test-widgets.c /ui/catalog/results */
  old_n = self->n_items;
  self->n_items = 0;
  if (old_n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);
  self->n_items = total;
  self->n_page_reads = 1;
  if (total > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, total);
  return TRUE;
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
