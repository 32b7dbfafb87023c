// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for drivers/xen/privcmd/args.c.
 *
 * Input: a window (start, end), a request (address, count, whole?) and up
 * to 16 DM_OP buffers.  Whatever the input, a range the check accepts lies
 * page-aligned inside the window (checked here in 128-bit arithmetic,
 * which cannot overflow), and the page count of accepted buffers is the
 * one computed independently.
 */
#include <stdlib.h>
#include <string.h>

#include "args.h"

#define FUZZ_ASSERT(cond) do { if (!(cond)) abort(); } while (0)

static u64 take64(const u8 **data, size_t *size)
{
	u64 v = 0;

	if (*size >= sizeof(v)) {
		memcpy(&v, *data, sizeof(v));
		*data += sizeof(v);
		*size -= sizeof(v);
	}
	return v;
}

int fuzz_one_input(const u8 *data, size_t size);

int fuzz_one_input(const u8 *data, size_t size)
{
	unsigned __int128 end128, pages128 = 0;
	struct privcmd_span spans[16];
	u64 start, end, addr, num;
	unsigned int n, i, max_n;
	u64 max_size;
	bool whole;
	long pages;

	start = take64(&data, &size);
	end = take64(&data, &size);
	addr = take64(&data, &size);
	num = take64(&data, &size);
	whole = num & 1;
	num >>= 1;
	if (!privcmd_range_check(addr, num, start, end, whole)) {
		end128 = (unsigned __int128)addr + num * PRIVCMD_PAGE_SIZE;
		FUZZ_ASSERT(num && num <= PRIVCMD_MAX_PAGES);
		FUZZ_ASSERT(!(addr % PRIVCMD_PAGE_SIZE));
		FUZZ_ASSERT(addr >= start && end128 <= end);
		FUZZ_ASSERT(!whole || (addr == start && end128 == end));
	}

	max_n = take64(&data, &size) % 20;
	max_size = take64(&data, &size) % 65536;
	n = 0;
	while (n < 16 && size >= 2 * sizeof(u64)) {
		spans[n].uaddr = take64(&data, &size);
		spans[n].size = take64(&data, &size) % 131072;
		n++;
	}
	pages = privcmd_spans_pages(spans, n, max_n, max_size);
	if (pages >= 0) {
		FUZZ_ASSERT(n <= max_n);
		for (i = 0; i < n; i++) {
			FUZZ_ASSERT(spans[i].size <= max_size);
			if (!spans[i].size)
				continue;
			end128 = (unsigned __int128)spans[i].uaddr +
				 spans[i].size - 1;
			FUZZ_ASSERT(end128 <= ~0ULL);
			pages128 += (end128 >> PRIVCMD_PAGE_SHIFT) -
				    (spans[i].uaddr >> PRIVCMD_PAGE_SHIFT) + 1;
		}
		FUZZ_ASSERT(pages128 == (unsigned __int128)pages);
	}
	return 0;
}
