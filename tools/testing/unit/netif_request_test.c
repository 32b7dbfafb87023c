// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of drivers/xen/netback/netif_*.c, the decoders and validators
 * of what a netif frontend puts in its rings, built for userspace.
 *
 * Slots are built through packed structures that restate the protocol's
 * layouts, so that the decoders' byte offsets are checked against an
 * independent description.
 */
#include <stdio.h>
#include <string.h>

#include <xen/backend-ring-check.h>

#include "netif_request.h"
#include "tap.h"

struct tx_req {
	u32 gref;
	u16 offset, flags, id, size;
} __packed;

struct extra {
	u8 type, flags;
	union {
		struct {
			u16 size;
			u8 type, pad;
			u16 features;
		} __packed gso;
		u8 addr[6];
		struct {
			u8 type, alg;
			u32 value;
		} __packed hash;
	} u;
	u32 pad;
} __packed;

struct rx_rsp {
	u16 id, offset, flags;
	s16 status;
} __packed;

struct ctrl_req {
	u16 id, type;
	u32 data[3];
} __packed;

struct ctrl_rsp {
	u16 id, type;
	u32 status, data;
} __packed;

static const struct netif_tx_limits lim = {
	.max_slots = NETIF_NR_SLOTS_MIN,
	.fatal_slots = 20,
	.gso_types = 1 << NETIF_GSO_TCPV4 | 1 << NETIF_GSO_TCPV6,
	.mcast = true,
};

static struct netif_tx_pkt pkt;

static int add_tx(u16 offset, u16 flags, u16 id, u16 size)
{
	struct tx_req r = { .gref = 100 + id, .offset = offset,
			    .flags = flags, .id = id, .size = size };

	return netif_tx_pkt_add(&pkt, (const u8 *)&r, &lim);
}

static int add_extra(const struct extra *e)
{
	return netif_tx_pkt_add(&pkt, (const u8 *)e, &lim);
}

static void test_layout(void)
{
	struct tx_req r = { .gref = 0x11223344, .offset = 0x55, .flags = 0x6,
			    .id = 0x77, .size = 0x8899 };
	struct netif_tx_slot s;
	struct netif_rx_req rq;
	u8 raw[8] = { 0x34, 0x12, 0, 0, 0x78, 0x56, 0x34, 0x12 };

	TAP_EQ(sizeof(struct tx_req), NETIF_TX_SLOT_SIZE, "tx slot: 12 bytes");
	TAP_EQ(sizeof(struct extra), NETIF_TX_SLOT_SIZE, "extra: 12 bytes");
	TAP_EQ(sizeof(struct ctrl_req), NETIF_CTRL_SLOT_SIZE,
	       "ctrl request: 16 bytes");
	netif_tx_parse_slot((const u8 *)&r, &s);
	TAP_OK(s.gref == 0x11223344 && s.offset == 0x55 && s.flags == 6 &&
	       s.id == 0x77 && s.size == 0x8899, "tx slot decoded");
	netif_rx_parse_request(raw, &rq);
	TAP_OK(rq.id == 0x1234 && rq.gref == 0x12345678, "rx request decoded");
	TAP_EQ(netif_ring_size(NETIF_TX_SLOT_SIZE), 256, "tx ring: 256 slots");
	TAP_EQ(netif_ring_size(NETIF_RX_SLOT_SIZE), 256, "rx ring: 256 slots");
	TAP_EQ(netif_ring_size(NETIF_CTRL_SLOT_SIZE), 128,
	       "ctrl ring: 128 slots");
	TAP_EQ(netif_ring_size(0), 0, "slot size 0: no ring");
	TAP_OK(!xen_backend_ring_prod_overflow(256, 0, 0, 256),
	       "producer a ring ahead is fine");
	TAP_OK(xen_backend_ring_prod_overflow(257, 0, 0, 256),
	       "producer more than a ring ahead");
	TAP_EQ(xen_backend_ring_unconsumed(3, 0xfffffffeu), 5,
	       "unconsumed requests across the wrap");
}

