// SPDX-License-Identifier: GPL-2.0
/*
 * xen-blkback: carrying out requests.  Validated requests become bios on
 * the backing device (or a discard); when the last bio of a request ends,
 * the queue's thread unmaps its grants and answers it.
 */
#define pr_fmt(fmt) "xen-blkback: " fmt

#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/mm.h>

#include "common.h"

/**
 * blkback_get_limits() - limits requests are validated against
 * @be: the device
 * @lim: set to the device's current size and properties and to what was
 *	offered to the frontend
 */
void blkback_get_limits(struct blkback_device *be, struct blkreq_limits *lim)
{
	struct block_device *bdev = be->bdev;

	*lim = (struct blkreq_limits){
		.nr_sectors = bdev_nr_sectors(bdev),
		.sector_align = bdev_logical_block_size(bdev) >> SECTOR_SHIFT,
		.max_indirect_segments = be->max_indirect_segments,
		.readonly = be->readonly,
		.discard = bdev_max_discard_sectors(bdev) != 0,
		.secure_discard = bdev_max_secure_erase_sectors(bdev) != 0,
	};
}

static s16 blkback_status(int err)
{
	if (!err)
		return BLKIF_RSP_OKAY;
	return err == -EOPNOTSUPP ? BLKIF_RSP_EOPNOTSUPP : BLKIF_RSP_ERROR;
}

/*
 * Have a request answered with @err without I/O, once its first
 * @req->nr_segs segments (if any) are unmapped.
 */
static void blkback_finish(struct blkback_queue *q,
			   struct blkback_request *req, int err)
{
	req->status = errno_to_blk_status(err);
	atomic_set(&req->pending_bios, 0);
	blkback_request_done(req);
}

static void blkback_bio_end_io(struct bio *bio)
{
	struct blkback_request *req = bio->bi_private;

	if (bio->bi_status)
		WRITE_ONCE(req->status, bio->bi_status);
	bio_put(bio);
	if (atomic_dec_and_test(&req->pending_bios))
		blkback_request_done(req);
}

/**
 * blkback_complete() - answer a request whose I/O ended
 * @req: the request
 *
 * Unmaps the request's grants (or releases its persistent grants) before
 * the response tells the frontend it may reuse its pages.
 *
 * Context: the queue's thread.
 */
void blkback_complete(struct blkback_request *req)
{
	struct blkback_queue *q = req->queue;
	int err = blk_status_to_errno(req->status);

	if (req->nr_segs)
		blkback_unmap_segs(q, req->segs, req->nr_segs);
	req->nr_segs = 0;
	blkback_queue_respond(q, req->id, req->operation,
			      blkback_status(err));
}

static void blkback_discard(struct blkback_queue *q,
			    struct blkback_request *req,
			    const struct blkreq *r,
			    const struct blkreq_limits *lim)
{
	struct block_device *bdev = q->be->bdev;
	int err;

	blkback_queue_stat_add(q, BLKBACK_STAT_DS_REQ, 1);
	if ((r->discard_flags & BLKREQ_DISCARD_SECURE) && lim->secure_discard)
		err = blkdev_issue_secure_erase(bdev, r->sector_number,
						r->nr_sectors, GFP_NOIO);
	else
		err = blkdev_issue_discard(bdev, r->sector_number,
					   r->nr_sectors, GFP_NOIO);
	blkback_finish(q, req, err);
}

/*
 * Decode the segment descriptors of an indirect request into @descs.  The
 * indirect pages are mapped read-only for just this; each descriptor is
 * read from them exactly once.
 */
static int blkback_read_indirect(struct blkback_queue *q,
				 const struct blkreq *r,
				 struct blkreq_seg *descs)
{
	struct blkback_seg ind[BLKREQ_MAX_INDIRECT_PAGES] = { };
	unsigned int i, n, done = 0;
	int err;

	for (i = 0; i < r->nr_indirect_pages; i++)
		ind[i].gref = r->indirect_grefs[i];
	err = blkback_map_segs(q, ind, r->nr_indirect_pages, true, false);
	if (!err) {
		for (i = 0; i < r->nr_indirect_pages; i++) {
			n = min_t(unsigned int, r->nr_segments - done,
				  BLKREQ_SEGMENTS_PER_PAGE);
			blkreq_parse_segments(page_address(ind[i].page), n,
					      descs + done);
			done += n;
		}
	}
	blkback_unmap_segs(q, ind, r->nr_indirect_pages);
	return err;
}

static blk_opf_t blkback_opf(u8 op)
{
	switch (op) {
	case BLKIF_OP_READ:
		return REQ_OP_READ;
	case BLKIF_OP_WRITE:
		return REQ_OP_WRITE | REQ_SYNC | REQ_IDLE;
	case BLKIF_OP_FLUSH_DISKCACHE:
		return REQ_OP_WRITE | REQ_PREFLUSH;
	default:	/* BLKIF_OP_WRITE_BARRIER */
		return REQ_OP_WRITE | REQ_PREFLUSH | REQ_FUA;
	}
}

