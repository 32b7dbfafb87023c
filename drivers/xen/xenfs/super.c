// SPDX-License-Identifier: GPL-2.0
/*
 * xenfs: the filesystem the Xen tools expect on /proc/xen, mounted with
 * "mount -t xenfs none /proc/xen":
 *
 *  xenbus        the kernel's xenstore client device (built in; the same
 *                file operations as /dev/xen/xenbus);
 *  privcmd       xen-privcmd's device (the same as /dev/xen/privcmd);
 *  capabilities  "control_d" in dom0;
 *  xsd_kva, xsd_port  dom0's own xenstore ring, for xenstored (dom0 only).
 *
 * One instance, shared by every mount.  The /proc/xen mount point itself
 * is the kernel's (built in).
 *
 * Copyright (C) 2026 The pvh-dom0 authors
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/fs_context.h>
#include <linux/magic.h>
#include <linux/module.h>
#include <xen/xen.h>
#include "xenfs.h"

/* Not in <linux/magic.h>: the value the in-tree xenfs reports. */
#define XENFS_MAGIC	0xabba1974

static int xenfs_fill_super(struct super_block *sb, struct fs_context *fc)
{
	/* Index 0 and 1 are "." and ".."; a NULL name is skipped. */
	static const struct tree_descr files[] = {
		[2] = { "xenbus", &xen_xenbus_fops, 0600 },
		{ "capabilities", &xenfs_capabilities_fops, 0444 },
		{ "privcmd", &xen_privcmd_fops, 0600 },
		{ "" },
	};
	static const struct tree_descr dom0_files[] = {
		[2] = { "xenbus", &xen_xenbus_fops, 0600 },
		{ "capabilities", &xenfs_capabilities_fops, 0444 },
		{ "privcmd", &xen_privcmd_fops, 0600 },
		{ "xsd_kva", &xenfs_xsd_kva_fops, 0600 },
		{ "xsd_port", &xenfs_xsd_port_fops, 0400 },
		{ "" },
	};

	return simple_fill_super(sb, XENFS_MAGIC,
				 xen_initial_domain() ? dom0_files : files);
}

static int xenfs_get_tree(struct fs_context *fc)
{
	return get_tree_single(fc, xenfs_fill_super);
}

static const struct fs_context_operations xenfs_context_ops = {
	.get_tree	= xenfs_get_tree,
};

static int xenfs_init_fs_context(struct fs_context *fc)
{
	fc->ops = &xenfs_context_ops;
	return 0;
}

static struct file_system_type xenfs_type = {
	.owner			= THIS_MODULE,
	.name			= "xenfs",
	.init_fs_context	= xenfs_init_fs_context,
	.kill_sb		= kill_litter_super,
};
MODULE_ALIAS_FS("xenfs");

static int __init xenfs_init(void)
{
	int rc;

	if (!xen_domain())
		return -ENODEV;
	rc = register_filesystem(&xenfs_type);
	if (rc)
		pr_err("cannot register the xenfs filesystem: %d\n", rc);
	return rc;
}
module_init(xenfs_init);

static void __exit xenfs_exit(void)
{
	unregister_filesystem(&xenfs_type);
}
module_exit(xenfs_exit);

MODULE_DESCRIPTION("Xen filesystem for /proc/xen (xenbus, privcmd, capabilities, xsd_kva, xsd_port)");
MODULE_AUTHOR("The pvh-dom0 authors");
MODULE_LICENSE("GPL");
MODULE_VERSION(PVH_DOM0_VERSION);
