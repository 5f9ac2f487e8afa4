/* iv-catalog-sync.c: incremental catalog sync into the cache (since, tombstones, paging, resumable) */

#include "config.h"

#include <stdlib.h>

#include "iv-catalog-sync.h"

/* The position of a running sync, one meta value so that saving it is one
 * write: "PASS\tSINCE\tSNAPSHOT\tCURSOR" (cursor empty on a pass's first page) */
#define PROGRESS_KEY "catalog_sync.position"

typedef enum {
  PASS_INSTITUTIONS,
  PASS_SERVICES,
} Pass;

struct _IvCatalogSync {
  GObject       parent_instance;
  IvApiClient  *api_client;
  IvCacheDb    *cache;
  guint         page_size;
  double        progress;
  gboolean      running;
};

G_DEFINE_FINAL_TYPE (IvCatalogSync, iv_catalog_sync, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROGRESS,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A page downloaded and decoded, to be stored */
typedef struct {
  IvApiResponse *response;
  Pass           pass;
  guint          number;    /* in its pass, from 1 */
  gboolean       last_of_sync;
  char          *position;  /* where to resume once it is stored */
} Page;

static void
page_free (Page *page)
{
  g_clear_object (&page->response);
  g_free (page->position);
  g_free (page);
}

/* Pages flow through three stages at once: one on its way from the
 * service, a batch being stored on the cache's worker thread, and the
 * decoded pages waiting for it, which are stored together next (in one
 * transaction: a store that falls behind the download writes fewer, larger
 * search segments and catches up).  Pages are stored in the order they
 * came; the resume position goes with each batch's last page. */
#define MAX_WAITING_PAGES 4
typedef struct {
  Pass    pass;
  gint64  since;       /* < 0: everything live */
  gint64  snapshot;    /* revision answered by the first institutions page, -1 unknown */
  char   *cursor;
  guint   pages;
  guint   changed;
  gboolean more;            /* a page is left to ask for */
  gboolean fetching;        /* a page is on its way */
  GPtrArray *storing;       /* Page *: being stored */
  GPtrArray *waiting;       /* Page *: decoded, next to store */
  GError  *error;           /* to return once the page being stored is */
  gboolean finished;        /* the task has returned */
  gboolean position_saved;  /* PROGRESS_KEY holds this run's position */
} Run;

static void
run_free (Run *run)
{
  g_free (run->cursor);
  g_clear_pointer (&run->storing, g_ptr_array_unref);
  g_clear_pointer (&run->waiting, g_ptr_array_unref);
  g_clear_error (&run->error);
  g_free (run);
}

static void
set_progress (IvCatalogSync *self,
              double         progress)
{
  progress = CLAMP (progress, 0.0, 1.0);
  if (self->progress == progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static void
set_running (IvCatalogSync *self,
             gboolean       running)
{
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static gboolean
load_position (IvCatalogSync *self,
               Run           *run)
{
  g_autofree char *value = iv_store_db_get_meta (iv_cache_db_get_db (self->cache), PROGRESS_KEY);
  g_auto(GStrv) parts = NULL;

  if (value == NULL)
    return FALSE;
  parts = g_strsplit (value, "\t", 4);
  if (g_strv_length (parts) != 4)
    return FALSE;
  run->pass = g_str_equal (parts[0], "services") ? PASS_SERVICES : PASS_INSTITUTIONS;
  run->since = g_ascii_strtoll (parts[1], NULL, 10);
  run->snapshot = g_ascii_strtoll (parts[2], NULL, 10);
  run->cursor = *parts[3] != '\0' ? g_strdup (parts[3]) : NULL;
  return TRUE;
}

/* The position of the page now to ask for */
static char *
format_position (Run *run)
{
  return g_strdup_printf ("%s\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\t%s",
                          run->pass == PASS_SERVICES ? "services" : "institutions",
                          run->since, run->snapshot, run->cursor != NULL ? run->cursor : "");
}

static void fetch_page (GTask *task);

/* Pages move the bar towards 1 without knowing the total: institutions
 * fill the first tenth, services the rest. */
static void
update_progress (IvCatalogSync *self,
                 Page          *page)
{
  double within = 1.0 - 1.0 / (1.0 + page->number / 4.0);

  if (page->pass == PASS_INSTITUTIONS)
    set_progress (self, 0.1 * within);
  else
    set_progress (self, MAX (self->progress, 0.1 + 0.85 * within));
}

/* Ends the run once; a prefetched page that answers afterwards is dropped */
static void
run_return (GTask  *task,
            GError *error)
{
  Run *run = g_task_get_task_data (task);

  if (run->finished)
    {
      g_clear_error (&error);
      return;
    }
  run->finished = TRUE;
  g_clear_pointer (&run->waiting, g_ptr_array_unref);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* The sync is complete: forget the resume position */
static void
finish_run (GTask *task,
            Run   *run)
{
  IvCatalogSync *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (run->position_saved &&
      !iv_store_db_set_meta (iv_cache_db_get_db (self->cache), PROGRESS_KEY, NULL, &error))
    {
      run_return (task, error);
      return;
    }
  set_progress (self, 1.0);
  run_return (task, NULL);
}

/* Fails the run, but not before the pages being stored are: a sync that
 * has returned writes nothing more */
static void
run_fail (GTask  *task,
          GError *error)
{
  Run *run = g_task_get_task_data (task);

  if (run->storing == NULL)
    run_return (task, error);
  else if (run->error == NULL)
    run->error = error;
  else
    g_clear_error (&error);
}

/* Asks for the next page unless one is on its way or enough are waiting
 * to be stored */
static void
maybe_fetch (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  if (run->finished || run->error != NULL || run->fetching || !run->more ||
      (run->waiting != NULL && run->waiting->len >= MAX_WAITING_PAGES))
    return;
  run->more = FALSE;
  run->fetching = TRUE;
  fetch_page (task);
}

static void page_stored (GObject *source, GAsyncResult *result, gpointer user_data);

static guint
count_changed (GPtrArray *pages)
{
  guint n = 0;

  for (guint i = 0; i < pages->len; i++)
    {
      Page *page = g_ptr_array_index (pages, i);
      IvListPage *list = iv_api_response_get_object (page->response);
      GPtrArray *items = iv_list_page_get_items (list);
      const char * const *deleted = iv_list_page_get_deleted_ids (list);

      n += (items != NULL ? items->len : 0) + (deleted != NULL ? g_strv_length ((GStrv) deleted) : 0);
    }
  return n;
}

/* Adds a page's items and tombstones to a batch's */
static void
add_to_batch (Page       *page,
              GPtrArray  *items,
              GPtrArray  *deleted)
{
  IvListPage *list = iv_api_response_get_object (page->response);
  GPtrArray *page_items = iv_list_page_get_items (list);
  const char * const *page_deleted = iv_list_page_get_deleted_ids (list);

  for (guint i = 0; page_items != NULL && i < page_items->len; i++)
    g_ptr_array_add (items, g_object_ref (g_ptr_array_index (page_items, i)));
  for (guint i = 0; page_deleted != NULL && page_deleted[i] != NULL; i++)
    g_ptr_array_add (deleted, g_strdup (page_deleted[i]));
}

/* Stores a batch of pages (in one transaction: ids do not repeat within a
 * pass, so the order of a batch's upserts and tombstones does not matter),
 * or sees that there is nothing to store */
static void
store_pages (GTask     *task,
             GPtrArray *pages)
{
  IvCatalogSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  Page *last = g_ptr_array_index (pages, pages->len - 1);
  g_autoptr(GPtrArray) institutions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) services = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) deleted_institutions = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) deleted_services = g_ptr_array_new_with_free_func (g_free);

  g_assert (run->storing == NULL);

  /* Nothing to write (the common case of an unchanged catalog): no
   * transaction, no fsync */
  if (count_changed (pages) == 0 &&
      (!last->last_of_sync || run->snapshot == iv_cache_db_get_catalog_revision (self->cache)))
    {
      if (last->last_of_sync)
        finish_run (task, run);
      else
        update_progress (self, last);
      g_ptr_array_unref (pages);
      return;
    }

  for (guint i = 0; i < pages->len; i++)
    {
      Page *page = g_ptr_array_index (pages, i);

      if (page->pass == PASS_INSTITUTIONS)
        add_to_batch (page, institutions, deleted_institutions);
      else
        add_to_batch (page, services, deleted_services);
    }
  g_ptr_array_add (deleted_institutions, NULL);
  g_ptr_array_add (deleted_services, NULL);

  /* The revision of the institutions' snapshot: anything changed after it
   * (during this sync) comes again next time, never missed.  Where to
   * resume is saved with the pages (forgotten with the last one). */
  run->storing = pages;
  iv_cache_db_apply_catalog_page_async (self->cache, institutions, services,
                                        (const char * const *) deleted_institutions->pdata,
                                        (const char * const *) deleted_services->pdata,
                                        last->last_of_sync ? run->snapshot : -1,
                                        PROGRESS_KEY, last->position,
                                        NULL, page_stored, g_object_ref (task));
}

static void
page_stored (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IvCatalogSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GPtrArray) pages = g_steal_pointer (&run->storing);
  Page *last = g_ptr_array_index (pages, pages->len - 1);
  GError *error = NULL;

  if (!iv_cache_db_apply_catalog_page_finish (IV_CACHE_DB (source), result, &error))
    {
      g_clear_error (&run->error);
      run_return (task, error);
      return;
    }
  run->position_saved = !last->last_of_sync;
  run->changed += count_changed (pages);
  if (run->error != NULL)
    {
      run_return (task, g_steal_pointer (&run->error));
      return;
    }
  if (last->last_of_sync)
    {
      finish_run (task, run);
      return;
    }
  for (guint i = 0; i < pages->len; i++)
    update_progress (self, g_ptr_array_index (pages, i));
  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      run_return (task, error);
      return;
    }

  while (run->storing == NULL && run->waiting != NULL && !run->finished)
    store_pages (task, g_steal_pointer (&run->waiting));
  maybe_fetch (task);
}

