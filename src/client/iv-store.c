/* iv-store.c: the offline store: cache, user data, search, drafts and outbox in one object */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "iv-store.h"

struct _IvStore
{
  GObject          parent_instance;

  IvCacheDb       *cache;
  IvUserDb        *user_db;
  IvCatalogSearch *search;
  IvDrafts        *drafts;
  IvOutbox        *outbox;
};

G_DEFINE_FINAL_TYPE (IvStore, iv_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CACHE_REBUILT,
  PROP_PENDING_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pending_count_changed_cb (IvStore *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING_COUNT]);
}

static void
iv_store_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  IvStore *self = IV_STORE (object);

  switch (prop_id)
    {
    case PROP_CACHE_REBUILT:
      g_value_set_boolean (value, iv_store_get_cache_rebuilt (self));
      break;
    case PROP_PENDING_COUNT:
      g_value_set_uint (value, self->outbox != NULL ? iv_outbox_get_pending_count (self->outbox) : 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_store_dispose (GObject *object)
{
  IvStore *self = IV_STORE (object);

  g_clear_object (&self->search);
  g_clear_object (&self->drafts);
  g_clear_object (&self->outbox);
  g_clear_object (&self->user_db);
  g_clear_object (&self->cache);

  G_OBJECT_CLASS (iv_store_parent_class)->dispose (object);
}

static void
iv_store_class_init (IvStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = iv_store_get_property;
  object_class->dispose = iv_store_dispose;

  properties[PROP_CACHE_REBUILT] =
    g_param_spec_boolean ("cache-rebuilt", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* The outbox's pending count, for binding */
  properties[PROP_PENDING_COUNT] =
    g_param_spec_uint ("pending-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
iv_store_init (IvStore *self)
{
}

IvStore *
iv_store_new (const char  *cache_dir,
              const char  *data_dir,
              GError     **error)
{
  g_autoptr(IvStore) self = NULL;

  g_return_val_if_fail (cache_dir != NULL, NULL);
  g_return_val_if_fail (data_dir != NULL, NULL);

  self = g_object_new (IV_TYPE_STORE, NULL);
  /* User data first: if it cannot be opened, nothing else matters */
  self->user_db = iv_user_db_open (data_dir, error);
  if (self->user_db == NULL)
    return NULL;
  self->outbox = iv_outbox_new (self->user_db, error);
  if (self->outbox == NULL)
    return NULL;
  self->cache = iv_cache_db_open (cache_dir, error);
  if (self->cache == NULL)
    return NULL;
  self->drafts = iv_drafts_new (self->user_db);
  self->search = iv_catalog_search_new (self->cache);

  g_signal_connect_object (self->outbox, "notify::pending-count",
                           G_CALLBACK (pending_count_changed_cb), self, G_CONNECT_SWAPPED);
  return g_steal_pointer (&self);
}

typedef struct {
  char *cache_dir;
  char *data_dir;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_free (data->cache_dir);
  g_free (data->data_dir);
  g_free (data);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;
  GError *error = NULL;
  IvStore *store = iv_store_new (data->cache_dir, data->data_dir, &error);

  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

void
iv_store_new_async (const char          *cache_dir,
                    const char          *data_dir,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenData *data = g_new0 (OpenData, 1);

  data->cache_dir = g_strdup (cache_dir);
  data->data_dir = g_strdup (data_dir);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, iv_store_new_async);
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_task_run_in_thread (task, open_thread);
}

IvStore *
iv_store_new_finish (GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

IvCacheDb *iv_store_get_cache (IvStore *self) { g_return_val_if_fail (IV_IS_STORE (self), NULL); return self->cache; }
IvUserDb *iv_store_get_user_db (IvStore *self) { g_return_val_if_fail (IV_IS_STORE (self), NULL); return self->user_db; }
IvCatalogSearch *iv_store_get_search (IvStore *self) { g_return_val_if_fail (IV_IS_STORE (self), NULL); return self->search; }
IvDrafts *iv_store_get_drafts (IvStore *self) { g_return_val_if_fail (IV_IS_STORE (self), NULL); return self->drafts; }
IvOutbox *iv_store_get_outbox (IvStore *self) { g_return_val_if_fail (IV_IS_STORE (self), NULL); return self->outbox; }

gboolean
iv_store_get_cache_rebuilt (IvStore *self)
{
  g_return_val_if_fail (IV_IS_STORE (self), FALSE);
  return self->cache != NULL && iv_cache_db_was_rebuilt (self->cache);
}

char *
iv_store_dup_notice (IvStore *self)
{
  g_return_val_if_fail (IV_IS_STORE (self), NULL);

  if (iv_store_get_cache_rebuilt (self))
    return g_strdup (_("The data kept for offline use was damaged and has been reset. "
                       "It will be downloaded again; your drafts and queued work are safe."));
  if (iv_outbox_get_recovered_count (self->outbox) > 0)
    {
      guint n = iv_outbox_get_recovered_count (self->outbox);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u submission was interrupted and will be sent again.",
                                           "%u submissions were interrupted and will be sent again.", n),
                              n);
    }
  return NULL;
}

char *
iv_store_error_to_user_message (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != IV_STORE_ERROR)
    return g_strdup (error->message);

  switch ((IvStoreError) error->code)
    {
    case IV_STORE_ERROR_OPEN:
      return g_strdup (_("Your local data folder cannot be opened. Check that your home folder is not full or read-only."));
    case IV_STORE_ERROR_CORRUPT:
      return g_strdup (_("Your saved drafts and queued work are damaged and cannot be opened. "
                         "Nothing has been deleted; please contact support."));
    case IV_STORE_ERROR_SCHEMA:
      return g_strdup (_("Your saved data was written by a newer version of this program. "
                         "Please update the program; nothing has been deleted."));
    case IV_STORE_ERROR_IO:
      return g_strdup (_("The file could not be saved. Check that the disk is not full."));
    case IV_STORE_ERROR_TOO_LARGE:
      return g_strdup (_("The file is larger than 20 MB and cannot be attached."));
    case IV_STORE_ERROR_UNSUPPORTED_TYPE:
      return g_strdup (_("Only PDF, PNG and JPEG files can be attached."));
    case IV_STORE_ERROR_INVALID:
      return g_strdup (_("This cannot be done to the item in its current state."));
    case IV_STORE_ERROR_NOT_FOUND:
      return g_strdup (_("The item no longer exists."));
    case IV_STORE_ERROR_SQL:
    default:
      return g_strdup (_("Your local data could not be read or saved."));
    }
}
