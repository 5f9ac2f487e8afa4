/* fuzz-validate.c: libFuzzer target for the validators */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "iv-validate.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* A refusal always says why, in valid UTF-8, in our domain */
static void
check_result (gboolean  ok,
              GError   *error)
{
  if (ok)
    {
      g_assert (error == NULL);
      return;
    }
  g_assert (error != NULL);
  g_assert (error->domain == IV_VALIDATE_ERROR);
  g_assert (error->code >= IV_VALIDATE_ERROR_EMPTY && error->code <= IV_VALIDATE_ERROR_TOO_LONG);
  g_assert (error->message != NULL && error->message[0] != '\0');
  g_assert (g_utf8_validate (error->message, -1, NULL));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  const char *bar;
  gboolean ok, mobile, landline;
  IvInvoiceKind kind;
  GDate date;

  /* 统一社会信用代码: valid means 18 characters ending in the check char */
  ok = iv_validate_credit_code (text, &error);
  check_result (ok, error);
  g_clear_error (&error);
  if (ok)
    g_assert (strlen (text) == 18 && iv_credit_code_check_char (text) == text[17]);
  (void) iv_credit_code_check_char (text);

  /* invoice: "code|number" */
  bar = strchr (text, '|');
  if (bar != NULL)
    {
      g_autofree char *code = g_strndup (text, (gsize) (bar - text));

      ok = iv_validate_invoice (code, bar + 1, &kind, &error);
      check_result (ok, error);
      g_clear_error (&error);
      if (ok)
        g_assert (kind == IV_INVOICE_KIND_DIGITAL ? strlen (bar + 1) == 20 && code[0] == '\0'
                                                  : strlen (bar + 1) == 8);
    }
  ok = iv_validate_invoice (NULL, text, NULL, &error);
  check_result (ok, error);
  g_clear_error (&error);

  /* phones: either kind is a phone */
  mobile = iv_validate_mobile_phone (text, &error);
  check_result (mobile, error);
  g_clear_error (&error);
  landline = iv_validate_landline_phone (text, &error);
  check_result (landline, error);
  g_clear_error (&error);
  g_assert (!(mobile && landline));
  ok = iv_validate_phone (text, &error);
  check_result (ok, error);
  g_clear_error (&error);
  g_assert (ok == (mobile || landline));

  /* dates: valid exactly when the Chinese form exists */
  g_date_clear (&date, 1);
  ok = iv_validate_date (text, &date, &error);
  check_result (ok, error);
  g_clear_error (&error);
  {
    g_autofree char *chinese = iv_date_format_chinese (text);

    g_assert (ok == (chinese != NULL));
    if (ok)
      g_assert (g_date_valid (&date));
  }

  /* text, with bounds taken from the first two bytes */
  if (size >= 2)
    {
      guint min_chars = data[0] % 8;
      guint max_chars = min_chars + data[1];

      ok = iv_validate_text (strlen (text) >= 2 ? text + 2 : "", min_chars, max_chars, &error);
      check_result (ok, error);
      g_clear_error (&error);
    }

  ok = iv_validate_team_account (text, &error);
  check_result (ok, error);
  g_clear_error (&error);
  if (ok)
    g_assert (g_str_has_prefix (text, "team-"));

  return 0;
}
