/* iv-api-error.c: the API client's extended error domain and its user messages */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "iv-api-error.h"

typedef struct {
  IvApiErrorDetails details;
} IvApiErrorPrivate;

static void
iv_api_error_private_init (IvApiErrorPrivate *priv)
{
  /* The macro's accessor may return NULL (g_return_val_if_fail) */
  if (priv == NULL)
    return;
  priv->details.http_status = 0;
  priv->details.server_code = NULL;
  priv->details.server_message = NULL;
  priv->details.field = NULL;
  priv->details.retry_after = -1;
}

static void
iv_api_error_private_copy (const IvApiErrorPrivate *src,
                           IvApiErrorPrivate       *dest)
{
  if (src == NULL || dest == NULL)
    return;
  dest->details.http_status = src->details.http_status;
  dest->details.server_code = g_strdup (src->details.server_code);
  dest->details.server_message = g_strdup (src->details.server_message);
  dest->details.field = g_strdup (src->details.field);
  dest->details.retry_after = src->details.retry_after;
}

static void
iv_api_error_private_clear (IvApiErrorPrivate *priv)
{
  if (priv == NULL)
    return;
  g_clear_pointer (&priv->details.server_code, g_free);
  g_clear_pointer (&priv->details.server_message, g_free);
  g_clear_pointer (&priv->details.field, g_free);
}

G_DEFINE_EXTENDED_ERROR (IvApiError, iv_api_error)

/* The api.md codes (and the few the reference service adds) */
static const struct {
  const char *server_code;
  IvApiError  code;
} server_codes[] = {
  { "invalid_credentials",     IV_API_ERROR_INVALID_CREDENTIALS },
  { "too_many_attempts",       IV_API_ERROR_TOO_MANY_ATTEMPTS },
  { "token_expired",           IV_API_ERROR_TOKEN_EXPIRED },
  { "refresh_token_invalid",   IV_API_ERROR_REFRESH_TOKEN_INVALID },
  { "missing_idempotency_key", IV_API_ERROR_MISSING_IDEMPOTENCY_KEY },
  { "idempotency_key_reused",  IV_API_ERROR_IDEMPOTENCY_KEY_REUSED },
  { "version_conflict",        IV_API_ERROR_VERSION_CONFLICT },
  { "precondition_required",   IV_API_ERROR_PRECONDITION_REQUIRED },
  { "body_too_large",          IV_API_ERROR_BODY_TOO_LARGE },
  { "rate_limited",            IV_API_ERROR_RATE_LIMITED },
  { "maintenance",             IV_API_ERROR_MAINTENANCE },
  { "amount_exceeds_cap",      IV_API_ERROR_AMOUNT_EXCEEDS_CAP },
  { "invalid_phone",           IV_API_ERROR_INVALID_PHONE },
  { "missing_field",           IV_API_ERROR_MISSING_FIELD },
  { "year_closed",             IV_API_ERROR_YEAR_CLOSED },
  { "voucher_expired",         IV_API_ERROR_VOUCHER_EXPIRED },
  { "voucher_insufficient",    IV_API_ERROR_VOUCHER_INSUFFICIENT },
  { "service_unavailable",     IV_API_ERROR_SERVICE_UNAVAILABLE },
  { "unsupported_media_type",  IV_API_ERROR_UNSUPPORTED_MEDIA_TYPE },
  { "order_not_completed",     IV_API_ERROR_ORDER_NOT_COMPLETED },
  { "claim_exists_for_order",  IV_API_ERROR_CLAIM_EXISTS_FOR_ORDER },
  { "invoice_amount_mismatch", IV_API_ERROR_INVOICE_AMOUNT_MISMATCH },
  { "invalid_invoice_number",  IV_API_ERROR_INVALID_INVOICE_NUMBER },
  { "missing_document",        IV_API_ERROR_MISSING_DOCUMENT },
  { "redeem_deadline_passed",  IV_API_ERROR_REDEEM_DEADLINE_PASSED },
  { "not_found",               IV_API_ERROR_NOT_FOUND },
  { "invalid_parameter",       IV_API_ERROR_INVALID_PARAMETER },
  { "invalid_json",            IV_API_ERROR_INVALID_JSON },
  { "invalid_state",           IV_API_ERROR_INVALID_STATE },
  { "unauthorized",            IV_API_ERROR_UNAUTHORIZED },
  { "forbidden",               IV_API_ERROR_FORBIDDEN },
  { "method_not_allowed",      IV_API_ERROR_METHOD_NOT_ALLOWED },
  { "internal_error",          IV_API_ERROR_INTERNAL_ERROR },
};

GError *
iv_api_error_new_full (IvApiError  code,
                       guint       http_status,
                       const char *server_code,
                       const char *server_message,
                       const char *field,
                       gint        retry_after,
                       const char *format,
                       ...)
{
  GError *error;
  IvApiErrorPrivate *priv;
  va_list args;

  va_start (args, format);
  error = g_error_new_valist (IV_API_ERROR, code, format, args);
  va_end (args);

  priv = iv_api_error_get_private (error);
  if (priv == NULL)
    return error;
  priv->details.http_status = http_status;
  priv->details.server_code = g_strdup (server_code);
  priv->details.server_message = g_strdup (server_message);
  priv->details.field = g_strdup (field);
  priv->details.retry_after = retry_after >= 0 ? retry_after : -1;

  return error;
}

