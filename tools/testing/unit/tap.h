/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal TAP producer for the userspace unit tests.
 */
#ifndef _UNIT_TAP_H
#define _UNIT_TAP_H

#include <stdio.h>

static unsigned int tap_count;
static unsigned int tap_failed;

static inline void tap_ok(int cond, const char *name, const char *file,
			  int line)
{
	tap_count++;
	if (cond) {
		printf("ok %u - %s\n", tap_count, name);
		return;
	}
	tap_failed++;
	printf("not ok %u - %s\n", tap_count, name);
	printf("# failed at %s:%d\n", file, line);
}

#define TAP_OK(cond, name) tap_ok(!!(cond), name, __FILE__, __LINE__)
#define TAP_EQ(a, b, name) TAP_OK((long long)(a) == (long long)(b), name)

/* Print the plan and return the exit status of the test program. */
static inline int tap_done(void)
{
	printf("1..%u\n", tap_count);
	if (tap_failed)
		printf("# %u of %u tests failed\n", tap_failed, tap_count);
	return tap_failed ? 1 : 0;
}

#endif /* _UNIT_TAP_H */
