// SPDX-License-Identifier: GPL-2.0
/*
 * xen-evtchn: /dev/xen/evtchn, event channels for userspace.
 *
 * The user ABI is the kernel's <uapi/xen/evtchn.h>, as used by
 * libxenevtchn (xenstored, xenconsoled, xl, QEMU):
 *  - ioctls bind ports (to a VIRQ, to a remote domain's port, or as an
 *    unbound port a remote domain may connect to), unbind them, notify the
 *    remote end, reset the ring, and restrict the file to one domain;
 *  - read() returns fired ports, an array of evtchn_port_t, blocking unless
 *    O_NONBLOCK, with poll() and SIGIO;
 *  - write() takes an array of ports back: each fired port is EOI'd and can
 *    fire again.
 * Closing the file unbinds and closes all of its ports.
 *
 * Copyright (C) 2026 The pvh-dom0 authors
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <xen/events.h>
#include <xen/xen.h>
#include "evtchn.h"

/*
 * xen-evtchn-bench builds this same driver as /dev/xen/evtchn-bench, so
 * that a benchmark can measure it beside the in-tree xen-evtchn in one boot.
 */
#ifndef EVTCHN_DEVNAME
#define EVTCHN_DEVNAME	"xen/evtchn"
#endif

unsigned int evtchn_max_user_ports = 4096;
module_param_named(max_user_ports, evtchn_max_user_ports, uint, 0644);
MODULE_PARM_DESC(max_user_ports,
		 "Maximum number of ports one open file of /dev/xen/evtchn may bind (default 4096)");

static int evtchn_open(struct inode *inode, struct file *file)
{
	struct evtchn_user *u;
	int rc;

	u = kzalloc(sizeof(*u), GFP_KERNEL);
	if (!u)
		return -ENOMEM;
	u->name = kasprintf(GFP_KERNEL, "evtchn:%s", current->comm);
	if (!u->name) {
		rc = -ENOMEM;
		goto err_free;
	}
	rc = evtchn_ring_init(&u->ring);
	if (rc)
		goto err_name;
	mutex_init(&u->lock);
	mutex_init(&u->read_lock);
	xa_init(&u->ports);

	file->private_data = u;
	return stream_open(inode, file);

err_name:
	kfree(u->name);
err_free:
	kfree(u);
	return rc;
}

static int evtchn_release(struct inode *inode, struct file *file)
{
	struct evtchn_user *u = file->private_data;

	evtchn_unbind_all(u);
	xa_destroy(&u->ports);
	evtchn_ring_free(&u->ring);
	kfree(u->name);
	kfree(u);
	return 0;
}

/* Whole ports only, at most a page of them per call. */
static size_t evtchn_io_len(size_t count)
{
	count = min_t(size_t, count, PAGE_SIZE);
	return count & ~(sizeof(evtchn_port_t) - 1);
}

static ssize_t evtchn_read(struct file *file, char __user *buf,
			   size_t count, loff_t *ppos)
{
	struct evtchn_user *u = file->private_data;
	evtchn_port_t *ports;
	ssize_t rc;
	int n;

	count = evtchn_io_len(count);
	if (!count)
		return 0;
	ports = kmalloc(count, GFP_KERNEL);
	if (!ports)
		return -ENOMEM;

	for (;;) {
		if (mutex_lock_interruptible(&u->read_lock)) {
			rc = -ERESTARTSYS;
			break;
		}
		n = evtchn_ring_peek(&u->ring, ports,
				     count / sizeof(evtchn_port_t));
		if (n > 0) {
			rc = n * sizeof(evtchn_port_t);
			/* Ports a fault kept from userspace stay queued. */
			if (copy_to_user(buf, ports, rc))
				rc = -EFAULT;
			else
				evtchn_ring_consume(&u->ring, n);
		} else {
			rc = n;	/* 0 or -EFBIG */
		}
		mutex_unlock(&u->read_lock);
		if (rc)
			break;

		if (file->f_flags & O_NONBLOCK) {
			rc = -EAGAIN;
			break;
		}
		rc = wait_event_interruptible(u->ring.wait,
					      evtchn_ring_readable(&u->ring));
		if (rc)
			break;
	}

	kfree(ports);
	return rc;
}

static ssize_t evtchn_write(struct file *file, const char __user *buf,
			    size_t count, loff_t *ppos)
{
	struct evtchn_user *u = file->private_data;
	evtchn_port_t *ports;
	size_t i;

	count = evtchn_io_len(count);
	if (!count)
		return 0;
	ports = memdup_user(buf, count);
	if (IS_ERR(ports))
		return PTR_ERR(ports);

	mutex_lock(&u->lock);
	for (i = 0; i < count / sizeof(evtchn_port_t); i++)
		evtchn_reenable(u, ports[i]);
	mutex_unlock(&u->lock);

	kfree(ports);
	return count;
}

static __poll_t evtchn_poll(struct file *file, poll_table *wait)
{
	struct evtchn_user *u = file->private_data;

	poll_wait(file, &u->ring.wait, wait);
	return evtchn_ring_poll_mask(&u->ring);
}

static int evtchn_fasync(int fd, struct file *file, int on)
{
	struct evtchn_user *u = file->private_data;

	return fasync_helper(fd, file, on, &u->ring.fasync);
}

static const struct file_operations evtchn_fops = {
	.owner		= THIS_MODULE,
	.open		= evtchn_open,
	.release	= evtchn_release,
	.read		= evtchn_read,
	.write		= evtchn_write,
	.poll		= evtchn_poll,
	.fasync		= evtchn_fasync,
	.unlocked_ioctl	= evtchn_ioctl,
	/* Every structure has the same layout for 32-bit callers. */
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= no_llseek,
};

static struct miscdevice evtchn_miscdev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= EVTCHN_DEVNAME,
	.fops	= &evtchn_fops,
};

static int __init evtchn_init(void)
{
	int rc;

	if (!xen_domain())
		return -ENODEV;
	rc = misc_register(&evtchn_miscdev);
	if (rc) {
		pr_err("cannot register /dev/xen/evtchn: %d\n", rc);
		return rc;
	}
	pr_info("/dev/xen/evtchn ready (%u event channels)\n",
		xen_evtchn_nr_channels());
	return 0;
}
module_init(evtchn_init);

static void __exit evtchn_exit(void)
{
	misc_deregister(&evtchn_miscdev);
}
module_exit(evtchn_exit);

MODULE_DESCRIPTION("Xen event channels for userspace (/dev/xen/evtchn)");
MODULE_AUTHOR("The pvh-dom0 authors");
MODULE_LICENSE("GPL");
MODULE_VERSION(PVH_DOM0_VERSION);
