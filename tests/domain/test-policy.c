/* test-policy.c: the subsidy rule of api.md, tier by tier, with both caps */
#include "config.h"

#include <string.h>

#include "model-samples.h"

static IvPolicy *
policy_from (const char *json)
{
  g_autoptr(JsonNode) node = sample_parse (json);
  g_autoptr(GError) error = NULL;
  IvPolicy *policy = iv_policy_new_from_json (node, &error);

  g_assert_no_error (error);
  g_assert_nonnull (policy);
  return policy;
}

typedef struct {
  gint64 contract_fen;
  gint64 reserved_fen;    /* -1: not yet reserved */
  gint64 subsidy_fen;
  const char *why;
} SubsidyCase;

/* The policy of api.md: 80% of the first ¥50,000, 50% of the rest */
static const SubsidyCase api_cases[] = {
  { 0, -1, 0, "nothing spent" },
  { 1, -1, 0, "floor(0.8 fen)" },
  { 2, -1, 1, "floor(1.6 fen)" },
  { 99, -1, 79, "floor(79.2 fen)" },
  { 100, -1, 80, "¥1.00 → ¥0.80" },
  { 1234567, -1, 987653, "floor(987653.6)" },
  { 4999999, -1, 3999999, "floor(3999999.2), just under the boundary" },
  { 5000000, -1, 4000000, "exactly the first tier: ¥50,000 → ¥40,000" },
  { 5000001, -1, 4000000, "one fen into the second tier: floor(0.5)" },
  { 5000002, -1, 4000001, "two fen into the second tier" },
  { 6000000, -1, 4500000, "¥60,000 → ¥40,000 + ¥5,000" },
  { 10000001, -1, 6500000, "floor on the second part only" },
  { 100000000, -1, 51500000, "api.md: ¥1,000,000.00 → ¥515,000.00" },
  { 100000000, 3000000, 3000000, "capped by the reserved amount" },
  { 100000000, 0, 0, "nothing reserved: nothing paid" },
  { 100000000, 51500000, 51500000, "reserved exactly the subsidy" },
  { 100000000, 90000000, 51500000, "reserved more than the subsidy" },
  { 5000000, 3999999, 3999999, "first tier, one fen short of the reservation" },
  { IV_MONEY_MAX_FEN, -1, 4000000 + (IV_MONEY_MAX_FEN - 5000000) / 2, "the largest amount does not overflow" },
};

static void
test_api_example (void)
{
  g_autoptr(IvPolicy) policy = policy_from (sample_policy);

  for (guint i = 0; i < G_N_ELEMENTS (api_cases); i++)
    {
      const SubsidyCase *c = &api_cases[i];
      gint64 subsidy = iv_policy_estimate_subsidy (policy, c->contract_fen, c->reserved_fen);

      if (subsidy != c->subsidy_fen)
        g_error ("%s: contract %" G_GINT64_FORMAT " reserved %" G_GINT64_FORMAT
                 ": expected %" G_GINT64_FORMAT ", got %" G_GINT64_FORMAT,
                 c->why, c->contract_fen, c->reserved_fen, c->subsidy_fen, subsidy);
    }
}

static void
test_api_example_formatted (void)
{
  g_autoptr(IvPolicy) policy = policy_from (sample_policy);
  g_autofree char *text = NULL;

  /* What a person reads in the claim form's estimate */
  text = iv_money_format (iv_policy_estimate_subsidy (policy, 100000000, -1));
  g_assert_cmpstr (text, ==, "¥515,000.00");
}

/* Three tiers with ratios that do not divide evenly */
static const char three_tiers[] =
  "{\"version\": \"test\", \"year\": 2026, \"caps_fen\": {\"enterprise\": 50000000, \"team\": 10000000},"
  " \"tiers\": [{\"up_to_fen\": 1000000, \"ratio_bp\": 10000}, {\"up_to_fen\": 3000000, \"ratio_bp\": 3333},"
  " {\"up_to_fen\": null, \"ratio_bp\": 1}],"
  " \"claim_documents\": [\"contract\", \"invoice\"], \"redeem_modes\": [\"enterprise\"], \"payout\": \"monthly\"}";

static const SubsidyCase three_tier_cases[] = {
  { 1000000, -1, 1000000, "100% of the first tier" },
  { 1000003, -1, 1000000 + 0, "floor(3 × 0.3333)" },
  { 1000004, -1, 1000000 + 1, "floor(4 × 0.3333)" },
  { 3000000, -1, 1000000 + 666600, "whole second tier" },
  { 3009999, -1, 1000000 + 666600 + 0, "floor(9999 × 0.0001)" },
  { 3010000, -1, 1000000 + 666600 + 1, "10000 fen at 1 bp" },
  { 3000000, 1500000, 1500000, "capped by the reservation" },
};

static void
test_three_tiers (void)
{
  g_autoptr(IvPolicy) policy = policy_from (three_tiers);

  g_assert_cmpuint (iv_policy_get_n_tiers (policy), ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (three_tier_cases); i++)
    {
      const SubsidyCase *c = &three_tier_cases[i];

      if (iv_policy_estimate_subsidy (policy, c->contract_fen, c->reserved_fen) != c->subsidy_fen)
        g_error ("%s: expected %" G_GINT64_FORMAT ", got %" G_GINT64_FORMAT, c->why, c->subsidy_fen,
                 iv_policy_estimate_subsidy (policy, c->contract_fen, c->reserved_fen));
    }
}

