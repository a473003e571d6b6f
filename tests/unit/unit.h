/*
 * unit.h — what every cmocka suite includes, and small helpers to build a
 * document from a string.
 */
#ifndef LISEUSE_UNIT_H
#define LISEUSE_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "doc.h"
#include "parse.h"
#include "text.h"

/* Sanitize and parse s as plain text, French spacing on or off. */
static inline struct doc *
unit_doc(const char *s, int typo)
{
	struct buf clean = { 0 };
	struct text_info info;
	struct parse_opts o = { .format = FORMAT_TEXT, .typo = typo, .lang = "fr" };
	struct doc *d = doc_create("test");
	text_sanitize(s, strlen(s), NULL, &clean, &info);
	d->info = info;
	parse_text(d, clean.data ? clean.data : "", clean.len, &o);
	buf_free(&clean);
	return d;
}

#endif
