/* vs-demo.h: the demo data set (--demo) and the timer that moves it along
 *
 * vs_demo_seed() fills an empty store deterministically: the catalog at the
 * seed's scale (380 institutions, 5,000 services) and two accounts, both
 * with the password Demo@2026:
 *  - enterprise 91310115MA1K3A2B3J 上海示范科技有限公司 (浦东新区): approved
 *    quota, an active ¥300,000.00 voucher with some balance reserved, a
 *    completed order ready to claim, a claim under review, a claim returned
 *    with a reviewer's note, an application in review;
 *  - team team-demo 示范创业团队: no quota yet.
 */
#pragma once

#include "vs-store.h"

G_BEGIN_DECLS

#define VS_DEMO_PASSWORD        "Demo@2026"
#define VS_DEMO_ENTERPRISE      "91310115MA1K3A2B3J"
#define VS_DEMO_TEAM            "team-demo"
#define VS_DEMO_SEED            2026
#define VS_DEMO_INSTITUTIONS    380
#define VS_DEMO_SERVICES        5000

/* Seeds once: a store that already has the demo enterprise is left alone
 * (so a restart keeps what the user did). */
gboolean vs_demo_seed        (VsStore  *store,
                              GError  **error);

/* Moves every object waiting for a reviewer or an institution one step
 * along its normal path; returns how many moved. */
guint    vs_demo_step        (VsStore  *store);

/* Calls vs_demo_step() every VS_DEMO_STEP_SECONDS seconds (default 15:
 * about a minute from submitted to decided), while the store lives. */
void     vs_demo_timer_start (VsStore  *store);

G_END_DECLS
