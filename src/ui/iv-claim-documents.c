/* iv-claim-documents.c: the four kinds of claim documents, each with its files, added and removed */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "iv-claim-documents.h"
#include "iv-announcer.h"
#include "iv-user-db.h"

typedef struct {
  GtkWidget *heading;
  GtkWidget *list;
  GtkWidget *add_button;
  GtkWidget *error_label;
  GtkWidget *progress;      /* "Adding …" with a spinner while a file is read */
  GtkWidget *progress_label;
  GtkWidget *spinner;
  char      *error;
  GStrv      uploaded;
  guint      n_new;
  guint      n_busy;
} KindSection;

struct _IvClaimDocuments
{
  GtkWidget     parent_instance;

  GtkWidget    *box;
  KindSection   sections[IV_CLAIM_DOCUMENT_KINDS];
  JsonNode     *files;
  IvUserDb     *user_db;       /* where files are copied off the main thread; may be NULL */
  GCancellable *cancellable;   /* cancelled when the widget goes away */
  guint         n_busy;
};

G_DEFINE_FINAL_TYPE (IvClaimDocuments, iv_claim_documents, GTK_TYPE_WIDGET)

enum {
  FILE_CHOSEN,
  REMOVE_FILE,
  REMOVE_UPLOADED,
  ADD_FINISHED,
  FILE_COPIED,
  N_SIGNALS
};

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static guint signals[N_SIGNALS];

/* Helpers ---------------------------------------------------------------- */

gboolean
iv_claim_documents_check_file (GFile   *file,
                               char   **out_content_type,
                               GError **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  guchar head[8] = { 0 };
  gsize n_read = 0;
  const char *type = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            NULL, NULL);
  if (info == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("The file cannot be read."));
      return FALSE;
    }
  if (g_file_info_get_size (info) > IV_ATTACHMENT_MAX_SIZE)
    {
      g_autofree char *size = g_format_size (g_file_info_get_size (info));
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("The file is %s; documents may be at most 20 MB."), size);
      return FALSE;
    }
  if (g_file_info_get_size (info) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The file is empty."));
      return FALSE;
    }

  /* The service checks the bytes, not the name: so do we */
  stream = g_file_read (file, NULL, NULL);
  if (stream == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), head, sizeof head, &n_read, NULL, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The file cannot be read."));
      return FALSE;
    }
  if (n_read >= 5 && memcmp (head, "%PDF-", 5) == 0)
    type = "application/pdf";
  else if (n_read >= 8 && memcmp (head, "\x89PNG\r\n\x1a\n", 8) == 0)
    type = "image/png";
  else if (n_read >= 3 && memcmp (head, "\xff\xd8\xff", 3) == 0)
    type = "image/jpeg";
  if (type == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Only PDF, PNG and JPEG files can be attached."));
      return FALSE;
    }
  if (out_content_type != NULL)
    *out_content_type = g_strdup (type);
  return TRUE;
}

static const char *
kind_label (IvDocumentKind kind)
{
  return iv_document_kind_to_label (kind);
}

static void
update_heading (IvClaimDocuments *self,
                IvDocumentKind    kind)
{
  KindSection *section = &self->sections[kind];
  guint n = iv_claim_documents_count (self, kind);
  g_autofree char *text = NULL;

  /* The count in words, so "missing" is not told by colour */
  if (n == 0)
    text = g_strdup_printf (_("%s — missing"), kind_label (kind));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s — %u file", "%s — %u files", n),
                            kind_label (kind), n);
  gtk_label_set_text (GTK_LABEL (section->heading), text);
}

static void
remove_clicked_cb (GtkButton        *button,
                   IvClaimDocuments *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "file-index"));
  int uploaded_kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "uploaded-kind"));

  if (uploaded_kind > 0)
    g_signal_emit (self, signals[REMOVE_UPLOADED], 0, uploaded_kind - 1, index);
  else
    g_signal_emit (self, signals[REMOVE_FILE], 0, index);
}

