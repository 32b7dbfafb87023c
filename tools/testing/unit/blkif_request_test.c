// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of drivers/xen/blkback/blkif_request.c, the decoder and
 * validator of blkif requests, built for userspace.
 *
 * Requests are built through packed structures that restate the protocol's
 * layouts for both ABIs, so that the decoder's byte offsets are checked
 * against an independent description.
 */
#include <stdio.h>
#include <string.h>

#include <xen/backend-ring-check.h>

#include "blkif_request.h"
#include "tap.h"

struct seg_wire {
	u32 gref;
	u8 first_sect, last_sect;
	u16 pad;
} __packed;

struct rw_64 {
	u8 operation, nr_segments;
	u16 handle;
	u32 pad1;
	u64 id, sector_number;
	struct seg_wire seg[BLKREQ_MAX_DIRECT_SEGMENTS];
} __packed;

struct rw_32 {
	u8 operation, nr_segments;
	u16 handle;
	u64 id, sector_number;
	struct seg_wire seg[BLKREQ_MAX_DIRECT_SEGMENTS];
} __packed;

struct discard_64 {
	u8 operation, flag;
	u16 pad1;
	u32 pad2;
	u64 id, sector_number, nr_sectors;
} __packed;

struct discard_32 {
	u8 operation, flag;
	u16 pad1;
	u64 id, sector_number, nr_sectors;
} __packed;

struct indirect_64 {
	u8 operation, indirect_op;
	u16 nr_segments;
	u32 pad1;
	u64 id, sector_number;
	u16 handle, pad2;
	u32 grefs[BLKREQ_MAX_INDIRECT_PAGES];
} __packed;

struct indirect_32 {
	u8 operation, indirect_op;
	u16 nr_segments;
	u64 id, sector_number;
	u16 handle, pad2;
	u32 grefs[BLKREQ_MAX_INDIRECT_PAGES];
} __packed;

static u8 slot[BLKREQ_SLOT_SIZE_X86_64];

static const struct blkreq_limits lim_default = {
	.nr_sectors = 1 << 20,
	.sector_align = 1,
	.max_indirect_segments = 256,
	.discard = true,
};

static void test_ring(void)
{
	TAP_EQ(blkreq_slot_size(BLKREQ_ABI_X86_64), sizeof(struct rw_64),
	       "x86_64 slot is the size of a read/write request");
	TAP_EQ(blkreq_slot_size(BLKREQ_ABI_X86_32), sizeof(struct rw_32),
	       "x86_32 slot is the size of a read/write request");
	TAP_EQ(blkreq_ring_size(1, BLKREQ_ABI_X86_64), 32, "1-page ring: 32");
	TAP_EQ(blkreq_ring_size(1, BLKREQ_ABI_X86_32), 32,
	       "1-page x86_32 ring: 32");
	TAP_EQ(blkreq_ring_size(2, BLKREQ_ABI_X86_64), 64, "2-page ring: 64");
	TAP_EQ(blkreq_ring_size(16, BLKREQ_ABI_X86_64), 512,
	       "16-page ring: 512");
	TAP_EQ(blkreq_ring_size(0, BLKREQ_ABI_X86_64), 0, "0-page ring: 0");
	TAP_OK(!xen_backend_ring_prod_overflow(32, 0, 0, 32),
	       "producer a ring ahead");
	TAP_OK(xen_backend_ring_prod_overflow(33, 0, 0, 32),
	       "producer more than a ring ahead");
	TAP_OK(!xen_backend_ring_prod_overflow(5, 0xfffffff0u, 0xfffffff0u, 32),
	       "producer wrapped around, within a ring");
	TAP_OK(xen_backend_ring_prod_overflow(0xfffffff0u, 5, 5, 32),
	       "producer behind the responses");
	TAP_OK(!xen_backend_ring_prod_overflow(8, 8, 0, 32),
	       "producer at the consumer, 8 requests in flight");
	TAP_OK(xen_backend_ring_prod_overflow(4, 8, 0, 32),
	       "producer moved back behind the consumer, within a ring of the responses");
	TAP_OK(xen_backend_ring_prod_overflow(7, 8, 0, 32),
	       "producer one behind the consumer");
	TAP_OK(!xen_backend_ring_prod_overflow(32, 8, 0, 32),
	       "producer a ring ahead of the responses, 8 in flight");
	TAP_OK(xen_backend_ring_prod_overflow(33, 8, 0, 32),
	       "producer past a ring ahead of the responses, 8 in flight");
	TAP_OK(!xen_backend_ring_prod_overflow(0x10u, 0xfffffff8u,
					       0xfffffff0u, 32),
	       "wrapped indices, within bounds");
	TAP_OK(xen_backend_ring_prod_overflow(0xfffffff7u, 0xfffffff8u,
					      0xfffffff0u, 32),
	       "wrapped indices, producer behind the consumer");
	TAP_OK(xen_backend_ring_prod_overflow(8, 40, 0, 32),
	       "consumer more than a ring ahead of the responses");
	TAP_EQ(blkreq_indirect_pages(1), 1, "1 indirect segment: 1 page");
	TAP_EQ(blkreq_indirect_pages(512), 1, "512 segments: 1 page");
	TAP_EQ(blkreq_indirect_pages(513), 2, "513 segments: 2 pages");
}

