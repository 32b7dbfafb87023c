// SPDX-License-Identifier: GPL-2.0
/*
 * xen-pvh-dom0: report how this kernel runs on Xen.
 *
 * Every module of pvh-dom0 is written for a PVH dom0: an HVM container with
 * HAP and an auto-translated physmap, where granted and foreign pages are
 * mapped into unpopulated GFNs instead of through a PV MMU.  This module
 * tells an admin, and the lab, whether that is where the kernel runs.  It is
 * also the smallest module of the tree, so it proves the build and install
 * path on its own.
 *
 * Copyright (C) 2026 The pvh-dom0 authors
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/sysfs.h>
#include <xen/xen.h>
#include <xen/features.h>
#include <xen/interface/features.h>

/**
 * xen_guest_mode() - name the kind of Xen domain this kernel runs in
 *
 * Return: "native" without Xen, else "pv", "pvh" or "hvm" followed by
 * "-dom0" for the initial domain or "-domU" for any other.
 */
static const char *xen_guest_mode(void)
{
	bool dom0 = xen_initial_domain();

	if (!xen_domain())
		return "native";
	if (xen_pv_domain())
		return dom0 ? "pv-dom0" : "pv-domU";
	if (xen_pvh_domain())
		return dom0 ? "pvh-dom0" : "pvh-domU";
	return dom0 ? "hvm-dom0" : "hvm-domU";
}

static int mode_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n", xen_guest_mode());
}

static const struct kernel_param_ops mode_ops = {
	.get = mode_get,
};

module_param_cb(mode, &mode_ops, NULL, 0444);
MODULE_PARM_DESC(mode,
		 "Read-only: how this kernel runs (native, pv-dom0, pv-domU, pvh-dom0, pvh-domU, hvm-dom0, hvm-domU)");

static int auto_translated_get(char *buf, const struct kernel_param *kp)
{
	bool at = xen_domain() &&
		  xen_feature(XENFEAT_auto_translated_physmap);

	return sysfs_emit(buf, "%c\n", at ? 'Y' : 'N');
}

static const struct kernel_param_ops auto_translated_ops = {
	.get = auto_translated_get,
};

module_param_cb(auto_translated, &auto_translated_ops, NULL, 0444);
MODULE_PARM_DESC(auto_translated,
		 "Read-only: Y when Xen translates guest frames (PVH, HVM): grants and foreign pages then need unpopulated GFNs");

static int __init xen_pvh_dom0_init(void)
{
	const char *mode = xen_guest_mode();

	if (!strcmp(mode, "pvh-dom0"))
		pr_info("running as a PVH dom0\n");
	else
		pr_notice("running as %s, not a PVH dom0: the pvh-dom0 modules are not meant for this\n",
			  mode);
	return 0;
}
module_init(xen_pvh_dom0_init);

static void __exit xen_pvh_dom0_exit(void)
{
}
module_exit(xen_pvh_dom0_exit);

MODULE_DESCRIPTION("Report whether the kernel runs as a Xen PVH dom0");
MODULE_AUTHOR("The pvh-dom0 authors");
MODULE_LICENSE("GPL");
MODULE_VERSION(PVH_DOM0_VERSION);
