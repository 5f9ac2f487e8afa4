/* iv-validate.h: validation of Chinese identifiers and form fields
 *
 * Each validator returns TRUE or sets an IV_VALIDATE_ERROR whose message is
 * a translated sentence that can be shown (and announced) as it is.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define IV_VALIDATE_ERROR (iv_validate_error_quark ())

typedef enum {
  IV_VALIDATE_ERROR_EMPTY,
  IV_VALIDATE_ERROR_LENGTH,        /* wrong number of characters */
  IV_VALIDATE_ERROR_CHARACTER,     /* a character outside the allowed set */
  IV_VALIDATE_ERROR_CHECKSUM,      /* the check character does not match */
  IV_VALIDATE_ERROR_FORMAT,        /* shape is wrong (phone, date, …) */
  IV_VALIDATE_ERROR_RANGE,         /* a date that does not exist, … */
  IV_VALIDATE_ERROR_TOO_LONG,
} IvValidateError;

typedef enum {
  IV_INVOICE_KIND_CLASSIC,         /* 10/12-digit code + 8-digit number */
  IV_INVOICE_KIND_DIGITAL,         /* 数电票: 20-digit number, no code */
} IvInvoiceKind;

GQuark    iv_validate_error_quark       (void);

/* 统一社会信用代码, GB 32100-2015: 18 characters of
 * 0123456789ABCDEFGHJKLMNPQRTUWXY, weighted check character.  Lower-case
 * letters are refused (the message names the capital to type). */
gboolean  iv_validate_credit_code       (const char     *code,
                                         GError        **error);
/* The check character for the first 17 characters (for generators);
 * '\0' when one of them is outside the character set */
char      iv_credit_code_check_char     (const char     *first17);

/* code may be NULL or "" (数电票); out_kind may be NULL */
gboolean  iv_validate_invoice           (const char     *code,
                                         const char     *number,
                                         IvInvoiceKind  *out_kind,
                                         GError        **error);

gboolean  iv_validate_mobile_phone      (const char     *phone,
                                         GError        **error);
gboolean  iv_validate_landline_phone    (const char     *phone,
                                         GError        **error);
/* Either a mobile (1[3-9] + 9 digits) or a landline number
 * (0XX(X)-XXXXXXX(X), optional "-" extension of 1 to 6 digits); a number
 * that starts with 0 or has a "-" gets the landline's error. */
gboolean  iv_validate_phone             (const char     *phone,
                                         GError        **error);

/* "YYYY-MM-DD", a real calendar date (year ≥ 1); out_date may be NULL */
gboolean  iv_validate_date              (const char     *iso_date,
                                         GDate          *out_date,
                                         GError        **error);

/* Free text of min_chars..max_chars characters (not bytes) after
 * stripping white space (ASCII and U+3000) at both ends, with no control
 * characters inside except newline.  NULL counts as "". */
gboolean  iv_validate_text              (const char     *text,
                                         guint           min_chars,
                                         guint           max_chars,
                                         GError        **error);

/* Team accounts: "team-" followed by 3..32 of [a-z0-9-] */
gboolean  iv_validate_team_account      (const char     *account,
                                         GError        **error);

/* "2026年11月28日" from "2026-11-28"; NULL when not a valid date */
char     *iv_date_format_chinese        (const char     *iso_date);

G_END_DECLS
