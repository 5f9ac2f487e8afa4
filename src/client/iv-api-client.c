/* iv-api-client.c: the voucher service's HTTP API over one SoupSession */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "iv-api-client.h"

/* How much of an answer is read at a time */
#define READ_CHUNK_BYTES (64 * 1024)
/* Token strings the service sends are far shorter; anything longer is hostile */
#define MAX_TOKEN_CHARS 4096
/* Extra seconds a long poll may take beyond its wait */
#define LONG_POLL_GRACE 15

/* Decodes a parsed body into a domain GObject */
typedef gpointer (*DecodeFunc) (JsonNode  *node,
                                GError   **error);

struct _IvApiClient
{
  GObject       parent_instance;

  char         *base_url;
  SoupSession  *session;

  char         *extra_ca_file;
  GTlsDatabase *extra_ca;

  gsize         max_response_bytes;
  guint         timeout;

  char         *access_token;
  char         *refresh_token;

  /* Calls waiting for the one refresh in flight (GTask*) */
  GPtrArray    *refresh_waiters;
  gboolean      refreshing;
};

G_DEFINE_FINAL_TYPE (IvApiClient, iv_api_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_EXTRA_CA_FILE,
  PROP_MAX_RESPONSE_BYTES,
  PROP_TIMEOUT,
  PROP_SIGNED_IN,
  N_PROPS
};

enum {
  SESSION_EXPIRED,
  TOKENS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* An attempt is never cancelled directly, but from an idle of lower
 * priority than the message's.  libsoup 3.6 (Debian 13) reads the headers
 * of a quick answer in the iteration that sent the request, so their GTask
 * completes from an idle; a cancel that lands before that idle runs makes
 * it finish the message twice and free it under soup_session_send_finish ()
 * (heap corruption).  A source of lower priority runs only once no such
 * completion is pending. */
typedef struct {
  GCancellable *cancellable;  /* the attempt's */
  GMainContext *context;      /* where it was sent */
} AttemptCancel;

static AttemptCancel *
attempt_cancel_new (GCancellable *cancellable)
{
  AttemptCancel *ac = g_new0 (AttemptCancel, 1);

  ac->cancellable = g_object_ref (cancellable);
  ac->context = g_main_context_ref_thread_default ();
  return ac;
}

static void
attempt_cancel_free (AttemptCancel *ac)
{
  g_object_unref (ac->cancellable);
  g_main_context_unref (ac->context);
  g_free (ac);
}

/* One API call, possibly sent twice (after a token refresh) */
typedef struct {
  char         *method;
  char         *path;             /* "/v1/claims/c1", escaped */
  char         *query;            /* "cursor=…&limit=…" or NULL */
  GBytes       *body;
  char         *body_type;
  char         *idempotency_key;
  char         *if_none_match;
  char         *if_match;
  char         *filename;         /* X-Filename, already percent-encoded */
  gboolean      auth;
  gboolean      retried;          /* refreshed once already: no second time */
  gboolean      session_answer;   /* sign-in or refresh: keep the tokens */
  guint         timeout_s;
  DecodeFunc    decode;

  /* The attempt in progress */
  SoupMessage  *msg;
  GInputStream *stream;
  GByteArray   *received;
  GCancellable *attempt_cancellable;
  AttemptCancel *attempt_cancel;  /* for the timeout and the caller's cancel */
  GCancellable *caller_cancellable;
  gulong        caller_cancelled_id;
  guint         timeout_id;
  gboolean      timed_out;
  gint64        started_us;
  char         *sent_access_token;  /* the token this attempt carried */
} Request;

static void request_send (GTask *task);

/* Helpers ------------------------------------------------------------------- */

static void
attempt_reset (Request *req)
{
  if (req->caller_cancelled_id != 0)
    g_cancellable_disconnect (req->caller_cancellable, req->caller_cancelled_id);
  req->caller_cancelled_id = 0;
  g_clear_handle_id (&req->timeout_id, g_source_remove);
  g_clear_object (&req->stream);
  g_clear_object (&req->msg);
  g_clear_object (&req->attempt_cancellable);
  g_clear_pointer (&req->attempt_cancel, attempt_cancel_free);
  g_clear_pointer (&req->received, g_byte_array_unref);
  req->timed_out = FALSE;
}

static void wipe_token (char **token);

static void
request_free (Request *req)
{
  attempt_reset (req);
  wipe_token (&req->sent_access_token);
  g_clear_object (&req->caller_cancellable);
  g_free (req->method);
  g_free (req->path);
  g_free (req->query);
  g_clear_pointer (&req->body, g_bytes_unref);
  g_free (req->body_type);
  g_free (req->idempotency_key);
  g_free (req->if_none_match);
  g_free (req->if_match);
  g_free (req->filename);
  g_free (req);
}

static Request *
request_new (const char *method,
             const char *path,
             gboolean    auth,
             DecodeFunc  decode)
{
  Request *req = g_new0 (Request, 1);

  req->method = g_strdup (method);
  req->path = g_strdup (path);
  req->auth = auth;
  req->decode = decode;

  return req;
}

static void
request_set_json_body (Request  *req,
                       JsonNode *body)
{
  g_autofree char *text = json_to_string (body, FALSE);
  gsize length = strlen (text);

  req->body = g_bytes_new_take (g_steal_pointer (&text), length);
  req->body_type = g_strdup ("application/json");
}

static char *
escape_segment (const char *segment)
{
  /* Ids go into paths: nothing of them may act as a separator */
  return g_uri_escape_string (segment, NULL, FALSE);
}

static void
query_add (GString    *query,
           const char *name,
           const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

  if (query->len > 0)
    g_string_append_c (query, '&');
  g_string_append_printf (query, "%s=%s", name, escaped);
}

static char *
list_query (gint64      since,
            const char *cursor,
            guint       limit)
{
  GString *query = g_string_new (NULL);

  if (since >= 0)
    {
      char number[32];
      g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, since);
      query_add (query, "since", number);
    }
  if (cursor != NULL)
    query_add (query, "cursor", cursor);
  if (limit > 0)
    {
      char number[16];
      g_snprintf (number, sizeof number, "%u", limit);
      query_add (query, "limit", number);
    }

  if (query->len == 0)
    {
      g_string_free (query, TRUE);
      return NULL;
    }
  return g_string_free (query, FALSE);
}

/* Method, path (never the query), status and time; never a header or a
 * body, so no token can reach a log.  Only in debug builds, and only when
 * G_MESSAGES_DEBUG asks for iv-client. */
static void
log_exchange (Request *req,
              guint    status)
{
#ifndef NDEBUG
  if (g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN))
    return;

  g_debug ("%s %s -> %u (%" G_GINT64_FORMAT " ms)",
           req->method, req->path, status,
           (g_get_monotonic_time () - req->started_us) / 1000);
#endif
}

static gint
parse_retry_after (SoupMessageHeaders *headers)
{
  const char *value = soup_message_headers_get_one (headers, "Retry-After");
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = NULL;
  guint64 seconds;

  if (value == NULL)
    return -1;

  if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT, &seconds, NULL))
    return (gint) seconds;

  when = soup_date_time_new_from_http_string (value);
  if (when == NULL)
    return -1;

  now = g_date_time_new_now_utc ();
  return (gint) CLAMP (g_date_time_difference (when, now) / G_TIME_SPAN_SECOND, 0, G_MAXINT);
}

