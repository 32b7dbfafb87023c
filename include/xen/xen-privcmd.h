/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What xen-privcmd exports to our other modules: the file operations of
 * /dev/xen/privcmd, which xenfs also serves as /proc/xen/privcmd.
 *
 * Copyright (C) 2026 The pvh-dom0 authors
 */
#ifndef PVH_DOM0_XEN_PRIVCMD_H
#define PVH_DOM0_XEN_PRIVCMD_H

#include <linux/fs.h>

extern const struct file_operations xen_privcmd_fops;

#endif /* PVH_DOM0_XEN_PRIVCMD_H */
