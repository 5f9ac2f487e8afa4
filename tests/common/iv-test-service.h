/* iv-test-service.h: start the real reference service on loopback for a test
 *
 * The service binary comes from $IV_TEST_SERVICE (set by tests/meson.build).
 * Each service gets a fresh data folder (removed by iv_test_service_free),
 * listens on 127.0.0.1 on a free port and has the admin token
 * IV_TEST_ADMIN_TOKEN.  Requests here are synchronous, for test code only.
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define IV_TEST_ADMIN_TOKEN "test-admin-token"

typedef struct _IvTestService IvTestService;

typedef struct {
  guint               status;
  SoupMessageHeaders *headers;   /* response headers */
  GBytes             *body;
  JsonNode           *json;      /* NULL when the body is not JSON */
} IvTestResponse;

/* extra_args: more command-line arguments (NULL-terminated) or NULL */
IvTestService  *iv_test_service_start         (const char * const *extra_args,
                                               GError            **error);
/* "http://127.0.0.1:PORT" without the trailing slash */
const char     *iv_test_service_get_url       (IvTestService      *svc);
const char     *iv_test_service_get_data_dir  (IvTestService      *svc);
/* SIGTERM and wait; TRUE when it exited cleanly with status 0 */
gboolean        iv_test_service_stop          (IvTestService      *svc);
/* SIGKILL and wait */
void            iv_test_service_kill          (IvTestService      *svc);
/* Stops it if running and starts it again on the same data folder (the
 * port may change) */
gboolean        iv_test_service_restart       (IvTestService      *svc,
                                               GError            **error);
/* Sets (value NULL: unsets) an environment variable of the service from
 * its next (re)start on, e.g. VS_CLOCK_OFFSET_DAYS */
void            iv_test_service_setenv        (IvTestService      *svc,
                                               const char         *name,
                                               const char         *value);
/* Stops it if running and removes its data folder */
void            iv_test_service_free          (IvTestService      *svc);

/* Any request.  headers: NULL-terminated name, value pairs, or NULL.
 * Never NULL: a transport failure is status 0. */
IvTestResponse *iv_test_service_send          (IvTestService      *svc,
                                               const char         *method,
                                               const char         *path,
                                               const char         *token,
                                               const char * const *headers,
                                               const char         *content_type,
                                               GBytes             *body);
void            iv_test_response_free         (IvTestResponse     *response);
/* The error code of an api.md error body, or NULL */
const char     *iv_test_response_error_code   (IvTestResponse     *response);
const char     *iv_test_response_error_field  (IvTestResponse     *response);
/* A string/int member of the JSON object answered */
const char     *iv_test_response_get_string   (IvTestResponse     *response,
                                               const char         *member);
gint64          iv_test_response_get_int      (IvTestResponse     *response,
                                               const char         *member);

/* JSON request: json_body may be NULL (no body).  Returns the status (0 on
 * transport failure); out_json receives the parsed answer or NULL. */
guint           iv_test_service_request       (IvTestService      *svc,
                                               const char         *method,
                                               const char         *path,
                                               const char         *token,
                                               const char         *json_body,
                                               JsonNode          **out_json);
/* The same with the admin token, for /admin/v1/... */
guint           iv_test_service_admin         (IvTestService      *svc,
                                               const char         *method,
                                               const char         *path,
                                               const char         *json_body,
                                               JsonNode          **out_json);
/* Signs in; returns the access token or NULL */
char           *iv_test_service_sign_in       (IvTestService      *svc,
                                               const char         *account,
                                               const char         *password);
/* A fresh random idempotency key */
char           *iv_test_idempotency_key       (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IvTestResponse, iv_test_response_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IvTestService, iv_test_service_free)

G_END_DECLS
