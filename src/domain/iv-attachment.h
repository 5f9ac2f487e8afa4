/* iv-attachment.h: an uploaded document file (PDF, PNG or JPEG) of a claim */
#pragma once

#include <json-glib/json-glib.h>

#include "iv-types.h"
#include "iv-status.h"

G_BEGIN_DECLS

#define IV_TYPE_ATTACHMENT (iv_attachment_get_type ())
G_DECLARE_FINAL_TYPE (IvAttachment, iv_attachment, IV, ATTACHMENT, GObject)

/* api.md: attachments are at most 20 MiB */
#define IV_ATTACHMENT_MAX_SIZE (G_GINT64_CONSTANT (20) * 1024 * 1024)

/* The content types api.md accepts: "application/pdf", "image/png", "image/jpeg" */
gboolean iv_attachment_content_type_is_allowed (const char *content_type);

/* Strict decoding (api.md); the error names the field by its JSON path */
IvAttachment *iv_attachment_new_from_json    (JsonNode    *node,
                                               GError     **error);
/* The same, for an object found at path (e.g. "items[3]") */
IvAttachment *iv_attachment_new_from_json_at (JsonNode    *node,
                                               const char  *path,
                                               GError     **error);
/* Encodes exactly the contract's shape */
JsonNode *iv_attachment_to_json (IvAttachment *self);

const char  *iv_attachment_get_id (IvAttachment *self);
const char  *iv_attachment_get_filename (IvAttachment *self);
const char  *iv_attachment_get_content_type (IvAttachment *self);
gint64       iv_attachment_get_size (IvAttachment *self);
const char  *iv_attachment_get_sha256 (IvAttachment *self);

G_END_DECLS
