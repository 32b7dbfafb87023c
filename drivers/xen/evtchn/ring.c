// SPDX-License-Identifier: GPL-2.0
/*
 * xen-evtchn: the per-user ring of fired ports.
 *
 * The interrupt handler of a binding queues its port here; readers take
 * ports out.  The ring always has at least one slot per bound port and a
 * port cannot fire again before userspace hands it back, so a well-behaved
 * user never fills it.  If it does fill (ports written back without being
 * read, stale entries of unbound ports), the lost event is not dropped
 * silently: the ring turns "overflowed", read() fails with -EFBIG and poll()
 * reports EPOLLERR until IOCTL_EVTCHN_RESET.
 *
 * Copyright (C) 2026 The pvh-dom0 authors
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include "evtchn.h"

/**
 * evtchn_ring_init() - set up an empty ring of EVTCHN_RING_MIN slots
 * @ring: the ring, zeroed by the caller
 *
 * Return: 0 or -ENOMEM.
 */
int evtchn_ring_init(struct evtchn_ring *ring)
{
	spin_lock_init(&ring->lock);
	init_waitqueue_head(&ring->wait);
	ring->slot = kvmalloc_array(EVTCHN_RING_MIN, sizeof(*ring->slot),
				    GFP_KERNEL);
	if (!ring->slot)
		return -ENOMEM;
	ring->size = EVTCHN_RING_MIN;
	return 0;
}

/**
 * evtchn_ring_free() - release the slots of a ring nobody can fill any more
 * @ring: the ring; no binding of its user may be left
 */
void evtchn_ring_free(struct evtchn_ring *ring)
{
	kvfree(ring->slot);
	ring->slot = NULL;
	ring->size = 0;
}

/**
 * evtchn_ring_reserve() - make sure the ring has at least @nr slots
 * @ring: the ring
 * @nr: slots needed, normally the number of bound ports
 *
 * Grows the ring to a power of two, keeping the queued ports in order.
 * May sleep.
 *
 * Return: 0, -ENOSPC beyond EVTCHN_RING_MAX slots, or -ENOMEM.
 */
int evtchn_ring_reserve(struct evtchn_ring *ring, unsigned int nr)
{
	evtchn_port_t *slot, *old;
	unsigned int size, i;

	if (nr <= READ_ONCE(ring->size))
		return 0;
	if (nr > EVTCHN_RING_MAX)
		return -ENOSPC;
	size = max(roundup_pow_of_two(nr), 2 * READ_ONCE(ring->size));
	size = min(size, EVTCHN_RING_MAX);
	slot = kvmalloc_array(size, sizeof(*slot), GFP_KERNEL);
	if (!slot)
		return -ENOMEM;

	spin_lock_irq(&ring->lock);
	/* Growing only happens under the user's lock: size is still ours. */
	for (i = ring->cons; i != ring->prod; i++)
		slot[i & (size - 1)] = ring->slot[i & (ring->size - 1)];
	old = ring->slot;
	ring->slot = slot;
	ring->size = size;
	spin_unlock_irq(&ring->lock);

	kvfree(old);
	return 0;
}

/**
 * evtchn_ring_push() - queue a fired port and wake its readers
 * @ring: the ring
 * @port: the port
 *
 * Called from the interrupt handler of a binding.  A full ring marks the
 * ring overflowed instead of dropping the port unnoticed.
 */
void evtchn_ring_push(struct evtchn_ring *ring, evtchn_port_t port)
{
	unsigned long flags;
	bool lost = false;

	spin_lock_irqsave(&ring->lock, flags);
	if (ring->prod - ring->cons < ring->size) {
		ring->slot[ring->prod & (ring->size - 1)] = port;
		ring->prod++;
	} else {
		lost = !ring->overflow;
		ring->overflow = true;
	}
	spin_unlock_irqrestore(&ring->lock, flags);

	if (lost)
		pr_warn_ratelimited("ring of %u ports full, port %u lost; read() now fails with -EFBIG until reset\n",
				    ring->size, port);
	wake_up_interruptible(&ring->wait);
	kill_fasync(&ring->fasync, SIGIO, POLL_IN);
}

/**
 * evtchn_ring_peek() - copy the oldest queued ports without taking them
 * @ring: the ring
 * @buf: where to copy
 * @max: room in @buf, in ports
 *
 * The ports stay queued until evtchn_ring_consume(); the caller holds the
 * user's read_lock across both so that nothing else takes them meanwhile.
 *
 * Return: the number of ports copied (0 if the ring is empty), or -EFBIG if
 * the ring overflowed.
 */
int evtchn_ring_peek(struct evtchn_ring *ring, evtchn_port_t *buf,
		     unsigned int max)
{
	unsigned int i, n;

	spin_lock_irq(&ring->lock);
	if (ring->overflow) {
		spin_unlock_irq(&ring->lock);
		return -EFBIG;
	}
	n = min(ring->prod - ring->cons, max);
	for (i = 0; i < n; i++)
		buf[i] = ring->slot[(ring->cons + i) & (ring->size - 1)];
	spin_unlock_irq(&ring->lock);
	return n;
}

/**
 * evtchn_ring_consume() - drop ports returned by evtchn_ring_peek()
 * @ring: the ring
 * @nr: how many of the oldest ports to drop
 */
void evtchn_ring_consume(struct evtchn_ring *ring, unsigned int nr)
{
	spin_lock_irq(&ring->lock);
	if (WARN_ON_ONCE(nr > ring->prod - ring->cons))
		nr = ring->prod - ring->cons;
	ring->cons += nr;
	spin_unlock_irq(&ring->lock);
}

/**
 * evtchn_ring_readable() - whether read() has something to report
 * @ring: the ring
 *
 * Return: true if a port is queued or the ring overflowed.
 */
bool evtchn_ring_readable(struct evtchn_ring *ring)
{
	bool ret;

	spin_lock_irq(&ring->lock);
	ret = ring->overflow || ring->prod != ring->cons;
	spin_unlock_irq(&ring->lock);
	return ret;
}

/**
 * evtchn_ring_poll_mask() - poll() events of the ring
 * @ring: the ring
 *
 * Return: EPOLLERR once overflowed, else always writable and readable when
 * a port is queued.
 */
__poll_t evtchn_ring_poll_mask(struct evtchn_ring *ring)
{
	__poll_t mask = EPOLLOUT | EPOLLWRNORM;

	spin_lock_irq(&ring->lock);
	if (ring->overflow)
		mask = EPOLLERR;
	else if (ring->prod != ring->cons)
		mask |= EPOLLIN | EPOLLRDNORM;
	spin_unlock_irq(&ring->lock);
	return mask;
}

/**
 * evtchn_ring_reset() - empty the ring and clear its overflow
 * @ring: the ring
 *
 * The caller holds the user's read_lock.  Ports dropped here stay disabled
 * until userspace writes them back, as after a read.
 */
void evtchn_ring_reset(struct evtchn_ring *ring)
{
	spin_lock_irq(&ring->lock);
	ring->prod = 0;
	ring->cons = 0;
	ring->overflow = false;
	spin_unlock_irq(&ring->lock);
}
