// SPDX-License-Identifier: GPL-2.0
/*
 * xen-privcmd: giving a window's guest-physical slots back on munmap().
 *
 * On an auto-translated dom0 each foreign frame a window held sits in our
 * physmap at the slot of one of the window's unpopulated pages; it must be
 * removed from there before the page goes back to the pool.  Xen has no
 * batched form of XENMEM_remove_from_physmap, and one hypercall per page
 * is what made unmapping a guest's memory after building it take over a
 * minute under emulation: here the removals go to Xen in multicalls of
 * PRIVCMD_UNMAP_BATCH, only for the pages that were actually mapped, with
 * a reschedule point between batches.
 *
 * Copyright (C) 2026 The pvh-dom0 authors
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <xen/page.h>
#include <xen/xen.h>
#include <xen/interface/memory.h>
#include <xen/interface/xen.h>
#include <asm/xen/hypercall.h>
#include "privcmd.h"

#define PRIVCMD_UNMAP_BATCH	32U

struct privcmd_unmap_batch {
	struct multicall_entry mc[PRIVCMD_UNMAP_BATCH];
	struct xen_remove_from_physmap xrp[PRIVCMD_UNMAP_BATCH];
};

/* Cleared for good the first time Xen refuses a multicall. */
static bool privcmd_use_multicall = true;

static void privcmd_remove_one(struct xen_remove_from_physmap *xrp)
{
	int rc = HYPERVISOR_memory_op(XENMEM_remove_from_physmap, xrp);

	/* A slot a failed map never filled has nothing to remove. */
	if (rc && rc != -ENOENT)
		pr_warn_ratelimited("removing gfn %#llx from the physmap: %d\n",
				    (unsigned long long)xrp->gpfn, rc);
}

static void privcmd_remove_batch(struct privcmd_unmap_batch *b,
				 unsigned int n)
{
	unsigned int i;
	int rc;

	if (READ_ONCE(privcmd_use_multicall)) {
		for (i = 0; i < n; i++) {
			b->mc[i].op = __HYPERVISOR_memory_op;
			b->mc[i].result = 0;
			b->mc[i].args[0] = XENMEM_remove_from_physmap;
			b->mc[i].args[1] = (unsigned long)&b->xrp[i];
		}
		rc = HYPERVISOR_multicall(b->mc, n);
		if (!rc) {
			for (i = 0; i < n; i++) {
				if (!b->mc[i].result ||
				    b->mc[i].result == -ENOENT)
					continue;
				/*
				 * Whatever failed in a multicall (a Xen that
				 * refuses memory_op there, say) is done again
				 * on its own, which reports it.
				 */
				privcmd_remove_one(&b->xrp[i]);
			}
			return;
		}
		pr_info("multicall refused (%d): removing frames one by one\n",
			rc);
		WRITE_ONCE(privcmd_use_multicall, false);
	}
	for (i = 0; i < n; i++)
		privcmd_remove_one(&b->xrp[i]);
}

/* Remove every mapped frame of @win from our physmap. */
static void privcmd_window_unmap(struct privcmd_window *win)
{
	struct privcmd_unmap_batch *b;
	struct xen_remove_from_physmap one;
	unsigned int n = 0;
	unsigned long i;

	b = kmalloc(sizeof(*b), GFP_KERNEL);
	for_each_set_bit(i, win->mapped, win->npages) {
		if (!b) {
			one.domid = DOMID_SELF;
			one.gpfn = xen_page_to_gfn(win->pages[i]);
			privcmd_remove_one(&one);
			cond_resched();
			continue;
		}
		b->xrp[n].domid = DOMID_SELF;
		b->xrp[n].gpfn = xen_page_to_gfn(win->pages[i]);
		if (++n == PRIVCMD_UNMAP_BATCH) {
			privcmd_remove_batch(b, n);
			n = 0;
			cond_resched();
		}
	}
	if (b && n)
		privcmd_remove_batch(b, n);
	kfree(b);
}

/**
 * privcmd_window_release() - give back what a window held
 * @win: the window's state, freed here
 *
 * Called when the window's VMA goes, after its page table entries were
 * zapped: the frames are removed from our physmap and the unpopulated
 * pages return to the pool.
 */
void privcmd_window_release(struct privcmd_window *win)
{
	if (win->pages) {
		privcmd_window_unmap(win);
		xen_free_unpopulated_pages(win->npages, win->pages);
		kvfree(win->pages);
	}
	kvfree(win);
}
