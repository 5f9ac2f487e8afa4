/* iv-claim-form.c: the guided claim (兑付) form: contract, invoice, payment, documents, checklist, estimate */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "iv-announcer.h"
#include "iv-claim-documents.h"
#include "iv-claim-form.h"

/* Changes are saved this long after the last keystroke */
#define AUTOSAVE_DELAY_MS 800

static const char *field_names[] = {
  IV_CLAIM_FIELD_CONTRACT_NO,
  IV_CLAIM_FIELD_CONTRACT_AMOUNT,
  IV_CLAIM_FIELD_INVOICE_CODE,
  IV_CLAIM_FIELD_INVOICE_NUMBER,
  IV_CLAIM_FIELD_INVOICE_DATE,
  IV_CLAIM_FIELD_INVOICE_AMOUNT,
  IV_CLAIM_FIELD_SELLER_NAME,
  IV_CLAIM_FIELD_PAID_ON,
};
#define N_FIELDS G_N_ELEMENTS (field_names)

enum {
  F_CONTRACT_NO,
  F_CONTRACT_AMOUNT,
  F_INVOICE_CODE,
  F_INVOICE_NUMBER,
  F_INVOICE_DATE,
  F_INVOICE_AMOUNT,
  F_SELLER_NAME,
  F_PAID_ON,
};

struct _IvClaimForm
{
  AdwWindow      parent_instance;

  IvDrafts      *drafts;
  IvOutbox      *outbox;
  IvPolicy      *policy;
  IvOutboxItem  *retry_item;
  char          *draft_id;
  char          *server_id;       /* a returned claim being edited */
  gint64         server_version;  /* If-Match for the resubmission */
  char          *order_id;
  char          *order_number;
  gint64         reserved_fen;    /* -1: not known */
  JsonNode      *files;

  gboolean       loading;
  gboolean       dirty;
  guint          autosave_id;

  GtkWidget     *announcer;
  GtkWidget     *save_status;
  GtkWidget     *order_label;
  GtkWidget     *fields[N_FIELDS];
  GtkWidget     *documents;
  GtkWidget     *checklist;
  GtkWidget     *estimate_label;
  GtkWidget     *rule_label;
  GtkWidget     *conflict_group;
  GtkWidget     *conflict_list;
  GtkWidget     *submit_button;
};

G_DEFINE_FINAL_TYPE (IvClaimForm, iv_claim_form, ADW_TYPE_WINDOW)

enum {
  SUBMITTED,
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule_autosave (IvClaimForm *self);
static void refresh_derived (IvClaimForm *self);

/* Helpers ---------------------------------------------------------------- */

static IvFormField *
field (IvClaimForm *self,
       guint        index)
{
  return IV_FORM_FIELD (self->fields[index]);
}

static char *
field_text (IvClaimForm *self,
            guint        index)
{
  return iv_form_field_dup_text (field (self, index));
}

static gboolean
parse_amount (IvClaimForm *self,
              guint        index,
              gint64      *out_fen,
              GError     **error)
{
  g_autofree char *text = field_text (self, index);
  gint64 fen = 0;

  if (!iv_money_parse (text, &fen, error))
    return FALSE;
  if (fen <= 0)
    {
      g_set_error (error, IV_MONEY_ERROR, IV_MONEY_ERROR_INVALID, _("Enter an amount above zero."));
      return FALSE;
    }
  *out_fen = fen;
  return TRUE;
}

/* The message for one field, or NULL when it is valid */
static char *
check_field (IvClaimForm *self,
             guint        index)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = field_text (self, index);
  gint64 fen;

