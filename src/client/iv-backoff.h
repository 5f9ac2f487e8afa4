/* iv-backoff.h: full-jitter exponential backoff for outbox retries */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Defaults of the outbox replay: 1 s, doubling, at most 5 min */
#define IV_BACKOFF_DEFAULT_BASE_MS 1000
#define IV_BACKOFF_DEFAULT_CAP_MS  (5 * 60 * 1000)

#define IV_TYPE_BACKOFF (iv_backoff_get_type ())
G_DECLARE_FINAL_TYPE (IvBackoff, iv_backoff, IV, BACKOFF, GObject)

IvBackoff *iv_backoff_new          (guint      base_ms,
                                    guint      cap_ms);

guint      iv_backoff_get_base_ms  (IvBackoff *self);
guint      iv_backoff_get_cap_ms   (IvBackoff *self);
void       iv_backoff_set_base_ms  (IvBackoff *self,
                                    guint      base_ms);
void       iv_backoff_set_cap_ms   (IvBackoff *self,
                                    guint      cap_ms);
/* Fixes the random source (tests); 0 goes back to an unseeded one */
void       iv_backoff_set_seed     (IvBackoff *self,
                                    guint32    seed);

/* The wait before attempt number attempt + 1 (attempt ≥ 1 failed ones),
 * in milliseconds: uniform in [0, min(cap, base × 2^(attempt-1))] ("full
 * jitter"), and never less than retry_after_s seconds when the server said
 * so (retry_after_s ≤ 0: it did not). */
gint64     iv_backoff_delay_ms     (IvBackoff *self,
                                    guint      attempt,
                                    gint       retry_after_s);

/* The same without an object */
gint64     iv_backoff_compute_ms   (guint      base_ms,
                                    guint      cap_ms,
                                    guint      attempt,
                                    gint       retry_after_s,
                                    GRand     *rand);

G_END_DECLS
