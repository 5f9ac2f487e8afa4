/* iv-app-sync.h: the application's offline store and sync manager, made once and shared by every page
 *
 * The first call opens the user data (drafts, outbox; under
 * $XDG_DATA_HOME/innovation-vouchers) and the cache (under
 * $XDG_CACHE_HOME/innovation-vouchers), makes the sync manager on the
 * application's API client, and follows the session: started (and resumed)
 * while signed in, shut down when signed out.  It also follows the
 * "sync-interval" setting.  NULL (and a warning) when the user data cannot
 * be opened: pages then show the error instead of losing work silently.
 */
#pragma once

#include "iv-application.h"
#include "iv-sync-manager.h"

G_BEGIN_DECLS

IvSyncManager *iv_app_sync_get          (IvApplication *application);
/* The reason the store could not be opened, or NULL */
const char    *iv_app_sync_get_error    (IvApplication *application);

G_END_DECLS
