// SPDX-License-Identifier: GPL-2.0
/*
 * xen-blkback: shared rings.  Mapping a queue's ring and binding its event
 * channel, the thread that takes requests off the ring, and responses.
 *
 * The ring is shared with an untrusted frontend: each request slot is
 * copied out exactly once and only the copy is looked at, the producer
 * index is checked before any slot is read, and a ring whose producer is
 * impossible is abandoned.  The event channel uses late EOI, so that a
 * frontend notifying us without reason is throttled by the event channel
 * core instead of keeping dom0 busy.
 */
#define pr_fmt(fmt) "xen-blkback: " fmt

#include <linux/interrupt.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <xen/backend-ring-check.h>
#include <xen/events.h>
#include <xen/xen-backend-common.h>

#include "common.h"

/* The decoder's view of the protocol must be the kernel header's. */
static_assert(BLKREQ_OP_READ == BLKIF_OP_READ);
static_assert(BLKREQ_OP_WRITE == BLKIF_OP_WRITE);
static_assert(BLKREQ_OP_WRITE_BARRIER == BLKIF_OP_WRITE_BARRIER);
static_assert(BLKREQ_OP_FLUSH_DISKCACHE == BLKIF_OP_FLUSH_DISKCACHE);
static_assert(BLKREQ_OP_DISCARD == BLKIF_OP_DISCARD);
static_assert(BLKREQ_OP_INDIRECT == BLKIF_OP_INDIRECT);
static_assert(BLKREQ_DISCARD_SECURE == BLKIF_DISCARD_SECURE);
static_assert(BLKREQ_MAX_DIRECT_SEGMENTS == BLKIF_MAX_SEGMENTS_PER_REQUEST);
static_assert(BLKREQ_MAX_INDIRECT_PAGES ==
	      BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST);
static_assert(sizeof(struct blkif_request_segment) == BLKREQ_SEGMENT_SIZE);
static_assert(sizeof(union blkif_sring_entry) == BLKREQ_SLOT_SIZE_X86_64);
static_assert(offsetof(struct blkif_sring, ring) == BLKREQ_RING_HEADER_SIZE);
static_assert(offsetof(struct blkif_request, u.rw.id) == 8);
static_assert(offsetof(struct blkif_request, u.rw.seg) == 24);
static_assert(offsetof(struct blkif_request, u.discard.nr_sectors) == 24);
static_assert(offsetof(struct blkif_request, u.indirect.indirect_grefs) ==
	      28);
static_assert(offsetof(struct blkif_response, status) == 10);

/* How often a thread looks at its persistent grants and the disk size. */
#define BLKBACK_HOUSEKEEPING_INTERVAL	HZ

static irqreturn_t blkback_queue_interrupt(int irq, void *data)
{
	struct blkback_queue *q = data;

	set_bit(BLKBACK_Q_EOI, &q->flags);
	set_bit(BLKBACK_Q_EVENT, &q->flags);
	wake_up(&q->wq);
	return IRQ_HANDLED;
}

/**
 * blkback_queue_stat_add() - account to a statistic of a queue
 * @q: the queue
 * @stat: the statistic
 * @n: amount to add
 *
 * Context: the queue's thread (the only writer).
 */
void blkback_queue_stat_add(struct blkback_queue *q, enum blkback_stat stat,
			    u64 n)
{
	WRITE_ONCE(q->stats[stat], q->stats[stat] + n);
}

/**
 * blkback_queue_respond() - write a response into the ring
 * @q: the queue
 * @id: the request's id
 * @operation: the operation answered
 * @status: BLKIF_RSP_* status
 *
 * The response becomes visible to the frontend at the next push.
 *
 * Context: the queue's thread.
 */
void blkback_queue_respond(struct blkback_queue *q, u64 id, u8 operation,
			   s16 status)
{
	u8 *slot = q->slots +
		   (size_t)(q->rsp_prod_pvt & (q->nr_ents - 1)) * q->slot_size;

	blkreq_write_response(slot, q->abi, id, operation, status);
	q->rsp_prod_pvt++;
}

