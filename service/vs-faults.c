/* vs-faults.c: fault injection for tests: wrong statuses, delays, drops, broken bodies */

#include "config.h"

#include <string.h>

#include "vs-error.h"
#include "vs-faults.h"

typedef enum {
  FAULT_STATUS,
  FAULT_DELAY,
  FAULT_DROP_BEFORE,
  FAULT_DROP_AFTER,
  FAULT_TRUNCATE,
  FAULT_CORRUPT,
  FAULT_WRONG_CONTENT_TYPE,
  FAULT_OVERSIZE,
} FaultKind;

static const char * const fault_kind_names[] = {
  "status", "delay", "drop_before", "drop_after", "truncate", "corrupt",
  "wrong_content_type", "oversize",
};

typedef enum {
  CORRUPT_SYNTAX,
  CORRUPT_WRONG_TYPE,
  CORRUPT_HUGE_STRING,
  CORRUPT_DEEP_NESTING,
} CorruptKind;

static const char * const corrupt_names[] = {
  "syntax", "wrong_type", "huge_string", "deep_nesting",
};

/* Sizes of the hostile bodies: beyond any sane limit of a client, yet
 * cheap for the service to make. */
#define HUGE_STRING_BYTES      (2 * 1024 * 1024)
#define DEEP_NESTING_LEVELS    100000
#define OVERSIZE_DEFAULT_BYTES (16 * 1024 * 1024)
#define OVERSIZE_MAX_BYTES     (256 * 1024 * 1024)

typedef struct _Fault {
  gatomicrefcount ref_count;
  FaultKind       kind;
  guint           remaining;     /* requests still to hit */
  guint           hits;          /* requests hit so far */
  char           *path_prefix;   /* NULL: every path */
  guint           status;
  guint           retry_after;
  guint           delay_ms;
  CorruptKind     corrupt;
  gsize           oversize_bytes;
} Fault;

struct _VsFaults {
  GObject  parent_instance;
  GQueue   faults;               /* Fault*, in the order armed */
};

G_DEFINE_FINAL_TYPE (VsFaults, vs_faults, G_TYPE_OBJECT)

#define MSG_FAULT_KEY "vs-faults-after"

/* A fault waiting for the answer of its message, and the main-loop source
 * that ran the handler: vs_faults_after() called from that same source is
 * synchronous; from any other, the answer was made later (a long poll)
 * and the dispatcher is about to unpause the message. */
typedef struct {
  struct _Fault *fault;
  GSource       *handler_source;
} Pending;

static Fault *
fault_ref (Fault *fault)
{
  g_atomic_ref_count_inc (&fault->ref_count);
  return fault;
}

static void
fault_unref (Fault *fault)
{
  if (g_atomic_ref_count_dec (&fault->ref_count))
    {
      g_free (fault->path_prefix);
      g_free (fault);
    }
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fault, fault_unref)

static void
pending_free (Pending *pending)
{
  g_clear_pointer (&pending->fault, fault_unref);
  g_clear_pointer (&pending->handler_source, g_source_unref);
  g_free (pending);
}

/* ---- helpers ------------------------------------------------------------ */

