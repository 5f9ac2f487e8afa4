/* iv-institution.c: an accredited service institution of the catalog */
#include "config.h"

#include "iv-institution.h"

#include "iv-json-reader.h"
#include "iv-json-reader-private.h"
#include "iv-money.h"

struct _IvInstitution
{
  GObject parent_instance;

  char *id;
  char *name;
  char *credit_code;
  char *district;
  char *address;
  char *phone;
  GStrv accreditations;
  gboolean accepts_vouchers;
  char *updated_at;
  GDateTime *updated_at_time;
};

G_DEFINE_FINAL_TYPE (IvInstitution, iv_institution, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_CREDIT_CODE,
  PROP_DISTRICT,
  PROP_ADDRESS,
  PROP_PHONE,
  PROP_ACCREDITATIONS,
  PROP_ACCEPTS_VOUCHERS,
  PROP_UPDATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


static void
iv_institution_finalize (GObject *object)
{
  IvInstitution *self = IV_INSTITUTION (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->credit_code);
  g_free (self->district);
  g_free (self->address);
  g_free (self->phone);
  g_strfreev (self->accreditations);
  g_free (self->updated_at);
  g_clear_pointer (&self->updated_at_time, g_date_time_unref);

  G_OBJECT_CLASS (iv_institution_parent_class)->finalize (object);
}

static void
iv_institution_constructed (GObject *object)
{
  IvInstitution *self = IV_INSTITUTION (object);

  G_OBJECT_CLASS (iv_institution_parent_class)->constructed (object);

  /* Lists are never NULL, so that callers need not check */
  if (self->accreditations == NULL)
    self->accreditations = g_new0 (char *, 1);
}

static void
iv_institution_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  IvInstitution *self = IV_INSTITUTION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_CREDIT_CODE:
      g_value_set_string (value, self->credit_code);
      break;

    case PROP_DISTRICT:
      g_value_set_string (value, self->district);
      break;

    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;

    case PROP_PHONE:
      g_value_set_string (value, self->phone);
      break;

    case PROP_ACCREDITATIONS:
      g_value_set_boxed (value, self->accreditations);
      break;

    case PROP_ACCEPTS_VOUCHERS:
      g_value_set_boolean (value, self->accepts_vouchers);
      break;

    case PROP_UPDATED_AT:
      g_value_set_string (value, self->updated_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_institution_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  IvInstitution *self = IV_INSTITUTION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_free (self->id);
      self->id = g_value_dup_string (value);
      break;

    case PROP_NAME:
      g_free (self->name);
      self->name = g_value_dup_string (value);
      break;

    case PROP_CREDIT_CODE:
      g_free (self->credit_code);
      self->credit_code = g_value_dup_string (value);
      break;

    case PROP_DISTRICT:
      g_free (self->district);
      self->district = g_value_dup_string (value);
      break;

    case PROP_ADDRESS:
      g_free (self->address);
      self->address = g_value_dup_string (value);
      break;

    case PROP_PHONE:
      g_free (self->phone);
      self->phone = g_value_dup_string (value);
      break;

    case PROP_ACCREDITATIONS:
      g_strfreev (self->accreditations);
      self->accreditations = g_value_dup_boxed (value);
      break;

    case PROP_ACCEPTS_VOUCHERS:
      self->accepts_vouchers = g_value_get_boolean (value);
      break;

    case PROP_UPDATED_AT:
      iv_json_set_time (&self->updated_at, &self->updated_at_time, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_institution_class_init (IvInstitutionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = iv_institution_finalize;
  object_class->constructed = iv_institution_constructed;
  object_class->get_property = iv_institution_get_property;
  object_class->set_property = iv_institution_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CREDIT_CODE] =
    g_param_spec_string ("credit-code", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DISTRICT] =
    g_param_spec_string ("district", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PHONE] =
    g_param_spec_string ("phone", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ACCREDITATIONS] =
    g_param_spec_boxed ("accreditations", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ACCEPTS_VOUCHERS] =
    g_param_spec_boolean ("accepts-vouchers", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_UPDATED_AT] =
    g_param_spec_string ("updated-at", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
iv_institution_init (IvInstitution *self)
{
}

IvInstitution *
iv_institution_new_from_json_at (JsonNode    *node,
                                  const char  *path,
                                  GError     **error)
{
  g_autoptr(IvInstitution) self = NULL;
  g_autoptr(IvJsonReader) reader = NULL;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = iv_json_reader_new (node, path, error);
  if (reader == NULL)
    return NULL;

  self = g_object_new (IV_TYPE_INSTITUTION, NULL);

  if (!iv_json_reader_read_id (reader, "id", IV_JSON_REQUIRED, &self->id, error))
    return NULL;
  if (!iv_json_reader_read_string (reader, "name", IV_JSON_REQUIRED, 200, &self->name, error))
    return NULL;
  if (!iv_json_reader_read_string (reader, "credit_code", IV_JSON_REQUIRED, 64, &self->credit_code, error))
    return NULL;
  if (!iv_json_reader_read_string (reader, "district", IV_JSON_REQUIRED, 64, &self->district, error))
    return NULL;
  if (!iv_json_reader_read_string (reader, "address", IV_JSON_REQUIRED, 500, &self->address, error))
    return NULL;
  if (!iv_json_reader_read_string (reader, "phone", IV_JSON_REQUIRED, 64, &self->phone, error))
    return NULL;
  g_clear_pointer (&self->accreditations, g_strfreev);
  if (!iv_json_reader_read_strv (reader, "accreditations", IV_JSON_REQUIRED, 32, 64, &self->accreditations, error))
    return NULL;
  if (!iv_json_reader_read_bool (reader, "accepts_vouchers", IV_JSON_REQUIRED, &self->accepts_vouchers, error))
    return NULL;
  if (!iv_json_reader_read_time (reader, "updated_at", IV_JSON_REQUIRED, &self->updated_at, &self->updated_at_time, error))
    return NULL;

  return g_steal_pointer (&self);
}

IvInstitution *
iv_institution_new_from_json (JsonNode  *node,
                               GError   **error)
{
  return iv_institution_new_from_json_at (node, "institution", error);
}

JsonNode *
iv_institution_to_json (IvInstitution *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (IV_IS_INSTITUTION (self), NULL);

  json_builder_begin_object (builder);
  iv_json_builder_add_string_member (builder, "id", self->id);
  iv_json_builder_add_string_member (builder, "name", self->name);
  iv_json_builder_add_string_member (builder, "credit_code", self->credit_code);
  iv_json_builder_add_string_member (builder, "district", self->district);
  iv_json_builder_add_string_member (builder, "address", self->address);
  iv_json_builder_add_string_member (builder, "phone", self->phone);
  iv_json_builder_add_strv_member (builder, "accreditations", (const char * const *) self->accreditations);
  iv_json_builder_add_bool_member (builder, "accepts_vouchers", self->accepts_vouchers);
  iv_json_builder_add_string_member (builder, "updated_at", self->updated_at);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

const char *
iv_institution_get_id (IvInstitution *self)
{
  g_return_val_if_fail (IV_IS_INSTITUTION (self), NULL);

  return self->id;
}

const char *
iv_institution_get_name (IvInstitution *self)
{
  g_return_val_if_fail (IV_IS_INSTITUTION (self), NULL);

  return self->name;
}

const char *
iv_institution_get_credit_code (IvInstitution *self)
{
  g_return_val_if_fail (IV_IS_INSTITUTION (self), NULL);

  return self->credit_code;
}

const char *
iv_institution_get_district (IvInstitution *self)
{
  g_return_val_if_fail (IV_IS_INSTITUTION (self), NULL);

  return self->district;
}

const char *
iv_institution_get_address (IvInstitution *self)
{
  g_return_val_if_fail (IV_IS_INSTITUTION (self), NULL);

  return self->address;
}

const char *
iv_institution_get_phone (IvInstitution *self)
{
  g_return_val_if_fail (IV_IS_INSTITUTION (self), NULL);

  return self->phone;
}

const char * const *
iv_institution_get_accreditations (IvInstitution *self)
{
  g_return_val_if_fail (IV_IS_INSTITUTION (self), NULL);

  return (const char * const *) self->accreditations;
}

gboolean 
iv_institution_get_accepts_vouchers (IvInstitution *self)
{
  g_return_val_if_fail (IV_IS_INSTITUTION (self), FALSE);

  return self->accepts_vouchers;
}

const char *
iv_institution_get_updated_at (IvInstitution *self)
{
  g_return_val_if_fail (IV_IS_INSTITUTION (self), NULL);

  return self->updated_at;
}

GDateTime *
iv_institution_get_updated_at_date_time (IvInstitution *self)
{
  g_return_val_if_fail (IV_IS_INSTITUTION (self), NULL);

  return self->updated_at_time;
}
