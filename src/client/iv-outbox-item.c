/* iv-outbox-item.c: a snapshot of one row of the outbox queue */
#include "config.h"

#include "iv-outbox-item-private.h"

struct _IvOutboxItem
{
  GObject        parent_instance;

  gint64         id;
  IvOutboxKind   kind;
  IvOutboxState  state;
  char          *idempotency_key;
  char          *target_id;
  gint64         if_match;
  char          *body;
  JsonNode      *body_node;
  char          *draft_id;
  char          *filename;
  char          *content_type;
  goffset        size;
  char          *sha256;
  char          *server_id;
  char          *response;
  guint          attempts;
  gint64         next_attempt_at;
  char          *error_code;
  char          *error_message;
  char          *error_field;
  gint64         created_at;
  gint64         updated_at;
  GArray        *depends_on;
};

G_DEFINE_FINAL_TYPE (IvOutboxItem, iv_outbox_item, G_TYPE_OBJECT)

static const char * const kind_names[] = {
  "create_application", "resubmit_application", "withdraw_application",
  "create_order", "cancel_order", "upload_attachment", "create_claim",
  "resubmit_claim",
};

static const char * const state_names[] = {
  "queued", "in_flight", "done", "retry_wait", "needs_attention", "discarded",
};

const char *
iv_outbox_kind_to_string (IvOutboxKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

gboolean
iv_outbox_kind_from_string (const char   *string,
                            IvOutboxKind *out_kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (string, kind_names[i]) == 0)
      {
        *out_kind = i;
        return TRUE;
      }
  return FALSE;
}

const char *
iv_outbox_state_to_string (IvOutboxState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (state_names), NULL);
  return state_names[state];
}

gboolean
iv_outbox_state_from_string (const char    *string,
                             IvOutboxState *out_state)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_strcmp0 (string, state_names[i]) == 0)
      {
        *out_state = i;
        return TRUE;
      }
  return FALSE;
}

static void
iv_outbox_item_finalize (GObject *object)
{
  IvOutboxItem *self = IV_OUTBOX_ITEM (object);

  g_free (self->idempotency_key);
  g_free (self->target_id);
  g_free (self->body);
  g_clear_pointer (&self->body_node, json_node_unref);
  g_free (self->draft_id);
  g_free (self->filename);
  g_free (self->content_type);
  g_free (self->sha256);
  g_free (self->server_id);
  g_free (self->response);
  g_free (self->error_code);
  g_free (self->error_message);
  g_free (self->error_field);
  g_clear_pointer (&self->depends_on, g_array_unref);

  G_OBJECT_CLASS (iv_outbox_item_parent_class)->finalize (object);
}

static void
iv_outbox_item_class_init (IvOutboxItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = iv_outbox_item_finalize;
}

static void
iv_outbox_item_init (IvOutboxItem *self)
{
  self->depends_on = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->if_match = -1;
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

IvOutboxItem *
iv_outbox_item_new_from_row (sqlite3_stmt *stmt)
{
  IvOutboxItem *self = g_object_new (IV_TYPE_OUTBOX_ITEM, NULL);

  self->id = sqlite3_column_int64 (stmt, 0);
  if (!iv_outbox_kind_from_string ((const char *) sqlite3_column_text (stmt, 1), &self->kind))
    g_warning ("Outbox item %" G_GINT64_FORMAT " has an unknown kind", self->id);
  if (!iv_outbox_state_from_string ((const char *) sqlite3_column_text (stmt, 2), &self->state))
    g_warning ("Outbox item %" G_GINT64_FORMAT " has an unknown state", self->id);
  self->idempotency_key = dup_column (stmt, 3);
  self->target_id = dup_column (stmt, 4);
  self->if_match = sqlite3_column_type (stmt, 5) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 5);
  self->body = dup_column (stmt, 6);
  self->draft_id = dup_column (stmt, 7);
  self->filename = dup_column (stmt, 8);
  self->content_type = dup_column (stmt, 9);
  self->size = sqlite3_column_int64 (stmt, 10);
  self->sha256 = dup_column (stmt, 11);
  self->server_id = dup_column (stmt, 12);
  self->response = dup_column (stmt, 13);
  self->attempts = sqlite3_column_int (stmt, 14);
  self->next_attempt_at = sqlite3_column_int64 (stmt, 15);
  self->error_code = dup_column (stmt, 16);
  self->error_message = dup_column (stmt, 17);
  self->error_field = dup_column (stmt, 18);
  self->created_at = sqlite3_column_int64 (stmt, 19);
  self->updated_at = sqlite3_column_int64 (stmt, 20);

  if (self->body != NULL)
    self->body_node = json_from_string (self->body, NULL);

  return self;
}

