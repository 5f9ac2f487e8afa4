/* iv-claims-page.c: claims (兑付) with status, amounts and timeline; drafts, queued work, orders ready to claim */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "iv-announcer.h"
#include "iv-claim-documents.h"
#include "iv-claim-form.h"
#include "iv-claims-page.h"
#include "iv-printable-claim.h"
#include "iv-receipt-view.h"
#include "iv-timeline.h"
#include "iv-verify-dialog.h"
#include "iv-window.h"

struct _IvClaimsPage
{
  AdwBin         parent_instance;

  IvSyncManager *manager;
  GCancellable  *cancellable;
  GtkWidget     *drafts_group;
  GtkWidget     *drafts_list;
  GtkWidget     *queued_group;
  GtkWidget     *queued_list;
  GtkWidget     *orders_group;
  GtkWidget     *orders_list;
  GtkWidget     *claims_group;
  GtkWidget     *claims_list;
  GtkWidget     *empty_label;
  GtkWidget     *form;
  char          *current_claim_id;
  GHashTable    *claim_rows;   /* claim id → AdwExpanderRow */
  GPtrArray     *ready_orders; /* ids of completed orders without a claim */
  GtkWidget     *draft_view;   /* the draft receipt shown, weak */
  gint64         draft_item;   /* its outbox item, 0 when none */
  char          *replacing;    /* accepted claim whose receipt replaces the draft's */
};

G_DEFINE_FINAL_TYPE (IvClaimsPage, iv_claims_page, ADW_TYPE_BIN)

/* Helpers ---------------------------------------------------------------- */

static void
clear_list (GtkWidget *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (list), child);
}

static GtkWidget *
make_section (GtkWidget   *parent,
              const char  *title,
              GtkWidget  **out_list)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *heading = gtk_label_new (title);
  GtkWidget *list = gtk_list_box_new ();

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "title-4");
  gtk_accessible_update_property (GTK_ACCESSIBLE (heading), GTK_ACCESSIBLE_PROPERTY_LEVEL, 2, -1);
  gtk_box_append (GTK_BOX (box), heading);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_box_append (GTK_BOX (box), list);
  gtk_box_append (GTK_BOX (parent), box);
  *out_list = list;
  return box;
}

/* A row's button named with its object's number ("申请兑付订单 N") */
static void
name_row_button (GtkWidget  *button,
                 const char *accessible_label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_label, -1);
  /* GTK 4.18 lets the mnemonic label's "labelled by" win over the label:
   * Orca would say "申请兑付(L)…" without the order number */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

static GtkWidget *
row_button (const char *label,
            const char *accessible_label)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  if (accessible_label != NULL)
    name_row_button (button, accessible_label);
  return button;
}

/* A button of a claim row's header.  Two of them beside the title need
 * 438 px with text ×1.5, more than a 360 px window: when its words do not
 * fit, the same button shows an icon instead (never "…").  It stays one
 * button either way, so Tab, the mnemonic and the accessible name (which
 * carries the claim's number) do not change with the width. */
static GtkWidget *
row_header_button (const char *label,
                   const char *icon_name,
                   const char *accessible_label,
                   const char *tooltip)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *text = gtk_label_new_with_mnemonic (label);
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);
  GtkWidget *squeezer;

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_label_set_mnemonic_widget (GTK_LABEL (text), button);
  /* AdwSqueezer is deprecated in libadwaita 1.4 for AdwBreakpoint, which
   * follows the window's size, not the row's; 1.2 has only the squeezer */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  squeezer = adw_squeezer_new ();
  adw_squeezer_set_transition_type (ADW_SQUEEZER (squeezer), ADW_SQUEEZER_TRANSITION_TYPE_NONE);
  adw_squeezer_add (ADW_SQUEEZER (squeezer), text);
  adw_squeezer_add (ADW_SQUEEZER (squeezer), icon);
G_GNUC_END_IGNORE_DEPRECATIONS
  gtk_button_set_child (GTK_BUTTON (button), squeezer);
  /* The tooltip says in words what the icon means */
  gtk_widget_set_tooltip_text (button, tooltip);
  name_row_button (button, accessible_label);
  return button;
}

static void
set_row_sentence (GtkWidget  *row,
                  const char *title,
                  const char *subtitle)
{
  g_autofree char *sentence = subtitle && *subtitle ? g_strdup_printf (_("%s. %s"), title, subtitle)
                                                    : g_strdup (title);

  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, sentence, -1);
}

static void
toast (IvClaimsPage *self,
       const char   *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (IV_IS_WINDOW (root))
    iv_window_show_toast (IV_WINDOW (root), message);
  else
    iv_announce (GTK_WIDGET (self), message, IV_ANNOUNCE_POLITE);
}

static GtkWindow *
parent_window (IvClaimsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static gboolean
item_is_claim (IvOutboxItem *item)
{
  IvOutboxKind kind = iv_outbox_item_get_kind (item);

  return kind == IV_OUTBOX_KIND_CREATE_CLAIM || kind == IV_OUTBOX_KIND_RESUBMIT_CLAIM ||
         kind == IV_OUTBOX_KIND_UPLOAD_ATTACHMENT;
}

static gboolean
draft_has_pending_items (IvClaimsPage *self,
                         const char   *draft_id,
                         gboolean     *out_all_done)
{
  IvOutbox *outbox = iv_sync_manager_get_outbox (self->manager);
  g_autoptr(GPtrArray) items = iv_outbox_list_for_draft (outbox, draft_id, NULL);
  gboolean pending = FALSE, any_done = FALSE;

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      IvOutboxState state = iv_outbox_item_get_state (g_ptr_array_index (items, i));

      if (state == IV_OUTBOX_STATE_DONE)
        any_done = TRUE;
      else if (state != IV_OUTBOX_STATE_DISCARDED)
        pending = TRUE;
    }
  if (out_all_done)
    *out_all_done = any_done && !pending;
  return pending;
}

