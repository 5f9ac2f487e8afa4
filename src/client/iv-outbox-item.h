/* iv-outbox-item.h: a snapshot of one row of the outbox queue */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  IV_OUTBOX_KIND_CREATE_APPLICATION,    /* POST /v1/applications */
  IV_OUTBOX_KIND_RESUBMIT_APPLICATION,  /* PUT /v1/applications/{target} If-Match */
  IV_OUTBOX_KIND_WITHDRAW_APPLICATION,  /* POST /v1/applications/{target}/withdraw */
  IV_OUTBOX_KIND_CREATE_ORDER,          /* POST /v1/orders */
  IV_OUTBOX_KIND_CANCEL_ORDER,          /* POST /v1/orders/{target}/cancel */
  IV_OUTBOX_KIND_UPLOAD_ATTACHMENT,     /* POST /v1/attachments, bytes from the copied file */
  IV_OUTBOX_KIND_CREATE_CLAIM,          /* POST /v1/claims */
  IV_OUTBOX_KIND_RESUBMIT_CLAIM,        /* PUT /v1/claims/{target} If-Match */
} IvOutboxKind;

typedef enum {
  IV_OUTBOX_STATE_QUEUED,
  IV_OUTBOX_STATE_IN_FLIGHT,
  IV_OUTBOX_STATE_DONE,
  IV_OUTBOX_STATE_RETRY_WAIT,
  IV_OUTBOX_STATE_NEEDS_ATTENTION,
  IV_OUTBOX_STATE_DISCARDED,
} IvOutboxState;

const char *iv_outbox_kind_to_string  (IvOutboxKind   kind);
gboolean    iv_outbox_kind_from_string (const char    *string,
                                        IvOutboxKind  *out_kind);
const char *iv_outbox_state_to_string (IvOutboxState  state);
gboolean    iv_outbox_state_from_string (const char   *string,
                                         IvOutboxState *out_state);

#define IV_TYPE_OUTBOX_ITEM (iv_outbox_item_get_type ())
G_DECLARE_FINAL_TYPE (IvOutboxItem, iv_outbox_item, IV, OUTBOX_ITEM, GObject)

/* What a body or target uses to refer to the server id of an earlier item:
 * "local:<item id>" (see docs/client.md, "Offline store") */
#define IV_OUTBOX_PLACEHOLDER_PREFIX "local:"

gint64         iv_outbox_item_get_id              (IvOutboxItem *self);
IvOutboxKind   iv_outbox_item_get_kind            (IvOutboxItem *self);
IvOutboxState  iv_outbox_item_get_state           (IvOutboxItem *self);
const char    *iv_outbox_item_get_idempotency_key (IvOutboxItem *self);
/* The id the call addresses (resubmit, withdraw, cancel), maybe a placeholder */
const char    *iv_outbox_item_get_target_id       (IvOutboxItem *self);
/* If-Match version for resubmissions, -1 when none */
gint64         iv_outbox_item_get_if_match        (IvOutboxItem *self);
/* The body as queued (placeholders unresolved); NULL for uploads and bodiless calls */
JsonNode      *iv_outbox_item_get_body            (IvOutboxItem *self);
const char    *iv_outbox_item_get_body_string     (IvOutboxItem *self);
const char    *iv_outbox_item_get_draft_id        (IvOutboxItem *self);
/* Uploads: the copied file's name, type, size and SHA-256 */
const char    *iv_outbox_item_get_filename        (IvOutboxItem *self);
const char    *iv_outbox_item_get_content_type    (IvOutboxItem *self);
goffset        iv_outbox_item_get_size            (IvOutboxItem *self);
const char    *iv_outbox_item_get_sha256          (IvOutboxItem *self);
/* Filled in when done: the created object's id and the server's answer */
const char    *iv_outbox_item_get_server_id       (IvOutboxItem *self);
const char    *iv_outbox_item_get_response        (IvOutboxItem *self);
guint          iv_outbox_item_get_attempts        (IvOutboxItem *self);
/* retry_wait: when to try again (unix µs), 0 otherwise */
gint64         iv_outbox_item_get_next_attempt_at (IvOutboxItem *self);
/* needs_attention: the server's reason */
const char    *iv_outbox_item_get_error_code      (IvOutboxItem *self);
const char    *iv_outbox_item_get_error_message   (IvOutboxItem *self);
const char    *iv_outbox_item_get_error_field     (IvOutboxItem *self);
gint64         iv_outbox_item_get_created_at      (IvOutboxItem *self);
gint64         iv_outbox_item_get_updated_at      (IvOutboxItem *self);
/* Ids of the items this one waits for */
GArray        *iv_outbox_item_get_depends_on      (IvOutboxItem *self);
/* "local:<id>", to cite this item's future server id in a later body */
char          *iv_outbox_item_dup_placeholder     (IvOutboxItem *self);

G_END_DECLS
