/* test-uppercase.c: the uppercase amount (人民币大写) by Chinese financial rules */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib.h>

#include "iv-money.h"

typedef struct {
  gint64      fen;
  const char *text;
} UpperCase;

/* Cases marked "standard" are the examples of 《支付结算办法》附一 */
static const UpperCase cases[] = {
  /* 0.00 and fractions only */
  { 0, "人民币零元整" },
  { 1, "人民币壹分" },
  { 5, "人民币伍分" },
  { 10, "人民币壹角" },
  { 50, "人民币伍角" },                                   /* domain.md */
  { 56, "人民币伍角陆分" },
  /* yuan with 角/分 */
  { 100, "人民币壹元整" },
  { 105, "人民币壹元零伍分" },
  { 150, "人民币壹元伍角" },
  { 1001, "人民币壹拾元零壹分" },
  { 1050, "人民币壹拾元伍角" },
  { 32504, "人民币叁佰贰拾伍元零肆分" },                   /* standard */
  { 168032, "人民币壹仟陆佰捌拾元叁角贰分" },              /* standard, form without 零 */
  /* tens: always 壹拾 */
  { 1000, "人民币壹拾元整" },
  { 1500, "人民币壹拾伍元整" },
  { 11000, "人民币壹佰壹拾元整" },
  { 101000, "人民币壹仟零壹拾元整" },
  /* zeros inside a section */
  { 10100, "人民币壹佰零壹元整" },
  { 100500, "人民币壹仟零伍元整" },                        /* domain.md */
  { 140950, "人民币壹仟肆佰零玖元伍角" },                  /* standard */
  { 600714, "人民币陆仟零柒元壹角肆分" },                  /* standard */
  { 1640902, "人民币壹万陆仟肆佰零玖元零贰分" },           /* standard */
  /* the 万 boundary */
  { 1000000, "人民币壹万元整" },
  { 1000100, "人民币壹万零壹元整" },
  { 1001000, "人民币壹万零壹拾元整" },
  { 4000000, "人民币肆万元整" },                           /* domain.md */
  { 1234567, "人民币壹万贰仟叁佰肆拾伍元陆角柒分" },       /* domain.md */
  { 10000000, "人民币壹拾万元整" },
  { 10700053, "人民币壹拾万柒仟元伍角叁分" },              /* standard, form without 零 */
  { 100000000, "人民币壹佰万元整" },
  { 100000100, "人民币壹佰万零壹元整" },
  { 100500000, "人民币壹佰万伍仟元整" },
  { 1000000000, "人民币壹仟万元整" },
  { 9999999900, "人民币玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元整" },
  /* the 亿 boundary */
  { 10000000000, "人民币壹亿元整" },
  { 10000000100, "人民币壹亿零壹元整" },
  { 10000500000, "人民币壹亿零伍仟元整" },
  { 10001000000, "人民币壹亿零壹万元整" },
  { 10700000000, "人民币壹亿零柒佰万元整" },
  { 11000000000, "人民币壹亿壹仟万元整" },
  { 100100000000, "人民币壹拾亿零壹佰万元整" },
  { 200000030550, "人民币贰拾亿零叁佰零伍元伍角" },
  /* up to 万亿 */
  { 100000000000000, "人民币壹万亿元整" },
  { 100000000000001, "人民币壹万亿元零壹分" },
  { 100000001000000, "人民币壹万亿零壹万元整" },
  { 100010000000000, "人民币壹万零壹亿元整" },
  { 123450000000000, "人民币壹万贰仟叁佰肆拾伍亿元整" },
  { IV_MONEY_MAX_FEN, "人民币玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分" },
};

