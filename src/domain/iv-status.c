/* iv-status.c: the enumerations of api.md as GEnum types, their JSON names and labels */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "iv-status.h"

/* The JSON value of each enumeration value is its GEnumValue nick. */
static gboolean
enum_from_nick (GType       type,
                const char *str,
                gint       *out)
{
  GEnumClass *klass;
  GEnumValue *value;

  if (str == NULL)
    return FALSE;
  klass = g_type_class_ref (type);
  value = g_enum_get_value_by_nick (klass, str);
  if (value != NULL && out != NULL)
    *out = value->value;
  g_type_class_unref (klass);
  return value != NULL;
}

static const char *
enum_to_nick (GType type,
              gint  value)
{
  GEnumClass *klass = g_type_class_ref (type);
  GEnumValue *enum_value = g_enum_get_value (klass, value);

  /* The class is static: the nick outlives the reference */
  g_type_class_unref (klass);
  return enum_value != NULL ? enum_value->value_nick : NULL;
}

/* The body of every _get_type () below */
static GType
register_enum_once (gsize            *type_id,
                    const char       *name,
                    const GEnumValue *values)
{
  if (g_once_init_enter (type_id))
    {
      GType type = g_enum_register_static (g_intern_static_string (name), values);

      g_once_init_leave (type_id, type);
    }
  return *type_id;
}

GType
iv_account_kind_get_type (void)
{
  static gsize type_id = 0;
  static const GEnumValue values[] = {
    { IV_ACCOUNT_KIND_ENTERPRISE, "IV_ACCOUNT_KIND_ENTERPRISE", "enterprise" },
    { IV_ACCOUNT_KIND_TEAM, "IV_ACCOUNT_KIND_TEAM", "team" },
    { 0, NULL, NULL }
  };

  return register_enum_once (&type_id, "IvAccountKind", values);
}

gboolean
iv_account_kind_from_string (const char *str,
                            IvAccountKind *out)
{
  gint value = 0;

  if (!enum_from_nick (IV_TYPE_ACCOUNT_KIND, str, &value))
    return FALSE;
  if (out != NULL)
    *out = value;
  return TRUE;
}

const char *
iv_account_kind_to_string (IvAccountKind value)
{
  return enum_to_nick (IV_TYPE_ACCOUNT_KIND, value);
}

const char *
iv_account_kind_to_label (IvAccountKind value)
{
  switch (value)
    {
    case IV_ACCOUNT_KIND_ENTERPRISE:
      return _("Enterprise");
    case IV_ACCOUNT_KIND_TEAM:
      return _("Startup team");
    default:
      return NULL;
    }
}

GType
iv_application_status_get_type (void)
{
  static gsize type_id = 0;
  static const GEnumValue values[] = {
    { IV_APPLICATION_STATUS_SUBMITTED, "IV_APPLICATION_STATUS_SUBMITTED", "submitted" },
    { IV_APPLICATION_STATUS_DISTRICT_REVIEW, "IV_APPLICATION_STATUS_DISTRICT_REVIEW", "district_review" },
    { IV_APPLICATION_STATUS_CITY_REVIEW, "IV_APPLICATION_STATUS_CITY_REVIEW", "city_review" },
    { IV_APPLICATION_STATUS_APPROVED, "IV_APPLICATION_STATUS_APPROVED", "approved" },
    { IV_APPLICATION_STATUS_REJECTED, "IV_APPLICATION_STATUS_REJECTED", "rejected" },
    { IV_APPLICATION_STATUS_RETURNED, "IV_APPLICATION_STATUS_RETURNED", "returned" },
    { IV_APPLICATION_STATUS_WITHDRAWN, "IV_APPLICATION_STATUS_WITHDRAWN", "withdrawn" },
    { 0, NULL, NULL }
  };

  return register_enum_once (&type_id, "IvApplicationStatus", values);
}

gboolean
iv_application_status_from_string (const char *str,
                                  IvApplicationStatus *out)
{
  gint value = 0;

  if (!enum_from_nick (IV_TYPE_APPLICATION_STATUS, str, &value))
    return FALSE;
  if (out != NULL)
    *out = value;
  return TRUE;
}

const char *
iv_application_status_to_string (IvApplicationStatus value)
{
  return enum_to_nick (IV_TYPE_APPLICATION_STATUS, value);
}

const char *
iv_application_status_to_label (IvApplicationStatus value)
{
  switch (value)
    {
    case IV_APPLICATION_STATUS_SUBMITTED:
      return _("Submitted");
    case IV_APPLICATION_STATUS_DISTRICT_REVIEW:
      return _("District review");
    case IV_APPLICATION_STATUS_CITY_REVIEW:
      return _("City review");
    case IV_APPLICATION_STATUS_APPROVED:
      return _("Approved");
    case IV_APPLICATION_STATUS_REJECTED:
      return _("Rejected");
    case IV_APPLICATION_STATUS_RETURNED:
      return _("Returned for changes");
    case IV_APPLICATION_STATUS_WITHDRAWN:
      return _("Withdrawn");
    default:
      return NULL;
    }
}

