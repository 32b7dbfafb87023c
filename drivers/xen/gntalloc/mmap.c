// SPDX-License-Identifier: GPL-2.0
/*
 * xen-gntalloc: mmap() of allocated grants.
 *
 * The file offset of a mapping is the index ALLOC_GREF returned; the pages
 * must be consecutive grants of the file.  Each mapped grant gets one more
 * user, dropped when the last VMA of the mapping goes (a VMA split by a
 * partial munmap() or copied by fork() shares the mapping), so a grant
 * deallocated while mapped lives, and notifies, until it is unmapped.
 *
 * Copyright (C) 2026 The pvh-dom0 authors
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include "gntalloc.h"

/* Caller holds gntalloc_lock. */
static void gntalloc_mapping_put(struct gntalloc_mapping *map)
{
	unsigned int i;

	if (--map->users)
		return;
	for (i = 0; i < map->count; i++)
		gntalloc_gref_put(map->grefs[i]);
	kvfree(map);
}

static void gntalloc_vma_open(struct vm_area_struct *vma)
{
	struct gntalloc_mapping *map = vma->vm_private_data;

	mutex_lock(&gntalloc_lock);
	map->users++;
	mutex_unlock(&gntalloc_lock);
}

static void gntalloc_vma_close(struct vm_area_struct *vma)
{
	struct gntalloc_mapping *map = vma->vm_private_data;

	mutex_lock(&gntalloc_lock);
	gntalloc_mapping_put(map);
	mutex_unlock(&gntalloc_lock);
}

static const struct vm_operations_struct gntalloc_vm_ops = {
	.open	= gntalloc_vma_open,
	.close	= gntalloc_vma_close,
};

/**
 * gntalloc_mmap() - map grants of the file into the caller
 * @filp: an open /dev/xen/gntalloc
 * @vma: the new VMA; its offset is an index returned by ALLOC_GREF
 *
 * Return: 0, -EINVAL for a private mapping, -ENOENT if the pages are not
 * all allocated grants of this file, or -ENOMEM.
 */
int gntalloc_mmap(struct file *filp, struct vm_area_struct *vma)
{
	struct gntalloc_file *file = filp->private_data;
	unsigned long count = vma_pages(vma);
	u64 index = (u64)vma->vm_pgoff << PAGE_SHIFT;
	struct gntalloc_mapping *map;
	struct gntalloc_gref *gref;
	unsigned long i;
	int rc;

	if (!(vma->vm_flags & VM_SHARED)) {
		pr_warn_ratelimited("%s[%d]: private mappings are not supported\n",
				    current->comm, task_pid_nr(current));
		return -EINVAL;
	}
	/* More pages than grants exist: do not even allocate. */
	if (count > READ_ONCE(gntalloc_nr_grefs))
		return -ENOENT;

	map = kvzalloc(struct_size(map, grefs, count), GFP_KERNEL);
	if (!map)
		return -ENOMEM;

	mutex_lock(&gntalloc_lock);
	gref = gntalloc_find(file, index, count);
	if (!gref) {
		mutex_unlock(&gntalloc_lock);
		kvfree(map);
		return -ENOENT;
	}
	for (i = 0; i < count; i++) {
		gref->users++;
		map->grefs[i] = gref;
		gref = list_next_entry(gref, link);
	}
	map->count = count;
	map->users = 1;
	mutex_unlock(&gntalloc_lock);

	vma->vm_private_data = map;
	vma->vm_ops = &gntalloc_vm_ops;
	vma->vm_flags |= VM_DONTEXPAND | VM_DONTDUMP;

	for (i = 0; i < count; i++) {
		rc = vm_insert_page(vma, vma->vm_start + i * PAGE_SIZE,
				    map->grefs[i]->page);
		if (rc)
			goto err_put;
	}
	return 0;

err_put:
	/* A failed mmap() is torn down without ->close(): drop ours here. */
	vma->vm_private_data = NULL;
	vma->vm_ops = NULL;
	mutex_lock(&gntalloc_lock);
	gntalloc_mapping_put(map);
	mutex_unlock(&gntalloc_lock);
	return rc;
}
