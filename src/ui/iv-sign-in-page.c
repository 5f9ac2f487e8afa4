/* iv-sign-in-page.c: the sign-in form (see the header) */
#include "config.h"

#include <glib/gi18n.h>

#include "iv-announcer.h"
#include "iv-domain.h"
#include "iv-sign-in-page.h"

#define CREDIT_CODE_LENGTH 18

struct _IvSignInPage
{
  AdwBin       parent_instance;

  GtkWidget   *service_label;
  GtkWidget   *account_label;
  GtkWidget   *password_label;
  GtkWidget   *service_entry;
  GtkWidget   *service_error;
  GtkWidget   *account_entry;
  GtkWidget   *account_error;
  GtkWidget   *password_entry;
  GtkWidget   *password_error;
  GtkWidget   *remember_check;
  GtkWidget   *form_error;
  GtkWidget   *sign_in_button;
  GtkWidget   *spinner;
};

G_DEFINE_FINAL_TYPE (IvSignInPage, iv_sign_in_page, ADW_TYPE_BIN)

enum {
  SIGNAL_SUBMIT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Shows or clears a field's error, with INVALID and ERROR_MESSAGE set for
 * assistive technology */
static void
set_field_error (GtkWidget  *field,
                 GtkWidget  *error_label,
                 const char *message)
{
  gboolean invalid = message != NULL;

  gtk_label_set_label (GTK_LABEL (error_label), invalid ? message : "");
  gtk_widget_set_visible (error_label, invalid);
  if (invalid)
    {
      gtk_widget_add_css_class (field, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (field),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
      iv_accessible_set_error_message (field, error_label);
    }
  else
    {
      gtk_widget_remove_css_class (field, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID);
      iv_accessible_set_error_message (field, NULL);
    }
}

static gboolean
is_team_prefix (const char *text)
{
  return g_str_has_prefix (text, "team-") || g_str_has_prefix ("team-", text);
}

/* complete: the user is done typing (submit); partial input is only
 * faulted for what can no longer become valid */
static char *
account_error_message (const char *text,
                       gboolean    complete)
{
  g_autoptr(GError) error = NULL;

  if (*text == '\0')
    return complete ? g_strdup (_("Enter your account: a unified social credit code or a team account.")) : NULL;

  if (is_team_prefix (text))
    {
      if (!complete && strlen (text) <= strlen ("team-"))
        return NULL;
      if (iv_validate_team_account (text, &error))
        return NULL;
      if (!complete && g_error_matches (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_LENGTH))
        return NULL;
      return g_strdup (error->message);
    }

  if (!complete && g_utf8_strlen (text, -1) < CREDIT_CODE_LENGTH)
    {
      /* Pad with a valid character to find a wrong character early */
      g_autoptr(GString) padded = g_string_new (text);

      while (g_utf8_strlen (padded->str, -1) < CREDIT_CODE_LENGTH)
        g_string_append_c (padded, '0');
      if (iv_validate_credit_code (padded->str, &error) ||
          !g_error_matches (error, IV_VALIDATE_ERROR, IV_VALIDATE_ERROR_CHARACTER))
        return NULL;
      return g_strdup (error->message);
    }

  if (iv_validate_credit_code (text, &error))
    return NULL;
  return g_strdup (error->message);
}

static char *
service_error_message (const char *text)
{
  g_autoptr(GUri) uri = NULL;

  if (*text == '\0')
    return g_strdup (_("Enter the address of the voucher service."));
  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 &&
       g_strcmp0 (g_uri_get_scheme (uri), "http") != 0))
    return g_strdup (_("The service address must start with https:// (for example https://vouchers.example.cn)."));
  return NULL;
}

static void
clear_form_error (IvSignInPage *self)
{
  gtk_widget_set_visible (self->form_error, FALSE);
}

static void
account_changed_cb (IvSignInPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->account_entry));
  g_autofree char *message = account_error_message (text, FALSE);

  set_field_error (self->account_entry, self->account_error, message);
  clear_form_error (self);
}

static void
password_changed_cb (IvSignInPage *self)
{
  if (*gtk_editable_get_text (GTK_EDITABLE (self->password_entry)) != '\0')
    set_field_error (self->password_entry, self->password_error, NULL);
  clear_form_error (self);
}

static void
service_changed_cb (IvSignInPage *self)
{
  set_field_error (self->service_entry, self->service_error, NULL);
  clear_form_error (self);
}

static void
sign_in_clicked_cb (IvSignInPage *self)
{
  iv_sign_in_page_submit (self);
}

static void
entry_activate_cb (IvSignInPage *self)
{
  iv_sign_in_page_submit (self);
}

static void
iv_sign_in_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), IV_TYPE_SIGN_IN_PAGE);

  G_OBJECT_CLASS (iv_sign_in_page_parent_class)->dispose (object);
}