static gboolean
lookup_name (const char * const *names,
             guint               n_names,
             const char         *name,
             guint              *out_index)
{
  for (guint i = 0; i < n_names; i++)
    if (g_strcmp0 (names[i], name) == 0)
      {
        *out_index = i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
member_uint (JsonObject  *spec,
             const char  *name,
             guint64      min,
             guint64      max,
             guint64      fallback,
             guint64     *out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (spec, name);
  gint64 value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *out = fallback;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return vs_error_fail (error, SOUP_STATUS_BAD_REQUEST, "invalid_parameter", name, "参数必须是整数");
  value = json_node_get_int (node);
  if (value < 0 || (guint64) value < min || (guint64) value > max)
    return vs_error_fail (error, SOUP_STATUS_BAD_REQUEST, "invalid_parameter", name, "参数超出允许范围");
  *out = (guint64) value;
  return TRUE;
}

static const char *
member_string (JsonObject *spec,
               const char *name)
{
  JsonNode *node = json_object_get_member (spec, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* The armed fault that applies to path now, consuming one of its requests */
static Fault *
take_fault (VsFaults   *self,
            const char *path)
{
  for (GList *l = self->faults.head; l != NULL; l = l->next)
    {
      Fault *fault = l->data;

      if (fault->path_prefix != NULL && !g_str_has_prefix (path, fault->path_prefix))
        continue;

      fault_ref (fault);
      fault->hits++;
      if (--fault->remaining == 0)
        {
          g_queue_delete_link (&self->faults, l);
          fault_unref (fault);
        }
      return fault;
    }
  return NULL;
}

/* Closes the connection under the message: the client sees it end with no
 * (or no complete) answer. */
static void
drop_connection (SoupServerMessage *msg)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);
}

/* ---- "status" ----------------------------------------------------------- */

static void
answer_status (SoupServerMessage *msg,
               const Fault       *fault)
{
  g_autoptr(GError) error = NULL;
  const char *code;
  const char *message;

  switch (fault->status)
    {
    case SOUP_STATUS_SERVICE_UNAVAILABLE:
      code = "maintenance";
      message = "系统维护中，请稍后再试";
      break;
    case 429:  /* libsoup 3.2 has no name for it */
      code = "rate_limited";
      message = "请求过于频繁，请稍后再试";
      break;
    default:
      code = "internal_error";
      message = "服务内部错误";
      break;
    }
  vs_error_set_retry (&error, fault->status, code, fault->retry_after, message);
  vs_error_respond (msg, error);
}

/* ---- "delay" ------------------------------------------------------------ */

typedef struct {
  SoupServerMessage *msg;
  VsFaultsProceed    proceed;
  gpointer           user_data;
  gulong             finished_id;
  gboolean           finished;    /* the client went away meanwhile */
} Delayed;

static void
delayed_free (gpointer data)
{
  Delayed *delayed = data;

  g_clear_signal_handler (&delayed->finished_id, delayed->msg);
  g_object_unref (delayed->msg);
  g_free (delayed);
}

static void
delayed_finished_cb (SoupServerMessage *msg,
                     gpointer           user_data)
{
  Delayed *delayed = user_data;

  delayed->finished = TRUE;
}

static gboolean
delay_done_cb (gpointer data)
{
  Delayed *delayed = data;

  if (delayed->finished)
    return G_SOURCE_REMOVE;
  /* Unpause first: if the handler pauses the message again (a long
   * poll), libsoup drops the pending unpause. */
  soup_server_message_unpause (delayed->msg);
  delayed->proceed (delayed->msg, delayed->user_data);
  return G_SOURCE_REMOVE;
}

/* ---- "truncate" --------------------------------------------------------- */

typedef struct {
  GIOStream *stream;
  GBytes    *bytes;
} RawWrite;

static void
raw_write_free (RawWrite *raw)
{
  g_clear_object (&raw->stream);
  g_clear_pointer (&raw->bytes, g_bytes_unref);
  g_free (raw);
}

static void
raw_closed_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  RawWrite *raw = user_data;

  g_io_stream_close_finish (G_IO_STREAM (source), result, NULL);
  raw_write_free (raw);
}

static void
raw_written_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  RawWrite *raw = user_data;

  /* The client may already have gone; either way the stream ends here */
  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL);
  g_io_stream_close_async (raw->stream, G_PRIORITY_DEFAULT, NULL, raw_closed_cb, raw);
}

/* Writes the response by hand on the stolen connection: the headers
 * announce the whole body, half of it follows, then the connection
 * closes, so the client can only see an error. */
