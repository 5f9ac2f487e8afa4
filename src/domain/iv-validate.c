/* iv-validate.c: validators for Chinese identifiers and form fields */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "iv-validate.h"

G_DEFINE_QUARK (iv-validate-error-quark, iv_validate_error)

/* GB 32100-2015: the 31 characters (no I, O, Z, S, V) and the weights */
static const char credit_charset[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const guint credit_weights[17] = {
  1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
};

#define CREDIT_CODE_LENGTH 18

static int
credit_value (char c)
{
  const char *p;

  if (c == '\0')
    return -1;
  p = strchr (credit_charset, c);
  return p != NULL ? (int) (p - credit_charset) : -1;
}

static gboolean
all_ascii_digits (const char *s)
{
  for (; *s != '\0'; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

static gboolean
is_blank (const char *s)
{
  if (s == NULL)
    return TRUE;
  for (; *s != '\0'; s = g_utf8_next_char (s))
    if (!g_unichar_isspace (g_utf8_get_char (s)))
      return FALSE;
  return TRUE;
}

static void
set_unprintable (GError **error)
{
  g_set_error_literal (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_CHARACTER,
                       _("This contains a character that cannot be shown"));
}

char
iv_credit_code_check_char (const char *first17)
{
  guint sum = 0;
  guint check;

  g_return_val_if_fail (first17 != NULL, '\0');

  for (guint i = 0; i < 17; i++)
    {
      int value = credit_value (first17[i]);

      if (value < 0)
        return '\0';
      sum += (guint) value * credit_weights[i];
    }

  check = 31 - sum % 31;
  return credit_charset[check == 31 ? 0 : check];
}

/* Lower-case letters are refused rather than silently accepted: the code
 * is printed on the business licence in capitals, and the service compares
 * it byte for byte.  The message tells which capital to type. */
gboolean
iv_validate_credit_code (const char  *code,
                         GError     **error)
{
  glong n_chars;
  guint position = 0;
  char expected;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (is_blank (code))
    {
      g_set_error_literal (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_EMPTY,
                           _("Enter the unified social credit code"));
      return FALSE;
    }
  if (!g_utf8_validate (code, -1, NULL))
    {
      set_unprintable (error);
      return FALSE;
    }

  n_chars = g_utf8_strlen (code, -1);
  if (n_chars != CREDIT_CODE_LENGTH)
    {
      g_set_error (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_LENGTH,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The credit code has %ld character; it needs 18",
                                "The credit code has %ld characters; it needs 18",
                                (gulong) n_chars),
                   n_chars);
      return FALSE;
    }

  for (const char *p = code; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      char utf8[8] = { 0 };

      position++;
      if (c < 0x80 && credit_value ((char) c) >= 0)
        continue;

      if (c < 0x80 && g_ascii_islower (c) && credit_value (g_ascii_toupper ((char) c)) >= 0)
        {
          g_set_error (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_CHARACTER,
                       _("Use capital letters: write “%c” as “%c” (character %u)"),
                       (char) c, g_ascii_toupper ((char) c), position);
          return FALSE;
        }

      if (g_unichar_iscntrl (c) || !g_unichar_isprint (c))
        {
          set_unprintable (error);
          return FALSE;
        }

      /* I, O, Z, S and V are left out of the standard because they look
       * like digits; say which digit was probably meant. */
      g_unichar_to_utf8 (c, utf8);
      switch (g_unichar_toupper (c))
        {
        case 'I':
          g_set_error (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_CHARACTER,
                       _("Credit codes do not use “%s” (character %u); did you mean “%s”?"),
                       utf8, position, "1");
          return FALSE;
        case 'O':
          g_set_error (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_CHARACTER,
                       _("Credit codes do not use “%s” (character %u); did you mean “%s”?"),
                       utf8, position, "0");
          return FALSE;
        case 'Z':
          g_set_error (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_CHARACTER,
                       _("Credit codes do not use “%s” (character %u); did you mean “%s”?"),
                       utf8, position, "2");
          return FALSE;
        case 'S':
          g_set_error (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_CHARACTER,
                       _("Credit codes do not use “%s” (character %u); did you mean “%s”?"),
                       utf8, position, "5");
          return FALSE;
        default:
          g_set_error (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_CHARACTER,
                       _("Credit codes do not use “%s” (character %u)"),
                       utf8, position);
          return FALSE;
        }
    }

  expected = iv_credit_code_check_char (code);
  g_assert (expected != '\0');
  if (code[17] != expected)
    {
      g_set_error (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_CHECKSUM,
                   _("The check character should be %c"), expected);
      return FALSE;
    }

  return TRUE;
}

/* Digits only, in ASCII; what is not a digit is named */
static gboolean
check_digits (const char  *text,
              const char  *message,
              GError     **error)
{
  if (!all_ascii_digits (text))
    {
      g_set_error_literal (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_CHARACTER, message);
      return FALSE;
    }
  return TRUE;
}

gboolean
iv_validate_invoice (const char     *code,
                     const char     *number,
                     IvInvoiceKind  *out_kind,
                     GError        **error)
{
  gsize code_len, number_len;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (is_blank (number))
    {
      g_set_error_literal (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_EMPTY,
                           _("Enter the invoice number"));
      return FALSE;
    }
  if (!check_digits (number, _("The invoice number can only contain the digits 0 to 9"), error))
    return FALSE;
  number_len = strlen (number);

  if (code == NULL || code[0] == '\0')
    {
      if (number_len == 8)
        {
          g_set_error_literal (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_EMPTY,
                               _("An invoice with an 8-digit number also has an invoice code; enter it"));
          return FALSE;
        }
      if (number_len != 20)
        {
          g_set_error (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_LENGTH,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "The invoice number has %u digit; a fully digital invoice has 20",
                                    "The invoice number has %u digits; a fully digital invoice has 20",
                                    (gulong) number_len),
                       (guint) number_len);
          return FALSE;
        }
      if (out_kind != NULL)
        *out_kind = IV_INVOICE_KIND_DIGITAL;
      return TRUE;
    }

  if (!check_digits (code, _("The invoice code can only contain the digits 0 to 9"), error))
    return FALSE;
  code_len = strlen (code);
  if (code_len != 10 && code_len != 12)
    {
      g_set_error (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_LENGTH,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The invoice code has %u digit; it needs 10 or 12",
                                "The invoice code has %u digits; it needs 10 or 12",
                                (gulong) code_len),
                   (guint) code_len);
      return FALSE;
    }
  if (number_len == 20)
    {
      g_set_error_literal (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_FORMAT,
                           _("A 20-digit invoice number belongs to a fully digital invoice, which has no invoice code; leave the code empty"));
      return FALSE;
    }
  if (number_len != 8)
    {
      g_set_error (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_LENGTH,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The invoice number has %u digit; it needs 8",
                                "The invoice number has %u digits; it needs 8",
                                (gulong) number_len),
                   (guint) number_len);
      return FALSE;
    }

  if (out_kind != NULL)
    *out_kind = IV_INVOICE_KIND_CLASSIC;
  return TRUE;
}

