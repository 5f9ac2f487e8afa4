/* iv-backoff.c: full-jitter exponential backoff for outbox retries */

#include "config.h"

#include "iv-backoff.h"

struct _IvBackoff {
  GObject  parent_instance;
  guint    base_ms;
  guint    cap_ms;
  GRand   *rand;
};

G_DEFINE_FINAL_TYPE (IvBackoff, iv_backoff, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_MS,
  PROP_CAP_MS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
iv_backoff_finalize (GObject *object)
{
  IvBackoff *self = IV_BACKOFF (object);

  g_rand_free (self->rand);
  G_OBJECT_CLASS (iv_backoff_parent_class)->finalize (object);
}

static void
iv_backoff_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  IvBackoff *self = IV_BACKOFF (object);

  switch (prop_id)
    {
    case PROP_BASE_MS:
      g_value_set_uint (value, self->base_ms);
      break;
    case PROP_CAP_MS:
      g_value_set_uint (value, self->cap_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_backoff_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  IvBackoff *self = IV_BACKOFF (object);

  switch (prop_id)
    {
    case PROP_BASE_MS:
      iv_backoff_set_base_ms (self, g_value_get_uint (value));
      break;
    case PROP_CAP_MS:
      iv_backoff_set_cap_ms (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_backoff_class_init (IvBackoffClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = iv_backoff_finalize;
  object_class->get_property = iv_backoff_get_property;
  object_class->set_property = iv_backoff_set_property;

  properties[PROP_BASE_MS] =
    g_param_spec_uint ("base-ms", NULL, NULL, 1, G_MAXUINT, IV_BACKOFF_DEFAULT_BASE_MS,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CAP_MS] =
    g_param_spec_uint ("cap-ms", NULL, NULL, 1, G_MAXUINT, IV_BACKOFF_DEFAULT_CAP_MS,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
iv_backoff_init (IvBackoff *self)
{
  self->rand = g_rand_new ();
}

IvBackoff *
iv_backoff_new (guint base_ms,
                guint cap_ms)
{
  return g_object_new (IV_TYPE_BACKOFF,
                       "base-ms", MAX (base_ms, 1u),
                       "cap-ms", MAX (cap_ms, 1u),
                       NULL);
}

guint
iv_backoff_get_base_ms (IvBackoff *self)
{
  g_return_val_if_fail (IV_IS_BACKOFF (self), 0);
  return self->base_ms;
}

guint
iv_backoff_get_cap_ms (IvBackoff *self)
{
  g_return_val_if_fail (IV_IS_BACKOFF (self), 0);
  return self->cap_ms;
}

void
iv_backoff_set_base_ms (IvBackoff *self,
                        guint      base_ms)
{
  g_return_if_fail (IV_IS_BACKOFF (self));
  base_ms = MAX (base_ms, 1u);
  if (self->base_ms == base_ms)
    return;
  self->base_ms = base_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_MS]);
}

void
iv_backoff_set_cap_ms (IvBackoff *self,
                       guint      cap_ms)
{
  g_return_if_fail (IV_IS_BACKOFF (self));
  cap_ms = MAX (cap_ms, 1u);
  if (self->cap_ms == cap_ms)
    return;
  self->cap_ms = cap_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAP_MS]);
}

void
iv_backoff_set_seed (IvBackoff *self,
                     guint32    seed)
{
  g_return_if_fail (IV_IS_BACKOFF (self));
  g_rand_free (self->rand);
  self->rand = seed != 0 ? g_rand_new_with_seed (seed) : g_rand_new ();
}

gint64
iv_backoff_compute_ms (guint  base_ms,
                       guint  cap_ms,
                       guint  attempt,
                       gint   retry_after_s,
                       GRand *rand)
{
  gint64 ceiling = MAX (base_ms, 1u);
  gint64 delay;

  /* Double per failed attempt, stopping at the cap before it can overflow */
  for (guint i = 1; i < attempt && ceiling < (gint64) cap_ms; i++)
    ceiling *= 2;
  ceiling = MIN (ceiling, (gint64) MAX (cap_ms, 1u));

  delay = rand != NULL ? (gint64) g_rand_double_range (rand, 0, (double) ceiling + 1)
                       : g_random_int_range (0, (gint32) MIN (ceiling + 1, G_MAXINT32));
  delay = CLAMP (delay, 0, ceiling);

  /* Retry-After is the server's floor: sooner would only be refused again */
  if (retry_after_s > 0)
    delay = MAX (delay, (gint64) retry_after_s * 1000);
  return delay;
}

gint64
iv_backoff_delay_ms (IvBackoff *self,
                     guint      attempt,
                     gint       retry_after_s)
{
  g_return_val_if_fail (IV_IS_BACKOFF (self), 0);
  return iv_backoff_compute_ms (self->base_ms, self->cap_ms, attempt, retry_after_s, self->rand);
}