  switch (index)
    {
    case F_CONTRACT_NO:
      if (!iv_validate_text (text, 1, 64, &error))
        return g_strdup (error->message);
      break;
    case F_CONTRACT_AMOUNT:
      if (!parse_amount (self, index, &fen, &error))
        return g_strdup (error->message);
      break;
    case F_INVOICE_CODE:
      /* Only a classic invoice has a code: 10 or 12 digits */
      if (*text != '\0')
        {
          gsize len = strlen (text);
          gboolean digits = TRUE;

          for (const char *p = text; *p; p++)
            digits = digits && g_ascii_isdigit (*p);
          if (!digits || (len != 10 && len != 12))
            return g_strdup (_("An invoice code has 10 or 12 digits; leave it empty for a fully digital invoice (数电票)."));
        }
      break;
    case F_INVOICE_NUMBER:
      {
        g_autofree char *code = field_text (self, F_INVOICE_CODE);

        if (!iv_validate_invoice (code, text, NULL, &error))
          return g_strdup (error->message);
        break;
      }
    case F_INVOICE_DATE:
    case F_PAID_ON:
      if (!iv_validate_date (text, NULL, &error))
        return g_strdup (error->message);
      break;
    case F_INVOICE_AMOUNT:
      {
        gint64 contract_fen;

        if (!parse_amount (self, index, &fen, &error))
          return g_strdup (error->message);
        if (parse_amount (self, F_CONTRACT_AMOUNT, &contract_fen, NULL) && fen != contract_fen)
          {
            g_autofree char *contract = iv_money_format (contract_fen);
            return g_strdup_printf (_("The invoice amount must equal the contract amount (%s)."), contract);
          }
        break;
      }
    case F_SELLER_NAME:
      if (!iv_validate_text (text, 1, 200, &error))
        return g_strdup (error->message);
      break;
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

static char *
format_ratio (gint ratio_bp)
{
  if (ratio_bp % 100 == 0)
    return g_strdup_printf ("%d%%", ratio_bp / 100);
  return g_strdup_printf ("%d.%02d%%", ratio_bp / 100, ratio_bp % 100);
}

static char *
describe_rule (IvClaimForm *self)
{
  GString *rule = g_string_new (NULL);
  gint64 lower = 0;

  for (guint i = 0; i < iv_policy_get_n_tiers (self->policy); i++)
    {
      const IvPolicyTier *tier = iv_policy_get_tier (self->policy, i);
      g_autofree char *ratio = format_ratio (tier->ratio_bp);

      if (rule->len > 0)
        g_string_append (rule, _("; "));
      if (tier->up_to_fen < 0)
        {
          g_autofree char *from = iv_money_format (lower);
          if (lower == 0)
            g_string_append_printf (rule, _("%s of the contract amount"), ratio);
          else
            g_string_append_printf (rule, _("%s of the part above %s"), ratio, from);
        }
      else
        {
          g_autofree char *to = iv_money_format (tier->up_to_fen);
          if (lower == 0)
            g_string_append_printf (rule, _("%s of the first %s"), ratio, to);
          else
            {
              g_autofree char *from = iv_money_format (lower);
              g_string_append_printf (rule, _("%s of the part from %s to %s"), ratio, from, to);
            }
          lower = tier->up_to_fen;
        }
    }
  g_string_append (rule, _("; "));
  if (self->reserved_fen >= 0)
    {
      g_autofree char *reserved = iv_money_format (self->reserved_fen);
      g_string_append_printf (rule, _("at most the voucher amount the order reserved (%s)."), reserved);
    }
  else
    g_string_append (rule, _("at most the voucher amount the order reserved."));
  /* Translators: %s is the policy version, e.g. 2026.1 */
  g_string_append_printf (rule, _(" Policy %s; the service decides the final amount."),
                          iv_policy_get_version (self->policy));
  return g_string_free (rule, FALSE);
}

static guint
add_checklist_row (IvClaimForm *self,
                   const char  *what,
                   gboolean     done)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon = gtk_image_new_from_icon_name (done ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
  g_autofree char *text = done ? g_strdup_printf (_("Done: %s"), what)
                               : g_strdup_printf (_("Missing: %s"), what);
  GtkWidget *label = gtk_label_new (text);

  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  g_object_set_data_full (G_OBJECT (row), "checklist-text", g_strdup (text), g_free);
  gtk_list_box_append (GTK_LIST_BOX (self->checklist), row);
  return done ? 0 : 1;
}

static const char *
field_title (guint index)
{
  switch (index)
    {
    case F_CONTRACT_NO: return _("Contract number");
    case F_CONTRACT_AMOUNT: return _("Contract amount");
    case F_INVOICE_CODE: return _("Invoice code");
    case F_INVOICE_NUMBER: return _("Invoice number");
    case F_INVOICE_DATE: return _("Invoice date");
    case F_INVOICE_AMOUNT: return _("Invoice amount");
    case F_SELLER_NAME: return _("Seller");
    case F_PAID_ON: return _("Payment date");
    default: g_assert_not_reached ();
    }
}

static void
refresh_checklist (IvClaimForm *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->checklist)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->checklist), child);

  add_checklist_row (self, _("A completed order"), self->order_id != NULL);
  for (guint i = 0; i < N_FIELDS; i++)
    {
      g_autofree char *message = NULL;

      if (i == F_INVOICE_CODE)
        continue;  /* optional */
      message = check_field (self, i);
      add_checklist_row (self, field_title (i), message == NULL);
    }
  for (guint k = 0; k < IV_CLAIM_DOCUMENT_KINDS; k++)
    add_checklist_row (self, iv_document_kind_to_label (k),
                       iv_claim_documents_count (IV_CLAIM_DOCUMENTS (self->documents), k) > 0);
}

static void
refresh_estimate (IvClaimForm *self)
{
  gint64 estimate = iv_claim_form_get_estimate_fen (self);

  if (self->policy == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->estimate_label),
                          _("The subsidy estimate appears once the policy has been loaded."));
      gtk_label_set_text (GTK_LABEL (self->rule_label), "");
      return;
    }
  if (estimate < 0)
    gtk_label_set_text (GTK_LABEL (self->estimate_label),
                        _("Enter the contract amount to see the estimated subsidy."));
  else
    {
      g_autofree char *amount = iv_money_format (estimate);
      g_autofree char *upper = iv_money_format_uppercase (estimate, NULL);
      g_autofree char *text = g_strdup_printf (_("Estimated subsidy: %s (%s)"), amount, upper ? upper : "");

      gtk_label_set_text (GTK_LABEL (self->estimate_label), text);
    }
  {
    g_autofree char *rule = describe_rule (self);
    g_autofree char *text = g_strdup_printf (_("Rule: %s"), rule);
    gtk_label_set_text (GTK_LABEL (self->rule_label), text);
  }
}

static void
refresh_amount_hint (IvClaimForm *self,
                     guint        index)
{
  gint64 fen;

  if (parse_amount (self, index, &fen, NULL))
    {
      g_autofree char *upper = iv_money_format_uppercase (fen, NULL);
      iv_form_field_set_hint (field (self, index), upper);
    }
  else
    iv_form_field_set_hint (field (self, index), _("Amount in yuan, e.g. 12345.67"));
}

static void
refresh_derived (IvClaimForm *self)
{
  refresh_amount_hint (self, F_CONTRACT_AMOUNT);
  refresh_amount_hint (self, F_INVOICE_AMOUNT);
  refresh_checklist (self);
  refresh_estimate (self);
}

static void
set_save_status (IvClaimForm *self,
                 const char  *text)
{
  gtk_label_set_text (GTK_LABEL (self->save_status), text);
}

