// SPDX-License-Identifier: GPL-2.0
/*
 * xen-gntdev: /dev/xen/gntdev, map other domains' grants into a process.
 *
 * The user ABI is the kernel's <uapi/xen/gntdev.h>, as used by
 * libxengnttab (xenconsoled, QEMU's Xen backends, libxenvchan):
 *  - MAP_GRANT_REF records grants and returns the offset to mmap() them
 *    at; UNMAP_GRANT_REF forgets them (a mapping keeps them until munmap);
 *  - GET_OFFSET_FOR_VADDR finds the offset back from a mapped address;
 *  - SET_MAX_GRANTS lowers (or raises, up to "limit") the grants the file
 *    may have at once;
 *  - SET_UNMAP_NOTIFY clears a byte and/or signals an event channel when
 *    the grants are unmapped, e.g. when the process dies;
 *  - GRANT_COPY copies to and from grants without mapping them;
 *  - the DMABUF_* ioctls turn grants into a dma-buf and back (dmabuf.c).
 *
 * Copyright (C) 2026 The pvh-dom0 authors
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dma-mapping.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <xen/xen.h>
#include <xen/grant_table.h>
#include <uapi/xen/gntdev.h>
#include "gntdev.h"

/*
 * xen-gntdev-bench builds this same driver as /dev/xen/gntdev-bench, so
 * that a benchmark can measure it beside the in-tree xen-gntdev in one boot
 * (xenstored holds /dev/xen/gntdev open for the whole boot).
 */
#ifndef GNTDEV_DEVNAME
#define GNTDEV_DEVNAME	"xen/gntdev"
#endif

unsigned int gntdev_limit = 65536;
module_param_named(limit, gntdev_limit, uint, 0644);
MODULE_PARM_DESC(limit,
		 "Maximum number of grants an open file of the gntdev device may map at once (default for new files; SET_MAX_GRANTS may change it up to this)");

static struct miscdevice gntdev_miscdev;

/**
 * gntdev_device() - the device dma-bufs are attached to on import
 *
 * Return: /dev/xen/gntdev's struct device.
 */
struct device *gntdev_device(void)
{
	return gntdev_miscdev.this_device;
}

static int gntdev_open(struct inode *inode, struct file *filp)
{
	struct gntdev_file *file;

	file = kzalloc(sizeof(*file), GFP_KERNEL);
	if (!file)
		return -ENOMEM;
	mutex_init(&file->lock);
	INIT_LIST_HEAD(&file->maps);
	INIT_LIST_HEAD(&file->exports);
	INIT_LIST_HEAD(&file->imports);
	file->max_grants = READ_ONCE(gntdev_limit);
	filp->private_data = file;
	return 0;
}

static int gntdev_release(struct inode *inode, struct file *filp)
{
	struct gntdev_file *file = filp->private_data;
	struct gntdev_map *map, *tmp;

	/* No VMA of ours is left: each holds the file open. */
	list_for_each_entry_safe(map, tmp, &file->maps, link) {
		list_del_init(&map->link);
		gntdev_map_put(map);
	}
	gntdev_dmabuf_file_release(file);
	kfree(file);
	return 0;
}

static long gntdev_set_max(struct gntdev_file *file, void __user *uarg)
{
	struct ioctl_gntdev_set_max_grants op;
	long rc = 0;

	if (copy_from_user(&op, uarg, sizeof(op)))
		return -EFAULT;
	if (!op.count || op.count > READ_ONCE(gntdev_limit))
		return -EINVAL;
	mutex_lock(&file->lock);
	/* Lower than what is mapped already would be a lie. */
	if (op.count < file->nr_grants)
		rc = -EBUSY;
	else
		file->max_grants = op.count;
	mutex_unlock(&file->lock);
	return rc;
}

static long gntdev_ioctl(struct file *filp, unsigned int cmd,
			 unsigned long arg)
{
	struct gntdev_file *file = filp->private_data;
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case IOCTL_GNTDEV_MAP_GRANT_REF:
		return gntdev_ioctl_map(file, uarg);
	case IOCTL_GNTDEV_UNMAP_GRANT_REF:
		return gntdev_ioctl_unmap(file, uarg);
	case IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR:
		return gntdev_ioctl_offset(file, uarg);
	case IOCTL_GNTDEV_SET_MAX_GRANTS:
		return gntdev_set_max(file, uarg);
	case IOCTL_GNTDEV_SET_UNMAP_NOTIFY:
		return gntdev_ioctl_notify(file, uarg);
	case IOCTL_GNTDEV_GRANT_COPY:
		return gntdev_ioctl_copy(uarg);
	case IOCTL_GNTDEV_DMABUF_EXP_FROM_REFS:
		return gntdev_ioctl_dmabuf_export(file, uarg);
	case IOCTL_GNTDEV_DMABUF_EXP_WAIT_RELEASED:
		return gntdev_ioctl_dmabuf_wait(file, uarg);
	case IOCTL_GNTDEV_DMABUF_IMP_TO_REFS:
		return gntdev_ioctl_dmabuf_import(file, uarg);
	case IOCTL_GNTDEV_DMABUF_IMP_RELEASE:
		return gntdev_ioctl_dmabuf_release(file, uarg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations gntdev_fops = {
	.owner		= THIS_MODULE,
	.open		= gntdev_open,
	.release	= gntdev_release,
	.unlocked_ioctl	= gntdev_ioctl,
	.mmap		= gntdev_mmap,
};

static struct miscdevice gntdev_miscdev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= GNTDEV_DEVNAME,
	.fops	= &gntdev_fops,
};

static int __init gntdev_init(void)
{
	int rc;

	if (!xen_domain())
		return -ENODEV;
	rc = misc_register(&gntdev_miscdev);
	if (rc) {
		pr_err("cannot register /dev/%s: %d\n", GNTDEV_DEVNAME, rc);
		return rc;
	}
	/* Imported dma-bufs are mapped for this device: any address. */
	rc = dma_coerce_mask_and_coherent(gntdev_miscdev.this_device,
					  DMA_BIT_MASK(64));
	if (rc) {
		pr_err("cannot set the DMA mask: %d\n", rc);
		misc_deregister(&gntdev_miscdev);
		return rc;
	}
	return 0;
}
module_init(gntdev_init);

static void __exit gntdev_exit(void)
{
	misc_deregister(&gntdev_miscdev);
	gntdev_dmabuf_exit();
}
module_exit(gntdev_exit);

MODULE_DESCRIPTION("Xen grant mapping for userspace (/dev/xen/gntdev)");
MODULE_AUTHOR("The pvh-dom0 authors");
MODULE_LICENSE("GPL");
MODULE_VERSION(PVH_DOM0_VERSION);
