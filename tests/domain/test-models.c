/* test-models.c: every model of api.md decoded from its exact contract shape */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include <glib/gstdio.h>

#include "model-samples.h"

static void
test_account (void)
{
  g_autoptr(JsonNode) node = sample_parse (sample_account);
  g_autoptr(JsonNode) team_node = sample_parse (sample_team_account);
  g_autoptr(GError) error = NULL;
  g_autoptr(IvAccount) account = iv_account_new_from_json (node, &error);
  g_autoptr(IvAccount) team = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (iv_account_get_id (account), ==, "acc-91310000MA1FL4WR6Y");
  g_assert_cmpint (iv_account_get_kind (account), ==, IV_ACCOUNT_KIND_ENTERPRISE);
  g_assert_cmpstr (iv_account_get_name (account), ==, "上海微纳检测科技有限公司");
  g_assert_cmpstr (iv_account_get_credit_code (account), ==, "91310000MA1FL4WR6Y");
  g_assert_cmpstr (iv_account_get_contact_name (account), ==, "王芳");
  g_assert_cmpstr (iv_account_get_contact_phone (account), ==, "13812345678");
  g_assert_cmpstr (iv_account_get_district (account), ==, "浦东新区");
  g_assert_cmpint (iv_account_get_year (account), ==, 2026);
  g_assert_cmpint (iv_account_get_year_cap_fen (account), ==, 30000000);
  g_assert_cmpint (iv_account_get_year_granted_fen (account), ==, 20000000);
  g_assert_cmpint (iv_account_get_year_used_fen (account), ==, 5000000);

  team = iv_account_new_from_json (team_node, &error);
  g_assert_no_error (error);
  g_assert_cmpint (iv_account_get_kind (team), ==, IV_ACCOUNT_KIND_TEAM);
  g_assert_null (iv_account_get_credit_code (team));
  g_assert_cmpstr (iv_account_get_contact_phone (team), ==, "021-62345678");

  g_assert_finalize_object (g_steal_pointer (&account));
  g_assert_finalize_object (g_steal_pointer (&team));
}

static void
test_policy (void)
{
  g_autoptr(JsonNode) node = sample_parse (sample_policy);
  g_autoptr(GError) error = NULL;
  g_autoptr(IvPolicy) policy = iv_policy_new_from_json (node, &error);
  const IvPolicyTier *tier;
  const char * const documents[] = { "contract", "invoice", "payment_proof", "service_report", NULL };

  g_assert_no_error (error);
  g_assert_cmpstr (iv_policy_get_version (policy), ==, "2026.1");
  g_assert_cmpint (iv_policy_get_year (policy), ==, 2026);
  g_assert_cmpint (iv_policy_get_cap_fen (policy, IV_ACCOUNT_KIND_ENTERPRISE), ==, 30000000);
  g_assert_cmpint (iv_policy_get_cap_fen (policy, IV_ACCOUNT_KIND_TEAM), ==, 10000000);
  g_assert_cmpuint (iv_policy_get_n_tiers (policy), ==, 2);
  tier = iv_policy_get_tier (policy, 0);
  g_assert_cmpint (tier->up_to_fen, ==, 5000000);
  g_assert_cmpint (tier->ratio_bp, ==, 8000);
  tier = iv_policy_get_tier (policy, 1);
  g_assert_cmpint (tier->up_to_fen, ==, -1);
  g_assert_cmpint (tier->ratio_bp, ==, 5000);
  g_assert_true (g_strv_equal ((const char * const *) iv_policy_get_claim_documents (policy), documents));
  g_assert_cmpuint (g_strv_length ((GStrv) iv_policy_get_redeem_modes (policy)), ==, 2);
  g_assert_cmpstr (iv_policy_get_redeem_modes (policy)[1], ==, "institution");
  g_assert_cmpstr (iv_policy_get_payout (policy), ==, "quarterly");
}

