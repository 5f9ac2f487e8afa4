/* model-samples.h: the exact JSON shapes of api.md, shared by the model tests */
#pragma once

#include "iv-domain.h"

#define SHA256_HEX "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

static const char sample_account[] =
  "{\"id\": \"acc-91310000MA1FL4WR6Y\", \"kind\": \"enterprise\","
  " \"name\": \"上海微纳检测科技有限公司\", \"credit_code\": \"91310000MA1FL4WR6Y\","
  " \"contact_name\": \"王芳\", \"contact_phone\": \"13812345678\", \"district\": \"浦东新区\","
  " \"year\": 2026, \"year_cap_fen\": 30000000, \"year_granted_fen\": 20000000,"
  " \"year_used_fen\": 5000000}";

static const char sample_team_account[] =
  "{\"id\": \"acc-team-nanolab\", \"kind\": \"team\", \"name\": \"纳米材料创业团队\","
  " \"credit_code\": null, \"contact_name\": \"李雷\", \"contact_phone\": \"021-62345678\","
  " \"district\": \"杨浦区\", \"year\": 2026, \"year_cap_fen\": 10000000,"
  " \"year_granted_fen\": 0, \"year_used_fen\": 0}";

static const char sample_policy[] =
  "{\"version\": \"2026.1\", \"year\": 2026, \"caps_fen\": {\"enterprise\": 30000000, \"team\": 10000000},"
  " \"tiers\": [{\"up_to_fen\": 5000000, \"ratio_bp\": 8000}, {\"up_to_fen\": null, \"ratio_bp\": 5000}],"
  " \"claim_documents\": [\"contract\", \"invoice\", \"payment_proof\", \"service_report\"],"
  " \"redeem_modes\": [\"enterprise\", \"institution\"], \"payout\": \"quarterly\"}";

static const char sample_category[] =
  "{\"code\": \"testing\", \"name\": \"测试检测\"}";

static const char sample_institution[] =
  "{\"id\": \"inst-001\", \"name\": \"上海市计量测试技术研究院\", \"credit_code\": \"12310000425006117P\","
  " \"district\": \"浦东新区\", \"address\": \"上海市浦东新区张衡路1500号\", \"phone\": \"021-38839800\","
  " \"accreditations\": [\"CMA\", \"CNAS\"], \"accepts_vouchers\": true,"
  " \"updated_at\": \"2026-03-01T09:00:00+08:00\"}";

static const char sample_service[] =
  "{\"id\": \"svc-0001\", \"institution_id\": \"inst-001\", \"category\": \"testing\","
  " \"title\": \"材料成分分析（ICP-MS）\", \"description\": \"金属材料中痕量元素的定量分析。\","
  " \"price_fen\": 120000, \"price_note\": \"按样品计价\", \"unit\": \"样品\","
  " \"updated_at\": \"2026-03-02T10:30:00+08:00\"}";

static const char sample_service_negotiable[] =
  "{\"id\": \"svc-0002\", \"institution_id\": \"inst-001\", \"category\": \"joint_rnd\","
  " \"title\": \"新型传感器合作研发\", \"description\": \"\", \"price_fen\": null,"
  " \"price_note\": \"面议\", \"unit\": \"项\", \"updated_at\": \"2026-03-02T10:30:00Z\"}";

static const char sample_application[] =
  "{\"id\": \"app-17\", \"number\": \"SQ2026-000017\", \"version\": 3, \"status\": \"returned\","
  " \"year\": 2026, \"amount_fen\": 20000000, \"purpose\": \"新产品毒理学测试\","
  " \"planned_categories\": [\"testing\", \"instrument\"], \"contact_name\": \"王芳\","
  " \"contact_phone\": \"13812345678\", \"submitted_at\": \"2026-04-20T09:15:00+08:00\","
  " \"history\": ["
  "{\"at\": \"2026-04-20T09:15:00+08:00\", \"status\": \"submitted\", \"actor\": \"applicant\", \"note\": null},"
  "{\"at\": \"2026-04-21T10:00:00+08:00\", \"status\": \"district_review\", \"actor\": \"system\", \"note\": null},"
  "{\"at\": \"2026-04-22T14:00:00+08:00\", \"status\": \"returned\", \"actor\": \"district\", \"note\": \"请补充研发计划书\"}]}";

