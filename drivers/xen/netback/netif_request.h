/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Decoding and validation of what a netif frontend puts in its shared
 * rings: transmit request chains (with their extra-info slots), receive
 * requests and control-ring messages.
 *
 * Everything here works on private copies of ring slots, taken out of the
 * shared ring exactly once by the caller, and depends on nothing but basic
 * types, so that the same code is built into xen-netback and into the
 * userspace unit tests and fuzzers under tools/testing/.  The layouts are
 * the protocol's (include/xen/interface/io/netif.h), spelled out as byte
 * offsets; multi-byte fields are little-endian.
 */
#ifndef _XEN_NETBACK_NETIF_REQUEST_H
#define _XEN_NETBACK_NETIF_REQUEST_H

#include <linux/types.h>
#include <linux/errno.h>

#define NETIF_PAGE_SIZE			4096
#define NETIF_RING_HEADER_SIZE		64
#define NETIF_ETH_HLEN			14
#define NETIF_MAX_TX_SIZE		0xffff
/* Slots any backend must accept in a packet (XEN_NETIF_NR_SLOTS_MIN). */
#define NETIF_NR_SLOTS_MIN		18
/* Hard upper bound of the fatal slot limit (and of struct netif_tx_pkt). */
#define NETIF_TX_SLOTS_CAP		64
/* Extra-info slots a packet may carry: one of each type. */
#define NETIF_TX_EXTRAS_MAX		(NETIF_EXTRA_TYPE_MAX - 1)

/* Slot sizes of the three rings. */
#define NETIF_TX_SLOT_SIZE		12
#define NETIF_RX_SLOT_SIZE		8
#define NETIF_CTRL_SLOT_SIZE		16

/* Transmit request flags (XEN_NETTXF_*). */
#define NETIF_TXF_CSUM_BLANK		0x1
#define NETIF_TXF_DATA_VALIDATED	0x2
#define NETIF_TXF_MORE_DATA		0x4
#define NETIF_TXF_EXTRA_INFO		0x8

/* Receive response flags (XEN_NETRXF_*). */
#define NETIF_RXF_DATA_VALIDATED	0x1
#define NETIF_RXF_CSUM_BLANK		0x2
#define NETIF_RXF_MORE_DATA		0x4
#define NETIF_RXF_EXTRA_INFO		0x8

/* Extra-info types and flags (XEN_NETIF_EXTRA_*). */
#define NETIF_EXTRA_GSO			1
#define NETIF_EXTRA_MCAST_ADD		2
#define NETIF_EXTRA_MCAST_DEL		3
#define NETIF_EXTRA_HASH		4
#define NETIF_EXTRA_XDP			5
#define NETIF_EXTRA_TYPE_MAX		6
#define NETIF_EXTRA_FLAG_MORE		0x1

/* GSO types (XEN_NETIF_GSO_TYPE_*). */
#define NETIF_GSO_TCPV4			1
#define NETIF_GSO_TCPV6			2

/* Response status (XEN_NETIF_RSP_*). */
#define NETIF_RSP_DROPPED		(-2)
#define NETIF_RSP_ERROR			(-1)
#define NETIF_RSP_OKAY			0
#define NETIF_RSP_NULL			1

/* Control ring (XEN_NETIF_CTRL_*). */
#define NETIF_CTRL_TYPE_GET_HASH_FLAGS		1
#define NETIF_CTRL_TYPE_SET_HASH_FLAGS		2
#define NETIF_CTRL_TYPE_SET_HASH_KEY		3
#define NETIF_CTRL_TYPE_GET_HASH_MAPPING_SIZE	4
#define NETIF_CTRL_TYPE_SET_HASH_MAPPING_SIZE	5
#define NETIF_CTRL_TYPE_SET_HASH_MAPPING	6
#define NETIF_CTRL_TYPE_SET_HASH_ALGORITHM	7
#define NETIF_CTRL_STATUS_SUCCESS		0
#define NETIF_CTRL_STATUS_NOT_SUPPORTED		1
#define NETIF_CTRL_STATUS_INVALID_PARAMETER	2
#define NETIF_CTRL_STATUS_BUFFER_OVERFLOW	3
#define NETIF_HASH_ALG_NONE			0
#define NETIF_HASH_ALG_TOEPLITZ			1
#define NETIF_HASH_TYPE_IPV4			0x1
#define NETIF_HASH_TYPE_IPV4_TCP		0x2
#define NETIF_HASH_TYPE_IPV6			0x4
#define NETIF_HASH_TYPE_IPV6_TCP		0x8
#define NETIF_HASH_TYPES_ALL			0xf
/* What we support: the sizes upstream's backend uses. */
#define NETIF_HASH_KEY_MAX			40
#define NETIF_HASH_MAPPING_MAX			128

static inline u16 netif_get16(const u8 *p)
{
	return (u16)p[0] | (u16)p[1] << 8;
}

static inline u32 netif_get32(const u8 *p)
{
	return (u32)netif_get16(p) | (u32)netif_get16(p + 2) << 16;
}

static inline void netif_put16(u8 *p, u16 v)
{
	p[0] = (u8)v;
	p[1] = (u8)(v >> 8);
}

static inline void netif_put32(u8 *p, u32 v)
{
	netif_put16(p, (u16)v);
	netif_put16(p + 2, (u16)(v >> 16));
}

unsigned int netif_ring_size(unsigned int slot_size);

