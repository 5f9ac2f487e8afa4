/* iv-status.h: the enumerations of api.md as GEnum types, their JSON names and labels
 *
 * Each enumeration has a GType (for properties), _from_string and
 * _to_string for the JSON value (the GEnumValue nick), and _to_label for
 * the translated text shown to people ("District review" → 区级审核中).
 */
#pragma once

#include <glib-object.h>

#include "iv-types.h"

G_BEGIN_DECLS

/* Account kinds */
#define IV_TYPE_ACCOUNT_KIND (iv_account_kind_get_type ())
GType        iv_account_kind_get_type    (void) G_GNUC_CONST;
gboolean     iv_account_kind_from_string (const char *str,
                                         IvAccountKind *out);
const char  *iv_account_kind_to_string   (IvAccountKind  value);
const char  *iv_account_kind_to_label    (IvAccountKind  value);

/* Quota application statuses */
#define IV_TYPE_APPLICATION_STATUS (iv_application_status_get_type ())
GType        iv_application_status_get_type    (void) G_GNUC_CONST;
gboolean     iv_application_status_from_string (const char *str,
                                               IvApplicationStatus *out);
const char  *iv_application_status_to_string   (IvApplicationStatus  value);
const char  *iv_application_status_to_label    (IvApplicationStatus  value);

/* Order statuses */
#define IV_TYPE_ORDER_STATUS (iv_order_status_get_type ())
GType        iv_order_status_get_type    (void) G_GNUC_CONST;
gboolean     iv_order_status_from_string (const char *str,
                                         IvOrderStatus *out);
const char  *iv_order_status_to_string   (IvOrderStatus  value);
const char  *iv_order_status_to_label    (IvOrderStatus  value);

/* Claim statuses */
#define IV_TYPE_CLAIM_STATUS (iv_claim_status_get_type ())
GType        iv_claim_status_get_type    (void) G_GNUC_CONST;
gboolean     iv_claim_status_from_string (const char *str,
                                         IvClaimStatus *out);
const char  *iv_claim_status_to_string   (IvClaimStatus  value);
const char  *iv_claim_status_to_label    (IvClaimStatus  value);

/* Voucher statuses */
#define IV_TYPE_VOUCHER_STATUS (iv_voucher_status_get_type ())
GType        iv_voucher_status_get_type    (void) G_GNUC_CONST;
gboolean     iv_voucher_status_from_string (const char *str,
                                           IvVoucherStatus *out);
const char  *iv_voucher_status_to_string   (IvVoucherStatus  value);
const char  *iv_voucher_status_to_label    (IvVoucherStatus  value);

/* Who made a history step */
#define IV_TYPE_ACTOR (iv_actor_get_type ())
GType        iv_actor_get_type    (void) G_GNUC_CONST;
gboolean     iv_actor_from_string (const char *str,
                                  IvActor *out);
const char  *iv_actor_to_string   (IvActor  value);
const char  *iv_actor_to_label    (IvActor  value);

/* Event types */
#define IV_TYPE_EVENT_TYPE (iv_event_type_get_type ())
GType        iv_event_type_get_type    (void) G_GNUC_CONST;
gboolean     iv_event_type_from_string (const char *str,
                                       IvEventType *out);
const char  *iv_event_type_to_string   (IvEventType  value);
const char  *iv_event_type_to_label    (IvEventType  value);

/* Who redeems a voucher */
#define IV_TYPE_REDEEM_MODE (iv_redeem_mode_get_type ())
GType        iv_redeem_mode_get_type    (void) G_GNUC_CONST;
gboolean     iv_redeem_mode_from_string (const char *str,
                                        IvRedeemMode *out);
const char  *iv_redeem_mode_to_string   (IvRedeemMode  value);
const char  *iv_redeem_mode_to_label    (IvRedeemMode  value);

/* Claim document kinds */
#define IV_TYPE_DOCUMENT_KIND (iv_document_kind_get_type ())
GType        iv_document_kind_get_type    (void) G_GNUC_CONST;
gboolean     iv_document_kind_from_string (const char *str,
                                          IvDocumentKind *out);
const char  *iv_document_kind_to_string   (IvDocumentKind  value);
const char  *iv_document_kind_to_label    (IvDocumentKind  value);

/* Service categories are codes of the catalog ("testing", …), kept as
 * strings so that a new category of the service does not break the client. */
/* NULL-terminated list of the codes api.md names, in its order */
const char * const *iv_category_codes         (void);
gboolean            iv_category_code_is_known (const char *code);
/* Translated ("testing" → 测试检测); the code itself when unknown */
const char         *iv_category_code_to_label (const char *code);

G_END_DECLS
