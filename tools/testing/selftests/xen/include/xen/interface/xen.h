/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for the kernel's <xen/interface/xen.h>, which
 * <xen/privcmd.h> of linux-libc-dev includes but does not ship: just the
 * two types the privcmd ABI uses (x86_64 sizes).
 */
#ifndef XEN_SELFTEST_INTERFACE_XEN_H
#define XEN_SELFTEST_INTERFACE_XEN_H

#include <stdint.h>

typedef uint16_t domid_t;
typedef uint64_t xen_pfn_t;

#endif /* XEN_SELFTEST_INTERFACE_XEN_H */
