/* vs-error.c: the service's error domain and the api.md error body */
#include "config.h"

#include "vs-error.h"

/* GLib's extended-error glue hands these functions pointers that GCC cannot
 * prove non-NULL; they never are. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"

typedef struct {
  char  *api_code;
  char  *field;
  guint  retry_after;
} VsErrorPrivate;

static void
vs_error_private_init (VsErrorPrivate *priv)
{
  priv->api_code = NULL;
  priv->field = NULL;
  priv->retry_after = 0;
}

static void
vs_error_private_copy (const VsErrorPrivate *src,
                       VsErrorPrivate       *dest)
{
  dest->api_code = g_strdup (src->api_code);
  dest->field = g_strdup (src->field);
  dest->retry_after = src->retry_after;
}

static void
vs_error_private_clear (VsErrorPrivate *priv)
{
  g_clear_pointer (&priv->api_code, g_free);
  g_clear_pointer (&priv->field, g_free);
}

G_DEFINE_EXTENDED_ERROR (VsError, vs_error)

static void
set_full (GError    **error,
          guint       http_status,
          const char *api_code,
          const char *field,
          guint       retry_after,
          const char *message)
{
  GError *e;
  VsErrorPrivate *priv;

  if (error == NULL)
    return;

  e = g_error_new_literal (VS_ERROR, (gint) http_status, message);
  priv = vs_error_get_private (e);
  priv->api_code = g_strdup (api_code);
  priv->field = g_strdup (field);
  priv->retry_after = retry_after;
  g_propagate_error (error, e);
}

#pragma GCC diagnostic pop

void
vs_error_set (GError    **error,
              guint       http_status,
              const char *api_code,
              const char *field,
              const char *message)
{
  set_full (error, http_status, api_code, field, 0, message);
}

void
vs_error_set_retry (GError    **error,
                    guint       http_status,
                    const char *api_code,
                    guint       retry_after_s,
                    const char *message)
{
  set_full (error, http_status, api_code, NULL, retry_after_s, message);
}

guint
vs_error_get_status (const GError *error)
{
  if (error != NULL && error->domain == VS_ERROR)
    return (guint) error->code;
  return SOUP_STATUS_INTERNAL_SERVER_ERROR;
}

const char *
vs_error_get_api_code (const GError *error)
{
  VsErrorPrivate *priv = error != NULL ? vs_error_get_private (error) : NULL;

  if (priv != NULL && priv->api_code != NULL)
    return priv->api_code;
  return "internal_error";
}

const char *
vs_error_get_field (const GError *error)
{
  VsErrorPrivate *priv = error != NULL ? vs_error_get_private (error) : NULL;

  return priv != NULL ? priv->field : NULL;
}

guint
vs_error_get_retry_after (const GError *error)
{
  VsErrorPrivate *priv = error != NULL ? vs_error_get_private (error) : NULL;

  return priv != NULL ? priv->retry_after : 0;
}

void
vs_respond_json (SoupServerMessage *msg,
                 guint              http_status,
                 JsonNode          *node)
{
  soup_server_message_set_status (msg, http_status, NULL);
  if (node != NULL)
    {
      g_autofree char *text = json_to_string (node, FALSE);
      gsize len = strlen (text);

      soup_server_message_set_response (msg, "application/json",
                                        SOUP_MEMORY_TAKE,
                                        g_steal_pointer (&text), len);
    }
}

void
vs_respond_error (SoupServerMessage *msg,
                  guint              http_status,
                  const char        *api_code,
                  const char        *field,
                  const char        *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, api_code);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_set_member_name (b, "field");
  if (field != NULL)
    json_builder_add_string_value (b, field);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  vs_respond_json (msg, http_status, root);
}

void
vs_error_respond (SoupServerMessage *msg,
                  const GError      *error)
{
  guint status = vs_error_get_status (error);
  guint retry = vs_error_get_retry_after (error);

  if (error->domain != VS_ERROR)
    g_message ("internal error: %s", error->message);
  vs_respond_error (msg, status, vs_error_get_api_code (error),
                    vs_error_get_field (error),
                    error->domain == VS_ERROR ? error->message : "服务内部错误");
  if (retry > 0)
    {
      char buf[16];

      g_snprintf (buf, sizeof buf, "%u", retry);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", buf);
    }
}