static JsonNode *
build_draft_body (IvClaimForm *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "order_id");
  if (self->order_id)
    json_builder_add_string_value (b, self->order_id);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "order_number");
  json_builder_add_string_value (b, self->order_number ? self->order_number : "");
  json_builder_set_member_name (b, "reserved_fen");
  json_builder_add_int_value (b, self->reserved_fen);
  json_builder_set_member_name (b, "server_version");
  json_builder_add_int_value (b, self->server_version);
  /* What was typed, valid or not: a draft keeps everything */
  json_builder_set_member_name (b, "fields");
  json_builder_begin_object (b);
  for (guint i = 0; i < N_FIELDS; i++)
    {
      g_autofree char *text = field_text (self, i);
      json_builder_set_member_name (b, field_names[i]);
      json_builder_add_string_value (b, text);
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "uploaded");
  json_builder_begin_object (b);
  for (guint k = 0; k < IV_CLAIM_DOCUMENT_KINDS; k++)
    {
      const char * const *ids = iv_claim_documents_get_uploaded (IV_CLAIM_DOCUMENTS (self->documents), k);

      json_builder_set_member_name (b, iv_document_kind_to_string (k));
      json_builder_begin_array (b);
      for (guint i = 0; ids[i] != NULL; i++)
        json_builder_add_string_value (b, ids[i]);
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
ensure_draft (IvClaimForm  *self,
              GError      **error)
{
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(IvDraft) draft = NULL;

  if (self->draft_id != NULL)
    return TRUE;
  body = build_draft_body (self);
  draft = iv_drafts_create (self->drafts, "claim", self->server_id, body, error);
  if (draft == NULL)
    return FALSE;
  self->draft_id = g_strdup (iv_draft_get_id (draft));
  return TRUE;
}

static void
reload_files (IvClaimForm *self)
{
  g_autoptr(IvDraft) draft = NULL;

  if (self->draft_id == NULL)
    return;
  draft = iv_drafts_get (self->drafts, self->draft_id, NULL);
  if (draft == NULL)
    return;
  g_clear_pointer (&self->files, json_node_unref);
  if (iv_draft_get_files (draft) != NULL)
    self->files = json_node_copy (iv_draft_get_files (draft));
  iv_claim_documents_set_files (IV_CLAIM_DOCUMENTS (self->documents), self->files);
}

static void
show_error_dialog (IvClaimForm *self,
                   const char  *heading,
                   const char  *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
  iv_announce (GTK_WIDGET (self), body, IV_ANNOUNCE_ASSERTIVE);
}

/* Signal callbacks ------------------------------------------------------- */

static void
field_changed_cb (IvClaimForm *self)
{
  if (self->loading)
    return;
  /* A field marked invalid is checked again as it is fixed */
  for (guint i = 0; i < N_FIELDS; i++)
    if (iv_form_field_get_invalid (field (self, i)))
      {
        g_autofree char *message = check_field (self, i);
        iv_form_field_set_error (field (self, i), message);
      }
  self->dirty = TRUE;
  set_save_status (self, _("Unsaved changes"));
  refresh_derived (self);
  schedule_autosave (self);
}

static void
file_chosen_cb (IvClaimDocuments *documents,
                guint             kind,
                GFile            *file,
                const char       *content_type,
                IvClaimForm      *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *message = NULL;

  if (!ensure_draft (self, &error) ||
      !iv_drafts_attach_file (self->drafts, self->draft_id, iv_document_kind_to_string (kind),
                              file, basename, content_type, NULL, &error))
    {
      iv_claim_documents_set_error (documents, kind, error->message);
      iv_announce (GTK_WIDGET (self), error->message, IV_ANNOUNCE_ASSERTIVE);
      return;
    }
  reload_files (self);
  refresh_derived (self);
  message = g_strdup_printf (_("%s attached as %s."), basename, iv_document_kind_to_label (kind));
  iv_announce (GTK_WIDGET (self), message, IV_ANNOUNCE_POLITE);
}

/* The documents widget copied the file into user data in a worker thread:
 * cite that copy in the draft instead of copying the file again here */
static gboolean
file_copied_cb (IvClaimDocuments *documents,
                guint             kind,
                const char       *filename,
                const char       *content_type,
                gint64            size,
                const char       *sha256,
                IvClaimForm      *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!ensure_draft (self, &error) ||
      !iv_drafts_attach_copied_file (self->drafts, self->draft_id, iv_document_kind_to_string (kind),
                                     filename, content_type, size, sha256, &error))
    {
      iv_claim_documents_set_error (documents, kind, error->message);
      iv_announce (GTK_WIDGET (self), error->message, IV_ANNOUNCE_ASSERTIVE);
      return TRUE;
    }
  reload_files (self);
  refresh_derived (self);
  message = g_strdup_printf (_("%s attached as %s."), filename, iv_document_kind_to_label (kind));
  iv_announce (GTK_WIDGET (self), message, IV_ANNOUNCE_POLITE);
  return TRUE;
}

static void
remove_file_cb (IvClaimDocuments *documents,
                guint             index,
                IvClaimForm      *self)
{
  g_autoptr(GError) error = NULL;

  if (self->draft_id == NULL ||
      !iv_drafts_remove_file (self->drafts, self->draft_id, index, &error))
    {
      if (error != NULL)
        show_error_dialog (self, _("The file could not be removed"), error->message);
      return;
    }
  reload_files (self);
  refresh_derived (self);
  iv_announce (GTK_WIDGET (self), _("File removed."), IV_ANNOUNCE_POLITE);
}

static void
remove_uploaded_cb (IvClaimDocuments *documents,
                    guint             kind,
                    guint             index,
                    IvClaimForm      *self)
{
  const char * const *ids = iv_claim_documents_get_uploaded (documents, kind);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) kept = NULL;

  for (guint i = 0; ids[i] != NULL; i++)
    if (i != index)
      g_strv_builder_add (builder, ids[i]);
  kept = g_strv_builder_end (builder);
  iv_claim_documents_set_uploaded (documents, kind, (const char * const *) kept);
  field_changed_cb (self);
  iv_announce (GTK_WIDGET (self), _("File removed."), IV_ANNOUNCE_POLITE);
}

static gboolean
autosave_cb (gpointer user_data)
{
  IvClaimForm *self = user_data;
  g_autoptr(GError) error = NULL;

  self->autosave_id = 0;
  if (!iv_claim_form_save_draft (self, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Not saved: %s"), error->message);
      set_save_status (self, text);
    }
  return G_SOURCE_REMOVE;
}

static void
schedule_autosave (IvClaimForm *self)
{
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  self->autosave_id = g_timeout_add (AUTOSAVE_DELAY_MS, autosave_cb, self);
}

static void
save_clicked_cb (IvClaimForm *self)
{
  g_autoptr(GError) error = NULL;

  if (!iv_claim_form_save_draft (self, &error))
    show_error_dialog (self, _("The draft could not be saved"), error->message);
  else
    iv_announce (GTK_WIDGET (self), _("Draft saved."), IV_ANNOUNCE_POLITE);
}

static void
submit_clicked_cb (IvClaimForm *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IvOutboxItem) item = iv_claim_form_submit (self, &error);

  if (item == NULL && error != NULL)
    show_error_dialog (self, _("The claim could not be queued"), error->message);
  else if (item != NULL)
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
close_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   IvClaimForm      *self)
{
  if (g_str_equal (response, "save"))
    {
      g_autoptr(GError) error = NULL;

      if (!iv_claim_form_save_draft (self, &error))
        {
          show_error_dialog (self, _("The draft could not be saved"), error->message);
          return;
        }
      gtk_window_destroy (GTK_WINDOW (self));
    }
  else if (g_str_equal (response, "discard"))
    {
      self->dirty = FALSE;
      g_clear_handle_id (&self->autosave_id, g_source_remove);
      gtk_window_destroy (GTK_WINDOW (self));
    }
}

