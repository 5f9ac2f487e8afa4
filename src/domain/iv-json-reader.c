/* iv-json-reader.c: strict reading of the service's JSON, errors named by JSON path */
#include "config.h"

#include <string.h>

#include "iv-json-reader.h"
#include "iv-json-reader-private.h"

struct _IvJsonReader
{
  JsonNode   *node;     /* a reference keeps the object alive */
  JsonObject *object;
  char       *path;
  guint       depth;
};

void
iv_decode_error_set (GError        **error,
                     IvDecodeError   code,
                     const char     *path,
                     const char     *what)
{
  if (path == NULL || *path == '\0')
    g_set_error (error, IV_DECODE_ERROR, code, "%s", what);
  else
    g_set_error (error, IV_DECODE_ERROR, code, "%s: %s", path, what);
}

/* Parsing */

static gboolean
is_json_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A number token at data[*i]: JSON's grammar (no leading zeros, no "+",
 * no ".5"), and an integer must fit in 64 bits, since json-glib would
 * silently saturate 99999999999999999999 to -1. */
static gboolean
check_number (const char  *data,
              gsize        length,
              gsize       *i,
              GError     **error)
{
  gsize start = *i;
  gsize p = start;
  gboolean integer = TRUE;

  if (p < length && data[p] == '-')
    p++;
  if (p >= length || !g_ascii_isdigit (data[p]))
    goto malformed;
  if (data[p] == '0' && p + 1 < length && g_ascii_isdigit (data[p + 1]))
    goto malformed;
  while (p < length && g_ascii_isdigit (data[p]))
    p++;
  if (p < length && data[p] == '.')
    {
      integer = FALSE;
      p++;
      if (p >= length || !g_ascii_isdigit (data[p]))
        goto malformed;
      while (p < length && g_ascii_isdigit (data[p]))
        p++;
    }
  if (p < length && (data[p] == 'e' || data[p] == 'E'))
    {
      integer = FALSE;
      p++;
      if (p < length && (data[p] == '+' || data[p] == '-'))
        p++;
      if (p >= length || !g_ascii_isdigit (data[p]))
        goto malformed;
      while (p < length && g_ascii_isdigit (data[p]))
        p++;
    }
  if (integer)
    {
      g_autofree char *token = g_strndup (data + start, p - start);

      if (!g_ascii_string_to_signed (token, 10, G_MININT64, G_MAXINT64, NULL, NULL))
        {
          iv_decode_error_set (error, IV_DECODE_ERROR_RANGE, NULL, "an integer beyond 64 bits");
          return FALSE;
        }
    }
  *i = p - 1;
  return TRUE;

malformed:
  iv_decode_error_set (error, IV_DECODE_ERROR_SYNTAX, NULL, "a malformed number");
  return FALSE;
}

static gboolean
check_literal (const char  *data,
               gsize        length,
               gsize       *i,
               GError     **error)
{
  static const char * const literals[] = { "true", "false", "null" };

  for (guint k = 0; k < G_N_ELEMENTS (literals); k++)
    {
      gsize n = strlen (literals[k]);

      if (length - *i >= n && memcmp (data + *i, literals[k], n) == 0)
        {
          *i += n - 1;
          return TRUE;
        }
    }
  iv_decode_error_set (error, IV_DECODE_ERROR_SYNTAX, NULL, "an unexpected character");
  return FALSE;
}

/* One pass over the text before json-glib sees it.  json-glib 1.6 is
 * lenient (comments, 'single quotes', "{} {}", saturated integers, a
 * \u0000 that cuts a string short) and builds the whole tree at once, so
 * the text is checked first: the root is an object or an array with
 * nothing after it; outside strings only JSON tokens; no control
 * characters or \u0000 inside strings; integers within 64 bits; nesting no
 * deeper than IV_JSON_MAX_DEPTH. */
