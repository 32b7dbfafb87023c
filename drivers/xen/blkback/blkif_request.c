// SPDX-License-Identifier: GPL-2.0
/*
 * Decoding and validation of blkif requests copied out of a shared ring.
 *
 * The slot layouts are spelled out as byte offsets for each ABI rather than
 * taken from the C structures of the protocol header, so that one build of
 * this file understands 32-bit and 64-bit frontends alike.  Multi-byte
 * fields are little-endian, as on every ABI the protocol defines.
 *
 * Nothing here may trust the data it is handed: every field comes from a
 * guest.
 */
#define pr_fmt(fmt) "xen-blkback: " fmt

#include "blkif_request.h"

/**
 * struct blkreq_layout - byte offsets of the fields of a request slot
 * @slot_size: size of a slot
 * @id: the id field (same offset in every request variant)
 * @sector: sector_number of read/write, discard and indirect requests
 * @rw_seg: first segment of a read/write request
 * @discard_nr_sectors: nr_sectors of a discard request
 * @ind_handle: handle of an indirect request
 * @ind_grefs: first indirect page reference of an indirect request
 */
struct blkreq_layout {
	unsigned int slot_size;
	unsigned int id;
	unsigned int sector;
	unsigned int rw_seg;
	unsigned int discard_nr_sectors;
	unsigned int ind_handle;
	unsigned int ind_grefs;
};

static const struct blkreq_layout blkreq_layout_x86_32 = {
	.slot_size = BLKREQ_SLOT_SIZE_X86_32,
	.id = 4,
	.sector = 12,
	.rw_seg = 20,
	.discard_nr_sectors = 20,
	.ind_handle = 20,
	.ind_grefs = 24,
};

static const struct blkreq_layout blkreq_layout_x86_64 = {
	.slot_size = BLKREQ_SLOT_SIZE_X86_64,
	.id = 8,
	.sector = 16,
	.rw_seg = 24,
	.discard_nr_sectors = 24,
	.ind_handle = 24,
	.ind_grefs = 28,
};

/* Fields common to the layouts. */
#define BLKREQ_OFF_OPERATION	0
#define BLKREQ_OFF_NR_SEGMENTS	1	/* u8 in read/write requests */
#define BLKREQ_OFF_RW_HANDLE	2
#define BLKREQ_OFF_DISCARD_FLAG	1
#define BLKREQ_OFF_IND_OP	1
#define BLKREQ_OFF_IND_NR_SEGS	2	/* u16 in indirect requests */
#define BLKREQ_OFF_SEG_GREF	0
#define BLKREQ_OFF_SEG_FIRST	4
#define BLKREQ_OFF_SEG_LAST	5
#define BLKREQ_OFF_RSP_ID	0
#define BLKREQ_OFF_RSP_OP	8
#define BLKREQ_OFF_RSP_STATUS	10

static u16 blkreq_get16(const u8 *p)
{
	return (u16)p[0] | (u16)p[1] << 8;
}

static u32 blkreq_get32(const u8 *p)
{
	return (u32)blkreq_get16(p) | (u32)blkreq_get16(p + 2) << 16;
}

static u64 blkreq_get64(const u8 *p)
{
	return (u64)blkreq_get32(p) | (u64)blkreq_get32(p + 4) << 32;
}

static const struct blkreq_layout *blkreq_layout(enum blkreq_abi abi)
{
	return abi == BLKREQ_ABI_X86_32 ? &blkreq_layout_x86_32 :
					  &blkreq_layout_x86_64;
}

/**
 * blkreq_slot_size() - size of a ring slot
 * @abi: layout of the ring
 *
 * Return: the size in bytes of one request/response slot.
 */
unsigned int blkreq_slot_size(enum blkreq_abi abi)
{
	return blkreq_layout(abi)->slot_size;
}

/**
 * blkreq_ring_size() - number of slots of a shared ring
 * @nr_pages: number of 4 KiB pages of the ring
 * @abi: layout of the ring
 *
 * The slots that fit after the ring header, rounded down to a power of two.
 *
 * Return: the number of slots, 0 if @nr_pages is 0.
 */
unsigned int blkreq_ring_size(unsigned int nr_pages, enum blkreq_abi abi)
{
	unsigned int n, size = 1;

	if (!nr_pages || nr_pages > 1024)
		return 0;
	n = (nr_pages * 4096 - BLKREQ_RING_HEADER_SIZE) / blkreq_slot_size(abi);
	if (!n)
		return 0;
	while (size <= n / 2)
		size *= 2;
	return size;
}

/**
 * blkreq_indirect_pages() - indirect pages needed for a number of segments
 * @nr_segments: number of segments of an indirect request
 *
 * Return: the number of indirect pages that hold @nr_segments descriptors.
 */
