/* iv-policy.h: the programme's rules as served by GET /v1/policy
 *
 * Every number (caps, tiers, ratios) is policy data, never a constant.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "iv-types.h"

G_BEGIN_DECLS

#define IV_TYPE_POLICY (iv_policy_get_type ())
G_DECLARE_FINAL_TYPE (IvPolicy, iv_policy, IV, POLICY, GObject)

typedef struct {
  gint64 up_to_fen;   /* -1: no upper bound (the last tier) */
  gint   ratio_bp;    /* basis points, 8000 = 80% */
} IvPolicyTier;

IvPolicy           *iv_policy_new_from_json        (JsonNode      *node,
                                                    GError       **error);
IvPolicy           *iv_policy_new_from_json_at     (JsonNode      *node,
                                                    const char    *path,
                                                    GError       **error);
JsonNode           *iv_policy_to_json              (IvPolicy      *self);

const char         *iv_policy_get_version          (IvPolicy      *self);
gint                iv_policy_get_year             (IvPolicy      *self);
gint64              iv_policy_get_cap_fen          (IvPolicy      *self,
                                                    IvAccountKind  kind);
guint               iv_policy_get_n_tiers          (IvPolicy      *self);
const IvPolicyTier *iv_policy_get_tier             (IvPolicy      *self,
                                                    guint          index);
/* NULL-terminated, e.g. {"contract", "invoice", "payment_proof", "service_report"} */
const char * const *iv_policy_get_claim_documents  (IvPolicy      *self);
const char * const *iv_policy_get_redeem_modes     (IvPolicy      *self);
const char         *iv_policy_get_payout           (IvPolicy      *self);

/* The subsidy rule of api.md: split contract_fen into the tiers in order,
 * floor(part × ratio_bp / 10000) per part, summed; then capped by
 * reserved_fen (the order's reserved voucher amount).  reserved_fen < 0
 * means "no cap known yet" (an estimate before the order is confirmed). */
gint64              iv_policy_estimate_subsidy     (IvPolicy      *self,
                                                    gint64         contract_fen,
                                                    gint64         reserved_fen);
/* The same, also within the year cap of the account kind (caps_fen), for
 * an estimate shown before any voucher amount is reserved. */
gint64              iv_policy_estimate_subsidy_for_kind (IvPolicy      *self,
                                                    IvAccountKind  kind,
                                                    gint64         contract_fen,
                                                    gint64         reserved_fen);

G_END_DECLS
