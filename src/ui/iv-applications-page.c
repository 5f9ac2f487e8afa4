/* iv-applications-page.c: quota applications (申领) with their review history; apply, resubmit, withdraw */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "iv-announcer.h"
#include "iv-application-form.h"
#include "iv-applications-page.h"
#include "iv-timeline.h"
#include "iv-window.h"

struct _IvApplicationsPage
{
  AdwBin         parent_instance;

  IvSyncManager *manager;
  GtkWidget     *drafts_group;
  GtkWidget     *drafts_list;
  GtkWidget     *queued_group;
  GtkWidget     *queued_list;
  GtkWidget     *list_group;
  GtkWidget     *list;
  GtkWidget     *empty_label;
  GtkWidget     *form;
  GHashTable    *rows;
};

G_DEFINE_FINAL_TYPE (IvApplicationsPage, iv_applications_page, ADW_TYPE_BIN)

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

static GtkWidget *
row_button (const char *label,
            const char *accessible_label)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  if (accessible_label != NULL)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      accessible_label, -1);
      /* The mnemonic label makes the button "labelled by" its own text, and
       * newer GTK (4.18) lets that relation win over the label: a screen
       * reader would say "Withdraw…" without the application's number */
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
    }
  return button;
}

static GtkWidget *
make_action_row (const char *title,
                 const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *sentence = subtitle ? g_strdup_printf (_("%s. %s"), title, subtitle) : g_strdup (title);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, sentence, -1);
  return row;
}

static GtkWindow *
parent_window (IvApplicationsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
toast (IvApplicationsPage *self,
       const char         *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (IV_IS_WINDOW (root))
    iv_window_show_toast (IV_WINDOW (root), message);
  else
    iv_announce (GTK_WIDGET (self), message, IV_ANNOUNCE_POLITE);
}

static gboolean
is_application_item (IvOutboxItem *item)
{
  IvOutboxKind kind = iv_outbox_item_get_kind (item);

  return kind == IV_OUTBOX_KIND_CREATE_APPLICATION || kind == IV_OUTBOX_KIND_RESUBMIT_APPLICATION ||
         kind == IV_OUTBOX_KIND_WITHDRAW_APPLICATION;
}

/* Forms ------------------------------------------------------------------ */

static void
queued_toast (IvApplicationsPage *self,
              const char         *online_text)
{
  if (iv_sync_manager_get_state (self->manager) == IV_SYNC_STATE_OFFLINE)
    toast (self, _("Offline: saved, and sent when the service can be reached."));
  else
    toast (self, online_text);
  iv_sync_manager_kick (self->manager);
}

static void
form_submitted_cb (IvApplicationForm  *form,
                   IvOutboxItem       *item,
                   IvApplicationsPage *self)
{
  queued_toast (self, _("Application queued for sending."));
  iv_applications_page_reload (self);
}

static void
form_destroyed_cb (IvApplicationsPage *self,
                   GtkWidget          *form)
{
  if (self->form == form)
    self->form = NULL;
  iv_applications_page_reload (self);
}

static IvApplicationForm *
open_form (IvApplicationsPage *self)
{
  IvApplicationForm *form = iv_application_form_new (iv_sync_manager_get_drafts (self->manager),
                                                     iv_sync_manager_get_outbox (self->manager));

  gtk_window_set_transient_for (GTK_WINDOW (form), parent_window (self));
  iv_application_form_set_policy (form, iv_sync_manager_get_policy (self->manager),
                                  iv_sync_manager_get_account (self->manager));
  g_signal_connect_object (form, "submitted", G_CALLBACK (form_submitted_cb), self, 0);
  g_signal_connect_object (form, "destroy", G_CALLBACK (form_destroyed_cb), self, G_CONNECT_SWAPPED);
  self->form = GTK_WIDGET (form);
  return form;
}

void
iv_applications_page_new_application (IvApplicationsPage *self)
{
  g_return_if_fail (IV_IS_APPLICATIONS_PAGE (self));

  if (self->form != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->form));
      return;
    }
  gtk_window_present (GTK_WINDOW (open_form (self)));
}