static void
page_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(IvApiResponse) response = NULL;
  GError *error = NULL;
  IvListPage *list;
  const char *next;
  Page *page;

  if (run->pass == PASS_INSTITUTIONS)
    response = iv_api_client_list_institutions_finish (IV_API_CLIENT (source), result, &error);
  else
    response = iv_api_client_list_services_finish (IV_API_CLIENT (source), result, &error);
  run->fetching = FALSE;
  if (run->finished)
    {
      g_clear_error (&error);
      return;
    }
  if (response == NULL)
    {
      run_fail (task, error);
      return;
    }

  list = iv_api_response_get_object (response);
  next = iv_list_page_get_next_cursor (list);
  if (run->snapshot < 0)
    run->snapshot = iv_list_page_get_revision (list);

  page = g_new0 (Page, 1);
  page->response = g_steal_pointer (&response);
  page->pass = run->pass;
  page->last_of_sync = run->pass == PASS_SERVICES && next == NULL;

  /* Move on: the next page is asked for while this one is stored */
  g_free (run->cursor);
  run->cursor = g_strdup (next);
  page->number = ++run->pages;
  if (next == NULL && run->pass == PASS_INSTITUTIONS)
    {
      run->pass = PASS_SERVICES;
      run->pages = 0;
    }
  run->more = !page->last_of_sync;
  if (!page->last_of_sync)
    page->position = format_position (run);

  if (run->waiting == NULL)
    run->waiting = g_ptr_array_new_with_free_func ((GDestroyNotify) page_free);
  g_ptr_array_add (run->waiting, page);
  if (run->storing == NULL)
    store_pages (task, g_steal_pointer (&run->waiting));
  maybe_fetch (task);
}

