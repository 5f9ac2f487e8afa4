/* iv-verify-dialog.h: asks the service whether a receipt's verification code is genuine */
#pragma once

#include <adwaita.h>

#include "iv-api-client.h"

G_BEGIN_DECLS

#define IV_TYPE_VERIFY_DIALOG (iv_verify_dialog_get_type ())
G_DECLARE_FINAL_TYPE (IvVerifyDialog, iv_verify_dialog, IV, VERIFY_DIALOG, AdwWindow)

IvVerifyDialog *iv_verify_dialog_new        (GtkWindow      *parent,
                                             IvApiClient    *client);
/* Starts the check (as the Verify button does) */
void            iv_verify_dialog_verify     (IvVerifyDialog *self,
                                             const char     *code);
/* The result shown, or NULL while none */
const char     *iv_verify_dialog_get_result (IvVerifyDialog *self);

G_END_DECLS
