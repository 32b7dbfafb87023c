// SPDX-License-Identifier: GPL-2.0
/*
 * xen-gntdev: mmap() of mapped grants, and GET_OFFSET_FOR_VADDR.
 *
 * The offset of a mapping is the index MAP_GRANT_REF returned, its length
 * exactly the map's grants.  The first mmap() maps the grants (read-only
 * unless the mapping is writable); the VMA maps their pages like ordinary
 * pages (vm_insert_page(): the auto-translated way, no PV page-table
 * updates).  Each VMA holds the map, so a VMA split by a partial munmap()
 * or copied by fork() keeps the grants mapped until the last piece goes.
 *
 * Copyright (C) 2026 The pvh-dom0 authors
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <xen/grant_table.h>
#include <uapi/xen/gntdev.h>
#include "gntdev.h"

static void gntdev_vma_open(struct vm_area_struct *vma)
{
	struct gntdev_map *map = vma->vm_private_data;

	kref_get(&map->kref);
}

static void gntdev_vma_close(struct vm_area_struct *vma)
{
	/* The page-table entries are gone already: the grants may go. */
	gntdev_map_put(vma->vm_private_data);
}

static const struct vm_operations_struct gntdev_vm_ops = {
	.open	= gntdev_vma_open,
	.close	= gntdev_vma_close,
};

/**
 * gntdev_mmap() - map a map's grants into the caller
 * @filp: an open /dev/xen/gntdev
 * @vma: the new VMA; offset and size are those of one MAP_GRANT_REF
 *
 * Return: 0; -EINVAL for a private mapping or an offset and size that are
 * not one map's, or if Xen refused a grant; -EPERM for a writable mapping
 * of grants mapped read-only before; -ENOMEM.
 */
int gntdev_mmap(struct file *filp, struct vm_area_struct *vma)
{
	struct gntdev_file *file = filp->private_data;
	unsigned long i, count = vma_pages(vma);
	bool readonly = !(vma->vm_flags & VM_WRITE);
	struct gntdev_map *map;
	int rc;

	if (!(vma->vm_flags & VM_SHARED)) {
		pr_debug_ratelimited("%s[%d]: private mappings are not supported\n",
				     current->comm, task_pid_nr(current));
		return -EINVAL;
	}

	mutex_lock(&file->lock);
	map = gntdev_find_map(file, vma->vm_pgoff, count);
	if (map)
		kref_get(&map->kref);
	mutex_unlock(&file->lock);
	if (!map)
		return -EINVAL;

	rc = gntdev_map_grants(map, readonly);
	if (rc)
		goto err_put;

	if (map->readonly)
		vma->vm_flags &= ~VM_MAYWRITE;
	vma->vm_flags |= VM_DONTEXPAND | VM_DONTDUMP;
	vma->vm_private_data = map;
	vma->vm_ops = &gntdev_vm_ops;
	for (i = 0; i < count; i++) {
		rc = vm_insert_page(vma, vma->vm_start + i * PAGE_SIZE,
				    map->pages[i]);
		if (rc)
			goto err_zap;
	}
	return 0;

err_zap:
	/*
	 * A failed mmap() is torn down without ->close(); the pages must be
	 * out of the page table before the unmap can wait for them.
	 */
	zap_vma_ptes(vma, vma->vm_start, i * PAGE_SIZE);
	vma->vm_private_data = NULL;
	vma->vm_ops = NULL;
err_put:
	gntdev_map_put(map);
	return rc;
}

long gntdev_ioctl_offset(struct gntdev_file *file, void __user *uarg)
{
	struct ioctl_gntdev_get_offset_for_vaddr op;
	struct vm_area_struct *vma;
	struct gntdev_map *map;
	long rc = -EINVAL;

	if (copy_from_user(&op, uarg, sizeof(op)))
		return -EFAULT;

	mmap_read_lock(current->mm);
	vma = vma_lookup(current->mm, op.vaddr);
	if (vma && vma->vm_ops == &gntdev_vm_ops &&
	    vma->vm_file->private_data == file) {
		map = vma->vm_private_data;
		op.offset = map->index << PAGE_SHIFT;
		op.count = map->count;
		rc = 0;
	}
	mmap_read_unlock(current->mm);
	if (rc)
		return rc;
	return copy_to_user(uarg, &op, sizeof(op)) ? -EFAULT : 0;
}
