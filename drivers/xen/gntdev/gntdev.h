/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xen-gntdev: state shared by the files of the /dev/xen/gntdev driver.
 *
 * A process asks (MAP_GRANT_REF) for grants of other domains to be mapped;
 * it gets an offset in the file ("index") to mmap() them at.  In a PVH
 * (auto-translated) dom0 a grant is mapped by Xen at a guest frame of ours:
 * each grant gets a page of the kernel's unpopulated-page pool (frames with
 * no RAM behind them), the hypercall puts the foreign page there, and the
 * VMA maps those pages like any others.  No PV MMU path is involved.
 *
 * Copyright (C) 2026 The pvh-dom0 authors
 */
#ifndef PVH_DOM0_GNTDEV_PRIV_H
#define PVH_DOM0_GNTDEV_PRIV_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mm_types.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <xen/grant_table.h>
#include <xen/interface/event_channel.h>

struct device;

/**
 * struct gntdev_map - grants mapped together by one MAP_GRANT_REF
 * @link: entry in the file's list (sorted by @index) until UNMAP_GRANT_REF
 *	or close; empty afterwards
 * @kref: the file's list, each VMA and a dma-buf export hold one
 * @lock: guards @mapped, @readonly and the notification
 * @index: page offset of the first grant in the file
 * @count: number of grants
 * @domids: the granting domain of each grant
 * @refs: the grant references
 * @handles: the handles of the grants while @mapped
 * @pages: unpopulated pages the grants are mapped at
 * @mapped: the grants are mapped (by the first mmap() or dma-buf export)
 * @readonly: they were mapped read-only
 * @notify_action: UNMAP_NOTIFY_* to carry out as they are unmapped
 * @notify_offset: byte of the mapping UNMAP_NOTIFY_CLEAR_BYTE clears
 * @notify_port: port UNMAP_NOTIFY_SEND_EVENT signals; we hold a reference
 */
struct gntdev_map {
	struct list_head link;
	struct kref kref;
	struct mutex lock; /* see @lock above */
	u64 index;
	unsigned int count;
	domid_t *domids;
	grant_ref_t *refs;
	grant_handle_t *handles;
	struct page **pages;
	bool mapped;
	bool readonly;
	u32 notify_action;
	u64 notify_offset;
	evtchn_port_t notify_port;
};

/**
 * struct gntdev_file - state of one open file of /dev/xen/gntdev
 * @lock: guards the lists and counters below
 * @maps: struct gntdev_map, sorted by index
 * @next_index: page offset the next map gets (never reused)
 * @max_grants: grants this file may have mapped at once (SET_MAX_GRANTS)
 * @nr_grants: grants of the maps in @maps
 * @exports: dma-bufs exported through this file, struct gntdev_export
 * @imports: dma-bufs imported through this file, struct gntdev_import
 */
struct gntdev_file {
	struct mutex lock; /* see @lock above */
	struct list_head maps;
	u64 next_index;
	unsigned int max_grants;
	unsigned int nr_grants;
	struct list_head exports;
	struct list_head imports;
};

/* dev.c */
extern unsigned int gntdev_limit;
struct device *gntdev_device(void);

/* map.c */
struct gntdev_map *gntdev_map_new(unsigned int count);
void gntdev_map_put(struct gntdev_map *map);
int gntdev_map_grants(struct gntdev_map *map, bool readonly);
long gntdev_ioctl_map(struct gntdev_file *file, void __user *uarg);
long gntdev_ioctl_unmap(struct gntdev_file *file, void __user *uarg);
long gntdev_ioctl_notify(struct gntdev_file *file, void __user *uarg);
struct gntdev_map *gntdev_find_map(struct gntdev_file *file, u64 index,
				   unsigned long count);

/* mmap.c */
int gntdev_mmap(struct file *filp, struct vm_area_struct *vma);
long gntdev_ioctl_offset(struct gntdev_file *file, void __user *uarg);

/* copy.c */
long gntdev_ioctl_copy(void __user *uarg);

/* dmabuf.c */
long gntdev_ioctl_dmabuf_export(struct gntdev_file *file, void __user *uarg);
long gntdev_ioctl_dmabuf_wait(struct gntdev_file *file, void __user *uarg);
long gntdev_ioctl_dmabuf_import(struct gntdev_file *file, void __user *uarg);
long gntdev_ioctl_dmabuf_release(struct gntdev_file *file, void __user *uarg);
void gntdev_dmabuf_file_release(struct gntdev_file *file);
void gntdev_dmabuf_exit(void);

#endif /* PVH_DOM0_GNTDEV_PRIV_H */