static void
answer_truncated (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  g_autoptr(GBytes) full = soup_message_body_flatten (body);
  g_autoptr(GString) out = g_string_new (NULL);
  SoupMessageHeadersIter iter;
  const char *name, *value;
  guint status = soup_server_message_get_status (msg);
  gsize full_len = g_bytes_get_size (full);
  /* An empty body still announces one byte that never comes */
  gsize announced = MAX (full_len, 1);
  RawWrite *raw;
  GIOStream *stream;

  if (status == 0)
    status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
  g_string_append_printf (out, "HTTP/1.1 %u %s\r\n", status, soup_status_get_phrase (status));
  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    {
      if (g_ascii_strcasecmp (name, "Content-Length") == 0 ||
          g_ascii_strcasecmp (name, "Transfer-Encoding") == 0 ||
          g_ascii_strcasecmp (name, "Connection") == 0)
        continue;
      g_string_append_printf (out, "%s: %s\r\n", name, value);
    }
  /* No "Connection: close": with it libsoup reads to the end of the
   * stream and takes the short body as complete. */
  g_string_append_printf (out, "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n", announced);
  g_string_append_len (out, g_bytes_get_data (full, NULL), (gssize) (full_len / 2));

  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    return;

  raw = g_new0 (RawWrite, 1);
  raw->stream = stream;
  raw->bytes = g_string_free_to_bytes (g_steal_pointer (&out));
  g_output_stream_write_all_async (g_io_stream_get_output_stream (stream),
                                   g_bytes_get_data (raw->bytes, NULL),
                                   g_bytes_get_size (raw->bytes),
                                   G_PRIORITY_DEFAULT, NULL, raw_written_cb, raw);
}

/* ---- "corrupt" ---------------------------------------------------------- */

/* Every leaf changes type: strings become numbers, numbers and booleans
 * strings; the shape stays, so only a strict decoder notices. */
static JsonNode *
swap_types (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(JsonObject) copy = json_object_new ();
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init (&iter, object);
        while (json_object_iter_next (&iter, &name, &member))
          json_object_set_member (copy, name, swap_types (member));
        return json_node_init_object (json_node_alloc (), copy);
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        g_autoptr(JsonArray) copy = json_array_new ();

        for (guint i = 0; i < json_array_get_length (array); i++)
          json_array_add_element (copy, swap_types (json_array_get_element (array, i)));
        return json_node_init_array (json_node_alloc (), copy);
      }
    case JSON_NODE_NULL:
      return json_node_init_string (json_node_alloc (), "null");
    case JSON_NODE_VALUE:
    default:
      break;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return json_node_init_int (json_node_alloc (), 12345);
    case G_TYPE_BOOLEAN:
      return json_node_init_string (json_node_alloc (), json_node_get_boolean (node) ? "true" : "false");
    case G_TYPE_DOUBLE:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        return json_node_init_string (json_node_alloc (),
                                      g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
      }
    case G_TYPE_INT64:
    default:
      {
        g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

        return json_node_init_string (json_node_alloc (), text);
      }
    }
}

/* The first string leaf (depth first) becomes a huge one: a decoder that
 * does not limit string lengths keeps megabytes per field. */
static gboolean
inflate_first_string (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &member))
        if (inflate_first_string (member))
          return TRUE;
      return FALSE;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (inflate_first_string (json_array_get_element (array, i)))
          return TRUE;
      return FALSE;
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autofree char *huge = g_malloc (HUGE_STRING_BYTES + 1);

      memset (huge, 'x', HUGE_STRING_BYTES);
      huge[HUGE_STRING_BYTES] = '\0';
      json_node_set_string (node, huge);
      return TRUE;
    }
  return FALSE;
}

static GBytes *
corrupt_body (CorruptKind  corrupt,
              GBytes      *original)
{
  gsize len = g_bytes_get_size (original);
  const char *data = g_bytes_get_data (original, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root = NULL;

  if (len > 0 && json_parser_load_from_data (parser, data, (gssize) len, NULL))
    root = json_parser_get_root (parser);

  switch (corrupt)
    {
    case CORRUPT_SYNTAX:
      {
        /* Cut mid-way and end with garbage: no parser accepts it */
        GString *out = g_string_new_len (data, (gssize) (len / 2));

        g_string_append (out, "\",]}{\x01<html>");
        return g_string_free_to_bytes (out);
      }

    case CORRUPT_WRONG_TYPE:
      {
        g_autoptr(JsonNode) swapped = NULL;
        char *text;

        if (root == NULL)
          return g_bytes_new_static ("{\"id\": 7, \"items\": \"none\", \"version\": \"1\"}", 42);
        swapped = swap_types (root);
        text = json_to_string (swapped, FALSE);
        return g_bytes_new_take (text, strlen (text));
      }

    case CORRUPT_HUGE_STRING:
      {
        char *text;

        if (root == NULL || !inflate_first_string (root))
          {
            g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), json_object_new ());

            json_object_set_string_member (json_node_get_object (node), "id", "");
            inflate_first_string (node);
            text = json_to_string (node, FALSE);
          }
        else
          text = json_to_string (root, FALSE);
        return g_bytes_new_take (text, strlen (text));
      }

    case CORRUPT_DEEP_NESTING:
    default:
      {
        GString *out = g_string_sized_new (2 * DEEP_NESTING_LEVELS + 64);

        g_string_append (out, "{\"items\": ");
        for (guint i = 0; i < DEEP_NESTING_LEVELS; i++)
          g_string_append_c (out, '[');
        for (guint i = 0; i < DEEP_NESTING_LEVELS; i++)
          g_string_append_c (out, ']');
        g_string_append (out, ", \"next_cursor\": null}");
        return g_string_free_to_bytes (out);
      }
    }
}

