/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xen-gntdev: checks of the arguments userspace passes to /dev/xen/gntdev.
 *
 * Pure functions of plain numbers, with no kernel dependency beyond the
 * basic types, so that the same file is built into the module, into a
 * userspace unit test (tools/testing/unit) and into a fuzz target
 * (tools/testing/fuzz).
 *
 * Copyright (C) 2026 The pvh-dom0 authors
 */
#ifndef PVH_DOM0_GNTDEV_ARGS_H
#define PVH_DOM0_GNTDEV_ARGS_H

#include <linux/types.h>
#include <linux/errno.h>

/* Xen's page, the unit of a grant; the same as the kernel's on x86. */
#define GNTDEV_XEN_PAGE_SIZE	4096U

/* Values of <xen/interface/grant_table.h> and <uapi/xen/gntdev.h>. */
#define GNTDEV_COPY_SOURCE_GREF	0x1U
#define GNTDEV_COPY_DEST_GREF	0x2U
#define GNTDEV_NOTIFY_CLEAR_BYTE	0x1U
#define GNTDEV_NOTIFY_SEND_EVENT	0x2U
#define GNTDEV_DMA_FLAG_WC_BIT		0x1U
#define GNTDEV_DMA_FLAG_COHERENT_BIT	0x2U
/* First domain id that is not a real domain (DOMID_FIRST_RESERVED). */
#define GNTDEV_DOMID_FIRST_RESERVED	0x7FF0U

int gntdev_check_count(u32 count, u32 max, u32 in_use);
int gntdev_check_domid(u32 domid);
int gntdev_check_notify(u32 action);
int gntdev_check_dmabuf_flags(u32 flags);

/**
 * struct gntdev_copy_part - one grant-copy operation of a segment
 * @local_addr: user address of the local bytes (ignored if both sides are
 *	grants)
 * @src_off: offset in the source grant page (when the source is a grant)
 * @dst_off: offset in the destination grant page (when it is a grant)
 * @len: bytes
 */
struct gntdev_copy_part {
	u64 local_addr;
	u16 src_off;
	u16 dst_off;
	u16 len;
};

int gntdev_copy_split(u16 flags, u64 src_virt, u16 src_off, u64 dst_virt,
		      u16 dst_off, u16 len, unsigned int page_size,
		      struct gntdev_copy_part part[2]);

#endif /* PVH_DOM0_GNTDEV_ARGS_H */
