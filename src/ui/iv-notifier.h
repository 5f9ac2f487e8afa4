/* iv-notifier.h: a desktop notification and an in-app toast for every status change the service reports
 *
 * Listens to the sync manager's application-changed, order-changed and
 * claim-changed signals (one per event of the long poll).  Each change
 * becomes a GNotification (so it works through the Flatpak portal) whose
 * default action is app.open-object("claim:<id>" …), and a toast in the
 * window.  The "notifications" setting turns the desktop notifications
 * off (toasts stay: they are part of the window).  With IV_NOTIFIER_LOG=1
 * every notification is also printed to stderr ("iv-notify: …") for tests,
 * where no notification server runs.
 */
#pragma once

#include <adwaita.h>

#include "iv-application.h"
#include "iv-sync-manager.h"

G_BEGIN_DECLS

#define IV_TYPE_NOTIFIER (iv_notifier_get_type ())
G_DECLARE_FINAL_TYPE (IvNotifier, iv_notifier, IV, NOTIFIER, GObject)

/* Opens an object from app.open-object: kind ("application", "order",
 * "claim") and id; returns TRUE when it was shown */
typedef gboolean (*IvNotifierOpenFunc) (const char *kind,
                                        const char *id,
                                        gpointer    user_data);

IvNotifier *iv_notifier_new           (IvApplication      *application,
                                       IvSyncManager      *manager);
/* The window's toasts and the function that opens objects */
void        iv_notifier_set_window    (IvNotifier         *self,
                                       GtkWindow          *window,
                                       IvNotifierOpenFunc  open_func,
                                       gpointer            user_data);
/* The sentence of the last notification (tests), or NULL */
const char *iv_notifier_get_last      (IvNotifier         *self);
guint       iv_notifier_get_count     (IvNotifier         *self);
/* What a change says, e.g. "兑付申请 DF2026-000042 状态更新为：退回修改" */
char       *iv_notifier_describe      (IvNotifier         *self,
                                       const char         *kind,
                                       const char         *id,
                                       const char         *status);

G_END_DECLS
