/* vs-store.h: the reference service's storage and business rules (SQLite)
 *
 * Internal API shared by the HTTP endpoints (vs-server.c), the admin API
 * (vs-admin.c) and the demo data (vs-demo.c).  Everything runs on the main
 * thread; the store is not thread-safe.
 *
 * Conventions:
 *  - Errors are VS_ERROR (vs-error.h): the code is the HTTP status to answer,
 *    vs_error_get_api_code() the api.md code (e.g. 404 "not_found",
 *    409 "invalid_state" for a transition not allowed from the current status).
 *  - Objects come back as JsonNode in exactly the api.md shape (free with
 *    json_node_unref); the object's id is json_object_get_string_member (…, "id").
 *  - account_id is the internal id ("acc-…") of the signed-in account; every
 *    call that takes one only sees that account's objects (another account's
 *    object answers 404 not_found).
 *  - Every status change appends a history step and an event (per account,
 *    increasing seq) and emits the "event-added" signal.
 *  - Actors are the api.md strings: "district", "city", "applicant",
 *    "institution", "system".
 */
#pragma once

#include <json-glib/json-glib.h>

#include "iv-policy.h"
#include "vs-demo-catalog.h"
#include "vs-error.h"

G_BEGIN_DECLS

#define VS_TYPE_STORE (vs_store_get_type ())
G_DECLARE_FINAL_TYPE (VsStore, vs_store, VS, STORE, GObject)

/* ---- opening ---------------------------------------------------------- */

/* Opens (creating and migrating) DIR/vouchers.db.  WAL, synchronous=FULL,
 * foreign_keys=ON. */
VsStore    *vs_store_open                 (const char   *data_dir,
                                           GError      **error);

/* Signal "event-added" (const char *account_id, gint64 seq): wakes long polls. */

/* The policy served by GET /v1/policy (year 2026, caps 300,000/100,000 yuan) */
IvPolicy   *vs_store_get_policy           (VsStore      *self);
JsonNode   *vs_store_get_policy_json      (VsStore      *self);

/* "YYYY-MM-DDTHH:MM:SS+08:00" for now (the service's clock, Asia/Shanghai) */
char       *vs_store_now_string           (void);

/* ---- accounts and sessions -------------------------------------------- */

typedef struct {
  const char *login;          /* credit code (enterprise) or "team-…" (team) */
  const char *kind;           /* "enterprise" | "team" */
  const char *name;
  const char *district;       /* 浦东新区 */
  const char *contact_name;
  const char *contact_phone;
  const char *password;
} VsAccountSpec;

/* Validates the login (credit code checksum / team account), hashes the
 * password (Argon2id).  Returns the new account's id; 409 account_exists. */
char       *vs_store_create_account       (VsStore             *self,
                                           const VsAccountSpec *spec,
                                           GError             **error);
/* The id of the account with this login, or NULL */
char       *vs_store_find_account         (VsStore      *self,
                                           const char   *login);
JsonNode   *vs_store_get_account          (VsStore      *self,
                                           const char   *account_id,
                                           GError      **error);

/* Sign-in: 401 invalid_credentials; 429 too_many_attempts (Retry-After)
 * after 5 failures for the login in 15 minutes.  On success the tokens are
 * new 256-bit random strings; only their SHA-256 is stored. */
gboolean    vs_store_sign_in              (VsStore      *self,
                                           const char   *login,
                                           const char   *password,
                                           guint         access_ttl_s,
                                           char        **out_access,
                                           char        **out_refresh,
                                           char        **out_account_id,
                                           GError      **error);
/* Rotates both tokens; 401 refresh_token_invalid */
gboolean    vs_store_refresh              (VsStore      *self,
                                           const char   *refresh_token,
                                           guint         access_ttl_s,
                                           char        **out_access,
                                           char        **out_refresh,
                                           char        **out_account_id,
                                           GError      **error);
/* 401 unauthorized (unknown/revoked) or 401 token_expired */
char       *vs_store_authenticate         (VsStore      *self,
                                           const char   *access_token,
                                           GError      **error);
/* Revokes the session of this access token (both tokens) */
void        vs_store_sign_out             (VsStore      *self,
                                           const char   *access_token);

/* ---- idempotency -------------------------------------------------------- */

/* Groups calls into one transaction (transactions nest; the outermost
 * commits, or rolls back when ok is FALSE).  Returns whether it committed. */
