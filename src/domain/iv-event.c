/* iv-event.c: a change notification from the event long poll */
#include "config.h"

#include "iv-event.h"

#include "iv-json-reader.h"
#include "iv-json-reader-private.h"
#include "iv-money.h"

struct _IvEvent
{
  GObject parent_instance;

  gint64 seq;
  IvEventType event_type;
  char *id;
  char *status;
  char *at;
  GDateTime *at_time;
};

G_DEFINE_FINAL_TYPE (IvEvent, iv_event, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SEQ,
  PROP_EVENT_TYPE,
  PROP_ID,
  PROP_STATUS,
  PROP_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


static void
iv_event_finalize (GObject *object)
{
  IvEvent *self = IV_EVENT (object);

  g_free (self->id);
  g_free (self->status);
  g_free (self->at);
  g_clear_pointer (&self->at_time, g_date_time_unref);

  G_OBJECT_CLASS (iv_event_parent_class)->finalize (object);
}

static void
iv_event_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  IvEvent *self = IV_EVENT (object);

  switch (prop_id)
    {
    case PROP_SEQ:
      g_value_set_int64 (value, self->seq);
      break;

    case PROP_EVENT_TYPE:
      g_value_set_enum (value, self->event_type);
      break;

    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;

    case PROP_AT:
      g_value_set_string (value, self->at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_event_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  IvEvent *self = IV_EVENT (object);

  switch (prop_id)
    {
    case PROP_SEQ:
      self->seq = g_value_get_int64 (value);
      break;

    case PROP_EVENT_TYPE:
      self->event_type = g_value_get_enum (value);
      break;

    case PROP_ID:
      g_free (self->id);
      self->id = g_value_dup_string (value);
      break;

    case PROP_STATUS:
      g_free (self->status);
      self->status = g_value_dup_string (value);
      break;

    case PROP_AT:
      iv_json_set_time (&self->at, &self->at_time, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_event_class_init (IvEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = iv_event_finalize;
  object_class->get_property = iv_event_get_property;
  object_class->set_property = iv_event_set_property;

  properties[PROP_SEQ] =
    g_param_spec_int64 ("seq", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_EVENT_TYPE] =
    g_param_spec_enum ("event-type", NULL, NULL, IV_TYPE_EVENT_TYPE, IV_EVENT_TYPE_APPLICATION_STATUS,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_AT] =
    g_param_spec_string ("at", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
iv_event_init (IvEvent *self)
{
}

IvEvent *
iv_event_new_from_json_at (JsonNode    *node,
                            const char  *path,
                            GError     **error)
{
  g_autoptr(IvEvent) self = NULL;
  g_autoptr(IvJsonReader) reader = NULL;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = iv_json_reader_new (node, path, error);
  if (reader == NULL)
    return NULL;

  self = g_object_new (IV_TYPE_EVENT, NULL);

  if (!iv_json_reader_read_int (reader, "seq", IV_JSON_REQUIRED, 0, G_MAXINT64, &self->seq, NULL, error))
    return NULL;
  {
    gint v = 0;

    if (!iv_json_reader_read_enum (reader, "type", IV_JSON_REQUIRED, IV_TYPE_EVENT_TYPE, &v, error))
      return NULL;
    self->event_type = v;
  }
  if (!iv_json_reader_read_id (reader, "id", IV_JSON_REQUIRED, &self->id, error))
    return NULL;
  if (!iv_json_reader_read_string (reader, "status", IV_JSON_REQUIRED, 32, &self->status, error))
    return NULL;
  if (!iv_json_reader_read_time (reader, "at", IV_JSON_REQUIRED, &self->at, &self->at_time, error))
    return NULL;
  /* The status belongs to the kind of object the event is about */
  {
    GType status_type = G_TYPE_INVALID;

    switch (self->event_type)
      {
      case IV_EVENT_TYPE_APPLICATION_STATUS:
        status_type = IV_TYPE_APPLICATION_STATUS;
        break;
      case IV_EVENT_TYPE_ORDER_STATUS:
        status_type = IV_TYPE_ORDER_STATUS;
        break;
      case IV_EVENT_TYPE_CLAIM_STATUS:
        status_type = IV_TYPE_CLAIM_STATUS;
        break;
      case IV_EVENT_TYPE_VOUCHER_UPDATED:
      default:
        status_type = IV_TYPE_VOUCHER_STATUS;
        break;
      }
    g_autoptr(GEnumClass) statuses = g_type_class_ref (status_type);

    if (g_enum_get_value_by_nick (statuses, self->status) == NULL)
      return iv_json_reader_fail_member (reader, "status", IV_DECODE_ERROR_RANGE, "unknown status", error);
  }

  return g_steal_pointer (&self);
}

IvEvent *
iv_event_new_from_json (JsonNode  *node,
                         GError   **error)
{
  return iv_event_new_from_json_at (node, "event", error);
}

JsonNode *
iv_event_to_json (IvEvent *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (IV_IS_EVENT (self), NULL);

  json_builder_begin_object (builder);
  iv_json_builder_add_int_member (builder, "seq", self->seq);
  iv_json_builder_add_string_member (builder, "type", iv_event_type_to_string (self->event_type));
  iv_json_builder_add_string_member (builder, "id", self->id);
  iv_json_builder_add_string_member (builder, "status", self->status);
  iv_json_builder_add_string_member (builder, "at", self->at);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

gint64 
iv_event_get_seq (IvEvent *self)
{
  g_return_val_if_fail (IV_IS_EVENT (self), 0);

  return self->seq;
}

IvEventType 
iv_event_get_event_type (IvEvent *self)
{
  g_return_val_if_fail (IV_IS_EVENT (self), IV_EVENT_TYPE_APPLICATION_STATUS);

  return self->event_type;
}

const char *
iv_event_get_id (IvEvent *self)
{
  g_return_val_if_fail (IV_IS_EVENT (self), NULL);

  return self->id;
}

const char *
iv_event_get_status (IvEvent *self)
{
  g_return_val_if_fail (IV_IS_EVENT (self), NULL);

  return self->status;
}

const char *
iv_event_get_at (IvEvent *self)
{
  g_return_val_if_fail (IV_IS_EVENT (self), NULL);

  return self->at;
}

GDateTime *
iv_event_get_at_date_time (IvEvent *self)
{
  g_return_val_if_fail (IV_IS_EVENT (self), NULL);

  return self->at_time;
}


GPtrArray *
iv_event_list_new_from_json (JsonNode  *node,
                             gint64    *out_last_seq,
                             GError   **error)
{
  g_autoptr(IvJsonReader) reader = NULL;
  g_autoptr(GPtrArray) events = NULL;
  gint64 last_seq = 0;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = iv_json_reader_new (node, "", error);
  if (reader == NULL)
    return NULL;
  events = iv_json_reader_read_array (reader, "events", IV_JSON_REQUIRED, IV_JSON_MAX_ITEMS,
                                      IV_JSON_DECODE_FUNC (iv_event_new_from_json_at), error);
  if (events == NULL)
    return NULL;
  if (!iv_json_reader_read_int (reader, "last_seq", IV_JSON_REQUIRED, 0, G_MAXINT64,
                                &last_seq, NULL, error))
    return NULL;

  if (out_last_seq != NULL)
    *out_last_seq = last_seq;
  return g_steal_pointer (&events);
}

JsonNode *
iv_event_list_to_json (GPtrArray *events,
                       gint64     last_seq)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (events != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "events");
  json_builder_begin_array (builder);
  for (guint i = 0; i < events->len; i++)
    json_builder_add_value (builder, iv_event_to_json (g_ptr_array_index (events, i)));
  json_builder_end_array (builder);
  iv_json_builder_add_int_member (builder, "last_seq", last_seq);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