GType
iv_order_status_get_type (void)
{
  static gsize type_id = 0;
  static const GEnumValue values[] = {
    { IV_ORDER_STATUS_PLACED, "IV_ORDER_STATUS_PLACED", "placed" },
    { IV_ORDER_STATUS_ACCEPTED, "IV_ORDER_STATUS_ACCEPTED", "accepted" },
    { IV_ORDER_STATUS_CONFIRMED, "IV_ORDER_STATUS_CONFIRMED", "confirmed" },
    { IV_ORDER_STATUS_COMPLETED, "IV_ORDER_STATUS_COMPLETED", "completed" },
    { IV_ORDER_STATUS_DECLINED, "IV_ORDER_STATUS_DECLINED", "declined" },
    { IV_ORDER_STATUS_CANCELLED, "IV_ORDER_STATUS_CANCELLED", "cancelled" },
    { 0, NULL, NULL }
  };

  return register_enum_once (&type_id, "IvOrderStatus", values);
}

gboolean
iv_order_status_from_string (const char *str,
                            IvOrderStatus *out)
{
  gint value = 0;

  if (!enum_from_nick (IV_TYPE_ORDER_STATUS, str, &value))
    return FALSE;
  if (out != NULL)
    *out = value;
  return TRUE;
}

const char *
iv_order_status_to_string (IvOrderStatus value)
{
  return enum_to_nick (IV_TYPE_ORDER_STATUS, value);
}

const char *
iv_order_status_to_label (IvOrderStatus value)
{
  switch (value)
    {
    case IV_ORDER_STATUS_PLACED:
      return _("Placed");
    case IV_ORDER_STATUS_ACCEPTED:
      return _("Accepted by the institution");
    case IV_ORDER_STATUS_CONFIRMED:
      return _("Confirmed, amount reserved");
    case IV_ORDER_STATUS_COMPLETED:
      return _("Completed");
    case IV_ORDER_STATUS_DECLINED:
      return _("Declined by the institution");
    case IV_ORDER_STATUS_CANCELLED:
      return _("Cancelled");
    default:
      return NULL;
    }
}

GType
iv_claim_status_get_type (void)
{
  static gsize type_id = 0;
  static const GEnumValue values[] = {
    { IV_CLAIM_STATUS_SUBMITTED, "IV_CLAIM_STATUS_SUBMITTED", "submitted" },
    { IV_CLAIM_STATUS_DISTRICT_REVIEW, "IV_CLAIM_STATUS_DISTRICT_REVIEW", "district_review" },
    { IV_CLAIM_STATUS_CITY_REVIEW, "IV_CLAIM_STATUS_CITY_REVIEW", "city_review" },
    { IV_CLAIM_STATUS_PUBLICIZED, "IV_CLAIM_STATUS_PUBLICIZED", "publicized" },
    { IV_CLAIM_STATUS_APPROVED, "IV_CLAIM_STATUS_APPROVED", "approved" },
    { IV_CLAIM_STATUS_PAID, "IV_CLAIM_STATUS_PAID", "paid" },
    { IV_CLAIM_STATUS_REJECTED, "IV_CLAIM_STATUS_REJECTED", "rejected" },
    { IV_CLAIM_STATUS_RETURNED, "IV_CLAIM_STATUS_RETURNED", "returned" },
    { 0, NULL, NULL }
  };

  return register_enum_once (&type_id, "IvClaimStatus", values);
}

gboolean
iv_claim_status_from_string (const char *str,
                            IvClaimStatus *out)
{
  gint value = 0;

  if (!enum_from_nick (IV_TYPE_CLAIM_STATUS, str, &value))
    return FALSE;
  if (out != NULL)
    *out = value;
  return TRUE;
}

const char *
iv_claim_status_to_string (IvClaimStatus value)
{
  return enum_to_nick (IV_TYPE_CLAIM_STATUS, value);
}

const char *
iv_claim_status_to_label (IvClaimStatus value)
{
  switch (value)
    {
    case IV_CLAIM_STATUS_SUBMITTED:
      return _("Submitted");
    case IV_CLAIM_STATUS_DISTRICT_REVIEW:
      return _("District review");
    case IV_CLAIM_STATUS_CITY_REVIEW:
      return _("City review");
    case IV_CLAIM_STATUS_PUBLICIZED:
      return _("Public notice");
    case IV_CLAIM_STATUS_APPROVED:
      return _("Approved");
    case IV_CLAIM_STATUS_PAID:
      return _("Paid");
    case IV_CLAIM_STATUS_REJECTED:
      return _("Rejected");
    case IV_CLAIM_STATUS_RETURNED:
      return _("Returned for changes");
    default:
      return NULL;
    }
}