const IvApiErrorDetails *
iv_api_error_get_details (const GError *error)
{
  IvApiErrorPrivate *priv;

  if (error == NULL || error->domain != IV_API_ERROR)
    return NULL;

  priv = iv_api_error_get_private (error);
  return priv != NULL ? &priv->details : NULL;
}

guint
iv_api_error_get_http_status (const GError *error)
{
  const IvApiErrorDetails *details = iv_api_error_get_details (error);

  return details != NULL ? details->http_status : 0;
}

const char *
iv_api_error_get_server_code (const GError *error)
{
  const IvApiErrorDetails *details = iv_api_error_get_details (error);

  return details != NULL ? details->server_code : NULL;
}

const char *
iv_api_error_get_server_message (const GError *error)
{
  const IvApiErrorDetails *details = iv_api_error_get_details (error);

  return details != NULL ? details->server_message : NULL;
}

const char *
iv_api_error_get_field (const GError *error)
{
  const IvApiErrorDetails *details = iv_api_error_get_details (error);

  return details != NULL ? details->field : NULL;
}

gint
iv_api_error_get_retry_after (const GError *error)
{
  const IvApiErrorDetails *details = iv_api_error_get_details (error);

  return details != NULL ? details->retry_after : -1;
}

gboolean
iv_api_error_is_retryable (const GError *error)
{
  guint status;

  if (error == NULL || error->domain != IV_API_ERROR)
    return FALSE;

  switch ((IvApiError) error->code)
    {
    case IV_API_ERROR_NETWORK:
    case IV_API_ERROR_TIMEOUT:
    case IV_API_ERROR_SERVER:
    case IV_API_ERROR_RATE_LIMITED:
    case IV_API_ERROR_MAINTENANCE:
    case IV_API_ERROR_INTERNAL_ERROR:
    /* A corrupt, truncated or oversized answer is a fault on the way
     * (proxy, dropped connection); the same request may well succeed. */
    case IV_API_ERROR_PARSE:
    case IV_API_ERROR_TOO_LARGE:
      return TRUE;
    default:
      break;
    }

  status = iv_api_error_get_http_status (error);
  return status == 408 || status == 429 || status >= 500;
}

IvApiError
iv_api_error_from_server_code (const char *server_code,
                               guint       http_status)
{
  if (server_code != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (server_codes); i++)
        if (g_str_equal (server_codes[i].server_code, server_code))
          return server_codes[i].code;
    }

  switch (http_status)
    {
    case 401: return IV_API_ERROR_UNAUTHORIZED;
    case 403: return IV_API_ERROR_FORBIDDEN;
    case 404: return IV_API_ERROR_NOT_FOUND;
    case 405: return IV_API_ERROR_METHOD_NOT_ALLOWED;
    case 408: return IV_API_ERROR_TIMEOUT;
    case 412: return IV_API_ERROR_VERSION_CONFLICT;
    case 413: return IV_API_ERROR_BODY_TOO_LARGE;
    case 415: return IV_API_ERROR_UNSUPPORTED_MEDIA_TYPE;
    case 428: return IV_API_ERROR_PRECONDITION_REQUIRED;
    case 429: return IV_API_ERROR_RATE_LIMITED;
    default:
      break;
    }

  if (http_status >= 500 && http_status < 600)
    return IV_API_ERROR_SERVER;

  return IV_API_ERROR_UNKNOWN;
}

const char *
iv_api_error_to_server_code (IvApiError code)
{
  for (guint i = 0; i < G_N_ELEMENTS (server_codes); i++)
    if (server_codes[i].code == code)
      return server_codes[i].server_code;

  return NULL;
}

static char *
too_many_attempts_message (const GError *error)
{
  gint seconds = iv_api_error_get_retry_after (error);
  gint minutes;

  /* The contract's window is 15 minutes; Retry-After says how much is left */
  minutes = seconds > 0 ? (seconds + 59) / 60 : 15;

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Too many failed sign-ins. Please try again in %d minute.",
                                       "Too many failed sign-ins. Please try again in %d minutes.",
                                       minutes),
                          minutes);
}

