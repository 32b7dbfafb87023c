/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsing of the xenstore values that configure a virtual block device
 * (written by the toolstack, its hotplug script and the frontend).
 *
 * Pure code, depending on nothing but basic types, so that the same file
 * is built into xen-blkback and into the userspace unit tests.
 */
#ifndef _XEN_BLKBACK_VBD_CONFIG_H
#define _XEN_BLKBACK_VBD_CONFIG_H

#include <linux/types.h>
#include <linux/errno.h>

#include "blkif_request.h"

/* Largest device numbers the kernel's dev_t can hold (MINORBITS = 20). */
#define VBD_MAX_MAJOR	0xfffU
#define VBD_MAX_MINOR	0xfffffU

/* Protocol names, as in the kernel's xen/interface/io/protocols.h. */
#define VBD_PROTO_X86_32	"x86_32-abi"
#define VBD_PROTO_X86_64	"x86_64-abi"

int vbd_parse_physical_device(const char *s, u32 *major, u32 *minor);
int vbd_parse_protocol(const char *s, enum blkreq_abi native,
		       enum blkreq_abi *abi);
bool vbd_mode_writable(const char *mode);
bool vbd_flag_set(const char *s);
bool vbd_is_cdrom(const char *device_type);

#endif /* _XEN_BLKBACK_VBD_CONFIG_H */
