/* iv-window.h: the main window: view switcher over the pages, toasts, announcements
 *
 * Pages come in through iv_window_add_page, or iv_window_add_lazy_page
 * whose content is built when first shown or after the first frame
 * (ui-part2 adds its pages in iv-window.c's add_more_pages(), the one
 * marked hook).  Pages find the
 * shared objects on the application: IV_APPLICATION
 * (g_application_get_default ()) → api client, credentials, session
 * (iv-application.h); the window gives toasts and announcements.
 */
#pragma once

#include <adwaita.h>

#include "iv-announcer.h"
#include "iv-application.h"

G_BEGIN_DECLS

#define IV_TYPE_WINDOW (iv_window_get_type ())
G_DECLARE_FINAL_TYPE (IvWindow, iv_window, IV, WINDOW, AdwApplicationWindow)

IvWindow    *iv_window_new            (IvApplication *application);

/* Adds page to the view switcher under name (e.g. "claims"; Ctrl+1…5
 * open overview, catalog, orders, claims, applications).  With
 * requires_sign_in the page is replaced by a "sign in first" status page
 * while nobody is signed in.  A page of the same name (a placeholder) is
 * replaced, keeping its position. */
void         iv_window_add_page       (IvWindow      *self,
                                       GtkWidget     *page,
                                       const char    *name,
                                       const char    *title,
                                       const char    *icon_name,
                                       gboolean       requires_sign_in);

/* Builds the content of a lazily added page (see iv_window_add_lazy_page) */
typedef GtkWidget *(*IvWindowPageFunc) (IvWindow *window,
                                        gpointer  user_data);

/* Like iv_window_add_page, but only the tab (title, icon, switcher
 * button) exists at once: build (window, user_data) makes the content
 * when the page is first shown (synchronously, before it is painted), or
 * in idles after the window's first frame, whichever comes first */
void         iv_window_add_lazy_page  (IvWindow        *self,
                                       const char      *name,
                                       const char      *title,
                                       const char      *icon_name,
                                       gboolean         requires_sign_in,
                                       IvWindowPageFunc build,
                                       gpointer         user_data,
                                       GDestroyNotify   destroy);
/* The content of page name, built now if it was not yet; NULL if there
 * is no such page */
GtkWidget   *iv_window_get_page       (IvWindow      *self,
                                       const char    *name);
/* Shows page name (its content is built first if need be) */
void         iv_window_show_page      (IvWindow      *self,
                                       const char    *name);
const char  *iv_window_get_visible_page_name (IvWindow *self);

/* A toast; it is also announced (politely) to screen readers */
void         iv_window_show_toast     (IvWindow      *self,
                                       const char    *message);
IvAnnouncer *iv_window_get_announcer  (IvWindow      *self);

/* Says "saved, waiting to be sent" if the outbox item is not through in a
 * few seconds (offline or a slow service); its success is announced by
 * the window when the sync manager reports it done */
void         iv_window_watch_outbox_item (IvWindow  *self,
                                          gint64     item_id);

/* The sign-in page (shown in the overview's place while signed out) */
GtkWidget   *iv_window_get_sign_in_page (IvWindow    *self);

G_END_DECLS