static void
replace_body (SoupServerMessage *msg,
              const char        *content_type,
              GBytes            *bytes)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  gsize len = g_bytes_get_size (bytes);

  if (soup_server_message_get_status (msg) == 0)
    soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_replace (headers, "Content-Type", content_type);
  soup_message_body_truncate (body);
  soup_message_body_append_bytes (body, bytes);
  soup_message_headers_set_content_length (headers, (goffset) len);
}

/* ---- "oversize" --------------------------------------------------------- */

/* Pads with whitespace after the JSON: the body still parses, so only a
 * client that caps response sizes refuses it. */
static void
pad_body (SoupServerMessage *msg,
          gsize              min_bytes)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  g_autoptr(GBytes) original = soup_message_body_flatten (body);
  gsize len = g_bytes_get_size (original);
  gsize target = MAX (min_bytes + 1, len + 1);
  char *padded = g_malloc (target);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *content_type = NULL;

  memcpy (padded, g_bytes_get_data (original, NULL), len);
  memset (padded + len, ' ', target - len - 1);
  padded[target - 1] = '\n';
  bytes = g_bytes_new_take (padded, target);

  /* A copy: replacing the header frees the value it points to */
  content_type = g_strdup (soup_message_headers_get_one (soup_server_message_get_response_headers (msg),
                                                         "Content-Type"));
  replace_body (msg, content_type != NULL ? content_type : "application/json", bytes);
}

/* ---- GObject ------------------------------------------------------------ */

static void
vs_faults_finalize (GObject *object)
{
  VsFaults *self = VS_FAULTS (object);

  g_queue_clear_full (&self->faults, (GDestroyNotify) fault_unref);

  G_OBJECT_CLASS (vs_faults_parent_class)->finalize (object);
}

static void
vs_faults_class_init (VsFaultsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vs_faults_finalize;
}

static void
vs_faults_init (VsFaults *self)
{
  g_queue_init (&self->faults);
}

/* ---- public API --------------------------------------------------------- */

VsFaults *
vs_faults_new (void)
{
  return g_object_new (VS_TYPE_FAULTS, NULL);
}

VsFaultAction
vs_faults_before (VsFaults          *self,
                  SoupServerMessage *msg,
                  const char        *path,
                  VsFaultsProceed    proceed,
                  gpointer           user_data)
{
  g_autoptr(Fault) fault = NULL;

  g_return_val_if_fail (VS_IS_FAULTS (self), VS_FAULT_PROCEED);
  g_return_val_if_fail (SOUP_IS_SERVER_MESSAGE (msg), VS_FAULT_PROCEED);
  g_return_val_if_fail (path != NULL, VS_FAULT_PROCEED);

  fault = take_fault (self, path);
  if (fault == NULL)
    return VS_FAULT_PROCEED;

  g_debug ("fault %s on %s", fault_kind_names[fault->kind], path);

  switch (fault->kind)
    {
    case FAULT_STATUS:
      answer_status (msg, fault);
      return VS_FAULT_ANSWERED;

    case FAULT_DELAY:
      {
        Delayed *delayed;

        /* Without a way to come back later, no delay is possible */
        if (proceed == NULL)
          return VS_FAULT_PROCEED;
        delayed = g_new0 (Delayed, 1);
        delayed->msg = g_object_ref (msg);
        delayed->proceed = proceed;
        delayed->user_data = user_data;
        delayed->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (delayed_finished_cb), delayed);
        soup_server_message_pause (msg);
        g_timeout_add_full (G_PRIORITY_DEFAULT, fault->delay_ms,
                            delay_done_cb, delayed, delayed_free);
        return VS_FAULT_DEFERRED;
      }

    case FAULT_DROP_BEFORE:
      drop_connection (msg);
      return VS_FAULT_ANSWERED;

    case FAULT_DROP_AFTER:
    case FAULT_TRUNCATE:
    case FAULT_CORRUPT:
    case FAULT_WRONG_CONTENT_TYPE:
    case FAULT_OVERSIZE:
    default:
      {
        /* Applied to the answer, in vs_faults_after() */
        Pending *pending = g_new0 (Pending, 1);
        GSource *source = g_main_current_source ();

        pending->fault = g_steal_pointer (&fault);
        pending->handler_source = source != NULL ? g_source_ref (source) : NULL;
        g_object_set_data_full (G_OBJECT (msg), MSG_FAULT_KEY,
                                pending, (GDestroyNotify) pending_free);
        return VS_FAULT_PROCEED;
      }
    }
}