/* Build the bios of a request whose pages are mapped, and submit them. */
static void blkback_submit(struct blkback_queue *q,
			   struct blkback_request *req, u8 op, u64 sector)
{
	struct block_device *bdev = q->be->bdev;
	blk_opf_t opf = blkback_opf(op);
	struct bio_list bios;
	struct blk_plug plug;
	struct bio *bio = NULL;
	unsigned int i, len, nbios = 0;
	unsigned short nr_vecs;
	struct blkback_seg *s;

	bio_list_init(&bios);
	for (i = 0; i < req->nr_segs; i++) {
		s = &req->segs[i];
		len = (s->last_sect - s->first_sect + 1) << SECTOR_SHIFT;
		if (!bio || bio_add_page(bio, s->page, len,
					 s->first_sect << SECTOR_SHIFT) != len) {
			nr_vecs = min_t(unsigned int, req->nr_segs - i,
					BIO_MAX_VECS);
			bio = bio_alloc(bdev, nr_vecs, opf, GFP_NOIO);
			bio->bi_iter.bi_sector = sector;
			bio->bi_private = req;
			bio->bi_end_io = blkback_bio_end_io;
			bio_list_add(&bios, bio);
			nbios++;
			/* A fresh bio has room for a page: cannot fail. */
			__bio_add_page(bio, s->page, len,
				       s->first_sect << SECTOR_SHIFT);
			/* Flags that apply once: only on the first bio. */
			opf &= ~REQ_PREFLUSH;
		}
		sector += len >> SECTOR_SHIFT;
	}
	if (!nbios) {
		/* A flush or barrier without data: just the cache flush. */
		bio = bio_alloc(bdev, 0, REQ_OP_WRITE | REQ_PREFLUSH, GFP_NOIO);
		bio->bi_private = req;
		bio->bi_end_io = blkback_bio_end_io;
		bio_list_add(&bios, bio);
		nbios = 1;
	}

	atomic_set(&req->pending_bios, nbios);
	blk_start_plug(&plug);
	while ((bio = bio_list_pop(&bios)))
		submit_bio(bio);
	blk_finish_plug(&plug);
}

/**
 * blkback_dispatch() - carry out a request copied from the ring
 * @q: the queue
 * @req: a free request structure to track it
 * @slot: the private copy of the request slot
 * @lim: limits to validate against
 *
 * Invalid requests are answered with an error; valid ones are submitted
 * and answered when their I/O ends.
 *
 * Context: the queue's thread.
 */
void blkback_dispatch(struct blkback_queue *q, struct blkback_request *req,
		      const u8 *slot, const struct blkreq_limits *lim)
{
	struct device *dev = &q->be->xdev->dev;
	const struct blkreq_seg *descs;
	struct blkreq r;
	u64 nr_sectors = 0;
	unsigned int i;
	int err;

	err = blkreq_parse(slot, q->slot_size, q->abi, &r);
	req->id = r.id;
	req->operation = r.indirect ? r.op : r.operation;
	req->nr_segs = 0;
	req->status = BLK_STS_OK;
	if (!err)
		err = blkreq_check(&r, lim);
	if (err)
		goto fail;

	if (r.operation == BLKIF_OP_DISCARD) {
		blkback_discard(q, req, &r, lim);
		return;
	}

	if (r.nr_segments > q->max_segs) {
		err = -EINVAL;
		goto fail;
	}
	descs = r.seg;
	if (r.indirect) {
		err = blkback_read_indirect(q, &r, q->descs);
		if (err)
			goto fail;
		descs = q->descs;
	}
	/* An empty flush or barrier does not address the device. */
	if (r.nr_segments) {
		err = blkreq_check_segments(descs, r.nr_segments,
					    r.sector_number, lim, &nr_sectors);
		if (err)
			goto fail;
	}
	for (i = 0; i < r.nr_segments; i++) {
		req->segs[i].gref = descs[i].gref;
		req->segs[i].first_sect = descs[i].first_sect;
		req->segs[i].last_sect = descs[i].last_sect;
	}
	req->nr_segs = r.nr_segments;

	switch (r.op) {
	case BLKIF_OP_READ:
		blkback_queue_stat_add(q, BLKBACK_STAT_RD_REQ, 1);
		blkback_queue_stat_add(q, BLKBACK_STAT_RD_SECT, nr_sectors);
		break;
	case BLKIF_OP_WRITE:
		blkback_queue_stat_add(q, BLKBACK_STAT_WR_REQ, 1);
		blkback_queue_stat_add(q, BLKBACK_STAT_WR_SECT, nr_sectors);
		break;
	default:
		blkback_queue_stat_add(q, BLKBACK_STAT_F_REQ, 1);
		blkback_queue_stat_add(q, BLKBACK_STAT_WR_SECT, nr_sectors);
		break;
	}

	err = blkback_map_segs(q, req->segs, req->nr_segs,
			       r.op != BLKIF_OP_READ, true);
	if (err) {
		/* Answered once whatever was mapped is unmapped again. */
		blkback_finish(q, req, err);
		return;
	}
	blkback_submit(q, req, r.op, r.sector_number);
	return;

fail:
	dev_dbg_ratelimited(dev, "queue %u: request %llu (op %u) refused: %d\n",
			    q->index, r.id, r.operation, err);
	blkback_finish(q, req, err);
}
