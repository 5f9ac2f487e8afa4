/* test-validate.c: credit codes, invoices, phones, dates, text and team accounts */
#include "config.h"

#include <libintl.h>
#include <locale.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "iv-validate.h"

typedef gboolean (*Validator) (const char *text, GError **error);

typedef struct {
  const char *text;
  gint        code;       /* -1: valid */
  const char *message;    /* NULL: only the code is checked */
} Case;

#define VALID (-1)

static void
check_case (const char *what,
            gboolean    ok,
            GError     *error,
            const Case *c)
{
  g_test_message ("%s “%s”", what, c->text ? c->text : "(null)");
  if (c->code == VALID)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      return;
    }

  g_assert_false (ok);
  g_assert_error (error, IV_VALIDATE_ERROR, c->code);
  if (c->message != NULL)
    g_assert_cmpstr (error->message, ==, c->message);
}

static void
run_cases (const char *what,
           Validator   validator,
           const Case *cases,
           gsize       n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = validator (cases[i].text, &error);

      check_case (what, ok, error, &cases[i]);
    }
}

/* The valid codes were made by a separate script (Python) that computes
 * the GB 32100-2015 check character; two end in 0 (sum ≡ 0 mod 31). */
static const Case credit_cases[] = {
  { "91310000MA1FL4WR6Y", VALID, NULL },                        /* domain.md */
  { "91440300708461136T", VALID, NULL },
  { "91110108MA01ABCD1E", VALID, NULL },
  { "91310115MA1K4XY200", VALID, NULL },
  { "913100000000000110", VALID, NULL },
  { "92440300MA5F000017", VALID, NULL },
  { "12100000400000624D", VALID, NULL },
  { "51310000500012345K", VALID, NULL },
  { "Y13100000000000019", VALID, NULL },
  { "93330106MA2H0001WW", VALID, NULL },
  { "52110000500014712U", VALID, NULL },
  { "91330100MA27X0001E", VALID, NULL },
  /* checksum */
  { "91310000MA1FL4WR6M", IV_VALIDATE_ERROR_CHECKSUM, "The check character should be Y" },  /* domain.md */
  { "91310000MA1FL4WR6X", IV_VALIDATE_ERROR_CHECKSUM, "The check character should be Y" },
  { "91310000AM1FL4WR6Y", IV_VALIDATE_ERROR_CHECKSUM, NULL },   /* swapped pair */
  { "91310001MA1FL4WR6Y", IV_VALIDATE_ERROR_CHECKSUM, NULL },   /* one digit off */
  { "91310115MA1K4XY201", IV_VALIDATE_ERROR_CHECKSUM, "The check character should be 0" },
  /* length */
  { "91310000MA1FL4WR6", IV_VALIDATE_ERROR_LENGTH, "The credit code has 17 characters; it needs 18" },
  { "91310000MA1FL4WR6YY", IV_VALIDATE_ERROR_LENGTH, "The credit code has 19 characters; it needs 18" },
  { "9", IV_VALIDATE_ERROR_LENGTH, "The credit code has 1 character; it needs 18" },
  { "统一社会信用代码", IV_VALIDATE_ERROR_LENGTH, "The credit code has 8 characters; it needs 18" },
  /* empty */
  { "", IV_VALIDATE_ERROR_EMPTY, "Enter the unified social credit code" },
  { NULL, IV_VALIDATE_ERROR_EMPTY, NULL },
  { "   ", IV_VALIDATE_ERROR_EMPTY, NULL },
  /* characters outside the set */
  { "9131000OMA1FL4WR6Y", IV_VALIDATE_ERROR_CHARACTER,
    "Credit codes do not use “O” (character 8); did you mean “0”?" },
  { "9I310000MA1FL4WR6Y", IV_VALIDATE_ERROR_CHARACTER,
    "Credit codes do not use “I” (character 2); did you mean “1”?" },
  { "91310000MA1FL4WZ6Y", IV_VALIDATE_ERROR_CHARACTER,
    "Credit codes do not use “Z” (character 16); did you mean “2”?" },
  { "91310000MA1FL4WR6S", IV_VALIDATE_ERROR_CHARACTER,
    "Credit codes do not use “S” (character 18); did you mean “5”?" },
  { "91310000MA1FLVWR6Y", IV_VALIDATE_ERROR_CHARACTER,
    "Credit codes do not use “V” (character 14)" },
  { "９1310000MA1FL4WR6Y", IV_VALIDATE_ERROR_CHARACTER,
    "Credit codes do not use “９” (character 1)" },
  { "91310000MA1FL4WR6码", IV_VALIDATE_ERROR_CHARACTER, NULL },
  { "91310000 MA1FL4WR6", IV_VALIDATE_ERROR_CHARACTER, NULL },
  { "91310000-A1FL4WR6Y", IV_VALIDATE_ERROR_CHARACTER, NULL },
  { "91310000MA1FL4WR6\x01", IV_VALIDATE_ERROR_CHARACTER,
    "This contains a character that cannot be shown" },
  /* lower case: refused, with the capital to type */
  { "91310000ma1fl4wr6y", IV_VALIDATE_ERROR_CHARACTER,
    "Use capital letters: write “m” as “M” (character 9)" },
  { "91310000MA1FL4WR6y", IV_VALIDATE_ERROR_CHARACTER,
    "Use capital letters: write “y” as “Y” (character 18)" },
  { "91310000MA1FL4Wr6Y", IV_VALIDATE_ERROR_CHARACTER, NULL },
  { "9i310000MA1FL4WR6Y", IV_VALIDATE_ERROR_CHARACTER,
    "Credit codes do not use “i” (character 2); did you mean “1”?" },
};

