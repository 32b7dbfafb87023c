/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xen-privcmd: state shared by the files of the /dev/xen/privcmd driver.
 *
 * Each open file carries the domain it was restricted to (or none); each
 * mmap() of the file is a window that MMAPBATCH, MMAPBATCH_V2 and
 * MMAP_RESOURCE fill with foreign frames.  On a PVH dom0 (auto-translated
 * physmap) a foreign frame needs a guest-physical slot of ours to live at:
 * every window gets one unpopulated page per page of the window, the first
 * time something is mapped into it, and gives them back on munmap().
 *
 * Copyright (C) 2026 The pvh-dom0 authors
 */
#ifndef PVH_DOM0_PRIVCMD_PRIV_H
#define PVH_DOM0_PRIVCMD_PRIV_H

#include <linux/fs.h>
#include <linux/list.h>
#include <linux/mm_types.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <xen/interface/xen.h>

/**
 * struct privcmd_data - state of one open file of /dev/xen/privcmd
 * @domid: the only domain this file may act on, DOMID_INVALID for any
 * @irqfd_lock: protects @irqfds
 * @irqfds: the file's IRQFD bindings, struct privcmd_irqfd_binding
 */
struct privcmd_data {
	domid_t domid;
	spinlock_t irqfd_lock;	/* taken in eventfd wake-ups: irqsave */
	struct list_head irqfds;
};

/**
 * struct privcmd_window - what one privcmd mmap() holds
 * @npages: pages of the VMA
 * @pages: the unpopulated pages backing the VMA (auto-translated only),
 *	NULL on a PV dom0
 * @mapped: bitmap of the pages holding a frame, so that a range is never
 *	mapped twice and only what was mapped is unmapped
 */
struct privcmd_window {
	unsigned long npages;
	struct page **pages;
	unsigned long mapped[];
};

extern const struct vm_operations_struct privcmd_vm_ops;
extern unsigned int privcmd_dm_op_max_nr_bufs;
extern unsigned int privcmd_dm_op_buf_max_size;

/* dev.c */
bool privcmd_may_act_on(const struct privcmd_data *data, domid_t dom);

/* hypercall.c */
long privcmd_ioctl_hypercall(struct privcmd_data *data, void __user *udata);
long privcmd_ioctl_dm_op(struct privcmd_data *data, void __user *udata);

/* mmap.c */
int privcmd_mmap(struct file *file, struct vm_area_struct *vma);
long privcmd_ioctl_mmap(struct privcmd_data *data, void __user *udata);
long privcmd_ioctl_mmapbatch(struct file *file, void __user *udata,
			     int version);
long privcmd_ioctl_mmap_resource(struct file *file, void __user *udata);

/* unmap.c */
void privcmd_window_release(struct privcmd_window *win);

/* irqfd.c */
long privcmd_ioctl_irqfd(struct privcmd_data *data, void __user *udata);
long privcmd_ioctl_ioeventfd(struct privcmd_data *data, void __user *udata);
void privcmd_irqfd_release_all(struct privcmd_data *data);
int privcmd_irqfd_init(void);
void privcmd_irqfd_exit(void);

/* buf.c: /dev/xen/hypercall */
extern struct miscdevice privcmd_buf_miscdev;

#endif /* PVH_DOM0_PRIVCMD_PRIV_H */