/**
 * struct netif_tx_slot - a transmit request
 * @gref: grant reference of the page holding the data
 * @offset: offset of the data in the page
 * @flags: NETIF_TXF_* flags
 * @id: the frontend's id, echoed in the response
 * @size: for the first slot of a packet, the packet's length; otherwise the
 *	size of the data in this slot
 */
struct netif_tx_slot {
	u32 gref;
	u16 offset;
	u16 flags;
	u16 id;
	u16 size;
};

/**
 * struct netif_tx_limits - what the backend accepts in a transmitted packet
 * @max_slots: data slots a packet may have (more: the packet is dropped)
 * @fatal_slots: data slots beyond which a chain is malicious; at most
 *	NETIF_TX_SLOTS_CAP (extra-info slots are bounded by
 *	NETIF_TX_EXTRAS_MAX)
 * @gso_types: bit (1 << NETIF_GSO_*) set for each GSO type accepted
 * @mcast: multicast filter updates are accepted
 */
struct netif_tx_limits {
	unsigned int max_slots;
	unsigned int fatal_slots;
	unsigned int gso_types;
	bool mcast;
};

enum netif_tx_state {
	NETIF_TX_FIRST,
	NETIF_TX_EXTRA,
	NETIF_TX_DATA,
	NETIF_TX_DONE,
};

/**
 * struct netif_tx_pkt - a transmitted packet, assembled slot by slot
 * @state: what the next slot is expected to be
 * @nr_slots: data slots in @slots
 * @nr_extras: extra-info slots consumed (each gets an NETIF_RSP_NULL)
 * @slots: the data slots; @slots[0].size is reduced to the size of the
 *	first slot's own data once the packet is complete
 * @len: length of the packet (the first slot's size)
 * @rest: sum of the sizes of the slots after the first
 * @flags: flags of the first slot
 * @extras: bit (1 << type) for each extra-info type seen
 * @gso_type: NETIF_GSO_* (0: none)
 * @gso_size: GSO segment size
 * @mcast_op: NETIF_EXTRA_MCAST_ADD or _DEL, 0 for none
 * @mcast_addr: the multicast address to add or remove
 * @hash_type: bit number of the NETIF_HASH_TYPE_* of the hash extra
 * @hash_value: hash computed by the frontend
 * @err: first reason to drop the packet, 0 if none
 */
struct netif_tx_pkt {
	enum netif_tx_state state;
	unsigned int nr_slots;
	unsigned int nr_extras;
	struct netif_tx_slot slots[NETIF_TX_SLOTS_CAP];
	u32 len;
	u32 rest;
	u16 flags;
	u32 extras;
	u8 gso_type;
	u16 gso_size;
	u8 mcast_op;
	u8 mcast_addr[6];
	u8 hash_type;
	u32 hash_value;
	int err;
};

void netif_tx_parse_slot(const u8 *raw, struct netif_tx_slot *slot);
void netif_tx_pkt_init(struct netif_tx_pkt *pkt);
int netif_tx_pkt_add(struct netif_tx_pkt *pkt, const u8 *raw,
		     const struct netif_tx_limits *lim);
void netif_tx_write_response(u8 *slot, u16 id, s16 status);

/**
 * struct netif_rx_req - a receive request: a page granted for a packet
 * @id: the frontend's id, echoed in the response
 * @gref: grant reference of the page
 */
struct netif_rx_req {
	u16 id;
	u32 gref;
};

void netif_rx_parse_request(const u8 *raw, struct netif_rx_req *req);
unsigned int netif_rx_slots_needed(u32 len, bool gso, bool hash);
void netif_rx_write_response(u8 *slot, u16 id, u16 offset, u16 flags,
			     s16 status);
void netif_rx_write_gso_extra(u8 *slot, u8 gso_type, u16 gso_size,
			      bool more);
void netif_rx_write_hash_extra(u8 *slot, u8 hash_type, u32 value, bool more);

/**
 * struct netif_ctrl_req - a control-ring request
 * @id: the frontend's id, echoed in the response
 * @type: NETIF_CTRL_TYPE_*
 * @data: the request's arguments
 */
struct netif_ctrl_req {
	u16 id;
	u16 type;
	u32 data[3];
};

/**
 * struct netif_hash - the hashing state a frontend set up over the ctrl ring
 * @alg: NETIF_HASH_ALG_*
 * @flags: NETIF_HASH_TYPE_* to compute
 * @key: the Toeplitz key (unset octets are zero)
 * @mapping_size: entries of @mapping in use (0: hash modulo queues)
 * @mapping: queue of each hash value, modulo @mapping_size
 */
struct netif_hash {
	u8 alg;
	u32 flags;
	u8 key[NETIF_HASH_KEY_MAX];
	u32 mapping_size;
	u32 mapping[NETIF_HASH_MAPPING_MAX];
};

void netif_ctrl_parse_request(const u8 *raw, struct netif_ctrl_req *req);
u32 netif_ctrl_copy_len(const struct netif_ctrl_req *req,
			const struct netif_hash *hash, u32 *status);
u32 netif_ctrl_apply(struct netif_hash *hash,
		     const struct netif_ctrl_req *req, const u8 *buf,
		     u32 len, unsigned int nr_queues, u32 *data);
void netif_ctrl_write_response(u8 *slot, const struct netif_ctrl_req *req,
			       u32 status, u32 data);
u32 netif_toeplitz(const u8 *key, unsigned int keylen, const u8 *buf,
		   unsigned int len);
unsigned int netif_hash_queue(const struct netif_hash *hash, u32 value,
			      unsigned int nr_queues);

#endif /* _XEN_NETBACK_NETIF_REQUEST_H */
