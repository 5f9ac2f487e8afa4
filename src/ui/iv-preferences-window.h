/* iv-preferences-window.h: service address, extra CA file, notifications, sync interval */
#pragma once

#include <adwaita.h>

#include "iv-application.h"

G_BEGIN_DECLS

#define IV_TYPE_PREFERENCES_WINDOW (iv_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (IvPreferencesWindow, iv_preferences_window, IV, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* Edits settings directly (the application's GSettings) */
GtkWidget *iv_preferences_window_new (IvApplication *application);

G_END_DECLS
