/* iv-api-client.h: the voucher service's HTTP API (api.md), every call async
 *
 * One SoupSession, bearer auth with one silent refresh on 401
 * token_expired, a byte cap and a Content-Type check on every answer, and
 * strict decoding through src/domain.  Failures are IV_API_ERROR
 * (iv-api-error.h); cancellation stays G_IO_ERROR_CANCELLED.
 *
 * Resource calls finish with an IvApiResponse: the decoded object
 * (iv_api_response_get_object: IvClaim, IvListPage of IvClaim, …), the
 * parsed JSON, the ETag, and "not modified" when the caller's ETag
 * (If-None-Match) is still current.  Writes take their idempotency key
 * from the caller (the outbox makes it once); updates take the version
 * they were based on (If-Match).  Bodies of writes are the contract's JSON.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "iv-domain.h"
#include "iv-api-error.h"
#include "iv-api-response.h"

G_BEGIN_DECLS

/* The default byte cap of a JSON answer */
#define IV_API_DEFAULT_MAX_RESPONSE_BYTES (4 * 1024 * 1024)
/* api.md: attachments are at most 20 MiB */
#define IV_API_MAX_ATTACHMENT_BYTES (20 * 1024 * 1024)
/* Seconds a request may take (the long poll adds its wait) */
#define IV_API_DEFAULT_TIMEOUT 30

#define IV_TYPE_API_CLIENT (iv_api_client_get_type ())
G_DECLARE_FINAL_TYPE (IvApiClient, iv_api_client, IV, API_CLIENT, GObject)

/* base_url: e.g. "https://vouchers.example.cn/api"; paths /v1/… go below it */
IvApiClient   *iv_api_client_new                      (const char    *base_url);

const char    *iv_api_client_get_base_url             (IvApiClient   *self);

/* An extra PEM file of CA certificates trusted besides the system's store
 * (enterprise networks).  A server certificate the system refuses is then
 * checked against these CAs only, chain and host name included.  NULL
 * removes it.  FALSE and an error when the file is unreadable. */
gboolean       iv_api_client_set_extra_ca_file        (IvApiClient   *self,
                                                       const char    *path,
                                                       GError       **error);
const char    *iv_api_client_get_extra_ca_file        (IvApiClient   *self);

/* The largest JSON answer accepted (bytes); 0 restores the default */
void           iv_api_client_set_max_response_bytes   (IvApiClient   *self,
                                                       gsize          max_bytes);
gsize          iv_api_client_get_max_response_bytes   (IvApiClient   *self);

/* Seconds before a request fails with IV_API_ERROR_TIMEOUT (default 30) */
void           iv_api_client_set_timeout              (IvApiClient   *self,
                                                       guint          seconds);
guint          iv_api_client_get_timeout              (IvApiClient   *self);

/* Tokens live in memory only.  set_tokens restores a saved session (it
 * does not emit ::tokens-changed); clear_tokens forgets them locally. */
gboolean       iv_api_client_get_signed_in            (IvApiClient   *self);
void           iv_api_client_set_tokens               (IvApiClient   *self,
                                                       const char    *access_token,
                                                       const char    *refresh_token);
const char    *iv_api_client_get_access_token         (IvApiClient   *self);
const char    *iv_api_client_get_refresh_token        (IvApiClient   *self);
void           iv_api_client_clear_tokens             (IvApiClient   *self);

/* Session ------------------------------------------------------------- */

/* POST /v1/session: keeps the tokens, answers the account */
void           iv_api_client_sign_in_async            (IvApiClient   *self,
                                                       const char    *account,
                                                       const char    *password,
                                                       GCancellable  *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer       user_data);
IvAccount     *iv_api_client_sign_in_finish           (IvApiClient   *self,
                                                       GAsyncResult  *result,
                                                       GError       **error);

/* POST /v1/session/refresh with the refresh token held (the client also
 * does this by itself on 401 token_expired) */
void           iv_api_client_refresh_async            (IvApiClient   *self,
                                                       GCancellable  *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer       user_data);
