/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xenfs: the files of /proc/xen.
 *
 * Copyright (C) 2026 The pvh-dom0 authors
 */
#ifndef PVH_DOM0_XENFS_PRIV_H
#define PVH_DOM0_XENFS_PRIV_H

#include <linux/fs.h>

#include <xen/xen-privcmd.h>

/* The kernel's /dev/xen/xenbus (built in, exported, in no header). */
extern const struct file_operations xen_xenbus_fops;

/* files.c */
extern const struct file_operations xenfs_capabilities_fops;
extern const struct file_operations xenfs_xsd_kva_fops;
extern const struct file_operations xenfs_xsd_port_fops;

#endif /* PVH_DOM0_XENFS_PRIV_H */