static void
test_credit_code (void)
{
  gsize n_valid = 0, n_invalid = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (credit_cases); i++)
    credit_cases[i].code == VALID ? n_valid++ : n_invalid++;
  g_assert_cmpuint (n_valid + n_invalid, >=, 20);
  g_assert_cmpuint (n_valid, >=, 10);

  run_cases ("credit code", iv_validate_credit_code, credit_cases, G_N_ELEMENTS (credit_cases));
}

static void
test_credit_code_check_char (void)
{
  g_assert_cmpint (iv_credit_code_check_char ("91310000MA1FL4WR6"), ==, 'Y');
  g_assert_cmpint (iv_credit_code_check_char ("91310000MA1FL4WR6Y"), ==, 'Y');   /* reads 17 */
  g_assert_cmpint (iv_credit_code_check_char ("91440300708461136"), ==, 'T');
  g_assert_cmpint (iv_credit_code_check_char ("91310115MA1K4XY20"), ==, '0');
  g_assert_cmpint (iv_credit_code_check_char ("9131000OMA1FL4WR6"), ==, '\0');
  g_assert_cmpint (iv_credit_code_check_char ("91310000ma1fl4wr6"), ==, '\0');
  g_assert_cmpint (iv_credit_code_check_char ("9131"), ==, '\0');
  g_assert_cmpint (iv_credit_code_check_char (""), ==, '\0');

  /* every valid code in the table agrees with the generator */
  for (gsize i = 0; i < G_N_ELEMENTS (credit_cases); i++)
    if (credit_cases[i].code == VALID)
      g_assert_cmpint (iv_credit_code_check_char (credit_cases[i].text), ==, credit_cases[i].text[17]);
}

typedef struct {
  const char   *code;
  const char   *number;
  gint          error_code;   /* -1: valid */
  IvInvoiceKind kind;
  const char   *message;
} InvoiceCase;