/* Forms ------------------------------------------------------------------ */

static void
form_submitted_cb (IvClaimForm  *form,
                   IvOutboxItem *item,
                   IvClaimsPage *self)
{
  if (iv_sync_manager_get_state (self->manager) == IV_SYNC_STATE_OFFLINE)
    toast (self, _("Offline: the claim is saved and will be sent when the service can be reached."));
  else
    toast (self, _("Claim queued for sending."));
  iv_sync_manager_kick (self->manager);
  iv_claims_page_reload (self);
}

static void
form_destroyed_cb (IvClaimsPage *self,
                   GtkWidget    *form)
{
  if (self->form == form)
    self->form = NULL;
  iv_claims_page_reload (self);
}

static IvClaimForm *
open_form (IvClaimsPage *self)
{
  IvClaimForm *form = iv_claim_form_new (iv_sync_manager_get_drafts (self->manager),
                                         iv_sync_manager_get_outbox (self->manager));

  gtk_window_set_transient_for (GTK_WINDOW (form), parent_window (self));
  /* Chosen files are read and copied into user data off the main thread */
  iv_claim_documents_set_user_db (IV_CLAIM_DOCUMENTS (iv_claim_form_get_documents (form)),
                                  iv_outbox_get_user_db (iv_sync_manager_get_outbox (self->manager)));
  iv_claim_form_set_policy (form, iv_sync_manager_get_policy (self->manager));
  g_signal_connect_object (form, "submitted", G_CALLBACK (form_submitted_cb), self, 0);
  g_signal_connect_object (form, "destroy", G_CALLBACK (form_destroyed_cb), self, G_CONNECT_SWAPPED);
  self->form = GTK_WIDGET (form);
  return form;
}

static IvOrder *
find_order (IvClaimsPage *self,
            const char   *order_id)
{
  return iv_cache_db_get_object (iv_sync_manager_get_cache (self->manager), IV_CACHE_KIND_ORDER,
                                 order_id, NULL);
}

static void
start_claim_for_order (IvClaimsPage *self,
                       const char   *order_id)
{
  g_autoptr(IvOrder) order = find_order (self, order_id);
  IvClaimForm *form;

  if (order == NULL)
    return;
  form = open_form (self);
  iv_claim_form_set_order (form, order);
  gtk_window_present (GTK_WINDOW (form));
}

static void
order_claim_clicked_cb (GtkButton    *button,
                        IvClaimsPage *self)
{
  start_claim_for_order (self, g_object_get_data (G_OBJECT (button), "order-id"));
}

void
iv_claims_page_open_draft (IvClaimsPage *self,
                           const char   *draft_id)
{
  g_autoptr(IvDraft) draft = NULL;
  g_autoptr(GError) error = NULL;
  IvClaimForm *form;
  JsonObject *body;

  g_return_if_fail (IV_IS_CLAIMS_PAGE (self));

  draft = iv_drafts_get (iv_sync_manager_get_drafts (self->manager), draft_id, &error);
  if (draft == NULL)
    return;
  form = open_form (self);
  iv_claim_form_load_draft (form, draft, NULL);
  body = json_node_get_object (iv_draft_get_body (draft));
  /* The order's reserved amount may be known better now */
  if (json_object_get_int_member_with_default (body, "reserved_fen", -1) < 0)
    {
      g_autoptr(IvOrder) order = find_order (self, json_object_get_string_member_with_default (body, "order_id", ""));
      if (order != NULL)
        iv_claim_form_set_order (form, order);
    }
  gtk_window_present (GTK_WINDOW (form));
}

static void
draft_continue_clicked_cb (GtkButton    *button,
                           IvClaimsPage *self)
{
  iv_claims_page_open_draft (self, g_object_get_data (G_OBJECT (button), "draft-id"));
}

static void
delete_draft_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          IvClaimsPage     *self)
{
  const char *draft_id = g_object_get_data (G_OBJECT (dialog), "draft-id");

  if (g_str_equal (response, "delete"))
    {
      iv_drafts_delete (iv_sync_manager_get_drafts (self->manager), draft_id, NULL);
      toast (self, _("Draft deleted."));
      iv_claims_page_reload (self);
    }
}

static void
draft_delete_clicked_cb (GtkButton    *button,
                         IvClaimsPage *self)
{
  GtkWidget *dialog = adw_message_dialog_new (parent_window (self), _("Delete this draft?"),
                                              _("Everything typed in it and its attached files are removed from this computer."));

  g_object_set_data_full (G_OBJECT (dialog), "draft-id",
                          g_strdup (g_object_get_data (G_OBJECT (button), "draft-id")), g_free);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_draft_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
edit_claim_clicked_cb (GtkButton    *button,
                       IvClaimsPage *self)
{
  const char *claim_id = g_object_get_data (G_OBJECT (button), "claim-id");
  g_autoptr(GPtrArray) drafts = iv_drafts_list (iv_sync_manager_get_drafts (self->manager), "claim", NULL);
  g_autoptr(IvClaim) claim = NULL;
  g_autoptr(IvOrder) order = NULL;
  IvClaimForm *form;

  /* Changes already begun on this returned claim are picked up again */
  for (guint i = 0; drafts != NULL && i < drafts->len; i++)
    {
      IvDraft *draft = g_ptr_array_index (drafts, i);

      if (g_strcmp0 (iv_draft_get_server_id (draft), claim_id) == 0)
        {
          iv_claims_page_open_draft (self, iv_draft_get_id (draft));
          return;
        }
    }
  claim = iv_cache_db_get_object (iv_sync_manager_get_cache (self->manager), IV_CACHE_KIND_CLAIM, claim_id, NULL);
  if (claim == NULL)
    return;
  form = open_form (self);
  order = find_order (self, iv_claim_get_order_id (claim));
  if (order != NULL)
    iv_claim_form_set_order (form, order);
  iv_claim_form_edit_claim (form, claim);
  gtk_window_present (GTK_WINDOW (form));
}

/* Receipts --------------------------------------------------------------- */

static void
show_receipt (IvClaimsPage *self,
              IvReceipt    *receipt,
              IvClaim      *claim)
{
  g_autoptr(IvPrintableClaim) printable = iv_printable_claim_new_from_receipt (receipt, claim, NULL);
  IvReceiptView *view = iv_receipt_view_new (parent_window (self), printable);

  gtk_window_present (GTK_WINDOW (view));
}

typedef struct {
  IvClaimsPage *self;
  IvClaim      *claim;
} ReceiptData;

static void
receipt_data_free (ReceiptData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->claim);
  g_free (data);
}