/* Publish the responses written so far and notify if the frontend asks. */
static void blkback_queue_push(struct blkback_queue *q)
{
	RING_IDX old = q->sring->rsp_prod;
	RING_IDX new = q->rsp_prod_pvt;

	if (old == new)
		return;
	virt_wmb();	/* responses before the index that publishes them */
	WRITE_ONCE(q->sring->rsp_prod, new);
	virt_mb();	/* index published before rsp_event is read */
	if ((RING_IDX)(new - READ_ONCE(q->sring->rsp_event)) <
	    (RING_IDX)(new - old))
		notify_remote_via_irq(q->irq);
}

/**
 * blkback_request_done() - hand a request whose I/O ended to its thread
 * @req: the request
 *
 * Context: any, including bio completion (interrupt) context.
 */
void blkback_request_done(struct blkback_request *req)
{
	struct blkback_queue *q = req->queue;
	unsigned long flags;

	spin_lock_irqsave(&q->done_lock, flags);
	list_add_tail(&req->list, &q->done_reqs);
	spin_unlock_irqrestore(&q->done_lock, flags);
	wake_up(&q->wq);
}

static bool blkback_queue_has_done(struct blkback_queue *q)
{
	bool ret;

	spin_lock_irq(&q->done_lock);
	ret = !list_empty(&q->done_reqs);
	spin_unlock_irq(&q->done_lock);
	return ret;
}

/* Answer the requests whose I/O ended and recycle them. */
static void blkback_queue_complete(struct blkback_queue *q)
{
	struct blkback_request *req, *tmp;
	LIST_HEAD(done);

	spin_lock_irq(&q->done_lock);
	list_splice_init(&q->done_reqs, &done);
	spin_unlock_irq(&q->done_lock);

	list_for_each_entry_safe(req, tmp, &done, list) {
		list_del(&req->list);
		blkback_complete(req);
		list_add(&req->list, &q->free_reqs);
		q->nr_inflight--;
	}
	blkback_queue_push(q);
	gnttab_page_cache_shrink(&q->page_cache, blkback_max_buffer_pages());
}

static void blkback_queue_broken(struct blkback_queue *q, RING_IDX prod)
{
	struct xenbus_device *xdev = q->be->xdev;

	set_bit(BLKBACK_Q_BROKEN, &q->flags);
	xen_backend_frontend_error(xdev, -EPROTO,
				   "queue %u: producer %u impossible (responses %u, ring %u): ring abandoned",
				   q->index, prod, q->rsp_prod_pvt,
				   q->nr_ents);
}

static struct blkback_request *blkback_queue_get_request(struct blkback_queue *q)
{
	struct blkback_request *req;

	req = list_first_entry_or_null(&q->free_reqs, struct blkback_request,
				       list);
	if (req) {
		list_del(&req->list);
		q->nr_inflight++;
	}
	return req;
}

/*
 * Take requests off the ring while there are requests and free request
 * structures.  Returns whether the frontend had posted anything.
 */
static bool blkback_queue_fetch(struct blkback_queue *q)
{
	u8 slot[BLKREQ_SLOT_SIZE_X86_64];
	struct blkback_request *req;
	struct blkreq_limits lim;
	bool posted = false;
	RING_IDX prod;

	blkback_get_limits(q->be, &lim);
	for (;;) {
		prod = READ_ONCE(q->sring->req_prod);
		virt_rmb();	/* slots are read after the index */
		if (xen_backend_ring_prod_overflow(prod, q->req_cons,
						   q->rsp_prod_pvt,
						   q->nr_ents)) {
			blkback_queue_broken(q, prod);
			return true;
		}

		while (q->req_cons != prod) {
			posted = true;
			req = blkback_queue_get_request(q);
			if (!req) {
				blkback_queue_stat_add(q, BLKBACK_STAT_OO_REQ, 1);
				return true;
			}
			memcpy(slot, q->slots + (size_t)(q->req_cons &
				(q->nr_ents - 1)) * q->slot_size,
			       q->slot_size);
			q->req_cons++;
			barrier();	/* only the copy is used from here on */
			blkback_dispatch(q, req, slot, &lim);
			cond_resched();
		}

		/* Ask for a notification, then look again to close the race. */
		WRITE_ONCE(q->sring->req_event, q->req_cons + 1);
		virt_mb();	/* req_event set before req_prod is read */
		if (READ_ONCE(q->sring->req_prod) == q->req_cons)
			return posted;
	}
}

