// SPDX-License-Identifier: GPL-2.0
/*
 * xen-privcmd: IOCTL_PRIVCMD_HYPERCALL and IOCTL_PRIVCMD_DM_OP.
 *
 * A hypercall's arguments point into the caller's memory, which Xen reads
 * and writes through the caller's page tables: libxencall keeps its
 * buffers in locked pages (/dev/xen/hypercall).  DM_OP's buffers are plain
 * user memory, so they are pinned for the duration of the call: a page
 * that is not present would make Xen fail the copy with EFAULT.
 *
 * Copyright (C) 2026 The pvh-dom0 authors
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <xen/xen.h>
#include <xen/xen-ops.h>
#include <xen/interface/xen.h>
#include <xen/interface/hvm/dm_op.h>
#include <asm/xen/hypercall.h>
#include <uapi/xen/privcmd.h>
#include "args.h"
#include "privcmd.h"

/**
 * privcmd_ioctl_hypercall() - IOCTL_PRIVCMD_HYPERCALL
 * @data: the file's state
 * @udata: user address of a struct privcmd_hypercall
 *
 * Return: what the hypercall returned; -EPERM on a restricted file.
 */
long privcmd_ioctl_hypercall(struct privcmd_data *data, void __user *udata)
{
	struct privcmd_hypercall hc;
	long ret;

	/* Any hypercall may name any domain: never on a restricted file. */
	if (READ_ONCE(data->domid) != DOMID_INVALID)
		return -EPERM;
	if (copy_from_user(&hc, udata, sizeof(hc)))
		return -EFAULT;

	xen_preemptible_hcall_begin();
	ret = privcmd_call(hc.op, hc.arg[0], hc.arg[1], hc.arg[2], hc.arg[3],
			   hc.arg[4]);
	xen_preemptible_hcall_end();
	return ret;
}

/* Pin every page of the buffers; returns how many were pinned or -errno. */
static long privcmd_pin_bufs(const struct privcmd_dm_op_buf *kbufs,
			     unsigned int num, struct page **pages,
			     long nr_pages)
{
	unsigned long start, end;
	long pinned = 0;
	unsigned int i;
	int n, want;

	for (i = 0; i < num; i++) {
		if (!kbufs[i].size)
			continue;
		start = (unsigned long)kbufs[i].uptr & PAGE_MASK;
		end = PAGE_ALIGN((unsigned long)kbufs[i].uptr + kbufs[i].size);
		want = (end - start) >> PAGE_SHIFT;
		if (want > nr_pages - pinned)
			return -EFAULT;
		n = pin_user_pages_fast(start, want, FOLL_WRITE,
					pages + pinned);
		if (n > 0)
			pinned += n;
		if (n != want) {
			unpin_user_pages(pages, pinned);
			return n < 0 ? n : -EFAULT;
		}
	}
	return pinned;
}

/**
 * privcmd_ioctl_dm_op() - IOCTL_PRIVCMD_DM_OP
 * @data: the file's state
 * @udata: user address of a struct privcmd_dm_op
 *
 * Return: what the dm_op hypercall returned, -EPERM for a domain the file
 * is restricted from, -E2BIG for too many or too large buffers, -EFAULT
 * for buffers that cannot be read and written.
 */
long privcmd_ioctl_dm_op(struct privcmd_data *data, void __user *udata)
{
	struct privcmd_dm_op_buf *kbufs = NULL;
	struct xen_dm_op_buf *xbufs = NULL;
	struct privcmd_span *spans = NULL;
	struct page **pages = NULL;
	struct privcmd_dm_op op;
	long nr_pages, pinned = 0;
	unsigned int i;
	long rc;

	if (copy_from_user(&op, udata, sizeof(op)))
		return -EFAULT;
	if (!privcmd_may_act_on(data, op.dom))
		return -EPERM;
	if (!op.num)
		return 0;
	if (op.num > READ_ONCE(privcmd_dm_op_max_nr_bufs))
		return -E2BIG;

	kbufs = kcalloc(op.num, sizeof(*kbufs), GFP_KERNEL);
	spans = kcalloc(op.num, sizeof(*spans), GFP_KERNEL);
	xbufs = kcalloc(op.num, sizeof(*xbufs), GFP_KERNEL);
	rc = -ENOMEM;
	if (!kbufs || !spans || !xbufs)
		goto out;
	rc = -EFAULT;
	if (copy_from_user(kbufs, op.ubufs, op.num * sizeof(*kbufs)))
		goto out;

	for (i = 0; i < op.num; i++) {
		spans[i].uaddr = (unsigned long)kbufs[i].uptr;
		spans[i].size = kbufs[i].size;
		if (!access_ok(kbufs[i].uptr, kbufs[i].size))
			goto out;
	}
	nr_pages = privcmd_spans_pages(spans, op.num, op.num,
				       READ_ONCE(privcmd_dm_op_buf_max_size));
	if (nr_pages < 0) {
		rc = nr_pages;
		goto out;
	}

	rc = -ENOMEM;
	pages = kcalloc(nr_pages ?: 1, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		goto out;
	pinned = privcmd_pin_bufs(kbufs, op.num, pages, nr_pages);
	if (pinned < 0) {
		rc = pinned;
		pinned = 0;
		goto out;
	}

	for (i = 0; i < op.num; i++) {
		/* Xen reads the buffers through our user page tables. */
		set_xen_guest_handle(xbufs[i].h,
				     (void __force *)kbufs[i].uptr);
		xbufs[i].size = kbufs[i].size;
	}
	xen_preemptible_hcall_begin();
	rc = HYPERVISOR_dm_op(op.dom, op.num, xbufs);
	xen_preemptible_hcall_end();

out:
	if (pinned)
		unpin_user_pages_dirty_lock(pages, pinned, true);
	kfree(pages);
	kfree(xbufs);
	kfree(spans);
	kfree(kbufs);
	return rc;
}
