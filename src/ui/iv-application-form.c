/* iv-application-form.c: the quota application (申领) form, new or returned for changes */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "iv-announcer.h"
#include "iv-application-form.h"

#define AUTOSAVE_DELAY_MS 800

enum {
  F_AMOUNT,
  F_PURPOSE,
  F_CATEGORIES,
  F_CONTACT_NAME,
  F_CONTACT_PHONE,
  N_FIELDS
};

static const char *field_names[N_FIELDS] = {
  IV_APPLICATION_FIELD_AMOUNT,
  IV_APPLICATION_FIELD_PURPOSE,
  IV_APPLICATION_FIELD_CATEGORIES,
  IV_APPLICATION_FIELD_CONTACT_NAME,
  IV_APPLICATION_FIELD_CONTACT_PHONE,
};

struct _IvApplicationForm
{
  AdwWindow      parent_instance;

  IvDrafts      *drafts;
  IvOutbox      *outbox;
  IvOutboxItem  *retry_item;
  char          *draft_id;
  char          *server_id;
  gint64         server_version;
  gint64         cap_fen;
  gint           year;

  gboolean       loading;
  gboolean       dirty;
  guint          autosave_id;

  GtkWidget     *announcer;
  GtkWidget     *save_status;
  GtkWidget     *cap_label;
  GtkWidget     *fields[N_FIELDS];
  GtkWidget     *category_box;
  GPtrArray     *category_buttons;
};

G_DEFINE_FINAL_TYPE (IvApplicationForm, iv_application_form, ADW_TYPE_WINDOW)

enum {
  SUBMITTED,
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule_autosave (IvApplicationForm *self);

/* Helpers ---------------------------------------------------------------- */

static IvFormField *
field (IvApplicationForm *self,
       guint              index)
{
  return IV_FORM_FIELD (self->fields[index]);
}

static char *
field_text (IvApplicationForm *self,
            guint              index)
{
  return iv_form_field_dup_text (field (self, index));
}

static GStrv
dup_categories (IvApplicationForm *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < self->category_buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (self->category_buttons, i);

      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (button)))
        g_strv_builder_add (builder, g_object_get_data (G_OBJECT (button), "category-code"));
    }
  return g_strv_builder_end (builder);
}

