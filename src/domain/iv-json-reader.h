/* iv-json-reader.h: strict reading of the service's JSON, errors named by JSON path
 *
 * Every decoder in src/domain reads through this, so that a wrong type, a
 * missing field, an out-of-range number or an over-long string always ends
 * in an IV_DECODE_ERROR whose message starts with the field's path, e.g.
 * "claim.invoice.number: expected a string".  Unknown members are ignored.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "iv-types.h"

G_BEGIN_DECLS

/* api.md: JSON bodies are at most 1 MiB */
#define IV_JSON_MAX_BYTES  (1024 * 1024)
/* No contract shape is deeper than a few levels; 16 leaves room */
#define IV_JSON_MAX_DEPTH  16
/* api.md: limit 1–500 */
#define IV_JSON_MAX_ITEMS  500
/* Ids are non-empty and at most this many characters */
#define IV_JSON_MAX_ID_CHARS 64

typedef enum {
  IV_JSON_REQUIRED = 0,        /* present and not null */
  IV_JSON_NULLABLE = 1 << 0,   /* "| null" in api.md: null or absent reads as NULL / not present */
} IvJsonFlags;

/* Decoders of models, as handed to list pages: a new object or NULL and an error.
 * path is the JSON path of node, e.g. "items[3]". */
typedef gpointer (*IvJsonDecodeFunc) (JsonNode    *node,
                                      const char  *path,
                                      GError     **error);
/* Encoders of models: a new JsonNode */
typedef JsonNode *(*IvJsonEncodeFunc) (gpointer     object);

/* iv_x_new_from_json_at and iv_x_to_json have compatible but not identical
 * types; go through void (*)(void) so that -Wcast-function-type stays quiet. */
#define IV_JSON_DECODE_FUNC(f) ((IvJsonDecodeFunc) (void (*) (void)) (f))
#define IV_JSON_ENCODE_FUNC(f) ((IvJsonEncodeFunc) (void (*) (void)) (f))

/* Parse untrusted bytes: over max_bytes, embedded NUL, invalid UTF-8 and
 * nesting deeper than IV_JSON_MAX_DEPTH are refused before any node is
 * built.  max_bytes 0 means IV_JSON_MAX_BYTES. */
JsonNode   *iv_json_parse_bytes              (GBytes       *bytes,
                                              gsize         max_bytes,
                                              GError      **error);
JsonNode   *iv_json_parse_data               (const char   *data,
                                              gsize         length,
                                              gsize         max_bytes,
                                              GError      **error);

/* A JSON object being read, with its path for error messages. */
typedef struct _IvJsonReader IvJsonReader;

/* NULL and an IV_DECODE_ERROR_TYPE when node is not an object */
IvJsonReader *iv_json_reader_new             (JsonNode     *node,
                                              const char   *path,
                                              GError      **error);
void          iv_json_reader_free            (IvJsonReader *self);
const char   *iv_json_reader_get_path        (IvJsonReader *self);
JsonObject   *iv_json_reader_get_object      (IvJsonReader *self);
/* present and not null */
gboolean      iv_json_reader_has             (IvJsonReader *self,
                                              const char   *member);
/* "claim.invoice" for member "invoice"; free with g_free */
char         *iv_json_reader_dup_member_path (IvJsonReader *self,
                                              const char   *member);

/* A nested object.  With IV_JSON_NULLABLE, NULL and no error when null or
 * absent; check *error (or use iv_json_reader_has) to tell the two apart. */
IvJsonReader *iv_json_reader_read_object     (IvJsonReader *self,
                                              const char   *member,
                                              IvJsonFlags   flags,
                                              GError      **error);

/* Strings: valid UTF-8, at most max_chars characters (0: no limit).
 * *out is a new string, or NULL for a null/absent nullable member. */
gboolean      iv_json_reader_read_string     (IvJsonReader *self,
                                              const char   *member,
                                              IvJsonFlags   flags,
                                              guint         max_chars,
                                              char        **out,
                                              GError      **error);
