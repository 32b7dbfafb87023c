// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for drivers/xen/gntdev/gntdev_args.c: GRANT_COPY
 * segments as userspace may pass them.
 *
 * Input: records of 24 bytes (flags, source and destination address or
 * offset, length).  A segment the check accepts must be cut into parts
 * that stay within their grant pages and local pages and add up to its
 * length.
 */
#include <stdlib.h>
#include <string.h>

#include "gntdev_args.h"

#define FUZZ_ASSERT(cond) do { if (!(cond)) abort(); } while (0)
#define PAGE	4096U

struct rec {
	u16 flags, src_off, dst_off, len;
	u64 src, dst;
};

static void check(const struct rec *r)
{
	struct gntdev_copy_part p[2];
	bool sg = r->flags & GNTDEV_COPY_SOURCE_GREF;
	bool dg = r->flags & GNTDEV_COPY_DEST_GREF;
	u32 total = 0;
	int n, i;

	n = gntdev_copy_split(r->flags, r->src, r->src_off, r->dst, r->dst_off,
			      r->len, PAGE, p);
	if (n < 0)
		return;
	FUZZ_ASSERT(n == 1 || n == 2);
	FUZZ_ASSERT(sg || dg);
	for (i = 0; i < n; i++) {
		total += p[i].len;
		if (sg)
			FUZZ_ASSERT((u32)p[i].src_off + p[i].len <= PAGE);
		if (dg)
			FUZZ_ASSERT((u32)p[i].dst_off + p[i].len <= PAGE);
		if (!(sg && dg))
			FUZZ_ASSERT((p[i].local_addr & (PAGE - 1)) + p[i].len <=
				    PAGE);
	}
	FUZZ_ASSERT(total == r->len);
	if (n == 2)
		FUZZ_ASSERT(p[1].local_addr == p[0].local_addr + p[0].len);
}

int fuzz_one_input(const u8 *data, size_t size)
{
	struct rec r;

	while (size >= sizeof(r)) {
		memcpy(&r, data, sizeof(r));
		check(&r);
		FUZZ_ASSERT(gntdev_check_count(r.len, r.src_off, r.dst_off) <= 0);
		data += sizeof(r);
		size -= sizeof(r);
	}
	return 0;
}
