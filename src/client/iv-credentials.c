/* iv-credentials.c: the session's tokens in libsecret, with an in-memory fallback */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>
#include <string.h>

#include "iv-credentials.h"

struct _IvCredentials
{
  GObject     parent_instance;

  /* "url\naccount" → the secret's JSON text; only used without a secret service */
  GHashTable *memory;
  gboolean    in_memory;
};

G_DEFINE_FINAL_TYPE (IvCredentials, iv_credentials, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_IN_MEMORY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct {
  char *service_url;
  char *account;
  char *secret;     /* JSON text, wiped when freed */
} CredentialsOp;

static const SecretSchema *
session_schema (void)
{
  static const SecretSchema schema = {
    IV_CREDENTIALS_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { "service-url", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  };

  return &schema;
}

static void
wipe_string (char *text)
{
  if (text == NULL)
    return;
  /* Tokens should not linger in freed memory */
  explicit_bzero (text, strlen (text));
  g_free (text);
}

static void
credentials_op_free (CredentialsOp *op)
{
  g_free (op->service_url);
  g_free (op->account);
  wipe_string (op->secret);
  g_free (op);
}

static char *
memory_key (const char *service_url,
            const char *account)
{
  return g_strconcat (service_url, "\n", account, NULL);
}

static void
set_in_memory (IvCredentials *self,
               const GError  *why)
{
  if (self->in_memory)
    return;

  g_debug ("No secret service, keeping the session in memory: %s", why->message);
  self->in_memory = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IN_MEMORY]);
}

static char *
encode_secret (const char *account,
               const char *access_token,
               const char *refresh_token)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "account");
  json_builder_add_string_value (builder, account);
  json_builder_set_member_name (builder, "access_token");
  if (access_token != NULL)
    json_builder_add_string_value (builder, access_token);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "refresh_token");
  json_builder_add_string_value (builder, refresh_token);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* Splits a stored secret; FALSE when it is not ours */
static gboolean
decode_secret (const char  *secret,
               char       **out_account,
               char       **out_access_token,
               char       **out_refresh_token)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  const char *refresh;

  if (!json_parser_load_from_data (parser, secret, -1, NULL))
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;

  object = json_node_get_object (json_parser_get_root (parser));
  refresh = json_object_get_string_member_with_default (object, "refresh_token", NULL);
  if (refresh == NULL || *refresh == '\0')
    return FALSE;

  if (out_account != NULL)
    *out_account = g_strdup (json_object_get_string_member_with_default (object, "account", NULL));
  if (out_access_token != NULL)
    *out_access_token = g_strdup (json_object_get_string_member_with_default (object, "access_token", NULL));
  if (out_refresh_token != NULL)
    *out_refresh_token = g_strdup (refresh);

  return TRUE;
}

/* Whether a memory key is the session of account at service_url, or of
 * any account there when account is NULL */
static gboolean
memory_key_matches (const char *key,
                    const char *service_url,
                    const char *account)
{
  gsize url_length = strlen (service_url);

  if (strncmp (key, service_url, url_length) != 0 || key[url_length] != '\n')
    return FALSE;
  return account == NULL || strcmp (key + url_length + 1, account) == 0;
}

static const char *
memory_lookup (IvCredentials *self,
               const char    *service_url,
               const char    *account)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->memory);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (memory_key_matches (key, service_url, account))
      return value;

  return NULL;
}

static void
memory_clear (IvCredentials *self,
              const char    *service_url,
              const char    *account)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->memory);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (memory_key_matches (key, service_url, account))
      g_hash_table_iter_remove (&iter);
}

/* The keyring attributes of the session of account at service_url, or of
 * any account there when account is NULL.  The table borrows the strings. */
static GHashTable *
session_attributes (const char *service_url,
                    const char *account)
{
  GHashTable *attributes = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (attributes, (gpointer) "service-url", (gpointer) service_url);
  if (account != NULL)
    g_hash_table_insert (attributes, (gpointer) "account", (gpointer) account);
  return attributes;
}