static void
receipt_fetched_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ReceiptData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(IvApiResponse) response = iv_api_client_get_receipt_finish (IV_API_CLIENT (source), result, &error);

  if (response == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = g_strdup_printf (_("The receipt could not be fetched: %s"), error->message);
          toast (data->self, message);
        }
    }
  else
    {
      IvReceipt *receipt = iv_api_response_get_object (response);

      iv_cache_db_put_object (iv_sync_manager_get_cache (data->self->manager), IV_CACHE_KIND_RECEIPT,
                              receipt, NULL);
      show_receipt (data->self, receipt, data->claim);
    }
  receipt_data_free (data);
}

static void
open_receipt (IvClaimsPage *self,
              const char   *claim_id)
{
  IvCacheDb *cache = iv_sync_manager_get_cache (self->manager);
  g_autoptr(IvClaim) claim = iv_cache_db_get_object (cache, IV_CACHE_KIND_CLAIM, claim_id, NULL);
  g_autoptr(IvReceipt) receipt = iv_cache_db_get_object (cache, IV_CACHE_KIND_RECEIPT, claim_id, NULL);
  ReceiptData *data;

  if (claim == NULL)
    return;
  if (receipt != NULL)
    {
      show_receipt (self, receipt, claim);
      return;
    }
  data = g_new0 (ReceiptData, 1);
  data->self = g_object_ref (self);
  data->claim = g_object_ref (claim);
  iv_api_client_get_receipt_async (iv_sync_manager_get_api_client (self->manager), claim_id, NULL,
                                   self->cancellable, receipt_fetched_cb, data);
}

static void
receipt_clicked_cb (GtkButton    *button,
                    IvClaimsPage *self)
{
  g_free (self->current_claim_id);
  self->current_claim_id = g_strdup (g_object_get_data (G_OBJECT (button), "claim-id"));
  open_receipt (self, self->current_claim_id);
}

static void
verify_clicked_cb (IvClaimsPage *self)
{
  IvVerifyDialog *dialog = iv_verify_dialog_new (parent_window (self),
                                                 iv_sync_manager_get_api_client (self->manager));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Draft receipts of queued claims ---------------------------------------- */

/* Placeholder ("local:…") → file name, from the claim's queued uploads */
static GHashTable *
upload_names (IvOutbox   *outbox,
              const char *draft_id)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) items = draft_id ? iv_outbox_list_for_draft (outbox, draft_id, NULL) : NULL;

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      IvOutboxItem *item = g_ptr_array_index (items, i);

      if (iv_outbox_item_get_kind (item) == IV_OUTBOX_KIND_UPLOAD_ATTACHMENT)
        g_hash_table_insert (names, iv_outbox_item_dup_placeholder (item),
                             g_strdup (iv_outbox_item_get_filename (item)));
    }
  return names;
}

