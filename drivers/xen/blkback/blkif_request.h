/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Decoding and validation of blkif requests.
 *
 * Everything here works on a copy of a request slot that the caller has
 * already taken out of the shared ring, and depends on nothing but basic
 * types, so that the same code is built into xen-blkback and into the
 * userspace unit tests and fuzzers under tools/testing/.
 */
#ifndef _XEN_BLKBACK_BLKIF_REQUEST_H
#define _XEN_BLKBACK_BLKIF_REQUEST_H

#include <linux/types.h>
#include <linux/errno.h>

/* Operation codes, as defined by the blkif protocol. */
#define BLKREQ_OP_READ			0
#define BLKREQ_OP_WRITE			1
#define BLKREQ_OP_WRITE_BARRIER		2
#define BLKREQ_OP_FLUSH_DISKCACHE	3
#define BLKREQ_OP_DISCARD		5
#define BLKREQ_OP_INDIRECT		6

#define BLKREQ_DISCARD_SECURE		0x1

/* Segments carried in a request slot itself. */
#define BLKREQ_MAX_DIRECT_SEGMENTS	11
/* Grant references to indirect pages carried in an indirect request. */
#define BLKREQ_MAX_INDIRECT_PAGES	8
/* Size of one segment descriptor in an indirect page. */
#define BLKREQ_SEGMENT_SIZE		8
/* Segment descriptors per 4 KiB indirect page. */
#define BLKREQ_SEGMENTS_PER_PAGE	(4096 / BLKREQ_SEGMENT_SIZE)
/* The last 512-byte sector of a 4 KiB page. */
#define BLKREQ_LAST_SECTOR_IN_PAGE	7

/* Size of a request slot (a request/response union) for each layout. */
#define BLKREQ_SLOT_SIZE_X86_32		108
#define BLKREQ_SLOT_SIZE_X86_64		112
/* Offset of the first slot in a shared ring page. */
#define BLKREQ_RING_HEADER_SIZE		64
/* Bytes of a response, written at the start of a slot. */
#define BLKREQ_RSP_SIZE_X86_32		12
#define BLKREQ_RSP_SIZE_X86_64		16

/**
 * enum blkreq_abi - layout of the slots of a shared ring
 * @BLKREQ_ABI_X86_32: "x86_32-abi": 64-bit fields aligned to 4 bytes
 * @BLKREQ_ABI_X86_64: "x86_64-abi": 64-bit fields aligned to 8 bytes
 */
enum blkreq_abi {
	BLKREQ_ABI_X86_32,
	BLKREQ_ABI_X86_64,
};

/**
 * struct blkreq_seg - one segment: a granted page and a sector range in it
 * @gref: grant reference of the page
 * @first_sect: first 512-byte sector of the page to transfer
 * @last_sect: last 512-byte sector of the page to transfer (inclusive)
 */
struct blkreq_seg {
	u32 gref;
	u8 first_sect;
	u8 last_sect;
};

/**
 * struct blkreq - a request decoded from a copied ring slot
 * @operation: operation code as found in the slot (echoed in the response
 *	unless the request is indirect)
 * @op: effective operation: @operation, or the indirect operation
 * @indirect: the request is BLKREQ_OP_INDIRECT
 * @id: frontend's cookie, echoed in the response
 * @handle: virtual device handle (read/write and indirect requests)
 * @sector_number: first sector (512 bytes) of the request on the device
 * @nr_segments: number of segments
 * @nr_sectors: length of a discard request, in sectors
 * @discard_flags: BLKREQ_DISCARD_SECURE or 0
 * @nr_indirect_pages: number of indirect pages holding the segments
 * @indirect_grefs: grant references of the indirect pages
 * @seg: segments of a direct request
 */
struct blkreq {
	u8 operation;
	u8 op;
	bool indirect;
	u64 id;
	u16 handle;
	u64 sector_number;
	unsigned int nr_segments;
	u64 nr_sectors;
	u8 discard_flags;
	unsigned int nr_indirect_pages;
	u32 indirect_grefs[BLKREQ_MAX_INDIRECT_PAGES];
	struct blkreq_seg seg[BLKREQ_MAX_DIRECT_SEGMENTS];
};

/**
 * struct blkreq_limits - what the backend negotiated and what the device is
 * @nr_sectors: size of the device in 512-byte sectors
 * @sector_align: logical block size of the device in 512-byte sectors
 *	(a power of two); requests must start and end on such a boundary
 * @max_indirect_segments: segments allowed in an indirect request
 *	(0: indirect requests were not offered)
 * @readonly: the device was opened read-only
 * @discard: discard was offered
 * @secure_discard: secure discard was offered
 */
struct blkreq_limits {
	u64 nr_sectors;
	unsigned int sector_align;
	unsigned int max_indirect_segments;
	bool readonly;
	bool discard;
	bool secure_discard;
};

unsigned int blkreq_slot_size(enum blkreq_abi abi);
unsigned int blkreq_ring_size(unsigned int nr_pages, enum blkreq_abi abi);
unsigned int blkreq_indirect_pages(unsigned int nr_segments);
int blkreq_parse(const u8 *slot, unsigned int len, enum blkreq_abi abi,
		 struct blkreq *req);
int blkreq_check(const struct blkreq *req, const struct blkreq_limits *lim);
void blkreq_parse_segments(const u8 *page, unsigned int count,
			   struct blkreq_seg *segs);
int blkreq_check_segments(const struct blkreq_seg *segs, unsigned int count,
			  u64 sector_number, const struct blkreq_limits *lim,
			  u64 *nr_sectors);
void blkreq_write_response(u8 *slot, enum blkreq_abi abi, u64 id,
			   u8 operation, s16 status);

#endif /* _XEN_BLKBACK_BLKIF_REQUEST_H */
