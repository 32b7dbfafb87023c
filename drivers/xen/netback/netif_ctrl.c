// SPDX-License-Identifier: GPL-2.0
/*
 * Control-ring messages: the frontend's settings for hashing packets to
 * receive queues (algorithm, hash types, Toeplitz key, mapping table).
 *
 * A message is handled in two steps so that this file needs no grant
 * access: netif_ctrl_copy_len() says how many bytes the caller must copy
 * from the page the message grants (after checking the sizes), then
 * netif_ctrl_apply() checks the copied contents and updates the state.
 * Every argument comes from the guest.
 */
#define pr_fmt(fmt) "xen-netback: " fmt

#include "netif_request.h"

/**
 * netif_ctrl_parse_request() - decode a control request slot
 * @raw: a private copy of the slot (NETIF_CTRL_SLOT_SIZE bytes)
 * @req: the decoded request
 */
void netif_ctrl_parse_request(const u8 *raw, struct netif_ctrl_req *req)
{
	unsigned int i;

	req->id = netif_get16(raw);
	req->type = netif_get16(raw + 2);
	for (i = 0; i < 3; i++)
		req->data[i] = netif_get32(raw + 4 + 4 * i);
}

/**
 * netif_ctrl_copy_len() - bytes of granted data a request comes with
 * @req: the request
 * @hash: the current hashing state
 * @status: NETIF_CTRL_STATUS_SUCCESS, or the status to answer right away
 *
 * The data, if any, starts at offset 0 of the page granted as
 * @req->data[0]; the length returned never exceeds a page.
 *
 * Return: the number of bytes to copy before netif_ctrl_apply() (0 if
 * none, or if @status is not NETIF_CTRL_STATUS_SUCCESS).
 */
u32 netif_ctrl_copy_len(const struct netif_ctrl_req *req,
			const struct netif_hash *hash, u32 *status)
{
	u32 len = req->data[1], off = req->data[2];

	*status = NETIF_CTRL_STATUS_SUCCESS;
	switch (req->type) {
	case NETIF_CTRL_TYPE_SET_HASH_KEY:
		if (off)
			*status = NETIF_CTRL_STATUS_INVALID_PARAMETER;
		else if (len > NETIF_HASH_KEY_MAX)
			*status = NETIF_CTRL_STATUS_BUFFER_OVERFLOW;
		return *status ? 0 : len;
	case NETIF_CTRL_TYPE_SET_HASH_MAPPING:
		if (len > NETIF_PAGE_SIZE / 4)
			*status = NETIF_CTRL_STATUS_BUFFER_OVERFLOW;
		else if (off > hash->mapping_size ||
			 len > hash->mapping_size - off)
			*status = NETIF_CTRL_STATUS_INVALID_PARAMETER;
		return *status ? 0 : len * 4;
	default:
		return 0;
	}
}

/**
 * netif_ctrl_apply() - carry out a control request
 * @hash: the hashing state to update
 * @req: the request
 * @buf: the bytes netif_ctrl_copy_len() asked for
 * @len: number of bytes at @buf
 * @nr_queues: number of queues the frontend set up
 * @data: set to the response's data
 *
 * Return: the NETIF_CTRL_STATUS_* of the response.
 */
