/* fuzz-models.c: libFuzzer target for strict JSON parsing and every model decoder */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "iv-domain.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

typedef struct {
  const char       *root;
  IvJsonDecodeFunc  decode;
  IvJsonEncodeFunc  encode;
} Decoder;

#define DECODER(root, name) \
  { root, IV_JSON_DECODE_FUNC (iv_##name##_new_from_json_at), IV_JSON_ENCODE_FUNC (iv_##name##_to_json) }

static const Decoder decoders[] = {
  DECODER ("account", account),
  DECODER ("policy", policy),
  DECODER ("category", category),
  DECODER ("institution", institution),
  DECODER ("service", service),
  DECODER ("application", quota_application),
  DECODER ("voucher", voucher),
  DECODER ("order", order),
  DECODER ("attachment", attachment),
  DECODER ("invoice", invoice),
  DECODER ("claim", claim),
  DECODER ("receipt", receipt),
  DECODER ("event", event),
  DECODER ("step", history_step),
  DECODER ("", error_body),
};

/* Whatever a decoder accepts, it must encode into JSON that it accepts
 * again and that encodes the same: nothing is lost or invented. */
static void
check_round_trip (const Decoder *decoder,
                  GObject       *object)
{
  g_autoptr(JsonNode) encoded = decoder->encode (object);
  g_autoptr(GObject) again = NULL;
  g_autoptr(JsonNode) encoded_again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) reparsed = NULL;

  g_assert (encoded != NULL);
  text = iv_json_to_string (encoded);
  reparsed = iv_json_parse_data (text, strlen (text), 0, &error);
  g_assert (error == NULL);
  again = decoder->decode (reparsed, decoder->root, &error);
  g_assert (error == NULL && again != NULL);
  encoded_again = decoder->encode (again);
  g_assert (json_node_equal (encoded, encoded_again));
}

static void
check_error (GError     *error,
             const char *root)
{
  g_assert (error != NULL);
  g_assert (error->domain == IV_DECODE_ERROR);
  g_assert (error->message != NULL && g_utf8_validate (error->message, -1, NULL));
  /* The message names the field, starting from the root */
  if (*root != '\0')
    g_assert (g_str_has_prefix (error->message, root));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = iv_json_parse_bytes (bytes, 0, &error);

  if (node == NULL)
    {
      g_assert (error != NULL && error->domain == IV_DECODE_ERROR);
      return 0;
    }
  g_assert (error == NULL);
  g_assert (JSON_NODE_HOLDS_OBJECT (node) || JSON_NODE_HOLDS_ARRAY (node));

  for (guint i = 0; i < G_N_ELEMENTS (decoders); i++)
    {
      g_autoptr(GError) decode_error = NULL;
      g_autoptr(GObject) object = decoders[i].decode (node, decoders[i].root, &decode_error);

      if (object == NULL)
        check_error (decode_error, decoders[i].root);
      else
        {
          g_assert (decode_error == NULL);
          check_round_trip (&decoders[i], object);
        }
    }

  {
    g_autoptr(GError) page_error = NULL;
    g_autoptr(IvListPage) page = iv_list_page_new_from_json (node, IV_JSON_DECODE_FUNC (iv_service_new_from_json_at),
                                                             IV_LIST_PAGE_ALLOW_TOMBSTONES, &page_error);

    if (page != NULL)
      {
        g_autoptr(JsonNode) encoded = iv_list_page_to_json (page, IV_JSON_ENCODE_FUNC (iv_service_to_json));

        g_assert (iv_list_page_get_n_items (page) <= IV_JSON_MAX_ITEMS);
        g_assert (encoded != NULL);
      }
    else
      g_assert (page_error != NULL && page_error->domain == IV_DECODE_ERROR);
  }

  {
    g_autoptr(GError) events_error = NULL;
    gint64 last_seq = -1;
    g_autoptr(GPtrArray) events = iv_event_list_new_from_json (node, &last_seq, &events_error);

    if (events != NULL)
      g_assert (last_seq >= 0);
    else
      g_assert (events_error != NULL && events_error->domain == IV_DECODE_ERROR);
  }

  return 0;
}