/* Takes the connection now, or (for an answer made outside the handler)
 * just before libsoup would resume the message: the dispatcher unpauses
 * it right after vs_faults_after(), and unpausing a message whose
 * connection is gone is a critical in libsoup. */
typedef struct {
  SoupServerMessage *msg;
  FaultKind          kind;
  gulong             finished_id;
  gboolean           finished;
} DeferredTake;

static void
deferred_take_free (gpointer data)
{
  DeferredTake *take = data;

  g_clear_signal_handler (&take->finished_id, take->msg);
  g_object_unref (take->msg);
  g_free (take);
}

static void
take_connection (SoupServerMessage *msg,
                 FaultKind          kind)
{
  if (kind == FAULT_TRUNCATE)
    answer_truncated (msg);
  else
    drop_connection (msg);
}

static void
deferred_finished_cb (SoupServerMessage *msg,
                      gpointer           user_data)
{
  DeferredTake *take = user_data;

  take->finished = TRUE;
}

static gboolean
deferred_take_cb (gpointer data)
{
  DeferredTake *take = data;

  if (!take->finished)
    take_connection (take->msg, take->kind);
  return G_SOURCE_REMOVE;
}

void
vs_faults_after (VsFaults          *self,
                 SoupServerMessage *msg,
                 const char        *path)
{
  Pending *pending;
  Fault *fault;
  gboolean synchronous;

  g_return_if_fail (VS_IS_FAULTS (self));
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  pending = g_object_steal_data (G_OBJECT (msg), MSG_FAULT_KEY);
  if (pending == NULL)
    return;
  fault = pending->fault;
  synchronous = pending->handler_source == g_main_current_source ();

  switch (fault->kind)
    {
    case FAULT_DROP_AFTER:
    case FAULT_TRUNCATE:
      if (synchronous)
        take_connection (msg, fault->kind);
      else
        {
          DeferredTake *take = g_new0 (DeferredTake, 1);

          take->msg = g_object_ref (msg);
          take->kind = fault->kind;
          take->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (deferred_finished_cb), take);
          /* Before libsoup's own (default priority) unpause */
          g_idle_add_full (G_PRIORITY_HIGH, deferred_take_cb, take, deferred_take_free);
        }
      break;

    case FAULT_CORRUPT:
      {
        g_autoptr(GBytes) original = soup_message_body_flatten (soup_server_message_get_response_body (msg));
        g_autoptr(GBytes) corrupted = corrupt_body (fault->corrupt, original);

        replace_body (msg, "application/json", corrupted);
      }
      break;

    case FAULT_WRONG_CONTENT_TYPE:
      /* The body stays as it is: only a client that checks the type
       * notices (a captive portal's page would come as text/html). */
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Content-Type", "text/html; charset=utf-8");
      break;

    case FAULT_OVERSIZE:
      pad_body (msg, fault->oversize_bytes);
      break;

    case FAULT_STATUS:
    case FAULT_DELAY:
    case FAULT_DROP_BEFORE:
    default:
      g_assert_not_reached ();
    }

  pending_free (pending);
}