void
iv_applications_page_open_draft (IvApplicationsPage *self,
                                 const char         *draft_id)
{
  g_autoptr(IvDraft) draft = NULL;
  IvApplicationForm *form;

  g_return_if_fail (IV_IS_APPLICATIONS_PAGE (self));

  draft = iv_drafts_get (iv_sync_manager_get_drafts (self->manager), draft_id, NULL);
  if (draft == NULL)
    return;
  form = open_form (self);
  iv_application_form_load_draft (form, draft, NULL);
  gtk_window_present (GTK_WINDOW (form));
}

static void
draft_continue_clicked_cb (GtkButton          *button,
                           IvApplicationsPage *self)
{
  iv_applications_page_open_draft (self, g_object_get_data (G_OBJECT (button), "draft-id"));
}

static void
delete_draft_response_cb (AdwMessageDialog   *dialog,
                          const char         *response,
                          IvApplicationsPage *self)
{
  if (g_str_equal (response, "delete"))
    {
      iv_drafts_delete (iv_sync_manager_get_drafts (self->manager),
                        g_object_get_data (G_OBJECT (dialog), "draft-id"), NULL);
      toast (self, _("Draft deleted."));
      iv_applications_page_reload (self);
    }
}

static void
draft_delete_clicked_cb (GtkButton          *button,
                         IvApplicationsPage *self)
{
  GtkWidget *dialog = adw_message_dialog_new (parent_window (self), _("Delete this draft?"),
                                              _("Everything typed in it is removed from this computer."));

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
edit_clicked_cb (GtkButton          *button,
                 IvApplicationsPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "application-id");
  g_autoptr(GPtrArray) drafts = iv_drafts_list (iv_sync_manager_get_drafts (self->manager), "application", NULL);
  g_autoptr(IvQuotaApplication) application = NULL;
  IvApplicationForm *form;

  for (guint i = 0; drafts != NULL && i < drafts->len; i++)
    if (g_strcmp0 (iv_draft_get_server_id (g_ptr_array_index (drafts, i)), id) == 0)
      {
        iv_applications_page_open_draft (self, iv_draft_get_id (g_ptr_array_index (drafts, i)));
        return;
      }
  application = iv_cache_db_get_object (iv_sync_manager_get_cache (self->manager),
                                        IV_CACHE_KIND_APPLICATION, id, NULL);
  if (application == NULL)
    return;
  form = open_form (self);
  iv_application_form_edit_application (form, application);
  gtk_window_present (GTK_WINDOW (form));
}

static void
withdraw_response_cb (AdwMessageDialog   *dialog,
                      const char         *response,
                      IvApplicationsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IvOutboxItem) item = NULL;

  if (!g_str_equal (response, "withdraw"))
    return;
  item = iv_outbox_enqueue (iv_sync_manager_get_outbox (self->manager), IV_OUTBOX_KIND_WITHDRAW_APPLICATION,
                            g_object_get_data (G_OBJECT (dialog), "application-id"), -1, NULL, NULL, NULL, 0,
                            &error);
  if (item == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The withdrawal could not be saved: %s"), error->message);
      toast (self, message);
      return;
    }
  queued_toast (self, _("Withdrawal queued for sending."));
  iv_applications_page_reload (self);
}

