/* iv-receipt.c: the receipt (回执) of a submitted claim, as printed */
#include "config.h"

#include "iv-receipt.h"

#include "iv-json-reader.h"
#include "iv-json-reader-private.h"
#include "iv-money.h"

struct _IvReceipt
{
  GObject parent_instance;

  char *number;
  char *claim_id;
  char *claim_number;
  char *issued_at;
  GDateTime *issued_at_time;
  char *enterprise_name;
  char *enterprise_credit_code;
  char *voucher_code;
  char *institution_name;
  char *service_title;
  char *contract_no;
  gint64 contract_amount_fen;
  char *invoice_number;
  gint64 requested_subsidy_fen;
  IvClaimStatus status;
  char *verification_code;
  char *verify_url;
};

G_DEFINE_FINAL_TYPE (IvReceipt, iv_receipt, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NUMBER,
  PROP_CLAIM_ID,
  PROP_CLAIM_NUMBER,
  PROP_ISSUED_AT,
  PROP_ENTERPRISE_NAME,
  PROP_ENTERPRISE_CREDIT_CODE,
  PROP_VOUCHER_CODE,
  PROP_INSTITUTION_NAME,
  PROP_SERVICE_TITLE,
  PROP_CONTRACT_NO,
  PROP_CONTRACT_AMOUNT_FEN,
  PROP_INVOICE_NUMBER,
  PROP_REQUESTED_SUBSIDY_FEN,
  PROP_STATUS,
  PROP_VERIFICATION_CODE,
  PROP_VERIFY_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


static void
iv_receipt_finalize (GObject *object)
{
  IvReceipt *self = IV_RECEIPT (object);

  g_free (self->number);
  g_free (self->claim_id);
  g_free (self->claim_number);
  g_free (self->issued_at);
  g_clear_pointer (&self->issued_at_time, g_date_time_unref);
  g_free (self->enterprise_name);
  g_free (self->enterprise_credit_code);
  g_free (self->voucher_code);
  g_free (self->institution_name);
  g_free (self->service_title);
  g_free (self->contract_no);
  g_free (self->invoice_number);
  g_free (self->verification_code);
  g_free (self->verify_url);

  G_OBJECT_CLASS (iv_receipt_parent_class)->finalize (object);
}

static void
iv_receipt_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  IvReceipt *self = IV_RECEIPT (object);

  switch (prop_id)
    {
    case PROP_NUMBER:
      g_value_set_string (value, self->number);
      break;

    case PROP_CLAIM_ID:
      g_value_set_string (value, self->claim_id);
      break;

    case PROP_CLAIM_NUMBER:
      g_value_set_string (value, self->claim_number);
      break;

    case PROP_ISSUED_AT:
      g_value_set_string (value, self->issued_at);
      break;

    case PROP_ENTERPRISE_NAME:
      g_value_set_string (value, self->enterprise_name);
      break;

    case PROP_ENTERPRISE_CREDIT_CODE:
      g_value_set_string (value, self->enterprise_credit_code);
      break;

    case PROP_VOUCHER_CODE:
      g_value_set_string (value, self->voucher_code);
      break;

    case PROP_INSTITUTION_NAME:
      g_value_set_string (value, self->institution_name);
      break;

    case PROP_SERVICE_TITLE:
      g_value_set_string (value, self->service_title);
      break;

    case PROP_CONTRACT_NO:
      g_value_set_string (value, self->contract_no);
      break;

    case PROP_CONTRACT_AMOUNT_FEN:
      g_value_set_int64 (value, self->contract_amount_fen);
      break;

    case PROP_INVOICE_NUMBER:
      g_value_set_string (value, self->invoice_number);
      break;

    case PROP_REQUESTED_SUBSIDY_FEN:
      g_value_set_int64 (value, self->requested_subsidy_fen);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_VERIFICATION_CODE:
      g_value_set_string (value, self->verification_code);
      break;

    case PROP_VERIFY_URL:
      g_value_set_string (value, self->verify_url);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_receipt_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  IvReceipt *self = IV_RECEIPT (object);

  switch (prop_id)
    {
    case PROP_NUMBER:
      g_free (self->number);
      self->number = g_value_dup_string (value);
      break;

    case PROP_CLAIM_ID:
      g_free (self->claim_id);
      self->claim_id = g_value_dup_string (value);
      break;

    case PROP_CLAIM_NUMBER:
      g_free (self->claim_number);
      self->claim_number = g_value_dup_string (value);
      break;

    case PROP_ISSUED_AT:
      iv_json_set_time (&self->issued_at, &self->issued_at_time, g_value_get_string (value));
      break;

    case PROP_ENTERPRISE_NAME:
      g_free (self->enterprise_name);
      self->enterprise_name = g_value_dup_string (value);
      break;

    case PROP_ENTERPRISE_CREDIT_CODE:
      g_free (self->enterprise_credit_code);
      self->enterprise_credit_code = g_value_dup_string (value);
      break;

    case PROP_VOUCHER_CODE:
      g_free (self->voucher_code);
      self->voucher_code = g_value_dup_string (value);
      break;

    case PROP_INSTITUTION_NAME:
      g_free (self->institution_name);
      self->institution_name = g_value_dup_string (value);
      break;

    case PROP_SERVICE_TITLE:
      g_free (self->service_title);
      self->service_title = g_value_dup_string (value);
      break;

    case PROP_CONTRACT_NO:
      g_free (self->contract_no);
      self->contract_no = g_value_dup_string (value);
      break;

    case PROP_CONTRACT_AMOUNT_FEN:
      self->contract_amount_fen = g_value_get_int64 (value);
      break;

    case PROP_INVOICE_NUMBER:
      g_free (self->invoice_number);
      self->invoice_number = g_value_dup_string (value);
      break;

    case PROP_REQUESTED_SUBSIDY_FEN:
      self->requested_subsidy_fen = g_value_get_int64 (value);
      break;

    case PROP_STATUS:
      self->status = g_value_get_enum (value);
      break;

    case PROP_VERIFICATION_CODE:
      g_free (self->verification_code);
      self->verification_code = g_value_dup_string (value);
      break;

    case PROP_VERIFY_URL:
      g_free (self->verify_url);
      self->verify_url = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_receipt_class_init (IvReceiptClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = iv_receipt_finalize;
  object_class->get_property = iv_receipt_get_property;
  object_class->set_property = iv_receipt_set_property;

  properties[PROP_NUMBER] =
    g_param_spec_string ("number", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CLAIM_ID] =
    g_param_spec_string ("claim-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CLAIM_NUMBER] =
    g_param_spec_string ("claim-number", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ISSUED_AT] =
    g_param_spec_string ("issued-at", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ENTERPRISE_NAME] =
    g_param_spec_string ("enterprise-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ENTERPRISE_CREDIT_CODE] =
    g_param_spec_string ("enterprise-credit-code", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_VOUCHER_CODE] =
    g_param_spec_string ("voucher-code", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_INSTITUTION_NAME] =
    g_param_spec_string ("institution-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SERVICE_TITLE] =
    g_param_spec_string ("service-title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CONTRACT_NO] =
    g_param_spec_string ("contract-no", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CONTRACT_AMOUNT_FEN] =
    g_param_spec_int64 ("contract-amount-fen", NULL, NULL, 0, IV_MONEY_MAX_FEN, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_INVOICE_NUMBER] =
    g_param_spec_string ("invoice-number", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_REQUESTED_SUBSIDY_FEN] =
    g_param_spec_int64 ("requested-subsidy-fen", NULL, NULL, 0, IV_MONEY_MAX_FEN, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, IV_TYPE_CLAIM_STATUS, IV_CLAIM_STATUS_SUBMITTED,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_VERIFICATION_CODE] =
    g_param_spec_string ("verification-code", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_VERIFY_URL] =
    g_param_spec_string ("verify-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
iv_receipt_init (IvReceipt *self)
{
}

IvReceipt *
iv_receipt_new_from_json_at (JsonNode    *node,
                              const char  *path,
                              GError     **error)
{
  g_autoptr(IvReceipt) self = NULL;
  g_autoptr(IvJsonReader) reader = NULL;
  g_autoptr(IvJsonReader) reader_enterprise = NULL;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = iv_json_reader_new (node, path, error);
  if (reader == NULL)
    return NULL;

  self = g_object_new (IV_TYPE_RECEIPT, NULL);

  if (!iv_json_reader_read_string (reader, "number", IV_JSON_REQUIRED, 64, &self->number, error))
    return NULL;
  if (!iv_json_reader_read_id (reader, "claim_id", IV_JSON_REQUIRED, &self->claim_id, error))
    return NULL;
  if (!iv_json_reader_read_string (reader, "claim_number", IV_JSON_REQUIRED, 64, &self->claim_number, error))
    return NULL;
  if (!iv_json_reader_read_time (reader, "issued_at", IV_JSON_REQUIRED, &self->issued_at, &self->issued_at_time, error))
    return NULL;
  reader_enterprise = iv_json_reader_read_object (reader, "enterprise", IV_JSON_REQUIRED, error);
  if (reader_enterprise == NULL)
    return NULL;
  if (!iv_json_reader_read_string (reader_enterprise, "name", IV_JSON_REQUIRED, 200, &self->enterprise_name, error))
    return NULL;
  if (!iv_json_reader_read_string (reader_enterprise, "credit_code", IV_JSON_NULLABLE, 64, &self->enterprise_credit_code, error))
    return NULL;
  if (!iv_json_reader_read_string (reader, "voucher_code", IV_JSON_REQUIRED, 64, &self->voucher_code, error))
    return NULL;
  if (!iv_json_reader_read_string (reader, "institution_name", IV_JSON_REQUIRED, 200, &self->institution_name, error))
    return NULL;
  if (!iv_json_reader_read_string (reader, "service_title", IV_JSON_REQUIRED, 200, &self->service_title, error))
    return NULL;
  if (!iv_json_reader_read_string (reader, "contract_no", IV_JSON_REQUIRED, 64, &self->contract_no, error))
    return NULL;
  if (!iv_json_reader_read_int (reader, "contract_amount_fen", IV_JSON_REQUIRED, 0, IV_MONEY_MAX_FEN, &self->contract_amount_fen, NULL, error))
    return NULL;
  if (!iv_json_reader_read_string (reader, "invoice_number", IV_JSON_REQUIRED, 64, &self->invoice_number, error))
    return NULL;
  if (!iv_json_reader_read_int (reader, "requested_subsidy_fen", IV_JSON_REQUIRED, 0, IV_MONEY_MAX_FEN, &self->requested_subsidy_fen, NULL, error))
    return NULL;
  {
    gint v = 0;

    if (!iv_json_reader_read_enum (reader, "status", IV_JSON_REQUIRED, IV_TYPE_CLAIM_STATUS, &v, error))
      return NULL;
    self->status = v;
  }
  if (!iv_json_reader_read_string (reader, "verification_code", IV_JSON_REQUIRED, 8, &self->verification_code, error))
    return NULL;
  if (self->verification_code != NULL && g_utf8_strlen (self->verification_code, -1) < 8)
    return iv_json_reader_fail_member (reader, "verification_code", IV_DECODE_ERROR_INVALID, "expected 8 characters", error);
  if (!iv_json_reader_read_string (reader, "verify_url", IV_JSON_REQUIRED, 2048, &self->verify_url, error))
    return NULL;

  return g_steal_pointer (&self);
}

IvReceipt *
iv_receipt_new_from_json (JsonNode  *node,
                           GError   **error)
{
  return iv_receipt_new_from_json_at (node, "receipt", error);
}

JsonNode *
iv_receipt_to_json (IvReceipt *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (IV_IS_RECEIPT (self), NULL);

  json_builder_begin_object (builder);
  iv_json_builder_add_string_member (builder, "number", self->number);
  iv_json_builder_add_string_member (builder, "claim_id", self->claim_id);
  iv_json_builder_add_string_member (builder, "claim_number", self->claim_number);
  iv_json_builder_add_string_member (builder, "issued_at", self->issued_at);
  json_builder_set_member_name (builder, "enterprise");
  json_builder_begin_object (builder);
  iv_json_builder_add_string_member (builder, "name", self->enterprise_name);
  iv_json_builder_add_string_member (builder, "credit_code", self->enterprise_credit_code);
  json_builder_end_object (builder);
  iv_json_builder_add_string_member (builder, "voucher_code", self->voucher_code);
  iv_json_builder_add_string_member (builder, "institution_name", self->institution_name);
  iv_json_builder_add_string_member (builder, "service_title", self->service_title);
  iv_json_builder_add_string_member (builder, "contract_no", self->contract_no);
  iv_json_builder_add_int_member (builder, "contract_amount_fen", self->contract_amount_fen);
  iv_json_builder_add_string_member (builder, "invoice_number", self->invoice_number);
  iv_json_builder_add_int_member (builder, "requested_subsidy_fen", self->requested_subsidy_fen);
  iv_json_builder_add_string_member (builder, "status", iv_claim_status_to_string (self->status));
  iv_json_builder_add_string_member (builder, "verification_code", self->verification_code);
  iv_json_builder_add_string_member (builder, "verify_url", self->verify_url);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

const char *
iv_receipt_get_number (IvReceipt *self)
{
  g_return_val_if_fail (IV_IS_RECEIPT (self), NULL);

  return self->number;
}

const char *
iv_receipt_get_claim_id (IvReceipt *self)
{
  g_return_val_if_fail (IV_IS_RECEIPT (self), NULL);

  return self->claim_id;
}

const char *
iv_receipt_get_claim_number (IvReceipt *self)
{
  g_return_val_if_fail (IV_IS_RECEIPT (self), NULL);

  return self->claim_number;
}

const char *
iv_receipt_get_issued_at (IvReceipt *self)
{
  g_return_val_if_fail (IV_IS_RECEIPT (self), NULL);

  return self->issued_at;
}

GDateTime *
iv_receipt_get_issued_at_date_time (IvReceipt *self)
{
  g_return_val_if_fail (IV_IS_RECEIPT (self), NULL);

  return self->issued_at_time;
}

const char *
iv_receipt_get_enterprise_name (IvReceipt *self)
{
  g_return_val_if_fail (IV_IS_RECEIPT (self), NULL);

  return self->enterprise_name;
}

const char *
iv_receipt_get_enterprise_credit_code (IvReceipt *self)
{
  g_return_val_if_fail (IV_IS_RECEIPT (self), NULL);

  return self->enterprise_credit_code;
}

const char *
iv_receipt_get_voucher_code (IvReceipt *self)
{
  g_return_val_if_fail (IV_IS_RECEIPT (self), NULL);

  return self->voucher_code;
}

const char *
iv_receipt_get_institution_name (IvReceipt *self)
{
  g_return_val_if_fail (IV_IS_RECEIPT (self), NULL);

  return self->institution_name;
}

const char *
iv_receipt_get_service_title (IvReceipt *self)
{
  g_return_val_if_fail (IV_IS_RECEIPT (self), NULL);

  return self->service_title;
}

const char *
iv_receipt_get_contract_no (IvReceipt *self)
{
  g_return_val_if_fail (IV_IS_RECEIPT (self), NULL);

  return self->contract_no;
}

gint64 
iv_receipt_get_contract_amount_fen (IvReceipt *self)
{
  g_return_val_if_fail (IV_IS_RECEIPT (self), 0);

  return self->contract_amount_fen;
}

const char *
iv_receipt_get_invoice_number (IvReceipt *self)
{
  g_return_val_if_fail (IV_IS_RECEIPT (self), NULL);

  return self->invoice_number;
}

gint64 
iv_receipt_get_requested_subsidy_fen (IvReceipt *self)
{
  g_return_val_if_fail (IV_IS_RECEIPT (self), 0);

  return self->requested_subsidy_fen;
}

IvClaimStatus 
iv_receipt_get_status (IvReceipt *self)
{
  g_return_val_if_fail (IV_IS_RECEIPT (self), IV_CLAIM_STATUS_SUBMITTED);

  return self->status;
}

const char *
iv_receipt_get_verification_code (IvReceipt *self)
{
  g_return_val_if_fail (IV_IS_RECEIPT (self), NULL);

  return self->verification_code;
}

const char *
iv_receipt_get_verify_url (IvReceipt *self)
{
  g_return_val_if_fail (IV_IS_RECEIPT (self), NULL);

  return self->verify_url;
}
