// SPDX-License-Identifier: GPL-2.0
/*
 * xen-privcmd: mapping other domains' frames into a privcmd window.
 *
 * mmap() of the file makes an empty window (no page behind it; touching it
 * raises SIGBUS).  The first MMAPBATCH(_V2) or MMAP_RESOURCE on a window
 * must cover it exactly, and allocates its state; MMAPBATCH(_V2) may then
 * fill the holes a first call left (frames that were paged out), never a
 * page that already holds a frame.  The ioctl must come through the file
 * the window was mmap()ed from: a window belongs to one file, and so to
 * that file's restriction.
 *
 * Copyright (C) 2026 The pvh-dom0 authors
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <xen/features.h>
#include <xen/page.h>
#include <xen/xen.h>
#include <xen/xen-ops.h>
#include <xen/interface/memory.h>
#include <asm/xen/hypercall.h>
#include <uapi/xen/privcmd.h>
#include "args.h"
#include "privcmd.h"

/* Frames mapped per round: bounds the kernel's buffers, not the request. */
#define PRIVCMD_CHUNK	256U

static void privcmd_vma_close(struct vm_area_struct *vma)
{
	struct privcmd_window *win = vma->vm_private_data;

	vma->vm_private_data = NULL;
	if (win)
		privcmd_window_release(win);
}

static vm_fault_t privcmd_vma_fault(struct vm_fault *vmf)
{
	pr_debug("fault at %#lx in a privcmd window: no frame mapped there\n",
		 vmf->address);
	return VM_FAULT_SIGBUS;
}

/*
 * A window's state covers the whole window: splitting it (partial munmap,
 * mprotect of a part) would leave two VMAs sharing it.  Refused.
 */
static int privcmd_vma_may_split(struct vm_area_struct *vma,
				 unsigned long addr)
{
	return -EINVAL;
}

const struct vm_operations_struct privcmd_vm_ops = {
	.close		= privcmd_vma_close,
	.fault		= privcmd_vma_fault,
	.may_split	= privcmd_vma_may_split,
};

/**
 * privcmd_mmap() - mmap() of /dev/xen/privcmd: an empty window
 * @file: the privcmd file
 * @vma: the new mapping
 *
 * Return: 0.
 */
int privcmd_mmap(struct file *file, struct vm_area_struct *vma)
{
	/*
	 * Foreign frames are not ordinary pages: a fork() must not copy
	 * them, mremap() must not grow the window, core dumps skip them.
	 */
	vma->vm_flags |= VM_IO | VM_PFNMAP | VM_DONTCOPY | VM_DONTEXPAND |
			 VM_DONTDUMP;
	vma->vm_ops = &privcmd_vm_ops;
	vma->vm_private_data = NULL;
	return 0;
}

/**
 * privcmd_ioctl_mmap() - IOCTL_PRIVCMD_MMAP, the legacy interface
 * @data: the file's state
 * @udata: user address of a struct privcmd_mmap
 *
 * It maps machine frames by number, which only a PV dom0 can do; the
 * toolstack uses MMAPBATCH_V2.  Upstream's fails on an auto-translated
 * domain with ENOSYS; ours with EOPNOTSUPP (ENOSYS is reserved for "no
 * such system call", and no user of this ioctl tells the two apart), after
 * the restriction is applied.
 *
 * Return: -EFAULT, -EPERM or -EOPNOTSUPP.
 */
long privcmd_ioctl_mmap(struct privcmd_data *data, void __user *udata)
{
	struct privcmd_mmap m;

	if (copy_from_user(&m, udata, sizeof(m)))
		return -EFAULT;
	if (!privcmd_may_act_on(data, m.dom))
		return -EPERM;
	return -EOPNOTSUPP;
}

/* Window state for @vma, with unpopulated pages behind it if needed. */
static struct privcmd_window *privcmd_window_new(struct vm_area_struct *vma)
{
	unsigned long npages = vma_pages(vma);
	struct privcmd_window *win;
	int rc;

	win = kvzalloc(struct_size(win, mapped, BITS_TO_LONGS(npages)),
		       GFP_KERNEL);
	if (!win)
		return ERR_PTR(-ENOMEM);
	win->npages = npages;
	if (!xen_feature(XENFEAT_auto_translated_physmap))
		return win;

