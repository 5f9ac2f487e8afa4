/* iv-app-sync.c: the application's offline store and sync manager, made once and shared by every page */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "iv-app-sync.h"

#define DATA_KEY  "iv-app-sync-manager"
#define ERROR_KEY "iv-app-sync-error"

static void
follow_session (IvApplication *application,
                IvSyncManager *manager)
{
  if (iv_application_get_signed_in (application))
    {
      iv_sync_manager_resume (manager);
      iv_sync_manager_start (manager);
    }
  else
    iv_sync_manager_shutdown (manager);
}

static void
signed_in_cb (IvApplication *application,
              GParamSpec    *pspec,
              IvSyncManager *manager)
{
  follow_session (application, manager);
}

static void
interval_changed_cb (GSettings     *settings,
                     const char    *key,
                     IvSyncManager *manager)
{
  GVariant *value = g_settings_get_value (settings, key);

  /* The key may be an int or a uint depending on the schema */
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
    iv_sync_manager_set_refresh_interval (manager, g_variant_get_uint32 (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT32))
    iv_sync_manager_set_refresh_interval (manager, MAX (0, g_variant_get_int32 (value)));
  g_variant_unref (value);
}

static void
shutdown_manager (gpointer data)
{
  IvSyncManager *manager = data;

  iv_sync_manager_shutdown (manager);
  g_object_unref (manager);
}

IvSyncManager *
iv_app_sync_get (IvApplication *application)
{
  IvSyncManager *manager;
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *cache_dir = NULL;
  g_autoptr(IvUserDb) user_db = NULL;
  g_autoptr(IvCacheDb) cache = NULL;
  g_autoptr(IvOutbox) outbox = NULL;
  GSettings *settings;

  g_return_val_if_fail (IV_IS_APPLICATION (application), NULL);

  manager = g_object_get_data (G_OBJECT (application), DATA_KEY);
  if (manager != NULL)
    return manager;
  if (g_object_get_data (G_OBJECT (application), ERROR_KEY) != NULL)
    return NULL;

  data_dir = g_build_filename (g_get_user_data_dir (), "innovation-vouchers", NULL);
  cache_dir = g_build_filename (g_get_user_cache_dir (), "innovation-vouchers", NULL);
  user_db = iv_user_db_open (data_dir, &error);
  if (user_db != NULL)
    outbox = iv_outbox_new (user_db, &error);
  if (outbox != NULL)
    cache = iv_cache_db_open (cache_dir, &error);
  if (cache == NULL)
    {
      g_warning ("The local store cannot be opened: %s", error->message);
      g_object_set_data_full (G_OBJECT (application), ERROR_KEY,
                              g_strdup (error->message), g_free);
      return NULL;
    }

  manager = iv_sync_manager_new (iv_application_get_api_client (application), cache, outbox);
  g_object_set_data_full (G_OBJECT (application), DATA_KEY, manager, shutdown_manager);

  settings = iv_application_get_settings (application);
  if (settings != NULL)
    {
      g_signal_connect_object (settings, "changed::sync-interval",
                               G_CALLBACK (interval_changed_cb), manager, 0);
      interval_changed_cb (settings, "sync-interval", manager);
    }
  g_signal_connect_object (application, "notify::signed-in",
                           G_CALLBACK (signed_in_cb), manager, 0);
  follow_session (application, manager);
  return manager;
}

const char *
iv_app_sync_get_error (IvApplication *application)
{
  g_return_val_if_fail (IV_IS_APPLICATION (application), NULL);
  return g_object_get_data (G_OBJECT (application), ERROR_KEY);
}
