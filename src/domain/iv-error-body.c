/* iv-error-body.c: the body of every 4xx/5xx answer: {"error": {code, message, field}} */
#include "config.h"

#include "iv-error-body.h"

#include "iv-json-reader.h"
#include "iv-money.h"

struct _IvErrorBody
{
  GObject parent_instance;

  char *code;
  char *message;
  char *field;
};

G_DEFINE_FINAL_TYPE (IvErrorBody, iv_error_body, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CODE,
  PROP_MESSAGE,
  PROP_FIELD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


static void
iv_error_body_finalize (GObject *object)
{
  IvErrorBody *self = IV_ERROR_BODY (object);

  g_free (self->code);
  g_free (self->message);
  g_free (self->field);

  G_OBJECT_CLASS (iv_error_body_parent_class)->finalize (object);
}

static void
iv_error_body_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  IvErrorBody *self = IV_ERROR_BODY (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;

    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;

    case PROP_FIELD:
      g_value_set_string (value, self->field);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_error_body_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  IvErrorBody *self = IV_ERROR_BODY (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_free (self->code);
      self->code = g_value_dup_string (value);
      break;

    case PROP_MESSAGE:
      g_free (self->message);
      self->message = g_value_dup_string (value);
      break;

    case PROP_FIELD:
      g_free (self->field);
      self->field = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_error_body_class_init (IvErrorBodyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = iv_error_body_finalize;
  object_class->get_property = iv_error_body_get_property;
  object_class->set_property = iv_error_body_set_property;

  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_FIELD] =
    g_param_spec_string ("field", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
iv_error_body_init (IvErrorBody *self)
{
}

IvErrorBody *
iv_error_body_new_from_json_at (JsonNode    *node,
                                 const char  *path,
                                 GError     **error)
{
  g_autoptr(IvErrorBody) self = NULL;
  g_autoptr(IvJsonReader) reader = NULL;
  g_autoptr(IvJsonReader) reader_error = NULL;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = iv_json_reader_new (node, path, error);
  if (reader == NULL)
    return NULL;

  self = g_object_new (IV_TYPE_ERROR_BODY, NULL);

  reader_error = iv_json_reader_read_object (reader, "error", IV_JSON_REQUIRED, error);
  if (reader_error == NULL)
    return NULL;
  if (!iv_json_reader_read_string (reader_error, "code", IV_JSON_REQUIRED, 64, &self->code, error))
    return NULL;
  if (!iv_json_reader_read_string (reader_error, "message", IV_JSON_REQUIRED, 4000, &self->message, error))
    return NULL;
  if (!iv_json_reader_read_string (reader_error, "field", IV_JSON_NULLABLE, 256, &self->field, error))
    return NULL;

  return g_steal_pointer (&self);
}

IvErrorBody *
iv_error_body_new_from_json (JsonNode  *node,
                              GError   **error)
{
  return iv_error_body_new_from_json_at (node, "", error);
}

JsonNode *
iv_error_body_to_json (IvErrorBody *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (IV_IS_ERROR_BODY (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  iv_json_builder_add_string_member (builder, "code", self->code);
  iv_json_builder_add_string_member (builder, "message", self->message);
  iv_json_builder_add_string_member (builder, "field", self->field);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

const char *
iv_error_body_get_code (IvErrorBody *self)
{
  g_return_val_if_fail (IV_IS_ERROR_BODY (self), NULL);

  return self->code;
}

const char *
iv_error_body_get_message (IvErrorBody *self)
{
  g_return_val_if_fail (IV_IS_ERROR_BODY (self), NULL);

  return self->message;
}

const char *
iv_error_body_get_field (IvErrorBody *self)
{
  g_return_val_if_fail (IV_IS_ERROR_BODY (self), NULL);

  return self->field;
}


IvErrorBody *
iv_error_body_new (const char *code,
                   const char *message,
                   const char *field)
{
  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);

  return g_object_new (IV_TYPE_ERROR_BODY,
                       "code", code,
                       "message", message,
                       "field", field,
                       NULL);
}
