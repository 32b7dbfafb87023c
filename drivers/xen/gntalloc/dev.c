// SPDX-License-Identifier: GPL-2.0
/*
 * xen-gntalloc: /dev/xen/gntalloc, grant pages to other domains.
 *
 * The user ABI is the kernel's <uapi/xen/gntalloc.h>, as used by
 * libxengnttab's gntshr (libxenvchan, QEMU):
 *  - IOCTL_GNTALLOC_ALLOC_GREF allocates pages, grants them to a domain and
 *    returns their grant references and the file offset to mmap() them at;
 *  - IOCTL_GNTALLOC_DEALLOC_GREF gives them up (a mapped page stays until it
 *    is unmapped);
 *  - IOCTL_GNTALLOC_SET_UNMAP_NOTIFY asks for a byte to be cleared and/or an
 *    event channel to be signalled when the page goes, e.g. when the
 *    process dies.
 * The number of grants of all files together is capped by "limit".
 *
 * Copyright (C) 2026 The pvh-dom0 authors
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <xen/xen.h>
#include <xen/interface/xen.h>
#include <uapi/xen/gntalloc.h>
#include "gntalloc.h"

int gntalloc_limit = 1024;
module_param_named(limit, gntalloc_limit, int, 0644);
MODULE_PARM_DESC(limit,
		 "Maximum number of grants that may be allocated by the gntalloc device");

static int gntalloc_open(struct inode *inode, struct file *filp)
{
	struct gntalloc_file *file;

	file = kzalloc(sizeof(*file), GFP_KERNEL);
	if (!file)
		return -ENOMEM;
	INIT_LIST_HEAD(&file->grefs);
	filp->private_data = file;
	return 0;
}

static int gntalloc_release(struct inode *inode, struct file *filp)
{
	struct gntalloc_file *file = filp->private_data;
	struct gntalloc_gref *gref, *tmp;

	mutex_lock(&gntalloc_lock);
	list_for_each_entry_safe(gref, tmp, &file->grefs, link) {
		list_del_init(&gref->link);
		gntalloc_gref_put(gref);
	}
	mutex_unlock(&gntalloc_lock);
	kfree(file);
	return 0;
}

/* Drop grants never inserted into a file. */
static void gntalloc_put_list(struct list_head *grefs)
{
	struct gntalloc_gref *gref, *tmp;

	mutex_lock(&gntalloc_lock);
	list_for_each_entry_safe(gref, tmp, grefs, link) {
		list_del_init(&gref->link);
		gntalloc_gref_put(gref);
	}
	mutex_unlock(&gntalloc_lock);
}

static long gntalloc_alloc(struct gntalloc_file *file,
			   struct ioctl_gntalloc_alloc_gref __user *arg)
{
	struct ioctl_gntalloc_alloc_gref op;
	struct gntalloc_gref *gref;
	LIST_HEAD(grefs);
	u32 *ids, i;
	u64 index;
	long rc;

	/* The fixed part only: gref_ids[] is output, count entries long. */
	if (copy_from_user(&op, arg, offsetof(typeof(op), gref_ids)))
		return -EFAULT;
	/*
	 * Stricter than upstream, which ignores unknown flags and grants to
	 * reserved domain ids (grants no domain can ever map): see the admin
	 * guide, "Differences from the in-tree modules".
	 */
	if (op.flags & ~GNTALLOC_FLAG_WRITABLE ||
	    op.domid >= DOMID_FIRST_RESERVED)
		return -EINVAL;
	/* As upstream: nothing to allocate; the index the next one gets. */
	if (!op.count) {
		mutex_lock(&gntalloc_lock);
		index = file->next_index;
		mutex_unlock(&gntalloc_lock);
		return put_user(index, &arg->index) ? -EFAULT : 0;
	}
	rc = gntalloc_reserve(op.count);
	if (rc)
		return rc;

	ids = kvmalloc_array(op.count, sizeof(*ids), GFP_KERNEL);
	if (!ids) {
		gntalloc_unreserve(op.count);
		return -ENOMEM;
	}

	mutex_lock(&gntalloc_lock);
	index = file->next_index;
	file->next_index += (u64)op.count << PAGE_SHIFT;
	mutex_unlock(&gntalloc_lock);

