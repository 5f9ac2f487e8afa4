/* iv-quota-application.c: a quota application (申领) and its review history (IvApplication is the GtkApplication) */
#include "config.h"

#include "iv-quota-application.h"

#include "iv-history-step-private.h"
#include "iv-json-reader.h"
#include "iv-json-reader-private.h"
#include "iv-money.h"

struct _IvQuotaApplication
{
  GObject parent_instance;

  char *id;
  char *number;
  gint64 version;
  IvApplicationStatus status;
  gint year;
  gint64 amount_fen;
  char *purpose;
  GStrv planned_categories;
  char *contact_name;
  char *contact_phone;
  char *submitted_at;
  GDateTime *submitted_at_time;
  GListModel *history;
};

G_DEFINE_FINAL_TYPE (IvQuotaApplication, iv_quota_application, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NUMBER,
  PROP_VERSION,
  PROP_STATUS,
  PROP_YEAR,
  PROP_AMOUNT_FEN,
  PROP_PURPOSE,
  PROP_PLANNED_CATEGORIES,
  PROP_CONTACT_NAME,
  PROP_CONTACT_PHONE,
  PROP_SUBMITTED_AT,
  PROP_HISTORY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


static void
iv_quota_application_dispose (GObject *object)
{
  IvQuotaApplication *self = IV_QUOTA_APPLICATION (object);

  g_clear_object (&self->history);

  G_OBJECT_CLASS (iv_quota_application_parent_class)->dispose (object);
}

static void
iv_quota_application_finalize (GObject *object)
{
  IvQuotaApplication *self = IV_QUOTA_APPLICATION (object);

  g_free (self->id);
  g_free (self->number);
  g_free (self->purpose);
  g_strfreev (self->planned_categories);
  g_free (self->contact_name);
  g_free (self->contact_phone);
  g_free (self->submitted_at);
  g_clear_pointer (&self->submitted_at_time, g_date_time_unref);

  G_OBJECT_CLASS (iv_quota_application_parent_class)->finalize (object);
}

static void
iv_quota_application_constructed (GObject *object)
{
  IvQuotaApplication *self = IV_QUOTA_APPLICATION (object);

  G_OBJECT_CLASS (iv_quota_application_parent_class)->constructed (object);

  /* Lists are never NULL, so that callers need not check */
  if (self->history == NULL)
    self->history = G_LIST_MODEL (g_list_store_new (IV_TYPE_HISTORY_STEP));
  if (self->planned_categories == NULL)
    self->planned_categories = g_new0 (char *, 1);
}

static void
iv_quota_application_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  IvQuotaApplication *self = IV_QUOTA_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NUMBER:
      g_value_set_string (value, self->number);
      break;

    case PROP_VERSION:
      g_value_set_int64 (value, self->version);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_YEAR:
      g_value_set_int (value, self->year);
      break;

    case PROP_AMOUNT_FEN:
      g_value_set_int64 (value, self->amount_fen);
      break;

    case PROP_PURPOSE:
      g_value_set_string (value, self->purpose);
      break;

    case PROP_PLANNED_CATEGORIES:
      g_value_set_boxed (value, self->planned_categories);
      break;

    case PROP_CONTACT_NAME:
      g_value_set_string (value, self->contact_name);
      break;

    case PROP_CONTACT_PHONE:
      g_value_set_string (value, self->contact_phone);
      break;

    case PROP_SUBMITTED_AT:
      g_value_set_string (value, self->submitted_at);
      break;

    case PROP_HISTORY:
      g_value_set_object (value, self->history);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_quota_application_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  IvQuotaApplication *self = IV_QUOTA_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_free (self->id);
      self->id = g_value_dup_string (value);
      break;

    case PROP_NUMBER:
      g_free (self->number);
      self->number = g_value_dup_string (value);
      break;

    case PROP_VERSION:
      self->version = g_value_get_int64 (value);
      break;

    case PROP_STATUS:
      self->status = g_value_get_enum (value);
      break;

    case PROP_YEAR:
      self->year = g_value_get_int (value);
      break;

    case PROP_AMOUNT_FEN:
      self->amount_fen = g_value_get_int64 (value);
      break;

    case PROP_PURPOSE:
      g_free (self->purpose);
      self->purpose = g_value_dup_string (value);
      break;

    case PROP_PLANNED_CATEGORIES:
      g_strfreev (self->planned_categories);
      self->planned_categories = g_value_dup_boxed (value);
      break;

    case PROP_CONTACT_NAME:
      g_free (self->contact_name);
      self->contact_name = g_value_dup_string (value);
      break;

    case PROP_CONTACT_PHONE:
      g_free (self->contact_phone);
      self->contact_phone = g_value_dup_string (value);
      break;

    case PROP_SUBMITTED_AT:
      iv_json_set_time (&self->submitted_at, &self->submitted_at_time, g_value_get_string (value));
      break;

    case PROP_HISTORY:
      g_set_object (&self->history, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_quota_application_class_init (IvQuotaApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = iv_quota_application_dispose;
  object_class->finalize = iv_quota_application_finalize;
  object_class->constructed = iv_quota_application_constructed;
  object_class->get_property = iv_quota_application_get_property;
  object_class->set_property = iv_quota_application_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NUMBER] =
    g_param_spec_string ("number", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_VERSION] =
    g_param_spec_int64 ("version", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, IV_TYPE_APPLICATION_STATUS, IV_APPLICATION_STATUS_SUBMITTED,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_YEAR] =
    g_param_spec_int ("year", NULL, NULL, 1970, 9999, 1970,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_AMOUNT_FEN] =
    g_param_spec_int64 ("amount-fen", NULL, NULL, 0, IV_MONEY_MAX_FEN, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PURPOSE] =
    g_param_spec_string ("purpose", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PLANNED_CATEGORIES] =
    g_param_spec_boxed ("planned-categories", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CONTACT_NAME] =
    g_param_spec_string ("contact-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CONTACT_PHONE] =
    g_param_spec_string ("contact-phone", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SUBMITTED_AT] =
    g_param_spec_string ("submitted-at", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HISTORY] =
    g_param_spec_object ("history", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
iv_quota_application_init (IvQuotaApplication *self)
{
  self->year = 1970;
}

IvQuotaApplication *
iv_quota_application_new_from_json_at (JsonNode    *node,
                                        const char  *path,
                                        GError     **error)
{
  g_autoptr(IvQuotaApplication) self = NULL;
  g_autoptr(IvJsonReader) reader = NULL;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = iv_json_reader_new (node, path, error);
  if (reader == NULL)
    return NULL;

  self = g_object_new (IV_TYPE_QUOTA_APPLICATION, NULL);

  if (!iv_json_reader_read_id (reader, "id", IV_JSON_REQUIRED, &self->id, error))
    return NULL;
  if (!iv_json_reader_read_string (reader, "number", IV_JSON_REQUIRED, 64, &self->number, error))
    return NULL;
  if (!iv_json_reader_read_int (reader, "version", IV_JSON_REQUIRED, 0, G_MAXINT64, &self->version, NULL, error))
    return NULL;
  {
    gint v = 0;

    if (!iv_json_reader_read_enum (reader, "status", IV_JSON_REQUIRED, IV_TYPE_APPLICATION_STATUS, &v, error))
      return NULL;
    self->status = v;
  }
  {
    gint64 v = 1970;

    if (!iv_json_reader_read_int (reader, "year", IV_JSON_REQUIRED, 1970, 9999, &v, NULL, error))
      return NULL;
    self->year = v;
  }
  if (!iv_json_reader_read_int (reader, "amount_fen", IV_JSON_REQUIRED, 0, IV_MONEY_MAX_FEN, &self->amount_fen, NULL, error))
    return NULL;
  if (!iv_json_reader_read_string (reader, "purpose", IV_JSON_REQUIRED, 4000, &self->purpose, error))
    return NULL;
  g_clear_pointer (&self->planned_categories, g_strfreev);
  if (!iv_json_reader_read_strv (reader, "planned_categories", IV_JSON_REQUIRED, 16, 64, &self->planned_categories, error))
    return NULL;
  if (!iv_json_reader_read_string (reader, "contact_name", IV_JSON_REQUIRED, 64, &self->contact_name, error))
    return NULL;
  if (!iv_json_reader_read_string (reader, "contact_phone", IV_JSON_REQUIRED, 32, &self->contact_phone, error))
    return NULL;
  if (!iv_json_reader_read_time (reader, "submitted_at", IV_JSON_REQUIRED, &self->submitted_at, &self->submitted_at_time, error))
    return NULL;
  if (!iv_history_step_read_member (reader, "history", IV_TYPE_APPLICATION_STATUS, G_LIST_STORE (self->history), error))
    return NULL;

  return g_steal_pointer (&self);
}

IvQuotaApplication *
iv_quota_application_new_from_json (JsonNode  *node,
                                     GError   **error)
{
  return iv_quota_application_new_from_json_at (node, "application", error);
}

JsonNode *
iv_quota_application_to_json (IvQuotaApplication *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (IV_IS_QUOTA_APPLICATION (self), NULL);

  json_builder_begin_object (builder);
  iv_json_builder_add_string_member (builder, "id", self->id);
  iv_json_builder_add_string_member (builder, "number", self->number);
  iv_json_builder_add_int_member (builder, "version", self->version);
  iv_json_builder_add_string_member (builder, "status", iv_application_status_to_string (self->status));
  iv_json_builder_add_int_member (builder, "year", self->year);
  iv_json_builder_add_int_member (builder, "amount_fen", self->amount_fen);
  iv_json_builder_add_string_member (builder, "purpose", self->purpose);
  iv_json_builder_add_strv_member (builder, "planned_categories", (const char * const *) self->planned_categories);
  iv_json_builder_add_string_member (builder, "contact_name", self->contact_name);
  iv_json_builder_add_string_member (builder, "contact_phone", self->contact_phone);
  iv_json_builder_add_string_member (builder, "submitted_at", self->submitted_at);
  iv_history_step_add_member (builder, "history", self->history);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

const char *
iv_quota_application_get_id (IvQuotaApplication *self)
{
  g_return_val_if_fail (IV_IS_QUOTA_APPLICATION (self), NULL);

  return self->id;
}

const char *
iv_quota_application_get_number (IvQuotaApplication *self)
{
  g_return_val_if_fail (IV_IS_QUOTA_APPLICATION (self), NULL);

  return self->number;
}

gint64 
iv_quota_application_get_version (IvQuotaApplication *self)
{
  g_return_val_if_fail (IV_IS_QUOTA_APPLICATION (self), 0);

  return self->version;
}

IvApplicationStatus 
iv_quota_application_get_status (IvQuotaApplication *self)
{
  g_return_val_if_fail (IV_IS_QUOTA_APPLICATION (self), IV_APPLICATION_STATUS_SUBMITTED);

  return self->status;
}

gint 
iv_quota_application_get_year (IvQuotaApplication *self)
{
  g_return_val_if_fail (IV_IS_QUOTA_APPLICATION (self), 1970);

  return self->year;
}

gint64 
iv_quota_application_get_amount_fen (IvQuotaApplication *self)
{
  g_return_val_if_fail (IV_IS_QUOTA_APPLICATION (self), 0);

  return self->amount_fen;
}

const char *
iv_quota_application_get_purpose (IvQuotaApplication *self)
{
  g_return_val_if_fail (IV_IS_QUOTA_APPLICATION (self), NULL);

  return self->purpose;
}

const char * const *
iv_quota_application_get_planned_categories (IvQuotaApplication *self)
{
  g_return_val_if_fail (IV_IS_QUOTA_APPLICATION (self), NULL);

  return (const char * const *) self->planned_categories;
}

const char *
iv_quota_application_get_contact_name (IvQuotaApplication *self)
{
  g_return_val_if_fail (IV_IS_QUOTA_APPLICATION (self), NULL);

  return self->contact_name;
}

const char *
iv_quota_application_get_contact_phone (IvQuotaApplication *self)
{
  g_return_val_if_fail (IV_IS_QUOTA_APPLICATION (self), NULL);

  return self->contact_phone;
}

const char *
iv_quota_application_get_submitted_at (IvQuotaApplication *self)
{
  g_return_val_if_fail (IV_IS_QUOTA_APPLICATION (self), NULL);

  return self->submitted_at;
}

GDateTime *
iv_quota_application_get_submitted_at_date_time (IvQuotaApplication *self)
{
  g_return_val_if_fail (IV_IS_QUOTA_APPLICATION (self), NULL);

  return self->submitted_at_time;
}

GListModel *
iv_quota_application_get_history (IvQuotaApplication *self)
{
  g_return_val_if_fail (IV_IS_QUOTA_APPLICATION (self), NULL);

  return self->history;
}
