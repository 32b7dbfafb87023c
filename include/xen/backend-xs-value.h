/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsing the numbers a frontend writes into xenstore, common to every
 * backend.
 *
 * The kernel's xenbus_scanf("%u") takes the low 32 bits of whatever
 * decimal it finds and stops at the first non-digit: "4294967296" reads
 * as 0 and "2x" as 2.  A number a frontend sizes the backend's resources
 * with (ring-page-order, multi-queue-num-queues, a grant reference, an
 * event channel) is taken only when it is what the protocol says: decimal
 * digits, nothing before or after, within 32 bits.
 *
 * Pure: nothing but fixed-size types, so that the same code is built into
 * the backends and into the userspace unit tests and fuzzers under
 * tools/testing/.
 */
#ifndef _XEN_BACKEND_XS_VALUE_H
#define _XEN_BACKEND_XS_VALUE_H

#include <linux/types.h>

/**
 * xen_backend_parse_u32() - read a xenstore value as an unsigned number
 * @s: the value, NUL-terminated (as xenbus_read() returns it)
 * @val: set to the number, only when it is valid
 *
 * Leading zeros are allowed ("007" is 7); an empty string, a sign, white
 * space or any other character, and anything above 4294967295 are not.
 *
 * Return: true if @s is a valid number.
 */
static inline bool xen_backend_parse_u32(const char *s, u32 *val)
{
	u64 v = 0;

	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (u64)(*s - '0');
		if (v > 0xffffffffULL)
			return false;
	}
	*val = (u32)v;
	return true;
}

#endif /* _XEN_BACKEND_XS_VALUE_H */