static GtkWidget *
make_file_row (IvClaimDocuments *self,
               const char       *name,
               const char       *detail,
               guint             index,
               int               uploaded_kind)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (name);
  GtkWidget *subtitle = gtk_label_new (detail);
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *remove_label = g_strdup_printf (_("Remove %s"), name);
  g_autofree char *sentence = g_strdup_printf (_("%s, %s"), name, detail);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_box_append (GTK_BOX (labels), title);
  gtk_box_append (GTK_BOX (labels), subtitle);
  gtk_box_append (GTK_BOX (box), labels);

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, remove_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
  g_object_set_data (G_OBJECT (remove), "file-index", GUINT_TO_POINTER (index));
  g_object_set_data (G_OBJECT (remove), "uploaded-kind", GINT_TO_POINTER (uploaded_kind));
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), remove);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, sentence, -1);
  return row;
}

static const char *
type_label (const char *content_type)
{
  if (g_strcmp0 (content_type, "application/pdf") == 0)
    return "PDF";
  if (g_strcmp0 (content_type, "image/png") == 0)
    return "PNG";
  if (g_strcmp0 (content_type, "image/jpeg") == 0)
    return "JPEG";
  return content_type ? content_type : "";
}

static void
rebuild (IvClaimDocuments *self)
{
  JsonArray *array = NULL;

  if (self->files != NULL && JSON_NODE_HOLDS_ARRAY (self->files))
    array = json_node_get_array (self->files);

  for (guint k = 0; k < IV_CLAIM_DOCUMENT_KINDS; k++)
    {
      KindSection *section = &self->sections[k];
      GtkWidget *child;

      while ((child = gtk_widget_get_first_child (section->list)) != NULL)
        gtk_list_box_remove (GTK_LIST_BOX (section->list), child);
      section->n_new = 0;

      for (guint i = 0; section->uploaded != NULL && section->uploaded[i] != NULL; i++)
        {
          g_autofree char *name = g_strdup_printf (_("Uploaded document %u"), i + 1);

          gtk_list_box_append (GTK_LIST_BOX (section->list),
                               make_file_row (self, name, _("already on the service"), i, (int) k + 1));
        }
    }

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *file = json_array_get_object_element (array, i);
      IvDocumentKind kind;
      g_autofree char *size = NULL;
      g_autofree char *detail = NULL;

      if (file == NULL ||
          !iv_document_kind_from_string (json_object_get_string_member_with_default (file, "document_kind", ""), &kind))
        continue;
      size = g_format_size (json_object_get_int_member_with_default (file, "size", 0));
      /* Translators: file type and size, e.g. "PDF, 1.2 MB" */
      detail = g_strdup_printf (_("%s, %s"),
                                type_label (json_object_get_string_member_with_default (file, "content_type", NULL)),
                                size);
      gtk_list_box_append (GTK_LIST_BOX (self->sections[kind].list),
                           make_file_row (self,
                                          json_object_get_string_member_with_default (file, "filename", "?"),
                                          detail, i, 0));
      self->sections[kind].n_new++;
    }

  for (guint k = 0; k < IV_CLAIM_DOCUMENT_KINDS; k++)
    {
      gtk_widget_set_visible (self->sections[k].list, iv_claim_documents_count (self, k) > 0);
      update_heading (self, k);
    }
}

/* File chooser ----------------------------------------------------------- */

typedef struct {
  IvClaimDocuments *self;
  IvDocumentKind    kind;
} ChooseData;

static void
choose_data_free (ChooseData *data)
{
  g_clear_object (&data->self);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChooseData, choose_data_free)

