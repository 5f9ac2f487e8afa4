/* iv-types.h: forward declarations and enumerations of the domain layer */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _IvPolicy       IvPolicy;
typedef struct _IvAccount      IvAccount;
typedef struct _IvCategory     IvCategory;
typedef struct _IvInstitution  IvInstitution;
typedef struct _IvService      IvService;
typedef struct _IvQuotaApplication IvQuotaApplication;  /* IvApplication is the GtkApplication */
typedef struct _IvVoucher      IvVoucher;
typedef struct _IvOrder        IvOrder;
typedef struct _IvAttachment   IvAttachment;
typedef struct _IvClaim        IvClaim;
typedef struct _IvInvoice      IvInvoice;
typedef struct _IvReceipt      IvReceipt;
typedef struct _IvEvent        IvEvent;
typedef struct _IvHistoryStep  IvHistoryStep;
typedef struct _IvErrorBody    IvErrorBody;
typedef struct _IvListPage     IvListPage;

typedef enum {
  IV_ACCOUNT_KIND_ENTERPRISE,
  IV_ACCOUNT_KIND_TEAM,
} IvAccountKind;

typedef enum {
  IV_APPLICATION_STATUS_SUBMITTED,
  IV_APPLICATION_STATUS_DISTRICT_REVIEW,
  IV_APPLICATION_STATUS_CITY_REVIEW,
  IV_APPLICATION_STATUS_APPROVED,
  IV_APPLICATION_STATUS_REJECTED,
  IV_APPLICATION_STATUS_RETURNED,
  IV_APPLICATION_STATUS_WITHDRAWN,
} IvApplicationStatus;

typedef enum {
  IV_ORDER_STATUS_PLACED,
  IV_ORDER_STATUS_ACCEPTED,
  IV_ORDER_STATUS_CONFIRMED,
  IV_ORDER_STATUS_COMPLETED,
  IV_ORDER_STATUS_DECLINED,
  IV_ORDER_STATUS_CANCELLED,
} IvOrderStatus;

typedef enum {
  IV_CLAIM_STATUS_SUBMITTED,
  IV_CLAIM_STATUS_DISTRICT_REVIEW,
  IV_CLAIM_STATUS_CITY_REVIEW,
  IV_CLAIM_STATUS_PUBLICIZED,
  IV_CLAIM_STATUS_APPROVED,
  IV_CLAIM_STATUS_PAID,
  IV_CLAIM_STATUS_REJECTED,
  IV_CLAIM_STATUS_RETURNED,
} IvClaimStatus;

typedef enum {
  IV_VOUCHER_STATUS_ACTIVE,
  IV_VOUCHER_STATUS_EXPIRED,
  IV_VOUCHER_STATUS_EXHAUSTED,
  IV_VOUCHER_STATUS_REVOKED,
} IvVoucherStatus;

/* Who made a history step.  api.md names district, city, applicant and
 * system; orders are also moved by the institution (see docs/api.md). */
typedef enum {
  IV_ACTOR_DISTRICT,
  IV_ACTOR_CITY,
  IV_ACTOR_APPLICANT,
  IV_ACTOR_INSTITUTION,
  IV_ACTOR_SYSTEM,
} IvActor;

typedef enum {
  IV_EVENT_TYPE_APPLICATION_STATUS,
  IV_EVENT_TYPE_ORDER_STATUS,
  IV_EVENT_TYPE_CLAIM_STATUS,
  IV_EVENT_TYPE_VOUCHER_UPDATED,
} IvEventType;

typedef enum {
  IV_REDEEM_MODE_ENTERPRISE,
  IV_REDEEM_MODE_INSTITUTION,
} IvRedeemMode;

/* The four kinds of documents a claim carries (api.md "documents") */
typedef enum {
  IV_DOCUMENT_KIND_CONTRACT,
  IV_DOCUMENT_KIND_INVOICE,
  IV_DOCUMENT_KIND_PAYMENT_PROOF,
  IV_DOCUMENT_KIND_SERVICE_REPORT,
} IvDocumentKind;

/* Errors from strict JSON decoding; the message always names the field
 * by its JSON path, e.g. "claim.invoice.number: expected a string". */
#define IV_DECODE_ERROR (iv_decode_error_quark ())

typedef enum {
  IV_DECODE_ERROR_SYNTAX,          /* not JSON at all */
  IV_DECODE_ERROR_TYPE,            /* wrong JSON type */
  IV_DECODE_ERROR_MISSING,         /* a required field is absent */
  IV_DECODE_ERROR_RANGE,           /* number out of range, unknown enum value */
  IV_DECODE_ERROR_TOO_LONG,        /* string or array over its limit */
  IV_DECODE_ERROR_TOO_DEEP,        /* nesting deeper than allowed */
  IV_DECODE_ERROR_INVALID,         /* malformed date, id, … */
} IvDecodeError;

GQuark iv_decode_error_quark (void);

G_END_DECLS
