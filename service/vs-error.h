/* vs-error.h: the reference service's one error domain, carrying the API error shape
 *
 * A VS_ERROR's code is the HTTP status to answer (400, 404, 409, …).  The
 * extended error also carries the api.md `code` ("voucher_insufficient"),
 * the JSON path of the offending field (or NULL) and, for 429/503, the
 * Retry-After seconds.  The message is the zh_CN text of the error body.
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define VS_ERROR (vs_error_quark ())

GQuark      vs_error_quark            (void);

/* Sets a VS_ERROR; field may be NULL. */
void        vs_error_set              (GError      **error,
                                       guint         http_status,
                                       const char   *api_code,
                                       const char   *field,
                                       const char   *message);
void        vs_error_set_retry        (GError      **error,
                                       guint         http_status,
                                       const char   *api_code,
                                       guint         retry_after_s,
                                       const char   *message);

/* vs_error_set, then FALSE or NULL: `return vs_error_fail (error, …);`.
 * Inline so that the compiler sees what the caller answers. */
static inline gboolean
vs_error_fail (GError     **error,
               guint        http_status,
               const char  *api_code,
               const char  *field,
               const char  *message)
{
  vs_error_set (error, http_status, api_code, field, message);
  return FALSE;
}

static inline gpointer
vs_error_fail_null (GError     **error,
                    guint        http_status,
                    const char  *api_code,
                    const char  *field,
                    const char  *message)
{
  vs_error_set (error, http_status, api_code, field, message);
  return NULL;
}

/* For errors of other domains these answer 500 / "internal_error" / NULL / 0. */
guint       vs_error_get_status       (const GError *error);
const char *vs_error_get_api_code     (const GError *error);
const char *vs_error_get_field        (const GError *error);
guint       vs_error_get_retry_after  (const GError *error);

/* Answers msg with the error body {"error": {"code", "message", "field"}},
 * and Retry-After when the error carries one. */
void        vs_error_respond          (SoupServerMessage *msg,
                                       const GError      *error);
/* The same, built in place */
void        vs_respond_error          (SoupServerMessage *msg,
                                       guint              http_status,
                                       const char        *api_code,
                                       const char        *field,
                                       const char        *message);

/* Answers msg with a JSON body (takes nothing; node may be NULL for 204) */
void        vs_respond_json           (SoupServerMessage *msg,
                                       guint              http_status,
                                       JsonNode          *node);

G_END_DECLS
