/* iv-claim.c: a subsidy claim (兑付) with its invoice, documents and review history */
#include "config.h"

#include "iv-claim.h"

#include "iv-history-step-private.h"
#include "iv-json-reader.h"
#include "iv-json-reader-private.h"
#include "iv-money.h"

struct _IvClaim
{
  GObject parent_instance;

  char *id;
  char *number;
  gint64 version;
  IvClaimStatus status;
  char *order_id;
  char *voucher_id;
  char *contract_no;
  gint64 contract_amount_fen;
  IvInvoice *invoice;
  char *paid_on;
  GStrv documents_contract;
  GStrv documents_invoice;
  GStrv documents_payment_proof;
  GStrv documents_service_report;
  gint64 requested_subsidy_fen;
  gint64 approved_subsidy_fen;
  char *submitted_at;
  GDateTime *submitted_at_time;
  GListModel *history;
};

G_DEFINE_FINAL_TYPE (IvClaim, iv_claim, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NUMBER,
  PROP_VERSION,
  PROP_STATUS,
  PROP_ORDER_ID,
  PROP_VOUCHER_ID,
  PROP_CONTRACT_NO,
  PROP_CONTRACT_AMOUNT_FEN,
  PROP_INVOICE,
  PROP_PAID_ON,
  PROP_DOCUMENTS_CONTRACT,
  PROP_DOCUMENTS_INVOICE,
  PROP_DOCUMENTS_PAYMENT_PROOF,
  PROP_DOCUMENTS_SERVICE_REPORT,
  PROP_REQUESTED_SUBSIDY_FEN,
  PROP_APPROVED_SUBSIDY_FEN,
  PROP_SUBMITTED_AT,
  PROP_HISTORY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


static void
iv_claim_dispose (GObject *object)
{
  IvClaim *self = IV_CLAIM (object);

  g_clear_object (&self->invoice);
  g_clear_object (&self->history);

  G_OBJECT_CLASS (iv_claim_parent_class)->dispose (object);
}

static void
iv_claim_finalize (GObject *object)
{
  IvClaim *self = IV_CLAIM (object);

  g_free (self->id);
  g_free (self->number);
  g_free (self->order_id);
  g_free (self->voucher_id);
  g_free (self->contract_no);
  g_free (self->paid_on);
  g_strfreev (self->documents_contract);
  g_strfreev (self->documents_invoice);
  g_strfreev (self->documents_payment_proof);
  g_strfreev (self->documents_service_report);
  g_free (self->submitted_at);
  g_clear_pointer (&self->submitted_at_time, g_date_time_unref);

  G_OBJECT_CLASS (iv_claim_parent_class)->finalize (object);
}

static void
iv_claim_constructed (GObject *object)
{
  IvClaim *self = IV_CLAIM (object);

  G_OBJECT_CLASS (iv_claim_parent_class)->constructed (object);

  /* Lists are never NULL, so that callers need not check */
  if (self->history == NULL)
    self->history = G_LIST_MODEL (g_list_store_new (IV_TYPE_HISTORY_STEP));
  if (self->documents_contract == NULL)
    self->documents_contract = g_new0 (char *, 1);
  if (self->documents_invoice == NULL)
    self->documents_invoice = g_new0 (char *, 1);
  if (self->documents_payment_proof == NULL)
    self->documents_payment_proof = g_new0 (char *, 1);
  if (self->documents_service_report == NULL)
    self->documents_service_report = g_new0 (char *, 1);
}

static void
iv_claim_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  IvClaim *self = IV_CLAIM (object);

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

    case PROP_ORDER_ID:
      g_value_set_string (value, self->order_id);
      break;

    case PROP_VOUCHER_ID:
      g_value_set_string (value, self->voucher_id);
      break;

    case PROP_CONTRACT_NO:
      g_value_set_string (value, self->contract_no);
      break;

    case PROP_CONTRACT_AMOUNT_FEN:
      g_value_set_int64 (value, self->contract_amount_fen);
      break;

    case PROP_INVOICE:
      g_value_set_object (value, self->invoice);
      break;

    case PROP_PAID_ON:
      g_value_set_string (value, self->paid_on);
      break;

    case PROP_DOCUMENTS_CONTRACT:
      g_value_set_boxed (value, self->documents_contract);
      break;

    case PROP_DOCUMENTS_INVOICE:
      g_value_set_boxed (value, self->documents_invoice);
      break;

    case PROP_DOCUMENTS_PAYMENT_PROOF:
      g_value_set_boxed (value, self->documents_payment_proof);
      break;

    case PROP_DOCUMENTS_SERVICE_REPORT:
      g_value_set_boxed (value, self->documents_service_report);
      break;

    case PROP_REQUESTED_SUBSIDY_FEN:
      g_value_set_int64 (value, self->requested_subsidy_fen);
      break;

    case PROP_APPROVED_SUBSIDY_FEN:
      g_value_set_int64 (value, self->approved_subsidy_fen);
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
iv_claim_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  IvClaim *self = IV_CLAIM (object);

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

    case PROP_ORDER_ID:
      g_free (self->order_id);
      self->order_id = g_value_dup_string (value);
      break;

    case PROP_VOUCHER_ID:
      g_free (self->voucher_id);
      self->voucher_id = g_value_dup_string (value);
      break;

    case PROP_CONTRACT_NO:
      g_free (self->contract_no);
      self->contract_no = g_value_dup_string (value);
      break;

    case PROP_CONTRACT_AMOUNT_FEN:
      self->contract_amount_fen = g_value_get_int64 (value);
      break;

    case PROP_INVOICE:
      g_set_object (&self->invoice, g_value_get_object (value));
      break;

    case PROP_PAID_ON:
      g_free (self->paid_on);
      self->paid_on = g_value_dup_string (value);
      break;

    case PROP_DOCUMENTS_CONTRACT:
      g_strfreev (self->documents_contract);
      self->documents_contract = g_value_dup_boxed (value);
      break;

    case PROP_DOCUMENTS_INVOICE:
      g_strfreev (self->documents_invoice);
      self->documents_invoice = g_value_dup_boxed (value);
      break;

    case PROP_DOCUMENTS_PAYMENT_PROOF:
      g_strfreev (self->documents_payment_proof);
      self->documents_payment_proof = g_value_dup_boxed (value);
      break;

    case PROP_DOCUMENTS_SERVICE_REPORT:
      g_strfreev (self->documents_service_report);
      self->documents_service_report = g_value_dup_boxed (value);
      break;

    case PROP_REQUESTED_SUBSIDY_FEN:
      self->requested_subsidy_fen = g_value_get_int64 (value);
      break;

    case PROP_APPROVED_SUBSIDY_FEN:
      self->approved_subsidy_fen = g_value_get_int64 (value);
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
iv_claim_class_init (IvClaimClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = iv_claim_dispose;
  object_class->finalize = iv_claim_finalize;
  object_class->constructed = iv_claim_constructed;
  object_class->get_property = iv_claim_get_property;
  object_class->set_property = iv_claim_set_property;

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
    g_param_spec_enum ("status", NULL, NULL, IV_TYPE_CLAIM_STATUS, IV_CLAIM_STATUS_SUBMITTED,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ORDER_ID] =
    g_param_spec_string ("order-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_VOUCHER_ID] =
    g_param_spec_string ("voucher-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CONTRACT_NO] =
    g_param_spec_string ("contract-no", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CONTRACT_AMOUNT_FEN] =
    g_param_spec_int64 ("contract-amount-fen", NULL, NULL, 0, IV_MONEY_MAX_FEN, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_INVOICE] =
    g_param_spec_object ("invoice", NULL, NULL, IV_TYPE_INVOICE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PAID_ON] =
    g_param_spec_string ("paid-on", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DOCUMENTS_CONTRACT] =
    g_param_spec_boxed ("documents-contract", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DOCUMENTS_INVOICE] =
    g_param_spec_boxed ("documents-invoice", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DOCUMENTS_PAYMENT_PROOF] =
    g_param_spec_boxed ("documents-payment-proof", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DOCUMENTS_SERVICE_REPORT] =
    g_param_spec_boxed ("documents-service-report", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_REQUESTED_SUBSIDY_FEN] =
    g_param_spec_int64 ("requested-subsidy-fen", NULL, NULL, 0, IV_MONEY_MAX_FEN, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_APPROVED_SUBSIDY_FEN] =
    g_param_spec_int64 ("approved-subsidy-fen", NULL, NULL, -1, IV_MONEY_MAX_FEN, -1,
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
iv_claim_init (IvClaim *self)
{
  self->approved_subsidy_fen = -1;
}

IvClaim *
iv_claim_new_from_json_at (JsonNode    *node,
                            const char  *path,
                            GError     **error)
{
  g_autoptr(IvClaim) self = NULL;
  g_autoptr(IvJsonReader) reader = NULL;
  g_autoptr(IvJsonReader) reader_documents = NULL;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = iv_json_reader_new (node, path, error);
  if (reader == NULL)
    return NULL;

  self = g_object_new (IV_TYPE_CLAIM, NULL);

  if (!iv_json_reader_read_id (reader, "id", IV_JSON_REQUIRED, &self->id, error))
    return NULL;
  if (!iv_json_reader_read_string (reader, "number", IV_JSON_REQUIRED, 64, &self->number, error))
    return NULL;
  if (!iv_json_reader_read_int (reader, "version", IV_JSON_REQUIRED, 0, G_MAXINT64, &self->version, NULL, error))
    return NULL;
  {
    gint v = 0;

    if (!iv_json_reader_read_enum (reader, "status", IV_JSON_REQUIRED, IV_TYPE_CLAIM_STATUS, &v, error))
      return NULL;
    self->status = v;
  }
  if (!iv_json_reader_read_id (reader, "order_id", IV_JSON_REQUIRED, &self->order_id, error))
    return NULL;
  if (!iv_json_reader_read_id (reader, "voucher_id", IV_JSON_REQUIRED, &self->voucher_id, error))
    return NULL;
  if (!iv_json_reader_read_string (reader, "contract_no", IV_JSON_REQUIRED, 64, &self->contract_no, error))
    return NULL;
  if (!iv_json_reader_read_int (reader, "contract_amount_fen", IV_JSON_REQUIRED, 0, IV_MONEY_MAX_FEN, &self->contract_amount_fen, NULL, error))
    return NULL;
  {
    g_autofree char *member_path = iv_json_reader_dup_member_path (reader, "invoice");
    JsonObject *object = iv_json_reader_get_object (reader);

    if (!iv_json_reader_has (reader, "invoice"))
      return iv_json_reader_fail_member (reader, "invoice", json_object_has_member (object, "invoice") ? IV_DECODE_ERROR_TYPE : IV_DECODE_ERROR_MISSING,
                          json_object_has_member (object, "invoice") ? "expected an object" : "missing", error);
    self->invoice = iv_invoice_new_from_json_at (json_object_get_member (object, "invoice"), member_path, error);
    if (self->invoice == NULL)
      return NULL;
  }
  if (!iv_json_reader_read_date (reader, "paid_on", IV_JSON_REQUIRED, &self->paid_on, error))
    return NULL;
  reader_documents = iv_json_reader_read_object (reader, "documents", IV_JSON_REQUIRED, error);
  if (reader_documents == NULL)
    return NULL;
  g_clear_pointer (&self->documents_contract, g_strfreev);
  if (!iv_json_reader_read_strv (reader_documents, "contract", IV_JSON_NULLABLE, 32, 64, &self->documents_contract, error))
    return NULL;
  g_clear_pointer (&self->documents_invoice, g_strfreev);
  if (!iv_json_reader_read_strv (reader_documents, "invoice", IV_JSON_NULLABLE, 32, 64, &self->documents_invoice, error))
    return NULL;
  g_clear_pointer (&self->documents_payment_proof, g_strfreev);
  if (!iv_json_reader_read_strv (reader_documents, "payment_proof", IV_JSON_NULLABLE, 32, 64, &self->documents_payment_proof, error))
    return NULL;
  g_clear_pointer (&self->documents_service_report, g_strfreev);
  if (!iv_json_reader_read_strv (reader_documents, "service_report", IV_JSON_NULLABLE, 32, 64, &self->documents_service_report, error))
    return NULL;
  if (!iv_json_reader_read_int (reader, "requested_subsidy_fen", IV_JSON_REQUIRED, 0, IV_MONEY_MAX_FEN, &self->requested_subsidy_fen, NULL, error))
    return NULL;
  self->approved_subsidy_fen = -1;  /* stays so when null or absent */
  if (!iv_json_reader_read_int (reader, "approved_subsidy_fen", IV_JSON_NULLABLE, 0, IV_MONEY_MAX_FEN, &self->approved_subsidy_fen, NULL, error))
    return NULL;
  if (!iv_json_reader_read_time (reader, "submitted_at", IV_JSON_REQUIRED, &self->submitted_at, &self->submitted_at_time, error))
    return NULL;
  if (!iv_history_step_read_member (reader, "history", IV_TYPE_CLAIM_STATUS, G_LIST_STORE (self->history), error))
    return NULL;

  return g_steal_pointer (&self);
}

IvClaim *
iv_claim_new_from_json (JsonNode  *node,
                         GError   **error)
{
  return iv_claim_new_from_json_at (node, "claim", error);
}

JsonNode *
iv_claim_to_json (IvClaim *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (IV_IS_CLAIM (self), NULL);

  json_builder_begin_object (builder);
  iv_json_builder_add_string_member (builder, "id", self->id);
  iv_json_builder_add_string_member (builder, "number", self->number);
  iv_json_builder_add_int_member (builder, "version", self->version);
  iv_json_builder_add_string_member (builder, "status", iv_claim_status_to_string (self->status));
  iv_json_builder_add_string_member (builder, "order_id", self->order_id);
  iv_json_builder_add_string_member (builder, "voucher_id", self->voucher_id);
  iv_json_builder_add_string_member (builder, "contract_no", self->contract_no);
  iv_json_builder_add_int_member (builder, "contract_amount_fen", self->contract_amount_fen);
  json_builder_set_member_name (builder, "invoice");
  if (self->invoice != NULL)
    json_builder_add_value (builder, iv_invoice_to_json (self->invoice));
  else
    json_builder_add_null_value (builder);
  iv_json_builder_add_string_member (builder, "paid_on", self->paid_on);
  json_builder_set_member_name (builder, "documents");
  json_builder_begin_object (builder);
  iv_json_builder_add_strv_member (builder, "contract", (const char * const *) self->documents_contract);
  iv_json_builder_add_strv_member (builder, "invoice", (const char * const *) self->documents_invoice);
  iv_json_builder_add_strv_member (builder, "payment_proof", (const char * const *) self->documents_payment_proof);
  iv_json_builder_add_strv_member (builder, "service_report", (const char * const *) self->documents_service_report);
  json_builder_end_object (builder);
  iv_json_builder_add_int_member (builder, "requested_subsidy_fen", self->requested_subsidy_fen);
  iv_json_builder_add_nullable_int_member (builder, "approved_subsidy_fen", self->approved_subsidy_fen);
  iv_json_builder_add_string_member (builder, "submitted_at", self->submitted_at);
  iv_history_step_add_member (builder, "history", self->history);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

const char *
iv_claim_get_id (IvClaim *self)
{
  g_return_val_if_fail (IV_IS_CLAIM (self), NULL);

  return self->id;
}

const char *
iv_claim_get_number (IvClaim *self)
{
  g_return_val_if_fail (IV_IS_CLAIM (self), NULL);

  return self->number;
}

gint64 
iv_claim_get_version (IvClaim *self)
{
  g_return_val_if_fail (IV_IS_CLAIM (self), 0);

  return self->version;
}

IvClaimStatus 
iv_claim_get_status (IvClaim *self)
{
  g_return_val_if_fail (IV_IS_CLAIM (self), IV_CLAIM_STATUS_SUBMITTED);

  return self->status;
}

const char *
iv_claim_get_order_id (IvClaim *self)
{
  g_return_val_if_fail (IV_IS_CLAIM (self), NULL);

  return self->order_id;
}

const char *
iv_claim_get_voucher_id (IvClaim *self)
{
  g_return_val_if_fail (IV_IS_CLAIM (self), NULL);

  return self->voucher_id;
}

const char *
iv_claim_get_contract_no (IvClaim *self)
{
  g_return_val_if_fail (IV_IS_CLAIM (self), NULL);

  return self->contract_no;
}

gint64 
iv_claim_get_contract_amount_fen (IvClaim *self)
{
  g_return_val_if_fail (IV_IS_CLAIM (self), 0);

  return self->contract_amount_fen;
}

IvInvoice *
iv_claim_get_invoice (IvClaim *self)
{
  g_return_val_if_fail (IV_IS_CLAIM (self), NULL);

  return self->invoice;
}

const char *
iv_claim_get_paid_on (IvClaim *self)
{
  g_return_val_if_fail (IV_IS_CLAIM (self), NULL);

  return self->paid_on;
}

const char * const *
iv_claim_get_documents_contract (IvClaim *self)
{
  g_return_val_if_fail (IV_IS_CLAIM (self), NULL);

  return (const char * const *) self->documents_contract;
}

const char * const *
iv_claim_get_documents_invoice (IvClaim *self)
{
  g_return_val_if_fail (IV_IS_CLAIM (self), NULL);

  return (const char * const *) self->documents_invoice;
}

const char * const *
iv_claim_get_documents_payment_proof (IvClaim *self)
{
  g_return_val_if_fail (IV_IS_CLAIM (self), NULL);

  return (const char * const *) self->documents_payment_proof;
}

const char * const *
iv_claim_get_documents_service_report (IvClaim *self)
{
  g_return_val_if_fail (IV_IS_CLAIM (self), NULL);

  return (const char * const *) self->documents_service_report;
}

gint64 
iv_claim_get_requested_subsidy_fen (IvClaim *self)
{
  g_return_val_if_fail (IV_IS_CLAIM (self), 0);

  return self->requested_subsidy_fen;
}

gint64 
iv_claim_get_approved_subsidy_fen (IvClaim *self)
{
  g_return_val_if_fail (IV_IS_CLAIM (self), -1);

  return self->approved_subsidy_fen;
}

const char *
iv_claim_get_submitted_at (IvClaim *self)
{
  g_return_val_if_fail (IV_IS_CLAIM (self), NULL);

  return self->submitted_at;
}

GDateTime *
iv_claim_get_submitted_at_date_time (IvClaim *self)
{
  g_return_val_if_fail (IV_IS_CLAIM (self), NULL);

  return self->submitted_at_time;
}

GListModel *
iv_claim_get_history (IvClaim *self)
{
  g_return_val_if_fail (IV_IS_CLAIM (self), NULL);

  return self->history;
}


const char * const *
iv_claim_get_documents (IvClaim        *self,
                        IvDocumentKind  kind)
{
  g_return_val_if_fail (IV_IS_CLAIM (self), NULL);

  switch (kind)
    {
    case IV_DOCUMENT_KIND_CONTRACT:
      return (const char * const *) self->documents_contract;
    case IV_DOCUMENT_KIND_INVOICE:
      return (const char * const *) self->documents_invoice;
    case IV_DOCUMENT_KIND_PAYMENT_PROOF:
      return (const char * const *) self->documents_payment_proof;
    case IV_DOCUMENT_KIND_SERVICE_REPORT:
      return (const char * const *) self->documents_service_report;
    default:
      g_return_val_if_reached (NULL);
    }
}