unsigned int blkreq_indirect_pages(unsigned int nr_segments)
{
	return (nr_segments + BLKREQ_SEGMENTS_PER_PAGE - 1) /
		BLKREQ_SEGMENTS_PER_PAGE;
}

/**
 * blkreq_parse_segments() - decode segment descriptors
 * @page: segment descriptors, BLKREQ_SEGMENT_SIZE bytes each (a copy of an
 *	indirect page or of the segment array of a request slot)
 * @count: number of descriptors to decode
 * @segs: where to store them
 */
void blkreq_parse_segments(const u8 *page, unsigned int count,
			   struct blkreq_seg *segs)
{
	unsigned int i;

	for (i = 0; i < count; i++, page += BLKREQ_SEGMENT_SIZE) {
		segs[i].gref = blkreq_get32(page + BLKREQ_OFF_SEG_GREF);
		segs[i].first_sect = page[BLKREQ_OFF_SEG_FIRST];
		segs[i].last_sect = page[BLKREQ_OFF_SEG_LAST];
	}
}

/**
 * blkreq_parse() - decode a request slot
 * @slot: a private copy of the slot
 * @len: number of bytes at @slot
 * @abi: layout of the ring the slot was copied from
 * @req: decoded request
 *
 * Decodes the fields of the request; nothing is validated beyond what is
 * needed to decode (see blkreq_check()).  @req->id and @req->operation are
 * valid whenever @len covers a slot, so that even a request that cannot be
 * handled can be answered.
 *
 * Return: 0, -EINVAL if @len is short of a slot, -EOPNOTSUPP for an unknown
 * operation.
 */
int blkreq_parse(const u8 *slot, unsigned int len, enum blkreq_abi abi,
		 struct blkreq *req)
{
	const struct blkreq_layout *l = blkreq_layout(abi);
	unsigned int n;

	*req = (struct blkreq){ 0 };
	if (len < l->slot_size)
		return -EINVAL;

	req->operation = slot[BLKREQ_OFF_OPERATION];
	req->op = req->operation;
	req->id = blkreq_get64(slot + l->id);

