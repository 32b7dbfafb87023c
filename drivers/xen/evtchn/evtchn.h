/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xen-evtchn: state shared by the files of the /dev/xen/evtchn driver.
 *
 * Each open file of /dev/xen/evtchn is one "user".  A user owns a set of
 * event channel ports (its bindings) and a ring into which the interrupt
 * handler of every binding queues the port that fired.  read() drains the
 * ring; write() hands ports back, which sends the late EOI that lets the
 * port fire again.
 *
 * Copyright (C) 2026 The pvh-dom0 authors
 */
#ifndef PVH_DOM0_EVTCHN_PRIV_H
#define PVH_DOM0_EVTCHN_PRIV_H

#include <linux/bits.h>
#include <linux/fs.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/xarray.h>
#include <xen/interface/event_channel.h>

/* Slots of a fresh ring; it doubles as bindings are added. */
#define EVTCHN_RING_MIN		64U
/* Hard ceiling on a ring's slots, whatever max_user_ports says. */
#define EVTCHN_RING_MAX		BIT(20)

/**
 * struct evtchn_ring - queue of fired ports, filled in hard IRQ context
 * @lock: protects every other member; taken with interrupts disabled
 * @slot: @size entries; the entry for counter value i is slot[i & (size-1)]
 * @size: number of slots, a power of two
 * @prod: free-running count of ports ever queued
 * @cons: free-running count of ports ever handed to userspace
 * @overflow: a port was lost because the ring was full; sticky until RESET
 * @wait: readers and pollers sleep here
 * @fasync: SIGIO subscribers
 */
struct evtchn_ring {
	spinlock_t lock;		/* IRQ-safe, guards the ring */
	evtchn_port_t *slot;
	unsigned int size;
	unsigned int prod;
	unsigned int cons;
	bool overflow;
	wait_queue_head_t wait;
	struct fasync_struct *fasync;
};

/**
 * struct evtchn_user - state of one open file of /dev/xen/evtchn
 * @lock: serialises binding, unbinding, re-enabling and restriction
 * @ports: bound ports, port number -> struct evtchn_binding
 * @nr_ports: number of entries in @ports
 * @restricted: @restrict_domid applies (IOCTL_EVTCHN_RESTRICT_DOMID done)
 * @restrict_domid: the only domain interdomain bindings may reach
 * @read_lock: serialises readers and ring resets
 * @ring: the fired ports not read yet
 * @name: IRQ name of the bindings, "evtchn:" and the opener's comm
 */
struct evtchn_user {
	struct mutex lock;		/* guards ports, restriction */
	struct xarray ports;
	unsigned int nr_ports;
	bool restricted;
	domid_t restrict_domid;
	struct mutex read_lock;		/* readers and ring reset */
	struct evtchn_ring ring;
	char *name;
};

/**
 * struct evtchn_binding - one port bound by a user
 * @user: owner
 * @port: local event channel port
 * @irq: Linux IRQ the port is bound to (lateeoi)
 * @enabled: false from the moment the port fired until userspace writes it
 *	back; while false the event is not EOI'd and cannot fire again
 */
struct evtchn_binding {
	struct evtchn_user *user;
	evtchn_port_t port;
	unsigned int irq;
	bool enabled;
};

/* ring.c */
int evtchn_ring_init(struct evtchn_ring *ring);
void evtchn_ring_free(struct evtchn_ring *ring);
int evtchn_ring_reserve(struct evtchn_ring *ring, unsigned int nr);
void evtchn_ring_push(struct evtchn_ring *ring, evtchn_port_t port);
int evtchn_ring_peek(struct evtchn_ring *ring, evtchn_port_t *buf,
		     unsigned int max);
void evtchn_ring_consume(struct evtchn_ring *ring, unsigned int nr);
bool evtchn_ring_readable(struct evtchn_ring *ring);
__poll_t evtchn_ring_poll_mask(struct evtchn_ring *ring);
void evtchn_ring_reset(struct evtchn_ring *ring);

/* bind.c */
long evtchn_ioctl(struct file *file, unsigned int cmd, unsigned long arg);
void evtchn_reenable(struct evtchn_user *u, evtchn_port_t port);
void evtchn_unbind_all(struct evtchn_user *u);

/* dev.c */
extern unsigned int evtchn_max_user_ports;

#endif /* PVH_DOM0_EVTCHN_PRIV_H */
