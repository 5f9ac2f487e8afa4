/* iv-overview-page.h: quota, vouchers with deadlines, work in progress, sync status */
#pragma once

#include <adwaita.h>

#include "iv-domain.h"

G_BEGIN_DECLS

#define IV_TYPE_OVERVIEW_PAGE (iv_overview_page_get_type ())
G_DECLARE_FINAL_TYPE (IvOverviewPage, iv_overview_page, IV, OVERVIEW_PAGE, AdwBin)

GtkWidget *iv_overview_page_new    (void);
void       iv_overview_page_reload (IvOverviewPage *self);

/* "还剩 12 天" style text for a deadline; *out_warning TRUE within 30 days */
char      *iv_deadline_describe    (const char     *iso_date,
                                    GDate          *today,
                                    gboolean       *out_warning);

G_END_DECLS