static gboolean
is_json_content_type (SoupMessageHeaders *headers)
{
  const char *type = soup_message_headers_get_content_type (headers, NULL);

  return type != NULL && g_ascii_strcasecmp (type, "application/json") == 0;
}

/* A transport failure (no HTTP answer, or a broken one) as IV_API_ERROR */
static GError *
map_transport_error (Request      *req,
                     const GError *error)
{
  IvApiError code = IV_API_ERROR_NETWORK;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (!req->timed_out)
        return g_error_copy (error);
      code = IV_API_ERROR_TIMEOUT;
    }
  else if (error->domain == G_TLS_ERROR)
    code = IV_API_ERROR_TLS;
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    code = IV_API_ERROR_TIMEOUT;

  return iv_api_error_new_full (code, 0, NULL, NULL, NULL, -1,
                                "%s %s: %s", req->method, req->path,
                                code == IV_API_ERROR_TIMEOUT ? "timed out" : error->message);
}

static void
request_fail (GTask  *task,
              GError *error)
{
  Request *req = g_task_get_task_data (task);

  attempt_reset (req);
  g_task_return_error (task, error);
}

/* Tokens -------------------------------------------------------------------- */

static void
set_tokens_internal (IvApiClient *self,
                     const char  *access_token,
                     const char  *refresh_token,
                     gboolean     emit_changed)
{
  gboolean was_signed_in = iv_api_client_get_signed_in (self);

  g_free (self->access_token);
  self->access_token = g_strdup (access_token);
  g_free (self->refresh_token);
  self->refresh_token = g_strdup (refresh_token);

  if (emit_changed)
    g_signal_emit (self, signals[TOKENS_CHANGED], 0);
  if (was_signed_in != iv_api_client_get_signed_in (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
}

/* The session answer {access_token, refresh_token, expires_in, account} */
static gpointer
decode_session (JsonNode  *node,
                GError   **error)
{
  g_autoptr(IvJsonReader) reader = NULL;
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;
  gint64 expires_in;

  reader = iv_json_reader_new (node, "session", error);
  if (reader == NULL)
    return NULL;

  if (!iv_json_reader_read_string (reader, "access_token", IV_JSON_REQUIRED, MAX_TOKEN_CHARS, &access, error) ||
      !iv_json_reader_read_string (reader, "refresh_token", IV_JSON_REQUIRED, MAX_TOKEN_CHARS, &refresh, error) ||
      !iv_json_reader_read_int (reader, "expires_in", IV_JSON_REQUIRED, 0, G_MAXINT32, &expires_in, NULL, error))
    return NULL;

  if (*access == '\0' || *refresh == '\0')
    {
      iv_decode_error_set (error, IV_DECODE_ERROR_INVALID, "session.access_token", "empty token");
      return NULL;
    }

  if (!iv_json_reader_has (reader, "account"))
    {
      iv_decode_error_set (error, IV_DECODE_ERROR_MISSING, "session.account", "required");
      return NULL;
    }

  return iv_account_new_from_json_at (json_object_get_member (iv_json_reader_get_object (reader), "account"),
                                      "session.account", error);
}

static void
keep_session_tokens (IvApiClient *self,
                     JsonNode    *node)
{
  JsonObject *object = json_node_get_object (node);

  /* decode_session checked both are non-empty strings */
  set_tokens_internal (self,
                       json_object_get_string_member (object, "access_token"),
                       json_object_get_string_member (object, "refresh_token"),
                       TRUE);
}

/* Decoders ------------------------------------------------------------------ */

#define DECODER(f) ((DecodeFunc) (void (*) (void)) (f))

#define DEFINE_LIST_DECODER(name, item_decoder, flags)                        \
  static gpointer                                                             \
  name (JsonNode *node, GError **error)                                       \
  {                                                                           \
    return iv_list_page_new_from_json (node, IV_JSON_DECODE_FUNC (item_decoder), \
                                       flags, error);                         \
  }

DEFINE_LIST_DECODER (decode_category_list, iv_category_new_from_json_at, IV_LIST_PAGE_DEFAULT)
DEFINE_LIST_DECODER (decode_institution_list, iv_institution_new_from_json_at, IV_LIST_PAGE_ALLOW_TOMBSTONES)
DEFINE_LIST_DECODER (decode_service_list, iv_service_new_from_json_at, IV_LIST_PAGE_ALLOW_TOMBSTONES)
DEFINE_LIST_DECODER (decode_application_list, iv_quota_application_new_from_json_at, IV_LIST_PAGE_DEFAULT)
DEFINE_LIST_DECODER (decode_voucher_list, iv_voucher_new_from_json_at, IV_LIST_PAGE_DEFAULT)
DEFINE_LIST_DECODER (decode_order_list, iv_order_new_from_json_at, IV_LIST_PAGE_DEFAULT)
DEFINE_LIST_DECODER (decode_claim_list, iv_claim_new_from_json_at, IV_LIST_PAGE_DEFAULT)

/* The events page travels as an IvListPage whose revision is last_seq */
static gpointer
decode_events (JsonNode  *node,
               GError   **error)
{
  g_autoptr(GPtrArray) events = NULL;
  gint64 last_seq = 0;

  events = iv_event_list_new_from_json (node, &last_seq, error);
  if (events == NULL)
    return NULL;

  return iv_list_page_new (events, NULL, last_seq, NULL);
}

/* Answers ------------------------------------------------------------------- */

static GError *
error_from_answer (Request            *req,
                   guint               status,
                   SoupMessageHeaders *headers,
                   GBytes             *bytes)
{
  g_autoptr(IvErrorBody) body = NULL;
  gint retry_after = parse_retry_after (headers);
  IvApiError code;

  if (bytes != NULL && g_bytes_get_size (bytes) > 0 && is_json_content_type (headers))
    {
      g_autoptr(JsonNode) node = iv_json_parse_bytes (bytes, g_bytes_get_size (bytes), NULL);

      if (node != NULL)
        body = iv_error_body_new_from_json (node, NULL);
    }

  if (body == NULL)
    {
      /* No readable error body (a proxy, or the HTTP layer itself):
       * the status class is all we know */
      code = iv_api_error_from_server_code (NULL, status);

      return iv_api_error_new_full (code, status, NULL, NULL, NULL, retry_after,
                                    "%s %s: HTTP %u without an error body",
                                    req->method, req->path, status);
    }

  code = iv_api_error_from_server_code (iv_error_body_get_code (body), status);
  return iv_api_error_new_full (code, status,
                                iv_error_body_get_code (body),
                                iv_error_body_get_message (body),
                                iv_error_body_get_field (body),
                                retry_after,
                                "%s %s: HTTP %u %s",
                                req->method, req->path, status,
                                iv_error_body_get_code (body));
}

static void refresh_for (IvApiClient *self, GTask *waiter);

static void
handle_answer (GTask  *task,
               GBytes *bytes)
{
  IvApiClient *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (req->msg);
  guint status = soup_message_get_status (req->msg);
  const char *etag = soup_message_headers_get_one (headers, "ETag");
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GObject) object = NULL;
  g_autoptr(GError) local_error = NULL;

  log_exchange (req, status);

  if (status == 401 && req->auth && self->access_token != NULL &&
      g_strcmp0 (req->sent_access_token, self->access_token) != 0)
    {
      /* Another call refreshed the tokens while this one was on its way */
      attempt_reset (req);
      request_send (task);
      return;
    }

  if (status == 401 && req->auth && !req->retried && self->refresh_token != NULL)
    {
      /* token_expired (or a token the service no longer knows): refresh
       * once, silently, then send the same request again */
      req->retried = TRUE;
      attempt_reset (req);
      refresh_for (self, g_object_ref (task));
      return;
    }

  if (status == 304)
    {
      attempt_reset (req);
      g_task_return_pointer (task,
                             iv_api_response_new (status, etag != NULL ? etag : req->if_none_match, NULL, NULL),
                             g_object_unref);
      return;
    }

  if (status < 200 || status >= 300)
    {
      request_fail (task, error_from_answer (req, status, headers, bytes));
      return;
    }

  if (status == 204)
    {
      attempt_reset (req);
      g_task_return_pointer (task, iv_api_response_new (status, etag, NULL, NULL), g_object_unref);
      return;
    }

  if (!is_json_content_type (headers))
    {
      const char *type = soup_message_headers_get_content_type (headers, NULL);

      request_fail (task, iv_api_error_new_full (IV_API_ERROR_PARSE, status, NULL, NULL, NULL, -1,
                                                 "%s %s: unexpected Content-Type %s",
                                                 req->method, req->path,
                                                 type != NULL ? type : "(none)"));
      return;
    }

  node = iv_json_parse_bytes (bytes, self->max_response_bytes, &local_error);
  if (node != NULL && req->decode != NULL)
    object = req->decode (node, &local_error);

  if (local_error != NULL)
    {
      request_fail (task, iv_api_error_new_full (IV_API_ERROR_PARSE, status, NULL, NULL, NULL, -1,
                                                 "%s %s: %s", req->method, req->path,
                                                 local_error->message));
      return;
    }

  if (req->session_answer)
    keep_session_tokens (self, node);

  attempt_reset (req);
  g_task_return_pointer (task, iv_api_response_new (status, etag, object, node), g_object_unref);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IvApiClient *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  g_autoptr(GError) error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (chunk == NULL)
    {
      request_fail (task, map_transport_error (req, error));
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      g_autoptr(GBytes) body = g_byte_array_free_to_bytes (g_steal_pointer (&req->received));

      handle_answer (task, body);
      return;
    }

  if (req->received->len + g_bytes_get_size (chunk) > self->max_response_bytes)
    {
      request_fail (task, iv_api_error_new_full (IV_API_ERROR_TOO_LARGE,
                                                 soup_message_get_status (req->msg),
                                                 NULL, NULL, NULL, -1,
                                                 "%s %s: answer over %" G_GSIZE_FORMAT " bytes",
                                                 req->method, req->path, self->max_response_bytes));
      return;
    }

  g_byte_array_append (req->received, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  g_input_stream_read_bytes_async (req->stream, READ_CHUNK_BYTES, G_PRIORITY_DEFAULT,
                                   req->attempt_cancellable, read_cb, g_steal_pointer (&task));
}

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IvApiClient *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  req->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (req->stream == NULL)
    {
      request_fail (task, map_transport_error (req, error));
      return;
    }

  /* Refuse a declared over-size body before reading any of it */
  headers = soup_message_get_response_headers (req->msg);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > (goffset) self->max_response_bytes)
    {
      request_fail (task, iv_api_error_new_full (IV_API_ERROR_TOO_LARGE,
                                                 soup_message_get_status (req->msg),
                                                 NULL, NULL, NULL, -1,
                                                 "%s %s: answer of %" G_GOFFSET_FORMAT " bytes is over the cap",
                                                 req->method, req->path,
                                                 soup_message_headers_get_content_length (headers)));
      return;
    }

  req->received = g_byte_array_new ();
  g_input_stream_read_bytes_async (req->stream, READ_CHUNK_BYTES, G_PRIORITY_DEFAULT,
                                   req->attempt_cancellable, read_cb, g_steal_pointer (&task));
}

