/*
 * test_keys.c — the key tables (keys.c): every binding has the names and
 * help text the help screen shows, no key means two things in one mode,
 * every action of a table is reachable, and keys_lookup() finds each key.
 */
#include "unit.h"

#include "keys.h"

static void
every_binding_has_help(void **state)
{
	(void)state;
	for (const struct key_section *sec = keys_sections; sec->title; sec++) {
		for (const struct key_binding *b = sec->bindings; b->action != ACT_NONE; b++) {
			assert_non_null(b->names);
			assert_non_null(b->help);
			assert_true(strlen(b->names) > 0);
			assert_true(strlen(b->help) > 0);
		}
	}
}

static void
no_key_bound_twice(void **state)
{
	(void)state;
	for (const struct key_section *sec = keys_sections; sec->title; sec++) {
		for (const struct key_binding *a = sec->bindings; a->action != ACT_NONE; a++) {
			for (int i = 0; i < KEYS_PER_BINDING && a->keys[i]; i++) {
				int key = a->keys[i];
				/* Not twice in the same binding… */
				for (int j = i + 1; j < KEYS_PER_BINDING && a->keys[j]; j++)
					assert_int_not_equal(key, a->keys[j]);
				/* …nor in another one of the mode. */
				for (const struct key_binding *b = a + 1; b->action != ACT_NONE;
				     b++)
					for (int j = 0; j < KEYS_PER_BINDING && b->keys[j]; j++)
						if (b->keys[j] == key)
							fail_msg("%s: key %#x bound to \"%s\" and "
							         "\"%s\"",
							         sec->title, (unsigned)key,
							         a->names, b->names);
			}
		}
	}
}

static void
lookup_finds_every_key(void **state)
{
	(void)state;
	for (const struct key_section *sec = keys_sections; sec->title; sec++)
		for (const struct key_binding *b = sec->bindings; b->action != ACT_NONE; b++)
			for (int i = 0; i < KEYS_PER_BINDING && b->keys[i]; i++)
				assert_int_equal(keys_lookup(sec->bindings, b->keys[i]), b->action);
	assert_int_equal(keys_lookup(keys_reading, 0x7FFF), ACT_NONE);
}

/* The keys PRODUCT.md promises, where it promises them. */
static void
product_keys(void **state)
{
	(void)state;
	assert_int_equal(keys_lookup(keys_reading, 'j'), ACT_LINE_DOWN);
	assert_int_equal(keys_lookup(keys_reading, K_ENTER), ACT_LINE_DOWN);
	assert_int_equal(keys_lookup(keys_reading, ' '), ACT_PAGE_DOWN);
	assert_int_equal(keys_lookup(keys_reading, 'G'), ACT_BOTTOM);
	assert_int_equal(keys_lookup(keys_reading, K_HOME), ACT_TOP);
	assert_int_equal(keys_lookup(keys_reading, ']'), ACT_NEXT_SECTION);
	assert_int_equal(keys_lookup(keys_reading, K_TAB), ACT_TOC);
	assert_int_equal(keys_lookup(keys_reading, '/'), ACT_SEARCH_FORWARD);
	assert_int_equal(keys_lookup(keys_reading, '&'), ACT_RESULTS);
	assert_int_equal(keys_lookup(keys_reading, K_F1), ACT_HELP);
	assert_int_equal(keys_lookup(keys_list, '&'), ACT_LIST_CLOSE);
	assert_int_equal(keys_lookup(keys_list, K_ENTER), ACT_LIST_CHOOSE);
	assert_int_equal(keys_lookup(keys_prompt, K_ESC), ACT_PROMPT_CANCEL);
	assert_int_equal(keys_lookup(keys_prompt, K_UP), ACT_PROMPT_OLDER);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_binding_has_help),
		cmocka_unit_test(no_key_bound_twice),
		cmocka_unit_test(lookup_finds_every_key),
		cmocka_unit_test(product_keys),
	};
	return cmocka_run_group_tests_name("keys", tests, NULL, NULL);
}
