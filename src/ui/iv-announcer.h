/* iv-announcer.h: speaks status changes to screen readers (GTK ≥ 4.14 or a 4.8 fallback)
 *
 * One per window (iv_window_get_announcer).  On GTK ≥ 4.14 a message goes
 * through gtk_accessible_announce().  On older GTK there is no live-region
 * API, so the announcer is a small label with the accessible role ALERT
 * (AT-SPI "notification"): each message re-shows it, which emits
 * object:state-changed:showing, and Orca speaks a notification that becomes
 * showing.  The label also stays visible for a few seconds, so the message
 * is not given by sound alone.  With IV_ANNOUNCER_LOG=1 in the environment
 * every message is also printed to stderr ("iv-announce: …") for tests.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum {
  IV_ANNOUNCE_POLITE,     /* a status: sync state, "saved", results count */
  IV_ANNOUNCE_ASSERTIVE,  /* an error or a result the user waits for */
} IvAnnouncePriority;

#define IV_TYPE_ANNOUNCER (iv_announcer_get_type ())
G_DECLARE_FINAL_TYPE (IvAnnouncer, iv_announcer, IV, ANNOUNCER, GtkWidget)

GtkWidget  *iv_announcer_new          (void);

void        iv_announcer_announce     (IvAnnouncer        *self,
                                       const char         *message,
                                       IvAnnouncePriority  priority);

/* The last message announced (for tests), or NULL */
const char *iv_announcer_get_message  (IvAnnouncer        *self);

/* Announces through the announcer of widget's IvWindow, if it has one;
 * for pages and dialogs that do not know their window. */
void        iv_announce               (GtkWidget          *widget,
                                       const char         *message,
                                       IvAnnouncePriority  priority);

/* Sets (or with NULL removes) the ERROR_MESSAGE relation of field.  The
 * relation took one reference up to GTK 4.12 and takes a NULL-terminated
 * list since (a single reference passed to a newer GTK reads past the
 * arguments and crashes), so the value is built with the type the running
 * GTK asks for. */
void        iv_accessible_set_error_message (GtkWidget *field,
                                             GtkWidget *error_label);

G_END_DECLS
