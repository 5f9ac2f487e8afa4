/* iv-outbox-runner.c: replays the outbox against the service, one item at a time, in order */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "iv-outbox-runner.h"

struct _IvOutboxRunner {
  GObject       parent_instance;
  IvApiClient  *api_client;
  IvOutbox     *outbox;
  IvBackoff    *backoff;
  gboolean      paused;
  guint         busy;
};

G_DEFINE_FINAL_TYPE (IvOutboxRunner, iv_outbox_runner, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_API_CLIENT,
  PROP_OUTBOX,
  PROP_PAUSED,
  PROP_BUSY,
  N_PROPS
};

enum {
  ITEM_DONE,
  ITEM_NEEDS_ATTENTION,
  ITEM_RETRY,
  SERVER_COPY,
  SIGN_IN_NEEDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* What a step answers internally: the outcome, and for RETRY the error
 * that caused it (run reports it) */
typedef struct {
  IvOutboxStep  step;
  GError       *cause;
} StepResult;

static void
step_result_free (StepResult *result)
{
  g_clear_error (&result->cause);
  g_free (result);
}

typedef struct {
  IvOutboxItem *item;
  char         *target_id;
  JsonNode     *body;
  GError       *api_error;   /* the refusal being settled by a reconcile GET */
} StepData;

static void
step_data_free (StepData *data)
{
  g_clear_object (&data->item);
  g_free (data->target_id);
  g_clear_pointer (&data->body, json_node_unref);
  g_clear_error (&data->api_error);
  g_free (data);
}

static void
set_busy (IvOutboxRunner *self,
          gboolean        busy)
{
  guint before = self->busy;

  if (busy)
    self->busy++;
  else if (self->busy > 0)
    self->busy--;
  if ((before == 0) != (self->busy == 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
return_step (GTask        *task,
             IvOutboxStep  step,
             GError       *cause)
{
  StepResult *result = g_new0 (StepResult, 1);

  result->step = step;
  result->cause = cause;
  g_task_return_pointer (task, result, (GDestroyNotify) step_result_free);
}

/* --------------------------------------------------------------------- */

static const char *
error_server_code (const GError *error)
{
  const char *code = NULL;

  if (error->domain == IV_API_ERROR)
    {
      code = iv_api_error_get_server_code (error);
      if (code == NULL)
        code = iv_api_error_to_server_code (error->code);
    }
  return code != NULL ? code : "local_error";
}

static const char *
error_server_message (const GError *error)
{
  const char *message = NULL;

  if (error->domain == IV_API_ERROR)
    message = iv_api_error_get_server_message (error);
  return message != NULL ? message : error->message;
}

static void
finish_needs_attention (GTask        *task,
                        StepData     *data,
                        const GError *error)
{
  IvOutboxRunner *self = g_task_get_source_object (task);
  gint64 id = iv_outbox_item_get_id (data->item);
  g_autoptr(GError) local_error = NULL;
  const char *field = error->domain == IV_API_ERROR ? iv_api_error_get_field (error) : NULL;

  if (!iv_outbox_mark_needs_attention (self->outbox, id, error_server_code (error),
                                       error_server_message (error), field, &local_error))
    {
      g_task_return_error (task, g_steal_pointer (&local_error));
      return;
    }
  g_signal_emit (self, signals[ITEM_NEEDS_ATTENTION], 0, id);
  return_step (task, IV_OUTBOX_STEP_NEEDS_ATTENTION, NULL);
}

static void
finish_done (GTask      *task,
             StepData   *data,
             const char *server_id,
             JsonNode   *json)
{
  IvOutboxRunner *self = g_task_get_source_object (task);
  gint64 id = iv_outbox_item_get_id (data->item);
  g_autoptr(GError) error = NULL;
  g_autofree char *response = json != NULL ? json_to_string (json, FALSE) : NULL;

  if (!iv_outbox_mark_done (self->outbox, id, server_id, response, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_signal_emit (self, signals[ITEM_DONE], 0, id, server_id);
  return_step (task, IV_OUTBOX_STEP_DONE, NULL);
}

/* Transient failures and a refused session; TRUE when handled */
static gboolean
handle_transient (GTask    *task,
                  StepData *data,
                  GError   *error)
{
  IvOutboxRunner *self = g_task_get_source_object (task);
  gint64 id = iv_outbox_item_get_id (data->item);
  g_autoptr(GError) local_error = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, IV_API_ERROR, IV_API_ERROR_SESSION_EXPIRED) ||
      g_error_matches (error, IV_API_ERROR, IV_API_ERROR_NOT_SIGNED_IN))
    {
      /* Not the item's fault: back to queued, same key, sent again later */
      if (!iv_outbox_mark_queued (self->outbox, id, &local_error))
        {
          g_task_return_error (task, g_steal_pointer (&local_error));
          g_error_free (error);
          return TRUE;
        }
      if (error->domain == IV_API_ERROR && !self->paused)
        {
          self->paused = TRUE;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
          g_signal_emit (self, signals[SIGN_IN_NEEDED], 0);
        }
      g_task_return_error (task, error);
      return TRUE;
    }

  /* The bodies we send are always well-formed JSON: a 400 invalid_json
   * means the body was lost on the way (libsoup 3.2 resends a PUT on a
   * dropped kept-alive connection without its body), so it is a transport
   * fault like any other.  A failed request does not use up its key. */
  if (error->domain == IV_API_ERROR &&
      (iv_api_error_is_retryable (error) || error->code == IV_API_ERROR_INVALID_JSON))
    {
      /* Anything else that is not the service's (e.g. the private copy of
       * an attachment cannot be read) will not mend by waiting: it goes to
       * needs_attention with the local reason */
      guint attempt = iv_outbox_item_get_attempts (data->item) + 1;
      gint retry_after = iv_api_error_get_retry_after (error);
      gint64 when = g_get_real_time () + iv_backoff_delay_ms (self->backoff, attempt, retry_after) * 1000;

      if (!iv_outbox_mark_retry (self->outbox, id, when, &local_error))
        {
          g_task_return_error (task, g_steal_pointer (&local_error));
          g_error_free (error);
          return TRUE;
        }
      g_signal_emit (self, signals[ITEM_RETRY], 0, id, when);
      return_step (task, IV_OUTBOX_STEP_RETRY, error);
      return TRUE;
    }
  return FALSE;
}

/* Every member of ours is in theirs with the same value (objects
 * recursively: the service may add members such as a null invoice code) */
static gboolean
json_subset (JsonNode *ours,
             JsonNode *theirs)
{
  if (JSON_NODE_HOLDS_OBJECT (ours) && JSON_NODE_HOLDS_OBJECT (theirs))
    {
      JsonObject *a = json_node_get_object (ours);
      JsonObject *b = json_node_get_object (theirs);
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, a);
      while (json_object_iter_next (&iter, &name, &member))
        {
          JsonNode *other = json_object_get_member (b, name);

          if (other == NULL)
            {
              if (JSON_NODE_HOLDS_NULL (member))
                continue;
              return FALSE;
            }
          if (!json_subset (member, other))
            return FALSE;
        }
      return TRUE;
    }
  return json_node_equal (ours, theirs);
}

static const char *
json_status (JsonNode *json)
{
  if (json == NULL || !JSON_NODE_HOLDS_OBJECT (json))
    return "";
  return json_object_get_string_member_with_default (json_node_get_object (json), "status", "");
}

static gint64
json_version (JsonNode *json)
{
  if (json == NULL || !JSON_NODE_HOLDS_OBJECT (json))
    return -1;
  return json_object_get_int_member_with_default (json_node_get_object (json), "version", -1);
}

/* A refused update, withdrawal or cancellation may be our own earlier
 * call, applied by the service while its answer was lost (these calls
 * have no idempotency record on the service): the object's current state
 * tells. */
static gboolean
already_applied (StepData *data,
                 JsonNode *server)
{
  const char *status = json_status (server);

  switch (iv_outbox_item_get_kind (data->item))
    {
    case IV_OUTBOX_KIND_WITHDRAW_APPLICATION:
      return g_str_equal (status, "withdrawn");
    case IV_OUTBOX_KIND_CANCEL_ORDER:
      return g_str_equal (status, "cancelled");
    case IV_OUTBOX_KIND_RESUBMIT_APPLICATION:
    case IV_OUTBOX_KIND_RESUBMIT_CLAIM:
      return !g_str_equal (status, "returned") &&
             json_version (server) > iv_outbox_item_get_if_match (data->item) &&
             data->body != NULL && json_subset (data->body, server);
    case IV_OUTBOX_KIND_CREATE_APPLICATION:
    case IV_OUTBOX_KIND_CREATE_ORDER:
    case IV_OUTBOX_KIND_UPLOAD_ATTACHMENT:
    case IV_OUTBOX_KIND_CREATE_CLAIM:
    default:
      return FALSE;
    }
}

static void
reconcile_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IvOutboxRunner *self = g_task_get_source_object (task);
  StepData *data = g_task_get_task_data (task);
  IvOutboxKind kind = iv_outbox_item_get_kind (data->item);
  g_autoptr(IvApiResponse) response = NULL;
  GError *error = NULL;
  JsonNode *server;

  switch (kind)
    {
    case IV_OUTBOX_KIND_RESUBMIT_APPLICATION:
    case IV_OUTBOX_KIND_WITHDRAW_APPLICATION:
      response = iv_api_client_get_application_finish (IV_API_CLIENT (source), result, &error);
      break;
    case IV_OUTBOX_KIND_CANCEL_ORDER:
      response = iv_api_client_get_order_finish (IV_API_CLIENT (source), result, &error);
      break;
    case IV_OUTBOX_KIND_RESUBMIT_CLAIM:
    default:
      response = iv_api_client_get_claim_finish (IV_API_CLIENT (source), result, &error);
      break;
    }

  if (response == NULL)
    {
      if (handle_transient (task, data, error))
        return;
      /* The object cannot be read either: the original refusal stands */
      g_error_free (error);
      finish_needs_attention (task, data, data->api_error);
      return;
    }

  server = iv_api_response_get_json (response);
  if (server != NULL)
    g_signal_emit (self, signals[SERVER_COPY], 0, (int) kind, server);

  if (server != NULL && already_applied (data, server))
    finish_done (task, data, data->target_id, server);
  else
    finish_needs_attention (task, data, data->api_error);
}

static void
reconcile (GTask    *task,
           StepData *data)
{
  IvOutboxRunner *self = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  switch (iv_outbox_item_get_kind (data->item))
    {
    case IV_OUTBOX_KIND_RESUBMIT_APPLICATION:
    case IV_OUTBOX_KIND_WITHDRAW_APPLICATION:
      iv_api_client_get_application_async (self->api_client, data->target_id, NULL, cancellable,
                                           reconcile_done, g_object_ref (task));
      break;
    case IV_OUTBOX_KIND_CANCEL_ORDER:
      iv_api_client_get_order_async (self->api_client, data->target_id, NULL, cancellable,
                                     reconcile_done, g_object_ref (task));
      break;
    case IV_OUTBOX_KIND_RESUBMIT_CLAIM:
      iv_api_client_get_claim_async (self->api_client, data->target_id, NULL, cancellable,
                                     reconcile_done, g_object_ref (task));
      break;
    case IV_OUTBOX_KIND_CREATE_APPLICATION:
    case IV_OUTBOX_KIND_CREATE_ORDER:
    case IV_OUTBOX_KIND_UPLOAD_ATTACHMENT:
    case IV_OUTBOX_KIND_CREATE_CLAIM:
    default:
      g_assert_not_reached ();
    }
}

/* The API call that sends each kind: one of create (body, key), update
 * (target, If-Match version, body) or action (target, key); none of them for
 * the upload, which sends a file */
typedef struct {
  void            (*create) (IvApiClient *api, JsonNode *body, const char *idempotency_key,
                             GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
  void            (*update) (IvApiClient *api, const char *id, gint64 version, JsonNode *body,
                             GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
  void            (*action) (IvApiClient *api, const char *id, const char *idempotency_key,
                             GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
  IvApiResponse * (*finish) (IvApiClient *api, GAsyncResult *result, GError **error);
} KindCall;

static const KindCall kind_calls[] = {
  [IV_OUTBOX_KIND_CREATE_APPLICATION] = { .create = iv_api_client_create_application_async,
                                          .finish = iv_api_client_create_application_finish },
  [IV_OUTBOX_KIND_RESUBMIT_APPLICATION] = { .update = iv_api_client_update_application_async,
                                            .finish = iv_api_client_update_application_finish },
  [IV_OUTBOX_KIND_WITHDRAW_APPLICATION] = { .action = iv_api_client_withdraw_application_async,
                                            .finish = iv_api_client_withdraw_application_finish },
  [IV_OUTBOX_KIND_CREATE_ORDER] = { .create = iv_api_client_create_order_async,
                                    .finish = iv_api_client_create_order_finish },
  [IV_OUTBOX_KIND_CANCEL_ORDER] = { .action = iv_api_client_cancel_order_async,
                                    .finish = iv_api_client_cancel_order_finish },
  [IV_OUTBOX_KIND_UPLOAD_ATTACHMENT] = { .finish = iv_api_client_upload_attachment_file_finish },
  [IV_OUTBOX_KIND_CREATE_CLAIM] = { .create = iv_api_client_create_claim_async,
                                    .finish = iv_api_client_create_claim_finish },
  [IV_OUTBOX_KIND_RESUBMIT_CLAIM] = { .update = iv_api_client_update_claim_async,
                                      .finish = iv_api_client_update_claim_finish },
};

/* NULL for a kind this version does not know (a newer program queued it) */
static const KindCall *
call_for (IvOutboxKind kind)
{
  if ((guint) kind >= G_N_ELEMENTS (kind_calls))
    return NULL;
  return &kind_calls[kind];
}

static gboolean
kind_is_update (IvOutboxKind kind)
{
  return kind == IV_OUTBOX_KIND_RESUBMIT_APPLICATION || kind == IV_OUTBOX_KIND_RESUBMIT_CLAIM ||
         kind == IV_OUTBOX_KIND_WITHDRAW_APPLICATION || kind == IV_OUTBOX_KIND_CANCEL_ORDER;
}

static void
call_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StepData *data = g_task_get_task_data (task);
  IvApiClient *api = IV_API_CLIENT (source);
  IvOutboxKind kind = iv_outbox_item_get_kind (data->item);
  const KindCall *call = call_for (kind);
  g_autoptr(IvApiResponse) response = NULL;
  GError *error = NULL;
  JsonNode *json;
  const char *server_id = NULL;

  /* step_start sent nothing for a kind without a call */
  g_assert (call != NULL);
  response = call->finish (api, result, &error);
  if (response == NULL)
    {
      if (handle_transient (task, data, error))
        return;
      if (kind_is_update (kind) && data->target_id != NULL)
        {
          data->api_error = error;
          reconcile (task, data);
          return;
        }
      finish_needs_attention (task, data, error);
      g_error_free (error);
      return;
    }

  json = iv_api_response_get_json (response);
  if (json != NULL && JSON_NODE_HOLDS_OBJECT (json))
    server_id = json_object_get_string_member_with_default (json_node_get_object (json), "id", NULL);
  if (server_id == NULL)
    server_id = data->target_id;
  finish_done (task, data, server_id, json);
}

static void
step_start (IvOutboxRunner *self,
            GTask          *task)
{
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(IvOutboxItem) item = NULL;
  g_autoptr(GError) error = NULL;
  const KindCall *call;
  const char *key;
  StepData *data;
  gint64 id;

  if (self->paused)
    {
      g_task_return_new_error (task, IV_API_ERROR, IV_API_ERROR_SESSION_EXPIRED,
                               _("Sending waits until you sign in again"));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  item = iv_outbox_next_ready_item (self->outbox, g_get_real_time (), &error);
  if (item == NULL)
    {
      if (error != NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        return_step (task, IV_OUTBOX_STEP_IDLE, NULL);
      return;
    }

  id = iv_outbox_item_get_id (item);
  if (!iv_outbox_mark_in_flight (self->outbox, id, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_new0 (StepData, 1);
  data->item = g_steal_pointer (&item);
  g_task_set_task_data (task, data, (GDestroyNotify) step_data_free);

  data->body = iv_outbox_resolve_body (self->outbox, data->item, &data->target_id, &error);
  if (data->body == NULL && error != NULL)
    {
      finish_needs_attention (task, data, error);
      return;
    }

  call = call_for (iv_outbox_item_get_kind (data->item));
  key = iv_outbox_item_get_idempotency_key (data->item);
  if (call == NULL)
    {
      g_autoptr(GError) unknown = g_error_new (IV_STORE_ERROR, IV_STORE_ERROR_INVALID,
                                               _("This change cannot be sent by this version of the program"));

      finish_needs_attention (task, data, unknown);
    }
  else if (call->create != NULL)
    call->create (self->api_client, data->body, key, cancellable, call_done, g_object_ref (task));
  else if (call->update != NULL)
    call->update (self->api_client, data->target_id, iv_outbox_item_get_if_match (data->item), data->body,
                  cancellable, call_done, g_object_ref (task));
  else if (call->action != NULL)
    call->action (self->api_client, data->target_id, key, cancellable, call_done, g_object_ref (task));
  else
    {
      g_autoptr(GFile) file = iv_outbox_get_file (self->outbox, data->item);

      iv_api_client_upload_attachment_file_async (self->api_client, file,
                                                  iv_outbox_item_get_content_type (data->item),
                                                  iv_outbox_item_get_filename (data->item), key,
                                                  cancellable, call_done, g_object_ref (task));
    }
}

static void
busy_done (gpointer  data,
           GObject  *where_the_task_was)
{
  IvOutboxRunner *self = data;

  (void) where_the_task_was;

  set_busy (self, FALSE);
  g_object_unref (self);
}

void
iv_outbox_runner_step_async (IvOutboxRunner      *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (IV_IS_OUTBOX_RUNNER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, iv_outbox_runner_step_async);
  set_busy (self, TRUE);
  g_object_weak_ref (G_OBJECT (task), busy_done, g_object_ref (self));
  step_start (self, task);
}

static StepResult *
step_finish_result (IvOutboxRunner  *self,
                    GAsyncResult    *result,
                    GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

IvOutboxStep
iv_outbox_runner_step_finish (IvOutboxRunner  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  StepResult *step = step_finish_result (self, result, error);
  IvOutboxStep answer;

  if (step == NULL)
    return IV_OUTBOX_STEP_IDLE;
  answer = step->step;
  step_result_free (step);
  return answer;
}

/* --------------------------------------------------------------------- */

typedef struct {
  guint sent;
} RunData;

static void run_next (GTask *task);

static void
run_step_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunData *run = g_task_get_task_data (task);
  GError *error = NULL;
  StepResult *step = step_finish_result (IV_OUTBOX_RUNNER (source), result, &error);

  if (step == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  switch (step->step)
    {
    case IV_OUTBOX_STEP_IDLE:
      g_task_return_boolean (task, TRUE);
      break;
    case IV_OUTBOX_STEP_RETRY:
      /* The service is not usable now: stop, the item's time is set */
      g_task_return_error (task, g_steal_pointer (&step->cause));
      break;
    case IV_OUTBOX_STEP_DONE:
      run->sent++;
      run_next (task);
      break;
    case IV_OUTBOX_STEP_NEEDS_ATTENTION:
    default:
      run_next (task);
      break;
    }
  step_result_free (step);
}

static void
run_next (GTask *task)
{
  IvOutboxRunner *self = g_task_get_source_object (task);

  iv_outbox_runner_step_async (self, g_task_get_cancellable (task), run_step_done, g_object_ref (task));
}

void
iv_outbox_runner_run_async (IvOutboxRunner      *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (IV_IS_OUTBOX_RUNNER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, iv_outbox_runner_run_async);
  g_task_set_task_data (task, g_new0 (RunData, 1), g_free);
  run_next (task);
}

gboolean
iv_outbox_runner_run_finish (IvOutboxRunner  *self,
                             GAsyncResult    *result,
                             guint           *out_sent,
                             GError         **error)
{
  RunData *run;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  run = g_task_get_task_data (G_TASK (result));
  if (out_sent != NULL)
    *out_sent = run->sent;
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --------------------------------------------------------------------- */

static void
iv_outbox_runner_dispose (GObject *object)
{
  IvOutboxRunner *self = IV_OUTBOX_RUNNER (object);

  g_clear_object (&self->api_client);
  g_clear_object (&self->outbox);
  g_clear_object (&self->backoff);
  G_OBJECT_CLASS (iv_outbox_runner_parent_class)->dispose (object);
}

static void
iv_outbox_runner_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  IvOutboxRunner *self = IV_OUTBOX_RUNNER (object);

  switch (prop_id)
    {
    case PROP_API_CLIENT:
      g_value_set_object (value, self->api_client);
      break;
    case PROP_OUTBOX:
      g_value_set_object (value, self->outbox);
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_outbox_runner_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  IvOutboxRunner *self = IV_OUTBOX_RUNNER (object);

  switch (prop_id)
    {
    case PROP_API_CLIENT:
      self->api_client = g_value_dup_object (value);
      break;
    case PROP_OUTBOX:
      self->outbox = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_outbox_runner_class_init (IvOutboxRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = iv_outbox_runner_dispose;
  object_class->get_property = iv_outbox_runner_get_property;
  object_class->set_property = iv_outbox_runner_set_property;

  properties[PROP_API_CLIENT] =
    g_param_spec_object ("api-client", NULL, NULL, IV_TYPE_API_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OUTBOX] =
    g_param_spec_object ("outbox", NULL, NULL, IV_TYPE_OUTBOX,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ITEM_DONE] = g_signal_new ("item-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);
  signals[ITEM_NEEDS_ATTENTION] = g_signal_new ("item-needs-attention", G_TYPE_FROM_CLASS (klass),
                                                G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[ITEM_RETRY] = g_signal_new ("item-retry", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);
  signals[SERVER_COPY] = g_signal_new ("server-copy", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT,
                                       JSON_TYPE_NODE | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGN_IN_NEEDED] = g_signal_new ("sign-in-needed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
iv_outbox_runner_init (IvOutboxRunner *self)
{
  self->backoff = iv_backoff_new (IV_BACKOFF_DEFAULT_BASE_MS, IV_BACKOFF_DEFAULT_CAP_MS);
}

IvOutboxRunner *
iv_outbox_runner_new (IvApiClient *api_client,
                      IvOutbox    *outbox)
{
  g_return_val_if_fail (IV_IS_API_CLIENT (api_client), NULL);
  g_return_val_if_fail (IV_IS_OUTBOX (outbox), NULL);

  return g_object_new (IV_TYPE_OUTBOX_RUNNER, "api-client", api_client, "outbox", outbox, NULL);
}

IvApiClient *
iv_outbox_runner_get_api_client (IvOutboxRunner *self)
{
  g_return_val_if_fail (IV_IS_OUTBOX_RUNNER (self), NULL);
  return self->api_client;
}

IvOutbox *
iv_outbox_runner_get_outbox (IvOutboxRunner *self)
{
  g_return_val_if_fail (IV_IS_OUTBOX_RUNNER (self), NULL);
  return self->outbox;
}

IvBackoff *
iv_outbox_runner_get_backoff (IvOutboxRunner *self)
{
  g_return_val_if_fail (IV_IS_OUTBOX_RUNNER (self), NULL);
  return self->backoff;
}

gboolean
iv_outbox_runner_get_paused (IvOutboxRunner *self)
{
  g_return_val_if_fail (IV_IS_OUTBOX_RUNNER (self), FALSE);
  return self->paused;
}

void
iv_outbox_runner_resume (IvOutboxRunner *self)
{
  g_return_if_fail (IV_IS_OUTBOX_RUNNER (self));
  if (!self->paused)
    return;
  self->paused = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

gboolean
iv_outbox_runner_get_busy (IvOutboxRunner *self)
{
  g_return_val_if_fail (IV_IS_OUTBOX_RUNNER (self), FALSE);
  return self->busy > 0;
}
