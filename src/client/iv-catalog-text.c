/* iv-catalog-text.c: text folding and n-gram terms for offline catalog search (no class) */
#include "config.h"

#include <string.h>

#include "iv-catalog-text.h"

char *
iv_catalog_text_normalize (const char *text)
{
  g_autofree char *nfkc = NULL;

  if (text == NULL)
    return g_strdup ("");

  /* Fast path for the text catalogs are made of: ASCII, unified
   * ideographs and CJK punctuation, which NFKC and case folding leave
   * alone, and full-width ASCII, which they map to (lower case) ASCII.
   * Anything else takes the slow path, from the start. */
  {
    const guchar *p = (const guchar *) text;
    GString *out = g_string_sized_new (strlen (text));

    while (*p != '\0')
      {
        gunichar c;

        if (*p < 0x80)
          {
            g_string_append_c (out, g_ascii_tolower (*p));
            p++;
            continue;
          }
        if (*p >= 0xe4 && *p <= 0xe9 && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80)
          {
            g_string_append_len (out, (const char *) p, 3);  /* U+4E00..U+9FFF */
            p += 3;
            continue;
          }
        if ((*p & 0xf0) != 0xe0 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
          break;
        c = ((gunichar) (*p & 0x0f) << 12) | ((gunichar) (p[1] & 0x3f) << 6) | (p[2] & 0x3f);
        if (c == 0x3000)  /* ideographic space */
          g_string_append_c (out, ' ');
        else if ((c >= 0x3001 && c <= 0x3035) || c == 0x2014 || c == 0x2018 || c == 0x2019 ||
                 c == 0x201c || c == 0x201d)
          g_string_append_len (out, (const char *) p, 3);
        else if (c >= 0xff01 && c <= 0xff5e)  /* full-width ASCII */
          g_string_append_c (out, g_ascii_tolower ((char) (c - 0xfee0)));
        else
          break;
        p += 3;
      }
    if (*p == '\0')
      return g_string_free (out, FALSE);
    g_string_free (out, TRUE);
  }

  nfkc = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  if (nfkc == NULL)  /* not UTF-8: nothing searchable */
    return g_strdup ("");
  return g_utf8_casefold (nfkc, -1);
}

static gboolean
is_han (gunichar c)
{
  /* Fast paths (indexing a catalog looks at every character): nothing
   * below the CJK radicals is Han, the unified ideographs all are letters */
  if (c < 0x2e80)
    return FALSE;
  if (c >= 0x4e00 && c <= 0x9fff)
    return TRUE;
  return g_unichar_get_script (c) == G_UNICODE_SCRIPT_HAN && g_unichar_isalpha (c);
}

static gboolean
is_word_char (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalnum (c);
  return !is_han (c) && g_unichar_isalnum (c);
}

void
iv_catalog_text_append_grams (GString    *terms,
                              const char *normalized)
{
  /* Bytes are copied from the text, not re-encoded: this runs over every
   * character of a catalog */
  const char *previous_han = NULL;
  gboolean in_word = FALSE;

  for (const char *p = normalized; *p != '\0';)
    {
      const char *next;
      gunichar c;

      if ((guchar) *p < 0x80)
        {
          c = (guchar) *p;
          next = p + 1;
        }
      else
        {
          c = g_utf8_get_char (p);
          next = g_utf8_next_char (p);
        }

      if (is_han (c))
        {
          if (in_word)
            g_string_append_c (terms, ' ');
          in_word = FALSE;
          g_string_append_len (terms, p, next - p);
          g_string_append_c (terms, ' ');
          if (previous_han != NULL)
            {
              g_string_append_len (terms, previous_han, next - previous_han);
              g_string_append_c (terms, ' ');
            }
          previous_han = p;
        }
      else if (is_word_char (c))
        {
          previous_han = NULL;
          g_string_append_len (terms, p, next - p);
          in_word = TRUE;
        }
      else
        {
          previous_han = NULL;
          if (in_word)
            g_string_append_c (terms, ' ');
          in_word = FALSE;
        }
      p = next;
    }
  g_string_append_c (terms, ' ');
}

/* Quotes a term for an FTS5 expression ("" inside a string) */
static void
append_quoted (GString    *out,
               const char *term)
{
  g_string_append_c (out, '"');
  for (const char *p = term; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

char *
iv_catalog_text_gram_query (const char *word)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) run = g_string_new (NULL);
  gboolean run_is_han = FALSE;
  const char *p = word;

  /* Runs of Han characters (1–2 here) are exact gram terms, other runs
   * are prefixes of words; all runs must match (AND) */
  for (;;)
    {
      gunichar c = *p != '\0' ? g_utf8_get_char (p) : 0;
      gboolean han = c != 0 && is_han (c);
      gboolean wordc = c != 0 && is_word_char (c);

      if (run->len > 0 && (c == 0 || han != run_is_han || (!han && !wordc)))
        {
          if (out->len > 0)
            g_string_append (out, " AND ");
          append_quoted (out, run->str);
          if (!run_is_han)
            g_string_append_c (out, '*');
          g_string_truncate (run, 0);
        }
      if (c == 0)
        break;
      if (han || wordc)
        {
          g_string_append_unichar (run, c);
          run_is_han = han;
        }
      p = g_utf8_next_char (p);
    }

  if (out->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
iv_catalog_text_trigram_query (const char *word)
{
  GString *out;

  if (g_utf8_strlen (word, -1) < 3)
    return NULL;
  out = g_string_new (NULL);
  append_quoted (out, word);
  return g_string_free (out, FALSE);
}

GStrv
iv_catalog_text_split_query (const char *query)
{
  g_autofree char *normalized = iv_catalog_text_normalize (query);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GString) word = g_string_new (NULL);

  for (const char *p = normalized;; p = g_utf8_next_char (p))
    {
      gunichar c = *p != '\0' ? g_utf8_get_char (p) : 0;
      /* Joiners inside model numbers and codes stay in the word */
      gboolean joiner = c == '-' || c == '.' || c == '/' || c == '_' || c == '+';

      if (c != 0 && (g_unichar_isalnum (c) || (joiner && word->len > 0)))
        {
          g_string_append_unichar (word, c);
          continue;
        }
      /* A trailing joiner is punctuation after all */
      while (word->len > 0 && strchr ("-./_+", word->str[word->len - 1]) != NULL)
        g_string_truncate (word, word->len - 1);
      if (word->len > 0)
        g_strv_builder_add (builder, word->str);
      g_string_truncate (word, 0);
      if (c == 0)
        break;
    }
  return g_strv_builder_end (builder);
}