static bool blkback_queue_has_work(struct blkback_queue *q)
{
	return test_bit(BLKBACK_Q_EVENT, &q->flags) ||
	       blkback_queue_has_done(q) || kthread_should_stop();
}

static int blkback_queue_thread(void *data)
{
	struct blkback_queue *q = data;
	unsigned long next = jiffies + BLKBACK_HOUSEKEEPING_INTERVAL;
	bool posted = false;	/* requests taken since the last EOI */

	while (!kthread_should_stop()) {
		wait_event_interruptible_timeout(q->wq,
						 blkback_queue_has_work(q),
						 BLKBACK_HOUSEKEEPING_INTERVAL);
		blkback_queue_complete(q);

		clear_bit(BLKBACK_Q_EVENT, &q->flags);
		if (!test_bit(BLKBACK_Q_BROKEN, &q->flags) &&
		    blkback_queue_fetch(q))
			posted = true;
		blkback_queue_push(q);
		/*
		 * The ring is also read when a completion wakes us, so the
		 * requests an event announced are often taken before the
		 * event is seen.  Only an event with no request at all since
		 * the last EOI is spurious: marking the others would have the
		 * event channel held masked, for up to a second at a time,
		 * while the frontend is busy.
		 */
		if (test_and_clear_bit(BLKBACK_Q_EOI, &q->flags)) {
			xen_irq_lateeoi(q->irq,
					posted ? 0 : XEN_EOI_FLAG_SPURIOUS);
			posted = false;
		}

		if (time_after_eq(jiffies, next)) {
			next = jiffies + BLKBACK_HOUSEKEEPING_INTERVAL;
			blkback_pgrant_purge(q, false);
			if (!q->index)
				blkback_check_resize(q->be);
		}
	}

	/* Let every bio in flight end before the grants are unmapped. */
	while (q->nr_inflight) {
		wait_event(q->wq, blkback_queue_has_done(q));
		blkback_queue_complete(q);
	}
	return 0;
}

static int blkback_queue_alloc(struct blkback_queue *q)
{
	unsigned int i, n = q->nr_ents, segs = q->max_segs;

	q->reqs = kvcalloc(n, sizeof(*q->reqs), GFP_KERNEL);
	q->segs = kvcalloc(array_size(n, segs), sizeof(*q->segs), GFP_KERNEL);
	q->map_ops = kvcalloc(segs, sizeof(*q->map_ops), GFP_KERNEL);
	q->unmap_ops = kvcalloc(segs, sizeof(*q->unmap_ops), GFP_KERNEL);
	q->map_pages = kvcalloc(segs, sizeof(*q->map_pages), GFP_KERNEL);
	q->map_segs = kvcalloc(segs, sizeof(*q->map_segs), GFP_KERNEL);
	q->descs = kvcalloc(segs, sizeof(*q->descs), GFP_KERNEL);
	if (!q->reqs || !q->segs || !q->map_ops || !q->unmap_ops ||
	    !q->map_pages || !q->map_segs || !q->descs)
		return -ENOMEM;

	for (i = 0; i < n; i++) {
		q->reqs[i].queue = q;
		q->reqs[i].segs = &q->segs[(size_t)i * segs];
		list_add_tail(&q->reqs[i].list, &q->free_reqs);
	}
	return 0;
}

