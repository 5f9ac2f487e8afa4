/* test-money.c: parsing, formatting and the spoken reading of money */
#include "config.h"

#include <libintl.h>
#include <locale.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "iv-money.h"

typedef struct {
  const char *text;
  gint64      fen;
} ParseCase;

typedef struct {
  const char *text;
  gint        code;
  const char *message;    /* NULL: only the code is checked */
} RejectCase;

typedef struct {
  gint64      fen;
  const char *text;
} FormatCase;

/* Control characters escaped for the log; UTF-8 text kept as it is */
static char *
escape (const char *text)
{
  char high[129];

  for (guint i = 0; i < 128; i++)
    high[i] = (char) (0x80 + i);
  high[128] = '\0';
  return g_strescape (text, high);
}

static void
test_parse_accepts (void)
{
  static const ParseCase cases[] = {
    { "1234.5", 123450 },
    { "1234.56", 123456 },
    { "1,234.56", 123456 },
    { "1,234", 123400 },
    { "1,000,000", 100000000 },
    { "¥1234", 123400 },
    { "￥1234", 123400 },
    { "¥ 1,234.56", 123456 },
    { "１２３４", 123400 },
    { "１，２３４．５６", 123456 },
    { "￥１２，３４５．６７", 1234567 },
    { "  12 ", 1200 },
    { "\t8\n", 800 },
    { "\u30001234\u3000", 123400 },
    { "1234元", 123400 },
    { "1234 元", 123400 },
    { "¥1,234.56元", 123456 },
    { "0", 0 },
    { "0.00", 0 },
    { "0.01", 1 },
    { "0.1", 10 },
    { ".5", 50 },
    { "5.", 500 },
    { "007", 700 },
    { "40000", 4000000 },
    { "9999999999999.99", IV_MONEY_MAX_FEN },
    { "9,999,999,999,999.99", IV_MONEY_MAX_FEN },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 fen = -1;

      g_autofree char *escaped = escape (cases[i].text);

      g_test_message ("parse “%s”", escaped);
      g_assert_true (iv_money_parse (cases[i].text, &fen, &error));
      g_assert_no_error (error);
      g_assert_cmpint (fen, ==, cases[i].fen);
    }
}