static const char sample_voucher[] =
  "{\"id\": \"v-123\", \"code\": \"SH2026-000123\", \"year\": 2026, \"face_value_fen\": 20000000,"
  " \"balance_fen\": 15000000, \"reserved_fen\": 3000000, \"use_by\": \"2026-12-31\","
  " \"redeem_by\": \"2027-03-31\", \"redeem_mode\": \"enterprise\", \"status\": \"active\"}";

static const char sample_order[] =
  "{\"id\": \"ord-42\", \"number\": \"DD2026-000042\", \"version\": 2, \"status\": \"confirmed\","
  " \"voucher_id\": \"v-123\", \"service_id\": \"svc-0001\", \"institution_id\": \"inst-001\","
  " \"quoted_amount_fen\": 5000000, \"reserved_fen\": 3000000,"
  " \"created_at\": \"2026-05-06T10:00:00+08:00\", \"history\": ["
  "{\"at\": \"2026-05-06T10:00:00+08:00\", \"status\": \"placed\", \"actor\": \"applicant\", \"note\": null},"
  "{\"at\": \"2026-05-07T09:00:00+08:00\", \"status\": \"accepted\", \"actor\": \"institution\", \"note\": \"已安排检测\"},"
  "{\"at\": \"2026-05-08T11:30:00+08:00\", \"status\": \"confirmed\", \"actor\": \"city\", \"note\": null}]}";

static const char sample_attachment[] =
  "{\"id\": \"att-1\", \"filename\": \"技术服务合同.pdf\", \"content_type\": \"application/pdf\","
  " \"size\": 183424, \"sha256\": \"" SHA256_HEX "\"}";

static const char sample_claim[] =
  "{\"id\": \"clm-42\", \"number\": \"DF2026-000042\", \"version\": 1, \"status\": \"district_review\","
  " \"order_id\": \"ord-42\", \"voucher_id\": \"v-123\", \"contract_no\": \"HT-2026-0815\","
  " \"contract_amount_fen\": 100000000,"
  " \"invoice\": {\"code\": null, \"number\": \"26312000000012345678\", \"date\": \"2026-09-01\","
  " \"amount_fen\": 100000000, \"seller_name\": \"上海市计量测试技术研究院\"},"
  " \"paid_on\": \"2026-09-05\","
  " \"documents\": {\"contract\": [\"att-1\"], \"invoice\": [\"att-2\"], \"payment_proof\": [\"att-3\"],"
  " \"service_report\": [\"att-4\", \"att-5\"]},"
  " \"requested_subsidy_fen\": 3000000, \"approved_subsidy_fen\": null,"
  " \"submitted_at\": \"2026-09-10T16:20:00+08:00\", \"history\": ["
  "{\"at\": \"2026-09-10T16:20:00+08:00\", \"status\": \"submitted\", \"actor\": \"applicant\", \"note\": null},"
  "{\"at\": \"2026-09-11T09:00:00+08:00\", \"status\": \"district_review\", \"actor\": \"district\", \"note\": \"材料齐全\"}]}";