static void blkback_queue_free(struct blkback_queue *q)
{
	kvfree(q->descs);
	kvfree(q->map_segs);
	kvfree(q->map_pages);
	kvfree(q->unmap_ops);
	kvfree(q->map_ops);
	kvfree(q->segs);
	kvfree(q->reqs);
	q->descs = NULL;
	q->map_segs = NULL;
	q->map_pages = NULL;
	q->unmap_ops = NULL;
	q->map_ops = NULL;
	q->segs = NULL;
	q->reqs = NULL;
	INIT_LIST_HEAD(&q->free_reqs);
}

/**
 * blkback_queue_connect() - map a queue's ring and start serving it
 * @q: the queue (@q->be, @q->index, @q->persistent and @q->max_segs set)
 * @dir: xenstore directory with the queue's ring-ref and event-channel
 * @order: ring-page-order of the ring
 * @abi: layout of the ring
 *
 * Context: process context; the device's lock is held.
 * Return: 0 or a negative errno; on error everything is undone.
 */
int blkback_queue_connect(struct blkback_queue *q, const char *dir,
			  unsigned int order, enum blkreq_abi abi)
{
	struct xenbus_device *xdev = q->be->xdev;
	evtchn_port_t port;
	int err;

	init_waitqueue_head(&q->wq);
	spin_lock_init(&q->done_lock);
	INIT_LIST_HEAD(&q->done_reqs);
	INIT_LIST_HEAD(&q->free_reqs);
	gnttab_page_cache_init(&q->page_cache);
	q->pgrants = RB_ROOT;
	q->abi = abi;
	q->slot_size = blkreq_slot_size(abi);
	q->nr_ents = blkreq_ring_size(1U << order, abi);
	snprintf(q->name, sizeof(q->name), "blkback.%d.%u",
		 xdev->otherend_id, q->index);

	err = xen_backend_read_evtchn(xdev, dir, &port);
	if (err)
		return err;
	err = xen_backend_map_ring(xdev, dir, "ring-ref", order, &q->ring);
	if (err)
		return err;
	q->sring = q->ring;
	q->slots = (u8 *)q->ring + BLKREQ_RING_HEADER_SIZE;
	/*
	 * Attach where the ring stands: a fresh ring is all zeroes, and a
	 * frontend that stayed connected across a reload of this driver
	 * gets its unanswered requests served again.
	 */
	q->rsp_prod_pvt = READ_ONCE(q->sring->rsp_prod);
	q->req_cons = q->rsp_prod_pvt;

	err = blkback_queue_alloc(q);
	if (err)
		goto err_free;

	err = bind_interdomain_evtchn_to_irqhandler_lateeoi(xdev, port,
							    blkback_queue_interrupt,
							    0, q->name, q);
	if (err < 0)
		goto err_free;
	q->irq = err;

	q->thread = kthread_run(blkback_queue_thread, q, "%s", q->name);
	if (IS_ERR(q->thread)) {
		err = PTR_ERR(q->thread);
		q->thread = NULL;
		goto err_unbind;
	}
	return 0;

err_unbind:
	unbind_from_irqhandler(q->irq, q);
	q->irq = 0;
err_free:
	blkback_queue_free(q);
	xen_backend_unmap_ring(xdev, q->ring);
	q->ring = NULL;
	return err;
}

/**
 * blkback_queue_disconnect() - stop serving a queue and unmap its ring
 * @q: the queue
 *
 * Waits for the I/O in flight, unmaps every grant (persistent ones
 * included), frees the mapping pages and unmaps the ring.  Does nothing
 * for a queue that is not connected.
 *
 * Context: process context; the device's lock is held.
 */
void blkback_queue_disconnect(struct blkback_queue *q)
{
	if (!q->ring)
		return;
	if (q->thread) {
		kthread_stop(q->thread);
		q->thread = NULL;
	}
	if (q->irq) {
		unbind_from_irqhandler(q->irq, q);
		q->irq = 0;
	}
	blkback_pgrant_purge(q, true);
	gnttab_page_cache_shrink(&q->page_cache, 0);
	blkback_queue_free(q);
	xen_backend_unmap_ring(q->be->xdev, q->ring);
	q->ring = NULL;
	q->sring = NULL;
	q->slots = NULL;
}