static void
fetch_page (GTask *task)
{
  IvCatalogSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  if (run->pass == PASS_INSTITUTIONS)
    iv_api_client_list_institutions_async (self->api_client, run->since, run->cursor, self->page_size, NULL,
                                           g_task_get_cancellable (task), page_done, g_object_ref (task));
  else
    iv_api_client_list_services_async (self->api_client, run->since, run->cursor, self->page_size, NULL,
                                       g_task_get_cancellable (task), page_done, g_object_ref (task));
}

static void
categories_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IvCatalogSync *self = g_task_get_source_object (task);
  g_autoptr(IvApiResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = iv_api_client_list_categories_finish (IV_API_CLIENT (source), result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!iv_api_response_is_not_modified (response))
    {
      IvListPage *page = iv_api_response_get_object (response);

      if (!iv_cache_db_put_categories (self->cache, iv_list_page_get_items (page), &error) ||
          !iv_cache_db_set_resource (self->cache, "/v1/catalog/categories",
                                     iv_api_response_get_etag (response), g_get_real_time (), &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }
  maybe_fetch (task);
}

static void
run_task_done (gpointer  data,
               GObject  *where_the_task_was)
{
  IvCatalogSync *self = data;

  (void) where_the_task_was;
  set_running (self, FALSE);
  g_object_unref (self);
}

void
iv_catalog_sync_run_async (IvCatalogSync       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  Run *run;

  g_return_if_fail (IV_IS_CATALOG_SYNC (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, iv_catalog_sync_run_async);
  run = g_new0 (Run, 1);
  run->more = TRUE;
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);

  if (load_position (self, run))
    run->position_saved = TRUE;
  else
    {
      run->pass = PASS_INSTITUTIONS;
      run->since = iv_cache_db_get_catalog_revision (self->cache);
      run->snapshot = -1;
      /* A full sync starts from an empty catalog, so that nothing the
       * service no longer has survives in the cache */
      if (run->since < 0 && !iv_cache_db_clear_catalog (self->cache, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  set_running (self, TRUE);
  g_object_weak_ref (G_OBJECT (task), run_task_done, g_object_ref (self));
  set_progress (self, 0.0);

  iv_cache_db_get_resource (self->cache, "/v1/catalog/categories", &etag, NULL);
  iv_api_client_list_categories_async (self->api_client, etag, cancellable, categories_done, g_object_ref (task));
}

gboolean
iv_catalog_sync_run_finish (IvCatalogSync  *self,
                            GAsyncResult   *result,
                            guint          *out_changed,
                            GError        **error)
{
  Run *run;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  run = g_task_get_task_data (G_TASK (result));
  if (out_changed != NULL)
    *out_changed = run->changed;
  return g_task_propagate_boolean (G_TASK (result), error);
}

double
iv_catalog_sync_get_progress (IvCatalogSync *self)
{
  g_return_val_if_fail (IV_IS_CATALOG_SYNC (self), 0.0);
  return self->progress;
}

gboolean
iv_catalog_sync_get_running (IvCatalogSync *self)
{
  g_return_val_if_fail (IV_IS_CATALOG_SYNC (self), FALSE);
  return self->running;
}

gboolean
iv_catalog_sync_get_resumable (IvCatalogSync *self)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (IV_IS_CATALOG_SYNC (self), FALSE);
  value = iv_store_db_get_meta (iv_cache_db_get_db (self->cache), PROGRESS_KEY);
  return value != NULL;
}

void
iv_catalog_sync_set_page_size (IvCatalogSync *self,
                               guint          limit)
{
  g_return_if_fail (IV_IS_CATALOG_SYNC (self));
  self->page_size = limit == 0 ? IV_CATALOG_SYNC_PAGE_SIZE : MIN (limit, 500u);
}

static void
iv_catalog_sync_dispose (GObject *object)
{
  IvCatalogSync *self = IV_CATALOG_SYNC (object);

  g_clear_object (&self->api_client);
  g_clear_object (&self->cache);
  G_OBJECT_CLASS (iv_catalog_sync_parent_class)->dispose (object);
}

static void
iv_catalog_sync_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  IvCatalogSync *self = IV_CATALOG_SYNC (object);

  switch (prop_id)
    {
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_catalog_sync_class_init (IvCatalogSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = iv_catalog_sync_dispose;
  object_class->get_property = iv_catalog_sync_get_property;

  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
iv_catalog_sync_init (IvCatalogSync *self)
{
  self->page_size = IV_CATALOG_SYNC_PAGE_SIZE;
}

IvCatalogSync *
iv_catalog_sync_new (IvApiClient *api_client,
                     IvCacheDb   *cache)
{
  IvCatalogSync *self;

  g_return_val_if_fail (IV_IS_API_CLIENT (api_client), NULL);
  g_return_val_if_fail (IV_IS_CACHE_DB (cache), NULL);

  self = g_object_new (IV_TYPE_CATALOG_SYNC, NULL);
  self->api_client = g_object_ref (api_client);
  self->cache = g_object_ref (cache);
  self->progress = iv_cache_db_get_catalog_revision (cache) >= 0 ? 1.0 : 0.0;
  return self;
}