IvPrintableClaim *
iv_claims_page_dup_draft_receipt (IvClaimsPage *self,
                                  gint64        item_id)
{
  IvOutbox *outbox;
  IvCacheDb *cache;
  g_autoptr(IvOutboxItem) item = NULL;
  g_autoptr(IvOrder) order = NULL;
  g_autoptr(IvVoucher) voucher = NULL;
  g_autoptr(IvService) service = NULL;
  g_autoptr(IvInstitution) institution = NULL;
  g_autoptr(GHashTable) names = NULL;
  IvPolicy *policy;
  IvAccount *account;
  IvPrintableClaim *claim;
  JsonObject *body, *invoice, *documents;

  g_return_val_if_fail (IV_IS_CLAIMS_PAGE (self), NULL);

  outbox = iv_sync_manager_get_outbox (self->manager);
  cache = iv_sync_manager_get_cache (self->manager);
  item = iv_outbox_get_item (outbox, item_id, NULL);
  if (item == NULL || iv_outbox_item_get_kind (item) != IV_OUTBOX_KIND_CREATE_CLAIM ||
      iv_outbox_item_get_body (item) == NULL || !JSON_NODE_HOLDS_OBJECT (iv_outbox_item_get_body (item)))
    return NULL;
  body = json_node_get_object (iv_outbox_item_get_body (item));

  /* Only what the user wrote and what the cache knows: nothing here may look
   * like something the service issued (no number, no code, no QR code) */
  claim = iv_printable_claim_new ();
  claim->draft = TRUE;
  claim->contract_no = g_strdup (json_object_get_string_member_with_default (body, "contract_no", NULL));
  claim->contract_amount_fen = json_object_get_int_member_with_default (body, "contract_amount_fen", 0);
  claim->paid_on = g_strdup (json_object_get_string_member_with_default (body, "paid_on", NULL));
  invoice = json_object_get_object_member (body, "invoice");
  if (invoice != NULL)
    {
      JsonNode *code = json_object_get_member (invoice, "code");

      if (code != NULL && JSON_NODE_HOLDS_VALUE (code))
        claim->invoice_code = g_strdup (json_node_get_string (code));
      claim->invoice_number = g_strdup (json_object_get_string_member_with_default (invoice, "number", NULL));
      claim->invoice_date = g_strdup (json_object_get_string_member_with_default (invoice, "date", NULL));
      claim->invoice_amount_fen = json_object_get_int_member_with_default (invoice, "amount_fen", -1);
      claim->invoice_seller = g_strdup (json_object_get_string_member_with_default (invoice, "seller_name", NULL));
    }

  order = find_order (self, json_object_get_string_member_with_default (body, "order_id", ""));
  if (order != NULL)
    {
      claim->order_number = g_strdup (iv_order_get_number (order));
      claim->reserved_fen = iv_order_get_reserved_fen (order);
      voucher = iv_cache_db_get_object (cache, IV_CACHE_KIND_VOUCHER, iv_order_get_voucher_id (order), NULL);
      service = iv_cache_db_get_service (cache, iv_order_get_service_id (order), NULL);
      institution = iv_cache_db_get_institution (cache, iv_order_get_institution_id (order), NULL);
    }
  if (voucher != NULL)
    claim->voucher_code = g_strdup (iv_voucher_get_code (voucher));
  if (service != NULL)
    claim->service_title = g_strdup (iv_service_get_title (service));
  if (institution != NULL)
    claim->institution_name = g_strdup (iv_institution_get_name (institution));

  account = iv_sync_manager_get_account (self->manager);
  if (account != NULL)
    {
      claim->enterprise_name = g_strdup (iv_account_get_name (account));
      claim->credit_code = g_strdup (iv_account_get_credit_code (account));
    }

  /* The service computes the subsidy; a draft shows the same rule's estimate */
  policy = iv_sync_manager_get_policy (self->manager);
  if (policy != NULL)
    {
      claim->requested_subsidy_fen = iv_policy_estimate_subsidy (policy, claim->contract_amount_fen,
                                                                 order ? iv_order_get_reserved_fen (order) : -1);
      claim->policy_version = g_strdup (iv_policy_get_version (policy));
      for (guint i = 0; i < iv_policy_get_n_tiers (policy); i++)
        {
          const IvPolicyTier *tier = iv_policy_get_tier (policy, i);
          iv_printable_claim_add_tier (claim, tier->up_to_fen, tier->ratio_bp);
        }
    }
  if (claim->requested_subsidy_fen < 0)
    claim->requested_subsidy_fen = 0;
  claim->approved_subsidy_fen = -1;

  names = upload_names (outbox, iv_outbox_item_get_draft_id (item));
  documents = json_object_get_object_member (body, "documents");
  for (guint k = 0; k < IV_DOCUMENT_KIND_SERVICE_REPORT + 1; k++)
    {
      const char *kind = iv_document_kind_to_string (k);
      JsonArray *ids = documents && json_object_has_member (documents, kind)
                       ? json_object_get_array_member (documents, kind) : NULL;
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) filenames = NULL;

      for (guint i = 0; ids != NULL && i < json_array_get_length (ids); i++)
        {
          const char *id = json_array_get_string_element (ids, i);
          const char *name = id ? g_hash_table_lookup (names, id) : NULL;

          if (name != NULL || id != NULL)
            g_strv_builder_add (builder, name ? name : id);
        }
      filenames = g_strv_builder_end (builder);
      iv_printable_claim_add_documents (claim, kind, (const char * const *) filenames);
    }
  return claim;
}

static void
draft_view_destroyed_cb (IvClaimsPage *self,
                         GtkWidget    *view)
{
  if (self->draft_view == view)
    {
      self->draft_view = NULL;
      self->draft_item = 0;
    }
}

GtkWidget *
iv_claims_page_show_draft_receipt (IvClaimsPage *self,
                                   gint64        item_id)
{
  g_autoptr(IvPrintableClaim) printable = NULL;
  IvReceiptView *view;

  g_return_val_if_fail (IV_IS_CLAIMS_PAGE (self), NULL);

  printable = iv_claims_page_dup_draft_receipt (self, item_id);
  if (printable == NULL)
    return NULL;
  if (self->draft_view != NULL)
    gtk_window_destroy (GTK_WINDOW (self->draft_view));
  view = iv_receipt_view_new (parent_window (self), printable);
  self->draft_view = GTK_WIDGET (view);
  self->draft_item = item_id;
  g_signal_connect_object (view, "destroy", G_CALLBACK (draft_view_destroyed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (view));
  iv_announce (GTK_WIDGET (view), _("Draft receipt: the service issues the real receipt once it accepts the claim."),
               IV_ANNOUNCE_POLITE);
  return GTK_WIDGET (view);
}

static void
draft_receipt_clicked_cb (GtkButton    *button,
                          IvClaimsPage *self)
{
  gint64 *item_id = g_object_get_data (G_OBJECT (button), "item-id");

  iv_claims_page_show_draft_receipt (self, *item_id);
}

/* The claim the draft receipt stood for was accepted: its real receipt
 * takes the draft's place */
static void
replace_draft_receipt (IvClaimsPage *self)
{
  g_autoptr(IvOutboxItem) item = NULL;
  g_autoptr(IvClaim) claim = NULL;

  if (self->draft_view != NULL)
    {
      item = iv_outbox_get_item (iv_sync_manager_get_outbox (self->manager), self->draft_item, NULL);
      if (item != NULL && iv_outbox_item_get_state (item) != IV_OUTBOX_STATE_DONE)
        return;
      g_free (self->replacing);
      self->replacing = item ? g_strdup (iv_outbox_item_get_server_id (item)) : NULL;
      gtk_window_destroy (GTK_WINDOW (self->draft_view));
    }
  if (self->replacing == NULL)
    return;
  /* The claim may reach the cache after its outbox item is done */
  claim = iv_cache_db_get_object (iv_sync_manager_get_cache (self->manager), IV_CACHE_KIND_CLAIM,
                                  self->replacing, NULL);
  if (claim == NULL)
    return;
  toast (self, _("The service accepted the claim; its receipt replaces the draft."));
  g_free (self->current_claim_id);
  self->current_claim_id = g_steal_pointer (&self->replacing);
  open_receipt (self, self->current_claim_id);
}

/* Rows ------------------------------------------------------------------- */

static void
expanded_cb (AdwExpanderRow *row,
             GParamSpec     *pspec,
             IvClaimsPage   *self)
{
  if (adw_expander_row_get_expanded (row))
    {
      g_free (self->current_claim_id);
      self->current_claim_id = g_strdup (g_object_get_data (G_OBJECT (row), "claim-id"));
    }
}

/* A row's buttons go in its header: reachable by keyboard and by screen
 * readers without opening the row (a collapsed row's content is not even
 * realized) */
static void
add_to_row_header (GtkWidget *row,
                   GtkWidget *button)
{
#if ADW_CHECK_VERSION (1, 4, 0)
  adw_expander_row_add_suffix (ADW_EXPANDER_ROW (row), button);
#else
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), button);
#endif
}