static gboolean
check_structure (const char  *data,
                 gsize        length,
                 GError     **error)
{
  guint depth = 0;
  gboolean ended = FALSE;
  gsize i = 0;

  while (i < length && is_json_space (data[i]))
    i++;
  if (i == length)
    {
      iv_decode_error_set (error, IV_DECODE_ERROR_SYNTAX, NULL, "empty body");
      return FALSE;
    }
  if (data[i] != '{' && data[i] != '[')
    {
      iv_decode_error_set (error, IV_DECODE_ERROR_SYNTAX, NULL, "expected an object or an array");
      return FALSE;
    }

  for (; i < length; i++)
    {
      char c = data[i];

      if (is_json_space (c))
        continue;
      if (ended)
        {
          iv_decode_error_set (error, IV_DECODE_ERROR_SYNTAX, NULL, "data after the JSON value");
          return FALSE;
        }
      switch (c)
        {
        case '"':
          for (i++; i < length && data[i] != '"'; i++)
            {
              if ((guchar) data[i] < 0x20)
                {
                  iv_decode_error_set (error, IV_DECODE_ERROR_SYNTAX, NULL, "a control character in a string");
                  return FALSE;
                }
              if (data[i] == '\\')
                {
                  i++;
                  if (i + 4 < length && data[i] == 'u' && memcmp (data + i + 1, "0000", 4) == 0)
                    {
                      iv_decode_error_set (error, IV_DECODE_ERROR_SYNTAX, NULL, "\\u0000 in a string");
                      return FALSE;
                    }
                }
            }
          /* An unterminated string is left for json-glib to report */
          break;
        case '[':
        case '{':
          if (++depth > IV_JSON_MAX_DEPTH)
            {
              g_autofree char *what = g_strdup_printf ("nested deeper than %d levels", IV_JSON_MAX_DEPTH);

              iv_decode_error_set (error, IV_DECODE_ERROR_TOO_DEEP, NULL, what);
              return FALSE;
            }
          break;
        case ']':
        case '}':
          /* An unbalanced bracket is left for json-glib to report */
          if (depth > 0 && --depth == 0)
            ended = TRUE;
          break;
        case ',':
        case ':':
          break;
        case '-':
        case '0': case '1': case '2': case '3': case '4':
        case '5': case '6': case '7': case '8': case '9':
          if (!check_number (data, length, &i, error))
            return FALSE;
          break;
        case '\0':
          iv_decode_error_set (error, IV_DECODE_ERROR_SYNTAX, NULL, "a NUL byte in the body");
          return FALSE;
        default:
          if (!check_literal (data, length, &i, error))
            return FALSE;
          break;
        }
    }
  return TRUE;
}

