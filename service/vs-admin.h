/* vs-admin.h: the test-only administration API under /admin/v1 (reviewers, institutions, faults)
 *
 * The server authenticates the admin token before handing a request over;
 * everything here acts on any account.  See docs/api.md, "Administration
 * and fault injection (reference service only)".
 */
#pragma once

#include <libsoup/soup.h>

#include "vs-faults.h"
#include "vs-store.h"

G_BEGIN_DECLS

#define VS_TYPE_ADMIN (vs_admin_get_type ())
G_DECLARE_FINAL_TYPE (VsAdmin, vs_admin, VS, ADMIN, GObject)

/* faults may be NULL (a build without fault injection) */
VsAdmin *vs_admin_new    (VsStore           *store,
                          VsFaults          *faults);

/* Answers one request whose path starts with /admin */
void     vs_admin_handle (VsAdmin           *admin,
                          SoupServerMessage *msg,
                          const char        *method,
                          const char        *path);

G_END_DECLS