static void
test_category (void)
{
  g_autoptr(JsonNode) node = sample_parse (sample_category);
  g_autoptr(GError) error = NULL;
  g_autoptr(IvCategory) category = iv_category_new_from_json (node, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (iv_category_get_code (category), ==, "testing");
  g_assert_cmpstr (iv_category_get_name (category), ==, "测试检测");
  g_assert_true (iv_category_code_is_known ("testing"));
  g_assert_false (iv_category_code_is_known ("astrology"));
  g_assert_cmpuint (g_strv_length ((GStrv) iv_category_codes ()), ==, 6);
}

static void
test_institution (void)
{
  g_autoptr(JsonNode) node = sample_parse (sample_institution);
  g_autoptr(GError) error = NULL;
  g_autoptr(IvInstitution) institution = iv_institution_new_from_json (node, &error);
  GDateTime *updated;

  g_assert_no_error (error);
  g_assert_cmpstr (iv_institution_get_id (institution), ==, "inst-001");
  g_assert_cmpstr (iv_institution_get_name (institution), ==, "上海市计量测试技术研究院");
  g_assert_cmpstr (iv_institution_get_credit_code (institution), ==, "12310000425006117P");
  g_assert_cmpstr (iv_institution_get_district (institution), ==, "浦东新区");
  g_assert_cmpstr (iv_institution_get_address (institution), ==, "上海市浦东新区张衡路1500号");
  g_assert_cmpstr (iv_institution_get_phone (institution), ==, "021-38839800");
  g_assert_cmpuint (g_strv_length ((GStrv) iv_institution_get_accreditations (institution)), ==, 2);
  g_assert_true (g_strv_contains (iv_institution_get_accreditations (institution), "CNAS"));
  g_assert_true (iv_institution_get_accepts_vouchers (institution));
  g_assert_cmpstr (iv_institution_get_updated_at (institution), ==, "2026-03-01T09:00:00+08:00");
  updated = iv_institution_get_updated_at_date_time (institution);
  g_assert_nonnull (updated);
  /* 09:00 in Shanghai is 01:00 UTC */
  g_assert_cmpint (g_date_time_to_unix (updated), ==, 1772326800);
}

static void
test_service (void)
{
  g_autoptr(JsonNode) node = sample_parse (sample_service);
  g_autoptr(JsonNode) negotiable_node = sample_parse (sample_service_negotiable);
  g_autoptr(GError) error = NULL;
  g_autoptr(IvService) service = iv_service_new_from_json (node, &error);
  g_autoptr(IvService) negotiable = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (iv_service_get_id (service), ==, "svc-0001");
  g_assert_cmpstr (iv_service_get_institution_id (service), ==, "inst-001");
  g_assert_cmpstr (iv_service_get_category (service), ==, "testing");
  g_assert_cmpstr (iv_service_get_title (service), ==, "材料成分分析（ICP-MS）");
  g_assert_cmpint (iv_service_get_price_fen (service), ==, 120000);
  g_assert_cmpstr (iv_service_get_price_note (service), ==, "按样品计价");
  g_assert_cmpstr (iv_service_get_unit (service), ==, "样品");

  negotiable = iv_service_new_from_json (negotiable_node, &error);
  g_assert_no_error (error);
  /* "price_fen": null is a price to be negotiated (面议) */
  g_assert_cmpint (iv_service_get_price_fen (negotiable), ==, -1);
  g_assert_cmpstr (iv_service_get_price_note (negotiable), ==, "面议");
  g_assert_cmpstr (iv_service_get_description (negotiable), ==, "");
  g_assert_cmpint (g_date_time_get_utc_offset (iv_service_get_updated_at_date_time (negotiable)), ==, 0);
}

static void
check_step (GListModel    *history,
            guint          index,
            const char    *status,
            IvActor        actor,
            const char    *note)
{
  g_autoptr(IvHistoryStep) step = g_list_model_get_item (history, index);

  g_assert_nonnull (step);
  g_assert_cmpstr (iv_history_step_get_status (step), ==, status);
  g_assert_cmpint (iv_history_step_get_actor (step), ==, actor);
  g_assert_cmpstr (iv_history_step_get_note (step), ==, note);
  g_assert_nonnull (iv_history_step_get_at_date_time (step));
}

static void
test_application (void)
{
  g_autoptr(JsonNode) node = sample_parse (sample_application);
  g_autoptr(GError) error = NULL;
  g_autoptr(IvQuotaApplication) application = iv_quota_application_new_from_json (node, &error);
  GListModel *history;

  g_assert_no_error (error);
  g_assert_cmpstr (iv_quota_application_get_id (application), ==, "app-17");
  g_assert_cmpstr (iv_quota_application_get_number (application), ==, "SQ2026-000017");
  g_assert_cmpint (iv_quota_application_get_version (application), ==, 3);
  g_assert_cmpint (iv_quota_application_get_status (application), ==, IV_APPLICATION_STATUS_RETURNED);
  g_assert_cmpint (iv_quota_application_get_year (application), ==, 2026);
  g_assert_cmpint (iv_quota_application_get_amount_fen (application), ==, 20000000);
  g_assert_cmpstr (iv_quota_application_get_purpose (application), ==, "新产品毒理学测试");
  g_assert_cmpstr (iv_quota_application_get_planned_categories (application)[0], ==, "testing");
  g_assert_cmpstr (iv_quota_application_get_planned_categories (application)[1], ==, "instrument");
  g_assert_null (iv_quota_application_get_planned_categories (application)[2]);
  g_assert_cmpstr (iv_quota_application_get_contact_name (application), ==, "王芳");
  g_assert_cmpstr (iv_quota_application_get_contact_phone (application), ==, "13812345678");
  g_assert_cmpstr (iv_quota_application_get_submitted_at (application), ==, "2026-04-20T09:15:00+08:00");

  history = iv_quota_application_get_history (application);
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 3);
  g_assert_true (g_list_model_get_item_type (history) == IV_TYPE_HISTORY_STEP);
  check_step (history, 0, "submitted", IV_ACTOR_APPLICANT, NULL);
  check_step (history, 1, "district_review", IV_ACTOR_SYSTEM, NULL);
  check_step (history, 2, "returned", IV_ACTOR_DISTRICT, "请补充研发计划书");
}

