// SPDX-License-Identifier: GPL-2.0
/*
 * xen-privcmd: checks of ioctl arguments, free of kernel dependencies
 * (see args.h).
 *
 * Copyright (C) 2026 The pvh-dom0 authors
 */
#include "args.h"

/**
 * privcmd_range_check() - may @num pages at @addr be mapped in a mapping?
 * @addr: user address of the first page
 * @num: number of pages
 * @vm_start: start of the privcmd mapping that holds @addr
 * @vm_end: its end (exclusive)
 * @whole: the range must be exactly the whole mapping (a first map)
 *
 * Return: 0 if the range is page-aligned, non-empty, not absurdly large and
 * inside the mapping (equal to it if @whole); -EINVAL otherwise.
 */
int privcmd_range_check(u64 addr, u64 num, u64 vm_start, u64 vm_end,
			bool whole)
{
	u64 len;

	if (!num || num > PRIVCMD_MAX_PAGES)
		return -EINVAL;
	if (addr & (PRIVCMD_PAGE_SIZE - 1))
		return -EINVAL;
	len = num << PRIVCMD_PAGE_SHIFT;
	/* Both sides checked without computing addr + len first. */
	if (addr < vm_start || vm_end < vm_start || addr > vm_end ||
	    len > vm_end - addr)
		return -EINVAL;
	if (whole && (addr != vm_start || len != vm_end - vm_start))
		return -EINVAL;
	return 0;
}

/**
 * privcmd_spans_pages() - check the buffers of a DM_OP, count their pages
 * @spans: the buffers
 * @n: number of entries in @spans
 * @max_n: most buffers allowed
 * @max_size: largest buffer allowed, in bytes
 *
 * Return: the number of pages the buffers touch (each counted on its own),
 * -E2BIG if there are too many buffers or one is too large, -EFAULT if a
 * buffer wraps around the end of the address space.
 */
long privcmd_spans_pages(const struct privcmd_span *spans, unsigned int n,
			 unsigned int max_n, u64 max_size)
{
	u64 first, last;
	long pages = 0;
	unsigned int i;

	if (n > max_n)
		return -E2BIG;
	for (i = 0; i < n; i++) {
		if (spans[i].size > max_size)
			return -E2BIG;
		if (!spans[i].size)
			continue;
		if (spans[i].uaddr + spans[i].size < spans[i].uaddr)
			return -EFAULT;
		first = spans[i].uaddr >> PRIVCMD_PAGE_SHIFT;
		last = (spans[i].uaddr + spans[i].size - 1) >>
			PRIVCMD_PAGE_SHIFT;
		pages += last - first + 1;
	}
	return pages;
}

/**
 * privcmd_v1_error() - what PRIVCMD_MMAPBATCH (v1) reports for a frame
 * @gfn: the frame the caller asked for
 * @err: the error mapping it gave (0, or a negative errno)
 *
 * Version 1 has no error array: a failed entry of the frame array is
 * rewritten with a flag in its top bits, PAGED for a frame that is paged
 * out (-ENOENT, worth retrying), MFN_ERROR for any other failure.
 *
 * Return: the value to store back in the caller's array.
 */
u64 privcmd_v1_error(u64 gfn, int err)
{
	if (!err)
		return gfn;
	if (err == -ENOENT)
		return gfn | PRIVCMD_V1_PAGED_ERROR;
	return gfn | PRIVCMD_V1_MFN_ERROR;
}
