/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Checks of the untrusted indices of a shared ring, common to every
 * backend.
 *
 * Pure: nothing but fixed-size types, so that the same checks are built
 * into the backends and into the userspace unit tests and fuzzers under
 * tools/testing/.
 */
#ifndef _XEN_BACKEND_RING_CHECK_H
#define _XEN_BACKEND_RING_CHECK_H

#include <linux/types.h>

/**
 * xen_backend_ring_prod_overflow() - check a request producer index
 * @req_prod: producer index read from the shared ring
 * @req_cons: the backend's request consumer index
 * @rsp_prod_pvt: the backend's private response producer index
 * @ring_size: number of slots of the ring
 *
 * The frontend can never have more than a ring of requests outstanding
 * beyond the responses the backend has produced, and it can never take
 * back a request the backend has already consumed: the producer must lie
 * between @req_cons and @rsp_prod_pvt + @ring_size.  Checking only the
 * second bound is not enough: with requests in flight, a producer moved
 * back behind @req_cons is still within a ring of the responses, and a
 * consumer chasing it would walk 2^32 slots of garbage.  Indices are
 * free-running and wrap modulo 2^32.
 *
 * Return: true if the producer index is impossible.
 */
static inline bool xen_backend_ring_prod_overflow(u32 req_prod, u32 req_cons,
						  u32 rsp_prod_pvt,
						  u32 ring_size)
{
	u32 in_flight = req_cons - rsp_prod_pvt;

	if (in_flight > ring_size)
		return true;	/* cannot happen; refuse rather than wrap */
	return (u32)(req_prod - req_cons) > ring_size - in_flight;
}

/**
 * xen_backend_ring_unconsumed() - requests a frontend has posted
 * @req_prod: producer index read from the shared ring (already checked
 *	with xen_backend_ring_prod_overflow())
 * @req_cons: the backend's request consumer index
 *
 * Return: the number of requests between @req_cons and @req_prod.
 */
static inline u32 xen_backend_ring_unconsumed(u32 req_prod, u32 req_cons)
{
	return req_prod - req_cons;
}

/**
 * xen_backend_ring_need_notify() - whether publishing indices needs an event
 * @new: the index just published (e.g. the new response producer)
 * @old: the index published before
 * @event: the peer's event index (e.g. rsp_event), read after publishing
 *
 * The peer asked to be notified once the index passes @event; it must be
 * notified if @event lies in (@old, @new].
 *
 * Return: true if the peer must be notified.
 */
static inline bool xen_backend_ring_need_notify(u32 new, u32 old, u32 event)
{
	return (u32)(new - event) < (u32)(new - old);
}

#endif /* _XEN_BACKEND_RING_CHECK_H */
