// SPDX-License-Identifier: GPL-2.0
/*
 * xen-privcmd: /dev/xen/hypercall, buffers for hypercall arguments.
 *
 * Xen reads a hypercall's arguments through the caller's page tables and
 * fails the call if a page is not present, so libxencall keeps them in
 * memory that is always there: a shared mmap() of this device gets fresh
 * zeroed kernel pages, never swapped.  As with the in-tree driver, a
 * fork()ed child shares them (libxencall does not ask for MADV_DONTFORK on
 * them); they are freed when the last mapping of them goes.  A mapping
 * cannot be split.
 *
 * Copyright (C) 2026 The pvh-dom0 authors
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include "privcmd.h"

/**
 * struct privcmd_buf - the pages behind one mapping of /dev/xen/hypercall
 * @users: the mapping and its copies in fork()ed children
 * @count: number of pages
 * @pages: the pages
 */
struct privcmd_buf {
	refcount_t users;
	unsigned long count;
	struct page *pages[];
};

static void privcmd_buf_free(struct privcmd_buf *buf, unsigned long n)
{
	while (n--)
		__free_page(buf->pages[n]);
	kvfree(buf);
}

/* A child's copy of the mapping (fork()). */
static void privcmd_buf_open(struct vm_area_struct *vma)
{
	struct privcmd_buf *buf = vma->vm_private_data;

	if (buf)
		refcount_inc(&buf->users);
}

static void privcmd_buf_close(struct vm_area_struct *vma)
{
	struct privcmd_buf *buf = vma->vm_private_data;

	vma->vm_private_data = NULL;
	/* The page table entries were zapped; the last user frees. */
	if (buf && refcount_dec_and_test(&buf->users))
		privcmd_buf_free(buf, buf->count);
}

static int privcmd_buf_may_split(struct vm_area_struct *vma,
				 unsigned long addr)
{
	return -EINVAL;
}

static vm_fault_t privcmd_buf_fault(struct vm_fault *vmf)
{
	return VM_FAULT_SIGBUS;
}

static const struct vm_operations_struct privcmd_buf_vm_ops = {
	.open		= privcmd_buf_open,
	.close		= privcmd_buf_close,
	.may_split	= privcmd_buf_may_split,
	.fault		= privcmd_buf_fault,
};

static int privcmd_buf_mmap(struct file *file, struct vm_area_struct *vma)
{
	unsigned long i, count = vma_pages(vma);
	struct privcmd_buf *buf;
	int rc;

	if (!(vma->vm_flags & VM_SHARED) || vma->vm_pgoff)
		return -EINVAL;
	buf = kvzalloc(struct_size(buf, pages, count), GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	for (i = 0; i < count; i++) {
		buf->pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!buf->pages[i]) {
			privcmd_buf_free(buf, i);
			return -ENOMEM;
		}
	}
	buf->count = count;
	refcount_set(&buf->users, 1);

	vma->vm_flags |= VM_IO | VM_DONTEXPAND | VM_DONTDUMP;
	vma->vm_ops = &privcmd_buf_vm_ops;
	rc = vm_map_pages_zero(vma, buf->pages, count);
	if (rc) {
		/* Nothing owns them yet: close is not called on failure. */
		zap_vma_ptes(vma, vma->vm_start, vma->vm_end - vma->vm_start);
		privcmd_buf_free(buf, count);
		return rc;
	}
	vma->vm_private_data = buf;
	return 0;
}

static const struct file_operations privcmd_buf_fops = {
	.owner		= THIS_MODULE,
	.mmap		= privcmd_buf_mmap,
	.llseek		= noop_llseek,
};

struct miscdevice privcmd_buf_miscdev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "xen/hypercall",
	.fops	= &privcmd_buf_fops,
};