static gboolean
iv_claim_form_close_request (GtkWindow *window)
{
  IvClaimForm *self = IV_CLAIM_FORM (window);
  GtkWidget *dialog;

  if (!self->dirty)
    return GTK_WINDOW_CLASS (iv_claim_form_parent_class)->close_request (window);

  dialog = iv_unsaved_changes_dialog_new (window, _("Save the changes to this claim?"));
  g_signal_connect (dialog, "response", G_CALLBACK (close_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static gboolean
shortcut_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  IvClaimForm *self = IV_CLAIM_FORM (widget);
  const char *what = g_variant_get_string (args, NULL);

  if (g_str_equal (what, "save"))
    save_clicked_cb (self);
  else if (g_str_equal (what, "submit"))
    submit_clicked_cb (self);
  else if (g_str_equal (what, "close"))
    gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

/* Construction ----------------------------------------------------------- */

static GtkWidget *
make_group (const char *title,
            GtkWidget  *parent_box)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *heading = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "title-4");
  gtk_accessible_update_property (GTK_ACCESSIBLE (heading), GTK_ACCESSIBLE_PROPERTY_LEVEL, 2, -1);
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (parent_box), box);
  return box;
}

static GtkWidget *
add_entry_field (IvClaimForm *self,
                 guint        index,
                 const char  *label,
                 gboolean     required,
                 const char  *placeholder,
                 GtkWidget   *group)
{
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *f;

  gtk_entry_set_activates_default (GTK_ENTRY (entry), FALSE);
  if (placeholder != NULL)
    gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  f = iv_form_field_new (label, entry, required);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (field_changed_cb), self);
  gtk_box_append (GTK_BOX (group), f);
  self->fields[index] = f;
  return entry;
}

static void
iv_claim_form_dispose (GObject *object)
{
  IvClaimForm *self = IV_CLAIM_FORM (object);

  /* Whatever was typed last is kept, even when the window just goes away */
  if (self->dirty && self->drafts != NULL)
    iv_claim_form_save_draft (self, NULL);
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  g_clear_object (&self->drafts);
  g_clear_object (&self->outbox);
  g_clear_object (&self->policy);
  g_clear_object (&self->retry_item);
  g_clear_pointer (&self->files, json_node_unref);

  G_OBJECT_CLASS (iv_claim_form_parent_class)->dispose (object);
}

static void
iv_claim_form_finalize (GObject *object)
{
  IvClaimForm *self = IV_CLAIM_FORM (object);

  g_free (self->draft_id);
  g_free (self->server_id);
  g_free (self->order_id);
  g_free (self->order_number);

  G_OBJECT_CLASS (iv_claim_form_parent_class)->finalize (object);
}

static void
iv_claim_form_class_init (IvClaimFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = iv_claim_form_dispose;
  object_class->finalize = iv_claim_form_finalize;
  window_class->close_request = iv_claim_form_close_request;

  gtk_widget_class_add_binding (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, shortcut_cb, "s", "save");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, shortcut_cb, "s", "submit");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, shortcut_cb, "s", "submit");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, shortcut_cb, "s", "close");

  /* The claim's outbox item (IvOutboxItem) once queued */
  signals[SUBMITTED] = g_signal_new ("submitted", G_TYPE_FROM_CLASS (klass),
                                     G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 1, IV_TYPE_OUTBOX_ITEM);
  /* The draft was saved (its id) */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass),
                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
