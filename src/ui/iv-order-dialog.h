/* iv-order-dialog.h: "用创新券预约": book a service with a voucher */
#pragma once

#include <adwaita.h>

#include "iv-domain.h"

G_BEGIN_DECLS

#define IV_TYPE_ORDER_DIALOG (iv_order_dialog_get_type ())
G_DECLARE_FINAL_TYPE (IvOrderDialog, iv_order_dialog, IV, ORDER_DIALOG, AdwWindow)

/* institution may be NULL */
GtkWidget *iv_order_dialog_new           (IvService     *service,
                                          IvInstitution *institution);
/* Loads the vouchers and the policy from the service (needs the application) */
void       iv_order_dialog_load          (IvOrderDialog *self);
/* Or gives them directly (tests): only usable vouchers are offered */
void       iv_order_dialog_set_data      (IvOrderDialog *self,
                                          GListModel    *vouchers,
                                          IvPolicy      *policy,
                                          IvAccountKind  kind);
/* TRUE when the voucher can pay now: active, before its use-by date,
 * with an available balance (balance − reserved) > 0 */
gboolean   iv_voucher_is_usable          (IvVoucher     *voucher,
                                          GDate         *today);
/* Validates; on success sends the order and returns TRUE, else shows
 * the errors and focuses the first invalid field */
gboolean   iv_order_dialog_submit        (IvOrderDialog *self);
/* The 大写 shown for the amount typed (for tests) */
const char *iv_order_dialog_get_uppercase (IvOrderDialog *self);

G_END_DECLS
