/* iv-api-response.h: what one successful API call answered: object, JSON, ETag, 304 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define IV_TYPE_API_RESPONSE (iv_api_response_get_type ())
G_DECLARE_FINAL_TYPE (IvApiResponse, iv_api_response, IV, API_RESPONSE, GObject)

/* For the client itself; object and json may be NULL (304, 204) */
IvApiResponse *iv_api_response_new              (guint          status,
                                                 const char    *etag,
                                                 GObject       *object,
                                                 JsonNode      *json);

/* 200, 201, 204 or 304 */
guint          iv_api_response_get_status       (IvApiResponse *self);
/* TRUE for 304: the caller's copy (the ETag it passed) is still current */
gboolean       iv_api_response_is_not_modified  (IvApiResponse *self);
/* The ETag to keep for the next conditional GET; NULL when none was sent */
const char    *iv_api_response_get_etag         (IvApiResponse *self);
/* The decoded domain object (IvClaim, IvListPage, …); NULL for 304 and 204 */
gpointer       iv_api_response_get_object       (IvApiResponse *self);
/* The body as parsed (already checked by the decoder), to cache verbatim */
JsonNode      *iv_api_response_get_json         (IvApiResponse *self);

G_END_DECLS