gboolean
iv_validate_mobile_phone (const char  *phone,
                          GError     **error)
{
  gsize len;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (is_blank (phone))
    {
      g_set_error_literal (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_EMPTY,
                           _("Enter a phone number"));
      return FALSE;
    }
  if (!check_digits (phone, _("A mobile number can only contain the digits 0 to 9"), error))
    return FALSE;

  len = strlen (phone);
  if (len != 11)
    {
      g_set_error (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_LENGTH,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The mobile number has %u digit; it needs 11",
                                "The mobile number has %u digits; it needs 11",
                                (gulong) len),
                   (guint) len);
      return FALSE;
    }
  if (phone[0] != '1' || phone[1] < '3' || phone[1] > '9')
    {
      g_set_error_literal (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_FORMAT,
                           _("A mobile number starts with 13 to 19"));
      return FALSE;
    }

  return TRUE;
}

static gsize
count_digits (const char *s)
{
  gsize n = 0;

  while (g_ascii_isdigit (s[n]))
    n++;
  return n;
}

/* 0\d{2,3}-\d{7,8}(-\d{1,6})? */
gboolean
iv_validate_landline_phone (const char  *phone,
                            GError     **error)
{
  const char *p;
  gsize n;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (is_blank (phone))
    {
      g_set_error_literal (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_EMPTY,
                           _("Enter a phone number"));
      return FALSE;
    }
  for (p = phone; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p) && *p != '-')
        {
          g_set_error_literal (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_CHARACTER,
                               _("A landline number can only contain digits and “-”"));
          return FALSE;
        }
    }

  p = phone;
  n = count_digits (p);
  if (p[0] != '0')
    {
      g_set_error_literal (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_FORMAT,
                           _("A landline number starts with the area code, which starts with 0, like 021-12345678"));
      return FALSE;
    }
  if (n < 3 || n > 4 || p[n] != '-')
    {
      g_set_error_literal (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_FORMAT,
                           _("Write the area code of 3 or 4 digits, a “-”, then the number, like 021-12345678"));
      return FALSE;
    }

  p += n + 1;
  n = count_digits (p);
  if (n < 7 || n > 8 || (p[n] != '\0' && p[n] != '-'))
    {
      g_set_error_literal (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_FORMAT,
                           _("The number after the area code has 7 or 8 digits, like 021-12345678"));
      return FALSE;
    }

  if (p[n] == '-')
    {
      p += n + 1;
      n = count_digits (p);
      if (n < 1 || n > 6 || p[n] != '\0')
        {
          g_set_error_literal (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_FORMAT,
                               _("An extension has 1 to 6 digits, like 021-12345678-123"));
          return FALSE;
        }
    }

  return TRUE;
}

/* A number that starts with 0 or has a “-” is meant as a landline, so
 * its error is the landline one; anything else is judged as a mobile. */