static void
test_bounded_last_tier (void)
{
  /* A policy whose last tier is bounded subsidises nothing above it */
  g_autoptr(IvPolicy) policy = policy_from (
    "{\"version\": \"b\", \"year\": 2026, \"caps_fen\": {\"enterprise\": 1, \"team\": 1},"
    " \"tiers\": [{\"up_to_fen\": 5000000, \"ratio_bp\": 5000}],"
    " \"claim_documents\": [], \"redeem_modes\": [], \"payout\": \"quarterly\"}");

  g_assert_cmpint (iv_policy_estimate_subsidy (policy, 5000000, -1), ==, 2500000);
  g_assert_cmpint (iv_policy_estimate_subsidy (policy, 100000000, -1), ==, 2500000);
}

static void
test_caps (void)
{
  g_autoptr(IvPolicy) policy = policy_from (sample_policy);

  /* ¥515,000 for ¥1,000,000 is over both year caps */
  g_assert_cmpint (iv_policy_estimate_subsidy_for_kind (policy, IV_ACCOUNT_KIND_ENTERPRISE, 100000000, -1), ==, 30000000);
  g_assert_cmpint (iv_policy_estimate_subsidy_for_kind (policy, IV_ACCOUNT_KIND_TEAM, 100000000, -1), ==, 10000000);
  /* Under the team cap: the rule alone */
  g_assert_cmpint (iv_policy_estimate_subsidy_for_kind (policy, IV_ACCOUNT_KIND_TEAM, 12000000, -1), ==, 7500000);
  /* Between the caps: ¥250,000 → ¥140,000; only the team is capped */
  g_assert_cmpint (iv_policy_estimate_subsidy_for_kind (policy, IV_ACCOUNT_KIND_ENTERPRISE, 25000000, -1), ==, 14000000);
  g_assert_cmpint (iv_policy_estimate_subsidy_for_kind (policy, IV_ACCOUNT_KIND_TEAM, 25000000, -1), ==, 10000000);
  /* The reservation applies first when it is lower */
  g_assert_cmpint (iv_policy_estimate_subsidy_for_kind (policy, IV_ACCOUNT_KIND_ENTERPRISE, 100000000, 2000000), ==, 2000000);
  g_assert_cmpint (iv_policy_estimate_subsidy_for_kind (policy, IV_ACCOUNT_KIND_TEAM, 0, -1), ==, 0);
}

static void
test_caps_are_policy_data (void)
{
  /* Nothing is a constant: another year's numbers give other answers */
  g_autoptr(IvPolicy) policy = policy_from (
    "{\"version\": \"2027.1\", \"year\": 2027, \"caps_fen\": {\"enterprise\": 50000000, \"team\": 20000000},"
    " \"tiers\": [{\"up_to_fen\": null, \"ratio_bp\": 5000}],"
    " \"claim_documents\": [\"contract\"], \"redeem_modes\": [\"institution\"], \"payout\": \"monthly\"}");

  g_assert_cmpint (iv_policy_get_cap_fen (policy, IV_ACCOUNT_KIND_ENTERPRISE), ==, 50000000);
  g_assert_cmpint (iv_policy_estimate_subsidy (policy, 100000000, -1), ==, 50000000);
  g_assert_cmpint (iv_policy_estimate_subsidy_for_kind (policy, IV_ACCOUNT_KIND_TEAM, 100000000, -1), ==, 20000000);
  g_assert_cmpint (iv_policy_estimate_subsidy (policy, 3, -1), ==, 1);
}

static void
test_zero_ratio (void)
{
  g_autoptr(IvPolicy) policy = policy_from (
    "{\"version\": \"z\", \"year\": 2026, \"caps_fen\": {\"enterprise\": 0, \"team\": 0},"
    " \"tiers\": [{\"up_to_fen\": 100, \"ratio_bp\": 0}, {\"up_to_fen\": null, \"ratio_bp\": 10000}],"
    " \"claim_documents\": [], \"redeem_modes\": [], \"payout\": \"quarterly\"}");

  g_assert_cmpint (iv_policy_estimate_subsidy (policy, 100, -1), ==, 0);
  g_assert_cmpint (iv_policy_estimate_subsidy (policy, 150, -1), ==, 50);
  g_assert_cmpint (iv_policy_estimate_subsidy_for_kind (policy, IV_ACCOUNT_KIND_TEAM, 150, -1), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/policy/api-example", test_api_example);
  g_test_add_func ("/policy/api-example-formatted", test_api_example_formatted);
  g_test_add_func ("/policy/three-tiers", test_three_tiers);
  g_test_add_func ("/policy/bounded-last-tier", test_bounded_last_tier);
  g_test_add_func ("/policy/caps", test_caps);
  g_test_add_func ("/policy/caps-are-policy-data", test_caps_are_policy_data);
  g_test_add_func ("/policy/zero-ratio", test_zero_ratio);

  return g_test_run ();
}
