/* iv-applications-page.h: quota applications (申领) with their review history; apply, resubmit, withdraw */
#pragma once

#include <adwaita.h>

#include "iv-sync-manager.h"

G_BEGIN_DECLS

#define IV_TYPE_APPLICATIONS_PAGE (iv_applications_page_get_type ())
G_DECLARE_FINAL_TYPE (IvApplicationsPage, iv_applications_page, IV, APPLICATIONS_PAGE, AdwBin)

GtkWidget *iv_applications_page_new              (IvSyncManager      *manager);
void       iv_applications_page_reload           (IvApplicationsPage *self);
/* Opens the form for a new application */
void       iv_applications_page_new_application  (IvApplicationsPage *self);
gboolean   iv_applications_page_open_application (IvApplicationsPage *self,
                                                  const char         *application_id);
void       iv_applications_page_open_draft       (IvApplicationsPage *self,
                                                  const char         *draft_id);
GtkWidget *iv_applications_page_get_form         (IvApplicationsPage *self);

G_END_DECLS