static void
iv_sign_in_page_class_init (IvSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = iv_sign_in_page_dispose;

  /**
   * IvSignInPage::submit:
   * @account: the account, validated
   * @password: the password
   * @remember: keep the session in the keyring
   * @service_url: the service address, validated
   */
  signals[SIGNAL_SUBMIT] =
    g_signal_new ("submit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_BOOLEAN, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/iv-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IvSignInPage, service_label);
  gtk_widget_class_bind_template_child (widget_class, IvSignInPage, account_label);
  gtk_widget_class_bind_template_child (widget_class, IvSignInPage, password_label);
  gtk_widget_class_bind_template_child (widget_class, IvSignInPage, service_entry);
  gtk_widget_class_bind_template_child (widget_class, IvSignInPage, service_error);
  gtk_widget_class_bind_template_child (widget_class, IvSignInPage, account_entry);
  gtk_widget_class_bind_template_child (widget_class, IvSignInPage, account_error);
  gtk_widget_class_bind_template_child (widget_class, IvSignInPage, password_entry);
  gtk_widget_class_bind_template_child (widget_class, IvSignInPage, password_error);
  gtk_widget_class_bind_template_child (widget_class, IvSignInPage, remember_check);
  gtk_widget_class_bind_template_child (widget_class, IvSignInPage, form_error);
  gtk_widget_class_bind_template_child (widget_class, IvSignInPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, IvSignInPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, account_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, service_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
}

static void
iv_sign_in_page_init (IvSignInPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
iv_sign_in_page_new (void)
{
  return g_object_new (IV_TYPE_SIGN_IN_PAGE, NULL);
}

void
iv_sign_in_page_set_service_url (IvSignInPage *self,
                                 const char   *url)
{
  g_return_if_fail (IV_IS_SIGN_IN_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->service_entry), url != NULL ? url : "");
}

void
iv_sign_in_page_fill (IvSignInPage *self,
                      const char   *account,
                      const char   *password)
{
  g_return_if_fail (IV_IS_SIGN_IN_PAGE (self));

  if (account != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->account_entry), account);
  if (password != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->password_entry), password);
}

gboolean
iv_sign_in_page_submit (IvSignInPage *self)
{
  const char *service = gtk_editable_get_text (GTK_EDITABLE (self->service_entry));
  const char *account = gtk_editable_get_text (GTK_EDITABLE (self->account_entry));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_entry));
  g_autofree char *service_message = NULL;
  g_autofree char *account_message = NULL;
  const char *password_message = NULL;
  GtkWidget *first_invalid = NULL;

  g_return_val_if_fail (IV_IS_SIGN_IN_PAGE (self), FALSE);

  if (!gtk_widget_get_sensitive (self->sign_in_button))
    return FALSE;

  service_message = service_error_message (service);
  account_message = account_error_message (account, TRUE);
  if (*password == '\0')
    password_message = _("Enter your password.");

  set_field_error (self->service_entry, self->service_error, service_message);
  set_field_error (self->account_entry, self->account_error, account_message);
  set_field_error (self->password_entry, self->password_error, password_message);

  if (service_message != NULL)
    first_invalid = self->service_entry;
  else if (account_message != NULL)
    first_invalid = self->account_entry;
  else if (password_message != NULL)
    first_invalid = self->password_entry;

  if (first_invalid != NULL)
    {
      gtk_widget_grab_focus (first_invalid);
      return FALSE;
    }

  g_signal_emit (self, signals[SIGNAL_SUBMIT], 0, account, password,
                 gtk_check_button_get_active (GTK_CHECK_BUTTON (self->remember_check)),
                 service);
  return TRUE;
}

void
iv_sign_in_page_set_busy (IvSignInPage *self,
                          gboolean      busy)
{
  g_return_if_fail (IV_IS_SIGN_IN_PAGE (self));

  gtk_widget_set_sensitive (self->sign_in_button, !busy);
  gtk_widget_set_visible (self->spinner, busy);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), busy);
}

void
iv_sign_in_page_show_error (IvSignInPage *self,
                            const char   *message)
{
  g_return_if_fail (IV_IS_SIGN_IN_PAGE (self));

  gtk_label_set_label (GTK_LABEL (self->form_error), message != NULL ? message : "");
  gtk_widget_set_visible (self->form_error, message != NULL);
  /* The password is the field to retry in */
  if (message != NULL)
    gtk_widget_grab_focus (self->password_entry);
}

void
iv_sign_in_page_clear_password (IvSignInPage *self)
{
  g_return_if_fail (IV_IS_SIGN_IN_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
  set_field_error (self->password_entry, self->password_error, NULL);
}

void
iv_sign_in_page_focus (IvSignInPage *self)
{
  g_return_if_fail (IV_IS_SIGN_IN_PAGE (self));

  if (*gtk_editable_get_text (GTK_EDITABLE (self->account_entry)) == '\0')
    gtk_widget_grab_focus (self->account_entry);
  else
    gtk_widget_grab_focus (self->password_entry);
}
