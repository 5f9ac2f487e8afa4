/* iv-printable-claim.c: the renderer's input, a plain boxed struct */
#include "config.h"

#include "iv-status.h"
#include "iv-printable-claim.h"

G_DEFINE_BOXED_TYPE (IvPrintableClaim, iv_printable_claim,
                     iv_printable_claim_copy, iv_printable_claim_free)

static void
printable_documents_free (gpointer data)
{
  IvPrintableDocuments *docs = data;

  g_free (docs->kind);
  g_strfreev (docs->filenames);
  g_free (docs);
}

static GDateTime *
date_time_ref0 (GDateTime *dt)
{
  return dt != NULL ? g_date_time_ref (dt) : NULL;
}

IvPrintableClaim *
iv_printable_claim_new (void)
{
  IvPrintableClaim *self = g_new0 (IvPrintableClaim, 1);

  self->status = IV_CLAIM_STATUS_SUBMITTED;
  self->invoice_amount_fen = -1;
  self->approved_subsidy_fen = -1;
  self->reserved_fen = -1;
  self->documents = g_ptr_array_new_with_free_func (printable_documents_free);
  self->tiers = g_array_new (FALSE, TRUE, sizeof (IvPrintableTier));

  return self;
}

IvPrintableClaim *
iv_printable_claim_copy (const IvPrintableClaim *self)
{
  IvPrintableClaim *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = iv_printable_claim_new ();
  copy->draft = self->draft;
  copy->receipt_number = g_strdup (self->receipt_number);
  copy->verification_code = g_strdup (self->verification_code);
  copy->verify_url = g_strdup (self->verify_url);
  copy->issued_at = date_time_ref0 (self->issued_at);
  copy->claim_number = g_strdup (self->claim_number);
  copy->status = self->status;
  copy->submitted_at = date_time_ref0 (self->submitted_at);
  copy->order_number = g_strdup (self->order_number);
  copy->contract_no = g_strdup (self->contract_no);
  copy->contract_amount_fen = self->contract_amount_fen;
  copy->invoice_code = g_strdup (self->invoice_code);
  copy->invoice_number = g_strdup (self->invoice_number);
  copy->invoice_date = g_strdup (self->invoice_date);
  copy->invoice_amount_fen = self->invoice_amount_fen;
  copy->invoice_seller = g_strdup (self->invoice_seller);
  copy->paid_on = g_strdup (self->paid_on);
  copy->requested_subsidy_fen = self->requested_subsidy_fen;
  copy->approved_subsidy_fen = self->approved_subsidy_fen;
  for (guint i = 0; i < self->documents->len; i++)
    {
      const IvPrintableDocuments *docs = g_ptr_array_index (self->documents, i);
      iv_printable_claim_add_documents (copy, docs->kind, (const char * const *) docs->filenames);
    }
  copy->policy_version = g_strdup (self->policy_version);
  g_array_append_vals (copy->tiers, self->tiers->data, self->tiers->len);
  copy->reserved_fen = self->reserved_fen;
  copy->enterprise_name = g_strdup (self->enterprise_name);
  copy->credit_code = g_strdup (self->credit_code);
  copy->voucher_code = g_strdup (self->voucher_code);
  copy->institution_name = g_strdup (self->institution_name);
  copy->service_title = g_strdup (self->service_title);
  copy->printed_at = date_time_ref0 (self->printed_at);

  return copy;
}

void
iv_printable_claim_free (IvPrintableClaim *self)
{
  if (self == NULL)
    return;

  g_free (self->receipt_number);
  g_free (self->verification_code);
  g_free (self->verify_url);
  g_clear_pointer (&self->issued_at, g_date_time_unref);
  g_free (self->claim_number);
  g_clear_pointer (&self->submitted_at, g_date_time_unref);
  g_free (self->order_number);
  g_free (self->contract_no);
  g_free (self->invoice_code);
  g_free (self->invoice_number);
  g_free (self->invoice_date);
  g_free (self->invoice_seller);
  g_free (self->paid_on);
  g_clear_pointer (&self->documents, g_ptr_array_unref);
  g_free (self->policy_version);
  g_clear_pointer (&self->tiers, g_array_unref);
  g_free (self->enterprise_name);
  g_free (self->credit_code);
  g_free (self->voucher_code);
  g_free (self->institution_name);
  g_free (self->service_title);
  g_clear_pointer (&self->printed_at, g_date_time_unref);
  g_free (self);
}

void
iv_printable_claim_add_documents (IvPrintableClaim   *self,
                                  const char         *kind,
                                  const char * const *filenames)
{
  IvPrintableDocuments *docs;
  static const char * const none[] = { NULL };

  g_return_if_fail (self != NULL);
  g_return_if_fail (kind != NULL);

  docs = g_new0 (IvPrintableDocuments, 1);
  docs->kind = g_strdup (kind);
  docs->filenames = g_strdupv ((char **) (filenames != NULL ? filenames : none));
  g_ptr_array_add (self->documents, docs);
}

void
iv_printable_claim_add_tier (IvPrintableClaim *self,
                             gint64            up_to_fen,
                             gint              ratio_bp)
{
  IvPrintableTier tier = { up_to_fen, ratio_bp };

  g_return_if_fail (self != NULL);

  g_array_append_val (self->tiers, tier);
}

static gboolean
require (const char  *value,
         const char  *field,
         GError     **error)
{
  if (value != NULL && *value != '\0')
    return TRUE;

  g_set_error (error, IV_RECEIPT_ERROR, IV_RECEIPT_ERROR_INVALID,
               "printable claim: %s is missing", field);
  return FALSE;
}

gboolean
iv_printable_claim_validate (const IvPrintableClaim  *self,
                             IvReceiptDocumentKind    kind,
                             GError                 **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* A real receipt only comes from the service: all of its own fields must be there. */
  if (kind == IV_RECEIPT_DOCUMENT_RECEIPT && !self->draft)
    {
      if (!require (self->receipt_number, "receipt_number", error) ||
          !require (self->verification_code, "verification_code", error) ||
          !require (self->verify_url, "verify_url", error) ||
          !require (self->claim_number, "claim_number", error))
        return FALSE;
      if (self->issued_at == NULL)
        return require (NULL, "issued_at", error);
    }

  if (!require (self->enterprise_name, "enterprise_name", error) ||
      !require (self->contract_no, "contract_no", error))
    return FALSE;

  if (self->contract_amount_fen < 0 || self->requested_subsidy_fen < 0)
    {
      g_set_error (error, IV_RECEIPT_ERROR, IV_RECEIPT_ERROR_INVALID,
                   "printable claim: negative amount");
      return FALSE;
    }

  return TRUE;
}

const char *
iv_printable_document_kind_label (const char *kind)
{
  IvDocumentKind value;

  g_return_val_if_fail (kind != NULL, NULL);

  if (iv_document_kind_from_string (kind, &value))
    return iv_document_kind_to_label (value);

  /* A kind added by a newer policy: print its code rather than nothing. */
  return kind;
}
