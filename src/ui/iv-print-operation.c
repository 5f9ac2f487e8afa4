/* iv-print-operation.c: prints a receipt or claim form through the system print dialog */
#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "iv-print-operation.h"

#define SETTINGS_GROUP   "Print Settings"
#define PAGE_SETUP_GROUP "Page Setup"

struct _IvPrintOperation
{
  GtkPrintOperation  parent_instance;

  IvReceiptRenderer *renderer;
  GError            *render_error;
  GtkWindow         *parent;        /* weak: where errors are shown */
  GtkWidget         *error_dialog;  /* weak: the last one shown */
  gboolean           running;
};

G_DEFINE_FINAL_TYPE (IvPrintOperation, iv_print_operation, GTK_TYPE_PRINT_OPERATION)

enum {
  PROP_0,
  PROP_RENDERER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Settings file */

char *
iv_print_operation_dup_settings_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "innovation-vouchers",
                           "print-settings.ini", NULL);
}

static GtkPageSetup *
default_page_setup (void)
{
  GtkPageSetup *setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);

  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  return setup;
}

static void
load_settings (IvPrintOperation *self)
{
  g_autofree char *path = iv_print_operation_dup_settings_path ();
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GtkPageSetup) page_setup = NULL;
  g_autoptr(GError) error = NULL;

  if (g_key_file_load_from_file (key_file, path, G_KEY_FILE_NONE, &error))
    {
      g_autoptr(GtkPrintSettings) settings = NULL;

      settings = gtk_print_settings_new_from_key_file (key_file, SETTINGS_GROUP, NULL);
      if (settings != NULL)
        gtk_print_operation_set_print_settings (GTK_PRINT_OPERATION (self), settings);
      page_setup = gtk_page_setup_new_from_key_file (key_file, PAGE_SETUP_GROUP, NULL);
    }
  else if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      /* A broken file only costs the user their last choices. */
      g_debug ("Ignoring %s: %s", path, error->message);
    }

  if (page_setup == NULL)
    page_setup = default_page_setup ();
  gtk_print_operation_set_default_page_setup (GTK_PRINT_OPERATION (self), page_setup);
}

static gboolean
save_settings (IvPrintOperation  *self,
               GError           **error)
{
  GtkPrintOperation *operation = GTK_PRINT_OPERATION (self);
  g_autofree char *path = iv_print_operation_dup_settings_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autofree char *data = NULL;
  GtkPrintSettings *settings = gtk_print_operation_get_print_settings (operation);
  GtkPageSetup *page_setup = gtk_print_operation_get_default_page_setup (operation);
  gsize length;

  if (settings != NULL)
    {
      g_autoptr(GtkPrintSettings) to_keep = gtk_print_settings_copy (settings);

      /* The file a PDF export wrote is not a preference. */
      gtk_print_settings_unset (to_keep, GTK_PRINT_SETTINGS_OUTPUT_URI);
      gtk_print_settings_to_key_file (to_keep, key_file, SETTINGS_GROUP);

      /* The paper chosen in the dialog lives in the print settings. */
      if (gtk_print_settings_get_paper_size (settings) != NULL)
        {
          g_autoptr(GtkPageSetup) chosen = gtk_page_setup_copy (page_setup);
          g_autoptr(GtkPaperSize) paper = gtk_print_settings_get_paper_size (settings);

          gtk_page_setup_set_paper_size (chosen, paper);
          gtk_page_setup_set_orientation (chosen, gtk_print_settings_get_orientation (settings));
          gtk_page_setup_to_key_file (chosen, key_file, PAGE_SETUP_GROUP);
        }
    }
  if (!g_key_file_has_group (key_file, PAGE_SETUP_GROUP) && page_setup != NULL)
    gtk_page_setup_to_key_file (page_setup, key_file, PAGE_SETUP_GROUP);

  data = g_key_file_to_data (key_file, &length, NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "%s: %s", dir, g_strerror (saved_errno));
      return FALSE;
    }

  return g_file_set_contents_full (path, data, length,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/* Errors */

char *
iv_print_error_to_user_text (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == IV_RECEIPT_ERROR)
    {
      switch ((IvReceiptError) error->code)
        {
        case IV_RECEIPT_ERROR_INVALID:
          return g_strdup (_("This claim is missing information the document needs. "
                             "Refresh the claim and try again."));
        case IV_RECEIPT_ERROR_QR:
          return g_strdup (_("The verification QR code could not be made for this receipt."));
        case IV_RECEIPT_ERROR_CAIRO:
          return g_strdup (_("The document could not be drawn. There may not be enough memory."));
        case IV_RECEIPT_ERROR_WRITE:
          /* TRANSLATORS: %s is the system's reason */
          return g_strdup_printf (_("The file could not be written: %s"), error->message);
        default:
          break;
        }
    }

  /* GTK's print and GIO's errors come translated already. */
  return g_strdup (error->message);
}