static void test_rw(enum blkreq_abi abi)
{
	struct blkreq req;
	unsigned int i;
	u64 n = 0;

	memset(slot, 0xa5, sizeof(slot));
	if (abi == BLKREQ_ABI_X86_64) {
		struct rw_64 r = { .operation = BLKREQ_OP_WRITE,
				   .nr_segments = 11, .handle = 0x1234,
				   .id = 0x0102030405060708ull,
				   .sector_number = 4096 };

		for (i = 0; i < 11; i++)
			r.seg[i] = (struct seg_wire){ 100 + i, 0, 7, 0 };
		r.seg[10].first_sect = 3;
		memcpy(slot, &r, sizeof(r));
	} else {
		struct rw_32 r = { .operation = BLKREQ_OP_WRITE,
				   .nr_segments = 11, .handle = 0x1234,
				   .id = 0x0102030405060708ull,
				   .sector_number = 4096 };

		for (i = 0; i < 11; i++)
			r.seg[i] = (struct seg_wire){ 100 + i, 0, 7, 0 };
		r.seg[10].first_sect = 3;
		memcpy(slot, &r, sizeof(r));
	}
	TAP_EQ(blkreq_parse(slot, sizeof(slot), abi, &req), 0, "rw: parses");
	TAP_EQ(req.op, BLKREQ_OP_WRITE, "rw: operation");
	TAP_EQ(req.id, 0x0102030405060708ull, "rw: id");
	TAP_EQ(req.handle, 0x1234, "rw: handle");
	TAP_EQ(req.sector_number, 4096, "rw: sector_number");
	TAP_EQ(req.nr_segments, 11, "rw: nr_segments");
	TAP_EQ(req.seg[10].gref, 110, "rw: last segment gref");
	TAP_EQ(req.seg[10].first_sect, 3, "rw: last segment first_sect");
	TAP_EQ(blkreq_check(&req, &lim_default), 0, "rw: valid");
	TAP_EQ(blkreq_check_segments(req.seg, req.nr_segments,
				     req.sector_number, &lim_default, &n),
	       0, "rw: segments valid");
	TAP_EQ(n, 10 * 8 + 5, "rw: sector count");

	slot[1] = 12;
	TAP_EQ(blkreq_parse(slot, sizeof(slot), abi, &req), 0,
	       "rw: 12 segments parse");
	TAP_EQ(blkreq_check(&req, &lim_default), -EINVAL,
	       "rw: 12 segments rejected");
	slot[1] = 0;
	blkreq_parse(slot, sizeof(slot), abi, &req);
	TAP_EQ(blkreq_check(&req, &lim_default), -EINVAL,
	       "rw: write without segments rejected");
	slot[0] = BLKREQ_OP_FLUSH_DISKCACHE;
	blkreq_parse(slot, sizeof(slot), abi, &req);
	TAP_EQ(blkreq_check(&req, &lim_default), 0,
	       "flush without segments accepted");
	TAP_EQ(blkreq_parse(slot, blkreq_slot_size(abi) - 1, abi, &req),
	       -EINVAL, "short slot rejected");
}