u32 netif_ctrl_apply(struct netif_hash *hash,
		     const struct netif_ctrl_req *req, const u8 *buf,
		     u32 len, unsigned int nr_queues, u32 *data)
{
	u32 status, i, n, off;

	*data = 0;
	if (netif_ctrl_copy_len(req, hash, &status) != len || status)
		return status ? status : NETIF_CTRL_STATUS_INVALID_PARAMETER;

	switch (req->type) {
	case NETIF_CTRL_TYPE_SET_HASH_ALGORITHM:
		if (req->data[0] > NETIF_HASH_ALG_TOEPLITZ || req->data[1] ||
		    req->data[2])
			return NETIF_CTRL_STATUS_INVALID_PARAMETER;
		hash->alg = req->data[0];
		if (hash->alg == NETIF_HASH_ALG_NONE)
			hash->flags = 0;
		return NETIF_CTRL_STATUS_SUCCESS;
	case NETIF_CTRL_TYPE_GET_HASH_FLAGS:
		if (hash->alg == NETIF_HASH_ALG_NONE)
			return NETIF_CTRL_STATUS_NOT_SUPPORTED;
		*data = NETIF_HASH_TYPES_ALL;
		return NETIF_CTRL_STATUS_SUCCESS;
	case NETIF_CTRL_TYPE_SET_HASH_FLAGS:
		if (hash->alg == NETIF_HASH_ALG_NONE)
			return NETIF_CTRL_STATUS_NOT_SUPPORTED;
		if (req->data[0] & ~NETIF_HASH_TYPES_ALL)
			return NETIF_CTRL_STATUS_INVALID_PARAMETER;
		hash->flags = req->data[0];
		return NETIF_CTRL_STATUS_SUCCESS;
	case NETIF_CTRL_TYPE_SET_HASH_KEY:
		for (i = 0; i < NETIF_HASH_KEY_MAX; i++)
			hash->key[i] = i < len ? buf[i] : 0;
		return NETIF_CTRL_STATUS_SUCCESS;
	case NETIF_CTRL_TYPE_GET_HASH_MAPPING_SIZE:
		*data = NETIF_HASH_MAPPING_MAX;
		return NETIF_CTRL_STATUS_SUCCESS;
	case NETIF_CTRL_TYPE_SET_HASH_MAPPING_SIZE:
		if (req->data[0] > NETIF_HASH_MAPPING_MAX)
			return NETIF_CTRL_STATUS_INVALID_PARAMETER;
		hash->mapping_size = req->data[0];
		for (i = 0; i < NETIF_HASH_MAPPING_MAX; i++)
			hash->mapping[i] = 0;
		return NETIF_CTRL_STATUS_SUCCESS;
	case NETIF_CTRL_TYPE_SET_HASH_MAPPING:
		n = len / 4;
		off = req->data[2];
		/* Check every entry before changing any. */
		for (i = 0; i < n; i++)
			if (netif_get32(buf + 4 * i) >= nr_queues)
				return NETIF_CTRL_STATUS_INVALID_PARAMETER;
		for (i = 0; i < n; i++)
			hash->mapping[off + i] = netif_get32(buf + 4 * i);
		return NETIF_CTRL_STATUS_SUCCESS;
	default:
		return NETIF_CTRL_STATUS_NOT_SUPPORTED;
	}
}

/**
 * netif_ctrl_write_response() - encode a control response into a slot
 * @slot: the slot (NETIF_CTRL_SLOT_SIZE bytes)
 * @req: the request answered
 * @status: NETIF_CTRL_STATUS_*
 * @data: the response's data
 *
 * Writes the whole slot, so that no stale byte of the request is left.
 */
void netif_ctrl_write_response(u8 *slot, const struct netif_ctrl_req *req,
			       u32 status, u32 data)
{
	netif_put16(slot, req->id);
	netif_put16(slot + 2, req->type);
	netif_put32(slot + 4, status);
	netif_put32(slot + 8, data);
	netif_put32(slot + 12, 0);
}

/**
 * netif_toeplitz() - the Toeplitz hash of a buffer
 * @key: the key; octets past @keylen count as zero
 * @keylen: length of @key
 * @buf: the bytes hashed
 * @len: length of @buf
 *
 * For each bit of @buf, from the most significant bit of its first octet,
 * the hash is XORed with the 32 key bits starting at the same bit position
 * of the key when the buffer's bit is set.
 *
 * Return: the hash.
 */
u32 netif_toeplitz(const u8 *key, unsigned int keylen, const u8 *buf,
		   unsigned int len)
{
	u32 hash = 0, window = 0;
	unsigned int i, bit, k = 0;

	/* window holds the key bits at the current position, MSB first. */
	for (k = 0; k < 4; k++)
		window = window << 8 | (k < keylen ? key[k] : 0);
	for (i = 0; i < len; i++) {
		u8 next = k < keylen ? key[k] : 0;

		k++;
		for (bit = 0; bit < 8; bit++) {
			if (buf[i] & (0x80 >> bit))
				hash ^= window;
			window = window << 1 | (next >> (7 - bit) & 1);
		}
	}
	return hash;
}

/**
 * netif_hash_queue() - the queue a hash steers a packet to
 * @hash: the hashing state
 * @value: the packet's hash
 * @nr_queues: number of queues (at least 1)
 *
 * Return: a queue number below @nr_queues.
 */
unsigned int netif_hash_queue(const struct netif_hash *hash, u32 value,
			      unsigned int nr_queues)
{
	unsigned int q;

	if (!nr_queues)
		return 0;
	if (hash->mapping_size && hash->mapping_size <= NETIF_HASH_MAPPING_MAX)
		q = hash->mapping[value % hash->mapping_size];
	else
		q = value % nr_queues;
	/* A table set for more queues than there are now. */
	return q < nr_queues ? q : 0;
}
