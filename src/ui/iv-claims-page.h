/* iv-claims-page.h: claims (兑付) with status, amounts and timeline; drafts, queued work, orders ready to claim
 *
 * Everything comes from the offline store through the sync manager, so the
 * page reads the same offline.  Ctrl+N starts a claim, a returned claim
 * opens for editing, Ctrl+P prints the receipt of the claim last opened.
 */
#pragma once

#include <adwaita.h>

#include "iv-sync-manager.h"

G_BEGIN_DECLS

#define IV_TYPE_CLAIMS_PAGE (iv_claims_page_get_type ())
G_DECLARE_FINAL_TYPE (IvClaimsPage, iv_claims_page, IV, CLAIMS_PAGE, AdwBin)

GtkWidget *iv_claims_page_new          (IvSyncManager *manager);
void       iv_claims_page_reload       (IvClaimsPage  *self);
/* Ctrl+N: the form for the only order ready to claim, or the list of them */
void       iv_claims_page_new_claim    (IvClaimsPage  *self);
/* Expands and focuses a claim's row (a notification was clicked) */
gboolean   iv_claims_page_open_claim   (IvClaimsPage  *self,
                                        const char    *claim_id);
/* Opens a saved draft in the claim form */
void       iv_claims_page_open_draft   (IvClaimsPage  *self,
                                        const char    *draft_id);
/* The form opened last (tests), or NULL */
GtkWidget *iv_claims_page_get_form     (IvClaimsPage  *self);

G_END_DECLS
