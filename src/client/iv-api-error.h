/* iv-api-error.h: the API client's error domain, with the HTTP details of each failure
 *
 * IV_API_ERROR is an extended GError domain: every error carries the HTTP
 * status (0 when no answer came), the server's snake_case code, message
 * and field, and Retry-After.  The details survive g_error_copy() and
 * g_task_return_error(), so they can travel to the outbox and the UI.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define IV_API_ERROR (iv_api_error_quark ())

typedef enum {
  /* Transport and decoding: no usable answer */
  IV_API_ERROR_UNKNOWN,                  /* an answer we cannot classify */
  IV_API_ERROR_NETWORK,                  /* connection refused, dropped, truncated, DNS, … */
  IV_API_ERROR_TIMEOUT,                  /* no answer in time */
  IV_API_ERROR_TLS,                      /* certificate not trusted, handshake failed */
  IV_API_ERROR_PARSE,                    /* not JSON, wrong Content-Type, wrong shape */
  IV_API_ERROR_TOO_LARGE,                /* the answer is over the byte cap */
  IV_API_ERROR_SERVER,                   /* 5xx without a more precise code */

  /* Client-side session state */
  IV_API_ERROR_NOT_SIGNED_IN,            /* an authenticated call without tokens */
  IV_API_ERROR_SESSION_EXPIRED,          /* the refresh failed: sign in again */
  IV_API_ERROR_UNAUTHORIZED,             /* any other 401 */

  /* The codes of api.md, one each */
  IV_API_ERROR_INVALID_CREDENTIALS,
  IV_API_ERROR_TOO_MANY_ATTEMPTS,
  IV_API_ERROR_TOKEN_EXPIRED,
  IV_API_ERROR_REFRESH_TOKEN_INVALID,
  IV_API_ERROR_MISSING_IDEMPOTENCY_KEY,
  IV_API_ERROR_IDEMPOTENCY_KEY_REUSED,
  IV_API_ERROR_VERSION_CONFLICT,
  IV_API_ERROR_PRECONDITION_REQUIRED,
  IV_API_ERROR_BODY_TOO_LARGE,
  IV_API_ERROR_RATE_LIMITED,
  IV_API_ERROR_MAINTENANCE,
  IV_API_ERROR_AMOUNT_EXCEEDS_CAP,
  IV_API_ERROR_INVALID_PHONE,
  IV_API_ERROR_MISSING_FIELD,
  IV_API_ERROR_YEAR_CLOSED,
  IV_API_ERROR_VOUCHER_EXPIRED,
  IV_API_ERROR_VOUCHER_INSUFFICIENT,
  IV_API_ERROR_SERVICE_UNAVAILABLE,
  IV_API_ERROR_UNSUPPORTED_MEDIA_TYPE,
  IV_API_ERROR_ORDER_NOT_COMPLETED,
  IV_API_ERROR_CLAIM_EXISTS_FOR_ORDER,
  IV_API_ERROR_INVOICE_AMOUNT_MISMATCH,
  IV_API_ERROR_INVALID_INVOICE_NUMBER,
  IV_API_ERROR_MISSING_DOCUMENT,
  IV_API_ERROR_REDEEM_DEADLINE_PASSED,
  IV_API_ERROR_NOT_FOUND,
  IV_API_ERROR_INVALID_PARAMETER,
  IV_API_ERROR_INVALID_JSON,
  IV_API_ERROR_INVALID_STATE,            /* e.g. updating an application that is not returned */
  IV_API_ERROR_FORBIDDEN,
  IV_API_ERROR_METHOD_NOT_ALLOWED,
  IV_API_ERROR_INTERNAL_ERROR,
} IvApiError;

#define IV_API_ERROR_N_CODES (IV_API_ERROR_INTERNAL_ERROR + 1)

/* What a failure carries besides its code and message */
typedef struct {
  guint  http_status;     /* 0: no HTTP answer (network, TLS, timeout) */
  char  *server_code;     /* "voucher_insufficient" as sent, or NULL */
  char  *server_message;  /* the service's zh_CN text, a fallback only */
  char  *field;           /* JSON path of the offending field, or NULL */
  gint   retry_after;     /* seconds, -1 when absent */
} IvApiErrorDetails;

GQuark                   iv_api_error_quark               (void);

/* Makes an IV_API_ERROR with its details; any string may be NULL. */
GError                  *iv_api_error_new_full            (IvApiError    code,
                                                           guint         http_status,
                                                           const char   *server_code,
                                                           const char   *server_message,
                                                           const char   *field,
                                                           gint          retry_after,
                                                           const char   *format,
                                                           ...) G_GNUC_PRINTF (7, 8);

/* The details of an IV_API_ERROR, NULL for other domains */
const IvApiErrorDetails *iv_api_error_get_details         (const GError *error);
guint                    iv_api_error_get_http_status     (const GError *error);
const char              *iv_api_error_get_server_code     (const GError *error);
const char              *iv_api_error_get_server_message  (const GError *error);
const char              *iv_api_error_get_field           (const GError *error);
/* Seconds to wait before trying again, -1 when the server said nothing */
gint                     iv_api_error_get_retry_after     (const GError *error);

/* TRUE when the same request may succeed later unchanged: network,
 * timeout, a malformed or truncated answer, 408, 429, 5xx.  Writes carry
 * their idempotency key, so resending them is safe. */
gboolean                 iv_api_error_is_retryable        (const GError *error);

/* "voucher_insufficient" → IV_API_ERROR_VOUCHER_INSUFFICIENT; unknown
 * codes give the closest class for the HTTP status. */
IvApiError               iv_api_error_from_server_code    (const char   *server_code,
                                                           guint         http_status);
/* The api.md code for codes that have one, else NULL */
const char              *iv_api_error_to_server_code      (IvApiError    code);

/* A clear, translated sentence for a person, for any GError (cancellation
 * gives NULL: it is never shown). */
char                    *iv_api_error_to_user_message     (const GError *error);

G_END_DECLS