static void test_tx_simple(void)
{
	netif_tx_pkt_init(&pkt);
	TAP_EQ(add_tx(100, 0, 1, 60), 0, "single-slot packet complete");
	TAP_OK(pkt.nr_slots == 1 && pkt.len == 60 && pkt.slots[0].size == 60,
	       "its length and slot");

	netif_tx_pkt_init(&pkt);
	TAP_EQ(add_tx(0, NETIF_TXF_MORE_DATA, 1, 5000), 1, "chain goes on");
	TAP_EQ(add_tx(0, NETIF_TXF_MORE_DATA, 2, 4096), 1, "chain goes on");
	TAP_EQ(add_tx(0, 0, 3, 500), 0, "three-slot packet complete");
	TAP_EQ(pkt.slots[0].size, 5000 - 4096 - 500,
	       "first slot's own data is the rest");
	TAP_EQ(add_tx(0, 0, 4, 10), -EPROTO, "nothing after the end");

	netif_tx_pkt_init(&pkt);
	TAP_EQ(add_tx(0, 0, 1, 13), -EINVAL, "shorter than ethernet: dropped");
	netif_tx_pkt_init(&pkt);
	TAP_EQ(add_tx(4000, 0, 1, 200), -EPROTO, "first slot crossing a page");
	netif_tx_pkt_init(&pkt);
	TAP_EQ(add_tx(4096, NETIF_TXF_MORE_DATA, 1, 200), -EPROTO,
	       "offset past the page");
	netif_tx_pkt_init(&pkt);
	add_tx(0, NETIF_TXF_MORE_DATA, 1, 100);
	TAP_EQ(add_tx(0, 0, 2, 200), -EINVAL,
	       "slots larger than the packet: dropped");
	TAP_EQ(pkt.nr_slots, 2, "both slots kept for their responses");
	netif_tx_pkt_init(&pkt);
	add_tx(0, NETIF_TXF_MORE_DATA, 1, 9000);
	TAP_EQ(add_tx(100, 0, 2, 4000), -EPROTO, "later slot crossing a page");
	netif_tx_pkt_init(&pkt);
	add_tx(0, NETIF_TXF_MORE_DATA, 1, 8000);
	TAP_EQ(add_tx(96, 0, 2, 4000), 0, "later slot ending on the page end");
	netif_tx_pkt_init(&pkt);
	add_tx(0, NETIF_TXF_MORE_DATA, 1, 300);
	TAP_EQ(add_tx(0, NETIF_TXF_EXTRA_INFO, 2, 100), -EINVAL,
	       "extras flagged on a later slot: dropped");
}

static void test_tx_64k(void)
{
	unsigned int i;
	int rc = 1;

	netif_tx_pkt_init(&pkt);
	add_tx(1, NETIF_TXF_MORE_DATA, 0, 0xffff);
	for (i = 1; i <= 15; i++)
		rc = add_tx(0, i < 15 ? NETIF_TXF_MORE_DATA : 0, i, 4096);
	TAP_EQ(rc, 0, "64 KiB - 1 in 16 slots");
	TAP_EQ(pkt.slots[0].size, 4095, "first slot holds 4095 bytes");
}

static void test_tx_slots(void)
{
	unsigned int i;
	int rc = 1;

	netif_tx_pkt_init(&pkt);
	add_tx(0, NETIF_TXF_MORE_DATA, 0, 18 * 100);
	for (i = 1; i < 18; i++)
		rc = add_tx(0, i < 17 ? NETIF_TXF_MORE_DATA : 0, i, 100);
	TAP_EQ(rc, 0, "18 slots: accepted");

	netif_tx_pkt_init(&pkt);
	add_tx(0, NETIF_TXF_MORE_DATA, 0, 19 * 100);
	for (i = 1; i < 19; i++)
		rc = add_tx(0, i < 18 ? NETIF_TXF_MORE_DATA : 0, i, 100);
	TAP_EQ(rc, -EINVAL, "19 slots: dropped");

	netif_tx_pkt_init(&pkt);
	rc = add_tx(0, NETIF_TXF_MORE_DATA, 0, 60000);
	for (i = 1; i < 20; i++)
		rc = add_tx(0, NETIF_TXF_MORE_DATA, i, 10);
	TAP_EQ(rc, 1, "20 slots and more to come: still going");
	TAP_EQ(add_tx(0, 0, 20, 10), -EPROTO, "21 slots: fatal");

	netif_tx_pkt_init(&pkt);
	for (i = 0; i < 1000 && rc > 0; i++)
		rc = add_tx(0, NETIF_TXF_MORE_DATA, i, 10);
	TAP_EQ(rc, -EPROTO, "endless chain: fatal");
	TAP_OK(i <= 21, "endless chain: stopped at the fatal limit");
}

