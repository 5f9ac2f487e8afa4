/* iv-account.c: the signed-in enterprise or startup team, with its year quota */
#include "config.h"

#include "iv-account.h"

#include "iv-json-reader.h"
#include "iv-money.h"

struct _IvAccount
{
  GObject parent_instance;

  char *id;
  IvAccountKind kind;
  char *name;
  char *credit_code;
  char *contact_name;
  char *contact_phone;
  char *district;
  gint year;
  gint64 year_cap_fen;
  gint64 year_granted_fen;
  gint64 year_used_fen;
};

G_DEFINE_FINAL_TYPE (IvAccount, iv_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_KIND,
  PROP_NAME,
  PROP_CREDIT_CODE,
  PROP_CONTACT_NAME,
  PROP_CONTACT_PHONE,
  PROP_DISTRICT,
  PROP_YEAR,
  PROP_YEAR_CAP_FEN,
  PROP_YEAR_GRANTED_FEN,
  PROP_YEAR_USED_FEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


static void
iv_account_finalize (GObject *object)
{
  IvAccount *self = IV_ACCOUNT (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->credit_code);
  g_free (self->contact_name);
  g_free (self->contact_phone);
  g_free (self->district);

  G_OBJECT_CLASS (iv_account_parent_class)->finalize (object);
}

static void
iv_account_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  IvAccount *self = IV_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_CREDIT_CODE:
      g_value_set_string (value, self->credit_code);
      break;

    case PROP_CONTACT_NAME:
      g_value_set_string (value, self->contact_name);
      break;

    case PROP_CONTACT_PHONE:
      g_value_set_string (value, self->contact_phone);
      break;

    case PROP_DISTRICT:
      g_value_set_string (value, self->district);
      break;

    case PROP_YEAR:
      g_value_set_int (value, self->year);
      break;

    case PROP_YEAR_CAP_FEN:
      g_value_set_int64 (value, self->year_cap_fen);
      break;

    case PROP_YEAR_GRANTED_FEN:
      g_value_set_int64 (value, self->year_granted_fen);
      break;

    case PROP_YEAR_USED_FEN:
      g_value_set_int64 (value, self->year_used_fen);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_account_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  IvAccount *self = IV_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_free (self->id);
      self->id = g_value_dup_string (value);
      break;

    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;

    case PROP_NAME:
      g_free (self->name);
      self->name = g_value_dup_string (value);
      break;

    case PROP_CREDIT_CODE:
      g_free (self->credit_code);
      self->credit_code = g_value_dup_string (value);
      break;

    case PROP_CONTACT_NAME:
      g_free (self->contact_name);
      self->contact_name = g_value_dup_string (value);
      break;

    case PROP_CONTACT_PHONE:
      g_free (self->contact_phone);
      self->contact_phone = g_value_dup_string (value);
      break;

    case PROP_DISTRICT:
      g_free (self->district);
      self->district = g_value_dup_string (value);
      break;

    case PROP_YEAR:
      self->year = g_value_get_int (value);
      break;

    case PROP_YEAR_CAP_FEN:
      self->year_cap_fen = g_value_get_int64 (value);
      break;

    case PROP_YEAR_GRANTED_FEN:
      self->year_granted_fen = g_value_get_int64 (value);
      break;

    case PROP_YEAR_USED_FEN:
      self->year_used_fen = g_value_get_int64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_account_class_init (IvAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = iv_account_finalize;
  object_class->get_property = iv_account_get_property;
  object_class->set_property = iv_account_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, IV_TYPE_ACCOUNT_KIND, IV_ACCOUNT_KIND_ENTERPRISE,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CREDIT_CODE] =
    g_param_spec_string ("credit-code", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CONTACT_NAME] =
    g_param_spec_string ("contact-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CONTACT_PHONE] =
    g_param_spec_string ("contact-phone", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DISTRICT] =
    g_param_spec_string ("district", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_YEAR] =
    g_param_spec_int ("year", NULL, NULL, 1970, 9999, 1970,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_YEAR_CAP_FEN] =
    g_param_spec_int64 ("year-cap-fen", NULL, NULL, 0, IV_MONEY_MAX_FEN, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_YEAR_GRANTED_FEN] =
    g_param_spec_int64 ("year-granted-fen", NULL, NULL, 0, IV_MONEY_MAX_FEN, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_YEAR_USED_FEN] =
    g_param_spec_int64 ("year-used-fen", NULL, NULL, 0, IV_MONEY_MAX_FEN, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
iv_account_init (IvAccount *self)
{
  self->year = 1970;
}

IvAccount *
iv_account_new_from_json_at (JsonNode    *node,
                              const char  *path,
                              GError     **error)
{
  g_autoptr(IvAccount) self = NULL;
  g_autoptr(IvJsonReader) reader = NULL;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = iv_json_reader_new (node, path, error);
  if (reader == NULL)
    return NULL;

  self = g_object_new (IV_TYPE_ACCOUNT, NULL);

  if (!iv_json_reader_read_id (reader, "id", IV_JSON_REQUIRED, &self->id, error))
    return NULL;
  {
    gint v = 0;

    if (!iv_json_reader_read_enum (reader, "kind", IV_JSON_REQUIRED, IV_TYPE_ACCOUNT_KIND, &v, error))
      return NULL;
    self->kind = v;
  }
  if (!iv_json_reader_read_string (reader, "name", IV_JSON_REQUIRED, 200, &self->name, error))
    return NULL;
  if (!iv_json_reader_read_string (reader, "credit_code", IV_JSON_NULLABLE, 64, &self->credit_code, error))
    return NULL;
  if (!iv_json_reader_read_string (reader, "contact_name", IV_JSON_REQUIRED, 64, &self->contact_name, error))
    return NULL;
  if (!iv_json_reader_read_string (reader, "contact_phone", IV_JSON_REQUIRED, 32, &self->contact_phone, error))
    return NULL;
  if (!iv_json_reader_read_string (reader, "district", IV_JSON_REQUIRED, 64, &self->district, error))
    return NULL;
  {
    gint64 v = 1970;

    if (!iv_json_reader_read_int (reader, "year", IV_JSON_REQUIRED, 1970, 9999, &v, NULL, error))
      return NULL;
    self->year = v;
  }
  if (!iv_json_reader_read_int (reader, "year_cap_fen", IV_JSON_REQUIRED, 0, IV_MONEY_MAX_FEN, &self->year_cap_fen, NULL, error))
    return NULL;
  if (!iv_json_reader_read_int (reader, "year_granted_fen", IV_JSON_REQUIRED, 0, IV_MONEY_MAX_FEN, &self->year_granted_fen, NULL, error))
    return NULL;
  if (!iv_json_reader_read_int (reader, "year_used_fen", IV_JSON_REQUIRED, 0, IV_MONEY_MAX_FEN, &self->year_used_fen, NULL, error))
    return NULL;

  return g_steal_pointer (&self);
}

IvAccount *
iv_account_new_from_json (JsonNode  *node,
                           GError   **error)
{
  return iv_account_new_from_json_at (node, "account", error);
}

JsonNode *
iv_account_to_json (IvAccount *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (IV_IS_ACCOUNT (self), NULL);

  json_builder_begin_object (builder);
  iv_json_builder_add_string_member (builder, "id", self->id);
  iv_json_builder_add_string_member (builder, "kind", iv_account_kind_to_string (self->kind));
  iv_json_builder_add_string_member (builder, "name", self->name);
  iv_json_builder_add_string_member (builder, "credit_code", self->credit_code);
  iv_json_builder_add_string_member (builder, "contact_name", self->contact_name);
  iv_json_builder_add_string_member (builder, "contact_phone", self->contact_phone);
  iv_json_builder_add_string_member (builder, "district", self->district);
  iv_json_builder_add_int_member (builder, "year", self->year);
  iv_json_builder_add_int_member (builder, "year_cap_fen", self->year_cap_fen);
  iv_json_builder_add_int_member (builder, "year_granted_fen", self->year_granted_fen);
  iv_json_builder_add_int_member (builder, "year_used_fen", self->year_used_fen);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

const char *
iv_account_get_id (IvAccount *self)
{
  g_return_val_if_fail (IV_IS_ACCOUNT (self), NULL);

  return self->id;
}

IvAccountKind 
iv_account_get_kind (IvAccount *self)
{
  g_return_val_if_fail (IV_IS_ACCOUNT (self), IV_ACCOUNT_KIND_ENTERPRISE);

  return self->kind;
}

const char *
iv_account_get_name (IvAccount *self)
{
  g_return_val_if_fail (IV_IS_ACCOUNT (self), NULL);

  return self->name;
}

const char *
iv_account_get_credit_code (IvAccount *self)
{
  g_return_val_if_fail (IV_IS_ACCOUNT (self), NULL);

  return self->credit_code;
}

const char *
iv_account_get_contact_name (IvAccount *self)
{
  g_return_val_if_fail (IV_IS_ACCOUNT (self), NULL);

  return self->contact_name;
}

const char *
iv_account_get_contact_phone (IvAccount *self)
{
  g_return_val_if_fail (IV_IS_ACCOUNT (self), NULL);

  return self->contact_phone;
}

const char *
iv_account_get_district (IvAccount *self)
{
  g_return_val_if_fail (IV_IS_ACCOUNT (self), NULL);

  return self->district;
}

gint 
iv_account_get_year (IvAccount *self)
{
  g_return_val_if_fail (IV_IS_ACCOUNT (self), 1970);

  return self->year;
}

gint64 
iv_account_get_year_cap_fen (IvAccount *self)
{
  g_return_val_if_fail (IV_IS_ACCOUNT (self), 0);

  return self->year_cap_fen;
}

gint64 
iv_account_get_year_granted_fen (IvAccount *self)
{
  g_return_val_if_fail (IV_IS_ACCOUNT (self), 0);

  return self->year_granted_fen;
}

gint64 
iv_account_get_year_used_fen (IvAccount *self)
{
  g_return_val_if_fail (IV_IS_ACCOUNT (self), 0);

  return self->year_used_fen;
}
