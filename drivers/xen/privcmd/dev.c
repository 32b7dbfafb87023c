// SPDX-License-Identifier: GPL-2.0
/*
 * xen-privcmd: /dev/xen/privcmd, the toolstack's door to the hypervisor.
 *
 * The user ABI is the kernel's <uapi/xen/privcmd.h> (libxencall,
 * libxenforeignmemory, libxendevicemodel), plus mainline's IRQFD and
 * IOEVENTFD (<xen/privcmd-eventfd.h>):
 *  - HYPERCALL issues any hypercall on the caller's behalf;
 *  - MMAPBATCH, MMAPBATCH_V2 and MMAP_RESOURCE map another domain's frames
 *    or resources into a window mmap()ed from the file (the legacy MMAP has
 *    no auto-translated form and fails, with EOPNOTSUPP);
 *  - DM_OP issues a device-model op with the caller's buffers pinned;
 *  - RESTRICT ties the file to one domain for good: HYPERCALL is refused
 *    then, every other ioctl only acts on that domain;
 *  - IRQFD issues a DM_OP each time an eventfd is signalled.
 * xenfs serves the same file operations as /proc/xen/privcmd.
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
#include <uapi/xen/privcmd.h>
#include <xen/privcmd-eventfd.h>
#include <xen/xen-privcmd.h>
#include "privcmd.h"

unsigned int privcmd_dm_op_max_nr_bufs = 16;
module_param_named(dm_op_max_nr_bufs, privcmd_dm_op_max_nr_bufs, uint, 0644);
MODULE_PARM_DESC(dm_op_max_nr_bufs,
		 "Maximum number of buffers per IOCTL_PRIVCMD_DM_OP");

unsigned int privcmd_dm_op_buf_max_size = 4096;
module_param_named(dm_op_buf_max_size, privcmd_dm_op_buf_max_size, uint,
		   0644);
MODULE_PARM_DESC(dm_op_buf_max_size,
		 "Maximum size in bytes of one IOCTL_PRIVCMD_DM_OP buffer");

/**
 * privcmd_may_act_on() - may a file act on a domain?
 * @data: the file's state
 * @dom: the domain an ioctl names
 *
 * Return: true unless the file was restricted to another domain.
 */
bool privcmd_may_act_on(const struct privcmd_data *data, domid_t dom)
{
	domid_t mine = READ_ONCE(data->domid);

	return mine == DOMID_INVALID || mine == dom;
}

static int privcmd_open(struct inode *inode, struct file *file)
{
	struct privcmd_data *data;

	data = kzalloc(sizeof(*data), GFP_KERNEL);
	if (!data)
		return -ENOMEM;
	data->domid = DOMID_INVALID;
	spin_lock_init(&data->irqfd_lock);
	INIT_LIST_HEAD(&data->irqfds);
	file->private_data = data;
	return 0;
}

static int privcmd_release(struct inode *inode, struct file *file)
{
	struct privcmd_data *data = file->private_data;

	privcmd_irqfd_release_all(data);
	kfree(data);
	return 0;
}

/*
 * Once restricted, a file stays restricted to that domain: restricting it
 * again to the same domain is harmless, to another one is refused.
 */
static long privcmd_ioctl_restrict(struct privcmd_data *data,
				   void __user *udata)
{
	domid_t dom;

	if (copy_from_user(&dom, udata, sizeof(dom)))
		return -EFAULT;
	if (dom >= DOMID_FIRST_RESERVED)
		return -EINVAL;
	/* Only one restriction may ever win, even against a racing one. */
	if (cmpxchg(&data->domid, DOMID_INVALID, dom) == DOMID_INVALID)
		return 0;
	return READ_ONCE(data->domid) == dom ? 0 : -EINVAL;
}

static long privcmd_ioctl(struct file *file, unsigned int cmd,
			  unsigned long arg)
{
	struct privcmd_data *data = file->private_data;
	void __user *udata = (void __user *)arg;

	switch (cmd) {
	case IOCTL_PRIVCMD_HYPERCALL:
		return privcmd_ioctl_hypercall(data, udata);
	case IOCTL_PRIVCMD_MMAP:
		return privcmd_ioctl_mmap(data, udata);
	case IOCTL_PRIVCMD_MMAPBATCH:
		return privcmd_ioctl_mmapbatch(file, udata, 1);
	case IOCTL_PRIVCMD_MMAPBATCH_V2:
		return privcmd_ioctl_mmapbatch(file, udata, 2);
	case IOCTL_PRIVCMD_DM_OP:
		return privcmd_ioctl_dm_op(data, udata);
	case IOCTL_PRIVCMD_RESTRICT:
		return privcmd_ioctl_restrict(data, udata);
	case IOCTL_PRIVCMD_MMAP_RESOURCE:
		return privcmd_ioctl_mmap_resource(file, udata);
	case IOCTL_PRIVCMD_IRQFD:
		return privcmd_ioctl_irqfd(data, udata);
	case IOCTL_PRIVCMD_IOEVENTFD:
		return privcmd_ioctl_ioeventfd(data, udata);
	default:
		return -ENOTTY;
	}
}

/* Served by xenfs as /proc/xen/privcmd too. */
const struct file_operations xen_privcmd_fops = {
	.owner		= THIS_MODULE,
	.open		= privcmd_open,
	.release	= privcmd_release,
	.unlocked_ioctl	= privcmd_ioctl,
	.mmap		= privcmd_mmap,
};
EXPORT_SYMBOL_GPL(xen_privcmd_fops);

static struct miscdevice privcmd_miscdev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "xen/privcmd",
	.fops	= &xen_privcmd_fops,
};

static int __init privcmd_init(void)
{
	int rc;

	if (!xen_domain())
		return -ENODEV;
	rc = privcmd_irqfd_init();
	if (rc)
		return rc;
	rc = misc_register(&privcmd_miscdev);
	if (rc) {
		pr_err("cannot register /dev/xen/privcmd: %d\n", rc);
		goto err_irqfd;
	}
	rc = misc_register(&privcmd_buf_miscdev);
	if (rc) {
		pr_err("cannot register /dev/xen/hypercall: %d\n", rc);
		goto err_privcmd;
	}
	return 0;

err_privcmd:
	misc_deregister(&privcmd_miscdev);
err_irqfd:
	privcmd_irqfd_exit();
	return rc;
}
module_init(privcmd_init);

static void __exit privcmd_exit(void)
{
	misc_deregister(&privcmd_buf_miscdev);
	misc_deregister(&privcmd_miscdev);
	privcmd_irqfd_exit();
}
module_exit(privcmd_exit);

MODULE_DESCRIPTION("Xen hypercalls and foreign mappings for the toolstack (/dev/xen/privcmd)");
MODULE_AUTHOR("The pvh-dom0 authors");
MODULE_LICENSE("GPL");
MODULE_VERSION(PVH_DOM0_VERSION);