	win->pages = kvcalloc(npages, sizeof(*win->pages), GFP_KERNEL);
	if (!win->pages) {
		rc = -ENOMEM;
		goto err_win;
	}
	rc = xen_alloc_unpopulated_pages(npages, win->pages);
	if (rc) {
		pr_warn_ratelimited("no %lu unpopulated pages for a window: %d\n",
				    npages, rc);
		goto err_pages;
	}
	return win;

err_pages:
	kvfree(win->pages);
err_win:
	kvfree(win);
	return ERR_PTR(rc);
}

/*
 * The privcmd window of this file holding @addr, with the window's state
 * allocated when @first (a first map must cover the window exactly).
 */
static struct vm_area_struct *privcmd_window_get(struct file *file,
						 unsigned long addr, u64 num,
						 bool may_be_first,
						 bool must_be_first)
{
	struct vm_area_struct *vma;
	struct privcmd_window *win;
	bool first;

	vma = vma_lookup(current->mm, addr);
	if (!vma || vma->vm_ops != &privcmd_vm_ops ||
	    !vma->vm_file || vma->vm_file->private_data != file->private_data)
		return ERR_PTR(-EINVAL);
	first = !vma->vm_private_data;
	if ((first && !may_be_first) || (!first && must_be_first))
		return ERR_PTR(-EINVAL);
	if (privcmd_range_check(addr, num, vma->vm_start, vma->vm_end, first))
		return ERR_PTR(-EINVAL);
	if (first) {
		win = privcmd_window_new(vma);
		if (IS_ERR(win))
			return ERR_CAST(win);
		vma->vm_private_data = win;
	}
	return vma;
}

/**
 * struct privcmd_batch - one MMAPBATCH(_V2) request, in kernel form
 * @num: number of frames
 * @dom: their domain
 * @addr: user address to map them at
 * @arr: user array of @num frame numbers (v1: overwritten with errors)
 * @err: user array of @num error codes (v2), NULL for v1
 */
struct privcmd_batch {
	u64 num;
	domid_t dom;
	unsigned long addr;
	xen_pfn_t __user *arr;
	int __user *err;
};

/* Kernel buffers of one round of PRIVCMD_CHUNK frames. */
struct privcmd_chunk {
	xen_pfn_t gfn[PRIVCMD_CHUNK];
	xen_pfn_t asked[PRIVCMD_CHUNK];
	int err[PRIVCMD_CHUNK];
};

static int privcmd_batch_read(struct privcmd_batch *b, void __user *udata,
			      int version)
{
	struct privcmd_mmapbatch_v2 m2;
	struct privcmd_mmapbatch m1;

	if (version == 1) {
		if (copy_from_user(&m1, udata, sizeof(m1)))
			return -EFAULT;
		if (m1.num <= 0)
			return -EINVAL;
		b->num = m1.num;
		b->dom = m1.dom;
		b->addr = m1.addr;
		b->arr = m1.arr;
		b->err = NULL;
		return 0;
	}
	if (copy_from_user(&m2, udata, sizeof(m2)))
		return -EFAULT;
	if (!m2.num)
		return -EINVAL;
	b->num = m2.num;
	b->dom = m2.dom;
	b->addr = m2.addr;
	b->arr = (xen_pfn_t __user *)m2.arr;
	b->err = m2.err;
	return 0;
}

/* Holes only: a page holding a frame is never mapped over. */
static bool privcmd_all_holes(struct privcmd_window *win,
			      unsigned long first, unsigned long num)
{
	return find_next_bit(win->mapped, first + num, first) >= first + num;
}

/*
 * The whole request, checked before any of it is read: the window (its
 * state created by a first map, which must cover it exactly) and that
 * every page of the range is a hole.
 */
static int privcmd_batch_check(struct file *file, struct privcmd_batch *b)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	int rc = 0;

	mmap_write_lock(mm);
	vma = privcmd_window_get(file, b->addr, b->num, true, false);
	if (IS_ERR(vma))
		rc = PTR_ERR(vma);
	else if (!privcmd_all_holes(vma->vm_private_data,
				    (b->addr - vma->vm_start) >> PAGE_SHIFT,
				    b->num))
		rc = -EINVAL;
	mmap_write_unlock(mm);
	return rc;
}

/*
 * Map one round under the mmap lock.  The lock was dropped since the
 * request was checked: the window is looked up and this round's range
 * checked again.  *enoent is set when a frame was paged out.
 */
