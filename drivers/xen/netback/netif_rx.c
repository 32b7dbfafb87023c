// SPDX-License-Identifier: GPL-2.0
/*
 * Receive requests (pages the frontend grants for packets to it) and the
 * responses and extra-info slots written back.
 *
 * Packets are copied into the granted pages from offset 0, a page after
 * another, so a packet of len bytes needs len / 4096 pages (rounded up)
 * plus one slot per extra-info.  Responses overlay the requests they
 * answer, slot for slot, as frontends expect.
 */
#define pr_fmt(fmt) "xen-netback: " fmt

#include "netif_request.h"

#define NETIF_RX_OFF_ID		0
#define NETIF_RX_OFF_GREF	4
#define NETIF_RSP_OFF_ID	0
#define NETIF_RSP_OFF_OFFSET	2
#define NETIF_RSP_OFF_FLAGS	4
#define NETIF_RSP_OFF_STATUS	6

/**
 * netif_rx_parse_request() - decode a receive request slot
 * @raw: a private copy of the slot (NETIF_RX_SLOT_SIZE bytes)
 * @req: the decoded request
 *
 * Any id and grant reference are acceptable: the id is only echoed, and the
 * hypervisor checks the grant when it is copied to.
 */
void netif_rx_parse_request(const u8 *raw, struct netif_rx_req *req)
{
	req->id = netif_get16(raw + NETIF_RX_OFF_ID);
	req->gref = netif_get32(raw + NETIF_RX_OFF_GREF);
}

/**
 * netif_rx_slots_needed() - receive requests a packet consumes
 * @len: length of the packet
 * @gso: a GSO extra-info goes with it
 * @hash: a hash extra-info goes with it
 *
 * Return: the number of slots, at least 1.
 */
unsigned int netif_rx_slots_needed(u32 len, bool gso, bool hash)
{
	unsigned int n = (len + NETIF_PAGE_SIZE - 1) / NETIF_PAGE_SIZE;

	if (!n)
		n = 1;
	return n + gso + hash;
}

/**
 * netif_rx_write_response() - encode a receive response into a slot
 * @slot: the slot (NETIF_RX_SLOT_SIZE bytes)
 * @id: id of the request answered
 * @offset: offset of the data in the page
 * @flags: NETIF_RXF_*
 * @status: size of the data in the page, or a negative NETIF_RSP_*
 */
void netif_rx_write_response(u8 *slot, u16 id, u16 offset, u16 flags,
			     s16 status)
{
	netif_put16(slot + NETIF_RSP_OFF_ID, id);
	netif_put16(slot + NETIF_RSP_OFF_OFFSET, offset);
	netif_put16(slot + NETIF_RSP_OFF_FLAGS, flags);
	netif_put16(slot + NETIF_RSP_OFF_STATUS, (u16)status);
}

/**
 * netif_rx_write_gso_extra() - encode a GSO extra-info into a slot
 * @slot: the slot (NETIF_RX_SLOT_SIZE bytes)
 * @gso_type: NETIF_GSO_*
 * @gso_size: segment size
 * @more: another extra-info follows
 */
void netif_rx_write_gso_extra(u8 *slot, u8 gso_type, u16 gso_size,
			      bool more)
{
	slot[0] = NETIF_EXTRA_GSO;
	slot[1] = more ? NETIF_EXTRA_FLAG_MORE : 0;
	netif_put16(slot + 2, gso_size);
	slot[4] = gso_type;
	slot[5] = 0;
	netif_put16(slot + 6, 0);
}

/**
 * netif_rx_write_hash_extra() - encode a hash extra-info into a slot
 * @slot: the slot (NETIF_RX_SLOT_SIZE bytes)
 * @hash_type: bit number of the NETIF_HASH_TYPE_* hashed
 * @value: the Toeplitz hash
 * @more: another extra-info follows
 */
void netif_rx_write_hash_extra(u8 *slot, u8 hash_type, u32 value, bool more)
{
	slot[0] = NETIF_EXTRA_HASH;
	slot[1] = more ? NETIF_EXTRA_FLAG_MORE : 0;
	slot[2] = hash_type;
	slot[3] = NETIF_HASH_ALG_TOEPLITZ;
	netif_put32(slot + 4, value);
}