static void
test_table (void)
{
  g_assert_cmpuint (G_N_ELEMENTS (cases), >=, 30);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = iv_money_format_uppercase (cases[i].fen, &error);

      g_test_message ("%" G_GINT64_FORMAT " fen", cases[i].fen);
      g_assert_no_error (error);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_out_of_range (void)
{
  g_autoptr(GError) error = NULL;
  char *text;

  text = iv_money_format_uppercase (-1, &error);
  g_assert_null (text);
  g_assert_error (error, IV_MONEY_ERROR, IV_MONEY_ERROR_NEGATIVE);
  g_assert_cmpstr (error->message, ==, "A negative amount cannot be written in Chinese capitals");
  g_clear_error (&error);

  text = iv_money_format_uppercase (IV_MONEY_MAX_FEN + 1, &error);
  g_assert_null (text);
  g_assert_error (error, IV_MONEY_ERROR, IV_MONEY_ERROR_OVERFLOW);
  g_assert_cmpstr (error->message, ==, "The amount is too large to write in Chinese capitals");
  g_clear_error (&error);

  text = iv_money_format_uppercase (G_MAXINT64, &error);
  g_assert_null (text);
  g_assert_error (error, IV_MONEY_ERROR, IV_MONEY_ERROR_OVERFLOW);
}

static const char *const upper_digits[] = { "零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖" };

/* An independent reader of 大写, the way a bank clerk adds it up */
static gint64
read_uppercase (const char *text)
{
  gint64 total = 0, below_yi = 0, section = 0, number = 0;
  gint64 yuan = 0, jiao = 0, cents = 0;
  const char *p;

  g_assert_true (g_str_has_prefix (text, "人民币"));
  for (p = text + strlen ("人民币"); *p != '\0'; p = g_utf8_next_char (p))
    {
      char ch[8] = { 0 };
      gboolean digit = FALSE;

      g_unichar_to_utf8 (g_utf8_get_char (p), ch);
      for (gint d = 0; d < 10; d++)
        if (strcmp (ch, upper_digits[d]) == 0)
          {
            number = d;
            digit = TRUE;
          }
      if (digit)
        continue;

      if (strcmp (ch, "拾") == 0)
        section += number * 10, number = 0;
      else if (strcmp (ch, "佰") == 0)
        section += number * 100, number = 0;
      else if (strcmp (ch, "仟") == 0)
        section += number * 1000, number = 0;
      else if (strcmp (ch, "万") == 0)
        below_yi += (section + number) * 10000, section = number = 0;
      else if (strcmp (ch, "亿") == 0)
        total = (total + below_yi + section + number) * 100000000, below_yi = section = number = 0;
      else if (strcmp (ch, "元") == 0)
        yuan = total + below_yi + section + number, total = below_yi = section = number = 0;
      else if (strcmp (ch, "角") == 0)
        jiao = number, number = 0;
      else if (strcmp (ch, "分") == 0)
        cents = number, number = 0;
      else if (strcmp (ch, "整") == 0)
        g_assert_cmpstr (g_utf8_next_char (p), ==, "");
      else
        g_error ("unexpected “%s” in %s", ch, text);
    }

  return yuan * 100 + jiao * 10 + cents;
}

/* A random amount with runs of zeros, from 1 to 15 digits */
static gint64
random_amount (void)
{
  guint n_digits = (guint) g_test_rand_int_range (1, 16);
  gboolean zero_heavy = g_test_rand_bit ();
  gint64 fen = 0;

  for (guint i = 0; i < n_digits; i++)
    fen = fen * 10 + (zero_heavy && g_test_rand_int_range (0, 3) > 0 ? 0 : g_test_rand_int_range (0, 10));
  return fen;
}

/* Replace each spoken numeral by its 大写 twin */
static char *
spoken_to_upper (const char *spoken)
{
  static const char *const pairs[][2] = {
    { "一", "壹" }, { "二", "贰" }, { "三", "叁" }, { "四", "肆" }, { "五", "伍" },
    { "六", "陆" }, { "七", "柒" }, { "八", "捌" }, { "九", "玖" }, { "十", "拾" },
    { "百", "佰" }, { "千", "仟" },
  };
  g_autoptr(GString) out = g_string_new (spoken);

  for (gsize i = 0; i < G_N_ELEMENTS (pairs); i++)
    g_string_replace (out, pairs[i][0], pairs[i][1], 0);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Properties that must hold for every amount: it reads back to the same
 * value, 零 is never doubled, never before a unit and never at the end,
 * 整 exactly when there are no 角 and 分, every 拾 has its digit, and
 * the spoken reading says the same thing. */
static void
test_properties (void)
{
  for (guint i = 0; i < 30000; i++)
    {
      gint64 fen = random_amount ();
      g_autoptr(GError) error = NULL;
      g_autofree char *text = iv_money_format_uppercase (fen, &error);
      g_autofree char *spoken = iv_money_format_spoken (fen);
      g_autofree char *spoken_upper = spoken_to_upper (spoken);
      const char *body;

      g_assert_no_error (error);
      g_assert_nonnull (text);

      g_assert_cmpint (read_uppercase (text), ==, fen);
      g_assert_null (strstr (text, "零零"));
      g_assert_null (strstr (text, "零万"));
      g_assert_null (strstr (text, "零亿"));
      g_assert_null (strstr (text, "零角"));
      g_assert_null (strstr (text, "零分"));
      g_assert_null (strstr (text, "亿万"));
      g_assert_false (g_str_has_suffix (text, "零"));
      if (fen >= 100)
        g_assert_null (strstr (text, "零元"));
      g_assert_cmpint (g_str_has_suffix (text, "整"), ==, fen % 100 == 0);
      g_assert_cmpint (g_str_has_suffix (text, "分"), ==, fen % 10 != 0);

      for (const char *p = strstr (text, "拾"); p != NULL; p = strstr (p + 1, "拾"))
        {
          const char *before = g_utf8_prev_char (p);
          gboolean has_digit = FALSE;

          for (gint d = 1; d < 10; d++)
            has_digit |= strncmp (before, upper_digits[d], strlen (upper_digits[d])) == 0;
          g_assert_true (has_digit);
        }

      body = text + strlen ("人民币");
      if (g_str_has_prefix (body, "壹拾"))
        g_assert_cmpstr (spoken_upper, ==, body + strlen ("壹"));
      else
        g_assert_cmpstr (spoken_upper, ==, body);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "C.UTF-8");

  g_test_add_func ("/uppercase/table", test_table);
  g_test_add_func ("/uppercase/out-of-range", test_out_of_range);
  g_test_add_func ("/uppercase/properties", test_properties);

  return g_test_run ();
}