static GtkFileFilter *
make_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("PDF, PNG or JPEG"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_filter_add_suffix (filter, "png");
  gtk_file_filter_add_suffix (filter, "jpg");
  gtk_file_filter_add_suffix (filter, "jpeg");
  return filter;
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
open_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(ChooseData) data = user_data;
  g_autoptr(GFile) file = gtk_file_dialog_open_finish (GTK_FILE_DIALOG (source), result, NULL);

  if (file != NULL)
    iv_claim_documents_add_file_async (data->self, data->kind, file, NULL, NULL, NULL);
}
#else
static void
native_response_cb (GtkNativeDialog *native,
                    int              response,
                    gpointer         user_data)
{
  g_autoptr(ChooseData) data = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (file != NULL)
        iv_claim_documents_add_file_async (data->self, data->kind, file, NULL, NULL, NULL);
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}
#endif

static void
add_clicked_cb (GtkButton        *button,
                IvClaimDocuments *self)
{
  IvDocumentKind kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "document-kind"));
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  g_autofree char *title = g_strdup_printf (_("Choose the %s"), kind_label (kind));
  g_autoptr(GtkFileFilter) filter = make_filter ();
  ChooseData *data = g_new0 (ChooseData, 1);

  data->self = g_object_ref (self);
  data->kind = kind;

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
    g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);

    g_list_store_append (filters, filter);
    gtk_file_dialog_set_title (dialog, title);
    gtk_file_dialog_set_modal (dialog, TRUE);
    gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
    gtk_file_dialog_set_default_filter (dialog, filter);
    gtk_file_dialog_open (dialog, parent, NULL, open_done_cb, data);
  }
#else
  {
    GtkFileChooserNative *native = gtk_file_chooser_native_new (title, parent,
                                                                GTK_FILE_CHOOSER_ACTION_OPEN,
                                                                _("_Attach"), _("_Cancel"));

    gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
    g_signal_connect (native, "response", G_CALLBACK (native_response_cb), data);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
  }
#endif
}

/* GObject ---------------------------------------------------------------- */

static void
iv_claim_documents_dispose (GObject *object)
{
  IvClaimDocuments *self = IV_CLAIM_DOCUMENTS (object);

  /* A copy still running stops and removes its partial file; nothing of the
   * draft changes (it only changes after a whole, synced copy) */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->user_db);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  for (guint k = 0; k < IV_CLAIM_DOCUMENT_KINDS; k++)
    {
      g_clear_pointer (&self->sections[k].uploaded, g_strfreev);
      g_clear_pointer (&self->sections[k].error, g_free);
    }
  g_clear_pointer (&self->files, json_node_unref);

  G_OBJECT_CLASS (iv_claim_documents_parent_class)->dispose (object);
}

static void
iv_claim_documents_unroot (GtkWidget *widget)
{
  IvClaimDocuments *self = IV_CLAIM_DOCUMENTS (widget);

  /* Out of its window (the form closed): stop copying for it */
  if (self->n_busy > 0 && self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
    }
  GTK_WIDGET_CLASS (iv_claim_documents_parent_class)->unroot (widget);
}

