/* iv-invoice.c: the invoice of a claim: classic VAT (code + number) or 数电票 (number only) */
#include "config.h"

#include "iv-invoice.h"

#include "iv-json-reader.h"
#include "iv-money.h"

struct _IvInvoice
{
  GObject parent_instance;

  char *code;
  char *number;
  char *date;
  gint64 amount_fen;
  char *seller_name;
};

G_DEFINE_FINAL_TYPE (IvInvoice, iv_invoice, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CODE,
  PROP_NUMBER,
  PROP_DATE,
  PROP_AMOUNT_FEN,
  PROP_SELLER_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


static void
iv_invoice_finalize (GObject *object)
{
  IvInvoice *self = IV_INVOICE (object);

  g_free (self->code);
  g_free (self->number);
  g_free (self->date);
  g_free (self->seller_name);

  G_OBJECT_CLASS (iv_invoice_parent_class)->finalize (object);
}

static void
iv_invoice_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  IvInvoice *self = IV_INVOICE (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;

    case PROP_NUMBER:
      g_value_set_string (value, self->number);
      break;

    case PROP_DATE:
      g_value_set_string (value, self->date);
      break;

    case PROP_AMOUNT_FEN:
      g_value_set_int64 (value, self->amount_fen);
      break;

    case PROP_SELLER_NAME:
      g_value_set_string (value, self->seller_name);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_invoice_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  IvInvoice *self = IV_INVOICE (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_free (self->code);
      self->code = g_value_dup_string (value);
      break;

    case PROP_NUMBER:
      g_free (self->number);
      self->number = g_value_dup_string (value);
      break;

    case PROP_DATE:
      g_free (self->date);
      self->date = g_value_dup_string (value);
      break;

    case PROP_AMOUNT_FEN:
      self->amount_fen = g_value_get_int64 (value);
      break;

    case PROP_SELLER_NAME:
      g_free (self->seller_name);
      self->seller_name = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_invoice_class_init (IvInvoiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = iv_invoice_finalize;
  object_class->get_property = iv_invoice_get_property;
  object_class->set_property = iv_invoice_set_property;

  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NUMBER] =
    g_param_spec_string ("number", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DATE] =
    g_param_spec_string ("date", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_AMOUNT_FEN] =
    g_param_spec_int64 ("amount-fen", NULL, NULL, 0, IV_MONEY_MAX_FEN, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SELLER_NAME] =
    g_param_spec_string ("seller-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
iv_invoice_init (IvInvoice *self)
{
}

IvInvoice *
iv_invoice_new_from_json_at (JsonNode    *node,
                              const char  *path,
                              GError     **error)
{
  g_autoptr(IvInvoice) self = NULL;
  g_autoptr(IvJsonReader) reader = NULL;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = iv_json_reader_new (node, path, error);
  if (reader == NULL)
    return NULL;

  self = g_object_new (IV_TYPE_INVOICE, NULL);

  if (!iv_json_reader_read_string (reader, "code", IV_JSON_NULLABLE, 64, &self->code, error))
    return NULL;
  if (!iv_json_reader_read_string (reader, "number", IV_JSON_REQUIRED, 64, &self->number, error))
    return NULL;
  if (!iv_json_reader_read_date (reader, "date", IV_JSON_REQUIRED, &self->date, error))
    return NULL;
  if (!iv_json_reader_read_int (reader, "amount_fen", IV_JSON_REQUIRED, 0, IV_MONEY_MAX_FEN, &self->amount_fen, NULL, error))
    return NULL;
  if (!iv_json_reader_read_string (reader, "seller_name", IV_JSON_REQUIRED, 200, &self->seller_name, error))
    return NULL;

  return g_steal_pointer (&self);
}

IvInvoice *
iv_invoice_new_from_json (JsonNode  *node,
                           GError   **error)
{
  return iv_invoice_new_from_json_at (node, "invoice", error);
}

JsonNode *
iv_invoice_to_json (IvInvoice *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (IV_IS_INVOICE (self), NULL);

  json_builder_begin_object (builder);
  iv_json_builder_add_string_member (builder, "code", self->code);
  iv_json_builder_add_string_member (builder, "number", self->number);
  iv_json_builder_add_string_member (builder, "date", self->date);
  iv_json_builder_add_int_member (builder, "amount_fen", self->amount_fen);
  iv_json_builder_add_string_member (builder, "seller_name", self->seller_name);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

const char *
iv_invoice_get_code (IvInvoice *self)
{
  g_return_val_if_fail (IV_IS_INVOICE (self), NULL);

  return self->code;
}

const char *
iv_invoice_get_number (IvInvoice *self)
{
  g_return_val_if_fail (IV_IS_INVOICE (self), NULL);

  return self->number;
}

const char *
iv_invoice_get_date (IvInvoice *self)
{
  g_return_val_if_fail (IV_IS_INVOICE (self), NULL);

  return self->date;
}

gint64 
iv_invoice_get_amount_fen (IvInvoice *self)
{
  g_return_val_if_fail (IV_IS_INVOICE (self), 0);

  return self->amount_fen;
}

const char *
iv_invoice_get_seller_name (IvInvoice *self)
{
  g_return_val_if_fail (IV_IS_INVOICE (self), NULL);

  return self->seller_name;
}
