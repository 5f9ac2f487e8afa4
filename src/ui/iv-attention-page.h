/* iv-attention-page.h: writes the service refused, with its reason; fix and retry, or discard after confirmation */
#pragma once

#include <adwaita.h>

#include "iv-sync-manager.h"

G_BEGIN_DECLS

#define IV_TYPE_ATTENTION_PAGE (iv_attention_page_get_type ())
G_DECLARE_FINAL_TYPE (IvAttentionPage, iv_attention_page, IV, ATTENTION_PAGE, AdwBin)

GtkWidget *iv_attention_page_new     (IvSyncManager   *manager);
void       iv_attention_page_reload  (IvAttentionPage *self);
guint      iv_attention_page_get_n_items (IvAttentionPage *self);
/* The reason shown for an outbox item (translated) */
char      *iv_attention_describe_reason (IvOutboxItem *item);
/* Opens the form to fix item (claims and applications with a draft) */
gboolean   iv_attention_page_fix     (IvAttentionPage *self,
                                      gint64           item_id);
gboolean   iv_attention_page_retry   (IvAttentionPage *self,
                                      gint64           item_id);

G_END_DECLS
