// SPDX-License-Identifier: GPL-2.0
/*
 * xen-gntdev: checks of the arguments userspace passes to /dev/xen/gntdev.
 * See gntdev_args.h: pure code, also built into the unit tests and fuzzers.
 *
 * Copyright (C) 2026 The pvh-dom0 authors
 */
#include "gntdev_args.h"

/**
 * gntdev_check_count() - may @count more grants be mapped through a file?
 * @count: grants in the request
 * @max: the file's maximum of grants mapped at once
 * @in_use: grants the file already has
 *
 * Return: 0; -EINVAL for no grant at all; -E2BIG if @count alone exceeds
 * @max (it can never succeed); -ENOSPC if it would fit once others are
 * unmapped.
 */
int gntdev_check_count(u32 count, u32 max, u32 in_use)
{
	if (!count)
		return -EINVAL;
	if (count > max)
		return -E2BIG;
	if (in_use > max - count)
		return -ENOSPC;
	return 0;
}

/**
 * gntdev_check_domid() - is @domid a domain that may grant or be granted?
 * @domid: domain id from userspace (32 bits in the ABI)
 *
 * Return: 0, or -EINVAL for ids above 16 bits or reserved ones (DOMID_SELF,
 * DOMID_IO, ...).
 */
int gntdev_check_domid(u32 domid)
{
	return domid < GNTDEV_DOMID_FIRST_RESERVED ? 0 : -EINVAL;
}

/**
 * gntdev_check_notify() - are these UNMAP_NOTIFY_* actions known?
 * @action: the bits from SET_UNMAP_NOTIFY
 *
 * Return: 0, or -EINVAL for unknown bits.
 */
int gntdev_check_notify(u32 action)
{
	if (action & ~(GNTDEV_NOTIFY_CLEAR_BYTE | GNTDEV_NOTIFY_SEND_EVENT))
		return -EINVAL;
	return 0;
}

/**
 * gntdev_check_dmabuf_flags() - may a dma-buf be exported with @flags?
 * @flags: GNTDEV_DMA_FLAG_* of DMABUF_EXP_FROM_REFS
 *
 * Both flags ask for the buffer to be allocated DMA-coherent (write-
 * combined or cached) and given to the other domain; the kernel we run on
 * cannot do that (it exports no such allocator), so they are refused.
 *
 * Return: 0 for no flag, -EOPNOTSUPP for a known flag, -EINVAL for an
 * unknown bit.
 */
int gntdev_check_dmabuf_flags(u32 flags)
{
	if (flags & ~(GNTDEV_DMA_FLAG_WC_BIT | GNTDEV_DMA_FLAG_COHERENT_BIT))
		return -EINVAL;
	if (flags)
		return -EOPNOTSUPP;
	return 0;
}

/**
 * gntdev_copy_split() - check a GRANT_COPY segment and cut it into
 *	operations that each stay within one local page
 * @flags: GNTCOPY_source_gref and/or GNTCOPY_dest_gref; nothing else
 * @src_virt: user address of the source, if it is not a grant
 * @src_off: offset in the source grant page, if it is a grant
 * @dst_virt: user address of the destination, if it is not a grant
 * @dst_off: offset in the destination grant page, if it is a grant
 * @len: bytes to copy
 * @page_size: the kernel's page size (a local side may cross one boundary)
 * @part: the operations, filled in
 *
 * At least one side must be a grant (local to local is memcpy(), not a
 * grant copy); a grant side must stay within its Xen page; a local side may
 * straddle one page boundary, in which case the segment becomes two
 * operations.
 *
 * Return: the number of operations (1 or 2), or -EINVAL.
 */
int gntdev_copy_split(u16 flags, u64 src_virt, u16 src_off, u64 dst_virt,
		      u16 dst_off, u16 len, unsigned int page_size,
		      struct gntdev_copy_part part[2])
{
	bool src_gref = flags & GNTDEV_COPY_SOURCE_GREF;
	bool dst_gref = flags & GNTDEV_COPY_DEST_GREF;
	u64 local, room;

	if (flags & ~(GNTDEV_COPY_SOURCE_GREF | GNTDEV_COPY_DEST_GREF))
		return -EINVAL;
	if (!src_gref && !dst_gref)
		return -EINVAL;
	if (!page_size || page_size & (page_size - 1) ||
	    len > GNTDEV_XEN_PAGE_SIZE)
		return -EINVAL;
	if (src_gref && (u32)src_off + len > GNTDEV_XEN_PAGE_SIZE)
		return -EINVAL;
	if (dst_gref && (u32)dst_off + len > GNTDEV_XEN_PAGE_SIZE)
		return -EINVAL;

	part[0].src_off = src_gref ? src_off : 0;
	part[0].dst_off = dst_gref ? dst_off : 0;
	part[0].len = len;
	part[0].local_addr = 0;
	if (src_gref && dst_gref)
		return 1;

	local = src_gref ? dst_virt : src_virt;
	if (local > ~0ULL - len)
		return -EINVAL;
	part[0].local_addr = local;
	room = page_size - (local & (page_size - 1));
	if (len <= room)
		return 1;

	/* The local bytes straddle a page boundary: two operations. */
	part[0].len = room;
	part[1].local_addr = local + room;
	part[1].len = len - room;
	part[1].src_off = part[0].src_off + (src_gref ? room : 0);
	part[1].dst_off = part[0].dst_off + (dst_gref ? room : 0);
	return 2;
}