GType
iv_voucher_status_get_type (void)
{
  static gsize type_id = 0;
  static const GEnumValue values[] = {
    { IV_VOUCHER_STATUS_ACTIVE, "IV_VOUCHER_STATUS_ACTIVE", "active" },
    { IV_VOUCHER_STATUS_EXPIRED, "IV_VOUCHER_STATUS_EXPIRED", "expired" },
    { IV_VOUCHER_STATUS_EXHAUSTED, "IV_VOUCHER_STATUS_EXHAUSTED", "exhausted" },
    { IV_VOUCHER_STATUS_REVOKED, "IV_VOUCHER_STATUS_REVOKED", "revoked" },
    { 0, NULL, NULL }
  };

  return register_enum_once (&type_id, "IvVoucherStatus", values);
}

gboolean
iv_voucher_status_from_string (const char *str,
                              IvVoucherStatus *out)
{
  gint value = 0;

  if (!enum_from_nick (IV_TYPE_VOUCHER_STATUS, str, &value))
    return FALSE;
  if (out != NULL)
    *out = value;
  return TRUE;
}

const char *
iv_voucher_status_to_string (IvVoucherStatus value)
{
  return enum_to_nick (IV_TYPE_VOUCHER_STATUS, value);
}

const char *
iv_voucher_status_to_label (IvVoucherStatus value)
{
  switch (value)
    {
    case IV_VOUCHER_STATUS_ACTIVE:
      return _("Active");
    case IV_VOUCHER_STATUS_EXPIRED:
      return _("Expired");
    case IV_VOUCHER_STATUS_EXHAUSTED:
      return _("Used up");
    case IV_VOUCHER_STATUS_REVOKED:
      return _("Revoked");
    default:
      return NULL;
    }
}

GType
iv_actor_get_type (void)
{
  static gsize type_id = 0;
  static const GEnumValue values[] = {
    { IV_ACTOR_DISTRICT, "IV_ACTOR_DISTRICT", "district" },
    { IV_ACTOR_CITY, "IV_ACTOR_CITY", "city" },
    { IV_ACTOR_APPLICANT, "IV_ACTOR_APPLICANT", "applicant" },
    { IV_ACTOR_INSTITUTION, "IV_ACTOR_INSTITUTION", "institution" },
    { IV_ACTOR_SYSTEM, "IV_ACTOR_SYSTEM", "system" },
    { 0, NULL, NULL }
  };

  return register_enum_once (&type_id, "IvActor", values);
}

gboolean
iv_actor_from_string (const char *str,
                     IvActor *out)
{
  gint value = 0;

  if (!enum_from_nick (IV_TYPE_ACTOR, str, &value))
    return FALSE;
  if (out != NULL)
    *out = value;
  return TRUE;
}

const char *
iv_actor_to_string (IvActor value)
{
  return enum_to_nick (IV_TYPE_ACTOR, value);
}

const char *
iv_actor_to_label (IvActor value)
{
  switch (value)
    {
    case IV_ACTOR_DISTRICT:
      return _("District reviewer");
    case IV_ACTOR_CITY:
      return _("City reviewer");
    case IV_ACTOR_APPLICANT:
      return _("Applicant");
    case IV_ACTOR_INSTITUTION:
      return _("Service institution");
    case IV_ACTOR_SYSTEM:
      return _("System");
    default:
      return NULL;
    }
}

GType
iv_event_type_get_type (void)
{
  static gsize type_id = 0;
  static const GEnumValue values[] = {
    { IV_EVENT_TYPE_APPLICATION_STATUS, "IV_EVENT_TYPE_APPLICATION_STATUS", "application.status" },
    { IV_EVENT_TYPE_ORDER_STATUS, "IV_EVENT_TYPE_ORDER_STATUS", "order.status" },
    { IV_EVENT_TYPE_CLAIM_STATUS, "IV_EVENT_TYPE_CLAIM_STATUS", "claim.status" },
    { IV_EVENT_TYPE_VOUCHER_UPDATED, "IV_EVENT_TYPE_VOUCHER_UPDATED", "voucher.updated" },
    { 0, NULL, NULL }
  };

  return register_enum_once (&type_id, "IvEventType", values);
}

gboolean
iv_event_type_from_string (const char *str,
                          IvEventType *out)
{
  gint value = 0;

  if (!enum_from_nick (IV_TYPE_EVENT_TYPE, str, &value))
    return FALSE;
  if (out != NULL)
    *out = value;
  return TRUE;
}