static void
iv_claim_documents_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  IvClaimDocuments *self = IV_CLAIM_DOCUMENTS (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->n_busy > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
iv_claim_documents_class_init (IvClaimDocumentsClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = iv_claim_documents_dispose;
  G_OBJECT_CLASS (klass)->get_property = iv_claim_documents_get_property;
  widget_class->unroot = iv_claim_documents_unroot;

  /* TRUE while a chosen file is being read and copied */
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (G_OBJECT_CLASS (klass), N_PROPS, properties);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "claimdocuments");

  /* kind (IvDocumentKind), the file, its sniffed content type */
  signals[FILE_CHOSEN] = g_signal_new ("file-chosen", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_FILE, G_TYPE_STRING);
  /* index into the draft's files */
  signals[REMOVE_FILE] = g_signal_new ("remove-file", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 1, G_TYPE_UINT);
  /* kind, index into its uploaded attachment ids */
  signals[REMOVE_UPLOADED] = g_signal_new ("remove-uploaded", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  /* kind, file name, content type, size, sha256 of the private copy in the
   * user db (whole and synced): a handler that records it in the draft
   * returns TRUE, and "file-chosen" is then not emitted */
  signals[FILE_COPIED] = g_signal_new ("file-copied", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, g_signal_accumulator_true_handled, NULL, NULL,
                                       G_TYPE_BOOLEAN, 5, G_TYPE_UINT, G_TYPE_STRING, G_TYPE_STRING,
                                       G_TYPE_INT64, G_TYPE_STRING);
  /* kind, the file, the translated error or NULL: an add is over (after
   * "file-chosen" and its handlers when it worked) */
  signals[ADD_FINISHED] = g_signal_new ("add-finished", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_FILE, G_TYPE_STRING);
}

static void
iv_claim_documents_init (IvClaimDocuments *self)
{
  self->cancellable = g_cancellable_new ();
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  for (guint k = 0; k < IV_CLAIM_DOCUMENT_KINDS; k++)
    {
      KindSection *section = &self->sections[k];
      GtkWidget *group = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      g_autofree char *button_label = g_strdup_printf (_("Add %s…"), kind_label (k));

      section->heading = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (section->heading), 0);
      gtk_label_set_wrap (GTK_LABEL (section->heading), TRUE);
      gtk_widget_set_hexpand (section->heading, TRUE);
      gtk_widget_add_css_class (section->heading, "heading");
      gtk_box_append (GTK_BOX (header), section->heading);

      section->add_button = gtk_button_new_with_label (button_label);
      g_object_set_data (G_OBJECT (section->add_button), "document-kind", GUINT_TO_POINTER (k));
      g_signal_connect (section->add_button, "clicked", G_CALLBACK (add_clicked_cb), self);
      gtk_accessible_update_property (GTK_ACCESSIBLE (section->add_button),
                                      GTK_ACCESSIBLE_PROPERTY_REQUIRED, TRUE, -1);
      gtk_box_append (GTK_BOX (header), section->add_button);
      gtk_box_append (GTK_BOX (group), header);

      section->list = gtk_list_box_new ();
      gtk_list_box_set_selection_mode (GTK_LIST_BOX (section->list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (section->list, "boxed-list");
      gtk_accessible_update_property (GTK_ACCESSIBLE (section->list),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, kind_label (k), -1);
      gtk_box_append (GTK_BOX (group), section->list);

      section->progress = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      section->spinner = gtk_spinner_new ();
      section->progress_label = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (section->progress_label), 0);
      gtk_label_set_wrap (GTK_LABEL (section->progress_label), TRUE);
      gtk_widget_add_css_class (section->progress_label, "dim-label");
      gtk_box_append (GTK_BOX (section->progress), section->spinner);
      gtk_box_append (GTK_BOX (section->progress), section->progress_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (section->progress),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Adding…"), -1);
      gtk_widget_set_visible (section->progress, FALSE);
      gtk_box_append (GTK_BOX (group), section->progress);

      section->error_label = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (section->error_label), 0);
      gtk_label_set_wrap (GTK_LABEL (section->error_label), TRUE);
      gtk_widget_add_css_class (section->error_label, "error");
      gtk_widget_set_visible (section->error_label, FALSE);
      gtk_box_append (GTK_BOX (group), section->error_label);

      gtk_box_append (GTK_BOX (self->box), group);
    }
  rebuild (self);
}

/* Public ----------------------------------------------------------------- */

GtkWidget *
iv_claim_documents_new (void)
{
  return g_object_new (IV_TYPE_CLAIM_DOCUMENTS, NULL);
}

void
iv_claim_documents_set_files (IvClaimDocuments *self,
                              JsonNode         *files)
{
  g_return_if_fail (IV_IS_CLAIM_DOCUMENTS (self));

  g_clear_pointer (&self->files, json_node_unref);
  if (files != NULL)
    self->files = json_node_copy (files);
  rebuild (self);
}

void
iv_claim_documents_set_uploaded (IvClaimDocuments   *self,
                                 IvDocumentKind      kind,
                                 const char * const *attachment_ids)
{
  g_return_if_fail (IV_IS_CLAIM_DOCUMENTS (self));
  g_return_if_fail (kind < IV_CLAIM_DOCUMENT_KINDS);

  g_clear_pointer (&self->sections[kind].uploaded, g_strfreev);
  if (attachment_ids != NULL)
    self->sections[kind].uploaded = g_strdupv ((char **) attachment_ids);
  rebuild (self);
}

const char * const *
iv_claim_documents_get_uploaded (IvClaimDocuments *self,
                                 IvDocumentKind    kind)
{
  static const char *none[] = { NULL };

  g_return_val_if_fail (IV_IS_CLAIM_DOCUMENTS (self), none);
  g_return_val_if_fail (kind < IV_CLAIM_DOCUMENT_KINDS, none);

  if (self->sections[kind].uploaded == NULL)
    return none;
  return (const char * const *) self->sections[kind].uploaded;
}

guint
iv_claim_documents_count (IvClaimDocuments *self,
                          IvDocumentKind    kind)
{
  KindSection *section;

  g_return_val_if_fail (IV_IS_CLAIM_DOCUMENTS (self), 0);
  g_return_val_if_fail (kind < IV_CLAIM_DOCUMENT_KINDS, 0);

  section = &self->sections[kind];
  return section->n_new + (section->uploaded ? g_strv_length (section->uploaded) : 0);
}

GtkWidget *
iv_claim_documents_get_add_button (IvClaimDocuments *self,
                                   IvDocumentKind    kind)
{
  g_return_val_if_fail (IV_IS_CLAIM_DOCUMENTS (self), NULL);
  g_return_val_if_fail (kind < IV_CLAIM_DOCUMENT_KINDS, NULL);
  return self->sections[kind].add_button;
}

void
iv_claim_documents_set_error (IvClaimDocuments *self,
                              IvDocumentKind    kind,
                              const char       *message)
{
  KindSection *section;

  g_return_if_fail (IV_IS_CLAIM_DOCUMENTS (self));
  g_return_if_fail (kind < IV_CLAIM_DOCUMENT_KINDS);

  section = &self->sections[kind];
  if (message != NULL && *message == '\0')
    message = NULL;
  g_free (section->error);
  section->error = g_strdup (message);
  if (message != NULL)
    {
      g_autofree char *shown = g_strdup_printf (_("Error: %s"), message);

      gtk_label_set_text (GTK_LABEL (section->error_label), shown);
      gtk_accessible_update_state (GTK_ACCESSIBLE (section->add_button),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE, -1);
      iv_accessible_set_error_message (section->add_button, section->error_label);
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (section->error_label), "");
      gtk_accessible_update_state (GTK_ACCESSIBLE (section->add_button),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_FALSE, -1);
      iv_accessible_set_error_message (section->add_button, NULL);
    }
  gtk_widget_set_visible (section->error_label, message != NULL);
}