static char *
check_field (IvApplicationForm *self,
             guint              index)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = index == F_CATEGORIES ? NULL : field_text (self, index);

  switch (index)
    {
    case F_AMOUNT:
      {
        gint64 fen;

        if (!iv_money_parse (text, &fen, &error))
          return g_strdup (error->message);
        if (fen <= 0)
          return g_strdup (_("Enter an amount above zero."));
        if (self->cap_fen >= 0 && fen > self->cap_fen)
          {
            g_autofree char *cap = iv_money_format (self->cap_fen);
            return g_strdup_printf (_("At most %s can be applied for this year."), cap);
          }
        break;
      }
    case F_PURPOSE:
      if (!iv_validate_text (text, 1, 500, &error))
        return g_strdup (error->message);
      break;
    case F_CATEGORIES:
      {
        g_auto(GStrv) codes = dup_categories (self);

        if (codes[0] == NULL)
          return g_strdup (_("Choose at least one kind of service."));
        break;
      }
    case F_CONTACT_NAME:
      if (!iv_validate_text (text, 1, 50, &error))
        return g_strdup (error->message);
      break;
    case F_CONTACT_PHONE:
      if (!iv_validate_phone (text, &error))
        return g_strdup (error->message);
      break;
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

static void
refresh_hint (IvApplicationForm *self)
{
  g_autofree char *text = field_text (self, F_AMOUNT);
  gint64 fen;

  if (iv_money_parse (text, &fen, NULL))
    {
      g_autofree char *upper = iv_money_format_uppercase (fen, NULL);
      iv_form_field_set_hint (field (self, F_AMOUNT), upper);
    }
  else
    iv_form_field_set_hint (field (self, F_AMOUNT), _("Amount in yuan, e.g. 12345.67"));
}

static void
set_save_status (IvApplicationForm *self,
                 const char        *text)
{
  gtk_label_set_text (GTK_LABEL (self->save_status), text);
}

static JsonNode *
build_draft_body (IvApplicationForm *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_auto(GStrv) codes = dup_categories (self);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "server_version");
  json_builder_add_int_value (b, self->server_version);
  json_builder_set_member_name (b, "fields");
  json_builder_begin_object (b);
  for (guint i = 0; i < N_FIELDS; i++)
    {
      g_autofree char *text = NULL;

      if (i == F_CATEGORIES)
        continue;
      text = field_text (self, i);
      json_builder_set_member_name (b, field_names[i]);
      json_builder_add_string_value (b, text);
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "planned_categories");
  json_builder_begin_array (b);
  for (guint i = 0; codes[i] != NULL; i++)
    json_builder_add_string_value (b, codes[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static JsonNode *
build_body (IvApplicationForm *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *amount = field_text (self, F_AMOUNT);
  g_autofree char *purpose = field_text (self, F_PURPOSE);
  g_autofree char *name = field_text (self, F_CONTACT_NAME);
  g_autofree char *phone = field_text (self, F_CONTACT_PHONE);
  g_auto(GStrv) codes = dup_categories (self);
  gint64 fen = 0;

  iv_money_parse (amount, &fen, NULL);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "year");
  json_builder_add_int_value (b, self->year);
  json_builder_set_member_name (b, "amount_fen");
  json_builder_add_int_value (b, fen);
  json_builder_set_member_name (b, "purpose");
  json_builder_add_string_value (b, purpose);
  json_builder_set_member_name (b, "planned_categories");
  json_builder_begin_array (b);
  for (guint i = 0; codes[i] != NULL; i++)
    json_builder_add_string_value (b, codes[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "contact_name");
  json_builder_add_string_value (b, name);
  json_builder_set_member_name (b, "contact_phone");
  json_builder_add_string_value (b, phone);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
show_error_dialog (IvApplicationForm *self,
                   const char        *heading,
                   const char        *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
  iv_announce (GTK_WIDGET (self), body, IV_ANNOUNCE_ASSERTIVE);
}

/* Callbacks -------------------------------------------------------------- */

static void
field_changed_cb (IvApplicationForm *self)
{
  if (self->loading)
    return;
  for (guint i = 0; i < N_FIELDS; i++)
    if (iv_form_field_get_invalid (field (self, i)))
      {
        g_autofree char *message = check_field (self, i);
        iv_form_field_set_error (field (self, i), message);
      }
  refresh_hint (self);
  self->dirty = TRUE;
  set_save_status (self, _("Unsaved changes"));
  schedule_autosave (self);
}

static gboolean
autosave_cb (gpointer user_data)
{
  IvApplicationForm *self = user_data;
  g_autoptr(GError) error = NULL;

  self->autosave_id = 0;
  if (!iv_application_form_save_draft (self, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Not saved: %s"), error->message);
      set_save_status (self, text);
    }
  return G_SOURCE_REMOVE;
}

static void
schedule_autosave (IvApplicationForm *self)
{
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  self->autosave_id = g_timeout_add (AUTOSAVE_DELAY_MS, autosave_cb, self);
}

static void
save_clicked_cb (IvApplicationForm *self)
{
  g_autoptr(GError) error = NULL;

  if (!iv_application_form_save_draft (self, &error))
    show_error_dialog (self, _("The draft could not be saved"), error->message);
  else
    iv_announce (GTK_WIDGET (self), _("Draft saved."), IV_ANNOUNCE_POLITE);
}

static void
submit_clicked_cb (IvApplicationForm *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IvOutboxItem) item = iv_application_form_submit (self, &error);

  if (item == NULL && error != NULL)
    show_error_dialog (self, _("The application could not be queued"), error->message);
  else if (item != NULL)
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
close_response_cb (AdwMessageDialog  *dialog,
                   const char        *response,
                   IvApplicationForm *self)
{
  if (g_str_equal (response, "save"))
    {
      g_autoptr(GError) error = NULL;

      if (!iv_application_form_save_draft (self, &error))
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
iv_application_form_close_request (GtkWindow *window)
{
  IvApplicationForm *self = IV_APPLICATION_FORM (window);
  GtkWidget *dialog;

  if (!self->dirty)
    return GTK_WINDOW_CLASS (iv_application_form_parent_class)->close_request (window);

  dialog = iv_unsaved_changes_dialog_new (window, _("Save the changes to this application?"));
  g_signal_connect (dialog, "response", G_CALLBACK (close_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static gboolean
shortcut_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  IvApplicationForm *self = IV_APPLICATION_FORM (widget);
  const char *what = g_variant_get_string (args, NULL);

  if (g_str_equal (what, "save"))
    save_clicked_cb (self);
  else if (g_str_equal (what, "submit"))
    submit_clicked_cb (self);
  else if (g_str_equal (what, "close"))
    gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

/* GObject ---------------------------------------------------------------- */

static void
iv_application_form_dispose (GObject *object)
{
  IvApplicationForm *self = IV_APPLICATION_FORM (object);

  if (self->dirty && self->drafts != NULL)
    iv_application_form_save_draft (self, NULL);
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  g_clear_object (&self->drafts);
  g_clear_object (&self->outbox);
  g_clear_object (&self->retry_item);
  g_clear_pointer (&self->category_buttons, g_ptr_array_unref);

  G_OBJECT_CLASS (iv_application_form_parent_class)->dispose (object);
}

static void
iv_application_form_finalize (GObject *object)
{
  IvApplicationForm *self = IV_APPLICATION_FORM (object);

  g_free (self->draft_id);
  g_free (self->server_id);

  G_OBJECT_CLASS (iv_application_form_parent_class)->finalize (object);
}

static void
iv_application_form_class_init (IvApplicationFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = iv_application_form_dispose;
  object_class->finalize = iv_application_form_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = iv_application_form_close_request;

  gtk_widget_class_add_binding (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, shortcut_cb, "s", "save");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, shortcut_cb, "s", "submit");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, shortcut_cb, "s", "submit");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, shortcut_cb, "s", "close");

  signals[SUBMITTED] = g_signal_new ("submitted", G_TYPE_FROM_CLASS (klass),
                                     G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 1, IV_TYPE_OUTBOX_ITEM);
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass),
                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_STRING);
}

static GtkWidget *
add_field (IvApplicationForm *self,
           guint              index,
           const char        *label,
           GtkWidget         *control,
           GtkWidget         *box)
{
  GtkWidget *f = iv_form_field_new (label, control, TRUE);

  gtk_box_append (GTK_BOX (box), f);
  self->fields[index] = f;
  return control;
}

static void
iv_application_form_init (IvApplicationForm *self)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *save = gtk_button_new_with_mnemonic (_("Save _Draft"));
  GtkWidget *squeezer = g_object_new (ADW_TYPE_SQUEEZER, "allow-none", TRUE, "transition-type", ADW_SQUEEZER_TRANSITION_TYPE_NONE, NULL);
  GtkWidget *submit = gtk_button_new_with_mnemonic (_("_Submit"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *entry, *purpose, *purpose_frame;
  const char * const *codes = iv_category_codes ();
  GtkWidget *first_check = NULL;

  self->cap_fen = -1;
  self->server_version = -1;
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    self->year = g_date_time_get_year (now);
  }
  self->category_buttons = g_ptr_array_new ();

  gtk_window_set_title (GTK_WINDOW (self), _("Apply for Quota"));
  gtk_window_set_default_size (GTK_WINDOW (self), 600, 700);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);

  gtk_widget_set_tooltip_text (cancel, _("Close (Esc)"));
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_close), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE); /* 360 px: 取消 and Esc close it */
  gtk_label_set_ellipsize (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (cancel))), PANGO_ELLIPSIZE_END); /* 360 px: the tooltip and accessible name keep the full text */
  gtk_widget_add_css_class (submit, "suggested-action");
  gtk_widget_set_tooltip_text (submit, _("Submit (Ctrl+Enter)"));
  g_signal_connect_swapped (submit, "clicked", G_CALLBACK (submit_clicked_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), submit);
  gtk_label_set_ellipsize (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (submit))), PANGO_ELLIPSIZE_END); /* 360 px: the tooltip and accessible name keep the full text */
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

  self->cap_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->cap_label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->cap_label), TRUE);
  gtk_widget_set_visible (self->cap_label, FALSE);
  gtk_box_append (GTK_BOX (box), self->cap_label);

  entry = gtk_entry_new ();
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), "0.00");
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (field_changed_cb), self);
  add_field (self, F_AMOUNT, _("_Amount (yuan)"), entry, box);

  purpose = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (purpose), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (purpose), FALSE);
  gtk_widget_set_size_request (purpose, -1, 96);
  gtk_widget_add_css_class (purpose, "card");
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (purpose), 8);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (purpose), 8);
  gtk_accessible_update_property (GTK_ACCESSIBLE (purpose), GTK_ACCESSIBLE_PROPERTY_MULTI_LINE, TRUE, -1);
  g_signal_connect_swapped (gtk_text_view_get_buffer (GTK_TEXT_VIEW (purpose)), "changed",
                            G_CALLBACK (field_changed_cb), self);
  purpose_frame = purpose;
  add_field (self, F_PURPOSE, _("_Purpose"), purpose_frame, box);

  /* Categories: a group of check buttons, the group is the field's control.
   * A grid, not a flow box: a flow box wraps each check in a focusable,
   * nameless child, an extra Tab stop a screen reader reads as nothing */
  self->category_box = g_object_new (GTK_TYPE_GRID, "accessible-role", GTK_ACCESSIBLE_ROLE_GROUP,
                                     "column-spacing", 12, "row-spacing", 6, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->category_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Planned service categories"), -1);
  for (guint i = 0; codes[i] != NULL; i++)
    {
      GtkWidget *check = gtk_check_button_new_with_label (iv_category_code_to_label (codes[i]));

      g_object_set (gtk_widget_get_last_child (check), "wrap", TRUE, "wrap-mode", PANGO_WRAP_WORD_CHAR, NULL); /* 360 px: labels wrap */
      g_object_set_data_full (G_OBJECT (check), "category-code", g_strdup (codes[i]), g_free);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (field_changed_cb), self);
      gtk_grid_attach (GTK_GRID (self->category_box), check, i % 3, i / 3, 1, 1);
      g_ptr_array_add (self->category_buttons, check);
      if (first_check == NULL)
        first_check = check;
    }
  add_field (self, F_CATEGORIES, _("Planned service _categories"), self->category_box, box);
  /* The mnemonic lands on the first check box; the group keeps its name */
  gtk_label_set_mnemonic_widget (GTK_LABEL (iv_form_field_get_label (field (self, F_CATEGORIES))), first_check);
  /* …but the box keeps its own name: GTK 4.18 would otherwise name it after
   * the field label ("计划使用的服务类别（必填）") instead of its category */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (first_check), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (first_check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  iv_category_code_to_label (codes[0]), -1);

  entry = gtk_entry_new ();
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (field_changed_cb), self);
  add_field (self, F_CONTACT_NAME, _("Contact _name"), entry, box);

  entry = gtk_entry_new ();
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_PHONE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), "13912345678 / 021-12345678");
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (field_changed_cb), self);
  add_field (self, F_CONTACT_PHONE, _("Contact _phone"), entry, box);

  adw_window_set_content (ADW_WINDOW (self), toolbar);
  refresh_hint (self);
}