static void test_tx_extras(void)
{
	struct extra gso = { .type = NETIF_EXTRA_GSO,
			     .u.gso = { .size = 1448, .type = NETIF_GSO_TCPV4 } };
	struct extra e;
	unsigned int i;
	int rc;

	netif_tx_pkt_init(&pkt);
	TAP_EQ(add_tx(0, NETIF_TXF_EXTRA_INFO | NETIF_TXF_MORE_DATA |
		      NETIF_TXF_CSUM_BLANK, 1, 9000), 1, "first with extra");
	TAP_EQ(add_extra(&gso), 1, "gso extra, data follows");
	TAP_EQ(add_tx(0, NETIF_TXF_MORE_DATA, 2, 4096), 1, "data");
	TAP_EQ(add_tx(0, 0, 3, 4096), 0, "gso packet complete");
	TAP_OK(pkt.gso_type == NETIF_GSO_TCPV4 && pkt.gso_size == 1448 &&
	       pkt.nr_extras == 1 && pkt.nr_slots == 3, "gso decoded");

	netif_tx_pkt_init(&pkt);
	add_tx(0, NETIF_TXF_EXTRA_INFO, 1, 1000);
	TAP_EQ(add_extra(&gso), -EINVAL, "gso without csum_blank: dropped");

	e = gso;
	e.u.gso.type = 3;
	netif_tx_pkt_init(&pkt);
	add_tx(0, NETIF_TXF_EXTRA_INFO | NETIF_TXF_CSUM_BLANK, 1, 1000);
	TAP_EQ(add_extra(&e), -EINVAL, "unknown gso type: dropped");
	e = gso;
	e.u.gso.size = 0;
	netif_tx_pkt_init(&pkt);
	add_tx(0, NETIF_TXF_EXTRA_INFO | NETIF_TXF_CSUM_BLANK, 1, 1000);
	TAP_EQ(add_extra(&e), -EINVAL, "gso size 0: dropped");
	e = gso;
	e.u.gso.type = 255;
	netif_tx_pkt_init(&pkt);
	add_tx(0, NETIF_TXF_EXTRA_INFO | NETIF_TXF_CSUM_BLANK, 1, 1000);
	TAP_EQ(add_extra(&e), -EINVAL, "gso type 255: dropped");

	netif_tx_pkt_init(&pkt);
	add_tx(0, NETIF_TXF_EXTRA_INFO | NETIF_TXF_CSUM_BLANK, 1, 1000);
	e = gso;
	e.flags = NETIF_EXTRA_FLAG_MORE;
	TAP_EQ(add_extra(&e), 1, "extra with more");
	TAP_EQ(add_extra(&gso), -EINVAL, "same extra type twice: dropped");

	memset(&e, 0, sizeof(e));
	e.type = 0;
	netif_tx_pkt_init(&pkt);
	add_tx(0, NETIF_TXF_EXTRA_INFO, 1, 1000);
	TAP_EQ(add_extra(&e), -EPROTO, "extra type none: fatal");
	e.type = NETIF_EXTRA_TYPE_MAX;
	netif_tx_pkt_init(&pkt);
	add_tx(0, NETIF_TXF_EXTRA_INFO, 1, 1000);
	TAP_EQ(add_extra(&e), -EPROTO, "extra type past the last: fatal");
	e.type = NETIF_EXTRA_XDP;
	netif_tx_pkt_init(&pkt);
	add_tx(0, NETIF_TXF_EXTRA_INFO, 1, 1000);
	TAP_EQ(add_extra(&e), -EINVAL, "xdp extra on transmit: dropped");

	memset(&e, 0, sizeof(e));
	e.type = NETIF_EXTRA_MCAST_ADD;
	memcpy(e.u.addr, "\x01\x00\x5e\x00\x00\x01", 6);
	netif_tx_pkt_init(&pkt);
	add_tx(0, NETIF_TXF_EXTRA_INFO, 1, 0);
	TAP_EQ(add_extra(&e), 0, "mcast add in a dummy request");
	TAP_OK(pkt.mcast_op == NETIF_EXTRA_MCAST_ADD &&
	       !memcmp(pkt.mcast_addr, "\x01\x00\x5e\x00\x00\x01", 6),
	       "mcast address decoded");
	/* Found by netif_request_fuzz: mcast and gso extras together. */
	netif_tx_pkt_init(&pkt);
	add_tx(0, NETIF_TXF_EXTRA_INFO, 1, 0);
	e.flags = NETIF_EXTRA_FLAG_MORE;
	TAP_EQ(add_extra(&e), 1, "mcast add with more extras");
	TAP_EQ(add_extra(&gso), -EINVAL,
	       "mcast add with a gso extra: dropped");
	e.flags = 0;
	e.u.addr[0] = 0x02;
	e.type = NETIF_EXTRA_MCAST_DEL;
	netif_tx_pkt_init(&pkt);
	add_tx(0, NETIF_TXF_EXTRA_INFO, 1, 0);
	TAP_EQ(add_extra(&e), -EINVAL, "mcast del of a unicast address");

	memset(&e, 0, sizeof(e));
	e.type = NETIF_EXTRA_HASH;
	e.u.hash.type = 1;
	e.u.hash.alg = NETIF_HASH_ALG_TOEPLITZ;
	e.u.hash.value = 0xdeadbeef;
	netif_tx_pkt_init(&pkt);
	add_tx(0, NETIF_TXF_EXTRA_INFO, 1, 100);
	TAP_EQ(add_extra(&e), 0, "hash extra");
	TAP_OK(pkt.hash_type == 1 && pkt.hash_value == 0xdeadbeef,
	       "hash decoded");
	e.u.hash.type = 4;
	netif_tx_pkt_init(&pkt);
	add_tx(0, NETIF_TXF_EXTRA_INFO, 1, 100);
	TAP_EQ(add_extra(&e), -EINVAL, "hash type out of range");
	e.u.hash.type = 0;
	e.u.hash.alg = 7;
	netif_tx_pkt_init(&pkt);
	add_tx(0, NETIF_TXF_EXTRA_INFO, 1, 100);
	TAP_EQ(add_extra(&e), -EINVAL, "hash algorithm unknown");

	/* An endless chain of extras is cut at the fatal limit. */
	e = gso;
	e.flags = NETIF_EXTRA_FLAG_MORE;
	netif_tx_pkt_init(&pkt);
	rc = add_tx(0, NETIF_TXF_EXTRA_INFO | NETIF_TXF_CSUM_BLANK, 1, 1000);
	while (rc == 1 && pkt.nr_extras < 100)
		rc = add_extra(&e);
	TAP_EQ(rc, -EPROTO, "endless extras: fatal");
	TAP_EQ(pkt.nr_extras, NETIF_TX_EXTRAS_MAX,
	       "endless extras: stopped after one of each type");

	/* The largest packet netfront sends: 18 slots and a GSO extra. */
	netif_tx_pkt_init(&pkt);
	rc = add_tx(0, NETIF_TXF_EXTRA_INFO | NETIF_TXF_MORE_DATA |
		    NETIF_TXF_CSUM_BLANK, 0, 18 * 1000);
	e = gso;
	rc = add_extra(&e);
	for (i = 1; i < 18 && rc == 1; i++)
		rc = add_tx(0, i < 17 ? NETIF_TXF_MORE_DATA : 0, i, 1000);
	TAP_EQ(rc, 0, "18 data slots and a gso extra: accepted");
}

