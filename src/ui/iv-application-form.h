/* iv-application-form.h: the quota application (申领) form, new or returned for changes
 *
 * Amount (with its 大写 as it is typed, checked against the policy's cap),
 * purpose, planned service categories, contact name and phone.  Saved to
 * the draft store on every change (shortly after) and with Ctrl+S;
 * Ctrl+Enter validates and queues it in the outbox, which works offline.
 * Escape closes, asking first when something is not saved.
 */
#pragma once

#include <adwaita.h>

#include "iv-domain.h"
#include "iv-drafts.h"
#include "iv-outbox.h"
#include "iv-form-field.h"

G_BEGIN_DECLS

#define IV_APPLICATION_FIELD_AMOUNT        "amount"
#define IV_APPLICATION_FIELD_PURPOSE       "purpose"
#define IV_APPLICATION_FIELD_CATEGORIES    "categories"
#define IV_APPLICATION_FIELD_CONTACT_NAME  "contact_name"
#define IV_APPLICATION_FIELD_CONTACT_PHONE "contact_phone"

#define IV_TYPE_APPLICATION_FORM (iv_application_form_get_type ())
G_DECLARE_FINAL_TYPE (IvApplicationForm, iv_application_form, IV, APPLICATION_FORM, AdwWindow)

IvApplicationForm *iv_application_form_new            (IvDrafts           *drafts,
                                                       IvOutbox           *outbox);
/* The cap comes from the policy (for the account's kind) less what the
 * account was already granted this year; either may be NULL */
void          iv_application_form_set_policy          (IvApplicationForm  *self,
                                                       IvPolicy           *policy,
                                                       IvAccount          *account);
gboolean      iv_application_form_load_draft          (IvApplicationForm  *self,
                                                       IvDraft            *draft,
                                                       GError            **error);
/* A returned application, edited for resubmission */
void          iv_application_form_edit_application    (IvApplicationForm  *self,
                                                       IvQuotaApplication *application);
void          iv_application_form_set_retry_item      (IvApplicationForm  *self,
                                                       IvOutboxItem       *item);

gboolean      iv_application_form_validate            (IvApplicationForm  *self);
gboolean      iv_application_form_save_draft          (IvApplicationForm  *self,
                                                       GError            **error);
IvOutboxItem *iv_application_form_submit              (IvApplicationForm  *self,
                                                       GError            **error);

const char   *iv_application_form_get_draft_id        (IvApplicationForm  *self);
gboolean      iv_application_form_get_dirty           (IvApplicationForm  *self);
IvFormField  *iv_application_form_get_field           (IvApplicationForm  *self,
                                                       const char         *name);
/* The check button of a category code ("testing", …) */
GtkWidget    *iv_application_form_get_category_button (IvApplicationForm  *self,
                                                       const char         *code);
/* The largest amount allowed now, -1 when not known */
gint64        iv_application_form_get_cap_fen         (IvApplicationForm  *self);

G_END_DECLS