JsonNode *
iv_json_parse_data (const char  *data,
                    gsize        length,
                    gsize        max_bytes,
                    GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (max_bytes == 0)
    max_bytes = IV_JSON_MAX_BYTES;
  if (length > max_bytes)
    {
      g_autofree char *what = g_strdup_printf ("larger than %" G_GSIZE_FORMAT " bytes", max_bytes);

      iv_decode_error_set (error, IV_DECODE_ERROR_TOO_LONG, NULL, what);
      return NULL;
    }
  if (length == 0)
    {
      iv_decode_error_set (error, IV_DECODE_ERROR_SYNTAX, NULL, "empty body");
      return NULL;
    }
  if (!g_utf8_validate_len (data, length, NULL))
    {
      iv_decode_error_set (error, IV_DECODE_ERROR_SYNTAX, NULL, "not valid UTF-8");
      return NULL;
    }
  if (!check_structure (data, length, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      g_set_error (error, IV_DECODE_ERROR, IV_DECODE_ERROR_SYNTAX,
                   "not JSON: %s", local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      iv_decode_error_set (error, IV_DECODE_ERROR_SYNTAX, NULL, "empty body");
      return NULL;
    }
  return json_node_ref (root);
}

JsonNode *
iv_json_parse_bytes (GBytes  *bytes,
                     gsize    max_bytes,
                     GError **error)
{
  const char *data;
  gsize length = 0;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &length);
  return iv_json_parse_data (data != NULL ? data : "", length, max_bytes, error);
}

/* Checks shared with values that do not come through the reader */

gboolean
iv_json_check_date (const char *text)
{
  guint year, month, day;

  if (text == NULL || strlen (text) != 10)
    return FALSE;
  for (guint i = 0; i < 10; i++)
    {
      if (i == 4 || i == 7)
        {
          if (text[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isdigit (text[i]))
        return FALSE;
    }
  year = (guint) g_ascii_strtoull (text, NULL, 10);
  month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (text + 8, NULL, 10);
  return year >= 1 && g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static gboolean
digits (const char *p,
        guint       n)
{
  for (guint i = 0; i < n; i++)
    if (!g_ascii_isdigit (p[i]))
      return FALSE;
  return TRUE;
}

/* RFC 3339 section 5.6: full-date "T" time-hour ":" time-minute ":"
 * time-second [time-secfrac] time-offset.  GLib's ISO 8601 parser accepts
 * far more (week dates, no offset, …), so the shape is checked first. */
GDateTime *
iv_json_parse_time (const char *text)
{
  g_autofree char *date = NULL;
  const char *p;
  guint hour, minute, second;

  if (text == NULL || strlen (text) < 20 || strlen (text) > 40)
    return NULL;
  date = g_strndup (text, 10);
  if (!iv_json_check_date (date))
    return NULL;
  if (text[10] != 'T' && text[10] != 't')
    return NULL;
  p = text + 11;
  if (!digits (p, 2) || p[2] != ':' || !digits (p + 3, 2) || p[5] != ':' || !digits (p + 6, 2))
    return NULL;
  hour = (guint) (p[0] - '0') * 10 + (guint) (p[1] - '0');
  minute = (guint) (p[3] - '0') * 10 + (guint) (p[4] - '0');
  second = (guint) (p[6] - '0') * 10 + (guint) (p[7] - '0');
  /* 60 is a leap second, which GDateTime cannot represent */
  if (hour > 23 || minute > 59 || second > 59)
    return NULL;
  p += 8;
  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return NULL;
      while (g_ascii_isdigit (*p))
        p++;
    }
  if (*p == 'Z' || *p == 'z')
    {
      if (p[1] != '\0')
        return NULL;
    }
  else if (*p == '+' || *p == '-')
    {
      if (!digits (p + 1, 2) || p[3] != ':' || !digits (p + 4, 2) || p[6] != '\0')
        return NULL;
      if ((p[1] - '0') * 10 + (p[2] - '0') > 23 || (p[4] - '0') * 10 + (p[5] - '0') > 59)
        return NULL;
    }
  else
    return NULL;

  return g_date_time_new_from_iso8601 (text, NULL);
}

char *
iv_json_format_time (GDateTime *time)
{
  g_return_val_if_fail (time != NULL, NULL);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%S%:z");
}

/* The reader */

static IvJsonReader *
reader_new (JsonNode   *node,
            char       *path,
            guint       depth)
{
  IvJsonReader *self = g_new0 (IvJsonReader, 1);

  self->node = json_node_ref (node);
  self->object = json_node_get_object (node);
  self->path = path;
  self->depth = depth;
  return self;
}

IvJsonReader *
iv_json_reader_new (JsonNode    *node,
                    const char  *path,
                    GError     **error)
{
  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      iv_decode_error_set (error, IV_DECODE_ERROR_TYPE, path, "expected an object");
      return NULL;
    }
  return reader_new (node, g_strdup (path != NULL ? path : ""), 1);
}

void
iv_json_reader_free (IvJsonReader *self)
{
  if (self == NULL)
    return;
  json_node_unref (self->node);
  g_free (self->path);
  g_free (self);
}

const char *
iv_json_reader_get_path (IvJsonReader *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->path;
}

JsonObject *
iv_json_reader_get_object (IvJsonReader *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->object;
}

char *
iv_json_reader_dup_member_path (IvJsonReader *self,
                                const char   *member)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (member != NULL, NULL);

  if (*self->path == '\0')
    return g_strdup (member);
  return g_strconcat (self->path, ".", member, NULL);
}

gboolean
iv_json_reader_has (IvJsonReader *self,
                    const char   *member)
{
  JsonNode *node;

  g_return_val_if_fail (self != NULL, FALSE);

  node = json_object_get_member (self->object, member);
  return node != NULL && !JSON_NODE_HOLDS_NULL (node);
}

/* The member's node, or NULL with *ok TRUE for an allowed null/absence */
static JsonNode *
get_member (IvJsonReader  *self,
            const char    *member,
            IvJsonFlags    flags,
            gboolean      *ok,
            GError       **error)
{
  JsonNode *node = json_object_get_member (self->object, member);

  *ok = TRUE;
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    return node;
  if (flags & IV_JSON_NULLABLE)
    return NULL;

  {
    g_autofree char *path = iv_json_reader_dup_member_path (self, member);

    if (node == NULL)
      iv_decode_error_set (error, IV_DECODE_ERROR_MISSING, path, "missing");
    else
      iv_decode_error_set (error, IV_DECODE_ERROR_TYPE, path, "must not be null");
  }
  *ok = FALSE;
  return NULL;
}

static gboolean
fail (IvJsonReader   *self,
      const char     *member,
      IvDecodeError   code,
      const char     *what,
      GError        **error)
{
  g_autofree char *path = iv_json_reader_dup_member_path (self, member);

  iv_decode_error_set (error, code, path, what);
  return FALSE;
}

void
iv_json_set_time (char       **text,
                  GDateTime  **time,
                  const char  *value)
{
  g_free (*text);
  *text = g_strdup (value);
  g_clear_pointer (time, g_date_time_unref);
  *time = iv_json_parse_time (*text);
}

gpointer
iv_json_reader_fail_member (IvJsonReader   *self,
                            const char     *member,
                            IvDecodeError   code,
                            const char     *what,
                            GError        **error)
{
  fail (self, member, code, what, error);
  return NULL;
}

IvJsonReader *
iv_json_reader_read_object (IvJsonReader  *self,
                            const char    *member,
                            IvJsonFlags    flags,
                            GError       **error)
{
  JsonNode *node;
  gboolean ok;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  node = get_member (self, member, flags, &ok, error);
  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (self, member, IV_DECODE_ERROR_TYPE, "expected an object", error);
      return NULL;
    }
  if (self->depth + 1 > IV_JSON_MAX_DEPTH)
    {
      fail (self, member, IV_DECODE_ERROR_TOO_DEEP, "nested too deep", error);
      return NULL;
    }
  return reader_new (node, iv_json_reader_dup_member_path (self, member), self->depth + 1);
}

