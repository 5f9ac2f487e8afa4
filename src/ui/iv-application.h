/* iv-application.h: the application object: settings, command line, session and shared client objects */
#pragma once

#include <adwaita.h>

#include "iv-api-client.h"
#include "iv-catalog-search.h"
#include "iv-credentials.h"
#include "iv-sync-manager.h"

G_BEGIN_DECLS

#define IV_TYPE_APPLICATION (iv_application_get_type ())
G_DECLARE_FINAL_TYPE (IvApplication, iv_application, IV, APPLICATION, AdwApplication)

IvApplication *iv_application_new             (void);
/* The service URL: --service-url when given, else the GSettings key */
const char    *iv_application_get_service_url (IvApplication *self);
GSettings     *iv_application_get_settings    (IvApplication *self);
/* LOCALEDIR, or IV_LOCALEDIR from the environment (tests, uninstalled runs) */
const char    *iv_application_get_locale_dir  (void);

/* --demo was given (with --service-url): the sign-in form is filled with
 * the demo account and submitted once */
gboolean       iv_application_get_demo_mode   (IvApplication *self);

/* Shared objects of every window and page.  The API client follows the
 * service URL and the extra CA file of the settings (a new client is made
 * when they change: connect to notify::api-client). */
IvApiClient   *iv_application_get_api_client  (IvApplication *self);
IvCredentials *iv_application_get_credentials (IvApplication *self);
/* The sync manager (owning the api client, cache, outbox and drafts) and
 * the offline catalog search; NULL when the store could not be opened.
 * Replaced with the API client: connect to notify::sync-manager. */
IvSyncManager *iv_application_get_sync_manager (IvApplication *self);
IvCatalogSearch *iv_application_get_catalog_search (IvApplication *self);
/* Why the store is not usable (or why the cache was rebuilt), or NULL */
const char    *iv_application_get_store_problem (IvApplication *self);

/* Session: :signed-in and :account (IvAccount or NULL) are bindable */
gboolean       iv_application_get_signed_in   (IvApplication *self);
IvAccount     *iv_application_get_account     (IvApplication *self);

/* Signs in at the current service URL; with remember the tokens go to
 * the keyring (iv-credentials) and the account to GSettings last-account */
void           iv_application_sign_in_async   (IvApplication       *self,
                                               const char          *account,
                                               const char          *password,
                                               gboolean             remember,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
IvAccount     *iv_application_sign_in_finish  (IvApplication       *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* Restores a remembered session from the keyring; FALSE without error
 * when nothing was saved */
void           iv_application_restore_session_async  (IvApplication       *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean       iv_application_restore_session_finish (IvApplication       *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* Forgets the session here and in the keyring (the service is told too,
 * best effort) */
void           iv_application_sign_out        (IvApplication *self);
/* The service refused the session: forget it here only (the keyring's
 * tokens are useless now too), keep the outbox for after the next sign-in */
void           iv_application_sign_out_locally (IvApplication *self);

/* Items written but not yet sent to the service (the outbox); sign-out
 * asks before discarding them */
guint          iv_application_get_pending_count (IvApplication *self);

G_END_DECLS