gboolean       iv_api_client_refresh_finish           (IvApiClient   *self,
                                                       GAsyncResult  *result,
                                                       GError       **error);

/* DELETE /v1/session: the tokens are forgotten locally whatever the
 * answer; an error only says the service may not have revoked them. */
void           iv_api_client_sign_out_async           (IvApiClient   *self,
                                                       GCancellable  *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer       user_data);
gboolean       iv_api_client_sign_out_finish          (IvApiClient   *self,
                                                       GAsyncResult  *result,
                                                       GError       **error);

/* Reads (etag: the caller's ETag for If-None-Match, or NULL) ----------- */
/* Lists: cursor NULL for the first page, limit 0 for the service's default.
 * Every *_finish of a resource call below answers an IvApiResponse. */

void           iv_api_client_get_account_async        (IvApiClient *self, const char *etag,
                                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
IvApiResponse *iv_api_client_get_account_finish       (IvApiClient *self, GAsyncResult *result, GError **error);   /* IvAccount */

void           iv_api_client_get_policy_async         (IvApiClient *self, const char *etag,
                                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
IvApiResponse *iv_api_client_get_policy_finish        (IvApiClient *self, GAsyncResult *result, GError **error);   /* IvPolicy */

void           iv_api_client_list_categories_async    (IvApiClient *self, const char *etag,
                                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
IvApiResponse *iv_api_client_list_categories_finish   (IvApiClient *self, GAsyncResult *result, GError **error);   /* IvListPage of IvCategory */

/* since < 0: everything live; since ≥ 0: changes after that revision, with tombstones */
void           iv_api_client_list_institutions_async  (IvApiClient *self, gint64 since, const char *cursor, guint limit, const char *etag,
                                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
IvApiResponse *iv_api_client_list_institutions_finish (IvApiClient *self, GAsyncResult *result, GError **error);   /* IvListPage of IvInstitution */

void           iv_api_client_list_services_async      (IvApiClient *self, gint64 since, const char *cursor, guint limit, const char *etag,
                                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
IvApiResponse *iv_api_client_list_services_finish     (IvApiClient *self, GAsyncResult *result, GError **error);   /* IvListPage of IvService */

void           iv_api_client_list_applications_async  (IvApiClient *self, const char *cursor, guint limit, const char *etag,
                                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
IvApiResponse *iv_api_client_list_applications_finish (IvApiClient *self, GAsyncResult *result, GError **error);   /* IvListPage of IvQuotaApplication */

void           iv_api_client_get_application_async    (IvApiClient *self, const char *id, const char *etag,
                                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
IvApiResponse *iv_api_client_get_application_finish   (IvApiClient *self, GAsyncResult *result, GError **error);   /* IvQuotaApplication */

void           iv_api_client_list_vouchers_async      (IvApiClient *self, const char *cursor, guint limit, const char *etag,
                                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
IvApiResponse *iv_api_client_list_vouchers_finish     (IvApiClient *self, GAsyncResult *result, GError **error);   /* IvListPage of IvVoucher */

void           iv_api_client_list_orders_async        (IvApiClient *self, const char *cursor, guint limit, const char *etag,
                                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
IvApiResponse *iv_api_client_list_orders_finish       (IvApiClient *self, GAsyncResult *result, GError **error);   /* IvListPage of IvOrder */

void           iv_api_client_get_order_async          (IvApiClient *self, const char *id, const char *etag,
                                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
IvApiResponse *iv_api_client_get_order_finish         (IvApiClient *self, GAsyncResult *result, GError **error);   /* IvOrder */

void           iv_api_client_list_claims_async        (IvApiClient *self, const char *cursor, guint limit, const char *etag,
                                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
IvApiResponse *iv_api_client_list_claims_finish       (IvApiClient *self, GAsyncResult *result, GError **error);   /* IvListPage of IvClaim */

void           iv_api_client_get_claim_async          (IvApiClient *self, const char *id, const char *etag,
                                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
IvApiResponse *iv_api_client_get_claim_finish         (IvApiClient *self, GAsyncResult *result, GError **error);   /* IvClaim */

void           iv_api_client_get_receipt_async        (IvApiClient *self, const char *claim_id, const char *etag,
                                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
IvApiResponse *iv_api_client_get_receipt_finish       (IvApiClient *self, GAsyncResult *result, GError **error);   /* IvReceipt */

/* GET /v1/receipts/verify?code= (public) */
void           iv_api_client_verify_receipt_async     (IvApiClient *self, const char *code,
                                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
gboolean       iv_api_client_verify_receipt_finish    (IvApiClient *self, GAsyncResult *result,
                                                       gboolean *out_genuine, char **out_claim_number, GError **error);

/* GET /v1/events?after=&wait= (long poll; wait_seconds ≤ 30).  A new
 * array of IvEvent (empty when the wait ended without news) and the
 * last_seq to pass as `after` next time. */
void           iv_api_client_get_events_async         (IvApiClient *self, gint64 after, guint wait_seconds,
                                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
GPtrArray     *iv_api_client_get_events_finish        (IvApiClient *self, GAsyncResult *result,
                                                       gint64 *out_last_seq, GError **error);

/* Writes ---------------------------------------------------------------- */

void           iv_api_client_create_application_async (IvApiClient *self, JsonNode *body, const char *idempotency_key,
                                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
IvApiResponse *iv_api_client_create_application_finish (IvApiClient *self, GAsyncResult *result, GError **error);  /* IvQuotaApplication */

/* PUT with If-Match: version (resubmission of a returned application) */
void           iv_api_client_update_application_async (IvApiClient *self, const char *id, gint64 version, JsonNode *body,
                                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
IvApiResponse *iv_api_client_update_application_finish (IvApiClient *self, GAsyncResult *result, GError **error);  /* IvQuotaApplication */

/* idempotency_key may be NULL (the contract does not require one here) */
void           iv_api_client_withdraw_application_async (IvApiClient *self, const char *id, const char *idempotency_key,
                                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
IvApiResponse *iv_api_client_withdraw_application_finish (IvApiClient *self, GAsyncResult *result, GError **error); /* IvQuotaApplication */

void           iv_api_client_create_order_async       (IvApiClient *self, JsonNode *body, const char *idempotency_key,
                                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
IvApiResponse *iv_api_client_create_order_finish      (IvApiClient *self, GAsyncResult *result, GError **error);   /* IvOrder */

void           iv_api_client_cancel_order_async       (IvApiClient *self, const char *id, const char *idempotency_key,
                                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
IvApiResponse *iv_api_client_cancel_order_finish      (IvApiClient *self, GAsyncResult *result, GError **error);   /* IvOrder */

/* POST /v1/attachments: content_type application/pdf, image/png or
 * image/jpeg; filename in UTF-8 (sent percent-encoded in X-Filename) */
void           iv_api_client_upload_attachment_async  (IvApiClient *self, GBytes *bytes, const char *content_type,
                                                       const char *filename, const char *idempotency_key,
                                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
IvApiResponse *iv_api_client_upload_attachment_finish (IvApiClient *self, GAsyncResult *result, GError **error);   /* IvAttachment */

/* The same from a file; filename NULL uses the file's display name */
void           iv_api_client_upload_attachment_file_async (IvApiClient *self, GFile *file, const char *content_type,
                                                       const char *filename, const char *idempotency_key,
                                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
IvApiResponse *iv_api_client_upload_attachment_file_finish (IvApiClient *self, GAsyncResult *result, GError **error); /* IvAttachment */

void           iv_api_client_create_claim_async       (IvApiClient *self, JsonNode *body, const char *idempotency_key,
                                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
IvApiResponse *iv_api_client_create_claim_finish      (IvApiClient *self, GAsyncResult *result, GError **error);   /* IvClaim */

void           iv_api_client_update_claim_async       (IvApiClient *self, const char *id, gint64 version, JsonNode *body,
                                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
IvApiResponse *iv_api_client_update_claim_finish      (IvApiClient *self, GAsyncResult *result, GError **error);   /* IvClaim */

G_END_DECLS