static void test_rw_limits(void)
{
	struct blkreq_limits lim = lim_default;
	struct blkreq req = { .operation = BLKREQ_OP_WRITE,
			      .op = BLKREQ_OP_WRITE, .nr_segments = 1 };
	struct blkreq_seg seg[2] = { { 1, 0, 7 }, { 2, 0, 7 } };
	u64 n = 0;

	lim.readonly = true;
	TAP_EQ(blkreq_check(&req, &lim), -EROFS, "write to read-only: EROFS");
	req.op = BLKREQ_OP_READ;
	req.operation = BLKREQ_OP_READ;
	TAP_EQ(blkreq_check(&req, &lim), 0, "read from read-only: ok");
	req.operation = BLKREQ_OP_FLUSH_DISKCACHE;
	req.op = req.operation;
	req.nr_segments = 0;
	TAP_EQ(blkreq_check(&req, &lim), 0, "empty flush on read-only: ok");
	req.nr_segments = 1;
	TAP_EQ(blkreq_check(&req, &lim), -EROFS,
	       "flush with data on read-only: EROFS");

	lim = lim_default;
	seg[0].first_sect = 4;
	seg[0].last_sect = 3;
	TAP_EQ(blkreq_check_segments(seg, 1, 0, &lim, &n), -EINVAL,
	       "first_sect > last_sect rejected");
	seg[0].first_sect = 0;
	seg[0].last_sect = 8;
	TAP_EQ(blkreq_check_segments(seg, 1, 0, &lim, &n), -EINVAL,
	       "last_sect beyond the page rejected");
	seg[0].last_sect = 7;
	TAP_EQ(blkreq_check_segments(seg, 2, lim.nr_sectors - 16, &lim, &n), 0,
	       "request ending at the end of the device");
	TAP_EQ(blkreq_check_segments(seg, 2, lim.nr_sectors - 15, &lim, &n),
	       -ERANGE, "request crossing the end of the device");
	TAP_EQ(blkreq_check_segments(seg, 2, ~0ull - 3, &lim, &n), -ERANGE,
	       "sector_number near 2^64 rejected");
	TAP_EQ(blkreq_check_segments(seg, 2, lim.nr_sectors, &lim, &n), -ERANGE,
	       "request starting at the end of the device");
	lim.sector_align = 8;
	TAP_EQ(blkreq_check_segments(seg, 2, 8, &lim, &n), 0,
	       "aligned request on 4 KiB device");
	TAP_EQ(blkreq_check_segments(seg, 2, 4, &lim, &n), -ERANGE,
	       "misaligned request on 4 KiB device");
	seg[1].last_sect = 3;
	TAP_EQ(blkreq_check_segments(seg, 2, 8, &lim, &n), -ERANGE,
	       "partial block on 4 KiB device");
	seg[0].first_sect = 0;
	seg[0].last_sect = 3;
	seg[1].first_sect = 4;
	seg[1].last_sect = 7;
	TAP_EQ(blkreq_check_segments(seg, 2, 8, &lim, &n), -ERANGE,
	       "two half blocks making one block on 4 KiB device");
	lim.sector_align = 4;
	TAP_EQ(blkreq_check_segments(seg, 2, 8, &lim, &n), 0,
	       "two 2 KiB segments on a 2 KiB-block device");
	seg[1].first_sect = 5;
	TAP_EQ(blkreq_check_segments(seg, 2, 8, &lim, &n), -ERANGE,
	       "segment starting inside a 2 KiB block");
}

