/* test-events.c: every status change is an event; GET /v1/events long-polls */
#include "config.h"

#include <string.h>

#include "iv-domain.h"
#include "iv-test-fixtures.h"

static IvTestService *svc;

static GPtrArray *
get_events (const char *token,
            gint64      after,
            gint64     *out_last)
{
  g_autofree char *path = g_strdup_printf ("/v1/events?after=%" G_GINT64_FORMAT, after);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *events;

  g_assert_cmpuint (iv_test_service_request (svc, "GET", path, token, NULL, &node), ==, 200);
  events = iv_event_list_new_from_json (node, out_last, &error);
  g_assert_no_error (error);
  return events;
}

static void
test_events_follow_changes (void)
{
  g_autofree char *token = iv_test_new_signed_in (svc, "enterprise", NULL);
  g_autofree char *voucher = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) none = NULL;
  gint64 last = -1, last2 = -1;
  gboolean saw_voucher = FALSE;

  events = get_events (token, 0, &last);
  g_assert_cmpuint (events->len, ==, 0);
  g_assert_cmpint (last, ==, 0);
  g_clear_pointer (&events, g_ptr_array_unref);

  voucher = iv_test_grant_voucher (svc, token, 100000);
  events = get_events (token, 0, &last);
  /* submitted, district_review, city_review, approved, and the voucher */
  g_assert_cmpuint (events->len, ==, 5);
  for (guint i = 0; i < events->len; i++)
    {
      IvEvent *e = g_ptr_array_index (events, i);

      g_assert_cmpint (iv_event_get_seq (e), ==, i + 1);
      if (iv_event_get_event_type (e) == IV_EVENT_TYPE_VOUCHER_UPDATED)
        {
          g_assert_cmpstr (iv_event_get_id (e), ==, voucher);
          g_assert_cmpstr (iv_event_get_status (e), ==, "active");
          saw_voucher = TRUE;
        }
      else
        g_assert_cmpint (iv_event_get_event_type (e), ==, IV_EVENT_TYPE_APPLICATION_STATUS);
    }
  g_assert_true (saw_voucher);
  g_assert_cmpstr (iv_event_get_status (g_ptr_array_index (events, 0)), ==, "submitted");
  g_assert_cmpint (last, ==, 5);

  none = get_events (token, last, &last2);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpint (last2, ==, 5);
}

typedef struct {
  char   *url;
  char   *token;
  gint64  after;
  guint   status;
  char   *body;
  gint64  elapsed_us;
} Poll;

static gpointer
poll_thread (gpointer data)
{
  Poll *p = data;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 40, NULL);
  g_autofree char *uri = g_strdup_printf ("%s/v1/events?after=%" G_GINT64_FORMAT "&wait=20", p->url, p->after);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autofree char *auth = g_strconcat ("Bearer ", p->token, NULL);
  g_autoptr(GBytes) body = NULL;
  gint64 start = g_get_monotonic_time ();

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  body = soup_session_send_and_read (session, msg, NULL, NULL);
  p->elapsed_us = g_get_monotonic_time () - start;
  p->status = soup_message_get_status (msg);
  if (body != NULL)
    p->body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  return NULL;
}

static void
test_long_poll_wakes (void)
{
  g_autofree char *token = iv_test_new_signed_in (svc, "enterprise", NULL);
  g_autofree char *body = iv_test_application_body (100000);
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) app = NULL;
  g_autoptr(GPtrArray) before = NULL;
  Poll p = { (char *) iv_test_service_get_url (svc), token, 0, 0, NULL, 0 };
  GThread *thread;
  gint64 last = 0;

  g_assert_cmpuint (iv_test_service_request (svc, "POST", "/v1/applications", token, body, &app), ==, 201);
  before = get_events (token, 0, &last);
  p.after = last;
  thread = g_thread_new ("poll", poll_thread, &p);
  g_usleep (500 * 1000);

  /* The district starts reviewing: the waiting poll answers at once */
  path = g_strdup_printf ("/admin/v1/applications/%s/decide", json_object_get_string_member (json_node_get_object (app), "id"));
  g_assert_cmpuint (iv_test_service_admin (svc, "POST", path, "{\"action\": \"advance\"}", NULL), ==, 200);
  g_thread_join (thread);

  g_assert_cmpuint (p.status, ==, 200);
  g_assert_nonnull (strstr (p.body, "\"district_review\""));
  g_assert_nonnull (strstr (p.body, "\"application.status\""));
  g_assert_cmpint (p.elapsed_us, >=, 400 * 1000);
  g_assert_cmpint (p.elapsed_us, <, 10 * G_USEC_PER_SEC);
  g_free (p.body);
}

static void
test_long_poll_times_out (void)
{
  g_autofree char *token = iv_test_new_signed_in (svc, "enterprise", NULL);
  gint64 start = g_get_monotonic_time ();
  g_autoptr(JsonNode) node = NULL;
  gint64 elapsed;

  g_assert_cmpuint (iv_test_service_request (svc, "GET", "/v1/events?after=0&wait=1", token, NULL, &node), ==, 200);
  elapsed = g_get_monotonic_time () - start;
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (node), "events")), ==, 0);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "last_seq"), ==, 0);
  g_assert_cmpint (elapsed, >=, 900 * 1000);
  g_assert_cmpint (elapsed, <, 5 * G_USEC_PER_SEC);
}

static void
test_bad_parameters (void)
{
  g_autofree char *token = iv_test_new_signed_in (svc, "enterprise", NULL);
  g_autoptr(IvTestResponse) r = iv_test_service_send (svc, "GET", "/v1/events?after=abc", token, NULL, NULL, NULL);

  g_assert_cmpuint (r->status, ==, 400);
  g_assert_cmpstr (iv_test_response_error_code (r), ==, "invalid_parameter");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  svc = iv_test_service_start (NULL, &error);
  g_assert_no_error (error);
  g_test_add_func ("/events/follow-changes", test_events_follow_changes);
  g_test_add_func ("/events/long-poll-wakes", test_long_poll_wakes);
  g_test_add_func ("/events/long-poll-times-out", test_long_poll_times_out);
  g_test_add_func ("/events/bad-parameters", test_bad_parameters);
  ret = g_test_run ();
  iv_test_service_free (svc);
  return ret;
}
