/* iv-money.c: parsing and formatting money held as gint64 fen */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "iv-money.h"

G_DEFINE_QUARK (iv-money-error-quark, iv_money_error)

/* Markers for the currency sign and 元 in the normalised text; they can
 * never come from the input because control characters are rejected. */
#define MARK_CURRENCY '\x01'
#define MARK_YUAN     '\x02'

#define WAN G_GUINT64_CONSTANT (10000)
#define YI  G_GUINT64_CONSTANT (100000000)

/* One set of numerals: 大写 for documents, 小写 for a spoken reading */
typedef struct {
  const char *digits[10];
  const char *units[4];        /* "", 十, 百, 千 */
  const char *wan;
  const char *yi;
  const char *yuan;
  const char *jiao;
  const char *fen;
  const char *whole;
  gboolean    short_ten;       /* "十万" rather than "一十万" at the start */
} Numerals;

static const Numerals uppercase_numerals = {
  { "零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖" },
  { "", "拾", "佰", "仟" },
  "万", "亿", "元", "角", "分", "整",
  FALSE,                        /* financial rule: always 壹拾 */
};

static const Numerals spoken_numerals = {
  { "零", "一", "二", "三", "四", "五", "六", "七", "八", "九" },
  { "", "十", "百", "千" },
  "万", "亿", "元", "角", "分", "整",
  TRUE,
};

/* 1..9999; zeros between digits give one 零, trailing zeros give none */
static void
spell_section (GString        *out,
               guint           n,
               gboolean        leading,
               const Numerals *numerals)
{
  static const guint powers[4] = { 1, 10, 100, 1000 };
  gboolean started = FALSE;
  gboolean pending_zero = FALSE;

  g_assert (n > 0 && n < 10000);

  for (int pos = 3; pos >= 0; pos--)
    {
      guint d = (n / powers[pos]) % 10;

      if (d == 0)
        {
          pending_zero = started;
          continue;
        }

      if (pending_zero)
        g_string_append (out, numerals->digits[0]);
      pending_zero = FALSE;

      if (!(pos == 1 && d == 1 && leading && !started && numerals->short_ten))
        g_string_append (out, numerals->digits[d]);
      g_string_append (out, numerals->units[pos]);
      started = TRUE;
    }
}

/* n > 0: split at 亿, then at 万; a gap of zeros at the start of the lower
 * part is one 零 (壹亿零壹万, 壹万零伍拾) */
static void
spell_number (GString        *out,
              guint64         n,
              gboolean        leading,
              const Numerals *numerals)
{
  g_assert (n > 0);

  if (n >= YI)
    {
      guint64 high = n / YI;
      guint64 low = n % YI;

      spell_number (out, high, leading, numerals);
      g_string_append (out, numerals->yi);
      if (low > 0)
        {
          if (low < YI / 10)
            g_string_append (out, numerals->digits[0]);
          spell_number (out, low, FALSE, numerals);
        }
    }
  else if (n >= WAN)
    {
      guint high = (guint) (n / WAN);
      guint low = (guint) (n % WAN);

      spell_section (out, high, leading, numerals);
      g_string_append (out, numerals->wan);
      if (low > 0)
        {
          if (low < WAN / 10)
            g_string_append (out, numerals->digits[0]);
          spell_section (out, low, FALSE, numerals);
        }
    }
  else
    {
      spell_section (out, (guint) n, leading, numerals);
    }
}

/* The rules of 《支付结算办法》 (附一 正确填写票据和结算凭证的基本规定),
 * choosing where they leave a choice:
 * - 整 after 元 when there are no 角 and no 分; nothing after 角 (¥0.50 is
 *   人民币伍角, as the design documents show);
 * - 零 between 元 and 分 when 角 is 0 (壹元零伍分), none between 元 and 角
 *   (壹拾元伍角);
 * - no 零元 before 角/分 when there are no yuan (伍分), but 零元整 for 0. */
static void
spell_amount (GString        *out,
              guint64         fen,
              const Numerals *numerals)
{
  guint64 yuan = fen / 100;
  guint jiao = (guint) ((fen / 10) % 10);
  guint cents = (guint) (fen % 10);

  if (yuan > 0)
    {
      spell_number (out, yuan, TRUE, numerals);
      g_string_append (out, numerals->yuan);
    }

  if (jiao == 0 && cents == 0)
    {
      if (yuan == 0)
        {
          g_string_append (out, numerals->digits[0]);
          g_string_append (out, numerals->yuan);
        }
      g_string_append (out, numerals->whole);
      return;
    }

  if (jiao > 0)
    {
      g_string_append (out, numerals->digits[jiao]);
      g_string_append (out, numerals->jiao);
    }
  else if (yuan > 0)
    {
      g_string_append (out, numerals->digits[0]);
    }

  if (cents > 0)
    {
      g_string_append (out, numerals->digits[cents]);
      g_string_append (out, numerals->fen);
    }
}