void
iv_outbox_item_add_dependency (IvOutboxItem *self,
                               gint64        depends_on)
{
  g_array_append_val (self->depends_on, depends_on);
}

gint64 iv_outbox_item_get_id (IvOutboxItem *self) { g_return_val_if_fail (IV_IS_OUTBOX_ITEM (self), 0); return self->id; }
IvOutboxKind iv_outbox_item_get_kind (IvOutboxItem *self) { g_return_val_if_fail (IV_IS_OUTBOX_ITEM (self), 0); return self->kind; }
IvOutboxState iv_outbox_item_get_state (IvOutboxItem *self) { g_return_val_if_fail (IV_IS_OUTBOX_ITEM (self), 0); return self->state; }
const char *iv_outbox_item_get_idempotency_key (IvOutboxItem *self) { g_return_val_if_fail (IV_IS_OUTBOX_ITEM (self), NULL); return self->idempotency_key; }
const char *iv_outbox_item_get_target_id (IvOutboxItem *self) { g_return_val_if_fail (IV_IS_OUTBOX_ITEM (self), NULL); return self->target_id; }
gint64 iv_outbox_item_get_if_match (IvOutboxItem *self) { g_return_val_if_fail (IV_IS_OUTBOX_ITEM (self), -1); return self->if_match; }
JsonNode *iv_outbox_item_get_body (IvOutboxItem *self) { g_return_val_if_fail (IV_IS_OUTBOX_ITEM (self), NULL); return self->body_node; }
const char *iv_outbox_item_get_body_string (IvOutboxItem *self) { g_return_val_if_fail (IV_IS_OUTBOX_ITEM (self), NULL); return self->body; }
const char *iv_outbox_item_get_draft_id (IvOutboxItem *self) { g_return_val_if_fail (IV_IS_OUTBOX_ITEM (self), NULL); return self->draft_id; }
const char *iv_outbox_item_get_filename (IvOutboxItem *self) { g_return_val_if_fail (IV_IS_OUTBOX_ITEM (self), NULL); return self->filename; }
const char *iv_outbox_item_get_content_type (IvOutboxItem *self) { g_return_val_if_fail (IV_IS_OUTBOX_ITEM (self), NULL); return self->content_type; }
goffset iv_outbox_item_get_size (IvOutboxItem *self) { g_return_val_if_fail (IV_IS_OUTBOX_ITEM (self), 0); return self->size; }
const char *iv_outbox_item_get_sha256 (IvOutboxItem *self) { g_return_val_if_fail (IV_IS_OUTBOX_ITEM (self), NULL); return self->sha256; }
const char *iv_outbox_item_get_server_id (IvOutboxItem *self) { g_return_val_if_fail (IV_IS_OUTBOX_ITEM (self), NULL); return self->server_id; }
const char *iv_outbox_item_get_response (IvOutboxItem *self) { g_return_val_if_fail (IV_IS_OUTBOX_ITEM (self), NULL); return self->response; }
guint iv_outbox_item_get_attempts (IvOutboxItem *self) { g_return_val_if_fail (IV_IS_OUTBOX_ITEM (self), 0); return self->attempts; }
gint64 iv_outbox_item_get_next_attempt_at (IvOutboxItem *self) { g_return_val_if_fail (IV_IS_OUTBOX_ITEM (self), 0); return self->next_attempt_at; }
const char *iv_outbox_item_get_error_code (IvOutboxItem *self) { g_return_val_if_fail (IV_IS_OUTBOX_ITEM (self), NULL); return self->error_code; }
const char *iv_outbox_item_get_error_message (IvOutboxItem *self) { g_return_val_if_fail (IV_IS_OUTBOX_ITEM (self), NULL); return self->error_message; }
const char *iv_outbox_item_get_error_field (IvOutboxItem *self) { g_return_val_if_fail (IV_IS_OUTBOX_ITEM (self), NULL); return self->error_field; }
gint64 iv_outbox_item_get_created_at (IvOutboxItem *self) { g_return_val_if_fail (IV_IS_OUTBOX_ITEM (self), 0); return self->created_at; }
gint64 iv_outbox_item_get_updated_at (IvOutboxItem *self) { g_return_val_if_fail (IV_IS_OUTBOX_ITEM (self), 0); return self->updated_at; }
GArray *iv_outbox_item_get_depends_on (IvOutboxItem *self) { g_return_val_if_fail (IV_IS_OUTBOX_ITEM (self), NULL); return self->depends_on; }

char *
iv_outbox_item_dup_placeholder (IvOutboxItem *self)
{
  g_return_val_if_fail (IV_IS_OUTBOX_ITEM (self), NULL);
  return g_strdup_printf (IV_OUTBOX_PLACEHOLDER_PREFIX "%" G_GINT64_FORMAT, self->id);
}