/* A string value checked for UTF-8 and length; *ok FALSE on an error */
static const char *
get_string (IvJsonReader  *self,
            const char    *member,
            IvJsonFlags    flags,
            guint          max_chars,
            gboolean      *ok,
            GError       **error)
{
  JsonNode *node = get_member (self, member, flags, ok, error);
  const char *value;

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      *ok = fail (self, member, IV_DECODE_ERROR_TYPE, "expected a string", error);
      return NULL;
    }
  value = json_node_get_string (node);
  if (value == NULL || !g_utf8_validate (value, -1, NULL))
    {
      *ok = fail (self, member, IV_DECODE_ERROR_INVALID, "not valid UTF-8", error);
      return NULL;
    }
  if (max_chars > 0 && g_utf8_strlen (value, -1) > (glong) max_chars)
    {
      g_autofree char *what = g_strdup_printf ("longer than %u characters", max_chars);

      *ok = fail (self, member, IV_DECODE_ERROR_TOO_LONG, what, error);
      return NULL;
    }
  return value;
}

gboolean
iv_json_reader_read_string (IvJsonReader  *self,
                            const char    *member,
                            IvJsonFlags    flags,
                            guint          max_chars,
                            char         **out,
                            GError       **error)
{
  const char *value;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  value = get_string (self, member, flags, max_chars, &ok, error);
  if (!ok)
    return FALSE;
  g_free (*out);
  *out = g_strdup (value);
  return TRUE;
}

