// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for include/xen/backend-ring-check.h, the check of the
 * request producer index a frontend publishes.
 *
 * Input: the producer, consumer and response indices (3 x 4 bytes,
 * little-endian) and the ring order (1 byte).  Whatever the input, a
 * producer the check accepts must leave the backend's invariant intact:
 * after consuming every request up to it, the backend has at most a ring
 * of requests it has not answered, and it consumes fewer than a ring of
 * new requests.
 */
#include <stdlib.h>
#include <string.h>

#include <linux/types.h>
#include <xen/backend-ring-check.h>

#define FUZZ_ASSERT(cond) do { if (!(cond)) abort(); } while (0)

/* libFuzzer's entry point; the Makefile maps the name to libFuzzer's. */
int fuzz_one_input(const u8 *data, size_t size)
{
	u32 prod, cons, rsp, ring_size, todo;

	if (size < 13)
		return 0;
	memcpy(&prod, data, 4);
	memcpy(&cons, data + 4, 4);
	memcpy(&rsp, data + 8, 4);
	ring_size = 1u << (data[12] % 16);

	if (xen_backend_ring_prod_overflow(prod, cons, rsp, ring_size)) {
		/* Refused: the producer was out of [cons, rsp + ring_size]. */
		FUZZ_ASSERT((u32)(cons - rsp) > ring_size ||
			    (u32)(prod - cons) > ring_size - (u32)(cons - rsp));
		return 0;
	}
	todo = xen_backend_ring_unconsumed(prod, cons);
	FUZZ_ASSERT(todo <= ring_size);
	FUZZ_ASSERT((u32)(cons - rsp) <= ring_size);
	/* Consume everything: still at most a ring unanswered. */
	FUZZ_ASSERT((u32)(cons + todo - rsp) <= ring_size);
	return 0;
}
