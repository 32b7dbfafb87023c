// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for drivers/xen/blkback/blkif_request.c.
 *
 * Input: one byte of settings (ABI, device and negotiated limits), a
 * request slot, then the contents of indirect pages.  Whatever the input,
 * decoding must not fault, and a request the validator accepts must obey
 * the protocol's limits.
 */
#include <stdlib.h>
#include <string.h>

#include "blkif_request.h"

#define FUZZ_ASSERT(cond) do { if (!(cond)) abort(); } while (0)

static struct blkreq_seg segs[BLKREQ_MAX_INDIRECT_PAGES *
			      BLKREQ_SEGMENTS_PER_PAGE];

static void fuzz_segments(const struct blkreq *req,
			  const struct blkreq_limits *lim, const u8 *data,
			  size_t size)
{
	const struct blkreq_seg *s = req->seg;
	unsigned int i, n = req->nr_segments;
	u64 nr = 0;

	if (req->indirect) {
		if ((size_t)n * BLKREQ_SEGMENT_SIZE > size)
			return;
		blkreq_parse_segments(data, n, segs);
		s = segs;
	}
	if (blkreq_check_segments(s, n, req->sector_number, lim, &nr))
		return;
	FUZZ_ASSERT(req->sector_number <= lim->nr_sectors);
	FUZZ_ASSERT(nr <= lim->nr_sectors - req->sector_number);
	FUZZ_ASSERT(nr <= (u64)n * 8);
	for (i = 0; i < n; i++) {
		FUZZ_ASSERT(s[i].first_sect <= s[i].last_sect &&
			    s[i].last_sect <= BLKREQ_LAST_SECTOR_IN_PAGE);
		FUZZ_ASSERT(!((s[i].first_sect | (s[i].last_sect + 1u)) %
			      lim->sector_align));
	}
}

/* libFuzzer's entry point; the Makefile maps the name to libFuzzer's. */
int fuzz_one_input(const u8 *data, size_t size);

int fuzz_one_input(const u8 *data, size_t size)
{
	struct blkreq_limits lim = { 0 };
	enum blkreq_abi abi;
	struct blkreq req;
	unsigned int len;
	u8 rsp[BLKREQ_SLOT_SIZE_X86_64];
	u8 cfg;

	if (size < 1)
		return 0;
	cfg = data[0];
	data++;
	size--;
	abi = cfg & 1 ? BLKREQ_ABI_X86_32 : BLKREQ_ABI_X86_64;
	lim.readonly = cfg & 2;
	lim.discard = cfg & 4;
	lim.secure_discard = cfg & 8;
	lim.max_indirect_segments = (cfg & 0x30) ? 32u << (cfg >> 4 & 3) : 0;
	lim.sector_align = cfg & 0x40 ? 8 : 1;
	lim.nr_sectors = cfg & 0x80 ? ~0ull : 1 << 21;

	len = blkreq_slot_size(abi);
	if (size < len)
		return 0;
	if (blkreq_parse(data, len, abi, &req))
		return 0;
	blkreq_write_response(rsp, abi, req.id, req.op, -1);
	FUZZ_ASSERT(rsp[8] == req.op);
	if (blkreq_check(&req, &lim))
		return 0;

	switch (req.operation) {
	case BLKREQ_OP_DISCARD:
		FUZZ_ASSERT(lim.discard && !lim.readonly);
		FUZZ_ASSERT(req.sector_number + req.nr_sectors >=
			    req.sector_number);
		FUZZ_ASSERT(req.sector_number + req.nr_sectors <=
			    lim.nr_sectors);
		return 0;
	case BLKREQ_OP_INDIRECT:
		FUZZ_ASSERT(req.nr_segments >= 1 &&
			    req.nr_segments <= lim.max_indirect_segments);
		FUZZ_ASSERT(req.nr_indirect_pages <= BLKREQ_MAX_INDIRECT_PAGES);
		FUZZ_ASSERT(req.op == BLKREQ_OP_READ ||
			    req.op == BLKREQ_OP_WRITE);
		break;
	default:
		FUZZ_ASSERT(req.nr_segments <= BLKREQ_MAX_DIRECT_SEGMENTS);
		break;
	}
	if (lim.readonly && req.op != BLKREQ_OP_READ)
		FUZZ_ASSERT(!req.nr_segments);
	fuzz_segments(&req, &lim, data + len, size - len);
	return 0;
}