char *
iv_api_error_to_user_message (const GError *error)
{
  const char *server_message;

  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return NULL;

  if (error->domain != IV_API_ERROR)
    return g_strdup (_("Something went wrong while talking to the voucher service."));

  switch ((IvApiError) error->code)
    {
    case IV_API_ERROR_NETWORK:
      return g_strdup (_("Cannot reach the voucher service. Check your network connection."));
    case IV_API_ERROR_TIMEOUT:
      return g_strdup (_("The voucher service did not answer in time. Please try again."));
    case IV_API_ERROR_TLS:
      return g_strdup (_("The server’s certificate could not be verified. The connection was refused to protect your data."));
    case IV_API_ERROR_PARSE:
      return g_strdup (_("The voucher service sent an answer the app cannot read."));
    case IV_API_ERROR_TOO_LARGE:
      return g_strdup (_("The voucher service sent an answer that is too large."));
    case IV_API_ERROR_SERVER:
    case IV_API_ERROR_INTERNAL_ERROR:
      return g_strdup (_("The voucher service has a problem. Please try again later."));
    case IV_API_ERROR_NOT_SIGNED_IN:
      return g_strdup (_("Please sign in first."));
    case IV_API_ERROR_SESSION_EXPIRED:
    case IV_API_ERROR_REFRESH_TOKEN_INVALID:
    case IV_API_ERROR_TOKEN_EXPIRED:
      return g_strdup (_("Your session has expired. Please sign in again."));
    case IV_API_ERROR_UNAUTHORIZED:
      return g_strdup (_("You are not signed in, or your sign-in is no longer valid."));
    case IV_API_ERROR_INVALID_CREDENTIALS:
      return g_strdup (_("Wrong account or password."));
    case IV_API_ERROR_TOO_MANY_ATTEMPTS:
      return too_many_attempts_message (error);
    case IV_API_ERROR_MISSING_IDEMPOTENCY_KEY:
      return g_strdup (_("The request was incomplete (no idempotency key). This is a bug in the app."));
    case IV_API_ERROR_IDEMPOTENCY_KEY_REUSED:
      return g_strdup (_("This request conflicts with an earlier one sent under the same key."));
    case IV_API_ERROR_VERSION_CONFLICT:
      return g_strdup (_("This item was changed on the server in the meantime. Please reload it and submit again."));
    case IV_API_ERROR_PRECONDITION_REQUIRED:
      return g_strdup (_("The update was sent without a version. This is a bug in the app."));
    case IV_API_ERROR_BODY_TOO_LARGE:
      return g_strdup (_("The data you are sending is too large."));
    case IV_API_ERROR_RATE_LIMITED:
      return g_strdup (_("Too many requests. Please wait a moment and try again."));
    case IV_API_ERROR_MAINTENANCE:
      return g_strdup (_("The voucher service is under maintenance. Please try again later."));
    case IV_API_ERROR_AMOUNT_EXCEEDS_CAP:
      return g_strdup (_("The amount is more than the quota left for this year."));
    case IV_API_ERROR_INVALID_PHONE:
      return g_strdup (_("The phone number is not valid."));
    case IV_API_ERROR_MISSING_FIELD:
      return g_strdup (_("A required field is empty."));
    case IV_API_ERROR_YEAR_CLOSED:
      return g_strdup (_("Applications for this year are closed."));
    case IV_API_ERROR_VOUCHER_EXPIRED:
      return g_strdup (_("The voucher has passed its use-by date."));
    case IV_API_ERROR_VOUCHER_INSUFFICIENT:
      return g_strdup (_("The voucher’s available balance is not enough for this order."));
    case IV_API_ERROR_SERVICE_UNAVAILABLE:
      return g_strdup (_("This service cannot be booked with a voucher at the moment."));
    case IV_API_ERROR_UNSUPPORTED_MEDIA_TYPE:
      return g_strdup (_("This file type is not accepted. Please use PDF, PNG or JPEG files."));
    case IV_API_ERROR_ORDER_NOT_COMPLETED:
      return g_strdup (_("The order is not completed yet, so no claim can be made for it."));
    case IV_API_ERROR_CLAIM_EXISTS_FOR_ORDER:
      return g_strdup (_("A claim has already been made for this order."));
    case IV_API_ERROR_INVOICE_AMOUNT_MISMATCH:
      return g_strdup (_("The invoice amount does not match the contract amount."));
    case IV_API_ERROR_INVALID_INVOICE_NUMBER:
      return g_strdup (_("The invoice code or number is not valid."));
    case IV_API_ERROR_MISSING_DOCUMENT:
      return g_strdup (_("A required document is missing. The contract, invoice, proof of payment and service report are all needed."));
    case IV_API_ERROR_REDEEM_DEADLINE_PASSED:
      return g_strdup (_("The voucher has passed its redeem-by date."));
    case IV_API_ERROR_NOT_FOUND:
      return g_strdup (_("The item was not found. It may have been removed."));
    case IV_API_ERROR_INVALID_PARAMETER:
      return g_strdup (_("The request contained a value the voucher service does not accept."));
    case IV_API_ERROR_INVALID_JSON:
      return g_strdup (_("The voucher service could not read the request."));
    case IV_API_ERROR_INVALID_STATE:
      return g_strdup (_("This is not possible in the item’s current state."));
    case IV_API_ERROR_FORBIDDEN:
      return g_strdup (_("You are not allowed to do this."));
    case IV_API_ERROR_METHOD_NOT_ALLOWED:
      return g_strdup (_("The voucher service does not support this request."));
    case IV_API_ERROR_UNKNOWN:
    default:
      break;
    }

  /* An unknown code: the service's own (zh_CN) text is better than nothing */
  server_message = iv_api_error_get_server_message (error);
  if (server_message != NULL && *server_message != '\0')
    return g_strdup_printf (_("The voucher service reported: %s"), server_message);

  return g_strdup (_("Something went wrong while talking to the voucher service."));
}