static int privcmd_batch_map(struct file *file, struct privcmd_batch *b,
			     struct privcmd_chunk *c, u64 done,
			     unsigned int n, bool *enoent)
{
	unsigned long addr = b->addr + (done << PAGE_SHIFT);
	struct mm_struct *mm = current->mm;
	struct privcmd_window *win;
	struct vm_area_struct *vma;
	unsigned long first;
	unsigned int i;
	int rc;

	mmap_write_lock(mm);
	vma = privcmd_window_get(file, addr, n, false, false);
	if (IS_ERR(vma)) {
		rc = PTR_ERR(vma);
		goto out;
	}
	win = vma->vm_private_data;
	first = (addr - vma->vm_start) >> PAGE_SHIFT;
	if (!privcmd_all_holes(win, first, n)) {
		rc = -EINVAL;
		goto out;
	}

	rc = xen_remap_domain_gfn_array(vma, addr, c->gfn, n, c->err,
					vma->vm_page_prot, b->dom,
					win->pages ? win->pages + first : NULL);
	if (rc < 0)
		goto out;
	rc = 0;
	for (i = 0; i < n; i++) {
		if (!c->err[i])
			__set_bit(first + i, win->mapped);
		else if (c->err[i] == -ENOENT)
			*enoent = true;
	}
out:
	mmap_write_unlock(mm);
	return rc;
}

/*
 * One round of at most PRIVCMD_CHUNK frames: read the caller's frames, map
 * them, report each frame's result.  The caller's arrays are only read
 * and written with the mmap lock dropped: a page fault on them takes that
 * lock, and faulting with it held for writing would wait for ever on
 * ourselves (libxenforeignmemory hands us freshly allocated, untouched
 * error arrays).  Returns 0, or -errno for a failure of the whole request.
 */
static int privcmd_batch_chunk(struct file *file, struct privcmd_batch *b,
			       struct privcmd_chunk *c, u64 done,
			       unsigned int n, bool *enoent)
{
	unsigned int i;
	int rc;

	if (copy_from_user(c->asked, b->arr + done, n * sizeof(*c->asked)))
		return -EFAULT;
	memcpy(c->gfn, c->asked, n * sizeof(*c->gfn));
	memset(c->err, 0, n * sizeof(*c->err));

	rc = privcmd_batch_map(file, b, c, done, n, enoent);
	if (rc)
		return rc;

	if (b->err)
		return copy_to_user(b->err + done, c->err,
				    n * sizeof(*c->err)) ? -EFAULT : 0;
	for (i = 0; i < n; i++)
		c->asked[i] = privcmd_v1_error(c->asked[i], c->err[i]);
	return copy_to_user(b->arr + done, c->asked,
			    n * sizeof(*c->asked)) ? -EFAULT : 0;
}

/**
 * privcmd_ioctl_mmapbatch() - IOCTL_PRIVCMD_MMAPBATCH and _V2
 * @file: the privcmd file
 * @udata: user address of the request
 * @version: 1 (errors flagged in the frame array) or 2 (error array)
 *
 * Return: 0 when every frame was tried (the errors say which failed),
 * -ENOENT when in addition one was paged out, -EINVAL for a bad window or
 * range (or one already holding a frame), -EPERM for a domain the file is
 * restricted from, -EFAULT for unreadable or unwritable arrays.
 */
long privcmd_ioctl_mmapbatch(struct file *file, void __user *udata,
			     int version)
{
	struct privcmd_data *data = file->private_data;
	struct privcmd_chunk *c;
	struct privcmd_batch b;
	bool enoent = false;
	unsigned int n;
	u64 done;
	int rc;

	rc = privcmd_batch_read(&b, udata, version);
	if (rc)
		return rc;
	if (!privcmd_may_act_on(data, b.dom))
		return -EPERM;
	rc = privcmd_batch_check(file, &b);
	if (rc)
		return rc;
	c = kmalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;

	for (done = 0; done < b.num; done += n) {
		n = min_t(u64, b.num - done, PRIVCMD_CHUNK);
		rc = privcmd_batch_chunk(file, &b, c, done, n, &enoent);
		if (rc)
			goto out;
		if (fatal_signal_pending(current)) {
			rc = -EINTR;
			goto out;
		}
		cond_resched();
	}
	rc = enoent ? -ENOENT : 0;
out:
	kfree(c);
	return rc;
}

