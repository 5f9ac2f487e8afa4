/* iv-text-warmup.h: the first frame's text laid out ahead, on a worker thread */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _IvTextWarmup IvTextWarmup;

IvTextWarmup *iv_text_warmup_start  (const char   *record_path);
void          iv_text_warmup_finish (IvTextWarmup *warmup);
void          iv_text_warmup_record (GtkWidget    *root,
                                     const char   *record_path);

G_END_DECLS
