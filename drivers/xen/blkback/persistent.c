// SPDX-License-Identifier: GPL-2.0
/*
 * xen-blkback: the per-queue cache of persistently mapped grants.
 *
 * A tree keyed by grant reference, bounded by max_persistent_grants.
 * Entries unused for persistent_grant_unused_seconds, and entries beyond
 * the bound when it is lowered, are unmapped by the queue's thread.
 */
#define pr_fmt(fmt) "xen-blkback: " fmt

#include <linux/jiffies.h>
#include <linux/rbtree.h>
#include <linux/slab.h>

#include "common.h"

/**
 * blkback_pgrant_find() - look up a persistent grant
 * @q: the queue
 * @gref: the grant reference
 *
 * Context: the queue's thread.
 * Return: the persistent grant for @gref, or NULL.
 */
struct blkback_pgrant *blkback_pgrant_find(struct blkback_queue *q,
					   grant_ref_t gref)
{
	struct rb_node *node = q->pgrants.rb_node;
	struct blkback_pgrant *pg;

	while (node) {
		pg = rb_entry(node, struct blkback_pgrant, node);
		if (gref < pg->gref)
			node = node->rb_left;
		else if (gref > pg->gref)
			node = node->rb_right;
		else
			return pg;
	}
	return NULL;
}

/**
 * blkback_pgrant_add() - insert a persistent grant
 * @q: the queue
 * @pg: the new entry
 *
 * Context: the queue's thread.
 * Return: true, or false if the reference is already in the tree.
 */
bool blkback_pgrant_add(struct blkback_queue *q, struct blkback_pgrant *pg)
{
	struct rb_node **link = &q->pgrants.rb_node, *parent = NULL;
	struct blkback_pgrant *cur;

	while (*link) {
		parent = *link;
		cur = rb_entry(parent, struct blkback_pgrant, node);
		if (pg->gref < cur->gref)
			link = &parent->rb_left;
		else if (pg->gref > cur->gref)
			link = &parent->rb_right;
		else
			return false;
	}
	rb_link_node(&pg->node, parent, link);
	rb_insert_color(&pg->node, &q->pgrants);
	q->nr_pgrants++;
	return true;
}

/**
 * blkback_pgrant_purge() - unmap persistent grants no longer worth keeping
 * @q: the queue
 * @all: unmap every entry (teardown: no request may be in flight)
 *
 * Without @all, unmaps the idle entries unused for longer than
 * persistent_grant_unused_seconds, and idle entries beyond
 * max_persistent_grants.
 *
 * Context: the queue's thread, or teardown once it has stopped.
 */
void blkback_pgrant_purge(struct blkback_queue *q, bool all)
{
	unsigned long age = blkback_persistent_unused_jiffies();
	unsigned int max = blkback_max_persistent_grants();
	struct rb_node *node = rb_first(&q->pgrants), *next;
	struct blkback_pgrant *pg;
	unsigned int nr = 0;

	for (; node; node = next) {
		next = rb_next(node);
		pg = rb_entry(node, struct blkback_pgrant, node);
		if (pg->in_use)
			continue;
		if (!all && q->nr_pgrants <= max &&
		    time_before(jiffies, pg->last_used + age))
			continue;

		gnttab_set_unmap_op(&q->unmap_ops[nr],
				    (unsigned long)pfn_to_kaddr(page_to_pfn(pg->page)),
				    GNTMAP_host_map, pg->handle);
		q->map_pages[nr++] = pg->page;
		rb_erase(&pg->node, &q->pgrants);
		q->nr_pgrants--;
		kfree(pg);
		if (nr == q->max_segs) {
			blkback_unmap_pages(q, nr);
			nr = 0;
		}
	}
	blkback_unmap_pages(q, nr);
}