iv_claim_form_init (IvClaimForm *self)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *save = gtk_button_new_with_mnemonic (_("Save _Draft"));
  GtkWidget *squeezer = g_object_new (ADW_TYPE_SQUEEZER, "allow-none", TRUE, "transition-type", ADW_SQUEEZER_TRANSITION_TYPE_NONE, NULL);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  GtkWidget *group, *entry;

  self->reserved_fen = -1;
  self->server_version = -1;

  gtk_window_set_title (GTK_WINDOW (self), _("New Claim"));
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 760);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);

  gtk_widget_set_tooltip_text (cancel, _("Close (Esc)"));
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_close), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE); /* 360 px: 取消 and Esc close it */
  gtk_label_set_ellipsize (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (cancel))), PANGO_ELLIPSIZE_END); /* 360 px: the tooltip and accessible name keep the full text */
  self->submit_button = gtk_button_new_with_mnemonic (_("_Submit"));
  gtk_widget_add_css_class (self->submit_button, "suggested-action");
  gtk_widget_set_tooltip_text (self->submit_button, _("Submit (Ctrl+Enter)"));
  g_signal_connect_swapped (self->submit_button, "clicked", G_CALLBACK (submit_clicked_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->submit_button);
  gtk_label_set_ellipsize (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (self->submit_button))), PANGO_ELLIPSIZE_END); /* 360 px: the tooltip and accessible name keep the full text */
  gtk_widget_set_tooltip_text (save, _("Save draft (Ctrl+S)"));
  g_signal_connect_swapped (save, "clicked", G_CALLBACK (save_clicked_cb), self);
  adw_squeezer_add (ADW_SQUEEZER (squeezer), save); /* 360 px: Save Draft gives way first (autosave and Ctrl+S stay) */
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), squeezer);
  gtk_box_append (GTK_BOX (toolbar), header);

  self->announcer = iv_announcer_new ();
  g_object_set_data (G_OBJECT (self), "iv-announcer", self->announcer);
  gtk_box_append (GTK_BOX (toolbar), self->announcer);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (toolbar), scrolled);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  self->save_status = gtk_label_new (_("Not saved yet"));
  gtk_label_set_xalign (GTK_LABEL (self->save_status), 0);
  gtk_widget_add_css_class (self->save_status, "dim-label");
  gtk_box_append (GTK_BOX (box), self->save_status);

  self->order_label = gtk_label_new (_("No order chosen"));
  gtk_label_set_xalign (GTK_LABEL (self->order_label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->order_label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (self->order_label), TRUE);
  gtk_box_append (GTK_BOX (box), self->order_label);

  /* The server's copy after a conflict, shown beside the user's version */
  self->conflict_group = make_group (_("The service's copy changed"), box);
  self->conflict_list = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->conflict_list), 0);
  gtk_label_set_wrap (GTK_LABEL (self->conflict_list), TRUE);
  gtk_label_set_selectable (GTK_LABEL (self->conflict_list), TRUE);
  gtk_box_append (GTK_BOX (self->conflict_group), self->conflict_list);
  gtk_widget_set_visible (self->conflict_group, FALSE);

  group = make_group (_("Contract"), box);
  add_entry_field (self, F_CONTRACT_NO, _("Contract _number"), TRUE, NULL, group);
  entry = add_entry_field (self, F_CONTRACT_AMOUNT, _("Contract _amount (yuan)"), TRUE, "0.00", group);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);

  group = make_group (_("Invoice"), box);
  entry = add_entry_field (self, F_INVOICE_CODE, _("Invoice _code (classic invoices only)"), FALSE,
                           _("Empty for a fully digital invoice"), group);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_DIGITS);
  entry = add_entry_field (self, F_INVOICE_NUMBER, _("Invoice n_umber"), TRUE, NULL, group);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_DIGITS);
  add_entry_field (self, F_INVOICE_DATE, _("Invoice _date"), TRUE, "2026-11-28", group);
  entry = add_entry_field (self, F_INVOICE_AMOUNT, _("Invoice a_mount (yuan)"), TRUE, "0.00", group);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
  add_entry_field (self, F_SELLER_NAME, _("S_eller (the institution on the invoice)"), TRUE, NULL, group);

  group = make_group (_("Payment"), box);
  add_entry_field (self, F_PAID_ON, _("_Payment date"), TRUE, "2026-11-28", group);

  group = make_group (_("Documents"), box);
  self->documents = iv_claim_documents_new ();
  g_signal_connect (self->documents, "file-copied", G_CALLBACK (file_copied_cb), self);
  g_signal_connect (self->documents, "file-chosen", G_CALLBACK (file_chosen_cb), self);
  g_signal_connect (self->documents, "remove-file", G_CALLBACK (remove_file_cb), self);
  g_signal_connect (self->documents, "remove-uploaded", G_CALLBACK (remove_uploaded_cb), self);
  gtk_box_append (GTK_BOX (group), self->documents);

  group = make_group (_("Checklist"), box);
  self->checklist = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->checklist), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->checklist, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->checklist),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Checklist"), -1);
  gtk_box_append (GTK_BOX (group), self->checklist);

  group = make_group (_("Subsidy estimate"), box);
  self->estimate_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->estimate_label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->estimate_label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (self->estimate_label), TRUE);
  gtk_widget_add_css_class (self->estimate_label, "heading");
  gtk_box_append (GTK_BOX (group), self->estimate_label);
  self->rule_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->rule_label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->rule_label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (self->rule_label), TRUE);
  gtk_box_append (GTK_BOX (group), self->rule_label);

  adw_window_set_content (ADW_WINDOW (self), toolbar);
  refresh_derived (self);
}

/* Public ----------------------------------------------------------------- */

IvClaimForm *
iv_claim_form_new (IvDrafts *drafts,
                   IvOutbox *outbox)
{
  IvClaimForm *self;

  g_return_val_if_fail (IV_IS_DRAFTS (drafts), NULL);
  g_return_val_if_fail (outbox == NULL || IV_IS_OUTBOX (outbox), NULL);

  self = g_object_new (IV_TYPE_CLAIM_FORM, NULL);
  self->drafts = g_object_ref (drafts);
  self->outbox = outbox ? g_object_ref (outbox) : NULL;
  return self;
}

void
iv_claim_form_set_policy (IvClaimForm *self,
                          IvPolicy    *policy)
{
  g_return_if_fail (IV_IS_CLAIM_FORM (self));

  g_set_object (&self->policy, policy);
  refresh_derived (self);
}

static void
set_order_info (IvClaimForm *self,
                const char  *order_id,
                const char  *number,
                gint64       reserved_fen)
{
  /* order_id or number may be our own strings: copy before freeing */
  char *new_id = g_strdup (order_id);
  char *new_number = g_strdup (number);

  g_free (self->order_id);
  self->order_id = new_id;
  g_free (self->order_number);
  self->order_number = new_number;
  order_id = new_id;
  number = new_number;
  self->reserved_fen = reserved_fen;

  if (order_id == NULL)
    gtk_label_set_text (GTK_LABEL (self->order_label), _("No order chosen"));
  else
    {
      g_autofree char *text = NULL;

      if (reserved_fen >= 0)
        {
          g_autofree char *reserved = iv_money_format (reserved_fen);
          text = g_strdup_printf (_("For order %s (voucher amount reserved: %s)"),
                                  number && *number ? number : order_id, reserved);
        }
      else
        text = g_strdup_printf (_("For order %s"), number && *number ? number : order_id);
      gtk_label_set_text (GTK_LABEL (self->order_label), text);
    }
  refresh_derived (self);
}

void
iv_claim_form_set_order (IvClaimForm *self,
                         IvOrder     *order)
{
  g_return_if_fail (IV_IS_CLAIM_FORM (self));
  g_return_if_fail (IV_IS_ORDER (order));

  set_order_info (self, iv_order_get_id (order), iv_order_get_number (order),
                  iv_order_get_reserved_fen (order));
  if (!self->loading)
    {
      self->dirty = TRUE;
      schedule_autosave (self);
    }
}