static void test_responses(void)
{
	u8 slot[16];
	struct rx_rsp *r = (struct rx_rsp *)slot;
	struct extra *e = (struct extra *)slot;

	memset(slot, 0xaa, sizeof(slot));
	netif_tx_write_response(slot, 0x1234, NETIF_RSP_ERROR);
	TAP_OK(slot[0] == 0x34 && slot[1] == 0x12 && slot[2] == 0xff &&
	       slot[3] == 0xff && slot[11] == 0 && slot[12] == 0xaa,
	       "tx response: id, status, rest of the slot cleared");
	netif_rx_write_response(slot, 7, 0, NETIF_RXF_MORE_DATA, 4096);
	TAP_OK(r->id == 7 && r->offset == 0 &&
	       r->flags == NETIF_RXF_MORE_DATA && r->status == 4096,
	       "rx response encoded");
	netif_rx_write_gso_extra(slot, NETIF_GSO_TCPV6, 1428, false);
	TAP_OK(e->type == NETIF_EXTRA_GSO && e->flags == 0 &&
	       e->u.gso.size == 1428 && e->u.gso.type == NETIF_GSO_TCPV6,
	       "rx gso extra encoded");
	netif_rx_write_hash_extra(slot, 3, 0x01020304, true);
	TAP_OK(e->type == NETIF_EXTRA_HASH &&
	       e->flags == NETIF_EXTRA_FLAG_MORE && e->u.hash.type == 3 &&
	       e->u.hash.alg == NETIF_HASH_ALG_TOEPLITZ &&
	       e->u.hash.value == 0x01020304, "rx hash extra encoded");
	TAP_EQ(netif_rx_slots_needed(0, false, false), 1, "empty: 1 slot");
	TAP_EQ(netif_rx_slots_needed(60, false, false), 1, "small: 1 slot");
	TAP_EQ(netif_rx_slots_needed(4097, true, false), 3,
	       "4097 bytes + gso: 3 slots");
	TAP_EQ(netif_rx_slots_needed(65535, true, true), 18,
	       "64 KiB + gso + hash: 18 slots");
}