static gboolean
attempt_cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_REMOVE;
}

static void
attempt_cancel_later (AttemptCancel *ac)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (source, attempt_cancel_cb, g_object_ref (ac->cancellable), g_object_unref);
  g_source_set_static_name (source, "[iv] cancel request");
  g_source_attach (source, ac->context);
}

static gboolean
request_timeout_cb (gpointer user_data)
{
  Request *req = user_data;

  req->timeout_id = 0;
  req->timed_out = TRUE;
  attempt_cancel_later (req->attempt_cancel);

  return G_SOURCE_REMOVE;
}

/* May run on the thread that cancelled: touches only its AttemptCancel */
static void
caller_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  (void) cancellable;
  attempt_cancel_later (user_data);
}

/* A certificate the system store refused: trust it only if it chains to
 * the configured extra CA and names the host we asked for. */
static gboolean
accept_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  IvApiClient *self = IV_API_CLIENT (user_data);
  GUri *uri = soup_message_get_uri (msg);
  g_autoptr(GSocketConnectable) identity = NULL;
  g_autoptr(GError) error = NULL;
  GTlsCertificateFlags flags;

  if (self->extra_ca == NULL)
    return FALSE;

  identity = g_network_address_new (g_uri_get_host (uri), (guint16) g_uri_get_port (uri));
  flags = g_tls_database_verify_chain (self->extra_ca, certificate,
                                       G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER,
                                       identity, NULL, G_TLS_DATABASE_VERIFY_NONE,
                                       NULL, &error);

  return error == NULL && flags == 0;
}

static void
request_send (GTask *task)
{
  IvApiClient *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  g_autofree char *url = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  if (req->auth && self->access_token == NULL)
    {
      if (self->refresh_token != NULL && !req->retried)
        {
          req->retried = TRUE;
          refresh_for (self, g_object_ref (task));
        }
      else
        request_fail (task, iv_api_error_new_full (IV_API_ERROR_NOT_SIGNED_IN, 0, NULL, NULL, NULL, -1,
                                                   "%s %s: not signed in", req->method, req->path));
      return;
    }

  url = g_strconcat (self->base_url, req->path, req->query != NULL ? "?" : NULL, req->query, NULL);
  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, &error);
  if (uri == NULL)
    {
      request_fail (task, iv_api_error_new_full (IV_API_ERROR_NETWORK, 0, NULL, NULL, NULL, -1,
                                                 "%s %s: %s", req->method, req->path, error->message));
      return;
    }

  req->msg = soup_message_new_from_uri (req->method, uri);
  /* A redirect could carry the Authorization header elsewhere */
  soup_message_add_flags (req->msg, SOUP_MESSAGE_NO_REDIRECT);
  g_signal_connect_object (req->msg, "accept-certificate",
                           G_CALLBACK (accept_certificate_cb), self, G_CONNECT_DEFAULT);

  headers = soup_message_get_request_headers (req->msg);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (req->auth)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", self->access_token, NULL);
      soup_message_headers_replace (headers, "Authorization", bearer);
      wipe_token (&req->sent_access_token);
      req->sent_access_token = g_strdup (self->access_token);
    }
  if (req->idempotency_key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", req->idempotency_key);
  if (req->if_none_match != NULL)
    soup_message_headers_replace (headers, "If-None-Match", req->if_none_match);
  if (req->if_match != NULL)
    soup_message_headers_replace (headers, "If-Match", req->if_match);
  if (req->filename != NULL)
    soup_message_headers_replace (headers, "X-Filename", req->filename);
  if (req->body != NULL)
    soup_message_set_request_body_from_bytes (req->msg, req->body_type, req->body);

  req->attempt_cancellable = g_cancellable_new ();
  req->attempt_cancel = attempt_cancel_new (req->attempt_cancellable);
  if (req->caller_cancellable != NULL)
    /* attempt_reset () disconnects before it frees req->attempt_cancel (and
     * the disconnect waits for a handler running on another thread) */
    req->caller_cancelled_id = g_cancellable_connect (req->caller_cancellable,
                                                      G_CALLBACK (caller_cancelled_cb),
                                                      req->attempt_cancel, NULL);
  req->timeout_id = g_timeout_add_seconds (req->timeout_s > 0 ? req->timeout_s : self->timeout,
                                           request_timeout_cb, req);
  req->started_us = g_get_monotonic_time ();

  soup_session_send_async (self->session, req->msg, G_PRIORITY_DEFAULT,
                           req->attempt_cancellable, send_cb, g_object_ref (task));
}