/* 1..IV_JSON_MAX_ID_CHARS characters, no control characters or spaces */
gboolean      iv_json_reader_read_id         (IvJsonReader *self,
                                              const char   *member,
                                              IvJsonFlags   flags,
                                              char        **out,
                                              GError      **error);
/* "YYYY-MM-DD", a real calendar date */
gboolean      iv_json_reader_read_date       (IvJsonReader *self,
                                              const char   *member,
                                              IvJsonFlags   flags,
                                              char        **out,
                                              GError      **error);
/* RFC 3339 with an offset ("2026-11-28T14:30:00+08:00" or "…Z");
 * out_time may be NULL. */
gboolean      iv_json_reader_read_time       (IvJsonReader *self,
                                              const char   *member,
                                              IvJsonFlags   flags,
                                              char        **out,
                                              GDateTime   **out_time,
                                              GError      **error);
/* A JSON integer (never a float) within min..max.  *out_present (may be
 * NULL) tells whether a nullable member had a value; *out is untouched
 * when it had none. */
gboolean      iv_json_reader_read_int        (IvJsonReader *self,
                                              const char   *member,
                                              IvJsonFlags   flags,
                                              gint64        min,
                                              gint64        max,
                                              gint64       *out,
                                              gboolean     *out_present,
                                              GError      **error);
gboolean      iv_json_reader_read_bool       (IvJsonReader *self,
                                              const char   *member,
                                              IvJsonFlags   flags,
                                              gboolean     *out,
                                              GError      **error);
/* A string naming a value of a GEnum type by its nick (iv-status.h) */
gboolean      iv_json_reader_read_enum       (IvJsonReader *self,
                                              const char   *member,
                                              IvJsonFlags   flags,
                                              GType         enum_type,
                                              gint         *out,
                                              GError      **error);
/* An array of at most max_items strings of at most max_chars each;
 * *out is a new NULL-terminated vector (empty, never NULL, for a null or
 * absent nullable member). */
gboolean      iv_json_reader_read_strv       (IvJsonReader *self,
                                              const char   *member,
                                              IvJsonFlags   flags,
                                              guint         max_items,
                                              guint         max_chars,
                                              GStrv        *out,
                                              GError      **error);
/* An array of objects, each decoded with decode at path "member[i]";
 * a new GPtrArray of the objects (unref'ed on free), empty for a null or
 * absent nullable member. */
GPtrArray    *iv_json_reader_read_array      (IvJsonReader *self,
                                              const char   *member,
                                              IvJsonFlags   flags,
                                              guint         max_items,
                                              IvJsonDecodeFunc decode,
                                              GError      **error);

/* Set an IV_DECODE_ERROR whose message is "path: what" */
void          iv_decode_error_set            (GError      **error,
                                              IvDecodeError code,
                                              const char   *path,
                                              const char   *what);

/* Writing: a member with a string value, or null when value is NULL */
void          iv_json_builder_add_string_member   (JsonBuilder  *builder,
                                                   const char   *member,
                                                   const char   *value);
void          iv_json_builder_add_int_member      (JsonBuilder  *builder,
                                                   const char   *member,
                                                   gint64        value);
/* null when value < 0 (the "| null" money fields) */
void          iv_json_builder_add_nullable_int_member (JsonBuilder *builder,
                                                       const char  *member,
                                                       gint64       value);
void          iv_json_builder_add_bool_member     (JsonBuilder  *builder,
                                                   const char   *member,
                                                   gboolean      value);
void          iv_json_builder_add_strv_member     (JsonBuilder  *builder,
                                                   const char   *member,
                                                   const char * const *values);

/* The checks the reader applies, for values that arrive by other roads
 * (g_object_new, the service's request bodies) */
gboolean      iv_json_check_date             (const char   *text);
/* NULL unless text is RFC 3339 with an offset */
GDateTime    *iv_json_parse_time             (const char   *text);
/* "2026-11-28T14:30:00+08:00" for a GDateTime, as the service writes times */
char         *iv_json_format_time            (GDateTime    *time);

/* A node as compact JSON text (for tests, logs and the service) */
char         *iv_json_to_string              (JsonNode     *node);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IvJsonReader, iv_json_reader_free)

G_END_DECLS