static u32 ctrl(struct netif_hash *h, u16 type, u32 d0, u32 d1, u32 d2,
		const void *buf, u32 *data)
{
	struct ctrl_req raw = { .id = 9, .type = type,
				.data = { d0, d1, d2 } };
	struct netif_ctrl_req req;
	u32 status, len;

	netif_ctrl_parse_request((const u8 *)&raw, &req);
	len = netif_ctrl_copy_len(&req, h, &status);
	if (status)
		return status;
	return netif_ctrl_apply(h, &req, buf, len, 4, data);
}

static void test_ctrl(void)
{
	static const u8 key[40] = {
		0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2,
		0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0,
		0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4,
		0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2, 0x0c,
		0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
	};
	/* 66.9.149.187:2794 -> 161.142.100.80:1766 */
	static const u8 v4[12] = { 66, 9, 149, 187, 161, 142, 100, 80,
				   0x0a, 0xea, 0x06, 0xe6 };
	struct netif_hash h = { 0 };
	struct ctrl_rsp rsp;
	u8 slot[NETIF_CTRL_SLOT_SIZE];
	struct netif_ctrl_req req = { .id = 3, .type = 4 };
	u32 table[4] = { 3, 2, 1, 0 }, bad[2] = { 0, 4 };
	u32 data;

	TAP_EQ(netif_toeplitz(key, 40, v4, 8), 0x323e8fc2,
	       "toeplitz: IPv4 reference vector");
	TAP_EQ(netif_toeplitz(key, 40, v4, 12), 0x51ccc178,
	       "toeplitz: IPv4/TCP reference vector");
	TAP_EQ(netif_toeplitz(key, 0, v4, 12), 0, "toeplitz: empty key");

	TAP_EQ(ctrl(&h, NETIF_CTRL_TYPE_GET_HASH_FLAGS, 0, 0, 0, NULL, &data),
	       NETIF_CTRL_STATUS_NOT_SUPPORTED, "flags need an algorithm");
	TAP_EQ(ctrl(&h, NETIF_CTRL_TYPE_SET_HASH_ALGORITHM, 2, 0, 0, NULL,
		    &data), NETIF_CTRL_STATUS_INVALID_PARAMETER,
	       "unknown algorithm");
	TAP_EQ(ctrl(&h, NETIF_CTRL_TYPE_SET_HASH_ALGORITHM, 1, 0, 0, NULL,
		    &data), 0, "toeplitz selected");
	TAP_EQ(ctrl(&h, NETIF_CTRL_TYPE_GET_HASH_FLAGS, 0, 0, 0, NULL, &data),
	       0, "get flags");
	TAP_EQ(data, NETIF_HASH_TYPES_ALL, "all four hash types");
	TAP_EQ(ctrl(&h, NETIF_CTRL_TYPE_SET_HASH_FLAGS, 0x10, 0, 0, NULL,
		    &data), NETIF_CTRL_STATUS_INVALID_PARAMETER,
	       "unknown hash flag");
	TAP_EQ(ctrl(&h, NETIF_CTRL_TYPE_SET_HASH_FLAGS, 0x3, 0, 0, NULL,
		    &data), 0, "set flags");
	TAP_EQ(h.flags, 3, "flags kept");
	TAP_EQ(ctrl(&h, NETIF_CTRL_TYPE_SET_HASH_KEY, 1, 41, 0, key, &data),
	       NETIF_CTRL_STATUS_BUFFER_OVERFLOW, "key of 41 octets");
	TAP_EQ(ctrl(&h, NETIF_CTRL_TYPE_SET_HASH_KEY, 1, 40, 0, key, &data),
	       0, "key of 40 octets");
	TAP_OK(!memcmp(h.key, key, 40), "key kept");
	TAP_EQ(ctrl(&h, NETIF_CTRL_TYPE_SET_HASH_KEY, 1, 2, 0, key, &data),
	       0, "short key");
	TAP_OK(h.key[1] == key[1] && !h.key[2], "rest of the key zeroed");
	TAP_EQ(ctrl(&h, NETIF_CTRL_TYPE_GET_HASH_MAPPING_SIZE, 0, 0, 0, NULL,
		    &data), 0, "get mapping size");
	TAP_EQ(data, NETIF_HASH_MAPPING_MAX, "mapping size offered");
	TAP_EQ(ctrl(&h, NETIF_CTRL_TYPE_SET_HASH_MAPPING_SIZE, 129, 0, 0,
		    NULL, &data), NETIF_CTRL_STATUS_INVALID_PARAMETER,
	       "mapping size too large");
	TAP_EQ(ctrl(&h, NETIF_CTRL_TYPE_SET_HASH_MAPPING_SIZE, 8, 0, 0, NULL,
		    &data), 0, "mapping size 8");
	TAP_EQ(ctrl(&h, NETIF_CTRL_TYPE_SET_HASH_MAPPING, 1, 4, 4, table,
		    &data), 0, "mapping entries 4..7");
	TAP_OK(h.mapping[4] == 3 && h.mapping[7] == 0 && !h.mapping[0],
	       "mapping stored at its offset");
	TAP_EQ(ctrl(&h, NETIF_CTRL_TYPE_SET_HASH_MAPPING, 1, 4, 5, table,
		    &data), NETIF_CTRL_STATUS_INVALID_PARAMETER,
	       "mapping past the table");
	TAP_EQ(ctrl(&h, NETIF_CTRL_TYPE_SET_HASH_MAPPING, 1, 1, 0xffffffff,
		    table, &data), NETIF_CTRL_STATUS_INVALID_PARAMETER,
	       "mapping offset wrapping around");
	TAP_EQ(ctrl(&h, NETIF_CTRL_TYPE_SET_HASH_MAPPING, 1, 1025, 0, table,
		    &data), NETIF_CTRL_STATUS_BUFFER_OVERFLOW,
	       "mapping larger than a page");
	TAP_EQ(ctrl(&h, NETIF_CTRL_TYPE_SET_HASH_MAPPING, 1, 2, 0, bad,
		    &data), NETIF_CTRL_STATUS_INVALID_PARAMETER,
	       "mapping to a queue that does not exist");
	TAP_OK(!h.mapping[0] && !h.mapping[1], "rejected mapping not applied");
	TAP_EQ(netif_hash_queue(&h, 12, 4), 3, "hash 12 -> entry 4 -> queue 3");
	TAP_EQ(netif_hash_queue(&h, 12, 2), 0,
	       "queue gone since: falls back to 0");
	h.mapping_size = 0;
	TAP_EQ(netif_hash_queue(&h, 7, 4), 3, "no table: modulo");
	TAP_EQ(ctrl(&h, 0, 0, 0, 0, NULL, &data),
	       NETIF_CTRL_STATUS_NOT_SUPPORTED, "type invalid");
	TAP_EQ(ctrl(&h, 99, 0, 0, 0, NULL, &data),
	       NETIF_CTRL_STATUS_NOT_SUPPORTED, "unknown type");
	TAP_EQ(ctrl(&h, NETIF_CTRL_TYPE_SET_HASH_ALGORITHM, 0, 0, 0, NULL,
		    &data), 0, "hashing off");
	TAP_EQ(h.flags, 0, "flags cleared with the algorithm");

	memset(slot, 0xaa, sizeof(slot));
	netif_ctrl_write_response(slot, &req, 2, 0x55);
	memcpy(&rsp, slot, sizeof(rsp));
	TAP_OK(slot[12] == 0 && slot[15] == 0, "ctrl response: slot cleared");
	TAP_OK(rsp.id == 3 && rsp.type == 4 && rsp.status == 2 &&
	       rsp.data == 0x55, "ctrl response encoded");
}

int main(void)
{
	test_layout();
	test_tx_simple();
	test_tx_64k();
	test_tx_slots();
	test_tx_extras();
	test_responses();
	test_ctrl();
	return tap_done();
}
