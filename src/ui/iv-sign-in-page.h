/* iv-sign-in-page.h: the sign-in form: service address, account, password, remember me
 *
 * A pure form: it validates as the user types (统一社会信用代码 or a team
 * account), marks invalid fields for assistive technology and emits
 * ::submit(account, password, remember) only when everything is valid.
 * The window does the network part and reports back with show_error.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define IV_TYPE_SIGN_IN_PAGE (iv_sign_in_page_get_type ())
G_DECLARE_FINAL_TYPE (IvSignInPage, iv_sign_in_page, IV, SIGN_IN_PAGE, AdwBin)

GtkWidget  *iv_sign_in_page_new             (void);

void        iv_sign_in_page_set_service_url (IvSignInPage *self,
                                             const char   *url);
/* Fills the fields (NULL leaves a field alone) */
void        iv_sign_in_page_fill            (IvSignInPage *self,
                                             const char   *account,
                                             const char   *password);
/* Validates everything; on success emits ::submit and returns TRUE, else
 * shows every error and moves the focus to the first invalid field */
gboolean    iv_sign_in_page_submit          (IvSignInPage *self);
void        iv_sign_in_page_set_busy        (IvSignInPage *self,
                                             gboolean      busy);
/* A failure of the whole form (wrong password, no network, …) */
void        iv_sign_in_page_show_error      (IvSignInPage *self,
                                             const char   *message);
void        iv_sign_in_page_clear_password  (IvSignInPage *self);
void        iv_sign_in_page_focus           (IvSignInPage *self);

G_END_DECLS