static void
set_fields_loading (IvClaimForm *self,
                    const char  *values[N_FIELDS])
{
  self->loading = TRUE;
  for (guint i = 0; i < N_FIELDS; i++)
    iv_form_field_set_text (field (self, i), values[i]);
  self->loading = FALSE;
}

gboolean
iv_claim_form_load_draft (IvClaimForm  *self,
                          IvDraft      *draft,
                          GError      **error)
{
  JsonObject *body, *fields, *uploaded;
  const char *values[N_FIELDS];

  g_return_val_if_fail (IV_IS_CLAIM_FORM (self), FALSE);
  g_return_val_if_fail (IV_IS_DRAFT (draft), FALSE);

  body = json_node_get_object (iv_draft_get_body (draft));
  g_free (self->draft_id);
  self->draft_id = g_strdup (iv_draft_get_id (draft));
  g_free (self->server_id);
  self->server_id = g_strdup (iv_draft_get_server_id (draft));
  self->server_version = json_object_get_int_member_with_default (body, "server_version", -1);

  fields = json_object_get_object_member (body, "fields");
  for (guint i = 0; i < N_FIELDS; i++)
    values[i] = fields ? json_object_get_string_member_with_default (fields, field_names[i], "") : "";
  set_fields_loading (self, values);

  uploaded = json_object_get_object_member (body, "uploaded");
  for (guint k = 0; k < IV_CLAIM_DOCUMENT_KINDS; k++)
    {
      JsonArray *ids = uploaded ? json_object_get_array_member (uploaded, iv_document_kind_to_string (k)) : NULL;
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) strv = NULL;

      for (guint i = 0; ids != NULL && i < json_array_get_length (ids); i++)
        g_strv_builder_add (builder, json_array_get_string_element (ids, i));
      strv = g_strv_builder_end (builder);
      iv_claim_documents_set_uploaded (IV_CLAIM_DOCUMENTS (self->documents), k, (const char * const *) strv);
    }

  g_clear_pointer (&self->files, json_node_unref);
  if (iv_draft_get_files (draft) != NULL)
    self->files = json_node_copy (iv_draft_get_files (draft));
  iv_claim_documents_set_files (IV_CLAIM_DOCUMENTS (self->documents), self->files);

  self->loading = TRUE;
  set_order_info (self,
                  json_object_get_string_member_with_default (body, "order_id", NULL),
                  json_object_get_string_member_with_default (body, "order_number", NULL),
                  json_object_get_int_member_with_default (body, "reserved_fen", -1));
  self->loading = FALSE;
  if (self->server_id != NULL)
    gtk_window_set_title (GTK_WINDOW (self), _("Edit Returned Claim"));
  self->dirty = FALSE;
  set_save_status (self, _("Draft restored"));
  return TRUE;
}

void
iv_claim_form_edit_claim (IvClaimForm *self,
                          IvClaim     *claim)
{
  IvInvoice *invoice;
  g_autofree char *contract_amount = NULL;
  g_autofree char *invoice_amount = NULL;
  const char *values[N_FIELDS];

  g_return_if_fail (IV_IS_CLAIM_FORM (self));
  g_return_if_fail (IV_IS_CLAIM (claim));

  invoice = iv_claim_get_invoice (claim);
  contract_amount = iv_money_format_plain (iv_claim_get_contract_amount_fen (claim));
  invoice_amount = iv_money_format_plain (iv_invoice_get_amount_fen (invoice));
  values[F_CONTRACT_NO] = iv_claim_get_contract_no (claim);
  values[F_CONTRACT_AMOUNT] = contract_amount;
  values[F_INVOICE_CODE] = iv_invoice_get_code (invoice);
  values[F_INVOICE_NUMBER] = iv_invoice_get_number (invoice);
  values[F_INVOICE_DATE] = iv_invoice_get_date (invoice);
  values[F_INVOICE_AMOUNT] = invoice_amount;
  values[F_SELLER_NAME] = iv_invoice_get_seller_name (invoice);
  values[F_PAID_ON] = iv_claim_get_paid_on (claim);
  set_fields_loading (self, values);

  for (guint k = 0; k < IV_CLAIM_DOCUMENT_KINDS; k++)
    iv_claim_documents_set_uploaded (IV_CLAIM_DOCUMENTS (self->documents), k,
                                     iv_claim_get_documents (claim, k));
  g_free (self->server_id);
  self->server_id = g_strdup (iv_claim_get_id (claim));
  self->server_version = iv_claim_get_version (claim);
  self->loading = TRUE;
  set_order_info (self, iv_claim_get_order_id (claim), self->order_number, self->reserved_fen);
  self->loading = FALSE;
  gtk_window_set_title (GTK_WINDOW (self), _("Edit Returned Claim"));
  self->dirty = TRUE;
  schedule_autosave (self);
}

void
iv_claim_form_set_retry_item (IvClaimForm  *self,
                              IvOutboxItem *item)
{
  g_return_if_fail (IV_IS_CLAIM_FORM (self));

  g_set_object (&self->retry_item, item);
}

