/*
 * config.h — the settings file, $XDG_CONFIG_HOME/liseuse/config: the same
 * names as the long options, applied before the command line so that the
 * command line wins.  A bad line is reported and skipped, never fatal.
 */
#ifndef LISEUSE_CONFIG_H
#define LISEUSE_CONFIG_H

#include "opts.h"

/*
 * Apply the settings of text (the contents of a config file) to o: the
 * number of bad lines, and *messages their "config:LINE:COL: …" messages
 * joined by "; " (or NULL; the caller frees it).  Nothing is said.
 */
int config_parse(struct opts *o, const char *text, char **messages);
/*
 * Apply the config file to o if there is one: the number of problems, each
 * said through msg.c as "PATH:LINE:COL: …".
 */
int config_load(struct opts *o);

#endif