static void
test_invoice (void)
{
  static const InvoiceCase cases[] = {
    { "3100194130", "12345678", VALID, IV_INVOICE_KIND_CLASSIC, NULL },
    { "031001900111", "00234567", VALID, IV_INVOICE_KIND_CLASSIC, NULL },
    { NULL, "24312000000012345678", VALID, IV_INVOICE_KIND_DIGITAL, NULL },
    { "", "24312000000012345678", VALID, IV_INVOICE_KIND_DIGITAL, NULL },
    { "3100194130", "", IV_VALIDATE_ERROR_EMPTY, 0, "Enter the invoice number" },
    { "3100194130", NULL, IV_VALIDATE_ERROR_EMPTY, 0, NULL },
    { NULL, "12345678", IV_VALIDATE_ERROR_EMPTY, 0,
      "An invoice with an 8-digit number also has an invoice code; enter it" },
    { "12345", "12345678", IV_VALIDATE_ERROR_LENGTH, 0,
      "The invoice code has 5 digits; it needs 10 or 12" },
    { "31001941301", "12345678", IV_VALIDATE_ERROR_LENGTH, 0,
      "The invoice code has 11 digits; it needs 10 or 12" },
    { "3100194130", "1234567", IV_VALIDATE_ERROR_LENGTH, 0,
      "The invoice number has 7 digits; it needs 8" },
    { "3100194130", "123456789", IV_VALIDATE_ERROR_LENGTH, 0, NULL },
    { NULL, "2431200000001234567", IV_VALIDATE_ERROR_LENGTH, 0,
      "The invoice number has 19 digits; a fully digital invoice has 20" },
    { NULL, "243120000000123456789", IV_VALIDATE_ERROR_LENGTH, 0, NULL },
    { "3100194130", "24312000000012345678", IV_VALIDATE_ERROR_FORMAT, 0,
      "A 20-digit invoice number belongs to a fully digital invoice, which has no invoice code; leave the code empty" },
    { "31001941A0", "12345678", IV_VALIDATE_ERROR_CHARACTER, 0,
      "The invoice code can only contain the digits 0 to 9" },
    { "3100194130", "1234567O", IV_VALIDATE_ERROR_CHARACTER, 0,
      "The invoice number can only contain the digits 0 to 9" },
    { "3100194130", "１２３４５６７８", IV_VALIDATE_ERROR_CHARACTER, 0, NULL },
    { "3100194130", "1234 5678", IV_VALIDATE_ERROR_CHARACTER, 0, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      IvInvoiceKind kind = 99;
      gboolean ok;

      g_test_message ("invoice “%s” “%s”", cases[i].code ? cases[i].code : "(null)",
                      cases[i].number ? cases[i].number : "(null)");
      ok = iv_validate_invoice (cases[i].code, cases[i].number, &kind, &error);
      if (cases[i].error_code == VALID)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpint (kind, ==, cases[i].kind);
          /* out_kind is optional */
          g_assert_true (iv_validate_invoice (cases[i].code, cases[i].number, NULL, NULL));
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, IV_VALIDATE_ERROR, cases[i].error_code);
          g_assert_cmpint (kind, ==, 99);
          if (cases[i].message != NULL)
            g_assert_cmpstr (error->message, ==, cases[i].message);
        }
    }
}

static void
test_mobile (void)
{
  static const Case cases[] = {
    { "13800138000", VALID, NULL },
    { "19912345678", VALID, NULL },
    { "17012345678", VALID, NULL },
    { "15000000000", VALID, NULL },
    { "", IV_VALIDATE_ERROR_EMPTY, "Enter a phone number" },
    { NULL, IV_VALIDATE_ERROR_EMPTY, NULL },
    { "12345678901", IV_VALIDATE_ERROR_FORMAT, "A mobile number starts with 13 to 19" },
    { "10012345678", IV_VALIDATE_ERROR_FORMAT, NULL },
    { "23800138000", IV_VALIDATE_ERROR_FORMAT, NULL },
    { "1380013800", IV_VALIDATE_ERROR_LENGTH, "The mobile number has 10 digits; it needs 11" },
    { "138001380001", IV_VALIDATE_ERROR_LENGTH, "The mobile number has 12 digits; it needs 11" },
    { "138-0013-8000", IV_VALIDATE_ERROR_CHARACTER, "A mobile number can only contain the digits 0 to 9" },
    { "+8613800138000", IV_VALIDATE_ERROR_CHARACTER, NULL },
    { "138 0013 8000", IV_VALIDATE_ERROR_CHARACTER, NULL },
    { "１３８００１３８０００", IV_VALIDATE_ERROR_CHARACTER, NULL },
  };

  run_cases ("mobile", iv_validate_mobile_phone, cases, G_N_ELEMENTS (cases));
}

static void
test_landline (void)
{
  static const Case cases[] = {
    { "021-12345678", VALID, NULL },
    { "010-1234567", VALID, NULL },
    { "0571-87654321", VALID, NULL },
    { "0755-1234567", VALID, NULL },
    { "021-12345678-1", VALID, NULL },
    { "021-12345678-123", VALID, NULL },
    { "021-12345678-123456", VALID, NULL },
    { "", IV_VALIDATE_ERROR_EMPTY, "Enter a phone number" },
    { "21-12345678", IV_VALIDATE_ERROR_FORMAT,
      "A landline number starts with the area code, which starts with 0, like 021-12345678" },
    { "02112345678", IV_VALIDATE_ERROR_FORMAT,
      "Write the area code of 3 or 4 digits, a “-”, then the number, like 021-12345678" },
    { "02-12345678", IV_VALIDATE_ERROR_FORMAT, NULL },
    { "02155-12345678", IV_VALIDATE_ERROR_FORMAT, NULL },
    { "021-123456", IV_VALIDATE_ERROR_FORMAT,
      "The number after the area code has 7 or 8 digits, like 021-12345678" },
    { "021-123456789", IV_VALIDATE_ERROR_FORMAT, NULL },
    { "021-", IV_VALIDATE_ERROR_FORMAT, NULL },
    { "021--12345678", IV_VALIDATE_ERROR_FORMAT, NULL },
    { "021-12345678-", IV_VALIDATE_ERROR_FORMAT,
      "An extension has 1 to 6 digits, like 021-12345678-123" },
    { "021-12345678-1234567", IV_VALIDATE_ERROR_FORMAT, NULL },
    { "021-12345678-12-3", IV_VALIDATE_ERROR_FORMAT, NULL },
    { "021 12345678", IV_VALIDATE_ERROR_CHARACTER,
      "A landline number can only contain digits and “-”" },
    { "(021)12345678", IV_VALIDATE_ERROR_CHARACTER, NULL },
  };

  run_cases ("landline", iv_validate_landline_phone, cases, G_N_ELEMENTS (cases));
}

