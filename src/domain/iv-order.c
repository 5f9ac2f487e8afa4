/* iv-order.c: an order (使用): a catalog service booked with a voucher */
#include "config.h"

#include "iv-order.h"

#include "iv-history-step-private.h"
#include "iv-json-reader.h"
#include "iv-json-reader-private.h"
#include "iv-money.h"

struct _IvOrder
{
  GObject parent_instance;

  char *id;
  char *number;
  gint64 version;
  IvOrderStatus status;
  char *voucher_id;
  char *service_id;
  char *institution_id;
  gint64 quoted_amount_fen;
  gint64 reserved_fen;
  char *created_at;
  GDateTime *created_at_time;
  GListModel *history;
};

G_DEFINE_FINAL_TYPE (IvOrder, iv_order, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NUMBER,
  PROP_VERSION,
  PROP_STATUS,
  PROP_VOUCHER_ID,
  PROP_SERVICE_ID,
  PROP_INSTITUTION_ID,
  PROP_QUOTED_AMOUNT_FEN,
  PROP_RESERVED_FEN,
  PROP_CREATED_AT,
  PROP_HISTORY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


static void
iv_order_dispose (GObject *object)
{
  IvOrder *self = IV_ORDER (object);

  g_clear_object (&self->history);

  G_OBJECT_CLASS (iv_order_parent_class)->dispose (object);
}

static void
iv_order_finalize (GObject *object)
{
  IvOrder *self = IV_ORDER (object);

  g_free (self->id);
  g_free (self->number);
  g_free (self->voucher_id);
  g_free (self->service_id);
  g_free (self->institution_id);
  g_free (self->created_at);
  g_clear_pointer (&self->created_at_time, g_date_time_unref);

  G_OBJECT_CLASS (iv_order_parent_class)->finalize (object);
}

static void
iv_order_constructed (GObject *object)
{
  IvOrder *self = IV_ORDER (object);

  G_OBJECT_CLASS (iv_order_parent_class)->constructed (object);

  /* Lists are never NULL, so that callers need not check */
  if (self->history == NULL)
    self->history = G_LIST_MODEL (g_list_store_new (IV_TYPE_HISTORY_STEP));
}

static void
iv_order_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  IvOrder *self = IV_ORDER (object);

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

    case PROP_VOUCHER_ID:
      g_value_set_string (value, self->voucher_id);
      break;

    case PROP_SERVICE_ID:
      g_value_set_string (value, self->service_id);
      break;

    case PROP_INSTITUTION_ID:
      g_value_set_string (value, self->institution_id);
      break;

    case PROP_QUOTED_AMOUNT_FEN:
      g_value_set_int64 (value, self->quoted_amount_fen);
      break;

    case PROP_RESERVED_FEN:
      g_value_set_int64 (value, self->reserved_fen);
      break;

    case PROP_CREATED_AT:
      g_value_set_string (value, self->created_at);
      break;

    case PROP_HISTORY:
      g_value_set_object (value, self->history);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_order_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  IvOrder *self = IV_ORDER (object);

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

    case PROP_VOUCHER_ID:
      g_free (self->voucher_id);
      self->voucher_id = g_value_dup_string (value);
      break;

    case PROP_SERVICE_ID:
      g_free (self->service_id);
      self->service_id = g_value_dup_string (value);
      break;

    case PROP_INSTITUTION_ID:
      g_free (self->institution_id);
      self->institution_id = g_value_dup_string (value);
      break;

    case PROP_QUOTED_AMOUNT_FEN:
      self->quoted_amount_fen = g_value_get_int64 (value);
      break;

    case PROP_RESERVED_FEN:
      self->reserved_fen = g_value_get_int64 (value);
      break;

    case PROP_CREATED_AT:
      iv_json_set_time (&self->created_at, &self->created_at_time, g_value_get_string (value));
      break;

    case PROP_HISTORY:
      g_set_object (&self->history, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_order_class_init (IvOrderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = iv_order_dispose;
  object_class->finalize = iv_order_finalize;
  object_class->constructed = iv_order_constructed;
  object_class->get_property = iv_order_get_property;
  object_class->set_property = iv_order_set_property;

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
    g_param_spec_enum ("status", NULL, NULL, IV_TYPE_ORDER_STATUS, IV_ORDER_STATUS_PLACED,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_VOUCHER_ID] =
    g_param_spec_string ("voucher-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SERVICE_ID] =
    g_param_spec_string ("service-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_INSTITUTION_ID] =
    g_param_spec_string ("institution-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_QUOTED_AMOUNT_FEN] =
    g_param_spec_int64 ("quoted-amount-fen", NULL, NULL, 0, IV_MONEY_MAX_FEN, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_RESERVED_FEN] =
    g_param_spec_int64 ("reserved-fen", NULL, NULL, 0, IV_MONEY_MAX_FEN, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CREATED_AT] =
    g_param_spec_string ("created-at", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HISTORY] =
    g_param_spec_object ("history", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
iv_order_init (IvOrder *self)
{
}

IvOrder *
iv_order_new_from_json_at (JsonNode    *node,
                            const char  *path,
                            GError     **error)
{
  g_autoptr(IvOrder) self = NULL;
  g_autoptr(IvJsonReader) reader = NULL;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = iv_json_reader_new (node, path, error);
  if (reader == NULL)
    return NULL;

  self = g_object_new (IV_TYPE_ORDER, NULL);

  if (!iv_json_reader_read_id (reader, "id", IV_JSON_REQUIRED, &self->id, error))
    return NULL;
  if (!iv_json_reader_read_string (reader, "number", IV_JSON_REQUIRED, 64, &self->number, error))
    return NULL;
  if (!iv_json_reader_read_int (reader, "version", IV_JSON_REQUIRED, 0, G_MAXINT64, &self->version, NULL, error))
    return NULL;
  {
    gint v = 0;

    if (!iv_json_reader_read_enum (reader, "status", IV_JSON_REQUIRED, IV_TYPE_ORDER_STATUS, &v, error))
      return NULL;
    self->status = v;
  }
  if (!iv_json_reader_read_id (reader, "voucher_id", IV_JSON_REQUIRED, &self->voucher_id, error))
    return NULL;
  if (!iv_json_reader_read_id (reader, "service_id", IV_JSON_REQUIRED, &self->service_id, error))
    return NULL;
  if (!iv_json_reader_read_id (reader, "institution_id", IV_JSON_REQUIRED, &self->institution_id, error))
    return NULL;
  if (!iv_json_reader_read_int (reader, "quoted_amount_fen", IV_JSON_REQUIRED, 0, IV_MONEY_MAX_FEN, &self->quoted_amount_fen, NULL, error))
    return NULL;
  if (!iv_json_reader_read_int (reader, "reserved_fen", IV_JSON_REQUIRED, 0, IV_MONEY_MAX_FEN, &self->reserved_fen, NULL, error))
    return NULL;
  if (!iv_json_reader_read_time (reader, "created_at", IV_JSON_REQUIRED, &self->created_at, &self->created_at_time, error))
    return NULL;
  if (!iv_history_step_read_member (reader, "history", IV_TYPE_ORDER_STATUS, G_LIST_STORE (self->history), error))
    return NULL;

  return g_steal_pointer (&self);
}

IvOrder *
iv_order_new_from_json (JsonNode  *node,
                         GError   **error)
{
  return iv_order_new_from_json_at (node, "order", error);
}

JsonNode *
iv_order_to_json (IvOrder *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (IV_IS_ORDER (self), NULL);

  json_builder_begin_object (builder);
  iv_json_builder_add_string_member (builder, "id", self->id);
  iv_json_builder_add_string_member (builder, "number", self->number);
  iv_json_builder_add_int_member (builder, "version", self->version);
  iv_json_builder_add_string_member (builder, "status", iv_order_status_to_string (self->status));
  iv_json_builder_add_string_member (builder, "voucher_id", self->voucher_id);
  iv_json_builder_add_string_member (builder, "service_id", self->service_id);
  iv_json_builder_add_string_member (builder, "institution_id", self->institution_id);
  iv_json_builder_add_int_member (builder, "quoted_amount_fen", self->quoted_amount_fen);
  iv_json_builder_add_int_member (builder, "reserved_fen", self->reserved_fen);
  iv_json_builder_add_string_member (builder, "created_at", self->created_at);
  iv_history_step_add_member (builder, "history", self->history);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

const char *
iv_order_get_id (IvOrder *self)
{
  g_return_val_if_fail (IV_IS_ORDER (self), NULL);

  return self->id;
}

const char *
iv_order_get_number (IvOrder *self)
{
  g_return_val_if_fail (IV_IS_ORDER (self), NULL);

  return self->number;
}

gint64 
iv_order_get_version (IvOrder *self)
{
  g_return_val_if_fail (IV_IS_ORDER (self), 0);

  return self->version;
}

IvOrderStatus 
iv_order_get_status (IvOrder *self)
{
  g_return_val_if_fail (IV_IS_ORDER (self), IV_ORDER_STATUS_PLACED);

  return self->status;
}

const char *
iv_order_get_voucher_id (IvOrder *self)
{
  g_return_val_if_fail (IV_IS_ORDER (self), NULL);

  return self->voucher_id;
}

const char *
iv_order_get_service_id (IvOrder *self)
{
  g_return_val_if_fail (IV_IS_ORDER (self), NULL);

  return self->service_id;
}

const char *
iv_order_get_institution_id (IvOrder *self)
{
  g_return_val_if_fail (IV_IS_ORDER (self), NULL);

  return self->institution_id;
}

gint64 
iv_order_get_quoted_amount_fen (IvOrder *self)
{
  g_return_val_if_fail (IV_IS_ORDER (self), 0);

  return self->quoted_amount_fen;
}

gint64 
iv_order_get_reserved_fen (IvOrder *self)
{
  g_return_val_if_fail (IV_IS_ORDER (self), 0);

  return self->reserved_fen;
}

const char *
iv_order_get_created_at (IvOrder *self)
{
  g_return_val_if_fail (IV_IS_ORDER (self), NULL);

  return self->created_at;
}

GDateTime *
iv_order_get_created_at_date_time (IvOrder *self)
{
  g_return_val_if_fail (IV_IS_ORDER (self), NULL);

  return self->created_at_time;
}

GListModel *
iv_order_get_history (IvOrder *self)
{
  g_return_val_if_fail (IV_IS_ORDER (self), NULL);

  return self->history;
}
