// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of drivers/xen/privcmd/args.c, the checks of privcmd's ioctl
 * arguments, built for userspace.
 */
#include <stdio.h>

#include "args.h"
#include "tap.h"

#define P	PRIVCMD_PAGE_SIZE

static void test_range(void)
{
	const u64 s = 0x7f0000000000ULL, e = s + 4 * P;

	TAP_EQ(privcmd_range_check(s, 4, s, e, true), 0, "whole window");
	TAP_EQ(privcmd_range_check(s, 3, s, e, true), -EINVAL,
	       "a first map shorter than the window");
	TAP_EQ(privcmd_range_check(s, 5, s, e, false), -EINVAL,
	       "past the end of the window");
	TAP_EQ(privcmd_range_check(s + P, 3, s, e, false), 0,
	       "a hole at the end");
	TAP_EQ(privcmd_range_check(s + P, 3, s, e, true), -EINVAL,
	       "a first map not at the start");
	TAP_EQ(privcmd_range_check(s + 1, 1, s, e, false), -EINVAL,
	       "unaligned address");
	TAP_EQ(privcmd_range_check(s, 0, s, e, false), -EINVAL, "no pages");
	TAP_EQ(privcmd_range_check(s - P, 1, s, e, false), -EINVAL,
	       "before the window");
	TAP_EQ(privcmd_range_check(s, PRIVCMD_MAX_PAGES + 1, s, e, false),
	       -EINVAL, "too many pages");
	TAP_EQ(privcmd_range_check(s, 1ULL << 52, s, e, false), -EINVAL,
	       "num << PAGE_SHIFT overflows");
	TAP_EQ(privcmd_range_check(~0ULL & ~(P - 1), 2, s, ~0ULL, false),
	       -EINVAL, "addr + len wraps");
	TAP_EQ(privcmd_range_check(e, 1, s, e, false), -EINVAL,
	       "starts at the end");
}

static void test_spans(void)
{
	struct privcmd_span sp[3] = {
		{ 0x1000, 16 }, { 0x1ff8, 16 }, { 0x3000, 0 },
	};

	TAP_EQ(privcmd_spans_pages(sp, 3, 16, 4096), 3,
	       "pages of buffers, one straddling a page boundary");
	TAP_EQ(privcmd_spans_pages(sp, 3, 2, 4096), -E2BIG,
	       "more buffers than allowed");
	sp[0].size = 4097;
	TAP_EQ(privcmd_spans_pages(sp, 3, 16, 4096), -E2BIG,
	       "a buffer larger than allowed");
	sp[0].size = 4096;
	TAP_EQ(privcmd_spans_pages(sp, 1, 16, 4096), 1, "one whole page");
	sp[0].uaddr = ~0ULL - 8;
	sp[0].size = 16;
	TAP_EQ(privcmd_spans_pages(sp, 1, 16, 4096), -EFAULT,
	       "a buffer wrapping around the address space");
	TAP_EQ(privcmd_spans_pages(sp, 0, 16, 4096), 0, "no buffers");
}

static void test_v1(void)
{
	TAP_EQ(privcmd_v1_error(0x1234, 0), 0x1234, "v1: success untouched");
	TAP_EQ(privcmd_v1_error(0x1234, -ENOENT), 0x80001234ULL,
	       "v1: paged-out frame");
	TAP_EQ(privcmd_v1_error(0x1234, -EINVAL), 0xf0001234ULL,
	       "v1: failed frame");
}

int main(void)
{
	test_range();
	test_spans();
	test_v1();
	return tap_done();
}