/* Public ----------------------------------------------------------------- */

IvApplicationForm *
iv_application_form_new (IvDrafts *drafts,
                         IvOutbox *outbox)
{
  IvApplicationForm *self;

  g_return_val_if_fail (IV_IS_DRAFTS (drafts), NULL);

  self = g_object_new (IV_TYPE_APPLICATION_FORM, NULL);
  self->drafts = g_object_ref (drafts);
  self->outbox = outbox ? g_object_ref (outbox) : NULL;
  return self;
}

void
iv_application_form_set_policy (IvApplicationForm *self,
                                IvPolicy          *policy,
                                IvAccount         *account)
{
  g_return_if_fail (IV_IS_APPLICATION_FORM (self));

  self->cap_fen = -1;
  if (account != NULL)
    {
      self->year = iv_account_get_year (account);
      self->cap_fen = MAX (0, iv_account_get_year_cap_fen (account) - iv_account_get_year_granted_fen (account));
      if (policy != NULL)
        self->cap_fen = MIN (self->cap_fen, iv_policy_get_cap_fen (policy, iv_account_get_kind (account)));
    }
  else if (policy != NULL)
    {
      self->year = iv_policy_get_year (policy);
      self->cap_fen = iv_policy_get_cap_fen (policy, IV_ACCOUNT_KIND_ENTERPRISE);
    }

  if (self->cap_fen >= 0)
    {
      g_autofree char *cap = iv_money_format (self->cap_fen);
      g_autofree char *text = g_strdup_printf (_("You can apply for up to %s in %d."), cap, self->year);

      gtk_label_set_text (GTK_LABEL (self->cap_label), text);
      gtk_widget_set_visible (self->cap_label, TRUE);
    }
  /* Fill the contact from the account when the user has not typed one */
  if (account != NULL && !self->loading)
    {
      g_autofree char *name = field_text (self, F_CONTACT_NAME);
      g_autofree char *phone = field_text (self, F_CONTACT_PHONE);

      self->loading = TRUE;
      if (*name == '\0')
        iv_form_field_set_text (field (self, F_CONTACT_NAME), iv_account_get_contact_name (account));
      if (*phone == '\0')
        iv_form_field_set_text (field (self, F_CONTACT_PHONE), iv_account_get_contact_phone (account));
      self->loading = FALSE;
    }
}