static void
test_phone (void)
{
  static const Case cases[] = {
    { "13800138000", VALID, NULL },
    { "021-12345678", VALID, NULL },
    { "0571-87654321-88", VALID, NULL },
    { "", IV_VALIDATE_ERROR_EMPTY, NULL },
    /* judged as what it looks like */
    { "021-123", IV_VALIDATE_ERROR_FORMAT,
      "The number after the area code has 7 or 8 digits, like 021-12345678" },
    { "02112345678", IV_VALIDATE_ERROR_FORMAT, NULL },
    { "1380013800", IV_VALIDATE_ERROR_LENGTH, "The mobile number has 10 digits; it needs 11" },
    { "12345678", IV_VALIDATE_ERROR_LENGTH, NULL },
  };

  run_cases ("phone", iv_validate_phone, cases, G_N_ELEMENTS (cases));
}

static gboolean
validate_date (const char  *text,
               GError     **error)
{
  return iv_validate_date (text, NULL, error);
}

static void
test_date (void)
{
  static const Case cases[] = {
    { "2026-11-28", VALID, NULL },
    { "2024-02-29", VALID, NULL },
    { "2000-02-29", VALID, NULL },
    { "2026-12-31", VALID, NULL },
    { "0001-01-01", VALID, NULL },
    { "2023-02-29", IV_VALIDATE_ERROR_RANGE, "2023-02 has no day 29; it has 28 days" },
    { "1900-02-29", IV_VALIDATE_ERROR_RANGE, NULL },
    { "2026-04-31", IV_VALIDATE_ERROR_RANGE, "2026-04 has no day 31; it has 30 days" },
    { "2026-01-00", IV_VALIDATE_ERROR_RANGE, NULL },
    { "2026-01-32", IV_VALIDATE_ERROR_RANGE, NULL },
    { "2026-13-01", IV_VALIDATE_ERROR_RANGE, "There is no month 13; months go from 1 to 12" },
    { "2026-00-10", IV_VALIDATE_ERROR_RANGE, NULL },
    { "0000-01-01", IV_VALIDATE_ERROR_RANGE, "There is no year 0" },
    { "", IV_VALIDATE_ERROR_EMPTY, "Enter a date" },
    { NULL, IV_VALIDATE_ERROR_EMPTY, NULL },
    { "2026-1-5", IV_VALIDATE_ERROR_FORMAT, "Write the date as year-month-day, like 2026-11-28" },
    { "2026/11/28", IV_VALIDATE_ERROR_FORMAT, NULL },
    { "20261128", IV_VALIDATE_ERROR_FORMAT, NULL },
    { "2026-11-28T00:00", IV_VALIDATE_ERROR_FORMAT, NULL },
    { " 2026-11-28", IV_VALIDATE_ERROR_FORMAT, NULL },
    { "２０２６-11-28", IV_VALIDATE_ERROR_FORMAT, NULL },
    { "2026-+1-28", IV_VALIDATE_ERROR_FORMAT, NULL },
    { "2026年11月28日", IV_VALIDATE_ERROR_FORMAT, NULL },
  };
  g_autoptr(GError) error = NULL;
  GDate date;

  run_cases ("date", validate_date, cases, G_N_ELEMENTS (cases));

  g_date_clear (&date, 1);
  g_assert_true (iv_validate_date ("2024-02-29", &date, &error));
  g_assert_no_error (error);
  g_assert_true (g_date_valid (&date));
  g_assert_cmpuint (g_date_get_year (&date), ==, 2024);
  g_assert_cmpuint (g_date_get_month (&date), ==, G_DATE_FEBRUARY);
  g_assert_cmpuint (g_date_get_day (&date), ==, 29);
}

