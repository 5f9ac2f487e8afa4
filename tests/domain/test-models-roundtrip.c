/* test-models-roundtrip.c: decode → encode gives back exactly the contract's JSON */
#include "config.h"

#include <string.h>

#include "model-samples.h"

static void
assert_json_equal (JsonNode *expected,
                   JsonNode *actual)
{
  if (!json_node_equal (expected, actual))
    {
      g_autofree char *a = iv_json_to_string (expected);
      g_autofree char *b = iv_json_to_string (actual);

      g_error ("JSON differs:\nexpected %s\nactual   %s", a, b);
    }
}

static void
test_roundtrip_sample (gconstpointer data)
{
  const ModelSample *sample = data;
  g_autoptr(JsonNode) original = sample_parse (sample->json);
  g_autoptr(GError) error = NULL;
  g_autoptr(GObject) object = NULL;
  g_autoptr(GObject) again = NULL;
  g_autoptr(JsonNode) encoded = NULL;
  g_autoptr(JsonNode) encoded_again = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) reparsed = NULL;

  object = sample->decode (original, sample->name, &error);
  g_assert_no_error (error);
  encoded = sample->encode (object);
  assert_json_equal (original, encoded);

  /* And through text, as it travels */
  text = iv_json_to_string (encoded);
  reparsed = iv_json_parse_data (text, strlen (text), 0, &error);
  g_assert_no_error (error);
  again = sample->decode (reparsed, sample->name, &error);
  g_assert_no_error (error);
  encoded_again = sample->encode (again);
  assert_json_equal (original, encoded_again);

  g_assert_finalize_object (g_steal_pointer (&object));
  g_assert_finalize_object (g_steal_pointer (&again));
}

static void
test_unknown_members_dropped (void)
{
  g_autoptr(JsonNode) original = sample_parse (sample_voucher);
  g_autoptr(JsonNode) extended = sample_parse (sample_voucher);
  g_autoptr(IvVoucher) voucher = NULL;
  g_autoptr(JsonNode) encoded = NULL;
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (json_node_get_object (extended), "colour", "红");
  voucher = iv_voucher_new_from_json (extended, &error);
  g_assert_no_error (error);
  encoded = iv_voucher_to_json (voucher);
  assert_json_equal (original, encoded);
}

static void
test_list_page_roundtrip (void)
{
  g_autoptr(JsonNode) original = sample_parse (sample_institution_page);
  g_autoptr(IvListPage) page = NULL;
  g_autoptr(JsonNode) encoded = NULL;
  g_autoptr(GError) error = NULL;

  page = iv_list_page_new_from_json (original, IV_JSON_DECODE_FUNC (iv_institution_new_from_json_at),
                                     IV_LIST_PAGE_ALLOW_TOMBSTONES, &error);
  g_assert_no_error (error);
  encoded = iv_list_page_to_json (page, IV_JSON_ENCODE_FUNC (iv_institution_to_json));
  assert_json_equal (original, encoded);
}

static void
test_list_page_new (void)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(IvListPage) page = NULL;
  g_autoptr(JsonNode) encoded = NULL;
  g_autoptr(JsonNode) expected = NULL;

  g_ptr_array_add (items, g_object_new (IV_TYPE_CATEGORY, "code", "testing", "name", "测试检测", NULL));
  page = iv_list_page_new (items, NULL, -1, NULL);
  encoded = iv_list_page_to_json (page, IV_JSON_ENCODE_FUNC (iv_category_to_json));
  expected = sample_parse ("{\"items\": [{\"code\": \"testing\", \"name\": \"测试检测\"}], \"next_cursor\": null}");
  assert_json_equal (expected, encoded);
}

static void
test_events_roundtrip (void)
{
  g_autoptr(JsonNode) original = sample_parse (sample_events_page);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(JsonNode) encoded = NULL;
  g_autoptr(GError) error = NULL;
  gint64 last_seq = 0;

  events = iv_event_list_new_from_json (original, &last_seq, &error);
  g_assert_no_error (error);
  encoded = iv_event_list_to_json (events, last_seq);
  assert_json_equal (original, encoded);
}

