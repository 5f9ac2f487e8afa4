/* test-outbox-store.c: the durable outbox queue (order, dependencies, crash recovery, retries, attachments) */
#include "config.h"

#include <signal.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "iv-drafts.h"
#include "iv-outbox.h"

typedef struct {
  char     *dir;
  IvUserDb *user_db;
  IvOutbox *outbox;
} Fixture;

static void
open_outbox (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->user_db = iv_user_db_open (f->dir, &error);
  g_assert_no_error (error);
  f->outbox = iv_outbox_new (f->user_db, &error);
  g_assert_no_error (error);
}

static void
close_outbox (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  /* Every test ends with a sound database */
  g_assert_true (iv_store_db_check_integrity (iv_user_db_get_db (f->user_db), &error));
  g_assert_no_error (error);
  g_assert_finalize_object (f->outbox);
  g_assert_finalize_object (f->user_db);
  f->outbox = NULL;
  f->user_db = NULL;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("iv-outbox-XXXXXX", &error);
  g_assert_no_error (error);
  open_outbox (f);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
    }
  g_remove (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->outbox != NULL)
    close_outbox (f);
  remove_tree (f->dir);
  g_free (f->dir);
}

static JsonNode *
json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

static IvOutboxItem *
enqueue (Fixture      *f,
         IvOutboxKind  kind,
         const char   *target,
         const char   *body_text,
         const char   *draft_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = body_text != NULL ? json (body_text) : NULL;
  IvOutboxItem *item;

  item = iv_outbox_enqueue (f->outbox, kind, target, -1, body, draft_id, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (item);
  return item;
}

static gint64
next_ready_id (Fixture *f,
               gint64   now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IvOutboxItem) item = iv_outbox_next_ready_item (f->outbox, now, &error);

  g_assert_no_error (error);
  return item != NULL ? iv_outbox_item_get_id (item) : 0;
}

static void
send_ok (Fixture    *f,
         gint64      id,
         const char *server_id)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (iv_outbox_mark_in_flight (f->outbox, id, &error));
  g_assert_no_error (error);
  g_assert_true (iv_outbox_mark_done (f->outbox, id, server_id, "{}", &error));
  g_assert_no_error (error);
}

static IvOutboxState
state_of (Fixture *f,
          gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IvOutboxItem) item = iv_outbox_get_item (f->outbox, id, &error);

  g_assert_no_error (error);
  return iv_outbox_item_get_state (item);
}

static void
test_order (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(IvOutboxItem) a = enqueue (f, IV_OUTBOX_KIND_CREATE_APPLICATION, NULL, "{\"year\":2026,\"amount_fen\":100}", NULL);
  g_autoptr(IvOutboxItem) b = enqueue (f, IV_OUTBOX_KIND_CREATE_ORDER, NULL, "{\"voucher_id\":\"v1\",\"service_id\":\"s1\"}", NULL);
  g_autoptr(IvOutboxItem) c = enqueue (f, IV_OUTBOX_KIND_CANCEL_ORDER, "o-7", NULL, NULL);
  gint64 now = g_get_real_time ();

  g_assert_cmpint (iv_outbox_item_get_state (a), ==, IV_OUTBOX_STATE_QUEUED);
  g_assert_true (g_uuid_string_is_valid (iv_outbox_item_get_idempotency_key (a)));
  g_assert_cmpstr (iv_outbox_item_get_idempotency_key (a), !=, iv_outbox_item_get_idempotency_key (b));
  g_assert_cmpuint (iv_outbox_get_pending_count (f->outbox), ==, 3);

  g_assert_cmpint (next_ready_id (f, now), ==, iv_outbox_item_get_id (a));
  send_ok (f, iv_outbox_item_get_id (a), "app-1");
  g_assert_cmpint (next_ready_id (f, now), ==, iv_outbox_item_get_id (b));
  send_ok (f, iv_outbox_item_get_id (b), "ord-1");
  g_assert_cmpint (next_ready_id (f, now), ==, iv_outbox_item_get_id (c));
  send_ok (f, iv_outbox_item_get_id (c), "o-7");
  g_assert_cmpint (next_ready_id (f, now), ==, 0);
  g_assert_cmpuint (iv_outbox_get_pending_count (f->outbox), ==, 0);

  /* Bad requests are refused before anything is saved */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(IvOutboxItem) bad = iv_outbox_enqueue (f->outbox, IV_OUTBOX_KIND_RESUBMIT_CLAIM, NULL, 3,
                                                     NULL, NULL, NULL, 0, &error);
    g_assert_error (error, IV_STORE_ERROR, IV_STORE_ERROR_INVALID);
    g_assert_null (bad);
  }
}