gboolean
iv_json_reader_read_id (IvJsonReader  *self,
                        const char    *member,
                        IvJsonFlags    flags,
                        char         **out,
                        GError       **error)
{
  const char *value;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  value = get_string (self, member, flags, IV_JSON_MAX_ID_CHARS, &ok, error);
  if (!ok)
    return FALSE;
  if (value != NULL)
    {
      if (*value == '\0')
        return fail (self, member, IV_DECODE_ERROR_INVALID, "an empty id", error);
      for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (g_unichar_iscntrl (c) || g_unichar_isspace (c))
            return fail (self, member, IV_DECODE_ERROR_INVALID, "an id with spaces or control characters", error);
        }
    }
  g_free (*out);
  *out = g_strdup (value);
  return TRUE;
}

gboolean
iv_json_reader_read_date (IvJsonReader  *self,
                          const char    *member,
                          IvJsonFlags    flags,
                          char         **out,
                          GError       **error)
{
  const char *value;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  value = get_string (self, member, flags, 10, &ok, error);
  if (!ok)
    return FALSE;
  if (value != NULL && !iv_json_check_date (value))
    return fail (self, member, IV_DECODE_ERROR_INVALID, "expected a date YYYY-MM-DD", error);
  g_free (*out);
  *out = g_strdup (value);
  return TRUE;
}

gboolean
iv_json_reader_read_time (IvJsonReader  *self,
                          const char    *member,
                          IvJsonFlags    flags,
                          char         **out,
                          GDateTime    **out_time,
                          GError       **error)
{
  g_autoptr(GDateTime) time = NULL;
  const char *value;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  value = get_string (self, member, flags, 40, &ok, error);
  if (!ok)
    return FALSE;
  if (value != NULL)
    {
      time = iv_json_parse_time (value);
      if (time == NULL)
        return fail (self, member, IV_DECODE_ERROR_INVALID, "expected an RFC 3339 time with offset", error);
    }
  g_free (*out);
  *out = g_strdup (value);
  if (out_time != NULL)
    {
      g_clear_pointer (out_time, g_date_time_unref);
      *out_time = g_steal_pointer (&time);
    }
  return TRUE;
}

gboolean
iv_json_reader_read_int (IvJsonReader  *self,
                         const char    *member,
                         IvJsonFlags    flags,
                         gint64         min,
                         gint64         max,
                         gint64        *out,
                         gboolean      *out_present,
                         GError       **error)
{
  JsonNode *node;
  gboolean ok;
  gint64 value;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (out_present != NULL)
    *out_present = FALSE;
  node = get_member (self, member, flags, &ok, error);
  if (node == NULL)
    return ok;
  /* A float (1.5, 1e3) is refused even when whole: money is never a float */
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fail (self, member, IV_DECODE_ERROR_TYPE, "expected an integer", error);
  value = json_node_get_int (node);
  if (value < min || value > max)
    {
      g_autofree char *what = g_strdup_printf ("%" G_GINT64_FORMAT " is out of range %" G_GINT64_FORMAT "..%" G_GINT64_FORMAT,
                                               value, min, max);

      return fail (self, member, IV_DECODE_ERROR_RANGE, what, error);
    }
  *out = value;
  if (out_present != NULL)
    *out_present = TRUE;
  return TRUE;
}