static void
test_date_chinese (void)
{
  g_autofree char *a = iv_date_format_chinese ("2026-11-28");
  g_autofree char *b = iv_date_format_chinese ("2026-01-05");
  g_autofree char *c = iv_date_format_chinese ("2024-02-29");

  g_assert_cmpstr (a, ==, "2026年11月28日");
  g_assert_cmpstr (b, ==, "2026年1月5日");
  g_assert_cmpstr (c, ==, "2024年2月29日");
  g_assert_null (iv_date_format_chinese ("2023-02-29"));
  g_assert_null (iv_date_format_chinese ("28/11/2026"));
  g_assert_null (iv_date_format_chinese (""));
  g_assert_null (iv_date_format_chinese (NULL));
}

typedef struct {
  const char *text;
  guint       min, max;
  gint        code;
  const char *message;
} TextCase;

static void
test_text (void)
{
  g_autofree char *long_ok = g_strnfill (200, 'a');
  g_autofree char *long_bad = g_strnfill (201, 'a');
  const TextCase cases[] = {
    { "科技创新券", 1, 5, VALID, NULL },                /* 5 characters, 15 bytes */
    { "科技创新券！", 1, 5, IV_VALIDATE_ERROR_TOO_LONG, "Shorten this to 5 characters; it has 6" },
    { "  abc  ", 3, 3, VALID, NULL },
    { "\u3000abc\u3000", 3, 3, VALID, NULL },
    { "abc\r\n", 3, 3, VALID, NULL },
    { "line one\nline two", 1, 20, VALID, NULL },
    { "😀😀", 2, 2, VALID, NULL },
    { "", 0, 10, VALID, NULL },
    { NULL, 0, 10, VALID, NULL },
    { "", 1, 10, IV_VALIDATE_ERROR_EMPTY, "This cannot be empty" },
    { "  \n ", 1, 10, IV_VALIDATE_ERROR_EMPTY, NULL },
    { NULL, 1, 10, IV_VALIDATE_ERROR_EMPTY, NULL },
    { "ab", 3, 10, IV_VALIDATE_ERROR_LENGTH, "Write at least 3 characters; this has 2" },
    { "a", 1, 1, VALID, NULL },
    { "ab", 1, 1, IV_VALIDATE_ERROR_TOO_LONG, "Shorten this to 1 character; it has 2" },
    { "a\tb", 1, 10, IV_VALIDATE_ERROR_CHARACTER, "This contains a character that cannot be shown" },
    { "a\rb", 1, 10, IV_VALIDATE_ERROR_CHARACTER, NULL },
    { "a\x01z", 1, 10, IV_VALIDATE_ERROR_CHARACTER, NULL },
    { "a\x7f", 1, 10, IV_VALIDATE_ERROR_CHARACTER, NULL },
    { "a\xc2\x85" "b", 1, 10, IV_VALIDATE_ERROR_CHARACTER, NULL },
    { "\xe4\xb8", 0, 10, IV_VALIDATE_ERROR_CHARACTER, NULL },
    { long_ok, 1, 200, VALID, NULL },
    { long_bad, 1, 200, IV_VALIDATE_ERROR_TOO_LONG, "Shorten this to 200 characters; it has 201" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = iv_validate_text (cases[i].text, cases[i].min, cases[i].max, &error);
      Case c = { cases[i].text, cases[i].code, cases[i].message };

      check_case ("text", ok, error, &c);
    }
}

static void
test_team_account (void)
{
  static const Case cases[] = {
    { "team-abc", VALID, NULL },
    { "team-a1-b2", VALID, NULL },
    { "team-" "abcdefghijklmnopqrstuvwxyz012345", VALID, NULL },     /* 32 */
    { "team-ab", IV_VALIDATE_ERROR_LENGTH, "After “team-” a team account has 3 to 32 characters" },
    { "team-" "abcdefghijklmnopqrstuvwxyz0123456", IV_VALIDATE_ERROR_LENGTH, NULL },  /* 33 */
    { "team-", IV_VALIDATE_ERROR_LENGTH, NULL },
    { "Team-abc", IV_VALIDATE_ERROR_FORMAT, "A team account starts with “team-”" },
    { "teamabc", IV_VALIDATE_ERROR_FORMAT, NULL },
    { "team-ABC", IV_VALIDATE_ERROR_CHARACTER,
      "A team account can only contain lower-case letters a to z, digits and “-”" },
    { "team-a_b", IV_VALIDATE_ERROR_CHARACTER, NULL },
    { "team-中文队", IV_VALIDATE_ERROR_CHARACTER, NULL },
    { "team-abc ", IV_VALIDATE_ERROR_CHARACTER, NULL },
    { "", IV_VALIDATE_ERROR_EMPTY, "Enter the team account" },
    { NULL, IV_VALIDATE_ERROR_EMPTY, NULL },
  };

  run_cases ("team account", iv_validate_team_account, cases, G_N_ELEMENTS (cases));
}

/* The zh_CN part of the translations, compiled on the fly, gives the
 * user Chinese messages, plural forms and format strings included. */
static void
test_translated (void)
{
  const char *source_root = g_getenv ("MESON_SOURCE_ROOT");
  g_autofree char *msgfmt = g_find_program_in_path ("msgfmt");
  g_autofree char *po = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *lc_dir = NULL;
  g_autofree char *mo_dir = NULL;
  g_autofree char *mo = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (source_root == NULL || msgfmt == NULL || setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
    {
      setlocale (LC_ALL, "C.UTF-8");
      g_test_skip ("needs msgfmt and the zh_CN.UTF-8 locale");
      return;
    }

  po = g_build_filename (source_root, "po", "parts", "domain-rules.po", NULL);
  dir = g_dir_make_tmp ("iv-validate-XXXXXX", &error);
  g_assert_no_error (error);
  lc_dir = g_build_filename (dir, "zh_CN", NULL);
  mo_dir = g_build_filename (lc_dir, "LC_MESSAGES", NULL);
  g_assert_cmpint (g_mkdir_with_parents (mo_dir, 0700), ==, 0);
  mo = g_build_filename (mo_dir, GETTEXT_PACKAGE ".mo", NULL);
  {
    const char *argv[] = { msgfmt, "--check", "-o", mo, po, NULL };
    g_autofree char *messages = NULL;

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &messages, &status, &error);
    g_assert_no_error (error);
    if (!g_spawn_check_wait_status (status, &error))
      g_test_message ("%s", messages);
    g_assert_no_error (error);
  }

  g_unsetenv ("LANGUAGE");
  bindtextdomain (GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  g_assert_false (iv_validate_credit_code ("91310000MA1FL4WR6M", &error));
  g_assert_cmpstr (error->message, ==, "校验码应为 Y");
  g_clear_error (&error);
  g_assert_false (iv_validate_credit_code ("91310000MA1FL4WR6", &error));
  g_assert_cmpstr (error->message, ==, "信用代码有 17 位，应为 18 位");
  g_clear_error (&error);
  g_assert_false (iv_validate_credit_code ("9131000OMA1FL4WR6Y", &error));
  g_assert_cmpstr (error->message, ==, "信用代码不使用“O”（第 8 位），是否应为“0”？");
  g_clear_error (&error);
  g_assert_false (iv_validate_date ("2023-02-29", NULL, &error));
  g_assert_cmpstr (error->message, ==, "2023-02 没有 29 日，该月只有 28 天");
  g_clear_error (&error);
  g_assert_false (iv_validate_text ("科技创新券！", 1, 5, &error));
  g_assert_cmpstr (error->message, ==, "请缩短到 5 个字以内，现有 6 个字");
  g_clear_error (&error);

  setlocale (LC_ALL, "C.UTF-8");
  g_remove (mo);
  g_rmdir (mo_dir);
  g_rmdir (lc_dir);
  g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* English source messages, whatever the machine's locale */
  setlocale (LC_ALL, "C.UTF-8");

  g_test_add_func ("/validate/credit-code", test_credit_code);
  g_test_add_func ("/validate/credit-code/check-char", test_credit_code_check_char);
  g_test_add_func ("/validate/invoice", test_invoice);
  g_test_add_func ("/validate/phone/mobile", test_mobile);
  g_test_add_func ("/validate/phone/landline", test_landline);
  g_test_add_func ("/validate/phone/either", test_phone);
  g_test_add_func ("/validate/date", test_date);
  g_test_add_func ("/validate/date/chinese", test_date_chinese);
  g_test_add_func ("/validate/text", test_text);
  g_test_add_func ("/validate/team-account", test_team_account);
  g_test_add_func ("/validate/translated", test_translated);

  return g_test_run ();
}