static GtkWidget *
make_claim_row (IvClaimsPage *self,
                IvClaim      *claim,
                gboolean      resubmission_pending)
{
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *detail = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *timeline = iv_timeline_new (IV_TIMELINE_CLAIM);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *requested = iv_money_format (iv_claim_get_requested_subsidy_fen (claim));
  g_autofree char *contract = iv_money_format (iv_claim_get_contract_amount_fen (claim));
  g_autofree char *approved = NULL;
  IvClaimStatus status = iv_claim_get_status (claim);
  GtkWidget *receipt;

  title = g_strdup_printf (_("Claim %s — %s"), iv_claim_get_number (claim), iv_claim_status_to_label (status));
  if (iv_claim_get_approved_subsidy_fen (claim) >= 0)
    {
      approved = iv_money_format (iv_claim_get_approved_subsidy_fen (claim));
      subtitle = g_strdup_printf (_("Contract %s, %s; subsidy requested %s, approved %s"),
                                  iv_claim_get_contract_no (claim), contract, requested, approved);
    }
  else
    subtitle = g_strdup_printf (_("Contract %s, %s; subsidy requested %s, not decided yet"),
                                iv_claim_get_contract_no (claim), contract, requested);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
  set_row_sentence (row, title, subtitle);
  g_object_set_data_full (G_OBJECT (row), "claim-id", g_strdup (iv_claim_get_id (claim)), g_free);
  g_signal_connect_object (row, "notify::expanded", G_CALLBACK (expanded_cb), self, 0);

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  iv_timeline_set_history (IV_TIMELINE (timeline), iv_claim_get_history (claim));
  gtk_box_append (GTK_BOX (box), timeline);

  if (status == IV_CLAIM_STATUS_RETURNED)
    {
      GtkWidget *edit;

      if (resubmission_pending)
        {
          GtkWidget *label = gtk_label_new (_("Your changes are waiting to be sent."));
          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_box_append (GTK_BOX (box), label);
        }
      else
        {
          g_autofree char *a11y = g_strdup_printf (_("Edit and resubmit claim %s"), iv_claim_get_number (claim));

          edit = row_header_button (_("_Edit and Resubmit"), "document-edit-symbolic", a11y, a11y);
          gtk_widget_add_css_class (edit, "suggested-action");
          g_object_set_data_full (G_OBJECT (edit), "claim-id", g_strdup (iv_claim_get_id (claim)), g_free);
          g_signal_connect (edit, "clicked", G_CALLBACK (edit_claim_clicked_cb), self);
          add_to_row_header (row, edit);
        }
    }
  {
    g_autofree char *a11y = g_strdup_printf (_("Receipt of claim %s"), iv_claim_get_number (claim));

    receipt = row_header_button (_("_Receipt"), "x-office-document-symbolic", a11y,
                                 _("Show, copy and print the receipt (Ctrl+P prints)"));
    g_object_set_data_full (G_OBJECT (receipt), "claim-id", g_strdup (iv_claim_get_id (claim)), g_free);
    g_signal_connect (receipt, "clicked", G_CALLBACK (receipt_clicked_cb), self);
    add_to_row_header (row, receipt);
  }

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (detail), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (detail), box);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), detail);
  return row;
}

static GtkWidget *
make_action_row (const char *title,
                 const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  set_row_sentence (row, title, subtitle);
  return row;
}

static char *
draft_title (IvDraft *draft)
{
  JsonObject *body = json_node_get_object (iv_draft_get_body (draft));
  JsonObject *fields = json_object_get_object_member (body, "fields");
  const char *contract = fields ? json_object_get_string_member_with_default (fields, "contract_no", "") : "";
  const char *order = json_object_get_string_member_with_default (body, "order_number", "");

  if (iv_draft_get_server_id (draft) != NULL)
    return g_strdup_printf (_("Changes to a returned claim (contract %s)"), *contract ? contract : "—");
  return g_strdup_printf (_("Claim draft for order %s (contract %s)"), *order ? order : "—",
                          *contract ? contract : "—");
}

static char *
format_saved (gint64 unix_us)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (unix_us / G_USEC_PER_SEC);
  g_autofree char *iso = dt ? g_date_time_format_iso8601 (dt) : NULL;
  g_autofree char *when = iso ? iv_format_date_time (iso) : g_strdup ("");

  return g_strdup_printf (_("Saved %s"), when);
}