static const char sample_claim_paid[] =
  "{\"id\": \"clm-7\", \"number\": \"DF2026-000007\", \"version\": 6, \"status\": \"paid\","
  " \"order_id\": \"ord-7\", \"voucher_id\": \"v-123\", \"contract_no\": \"HT-2026-0101\","
  " \"contract_amount_fen\": 4000000,"
  " \"invoice\": {\"code\": \"3100224130\", \"number\": \"01234567\", \"date\": \"2026-02-28\","
  " \"amount_fen\": 4000000, \"seller_name\": \"上海某检测中心\"},"
  " \"paid_on\": \"2026-02-28\","
  " \"documents\": {\"contract\": [\"att-10\"], \"invoice\": [\"att-11\"], \"payment_proof\": [\"att-12\"],"
  " \"service_report\": [\"att-13\"]},"
  " \"requested_subsidy_fen\": 3200000, \"approved_subsidy_fen\": 3200000,"
  " \"submitted_at\": \"2026-03-01T08:00:00Z\", \"history\": []}";

static const char sample_receipt[] =
  "{\"number\": \"HZ2026-00000042\", \"claim_id\": \"clm-42\", \"claim_number\": \"DF2026-000042\","
  " \"issued_at\": \"2026-09-10T16:20:05+08:00\","
  " \"enterprise\": {\"name\": \"上海微纳检测科技有限公司\", \"credit_code\": \"91310000MA1FL4WR6Y\"},"
  " \"voucher_code\": \"SH2026-000123\", \"institution_name\": \"上海市计量测试技术研究院\","
  " \"service_title\": \"材料成分分析（ICP-MS）\", \"contract_no\": \"HT-2026-0815\","
  " \"contract_amount_fen\": 100000000, \"invoice_number\": \"26312000000012345678\","
  " \"requested_subsidy_fen\": 3000000, \"status\": \"submitted\", \"verification_code\": \"K7Q2M9XA\","
  " \"verify_url\": \"https://vouchers.example.cn/api/v1/receipts/verify?code=K7Q2M9XA\"}";

static const char sample_event[] =
  "{\"seq\": 101, \"type\": \"claim.status\", \"id\": \"clm-42\", \"status\": \"city_review\","
  " \"at\": \"2026-09-15T11:00:00+08:00\"}";

static const char sample_events_page[] =
  "{\"events\": ["
  "{\"seq\": 101, \"type\": \"claim.status\", \"id\": \"clm-42\", \"status\": \"city_review\", \"at\": \"2026-09-15T11:00:00+08:00\"},"
  "{\"seq\": 102, \"type\": \"voucher.updated\", \"id\": \"v-123\", \"status\": \"active\", \"at\": \"2026-09-15T11:00:01+08:00\"},"
  "{\"seq\": 103, \"type\": \"application.status\", \"id\": \"app-17\", \"status\": \"approved\", \"at\": \"2026-09-15T12:00:00+08:00\"},"
  "{\"seq\": 104, \"type\": \"order.status\", \"id\": \"ord-42\", \"status\": \"completed\", \"at\": \"2026-09-15T12:30:00+08:00\"}],"
  " \"last_seq\": 104}";

static const char sample_history_step[] =
  "{\"at\": \"2026-04-22T14:00:00+08:00\", \"status\": \"returned\", \"actor\": \"district\", \"note\": \"请补充研发计划书\"}";

static const char sample_invoice[] =
  "{\"code\": \"3100224130\", \"number\": \"01234567\", \"date\": \"2026-02-28\","
  " \"amount_fen\": 4000000, \"seller_name\": \"上海某检测中心\"}";

static const char sample_error_body[] =
  "{\"error\": {\"code\": \"invoice_amount_mismatch\", \"message\": \"发票金额与合同金额不一致\","
  " \"field\": \"invoice.amount_fen\"}}";

static const char sample_institution_page[] =
  "{\"items\": [" "{\"id\": \"inst-001\", \"name\": \"上海市计量测试技术研究院\", \"credit_code\": \"12310000425006117P\","
  " \"district\": \"浦东新区\", \"address\": \"上海市浦东新区张衡路1500号\", \"phone\": \"021-38839800\","
  " \"accreditations\": [\"CMA\", \"CNAS\"], \"accepts_vouchers\": true,"
  " \"updated_at\": \"2026-03-01T09:00:00+08:00\"},"
  " {\"id\": \"inst-009\", \"deleted\": true}],"
  " \"next_cursor\": \"c2luY2U9NDI\", \"revision\": 42}";

