/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The eventfd ioctls of /dev/xen/privcmd that Linux gained in 6.7
 * (IOCTL_PRIVCMD_IRQFD, IOCTL_PRIVCMD_IOEVENTFD).  Debian 12's 6.1 uapi
 * <xen/privcmd.h> lacks them; the numbers, flags and layouts below are the
 * user ABI of mainline's header, so that a virtio backend built against a
 * newer header works unchanged against xen-privcmd.  Where the kernel's
 * header already has them, it wins.
 *
 * Copyright (C) 2026 The pvh-dom0 authors
 */
#ifndef PVH_DOM0_PRIVCMD_EVENTFD_H
#define PVH_DOM0_PRIVCMD_EVENTFD_H

#include <linux/ioctl.h>
#include <linux/types.h>

#ifndef IOCTL_PRIVCMD_IRQFD

/* privcmd_irqfd.flags: remove the binding of @fd instead of adding one */
#define PRIVCMD_IRQFD_FLAG_DEASSIGN	0x1U

/**
 * struct privcmd_irqfd - issue a device-model op whenever an eventfd fires
 * @dm_op: user address of the one xen_dm_op buffer to issue
 * @size: its size in bytes
 * @fd: the eventfd
 * @flags: PRIVCMD_IRQFD_FLAG_*
 * @dom: target domain of the dm_op
 * @pad: zero
 */
struct privcmd_irqfd {
	__u64 dm_op;
	__u32 size;
	__u32 fd;
	__u32 flags;
	__u16 dom;
	__u8 pad[2];
};

/* privcmd_ioeventfd.flags: remove the binding instead of adding one */
#define PRIVCMD_IOEVENTFD_FLAG_DEASSIGN	0x1U

/**
 * struct privcmd_ioeventfd - signal an eventfd on a guest's MMIO write
 * @ioreq: user address of the mapped ioreq server page(s)
 * @ports: user address of one event-channel port per vCPU
 * @addr: guest-physical address of the virtio-mmio register window
 * @addr_len: length of that window
 * @event_fd: the eventfd to signal
 * @vcpus: number of entries of @ports
 * @vq: the virtqueue whose QUEUE_NOTIFY write signals @event_fd
 * @flags: PRIVCMD_IOEVENTFD_FLAG_*
 * @dom: the guest
 * @pad: zero
 */
struct privcmd_ioeventfd {
	__u64 ioreq;
	__u64 ports;
	__u64 addr;
	__u32 addr_len;
	__u32 event_fd;
	__u32 vcpus;
	__u32 vq;
	__u32 flags;
	__u16 dom;
	__u8 pad[2];
};

#define IOCTL_PRIVCMD_IRQFD	_IOW('P', 8, struct privcmd_irqfd)
#define IOCTL_PRIVCMD_IOEVENTFD	_IOW('P', 9, struct privcmd_ioeventfd)

#endif /* IOCTL_PRIVCMD_IRQFD */

#endif /* PVH_DOM0_PRIVCMD_EVENTFD_H */
