/*
 * ui.h — the interactive reader.
 */
#ifndef LISEUSE_UI_H
#define LISEUSE_UI_H

#include "doc.h"
#include "opts.h"

/* Run the reader on d until the user quits; returns the exit status. */
int ui_run(struct doc *d, const struct opts *o);

#endif
