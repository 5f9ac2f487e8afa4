/* iv-catalog-query.c: what the user asks of the offline catalog (words, filters, page) */
#include "config.h"

#include "iv-catalog-query.h"

struct _IvCatalogQuery
{
  GObject          parent_instance;

  char            *text;
  char            *category;
  char            *district;
  char            *institution_id;
  IvAccreditation  accreditations;
  gint64           price_min;
  gint64           price_max;
  guint            offset;
  guint            limit;
};

G_DEFINE_FINAL_TYPE (IvCatalogQuery, iv_catalog_query, G_TYPE_OBJECT)

static void
iv_catalog_query_finalize (GObject *object)
{
  IvCatalogQuery *self = IV_CATALOG_QUERY (object);

  g_free (self->text);
  g_free (self->category);
  g_free (self->district);
  g_free (self->institution_id);

  G_OBJECT_CLASS (iv_catalog_query_parent_class)->finalize (object);
}

static void
iv_catalog_query_class_init (IvCatalogQueryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = iv_catalog_query_finalize;
}

static void
iv_catalog_query_init (IvCatalogQuery *self)
{
  self->price_min = -1;
  self->price_max = -1;
  self->limit = 50;
}

IvCatalogQuery *
iv_catalog_query_new (void)
{
  return g_object_new (IV_TYPE_CATALOG_QUERY, NULL);
}

/* Empty strings mean "any", like NULL */
static void
set_string (char       **field,
            const char  *value)
{
  g_free (*field);
  *field = value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

void iv_catalog_query_set_text (IvCatalogQuery *self, const char *text) { g_return_if_fail (IV_IS_CATALOG_QUERY (self)); set_string (&self->text, text); }
const char *iv_catalog_query_get_text (IvCatalogQuery *self) { g_return_val_if_fail (IV_IS_CATALOG_QUERY (self), NULL); return self->text; }
void iv_catalog_query_set_category (IvCatalogQuery *self, const char *code) { g_return_if_fail (IV_IS_CATALOG_QUERY (self)); set_string (&self->category, code); }
const char *iv_catalog_query_get_category (IvCatalogQuery *self) { g_return_val_if_fail (IV_IS_CATALOG_QUERY (self), NULL); return self->category; }
void iv_catalog_query_set_district (IvCatalogQuery *self, const char *district) { g_return_if_fail (IV_IS_CATALOG_QUERY (self)); set_string (&self->district, district); }
const char *iv_catalog_query_get_district (IvCatalogQuery *self) { g_return_val_if_fail (IV_IS_CATALOG_QUERY (self), NULL); return self->district; }
void iv_catalog_query_set_institution_id (IvCatalogQuery *self, const char *institution_id) { g_return_if_fail (IV_IS_CATALOG_QUERY (self)); set_string (&self->institution_id, institution_id); }
const char *iv_catalog_query_get_institution_id (IvCatalogQuery *self) { g_return_val_if_fail (IV_IS_CATALOG_QUERY (self), NULL); return self->institution_id; }
void iv_catalog_query_set_accreditations (IvCatalogQuery *self, IvAccreditation accreditations) { g_return_if_fail (IV_IS_CATALOG_QUERY (self)); self->accreditations = accreditations; }
IvAccreditation iv_catalog_query_get_accreditations (IvCatalogQuery *self) { g_return_val_if_fail (IV_IS_CATALOG_QUERY (self), 0); return self->accreditations; }
gint64 iv_catalog_query_get_price_min (IvCatalogQuery *self) { g_return_val_if_fail (IV_IS_CATALOG_QUERY (self), -1); return self->price_min; }
gint64 iv_catalog_query_get_price_max (IvCatalogQuery *self) { g_return_val_if_fail (IV_IS_CATALOG_QUERY (self), -1); return self->price_max; }
guint iv_catalog_query_get_offset (IvCatalogQuery *self) { g_return_val_if_fail (IV_IS_CATALOG_QUERY (self), 0); return self->offset; }
guint iv_catalog_query_get_limit (IvCatalogQuery *self) { g_return_val_if_fail (IV_IS_CATALOG_QUERY (self), 0); return self->limit; }

void
iv_catalog_query_set_price_range (IvCatalogQuery *self,
                                  gint64          min_fen,
                                  gint64          max_fen)
{
  g_return_if_fail (IV_IS_CATALOG_QUERY (self));
  self->price_min = MAX (min_fen, -1);
  self->price_max = MAX (max_fen, -1);
}

void
iv_catalog_query_set_page (IvCatalogQuery *self,
                           guint           offset,
                           guint           limit)
{
  g_return_if_fail (IV_IS_CATALOG_QUERY (self));
  self->offset = offset;
  self->limit = limit;
}
