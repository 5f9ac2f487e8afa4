/* iv-draft.c: a snapshot of one saved draft (an application or a claim being written) */
#include "config.h"

#include "iv-draft.h"

struct _IvDraft
{
  GObject   parent_instance;

  char     *id;
  char     *kind;
  char     *server_id;
  JsonNode *body;
  JsonNode *files;
  gint64    created_at;
  gint64    updated_at;
};

G_DEFINE_FINAL_TYPE (IvDraft, iv_draft, G_TYPE_OBJECT)

static void
iv_draft_finalize (GObject *object)
{
  IvDraft *self = IV_DRAFT (object);

  g_free (self->id);
  g_free (self->kind);
  g_free (self->server_id);
  g_clear_pointer (&self->body, json_node_unref);
  g_clear_pointer (&self->files, json_node_unref);

  G_OBJECT_CLASS (iv_draft_parent_class)->finalize (object);
}

static void
iv_draft_class_init (IvDraftClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = iv_draft_finalize;
}

static void
iv_draft_init (IvDraft *self)
{
}

IvDraft *
iv_draft_new (const char *id,
              const char *kind,
              const char *server_id,
              JsonNode   *body,
              JsonNode   *files,
              gint64      created_at,
              gint64      updated_at)
{
  IvDraft *self = g_object_new (IV_TYPE_DRAFT, NULL);

  self->id = g_strdup (id);
  self->kind = g_strdup (kind);
  self->server_id = g_strdup (server_id);
  self->body = body != NULL ? json_node_ref (body) : json_node_new (JSON_NODE_NULL);
  if (files != NULL)
    self->files = json_node_ref (files);
  else
    self->files = json_node_init_array (json_node_alloc (), json_array_new ());
  self->created_at = created_at;
  self->updated_at = updated_at;
  return self;
}

const char *iv_draft_get_id (IvDraft *self) { g_return_val_if_fail (IV_IS_DRAFT (self), NULL); return self->id; }
const char *iv_draft_get_kind (IvDraft *self) { g_return_val_if_fail (IV_IS_DRAFT (self), NULL); return self->kind; }
const char *iv_draft_get_server_id (IvDraft *self) { g_return_val_if_fail (IV_IS_DRAFT (self), NULL); return self->server_id; }
JsonNode *iv_draft_get_body (IvDraft *self) { g_return_val_if_fail (IV_IS_DRAFT (self), NULL); return self->body; }
JsonNode *iv_draft_get_files (IvDraft *self) { g_return_val_if_fail (IV_IS_DRAFT (self), NULL); return self->files; }
gint64 iv_draft_get_created_at (IvDraft *self) { g_return_val_if_fail (IV_IS_DRAFT (self), 0); return self->created_at; }
gint64 iv_draft_get_updated_at (IvDraft *self) { g_return_val_if_fail (IV_IS_DRAFT (self), 0); return self->updated_at; }

guint
iv_draft_get_n_files (IvDraft *self)
{
  g_return_val_if_fail (IV_IS_DRAFT (self), 0);
  return json_array_get_length (json_node_get_array (self->files));
}
