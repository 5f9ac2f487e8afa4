/* iv-service.c: a service an institution offers in the catalog */
#include "config.h"

#include "iv-service.h"

#include "iv-json-reader.h"
#include "iv-json-reader-private.h"
#include "iv-money.h"

struct _IvService
{
  GObject parent_instance;

  char *id;
  char *institution_id;
  char *category;
  char *title;
  char *description;
  gint64 price_fen;
  char *price_note;
  char *unit;
  char *updated_at;
  GDateTime *updated_at_time;
};

G_DEFINE_FINAL_TYPE (IvService, iv_service, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_INSTITUTION_ID,
  PROP_CATEGORY,
  PROP_TITLE,
  PROP_DESCRIPTION,
  PROP_PRICE_FEN,
  PROP_PRICE_NOTE,
  PROP_UNIT,
  PROP_UPDATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


static void
iv_service_finalize (GObject *object)
{
  IvService *self = IV_SERVICE (object);

  g_free (self->id);
  g_free (self->institution_id);
  g_free (self->category);
  g_free (self->title);
  g_free (self->description);
  g_free (self->price_note);
  g_free (self->unit);
  g_free (self->updated_at);
  g_clear_pointer (&self->updated_at_time, g_date_time_unref);

  G_OBJECT_CLASS (iv_service_parent_class)->finalize (object);
}

static void
iv_service_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  IvService *self = IV_SERVICE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_INSTITUTION_ID:
      g_value_set_string (value, self->institution_id);
      break;

    case PROP_CATEGORY:
      g_value_set_string (value, self->category);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    case PROP_PRICE_FEN:
      g_value_set_int64 (value, self->price_fen);
      break;

    case PROP_PRICE_NOTE:
      g_value_set_string (value, self->price_note);
      break;

    case PROP_UNIT:
      g_value_set_string (value, self->unit);
      break;

    case PROP_UPDATED_AT:
      g_value_set_string (value, self->updated_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_service_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  IvService *self = IV_SERVICE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_free (self->id);
      self->id = g_value_dup_string (value);
      break;

    case PROP_INSTITUTION_ID:
      g_free (self->institution_id);
      self->institution_id = g_value_dup_string (value);
      break;

    case PROP_CATEGORY:
      g_free (self->category);
      self->category = g_value_dup_string (value);
      break;

    case PROP_TITLE:
      g_free (self->title);
      self->title = g_value_dup_string (value);
      break;

    case PROP_DESCRIPTION:
      g_free (self->description);
      self->description = g_value_dup_string (value);
      break;

    case PROP_PRICE_FEN:
      self->price_fen = g_value_get_int64 (value);
      break;

    case PROP_PRICE_NOTE:
      g_free (self->price_note);
      self->price_note = g_value_dup_string (value);
      break;

    case PROP_UNIT:
      g_free (self->unit);
      self->unit = g_value_dup_string (value);
      break;

    case PROP_UPDATED_AT:
      iv_json_set_time (&self->updated_at, &self->updated_at_time, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_service_class_init (IvServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = iv_service_finalize;
  object_class->get_property = iv_service_get_property;
  object_class->set_property = iv_service_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_INSTITUTION_ID] =
    g_param_spec_string ("institution-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CATEGORY] =
    g_param_spec_string ("category", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PRICE_FEN] =
    g_param_spec_int64 ("price-fen", NULL, NULL, -1, IV_MONEY_MAX_FEN, -1,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PRICE_NOTE] =
    g_param_spec_string ("price-note", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_UNIT] =
    g_param_spec_string ("unit", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_UPDATED_AT] =
    g_param_spec_string ("updated-at", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
iv_service_init (IvService *self)
{
  self->price_fen = -1;
}

IvService *
iv_service_new_from_json_at (JsonNode    *node,
                              const char  *path,
                              GError     **error)
{
  g_autoptr(IvService) self = NULL;
  g_autoptr(IvJsonReader) reader = NULL;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = iv_json_reader_new (node, path, error);
  if (reader == NULL)
    return NULL;

  self = g_object_new (IV_TYPE_SERVICE, NULL);

  if (!iv_json_reader_read_id (reader, "id", IV_JSON_REQUIRED, &self->id, error))
    return NULL;
  if (!iv_json_reader_read_id (reader, "institution_id", IV_JSON_REQUIRED, &self->institution_id, error))
    return NULL;
  if (!iv_json_reader_read_id (reader, "category", IV_JSON_REQUIRED, &self->category, error))
    return NULL;
  if (!iv_json_reader_read_string (reader, "title", IV_JSON_REQUIRED, 200, &self->title, error))
    return NULL;
  if (!iv_json_reader_read_string (reader, "description", IV_JSON_REQUIRED, 4000, &self->description, error))
    return NULL;
  self->price_fen = -1;  /* stays so when null or absent */
  if (!iv_json_reader_read_int (reader, "price_fen", IV_JSON_NULLABLE, 0, IV_MONEY_MAX_FEN, &self->price_fen, NULL, error))
    return NULL;
  if (!iv_json_reader_read_string (reader, "price_note", IV_JSON_NULLABLE, 200, &self->price_note, error))
    return NULL;
  if (!iv_json_reader_read_string (reader, "unit", IV_JSON_NULLABLE, 64, &self->unit, error))
    return NULL;
  if (!iv_json_reader_read_time (reader, "updated_at", IV_JSON_REQUIRED, &self->updated_at, &self->updated_at_time, error))
    return NULL;

  return g_steal_pointer (&self);
}

IvService *
iv_service_new_from_json (JsonNode  *node,
                           GError   **error)
{
  return iv_service_new_from_json_at (node, "service", error);
}

JsonNode *
iv_service_to_json (IvService *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (IV_IS_SERVICE (self), NULL);

  json_builder_begin_object (builder);
  iv_json_builder_add_string_member (builder, "id", self->id);
  iv_json_builder_add_string_member (builder, "institution_id", self->institution_id);
  iv_json_builder_add_string_member (builder, "category", self->category);
  iv_json_builder_add_string_member (builder, "title", self->title);
  iv_json_builder_add_string_member (builder, "description", self->description);
  iv_json_builder_add_nullable_int_member (builder, "price_fen", self->price_fen);
  iv_json_builder_add_string_member (builder, "price_note", self->price_note);
  iv_json_builder_add_string_member (builder, "unit", self->unit);
  iv_json_builder_add_string_member (builder, "updated_at", self->updated_at);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

const char *
iv_service_get_id (IvService *self)
{
  g_return_val_if_fail (IV_IS_SERVICE (self), NULL);

  return self->id;
}

const char *
iv_service_get_institution_id (IvService *self)
{
  g_return_val_if_fail (IV_IS_SERVICE (self), NULL);

  return self->institution_id;
}

const char *
iv_service_get_category (IvService *self)
{
  g_return_val_if_fail (IV_IS_SERVICE (self), NULL);

  return self->category;
}

const char *
iv_service_get_title (IvService *self)
{
  g_return_val_if_fail (IV_IS_SERVICE (self), NULL);

  return self->title;
}

const char *
iv_service_get_description (IvService *self)
{
  g_return_val_if_fail (IV_IS_SERVICE (self), NULL);

  return self->description;
}

gint64 
iv_service_get_price_fen (IvService *self)
{
  g_return_val_if_fail (IV_IS_SERVICE (self), -1);

  return self->price_fen;
}

const char *
iv_service_get_price_note (IvService *self)
{
  g_return_val_if_fail (IV_IS_SERVICE (self), NULL);

  return self->price_note;
}

const char *
iv_service_get_unit (IvService *self)
{
  g_return_val_if_fail (IV_IS_SERVICE (self), NULL);

  return self->unit;
}

const char *
iv_service_get_updated_at (IvService *self)
{
  g_return_val_if_fail (IV_IS_SERVICE (self), NULL);

  return self->updated_at;
}

GDateTime *
iv_service_get_updated_at_date_time (IvService *self)
{
  g_return_val_if_fail (IV_IS_SERVICE (self), NULL);

  return self->updated_at_time;
}
