/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xen-gntalloc: state shared by the files of the /dev/xen/gntalloc driver.
 *
 * A process allocates pages through the device and grants them to another
 * domain; the pages sit in the file at an offset ("index") it can mmap().
 * A grant lives as long as it is allocated in the file or mapped by a
 * process; when the last of these goes, its unmap notification (clear a
 * byte, signal an event channel) is carried out and the grant is ended.
 *
 * Copyright (C) 2026 The pvh-dom0 authors
 */
#ifndef PVH_DOM0_GNTALLOC_PRIV_H
#define PVH_DOM0_GNTALLOC_PRIV_H

#include <linux/list.h>
#include <linux/mm_types.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <xen/grant_table.h>
#include <xen/interface/event_channel.h>

/**
 * struct gntalloc_gref - one granted page
 * @link: entry in the owning file's list, sorted by @index; empty once the
 *	grant was deallocated from the file
 * @page: the granted page
 * @ref: the grant reference
 * @index: byte offset of the page in the file
 * @users: 1 while in the file's list, plus 1 per mapping of it
 * @notify_action: UNMAP_NOTIFY_* to carry out when the grant goes
 * @notify_offset: byte of @page that UNMAP_NOTIFY_CLEAR_BYTE clears
 * @notify_port: port UNMAP_NOTIFY_SEND_EVENT signals; we hold a reference
 */
struct gntalloc_gref {
	struct list_head link;
	struct page *page;
	grant_ref_t ref;
	u64 index;
	unsigned int users;
	u32 notify_action;
	unsigned int notify_offset;
	evtchn_port_t notify_port;
};

/**
 * struct gntalloc_file - state of one open file of /dev/xen/gntalloc
 * @grefs: allocated grants, struct gntalloc_gref, sorted by index
 * @next_index: index the next allocation gets
 */
struct gntalloc_file {
	struct list_head grefs;
	u64 next_index;
};

/**
 * struct gntalloc_mapping - the grants one mmap() maps
 * @users: VMAs sharing this mapping (a split or copied VMA adds one)
 * @count: number of entries in @grefs
 * @grefs: the grants, in the order of the pages of the mapping
 */
struct gntalloc_mapping {
	unsigned int users;
	unsigned int count;
	struct gntalloc_gref *grefs[];
};

/* gref.c */
extern struct mutex gntalloc_lock;
extern unsigned int gntalloc_nr_grefs;
extern int gntalloc_limit;

int gntalloc_reserve(u32 count);
void gntalloc_unreserve(u32 count);
struct gntalloc_gref *gntalloc_gref_new(domid_t domid, bool readonly,
					u64 index);
void gntalloc_gref_put(struct gntalloc_gref *gref);
void gntalloc_insert(struct gntalloc_file *file, struct list_head *grefs);
struct gntalloc_gref *gntalloc_find(struct gntalloc_file *file, u64 index,
				    unsigned long count);
int gntalloc_set_notify(struct gntalloc_gref *gref, u32 action,
			unsigned int offset, evtchn_port_t port);

/* mmap.c */
int gntalloc_mmap(struct file *filp, struct vm_area_struct *vma);

#endif /* PVH_DOM0_GNTALLOC_PRIV_H */