void
iv_claim_form_show_server_copy (IvClaimForm *self,
                                IvClaim     *server_copy)
{
  GString *text = g_string_new (NULL);
  IvInvoice *invoice;
  g_autofree char *contract = NULL;
  g_autofree char *invoice_amount = NULL;
  g_autofree char *yours_contract = NULL;
  g_autofree char *yours_number = NULL;
  g_autofree char *yours_invoice = NULL;
  g_autofree char *yours_invoice_amount = NULL;
  g_autofree char *yours_seller = NULL;
  g_autofree char *yours_paid = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *version = NULL;

  g_return_if_fail (IV_IS_CLAIM_FORM (self));
  g_return_if_fail (IV_IS_CLAIM (server_copy));

  invoice = iv_claim_get_invoice (server_copy);
  contract = iv_money_format (iv_claim_get_contract_amount_fen (server_copy));
  invoice_amount = iv_money_format (iv_invoice_get_amount_fen (invoice));
  yours_number = field_text (self, F_CONTRACT_NO);
  yours_contract = field_text (self, F_CONTRACT_AMOUNT);
  yours_invoice = field_text (self, F_INVOICE_NUMBER);
  yours_invoice_amount = field_text (self, F_INVOICE_AMOUNT);
  yours_seller = field_text (self, F_SELLER_NAME);
  yours_paid = field_text (self, F_PAID_ON);

  version = g_strdup_printf ("%" G_GINT64_FORMAT, iv_claim_get_version (server_copy));
  g_string_append_printf (text, _("Status on the service: %s (version %s)."),
                          iv_claim_status_to_label (iv_claim_get_status (server_copy)), version);
  g_string_append_c (text, '\n');
#define LINE(title, theirs, yours) \
  g_string_append_printf (text, _("%s — service: %s; yours: %s"), title, theirs, yours); \
  g_string_append_c (text, '\n');
  LINE (_("Contract number"), iv_claim_get_contract_no (server_copy), yours_number);
  LINE (_("Contract amount"), contract, yours_contract);
  LINE (_("Invoice number"), iv_invoice_get_number (invoice), yours_invoice);
  LINE (_("Invoice amount"), invoice_amount, yours_invoice_amount);
  LINE (_("Seller"), iv_invoice_get_seller_name (invoice), yours_seller);
  LINE (_("Payment date"), iv_claim_get_paid_on (server_copy), yours_paid);
#undef LINE
  g_string_append (text, _("Your version stays in the form. Submitting again sends your version over the service's."));
  shown = g_string_free (text, FALSE);
  gtk_label_set_text (GTK_LABEL (self->conflict_list), shown);
  gtk_widget_set_visible (self->conflict_group, TRUE);

  g_free (self->server_id);
  self->server_id = g_strdup (iv_claim_get_id (server_copy));
  self->server_version = iv_claim_get_version (server_copy);
  self->dirty = TRUE;
  schedule_autosave (self);
  iv_announce (GTK_WIDGET (self), _("The service's copy of this claim changed; both versions are shown."),
               IV_ANNOUNCE_ASSERTIVE);
}

gboolean
iv_claim_form_validate (IvClaimForm *self)
{
  GtkWidget *first = NULL;
  guint n_invalid = 0;

  g_return_val_if_fail (IV_IS_CLAIM_FORM (self), FALSE);

  for (guint i = 0; i < N_FIELDS; i++)
    {
      g_autofree char *message = check_field (self, i);

      iv_form_field_set_error (field (self, i), message);
      if (message != NULL)
        {
          n_invalid++;
          if (first == NULL)
            first = iv_form_field_get_control (field (self, i));
        }
    }
  for (guint k = 0; k < IV_CLAIM_DOCUMENT_KINDS; k++)
    {
      IvClaimDocuments *documents = IV_CLAIM_DOCUMENTS (self->documents);

      if (iv_claim_documents_count (documents, k) == 0)
        {
          g_autofree char *message = g_strdup_printf (_("Attach the %s (PDF, PNG or JPEG)."),
                                                      iv_document_kind_to_label (k));
          iv_claim_documents_set_error (documents, k, message);
          n_invalid++;
          if (first == NULL)
            first = iv_claim_documents_get_add_button (documents, k);
        }
      else
        iv_claim_documents_set_error (documents, k, NULL);
    }
  if (self->order_id == NULL)
    n_invalid++;

  refresh_checklist (self);
  if (n_invalid == 0)
    return TRUE;

  if (first != NULL)
    gtk_widget_grab_focus (first);
  {
    g_autofree char *message = NULL;

    if (self->order_id == NULL)
      message = g_strdup (_("Choose a completed order first."));
    else
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u item needs attention before submitting.",
                                              "%u items need attention before submitting.", n_invalid),
                                 n_invalid);
    iv_announce (GTK_WIDGET (self), message, IV_ANNOUNCE_ASSERTIVE);
  }
  return FALSE;
}

gboolean
iv_claim_form_save_draft (IvClaimForm  *self,
                          GError      **error)
{
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *time = NULL;
  g_autofree char *status = NULL;

  g_return_val_if_fail (IV_IS_CLAIM_FORM (self), FALSE);

  g_clear_handle_id (&self->autosave_id, g_source_remove);
  if (!ensure_draft (self, error))
    return FALSE;
  body = build_draft_body (self);
  if (!iv_drafts_save (self->drafts, self->draft_id, body, error))
    return FALSE;
  self->dirty = FALSE;
  now = g_date_time_new_now_local ();
  time = g_date_time_format (now, "%H:%M:%S");
  status = g_strdup_printf (_("Draft saved at %s"), time);
  set_save_status (self, status);
  g_signal_emit (self, signals[SAVED], 0, self->draft_id);
  return TRUE;
}