typedef struct {
  const char       *name;      /* the model, as in the root of error paths */
  const char       *json;
  IvJsonDecodeFunc  decode;
  IvJsonEncodeFunc  encode;
} ModelSample;

static const ModelSample model_samples[] = {
  { "account",      sample_account,      IV_JSON_DECODE_FUNC (iv_account_new_from_json_at),      IV_JSON_ENCODE_FUNC (iv_account_to_json) },
  { "account",      sample_team_account, IV_JSON_DECODE_FUNC (iv_account_new_from_json_at),      IV_JSON_ENCODE_FUNC (iv_account_to_json) },
  { "policy",       sample_policy,       IV_JSON_DECODE_FUNC (iv_policy_new_from_json_at),       IV_JSON_ENCODE_FUNC (iv_policy_to_json) },
  { "category",     sample_category,     IV_JSON_DECODE_FUNC (iv_category_new_from_json_at),     IV_JSON_ENCODE_FUNC (iv_category_to_json) },
  { "institution",  sample_institution,  IV_JSON_DECODE_FUNC (iv_institution_new_from_json_at),  IV_JSON_ENCODE_FUNC (iv_institution_to_json) },
  { "service",      sample_service,      IV_JSON_DECODE_FUNC (iv_service_new_from_json_at),      IV_JSON_ENCODE_FUNC (iv_service_to_json) },
  { "service",      sample_service_negotiable, IV_JSON_DECODE_FUNC (iv_service_new_from_json_at), IV_JSON_ENCODE_FUNC (iv_service_to_json) },
  { "application",  sample_application,  IV_JSON_DECODE_FUNC (iv_quota_application_new_from_json_at),  IV_JSON_ENCODE_FUNC (iv_quota_application_to_json) },
  { "voucher",      sample_voucher,      IV_JSON_DECODE_FUNC (iv_voucher_new_from_json_at),      IV_JSON_ENCODE_FUNC (iv_voucher_to_json) },
  { "order",        sample_order,        IV_JSON_DECODE_FUNC (iv_order_new_from_json_at),        IV_JSON_ENCODE_FUNC (iv_order_to_json) },
  { "attachment",   sample_attachment,   IV_JSON_DECODE_FUNC (iv_attachment_new_from_json_at),   IV_JSON_ENCODE_FUNC (iv_attachment_to_json) },
  { "claim",        sample_claim,        IV_JSON_DECODE_FUNC (iv_claim_new_from_json_at),        IV_JSON_ENCODE_FUNC (iv_claim_to_json) },
  { "claim",        sample_claim_paid,   IV_JSON_DECODE_FUNC (iv_claim_new_from_json_at),        IV_JSON_ENCODE_FUNC (iv_claim_to_json) },
  { "invoice",      sample_invoice,      IV_JSON_DECODE_FUNC (iv_invoice_new_from_json_at),      IV_JSON_ENCODE_FUNC (iv_invoice_to_json) },
  { "receipt",      sample_receipt,      IV_JSON_DECODE_FUNC (iv_receipt_new_from_json_at),      IV_JSON_ENCODE_FUNC (iv_receipt_to_json) },
  { "event",        sample_event,        IV_JSON_DECODE_FUNC (iv_event_new_from_json_at),        IV_JSON_ENCODE_FUNC (iv_event_to_json) },
  { "step",         sample_history_step, IV_JSON_DECODE_FUNC (iv_history_step_new_from_json_at), IV_JSON_ENCODE_FUNC (iv_history_step_to_json) },
  { "",             sample_error_body,   IV_JSON_DECODE_FUNC (iv_error_body_new_from_json_at),   IV_JSON_ENCODE_FUNC (iv_error_body_to_json) },
};

static inline JsonNode *
sample_parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = iv_json_parse_data (json, strlen (json), 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}