static void
test_voucher (void)
{
  g_autoptr(JsonNode) node = sample_parse (sample_voucher);
  g_autoptr(GError) error = NULL;
  g_autoptr(IvVoucher) voucher = iv_voucher_new_from_json (node, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (iv_voucher_get_id (voucher), ==, "v-123");
  g_assert_cmpstr (iv_voucher_get_code (voucher), ==, "SH2026-000123");
  g_assert_cmpint (iv_voucher_get_year (voucher), ==, 2026);
  g_assert_cmpint (iv_voucher_get_face_value_fen (voucher), ==, 20000000);
  g_assert_cmpint (iv_voucher_get_balance_fen (voucher), ==, 15000000);
  g_assert_cmpint (iv_voucher_get_reserved_fen (voucher), ==, 3000000);
  g_assert_cmpstr (iv_voucher_get_use_by (voucher), ==, "2026-12-31");
  g_assert_cmpstr (iv_voucher_get_redeem_by (voucher), ==, "2027-03-31");
  g_assert_cmpint (iv_voucher_get_redeem_mode (voucher), ==, IV_REDEEM_MODE_ENTERPRISE);
  g_assert_cmpint (iv_voucher_get_status (voucher), ==, IV_VOUCHER_STATUS_ACTIVE);
}

static void
test_order (void)
{
  g_autoptr(JsonNode) node = sample_parse (sample_order);
  g_autoptr(GError) error = NULL;
  g_autoptr(IvOrder) order = iv_order_new_from_json (node, &error);
  GListModel *history;

  g_assert_no_error (error);
  g_assert_cmpstr (iv_order_get_id (order), ==, "ord-42");
  g_assert_cmpstr (iv_order_get_number (order), ==, "DD2026-000042");
  g_assert_cmpint (iv_order_get_version (order), ==, 2);
  g_assert_cmpint (iv_order_get_status (order), ==, IV_ORDER_STATUS_CONFIRMED);
  g_assert_cmpstr (iv_order_get_voucher_id (order), ==, "v-123");
  g_assert_cmpstr (iv_order_get_service_id (order), ==, "svc-0001");
  g_assert_cmpstr (iv_order_get_institution_id (order), ==, "inst-001");
  g_assert_cmpint (iv_order_get_quoted_amount_fen (order), ==, 5000000);
  g_assert_cmpint (iv_order_get_reserved_fen (order), ==, 3000000);
  g_assert_cmpstr (iv_order_get_created_at (order), ==, "2026-05-06T10:00:00+08:00");
  history = iv_order_get_history (order);
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 3);
  check_step (history, 1, "accepted", IV_ACTOR_INSTITUTION, "已安排检测");
  check_step (history, 2, "confirmed", IV_ACTOR_CITY, NULL);
}

