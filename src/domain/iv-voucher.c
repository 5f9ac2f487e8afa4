/* iv-voucher.c: an innovation voucher: face value, balance, reserved amount, deadlines */
#include "config.h"

#include "iv-voucher.h"

#include "iv-json-reader.h"
#include "iv-money.h"

struct _IvVoucher
{
  GObject parent_instance;

  char *id;
  char *code;
  gint year;
  gint64 face_value_fen;
  gint64 balance_fen;
  gint64 reserved_fen;
  char *use_by;
  char *redeem_by;
  IvRedeemMode redeem_mode;
  IvVoucherStatus status;
};

G_DEFINE_FINAL_TYPE (IvVoucher, iv_voucher, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CODE,
  PROP_YEAR,
  PROP_FACE_VALUE_FEN,
  PROP_BALANCE_FEN,
  PROP_RESERVED_FEN,
  PROP_USE_BY,
  PROP_REDEEM_BY,
  PROP_REDEEM_MODE,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


static void
iv_voucher_finalize (GObject *object)
{
  IvVoucher *self = IV_VOUCHER (object);

  g_free (self->id);
  g_free (self->code);
  g_free (self->use_by);
  g_free (self->redeem_by);

  G_OBJECT_CLASS (iv_voucher_parent_class)->finalize (object);
}

static void
iv_voucher_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  IvVoucher *self = IV_VOUCHER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;

    case PROP_YEAR:
      g_value_set_int (value, self->year);
      break;

    case PROP_FACE_VALUE_FEN:
      g_value_set_int64 (value, self->face_value_fen);
      break;

    case PROP_BALANCE_FEN:
      g_value_set_int64 (value, self->balance_fen);
      break;

    case PROP_RESERVED_FEN:
      g_value_set_int64 (value, self->reserved_fen);
      break;

    case PROP_USE_BY:
      g_value_set_string (value, self->use_by);
      break;

    case PROP_REDEEM_BY:
      g_value_set_string (value, self->redeem_by);
      break;

    case PROP_REDEEM_MODE:
      g_value_set_enum (value, self->redeem_mode);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_voucher_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  IvVoucher *self = IV_VOUCHER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_free (self->id);
      self->id = g_value_dup_string (value);
      break;

    case PROP_CODE:
      g_free (self->code);
      self->code = g_value_dup_string (value);
      break;

    case PROP_YEAR:
      self->year = g_value_get_int (value);
      break;

    case PROP_FACE_VALUE_FEN:
      self->face_value_fen = g_value_get_int64 (value);
      break;

    case PROP_BALANCE_FEN:
      self->balance_fen = g_value_get_int64 (value);
      break;

    case PROP_RESERVED_FEN:
      self->reserved_fen = g_value_get_int64 (value);
      break;

    case PROP_USE_BY:
      g_free (self->use_by);
      self->use_by = g_value_dup_string (value);
      break;

    case PROP_REDEEM_BY:
      g_free (self->redeem_by);
      self->redeem_by = g_value_dup_string (value);
      break;

    case PROP_REDEEM_MODE:
      self->redeem_mode = g_value_get_enum (value);
      break;

    case PROP_STATUS:
      self->status = g_value_get_enum (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_voucher_class_init (IvVoucherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = iv_voucher_finalize;
  object_class->get_property = iv_voucher_get_property;
  object_class->set_property = iv_voucher_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_YEAR] =
    g_param_spec_int ("year", NULL, NULL, 1970, 9999, 1970,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_FACE_VALUE_FEN] =
    g_param_spec_int64 ("face-value-fen", NULL, NULL, 0, IV_MONEY_MAX_FEN, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BALANCE_FEN] =
    g_param_spec_int64 ("balance-fen", NULL, NULL, 0, IV_MONEY_MAX_FEN, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_RESERVED_FEN] =
    g_param_spec_int64 ("reserved-fen", NULL, NULL, 0, IV_MONEY_MAX_FEN, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_USE_BY] =
    g_param_spec_string ("use-by", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_REDEEM_BY] =
    g_param_spec_string ("redeem-by", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_REDEEM_MODE] =
    g_param_spec_enum ("redeem-mode", NULL, NULL, IV_TYPE_REDEEM_MODE, IV_REDEEM_MODE_ENTERPRISE,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, IV_TYPE_VOUCHER_STATUS, IV_VOUCHER_STATUS_ACTIVE,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
iv_voucher_init (IvVoucher *self)
{
  self->year = 1970;
}

IvVoucher *
iv_voucher_new_from_json_at (JsonNode    *node,
                              const char  *path,
                              GError     **error)
{
  g_autoptr(IvVoucher) self = NULL;
  g_autoptr(IvJsonReader) reader = NULL;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = iv_json_reader_new (node, path, error);
  if (reader == NULL)
    return NULL;

  self = g_object_new (IV_TYPE_VOUCHER, NULL);

  if (!iv_json_reader_read_id (reader, "id", IV_JSON_REQUIRED, &self->id, error))
    return NULL;
  if (!iv_json_reader_read_string (reader, "code", IV_JSON_REQUIRED, 64, &self->code, error))
    return NULL;
  {
    gint64 v = 1970;

    if (!iv_json_reader_read_int (reader, "year", IV_JSON_REQUIRED, 1970, 9999, &v, NULL, error))
      return NULL;
    self->year = v;
  }
  if (!iv_json_reader_read_int (reader, "face_value_fen", IV_JSON_REQUIRED, 0, IV_MONEY_MAX_FEN, &self->face_value_fen, NULL, error))
    return NULL;
  if (!iv_json_reader_read_int (reader, "balance_fen", IV_JSON_REQUIRED, 0, IV_MONEY_MAX_FEN, &self->balance_fen, NULL, error))
    return NULL;
  if (!iv_json_reader_read_int (reader, "reserved_fen", IV_JSON_REQUIRED, 0, IV_MONEY_MAX_FEN, &self->reserved_fen, NULL, error))
    return NULL;
  if (!iv_json_reader_read_date (reader, "use_by", IV_JSON_REQUIRED, &self->use_by, error))
    return NULL;
  if (!iv_json_reader_read_date (reader, "redeem_by", IV_JSON_REQUIRED, &self->redeem_by, error))
    return NULL;
  {
    gint v = 0;

    if (!iv_json_reader_read_enum (reader, "redeem_mode", IV_JSON_REQUIRED, IV_TYPE_REDEEM_MODE, &v, error))
      return NULL;
    self->redeem_mode = v;
  }
  {
    gint v = 0;

    if (!iv_json_reader_read_enum (reader, "status", IV_JSON_REQUIRED, IV_TYPE_VOUCHER_STATUS, &v, error))
      return NULL;
    self->status = v;
  }

  return g_steal_pointer (&self);
}

IvVoucher *
iv_voucher_new_from_json (JsonNode  *node,
                           GError   **error)
{
  return iv_voucher_new_from_json_at (node, "voucher", error);
}

JsonNode *
iv_voucher_to_json (IvVoucher *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (IV_IS_VOUCHER (self), NULL);

  json_builder_begin_object (builder);
  iv_json_builder_add_string_member (builder, "id", self->id);
  iv_json_builder_add_string_member (builder, "code", self->code);
  iv_json_builder_add_int_member (builder, "year", self->year);
  iv_json_builder_add_int_member (builder, "face_value_fen", self->face_value_fen);
  iv_json_builder_add_int_member (builder, "balance_fen", self->balance_fen);
  iv_json_builder_add_int_member (builder, "reserved_fen", self->reserved_fen);
  iv_json_builder_add_string_member (builder, "use_by", self->use_by);
  iv_json_builder_add_string_member (builder, "redeem_by", self->redeem_by);
  iv_json_builder_add_string_member (builder, "redeem_mode", iv_redeem_mode_to_string (self->redeem_mode));
  iv_json_builder_add_string_member (builder, "status", iv_voucher_status_to_string (self->status));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

const char *
iv_voucher_get_id (IvVoucher *self)
{
  g_return_val_if_fail (IV_IS_VOUCHER (self), NULL);

  return self->id;
}

const char *
iv_voucher_get_code (IvVoucher *self)
{
  g_return_val_if_fail (IV_IS_VOUCHER (self), NULL);

  return self->code;
}

gint 
iv_voucher_get_year (IvVoucher *self)
{
  g_return_val_if_fail (IV_IS_VOUCHER (self), 1970);

  return self->year;
}

gint64 
iv_voucher_get_face_value_fen (IvVoucher *self)
{
  g_return_val_if_fail (IV_IS_VOUCHER (self), 0);

  return self->face_value_fen;
}

gint64 
iv_voucher_get_balance_fen (IvVoucher *self)
{
  g_return_val_if_fail (IV_IS_VOUCHER (self), 0);

  return self->balance_fen;
}

gint64 
iv_voucher_get_reserved_fen (IvVoucher *self)
{
  g_return_val_if_fail (IV_IS_VOUCHER (self), 0);

  return self->reserved_fen;
}

const char *
iv_voucher_get_use_by (IvVoucher *self)
{
  g_return_val_if_fail (IV_IS_VOUCHER (self), NULL);

  return self->use_by;
}

const char *
iv_voucher_get_redeem_by (IvVoucher *self)
{
  g_return_val_if_fail (IV_IS_VOUCHER (self), NULL);

  return self->redeem_by;
}

IvRedeemMode 
iv_voucher_get_redeem_mode (IvVoucher *self)
{
  g_return_val_if_fail (IV_IS_VOUCHER (self), IV_REDEEM_MODE_ENTERPRISE);

  return self->redeem_mode;
}

IvVoucherStatus 
iv_voucher_get_status (IvVoucher *self)
{
  g_return_val_if_fail (IV_IS_VOUCHER (self), IV_VOUCHER_STATUS_ACTIVE);

  return self->status;
}
