/* iv-catalog-text.h: text folding and n-gram terms for offline catalog search (no class) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* NFKC + case folding, so "ＣＭＡ" and "cma" compare equal */
char      *iv_catalog_text_normalize      (const char *text);

/* Appends the gram terms of a normalized text to terms, space separated:
 * every Han character alone and every pair of neighbouring Han characters,
 * and every run of other letters and digits as one word.  These go into
 * an FTS5 table (unicode61, detail=none) that answers 1–2 character
 * queries; longer ones go to the trigram table. */
void       iv_catalog_text_append_grams   (GString    *terms,
                                           const char *normalized);

/* The FTS5 expression of one normalized search word for the gram table:
 * a Han character or pair is an exact term, other 1–2 character words
 * are prefixes.  NULL if the word gives no term at all. */
char      *iv_catalog_text_gram_query     (const char *word);

/* The FTS5 expression of a normalized word of 3 characters or more for the
 * trigram table (an exact substring), NULL for shorter words */
char      *iv_catalog_text_trigram_query  (const char *word);

/* Splits a search string into normalized words (at spaces and punctuation
 * that is not part of a model number, e.g. "JSM-7800F" stays whole) */
GStrv      iv_catalog_text_split_query    (const char *query);

G_END_DECLS
