/* iv-category.c: a service category of the catalog (测试检测, …) */
#include "config.h"

#include "iv-category.h"

#include "iv-json-reader.h"
#include "iv-money.h"

struct _IvCategory
{
  GObject parent_instance;

  char *code;
  char *name;
};

G_DEFINE_FINAL_TYPE (IvCategory, iv_category, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CODE,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


static void
iv_category_finalize (GObject *object)
{
  IvCategory *self = IV_CATEGORY (object);

  g_free (self->code);
  g_free (self->name);

  G_OBJECT_CLASS (iv_category_parent_class)->finalize (object);
}

static void
iv_category_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  IvCategory *self = IV_CATEGORY (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_category_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  IvCategory *self = IV_CATEGORY (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_free (self->code);
      self->code = g_value_dup_string (value);
      break;

    case PROP_NAME:
      g_free (self->name);
      self->name = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_category_class_init (IvCategoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = iv_category_finalize;
  object_class->get_property = iv_category_get_property;
  object_class->set_property = iv_category_set_property;

  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
iv_category_init (IvCategory *self)
{
}

IvCategory *
iv_category_new_from_json_at (JsonNode    *node,
                               const char  *path,
                               GError     **error)
{
  g_autoptr(IvCategory) self = NULL;
  g_autoptr(IvJsonReader) reader = NULL;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = iv_json_reader_new (node, path, error);
  if (reader == NULL)
    return NULL;

  self = g_object_new (IV_TYPE_CATEGORY, NULL);

  if (!iv_json_reader_read_id (reader, "code", IV_JSON_REQUIRED, &self->code, error))
    return NULL;
  if (!iv_json_reader_read_string (reader, "name", IV_JSON_REQUIRED, 64, &self->name, error))
    return NULL;

  return g_steal_pointer (&self);
}

IvCategory *
iv_category_new_from_json (JsonNode  *node,
                            GError   **error)
{
  return iv_category_new_from_json_at (node, "category", error);
}

JsonNode *
iv_category_to_json (IvCategory *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (IV_IS_CATEGORY (self), NULL);

  json_builder_begin_object (builder);
  iv_json_builder_add_string_member (builder, "code", self->code);
  iv_json_builder_add_string_member (builder, "name", self->name);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

const char *
iv_category_get_code (IvCategory *self)
{
  g_return_val_if_fail (IV_IS_CATEGORY (self), NULL);

  return self->code;
}

const char *
iv_category_get_name (IvCategory *self)
{
  g_return_val_if_fail (IV_IS_CATEGORY (self), NULL);

  return self->name;
}