const char *
iv_claim_documents_get_error (IvClaimDocuments *self,
                              IvDocumentKind    kind)
{
  g_return_val_if_fail (IV_IS_CLAIM_DOCUMENTS (self), NULL);
  g_return_val_if_fail (kind < IV_CLAIM_DOCUMENT_KINDS, NULL);
  return self->sections[kind].error;
}

/* Adding a file off the main thread ------------------------------------- */

typedef struct {
  IvDocumentKind kind;
  GFile         *file;
  IvUserDb      *user_db;
  char          *content_type;  /* out */
  char          *sha256;        /* out: the private copy, when user_db */
  goffset        size;          /* out */
} AddData;

static void
add_data_free (AddData *data)
{
  g_clear_object (&data->file);
  g_clear_object (&data->user_db);
  g_free (data->content_type);
  g_free (data->sha256);
  g_free (data);
}

static void
add_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  AddData *data = task_data;
  g_autoptr(GError) error = NULL;

  /* Reading a chosen file may be slow (portal, network share, 20 MiB): the
   * size check, the sniffing and the copy all happen here */
  if (!iv_claim_documents_check_file (data->file, &data->content_type, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (data->user_db != NULL)
    {
      /* Written to a temporary name, fsync'd, renamed, folder fsync'd:
       * whole on disk before the draft refers to it */
      data->sha256 = iv_user_db_import_file (data->user_db, data->file, &data->size, NULL, cancellable, &error);
      if (data->sha256 == NULL)
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_task_return_error (task, g_steal_pointer (&error));
          else
            g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                                     _("The file could not be copied: %s"), error->message);
          return;
        }
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_boolean (task, TRUE);
}

