/* iv-list-page.h: one page of a collection, {"items": [...], "next_cursor", "revision"}
 *
 * Every collection of api.md answers this shape.  Catalog listings with
 * ?since= also carry tombstones {"id", "deleted": true}; those are not
 * handed to the item decoder but collected as deleted ids.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "iv-types.h"
#include "iv-json-reader.h"

G_BEGIN_DECLS

#define IV_TYPE_LIST_PAGE (iv_list_page_get_type ())
G_DECLARE_FINAL_TYPE (IvListPage, iv_list_page, IV, LIST_PAGE, GObject)

typedef enum {
  IV_LIST_PAGE_DEFAULT         = 0,
  IV_LIST_PAGE_ALLOW_TOMBSTONES = 1 << 0,  /* catalog listings with ?since= */
} IvListPageFlags;

/* items: GPtrArray of GObjects (may be NULL: empty); next_cursor NULL on the
 * last page; revision -1 when absent; deleted_ids may be NULL. */
IvListPage         *iv_list_page_new                (GPtrArray           *items,
                                                     const char          *next_cursor,
                                                     gint64               revision,
                                                     const char * const  *deleted_ids);
/* At most IV_JSON_MAX_ITEMS items; each decoded by decode at "items[i]" */
IvListPage         *iv_list_page_new_from_json      (JsonNode            *node,
                                                     IvJsonDecodeFunc     decode,
                                                     IvListPageFlags      flags,
                                                     GError             **error);
/* Items encoded with encode, then tombstones; "revision" only when ≥ 0 */
JsonNode           *iv_list_page_to_json            (IvListPage          *self,
                                                     IvJsonEncodeFunc     encode);

/* The decoded live items (borrowed), in the order of the page */
GPtrArray          *iv_list_page_get_items          (IvListPage          *self);
guint               iv_list_page_get_n_items        (IvListPage          *self);
gpointer            iv_list_page_get_item           (IvListPage          *self,
                                                     guint                index);
const char         *iv_list_page_get_next_cursor    (IvListPage          *self);
gint64              iv_list_page_get_revision       (IvListPage          *self);
/* Ids of tombstones, never NULL */
const char * const *iv_list_page_get_deleted_ids    (IvListPage          *self);

G_END_DECLS
