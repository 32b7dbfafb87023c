/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for the kernel's <linux/errno.h>: the errno values
 * shared with userspace (the kernel-internal ones are not used by the pure
 * protocol units).
 */
#ifndef _UNIT_SHIM_LINUX_ERRNO_H
#define _UNIT_SHIM_LINUX_ERRNO_H

#include <asm/errno.h>

#endif /* _UNIT_SHIM_LINUX_ERRNO_H */