static void
set_categories (IvApplicationForm  *self,
                const char * const *codes)
{
  for (guint i = 0; i < self->category_buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (self->category_buttons, i);
      const char *code = g_object_get_data (G_OBJECT (button), "category-code");

      gtk_check_button_set_active (GTK_CHECK_BUTTON (button),
                                   codes != NULL && g_strv_contains (codes, code));
    }
}

gboolean
iv_application_form_load_draft (IvApplicationForm  *self,
                                IvDraft            *draft,
                                GError            **error)
{
  JsonObject *body, *fields;
  JsonArray *codes;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  g_return_val_if_fail (IV_IS_APPLICATION_FORM (self), FALSE);
  g_return_val_if_fail (IV_IS_DRAFT (draft), FALSE);

  body = json_node_get_object (iv_draft_get_body (draft));
  g_free (self->draft_id);
  self->draft_id = g_strdup (iv_draft_get_id (draft));
  g_free (self->server_id);
  self->server_id = g_strdup (iv_draft_get_server_id (draft));
  self->server_version = json_object_get_int_member_with_default (body, "server_version", -1);

  self->loading = TRUE;
  fields = json_object_get_object_member (body, "fields");
  for (guint i = 0; i < N_FIELDS; i++)
    if (i != F_CATEGORIES)
      iv_form_field_set_text (field (self, i),
                              fields ? json_object_get_string_member_with_default (fields, field_names[i], "") : "");
  codes = json_object_get_array_member (body, "planned_categories");
  for (guint i = 0; codes != NULL && i < json_array_get_length (codes); i++)
    g_strv_builder_add (builder, json_array_get_string_element (codes, i));
  strv = g_strv_builder_end (builder);
  set_categories (self, (const char * const *) strv);
  self->loading = FALSE;

  if (self->server_id != NULL)
    gtk_window_set_title (GTK_WINDOW (self), _("Edit Returned Application"));
  refresh_hint (self);
  self->dirty = FALSE;
  set_save_status (self, _("Draft restored"));
  return TRUE;
}

