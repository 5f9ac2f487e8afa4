/* iv-printable-claim-models.c: fills an IvPrintableClaim from the domain's Receipt and Claim */
#include "config.h"

#include "iv-claim.h"
#include "iv-invoice.h"
#include "iv-receipt.h"
#include "iv-printable-claim.h"

static const IvDocumentKind document_kinds[] = {
  IV_DOCUMENT_KIND_CONTRACT,
  IV_DOCUMENT_KIND_INVOICE,
  IV_DOCUMENT_KIND_PAYMENT_PROOF,
  IV_DOCUMENT_KIND_SERVICE_REPORT,
};

static void
replace_string (char       **field,
                const char  *value)
{
  if (value == NULL)
    return;
  g_free (*field);
  *field = g_strdup (value);
}

static void
fill_from_claim (IvPrintableClaim *self,
                 IvClaim          *claim,
                 GHashTable       *attachment_names)
{
  IvInvoice *invoice = iv_claim_get_invoice (claim);
  GDateTime *submitted = iv_claim_get_submitted_at_date_time (claim);

  replace_string (&self->claim_number, iv_claim_get_number (claim));
  self->status = iv_claim_get_status (claim);
  if (submitted != NULL)
    {
      g_clear_pointer (&self->submitted_at, g_date_time_unref);
      self->submitted_at = g_date_time_ref (submitted);
    }
  replace_string (&self->contract_no, iv_claim_get_contract_no (claim));
  self->contract_amount_fen = iv_claim_get_contract_amount_fen (claim);
  replace_string (&self->paid_on, iv_claim_get_paid_on (claim));
  self->requested_subsidy_fen = iv_claim_get_requested_subsidy_fen (claim);
  self->approved_subsidy_fen = iv_claim_get_approved_subsidy_fen (claim);

  if (invoice != NULL)
    {
      g_clear_pointer (&self->invoice_code, g_free);
      self->invoice_code = g_strdup (iv_invoice_get_code (invoice));
      replace_string (&self->invoice_number, iv_invoice_get_number (invoice));
      replace_string (&self->invoice_date, iv_invoice_get_date (invoice));
      self->invoice_amount_fen = iv_invoice_get_amount_fen (invoice);
      replace_string (&self->invoice_seller, iv_invoice_get_seller_name (invoice));
    }

  g_ptr_array_set_size (self->documents, 0);
  for (guint k = 0; k < G_N_ELEMENTS (document_kinds); k++)
    {
      const char * const *ids = iv_claim_get_documents (claim, document_kinds[k]);
      g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
      g_auto(GStrv) strv = NULL;

      for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
        {
          const char *name = attachment_names != NULL ? g_hash_table_lookup (attachment_names, ids[i]) : NULL;

          g_strv_builder_add (names, name != NULL ? name : ids[i]);
        }
      strv = g_strv_builder_end (names);
      iv_printable_claim_add_documents (self, iv_document_kind_to_string (document_kinds[k]),
                                        (const char * const *) strv);
    }
}

IvPrintableClaim *
iv_printable_claim_new_from_receipt (IvReceipt  *receipt,
                                     IvClaim    *claim,
                                     GHashTable *attachment_names)
{
  IvPrintableClaim *self;
  GDateTime *issued;

  g_return_val_if_fail (IV_IS_RECEIPT (receipt), NULL);
  g_return_val_if_fail (claim == NULL || IV_IS_CLAIM (claim), NULL);

  self = iv_printable_claim_new ();
  if (claim != NULL)
    fill_from_claim (self, claim, attachment_names);

  /* The receipt is what the service certified: its values win. */
  self->draft = FALSE;
  replace_string (&self->receipt_number, iv_receipt_get_number (receipt));
  replace_string (&self->verification_code, iv_receipt_get_verification_code (receipt));
  replace_string (&self->verify_url, iv_receipt_get_verify_url (receipt));
  issued = iv_receipt_get_issued_at_date_time (receipt);
  if (issued != NULL)
    self->issued_at = g_date_time_ref (issued);
  replace_string (&self->claim_number, iv_receipt_get_claim_number (receipt));
  self->status = iv_receipt_get_status (receipt);
  replace_string (&self->enterprise_name, iv_receipt_get_enterprise_name (receipt));
  g_clear_pointer (&self->credit_code, g_free);
  self->credit_code = g_strdup (iv_receipt_get_enterprise_credit_code (receipt));
  replace_string (&self->voucher_code, iv_receipt_get_voucher_code (receipt));
  replace_string (&self->institution_name, iv_receipt_get_institution_name (receipt));
  replace_string (&self->service_title, iv_receipt_get_service_title (receipt));
  replace_string (&self->contract_no, iv_receipt_get_contract_no (receipt));
  self->contract_amount_fen = iv_receipt_get_contract_amount_fen (receipt);
  replace_string (&self->invoice_number, iv_receipt_get_invoice_number (receipt));
  self->requested_subsidy_fen = iv_receipt_get_requested_subsidy_fen (receipt);

  return self;
}

IvPrintableClaim *
iv_printable_claim_new_from_claim (IvClaim    *claim,
                                   const char *enterprise_name,
                                   const char *credit_code,
                                   const char *voucher_code,
                                   const char *institution_name,
                                   const char *service_title,
                                   GHashTable *attachment_names)
{
  IvPrintableClaim *self;

  g_return_val_if_fail (IV_IS_CLAIM (claim), NULL);

  self = iv_printable_claim_new ();
  fill_from_claim (self, claim, attachment_names);
  self->enterprise_name = g_strdup (enterprise_name);
  self->credit_code = g_strdup (credit_code);
  self->voucher_code = g_strdup (voucher_code);
  self->institution_name = g_strdup (institution_name);
  self->service_title = g_strdup (service_title);

  return self;
}
