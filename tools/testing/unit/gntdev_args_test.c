// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of drivers/xen/gntdev/gntdev_args.c, the checks of what
 * userspace passes to /dev/xen/gntdev, built for userspace.
 */
#include <stdio.h>
#include <string.h>

#include "gntdev_args.h"
#include "tap.h"

#define SRC	GNTDEV_COPY_SOURCE_GREF
#define DST	GNTDEV_COPY_DEST_GREF

static void test_count(void)
{
	TAP_EQ(gntdev_check_count(0, 10, 0), -EINVAL, "count 0 is refused");
	TAP_EQ(gntdev_check_count(1, 10, 0), 0, "count 1 of 10 fits");
	TAP_EQ(gntdev_check_count(10, 10, 0), 0, "count 10 of 10 fits");
	TAP_EQ(gntdev_check_count(11, 10, 0), -E2BIG, "count 11 of 10: E2BIG");
	TAP_EQ(gntdev_check_count(5, 10, 5), 0, "5 more with 5 in use of 10");
	TAP_EQ(gntdev_check_count(6, 10, 5), -ENOSPC,
	       "6 more with 5 in use of 10: ENOSPC");
	TAP_EQ(gntdev_check_count(0xFFFFFFFFU, 10, 0), -E2BIG,
	       "count 2^32-1: E2BIG");
	TAP_EQ(gntdev_check_count(1, 0xFFFFFFFFU, 0xFFFFFFFFU), -ENOSPC,
	       "no wrap-around at the top");
	TAP_EQ(gntdev_check_count(1, 0, 0), -E2BIG, "max 0: nothing fits");
}

static void test_domid_notify_flags(void)
{
	TAP_EQ(gntdev_check_domid(0), 0, "domain 0 is a domain");
	TAP_EQ(gntdev_check_domid(0x7FEF), 0, "domain 0x7FEF is a domain");
	TAP_EQ(gntdev_check_domid(0x7FF0), -EINVAL, "DOMID_FIRST_RESERVED");
	TAP_EQ(gntdev_check_domid(0x7FF0), -EINVAL, "DOMID_SELF");
	TAP_EQ(gntdev_check_domid(0x10000), -EINVAL, "above 16 bits");
	TAP_EQ(gntdev_check_notify(0), 0, "no notification");
	TAP_EQ(gntdev_check_notify(3), 0, "both notifications");
	TAP_EQ(gntdev_check_notify(4), -EINVAL, "unknown notification bit");
	TAP_EQ(gntdev_check_dmabuf_flags(0), 0, "dma-buf without flags");
	TAP_EQ(gntdev_check_dmabuf_flags(1), -EOPNOTSUPP, "DMA_FLAG_WC");
	TAP_EQ(gntdev_check_dmabuf_flags(2), -EOPNOTSUPP, "DMA_FLAG_COHERENT");
	TAP_EQ(gntdev_check_dmabuf_flags(4), -EINVAL, "unknown dma-buf flag");
}

static void test_copy(void)
{
	struct gntdev_copy_part p[2];

	TAP_EQ(gntdev_copy_split(0, 0x1000, 0, 0x2000, 0, 16, 4096, p),
	       -EINVAL, "local to local is refused");
	TAP_EQ(gntdev_copy_split(SRC | 0x80, 0, 0, 0x2000, 0, 16, 4096, p),
	       -EINVAL, "unknown copy flag is refused");
	TAP_EQ(gntdev_copy_split(SRC, 0, 0, 0x2000, 0, 4097, 4096, p),
	       -EINVAL, "longer than a page is refused");
	TAP_EQ(gntdev_copy_split(SRC, 0, 4000, 0x2000, 0, 97, 4096, p),
	       -EINVAL, "past the end of the source grant");
	TAP_EQ(gntdev_copy_split(SRC, 0, 4000, 0x2000, 0, 96, 4096, p), 1,
	       "up to the end of the source grant");
	TAP_EQ(gntdev_copy_split(DST, 0x2000, 0, 0, 4095, 2, 4096, p),
	       -EINVAL, "past the end of the destination grant");
	TAP_EQ(gntdev_copy_split(SRC | DST, 0, 10, 0, 20, 100, 4096, p), 1,
	       "grant to grant: one operation");
	TAP_EQ(p[0].src_off, 10, "grant to grant: source offset");
	TAP_EQ(p[0].dst_off, 20, "grant to grant: destination offset");

	TAP_EQ(gntdev_copy_split(SRC, 0, 100, 0x10f00, 0, 0x200, 4096, p), 2,
	       "a local buffer over a page boundary: two operations");
	TAP_EQ(p[0].local_addr, 0x10f00, "first part starts at the buffer");
	TAP_EQ(p[0].len, 0x100, "first part ends at the boundary");
	TAP_EQ(p[0].src_off, 100, "first part's grant offset");
	TAP_EQ(p[1].local_addr, 0x11000, "second part starts at the boundary");
	TAP_EQ(p[1].len, 0x100, "second part's length");
	TAP_EQ(p[1].src_off, 100 + 0x100, "second part's grant offset moves on");

	TAP_EQ(gntdev_copy_split(DST, 0x10f00, 0, 0, 8, 0x100, 4096, p), 1,
	       "a local buffer ending on a boundary: one operation");
	TAP_EQ(p[0].local_addr, 0x10f00, "local source address");
	TAP_EQ(p[0].dst_off, 8, "destination offset");
	TAP_EQ(gntdev_copy_split(SRC, 0, 0, ~0ULL - 4, 0, 16, 4096, p),
	       -EINVAL, "a local buffer wrapping around is refused");
	TAP_EQ(gntdev_copy_split(SRC, 0, 0, 0x1000, 0, 0, 4096, p), 1,
	       "zero bytes is one (empty) operation");
	TAP_EQ(gntdev_copy_split(SRC, 0, 0, 0x1000, 0, 16, 3000, p), -EINVAL,
	       "a page size not a power of two is refused");
}

int main(void)
{
	test_count();
	test_domid_notify_flags();
	test_copy();
	return tap_done();
}