	for (i = 0; i < op.count; i++) {
		gref = gntalloc_gref_new(op.domid,
					 !(op.flags & GNTALLOC_FLAG_WRITABLE),
					 index + ((u64)i << PAGE_SHIFT));
		if (IS_ERR(gref)) {
			rc = PTR_ERR(gref);
			gntalloc_unreserve(op.count - i);
			goto err_put;
		}
		list_add_tail(&gref->link, &grefs);
		ids[i] = gref->ref;
	}

	if (put_user(index, &arg->index) ||
	    copy_to_user(arg->gref_ids, ids, op.count * sizeof(*ids))) {
		rc = -EFAULT;
		goto err_put;
	}

	mutex_lock(&gntalloc_lock);
	gntalloc_insert(file, &grefs);
	mutex_unlock(&gntalloc_lock);
	kvfree(ids);
	return 0;

err_put:
	gntalloc_put_list(&grefs);
	kvfree(ids);
	return rc;
}

static long gntalloc_dealloc(struct gntalloc_file *file,
			     struct ioctl_gntalloc_dealloc_gref __user *arg)
{
	struct ioctl_gntalloc_dealloc_gref op;
	struct gntalloc_gref *gref, *next;
	u32 i;

	if (copy_from_user(&op, arg, sizeof(op)))
		return -EFAULT;

	mutex_lock(&gntalloc_lock);
	gref = gntalloc_find(file, op.index, op.count);
	if (!gref) {
		mutex_unlock(&gntalloc_lock);
		return -EINVAL;
	}
	for (i = 0; i < op.count; i++) {
		next = list_next_entry(gref, link);
		list_del_init(&gref->link);
		/* A mapped grant lives on until it is unmapped. */
		gntalloc_gref_put(gref);
		gref = next;
	}
	mutex_unlock(&gntalloc_lock);
	return 0;
}

static long gntalloc_unmap_notify(struct gntalloc_file *file,
				  struct ioctl_gntalloc_unmap_notify __user *arg)
{
	struct ioctl_gntalloc_unmap_notify op;
	struct gntalloc_gref *gref;
	long rc;

	if (copy_from_user(&op, arg, sizeof(op)))
		return -EFAULT;
	if (op.action & ~(UNMAP_NOTIFY_CLEAR_BYTE | UNMAP_NOTIFY_SEND_EVENT))
		return -EINVAL;

	mutex_lock(&gntalloc_lock);
	gref = gntalloc_find(file, op.index & PAGE_MASK, 1);
	if (gref)
		rc = gntalloc_set_notify(gref, op.action,
					 op.index & ~PAGE_MASK,
					 op.event_channel_port);
	else
		rc = -ENOENT;
	mutex_unlock(&gntalloc_lock);
	return rc;
}

static long gntalloc_ioctl(struct file *filp, unsigned int cmd,
			   unsigned long arg)
{
	struct gntalloc_file *file = filp->private_data;
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case IOCTL_GNTALLOC_ALLOC_GREF:
		return gntalloc_alloc(file, uarg);
	case IOCTL_GNTALLOC_DEALLOC_GREF:
		return gntalloc_dealloc(file, uarg);
	case IOCTL_GNTALLOC_SET_UNMAP_NOTIFY:
		return gntalloc_unmap_notify(file, uarg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations gntalloc_fops = {
	.owner		= THIS_MODULE,
	.open		= gntalloc_open,
	.release	= gntalloc_release,
	.unlocked_ioctl	= gntalloc_ioctl,
	.mmap		= gntalloc_mmap,
};

static struct miscdevice gntalloc_miscdev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "xen/gntalloc",
	.fops	= &gntalloc_fops,
};

static int __init gntalloc_init(void)
{
	int rc;

	if (!xen_domain())
		return -ENODEV;
	rc = misc_register(&gntalloc_miscdev);
	if (rc) {
		pr_err("cannot register /dev/xen/gntalloc: %d\n", rc);
		return rc;
	}
	return 0;
}
module_init(gntalloc_init);

static void __exit gntalloc_exit(void)
{
	misc_deregister(&gntalloc_miscdev);
}
module_exit(gntalloc_exit);

MODULE_DESCRIPTION("Xen grant allocation for userspace (/dev/xen/gntalloc)");
MODULE_AUTHOR("The pvh-dom0 authors");
MODULE_LICENSE("GPL");
MODULE_VERSION(PVH_DOM0_VERSION);