static gboolean
is_cancellation (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
store_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IvCredentials *self = g_task_get_source_object (task);
  CredentialsOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (secret_password_store_finish (result, &error))
    {
      /* The secret service has it now: no stale copy in memory */
      memory_clear (self, op->service_url, op->account);
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (is_cancellation (error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  set_in_memory (self, error);
  g_hash_table_replace (self->memory,
                        memory_key (op->service_url, op->account),
                        g_steal_pointer (&op->secret));
  g_task_return_boolean (task, TRUE);
}

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IvCredentials *self = g_task_get_source_object (task);
  CredentialsOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      if (is_cancellation (error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      set_in_memory (self, error);
      op->secret = g_strdup (memory_lookup (self, op->service_url, op->account));
    }
  else
    {
      op->secret = g_strdup (secret);
      secret_password_free (secret);
    }

  g_task_return_boolean (task, TRUE);
}

static void
clear_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IvCredentials *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  /* FALSE without an error only means there was nothing to remove */
  if (!secret_password_clear_finish (result, &error) && error != NULL)
    {
      if (is_cancellation (error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      set_in_memory (self, error);
    }

  g_task_return_boolean (task, TRUE);
}

static void
iv_credentials_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  IvCredentials *self = IV_CREDENTIALS (object);

  switch (prop_id)
    {
    case PROP_IN_MEMORY:
      g_value_set_boolean (value, self->in_memory);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_credentials_finalize (GObject *object)
{
  IvCredentials *self = IV_CREDENTIALS (object);

  g_clear_pointer (&self->memory, g_hash_table_unref);

  G_OBJECT_CLASS (iv_credentials_parent_class)->finalize (object);
}

static void
iv_credentials_class_init (IvCredentialsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = iv_credentials_get_property;
  object_class->finalize = iv_credentials_finalize;

  properties[PROP_IN_MEMORY] =
    g_param_spec_boolean ("in-memory", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
iv_credentials_init (IvCredentials *self)
{
  self->memory = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) wipe_string);
}

IvCredentials *
iv_credentials_new (void)
{
  return g_object_new (IV_TYPE_CREDENTIALS, NULL);
}

gboolean
iv_credentials_get_in_memory (IvCredentials *self)
{
  g_return_val_if_fail (IV_IS_CREDENTIALS (self), FALSE);

  return self->in_memory;
}

void
iv_credentials_store_async (IvCredentials       *self,
                            const char          *service_url,
                            const char          *account,
                            const char          *access_token,
                            const char          *refresh_token,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *label = NULL;
  CredentialsOp *op;

  g_return_if_fail (IV_IS_CREDENTIALS (self));
  g_return_if_fail (service_url != NULL);
  g_return_if_fail (account != NULL);
  g_return_if_fail (refresh_token != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, iv_credentials_store_async);

  op = g_new0 (CredentialsOp, 1);
  op->service_url = g_strdup (service_url);
  op->account = g_strdup (account);
  op->secret = encode_secret (account, access_token, refresh_token);
  g_task_set_task_data (task, op, (GDestroyNotify) credentials_op_free);

  if (self->in_memory)
    {
      g_hash_table_replace (self->memory, memory_key (service_url, account),
                            g_steal_pointer (&op->secret));
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* Translators: the label of the saved session in the keyring; %s is the account */
  label = g_strdup_printf (_("Innovation Vouchers session of %s"), account);
  attributes = session_attributes (service_url, account);
  secret_password_storev (session_schema (), attributes, SECRET_COLLECTION_DEFAULT, label,
                          op->secret, cancellable, store_cb, g_steal_pointer (&task));
}

gboolean
iv_credentials_store_finish (IvCredentials  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == iv_credentials_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
iv_credentials_lookup_async (IvCredentials       *self,
                             const char          *service_url,
                             const char          *account,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  CredentialsOp *op;

  g_return_if_fail (IV_IS_CREDENTIALS (self));
  g_return_if_fail (service_url != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, iv_credentials_lookup_async);

  op = g_new0 (CredentialsOp, 1);
  op->service_url = g_strdup (service_url);
  op->account = g_strdup (account);
  g_task_set_task_data (task, op, (GDestroyNotify) credentials_op_free);

  if (self->in_memory)
    {
      op->secret = g_strdup (memory_lookup (self, service_url, account));
      g_task_return_boolean (task, TRUE);
      return;
    }

  attributes = session_attributes (service_url, account);
  secret_password_lookupv (session_schema (), attributes, cancellable, lookup_cb, g_steal_pointer (&task));
}

gboolean
iv_credentials_lookup_finish (IvCredentials  *self,
                              GAsyncResult   *result,
                              char          **out_account,
                              char          **out_access_token,
                              char          **out_refresh_token,
                              GError        **error)
{
  CredentialsOp *op;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == iv_credentials_lookup_async, FALSE);

  if (out_account != NULL)
    *out_account = NULL;
  if (out_access_token != NULL)
    *out_access_token = NULL;
  if (out_refresh_token != NULL)
    *out_refresh_token = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  op = g_task_get_task_data (G_TASK (result));
  if (op->secret != NULL &&
      !decode_secret (op->secret, out_account, out_access_token, out_refresh_token))
    g_debug ("Ignoring a saved session that is not ours");

  return TRUE;
}

void
iv_credentials_clear_async (IvCredentials       *self,
                            const char          *service_url,
                            const char          *account,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (IV_IS_CREDENTIALS (self));
  g_return_if_fail (service_url != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, iv_credentials_clear_async);

  /* Memory first: sign-out must forget the tokens whatever happens next */
  memory_clear (self, service_url, account);

  if (self->in_memory)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  attributes = session_attributes (service_url, account);
  secret_password_clearv (session_schema (), attributes, cancellable, clear_cb, g_steal_pointer (&task));
}

gboolean
iv_credentials_clear_finish (IvCredentials  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == iv_credentials_clear_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