gboolean
iv_validate_phone (const char  *phone,
                   GError     **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (phone != NULL && (phone[0] == '0' || strchr (phone, '-') != NULL))
    return iv_validate_landline_phone (phone, error);

  return iv_validate_mobile_phone (phone, error);
}

static gboolean
parse_iso_date (const char  *iso_date,
                guint       *year,
                guint       *month,
                guint       *day,
                GError     **error)
{
  if (is_blank (iso_date))
    {
      g_set_error_literal (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_EMPTY,
                           _("Enter a date"));
      return FALSE;
    }

  if (strlen (iso_date) != 10 || iso_date[4] != '-' || iso_date[7] != '-')
    goto format;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (iso_date[i]))
      goto format;

  *year = (guint) g_ascii_strtoull (iso_date, NULL, 10);
  *month = (guint) g_ascii_strtoull (iso_date + 5, NULL, 10);
  *day = (guint) g_ascii_strtoull (iso_date + 8, NULL, 10);

  if (*year < 1)
    {
      g_set_error_literal (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_RANGE,
                           _("There is no year 0"));
      return FALSE;
    }
  if (*month < 1 || *month > 12)
    {
      g_set_error (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_RANGE,
                   _("There is no month %u; months go from 1 to 12"), *month);
      return FALSE;
    }
  if (*day < 1 || *day > g_date_get_days_in_month ((GDateMonth) *month, (GDateYear) *year))
    {
      g_set_error (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_RANGE,
                   _("%04u-%02u has no day %u; it has %u days"),
                   *year, *month, *day,
                   (guint) g_date_get_days_in_month ((GDateMonth) *month, (GDateYear) *year));
      return FALSE;
    }

  return TRUE;

format:
  g_set_error_literal (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_FORMAT,
                       _("Write the date as year-month-day, like 2026-11-28"));
  return FALSE;
}

gboolean
iv_validate_date (const char  *iso_date,
                  GDate       *out_date,
                  GError     **error)
{
  guint year, month, day;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!parse_iso_date (iso_date, &year, &month, &day, error))
    return FALSE;

  if (out_date != NULL)
    g_date_set_dmy (out_date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);

  return TRUE;
}

/* White space is trimmed at both ends before counting: ASCII and U+3000 */
gboolean
iv_validate_text (const char  *text,
                  guint        min_chars,
                  guint        max_chars,
                  GError     **error)
{
  const char *start, *end;
  gulong n_chars = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (min_chars <= max_chars, FALSE);

  if (text == NULL)
    text = "";
  if (!g_utf8_validate (text, -1, NULL))
    {
      set_unprintable (error);
      return FALSE;
    }

  /* Trim first, so that a pasted "\r\n" at the end is no error */
  start = text;
  while (*start != '\0' && g_unichar_isspace (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  end = start;
  for (const char *p = start; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      end = g_utf8_next_char (p);

  for (const char *p = start; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) && c != '\n')
        {
          set_unprintable (error);
          return FALSE;
        }
      n_chars++;
    }

  if (n_chars == 0 && min_chars > 0)
    {
      g_set_error_literal (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_EMPTY,
                           _("This cannot be empty"));
      return FALSE;
    }
  if (n_chars < min_chars)
    {
      g_set_error (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_LENGTH,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Write at least %u character; this has %lu",
                                "Write at least %u characters; this has %lu",
                                min_chars),
                   min_chars, n_chars);
      return FALSE;
    }
  if (n_chars > max_chars)
    {
      g_set_error (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_TOO_LONG,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Shorten this to %u character; it has %lu",
                                "Shorten this to %u characters; it has %lu",
                                max_chars),
                   max_chars, n_chars);
      return FALSE;
    }

  return TRUE;
}

gboolean
iv_validate_team_account (const char  *account,
                          GError     **error)
{
  const char *rest;
  gsize len;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (is_blank (account))
    {
      g_set_error_literal (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_EMPTY,
                           _("Enter the team account"));
      return FALSE;
    }
  if (!g_str_has_prefix (account, "team-"))
    {
      g_set_error_literal (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_FORMAT,
                           _("A team account starts with “team-”"));
      return FALSE;
    }

  rest = account + strlen ("team-");
  for (const char *p = rest; *p != '\0'; p++)
    {
      if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-'))
        {
          g_set_error_literal (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_CHARACTER,
                               _("A team account can only contain lower-case letters a to z, digits and “-”"));
          return FALSE;
        }
    }

  len = strlen (rest);
  if (len < 3 || len > 32)
    {
      g_set_error_literal (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_LENGTH,
                           _("After “team-” a team account has 3 to 32 characters"));
      return FALSE;
    }

  return TRUE;
}

/* Chinese by definition (the caller picks it for the zh_CN interface), so
 * the pattern is not a translatable string. */
char *
iv_date_format_chinese (const char *iso_date)
{
  guint year, month, day;

  if (!parse_iso_date (iso_date, &year, &month, &day, NULL))
    return NULL;

  return g_strdup_printf ("%u年%u月%u日", year, month, day);
}
