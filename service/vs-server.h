/* vs-server.h: the HTTP front of the reference service (routing, auth, idempotency, ETags) */
#pragma once

#include <libsoup/soup.h>

#include "vs-store.h"

G_BEGIN_DECLS

#define VS_TYPE_SERVER (vs_server_get_type ())
G_DECLARE_FINAL_TYPE (VsServer, vs_server, VS, SERVER, GObject)

typedef struct {
  const char *admin_token;     /* NULL: no /admin at all */
  guint       access_ttl_s;    /* access token lifetime, default 900 */
  guint       rate_limit;      /* requests per second per token; 0: none */
  const char *tls_cert_file;   /* both or neither */
  const char *tls_key_file;
} VsServerOptions;

VsServer   *vs_server_new       (VsStore               *store,
                                 const VsServerOptions *options);

/* Listens on host:port (port 0: a free one); returns the base URL
 * "http://127.0.0.1:PORT" (no trailing slash) */
char       *vs_server_listen    (VsServer              *self,
                                 const char            *host,
                                 guint                  port,
                                 GError               **error);

G_END_DECLS