	switch (req->operation) {
	case BLKREQ_OP_READ:
	case BLKREQ_OP_WRITE:
	case BLKREQ_OP_WRITE_BARRIER:
	case BLKREQ_OP_FLUSH_DISKCACHE:
		req->nr_segments = slot[BLKREQ_OFF_NR_SEGMENTS];
		req->handle = blkreq_get16(slot + BLKREQ_OFF_RW_HANDLE);
		req->sector_number = blkreq_get64(slot + l->sector);
		n = req->nr_segments;
		if (n > BLKREQ_MAX_DIRECT_SEGMENTS)
			n = BLKREQ_MAX_DIRECT_SEGMENTS;
		blkreq_parse_segments(slot + l->rw_seg, n, req->seg);
		return 0;
	case BLKREQ_OP_DISCARD:
		req->discard_flags = slot[BLKREQ_OFF_DISCARD_FLAG];
		req->sector_number = blkreq_get64(slot + l->sector);
		req->nr_sectors = blkreq_get64(slot + l->discard_nr_sectors);
		return 0;
	case BLKREQ_OP_INDIRECT:
		req->indirect = true;
		req->op = slot[BLKREQ_OFF_IND_OP];
		req->nr_segments = blkreq_get16(slot + BLKREQ_OFF_IND_NR_SEGS);
		req->sector_number = blkreq_get64(slot + l->sector);
		req->handle = blkreq_get16(slot + l->ind_handle);
		req->nr_indirect_pages =
			blkreq_indirect_pages(req->nr_segments);
		for (n = 0; n < BLKREQ_MAX_INDIRECT_PAGES; n++)
			req->indirect_grefs[n] =
				blkreq_get32(slot + l->ind_grefs + 4 * n);
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

static bool blkreq_range_ok(u64 sector, u64 count,
			    const struct blkreq_limits *lim)
{
	u64 align = lim->sector_align ? lim->sector_align : 1;

	if (sector > lim->nr_sectors || count > lim->nr_sectors - sector)
		return false;
	return !((sector | count) & (align - 1));
}

static int blkreq_check_rw(const struct blkreq *req,
			   const struct blkreq_limits *lim)
{
	bool writes = req->op != BLKREQ_OP_READ;

	if (req->indirect) {
		if (req->op != BLKREQ_OP_READ && req->op != BLKREQ_OP_WRITE)
			return -EINVAL;
		if (!lim->max_indirect_segments)
			return -EOPNOTSUPP;
		if (!req->nr_segments ||
		    req->nr_segments > lim->max_indirect_segments ||
		    req->nr_indirect_pages > BLKREQ_MAX_INDIRECT_PAGES)
			return -EINVAL;
	} else {
		if (req->nr_segments > BLKREQ_MAX_DIRECT_SEGMENTS)
			return -EINVAL;
		/* Only a flush or a barrier may come without data. */
		if (!req->nr_segments && (req->op == BLKREQ_OP_READ ||
					  req->op == BLKREQ_OP_WRITE))
			return -EINVAL;
	}
	if (writes && lim->readonly && req->nr_segments)
		return -EROFS;
	return 0;
}

/**
 * blkreq_check() - validate a decoded request against the negotiated limits
 * @req: request decoded by blkreq_parse()
 * @lim: negotiated limits and device properties
 *
 * Checks the operation and the number of segments (and of indirect pages).
 * The segments themselves are checked by blkreq_check_segments() once they
 * are at hand (for indirect requests, after the indirect pages are read).
 * A discard is fully checked here.
 *
 * Return: 0 if the request may be carried out, -EOPNOTSUPP if the operation
 * is unknown or was not offered, -EROFS for a write to a read-only device,
 * -EINVAL for a malformed request, -ERANGE for a discard out of the device.
 */
int blkreq_check(const struct blkreq *req, const struct blkreq_limits *lim)
{
	switch (req->operation) {
	case BLKREQ_OP_READ:
	case BLKREQ_OP_WRITE:
	case BLKREQ_OP_WRITE_BARRIER:
	case BLKREQ_OP_FLUSH_DISKCACHE:
	case BLKREQ_OP_INDIRECT:
		return blkreq_check_rw(req, lim);
	case BLKREQ_OP_DISCARD:
		if (!lim->discard)
			return -EOPNOTSUPP;
		if (lim->readonly)
			return -EROFS;
		if (!blkreq_range_ok(req->sector_number, req->nr_sectors, lim))
			return -ERANGE;
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

/**
 * blkreq_check_segments() - validate the segments of a request
 * @segs: decoded segments
 * @count: number of segments
 * @sector_number: first sector of the request
 * @lim: negotiated limits and device properties
 * @nr_sectors: total length of the segments, in 512-byte sectors
 *
 * Each segment must name a sector range within its 4 KiB page, each
 * segment and the request must lie on logical block boundaries, and the
 * request within the device.
 *
 * Return: 0 if valid, -EINVAL for a malformed segment, -ERANGE if the
 * request is out of the device or misaligned.
 */
int blkreq_check_segments(const struct blkreq_seg *segs, unsigned int count,
			  u64 sector_number, const struct blkreq_limits *lim,
			  u64 *nr_sectors)
{
	unsigned int align = lim->sector_align ? lim->sector_align : 1;
	u64 total = 0;
	unsigned int i;

	for (i = 0; i < count; i++) {
		if (segs[i].first_sect > segs[i].last_sect ||
		    segs[i].last_sect > BLKREQ_LAST_SECTOR_IN_PAGE)
			return -EINVAL;
		/*
		 * Each segment becomes one bio_vec: on a device with larger
		 * logical blocks it must start and end on a block boundary
		 * too, not just the request as a whole.
		 */
		if ((segs[i].first_sect | (segs[i].last_sect + 1u)) &
		    (align - 1))
			return -ERANGE;
		total += segs[i].last_sect - segs[i].first_sect + 1;
	}
	if (!blkreq_range_ok(sector_number, total, lim))
		return -ERANGE;
	*nr_sectors = total;
	return 0;
}

/**
 * blkreq_write_response() - encode a response into a slot
 * @slot: the slot (shared ring memory or a private buffer)
 * @abi: layout of the ring
 * @id: the request's id
 * @operation: the operation being answered
 * @status: BLKIF_RSP_* status
 *
 * Writes every byte of the response, padding included.
 */
void blkreq_write_response(u8 *slot, enum blkreq_abi abi, u64 id,
			   u8 operation, s16 status)
{
	unsigned int size = abi == BLKREQ_ABI_X86_32 ? BLKREQ_RSP_SIZE_X86_32 :
						       BLKREQ_RSP_SIZE_X86_64;
	u16 st = (u16)status;
	unsigned int i;

	for (i = 0; i < size; i++)
		slot[i] = 0;
	for (i = 0; i < 8; i++)
		slot[BLKREQ_OFF_RSP_ID + i] = (u8)(id >> (8 * i));
	slot[BLKREQ_OFF_RSP_OP] = operation;
	slot[BLKREQ_OFF_RSP_STATUS] = (u8)st;
	slot[BLKREQ_OFF_RSP_STATUS + 1] = (u8)(st >> 8);
}