gboolean
vs_faults_arm (VsFaults    *self,
               JsonObject  *spec,
               GError     **error)
{
  g_autoptr(Fault) fault = NULL;
  const char *kind;
  const char *prefix;
  guint64 value;
  guint index;

  g_return_val_if_fail (VS_IS_FAULTS (self), FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  fault = g_new0 (Fault, 1);
  g_atomic_ref_count_init (&fault->ref_count);

  kind = member_string (spec, "kind");
  if (kind == NULL)
    return vs_error_fail (error, SOUP_STATUS_BAD_REQUEST, "missing_field", "kind", "缺少故障类型");
  if (!lookup_name (fault_kind_names, G_N_ELEMENTS (fault_kind_names), kind, &index))
    return vs_error_fail (error, SOUP_STATUS_BAD_REQUEST, "invalid_parameter", "kind", "未知的故障类型");
  fault->kind = index;

  if (!member_uint (spec, "count", 1, 1000000, 1, &value, error))
    return FALSE;
  fault->remaining = (guint) value;

  if (json_object_has_member (spec, "path_prefix") &&
      !json_object_get_null_member (spec, "path_prefix"))
    {
      prefix = member_string (spec, "path_prefix");
      if (prefix == NULL || prefix[0] != '/')
        return vs_error_fail (error, SOUP_STATUS_BAD_REQUEST, "invalid_parameter", "path_prefix",
                              "路径前缀必须以 / 开头");
      fault->path_prefix = g_strdup (prefix);
    }

  switch (fault->kind)
    {
    case FAULT_STATUS:
      if (!member_uint (spec, "status", 0, 599, 500, &value, error))
        return FALSE;
      if (value != 500 && value != 503 && value != 429)
        return vs_error_fail (error, SOUP_STATUS_BAD_REQUEST, "invalid_parameter", "status",
                              "状态码只能是 500、503 或 429");
      fault->status = (guint) value;
      if (!member_uint (spec, "retry_after", 0, 86400, 0, &value, error))
        return FALSE;
      fault->retry_after = (guint) value;
      break;

    case FAULT_DELAY:
      if (!member_uint (spec, "delay_ms", 1, 600000, 1000, &value, error))
        return FALSE;
      fault->delay_ms = (guint) value;
      break;

    case FAULT_CORRUPT:
      {
        const char *corrupt = member_string (spec, "corrupt");

        if (corrupt == NULL)
          corrupt = "syntax";
        if (!lookup_name (corrupt_names, G_N_ELEMENTS (corrupt_names), corrupt, &index))
          return vs_error_fail (error, SOUP_STATUS_BAD_REQUEST, "invalid_parameter", "corrupt",
                                "未知的损坏方式");
        fault->corrupt = index;
      }
      break;

    case FAULT_OVERSIZE:
      if (!member_uint (spec, "oversize_bytes", 1, OVERSIZE_MAX_BYTES, OVERSIZE_DEFAULT_BYTES, &value, error))
        return FALSE;
      fault->oversize_bytes = (gsize) value;
      break;

    case FAULT_DROP_BEFORE:
    case FAULT_DROP_AFTER:
    case FAULT_TRUNCATE:
    case FAULT_WRONG_CONTENT_TYPE:
    default:
      break;
    }

  g_queue_push_tail (&self->faults, g_steal_pointer (&fault));
  return TRUE;
}

void
vs_faults_clear (VsFaults *self)
{
  g_return_if_fail (VS_IS_FAULTS (self));

  g_queue_clear_full (&self->faults, (GDestroyNotify) fault_unref);
  g_queue_init (&self->faults);
}

JsonNode *
vs_faults_list (VsFaults *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (VS_IS_FAULTS (self), NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (GList *l = self->faults.head; l != NULL; l = l->next)
    {
      Fault *fault = l->data;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, fault_kind_names[fault->kind]);
      json_builder_set_member_name (b, "remaining");
      json_builder_add_int_value (b, fault->remaining);
      json_builder_set_member_name (b, "hits");
      json_builder_add_int_value (b, fault->hits);
      json_builder_set_member_name (b, "path_prefix");
      if (fault->path_prefix != NULL)
        json_builder_add_string_value (b, fault->path_prefix);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
