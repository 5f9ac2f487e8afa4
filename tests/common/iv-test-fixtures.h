/* iv-test-fixtures.h: ready-made accounts, vouchers, orders and attachments on a test service
 *
 * Built with the public API and the admin API of the reference service, so
 * a test can start from "an enterprise with a completed order" in a line.
 * Every helper asserts (g_assert) that the service answered as expected.
 */
#pragma once

#include "iv-test-service.h"

G_BEGIN_DECLS

#define IV_TEST_PASSWORD "Test@2026pass"

/* A random well-formed 统一社会信用代码 */
char   *iv_test_new_credit_code     (void);
/* Creates an enterprise (login NULL: a random credit code) or a team
 * ("team-…") with IV_TEST_PASSWORD; returns the login */
char   *iv_test_create_account      (IvTestService *svc,
                                     const char    *kind,
                                     const char    *login);
/* create_account + sign_in: returns the access token; out_login optional */
char   *iv_test_new_signed_in       (IvTestService *svc,
                                     const char    *kind,
                                     char         **out_login);
/* Applies for amount_fen and has the admin approve it: the voucher id */
char   *iv_test_grant_voucher       (IvTestService *svc,
                                     const char    *token,
                                     gint64         amount_fen);
/* The id of the first live catalog service */
char   *iv_test_first_service_id    (IvTestService *svc);
/* Places an order and has the admin move it to to_status (accepted,
 * confirmed, completed); returns the order id */
char   *iv_test_order               (IvTestService *svc,
                                     const char    *token,
                                     const char    *voucher_id,
                                     const char    *service_id,
                                     gint64         quoted_fen,
                                     const char    *to_status);
/* Uploads a small valid file of content_type; returns the attachment id */
char   *iv_test_upload              (IvTestService *svc,
                                     const char    *token,
                                     const char    *content_type);
/* A valid claim body (JSON text) for order_id, contract = invoice amount,
 * all four documents = att_id */
char   *iv_test_claim_body          (const char    *order_id,
                                     gint64         contract_fen,
                                     const char    *att_id);
/* A valid application body (JSON text) */
char   *iv_test_application_body    (gint64         amount_fen);

G_END_DECLS