static GFile *
write_pdf (Fixture    *f,
           const char *name,
           const char *extra)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autofree char *content = g_strconcat ("%PDF-1.4\n", extra, "\n%%EOF\n", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, content, -1, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static void
test_dependencies (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = write_pdf (f, "合同.pdf", "contract");
  g_autoptr(IvOutboxItem) upload = NULL;
  g_autoptr(IvOutboxItem) claim = NULL;
  g_autoptr(IvOutboxItem) cancel = NULL;
  g_autoptr(IvOutboxItem) order = NULL;
  g_autoptr(JsonNode) resolved = NULL;
  g_autofree char *placeholder = NULL;
  g_autofree char *body = NULL;
  g_autofree char *target = NULL;
  gint64 now = g_get_real_time ();

  upload = iv_outbox_enqueue_upload (f->outbox, file, NULL, NULL, "draft-1", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (iv_outbox_item_get_content_type (upload), ==, "application/pdf");
  g_assert_cmpstr (iv_outbox_item_get_filename (upload), ==, "合同.pdf");

  placeholder = iv_outbox_item_dup_placeholder (upload);
  body = g_strdup_printf ("{\"order_id\":\"o-1\",\"documents\":{\"contract\":[\"%s\"],\"invoice\":[]}}", placeholder);
  claim = enqueue (f, IV_OUTBOX_KIND_CREATE_CLAIM, NULL, body, "draft-1");
  g_assert_cmpuint (iv_outbox_item_get_depends_on (claim)->len, ==, 1);
  g_assert_cmpint (g_array_index (iv_outbox_item_get_depends_on (claim), gint64, 0), ==, iv_outbox_item_get_id (upload));

  /* An order made offline, then cancelled: the cancel cites it as target */
  order = enqueue (f, IV_OUTBOX_KIND_CREATE_ORDER, NULL, "{\"voucher_id\":\"v\",\"service_id\":\"s\"}", NULL);
  {
    g_autofree char *order_ref = iv_outbox_item_dup_placeholder (order);
    cancel = enqueue (f, IV_OUTBOX_KIND_CANCEL_ORDER, order_ref, NULL, NULL);
  }

  /* The claim cannot be resolved before its upload is done */
  resolved = iv_outbox_resolve_body (f->outbox, claim, NULL, &error);
  g_assert_error (error, IV_STORE_ERROR, IV_STORE_ERROR_INVALID);
  g_assert_null (resolved);
  g_clear_error (&error);

  g_assert_cmpint (next_ready_id (f, now), ==, iv_outbox_item_get_id (upload));
  g_assert_true (iv_outbox_mark_in_flight (f->outbox, iv_outbox_item_get_id (upload), &error));
  g_assert_no_error (error);
  /* Upload in flight: the claim waits, the independent order goes */
  g_assert_cmpint (next_ready_id (f, now), ==, iv_outbox_item_get_id (order));
  g_assert_true (iv_outbox_mark_done (f->outbox, iv_outbox_item_get_id (upload), "att-42", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (next_ready_id (f, now), ==, iv_outbox_item_get_id (claim));

  resolved = iv_outbox_resolve_body (f->outbox, claim, NULL, &error);
  g_assert_no_error (error);
  {
    JsonObject *docs = json_object_get_object_member (json_node_get_object (resolved), "documents");
    JsonArray *contract = json_object_get_array_member (docs, "contract");
    g_assert_cmpstr (json_array_get_string_element (contract, 0), ==, "att-42");
  }
  /* The queued body keeps the placeholder */
  g_assert_nonnull (strstr (iv_outbox_item_get_body_string (claim), placeholder));

  send_ok (f, iv_outbox_item_get_id (claim), "claim-1");
  g_assert_cmpint (next_ready_id (f, now), ==, iv_outbox_item_get_id (order));
  send_ok (f, iv_outbox_item_get_id (order), "ord-99");
  g_assert_cmpint (next_ready_id (f, now), ==, iv_outbox_item_get_id (cancel));
  g_clear_pointer (&resolved, json_node_unref);
  resolved = iv_outbox_resolve_body (f->outbox, cancel, &target, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (target, ==, "ord-99");

  /* A placeholder citing no item is refused */
  {
    g_autoptr(IvOutboxItem) bad = NULL;
    g_autoptr(JsonNode) bad_body = json ("{\"documents\":{\"invoice\":[\"local:999\"]}}");

    bad = iv_outbox_enqueue (f->outbox, IV_OUTBOX_KIND_CREATE_CLAIM, NULL, -1, bad_body, NULL, NULL, 0, &error);
    g_assert_error (error, IV_STORE_ERROR, IV_STORE_ERROR_INVALID);
    g_assert_null (bad);
  }
}

static void
crash_child (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IvUserDb) user_db = iv_user_db_open (dir, &error);
  g_autoptr(IvOutbox) outbox = NULL;
  g_autoptr(IvOutboxItem) item = NULL;
  g_autoptr(JsonNode) body = json ("{\"year\":2026,\"amount_fen\":5000000}");

  g_assert_no_error (error);
  outbox = iv_outbox_new (user_db, &error);
  g_assert_no_error (error);
  item = iv_outbox_enqueue (outbox, IV_OUTBOX_KIND_CREATE_APPLICATION, NULL, -1, body, NULL, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_true (iv_outbox_mark_in_flight (outbox, iv_outbox_item_get_id (item), &error));
  g_assert_no_error (error);
  /* Tell the parent the key, then die in the middle of "the call" */
  {
    g_autofree char *path = g_build_filename (dir, "key.txt", NULL);
    g_file_set_contents (path, iv_outbox_item_get_idempotency_key (item), -1, &error);
    g_assert_no_error (error);
  }
  raise (SIGKILL);
}

static void
test_crash_in_flight (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *key_path = g_build_filename (f->dir, "key.txt", NULL);
  IvOutboxItem *item;

  if (g_test_subprocess ())
    {
      crash_child (g_getenv ("IV_TEST_OUTBOX_DIR"));
      return;
    }

  close_outbox (f);
  g_setenv ("IV_TEST_OUTBOX_DIR", f->dir, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();  /* killed */

  g_assert_true (g_file_get_contents (key_path, &key, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (key));

  open_outbox (f);
  g_assert_cmpuint (iv_outbox_get_recovered_count (f->outbox), ==, 1);
  items = iv_outbox_list (f->outbox, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 1);
  item = g_ptr_array_index (items, 0);
  /* Sent again, with the key it had */
  g_assert_cmpint (iv_outbox_item_get_state (item), ==, IV_OUTBOX_STATE_QUEUED);
  g_assert_cmpstr (iv_outbox_item_get_idempotency_key (item), ==, key);
  g_assert_cmpuint (iv_outbox_item_get_attempts (item), ==, 1);
  g_assert_cmpint (next_ready_id (f, g_get_real_time ()), ==, iv_outbox_item_get_id (item));
}

static void
test_retry_wait (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IvOutboxItem) a = enqueue (f, IV_OUTBOX_KIND_WITHDRAW_APPLICATION, "app-5", NULL, NULL);
  g_autoptr(IvOutboxItem) again = NULL;
  gint64 id = iv_outbox_item_get_id (a);
  gint64 now = g_get_real_time ();
  gint64 later = now + 30 * G_USEC_PER_SEC;

  g_assert_true (iv_outbox_mark_in_flight (f->outbox, id, &error));
  g_assert_no_error (error);
  g_assert_true (iv_outbox_mark_retry (f->outbox, id, later, &error));
  g_assert_no_error (error);

  g_assert_cmpint (state_of (f, id), ==, IV_OUTBOX_STATE_RETRY_WAIT);
  g_assert_cmpint (next_ready_id (f, now), ==, 0);
  g_assert_cmpint (next_ready_id (f, later - 1), ==, 0);
  g_assert_cmpint (iv_outbox_get_next_wakeup (f->outbox), ==, later);
  g_assert_cmpint (next_ready_id (f, later), ==, id);
  g_assert_cmpuint (iv_outbox_get_pending_count (f->outbox), ==, 1);

  /* The second attempt counts, and the wait is kept across a restart */
  close_outbox (f);
  open_outbox (f);
  g_assert_cmpint (next_ready_id (f, now), ==, 0);
  g_assert_true (iv_outbox_mark_in_flight (f->outbox, id, &error));
  g_assert_no_error (error);
  again = iv_outbox_get_item (f->outbox, id, &error);
  g_assert_cmpuint (iv_outbox_item_get_attempts (again), ==, 2);
  g_assert_cmpint (iv_outbox_get_next_wakeup (f->outbox), ==, 0);

  /* Not allowed: done from queued, in flight twice */
  g_assert_false (iv_outbox_mark_in_flight (f->outbox, id, &error));
  g_assert_error (error, IV_STORE_ERROR, IV_STORE_ERROR_INVALID);
}

static void
count_changed (IvOutbox *outbox,
               gint64    id,
               guint    *count)
{
  (*count)++;
}

static void
test_needs_attention (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IvDrafts) drafts = iv_drafts_new (f->user_db);
  g_autoptr(JsonNode) form = json ("{\"year\":2026,\"amount_fen\":99000000,\"purpose\":\"检测\"}");
  g_autoptr(IvDraft) draft = iv_drafts_create (drafts, "application", NULL, form, &error);
  g_autoptr(IvOutboxItem) item = NULL;
  g_autoptr(IvOutboxItem) same = NULL;
  g_autoptr(IvOutboxItem) edited = NULL;
  g_autoptr(JsonNode) fixed = json ("{\"year\":2026,\"amount_fen\":20000000,\"purpose\":\"检测\"}");
  g_autoptr(IvDraft) kept = NULL;
  g_autofree char *key = NULL;
  guint changes = 0;
  gint64 id;

  g_assert_no_error (error);
  g_signal_connect (f->outbox, "changed", G_CALLBACK (count_changed), &changes);

  item = enqueue (f, IV_OUTBOX_KIND_CREATE_APPLICATION, NULL,
                  "{\"year\":2026,\"amount_fen\":99000000,\"purpose\":\"检测\"}", iv_draft_get_id (draft));
  id = iv_outbox_item_get_id (item);
  key = g_strdup (iv_outbox_item_get_idempotency_key (item));
  g_assert_cmpuint (changes, ==, 1);

  g_assert_true (iv_outbox_mark_in_flight (f->outbox, id, &error));
  g_assert_true (iv_outbox_mark_needs_attention (f->outbox, id, "amount_exceeds_cap",
                                                 "申请金额超过上限", "amount_fen", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes, ==, 3);
  g_assert_cmpuint (iv_outbox_get_attention_count (f->outbox), ==, 1);
  g_assert_cmpuint (iv_outbox_get_pending_count (f->outbox), ==, 1);
  g_assert_cmpint (next_ready_id (f, g_get_real_time ()), ==, 0);

  g_clear_object (&item);
  item = iv_outbox_get_item (f->outbox, id, &error);
  g_assert_cmpint (iv_outbox_item_get_state (item), ==, IV_OUTBOX_STATE_NEEDS_ATTENTION);
  g_assert_cmpstr (iv_outbox_item_get_error_code (item), ==, "amount_exceeds_cap");
  g_assert_cmpstr (iv_outbox_item_get_error_message (item), ==, "申请金额超过上限");
  g_assert_cmpstr (iv_outbox_item_get_error_field (item), ==, "amount_fen");

  /* The draft is kept, intact */
  kept = iv_drafts_get (drafts, iv_draft_get_id (draft), &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (iv_draft_get_body (kept)), "amount_fen"), ==, 99000000);

  /* Retry unchanged: same key */
  same = iv_outbox_edit_and_retry (f->outbox, id, NULL, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (iv_outbox_item_get_state (same), ==, IV_OUTBOX_STATE_QUEUED);
  g_assert_cmpstr (iv_outbox_item_get_idempotency_key (same), ==, key);
  g_assert_null (iv_outbox_item_get_error_code (same));
  g_assert_cmpuint (iv_outbox_get_attention_count (f->outbox), ==, 0);

  /* Retry edited: a new key */
  g_assert_true (iv_outbox_mark_in_flight (f->outbox, id, &error));
  g_assert_true (iv_outbox_mark_needs_attention (f->outbox, id, "amount_exceeds_cap", NULL, NULL, &error));
  g_assert_no_error (error);
  edited = iv_outbox_edit_and_retry (f->outbox, id, fixed, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (iv_outbox_item_get_idempotency_key (edited), !=, key);
  g_assert_true (g_uuid_string_is_valid (iv_outbox_item_get_idempotency_key (edited)));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (iv_outbox_item_get_body (edited)), "amount_fen"), ==, 20000000);

  /* Only items needing attention can be edited */
  g_assert_null (iv_outbox_edit_and_retry (f->outbox, id, fixed, -1, &error));
  g_assert_error (error, IV_STORE_ERROR, IV_STORE_ERROR_INVALID);
}

static void
test_discard (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = write_pdf (f, "invoice.pdf", "invoice");
  g_autoptr(IvOutboxItem) upload = NULL;
  g_autoptr(IvOutboxItem) claim = NULL;
  g_autoptr(IvOutboxItem) other = NULL;
  g_autofree char *body = NULL;
  g_autofree char *ref = NULL;

  upload = iv_outbox_enqueue_upload (f->outbox, file, "发票.pdf", "application/pdf", NULL, NULL, &error);
  g_assert_no_error (error);
  ref = iv_outbox_item_dup_placeholder (upload);
  body = g_strdup_printf ("{\"documents\":{\"invoice\":[\"%s\"]}}", ref);
  claim = enqueue (f, IV_OUTBOX_KIND_CREATE_CLAIM, NULL, body, NULL);
  other = enqueue (f, IV_OUTBOX_KIND_CANCEL_ORDER, "o-1", NULL, NULL);
  g_assert_cmpuint (iv_outbox_get_pending_count (f->outbox), ==, 3);

  g_assert_true (iv_outbox_mark_in_flight (f->outbox, iv_outbox_item_get_id (upload), &error));
  g_assert_true (iv_outbox_mark_needs_attention (f->outbox, iv_outbox_item_get_id (upload),
                                                 "unsupported_media_type", NULL, NULL, &error));
  g_assert_no_error (error);

  /* Discarding the upload discards the claim that needs it, nothing else */
  g_assert_true (iv_outbox_discard (f->outbox, iv_outbox_item_get_id (upload), &error));
  g_assert_no_error (error);
  g_assert_cmpint (state_of (f, iv_outbox_item_get_id (upload)), ==, IV_OUTBOX_STATE_DISCARDED);
  g_assert_cmpint (state_of (f, iv_outbox_item_get_id (claim)), ==, IV_OUTBOX_STATE_DISCARDED);
  g_assert_cmpint (state_of (f, iv_outbox_item_get_id (other)), ==, IV_OUTBOX_STATE_QUEUED);
  g_assert_cmpuint (iv_outbox_get_pending_count (f->outbox), ==, 1);
  g_assert_cmpuint (iv_outbox_get_attention_count (f->outbox), ==, 0);

  /* Done items cannot be discarded */
  send_ok (f, iv_outbox_item_get_id (other), "o-1");
  g_assert_false (iv_outbox_discard (f->outbox, iv_outbox_item_get_id (other), &error));
  g_assert_error (error, IV_STORE_ERROR, IV_STORE_ERROR_INVALID);
  g_assert_cmpint (state_of (f, iv_outbox_item_get_id (other)), ==, IV_OUTBOX_STATE_DONE);

  /* The discarded upload's copy is no longer needed */
  g_clear_error (&error);
  g_assert_cmpuint (iv_user_db_collect_files (f->user_db, &error), ==, 1);
  g_assert_no_error (error);
}

static void
test_attachment_copy (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) original = write_pdf (f, "report.pdf", "服务报告 service report");
  g_autoptr(IvOutboxItem) upload = NULL;
  g_autoptr(GFile) copy = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *expected = NULL;
  g_autofree char *copied = NULL;
  gsize expected_len, copied_len;
  struct stat st;

  g_assert_true (g_file_load_contents (original, NULL, &expected, &expected_len, NULL, &error));
  g_assert_no_error (error);

  upload = iv_outbox_enqueue_upload (f->outbox, original, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_delete (original, NULL, &error));  /* the user removes it */
  g_assert_no_error (error);

  copy = iv_outbox_get_file (f->outbox, upload);
  g_assert_true (g_file_load_contents (copy, NULL, &copied, &copied_len, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (copied, copied_len, expected, expected_len);
  g_assert_cmpint (iv_outbox_item_get_size (upload), ==, expected_len);
  g_checksum_update (checksum, (const guchar *) expected, expected_len);
  g_assert_cmpstr (iv_outbox_item_get_sha256 (upload), ==, g_checksum_get_string (checksum));

  g_assert_cmpint (g_stat (g_file_peek_path (copy), &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Still there after a restart, and not collected while queued */
  close_outbox (f);
  open_outbox (f);
  g_assert_cmpuint (iv_user_db_collect_files (f->user_db, &error), ==, 0);
  g_assert_true (g_file_query_exists (copy, NULL));

  /* Not a PDF, PNG or JPEG: refused, nothing queued */
  {
    g_autofree char *path = g_build_filename (f->dir, "notes.txt", NULL);
    g_autoptr(GFile) text = g_file_new_for_path (path);
    g_autoptr(IvOutboxItem) refused = NULL;

    g_file_set_contents (path, "plain text", -1, NULL);
    refused = iv_outbox_enqueue_upload (f->outbox, text, NULL, NULL, NULL, NULL, &error);
    g_assert_error (error, IV_STORE_ERROR, IV_STORE_ERROR_UNSUPPORTED_TYPE);
    g_assert_null (refused);
    g_assert_cmpuint (iv_outbox_get_pending_count (f->outbox), ==, 1);
  }
}

/* A long queue keeps the same order: per target and per draft, oldest
 * first, and an unfinished item holds back the later ones of its group */
static void
test_large_queue (Fixture       *f,
                  gconstpointer  data)
{
  enum { N = 2000, TARGETS = 100, DRAFTS = 40 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 now = g_get_real_time ();
  char *errmsg = NULL;

  /* Only the enqueue speed of this test depends on fsync */
  g_assert_cmpint (sqlite3_exec (iv_store_db_get_handle (iv_user_db_get_db (f->user_db)),
                                 "PRAGMA synchronous=OFF", NULL, NULL, &errmsg), ==, SQLITE_OK);
  for (guint i = 0; i < N; i++)
    {
      g_autoptr(IvOutboxItem) item = NULL;
      g_autofree char *group = NULL;
      gint64 id;

      /* Even items: cancel one of TARGETS orders; odd: create an
       * application from one of DRAFTS drafts */
      if (i % 2 == 0)
        {
          group = g_strdup_printf ("o-%u", (i / 2) % TARGETS);
          item = enqueue (f, IV_OUTBOX_KIND_CANCEL_ORDER, group, NULL, NULL);
        }
      else
        {
          group = g_strdup_printf ("draft-%u", (i / 2) % DRAFTS);
          item = enqueue (f, IV_OUTBOX_KIND_CREATE_APPLICATION, NULL, "{\"year\":2026,\"amount_fen\":100}", group);
        }
      id = iv_outbox_item_get_id (item);
      g_array_append_val (ids, id);
    }
  g_assert_cmpuint (iv_outbox_get_pending_count (f->outbox), ==, N);

  /* The first item of every group goes in flight, oldest first */
  for (guint i = 0; i < 2 * TARGETS; i++)
    {
      gint64 expected = g_array_index (ids, gint64, i);

      if (i % 2 == 1 && i / 2 >= DRAFTS)
        continue;
      g_assert_cmpint (next_ready_id (f, now), ==, expected);
      g_assert_true (iv_outbox_mark_in_flight (f->outbox, expected, &error));
      g_assert_no_error (error);
    }
  /* Every other item waits for an earlier one of its group */
  g_assert_cmpint (next_ready_id (f, now), ==, 0);

  /* Finishing the first of a group releases its second, and only that */
  g_assert_true (iv_outbox_mark_done (f->outbox, g_array_index (ids, gint64, 2 * 7), "o-7", "{}", &error));
  g_assert_no_error (error);
  g_assert_cmpint (next_ready_id (f, now), ==, g_array_index (ids, gint64, 2 * (7 + TARGETS)));
  g_assert_true (iv_outbox_mark_in_flight (f->outbox, g_array_index (ids, gint64, 2 * (7 + TARGETS)), &error));
  g_assert_no_error (error);
  g_assert_cmpint (next_ready_id (f, now), ==, 0);

  g_assert_true (iv_outbox_mark_done (f->outbox, g_array_index (ids, gint64, 2 * 3 + 1), "app-3", "{}", &error));
  g_assert_no_error (error);
  g_assert_cmpint (next_ready_id (f, now), ==, g_array_index (ids, gint64, 2 * (3 + DRAFTS) + 1));

  /* One that needs attention still holds its group back; once
   * discarded it no longer does */
  g_assert_true (iv_outbox_mark_needs_attention (f->outbox, g_array_index (ids, gint64, 2 * 5),
                                                 "conflict", "x", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (next_ready_id (f, now), ==, g_array_index (ids, gint64, 2 * (3 + DRAFTS) + 1));
  g_assert_true (iv_outbox_discard (f->outbox, g_array_index (ids, gint64, 2 * 5), &error));
  g_assert_no_error (error);
  g_assert_cmpint (next_ready_id (f, now), ==, g_array_index (ids, gint64, 2 * (3 + DRAFTS) + 1));
  g_assert_true (iv_outbox_mark_in_flight (f->outbox, g_array_index (ids, gint64, 2 * (3 + DRAFTS) + 1), &error));
  g_assert_no_error (error);
  g_assert_cmpint (next_ready_id (f, now), ==, g_array_index (ids, gint64, 2 * (5 + TARGETS)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/outbox-store/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("order", test_order);
  ADD ("dependencies", test_dependencies);
  ADD ("crash-in-flight", test_crash_in_flight);
  ADD ("retry-wait", test_retry_wait);
  ADD ("needs-attention", test_needs_attention);
  ADD ("discard", test_discard);
  ADD ("attachment-copy", test_attachment_copy);
  ADD ("large-queue", test_large_queue);
#undef ADD

  return g_test_run ();
}
