/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for the kernel's <linux/types.h>: just the fixed-size
 * types the pure protocol units use.  (__packed comes from the Makefile.)
 */
#ifndef _UNIT_SHIM_LINUX_TYPES_H
#define _UNIT_SHIM_LINUX_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

#endif /* _UNIT_SHIM_LINUX_TYPES_H */
