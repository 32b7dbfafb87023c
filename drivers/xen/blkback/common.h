/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xen-blkback: internal interfaces between the files of the driver.
 *
 * A struct blkback_device is one virtual block device ("vbd") of a
 * frontend; it has one struct blkback_queue per shared ring the frontend
 * set up.  Each queue is served by its own kernel thread, which alone
 * touches the ring, the queue's request pool and its persistent grants;
 * bio completions only hand finished requests back to that thread.
 */
#ifndef _XEN_BLKBACK_COMMON_H
#define _XEN_BLKBACK_COMMON_H

#include <linux/blk_types.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rbtree.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <xen/grant_table.h>
#include <xen/interface/io/blkif.h>
#include <xen/xenbus.h>

#include "blkif_request.h"

/* Statistics, shown in the device's statistics/ sysfs group. */
enum blkback_stat {
	BLKBACK_STAT_OO_REQ,	/* requests delayed: no free request slot */
	BLKBACK_STAT_RD_REQ,
	BLKBACK_STAT_WR_REQ,
	BLKBACK_STAT_F_REQ,	/* flushes and barriers */
	BLKBACK_STAT_DS_REQ,	/* discards */
	BLKBACK_STAT_RD_SECT,
	BLKBACK_STAT_WR_SECT,
	BLKBACK_STAT_NR
};

#define BLKBACK_INVALID_HANDLE	((grant_handle_t)~0U)

/**
 * struct blkback_pgrant - a persistently mapped grant
 * @node: entry in the queue's tree, keyed by @gref
 * @gref: the frontend's grant reference
 * @handle: handle of the mapping
 * @page: the page the grant is mapped into
 * @last_used: jiffies when last released by a request
 * @in_use: a request is using the mapping
 */
struct blkback_pgrant {
	struct rb_node node;
	grant_ref_t gref;
	grant_handle_t handle;
	struct page *page;
	unsigned long last_used;
	bool in_use;
};

/**
 * struct blkback_seg - a segment of a request being carried out
 * @gref: grant reference of the segment's page
 * @first_sect: first sector in the page
 * @last_sect: last sector in the page
 * @page: the page the grant is mapped into, or NULL
 * @handle: handle of a mapping made for this request only, or
 *	BLKBACK_INVALID_HANDLE
 * @pgrant: the persistent grant used, or NULL
 */
struct blkback_seg {
	grant_ref_t gref;
	u8 first_sect;
	u8 last_sect;
	struct page *page;
	grant_handle_t handle;
	struct blkback_pgrant *pgrant;
};

struct blkback_queue;

/**
 * struct blkback_request - a request taken from a ring, until answered
 * @list: entry in the queue's free or done list
 * @queue: the queue the request came from
 * @id: the frontend's id, echoed in the response
 * @operation: the operation echoed in the response
 * @nr_segs: number of entries of @segs in use
 * @segs: the request's segments (room for the queue's maximum)
 * @pending_bios: bios not yet completed
 * @status: first error of a bio, or BLK_STS_OK
 */
struct blkback_request {
	struct list_head list;
	struct blkback_queue *queue;
	u64 id;
	u8 operation;
	unsigned int nr_segs;
	struct blkback_seg *segs;
	atomic_t pending_bios;
	blk_status_t status;
};

/* Bits of blkback_queue.flags */
enum {
	BLKBACK_Q_EVENT,	/* the frontend notified us */
	BLKBACK_Q_EOI,		/* an EOI is owed for the event channel */
	BLKBACK_Q_BROKEN,	/* the frontend corrupted the ring */
};

struct blkback_device;

/**
 * struct blkback_queue - one shared ring and what serves it
 * @be: the device
 * @index: queue number
 * @name: name of the thread and of the interrupt
 * @ring: the mapped ring pages
 * @sring: the ring's header (indices) at the start of @ring
 * @slots: first slot, after the header
 * @abi: layout of the slots
 * @slot_size: size of a slot
 * @nr_ents: number of slots (a power of two)
 * @req_cons: next request to take
 * @rsp_prod_pvt: next response to write
 * @irq: interrupt bound to the frontend's event channel, or 0
 * @thread: the thread serving the queue
 * @wq: where the thread waits
 * @flags: BLKBACK_Q_* bits
 * @reqs: the request pool (@nr_ents requests)
 * @segs: the segment arrays of the pool's requests
 * @max_segs: segments a request may have
 * @free_reqs: requests not in use (thread only)
 * @nr_inflight: requests taken from @free_reqs (thread only)
 * @done_lock: protects @done_reqs
 * @done_reqs: requests whose I/O completed, to be answered by the thread
 * @map_ops: scratch for grant map operations
 * @unmap_ops: scratch for grant unmap operations
 * @map_pages: scratch pages, matching @map_ops or @unmap_ops
 * @map_segs: scratch: segment of each entry of @map_ops
 * @descs: scratch: segment descriptors read from indirect pages
 * @page_cache: pages for grant mappings (from gnttab_alloc_pages())
 * @persistent: use persistent grants
 * @pgrants: persistent grants, keyed by reference
 * @nr_pgrants: number of entries of @pgrants
 * @next_purge: jiffies of the next scan for unused persistent grants
 * @stats: statistics (BLKBACK_STAT_*), written by the thread only
 */
