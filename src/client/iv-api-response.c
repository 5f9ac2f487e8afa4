/* iv-api-response.c: what one successful API call answered */
#include "config.h"

#include "iv-api-response.h"

struct _IvApiResponse
{
  GObject   parent_instance;

  guint     status;
  char     *etag;
  GObject  *object;
  JsonNode *json;
};

G_DEFINE_FINAL_TYPE (IvApiResponse, iv_api_response, G_TYPE_OBJECT)

static void
iv_api_response_finalize (GObject *object)
{
  IvApiResponse *self = IV_API_RESPONSE (object);

  g_clear_pointer (&self->etag, g_free);
  g_clear_object (&self->object);
  g_clear_pointer (&self->json, json_node_unref);

  G_OBJECT_CLASS (iv_api_response_parent_class)->finalize (object);
}

static void
iv_api_response_class_init (IvApiResponseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = iv_api_response_finalize;
}

static void
iv_api_response_init (IvApiResponse *self)
{
}

IvApiResponse *
iv_api_response_new (guint       status,
                     const char *etag,
                     GObject    *object,
                     JsonNode   *json)
{
  IvApiResponse *self = g_object_new (IV_TYPE_API_RESPONSE, NULL);

  self->status = status;
  self->etag = g_strdup (etag);
  self->object = object != NULL ? g_object_ref (object) : NULL;
  self->json = json != NULL ? json_node_ref (json) : NULL;

  return self;
}

guint
iv_api_response_get_status (IvApiResponse *self)
{
  g_return_val_if_fail (IV_IS_API_RESPONSE (self), 0);

  return self->status;
}

gboolean
iv_api_response_is_not_modified (IvApiResponse *self)
{
  g_return_val_if_fail (IV_IS_API_RESPONSE (self), FALSE);

  return self->status == 304;
}

const char *
iv_api_response_get_etag (IvApiResponse *self)
{
  g_return_val_if_fail (IV_IS_API_RESPONSE (self), NULL);

  return self->etag;
}

gpointer
iv_api_response_get_object (IvApiResponse *self)
{
  g_return_val_if_fail (IV_IS_API_RESPONSE (self), NULL);

  return self->object;
}

JsonNode *
iv_api_response_get_json (IvApiResponse *self)
{
  g_return_val_if_fail (IV_IS_API_RESPONSE (self), NULL);

  return self->json;
}