GtkWidget *
iv_print_present_error (GtkWindow    *parent,
                        const char   *heading,
                        const GError *error)
{
  g_autofree char *body = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (heading != NULL, NULL);
  g_return_val_if_fail (error != NULL, NULL);

  body = iv_print_error_to_user_text (error);

#if ADW_CHECK_VERSION (1, 5, 0)
  /* AdwMessageDialog is deprecated from libadwaita 1.6 */
  {
    AdwDialog *dialog = adw_alert_dialog_new (heading, body);

    adw_alert_dialog_add_response (ADW_ALERT_DIALOG (dialog), "close", _("_Close"));
    adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), "close");
    adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), "close");
    adw_dialog_present (dialog, GTK_WIDGET (parent));
    return GTK_WIDGET (dialog);
  }
#else
  {
    GtkWidget *dialog = adw_message_dialog_new (parent, heading, body);

    adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
    adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
    adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
    gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
    gtk_window_present (GTK_WINDOW (dialog));
    return dialog;
  }
#endif
}

/* vfuncs */

static void
iv_print_operation_begin_print (GtkPrintOperation *operation,
                                GtkPrintContext   *context)
{
  IvPrintOperation *self = IV_PRINT_OPERATION (operation);

  g_clear_error (&self->render_error);
  if (!iv_receipt_renderer_prepare (self->renderer, &self->render_error))
    {
      /* Nothing sensible to print: stop, and say why in done(). */
      gtk_print_operation_cancel (operation);
      return;
    }

  gtk_print_operation_set_n_pages (operation, iv_receipt_renderer_get_n_pages (self->renderer));
}

static void
iv_print_operation_draw_page (GtkPrintOperation *operation,
                              GtkPrintContext   *context,
                              int                page_nr)
{
  IvPrintOperation *self = IV_PRINT_OPERATION (operation);
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);
  double scale;

  /* The layout is A4: fit it on whatever paper was chosen, centred. */
  scale = MIN (width / IV_RECEIPT_PAGE_WIDTH, height / IV_RECEIPT_PAGE_HEIGHT);
  cairo_save (cr);
  cairo_translate (cr,
                   (width - IV_RECEIPT_PAGE_WIDTH * scale) / 2,
                   (height - IV_RECEIPT_PAGE_HEIGHT * scale) / 2);
  cairo_scale (cr, scale, scale);
  iv_receipt_renderer_draw_page (self->renderer, cr, (guint) page_nr);
  cairo_restore (cr);
}

static void
iv_print_operation_done (GtkPrintOperation       *operation,
                         GtkPrintOperationResult  result)
{
  IvPrintOperation *self = IV_PRINT_OPERATION (operation);
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    {
      g_autoptr(GError) save_error = NULL;

      if (!save_settings (self, &save_error))
        g_warning ("Could not remember the print settings: %s", save_error->message);
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
    }

  if (error == NULL && self->render_error != NULL)
    error = g_error_copy (self->render_error);

  if (error != NULL)
    {
      g_debug ("Printing failed: %s", error->message);
      if (self->parent != NULL)
        g_set_weak_pointer (&self->error_dialog,
                            iv_print_present_error (self->parent, _("Could Not Print"), error));
    }

  if (self->running)
    {
      self->running = FALSE;
      g_object_unref (self);   /* the reference taken by run_for_window () */
    }
}

/* GObject */

static void
iv_print_operation_constructed (GObject *object)
{
  IvPrintOperation *self = IV_PRINT_OPERATION (object);
  GtkPrintOperation *operation = GTK_PRINT_OPERATION (object);
  g_autofree char *title = NULL;

  G_OBJECT_CLASS (iv_print_operation_parent_class)->constructed (object);

  g_assert (self->renderer != NULL);

  title = iv_receipt_renderer_dup_title (self->renderer);
  gtk_print_operation_set_job_name (operation, title);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  /* The layout has its own margins: draw on the whole sheet. */
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_allow_async (operation, TRUE);
  load_settings (self);
}

