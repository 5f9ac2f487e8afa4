/* fuzz-money.c: libFuzzer target for parsing and formatting money */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "iv-money.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* Every formatter must give back what the parser reads */
static void
check_formatters (gint64 fen)
{
  g_autofree char *text = iv_money_format (fen);
  g_autofree char *plain = iv_money_format_plain (fen);
  g_autofree char *spoken = iv_money_format_spoken (fen);
  g_autoptr(GError) error = NULL;
  g_autofree char *upper = iv_money_format_uppercase (fen, &error);

  g_assert (text != NULL && plain != NULL && spoken != NULL && spoken[0] != '\0');

  if (fen >= 0 && fen <= IV_MONEY_MAX_FEN)
    {
      gint64 back = -1;

      g_assert (error == NULL);
      g_assert (g_str_has_prefix (upper, "人民币"));
      g_assert (g_utf8_validate (upper, -1, NULL));
      g_assert (strstr (upper, "零零") == NULL);

      g_assert (iv_money_parse (text, &back, NULL) && back == fen);
      back = -1;
      g_assert (iv_money_parse (plain, &back, NULL) && back == fen);
    }
  else
    {
      g_assert (upper == NULL);
      g_assert (error != NULL && error->domain == IV_MONEY_ERROR);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  gint64 fen = -1;

  if (iv_money_parse (text, &fen, &error))
    {
      g_assert (error == NULL);
      g_assert (fen >= 0 && fen <= IV_MONEY_MAX_FEN);
      check_formatters (fen);
    }
  else
    {
      g_assert (error != NULL);
      g_assert (error->domain == IV_MONEY_ERROR);
      g_assert (error->code >= IV_MONEY_ERROR_EMPTY && error->code <= IV_MONEY_ERROR_INVALID);
      g_assert (error->message != NULL && error->message[0] != '\0');
      g_assert (g_utf8_validate (error->message, -1, NULL));
    }

  /* The formatters take any gint64, the extremes included */
  if (size >= sizeof (gint64))
    {
      gint64 value;

      memcpy (&value, data, sizeof value);
      check_formatters (value);
    }

  return 0;
}