void        vs_store_begin                (VsStore      *self);
gboolean    vs_store_end                  (VsStore      *self,
                                           gboolean      ok);

/* TRUE and the stored answer when (account, key) was seen with the same
 * body hash; FALSE without error when unseen; 409 idempotency_key_reused
 * when seen with another body.  Keys are kept 7 days. */
gboolean    vs_store_idempotency_lookup   (VsStore      *self,
                                           const char   *account_id,
                                           const char   *key,
                                           const char   *body_sha256,
                                           guint        *out_status,
                                           GBytes      **out_body,
                                           GError      **error);
void        vs_store_idempotency_save     (VsStore      *self,
                                           const char   *account_id,
                                           const char   *key,
                                           const char   *body_sha256,
                                           const char   *method_path,
                                           guint         status,
                                           GBytes       *body);
/* How many idempotent writes were applied for this account, optionally only
 * those whose "METHOD /path" starts with prefix (for "sent exactly once"). */
gint64      vs_store_count_applied        (VsStore      *self,
                                           const char   *account_id,
                                           const char   *prefix);

/* ---- catalog ------------------------------------------------------------ */

typedef enum {
  VS_CATALOG_INSTITUTIONS,
  VS_CATALOG_SERVICES,
} VsCatalogKind;

JsonNode   *vs_store_list_categories      (VsStore      *self);
gint64      vs_store_get_catalog_revision (VsStore      *self);

/* The list shape {"items", "next_cursor", "revision"}.  since < 0: all live
 * items; else changes after since, with tombstones {"id","deleted":true}.
 * cursor NULL for the first page; 400 invalid_parameter for a bad cursor
 * or a limit outside 1–500. */
JsonNode   *vs_store_list_catalog         (VsStore       *self,
                                           VsCatalogKind  kind,
                                           gint64         since,
                                           const char    *cursor,
                                           guint          limit,
                                           GError       **error);

/* Add or change one entry from an api.md-shaped object (institution or
 * service; "id" optional on add: one is made).  Bumps the revision.
 * Returns the stored object.  400 missing_field / invalid_parameter;
 * a service's institution_id must exist (400 invalid_parameter). */
JsonNode   *vs_store_catalog_put          (VsStore       *self,
                                           VsCatalogKind  kind,
                                           JsonObject    *object,
                                           GError       **error);
/* Deletes (leaves a tombstone), bumps the revision; 404 not_found */
gboolean    vs_store_catalog_delete       (VsStore       *self,
                                           VsCatalogKind  kind,
                                           const char    *id,
                                           GError       **error);

/* Bulk loading in one transaction and one revision (for --demo and
 * --seed-services): begin, add any number, end. */
gboolean    vs_store_bulk_begin           (VsStore                 *self,
                                           GError                 **error);
void        vs_store_bulk_add_institution (VsStore                 *self,
                                           const VsSeedInstitution *institution);
void        vs_store_bulk_add_service     (VsStore                 *self,
                                           const VsSeedService     *service);
gboolean    vs_store_bulk_end             (VsStore                 *self,
                                           GError                 **error);
gint64      vs_store_count_services       (VsStore                 *self);

/* ---- the account's objects --------------------------------------------- */

typedef enum {
  VS_KIND_APPLICATION,
  VS_KIND_VOUCHER,
  VS_KIND_ORDER,
  VS_KIND_CLAIM,
} VsObjectKind;

/* The list shape {"items", "next_cursor"}, newest first */
JsonNode   *vs_store_list                 (VsStore      *self,
                                           const char   *account_id,
                                           VsObjectKind  kind,
                                           const char   *cursor,
                                           guint         limit,
                                           GError      **error);
/* 404 not_found when absent or another account's */
JsonNode   *vs_store_get                  (VsStore      *self,
                                           const char   *account_id,
                                           VsObjectKind  kind,
                                           const char   *id,
                                           GError      **error);
/* The owner of any object, or NULL (for the admin API) */
char       *vs_store_get_owner            (VsStore      *self,
                                           VsObjectKind  kind,
                                           const char   *id);

/* The api.md bodies, validated as the endpoints do. */
JsonNode   *vs_store_create_application   (VsStore      *self,
                                           const char   *account_id,
                                           JsonObject   *body,
                                           GError      **error);