static void
iv_print_operation_dispose (GObject *object)
{
  IvPrintOperation *self = IV_PRINT_OPERATION (object);

  g_clear_weak_pointer (&self->parent);
  g_clear_weak_pointer (&self->error_dialog);
  g_clear_object (&self->renderer);

  G_OBJECT_CLASS (iv_print_operation_parent_class)->dispose (object);
}

static void
iv_print_operation_finalize (GObject *object)
{
  IvPrintOperation *self = IV_PRINT_OPERATION (object);

  g_clear_error (&self->render_error);

  G_OBJECT_CLASS (iv_print_operation_parent_class)->finalize (object);
}

static void
iv_print_operation_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  IvPrintOperation *self = IV_PRINT_OPERATION (object);

  switch (prop_id)
    {
    case PROP_RENDERER:
      g_value_set_object (value, self->renderer);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_print_operation_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  IvPrintOperation *self = IV_PRINT_OPERATION (object);

  switch (prop_id)
    {
    case PROP_RENDERER:
      self->renderer = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_print_operation_class_init (IvPrintOperationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkPrintOperationClass *operation_class = GTK_PRINT_OPERATION_CLASS (klass);

  object_class->constructed = iv_print_operation_constructed;
  object_class->dispose = iv_print_operation_dispose;
  object_class->finalize = iv_print_operation_finalize;
  object_class->get_property = iv_print_operation_get_property;
  object_class->set_property = iv_print_operation_set_property;

  operation_class->begin_print = iv_print_operation_begin_print;
  operation_class->draw_page = iv_print_operation_draw_page;
  operation_class->done = iv_print_operation_done;

  properties[PROP_RENDERER] =
    g_param_spec_object ("renderer", NULL, NULL, IV_TYPE_RECEIPT_RENDERER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
iv_print_operation_init (IvPrintOperation *self)
{
}

/* Public API */

IvPrintOperation *
iv_print_operation_new (IvReceiptRenderer *renderer)
{
  g_return_val_if_fail (IV_IS_RECEIPT_RENDERER (renderer), NULL);

  return g_object_new (IV_TYPE_PRINT_OPERATION,
                       "renderer", renderer,
                       NULL);
}

IvReceiptRenderer *
iv_print_operation_get_renderer (IvPrintOperation *self)
{
  g_return_val_if_fail (IV_IS_PRINT_OPERATION (self), NULL);

  return self->renderer;
}

const GError *
iv_print_operation_get_render_error (IvPrintOperation *self)
{
  g_return_val_if_fail (IV_IS_PRINT_OPERATION (self), NULL);

  return self->render_error;
}

GtkWidget *
iv_print_operation_get_error_dialog (IvPrintOperation *self)
{
  g_return_val_if_fail (IV_IS_PRINT_OPERATION (self), NULL);

  return self->error_dialog;
}

void
iv_print_operation_run_with_action (IvPrintOperation        *self,
                                    GtkPrintOperationAction  action,
                                    GtkWindow               *parent)
{
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult result;

  g_return_if_fail (IV_IS_PRINT_OPERATION (self));
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (!self->running);

  g_set_weak_pointer (&self->parent, parent);

  /* Kept alive until done() however the caller treats its reference. */
  self->running = TRUE;
  g_object_ref (self);

  result = gtk_print_operation_run (GTK_PRINT_OPERATION (self), action, parent, &error);

  /* Errors before the dialog opened do not always reach done(). */
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR && self->running)
    {
      if (parent != NULL && error != NULL)
        g_set_weak_pointer (&self->error_dialog,
                            iv_print_present_error (parent, _("Could Not Print"), error));
      self->running = FALSE;
      g_object_unref (self);
    }
}

void
iv_print_operation_run_for_window (IvPrintOperation *self,
                                   GtkWindow        *parent)
{
  iv_print_operation_run_with_action (self, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent);
}

void
iv_print_claim (GtkWindow              *parent,
                const IvPrintableClaim *claim,
                IvReceiptDocumentKind   kind)
{
  g_autoptr(IvReceiptRenderer) renderer = NULL;
  g_autoptr(IvPrintOperation) operation = NULL;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (claim != NULL);

  renderer = iv_receipt_renderer_new (claim, kind);
  operation = iv_print_operation_new (renderer);
  iv_print_operation_run_for_window (operation, parent);
}
