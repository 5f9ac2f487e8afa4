/* iv-part2-pages.c: puts the quota application, claim and needs-attention pages, the offline banner and the notifier into a window */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "iv-app-sync.h"
#include "iv-applications-page.h"
#include "iv-attention-page.h"
#include "iv-claims-page.h"
#include "iv-notifier.h"
#include "iv-offline-banner.h"
#include "iv-part2-pages.h"

typedef struct {
  IvWindow      *window;
  GtkWidget     *banner_box;
  GtkWidget     *banner;
  IvSyncManager *manager;   /* the one the pages follow */
} Pages;

static void
pages_free (Pages *pages)
{
  g_clear_object (&pages->manager);
  g_free (pages);
}

static gboolean
open_object (const char *kind,
             const char *id,
             gpointer    user_data)
{
  Pages *pages = user_data;

  if (g_str_equal (kind, "claim"))
    {
      iv_window_show_page (pages->window, "claims");
      return iv_claims_page_open_claim (IV_CLAIMS_PAGE (iv_window_get_page (pages->window, "claims")), id);
    }
  if (g_str_equal (kind, "application"))
    {
      iv_window_show_page (pages->window, "applications");
      return iv_applications_page_open_application (IV_APPLICATIONS_PAGE (iv_window_get_page (pages->window, "applications")),
                                                    id);
    }
  if (g_str_equal (kind, "order"))
    {
      iv_window_show_page (pages->window, "orders");
      return TRUE;
    }
  return FALSE;
}

static GtkWidget *
store_error_page (const char *title,
                  const char *reason)
{
  GtkWidget *status = adw_status_page_new ();
  g_autofree char *text = g_strdup_printf (_("The local data cannot be opened, so nothing can be saved: %s"), reason);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "dialog-error-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), title);
  adw_status_page_set_description (ADW_STATUS_PAGE (status), text);
  return status;
}

/* The pages are built when first shown or after the window's first frame
 * (iv_window_add_lazy_page); each holds the sync manager */
static GtkWidget *
build_claims (IvWindow *window,
              gpointer  manager)
{
  return iv_claims_page_new (manager);
}

static GtkWidget *
build_applications (IvWindow *window,
                    gpointer  manager)
{
  return iv_applications_page_new (manager);
}

static GtkWidget *
build_attention (IvWindow *window,
                 gpointer  manager)
{
  return iv_attention_page_new (manager);
}

/* (Re)builds the pages, the offline banner and the notifier on manager */
static void
follow_manager (Pages         *pages,
                IvSyncManager *manager)
{
  GApplication *app = g_application_get_default ();
  IvWindow *window = pages->window;
  g_autoptr(IvNotifier) notifier = NULL;

  g_set_object (&pages->manager, manager);
  iv_window_add_lazy_page (window, "claims", _("Claims"), "emblem-documents-symbolic", TRUE,
                           build_claims, g_object_ref (manager), g_object_unref);
  iv_window_add_lazy_page (window, "applications", _("Applications"), "document-new-symbolic", TRUE,
                           build_applications, g_object_ref (manager), g_object_unref);
  iv_window_add_lazy_page (window, "attention", _("Needs Attention"), "dialog-warning-symbolic", TRUE,
                           build_attention, g_object_ref (manager), g_object_unref);

  if (pages->banner_box != NULL)
    {
      if (pages->banner != NULL)
        gtk_box_remove (GTK_BOX (pages->banner_box), pages->banner);
      pages->banner = iv_offline_banner_new (manager);
      gtk_box_append (GTK_BOX (pages->banner_box), pages->banner);
    }

  notifier = iv_notifier_new (IV_IS_APPLICATION (app) ? IV_APPLICATION (app) : NULL, manager);
  iv_notifier_set_window (notifier, GTK_WINDOW (window), open_object, pages);
  g_object_set_data_full (G_OBJECT (window), "iv-notifier", g_object_ref (notifier), g_object_unref);
}

/* A new service address or CA file makes the application a new sync
 * manager (the old one is shut down): the part-2 pages follow it, or they
 * would show the old service's data and say "offline" for ever */
static void
sync_manager_changed_cb (IvApplication *app,
                         GParamSpec    *pspec,
                         IvWindow      *window)
{
  Pages *pages = g_object_get_data (G_OBJECT (window), "iv-part2-pages");
  IvSyncManager *manager = iv_application_get_sync_manager (app);
  g_autofree char *visible = NULL;

  if (pages == NULL || manager == NULL || manager == pages->manager)
    return;
  visible = g_strdup (iv_window_get_visible_page_name (window));
  follow_manager (pages, manager);
  if (visible != NULL)
    iv_window_show_page (window, visible);
}

void
iv_part2_add_pages (IvWindow  *window,
                    GtkWidget *banner_box)
{
  GApplication *app = g_application_get_default ();
  IvSyncManager *manager = IV_IS_APPLICATION (app) ? iv_app_sync_get (IV_APPLICATION (app)) : NULL;
  Pages *pages;

  if (manager == NULL)
    {
      const char *reason = IV_IS_APPLICATION (app) ? iv_app_sync_get_error (IV_APPLICATION (app)) : "";

      iv_window_add_page (window, store_error_page (_("Claims"), reason ? reason : ""),
                          "claims", _("Claims"), "emblem-documents-symbolic", TRUE);
      iv_window_add_page (window, store_error_page (_("Applications"), reason ? reason : ""),
                          "applications", _("Applications"), "document-new-symbolic", TRUE);
      return;
    }

  pages = g_new0 (Pages, 1);
  pages->window = window;
  pages->banner_box = GTK_IS_BOX (banner_box) ? banner_box : NULL;
  g_object_set_data_full (G_OBJECT (window), "iv-part2-pages", pages, (GDestroyNotify) pages_free);
  follow_manager (pages, manager);
  if (IV_IS_APPLICATION (app))
    g_signal_connect_object (app, "notify::sync-manager", G_CALLBACK (sync_manager_changed_cb), window, 0);
}
