/* iv-attention-page.c: writes the service refused, with its reason; fix and retry, or discard after confirmation */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "iv-announcer.h"
#include "iv-api-error.h"
#include "iv-application-form.h"
#include "iv-attention-page.h"
#include "iv-claim-documents.h"
#include "iv-claim-form.h"
#include "iv-window.h"

struct _IvAttentionPage
{
  AdwBin         parent_instance;

  IvSyncManager *manager;
  GtkWidget     *list;
  GtkWidget     *empty;
  guint          n_items;
};

G_DEFINE_FINAL_TYPE (IvAttentionPage, iv_attention_page, ADW_TYPE_BIN)

char *
iv_attention_describe_reason (IvOutboxItem *item)
{
  const char *code = iv_outbox_item_get_error_code (item);
  const char *message = iv_outbox_item_get_error_message (item);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (g_strcmp0 (code, "version_conflict") == 0)
    return g_strdup (_("The service's copy changed since you opened it. Open it to compare both versions and send yours again."));
  if (code == NULL)
    return g_strdup (message ? message : _("The service refused this change."));
  error = g_error_new_literal (IV_API_ERROR, iv_api_error_from_server_code (code, 422), message ? message : code);
  text = iv_api_error_to_user_message (error);
  /* The service's own sentence (zh_CN by contract) says more when it differs */
  if (message != NULL && text != NULL && strstr (text, message) == NULL)
    return g_strdup_printf (_("%s (the service says: %s)"), text, message);
  return g_steal_pointer (&text);
}

static const char *
describe_kind (IvOutboxKind kind)
{
  switch (kind)
    {
    case IV_OUTBOX_KIND_CREATE_APPLICATION: return _("New quota application");
    case IV_OUTBOX_KIND_RESUBMIT_APPLICATION: return _("Resubmitted application");
    case IV_OUTBOX_KIND_WITHDRAW_APPLICATION: return _("Withdrawal of an application");
    case IV_OUTBOX_KIND_CREATE_ORDER: return _("New order");
    case IV_OUTBOX_KIND_CANCEL_ORDER: return _("Cancellation of an order");
    case IV_OUTBOX_KIND_UPLOAD_ATTACHMENT: return _("Document upload");
    case IV_OUTBOX_KIND_CREATE_CLAIM: return _("New claim");
    case IV_OUTBOX_KIND_RESUBMIT_CLAIM: return _("Resubmitted claim");
    default: return _("Change");
    }
}

/* "Resubmitted claim (contract HT-1)": several refused claims must not
 * read the same, to the eye or to a screen reader */
static char *
describe_item (IvOutboxItem *item)
{
  IvOutboxKind kind = iv_outbox_item_get_kind (item);
  JsonNode *body = iv_outbox_item_get_body (item);
  JsonObject *object = body != NULL && JSON_NODE_HOLDS_OBJECT (body) ? json_node_get_object (body) : NULL;

  if (kind == IV_OUTBOX_KIND_UPLOAD_ATTACHMENT)
    return g_strdup_printf (_("%s: %s"), describe_kind (kind), iv_outbox_item_get_filename (item));
  if (object != NULL && (kind == IV_OUTBOX_KIND_CREATE_CLAIM || kind == IV_OUTBOX_KIND_RESUBMIT_CLAIM))
    {
      const char *contract = json_object_get_string_member_with_default (object, "contract_no", NULL);

      if (contract != NULL && *contract != '\0')
        return g_strdup_printf (_("%s (contract %s)"), describe_kind (kind), contract);
    }
  if (object != NULL && (kind == IV_OUTBOX_KIND_CREATE_APPLICATION || kind == IV_OUTBOX_KIND_RESUBMIT_APPLICATION) &&
      json_object_has_member (object, "amount_fen"))
    {
      g_autofree char *amount = iv_money_format (json_object_get_int_member (object, "amount_fen"));

      return g_strdup_printf (_("%s (%s)"), describe_kind (kind), amount);
    }
  return g_strdup (describe_kind (kind));
}