struct blkback_queue {
	struct blkback_device *be;
	unsigned int index;
	char name[TASK_COMM_LEN];

	void *ring;
	struct blkif_sring *sring;
	u8 *slots;
	enum blkreq_abi abi;
	unsigned int slot_size;
	unsigned int nr_ents;
	RING_IDX req_cons;
	RING_IDX rsp_prod_pvt;

	int irq;
	struct task_struct *thread;
	wait_queue_head_t wq;
	unsigned long flags;

	struct blkback_request *reqs;
	struct blkback_seg *segs;
	unsigned int max_segs;
	struct list_head free_reqs;
	unsigned int nr_inflight;
	spinlock_t done_lock;		/* protects done_reqs */
	struct list_head done_reqs;

	struct gnttab_map_grant_ref *map_ops;
	struct gnttab_unmap_grant_ref *unmap_ops;
	struct page **map_pages;
	struct blkback_seg **map_segs;
	struct blkreq_seg *descs;
	struct gnttab_page_cache page_cache;

	bool persistent;
	struct rb_root pgrants;
	unsigned int nr_pgrants;
	unsigned long next_purge;

	u64 stats[BLKBACK_STAT_NR];
};

/**
 * struct blkback_device - a virtual block device served to a frontend
 * @xdev: the xenbus device
 * @lock: serialises connection and disconnection and the statistics
 * @backend_watch: watch on our physical-device node
 * @watching: @backend_watch is registered
 * @bdev: the backing block device, or NULL until hotplug set it up
 * @devt: its device number
 * @mode: mode it was opened with
 * @readonly: the frontend may not write
 * @cdrom: the toolstack said the device is a CD-ROM
 * @removable: the toolstack said the device is removable
 * @nr_sectors: size last published to the frontend, in 512-byte sectors
 * @queues: the queues, while connected
 * @nr_queues: number of @queues
 * @max_queues: queues offered
 * @max_ring_order: ring-page-order offered
 * @offer_persistent: persistent grants offered
 * @max_indirect_segments: segments offered for indirect requests
 * @stats_base: statistics of queues that were torn down
 */
struct blkback_device {
	struct xenbus_device *xdev;
	struct mutex lock;		/* see above */

	struct xenbus_watch backend_watch;
	bool watching;

	struct block_device *bdev;
	dev_t devt;
	fmode_t mode;
	bool readonly;
	bool cdrom;
	bool removable;
	u64 nr_sectors;

	struct blkback_queue *queues;
	unsigned int nr_queues;
	unsigned int max_queues;
	unsigned int max_ring_order;
	bool offer_persistent;
	unsigned int max_indirect_segments;

	u64 stats_base[BLKBACK_STAT_NR];
};

/* params.c */
unsigned int blkback_max_queues(void);
unsigned int blkback_max_ring_page_order(void);
unsigned int blkback_max_indirect_segments(void);
unsigned int blkback_max_buffer_pages(void);
unsigned int blkback_max_persistent_grants(void);
unsigned long blkback_persistent_unused_jiffies(void);
bool blkback_feature_persistent(void);

/* ring.c */
int blkback_queue_connect(struct blkback_queue *q, const char *dir,
			  unsigned int order, enum blkreq_abi abi);
void blkback_queue_disconnect(struct blkback_queue *q);
void blkback_queue_respond(struct blkback_queue *q, u64 id, u8 operation,
			   s16 status);
void blkback_request_done(struct blkback_request *req);
void blkback_queue_stat_add(struct blkback_queue *q, enum blkback_stat stat,
			    u64 n);

/* io.c */
void blkback_dispatch(struct blkback_queue *q, struct blkback_request *req,
		      const u8 *slot, const struct blkreq_limits *lim);
void blkback_complete(struct blkback_request *req);
void blkback_get_limits(struct blkback_device *be,
			struct blkreq_limits *lim);

/* grant.c */
int blkback_map_segs(struct blkback_queue *q, struct blkback_seg *segs,
		     unsigned int n, bool readonly, bool may_persist);
void blkback_unmap_segs(struct blkback_queue *q, struct blkback_seg *segs,
			unsigned int n);
void blkback_unmap_pages(struct blkback_queue *q, unsigned int n);

/* persistent.c */
struct blkback_pgrant *blkback_pgrant_find(struct blkback_queue *q,
					   grant_ref_t gref);
bool blkback_pgrant_add(struct blkback_queue *q, struct blkback_pgrant *pg);
void blkback_pgrant_purge(struct blkback_queue *q, bool all);

/* xenbus.c */
int blkback_xenbus_init(void);
void blkback_xenbus_exit(void);
void blkback_check_resize(struct blkback_device *be);

/* sysfs.c */
int blkback_sysfs_add(struct blkback_device *be);
void blkback_sysfs_remove(struct blkback_device *be);

#endif /* _XEN_BLKBACK_COMMON_H */
