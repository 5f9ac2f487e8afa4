/* iv-timeline.h: the status history of an application, order or claim, step by step */
#pragma once

#include <gtk/gtk.h>

#include "iv-domain.h"

G_BEGIN_DECLS

typedef enum {
  IV_TIMELINE_APPLICATION,
  IV_TIMELINE_ORDER,
  IV_TIMELINE_CLAIM,
} IvTimelineKind;

#define IV_TYPE_TIMELINE (iv_timeline_get_type ())
G_DECLARE_FINAL_TYPE (IvTimeline, iv_timeline, IV, TIMELINE, GtkWidget)

GtkWidget *iv_timeline_new          (IvTimelineKind  kind);
/* history: a GListModel of IvHistoryStep, oldest first (NULL empties it) */
void       iv_timeline_set_history  (IvTimeline     *self,
                                     GListModel     *history);
guint      iv_timeline_get_n_steps  (IvTimeline     *self);
/* The sentence shown and spoken for step n, e.g.
 * "2026年11月28日 14:30，区级审核：退回修改。审核意见：发票金额与合同不符" */
char      *iv_timeline_dup_step_text (IvTimeline    *self,
                                      guint          n);

/* The same sentence for one step, without a widget */
char      *iv_timeline_describe_step (IvTimelineKind  kind,
                                      IvHistoryStep  *step);
/* The translated label of a status name of kind ("returned" → 退回修改) */
const char *iv_timeline_status_label (IvTimelineKind  kind,
                                      const char     *status);
/* "2026年11月28日 14:30" in local time; a copy of the text when unparsable */
char      *iv_format_date_time      (const char     *rfc3339);

G_END_DECLS