static GtkWindow *
parent_window (IvAttentionPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
toast (IvAttentionPage *self,
       const char      *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (IV_IS_WINDOW (root))
    iv_window_show_toast (IV_WINDOW (root), message);
  else
    iv_announce (GTK_WIDGET (self), message, IV_ANNOUNCE_POLITE);
}

static void
form_submitted_cb (GtkWidget       *form,
                   IvOutboxItem    *item,
                   IvAttentionPage *self)
{
  toast (self, _("Corrected and queued for sending again."));
  iv_sync_manager_kick (self->manager);
  iv_attention_page_reload (self);
}

gboolean
iv_attention_page_fix (IvAttentionPage *self,
                       gint64           item_id)
{
  IvOutbox *outbox;
  g_autoptr(IvOutboxItem) item = NULL;
  g_autoptr(IvDraft) draft = NULL;
  IvOutboxKind kind;
  GtkWindow *form = NULL;

  g_return_val_if_fail (IV_IS_ATTENTION_PAGE (self), FALSE);

  outbox = iv_sync_manager_get_outbox (self->manager);
  item = iv_outbox_get_item (outbox, item_id, NULL);
  if (item == NULL || iv_outbox_item_get_draft_id (item) == NULL)
    return FALSE;
  draft = iv_drafts_get (iv_sync_manager_get_drafts (self->manager), iv_outbox_item_get_draft_id (item), NULL);
  if (draft == NULL)
    return FALSE;
  kind = iv_outbox_item_get_kind (item);

  if (kind == IV_OUTBOX_KIND_CREATE_CLAIM || kind == IV_OUTBOX_KIND_RESUBMIT_CLAIM)
    {
      IvClaimForm *claim_form = iv_claim_form_new (iv_sync_manager_get_drafts (self->manager), outbox);

      iv_claim_form_set_policy (claim_form, iv_sync_manager_get_policy (self->manager));
      /* Chosen files are read and copied into user data off the main thread */
      iv_claim_documents_set_user_db (IV_CLAIM_DOCUMENTS (iv_claim_form_get_documents (claim_form)),
                                      iv_outbox_get_user_db (outbox));
      iv_claim_form_load_draft (claim_form, draft, NULL);
      iv_claim_form_set_retry_item (claim_form, item);
      if (g_strcmp0 (iv_outbox_item_get_error_code (item), "version_conflict") == 0 &&
          iv_outbox_item_get_target_id (item) != NULL)
        {
          g_autoptr(IvClaim) server_copy = iv_cache_db_get_object (iv_sync_manager_get_cache (self->manager),
                                                                   IV_CACHE_KIND_CLAIM,
                                                                   iv_outbox_item_get_target_id (item), NULL);
          if (server_copy != NULL)
            iv_claim_form_show_server_copy (claim_form, server_copy);
        }
      form = GTK_WINDOW (claim_form);
    }
  else if (kind == IV_OUTBOX_KIND_CREATE_APPLICATION || kind == IV_OUTBOX_KIND_RESUBMIT_APPLICATION)
    {
      IvApplicationForm *application_form = iv_application_form_new (iv_sync_manager_get_drafts (self->manager), outbox);

      iv_application_form_set_policy (application_form, iv_sync_manager_get_policy (self->manager),
                                      iv_sync_manager_get_account (self->manager));
      iv_application_form_load_draft (application_form, draft, NULL);
      iv_application_form_set_retry_item (application_form, item);
      form = GTK_WINDOW (application_form);
    }
  if (form == NULL)
    return FALSE;
  gtk_window_set_transient_for (form, parent_window (self));
  g_signal_connect_object (form, "submitted", G_CALLBACK (form_submitted_cb), self, 0);
  gtk_window_present (form);
  return TRUE;
}

gboolean
iv_attention_page_retry (IvAttentionPage *self,
                         gint64           item_id)
{
  g_autoptr(IvOutboxItem) item = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (IV_IS_ATTENTION_PAGE (self), FALSE);

  item = iv_outbox_edit_and_retry (iv_sync_manager_get_outbox (self->manager), item_id, NULL, -1, &error);
  if (item == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("It could not be queued again: %s"), error->message);
      toast (self, message);
      return FALSE;
    }
  toast (self, _("Queued for sending again."));
  iv_sync_manager_kick (self->manager);
  iv_attention_page_reload (self);
  return TRUE;
}

static gint64
button_item_id (GtkWidget *button)
{
  gint64 *id = g_object_get_data (G_OBJECT (button), "item-id");

  return id ? *id : -1;
}

static void
fix_clicked_cb (GtkButton       *button,
                IvAttentionPage *self)
{
  iv_attention_page_fix (self, button_item_id (GTK_WIDGET (button)));
}

static void
retry_clicked_cb (GtkButton       *button,
                  IvAttentionPage *self)
{
  iv_attention_page_retry (self, button_item_id (GTK_WIDGET (button)));
}

static void
discard_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     IvAttentionPage  *self)
{
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "discard"))
    return;
  if (!iv_outbox_discard (iv_sync_manager_get_outbox (self->manager),
                          button_item_id (GTK_WIDGET (dialog)), &error))
    {
      toast (self, error->message);
      return;
    }
  toast (self, _("Discarded. Its draft is kept, so nothing typed is lost."));
  iv_attention_page_reload (self);
}

static void
discard_clicked_cb (GtkButton       *button,
                    IvAttentionPage *self)
{
  GtkWidget *dialog = adw_message_dialog_new (parent_window (self), _("Discard this change?"),
                                              _("It will not be sent to the service. Changes that depend on it are discarded too."));
  gint64 *id = g_new (gint64, 1);

  *id = button_item_id (GTK_WIDGET (button));
  g_object_set_data_full (G_OBJECT (dialog), "item-id", id, g_free);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep"), "discard", _("_Discard"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
item_button (const char   *label,
             const char   *a11y,
             gint64        id,
             GCallback     callback,
             gpointer      self)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);
  gint64 *stored = g_new (gint64, 1);

  *stored = id;
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  /* GTK 4.18 lets the mnemonic label's "labelled by" win over the label:
   * Orca would say "放弃(D)…" without saying which item */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  g_object_set_data_full (G_OBJECT (button), "item-id", stored, g_free);
  g_signal_connect (button, "clicked", callback, self);
  return button;
}

