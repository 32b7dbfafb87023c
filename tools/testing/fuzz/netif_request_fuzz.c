// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for drivers/xen/netback/netif_*.c.
 *
 * Input: one byte of settings, then ring slots.  Low bits of the settings
 * pick what is fuzzed: a transmit chain (12-byte slots fed until the chain
 * ends), a series of control messages (16-byte slots, each followed by the
 * bytes its grant would hold) or receive-side encoders.  Whatever the
 * input, nothing may fault, and what the validators accept must obey the
 * protocol's limits.
 */
#include <stdlib.h>
#include <string.h>

#include "netif_request.h"

#define FUZZ_ASSERT(cond) do { if (!(cond)) abort(); } while (0)

static struct netif_tx_pkt pkt;

static void fuzz_tx(u8 cfg, const u8 *data, size_t size)
{
	struct netif_tx_limits lim = {
		.max_slots = NETIF_NR_SLOTS_MIN,
		.fatal_slots = cfg & 0x10 ? 20 : 100,
		.gso_types = (cfg >> 2) & 6,
		.mcast = cfg & 0x20,
	};
	unsigned int i, fatal = lim.fatal_slots;
	u32 sum = 0;
	int rc = 1;

	if (fatal > NETIF_TX_SLOTS_CAP)
		fatal = NETIF_TX_SLOTS_CAP;
	netif_tx_pkt_init(&pkt);
	while (rc == 1 && size >= NETIF_TX_SLOT_SIZE) {
		rc = netif_tx_pkt_add(&pkt, data, &lim);
		data += NETIF_TX_SLOT_SIZE;
		size -= NETIF_TX_SLOT_SIZE;
		FUZZ_ASSERT(pkt.nr_slots <= fatal);
		FUZZ_ASSERT(pkt.nr_extras <= NETIF_TX_EXTRAS_MAX);
	}
	if (rc == 1 || rc == -EPROTO)
		return;
	FUZZ_ASSERT(pkt.state == NETIF_TX_DONE);
	FUZZ_ASSERT(pkt.nr_slots >= 1);
	if (rc)
		return;
	/* An accepted packet: every slot within its page, sizes adding up. */
	FUZZ_ASSERT(pkt.nr_slots <= lim.max_slots);
	for (i = 0; i < pkt.nr_slots; i++) {
		FUZZ_ASSERT(pkt.slots[i].offset + pkt.slots[i].size <=
			    NETIF_PAGE_SIZE);
		sum += pkt.slots[i].size;
	}
	FUZZ_ASSERT(sum == pkt.len);
	FUZZ_ASSERT(pkt.len <= NETIF_MAX_TX_SIZE);
	if (!pkt.mcast_op)
		FUZZ_ASSERT(pkt.len >= NETIF_ETH_HLEN);
	else
		FUZZ_ASSERT(lim.mcast && (pkt.mcast_addr[0] & 1));
	if (pkt.gso_type) {
		FUZZ_ASSERT(lim.gso_types & (1U << pkt.gso_type));
		FUZZ_ASSERT(pkt.gso_size);
		FUZZ_ASSERT(pkt.flags & NETIF_TXF_CSUM_BLANK);
	}
	if (pkt.extras & (1U << NETIF_EXTRA_HASH))
		FUZZ_ASSERT(pkt.hash_type < 4);
}

static void fuzz_ctrl(u8 cfg, const u8 *data, size_t size)
{
	static struct netif_hash hash;
	unsigned int nr_queues = 1 + (cfg >> 4), i;
	u8 buf[NETIF_PAGE_SIZE];
	struct netif_ctrl_req req;
	u8 rsp[NETIF_CTRL_SLOT_SIZE];
	u32 status, len, out;

	memset(&hash, 0, sizeof(hash));
	while (size >= NETIF_CTRL_SLOT_SIZE) {
		netif_ctrl_parse_request(data, &req);
		data += NETIF_CTRL_SLOT_SIZE;
		size -= NETIF_CTRL_SLOT_SIZE;
		len = netif_ctrl_copy_len(&req, &hash, &status);
		FUZZ_ASSERT(len <= NETIF_PAGE_SIZE);
		if (!status) {
			/* The grant's bytes come from the input, if any. */
			memset(buf, 0, len);
			memcpy(buf, data, len < size ? len : size);
			status = netif_ctrl_apply(&hash, &req, buf, len,
						  nr_queues, &out);
		}
		netif_ctrl_write_response(rsp, &req, status, 0);
		FUZZ_ASSERT(hash.alg <= NETIF_HASH_ALG_TOEPLITZ);
		FUZZ_ASSERT(!(hash.flags & ~NETIF_HASH_TYPES_ALL));
		FUZZ_ASSERT(hash.mapping_size <= NETIF_HASH_MAPPING_MAX);
		for (i = 0; i < hash.mapping_size; i++)
			FUZZ_ASSERT(hash.mapping[i] < nr_queues);
		FUZZ_ASSERT(netif_hash_queue(&hash,
					     netif_toeplitz(hash.key,
							    sizeof(hash.key),
							    data, size < 36 ?
							    size : 36),
					     nr_queues) < nr_queues);
	}
}

static void fuzz_rx(const u8 *data, size_t size)
{
	struct netif_rx_req req;
	u8 slot[NETIF_RX_SLOT_SIZE];
	u32 len;

	if (size < NETIF_RX_SLOT_SIZE + 4)
		return;
	netif_rx_parse_request(data, &req);
	len = netif_get32(data + NETIF_RX_SLOT_SIZE);
	FUZZ_ASSERT(netif_rx_slots_needed(len & 0xffff, len >> 16 & 1,
					  len >> 17 & 1) <= 16 + 1 + 2);
	netif_rx_write_response(slot, req.id, 0, 0, (s16)len);
	FUZZ_ASSERT(netif_get16(slot) == req.id);
	netif_rx_write_gso_extra(slot, (u8)len, (u16)req.gref, len & 1);
	netif_rx_write_hash_extra(slot, (u8)len, req.gref, len & 2);
}

/* libFuzzer's entry point; the Makefile maps the name to libFuzzer's. */
int fuzz_one_input(const u8 *data, size_t size);

int fuzz_one_input(const u8 *data, size_t size)
{
	u8 cfg;

	if (size < 1)
		return 0;
	cfg = data[0];
	switch (cfg & 3) {
	case 0:
	case 1:
		fuzz_tx(cfg, data + 1, size - 1);
		break;
	case 2:
		fuzz_ctrl(cfg, data + 1, size - 1);
		break;
	default:
		fuzz_rx(data + 1, size - 1);
		break;
	}
	return 0;
}
