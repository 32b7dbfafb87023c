// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of include/xen/backend-xs-value.h, the parser of the numbers
 * a frontend writes into xenstore, built for userspace.
 */
#include <stdio.h>

#include <linux/types.h>
#include <xen/backend-xs-value.h>
#include "tap.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static void test_valid(void)
{
	u32 v = 99;

	TAP_OK(xen_backend_parse_u32("0", &v) && v == 0, "0 is 0");
	TAP_OK(xen_backend_parse_u32("8", &v) && v == 8, "8 is 8");
	TAP_OK(xen_backend_parse_u32("007", &v) && v == 7,
	       "leading zeros are allowed");
	TAP_OK(xen_backend_parse_u32("4294967295", &v) && v == 4294967295U,
	       "the largest 32-bit number parses");
	TAP_OK(xen_backend_parse_u32("0000000000004294967295", &v) &&
	       v == 4294967295U, "many leading zeros do not overflow");
}

static void test_refused(void)
{
	static const char *const bad[] = {
		"", "-1", "+1", " 1", "1 ", "1\n", "0x10", "2x", "seven",
		"4294967296", "4294967300", "99999999999999999999999",
		"18446744073709551617",
	};
	char name[80];
	unsigned int i;
	u32 v;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		v = 12345;
		snprintf(name, sizeof(name), "'%s' is refused, the value kept",
			 bad[i]);
		TAP_OK(!xen_backend_parse_u32(bad[i], &v) && v == 12345, name);
	}
}

int main(void)
{
	test_valid();
	test_refused();
	return tap_done();
}