static void test_indirect(enum blkreq_abi abi, const char *name)
{
	struct blkreq_limits lim = lim_default;
	struct blkreq req;
	char msg[128];

	memset(slot, 0, sizeof(slot));
	if (abi == BLKREQ_ABI_X86_64) {
		struct indirect_64 r = { .operation = BLKREQ_OP_INDIRECT,
					 .indirect_op = BLKREQ_OP_READ,
					 .nr_segments = 513, .id = 77,
					 .sector_number = 9, .handle = 3,
					 .grefs = { 40, 41, 42, 43, 44, 45, 46,
						    47 } };

		memcpy(slot, &r, sizeof(r));
	} else {
		struct indirect_32 r = { .operation = BLKREQ_OP_INDIRECT,
					 .indirect_op = BLKREQ_OP_READ,
					 .nr_segments = 513, .id = 77,
					 .sector_number = 9, .handle = 3,
					 .grefs = { 40, 41, 42, 43, 44, 45, 46,
						    47 } };

		memcpy(slot, &r, sizeof(r));
	}
	blkreq_parse(slot, sizeof(slot), abi, &req);
	snprintf(msg, sizeof(msg), "indirect %s: decoded", name);
	TAP_OK(req.indirect && req.op == BLKREQ_OP_READ && req.id == 77 &&
	       req.sector_number == 9 && req.handle == 3 &&
	       req.nr_segments == 513 && req.nr_indirect_pages == 2 &&
	       req.indirect_grefs[0] == 40 && req.indirect_grefs[7] == 47, msg);
	snprintf(msg, sizeof(msg), "indirect %s: over the limit", name);
	TAP_EQ(blkreq_check(&req, &lim), -EINVAL, msg);
	lim.max_indirect_segments = 4096;
	snprintf(msg, sizeof(msg), "indirect %s: within the limit", name);
	TAP_EQ(blkreq_check(&req, &lim), 0, msg);
	req.nr_segments = 4097;
	req.nr_indirect_pages = 9;
	lim.max_indirect_segments = 8192;
	TAP_EQ(blkreq_check(&req, &lim), -EINVAL,
	       "indirect: more than 8 indirect pages rejected");
	req.nr_segments = 0;
	req.nr_indirect_pages = 0;
	TAP_EQ(blkreq_check(&req, &lim), -EINVAL,
	       "indirect: no segments rejected");
	req.nr_segments = 1;
	req.nr_indirect_pages = 1;
	req.op = BLKREQ_OP_FLUSH_DISKCACHE;
	TAP_EQ(blkreq_check(&req, &lim), -EINVAL,
	       "indirect: flush as indirect_op rejected");
	req.op = BLKREQ_OP_WRITE;
	lim.max_indirect_segments = 0;
	TAP_EQ(blkreq_check(&req, &lim), -EOPNOTSUPP,
	       "indirect: not offered");
}

static void test_indirect_page(void)
{
	struct seg_wire page[BLKREQ_SEGMENTS_PER_PAGE];
	struct blkreq_seg segs[BLKREQ_SEGMENTS_PER_PAGE];

	memset(page, 0, sizeof(page));
	page[0] = (struct seg_wire){ 0xdeadbeef, 1, 6, 0xffff };
	page[511] = (struct seg_wire){ 511, 7, 7, 0 };
	TAP_EQ(sizeof(page), 4096, "indirect page holds 512 segments");
	blkreq_parse_segments((const u8 *)page, BLKREQ_SEGMENTS_PER_PAGE,
			      segs);
	TAP_OK(segs[0].gref == 0xdeadbeef && segs[0].first_sect == 1 &&
	       segs[0].last_sect == 6, "indirect page: first segment");
	TAP_OK(segs[511].gref == 511 && segs[511].first_sect == 7 &&
	       segs[511].last_sect == 7, "indirect page: last segment");
}

