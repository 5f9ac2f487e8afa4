/* vs-faults.h: fault injection for tests (admin API only)
 *
 * The request dispatcher asks the faults object before and after handling
 * every non-admin request.  A fault armed through the admin API applies to
 * the next N requests, optionally only under a path prefix.
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define VS_TYPE_FAULTS (vs_faults_get_type ())
G_DECLARE_FINAL_TYPE (VsFaults, vs_faults, VS, FAULTS, GObject)

typedef enum {
  VS_FAULT_PROCEED,    /* handle the request normally now */
  VS_FAULT_ANSWERED,   /* the fault answered (status set, or connection dropped): do nothing more */
  VS_FAULT_DEFERRED,   /* the message is paused; proceed() will be called later (a delay) */
} VsFaultAction;

/* Handles the request, then calls vs_faults_after(). */
typedef void (*VsFaultsProceed) (SoupServerMessage *msg,
                                 gpointer           user_data);

VsFaults      *vs_faults_new     (void);

VsFaultAction  vs_faults_before  (VsFaults          *self,
                                  SoupServerMessage *msg,
                                  const char        *path,
                                  VsFaultsProceed    proceed,
                                  gpointer           user_data);

/* After the handler set the response: may drop the connection, truncate
 * or corrupt the body. */
void           vs_faults_after   (VsFaults          *self,
                                  SoupServerMessage *msg,
                                  const char        *path);

/* The admin API: arm a fault from a JSON object (see docs/api.md) */
gboolean       vs_faults_arm     (VsFaults          *self,
                                  JsonObject        *spec,
                                  GError           **error);
void           vs_faults_clear   (VsFaults          *self);
/* Added for GET /admin/v1/faults: {"items": [{"kind", "remaining", "hits",
 * "path_prefix"}]}, so a test can see what is still armed. */
JsonNode      *vs_faults_list    (VsFaults          *self);

G_END_DECLS
