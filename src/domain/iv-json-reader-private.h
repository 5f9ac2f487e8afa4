/* iv-json-reader-private.h: helpers the model decoders in src/domain share */
#pragma once

#include "iv-json-reader.h"

G_BEGIN_DECLS

/* Set the IV_DECODE_ERROR "path.member: what" and return NULL, so that a
 * decoder can write `return iv_json_reader_fail_member (…);` */
gpointer iv_json_reader_fail_member (IvJsonReader   *self,
                                     const char     *member,
                                     IvDecodeError   code,
                                     const char     *what,
                                     GError        **error);

/* Set a model's time property: the text as given and its parsed time
 * (NULL unless RFC 3339 with an offset) */
void     iv_json_set_time           (char          **text,
                                     GDateTime     **time,
                                     const char     *value);

G_END_DECLS
