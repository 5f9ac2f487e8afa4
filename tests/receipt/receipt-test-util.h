/* receipt-test-util.h: sample printable claims and helpers shared by the receipt tests */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "iv-printable-claim.h"
#include "iv-receipt-renderer.h"

#define SAMPLE_VERIFY_URL "https://vouchers.example.cn/api/v1/receipts/verify?code=7KQ2M9XD"

IvPrintableClaim *sample_receipt_claim   (void);
IvPrintableClaim *sample_draft_claim     (void);
/* Adds @n_files files of long names to each document kind */
void              add_many_documents     (IvPrintableClaim *claim,
                                          guint             n_files);

/* Runs argv, asserts it exits 0, returns its stdout */
char             *run_tool               (const char * const *argv);
char             *pdf_to_text            (const char *pdf_path);
char             *write_temp_pdf         (IvReceiptRenderer *renderer,
                                          const char        *dir,
                                          const char        *name);
/* Text with all white space removed, for text that may wrap */
char             *squeeze_spaces         (const char *text);
/* Skips the test (and returns TRUE) when a program is not installed */
gboolean          skip_without_program   (const char *program);