/* Magnitude without overflow, G_MININT64 included */
static guint64
magnitude (gint64 fen)
{
  return fen < 0 ? (guint64) (-(fen + 1)) + 1 : (guint64) fen;
}

static char *
format_grouped (gint64      fen,
                const char *sign)
{
  guint64 abs_fen = magnitude (fen);
  char digits[32];
  GString *out = g_string_new (fen < 0 ? "-" : "");
  gsize n_digits;

  g_string_append (out, sign);
  n_digits = (gsize) g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, abs_fen / 100);
  for (gsize i = 0; i < n_digits; i++)
    {
      if (i > 0 && (n_digits - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  g_string_append_printf (out, ".%02u", (guint) (abs_fen % 100));

  return g_string_free (out, FALSE);
}

static void
set_invalid_char (GError   **error,
                  gunichar   c)
{
  char utf8[8] = { 0 };

  if (g_unichar_isspace (c))
    {
      g_set_error_literal (error, IV_MONEY_ERROR, IV_MONEY_ERROR_INVALID,
                           _("Remove the spaces inside the amount"));
      return;
    }
  if (g_unichar_iscntrl (c) || !g_unichar_isprint (c))
    {
      g_set_error_literal (error, IV_MONEY_ERROR, IV_MONEY_ERROR_INVALID,
                           _("The amount contains a character that cannot be shown"));
      return;
    }

  g_unichar_to_utf8 (c, utf8);
  g_set_error (error, IV_MONEY_ERROR, IV_MONEY_ERROR_INVALID,
               _("“%s” cannot be used in an amount"), utf8);
}

static void
set_malformed (GError **error)
{
  g_set_error_literal (error, IV_MONEY_ERROR, IV_MONEY_ERROR_INVALID,
                       _("Write the amount in digits, like 1,234.56"));
}

/* Full-width forms and the currency marks to plain ASCII; any other
 * character is an error that names it. */
static char *
normalise (const char  *text,
           GError     **error)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0xFF10 && c <= 0xFF19)         /* ０..９ */
        g_string_append_c (out, (char) ('0' + (c - 0xFF10)));
      else if (c == 0xFF0E)                   /* ． */
        g_string_append_c (out, '.');
      else if (c == 0xFF0C)                   /* ， */
        g_string_append_c (out, ',');
      else if (c == 0xFF0D || c == 0x2212)    /* －, − */
        g_string_append_c (out, '-');
      else if (c == 0x00A5 || c == 0xFFE5)    /* ¥, ￥ */
        g_string_append_c (out, MARK_CURRENCY);
      else if (c == 0x5143)                   /* 元 */
        g_string_append_c (out, MARK_YUAN);
      else if (c < 0x80 && (g_ascii_isdigit (c) || c == '.' || c == ',' || c == '-'))
        g_string_append_c (out, (char) c);
      else if (g_unichar_isspace (c))
        g_string_append_c (out, ' ');
      else
        {
          set_invalid_char (error, c);
          return NULL;
        }
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* memchr over [start, end) */
static const char *
find_char (const char *start,
           const char *end,
           char        c)
{
  for (const char *p = start; p < end; p++)
    if (*p == c)
      return p;
  return NULL;
}

static gboolean
integer_groups_valid (const char *start,
                      const char *end)
{
  const char *p;
  gsize group = 0;
  gboolean first = TRUE;

  if (find_char (start, end, ',') == NULL)
    return TRUE;

  for (p = start; p <= end; p++)
    {
      if (p == end || *p == ',')
        {
          if (first ? (group < 1 || group > 3) : group != 3)
            return FALSE;
          first = FALSE;
          group = 0;
        }
      else
        group++;
    }

  return TRUE;
}

gboolean
iv_money_parse (const char  *text,
                gint64      *out_fen,
                GError     **error)
{
  g_autofree char *norm = NULL;
  const char *p, *end, *dot;
  gboolean negative = FALSE;
  guint64 yuan = 0;
  guint64 fraction = 0;
  gsize n_fraction;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_utf8_validate (text, -1, NULL))
    {
      set_malformed (error);
      return FALSE;
    }

  norm = normalise (text, error);
  if (norm == NULL)
    return FALSE;

  g_strstrip (norm);
  p = norm;
  end = norm + strlen (norm);

  if (p == end)
    {
      g_set_error_literal (error, IV_MONEY_ERROR, IV_MONEY_ERROR_EMPTY,
                           _("Enter an amount"));
      return FALSE;
    }

  /* "-¥1", "¥-1", "¥ 1", "1 元" */
  if (*p == '-')
    {
      negative = TRUE;
      for (p++; *p == ' '; p++);
    }
  if (*p == MARK_CURRENCY)
    for (p++; *p == ' '; p++);
  if (*p == '-' && !negative)
    {
      negative = TRUE;
      for (p++; *p == ' '; p++);
    }
  if (end > p && end[-1] == MARK_YUAN)
    for (end--; end > p && end[-1] == ' '; end--);

  if (p == end)
    {
      g_set_error_literal (error, IV_MONEY_ERROR, IV_MONEY_ERROR_EMPTY,
                           _("Enter an amount"));
      return FALSE;
    }

  for (const char *q = p; q < end; q++)
    {
      if (*q == ' ')
        {
          set_invalid_char (error, ' ');
          return FALSE;
        }
      if (!g_ascii_isdigit (*q) && *q != '.' && *q != ',')
        {
          set_malformed (error);
          return FALSE;
        }
    }

  dot = find_char (p, end, '.');
  if (dot == NULL)
    dot = end;
  n_fraction = dot < end ? (gsize) (end - dot - 1) : 0;

  if ((dot < end && find_char (dot + 1, end, '.') != NULL) ||
      (dot < end && find_char (dot + 1, end, ',') != NULL) ||
      (dot == p && n_fraction == 0))
    {
      set_malformed (error);
      return FALSE;
    }

  if (!integer_groups_valid (p, dot))
    {
      g_set_error_literal (error, IV_MONEY_ERROR, IV_MONEY_ERROR_INVALID,
                           _("Group the digits in threes, like 1,234,567.89"));
      return FALSE;
    }

  if (n_fraction > 2)
    {
      g_set_error_literal (error, IV_MONEY_ERROR, IV_MONEY_ERROR_TOO_MANY_DECIMALS,
                           _("An amount has at most two decimals (fen)"));
      return FALSE;
    }

  for (const char *q = p; q < dot; q++)
    {
      if (*q == ',')
        continue;
      yuan = yuan * 10 + (guint64) (*q - '0');
      if (yuan > (guint64) IV_MONEY_MAX_FEN / 100)
        {
          g_autofree char *max = iv_money_format (IV_MONEY_MAX_FEN);

          g_set_error (error, IV_MONEY_ERROR, IV_MONEY_ERROR_OVERFLOW,
                       _("The amount is too large; the most is %s"), max);
          return FALSE;
        }
    }

  for (gsize i = 0; i < 2; i++)
    fraction = fraction * 10 + (i < n_fraction ? (guint64) (dot[1 + i] - '0') : 0);

  if (negative)
    {
      g_set_error_literal (error, IV_MONEY_ERROR, IV_MONEY_ERROR_NEGATIVE,
                           _("An amount cannot be negative"));
      return FALSE;
    }

  if (out_fen != NULL)
    *out_fen = (gint64) (yuan * 100 + fraction);

  return TRUE;
}

char *
iv_money_format (gint64 fen)
{
  return format_grouped (fen, "¥");
}

char *
iv_money_format_plain (gint64 fen)
{
  return format_grouped (fen, "");
}

char *
iv_money_format_uppercase (gint64   fen,
                           GError **error)
{
  GString *out;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (fen < 0)
    {
      g_set_error_literal (error, IV_MONEY_ERROR, IV_MONEY_ERROR_NEGATIVE,
                           _("A negative amount cannot be written in Chinese capitals"));
      return NULL;
    }
  if (fen > IV_MONEY_MAX_FEN)
    {
      g_set_error_literal (error, IV_MONEY_ERROR, IV_MONEY_ERROR_OVERFLOW,
                           _("The amount is too large to write in Chinese capitals"));
      return NULL;
    }

  out = g_string_new ("人民币");
  spell_amount (out, (guint64) fen, &uppercase_numerals);

  return g_string_free (out, FALSE);
}

char *
iv_money_format_spoken (gint64 fen)
{
  GString *out = g_string_new (fen < 0 ? "负" : "");

  spell_amount (out, magnitude (fen), &spoken_numerals);

  return g_string_free (out, FALSE);
}
