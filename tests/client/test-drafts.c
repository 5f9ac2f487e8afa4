/* test-drafts.c: drafts of applications and claims survive restarts, with their files */
#include "config.h"

#include <sys/stat.h>
#include <glib/gstdio.h>

#include "iv-drafts.h"

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);
        remove_tree (child);
      }
  g_remove (path);
}

static JsonNode *
json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

static const char *
body_string (IvDraft    *draft,
             const char *member)
{
  return json_object_get_string_member (json_node_get_object (iv_draft_get_body (draft)), member);
}

static void
test_survive_reopen (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("iv-drafts-XXXXXX", &error);
  g_autofree char *application_id = NULL;
  g_autofree char *claim_id = NULL;
  g_autofree char *pdf_path = g_build_filename (dir, "合同扫描件.pdf", NULL);
  g_autofree char *png_path = g_build_filename (dir, "invoice.png", NULL);
  g_autofree char *sha256 = NULL;

  g_assert_no_error (error);
  g_file_set_contents (pdf_path, "%PDF-1.7\ncontract\n%%EOF\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (png_path, "\x89PNG\r\n\x1a\n....", 12, &error);
  g_assert_no_error (error);

  {
    g_autoptr(IvUserDb) user_db = iv_user_db_open (dir, &error);
    g_autoptr(IvDrafts) drafts = NULL;
    g_autoptr(IvDraft) application = NULL;
    g_autoptr(IvDraft) claim = NULL;
    g_autoptr(IvDraft) reread = NULL;
    g_autoptr(JsonNode) first = json ("{\"purpose\":\"检测\",\"amount_fen\":100000}");
    g_autoptr(JsonNode) second = json ("{\"purpose\":\"扫描电镜检测\",\"amount_fen\":5000000}");
    g_autoptr(JsonNode) claim_body = json ("{\"contract_no\":\"HT-2026-001\"}");
    g_autoptr(GFile) pdf = g_file_new_for_path (pdf_path);
    g_autoptr(GFile) png = g_file_new_for_path (png_path);

    g_assert_no_error (error);
    drafts = iv_drafts_new (user_db);

    application = iv_drafts_create (drafts, "application", NULL, first, &error);
    g_assert_no_error (error);
    g_assert_true (g_uuid_string_is_valid (iv_draft_get_id (application)));
    application_id = g_strdup (iv_draft_get_id (application));
    g_assert_true (iv_drafts_save (drafts, application_id, second, &error));
    g_assert_no_error (error);

    claim = iv_drafts_create (drafts, "claim", "claim-7", claim_body, &error);
    g_assert_no_error (error);
    claim_id = g_strdup (iv_draft_get_id (claim));
    g_assert_true (iv_drafts_attach_file (drafts, claim_id, "contract", pdf, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (iv_drafts_attach_file (drafts, claim_id, "invoice", png, "发票.png", NULL, NULL, &error));
    g_assert_no_error (error);

    reread = iv_drafts_get (drafts, claim_id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (iv_draft_get_n_files (reread), ==, 2);

    /* Unknown kinds and missing drafts are errors, not silent */
    g_assert_null (iv_drafts_create (drafts, "order", NULL, first, &error));
    g_assert_error (error, IV_STORE_ERROR, IV_STORE_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_false (iv_drafts_save (drafts, "no-such-draft", first, &error));
    g_assert_error (error, IV_STORE_ERROR, IV_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_false (iv_drafts_attach_file (drafts, "no-such-draft", "invoice", pdf, NULL, NULL, NULL, &error));
    g_assert_error (error, IV_STORE_ERROR, IV_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  /* The user deletes the originals; the program restarts */
  g_assert_cmpint (g_remove (pdf_path), ==, 0);
  g_assert_cmpint (g_remove (png_path), ==, 0);

  {
    g_autoptr(IvUserDb) user_db = iv_user_db_open (dir, &error);
    g_autoptr(IvDrafts) drafts = NULL;
    g_autoptr(GPtrArray) all = NULL;
    g_autoptr(GPtrArray) claims = NULL;
    g_autoptr(IvDraft) application = NULL;
    g_autoptr(IvDraft) claim = NULL;
    g_autoptr(GFile) copy = NULL;
    g_autofree char *contents = NULL;
    JsonObject *file0;
    struct stat st;

    g_assert_no_error (error);
    drafts = iv_drafts_new (user_db);

    application = iv_drafts_get (drafts, application_id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (iv_draft_get_kind (application), ==, "application");
    g_assert_cmpstr (body_string (application, "purpose"), ==, "扫描电镜检测");

    claim = iv_drafts_get (drafts, claim_id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (iv_draft_get_server_id (claim), ==, "claim-7");
    g_assert_cmpstr (body_string (claim, "contract_no"), ==, "HT-2026-001");
    g_assert_cmpuint (iv_draft_get_n_files (claim), ==, 2);
    file0 = json_array_get_object_element (json_node_get_array (iv_draft_get_files (claim)), 0);
    g_assert_cmpstr (json_object_get_string_member (file0, "document_kind"), ==, "contract");
    g_assert_cmpstr (json_object_get_string_member (file0, "filename"), ==, "合同扫描件.pdf");
    g_assert_cmpstr (json_object_get_string_member (file0, "content_type"), ==, "application/pdf");
    sha256 = g_strdup (json_object_get_string_member (file0, "sha256"));
    {
      JsonObject *file1 = json_array_get_object_element (json_node_get_array (iv_draft_get_files (claim)), 1);
      g_assert_cmpstr (json_object_get_string_member (file1, "filename"), ==, "发票.png");
      g_assert_cmpstr (json_object_get_string_member (file1, "content_type"), ==, "image/png");
    }

    copy = iv_drafts_get_file (drafts, sha256);
    g_assert_true (g_file_load_contents (copy, NULL, &contents, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (contents, ==, "%PDF-1.7\ncontract\n%%EOF\n");
    g_assert_cmpint (g_stat (g_file_peek_path (copy), &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);

    all = iv_drafts_list (drafts, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (all->len, ==, 2);
    /* Most recently saved first: the claim got its files last */
    g_assert_cmpstr (iv_draft_get_id (g_ptr_array_index (all, 0)), ==, claim_id);
    claims = iv_drafts_list (drafts, "claim", &error);
    g_assert_cmpuint (claims->len, ==, 1);

    g_assert_true (iv_drafts_remove_file (drafts, claim_id, 0, &error));
    g_assert_no_error (error);
    g_clear_object (&claim);
    claim = iv_drafts_get (drafts, claim_id, &error);
    g_assert_cmpuint (iv_draft_get_n_files (claim), ==, 1);

    g_assert_true (iv_drafts_delete (drafts, application_id, &error));
    g_assert_no_error (error);
    g_assert_null (iv_drafts_get (drafts, application_id, &error));
    g_assert_error (error, IV_STORE_ERROR, IV_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);

    /* The removed contract's copy is collected, the invoice's kept */
    g_assert_cmpuint (iv_user_db_collect_files (user_db, &error), ==, 1);
    g_assert_false (g_file_query_exists (copy, NULL));

    g_assert_true (iv_store_db_check_integrity (iv_user_db_get_db (user_db), &error));
    g_assert_no_error (error);
  }

  remove_tree (dir);
}

static void
count_signal (IvDrafts   *drafts,
              const char *id,
              guint      *count)
{
  (*count)++;
}

/* The claim form copies a chosen file in a worker thread, then cites the
 * copy: it is attached as it is, and a copy that is not there is refused */
static void
test_attach_copied_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("iv-drafts-XXXXXX", &error);
  g_autofree char *pdf_path = g_build_filename (dir, "服务报告.pdf", NULL);
  g_autoptr(GFile) pdf = g_file_new_for_path (pdf_path);
  g_autoptr(IvUserDb) user_db = NULL;
  g_autoptr(IvDrafts) drafts = NULL;
  g_autoptr(IvDraft) claim = NULL;
  g_autoptr(IvDraft) reread = NULL;
  g_autoptr(JsonNode) body = json ("{\"contract_no\": \"HT-2026-002\"}");
  g_autofree char *sha256 = NULL;
  g_autofree char *type = NULL;
  goffset size = 0;
  JsonObject *file0;

  g_assert_no_error (error);
  g_file_set_contents (pdf_path, "%PDF-1.7\nreport\n%%EOF\n", -1, &error);
  g_assert_no_error (error);
  user_db = iv_user_db_open (dir, &error);
  g_assert_no_error (error);
  drafts = iv_drafts_new (user_db);
  claim = iv_drafts_create (drafts, "claim", NULL, body, &error);
  g_assert_no_error (error);

  sha256 = iv_user_db_import_file (user_db, pdf, &size, &type, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (type, ==, "application/pdf");
  g_assert_true (iv_drafts_attach_copied_file (drafts, iv_draft_get_id (claim), "report", "服务报告.pdf",
                                               type, size, sha256, &error));
  g_assert_no_error (error);
  g_assert_false (iv_drafts_attach_copied_file (drafts, iv_draft_get_id (claim), "report", "x.pdf",
                                                "application/pdf", 1,
                                                "00000000000000000000000000000000"
                                                "00000000000000000000000000000000", &error));
  g_assert_error (error, IV_STORE_ERROR, IV_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  reread = iv_drafts_get (drafts, iv_draft_get_id (claim), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (iv_draft_get_n_files (reread), ==, 1);
  file0 = json_array_get_object_element (json_node_get_array (iv_draft_get_files (reread)), 0);
  g_assert_cmpstr (json_object_get_string_member (file0, "filename"), ==, "服务报告.pdf");
  g_assert_cmpstr (json_object_get_string_member (file0, "sha256"), ==, sha256);
  g_assert_cmpint (json_object_get_int_member (file0, "size"), ==, size);

  g_clear_object (&drafts);
  g_clear_object (&user_db);
  remove_tree (dir);
}

static void
test_changed_signal (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("iv-drafts-XXXXXX", &error);
  g_autoptr(IvUserDb) user_db = iv_user_db_open (dir, &error);
  g_autoptr(IvDrafts) drafts = iv_drafts_new (user_db);
  g_autoptr(JsonNode) body = json ("{}");
  g_autoptr(IvDraft) draft = NULL;
  guint count = 0;

  g_signal_connect (drafts, "changed", G_CALLBACK (count_signal), &count);
  draft = iv_drafts_create (drafts, "claim", NULL, body, &error);
  g_assert_no_error (error);
  g_assert_true (iv_drafts_save (drafts, iv_draft_get_id (draft), body, &error));
  g_assert_true (iv_drafts_delete (drafts, iv_draft_get_id (draft), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 3);

  g_clear_object (&drafts);
  g_clear_object (&user_db);
  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/drafts/survive-reopen", test_survive_reopen);
  g_test_add_func ("/drafts/changed-signal", test_changed_signal);
  g_test_add_func ("/drafts/attach-copied-file", test_attach_copied_file);

  return g_test_run ();
}
