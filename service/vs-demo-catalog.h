/* vs-demo-catalog.h: a deterministic generator of realistic catalog data
 *
 * Institutions and services with Chinese names built from realistic parts
 * (Shanghai's 16 districts, 检测中心, 研究院 …; titles per category).  The
 * same seed always gives the same catalog, so demos and tests can rely on
 * it.  Items are handed to callbacks one by one, so 100,000 services need
 * no more memory than one.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  const char         *id;                /* "inst-000001" */
  const char         *name;              /* 上海浦东新区材料分析测试中心 */
  const char         *credit_code;       /* a valid 统一社会信用代码 */
  const char         *district;          /* 浦东新区 */
  const char         *address;
  const char         *phone;             /* a valid landline, 021-XXXXXXXX */
  const char * const *accreditations;    /* NULL-terminated: "CMA", "CNAS" */
  gboolean            accepts_vouchers;
} VsSeedInstitution;

typedef struct {
  const char *id;                        /* "svc-0000001" */
  const char *institution_id;
  const char *category;                  /* testing, joint_rnd, … */
  const char *title;                     /* 材料成分分析 */
  const char *description;
  gint64      price_fen;                 /* -1: no price, see price_note */
  const char *price_note;                /* "面议" when price_fen is -1, else NULL or a note */
  const char *unit;                      /* 样品, 机时, 项 … */
} VsSeedService;

typedef void (*VsSeedInstitutionFunc) (const VsSeedInstitution *institution,
                                       gpointer                 user_data);
typedef void (*VsSeedServiceFunc)     (const VsSeedService     *service,
                                       gpointer                 user_data);

/* Calls institution_func n_institutions times, then service_func n_services
 * times; every service belongs to one of the institutions.  The pointers
 * handed over are valid only during the call. */
void vs_demo_catalog_generate (guint                 n_institutions,
                               guint                 n_services,
                               guint32               seed,
                               VsSeedInstitutionFunc institution_func,
                               VsSeedServiceFunc     service_func,
                               gpointer              user_data);

G_END_DECLS