static void
test_attachment (void)
{
  g_autoptr(JsonNode) node = sample_parse (sample_attachment);
  g_autoptr(GError) error = NULL;
  g_autoptr(IvAttachment) attachment = iv_attachment_new_from_json (node, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (iv_attachment_get_id (attachment), ==, "att-1");
  g_assert_cmpstr (iv_attachment_get_filename (attachment), ==, "技术服务合同.pdf");
  g_assert_cmpstr (iv_attachment_get_content_type (attachment), ==, "application/pdf");
  g_assert_cmpint (iv_attachment_get_size (attachment), ==, 183424);
  g_assert_cmpstr (iv_attachment_get_sha256 (attachment), ==, SHA256_HEX);
  g_assert_true (iv_attachment_content_type_is_allowed ("image/jpeg"));
  g_assert_false (iv_attachment_content_type_is_allowed ("image/gif"));
}

static void
test_claim (void)
{
  g_autoptr(JsonNode) node = sample_parse (sample_claim);
  g_autoptr(JsonNode) paid_node = sample_parse (sample_claim_paid);
  g_autoptr(GError) error = NULL;
  g_autoptr(IvClaim) claim = iv_claim_new_from_json (node, &error);
  g_autoptr(IvClaim) paid = NULL;
  IvInvoice *invoice;
  const char * const *reports;

  g_assert_no_error (error);
  g_assert_cmpstr (iv_claim_get_id (claim), ==, "clm-42");
  g_assert_cmpstr (iv_claim_get_number (claim), ==, "DF2026-000042");
  g_assert_cmpint (iv_claim_get_version (claim), ==, 1);
  g_assert_cmpint (iv_claim_get_status (claim), ==, IV_CLAIM_STATUS_DISTRICT_REVIEW);
  g_assert_cmpstr (iv_claim_get_order_id (claim), ==, "ord-42");
  g_assert_cmpstr (iv_claim_get_voucher_id (claim), ==, "v-123");
  g_assert_cmpstr (iv_claim_get_contract_no (claim), ==, "HT-2026-0815");
  g_assert_cmpint (iv_claim_get_contract_amount_fen (claim), ==, 100000000);
  g_assert_cmpstr (iv_claim_get_paid_on (claim), ==, "2026-09-05");
  g_assert_cmpint (iv_claim_get_requested_subsidy_fen (claim), ==, 3000000);
  g_assert_cmpint (iv_claim_get_approved_subsidy_fen (claim), ==, -1);
  g_assert_cmpuint (g_list_model_get_n_items (iv_claim_get_history (claim)), ==, 2);
  check_step (iv_claim_get_history (claim), 1, "district_review", IV_ACTOR_DISTRICT, "材料齐全");

  invoice = iv_claim_get_invoice (claim);
  g_assert_true (IV_IS_INVOICE (invoice));
  g_assert_null (iv_invoice_get_code (invoice));
  g_assert_cmpstr (iv_invoice_get_number (invoice), ==, "26312000000012345678");
  g_assert_cmpstr (iv_invoice_get_date (invoice), ==, "2026-09-01");
  g_assert_cmpint (iv_invoice_get_amount_fen (invoice), ==, 100000000);
  g_assert_cmpstr (iv_invoice_get_seller_name (invoice), ==, "上海市计量测试技术研究院");

  g_assert_cmpstr (iv_claim_get_documents (claim, IV_DOCUMENT_KIND_CONTRACT)[0], ==, "att-1");
  g_assert_cmpstr (iv_claim_get_documents (claim, IV_DOCUMENT_KIND_INVOICE)[0], ==, "att-2");
  g_assert_cmpstr (iv_claim_get_documents (claim, IV_DOCUMENT_KIND_PAYMENT_PROOF)[0], ==, "att-3");
  reports = iv_claim_get_documents (claim, IV_DOCUMENT_KIND_SERVICE_REPORT);
  g_assert_cmpuint (g_strv_length ((GStrv) reports), ==, 2);
  g_assert_cmpstr (reports[1], ==, "att-5");
  g_assert_true (reports == iv_claim_get_documents_service_report (claim));

  paid = iv_claim_new_from_json (paid_node, &error);
  g_assert_no_error (error);
  g_assert_cmpint (iv_claim_get_status (paid), ==, IV_CLAIM_STATUS_PAID);
  g_assert_cmpint (iv_claim_get_approved_subsidy_fen (paid), ==, 3200000);
  g_assert_cmpstr (iv_invoice_get_code (iv_claim_get_invoice (paid)), ==, "3100224130");
  g_assert_cmpuint (g_list_model_get_n_items (iv_claim_get_history (paid)), ==, 0);

  g_assert_finalize_object (g_steal_pointer (&claim));
}

static void
test_receipt (void)
{
  g_autoptr(JsonNode) node = sample_parse (sample_receipt);
  g_autoptr(GError) error = NULL;
  g_autoptr(IvReceipt) receipt = iv_receipt_new_from_json (node, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (iv_receipt_get_number (receipt), ==, "HZ2026-00000042");
  g_assert_cmpstr (iv_receipt_get_claim_id (receipt), ==, "clm-42");
  g_assert_cmpstr (iv_receipt_get_claim_number (receipt), ==, "DF2026-000042");
  g_assert_cmpstr (iv_receipt_get_issued_at (receipt), ==, "2026-09-10T16:20:05+08:00");
  g_assert_cmpstr (iv_receipt_get_enterprise_name (receipt), ==, "上海微纳检测科技有限公司");
  g_assert_cmpstr (iv_receipt_get_enterprise_credit_code (receipt), ==, "91310000MA1FL4WR6Y");
  g_assert_cmpstr (iv_receipt_get_voucher_code (receipt), ==, "SH2026-000123");
  g_assert_cmpstr (iv_receipt_get_institution_name (receipt), ==, "上海市计量测试技术研究院");
  g_assert_cmpstr (iv_receipt_get_service_title (receipt), ==, "材料成分分析（ICP-MS）");
  g_assert_cmpstr (iv_receipt_get_contract_no (receipt), ==, "HT-2026-0815");
  g_assert_cmpint (iv_receipt_get_contract_amount_fen (receipt), ==, 100000000);
  g_assert_cmpstr (iv_receipt_get_invoice_number (receipt), ==, "26312000000012345678");
  g_assert_cmpint (iv_receipt_get_requested_subsidy_fen (receipt), ==, 3000000);
  g_assert_cmpint (iv_receipt_get_status (receipt), ==, IV_CLAIM_STATUS_SUBMITTED);
  g_assert_cmpstr (iv_receipt_get_verification_code (receipt), ==, "K7Q2M9XA");
  g_assert_cmpstr (iv_receipt_get_verify_url (receipt), ==, "https://vouchers.example.cn/api/v1/receipts/verify?code=K7Q2M9XA");
}

static void
test_events (void)
{
  g_autoptr(JsonNode) node = sample_parse (sample_event);
  g_autoptr(JsonNode) page_node = sample_parse (sample_events_page);
  g_autoptr(GError) error = NULL;
  g_autoptr(IvEvent) event = iv_event_new_from_json (node, &error);
  g_autoptr(GPtrArray) events = NULL;
  gint64 last_seq = 0;

  g_assert_no_error (error);
  g_assert_cmpint (iv_event_get_seq (event), ==, 101);
  g_assert_cmpint (iv_event_get_event_type (event), ==, IV_EVENT_TYPE_CLAIM_STATUS);
  g_assert_cmpstr (iv_event_get_id (event), ==, "clm-42");
  g_assert_cmpstr (iv_event_get_status (event), ==, "city_review");
  g_assert_cmpstr (iv_event_get_at (event), ==, "2026-09-15T11:00:00+08:00");

  events = iv_event_list_new_from_json (page_node, &last_seq, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 4);
  g_assert_cmpint (last_seq, ==, 104);
  g_assert_cmpint (iv_event_get_event_type (g_ptr_array_index (events, 1)), ==, IV_EVENT_TYPE_VOUCHER_UPDATED);
  g_assert_cmpint (iv_event_get_event_type (g_ptr_array_index (events, 2)), ==, IV_EVENT_TYPE_APPLICATION_STATUS);
  g_assert_cmpint (iv_event_get_event_type (g_ptr_array_index (events, 3)), ==, IV_EVENT_TYPE_ORDER_STATUS);
  g_assert_cmpstr (iv_event_get_status (g_ptr_array_index (events, 3)), ==, "completed");
}

static void
test_error_body (void)
{
  g_autoptr(JsonNode) node = sample_parse (sample_error_body);
  g_autoptr(JsonNode) no_field = sample_parse ("{\"error\": {\"code\": \"rate_limited\", \"message\": \"请求过于频繁\", \"field\": null}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(IvErrorBody) body = iv_error_body_new_from_json (node, &error);
  g_autoptr(IvErrorBody) limited = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (iv_error_body_get_code (body), ==, "invoice_amount_mismatch");
  g_assert_cmpstr (iv_error_body_get_message (body), ==, "发票金额与合同金额不一致");
  g_assert_cmpstr (iv_error_body_get_field (body), ==, "invoice.amount_fen");

  limited = iv_error_body_new_from_json (no_field, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (iv_error_body_get_code (limited), ==, "rate_limited");
  g_assert_null (iv_error_body_get_field (limited));
}

static void
test_list_page (void)
{
  g_autoptr(JsonNode) node = sample_parse (sample_institution_page);
  g_autoptr(JsonNode) last = sample_parse ("{\"items\": [], \"next_cursor\": null}");
  g_autoptr(GError) error = NULL;
  g_autoptr(IvListPage) page = NULL;
  g_autoptr(IvListPage) strict = NULL;
  g_autoptr(IvListPage) last_page = NULL;

  page = iv_list_page_new_from_json (node, IV_JSON_DECODE_FUNC (iv_institution_new_from_json_at),
                                     IV_LIST_PAGE_ALLOW_TOMBSTONES, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (iv_list_page_get_n_items (page), ==, 1);
  g_assert_true (IV_IS_INSTITUTION (iv_list_page_get_item (page, 0)));
  g_assert_cmpstr (iv_institution_get_id (iv_list_page_get_item (page, 0)), ==, "inst-001");
  g_assert_cmpstr (iv_list_page_get_next_cursor (page), ==, "c2luY2U9NDI");
  g_assert_cmpint (iv_list_page_get_revision (page), ==, 42);
  g_assert_cmpuint (g_strv_length ((GStrv) iv_list_page_get_deleted_ids (page)), ==, 1);
  g_assert_cmpstr (iv_list_page_get_deleted_ids (page)[0], ==, "inst-009");

  /* Without ?since= a tombstone is not a valid institution */
  strict = iv_list_page_new_from_json (node, IV_JSON_DECODE_FUNC (iv_institution_new_from_json_at),
                                       IV_LIST_PAGE_DEFAULT, &error);
  g_assert_error (error, IV_DECODE_ERROR, IV_DECODE_ERROR_MISSING);
  g_assert_true (g_str_has_prefix (error->message, "items[1].name: "));
  g_assert_null (strict);
  g_clear_error (&error);

  last_page = iv_list_page_new_from_json (last, IV_JSON_DECODE_FUNC (iv_claim_new_from_json_at),
                                          IV_LIST_PAGE_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (iv_list_page_get_n_items (last_page), ==, 0);
  g_assert_null (iv_list_page_get_next_cursor (last_page));
  g_assert_cmpint (iv_list_page_get_revision (last_page), ==, -1);
}

static void
test_construct (void)
{
  /* Other layers build models with g_object_new; lists are never NULL */
  g_autoptr(IvClaim) claim = g_object_new (IV_TYPE_CLAIM,
                                           "id", "local-1",
                                           "status", IV_CLAIM_STATUS_RETURNED,
                                           "contract-amount-fen", (gint64) 4000000,
                                           "submitted-at", "2026-09-10T16:20:00+08:00",
                                           NULL);
  g_autoptr(IvVoucher) voucher = g_object_new (IV_TYPE_VOUCHER, NULL);
  g_autofree char *id = NULL;
  IvClaimStatus status = 0;

  g_assert_cmpstr (iv_claim_get_id (claim), ==, "local-1");
  g_assert_cmpint (iv_claim_get_status (claim), ==, IV_CLAIM_STATUS_RETURNED);
  g_assert_cmpint (iv_claim_get_contract_amount_fen (claim), ==, 4000000);
  g_assert_cmpint (iv_claim_get_approved_subsidy_fen (claim), ==, -1);
  g_assert_nonnull (iv_claim_get_submitted_at_date_time (claim));
  g_assert_cmpuint (g_list_model_get_n_items (iv_claim_get_history (claim)), ==, 0);
  g_assert_nonnull (iv_claim_get_documents (claim, IV_DOCUMENT_KIND_INVOICE));
  g_assert_null (iv_claim_get_documents (claim, IV_DOCUMENT_KIND_INVOICE)[0]);

  g_object_get (claim, "id", &id, "status", &status, NULL);
  g_assert_cmpstr (id, ==, "local-1");
  g_assert_cmpint (status, ==, IV_CLAIM_STATUS_RETURNED);

  g_assert_cmpint (iv_voucher_get_status (voucher), ==, IV_VOUCHER_STATUS_ACTIVE);
  g_assert_cmpint (iv_voucher_get_year (voucher), ==, 1970);
}

static void
test_status_strings (void)
{
  IvClaimStatus claim_status = 0;
  IvApplicationStatus application_status = 0;
  IvEventType event_type = 0;
  IvDocumentKind kind = 0;

  g_assert_true (iv_claim_status_from_string ("publicized", &claim_status));
  g_assert_cmpint (claim_status, ==, IV_CLAIM_STATUS_PUBLICIZED);
  g_assert_false (iv_claim_status_from_string ("withdrawn", &claim_status));
  g_assert_false (iv_claim_status_from_string ("PUBLICIZED", &claim_status));
  g_assert_false (iv_claim_status_from_string (NULL, &claim_status));
  g_assert_cmpstr (iv_claim_status_to_string (IV_CLAIM_STATUS_DISTRICT_REVIEW), ==, "district_review");
  g_assert_true (iv_application_status_from_string ("withdrawn", &application_status));
  g_assert_cmpint (application_status, ==, IV_APPLICATION_STATUS_WITHDRAWN);
  g_assert_true (iv_event_type_from_string ("voucher.updated", &event_type));
  g_assert_cmpint (event_type, ==, IV_EVENT_TYPE_VOUCHER_UPDATED);
  g_assert_cmpstr (iv_event_type_to_string (IV_EVENT_TYPE_ORDER_STATUS), ==, "order.status");
  g_assert_true (iv_document_kind_from_string ("payment_proof", &kind));
  g_assert_cmpint (kind, ==, IV_DOCUMENT_KIND_PAYMENT_PROOF);
  g_assert_cmpstr (iv_order_status_to_string (IV_ORDER_STATUS_CANCELLED), ==, "cancelled");
  g_assert_cmpstr (iv_voucher_status_to_string (IV_VOUCHER_STATUS_EXHAUSTED), ==, "exhausted");
  g_assert_cmpstr (iv_actor_to_string (IV_ACTOR_INSTITUTION), ==, "institution");
  g_assert_cmpstr (iv_redeem_mode_to_string (IV_REDEEM_MODE_INSTITUTION), ==, "institution");
  g_assert_cmpstr (iv_account_kind_to_string (IV_ACCOUNT_KIND_TEAM), ==, "team");
}

static void
test_status_labels_english (void)
{
  /* Without a translation the English source strings are shown */
  g_assert_cmpstr (iv_claim_status_to_label (IV_CLAIM_STATUS_DISTRICT_REVIEW), ==, "District review");
  g_assert_cmpstr (iv_claim_status_to_label (IV_CLAIM_STATUS_RETURNED), ==, "Returned for changes");
  g_assert_cmpstr (iv_claim_status_to_label (IV_CLAIM_STATUS_PUBLICIZED), ==, "Public notice");
  g_assert_cmpstr (iv_document_kind_to_label (IV_DOCUMENT_KIND_SERVICE_REPORT), ==, "Service report");
  g_assert_cmpstr (iv_category_code_to_label ("testing"), ==, "Testing and inspection");
  g_assert_cmpstr (iv_category_code_to_label ("quantum_magic"), ==, "quantum_magic");
  for (guint i = IV_CLAIM_STATUS_SUBMITTED; i <= IV_CLAIM_STATUS_RETURNED; i++)
    g_assert_nonnull (iv_claim_status_to_label (i));
  for (guint i = IV_ORDER_STATUS_PLACED; i <= IV_ORDER_STATUS_CANCELLED; i++)
    g_assert_nonnull (iv_order_status_to_label (i));
}

/* The labels people see under zh_CN, from this layer's translations */
static void
test_status_labels_chinese (void)
{
  const char *source_root = g_getenv ("MESON_SOURCE_ROOT");
  g_autofree char *msgfmt = g_find_program_in_path ("msgfmt");
  g_autofree char *po = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *messages = NULL;
  g_autofree char *mo = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "msgfmt", "--check-format", "-o", NULL, NULL, NULL };
  int status = 0;

  if (source_root == NULL || msgfmt == NULL)
    {
      g_test_skip ("needs MESON_SOURCE_ROOT and msgfmt");
      return;
    }
  if (setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
    {
      g_test_skip ("the zh_CN.UTF-8 locale is not installed");
      return;
    }

  po = g_build_filename (source_root, "po", "parts", "domain-models.po", NULL);
  dir = g_dir_make_tmp ("iv-models-XXXXXX", &error);
  g_assert_no_error (error);
  messages = g_build_filename (dir, "zh_CN", "LC_MESSAGES", NULL);
  g_assert_cmpint (g_mkdir_with_parents (messages, 0700), ==, 0);
  mo = g_build_filename (messages, GETTEXT_PACKAGE ".mo", NULL);
  argv[3] = mo;
  argv[4] = po;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  bindtextdomain (GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  g_assert_cmpstr (iv_claim_status_to_label (IV_CLAIM_STATUS_DISTRICT_REVIEW), ==, "区级审核中");
  g_assert_cmpstr (iv_claim_status_to_label (IV_CLAIM_STATUS_CITY_REVIEW), ==, "市级审核中");
  g_assert_cmpstr (iv_claim_status_to_label (IV_CLAIM_STATUS_RETURNED), ==, "退回修改");
  g_assert_cmpstr (iv_claim_status_to_label (IV_CLAIM_STATUS_PUBLICIZED), ==, "公示中");
  g_assert_cmpstr (iv_application_status_to_label (IV_APPLICATION_STATUS_RETURNED), ==, "退回修改");
  g_assert_cmpstr (iv_category_code_to_label ("testing"), ==, "测试检测");
  g_assert_cmpstr (iv_category_code_to_label ("instrument"), ==, "大型科学仪器设施共享");
  g_assert_cmpstr (iv_document_kind_to_label (IV_DOCUMENT_KIND_CONTRACT), ==, "合同");
  g_assert_cmpstr (iv_document_kind_to_label (IV_DOCUMENT_KIND_INVOICE), ==, "发票");
  g_assert_cmpstr (iv_document_kind_to_label (IV_DOCUMENT_KIND_PAYMENT_PROOF), ==, "到款凭证");
  g_assert_cmpstr (iv_document_kind_to_label (IV_DOCUMENT_KIND_SERVICE_REPORT), ==, "服务报告");
  g_assert_cmpstr (iv_account_kind_to_label (IV_ACCOUNT_KIND_TEAM), ==, "创业团队");
  /* Every value of every enumeration has a translation */
  for (guint i = IV_CLAIM_STATUS_SUBMITTED; i <= IV_CLAIM_STATUS_RETURNED; i++)
    g_assert_false (g_str_is_ascii (iv_claim_status_to_label (i)));
  for (guint i = IV_APPLICATION_STATUS_SUBMITTED; i <= IV_APPLICATION_STATUS_WITHDRAWN; i++)
    g_assert_false (g_str_is_ascii (iv_application_status_to_label (i)));
  for (guint i = IV_ORDER_STATUS_PLACED; i <= IV_ORDER_STATUS_CANCELLED; i++)
    g_assert_false (g_str_is_ascii (iv_order_status_to_label (i)));
  for (guint i = IV_VOUCHER_STATUS_ACTIVE; i <= IV_VOUCHER_STATUS_REVOKED; i++)
    g_assert_false (g_str_is_ascii (iv_voucher_status_to_label (i)));
  for (guint i = IV_ACTOR_DISTRICT; i <= IV_ACTOR_SYSTEM; i++)
    g_assert_false (g_str_is_ascii (iv_actor_to_label (i)));
  for (guint i = IV_EVENT_TYPE_APPLICATION_STATUS; i <= IV_EVENT_TYPE_VOUCHER_UPDATED; i++)
    g_assert_false (g_str_is_ascii (iv_event_type_to_label (i)));
  for (guint i = IV_REDEEM_MODE_ENTERPRISE; i <= IV_REDEEM_MODE_INSTITUTION; i++)
    g_assert_false (g_str_is_ascii (iv_redeem_mode_to_label (i)));
  for (guint i = 0; iv_category_codes ()[i] != NULL; i++)
    g_assert_false (g_str_is_ascii (iv_category_code_to_label (iv_category_codes ()[i])));

  setlocale (LC_ALL, "C");
  g_remove (mo);
  g_rmdir (messages);
  {
    g_autofree char *zh = g_build_filename (dir, "zh_CN", NULL);

    g_rmdir (zh);
  }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/models/account", test_account);
  g_test_add_func ("/models/policy", test_policy);
  g_test_add_func ("/models/category", test_category);
  g_test_add_func ("/models/institution", test_institution);
  g_test_add_func ("/models/service", test_service);
  g_test_add_func ("/models/application", test_application);
  g_test_add_func ("/models/voucher", test_voucher);
  g_test_add_func ("/models/order", test_order);
  g_test_add_func ("/models/attachment", test_attachment);
  g_test_add_func ("/models/claim", test_claim);
  g_test_add_func ("/models/receipt", test_receipt);
  g_test_add_func ("/models/events", test_events);
  g_test_add_func ("/models/error-body", test_error_body);
  g_test_add_func ("/models/list-page", test_list_page);
  g_test_add_func ("/models/construct", test_construct);
  g_test_add_func ("/models/status-strings", test_status_strings);
  g_test_add_func ("/models/status-labels", test_status_labels_english);
  g_test_add_func ("/models/status-labels-zh_CN", test_status_labels_chinese);

  return g_test_run ();
}