static void
withdraw_clicked_cb (GtkButton          *button,
                     IvApplicationsPage *self)
{
  const char *number = g_object_get_data (G_OBJECT (button), "application-number");
  g_autofree char *heading = g_strdup_printf (_("Withdraw application %s?"), number);
  GtkWidget *dialog = adw_message_dialog_new (parent_window (self), heading,
                                              _("The review stops and the application cannot be resubmitted. Apply again to ask for quota."));

  g_object_set_data_full (G_OBJECT (dialog), "application-id",
                          g_strdup (g_object_get_data (G_OBJECT (button), "application-id")), g_free);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Application"), "withdraw", _("_Withdraw"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "withdraw", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (withdraw_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Rows ------------------------------------------------------------------- */

static GtkWidget *
make_application_row (IvApplicationsPage *self,
                      IvQuotaApplication *application,
                      gboolean            pending)
{
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *detail = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *timeline = iv_timeline_new (IV_TIMELINE_APPLICATION);
  IvApplicationStatus status = iv_quota_application_get_status (application);
  const char *number = iv_quota_application_get_number (application);
  g_autofree char *amount = iv_money_format (iv_quota_application_get_amount_fen (application));
  g_autofree char *title = g_strdup_printf (_("Application %s — %s"), number,
                                            iv_application_status_to_label (status));
  g_autofree char *subtitle = g_strdup_printf (_("%d quota of %s"), iv_quota_application_get_year (application), amount);
  g_autofree char *sentence = g_strdup_printf (_("%s. %s"), title, subtitle);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, sentence, -1);

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  iv_timeline_set_history (IV_TIMELINE (timeline), iv_quota_application_get_history (application));
  gtk_box_append (GTK_BOX (box), timeline);

  if (pending)
    {
      GtkWidget *label = gtk_label_new (_("Your changes are waiting to be sent."));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_box_append (GTK_BOX (box), label);
    }
  else
    {
      if (status == IV_APPLICATION_STATUS_RETURNED)
        {
          g_autofree char *a11y = g_strdup_printf (_("Edit and resubmit application %s"), number);
          GtkWidget *edit = row_button (_("_Edit and Resubmit"), a11y);

          gtk_widget_add_css_class (edit, "suggested-action");
          g_object_set_data_full (G_OBJECT (edit), "application-id",
                                  g_strdup (iv_quota_application_get_id (application)), g_free);
          g_signal_connect (edit, "clicked", G_CALLBACK (edit_clicked_cb), self);
#if ADW_CHECK_VERSION (1, 4, 0)
          adw_expander_row_add_suffix (ADW_EXPANDER_ROW (row), edit);
#else
          adw_expander_row_add_action (ADW_EXPANDER_ROW (row), edit);
#endif
        }
      if (status == IV_APPLICATION_STATUS_SUBMITTED || status == IV_APPLICATION_STATUS_DISTRICT_REVIEW ||
          status == IV_APPLICATION_STATUS_CITY_REVIEW || status == IV_APPLICATION_STATUS_RETURNED)
        {
          g_autofree char *a11y = g_strdup_printf (_("Withdraw application %s"), number);
          GtkWidget *withdraw = row_button (_("_Withdraw…"), a11y);

          gtk_widget_add_css_class (withdraw, "destructive-action");
          g_object_set_data_full (G_OBJECT (withdraw), "application-id",
                                  g_strdup (iv_quota_application_get_id (application)), g_free);
          g_object_set_data_full (G_OBJECT (withdraw), "application-number", g_strdup (number), g_free);
          g_signal_connect (withdraw, "clicked", G_CALLBACK (withdraw_clicked_cb), self);
          /* In the row header like 修改并重新提交: reachable without opening
           * the row (a button inside a row never opened is not even realized) */
#if ADW_CHECK_VERSION (1, 4, 0)
          adw_expander_row_add_suffix (ADW_EXPANDER_ROW (row), withdraw);
#else
          adw_expander_row_add_action (ADW_EXPANDER_ROW (row), withdraw);
#endif
        }
      gtk_box_append (GTK_BOX (box), buttons);
    }

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (detail), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (detail), box);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), detail);
  return row;
}

