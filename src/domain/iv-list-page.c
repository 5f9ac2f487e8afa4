/* iv-list-page.c: one page of a collection, {"items": [...], "next_cursor", "revision"} */
#include "config.h"

#include "iv-list-page.h"

struct _IvListPage
{
  GObject    parent_instance;

  GPtrArray *items;
  char      *next_cursor;
  gint64     revision;
  GStrv      deleted_ids;
};

G_DEFINE_FINAL_TYPE (IvListPage, iv_list_page, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ITEMS,
  PROP_NEXT_CURSOR,
  PROP_REVISION,
  PROP_DELETED_IDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A tombstone is exactly {"id": …, "deleted": true}; anything with
 * "deleted": false or without "deleted" is a live item. */
static gboolean
is_tombstone (JsonNode *node)
{
  JsonObject *object;
  JsonNode *deleted;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  object = json_node_get_object (node);
  deleted = json_object_get_member (object, "deleted");
  return deleted != NULL && JSON_NODE_HOLDS_VALUE (deleted) &&
         json_node_get_value_type (deleted) == G_TYPE_BOOLEAN &&
         json_node_get_boolean (deleted);
}

static void
iv_list_page_finalize (GObject *object)
{
  IvListPage *self = IV_LIST_PAGE (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_free (self->next_cursor);
  g_strfreev (self->deleted_ids);

  G_OBJECT_CLASS (iv_list_page_parent_class)->finalize (object);
}

static void
iv_list_page_constructed (GObject *object)
{
  IvListPage *self = IV_LIST_PAGE (object);

  G_OBJECT_CLASS (iv_list_page_parent_class)->constructed (object);

  if (self->items == NULL)
    self->items = g_ptr_array_new_with_free_func (g_object_unref);
  if (self->deleted_ids == NULL)
    self->deleted_ids = g_new0 (char *, 1);
}

static void
iv_list_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  IvListPage *self = IV_LIST_PAGE (object);

  switch (prop_id)
    {
    case PROP_ITEMS:
      g_value_set_boxed (value, self->items);
      break;

    case PROP_NEXT_CURSOR:
      g_value_set_string (value, self->next_cursor);
      break;

    case PROP_REVISION:
      g_value_set_int64 (value, self->revision);
      break;

    case PROP_DELETED_IDS:
      g_value_set_boxed (value, self->deleted_ids);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_list_page_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  IvListPage *self = IV_LIST_PAGE (object);

  switch (prop_id)
    {
    case PROP_ITEMS:
      g_clear_pointer (&self->items, g_ptr_array_unref);
      self->items = g_value_dup_boxed (value);
      break;

    case PROP_NEXT_CURSOR:
      g_free (self->next_cursor);
      self->next_cursor = g_value_dup_string (value);
      break;

    case PROP_REVISION:
      self->revision = g_value_get_int64 (value);
      break;

    case PROP_DELETED_IDS:
      g_strfreev (self->deleted_ids);
      self->deleted_ids = g_value_dup_boxed (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_list_page_class_init (IvListPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = iv_list_page_finalize;
  object_class->constructed = iv_list_page_constructed;
  object_class->get_property = iv_list_page_get_property;
  object_class->set_property = iv_list_page_set_property;

  /* A GPtrArray of GObjects that unrefs them */
  properties[PROP_ITEMS] =
    g_param_spec_boxed ("items", NULL, NULL, G_TYPE_PTR_ARRAY,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NEXT_CURSOR] =
    g_param_spec_string ("next-cursor", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_REVISION] =
    g_param_spec_int64 ("revision", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DELETED_IDS] =
    g_param_spec_boxed ("deleted-ids", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
iv_list_page_init (IvListPage *self)
{
  self->revision = -1;
}

IvListPage *
iv_list_page_new (GPtrArray          *items,
                  const char         *next_cursor,
                  gint64              revision,
                  const char * const *deleted_ids)
{
  return g_object_new (IV_TYPE_LIST_PAGE,
                       "items", items,
                       "next-cursor", next_cursor,
                       "revision", MAX (revision, -1),
                       "deleted-ids", deleted_ids,
                       NULL);
}

IvListPage *
iv_list_page_new_from_json (JsonNode          *node,
                            IvJsonDecodeFunc   decode,
                            IvListPageFlags    flags,
                            GError           **error)
{
  g_autoptr(IvJsonReader) reader = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GStrvBuilder) deleted = g_strv_builder_new ();
  g_auto(GStrv) deleted_ids = NULL;
  g_autofree char *next_cursor = NULL;
  JsonNode *items_node;
  JsonArray *array;
  gint64 revision = -1;
  guint n;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (decode != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = iv_json_reader_new (node, "", error);
  if (reader == NULL)
    return NULL;

  items_node = json_object_get_member (iv_json_reader_get_object (reader), "items");
  if (items_node == NULL)
    {
      iv_decode_error_set (error, IV_DECODE_ERROR_MISSING, "items", "missing");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (items_node))
    {
      iv_decode_error_set (error, IV_DECODE_ERROR_TYPE, "items", "expected an array");
      return NULL;
    }
  array = json_node_get_array (items_node);
  n = json_array_get_length (array);
  if (n > IV_JSON_MAX_ITEMS)
    {
      iv_decode_error_set (error, IV_DECODE_ERROR_TOO_LONG, "items", "more than 500 items");
      return NULL;
    }
  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      g_autofree char *path = g_strdup_printf ("items[%u]", i);

      if ((flags & IV_LIST_PAGE_ALLOW_TOMBSTONES) && is_tombstone (item))
        {
          g_autoptr(IvJsonReader) tombstone = iv_json_reader_new (item, path, error);
          g_autofree char *id = NULL;

          if (tombstone == NULL || !iv_json_reader_read_id (tombstone, "id", IV_JSON_REQUIRED, &id, error))
            return NULL;
          g_strv_builder_add (deleted, id);
        }
      else
        {
          gpointer object = decode (item, path, error);

          if (object == NULL)
            return NULL;
          g_ptr_array_add (items, object);
        }
    }

  /* "next_cursor": "..." | null is part of every page */
  if (!json_object_has_member (iv_json_reader_get_object (reader), "next_cursor"))
    {
      iv_decode_error_set (error, IV_DECODE_ERROR_MISSING, "next_cursor", "missing");
      return NULL;
    }
  if (!iv_json_reader_read_string (reader, "next_cursor", IV_JSON_NULLABLE, 1024, &next_cursor, error))
    return NULL;
  if (next_cursor != NULL && *next_cursor == '\0')
    {
      iv_decode_error_set (error, IV_DECODE_ERROR_INVALID, "next_cursor", "an empty cursor");
      return NULL;
    }
  if (!iv_json_reader_read_int (reader, "revision", IV_JSON_NULLABLE, 0, G_MAXINT64, &revision, NULL, error))
    return NULL;

  deleted_ids = g_strv_builder_end (deleted);
  return iv_list_page_new (items, next_cursor, revision, (const char * const *) deleted_ids);
}

JsonNode *
iv_list_page_to_json (IvListPage       *self,
                      IvJsonEncodeFunc  encode)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (IV_IS_LIST_PAGE (self), NULL);
  g_return_val_if_fail (encode != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->items->len; i++)
    json_builder_add_value (builder, encode (g_ptr_array_index (self->items, i)));
  for (guint i = 0; self->deleted_ids[i] != NULL; i++)
    {
      json_builder_begin_object (builder);
      iv_json_builder_add_string_member (builder, "id", self->deleted_ids[i]);
      iv_json_builder_add_bool_member (builder, "deleted", TRUE);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  iv_json_builder_add_string_member (builder, "next_cursor", self->next_cursor);
  if (self->revision >= 0)
    iv_json_builder_add_int_member (builder, "revision", self->revision);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

GPtrArray *
iv_list_page_get_items (IvListPage *self)
{
  g_return_val_if_fail (IV_IS_LIST_PAGE (self), NULL);

  return self->items;
}

guint
iv_list_page_get_n_items (IvListPage *self)
{
  g_return_val_if_fail (IV_IS_LIST_PAGE (self), 0);

  return self->items->len;
}

gpointer
iv_list_page_get_item (IvListPage *self,
                       guint       index)
{
  g_return_val_if_fail (IV_IS_LIST_PAGE (self), NULL);
  g_return_val_if_fail (index < self->items->len, NULL);

  return g_ptr_array_index (self->items, index);
}

const char *
iv_list_page_get_next_cursor (IvListPage *self)
{
  g_return_val_if_fail (IV_IS_LIST_PAGE (self), NULL);

  return self->next_cursor;
}

gint64
iv_list_page_get_revision (IvListPage *self)
{
  g_return_val_if_fail (IV_IS_LIST_PAGE (self), -1);

  return self->revision;
}

const char * const *
iv_list_page_get_deleted_ids (IvListPage *self)
{
  g_return_val_if_fail (IV_IS_LIST_PAGE (self), NULL);

  return (const char * const *) self->deleted_ids;
}