gboolean
iv_json_reader_read_bool (IvJsonReader  *self,
                          const char    *member,
                          IvJsonFlags    flags,
                          gboolean      *out,
                          GError       **error)
{
  JsonNode *node;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  node = get_member (self, member, flags, &ok, error);
  if (node == NULL)
    return ok;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fail (self, member, IV_DECODE_ERROR_TYPE, "expected true or false", error);
  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
iv_json_reader_read_enum (IvJsonReader  *self,
                          const char    *member,
                          IvJsonFlags    flags,
                          GType          enum_type,
                          gint          *out,
                          GError       **error)
{
  g_autoptr(GEnumClass) klass = NULL;
  GEnumValue *value;
  const char *text;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (G_TYPE_IS_ENUM (enum_type), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  text = get_string (self, member, flags, 64, &ok, error);
  if (!ok || text == NULL)
    return ok;
  klass = g_type_class_ref (enum_type);
  value = g_enum_get_value_by_nick (klass, text);
  if (value == NULL)
    return fail (self, member, IV_DECODE_ERROR_RANGE, "unknown value", error);
  *out = value->value;
  return TRUE;
}

gboolean
iv_json_reader_read_strv (IvJsonReader  *self,
                          const char    *member,
                          IvJsonFlags    flags,
                          guint          max_items,
                          guint          max_chars,
                          GStrv         *out,
                          GError       **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *node;
  JsonArray *array;
  gboolean ok;
  guint n;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  node = get_member (self, member, flags, &ok, error);
  if (!ok)
    return FALSE;
  if (node != NULL)
    {
      if (!JSON_NODE_HOLDS_ARRAY (node))
        return fail (self, member, IV_DECODE_ERROR_TYPE, "expected an array", error);
      array = json_node_get_array (node);
      n = json_array_get_length (array);
      if (n > max_items)
        {
          g_autofree char *what = g_strdup_printf ("more than %u items", max_items);

          return fail (self, member, IV_DECODE_ERROR_TOO_LONG, what, error);
        }
      for (guint i = 0; i < n; i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          g_autofree char *path = NULL;
          const char *value;

          if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING ||
              (value = json_node_get_string (item)) == NULL)
            {
              path = g_strdup_printf ("%s[%u]", member, i);
              return fail (self, path, IV_DECODE_ERROR_TYPE, "expected a string", error);
            }
          if (!g_utf8_validate (value, -1, NULL) || g_utf8_strlen (value, -1) > (glong) max_chars)
            {
              g_autofree char *what = g_strdup_printf ("longer than %u characters", max_chars);

              path = g_strdup_printf ("%s[%u]", member, i);
              return fail (self, path, IV_DECODE_ERROR_TOO_LONG, what, error);
            }
          g_strv_builder_add (builder, value);
        }
    }
  g_strfreev (*out);
  *out = g_strv_builder_end (builder);
  return TRUE;
}

GPtrArray *
iv_json_reader_read_array (IvJsonReader      *self,
                           const char        *member,
                           IvJsonFlags        flags,
                           guint              max_items,
                           IvJsonDecodeFunc   decode,
                           GError           **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *path = NULL;
  JsonNode *node;
  JsonArray *array;
  gboolean ok;
  guint n;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (decode != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  node = get_member (self, member, flags, &ok, error);
  if (!ok)
    return NULL;
  if (node == NULL)
    return g_steal_pointer (&items);
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      fail (self, member, IV_DECODE_ERROR_TYPE, "expected an array", error);
      return NULL;
    }
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n > max_items)
    {
      g_autofree char *what = g_strdup_printf ("more than %u items", max_items);

      fail (self, member, IV_DECODE_ERROR_TOO_LONG, what, error);
      return NULL;
    }
  path = iv_json_reader_dup_member_path (self, member);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);
      gpointer item = decode (json_array_get_element (array, i), item_path, error);

      if (item == NULL)
        return NULL;
      g_ptr_array_add (items, item);
    }
  return g_steal_pointer (&items);
}

/* Writing */

void
iv_json_builder_add_string_member (JsonBuilder *builder,
                                   const char  *member,
                                   const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
iv_json_builder_add_int_member (JsonBuilder *builder,
                                const char  *member,
                                gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

void
iv_json_builder_add_nullable_int_member (JsonBuilder *builder,
                                         const char  *member,
                                         gint64       value)
{
  json_builder_set_member_name (builder, member);
  if (value >= 0)
    json_builder_add_int_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
iv_json_builder_add_bool_member (JsonBuilder *builder,
                                 const char  *member,
                                 gboolean     value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_boolean_value (builder, value);
}

void
iv_json_builder_add_strv_member (JsonBuilder        *builder,
                                 const char         *member,
                                 const char * const *values)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

char *
iv_json_to_string (JsonNode *node)
{
  g_return_val_if_fail (node != NULL, NULL);

  return json_to_string (node, FALSE);
}