static void
test_parse_rejects (void)
{
  static const RejectCase cases[] = {
    { "", IV_MONEY_ERROR_EMPTY, "Enter an amount" },
    { "   ", IV_MONEY_ERROR_EMPTY, "Enter an amount" },
    { "\u3000", IV_MONEY_ERROR_EMPTY, NULL },
    { "¥", IV_MONEY_ERROR_EMPTY, NULL },
    { "元", IV_MONEY_ERROR_EMPTY, NULL },
    { "-1", IV_MONEY_ERROR_NEGATIVE, "An amount cannot be negative" },
    { "-¥1.00", IV_MONEY_ERROR_NEGATIVE, NULL },
    { "¥-5", IV_MONEY_ERROR_NEGATIVE, NULL },
    { "－５", IV_MONEY_ERROR_NEGATIVE, NULL },
    { "−3", IV_MONEY_ERROR_NEGATIVE, NULL },
    { "-0", IV_MONEY_ERROR_NEGATIVE, NULL },
    { "1.234", IV_MONEY_ERROR_TOO_MANY_DECIMALS, "An amount has at most two decimals (fen)" },
    { "0.001", IV_MONEY_ERROR_TOO_MANY_DECIMALS, NULL },
    { "1.230", IV_MONEY_ERROR_TOO_MANY_DECIMALS, NULL },
    { "10000000000000", IV_MONEY_ERROR_OVERFLOW,
      "The amount is too large; the most is ¥9,999,999,999,999.99" },
    { "10,000,000,000,000.00", IV_MONEY_ERROR_OVERFLOW, NULL },
    { "99999999999999999999999999999", IV_MONEY_ERROR_OVERFLOW, NULL },
    { "12a", IV_MONEY_ERROR_INVALID, "“a” cannot be used in an amount" },
    { "abc", IV_MONEY_ERROR_INVALID, "“a” cannot be used in an amount" },
    { "一百", IV_MONEY_ERROR_INVALID, "“一” cannot be used in an amount" },
    { "1e5", IV_MONEY_ERROR_INVALID, NULL },
    { "NaN", IV_MONEY_ERROR_INVALID, NULL },
    { "0x10", IV_MONEY_ERROR_INVALID, NULL },
    { "+1", IV_MONEY_ERROR_INVALID, NULL },
    { "$5", IV_MONEY_ERROR_INVALID, "“$” cannot be used in an amount" },
    { "1 234", IV_MONEY_ERROR_INVALID, "Remove the spaces inside the amount" },
    { "1\u3000234", IV_MONEY_ERROR_INVALID, "Remove the spaces inside the amount" },
    { "1,23", IV_MONEY_ERROR_INVALID, "Group the digits in threes, like 1,234,567.89" },
    { "12,34,567", IV_MONEY_ERROR_INVALID, "Group the digits in threes, like 1,234,567.89" },
    { "1,2345", IV_MONEY_ERROR_INVALID, NULL },
    { "1234,567", IV_MONEY_ERROR_INVALID, NULL },
    { ",123", IV_MONEY_ERROR_INVALID, NULL },
    { "1,,234", IV_MONEY_ERROR_INVALID, NULL },
    { "1,234,", IV_MONEY_ERROR_INVALID, NULL },
    { "1.2.3", IV_MONEY_ERROR_INVALID, "Write the amount in digits, like 1,234.56" },
    { "1.2,3", IV_MONEY_ERROR_INVALID, NULL },
    { ".", IV_MONEY_ERROR_INVALID, NULL },
    { "¥¥1", IV_MONEY_ERROR_INVALID, NULL },
    { "1¥", IV_MONEY_ERROR_INVALID, NULL },
    { "1元元", IV_MONEY_ERROR_INVALID, NULL },
    { "--1", IV_MONEY_ERROR_INVALID, NULL },
    { "1-", IV_MONEY_ERROR_INVALID, NULL },
    { "\xff", IV_MONEY_ERROR_INVALID, NULL },
    { "1\x01", IV_MONEY_ERROR_INVALID, "The amount contains a character that cannot be shown" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 fen = 42;

      g_autofree char *escaped = escape (cases[i].text);

      g_test_message ("reject “%s”", escaped);
      g_assert_false (iv_money_parse (cases[i].text, &fen, &error));
      g_assert_error (error, IV_MONEY_ERROR, cases[i].code);
      if (cases[i].message != NULL)
        g_assert_cmpstr (error->message, ==, cases[i].message);
      /* the output is left alone on failure */
      g_assert_cmpint (fen, ==, 42);
    }
}

static void
test_format (void)
{
  static const FormatCase cases[] = {
    { 0, "¥0.00" },
    { 1, "¥0.01" },
    { 10, "¥0.10" },
    { 100, "¥1.00" },
    { 99999, "¥999.99" },
    { 100000, "¥1,000.00" },
    { 123456, "¥1,234.56" },
    { 4000000, "¥40,000.00" },
    { 1234567, "¥12,345.67" },
    { 10000000000, "¥100,000,000.00" },
    { IV_MONEY_MAX_FEN, "¥9,999,999,999,999.99" },
    { -100, "-¥1.00" },
    { -123456, "-¥1,234.56" },
    { G_MAXINT64, "¥92,233,720,368,547,758.07" },
    { G_MININT64, "-¥92,233,720,368,547,758.08" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = iv_money_format (cases[i].fen);
      g_autofree char *plain = iv_money_format_plain (cases[i].fen);
      g_autofree char *expected_plain = NULL;

      g_assert_cmpstr (text, ==, cases[i].text);

      /* the plain form is the same without the currency sign */
      if (cases[i].fen < 0)
        expected_plain = g_strconcat ("-", cases[i].text + strlen ("-¥"), NULL);
      else
        expected_plain = g_strdup (cases[i].text + strlen ("¥"));
      g_assert_cmpstr (plain, ==, expected_plain);
    }
}

/* A random amount with runs of zeros, from 1 to 15 digits */
static gint64
random_amount (void)
{
  guint n_digits = (guint) g_test_rand_int_range (1, 16);
  gboolean zero_heavy = g_test_rand_bit ();
  gint64 fen = 0;

  for (guint i = 0; i < n_digits; i++)
    {
      gint digit = zero_heavy && g_test_rand_bit () ? 0 : g_test_rand_int_range (0, 10);
      fen = fen * 10 + digit;
    }
  return fen;
}

static void
test_round_trip (void)
{
  static const gint64 edges[] = { 0, 1, 9, 10, 99, 100, 101, 999999, 1000000,
                                  IV_MONEY_MAX_FEN - 1, IV_MONEY_MAX_FEN };

  for (guint i = 0; i < 20000 + G_N_ELEMENTS (edges); i++)
    {
      gint64 fen = i < G_N_ELEMENTS (edges) ? edges[i] : random_amount ();
      g_autofree char *text = iv_money_format (fen);
      g_autofree char *plain = iv_money_format_plain (fen);
      g_autoptr(GError) error = NULL;
      gint64 back = -1;

      g_assert_true (iv_money_parse (text, &back, &error));
      g_assert_no_error (error);
      g_assert_cmpint (back, ==, fen);

      back = -1;
      g_assert_true (iv_money_parse (plain, &back, &error));
      g_assert_no_error (error);
      g_assert_cmpint (back, ==, fen);
    }
}

static void
test_spoken (void)
{
  static const FormatCase cases[] = {
    { 123456, "一千二百三十四元五角六分" },
    { 4000000, "四万元整" },
    { 0, "零元整" },
    { 5, "五分" },
    { 50, "五角" },
    { 56, "五角六分" },
    { 105, "一元零五分" },
    { 1000, "十元整" },
    { 1500, "十五元整" },
    { 11000, "一百一十元整" },
    { 100500, "一千零五元整" },
    { 10000000, "十万元整" },
    { 1000100, "一万零一元整" },
    { 10001000000, "一亿零一万元整" },
    { 100000000000000, "一万亿元整" },
    { -100, "负一元整" },
  };
  g_autofree char *min = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = iv_money_format_spoken (cases[i].fen);
      g_assert_cmpstr (text, ==, cases[i].text);
    }

  /* beyond 万亿 the reading still works, no overflow on the minimum */
  min = iv_money_format_spoken (G_MININT64);
  g_assert_cmpstr (min, ==, "负九亿二千二百三十三万七千二百零三亿六千八百五十四万七千七百五十八元零八分");
}

/* The zh_CN part of the translations, compiled on the fly, covers the
 * messages a user sees here. */
static void
test_translated (void)
{
  const char *source_root = g_getenv ("MESON_SOURCE_ROOT");
  g_autofree char *po = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *mo_dir = NULL;
  g_autofree char *mo = NULL;
  g_autofree char *msgfmt = g_find_program_in_path ("msgfmt");
  g_autoptr(GError) error = NULL;
  g_autofree char *upper = NULL;
  int status = 0;

  if (source_root == NULL || msgfmt == NULL || setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
    {
      setlocale (LC_ALL, "C.UTF-8");
      g_test_skip ("needs msgfmt and the zh_CN.UTF-8 locale");
      return;
    }

  po = g_build_filename (source_root, "po", "parts", "domain-rules.po", NULL);
  dir = g_dir_make_tmp ("iv-money-XXXXXX", &error);
  g_assert_no_error (error);
  mo_dir = g_build_filename (dir, "zh_CN", "LC_MESSAGES", NULL);
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

  g_assert_false (iv_money_parse ("12a", NULL, &error));
  g_assert_cmpstr (error->message, ==, "金额中不能使用“a”");
  g_clear_error (&error);
  g_assert_false (iv_money_parse ("1.234", NULL, &error));
  g_assert_cmpstr (error->message, ==, "金额最多保留两位小数（到分）");
  g_clear_error (&error);
  g_assert_false (iv_money_parse ("99999999999999", NULL, &error));
  g_assert_cmpstr (error->message, ==, "金额过大，最多为 ¥9,999,999,999,999.99");
  g_clear_error (&error);
  upper = iv_money_format_uppercase (-1, &error);
  g_assert_null (upper);
  g_assert_cmpstr (error->message, ==, "负数金额不能写成中文大写");

  setlocale (LC_ALL, "C.UTF-8");
  g_remove (mo);
  g_rmdir (mo_dir);
  {
    g_autofree char *parent = g_path_get_dirname (mo_dir);
    g_rmdir (parent);
  }
  g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* English source messages, whatever the machine's locale */
  setlocale (LC_ALL, "C.UTF-8");

  g_test_add_func ("/money/parse/accepts", test_parse_accepts);
  g_test_add_func ("/money/parse/rejects", test_parse_rejects);
  g_test_add_func ("/money/format", test_format);
  g_test_add_func ("/money/round-trip", test_round_trip);
  g_test_add_func ("/money/spoken", test_spoken);
  g_test_add_func ("/money/translated", test_translated);

  return g_test_run ();
}