/* Only while returned: resubmits (status submitted).  If-Match version:
 * 412 version_conflict when stale; 409 invalid_state when not returned. */
JsonNode   *vs_store_update_application   (VsStore      *self,
                                           const char   *account_id,
                                           const char   *id,
                                           gint64        if_match_version,
                                           JsonObject   *body,
                                           GError      **error);
JsonNode   *vs_store_withdraw_application (VsStore      *self,
                                           const char   *account_id,
                                           const char   *id,
                                           GError      **error);

JsonNode   *vs_store_create_order         (VsStore      *self,
                                           const char   *account_id,
                                           JsonObject   *body,
                                           GError      **error);
JsonNode   *vs_store_cancel_order         (VsStore      *self,
                                           const char   *account_id,
                                           const char   *id,
                                           GError      **error);

/* content_type: application/pdf, image/png, image/jpeg (magic checked:
 * 415 unsupported_media_type); filename already percent-decoded. */
JsonNode   *vs_store_create_attachment    (VsStore      *self,
                                           const char   *account_id,
                                           const char   *filename,
                                           const char   *content_type,
                                           GBytes       *bytes,
                                           GError      **error);

JsonNode   *vs_store_create_claim         (VsStore      *self,
                                           const char   *account_id,
                                           JsonObject   *body,
                                           GError      **error);
JsonNode   *vs_store_update_claim         (VsStore      *self,
                                           const char   *account_id,
                                           const char   *id,
                                           gint64        if_match_version,
                                           JsonObject   *body,
                                           GError      **error);
/* The receipt (made when the claim is created, kept on resubmission) */
JsonNode   *vs_store_get_receipt          (VsStore      *self,
                                           const char   *account_id,
                                           const char   *claim_id,
                                           const char   *base_url,
                                           GError      **error);
/* {"genuine": bool, "claim_number": string|null} */
JsonNode   *vs_store_verify_receipt       (VsStore      *self,
                                           const char   *code);

/* {"events": [...], "last_seq"} of events with seq > after (at most 500);
 * out_last_seq: the last seq listed, -1 when none */
JsonNode   *vs_store_list_events          (VsStore      *self,
                                           const char   *account_id,
                                           gint64        after,
                                           gint64       *out_last_seq);

/* ---- transitions (admin API, demo timer) -------------------------------
 * to_status is the api.md target status.  Allowed moves:
 *  application: submitted → district_review → city_review → approved;
 *               any of the three → rejected | returned.
 *               approved issues a voucher (face value = amount, use_by =
 *               today + 365 days, redeem_by = use_by + 90 days, mode enterprise).
 *  order:       placed → accepted | declined; accepted → confirmed (reserves
 *               min(quoted, balance − reserved)) | declined;
 *               confirmed → completed.
 *  claim:       submitted → district_review → city_review → publicized →
 *               approved (amount_fen; < 0 means the requested subsidy) → paid;
 *               any before approved → rejected | returned (note says why).
 *               paid takes the approved amount from the voucher's balance
 *               and frees the order's reservation; rejected frees it.
 * actor NULL picks the natural one (district, city, institution, system).
 * note may be NULL.  404 not_found; 409 invalid_state. */
gboolean    vs_store_move_application     (VsStore      *self,
                                           const char   *id,
                                           const char   *to_status,
                                           const char   *actor,
                                           const char   *note,
                                           GError      **error);
gboolean    vs_store_move_order           (VsStore      *self,
                                           const char   *id,
                                           const char   *to_status,
                                           const char   *actor,
                                           const char   *note,
                                           GError      **error);
gboolean    vs_store_move_claim           (VsStore      *self,
                                           const char   *id,
                                           const char   *to_status,
                                           const char   *actor,
                                           gint64        amount_fen,
                                           const char   *note,
                                           GError      **error);
/* The next status of the normal path ("district_review" after "submitted",
 * …), or NULL at the end: for "advance" actions and the demo timer. */
const char *vs_store_next_status          (VsObjectKind  kind,
                                           const char   *status);
/* Ids of all objects (any account) in this status, oldest first */
GStrv       vs_store_find_by_status       (VsStore      *self,
                                           VsObjectKind  kind,
                                           const char   *status);
/* The voucher issued by an approved application, or NULL */
char       *vs_store_get_application_voucher (VsStore    *self,
                                              const char *application_id);

G_END_DECLS