const char *
iv_event_type_to_string (IvEventType value)
{
  return enum_to_nick (IV_TYPE_EVENT_TYPE, value);
}

const char *
iv_event_type_to_label (IvEventType value)
{
  switch (value)
    {
    case IV_EVENT_TYPE_APPLICATION_STATUS:
      return _("Application status changed");
    case IV_EVENT_TYPE_ORDER_STATUS:
      return _("Order status changed");
    case IV_EVENT_TYPE_CLAIM_STATUS:
      return _("Claim status changed");
    case IV_EVENT_TYPE_VOUCHER_UPDATED:
      return _("Voucher updated");
    default:
      return NULL;
    }
}

GType
iv_redeem_mode_get_type (void)
{
  static gsize type_id = 0;
  static const GEnumValue values[] = {
    { IV_REDEEM_MODE_ENTERPRISE, "IV_REDEEM_MODE_ENTERPRISE", "enterprise" },
    { IV_REDEEM_MODE_INSTITUTION, "IV_REDEEM_MODE_INSTITUTION", "institution" },
    { 0, NULL, NULL }
  };

  return register_enum_once (&type_id, "IvRedeemMode", values);
}

gboolean
iv_redeem_mode_from_string (const char *str,
                           IvRedeemMode *out)
{
  gint value = 0;

  if (!enum_from_nick (IV_TYPE_REDEEM_MODE, str, &value))
    return FALSE;
  if (out != NULL)
    *out = value;
  return TRUE;
}

const char *
iv_redeem_mode_to_string (IvRedeemMode value)
{
  return enum_to_nick (IV_TYPE_REDEEM_MODE, value);
}

const char *
iv_redeem_mode_to_label (IvRedeemMode value)
{
  switch (value)
    {
    case IV_REDEEM_MODE_ENTERPRISE:
      return _("Redeemed by the enterprise");
    case IV_REDEEM_MODE_INSTITUTION:
      return _("Redeemed by the institution");
    default:
      return NULL;
    }
}

GType
iv_document_kind_get_type (void)
{
  static gsize type_id = 0;
  static const GEnumValue values[] = {
    { IV_DOCUMENT_KIND_CONTRACT, "IV_DOCUMENT_KIND_CONTRACT", "contract" },
    { IV_DOCUMENT_KIND_INVOICE, "IV_DOCUMENT_KIND_INVOICE", "invoice" },
    { IV_DOCUMENT_KIND_PAYMENT_PROOF, "IV_DOCUMENT_KIND_PAYMENT_PROOF", "payment_proof" },
    { IV_DOCUMENT_KIND_SERVICE_REPORT, "IV_DOCUMENT_KIND_SERVICE_REPORT", "service_report" },
    { 0, NULL, NULL }
  };

  return register_enum_once (&type_id, "IvDocumentKind", values);
}

gboolean
iv_document_kind_from_string (const char *str,
                             IvDocumentKind *out)
{
  gint value = 0;

  if (!enum_from_nick (IV_TYPE_DOCUMENT_KIND, str, &value))
    return FALSE;
  if (out != NULL)
    *out = value;
  return TRUE;
}

const char *
iv_document_kind_to_string (IvDocumentKind value)
{
  return enum_to_nick (IV_TYPE_DOCUMENT_KIND, value);
}

const char *
iv_document_kind_to_label (IvDocumentKind value)
{
  switch (value)
    {
    case IV_DOCUMENT_KIND_CONTRACT:
      return _("Contract");
    case IV_DOCUMENT_KIND_INVOICE:
      return _("Invoice");
    case IV_DOCUMENT_KIND_PAYMENT_PROOF:
      return _("Proof of payment");
    case IV_DOCUMENT_KIND_SERVICE_REPORT:
      return _("Service report");
    default:
      return NULL;
    }
}

static const char * const category_codes[] = {
  "testing",
  "joint_rnd",
  "commissioned_dev",
  "rnd_design",
  "tech_solution",
  "instrument",
  NULL
};

static const char * const category_labels[] = {
  N_("Testing and inspection"),
  N_("Cooperative R&D"),
  N_("Commissioned development"),
  N_("R&D design"),
  N_("Technical solutions"),
  N_("Shared large scientific instruments"),
};

const char * const *
iv_category_codes (void)
{
  return category_codes;
}

gboolean
iv_category_code_is_known (const char *code)
{
  return code != NULL && g_strv_contains (category_codes, code);
}

const char *
iv_category_code_to_label (const char *code)
{
  g_return_val_if_fail (code != NULL, NULL);

  for (guint i = 0; category_codes[i] != NULL; i++)
    if (g_str_equal (category_codes[i], code))
      return _(category_labels[i]);
  return code;
}
