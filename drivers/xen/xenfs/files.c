// SPDX-License-Identifier: GPL-2.0
/*
 * xenfs: the files of /proc/xen that xenfs itself serves.
 *
 *  capabilities  "control_d" in the initial domain, empty elsewhere: what
 *                the toolstack's scripts test to know they run in dom0;
 *  xsd_port      the event channel of dom0's own xenstore ring, which
 *                xenstored binds when it starts in dom0;
 *  xsd_kva       that ring's page: xenstored mmap()s it.  Reading it gives
 *                a (hashed) kernel address, as it always has; nothing uses
 *                the value.
 *
 * Copyright (C) 2026 The pvh-dom0 authors
 */

#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <xen/xen.h>
#include <xen/xenbus.h>
#include <xen/page.h>
#include "xenfs.h"

static ssize_t xenfs_capabilities_read(struct file *file, char __user *buf,
				       size_t size, loff_t *off)
{
	const char *caps = xen_initial_domain() ? "control_d\n" : "";

	return simple_read_from_buffer(buf, size, off, caps, strlen(caps));
}

const struct file_operations xenfs_capabilities_fops = {
	.owner	= THIS_MODULE,
	.read	= xenfs_capabilities_read,
	.llseek	= default_llseek,
};

static ssize_t xenfs_xsd_port_read(struct file *file, char __user *buf,
				   size_t size, loff_t *off)
{
	char port[16];
	int len;

	len = scnprintf(port, sizeof(port), "%d", xen_store_evtchn);
	return simple_read_from_buffer(buf, size, off, port, len);
}

const struct file_operations xenfs_xsd_port_fops = {
	.owner	= THIS_MODULE,
	.read	= xenfs_xsd_port_read,
	.llseek	= default_llseek,
};

static ssize_t xenfs_xsd_kva_read(struct file *file, char __user *buf,
				  size_t size, loff_t *off)
{
	char kva[32];
	int len;

	len = scnprintf(kva, sizeof(kva), "0x%p", xen_store_interface);
	return simple_read_from_buffer(buf, size, off, kva, len);
}

/* The one page of the ring, shared, at offset 0. */
static int xenfs_xsd_kva_mmap(struct file *file, struct vm_area_struct *vma)
{
	if (vma->vm_end - vma->vm_start != PAGE_SIZE || vma->vm_pgoff)
		return -EINVAL;
	if (!xen_store_interface)
		return -ENODEV;
	if (remap_pfn_range(vma, vma->vm_start,
			    virt_to_pfn(xen_store_interface), PAGE_SIZE,
			    vma->vm_page_prot))
		return -EAGAIN;
	return 0;
}

const struct file_operations xenfs_xsd_kva_fops = {
	.owner	= THIS_MODULE,
	.read	= xenfs_xsd_kva_read,
	.mmap	= xenfs_xsd_kva_mmap,
	.llseek	= default_llseek,
};
