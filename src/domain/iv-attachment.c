/* iv-attachment.c: an uploaded document file (PDF, PNG or JPEG) of a claim */
#include "config.h"

#include "iv-attachment.h"

#include "iv-json-reader.h"
#include "iv-json-reader-private.h"
#include "iv-money.h"

struct _IvAttachment
{
  GObject parent_instance;

  char *id;
  char *filename;
  char *content_type;
  gint64 size;
  char *sha256;
};

G_DEFINE_FINAL_TYPE (IvAttachment, iv_attachment, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_FILENAME,
  PROP_CONTENT_TYPE,
  PROP_SIZE,
  PROP_SHA256,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_lower_hex (const char *text)
{
  if (text == NULL)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}


static void
iv_attachment_finalize (GObject *object)
{
  IvAttachment *self = IV_ATTACHMENT (object);

  g_free (self->id);
  g_free (self->filename);
  g_free (self->content_type);
  g_free (self->sha256);

  G_OBJECT_CLASS (iv_attachment_parent_class)->finalize (object);
}

static void
iv_attachment_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  IvAttachment *self = IV_ATTACHMENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_FILENAME:
      g_value_set_string (value, self->filename);
      break;

    case PROP_CONTENT_TYPE:
      g_value_set_string (value, self->content_type);
      break;

    case PROP_SIZE:
      g_value_set_int64 (value, self->size);
      break;

    case PROP_SHA256:
      g_value_set_string (value, self->sha256);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_attachment_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  IvAttachment *self = IV_ATTACHMENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_free (self->id);
      self->id = g_value_dup_string (value);
      break;

    case PROP_FILENAME:
      g_free (self->filename);
      self->filename = g_value_dup_string (value);
      break;

    case PROP_CONTENT_TYPE:
      g_free (self->content_type);
      self->content_type = g_value_dup_string (value);
      break;

    case PROP_SIZE:
      self->size = g_value_get_int64 (value);
      break;

    case PROP_SHA256:
      g_free (self->sha256);
      self->sha256 = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_attachment_class_init (IvAttachmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = iv_attachment_finalize;
  object_class->get_property = iv_attachment_get_property;
  object_class->set_property = iv_attachment_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_FILENAME] =
    g_param_spec_string ("filename", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CONTENT_TYPE] =
    g_param_spec_string ("content-type", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SIZE] =
    g_param_spec_int64 ("size", NULL, NULL, 0, IV_ATTACHMENT_MAX_SIZE, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SHA256] =
    g_param_spec_string ("sha256", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
iv_attachment_init (IvAttachment *self)
{
}

IvAttachment *
iv_attachment_new_from_json_at (JsonNode    *node,
                                 const char  *path,
                                 GError     **error)
{
  g_autoptr(IvAttachment) self = NULL;
  g_autoptr(IvJsonReader) reader = NULL;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = iv_json_reader_new (node, path, error);
  if (reader == NULL)
    return NULL;

  self = g_object_new (IV_TYPE_ATTACHMENT, NULL);

  if (!iv_json_reader_read_id (reader, "id", IV_JSON_REQUIRED, &self->id, error))
    return NULL;
  if (!iv_json_reader_read_string (reader, "filename", IV_JSON_REQUIRED, 255, &self->filename, error))
    return NULL;
  if (!iv_json_reader_read_string (reader, "content_type", IV_JSON_REQUIRED, 64, &self->content_type, error))
    return NULL;
  if (!iv_json_reader_read_int (reader, "size", IV_JSON_REQUIRED, 0, IV_ATTACHMENT_MAX_SIZE, &self->size, NULL, error))
    return NULL;
  if (!iv_json_reader_read_string (reader, "sha256", IV_JSON_REQUIRED, 64, &self->sha256, error))
    return NULL;
  if (self->sha256 != NULL && g_utf8_strlen (self->sha256, -1) < 64)
    return iv_json_reader_fail_member (reader, "sha256", IV_DECODE_ERROR_INVALID, "expected 64 characters", error);
  if (!is_lower_hex (self->sha256))
    return iv_json_reader_fail_member (reader, "sha256", IV_DECODE_ERROR_INVALID, "expected lowercase hexadecimal digits", error);
  if (!iv_attachment_content_type_is_allowed (self->content_type))
    return iv_json_reader_fail_member (reader, "content_type", IV_DECODE_ERROR_RANGE, "not one of application/pdf, image/png, image/jpeg", error);

  return g_steal_pointer (&self);
}

IvAttachment *
iv_attachment_new_from_json (JsonNode  *node,
                              GError   **error)
{
  return iv_attachment_new_from_json_at (node, "attachment", error);
}

JsonNode *
iv_attachment_to_json (IvAttachment *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (IV_IS_ATTACHMENT (self), NULL);

  json_builder_begin_object (builder);
  iv_json_builder_add_string_member (builder, "id", self->id);
  iv_json_builder_add_string_member (builder, "filename", self->filename);
  iv_json_builder_add_string_member (builder, "content_type", self->content_type);
  iv_json_builder_add_int_member (builder, "size", self->size);
  iv_json_builder_add_string_member (builder, "sha256", self->sha256);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

const char *
iv_attachment_get_id (IvAttachment *self)
{
  g_return_val_if_fail (IV_IS_ATTACHMENT (self), NULL);

  return self->id;
}

const char *
iv_attachment_get_filename (IvAttachment *self)
{
  g_return_val_if_fail (IV_IS_ATTACHMENT (self), NULL);

  return self->filename;
}

const char *
iv_attachment_get_content_type (IvAttachment *self)
{
  g_return_val_if_fail (IV_IS_ATTACHMENT (self), NULL);

  return self->content_type;
}

gint64 
iv_attachment_get_size (IvAttachment *self)
{
  g_return_val_if_fail (IV_IS_ATTACHMENT (self), 0);

  return self->size;
}

const char *
iv_attachment_get_sha256 (IvAttachment *self)
{
  g_return_val_if_fail (IV_IS_ATTACHMENT (self), NULL);

  return self->sha256;
}


gboolean
iv_attachment_content_type_is_allowed (const char *content_type)
{
  return g_strcmp0 (content_type, "application/pdf") == 0 ||
         g_strcmp0 (content_type, "image/png") == 0 ||
         g_strcmp0 (content_type, "image/jpeg") == 0;
}