void
iv_application_form_edit_application (IvApplicationForm  *self,
                                      IvQuotaApplication *application)
{
  g_autofree char *amount = NULL;

  g_return_if_fail (IV_IS_APPLICATION_FORM (self));
  g_return_if_fail (IV_IS_QUOTA_APPLICATION (application));

  amount = iv_money_format_plain (iv_quota_application_get_amount_fen (application));
  self->loading = TRUE;
  iv_form_field_set_text (field (self, F_AMOUNT), amount);
  iv_form_field_set_text (field (self, F_PURPOSE), iv_quota_application_get_purpose (application));
  iv_form_field_set_text (field (self, F_CONTACT_NAME), iv_quota_application_get_contact_name (application));
  iv_form_field_set_text (field (self, F_CONTACT_PHONE), iv_quota_application_get_contact_phone (application));
  set_categories (self, iv_quota_application_get_planned_categories (application));
  self->loading = FALSE;

  self->year = iv_quota_application_get_year (application);
  g_free (self->server_id);
  self->server_id = g_strdup (iv_quota_application_get_id (application));
  self->server_version = iv_quota_application_get_version (application);
  gtk_window_set_title (GTK_WINDOW (self), _("Edit Returned Application"));
  refresh_hint (self);
  self->dirty = TRUE;
  schedule_autosave (self);
}

void
iv_application_form_set_retry_item (IvApplicationForm *self,
                                    IvOutboxItem      *item)
{
  g_return_if_fail (IV_IS_APPLICATION_FORM (self));
  g_set_object (&self->retry_item, item);
}

gboolean
iv_application_form_validate (IvApplicationForm *self)
{
  GtkWidget *first = NULL;
  guint n_invalid = 0;

  g_return_val_if_fail (IV_IS_APPLICATION_FORM (self), FALSE);

  for (guint i = 0; i < N_FIELDS; i++)
    {
      g_autofree char *message = check_field (self, i);

      iv_form_field_set_error (field (self, i), message);
      if (message != NULL)
        {
          n_invalid++;
          if (first == NULL)
            first = i == F_CATEGORIES ? g_ptr_array_index (self->category_buttons, 0)
                                      : iv_form_field_get_control (field (self, i));
        }
    }
  if (n_invalid == 0)
    return TRUE;

  gtk_widget_grab_focus (first);
  {
    g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u item needs attention before submitting.",
                                                             "%u items need attention before submitting.", n_invalid),
                                                n_invalid);
    iv_announce (GTK_WIDGET (self), message, IV_ANNOUNCE_ASSERTIVE);
  }
  return FALSE;
}

