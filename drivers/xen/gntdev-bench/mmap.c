// SPDX-License-Identifier: GPL-2.0
/*
 * xen-gntdev-bench: xen-gntdev's mmap.c, built again for /dev/xen/gntdev-bench
 * (a benchmark-only module: Documentation/benchmarks.rst).
 *
 * Copyright (C) 2026 The pvh-dom0 authors
 */
#define GNTDEV_DEVNAME	"xen/gntdev-bench"
#include "../gntdev/mmap.c"
