/* iv-catalog-page.h: the service catalog: search as you type, filters, list and detail */
#pragma once

#include <adwaita.h>

#include "iv-domain.h"

G_BEGIN_DECLS

#define IV_TYPE_CATALOG_PAGE (iv_catalog_page_get_type ())
G_DECLARE_FINAL_TYPE (IvCatalogPage, iv_catalog_page, IV, CATALOG_PAGE, AdwBin)

GtkWidget  *iv_catalog_page_new           (void);
void        iv_catalog_page_focus_search  (IvCatalogPage *self);
/* Reloads the catalog from the service */
void        iv_catalog_page_reload        (IvCatalogPage *self);
/* The services shown now (of IvService), for tests */
GListModel *iv_catalog_page_get_results   (IvCatalogPage *self);

G_END_DECLS