static void
add_draft_rows (IvClaimsPage *self,
                guint        *n_drafts)
{
  IvDrafts *drafts = iv_sync_manager_get_drafts (self->manager);
  g_autoptr(GPtrArray) list = iv_drafts_list (drafts, "claim", NULL);

  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      IvDraft *draft = g_ptr_array_index (list, i);
      gboolean all_done = FALSE;
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *a11y_continue = NULL;
      g_autofree char *a11y_delete = NULL;
      GtkWidget *row, *button;

      if (draft_has_pending_items (self, iv_draft_get_id (draft), &all_done))
        continue;
      if (all_done)
        {
          /* Sent and accepted: the claim itself is on the service now */
          iv_drafts_delete (drafts, iv_draft_get_id (draft), NULL);
          continue;
        }
      title = draft_title (draft);
      subtitle = format_saved (iv_draft_get_updated_at (draft));
      row = make_action_row (title, subtitle);
      a11y_continue = g_strdup_printf (_("Continue %s"), title);
      button = row_button (_("_Continue"), a11y_continue);
      g_object_set_data_full (G_OBJECT (button), "draft-id", g_strdup (iv_draft_get_id (draft)), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (draft_continue_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      a11y_delete = g_strdup_printf (_("Delete %s"), title);
      button = row_button (_("_Delete"), a11y_delete);
      gtk_widget_add_css_class (button, "destructive-action");
      g_object_set_data_full (G_OBJECT (button), "draft-id", g_strdup (iv_draft_get_id (draft)), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (draft_delete_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (GTK_LIST_BOX (self->drafts_list), row);
      (*n_drafts)++;
    }
}

static void
add_queued_rows (IvClaimsPage *self,
                 GHashTable   *pending_targets,
                 GHashTable   *pending_orders,
                 guint        *n_queued)
{
  IvOutbox *outbox = iv_sync_manager_get_outbox (self->manager);
  g_autoptr(GPtrArray) items = iv_outbox_list (outbox, FALSE, NULL);

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      IvOutboxItem *item = g_ptr_array_index (items, i);
      IvOutboxKind kind = iv_outbox_item_get_kind (item);
      JsonNode *body = iv_outbox_item_get_body (item);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      if (!item_is_claim (item))
        continue;
      if (kind == IV_OUTBOX_KIND_UPLOAD_ATTACHMENT)
        {
          /* Uploads are part of their claim; only a refused one is shown */
          if (iv_outbox_item_get_state (item) != IV_OUTBOX_STATE_NEEDS_ATTENTION)
            continue;
          title = g_strdup_printf (_("Document %s"), iv_outbox_item_get_filename (item));
        }
      else
        {
          JsonObject *object = body ? json_node_get_object (body) : NULL;
          const char *contract = object ? json_object_get_string_member_with_default (object, "contract_no", "") : "";

          if (kind == IV_OUTBOX_KIND_RESUBMIT_CLAIM)
            {
              g_hash_table_add (pending_targets, g_strdup (iv_outbox_item_get_target_id (item)));
              title = g_strdup_printf (_("Resubmitted claim (contract %s)"), contract);
            }
          else
            title = g_strdup_printf (_("New claim (contract %s)"), contract);
          if (object != NULL && json_object_has_member (object, "order_id"))
            g_hash_table_add (pending_orders, g_strdup (json_object_get_string_member (object, "order_id")));
        }

      if (iv_outbox_item_get_state (item) == IV_OUTBOX_STATE_NEEDS_ATTENTION)
        subtitle = g_strdup_printf (_("Needs your attention: %s"),
                                    iv_outbox_item_get_error_message (item) ? iv_outbox_item_get_error_message (item) : "");
      else if (iv_outbox_item_get_state (item) == IV_OUTBOX_STATE_RETRY_WAIT)
        subtitle = g_strdup (_("Waiting to be sent; will try again shortly"));
      else
        subtitle = g_strdup (_("Waiting to be sent"));
      row = make_action_row (title, subtitle);
      if (kind == IV_OUTBOX_KIND_CREATE_CLAIM)
        {
          /* Something to print while waiting, never mistaken for the real one */
          /* "…. 待提交 — 非正式回执": the words printed on the draft itself */
          g_autofree char *a11y = g_strdup_printf (_("%s. %s"), title, C_("receipt", "Queued — not an official receipt"));
          GtkWidget *button = row_button (_("Draft _Receipt"), a11y);
          gint64 *item_id = g_new (gint64, 1);

          *item_id = iv_outbox_item_get_id (item);
          gtk_widget_set_tooltip_text (button, _("A draft receipt to print while the claim waits to be sent"));
          g_object_set_data_full (G_OBJECT (button), "item-id", item_id, g_free);
          g_signal_connect (button, "clicked", G_CALLBACK (draft_receipt_clicked_cb), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }
      gtk_list_box_append (GTK_LIST_BOX (self->queued_list), row);
      (*n_queued)++;
    }
}

static void
add_order_rows (IvClaimsPage *self,
                GPtrArray    *claims,
                GHashTable   *pending_orders,
                guint        *n_orders)
{
  IvCacheDb *cache = iv_sync_manager_get_cache (self->manager);
  g_autoptr(GPtrArray) orders = iv_cache_db_get_list (cache, IV_CACHE_KIND_ORDER, NULL);
  g_autoptr(GPtrArray) drafts = iv_drafts_list (iv_sync_manager_get_drafts (self->manager), "claim", NULL);
  g_autoptr(GHashTable) claimed = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; claims != NULL && i < claims->len; i++)
    g_hash_table_add (claimed, (gpointer) iv_claim_get_order_id (g_ptr_array_index (claims, i)));
  for (guint i = 0; drafts != NULL && i < drafts->len; i++)
    {
      JsonObject *body = json_node_get_object (iv_draft_get_body (g_ptr_array_index (drafts, i)));
      const char *order_id = json_object_get_string_member_with_default (body, "order_id", NULL);

      if (order_id != NULL)
        g_hash_table_add (claimed, (gpointer) order_id);
    }

  for (guint i = 0; orders != NULL && i < orders->len; i++)
    {
      IvOrder *order = g_ptr_array_index (orders, i);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *reserved = NULL;
      g_autofree char *a11y = NULL;
      GtkWidget *row, *button;

      if (iv_order_get_status (order) != IV_ORDER_STATUS_COMPLETED ||
          g_hash_table_contains (claimed, iv_order_get_id (order)) ||
          g_hash_table_contains (pending_orders, iv_order_get_id (order)))
        continue;
      reserved = iv_money_format (iv_order_get_reserved_fen (order));
      title = g_strdup_printf (_("Order %s"), iv_order_get_number (order));
      subtitle = g_strdup_printf (_("Completed; voucher amount reserved %s"), reserved);
      row = make_action_row (title, subtitle);
      a11y = g_strdup_printf (_("Claim the subsidy for order %s"), iv_order_get_number (order));
      button = row_button (_("C_laim…"), a11y);
      gtk_widget_add_css_class (button, "suggested-action");
      g_object_set_data_full (G_OBJECT (button), "order-id", g_strdup (iv_order_get_id (order)), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (order_claim_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (GTK_LIST_BOX (self->orders_list), row);
      g_ptr_array_add (self->ready_orders, g_strdup (iv_order_get_id (order)));
      (*n_orders)++;
    }
}

/* The header row of an expander row: where the keyboard focus goes */
static GtkWidget *
row_header (GtkWidget *row)
{
  for (GtkWidget *child = gtk_widget_get_first_child (row); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LIST_BOX_ROW (child))
        return child;
      if ((found = row_header (child)) != NULL)
        return found;
    }
  return NULL;
}

/* A sync rebuilds every row.  Remember which claims the user opened and in
 * which row the keyboard focus was: libadwaita 1.7 hides a collapsed row's
 * timeline from screen readers, and a destroyed focus drops them at the top */
static GHashTable *
remember_open_rows (IvClaimsPage  *self,
                    char         **focused_id)
{
  GHashTable *open = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GHashTableIter iter;
  gpointer id, row;

  g_hash_table_iter_init (&iter, self->claim_rows);
  while (g_hash_table_iter_next (&iter, &id, &row))
    {
      if (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)))
        g_hash_table_add (open, g_strdup (id));
      if (focus != NULL && *focused_id == NULL && (focus == row || gtk_widget_is_ancestor (focus, row)))
        *focused_id = g_strdup (id);
    }
  return open;
}

static void
restore_open_rows (IvClaimsPage *self,
                   GHashTable   *open,
                   const char   *focused_id)
{
  GHashTableIter iter;
  gpointer id;
  GtkWidget *row;

  g_hash_table_iter_init (&iter, open);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    if ((row = g_hash_table_lookup (self->claim_rows, id)) != NULL)
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  if (focused_id != NULL && (row = g_hash_table_lookup (self->claim_rows, focused_id)) != NULL)
    {
      GtkWidget *header = row_header (row);

      gtk_widget_grab_focus (header != NULL ? header : row);
    }
}

void
iv_claims_page_reload (IvClaimsPage *self)
{
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GHashTable) pending_targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) pending_orders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) open = NULL;
  g_autofree char *focused_id = NULL;
  guint n_drafts = 0, n_queued = 0, n_orders = 0, n_claims = 0;

  g_return_if_fail (IV_IS_CLAIMS_PAGE (self));

  open = remember_open_rows (self, &focused_id);
  clear_list (self->drafts_list);
  clear_list (self->queued_list);
  clear_list (self->orders_list);
  clear_list (self->claims_list);
  g_hash_table_remove_all (self->claim_rows);
  g_ptr_array_set_size (self->ready_orders, 0);

  claims = iv_cache_db_get_list (iv_sync_manager_get_cache (self->manager), IV_CACHE_KIND_CLAIM, NULL);
  add_draft_rows (self, &n_drafts);
  add_queued_rows (self, pending_targets, pending_orders, &n_queued);
  add_order_rows (self, claims, pending_orders, &n_orders);
  for (guint i = 0; claims != NULL && i < claims->len; i++)
    {
      IvClaim *claim = g_ptr_array_index (claims, i);
      GtkWidget *row = make_claim_row (self, claim, g_hash_table_contains (pending_targets, iv_claim_get_id (claim)));

      gtk_list_box_append (GTK_LIST_BOX (self->claims_list), row);
      g_hash_table_insert (self->claim_rows, g_strdup (iv_claim_get_id (claim)), row);
      n_claims++;
    }
  restore_open_rows (self, open, focused_id);

  gtk_widget_set_visible (self->drafts_group, n_drafts > 0);
  gtk_widget_set_visible (self->queued_group, n_queued > 0);
  gtk_widget_set_visible (self->orders_group, n_orders > 0);
  gtk_widget_set_visible (self->claims_group, n_claims > 0);
  gtk_widget_set_visible (self->empty_label, n_drafts + n_queued + n_orders + n_claims == 0);
  replace_draft_receipt (self);
}