gboolean
iv_application_form_save_draft (IvApplicationForm  *self,
                                GError            **error)
{
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *time = NULL;
  g_autofree char *status = NULL;

  g_return_val_if_fail (IV_IS_APPLICATION_FORM (self), FALSE);

  g_clear_handle_id (&self->autosave_id, g_source_remove);
  body = build_draft_body (self);
  if (self->draft_id == NULL)
    {
      g_autoptr(IvDraft) draft = iv_drafts_create (self->drafts, "application", self->server_id, body, error);

      if (draft == NULL)
        return FALSE;
      self->draft_id = g_strdup (iv_draft_get_id (draft));
    }
  else if (!iv_drafts_save (self->drafts, self->draft_id, body, error))
    return FALSE;

  self->dirty = FALSE;
  now = g_date_time_new_now_local ();
  time = g_date_time_format (now, "%H:%M:%S");
  status = g_strdup_printf (_("Draft saved at %s"), time);
  set_save_status (self, status);
  g_signal_emit (self, signals[SAVED], 0, self->draft_id);
  return TRUE;
}

IvOutboxItem *
iv_application_form_submit (IvApplicationForm  *self,
                            GError            **error)
{
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(IvOutboxItem) item = NULL;
  const char *message;

  g_return_val_if_fail (IV_IS_APPLICATION_FORM (self), NULL);

  if (!iv_application_form_validate (self))
    return NULL;
  if (self->outbox == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                   _("Applications cannot be queued before the local store is open."));
      return NULL;
    }
  if (!iv_application_form_save_draft (self, error))
    return NULL;

  body = build_body (self);
  if (self->retry_item != NULL)
    item = iv_outbox_edit_and_retry (self->outbox, iv_outbox_item_get_id (self->retry_item),
                                     body, self->server_id ? self->server_version : -1, error);
  else if (self->server_id != NULL)
    item = iv_outbox_enqueue (self->outbox, IV_OUTBOX_KIND_RESUBMIT_APPLICATION, self->server_id,
                              self->server_version, body, self->draft_id, NULL, 0, error);
  else
    item = iv_outbox_enqueue (self->outbox, IV_OUTBOX_KIND_CREATE_APPLICATION, NULL, -1,
                              body, self->draft_id, NULL, 0, error);
  if (item == NULL)
    return NULL;

  self->dirty = FALSE;
  message = _("Application queued. It is sent as soon as the service can be reached.");
  set_save_status (self, message);
  iv_announce (GTK_WIDGET (self), message, IV_ANNOUNCE_POLITE);
  g_signal_emit (self, signals[SUBMITTED], 0, item);
  return g_steal_pointer (&item);
}

const char *
iv_application_form_get_draft_id (IvApplicationForm *self)
{
  g_return_val_if_fail (IV_IS_APPLICATION_FORM (self), NULL);
  return self->draft_id;
}

gboolean
iv_application_form_get_dirty (IvApplicationForm *self)
{
  g_return_val_if_fail (IV_IS_APPLICATION_FORM (self), FALSE);
  return self->dirty;
}

IvFormField *
iv_application_form_get_field (IvApplicationForm *self,
                               const char        *name)
{
  g_return_val_if_fail (IV_IS_APPLICATION_FORM (self), NULL);

  for (guint i = 0; i < N_FIELDS; i++)
    if (g_strcmp0 (name, field_names[i]) == 0)
      return field (self, i);
  return NULL;
}

GtkWidget *
iv_application_form_get_category_button (IvApplicationForm *self,
                                         const char        *code)
{
  g_return_val_if_fail (IV_IS_APPLICATION_FORM (self), NULL);

  for (guint i = 0; i < self->category_buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (self->category_buttons, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (button), "category-code"), code) == 0)
        return button;
    }
  return NULL;
}

gint64
iv_application_form_get_cap_fen (IvApplicationForm *self)
{
  g_return_val_if_fail (IV_IS_APPLICATION_FORM (self), -1);
  return self->cap_fen;
}
