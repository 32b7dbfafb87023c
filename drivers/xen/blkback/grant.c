// SPDX-License-Identifier: GPL-2.0
/*
 * xen-blkback: mapping and unmapping the frontend's grants.
 *
 * Grants are mapped into pages from the grant table's page cache, which
 * allocates them with gnttab_alloc_pages(): on an auto-translated (PVH)
 * dom0 these are unpopulated GFNs, so mapping a grant there does not hide
 * any of dom0's own memory.  With persistent grants negotiated, a mapping
 * is kept in the queue's tree for later requests naming the same
 * reference, up to max_persistent_grants per queue.
 */
#define pr_fmt(fmt) "xen-blkback: " fmt

#include <linux/mm.h>
#include <linux/slab.h>

#include "common.h"

static unsigned long blkback_page_addr(struct page *page)
{
	return (unsigned long)pfn_to_kaddr(page_to_pfn(page));
}

/*
 * Take the persistent grant for @seg if there is one and it is free.
 * Returns whether the segment is served by it.
 */
static bool blkback_use_pgrant(struct blkback_queue *q,
			       struct blkback_seg *seg)
{
	struct blkback_pgrant *pg = blkback_pgrant_find(q, seg->gref);

	if (!pg || pg->in_use)
		return false;
	pg->in_use = true;
	seg->pgrant = pg;
	seg->page = pg->page;
	return true;
}

/* Turn a fresh mapping into a persistent grant, if there is room. */
static void blkback_keep_mapping(struct blkback_queue *q,
				 struct blkback_seg *seg)
{
	struct blkback_pgrant *pg;

	if (q->nr_pgrants >= blkback_max_persistent_grants())
		return;
	pg = kzalloc(sizeof(*pg), GFP_NOIO);
	if (!pg)
		return;
	pg->gref = seg->gref;
	pg->handle = seg->handle;
	pg->page = seg->page;
	pg->in_use = true;
	if (!blkback_pgrant_add(q, pg)) {
		/* The request names this reference twice. */
		kfree(pg);
		return;
	}
	seg->pgrant = pg;
	seg->handle = BLKBACK_INVALID_HANDLE;
}

/**
 * blkback_map_segs() - map the grants of segments
 * @q: the queue
 * @segs: the segments (gref set)
 * @n: number of segments, at most @q->max_segs
 * @readonly: the backend only reads the pages (the frontend writes)
 * @may_persist: the mappings may be kept as persistent grants
 *
 * Whatever the outcome, each segment's page, handle and pgrant fields
 * describe what must be undone, so blkback_unmap_segs() must be called on
 * all @n segments afterwards.  Persistent mappings are made read-write, as
 * a later request may read into the same page.
 *
 * Context: the queue's thread.
 * Return: 0, -ENOMEM, or -EIO if a grant could not be mapped.
 */
int blkback_map_segs(struct blkback_queue *q, struct blkback_seg *segs,
		     unsigned int n, bool readonly, bool may_persist)
{
	bool persist = may_persist && q->persistent;
	domid_t domid = q->be->xdev->otherend_id;
	unsigned int i, nr = 0;
	u32 flags;
	int err = 0;

	for (i = 0; i < n; i++) {
		segs[i].page = NULL;
		segs[i].handle = BLKBACK_INVALID_HANDLE;
		segs[i].pgrant = NULL;
	}
	for (i = 0; i < n; i++) {
		if (persist && blkback_use_pgrant(q, &segs[i]))
			continue;
		if (gnttab_page_cache_get(&q->page_cache, &segs[i].page)) {
			segs[i].page = NULL;
			err = -ENOMEM;
			break;
		}
		flags = GNTMAP_host_map;
		if (readonly && !persist)
			flags |= GNTMAP_readonly;
		gnttab_set_map_op(&q->map_ops[nr],
				  blkback_page_addr(segs[i].page), flags,
				  segs[i].gref, domid);
		q->map_pages[nr] = segs[i].page;
		q->map_segs[nr] = &segs[i];
		nr++;
	}
	if (!nr)
		return err;

	if (gnttab_map_refs(q->map_ops, NULL, q->map_pages, nr))
		err = -EIO;
	for (i = 0; i < nr; i++) {
		if (q->map_ops[i].status != GNTST_okay) {
			dev_dbg_ratelimited(&q->be->xdev->dev,
					    "queue %u: grant %u not mapped: %d\n",
					    q->index, q->map_ops[i].ref,
					    q->map_ops[i].status);
			err = -EIO;
			continue;
		}
		q->map_segs[i]->handle = q->map_ops[i].handle;
		if (persist)
			blkback_keep_mapping(q, q->map_segs[i]);
	}
	return err;
}

/**
 * blkback_unmap_pages() - unmap the grants set up in the unmap scratch
 * @q: the queue
 * @n: number of entries of @q->unmap_ops and @q->map_pages
 *
 * Waits until the pages are no longer in use by anyone, unmaps the grants
 * and gives the pages back to the queue's page cache.  Pages whose grant
 * could not be unmapped are leaked rather than reused.
 *
 * Context: the queue's thread, or teardown once the thread has stopped.
 */
void blkback_unmap_pages(struct blkback_queue *q, unsigned int n)
{
	struct gntab_unmap_queue_data unmap = {
		.unmap_ops = q->unmap_ops,
		.pages = q->map_pages,
		.count = n,
	};
	int err;

	if (!n)
		return;
	err = gnttab_unmap_refs_sync(&unmap);
	if (err) {
		dev_err_ratelimited(&q->be->xdev->dev,
				    "queue %u: unmapping %u grants failed (%d): pages leaked\n",
				    q->index, n, err);
		return;
	}
	gnttab_page_cache_put(&q->page_cache, q->map_pages, n);
}

/**
 * blkback_unmap_segs() - undo blkback_map_segs()
 * @q: the queue
 * @segs: the segments
 * @n: number of segments
 *
 * Releases persistent grants, unmaps the other mappings and recycles their
 * pages.
 *
 * Context: the queue's thread.
 */
void blkback_unmap_segs(struct blkback_queue *q, struct blkback_seg *segs,
			unsigned int n)
{
	unsigned int i, nr = 0;
	struct blkback_seg *s;

	for (i = 0; i < n; i++) {
		s = &segs[i];
		if (s->pgrant) {
			s->pgrant->in_use = false;
			s->pgrant->last_used = jiffies;
		} else if (s->handle != BLKBACK_INVALID_HANDLE) {
			gnttab_set_unmap_op(&q->unmap_ops[nr],
					    blkback_page_addr(s->page),
					    GNTMAP_host_map, s->handle);
			q->map_pages[nr++] = s->page;
		} else if (s->page) {
			/* Never mapped: straight back to the cache. */
			gnttab_page_cache_put(&q->page_cache, &s->page, 1);
		}
		s->pgrant = NULL;
		s->handle = BLKBACK_INVALID_HANDLE;
		s->page = NULL;
	}
	blkback_unmap_pages(q, nr);
}