/* Signals ---------------------------------------------------------------- */

static void
manager_changed_cb (IvSyncManager *manager,
                    const char    *what,
                    IvClaimsPage  *self)
{
  if (g_strcmp0 (what, "policy") == 0 && self->form != NULL)
    iv_claim_form_set_policy (IV_CLAIM_FORM (self->form), iv_sync_manager_get_policy (manager));
  if (g_strcmp0 (what, "claims") == 0 || g_strcmp0 (what, "orders") == 0 ||
      g_strcmp0 (what, "outbox") == 0 || g_strcmp0 (what, "policy") == 0)
    iv_claims_page_reload (self);
}

static void
drafts_changed_cb (IvDrafts     *drafts,
                   const char   *id,
                   IvClaimsPage *self)
{
  /* The open form saves often; the list follows when it closes */
  if (self->form == NULL)
    iv_claims_page_reload (self);
}

static gboolean
shortcut_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  IvClaimsPage *self = IV_CLAIMS_PAGE (widget);
  const char *what = g_variant_get_string (args, NULL);

  if (g_str_equal (what, "new"))
    {
      GtkRoot *root = gtk_widget_get_root (widget);

      if (IV_IS_WINDOW (root))
        iv_window_show_page (IV_WINDOW (root), "claims");
      iv_claims_page_new_claim (self);
    }
  else if (g_str_equal (what, "print") && self->current_claim_id != NULL)
    open_receipt (self, self->current_claim_id);
  return TRUE;
}