/* Starts req; the task answers an IvApiResponse */
static void
request_start (IvApiClient         *self,
               Request             *req,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  req->caller_cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  g_task_set_task_data (task, req, (GDestroyNotify) request_free);

  request_send (task);
}

static IvApiResponse *
response_finish (IvApiClient   *self,
                 GAsyncResult  *result,
                 gpointer       source_tag,
                 GError       **error)
{
  g_return_val_if_fail (IV_IS_API_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Refresh ------------------------------------------------------------------- */

static gboolean
is_refresh_refused (const GError *error)
{
  return error->domain == IV_API_ERROR && iv_api_error_get_http_status (error) == 401;
}

static void
refresh_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  IvApiClient *self = IV_API_CLIENT (source);
  g_autoptr(IvApiResponse) response = NULL;
  g_autoptr(GPtrArray) waiters = NULL;
  g_autoptr(GError) error = NULL;
  gboolean expired = FALSE;

  response = g_task_propagate_pointer (G_TASK (result), &error);

  self->refreshing = FALSE;
  waiters = g_steal_pointer (&self->refresh_waiters);
  self->refresh_waiters = g_ptr_array_new_with_free_func (g_object_unref);

  if (error != NULL && is_refresh_refused (error))
    {
      /* The refresh token is no good: the user must sign in again */
      expired = TRUE;
      set_tokens_internal (self, NULL, NULL, TRUE);
    }

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *waiter = g_ptr_array_index (waiters, i);

      if (g_task_get_source_tag (waiter) == iv_api_client_refresh_async)
        {
          if (error == NULL)
            g_task_return_boolean (waiter, TRUE);
          else if (expired)
            g_task_return_error (waiter, iv_api_error_new_full (IV_API_ERROR_SESSION_EXPIRED, 401,
                                                                iv_api_error_get_server_code (error),
                                                                iv_api_error_get_server_message (error),
                                                                NULL, -1, "session expired: %s",
                                                                error->message));
          else
            g_task_return_error (waiter, g_error_copy (error));
          continue;
        }

      if (error == NULL)
        request_send (waiter);
      else if (expired)
        {
          Request *req = g_task_get_task_data (waiter);
          request_fail (waiter, iv_api_error_new_full (IV_API_ERROR_SESSION_EXPIRED, 401,
                                                       iv_api_error_get_server_code (error),
                                                       iv_api_error_get_server_message (error),
                                                       NULL, -1, "%s %s: session expired",
                                                       req->method, req->path));
        }
      else
        request_fail (waiter, g_error_copy (error));
    }

  if (expired)
    g_signal_emit (self, signals[SESSION_EXPIRED], 0);
}

/* Takes waiter; it is resumed (sent again, or failed) after the refresh */
static void
refresh_for (IvApiClient *self,
             GTask       *waiter)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GTask) task = NULL;
  Request *req;

  g_ptr_array_add (self->refresh_waiters, waiter);
  if (self->refreshing)
    return;

  if (self->refresh_token == NULL)
    {
      /* Signed out meanwhile; nothing to refresh with */
      task = g_task_new (self, NULL, refresh_done_cb, NULL);
      self->refreshing = TRUE;
      g_task_return_error (task, iv_api_error_new_full (IV_API_ERROR_NOT_SIGNED_IN, 0, NULL, NULL, NULL, -1,
                                                        "no refresh token"));
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "refresh_token");
  json_builder_add_string_value (builder, self->refresh_token);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  req = request_new ("POST", "/v1/session/refresh", FALSE, decode_session);
  req->session_answer = TRUE;
  request_set_json_body (req, body);

  self->refreshing = TRUE;
  request_start (self, req, refresh_for, NULL, refresh_done_cb, NULL);
}

/* GObject ------------------------------------------------------------------- */

static SoupSession *
new_session (void)
{
  /* Socket inactivity limit only; each request has its own deadline
   * (request_timeout_cb), which is longer for the long poll.  libsoup's
   * default of 2 connections per host would let the events long poll and
   * one slow call hold up every other request. */
  return soup_session_new_with_options ("user-agent", "innovation-vouchers/" PACKAGE_VERSION,
                                        "timeout", IV_API_DEFAULT_TIMEOUT + LONG_POLL_GRACE + 30,
                                        "idle-timeout", 60,
                                        "max-conns-per-host", 6,
                                        NULL);
}

static void
iv_api_client_constructed (GObject *object)
{
  IvApiClient *self = IV_API_CLIENT (object);

  G_OBJECT_CLASS (iv_api_client_parent_class)->constructed (object);

  /* Paths start with "/v1/…": keep the base without its trailing slashes */
  while (self->base_url != NULL && g_str_has_suffix (self->base_url, "/"))
    self->base_url[strlen (self->base_url) - 1] = '\0';

  /* set_extra_ca_file() may have made it already, during construction */
  if (self->session == NULL)
    self->session = new_session ();
}

static void
iv_api_client_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  IvApiClient *self = IV_API_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_EXTRA_CA_FILE:
      g_value_set_string (value, self->extra_ca_file);
      break;
    case PROP_MAX_RESPONSE_BYTES:
      g_value_set_uint64 (value, self->max_response_bytes);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    case PROP_SIGNED_IN:
      g_value_set_boolean (value, iv_api_client_get_signed_in (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_api_client_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  IvApiClient *self = IV_API_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      self->base_url = g_value_dup_string (value);
      break;
    case PROP_EXTRA_CA_FILE:
      {
        g_autoptr(GError) error = NULL;
        if (!iv_api_client_set_extra_ca_file (self, g_value_get_string (value), &error))
          g_warning ("Cannot use the CA file: %s", error->message);
      }
      break;
    case PROP_MAX_RESPONSE_BYTES:
      iv_api_client_set_max_response_bytes (self, (gsize) g_value_get_uint64 (value));
      break;
    case PROP_TIMEOUT:
      iv_api_client_set_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wipe_token (char **token)
{
  if (*token == NULL)
    return;
  explicit_bzero (*token, strlen (*token));
  g_clear_pointer (token, g_free);
}

static void
iv_api_client_dispose (GObject *object)
{
  IvApiClient *self = IV_API_CLIENT (object);

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->extra_ca);

  G_OBJECT_CLASS (iv_api_client_parent_class)->dispose (object);
}

static void
iv_api_client_finalize (GObject *object)
{
  IvApiClient *self = IV_API_CLIENT (object);

  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->extra_ca_file, g_free);
  wipe_token (&self->access_token);
  wipe_token (&self->refresh_token);
  g_clear_pointer (&self->refresh_waiters, g_ptr_array_unref);

  G_OBJECT_CLASS (iv_api_client_parent_class)->finalize (object);
}

