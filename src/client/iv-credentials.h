/* iv-credentials.h: the session's tokens in the secret service, or in memory without one
 *
 * Tokens are kept in libsecret under the schema
 * "cn.innovationvoucher.Vouchers.Session" (attributes service-url and
 * account), never in files.  When no secret service answers (no session
 * bus, no keyring), they are kept in this object's memory for the life of
 * the process and :in-memory becomes TRUE so the UI can say so.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define IV_CREDENTIALS_SCHEMA_NAME "cn.innovationvoucher.Vouchers.Session"

#define IV_TYPE_CREDENTIALS (iv_credentials_get_type ())
G_DECLARE_FINAL_TYPE (IvCredentials, iv_credentials, IV, CREDENTIALS, GObject)

IvCredentials *iv_credentials_new            (void);

/* TRUE once the secret service failed and tokens live only in memory */
gboolean       iv_credentials_get_in_memory  (IvCredentials        *self);

/* Saves (replaces) the tokens of account at service_url.  access_token
 * may be NULL.  Succeeds in memory when no secret service exists. */
void           iv_credentials_store_async    (IvCredentials        *self,
                                              const char           *service_url,
                                              const char           *account,
                                              const char           *access_token,
                                              const char           *refresh_token,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean       iv_credentials_store_finish   (IvCredentials        *self,
                                              GAsyncResult         *result,
                                              GError              **error);

/* Finds the tokens saved for service_url (and account, or any account
 * when NULL).  Success with *out_refresh_token == NULL means nothing is
 * saved.  Out parameters may be NULL. */
void           iv_credentials_lookup_async   (IvCredentials        *self,
                                              const char           *service_url,
                                              const char           *account,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean       iv_credentials_lookup_finish  (IvCredentials        *self,
                                              GAsyncResult         *result,
                                              char                **out_account,
                                              char                **out_access_token,
                                              char                **out_refresh_token,
                                              GError              **error);

/* Sign-out: removes the tokens of account (all accounts when NULL) at
 * service_url, from the secret service and from memory. */
void           iv_credentials_clear_async    (IvCredentials        *self,
                                              const char           *service_url,
                                              const char           *account,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean       iv_credentials_clear_finish   (IvCredentials        *self,
                                              GAsyncResult         *result,
                                              GError              **error);

G_END_DECLS