void
iv_attention_page_reload (IvAttentionPage *self)
{
  g_autoptr(GPtrArray) items = NULL;
  GtkWidget *child;

  g_return_if_fail (IV_IS_ATTENTION_PAGE (self));

  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->list), child);
  self->n_items = 0;

  items = iv_outbox_list (iv_sync_manager_get_outbox (self->manager), FALSE, NULL);
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      IvOutboxItem *item = g_ptr_array_index (items, i);
      GtkWidget *row;
      g_autofree char *reason = NULL;
      g_autofree char *title = NULL;
      g_autofree char *sentence = NULL;
      g_autofree char *a11y = NULL;
      IvOutboxKind kind;
      gint64 id;

      if (iv_outbox_item_get_state (item) != IV_OUTBOX_STATE_NEEDS_ATTENTION)
        continue;
      kind = iv_outbox_item_get_kind (item);
      id = iv_outbox_item_get_id (item);
      reason = iv_attention_describe_reason (item);
      title = describe_item (item);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), reason);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      sentence = g_strdup_printf (_("%s. Reason: %s"), title, reason);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, sentence, -1);
      /* libadwaita 1.7 labels the row by its title label, which wins over
       * the sentence: the reason would be lost from the row's name */
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_LABELLED_BY);

      if (iv_outbox_item_get_draft_id (item) != NULL &&
          (kind == IV_OUTBOX_KIND_CREATE_CLAIM || kind == IV_OUTBOX_KIND_RESUBMIT_CLAIM ||
           kind == IV_OUTBOX_KIND_CREATE_APPLICATION || kind == IV_OUTBOX_KIND_RESUBMIT_APPLICATION))
        {
          a11y = g_strdup_printf (_("Fix %s"), title);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     item_button (_("_Fix…"), a11y, id, G_CALLBACK (fix_clicked_cb), self));
          g_clear_pointer (&a11y, g_free);
        }
      a11y = g_strdup_printf (_("Retry %s"), title);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 item_button (_("_Retry"), a11y, id, G_CALLBACK (retry_clicked_cb), self));
      g_clear_pointer (&a11y, g_free);
      a11y = g_strdup_printf (_("Discard %s"), title);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 item_button (_("_Discard…"), a11y, id, G_CALLBACK (discard_clicked_cb), self));
      gtk_list_box_append (GTK_LIST_BOX (self->list), row);
      self->n_items++;
    }
  gtk_widget_set_visible (self->list, self->n_items > 0);
  gtk_widget_set_visible (self->empty, self->n_items == 0);
}

static void
manager_changed_cb (IvSyncManager   *manager,
                    const char      *what,
                    IvAttentionPage *self)
{
  if (g_strcmp0 (what, "outbox") == 0)
    iv_attention_page_reload (self);
}

static void
attention_cb (IvAttentionPage *self)
{
  iv_attention_page_reload (self);
}

static void
iv_attention_page_dispose (GObject *object)
{
  g_clear_object (&IV_ATTENTION_PAGE (object)->manager);
  G_OBJECT_CLASS (iv_attention_page_parent_class)->dispose (object);
}

static void
iv_attention_page_class_init (IvAttentionPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = iv_attention_page_dispose;
}

static void
iv_attention_page_init (IvAttentionPage *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *intro = gtk_label_new (_("The service refused these changes. Each is kept here with its reason until you fix and retry it, or discard it."));

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 800);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_widget_set_margin_top (box, 24);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_label_set_wrap (GTK_LABEL (intro), TRUE);
  gtk_label_set_xalign (GTK_LABEL (intro), 0);
  gtk_box_append (GTK_BOX (box), intro);

  self->empty = gtk_label_new (_("Nothing needs your attention."));
  gtk_widget_add_css_class (self->empty, "dim-label");
  gtk_box_append (GTK_BOX (box), self->empty);

  self->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Changes that need your attention"), -1);
  gtk_box_append (GTK_BOX (box), self->list);
  adw_bin_set_child (ADW_BIN (self), scrolled);
}

GtkWidget *
iv_attention_page_new (IvSyncManager *manager)
{
  IvAttentionPage *self;

  g_return_val_if_fail (IV_IS_SYNC_MANAGER (manager), NULL);

  self = g_object_new (IV_TYPE_ATTENTION_PAGE, NULL);
  self->manager = g_object_ref (manager);
  g_signal_connect_object (manager, "changed", G_CALLBACK (manager_changed_cb), self, 0);
  g_signal_connect_object (manager, "item-needs-attention", G_CALLBACK (attention_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (manager, "notify::needs-attention-count", G_CALLBACK (attention_cb), self, G_CONNECT_SWAPPED);
  iv_attention_page_reload (self);
  return GTK_WIDGET (self);
}

guint
iv_attention_page_get_n_items (IvAttentionPage *self)
{
  g_return_val_if_fail (IV_IS_ATTENTION_PAGE (self), 0);
  return self->n_items;
}
