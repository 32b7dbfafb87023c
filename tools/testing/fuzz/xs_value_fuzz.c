// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for include/xen/backend-xs-value.h, the parser of the
 * numbers a frontend writes into xenstore.
 *
 * Input: the value's bytes (a NUL ends it early, as in xenstore).  A
 * value the parser takes must be digits only, and the number must be the
 * one libc's strtoull() reads from it, within 32 bits; a value it refuses
 * must be empty, hold a non-digit, or be over 32 bits.
 */
#include <stdlib.h>
#include <string.h>

#include <linux/types.h>
#include <xen/backend-xs-value.h>

#define FUZZ_ASSERT(cond) do { if (!(cond)) abort(); } while (0)

/* libFuzzer's entry point; the Makefile maps the name to libFuzzer's. */
int fuzz_one_input(const u8 *data, size_t size)
{
	unsigned long long ref;
	bool digits = true;
	char *s, *end;
	size_t i, len;
	u32 v = 0;

	s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	len = strlen(s);
	for (i = 0; i < len; i++)
		digits &= s[i] >= '0' && s[i] <= '9';

	if (xen_backend_parse_u32(s, &v)) {
		FUZZ_ASSERT(len && digits);
		ref = strtoull(s, &end, 10);
		FUZZ_ASSERT(*end == '\0' && ref == v);
	} else if (len && digits) {
		/* All digits, so only too big for 32 bits. */
		ref = strtoull(s, &end, 10);
		FUZZ_ASSERT(*end == '\0' && ref > 0xffffffffULL);
	}
	free(s);
	return 0;
}
