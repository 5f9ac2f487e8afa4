/* iv-service-row.h: one catalog service in a list: title, institution, category, price or 面议 */
#pragma once

#include <gtk/gtk.h>

#include "iv-domain.h"

G_BEGIN_DECLS

#define IV_TYPE_SERVICE_ROW (iv_service_row_get_type ())
G_DECLARE_FINAL_TYPE (IvServiceRow, iv_service_row, IV, SERVICE_ROW, GtkWidget)

GtkWidget  *iv_service_row_new              (void);
/* service NULL empties the row (recycled list items) */
void        iv_service_row_set_service      (IvServiceRow *self,
                                             IvService    *service,
                                             const char   *institution_name);
/* The one accessible sentence of the row, e.g.
 * "材料成分分析，上海某某检测中心，测试检测，¥1,200.00" */
const char *iv_service_row_get_sentence     (IvServiceRow *self);

/* "¥1,200.00", "¥1,200.00/样" or 面议 (with the note when there is one) */
char       *iv_service_format_price         (IvService    *service);
char       *iv_service_describe             (IvService    *service,
                                             const char   *institution_name);

G_END_DECLS