static void
iv_api_client_class_init (IvApiClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = iv_api_client_constructed;
  object_class->get_property = iv_api_client_get_property;
  object_class->set_property = iv_api_client_set_property;
  object_class->dispose = iv_api_client_dispose;
  object_class->finalize = iv_api_client_finalize;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_EXTRA_CA_FILE] =
    g_param_spec_string ("extra-ca-file", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MAX_RESPONSE_BYTES] =
    g_param_spec_uint64 ("max-response-bytes", NULL, NULL,
                         0, G_MAXSIZE, IV_API_DEFAULT_MAX_RESPONSE_BYTES,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL,
                       1, 3600, IV_API_DEFAULT_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SIGNED_IN] =
    g_param_spec_boolean ("signed-in", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The refresh token was refused: everything waits for a new sign-in */
  signals[SESSION_EXPIRED] =
    g_signal_new ("session-expired", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Sign-in, refresh or sign-out changed the tokens: save or clear them */
  signals[TOKENS_CHANGED] =
    g_signal_new ("tokens-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
iv_api_client_init (IvApiClient *self)
{
  self->max_response_bytes = IV_API_DEFAULT_MAX_RESPONSE_BYTES;
  self->timeout = IV_API_DEFAULT_TIMEOUT;
  self->refresh_waiters = g_ptr_array_new_with_free_func (g_object_unref);
}

/* Public: configuration ----------------------------------------------------- */

IvApiClient *
iv_api_client_new (const char *base_url)
{
  g_return_val_if_fail (base_url != NULL, NULL);

  return g_object_new (IV_TYPE_API_CLIENT, "base-url", base_url, NULL);
}

const char *
iv_api_client_get_base_url (IvApiClient *self)
{
  g_return_val_if_fail (IV_IS_API_CLIENT (self), NULL);

  return self->base_url;
}

gboolean
iv_api_client_set_extra_ca_file (IvApiClient  *self,
                                 const char   *path,
                                 GError      **error)
{
  g_autoptr(GTlsDatabase) database = NULL;

  g_return_val_if_fail (IV_IS_API_CLIENT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (path != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      GList *certificates = g_tls_certificate_list_new_from_file (path, &local_error);

      /* A file without a single certificate is a mistake, not "no extra trust" */
      if (certificates == NULL && local_error == NULL)
        g_set_error_literal (&local_error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
                             "no certificate in the file");
      g_list_free_full (certificates, g_object_unref);
      if (local_error == NULL)
        database = g_tls_file_database_new (path, &local_error);
      if (database == NULL)
        {
          g_set_error (error, IV_API_ERROR, IV_API_ERROR_TLS,
                       "Cannot read the CA file %s: %s", path, local_error->message);
          return FALSE;
        }
    }

  g_set_object (&self->extra_ca, database);

  /* Kept-alive connections were trusted under the old rule: start afresh.
   * Calls in flight finish on the old session, which they keep alive. */
  g_clear_object (&self->session);
  self->session = new_session ();

  if (g_strcmp0 (path, self->extra_ca_file) == 0)
    return TRUE;

  g_free (self->extra_ca_file);
  self->extra_ca_file = g_strdup (path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXTRA_CA_FILE]);

  return TRUE;
}

const char *
iv_api_client_get_extra_ca_file (IvApiClient *self)
{
  g_return_val_if_fail (IV_IS_API_CLIENT (self), NULL);

  return self->extra_ca_file;
}

void
iv_api_client_set_max_response_bytes (IvApiClient *self,
                                      gsize        max_bytes)
{
  g_return_if_fail (IV_IS_API_CLIENT (self));

  if (max_bytes == 0)
    max_bytes = IV_API_DEFAULT_MAX_RESPONSE_BYTES;
  if (self->max_response_bytes == max_bytes)
    return;

  self->max_response_bytes = max_bytes;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_RESPONSE_BYTES]);
}

gsize
iv_api_client_get_max_response_bytes (IvApiClient *self)
{
  g_return_val_if_fail (IV_IS_API_CLIENT (self), 0);

  return self->max_response_bytes;
}

void
iv_api_client_set_timeout (IvApiClient *self,
                           guint        seconds)
{
  g_return_if_fail (IV_IS_API_CLIENT (self));
  g_return_if_fail (seconds > 0);

  if (self->timeout == seconds)
    return;

  self->timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

guint
iv_api_client_get_timeout (IvApiClient *self)
{
  g_return_val_if_fail (IV_IS_API_CLIENT (self), 0);

  return self->timeout;
}

gboolean
iv_api_client_get_signed_in (IvApiClient *self)
{
  g_return_val_if_fail (IV_IS_API_CLIENT (self), FALSE);

  return self->refresh_token != NULL || self->access_token != NULL;
}

void
iv_api_client_set_tokens (IvApiClient *self,
                          const char  *access_token,
                          const char  *refresh_token)
{
  g_return_if_fail (IV_IS_API_CLIENT (self));

  set_tokens_internal (self, access_token, refresh_token, FALSE);
}

const char *
iv_api_client_get_access_token (IvApiClient *self)
{
  g_return_val_if_fail (IV_IS_API_CLIENT (self), NULL);

  return self->access_token;
}

const char *
iv_api_client_get_refresh_token (IvApiClient *self)
{
  g_return_val_if_fail (IV_IS_API_CLIENT (self), NULL);

  return self->refresh_token;
}

void
iv_api_client_clear_tokens (IvApiClient *self)
{
  g_return_if_fail (IV_IS_API_CLIENT (self));

  if (!iv_api_client_get_signed_in (self))
    return;

  wipe_token (&self->access_token);
  wipe_token (&self->refresh_token);
  g_signal_emit (self, signals[TOKENS_CHANGED], 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
}

/* Public: session ----------------------------------------------------------- */

void
iv_api_client_sign_in_async (IvApiClient         *self,
                             const char          *account,
                             const char          *password,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;
  Request *req;

  g_return_if_fail (IV_IS_API_CLIENT (self));
  g_return_if_fail (account != NULL);
  g_return_if_fail (password != NULL);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "account");
  json_builder_add_string_value (builder, account);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  req = request_new ("POST", "/v1/session", FALSE, decode_session);
  req->session_answer = TRUE;
  request_set_json_body (req, body);
  request_start (self, req, iv_api_client_sign_in_async, cancellable, callback, user_data);
}

IvAccount *
iv_api_client_sign_in_finish (IvApiClient   *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_autoptr(IvApiResponse) response = NULL;

  response = response_finish (self, result, iv_api_client_sign_in_async, error);
  if (response == NULL)
    return NULL;

  return g_object_ref (iv_api_response_get_object (response));
}

void
iv_api_client_refresh_async (IvApiClient         *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (IV_IS_API_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, iv_api_client_refresh_async);

  if (self->refresh_token == NULL)
    {
      g_task_return_error (task, iv_api_error_new_full (IV_API_ERROR_NOT_SIGNED_IN, 0, NULL, NULL, NULL, -1,
                                                        "no refresh token"));
      return;
    }

  refresh_for (self, g_steal_pointer (&task));
}

gboolean
iv_api_client_refresh_finish (IvApiClient   *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (IV_IS_API_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == iv_api_client_refresh_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
iv_api_client_sign_out_async (IvApiClient         *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Request *req;

  g_return_if_fail (IV_IS_API_CLIENT (self));

  if (self->access_token == NULL)
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, iv_api_client_sign_out_async);
      iv_api_client_clear_tokens (self);
      g_task_return_pointer (task, iv_api_response_new (204, NULL, NULL, NULL), g_object_unref);
      return;
    }

  req = request_new ("DELETE", "/v1/session", TRUE, NULL);
  /* No refresh dance to sign out: a refused token is signed out anyway */
  req->retried = TRUE;
  request_start (self, req, iv_api_client_sign_out_async, cancellable, callback, user_data);

  /* The message carries the token already; forget it now */
  iv_api_client_clear_tokens (self);
}

gboolean
iv_api_client_sign_out_finish (IvApiClient   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_autoptr(IvApiResponse) response = NULL;
  g_autoptr(GError) local_error = NULL;

  response = response_finish (self, result, iv_api_client_sign_out_async, &local_error);
  if (response != NULL)
    return TRUE;

  /* The service no longer knew the token: it is revoked all the same */
  if (iv_api_error_get_http_status (local_error) == 401)
    return TRUE;

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* Public: reads ------------------------------------------------------------- */

static void
get_resource (IvApiClient         *self,
              const char          *path,
              char                *query,
              gboolean             auth,
              DecodeFunc           decode,
              const char          *etag,
              gpointer             source_tag,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  Request *req = request_new ("GET", path, auth, decode);

  req->query = query;
  req->if_none_match = g_strdup (etag);
  request_start (self, req, source_tag, cancellable, callback, user_data);
}

void
iv_api_client_get_account_async (IvApiClient *self, const char *etag,
                                 GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (IV_IS_API_CLIENT (self));
  get_resource (self, "/v1/account", NULL, TRUE, DECODER (iv_account_new_from_json), etag,
                iv_api_client_get_account_async, cancellable, callback, user_data);
}

IvApiResponse *
iv_api_client_get_account_finish (IvApiClient *self, GAsyncResult *result, GError **error)
{
  return response_finish (self, result, iv_api_client_get_account_async, error);
}

void
iv_api_client_get_policy_async (IvApiClient *self, const char *etag,
                                GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (IV_IS_API_CLIENT (self));
  get_resource (self, "/v1/policy", NULL, FALSE, DECODER (iv_policy_new_from_json), etag,
                iv_api_client_get_policy_async, cancellable, callback, user_data);
}

IvApiResponse *
iv_api_client_get_policy_finish (IvApiClient *self, GAsyncResult *result, GError **error)
{
  return response_finish (self, result, iv_api_client_get_policy_async, error);
}

void
iv_api_client_list_categories_async (IvApiClient *self, const char *etag,
                                     GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (IV_IS_API_CLIENT (self));
  get_resource (self, "/v1/catalog/categories", NULL, FALSE, decode_category_list, etag,
                iv_api_client_list_categories_async, cancellable, callback, user_data);
}

IvApiResponse *
iv_api_client_list_categories_finish (IvApiClient *self, GAsyncResult *result, GError **error)
{
  return response_finish (self, result, iv_api_client_list_categories_async, error);
}

void
iv_api_client_list_institutions_async (IvApiClient *self, gint64 since, const char *cursor, guint limit, const char *etag,
                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (IV_IS_API_CLIENT (self));
  get_resource (self, "/v1/catalog/institutions", list_query (since, cursor, limit), FALSE,
                decode_institution_list, etag,
                iv_api_client_list_institutions_async, cancellable, callback, user_data);
}

IvApiResponse *
iv_api_client_list_institutions_finish (IvApiClient *self, GAsyncResult *result, GError **error)
{
  return response_finish (self, result, iv_api_client_list_institutions_async, error);
}

void
iv_api_client_list_services_async (IvApiClient *self, gint64 since, const char *cursor, guint limit, const char *etag,
                                   GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (IV_IS_API_CLIENT (self));
  get_resource (self, "/v1/catalog/services", list_query (since, cursor, limit), FALSE,
                decode_service_list, etag,
                iv_api_client_list_services_async, cancellable, callback, user_data);
}

IvApiResponse *
iv_api_client_list_services_finish (IvApiClient *self, GAsyncResult *result, GError **error)
{
  return response_finish (self, result, iv_api_client_list_services_async, error);
}

void
iv_api_client_list_applications_async (IvApiClient *self, const char *cursor, guint limit, const char *etag,
                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (IV_IS_API_CLIENT (self));
  get_resource (self, "/v1/applications", list_query (-1, cursor, limit), TRUE,
                decode_application_list, etag,
                iv_api_client_list_applications_async, cancellable, callback, user_data);
}

IvApiResponse *
iv_api_client_list_applications_finish (IvApiClient *self, GAsyncResult *result, GError **error)
{
  return response_finish (self, result, iv_api_client_list_applications_async, error);
}

static char *
item_path (const char *collection,
           const char *id,
           const char *suffix)
{
  g_autofree char *escaped = escape_segment (id);

  return g_strconcat (collection, "/", escaped, suffix, NULL);
}

void
iv_api_client_get_application_async (IvApiClient *self, const char *id, const char *etag,
                                     GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (IV_IS_API_CLIENT (self));
  g_return_if_fail (id != NULL);

  path = item_path ("/v1/applications", id, NULL);
  get_resource (self, path, NULL, TRUE, DECODER (iv_quota_application_new_from_json), etag,
                iv_api_client_get_application_async, cancellable, callback, user_data);
}

IvApiResponse *
iv_api_client_get_application_finish (IvApiClient *self, GAsyncResult *result, GError **error)
{
  return response_finish (self, result, iv_api_client_get_application_async, error);
}

void
iv_api_client_list_vouchers_async (IvApiClient *self, const char *cursor, guint limit, const char *etag,
                                   GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (IV_IS_API_CLIENT (self));
  get_resource (self, "/v1/vouchers", list_query (-1, cursor, limit), TRUE,
                decode_voucher_list, etag,
                iv_api_client_list_vouchers_async, cancellable, callback, user_data);
}

IvApiResponse *
iv_api_client_list_vouchers_finish (IvApiClient *self, GAsyncResult *result, GError **error)
{
  return response_finish (self, result, iv_api_client_list_vouchers_async, error);
}

void
iv_api_client_list_orders_async (IvApiClient *self, const char *cursor, guint limit, const char *etag,
                                 GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (IV_IS_API_CLIENT (self));
  get_resource (self, "/v1/orders", list_query (-1, cursor, limit), TRUE,
                decode_order_list, etag,
                iv_api_client_list_orders_async, cancellable, callback, user_data);
}

IvApiResponse *
iv_api_client_list_orders_finish (IvApiClient *self, GAsyncResult *result, GError **error)
{
  return response_finish (self, result, iv_api_client_list_orders_async, error);
}

void
iv_api_client_get_order_async (IvApiClient *self, const char *id, const char *etag,
                               GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (IV_IS_API_CLIENT (self));
  g_return_if_fail (id != NULL);

  path = item_path ("/v1/orders", id, NULL);
  get_resource (self, path, NULL, TRUE, DECODER (iv_order_new_from_json), etag,
                iv_api_client_get_order_async, cancellable, callback, user_data);
}

IvApiResponse *
iv_api_client_get_order_finish (IvApiClient *self, GAsyncResult *result, GError **error)
{
  return response_finish (self, result, iv_api_client_get_order_async, error);
}

void
iv_api_client_list_claims_async (IvApiClient *self, const char *cursor, guint limit, const char *etag,
                                 GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (IV_IS_API_CLIENT (self));
  get_resource (self, "/v1/claims", list_query (-1, cursor, limit), TRUE,
                decode_claim_list, etag,
                iv_api_client_list_claims_async, cancellable, callback, user_data);
}

IvApiResponse *
iv_api_client_list_claims_finish (IvApiClient *self, GAsyncResult *result, GError **error)
{
  return response_finish (self, result, iv_api_client_list_claims_async, error);
}

void
iv_api_client_get_claim_async (IvApiClient *self, const char *id, const char *etag,
                               GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (IV_IS_API_CLIENT (self));
  g_return_if_fail (id != NULL);

  path = item_path ("/v1/claims", id, NULL);
  get_resource (self, path, NULL, TRUE, DECODER (iv_claim_new_from_json), etag,
                iv_api_client_get_claim_async, cancellable, callback, user_data);
}

IvApiResponse *
iv_api_client_get_claim_finish (IvApiClient *self, GAsyncResult *result, GError **error)
{
  return response_finish (self, result, iv_api_client_get_claim_async, error);
}

void
iv_api_client_get_receipt_async (IvApiClient *self, const char *claim_id, const char *etag,
                                 GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (IV_IS_API_CLIENT (self));
  g_return_if_fail (claim_id != NULL);

  path = item_path ("/v1/claims", claim_id, "/receipt");
  get_resource (self, path, NULL, TRUE, DECODER (iv_receipt_new_from_json), etag,
                iv_api_client_get_receipt_async, cancellable, callback, user_data);
}

IvApiResponse *
iv_api_client_get_receipt_finish (IvApiClient *self, GAsyncResult *result, GError **error)
{
  return response_finish (self, result, iv_api_client_get_receipt_async, error);
}

void
iv_api_client_verify_receipt_async (IvApiClient *self, const char *code,
                                    GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  GString *query;

  g_return_if_fail (IV_IS_API_CLIENT (self));
  g_return_if_fail (code != NULL);

  query = g_string_new (NULL);
  query_add (query, "code", code);
  get_resource (self, "/v1/receipts/verify", g_string_free (query, FALSE), FALSE, NULL, NULL,
                iv_api_client_verify_receipt_async, cancellable, callback, user_data);
}

gboolean
iv_api_client_verify_receipt_finish (IvApiClient   *self,
                                     GAsyncResult  *result,
                                     gboolean      *out_genuine,
                                     char         **out_claim_number,
                                     GError       **error)
{
  g_autoptr(IvApiResponse) response = NULL;
  g_autoptr(IvJsonReader) reader = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *claim_number = NULL;
  gboolean genuine = FALSE;

  response = response_finish (self, result, iv_api_client_verify_receipt_async, error);
  if (response == NULL)
    return FALSE;

  reader = iv_json_reader_new (iv_api_response_get_json (response), "verify", &local_error);
  if (reader == NULL ||
      !iv_json_reader_read_bool (reader, "genuine", IV_JSON_REQUIRED, &genuine, &local_error) ||
      !iv_json_reader_read_string (reader, "claim_number", IV_JSON_NULLABLE, 64, &claim_number, &local_error))
    {
      g_propagate_error (error, iv_api_error_new_full (IV_API_ERROR_PARSE, iv_api_response_get_status (response),
                                                       NULL, NULL, NULL, -1,
                                                       "GET /v1/receipts/verify: %s", local_error->message));
      return FALSE;
    }

  if (out_genuine != NULL)
    *out_genuine = genuine;
  if (out_claim_number != NULL)
    *out_claim_number = g_steal_pointer (&claim_number);

  return TRUE;
}

void
iv_api_client_get_events_async (IvApiClient *self, gint64 after, guint wait_seconds,
                                GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  Request *req;
  GString *query;
  char number[32];

  g_return_if_fail (IV_IS_API_CLIENT (self));

  wait_seconds = MIN (wait_seconds, 30);

  query = g_string_new (NULL);
  g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, MAX (after, 0));
  query_add (query, "after", number);
  g_snprintf (number, sizeof number, "%u", wait_seconds);
  query_add (query, "wait", number);

  req = request_new ("GET", "/v1/events", TRUE, decode_events);
  req->query = g_string_free (query, FALSE);
  req->timeout_s = self->timeout + wait_seconds;
  request_start (self, req, iv_api_client_get_events_async, cancellable, callback, user_data);
}

GPtrArray *
iv_api_client_get_events_finish (IvApiClient   *self,
                                 GAsyncResult  *result,
                                 gint64        *out_last_seq,
                                 GError       **error)
{
  g_autoptr(IvApiResponse) response = NULL;
  IvListPage *page;

  response = response_finish (self, result, iv_api_client_get_events_async, error);
  if (response == NULL)
    return NULL;

  page = iv_api_response_get_object (response);
  if (out_last_seq != NULL)
    *out_last_seq = iv_list_page_get_revision (page);

  return g_ptr_array_ref (iv_list_page_get_items (page));
}

/* Public: writes ------------------------------------------------------------ */

static void
write_json (IvApiClient         *self,
            const char          *method,
            const char          *path,
            JsonNode            *body,
            const char          *idempotency_key,
            gint64               if_match_version,
            DecodeFunc           decode,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  Request *req = request_new (method, path, TRUE, decode);

  if (body != NULL)
    request_set_json_body (req, body);
  req->idempotency_key = g_strdup (idempotency_key);
  if (if_match_version >= 0)
    req->if_match = g_strdup_printf ("%" G_GINT64_FORMAT, if_match_version);
  request_start (self, req, source_tag, cancellable, callback, user_data);
}

void
iv_api_client_create_application_async (IvApiClient *self, JsonNode *body, const char *idempotency_key,
                                        GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (IV_IS_API_CLIENT (self));
  g_return_if_fail (body != NULL);
  g_return_if_fail (idempotency_key != NULL);

  write_json (self, "POST", "/v1/applications", body, idempotency_key, -1,
              DECODER (iv_quota_application_new_from_json),
              iv_api_client_create_application_async, cancellable, callback, user_data);
}

IvApiResponse *
iv_api_client_create_application_finish (IvApiClient *self, GAsyncResult *result, GError **error)
{
  return response_finish (self, result, iv_api_client_create_application_async, error);
}

void
iv_api_client_update_application_async (IvApiClient *self, const char *id, gint64 version, JsonNode *body,
                                        GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (IV_IS_API_CLIENT (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (body != NULL);
  g_return_if_fail (version >= 0);

  path = item_path ("/v1/applications", id, NULL);
  write_json (self, "PUT", path, body, NULL, version,
              DECODER (iv_quota_application_new_from_json),
              iv_api_client_update_application_async, cancellable, callback, user_data);
}

IvApiResponse *
iv_api_client_update_application_finish (IvApiClient *self, GAsyncResult *result, GError **error)
{
  return response_finish (self, result, iv_api_client_update_application_async, error);
}

void
iv_api_client_withdraw_application_async (IvApiClient *self, const char *id, const char *idempotency_key,
                                          GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (IV_IS_API_CLIENT (self));
  g_return_if_fail (id != NULL);

  path = item_path ("/v1/applications", id, "/withdraw");
  write_json (self, "POST", path, NULL, idempotency_key, -1,
              DECODER (iv_quota_application_new_from_json),
              iv_api_client_withdraw_application_async, cancellable, callback, user_data);
}

IvApiResponse *
iv_api_client_withdraw_application_finish (IvApiClient *self, GAsyncResult *result, GError **error)
{
  return response_finish (self, result, iv_api_client_withdraw_application_async, error);
}

void
iv_api_client_create_order_async (IvApiClient *self, JsonNode *body, const char *idempotency_key,
                                  GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (IV_IS_API_CLIENT (self));
  g_return_if_fail (body != NULL);
  g_return_if_fail (idempotency_key != NULL);

  write_json (self, "POST", "/v1/orders", body, idempotency_key, -1,
              DECODER (iv_order_new_from_json),
              iv_api_client_create_order_async, cancellable, callback, user_data);
}

IvApiResponse *
iv_api_client_create_order_finish (IvApiClient *self, GAsyncResult *result, GError **error)
{
  return response_finish (self, result, iv_api_client_create_order_async, error);
}

void
iv_api_client_cancel_order_async (IvApiClient *self, const char *id, const char *idempotency_key,
                                  GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (IV_IS_API_CLIENT (self));
  g_return_if_fail (id != NULL);

  path = item_path ("/v1/orders", id, "/cancel");
  write_json (self, "POST", path, NULL, idempotency_key, -1,
              DECODER (iv_order_new_from_json),
              iv_api_client_cancel_order_async, cancellable, callback, user_data);
}

IvApiResponse *
iv_api_client_cancel_order_finish (IvApiClient *self, GAsyncResult *result, GError **error)
{
  return response_finish (self, result, iv_api_client_cancel_order_async, error);
}

static Request *
upload_request (GBytes     *bytes,
                const char *content_type,
                const char *filename,
                const char *idempotency_key)
{
  Request *req = request_new ("POST", "/v1/attachments", TRUE, DECODER (iv_attachment_new_from_json));

  req->body = g_bytes_ref (bytes);
  req->body_type = g_strdup (content_type);
  /* A UTF-8 file name is not a valid header value: percent-encode it */
  req->filename = g_uri_escape_string (filename, NULL, FALSE);
  req->idempotency_key = g_strdup (idempotency_key);

  return req;
}

void
iv_api_client_upload_attachment_async (IvApiClient *self, GBytes *bytes, const char *content_type,
                                       const char *filename, const char *idempotency_key,
                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (IV_IS_API_CLIENT (self));
  g_return_if_fail (bytes != NULL);
  g_return_if_fail (content_type != NULL);
  g_return_if_fail (filename != NULL);
  g_return_if_fail (idempotency_key != NULL);

  if (g_bytes_get_size (bytes) > IV_API_MAX_ATTACHMENT_BYTES)
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, iv_api_client_upload_attachment_async);
      g_task_return_error (task, iv_api_error_new_full (IV_API_ERROR_BODY_TOO_LARGE, 0, NULL, NULL, NULL, -1,
                                                        "POST /v1/attachments: %" G_GSIZE_FORMAT " bytes is over 20 MiB",
                                                        g_bytes_get_size (bytes)));
      return;
    }

  request_start (self, upload_request (bytes, content_type, filename, idempotency_key),
                 iv_api_client_upload_attachment_async, cancellable, callback, user_data);
}

IvApiResponse *
iv_api_client_upload_attachment_finish (IvApiClient *self, GAsyncResult *result, GError **error)
{
  return response_finish (self, result, iv_api_client_upload_attachment_async, error);
}

typedef struct {
  char *content_type;
  char *filename;
  char *idempotency_key;
} UploadFileData;

static void
upload_file_data_free (UploadFileData *data)
{
  g_free (data->content_type);
  g_free (data->filename);
  g_free (data->idempotency_key);
  g_free (data);
}

static void
upload_file_sent_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  IvApiResponse *response;

  response = iv_api_client_upload_attachment_finish (IV_API_CLIENT (source), result, &error);
  if (response == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, response, g_object_unref);
}

static void
upload_file_loaded_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IvApiClient *self = g_task_get_source_object (task);
  UploadFileData *data = g_task_get_task_data (task);
  GCancellable *cancellable;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = g_file_load_bytes_finish (G_FILE (source), result, NULL, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (data->filename == NULL)
    {
      g_autofree char *basename = g_file_get_basename (G_FILE (source));
      data->filename = g_filename_display_name (basename);
    }

  cancellable = g_task_get_cancellable (task);
  iv_api_client_upload_attachment_async (self, bytes, data->content_type, data->filename,
                                         data->idempotency_key, cancellable,
                                         upload_file_sent_cb, g_steal_pointer (&task));
}

void
iv_api_client_upload_attachment_file_async (IvApiClient *self, GFile *file, const char *content_type,
                                            const char *filename, const char *idempotency_key,
                                            GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  UploadFileData *data;

  g_return_if_fail (IV_IS_API_CLIENT (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (content_type != NULL);
  g_return_if_fail (idempotency_key != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, iv_api_client_upload_attachment_file_async);

  data = g_new0 (UploadFileData, 1);
  data->content_type = g_strdup (content_type);
  data->filename = g_strdup (filename);
  data->idempotency_key = g_strdup (idempotency_key);
  g_task_set_task_data (task, data, (GDestroyNotify) upload_file_data_free);

  g_file_load_bytes_async (file, cancellable, upload_file_loaded_cb, g_steal_pointer (&task));
}

IvApiResponse *
iv_api_client_upload_attachment_file_finish (IvApiClient *self, GAsyncResult *result, GError **error)
{
  return response_finish (self, result, iv_api_client_upload_attachment_file_async, error);
}

void
iv_api_client_create_claim_async (IvApiClient *self, JsonNode *body, const char *idempotency_key,
                                  GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (IV_IS_API_CLIENT (self));
  g_return_if_fail (body != NULL);
  g_return_if_fail (idempotency_key != NULL);

  write_json (self, "POST", "/v1/claims", body, idempotency_key, -1,
              DECODER (iv_claim_new_from_json),
              iv_api_client_create_claim_async, cancellable, callback, user_data);
}

IvApiResponse *
iv_api_client_create_claim_finish (IvApiClient *self, GAsyncResult *result, GError **error)
{
  return response_finish (self, result, iv_api_client_create_claim_async, error);
}

void
iv_api_client_update_claim_async (IvApiClient *self, const char *id, gint64 version, JsonNode *body,
                                  GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (IV_IS_API_CLIENT (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (body != NULL);
  g_return_if_fail (version >= 0);

  path = item_path ("/v1/claims", id, NULL);
  write_json (self, "PUT", path, body, NULL, version,
              DECODER (iv_claim_new_from_json),
              iv_api_client_update_claim_async, cancellable, callback, user_data);
}

IvApiResponse *
iv_api_client_update_claim_finish (IvApiClient *self, GAsyncResult *result, GError **error)
{
  return response_finish (self, result, iv_api_client_update_claim_async, error);
}