void
iv_applications_page_reload (IvApplicationsPage *self)
{
  IvDrafts *drafts;
  IvOutbox *outbox;
  g_autoptr(GPtrArray) draft_list = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) applications = NULL;
  g_autoptr(GHashTable) pending = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_drafts = 0, n_queued = 0, n_items = 0;

  g_return_if_fail (IV_IS_APPLICATIONS_PAGE (self));

  drafts = iv_sync_manager_get_drafts (self->manager);
  outbox = iv_sync_manager_get_outbox (self->manager);
  clear_list (self->drafts_list);
  clear_list (self->queued_list);
  clear_list (self->list);
  g_hash_table_remove_all (self->rows);

  items = iv_outbox_list (outbox, FALSE, NULL);
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      IvOutboxItem *item = g_ptr_array_index (items, i);
      IvOutboxKind kind;
      const char *title;
      g_autofree char *subtitle = NULL;

      if (!is_application_item (item))
        continue;
      kind = iv_outbox_item_get_kind (item);
      if (iv_outbox_item_get_target_id (item) != NULL)
        g_hash_table_add (pending, (gpointer) iv_outbox_item_get_target_id (item));
      title = kind == IV_OUTBOX_KIND_CREATE_APPLICATION ? _("New quota application")
            : kind == IV_OUTBOX_KIND_RESUBMIT_APPLICATION ? _("Resubmitted application")
            : _("Withdrawal of an application");
      if (iv_outbox_item_get_state (item) == IV_OUTBOX_STATE_NEEDS_ATTENTION)
        subtitle = g_strdup_printf (_("Needs your attention: %s"),
                                    iv_outbox_item_get_error_message (item) ? iv_outbox_item_get_error_message (item) : "");
      else
        subtitle = g_strdup (_("Waiting to be sent"));
      gtk_list_box_append (GTK_LIST_BOX (self->queued_list), make_action_row (title, subtitle));
      n_queued++;
    }

  draft_list = iv_drafts_list (drafts, "application", NULL);
  for (guint i = 0; draft_list != NULL && i < draft_list->len; i++)
    {
      IvDraft *draft = g_ptr_array_index (draft_list, i);
      g_autoptr(GPtrArray) draft_items = iv_outbox_list_for_draft (outbox, iv_draft_get_id (draft), NULL);
      gboolean any_pending = FALSE, any_done = FALSE;
      JsonObject *fields;
      const char *amount;
      g_autofree char *title = NULL;
      g_autofree char *a11y = NULL;
      GtkWidget *row, *button;

      for (guint j = 0; draft_items != NULL && j < draft_items->len; j++)
        {
          IvOutboxState state = iv_outbox_item_get_state (g_ptr_array_index (draft_items, j));
          any_done |= state == IV_OUTBOX_STATE_DONE;
          any_pending |= state != IV_OUTBOX_STATE_DONE && state != IV_OUTBOX_STATE_DISCARDED;
        }
      if (any_pending)
        continue;
      if (any_done)
        {
          iv_drafts_delete (drafts, iv_draft_get_id (draft), NULL);
          continue;
        }
      fields = json_object_get_object_member (json_node_get_object (iv_draft_get_body (draft)), "fields");
      amount = fields ? json_object_get_string_member_with_default (fields, "amount", "") : "";
      title = g_strdup_printf (_("Application draft (amount %s)"), *amount ? amount : "—");
      row = make_action_row (title, NULL);
      a11y = g_strdup_printf (_("Continue %s"), title);
      button = row_button (_("_Continue"), a11y);
      g_object_set_data_full (G_OBJECT (button), "draft-id", g_strdup (iv_draft_get_id (draft)), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (draft_continue_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      g_clear_pointer (&a11y, g_free);
      a11y = g_strdup_printf (_("Delete %s"), title);
      button = row_button (_("_Delete"), a11y);
      gtk_widget_add_css_class (button, "destructive-action");
      g_object_set_data_full (G_OBJECT (button), "draft-id", g_strdup (iv_draft_get_id (draft)), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (draft_delete_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (GTK_LIST_BOX (self->drafts_list), row);
      n_drafts++;
    }

  applications = iv_cache_db_get_list (iv_sync_manager_get_cache (self->manager), IV_CACHE_KIND_APPLICATION, NULL);
  for (guint i = 0; applications != NULL && i < applications->len; i++)
    {
      IvQuotaApplication *application = g_ptr_array_index (applications, i);
      GtkWidget *row = make_application_row (self, application,
                                             g_hash_table_contains (pending, iv_quota_application_get_id (application)));

      gtk_list_box_append (GTK_LIST_BOX (self->list), row);
      g_hash_table_insert (self->rows, g_strdup (iv_quota_application_get_id (application)), row);
      n_items++;
    }

  gtk_widget_set_visible (self->drafts_group, n_drafts > 0);
  gtk_widget_set_visible (self->queued_group, n_queued > 0);
  gtk_widget_set_visible (self->list_group, n_items > 0);
  gtk_widget_set_visible (self->empty_label, n_drafts + n_queued + n_items == 0);
}

static void
manager_changed_cb (IvSyncManager      *manager,
                    const char         *what,
                    IvApplicationsPage *self)
{
  if (g_strcmp0 (what, "applications") == 0 || g_strcmp0 (what, "outbox") == 0 ||
      g_strcmp0 (what, "account") == 0)
    iv_applications_page_reload (self);
}

static void
drafts_changed_cb (IvDrafts           *drafts,
                   const char         *id,
                   IvApplicationsPage *self)
{
  if (self->form == NULL)
    iv_applications_page_reload (self);
}

static void
iv_applications_page_dispose (GObject *object)
{
  IvApplicationsPage *self = IV_APPLICATIONS_PAGE (object);

  g_clear_object (&self->manager);
  g_clear_pointer (&self->rows, g_hash_table_unref);

  G_OBJECT_CLASS (iv_applications_page_parent_class)->dispose (object);
}

static void
iv_applications_page_class_init (IvApplicationsPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = iv_applications_page_dispose;
}

static void
iv_applications_page_init (IvApplicationsPage *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  GtkWidget *apply = gtk_button_new_with_mnemonic (_("_Apply for Quota…"));

  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 800);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_widget_set_margin_top (box, 24);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  gtk_widget_add_css_class (apply, "suggested-action");
  gtk_widget_set_halign (apply, GTK_ALIGN_START);
  g_signal_connect_swapped (apply, "clicked", G_CALLBACK (iv_applications_page_new_application), self);
  gtk_box_append (GTK_BOX (box), apply);

  self->empty_label = gtk_label_new (_("No applications yet. Apply for this year's quota to receive a voucher."));
  gtk_label_set_wrap (GTK_LABEL (self->empty_label), TRUE);
  gtk_widget_add_css_class (self->empty_label, "dim-label");
  gtk_box_append (GTK_BOX (box), self->empty_label);

  self->drafts_group = make_section (box, _("Drafts"), &self->drafts_list);
  self->queued_group = make_section (box, _("Waiting to be sent"), &self->queued_list);
  self->list_group = make_section (box, _("Applications"), &self->list);

  adw_bin_set_child (ADW_BIN (self), scrolled);
}

GtkWidget *
iv_applications_page_new (IvSyncManager *manager)
{
  IvApplicationsPage *self;

  g_return_val_if_fail (IV_IS_SYNC_MANAGER (manager), NULL);

  self = g_object_new (IV_TYPE_APPLICATIONS_PAGE, NULL);
  self->manager = g_object_ref (manager);
  g_signal_connect_object (manager, "changed", G_CALLBACK (manager_changed_cb), self, 0);
  g_signal_connect_object (iv_sync_manager_get_drafts (manager), "changed",
                           G_CALLBACK (drafts_changed_cb), self, 0);
  iv_applications_page_reload (self);
  return GTK_WIDGET (self);
}

gboolean
iv_applications_page_open_application (IvApplicationsPage *self,
                                       const char         *application_id)
{
  GtkWidget *row;

  g_return_val_if_fail (IV_IS_APPLICATIONS_PAGE (self), FALSE);

  row = g_hash_table_lookup (self->rows, application_id);
  if (row == NULL)
    {
      iv_applications_page_reload (self);
      row = g_hash_table_lookup (self->rows, application_id);
    }
  if (row == NULL)
    return FALSE;
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  gtk_widget_grab_focus (row);
  return TRUE;
}

GtkWidget *
iv_applications_page_get_form (IvApplicationsPage *self)
{
  g_return_val_if_fail (IV_IS_APPLICATIONS_PAGE (self), NULL);
  return self->form;
}
