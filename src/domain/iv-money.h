/* iv-money.h: money as an integer number of fen (1 yuan = 100 fen)
 *
 * Money is never a float: it is parsed from what a person types, formatted
 * for display (¥1,234.56), as the uppercase amount of Chinese financial
 * documents (人民币大写) and as a plain reading for screen readers.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define IV_MONEY_ERROR (iv_money_error_quark ())

typedef enum {
  IV_MONEY_ERROR_EMPTY,
  IV_MONEY_ERROR_NEGATIVE,
  IV_MONEY_ERROR_TOO_MANY_DECIMALS,
  IV_MONEY_ERROR_OVERFLOW,
  IV_MONEY_ERROR_INVALID,          /* letters, misplaced separators, … */
} IvMoneyError;

/* The largest amount we accept or spell: just under 10 万亿 yuan, i.e.
 * ¥9,999,999,999,999.99 = 玖万玖仟…玖元玖角玖分 (the 大写 units stop at 万亿). */
#define IV_MONEY_MAX_FEN G_GINT64_CONSTANT (999999999999999)

GQuark    iv_money_error_quark        (void);

/* Accepts "1234.5", "1,234.56" (groups of three), "¥1234", "￥1234", a
 * trailing "元", full-width digits, "，" and "．", surrounding white space
 * (ASCII and U+3000).  Rejects with an IvMoneyError and a translated
 * message: empty, negative (any minus sign), more than 2 decimals, over
 * IV_MONEY_MAX_FEN, or anything else (the message names the character).
 * out_fen may be NULL; it is left alone on failure. */
gboolean  iv_money_parse              (const char  *text,
                                       gint64      *out_fen,
                                       GError     **error);

/* "¥1,234.56" (always two decimals; negative amounts as "-¥1.00") */
char     *iv_money_format             (gint64       fen);

/* "1,234.56" without the currency sign, for entries */
char     *iv_money_format_plain       (gint64       fen);

/* "人民币壹仟贰佰叁拾肆元伍角陆分" by 《支付结算办法》: 整 only after 元
 * (¥0.50 → 人民币伍角), 零 for each run of zeros inside, 壹拾 always;
 * 0 → 人民币零元整.  NULL and an error when negative or over
 * IV_MONEY_MAX_FEN.  See docs/domain.md for the choices made. */
char     *iv_money_format_uppercase   (gint64       fen,
                                       GError     **error);

/* A reading for screen readers, same rules in ordinary numerals:
 * 123456 → "一千二百三十四元五角六分", 4000000 → "四万元整"; any gint64
 * ("负…" for negatives). */
char     *iv_money_format_spoken      (gint64       fen);

G_END_DECLS
