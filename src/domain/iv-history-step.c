/* iv-history-step.c: one step of a status history: who moved it where, when, with a note */
#include "config.h"

#include "iv-history-step.h"
#include "iv-history-step-private.h"

#include "iv-json-reader.h"
#include "iv-json-reader-private.h"
#include "iv-money.h"

struct _IvHistoryStep
{
  GObject parent_instance;

  char *at;
  GDateTime *at_time;
  char *status;
  IvActor actor;
  char *note;
};

G_DEFINE_FINAL_TYPE (IvHistoryStep, iv_history_step, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_AT,
  PROP_STATUS,
  PROP_ACTOR,
  PROP_NOTE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


static void
iv_history_step_finalize (GObject *object)
{
  IvHistoryStep *self = IV_HISTORY_STEP (object);

  g_free (self->at);
  g_clear_pointer (&self->at_time, g_date_time_unref);
  g_free (self->status);
  g_free (self->note);

  G_OBJECT_CLASS (iv_history_step_parent_class)->finalize (object);
}

static void
iv_history_step_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  IvHistoryStep *self = IV_HISTORY_STEP (object);

  switch (prop_id)
    {
    case PROP_AT:
      g_value_set_string (value, self->at);
      break;

    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;

    case PROP_ACTOR:
      g_value_set_enum (value, self->actor);
      break;

    case PROP_NOTE:
      g_value_set_string (value, self->note);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_history_step_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  IvHistoryStep *self = IV_HISTORY_STEP (object);

  switch (prop_id)
    {
    case PROP_AT:
      iv_json_set_time (&self->at, &self->at_time, g_value_get_string (value));
      break;

    case PROP_STATUS:
      g_free (self->status);
      self->status = g_value_dup_string (value);
      break;

    case PROP_ACTOR:
      self->actor = g_value_get_enum (value);
      break;

    case PROP_NOTE:
      g_free (self->note);
      self->note = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_history_step_class_init (IvHistoryStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = iv_history_step_finalize;
  object_class->get_property = iv_history_step_get_property;
  object_class->set_property = iv_history_step_set_property;

  properties[PROP_AT] =
    g_param_spec_string ("at", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ACTOR] =
    g_param_spec_enum ("actor", NULL, NULL, IV_TYPE_ACTOR, IV_ACTOR_DISTRICT,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NOTE] =
    g_param_spec_string ("note", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
iv_history_step_init (IvHistoryStep *self)
{
}

IvHistoryStep *
iv_history_step_new_from_json_at (JsonNode    *node,
                                   const char  *path,
                                   GError     **error)
{
  g_autoptr(IvHistoryStep) self = NULL;
  g_autoptr(IvJsonReader) reader = NULL;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = iv_json_reader_new (node, path, error);
  if (reader == NULL)
    return NULL;

  self = g_object_new (IV_TYPE_HISTORY_STEP, NULL);

  if (!iv_json_reader_read_time (reader, "at", IV_JSON_REQUIRED, &self->at, &self->at_time, error))
    return NULL;
  if (!iv_json_reader_read_string (reader, "status", IV_JSON_REQUIRED, 32, &self->status, error))
    return NULL;
  {
    gint v = 0;

    if (!iv_json_reader_read_enum (reader, "actor", IV_JSON_REQUIRED, IV_TYPE_ACTOR, &v, error))
      return NULL;
    self->actor = v;
  }
  if (!iv_json_reader_read_string (reader, "note", IV_JSON_NULLABLE, 4000, &self->note, error))
    return NULL;

  return g_steal_pointer (&self);
}

IvHistoryStep *
iv_history_step_new_from_json (JsonNode  *node,
                                GError   **error)
{
  return iv_history_step_new_from_json_at (node, "step", error);
}

JsonNode *
iv_history_step_to_json (IvHistoryStep *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (IV_IS_HISTORY_STEP (self), NULL);

  json_builder_begin_object (builder);
  iv_json_builder_add_string_member (builder, "at", self->at);
  iv_json_builder_add_string_member (builder, "status", self->status);
  iv_json_builder_add_string_member (builder, "actor", iv_actor_to_string (self->actor));
  iv_json_builder_add_string_member (builder, "note", self->note);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

const char *
iv_history_step_get_at (IvHistoryStep *self)
{
  g_return_val_if_fail (IV_IS_HISTORY_STEP (self), NULL);

  return self->at;
}

GDateTime *
iv_history_step_get_at_date_time (IvHistoryStep *self)
{
  g_return_val_if_fail (IV_IS_HISTORY_STEP (self), NULL);

  return self->at_time;
}

const char *
iv_history_step_get_status (IvHistoryStep *self)
{
  g_return_val_if_fail (IV_IS_HISTORY_STEP (self), NULL);

  return self->status;
}

IvActor 
iv_history_step_get_actor (IvHistoryStep *self)
{
  g_return_val_if_fail (IV_IS_HISTORY_STEP (self), IV_ACTOR_DISTRICT);

  return self->actor;
}

const char *
iv_history_step_get_note (IvHistoryStep *self)
{
  g_return_val_if_fail (IV_IS_HISTORY_STEP (self), NULL);

  return self->note;
}

gboolean
iv_history_step_read_member (IvJsonReader  *reader,
                             const char    *member,
                             GType          status_type,
                             GListStore    *history,
                             GError       **error)
{
  g_autoptr(GPtrArray) steps = NULL;
  g_autoptr(GEnumClass) statuses = g_type_class_ref (status_type);

  steps = iv_json_reader_read_array (reader, member, IV_JSON_REQUIRED, IV_JSON_MAX_ITEMS,
                                     IV_JSON_DECODE_FUNC (iv_history_step_new_from_json_at), error);
  if (steps == NULL)
    return FALSE;
  /* A step is a generic object; only its owner knows which statuses exist */
  for (guint i = 0; i < steps->len; i++)
    {
      const char *status = iv_history_step_get_status (g_ptr_array_index (steps, i));

      if (g_enum_get_value_by_nick (statuses, status) == NULL)
        {
          g_autofree char *member_path = iv_json_reader_dup_member_path (reader, member);
          g_autofree char *item = g_strdup_printf ("%s[%u].status", member_path, i);

          iv_decode_error_set (error, IV_DECODE_ERROR_RANGE, item, "unknown status");
          return FALSE;
        }
    }
  g_list_store_splice (history, 0, g_list_model_get_n_items (G_LIST_MODEL (history)), steps->pdata, steps->len);
  return TRUE;
}

void
iv_history_step_add_member (JsonBuilder *builder,
                            const char  *member,
                            GListModel  *history)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (history); i++)
    {
      g_autoptr(IvHistoryStep) step = g_list_model_get_item (history, i);

      json_builder_add_value (builder, iv_history_step_to_json (step));
    }
  json_builder_end_array (builder);
}
