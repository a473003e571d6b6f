/*
 * ui.h — the interactive reader.
 */
#ifndef LISEUSE_UI_H
#define LISEUSE_UI_H

#include "loader.h"
#include "opts.h"

/* ui_run's answer when the terminal cannot be driven (TERM unset, dumb, unknown). */
enum { UI_NO_TERMINAL = -1 };

/* Run the reader on the document ld loads until the user quits; returns the exit status, or
 * UI_NO_TERMINAL. */
int ui_run(struct loader *ld, const struct opts *o);

#endif
