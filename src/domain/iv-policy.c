/* iv-policy.c: the programme's rules as served by GET /v1/policy */
#include "config.h"

#include "iv-policy.h"

#include "iv-json-reader.h"
#include "iv-money.h"
#include "iv-status.h"

/* More tiers than any programme has had; keeps a hostile policy small */
#define MAX_TIERS 16

struct _IvPolicy
{
  GObject  parent_instance;

  char    *version;
  gint     year;
  gint64   cap_enterprise_fen;
  gint64   cap_team_fen;
  GArray  *tiers;              /* of IvPolicyTier */
  GStrv    claim_documents;
  GStrv    redeem_modes;
  char    *payout;
};

G_DEFINE_FINAL_TYPE (IvPolicy, iv_policy, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_VERSION,
  PROP_YEAR,
  PROP_CAP_ENTERPRISE_FEN,
  PROP_CAP_TEAM_FEN,
  PROP_CLAIM_DOCUMENTS,
  PROP_REDEEM_MODES,
  PROP_PAYOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* floor(part × ratio_bp / 10000) without overflow: with part = q × 10000 + r,
 * it is q × ratio_bp + floor(r × ratio_bp / 10000), and ratio_bp ≤ 10000
 * keeps both terms within part. */
static gint64
tier_subsidy (gint64 part,
              gint   ratio_bp)
{
  gint64 q = part / 10000;
  gint64 r = part % 10000;

  return q * ratio_bp + (r * ratio_bp) / 10000;
}

static gboolean
decode_tiers (IvPolicy      *self,
              IvJsonReader  *reader,
              GError       **error)
{
  JsonNode *node = json_object_get_member (iv_json_reader_get_object (reader), "tiers");
  g_autofree char *tiers_path = iv_json_reader_dup_member_path (reader, "tiers");
  JsonArray *array;
  gint64 previous = 0;
  guint n;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      iv_decode_error_set (error, IV_DECODE_ERROR_MISSING, tiers_path, "missing");
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      iv_decode_error_set (error, IV_DECODE_ERROR_TYPE, tiers_path, "expected an array");
      return FALSE;
    }
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n == 0)
    {
      iv_decode_error_set (error, IV_DECODE_ERROR_INVALID, tiers_path, "no tiers");
      return FALSE;
    }
  if (n > MAX_TIERS)
    {
      iv_decode_error_set (error, IV_DECODE_ERROR_TOO_LONG, tiers_path, "more than 16 tiers");
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s[%u]", tiers_path, i);
      g_autoptr(IvJsonReader) tier_reader = NULL;
      IvPolicyTier tier = { -1, 0 };
      gint64 ratio = 0;
      gboolean bounded = FALSE;

      tier_reader = iv_json_reader_new (json_array_get_element (array, i), path, error);
      if (tier_reader == NULL)
        return FALSE;
      /* "up_to_fen": null is the unbounded last tier, so it must be there */
      if (!json_object_has_member (iv_json_reader_get_object (tier_reader), "up_to_fen"))
        {
          g_autofree char *member = g_strconcat (path, ".up_to_fen", NULL);

          iv_decode_error_set (error, IV_DECODE_ERROR_MISSING, member, "missing");
          return FALSE;
        }
      if (!iv_json_reader_read_int (tier_reader, "up_to_fen", IV_JSON_NULLABLE, 1, IV_MONEY_MAX_FEN,
                                    &tier.up_to_fen, &bounded, error))
        return FALSE;
      if (!iv_json_reader_read_int (tier_reader, "ratio_bp", IV_JSON_REQUIRED, 0, 10000, &ratio, NULL, error))
        return FALSE;
      tier.ratio_bp = (gint) ratio;

      if (!bounded && i + 1 < n)
        {
          g_autofree char *member = g_strconcat (path, ".up_to_fen", NULL);

          iv_decode_error_set (error, IV_DECODE_ERROR_INVALID, member, "only the last tier may be unbounded");
          return FALSE;
        }
      if (bounded && tier.up_to_fen <= previous)
        {
          g_autofree char *member = g_strconcat (path, ".up_to_fen", NULL);

          iv_decode_error_set (error, IV_DECODE_ERROR_INVALID, member, "tiers must rise");
          return FALSE;
        }
      previous = tier.up_to_fen;
      g_array_append_val (self->tiers, tier);
    }
  return TRUE;
}

static void
iv_policy_finalize (GObject *object)
{
  IvPolicy *self = IV_POLICY (object);

  g_free (self->version);
  g_clear_pointer (&self->tiers, g_array_unref);
  g_strfreev (self->claim_documents);
  g_strfreev (self->redeem_modes);
  g_free (self->payout);

  G_OBJECT_CLASS (iv_policy_parent_class)->finalize (object);
}

static void
iv_policy_constructed (GObject *object)
{
  IvPolicy *self = IV_POLICY (object);

  G_OBJECT_CLASS (iv_policy_parent_class)->constructed (object);

  if (self->claim_documents == NULL)
    self->claim_documents = g_new0 (char *, 1);
  if (self->redeem_modes == NULL)
    self->redeem_modes = g_new0 (char *, 1);
}

