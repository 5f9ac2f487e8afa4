/* iv-application.h: the application object */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define IV_TYPE_APPLICATION (iv_application_get_type ())
G_DECLARE_FINAL_TYPE (IvApplication, iv_application, IV, APPLICATION, AdwApplication)

IvApplication *iv_application_new             (void);
/* The service URL: --service-url when given, else the GSettings key */
const char    *iv_application_get_service_url (IvApplication *self);
GSettings     *iv_application_get_settings    (IvApplication *self);
/* LOCALEDIR, or IV_LOCALEDIR from the environment (tests, uninstalled runs) */
const char    *iv_application_get_locale_dir  (void);

G_END_DECLS