static void
set_busy (IvClaimDocuments *self,
          IvDocumentKind    kind,
          GFile            *file,
          gboolean          busy)
{
  KindSection *section = &self->sections[kind];
  gboolean was_busy = self->n_busy > 0;

  if (busy)
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *text = g_strdup_printf (_("Adding %s…"), name);
      g_autofree char *spoken = g_strdup_printf (_("Adding the %s…"), kind_label (kind));

      section->n_busy++;
      self->n_busy++;
      gtk_label_set_text (GTK_LABEL (section->progress_label), text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (section->progress),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
      gtk_accessible_update_state (GTK_ACCESSIBLE (section->add_button),
                                   GTK_ACCESSIBLE_STATE_BUSY, TRUE, -1);
      iv_announce (GTK_WIDGET (self), spoken, IV_ANNOUNCE_POLITE);
    }
  else
    {
      section->n_busy--;
      self->n_busy--;
    }
  /* One file per kind at a time: the button waits, the row says why */
  gtk_widget_set_sensitive (section->add_button, section->n_busy == 0);
  gtk_widget_set_visible (section->progress, section->n_busy > 0);
  if (section->n_busy > 0)
    gtk_spinner_start (GTK_SPINNER (section->spinner));
  else
    {
      gtk_spinner_stop (GTK_SPINNER (section->spinner));
      gtk_accessible_update_state (GTK_ACCESSIBLE (section->add_button),
                                   GTK_ACCESSIBLE_STATE_BUSY, FALSE, -1);
    }
  if (was_busy != (self->n_busy > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
add_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  IvClaimDocuments *self = IV_CLAIM_DOCUMENTS (source);
  GTask *task = G_TASK (result);
  AddData *data = g_task_get_task_data (task);
  g_autoptr(GTask) outer = g_object_steal_data (G_OBJECT (task), "iv-outer-task");
  g_autoptr(GError) error = NULL;
  gboolean focus_was_here;

  g_task_propagate_boolean (task, &error);
  /* The form was closed during the copy: nothing more to say or do; a copy
   * that finished anyway belongs to no draft and is collected later */
  if (self->box == NULL || gtk_widget_get_root (GTK_WIDGET (self)) == NULL)
    {
      if (self->box != NULL)
        set_busy (self, data->kind, data->file, FALSE);
      if (error != NULL)
        g_task_return_error (outer, g_steal_pointer (&error));
      else
        g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_CANCELLED, "closed");
      return;
    }
  /* The button lost the keyboard focus when it went insensitive: give it back */
  {
    GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));

    focus_was_here = focus == NULL || focus == GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));
  }
  set_busy (self, data->kind, data->file, FALSE);
  if (focus_was_here)
    gtk_widget_grab_focus (self->sections[data->kind].add_button);

  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          iv_claim_documents_set_error (self, data->kind, error->message);
          iv_announce (GTK_WIDGET (self), error->message, IV_ANNOUNCE_ASSERTIVE);
          gtk_widget_grab_focus (self->sections[data->kind].add_button);
        }
      g_signal_emit (self, signals[ADD_FINISHED], 0, (guint) data->kind, data->file, error->message);
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }
  iv_claim_documents_set_error (self, data->kind, NULL);
  /* The form records the file in the draft and says so once that is
   * committed: from the private copy when it takes "file-copied", else
   * from the chosen file ("file-chosen", which copies it again) */
  {
    gboolean handled = FALSE;

    if (data->sha256 != NULL)
      {
        g_autofree char *filename = g_file_get_basename (data->file);

        g_signal_emit (self, signals[FILE_COPIED], 0, (guint) data->kind, filename, data->content_type,
                       (gint64) data->size, data->sha256, &handled);
      }
    if (!handled)
      g_signal_emit (self, signals[FILE_CHOSEN], 0, (guint) data->kind, data->file, data->content_type);
  }
  g_signal_emit (self, signals[ADD_FINISHED], 0, (guint) data->kind, data->file,
                 iv_claim_documents_get_error (self, data->kind));
  /* The form's handler reports a failure to store it as the kind's error */
  if (iv_claim_documents_get_error (self, data->kind) != NULL)
    g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_FAILED, "%s",
                             iv_claim_documents_get_error (self, data->kind));
  else
    g_task_return_boolean (outer, TRUE);
}

