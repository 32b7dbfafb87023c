// SPDX-License-Identifier: GPL-2.0
/*
 * Transmit request chains (guest to dom0): a first slot giving the packet's
 * length, optional extra-info slots, then the slots of the remaining data.
 *
 * A chain is fed to netif_tx_pkt_add() one copied slot at a time, so that
 * the caller never reads a slot twice and may stop at the producer index
 * and resume when the frontend posts the rest.  Two kinds of failure:
 * a malformed packet is dropped (each of its slots answered with an
 * error), while a chain that no well-behaved frontend can produce (too
 * many slots, data crossing a page, an unknown extra type) is fatal: the
 * caller disables the interface.
 */
#define pr_fmt(fmt) "xen-netback: " fmt

#include "netif_request.h"

#define NETIF_TX_OFF_GREF	0
#define NETIF_TX_OFF_OFFSET	4
#define NETIF_TX_OFF_FLAGS	6
#define NETIF_TX_OFF_ID		8
#define NETIF_TX_OFF_SIZE	10
#define NETIF_EXTRA_OFF_TYPE	0
#define NETIF_EXTRA_OFF_FLAGS	1
#define NETIF_EXTRA_OFF_GSO_SIZE 2
#define NETIF_EXTRA_OFF_GSO_TYPE 4
#define NETIF_EXTRA_OFF_ADDR	2
#define NETIF_EXTRA_OFF_HTYPE	2
#define NETIF_EXTRA_OFF_HALG	3
#define NETIF_EXTRA_OFF_HVALUE	4

/* The hash types an extra may name (bit numbers of NETIF_HASH_TYPE_*). */
#define NETIF_HASH_TYPE_BITS	4

/**
 * netif_ring_size() - number of slots of a one-page shared ring
 * @slot_size: size of a slot (NETIF_TX_SLOT_SIZE, NETIF_RX_SLOT_SIZE or
 *	NETIF_CTRL_SLOT_SIZE)
 *
 * Return: the slots that fit after the ring header, rounded down to a
 * power of two; 0 for a slot size of 0.
 */
unsigned int netif_ring_size(unsigned int slot_size)
{
	unsigned int n, size = 1;

	if (!slot_size)
		return 0;
	n = (NETIF_PAGE_SIZE - NETIF_RING_HEADER_SIZE) / slot_size;
	if (!n)
		return 0;
	while (size <= n / 2)
		size *= 2;
	return size;
}

/**
 * netif_tx_parse_slot() - decode a transmit request slot
 * @raw: a private copy of the slot (NETIF_TX_SLOT_SIZE bytes)
 * @slot: the decoded request
 */
void netif_tx_parse_slot(const u8 *raw, struct netif_tx_slot *slot)
{
	slot->gref = netif_get32(raw + NETIF_TX_OFF_GREF);
	slot->offset = netif_get16(raw + NETIF_TX_OFF_OFFSET);
	slot->flags = netif_get16(raw + NETIF_TX_OFF_FLAGS);
	slot->id = netif_get16(raw + NETIF_TX_OFF_ID);
	slot->size = netif_get16(raw + NETIF_TX_OFF_SIZE);
}

/**
 * netif_tx_pkt_init() - start assembling a new packet
 * @pkt: the packet
 */
void netif_tx_pkt_init(struct netif_tx_pkt *pkt)
{
	*pkt = (struct netif_tx_pkt){ .state = NETIF_TX_FIRST };
}

static void netif_tx_drop(struct netif_tx_pkt *pkt, int err)
{
	if (!pkt->err)
		pkt->err = err;
}

static bool netif_tx_crosses_page(u16 offset, u32 size)
{
	return offset + size > NETIF_PAGE_SIZE;
}

/* Decode and check one extra-info slot; returns -EPROTO if fatal. */
static int netif_tx_extra(struct netif_tx_pkt *pkt, const u8 *raw,
			  const struct netif_tx_limits *lim)
{
	u8 type = raw[NETIF_EXTRA_OFF_TYPE];
	unsigned int i;
	u8 htype;

	if (!type || type >= NETIF_EXTRA_TYPE_MAX)
		return -EPROTO;
	if (pkt->extras & (1U << type))
		netif_tx_drop(pkt, -EINVAL);	/* the same type twice */
	pkt->extras |= 1U << type;

	switch (type) {
	case NETIF_EXTRA_GSO:
		pkt->gso_size = netif_get16(raw + NETIF_EXTRA_OFF_GSO_SIZE);
		pkt->gso_type = raw[NETIF_EXTRA_OFF_GSO_TYPE];
		if (pkt->gso_type >= 8 ||
		    !(lim->gso_types & (1U << pkt->gso_type)) ||
		    !pkt->gso_size)
			netif_tx_drop(pkt, -EINVAL);
		break;
	case NETIF_EXTRA_MCAST_ADD:
	case NETIF_EXTRA_MCAST_DEL:
		if (pkt->mcast_op)
			netif_tx_drop(pkt, -EINVAL);
		pkt->mcast_op = type;
		for (i = 0; i < sizeof(pkt->mcast_addr); i++)
			pkt->mcast_addr[i] = raw[NETIF_EXTRA_OFF_ADDR + i];
		/* Only a multicast address may be filtered. */
		if (!lim->mcast || !(pkt->mcast_addr[0] & 1))
			netif_tx_drop(pkt, -EINVAL);
		break;
	case NETIF_EXTRA_HASH:
		htype = raw[NETIF_EXTRA_OFF_HTYPE];
		pkt->hash_type = htype;
		pkt->hash_value = netif_get32(raw + NETIF_EXTRA_OFF_HVALUE);
		if (htype >= NETIF_HASH_TYPE_BITS ||
		    raw[NETIF_EXTRA_OFF_HALG] != NETIF_HASH_ALG_TOEPLITZ)
			netif_tx_drop(pkt, -EINVAL);
		break;
	default:
		/* XDP headroom is a receive-side extra. */
		netif_tx_drop(pkt, -EINVAL);
		break;
	}
	return 0;
}