static void test_discard(enum blkreq_abi abi)
{
	struct blkreq_limits lim = lim_default;
	struct blkreq req;

	memset(slot, 0, sizeof(slot));
	if (abi == BLKREQ_ABI_X86_64) {
		struct discard_64 d = { .operation = BLKREQ_OP_DISCARD,
					.flag = BLKREQ_DISCARD_SECURE, .id = 5,
					.sector_number = 100,
					.nr_sectors = 200 };

		memcpy(slot, &d, sizeof(d));
	} else {
		struct discard_32 d = { .operation = BLKREQ_OP_DISCARD,
					.flag = BLKREQ_DISCARD_SECURE, .id = 5,
					.sector_number = 100,
					.nr_sectors = 200 };

		memcpy(slot, &d, sizeof(d));
	}
	blkreq_parse(slot, sizeof(slot), abi, &req);
	TAP_OK(req.op == BLKREQ_OP_DISCARD && req.id == 5 &&
	       req.sector_number == 100 && req.nr_sectors == 200 &&
	       req.discard_flags == BLKREQ_DISCARD_SECURE,
	       abi == BLKREQ_ABI_X86_64 ? "discard x86_64: decoded" :
					  "discard x86_32: decoded");
	TAP_EQ(blkreq_check(&req, &lim), 0, "discard: valid");
	req.nr_sectors = ~0ull - 50;
	TAP_EQ(blkreq_check(&req, &lim), -ERANGE, "discard: overflow rejected");
	req.nr_sectors = 1;
	lim.readonly = true;
	TAP_EQ(blkreq_check(&req, &lim), -EROFS, "discard: read-only");
	lim.discard = false;
	TAP_EQ(blkreq_check(&req, &lim), -EOPNOTSUPP, "discard: not offered");
}

static void test_other(void)
{
	struct blkreq req;

	memset(slot, 0, sizeof(slot));
	slot[0] = 4;
	slot[8] = 0x42;
	TAP_EQ(blkreq_parse(slot, sizeof(slot), BLKREQ_ABI_X86_64, &req),
	       -EOPNOTSUPP, "unknown operation: parse fails");
	TAP_OK(req.id == 0x42 && req.operation == 4,
	       "unknown operation: id kept for the response");
	TAP_EQ(blkreq_check(&req, &lim_default), -EOPNOTSUPP,
	       "unknown operation: check fails");
}

static void test_response(void)
{
	u8 rsp[BLKREQ_SLOT_SIZE_X86_64];
	static const u8 want[] = { 8, 7, 6, 5, 4, 3, 2, 1, 6, 0, 0xfe, 0xff };

	memset(rsp, 0xa5, sizeof(rsp));
	blkreq_write_response(rsp, BLKREQ_ABI_X86_32, 0x0102030405060708ull,
			      BLKREQ_OP_INDIRECT, -2);
	TAP_OK(!memcmp(rsp, want, sizeof(want)) && rsp[12] == 0xa5,
	       "x86_32 response: 12 bytes");
	memset(rsp, 0xa5, sizeof(rsp));
	blkreq_write_response(rsp, BLKREQ_ABI_X86_64, 0x0102030405060708ull,
			      BLKREQ_OP_INDIRECT, -2);
	TAP_OK(!memcmp(rsp, want, sizeof(want)) && !rsp[12] && !rsp[15] &&
	       rsp[16] == 0xa5, "x86_64 response: 16 bytes");
}

int main(void)
{
	printf("TAP version 13\n");
	printf("# blkif_request\n");
	test_ring();
	test_rw(BLKREQ_ABI_X86_64);
	test_rw(BLKREQ_ABI_X86_32);
	test_rw_limits();
	test_indirect(BLKREQ_ABI_X86_64, "x86_64");
	test_indirect(BLKREQ_ABI_X86_32, "x86_32");
	test_indirect_page();
	test_discard(BLKREQ_ABI_X86_64);
	test_discard(BLKREQ_ABI_X86_32);
	test_other();
	test_response();
	return tap_done();
}
