// SPDX-License-Identifier: GPL-2.0
/*
 * xen-gntdev: IOCTL_GNTDEV_GRANT_COPY, copies between granted pages of
 * other domains and the caller's memory, done by Xen without mapping.
 *
 * Segments are taken in batches; each is checked and cut by
 * gntdev_copy_split() (a local buffer may straddle a page boundary), its
 * local pages pinned and handed to Xen by frame number (in a PVH dom0 the
 * guest frame number is the kernel's pfn).  A malformed segment fails the
 * whole ioctl with -EINVAL, an unreadable local buffer with -EFAULT (the
 * segments of earlier batches keep their status); what Xen thinks of a
 * segment is its status, and the ioctl returns 0.
 *
 * Copyright (C) 2026 The pvh-dom0 authors
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <xen/grant_table.h>
#include <xen/page.h>
#include <uapi/xen/gntdev.h>
#include "gntdev.h"
#include "gntdev_args.h"

#define GNTDEV_COPY_BATCH	16

/**
 * struct gntdev_copy_batch - one batch of segments in flight
 * @ops: the operations for Xen, up to two per segment
 * @seg_of: the segment (in the batch) of each operation
 * @pages: the pinned local page of each operation
 * @writable: whether it was pinned for writing
 * @nr_ops: operations in use
 */
struct gntdev_copy_batch {
	struct gnttab_copy ops[2 * GNTDEV_COPY_BATCH];
	unsigned int seg_of[2 * GNTDEV_COPY_BATCH];
	struct page *pages[2 * GNTDEV_COPY_BATCH];
	bool writable[2 * GNTDEV_COPY_BATCH];
	unsigned int nr_ops;
};

static void gntdev_copy_unpin(struct gntdev_copy_batch *b)
{
	unsigned int i;

	for (i = 0; i < b->nr_ops; i++) {
		if (b->pages[i])
			unpin_user_pages_dirty_lock(&b->pages[i], 1,
						    b->writable[i]);
		b->pages[i] = NULL;
	}
	b->nr_ops = 0;
}

/* The local side of an operation: pin the page, name it by frame. */
static int gntdev_copy_local(struct gntdev_copy_batch *b, u64 addr,
			     bool write, struct gnttab_copy_ptr *ptr)
{
	unsigned int n = b->nr_ops;
	struct page *page;

	if (pin_user_pages_fast(addr & PAGE_MASK, 1, write ? FOLL_WRITE : 0,
				&page) != 1)
		return -EFAULT;
	b->pages[n] = page;
	b->writable[n] = write;
	ptr->u.gmfn = xen_page_to_gfn(page);
	ptr->domid = DOMID_SELF;
	ptr->offset = addr & ~PAGE_MASK;
	return 0;
}

static int gntdev_copy_add(struct gntdev_copy_batch *b, unsigned int seg,
			   const struct gntdev_grant_copy_segment *s)
{
	struct gntdev_copy_part part[2];
	struct gnttab_copy *op;
	int nr, i, rc;

	nr = gntdev_copy_split(s->flags, (u64)(uintptr_t)s->source.virt,
			       s->source.foreign.offset,
			       (u64)(uintptr_t)s->dest.virt,
			       s->dest.foreign.offset, s->len, PAGE_SIZE, part);
	if (nr < 0)
		return nr;
	for (i = 0; i < nr; i++) {
		op = &b->ops[b->nr_ops];
		memset(op, 0, sizeof(*op));
		op->len = part[i].len;
		op->flags = s->flags;
		if (s->flags & GNTCOPY_source_gref) {
			op->source.u.ref = s->source.foreign.ref;
			op->source.domid = s->source.foreign.domid;
			op->source.offset = part[i].src_off;
		} else {
			rc = gntdev_copy_local(b, part[i].local_addr, false,
					       &op->source);
			if (rc)
				return rc;
		}
		if (s->flags & GNTCOPY_dest_gref) {
			op->dest.u.ref = s->dest.foreign.ref;
			op->dest.domid = s->dest.foreign.domid;
			op->dest.offset = part[i].dst_off;
		} else {
			rc = gntdev_copy_local(b, part[i].local_addr, true,
					       &op->dest);
			if (rc)
				return rc;
		}
		b->seg_of[b->nr_ops++] = seg;
	}
	return 0;
}

/* Copy one batch and report each segment's status to userspace. */
static int gntdev_copy_run(struct gntdev_copy_batch *b,
			   struct gntdev_grant_copy_segment __user *useg,
			   unsigned int nr_segs)
{
	s16 status[GNTDEV_COPY_BATCH];
	unsigned int i;

	for (i = 0; i < nr_segs; i++)
		status[i] = GNTST_okay;
	gnttab_batch_copy(b->ops, b->nr_ops);
	for (i = 0; i < b->nr_ops; i++)
		if (status[b->seg_of[i]] == GNTST_okay)
			status[b->seg_of[i]] = b->ops[i].status;
	gntdev_copy_unpin(b);
	for (i = 0; i < nr_segs; i++)
		if (put_user(status[i], &useg[i].status))
			return -EFAULT;
	return 0;
}

long gntdev_ioctl_copy(void __user *uarg)
{
	struct gntdev_grant_copy_segment segs[GNTDEV_COPY_BATCH];
	struct gntdev_grant_copy_segment __user *useg;
	struct ioctl_gntdev_grant_copy op;
	struct gntdev_copy_batch *b;
	unsigned int done, n, i;
	long rc = 0;

	if (copy_from_user(&op, uarg, sizeof(op)))
		return -EFAULT;
	/* The pure checks restate Xen's flag values: keep them equal. */
	BUILD_BUG_ON(GNTCOPY_source_gref != GNTDEV_COPY_SOURCE_GREF);
	BUILD_BUG_ON(GNTCOPY_dest_gref != GNTDEV_COPY_DEST_GREF);
	BUILD_BUG_ON(GNTDEV_NOTIFY_CLEAR_BYTE != UNMAP_NOTIFY_CLEAR_BYTE);
	BUILD_BUG_ON(GNTDEV_NOTIFY_SEND_EVENT != UNMAP_NOTIFY_SEND_EVENT);
	BUILD_BUG_ON(GNTDEV_DMA_FLAG_WC_BIT != GNTDEV_DMA_FLAG_WC);
	BUILD_BUG_ON(GNTDEV_DMA_FLAG_COHERENT_BIT != GNTDEV_DMA_FLAG_COHERENT);

	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return -ENOMEM;

	for (done = 0; done < op.count; done += n) {
		n = min_t(unsigned int, op.count - done, GNTDEV_COPY_BATCH);
		useg = op.segments + done;
		if (copy_from_user(segs, useg, n * sizeof(segs[0]))) {
			rc = -EFAULT;
			break;
		}
		for (i = 0; i < n; i++) {
			rc = gntdev_copy_add(b, i, &segs[i]);
			if (rc)
				break;
		}
		if (rc) {
			gntdev_copy_unpin(b);
			break;
		}
		rc = gntdev_copy_run(b, useg, n);
		if (rc)
			break;
		cond_resched();
	}
	kfree(b);
	return rc;
}