static void
iv_policy_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  IvPolicy *self = IV_POLICY (object);

  switch (prop_id)
    {
    case PROP_VERSION:
      g_value_set_string (value, self->version);
      break;

    case PROP_YEAR:
      g_value_set_int (value, self->year);
      break;

    case PROP_CAP_ENTERPRISE_FEN:
      g_value_set_int64 (value, self->cap_enterprise_fen);
      break;

    case PROP_CAP_TEAM_FEN:
      g_value_set_int64 (value, self->cap_team_fen);
      break;

    case PROP_CLAIM_DOCUMENTS:
      g_value_set_boxed (value, self->claim_documents);
      break;

    case PROP_REDEEM_MODES:
      g_value_set_boxed (value, self->redeem_modes);
      break;

    case PROP_PAYOUT:
      g_value_set_string (value, self->payout);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_policy_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  IvPolicy *self = IV_POLICY (object);

  switch (prop_id)
    {
    case PROP_VERSION:
      g_free (self->version);
      self->version = g_value_dup_string (value);
      break;

    case PROP_YEAR:
      self->year = g_value_get_int (value);
      break;

    case PROP_CAP_ENTERPRISE_FEN:
      self->cap_enterprise_fen = g_value_get_int64 (value);
      break;

    case PROP_CAP_TEAM_FEN:
      self->cap_team_fen = g_value_get_int64 (value);
      break;

    case PROP_CLAIM_DOCUMENTS:
      g_strfreev (self->claim_documents);
      self->claim_documents = g_value_dup_boxed (value);
      break;

    case PROP_REDEEM_MODES:
      g_strfreev (self->redeem_modes);
      self->redeem_modes = g_value_dup_boxed (value);
      break;

    case PROP_PAYOUT:
      g_free (self->payout);
      self->payout = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_policy_class_init (IvPolicyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = iv_policy_finalize;
  object_class->constructed = iv_policy_constructed;
  object_class->get_property = iv_policy_get_property;
  object_class->set_property = iv_policy_set_property;

  properties[PROP_VERSION] =
    g_param_spec_string ("version", NULL, NULL, NULL, flags);
  properties[PROP_YEAR] =
    g_param_spec_int ("year", NULL, NULL, 1970, 9999, 1970, flags);
  properties[PROP_CAP_ENTERPRISE_FEN] =
    g_param_spec_int64 ("cap-enterprise-fen", NULL, NULL, 0, IV_MONEY_MAX_FEN, 0, flags);
  properties[PROP_CAP_TEAM_FEN] =
    g_param_spec_int64 ("cap-team-fen", NULL, NULL, 0, IV_MONEY_MAX_FEN, 0, flags);
  properties[PROP_CLAIM_DOCUMENTS] =
    g_param_spec_boxed ("claim-documents", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_REDEEM_MODES] =
    g_param_spec_boxed ("redeem-modes", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_PAYOUT] =
    g_param_spec_string ("payout", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
iv_policy_init (IvPolicy *self)
{
  self->year = 1970;
  self->tiers = g_array_new (FALSE, FALSE, sizeof (IvPolicyTier));
}

IvPolicy *
iv_policy_new_from_json_at (JsonNode    *node,
                            const char  *path,
                            GError     **error)
{
  g_autoptr(IvPolicy) self = NULL;
  g_autoptr(IvJsonReader) reader = NULL;
  g_autoptr(IvJsonReader) caps = NULL;
  gint64 year = 0;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = iv_json_reader_new (node, path, error);
  if (reader == NULL)
    return NULL;
  self = g_object_new (IV_TYPE_POLICY, NULL);

  if (!iv_json_reader_read_string (reader, "version", IV_JSON_REQUIRED, 32, &self->version, error))
    return NULL;
  if (!iv_json_reader_read_int (reader, "year", IV_JSON_REQUIRED, 1970, 9999, &year, NULL, error))
    return NULL;
  self->year = (gint) year;

  caps = iv_json_reader_read_object (reader, "caps_fen", IV_JSON_REQUIRED, error);
  if (caps == NULL)
    return NULL;
  if (!iv_json_reader_read_int (caps, "enterprise", IV_JSON_REQUIRED, 0, IV_MONEY_MAX_FEN,
                                &self->cap_enterprise_fen, NULL, error))
    return NULL;
  if (!iv_json_reader_read_int (caps, "team", IV_JSON_REQUIRED, 0, IV_MONEY_MAX_FEN,
                                &self->cap_team_fen, NULL, error))
    return NULL;

  if (!decode_tiers (self, reader, error))
    return NULL;

  if (!iv_json_reader_read_strv (reader, "claim_documents", IV_JSON_REQUIRED, 16, 32,
                                 &self->claim_documents, error))
    return NULL;
  for (guint i = 0; self->claim_documents[i] != NULL; i++)
    if (!iv_document_kind_from_string (self->claim_documents[i], NULL))
      {
        g_autofree char *documents_path = iv_json_reader_dup_member_path (reader, "claim_documents");
        g_autofree char *member = g_strdup_printf ("%s[%u]", documents_path, i);

        iv_decode_error_set (error, IV_DECODE_ERROR_RANGE, member, "unknown document kind");
        return NULL;
      }
  if (!iv_json_reader_read_strv (reader, "redeem_modes", IV_JSON_REQUIRED, 8, 32,
                                 &self->redeem_modes, error))
    return NULL;
  if (!iv_json_reader_read_string (reader, "payout", IV_JSON_REQUIRED, 32, &self->payout, error))
    return NULL;

  return g_steal_pointer (&self);
}

IvPolicy *
iv_policy_new_from_json (JsonNode  *node,
                         GError   **error)
{
  return iv_policy_new_from_json_at (node, "policy", error);
}

JsonNode *
iv_policy_to_json (IvPolicy *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (IV_IS_POLICY (self), NULL);

  json_builder_begin_object (builder);
  iv_json_builder_add_string_member (builder, "version", self->version);
  iv_json_builder_add_int_member (builder, "year", self->year);
  json_builder_set_member_name (builder, "caps_fen");
  json_builder_begin_object (builder);
  iv_json_builder_add_int_member (builder, "enterprise", self->cap_enterprise_fen);
  iv_json_builder_add_int_member (builder, "team", self->cap_team_fen);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "tiers");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->tiers->len; i++)
    {
      const IvPolicyTier *tier = &g_array_index (self->tiers, IvPolicyTier, i);

      json_builder_begin_object (builder);
      iv_json_builder_add_nullable_int_member (builder, "up_to_fen", tier->up_to_fen);
      iv_json_builder_add_int_member (builder, "ratio_bp", tier->ratio_bp);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  iv_json_builder_add_strv_member (builder, "claim_documents", (const char * const *) self->claim_documents);
  iv_json_builder_add_strv_member (builder, "redeem_modes", (const char * const *) self->redeem_modes);
  iv_json_builder_add_string_member (builder, "payout", self->payout);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

const char *
iv_policy_get_version (IvPolicy *self)
{
  g_return_val_if_fail (IV_IS_POLICY (self), NULL);

  return self->version;
}

gint
iv_policy_get_year (IvPolicy *self)
{
  g_return_val_if_fail (IV_IS_POLICY (self), 0);

  return self->year;
}

gint64
iv_policy_get_cap_fen (IvPolicy      *self,
                       IvAccountKind  kind)
{
  g_return_val_if_fail (IV_IS_POLICY (self), 0);

  switch (kind)
    {
    case IV_ACCOUNT_KIND_ENTERPRISE:
      return self->cap_enterprise_fen;
    case IV_ACCOUNT_KIND_TEAM:
      return self->cap_team_fen;
    default:
      g_return_val_if_reached (0);
    }
}

guint
iv_policy_get_n_tiers (IvPolicy *self)
{
  g_return_val_if_fail (IV_IS_POLICY (self), 0);

  return self->tiers->len;
}

const IvPolicyTier *
iv_policy_get_tier (IvPolicy *self,
                    guint     index)
{
  g_return_val_if_fail (IV_IS_POLICY (self), NULL);
  g_return_val_if_fail (index < self->tiers->len, NULL);

  return &g_array_index (self->tiers, IvPolicyTier, index);
}

const char * const *
iv_policy_get_claim_documents (IvPolicy *self)
{
  g_return_val_if_fail (IV_IS_POLICY (self), NULL);

  return (const char * const *) self->claim_documents;
}

const char * const *
iv_policy_get_redeem_modes (IvPolicy *self)
{
  g_return_val_if_fail (IV_IS_POLICY (self), NULL);

  return (const char * const *) self->redeem_modes;
}

const char *
iv_policy_get_payout (IvPolicy *self)
{
  g_return_val_if_fail (IV_IS_POLICY (self), NULL);

  return self->payout;
}

gint64
iv_policy_estimate_subsidy (IvPolicy *self,
                            gint64    contract_fen,
                            gint64    reserved_fen)
{
  gint64 lower = 0;
  gint64 total = 0;

  g_return_val_if_fail (IV_IS_POLICY (self), 0);
  g_return_val_if_fail (contract_fen >= 0, 0);

  for (guint i = 0; i < self->tiers->len && lower < contract_fen; i++)
    {
      const IvPolicyTier *tier = &g_array_index (self->tiers, IvPolicyTier, i);
      gint64 upper = tier->up_to_fen < 0 ? contract_fen : MIN (tier->up_to_fen, contract_fen);

      if (upper <= lower)
        continue;
      /* total never exceeds contract_fen, as no ratio exceeds 100% */
      total += tier_subsidy (upper - lower, tier->ratio_bp);
      lower = upper;
    }

  if (reserved_fen >= 0)
    total = MIN (total, reserved_fen);
  return total;
}

gint64
iv_policy_estimate_subsidy_for_kind (IvPolicy      *self,
                                     IvAccountKind  kind,
                                     gint64         contract_fen,
                                     gint64         reserved_fen)
{
  gint64 subsidy;

  g_return_val_if_fail (IV_IS_POLICY (self), 0);

  subsidy = iv_policy_estimate_subsidy (self, contract_fen, reserved_fen);
  return MIN (subsidy, iv_policy_get_cap_fen (self, kind));
}