/* The chain ended: the checks that need the whole packet. */
static int netif_tx_finish(struct netif_tx_pkt *pkt)
{
	struct netif_tx_slot *first = &pkt->slots[0];

	pkt->state = NETIF_TX_DONE;
	if (pkt->rest > pkt->len) {
		netif_tx_drop(pkt, -EINVAL);
		first->size = 0;
	} else {
		first->size = (u16)(pkt->len - pkt->rest);
		if (netif_tx_crosses_page(first->offset, first->size))
			return -EPROTO;
	}
	/*
	 * A multicast filter update carries no packet, so nothing to segment:
	 * a GSO extra beside it is nonsense, and would reach the queue as a
	 * GSO packet without a blank checksum.
	 */
	if (pkt->mcast_op) {
		if (pkt->extras & (1U << NETIF_EXTRA_GSO))
			netif_tx_drop(pkt, -EINVAL);
		return pkt->err;
	}
	if (pkt->len < NETIF_ETH_HLEN)
		netif_tx_drop(pkt, -EINVAL);
	/* A GSO packet leaves its checksum to be filled in. */
	if (pkt->gso_type && !(pkt->flags & NETIF_TXF_CSUM_BLANK))
		netif_tx_drop(pkt, -EINVAL);
	return pkt->err;
}

/**
 * netif_tx_pkt_add() - add the next slot of a transmit chain
 * @pkt: the packet being assembled (netif_tx_pkt_init() first)
 * @raw: a private copy of the slot (NETIF_TX_SLOT_SIZE bytes)
 * @lim: what the backend accepts
 *
 * Return: 1 if the chain goes on (feed the next slot), 0 if the packet is
 * complete and valid, -EINVAL if it is complete but must be dropped (every
 * consumed slot is answered with NETIF_RSP_ERROR, extras with
 * NETIF_RSP_NULL), -EPROTO if the chain is malicious (disable the
 * interface).  Nothing may be added once 1 was not returned.
 */
int netif_tx_pkt_add(struct netif_tx_pkt *pkt, const u8 *raw,
		     const struct netif_tx_limits *lim)
{
	unsigned int fatal = lim->fatal_slots;
	struct netif_tx_slot s;
	bool more;
	int err;

	if (fatal > NETIF_TX_SLOTS_CAP)
		fatal = NETIF_TX_SLOTS_CAP;
	if (pkt->state == NETIF_TX_DONE)
		return -EPROTO;

	if (pkt->state == NETIF_TX_EXTRA) {
		/* Each type at most once: more is a chain without end. */
		if (pkt->nr_extras >= NETIF_TX_EXTRAS_MAX)
			return -EPROTO;
		pkt->nr_extras++;
		err = netif_tx_extra(pkt, raw, lim);
		if (err)
			return err;
		if (raw[NETIF_EXTRA_OFF_FLAGS] & NETIF_EXTRA_FLAG_MORE)
			return 1;
		if (pkt->flags & NETIF_TXF_MORE_DATA) {
			pkt->state = NETIF_TX_DATA;
			return 1;
		}
		return netif_tx_finish(pkt);
	}

	if (pkt->nr_slots >= fatal)
		return -EPROTO;
	netif_tx_parse_slot(raw, &s);
	pkt->slots[pkt->nr_slots++] = s;
	if (pkt->nr_slots > lim->max_slots)
		netif_tx_drop(pkt, -EINVAL);

	if (pkt->state == NETIF_TX_FIRST) {
		pkt->len = s.size;
		pkt->flags = s.flags;
		if (s.offset >= NETIF_PAGE_SIZE)
			return -EPROTO;
		if (s.flags & NETIF_TXF_EXTRA_INFO) {
			pkt->state = NETIF_TX_EXTRA;
			return 1;
		}
		pkt->state = NETIF_TX_DATA;
		more = s.flags & NETIF_TXF_MORE_DATA;
	} else {
		if (netif_tx_crosses_page(s.offset, s.size))
			return -EPROTO;
		pkt->rest += s.size;
		/* Extras follow the first slot only. */
		if (s.flags & NETIF_TXF_EXTRA_INFO)
			netif_tx_drop(pkt, -EINVAL);
		more = s.flags & NETIF_TXF_MORE_DATA;
	}
	return more ? 1 : netif_tx_finish(pkt);
}

/**
 * netif_tx_write_response() - encode a transmit response into a slot
 * @slot: the slot (NETIF_TX_SLOT_SIZE bytes)
 * @id: id of the request answered (ignored for NETIF_RSP_NULL)
 * @status: NETIF_RSP_*
 *
 * Writes the whole slot, so that no stale byte is left in it.
 */
void netif_tx_write_response(u8 *slot, u16 id, s16 status)
{
	unsigned int i;

	for (i = 0; i < NETIF_TX_SLOT_SIZE; i++)
		slot[i] = 0;
	netif_put16(slot, id);
	netif_put16(slot + 2, (u16)status);
}
