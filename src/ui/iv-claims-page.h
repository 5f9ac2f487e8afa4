/* iv-claims-page.h: claims (兑付) with status, amounts and timeline; drafts, queued work, orders ready to claim
 *
 * Everything comes from the offline store through the sync manager, so the
 * page reads the same offline.  Ctrl+N starts a claim, a returned claim
 * opens for editing, Ctrl+P prints the receipt of the claim last opened.
 */
#pragma once

#include <adwaita.h>

#include "iv-printable-claim.h"
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
/* A claim still in the outbox (CREATE_CLAIM item item_id) as a draft
 * receipt: marked 待提交 — 非正式回执, no number, no verification code, no
 * QR code.  NULL when the item is not a queued claim. */
IvPrintableClaim *iv_claims_page_dup_draft_receipt  (IvClaimsPage *self,
                                                     gint64        item_id);
/* Shows it in the receipt view (print, save as PDF); once the service
 * accepts the claim the view closes and the real receipt opens instead */
GtkWidget        *iv_claims_page_show_draft_receipt (IvClaimsPage *self,
                                                     gint64        item_id);
/* The form opened last (tests), or NULL */
GtkWidget *iv_claims_page_get_form     (IvClaimsPage  *self);

G_END_DECLS