/* GObject ---------------------------------------------------------------- */

static void
iv_claims_page_dispose (GObject *object)
{
  IvClaimsPage *self = IV_CLAIMS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->manager);
  g_clear_pointer (&self->claim_rows, g_hash_table_unref);
  g_clear_pointer (&self->ready_orders, g_ptr_array_unref);
  g_clear_pointer (&self->current_claim_id, g_free);
  g_clear_pointer (&self->replacing, g_free);
  if (self->draft_view != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->draft_view, self);
      self->draft_view = NULL;
    }

  G_OBJECT_CLASS (iv_claims_page_parent_class)->dispose (object);
}

static void
iv_claims_page_class_init (IvClaimsPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = iv_claims_page_dispose;
}

static void
iv_claims_page_init (IvClaimsPage *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  GtkWidget *actions = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *new_button = gtk_button_new_with_mnemonic (_("_New Claim"));
  GtkWidget *verify_button = gtk_button_new_with_mnemonic (_("_Verify a Receipt…"));
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  self->cancellable = g_cancellable_new ();
  self->claim_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->ready_orders = g_ptr_array_new_with_free_func (g_free);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 800);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_widget_set_margin_top (box, 24);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  gtk_widget_add_css_class (new_button, "suggested-action");
  gtk_widget_set_tooltip_text (new_button, _("New claim (Ctrl+N)"));
  g_signal_connect_swapped (new_button, "clicked", G_CALLBACK (iv_claims_page_new_claim), self);
  gtk_box_append (GTK_BOX (actions), new_button);
  gtk_label_set_ellipsize (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (new_button))), PANGO_ELLIPSIZE_END); /* 360 px with large text */
  g_signal_connect_swapped (verify_button, "clicked", G_CALLBACK (verify_clicked_cb), self);
  gtk_box_append (GTK_BOX (actions), verify_button);
  gtk_label_set_ellipsize (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (verify_button))), PANGO_ELLIPSIZE_END); /* 360 px with large text */
  gtk_box_append (GTK_BOX (box), actions);

  self->empty_label = gtk_label_new (_("No claims yet. When an order is completed, claim its subsidy here."));
  gtk_label_set_wrap (GTK_LABEL (self->empty_label), TRUE);
  gtk_widget_add_css_class (self->empty_label, "dim-label");
  gtk_box_append (GTK_BOX (box), self->empty_label);

  self->orders_group = make_section (box, _("Orders ready to claim"), &self->orders_list);
  self->drafts_group = make_section (box, _("Drafts"), &self->drafts_list);
  self->queued_group = make_section (box, _("Waiting to be sent"), &self->queued_list);
  self->claims_group = make_section (box, _("Claims"), &self->claims_list);

  /* Ctrl+N and Ctrl+P work anywhere in the window */
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  {
    GtkShortcut *shortcut = gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>n"),
                                              gtk_callback_action_new (shortcut_cb, NULL, NULL));

    gtk_shortcut_set_arguments (shortcut, g_variant_new_string ("new"));
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), shortcut);
  }
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
  {
    GtkEventController *print = gtk_shortcut_controller_new ();
    GtkShortcut *shortcut;

    shortcut = gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>p"),
                                 gtk_callback_action_new (shortcut_cb, NULL, NULL));
    gtk_shortcut_set_arguments (shortcut, g_variant_new_string ("print"));
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (print), shortcut);
    gtk_widget_add_controller (GTK_WIDGET (self), print);
  }

  adw_bin_set_child (ADW_BIN (self), scrolled);
}

GtkWidget *
iv_claims_page_new (IvSyncManager *manager)
{
  IvClaimsPage *self;

  g_return_val_if_fail (IV_IS_SYNC_MANAGER (manager), NULL);

  self = g_object_new (IV_TYPE_CLAIMS_PAGE, NULL);
  self->manager = g_object_ref (manager);
  g_signal_connect_object (manager, "changed", G_CALLBACK (manager_changed_cb), self, 0);
  g_signal_connect_object (iv_sync_manager_get_drafts (manager), "changed",
                           G_CALLBACK (drafts_changed_cb), self, 0);
  iv_claims_page_reload (self);
  return GTK_WIDGET (self);
}

void
iv_claims_page_new_claim (IvClaimsPage *self)
{
  GtkWidget *first;

  g_return_if_fail (IV_IS_CLAIMS_PAGE (self));

  if (self->form != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->form));
      return;
    }
  iv_claims_page_reload (self);
  first = gtk_widget_get_first_child (self->orders_list);
  if (first == NULL)
    {
      toast (self, _("No completed order is waiting for a claim."));
      return;
    }
  if (self->ready_orders->len == 1)
    {
      /* Exactly one: straight to its form */
      start_claim_for_order (self, g_ptr_array_index (self->ready_orders, 0));
      return;
    }
  gtk_widget_grab_focus (first);
  iv_announce (GTK_WIDGET (self), _("Choose the order to claim for."), IV_ANNOUNCE_POLITE);
}

gboolean
iv_claims_page_open_claim (IvClaimsPage *self,
                           const char   *claim_id)
{
  GtkWidget *row;

  g_return_val_if_fail (IV_IS_CLAIMS_PAGE (self), FALSE);

  row = g_hash_table_lookup (self->claim_rows, claim_id);
  if (row == NULL)
    {
      iv_claims_page_reload (self);
      row = g_hash_table_lookup (self->claim_rows, claim_id);
    }
  if (row == NULL)
    return FALSE;
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  gtk_widget_grab_focus (row);
  return TRUE;
}

GtkWidget *
iv_claims_page_get_form (IvClaimsPage *self)
{
  g_return_val_if_fail (IV_IS_CLAIMS_PAGE (self), NULL);
  return self->form;
}