/* Ask Xen for the size (in frames) of a resource. */
static long privcmd_resource_size(struct privcmd_mmap_resource *kdata,
				  struct privcmd_mmap_resource __user *udata)
{
	struct xen_mem_acquire_resource xdata = {
		.domid = kdata->dom,
		.type = kdata->type,
		.id = kdata->id,
	};
	long rc;

	rc = HYPERVISOR_memory_op(XENMEM_acquire_resource, &xdata);
	if (rc)
		return rc;
	kdata->num = xdata.nr_frames;
	return put_user(kdata->num, &udata->num) ? -EFAULT : 0;
}

/**
 * privcmd_ioctl_mmap_resource() - IOCTL_PRIVCMD_MMAP_RESOURCE
 * @file: the privcmd file
 * @udata: user address of a struct privcmd_mmap_resource
 *
 * With @addr and @num both zero, reports the resource's size in @num.
 * Otherwise maps @num frames of the resource from frame @idx at @addr,
 * which must be a whole, still empty, window.
 *
 * Return: 0, or -errno (Xen's for a resource it refuses).
 */
long privcmd_ioctl_mmap_resource(struct file *file, void __user *udata)
{
	struct privcmd_data *data = file->private_data;
	struct mm_struct *mm = current->mm;
	struct xen_mem_acquire_resource xdata = { };
	struct privcmd_mmap_resource kdata;
	struct privcmd_window *win;
	struct vm_area_struct *vma;
	xen_pfn_t *pfns = NULL;
	int *errs = NULL;
	unsigned long i;
	long rc;

	if (copy_from_user(&kdata, udata, sizeof(kdata)))
		return -EFAULT;
	if (!privcmd_may_act_on(data, kdata.dom))
		return -EPERM;
	if (!kdata.addr && !kdata.num)
		return privcmd_resource_size(&kdata, udata);
	if (!kdata.addr || !kdata.num || kdata.num > U32_MAX)
		return -EINVAL;

	mmap_write_lock(mm);
	vma = privcmd_window_get(file, kdata.addr, kdata.num, true, true);
	if (IS_ERR(vma)) {
		rc = PTR_ERR(vma);
		goto out;
	}
	win = vma->vm_private_data;

	rc = -ENOMEM;
	pfns = kvcalloc(kdata.num, sizeof(*pfns), GFP_KERNEL);
	if (!pfns)
		goto out;
	/* Translated: frame_list says where in our physmap to put them. */
	if (win->pages)
		for (i = 0; i < kdata.num; i++)
			pfns[i] = xen_page_to_gfn(win->pages[i]);

	xdata.domid = kdata.dom;
	xdata.type = kdata.type;
	xdata.id = kdata.id;
	xdata.frame = kdata.idx;
	xdata.nr_frames = kdata.num;
	set_xen_guest_handle(xdata.frame_list, pfns);
	xen_preemptible_hcall_begin();
	rc = HYPERVISOR_memory_op(XENMEM_acquire_resource, &xdata);
	xen_preemptible_hcall_end();
	/*
	 * Even a failed call may have placed some frames in our physmap:
	 * the whole window is given back on munmap() in either case.
	 */
	bitmap_fill(win->mapped, win->npages);
	if (rc)
		goto out;

	if (win->pages) {
		/*
		 * xen_remap_vma_range() takes the pages from vm_private_data
		 * (the in-tree driver keeps its page array there): lend it
		 * ours for the call, under the mmap lock.
		 */
		vma->vm_private_data = win->pages;
		rc = xen_remap_vma_range(vma, kdata.addr,
					 kdata.num << PAGE_SHIFT);
		vma->vm_private_data = win;
		goto out;
	}

	rc = -ENOMEM;
	errs = kvcalloc(kdata.num, sizeof(*errs), GFP_KERNEL);
	if (!errs)
		goto out;
	rc = xen_remap_domain_mfn_array(vma, kdata.addr, pfns, kdata.num, errs,
					vma->vm_page_prot, kdata.dom);
	if (rc >= 0)
		rc = rc == kdata.num ? 0 : -EFAULT;
	for (i = 0; !rc && i < kdata.num; i++)
		rc = errs[i];
out:
	mmap_write_unlock(mm);
	kvfree(errs);
	kvfree(pfns);
	return rc;
}
