/* iv-orders-page.h: the orders with their status history; cancel with confirmation */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define IV_TYPE_ORDERS_PAGE (iv_orders_page_get_type ())
G_DECLARE_FINAL_TYPE (IvOrdersPage, iv_orders_page, IV, ORDERS_PAGE, AdwBin)

GtkWidget *iv_orders_page_new    (void);
void       iv_orders_page_reload (IvOrdersPage *self);

G_END_DECLS
