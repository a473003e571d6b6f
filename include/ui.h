/*
 * ui.h — the interactive reader.
 */
#ifndef LISEUSE_UI_H
#define LISEUSE_UI_H

#include "doc.h"
#include "opts.h"

/* ui_run's answer when the terminal cannot be driven (TERM unset, dumb, unknown). */
enum { UI_NO_TERMINAL = -1 };

/* Run the reader on d until the user quits; returns the exit status, or UI_NO_TERMINAL. */
int ui_run(struct doc *d, const struct opts *o);

#endif
