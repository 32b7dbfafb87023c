/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xen-privcmd: checks of ioctl arguments, free of kernel dependencies.
 *
 * What an ioctl of /dev/xen/privcmd asks for (a range of a mapping, a
 * number of buffers and their sizes) is checked here with plain integer
 * arithmetic, so that the same file builds into the module and into the
 * userspace unit tests (tools/testing/unit) and the fuzzer.
 *
 * Copyright (C) 2026 The pvh-dom0 authors
 */
#ifndef PVH_DOM0_PRIVCMD_ARGS_H
#define PVH_DOM0_PRIVCMD_ARGS_H

#include <linux/types.h>
#include <linux/errno.h>

/* 4 KiB pages: the only page size of x86 and of Xen's frames there. */
#define PRIVCMD_PAGE_SHIFT	12
#define PRIVCMD_PAGE_SIZE	4096ULL

/*
 * Most frames one ioctl may map: the kernel's remap helpers count in int,
 * and 2^28 pages (1 TiB) is far beyond any guest this dom0 builds.
 */
#define PRIVCMD_MAX_PAGES	0x10000000ULL

/* PRIVCMD_MMAPBATCH (v1) flags a failed frame in its own array entry. */
#define PRIVCMD_V1_MFN_ERROR	0xf0000000ULL
#define PRIVCMD_V1_PAGED_ERROR	0x80000000ULL

/**
 * struct privcmd_span - one user buffer of an ioctl
 * @uaddr: its user address
 * @size: its size in bytes
 */
struct privcmd_span {
	u64 uaddr;
	u64 size;
};

int privcmd_range_check(u64 addr, u64 num, u64 vm_start, u64 vm_end,
			bool whole);
long privcmd_spans_pages(const struct privcmd_span *spans, unsigned int n,
			 unsigned int max_n, u64 max_size);
u64 privcmd_v1_error(u64 gfn, int err);

#endif /* PVH_DOM0_PRIVCMD_ARGS_H */