static void
test_constructed_claim (void)
{
  /* What the client's store builds from a draft, encoded and read back */
  const char * const contract[] = { "att-1", NULL };
  const char * const none[] = { NULL };
  g_autoptr(IvInvoice) invoice = g_object_new (IV_TYPE_INVOICE,
                                               "code", NULL,
                                               "number", "26312000000012345678",
                                               "date", "2026-09-01",
                                               "amount-fen", (gint64) 4000000,
                                               "seller-name", "上海某检测中心",
                                               NULL);
  g_autoptr(IvHistoryStep) step = g_object_new (IV_TYPE_HISTORY_STEP,
                                                "at", "2026-09-10T16:20:00+08:00",
                                                "status", "returned",
                                                "actor", IV_ACTOR_CITY,
                                                "note", "发票抬头有误",
                                                NULL);
  g_autoptr(GListStore) history = g_list_store_new (IV_TYPE_HISTORY_STEP);
  g_autoptr(IvClaim) claim = NULL;
  g_autoptr(IvClaim) decoded = NULL;
  g_autoptr(JsonNode) encoded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IvHistoryStep) decoded_step = NULL;

  g_list_store_append (history, step);
  claim = g_object_new (IV_TYPE_CLAIM,
                        "id", "clm-9", "number", "DF2026-000009", "version", (gint64) 4,
                        "status", IV_CLAIM_STATUS_RETURNED,
                        "order-id", "ord-9", "voucher-id", "v-1", "contract-no", "HT-9",
                        "contract-amount-fen", (gint64) 4000000,
                        "invoice", invoice,
                        "paid-on", "2026-09-02",
                        "documents-contract", contract,
                        "documents-invoice", none,
                        "requested-subsidy-fen", (gint64) 3200000,
                        "submitted-at", "2026-09-10T16:20:00+08:00",
                        "history", history,
                        NULL);
  encoded = iv_claim_to_json (claim);
  decoded = iv_claim_new_from_json (encoded, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (iv_claim_get_id (decoded), ==, "clm-9");
  g_assert_cmpint (iv_claim_get_status (decoded), ==, IV_CLAIM_STATUS_RETURNED);
  g_assert_cmpint (iv_claim_get_approved_subsidy_fen (decoded), ==, -1);
  g_assert_null (iv_invoice_get_code (iv_claim_get_invoice (decoded)));
  g_assert_cmpstr (iv_claim_get_documents (decoded, IV_DOCUMENT_KIND_CONTRACT)[0], ==, "att-1");
  g_assert_null (iv_claim_get_documents (decoded, IV_DOCUMENT_KIND_SERVICE_REPORT)[0]);
  decoded_step = g_list_model_get_item (iv_claim_get_history (decoded), 0);
  g_assert_cmpstr (iv_history_step_get_note (decoded_step), ==, "发票抬头有误");
  g_assert_cmpint (iv_history_step_get_actor (decoded_step), ==, IV_ACTOR_CITY);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (model_samples); i++)
    {
      g_autofree char *name = g_strdup_printf ("/models-roundtrip/%u-%s", i,
                                               *model_samples[i].name ? model_samples[i].name : "error_body");

      g_test_add_data_func (name, &model_samples[i], test_roundtrip_sample);
    }
  g_test_add_func ("/models-roundtrip/unknown-members-dropped", test_unknown_members_dropped);
  g_test_add_func ("/models-roundtrip/list-page", test_list_page_roundtrip);
  g_test_add_func ("/models-roundtrip/list-page-new", test_list_page_new);
  g_test_add_func ("/models-roundtrip/events", test_events_roundtrip);
  g_test_add_func ("/models-roundtrip/constructed-claim", test_constructed_claim);

  return g_test_run ();
}
