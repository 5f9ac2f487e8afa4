/* iv-offline-banner.h: "离线 — 数据更新于 …；N 项待同步", and how many writes need the user
 *
 * Shown while the service cannot be reached, while writes wait to be sent
 * or when one needs attention; hidden otherwise.  The text is a status
 * label (accessible role status) and each change of state is announced.
 * "Review" opens the needs-attention page (win.show-page::attention).
 */
#pragma once

#include <gtk/gtk.h>

#include "iv-sync-manager.h"

G_BEGIN_DECLS

#define IV_TYPE_OFFLINE_BANNER (iv_offline_banner_get_type ())
G_DECLARE_FINAL_TYPE (IvOfflineBanner, iv_offline_banner, IV, OFFLINE_BANNER, GtkWidget)

GtkWidget  *iv_offline_banner_new      (IvSyncManager   *manager);
/* The sentence shown, or NULL while hidden */
const char *iv_offline_banner_get_text (IvOfflineBanner *self);

G_END_DECLS