JsonNode *
iv_claim_form_build_body (IvClaimForm *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *contract_no = NULL, *code = NULL, *number = NULL, *date = NULL;
  g_autofree char *seller = NULL, *paid_on = NULL;
  gint64 contract_fen, invoice_fen;

  g_return_val_if_fail (IV_IS_CLAIM_FORM (self), NULL);

  for (guint i = 0; i < N_FIELDS; i++)
    {
      g_autofree char *message = check_field (self, i);
      if (message != NULL)
        return NULL;
    }
  if (self->order_id == NULL ||
      !parse_amount (self, F_CONTRACT_AMOUNT, &contract_fen, NULL) ||
      !parse_amount (self, F_INVOICE_AMOUNT, &invoice_fen, NULL))
    return NULL;
  contract_no = field_text (self, F_CONTRACT_NO);
  code = field_text (self, F_INVOICE_CODE);
  number = field_text (self, F_INVOICE_NUMBER);
  date = field_text (self, F_INVOICE_DATE);
  seller = field_text (self, F_SELLER_NAME);
  paid_on = field_text (self, F_PAID_ON);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "order_id");
  json_builder_add_string_value (b, self->order_id);
  json_builder_set_member_name (b, "contract_no");
  json_builder_add_string_value (b, contract_no);
  json_builder_set_member_name (b, "contract_amount_fen");
  json_builder_add_int_value (b, contract_fen);
  json_builder_set_member_name (b, "invoice");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  if (*code != '\0')
    json_builder_add_string_value (b, code);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "number");
  json_builder_add_string_value (b, number);
  json_builder_set_member_name (b, "date");
  json_builder_add_string_value (b, date);
  json_builder_set_member_name (b, "amount_fen");
  json_builder_add_int_value (b, invoice_fen);
  json_builder_set_member_name (b, "seller_name");
  json_builder_add_string_value (b, seller);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "paid_on");
  json_builder_add_string_value (b, paid_on);
  json_builder_set_member_name (b, "documents");
  json_builder_begin_object (b);
  for (guint k = 0; k < IV_CLAIM_DOCUMENT_KINDS; k++)
    {
      const char * const *ids = iv_claim_documents_get_uploaded (IV_CLAIM_DOCUMENTS (self->documents), k);

      json_builder_set_member_name (b, iv_document_kind_to_string (k));
      json_builder_begin_array (b);
      for (guint i = 0; ids[i] != NULL; i++)
        json_builder_add_string_value (b, ids[i]);
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

IvOutboxItem *
iv_claim_form_submit (IvClaimForm  *self,
                      GError      **error)
{
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(IvOutboxItem) item = NULL;
  JsonObject *documents;
  JsonArray *files;
  const char *message;

  g_return_val_if_fail (IV_IS_CLAIM_FORM (self), NULL);

  /* A file still being copied would be missing from the claim */
  if (iv_claim_documents_get_busy (IV_CLAIM_DOCUMENTS (self->documents)))
    {
      iv_announce (GTK_WIDGET (self), _("A file is still being added. Submit again when it is attached."),
                   IV_ANNOUNCE_ASSERTIVE);
      return NULL;
    }
  if (!iv_claim_form_validate (self))
    return NULL;
  if (self->outbox == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                   _("Claims cannot be queued before the local store is open."));
      return NULL;
    }
  if (!iv_claim_form_save_draft (self, error))
    return NULL;

  body = iv_claim_form_build_body (self);
  g_assert (body != NULL);
  documents = json_object_get_object_member (json_node_get_object (body), "documents");

  /* New files go up first; the claim cites them by placeholder and so
   * waits for them (the outbox orders and resolves them) */
  files = self->files ? json_node_get_array (self->files) : NULL;
  for (guint i = 0; files != NULL && i < json_array_get_length (files); i++)
    {
      JsonObject *file = json_array_get_object_element (files, i);
      const char *sha256 = json_object_get_string_member (file, "sha256");
      g_autoptr(GFile) copy = iv_drafts_get_file (self->drafts, sha256);
      g_autoptr(IvOutboxItem) upload = NULL;
      g_autofree char *placeholder = NULL;

      upload = iv_outbox_enqueue_upload (self->outbox, copy,
                                         json_object_get_string_member (file, "filename"),
                                         json_object_get_string_member (file, "content_type"),
                                         self->draft_id, NULL, error);
      if (upload == NULL)
        return NULL;
      placeholder = iv_outbox_item_dup_placeholder (upload);
      json_array_add_string_element (json_object_get_array_member (documents,
                                                                   json_object_get_string_member (file, "document_kind")),
                                     placeholder);
    }

  if (self->retry_item != NULL)
    item = iv_outbox_edit_and_retry (self->outbox, iv_outbox_item_get_id (self->retry_item),
                                     body, self->server_id ? self->server_version : -1, error);
  else if (self->server_id != NULL)
    item = iv_outbox_enqueue (self->outbox, IV_OUTBOX_KIND_RESUBMIT_CLAIM, self->server_id,
                              self->server_version, body, self->draft_id, NULL, 0, error);
  else
    item = iv_outbox_enqueue (self->outbox, IV_OUTBOX_KIND_CREATE_CLAIM, NULL, -1,
                              body, self->draft_id, NULL, 0, error);
  if (item == NULL)
    return NULL;

  self->dirty = FALSE;
  message = _("Claim queued. It is sent as soon as the service can be reached.");
  set_save_status (self, message);
  iv_announce (GTK_WIDGET (self), message, IV_ANNOUNCE_POLITE);
  g_signal_emit (self, signals[SUBMITTED], 0, item);
  return g_steal_pointer (&item);
}

const char *
iv_claim_form_get_draft_id (IvClaimForm *self)
{
  g_return_val_if_fail (IV_IS_CLAIM_FORM (self), NULL);
  return self->draft_id;
}

gboolean
iv_claim_form_get_dirty (IvClaimForm *self)
{
  g_return_val_if_fail (IV_IS_CLAIM_FORM (self), FALSE);
  return self->dirty;
}

IvFormField *
iv_claim_form_get_field (IvClaimForm *self,
                         const char  *name)
{
  g_return_val_if_fail (IV_IS_CLAIM_FORM (self), NULL);

  for (guint i = 0; i < N_FIELDS; i++)
    if (g_strcmp0 (name, field_names[i]) == 0)
      return field (self, i);
  return NULL;
}

GtkWidget *
iv_claim_form_get_documents (IvClaimForm *self)
{
  g_return_val_if_fail (IV_IS_CLAIM_FORM (self), NULL);
  return self->documents;
}

gint64
iv_claim_form_get_estimate_fen (IvClaimForm *self)
{
  gint64 contract_fen;

  g_return_val_if_fail (IV_IS_CLAIM_FORM (self), -1);

  if (self->policy == NULL || !parse_amount (self, F_CONTRACT_AMOUNT, &contract_fen, NULL))
    return -1;
  return iv_policy_estimate_subsidy (self->policy, contract_fen, self->reserved_fen);
}

GStrv
iv_claim_form_dup_checklist (IvClaimForm *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (IV_IS_CLAIM_FORM (self), NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (self->checklist); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      const char *text = g_object_get_data (G_OBJECT (row), "checklist-text");
      if (text != NULL)
        g_strv_builder_add (builder, text);
    }
  return g_strv_builder_end (builder);
}

guint
iv_claim_form_get_n_missing (IvClaimForm *self)
{
  g_auto(GStrv) lines = NULL;
  g_autofree char *prefix = NULL;
  guint n = 0;

  g_return_val_if_fail (IV_IS_CLAIM_FORM (self), 0);

  lines = iv_claim_form_dup_checklist (self);
  prefix = g_strdup_printf (_("Missing: %s"), "");
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      n++;
  return n;
}