void
iv_claim_documents_add_file_async (IvClaimDocuments    *self,
                                   IvDocumentKind       kind,
                                   GFile               *file,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) inner = NULL;
  AddData *data;

  g_return_if_fail (IV_IS_CLAIM_DOCUMENTS (self));
  g_return_if_fail (kind < IV_CLAIM_DOCUMENT_KINDS);
  g_return_if_fail (G_IS_FILE (file));

  /* The outer task reports to the caller after the widget has updated */
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, iv_claim_documents_add_file_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);

  data = g_new0 (AddData, 1);
  data->kind = kind;
  data->file = g_object_ref (file);
  data->user_db = self->user_db ? g_object_ref (self->user_db) : NULL;
  set_busy (self, kind, file, TRUE);

  inner = g_task_new (self, self->cancellable, add_done_cb, NULL);
  g_task_set_source_tag (inner, add_thread);
  g_task_set_task_data (inner, data, (GDestroyNotify) add_data_free);
  /* Completed by add_done_cb, after the widget and the form have updated */
  g_object_set_data_full (G_OBJECT (inner), "iv-outer-task", g_steal_pointer (&task), g_object_unref);
  g_task_run_in_thread (inner, add_thread);
}

gboolean
iv_claim_documents_add_file_finish (IvClaimDocuments  *self,
                                    GAsyncResult      *result,
                                    GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
iv_claim_documents_add_file (IvClaimDocuments *self,
                             IvDocumentKind    kind,
                             GFile            *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *content_type = NULL;

  g_return_if_fail (IV_IS_CLAIM_DOCUMENTS (self));
  g_return_if_fail (kind < IV_CLAIM_DOCUMENT_KINDS);
  g_return_if_fail (G_IS_FILE (file));

  if (!iv_claim_documents_check_file (file, &content_type, &error))
    {
      iv_claim_documents_set_error (self, kind, error->message);
      gtk_widget_grab_focus (self->sections[kind].add_button);
      g_signal_emit (self, signals[ADD_FINISHED], 0, (guint) kind, file, error->message);
      return;
    }
  iv_claim_documents_set_error (self, kind, NULL);
  g_signal_emit (self, signals[FILE_CHOSEN], 0, (guint) kind, file, content_type);
  g_signal_emit (self, signals[ADD_FINISHED], 0, (guint) kind, file, iv_claim_documents_get_error (self, kind));
}

void
iv_claim_documents_set_user_db (IvClaimDocuments *self,
                                IvUserDb         *user_db)
{
  g_return_if_fail (IV_IS_CLAIM_DOCUMENTS (self));
  g_set_object (&self->user_db, user_db);
}

gboolean
iv_claim_documents_get_busy (IvClaimDocuments *self)
{
  g_return_val_if_fail (IV_IS_CLAIM_DOCUMENTS (self), FALSE);
  return self->n_busy > 0;
}
