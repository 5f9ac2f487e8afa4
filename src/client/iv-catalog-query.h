/* iv-catalog-query.h: what the user asks of the offline catalog (words, filters, page) */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  IV_ACCREDITATION_NONE = 0,
  IV_ACCREDITATION_CMA  = 1 << 0,
  IV_ACCREDITATION_CNAS = 1 << 1,
} IvAccreditation;

#define IV_TYPE_CATALOG_QUERY (iv_catalog_query_get_type ())
G_DECLARE_FINAL_TYPE (IvCatalogQuery, iv_catalog_query, IV, CATALOG_QUERY, GObject)

IvCatalogQuery *iv_catalog_query_new                 (void);

/* Free text: every word must occur (Chinese substrings of any length,
 * Latin words and digits by prefix, model numbers like JSM-7800F whole) */
void            iv_catalog_query_set_text            (IvCatalogQuery *self,
                                                      const char     *text);
const char     *iv_catalog_query_get_text            (IvCatalogQuery *self);
/* NULL = any */
void            iv_catalog_query_set_category        (IvCatalogQuery *self,
                                                      const char     *code);
const char     *iv_catalog_query_get_category        (IvCatalogQuery *self);
void            iv_catalog_query_set_district        (IvCatalogQuery *self,
                                                      const char     *district);
const char     *iv_catalog_query_get_district        (IvCatalogQuery *self);
void            iv_catalog_query_set_institution_id  (IvCatalogQuery *self,
                                                      const char     *institution_id);
const char     *iv_catalog_query_get_institution_id  (IvCatalogQuery *self);
/* The institution must hold all of these */
void            iv_catalog_query_set_accreditations  (IvCatalogQuery *self,
                                                      IvAccreditation accreditations);
IvAccreditation iv_catalog_query_get_accreditations  (IvCatalogQuery *self);
/* In fen, inclusive, -1 = open; with any bound, 面议 (no price) is left out */
void            iv_catalog_query_set_price_range     (IvCatalogQuery *self,
                                                      gint64          min_fen,
                                                      gint64          max_fen);
gint64          iv_catalog_query_get_price_min       (IvCatalogQuery *self);
gint64          iv_catalog_query_get_price_max       (IvCatalogQuery *self);
/* Paging; limit 0 = count only */
void            iv_catalog_query_set_page            (IvCatalogQuery *self,
                                                      guint           offset,
                                                      guint           limit);
guint           iv_catalog_query_get_offset          (IvCatalogQuery *self);
guint           iv_catalog_query_get_limit           (IvCatalogQuery *self);

G_END_DECLS
