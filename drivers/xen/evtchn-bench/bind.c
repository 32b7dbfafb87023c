// SPDX-License-Identifier: GPL-2.0
/*
 * xen-evtchn-bench: xen-evtchn's bind.c, built again for /dev/xen/evtchn-bench
 * (a benchmark-only module: Documentation/benchmarks.rst).
 *
 * Copyright (C) 2026 The pvh-dom0 authors
 */
#define EVTCHN_DEVNAME	"xen/evtchn-bench"
#include "../evtchn/bind.c"
