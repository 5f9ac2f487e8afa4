/* iv-window.h: the main window */
#pragma once

#include <adwaita.h>

#include "iv-application.h"

G_BEGIN_DECLS

#define IV_TYPE_WINDOW (iv_window_get_type ())
G_DECLARE_FINAL_TYPE (IvWindow, iv_window, IV, WINDOW, AdwApplicationWindow)

IvWindow *iv_window_new (IvApplication *application);

G_END_DECLS
