/*
 * Handing a finished document (the 2C résumé; reports later) to the person who
 * asked for it, on their own side:
 *
 *   - over SSH (hoso serve vouched for the session, app->remote): nothing is
 *     written on the server. The text goes to the printer of the person's own
 *     terminal through ANSI media copy (ESC [ 5 i, the text in UTF-8 with CR LF
 *     line ends and a form feed, ESC [ 4 i), which PuTTY and xterm pass to their
 *     printer; the text also stays on the screen to be selected and copied.
 *     There is no path box: nothing typed in a session reaches the server's files.
 *   - locally: the file goes into the account's own output directory
 *     (deliver_output_dir) under a name checked by core/outfile.h, and an
 *     existing file is replaced only when the person says so (default No).
 */
#ifndef HOSO_UI_DELIVER_H
#define HOSO_UI_DELIVER_H
#include "ui/app.h"
#include <stddef.h>

/* Label (message id) of the key that delivers: "Print" over SSH, else
 * "Write to file". */
const char *deliver_key_label(const struct app *a);
/* Deliver text as above; suggested is the file name offered locally. Tells the
 * outcome on the status line. */
void deliver_text(struct app *a, const char *text, const char *suggested);
/* A file that is not text (a spreadsheet): written locally as above; refused over
 * SSH, where only text can reach the person's side. */
void deliver_file(struct app *a, const char *data, size_t len, const char *suggested);
/* The account's output directory: <base>/<account>, where base is
 * app->output_base (config ui.output_dir, else "output" beside the database).
 * Caller frees. NULL when the account's name is not a usable file name (".."). */
char *deliver_output_dir(const struct app *a);
#endif
