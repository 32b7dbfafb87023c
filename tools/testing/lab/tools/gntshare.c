// SPDX-License-Identifier: GPL-2.0
/*
 * gntshare - offer pages to dom0 through the guest's /dev/xen/gntalloc, for
 * the lab's tests and benchmark of dom0's /dev/xen/gntdev (run in guests,
 * statically linked).
 *
 *   gntshare PAGES SECONDS
 *
 * Grants PAGES writable pages and one read-only page to dom0 and prints
 *   @@GUEST gnt-refs R0,R1,...       the writable ones
 *   @@GUEST gnt-ro-ref R             the read-only one
 * Every page but the last of the writable ones holds a pattern dom0 can
 * check: byte j of page i is GNT_PATTERN(i, j) (the read-only page is page
 * 0's pattern).  The last page is the control page: dom0 writes GNT_STOP at
 * offset 0 to end the run, and its tests write GNT_HELLO at offset 64 and
 * ask for byte 100 (set to 0xAA here) to be cleared when they unmap.  At
 * the end (stop or SECONDS) it reports what it saw:
 *   @@GUEST gnt-stopped yes|no
 *   @@GUEST gnt-hello 0x...          the word at offset 64
 *   @@GUEST gnt-notify-byte 0x..     the byte at offset 100
 *   @@GUEST gnt-pattern ok|bad       pattern pages unchanged
 * and exits 0.  The pattern and offsets are shared with
 * tools/testing/selftests/xen/gntdev_test.c and gntbench.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <xen/gntalloc.h>

#define PAGE		4096U
#define GNT_PATTERN(i, j) ((uint8_t)(((i) * 31U + (j)) ^ 0x5a))
#define GNT_STOP	0x53544f50U
#define GNT_HELLO_OFF	64
#define GNT_NOTIFY_OFF	100

static struct ioctl_gntalloc_alloc_gref *alloc_grefs(int fd, unsigned int n,
						     int flags)
{
	struct ioctl_gntalloc_alloc_gref *op;

	op = calloc(1, sizeof(*op) + n * sizeof(op->gref_ids[0]));
	if (!op)
		return NULL;
	op->domid = 0;
	op->flags = flags;
	op->count = n;
	if (ioctl(fd, IOCTL_GNTALLOC_ALLOC_GREF, op)) {
		fprintf(stderr, "gntshare: ALLOC_GREF: %s\n", strerror(errno));
		free(op);
		return NULL;
	}
	return op;
}

static void fill(uint8_t *page, unsigned int i)
{
	unsigned int j;

	for (j = 0; j < PAGE; j++)
		page[j] = GNT_PATTERN(i, j);
}

int main(int argc, char **argv)
{
	struct ioctl_gntalloc_alloc_gref *rw, *ro;
	unsigned int pages, secs, i, j, bad = 0;
	uint32_t *stop;
	uint8_t *mem, *rom, *ctl;
	int fd, stopped = 0;
	uint32_t hello;

	if (argc != 3) {
		fprintf(stderr, "usage: gntshare PAGES SECONDS\n");
		return 2;
	}
	pages = strtoul(argv[1], NULL, 0);
	secs = strtoul(argv[2], NULL, 0);
	if (pages < 2 || pages > 1024)
		return 2;
	fd = open("/dev/xen/gntalloc", O_RDWR);
	if (fd < 0) {
		printf("@@GUEST fail open /dev/xen/gntalloc: %s\n",
		       strerror(errno));
		return 1;
	}
	rw = alloc_grefs(fd, pages, GNTALLOC_FLAG_WRITABLE);
	ro = alloc_grefs(fd, 1, 0);
	if (!rw || !ro) {
		printf("@@GUEST fail ALLOC_GREF\n");
		return 1;
	}
	mem = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		   rw->index);
	rom = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		   ro->index);
	if (mem == MAP_FAILED || rom == MAP_FAILED) {
		printf("@@GUEST fail mmap: %s\n", strerror(errno));
		return 1;
	}
	for (i = 0; i < pages - 1; i++)
		fill(mem + i * PAGE, i);
	fill(rom, 0);
	ctl = mem + (pages - 1) * PAGE;
	memset(ctl, 0, PAGE);
	ctl[GNT_NOTIFY_OFF] = 0xAA;

	printf("@@GUEST gnt-refs ");
	for (i = 0; i < pages; i++)
		printf("%s%u", i ? "," : "", rw->gref_ids[i]);
	printf("\n@@GUEST gnt-ro-ref %u\n", ro->gref_ids[0]);
	fflush(stdout);

	stop = (uint32_t *)ctl;
	for (i = 0; i < secs * 5; i++) {
		/* dom0 writes it behind the compiler's back. */
		if (__atomic_load_n(stop, __ATOMIC_ACQUIRE) == GNT_STOP) {
			stopped = 1;
			break;
		}
		usleep(200000);
	}
	memcpy(&hello, ctl + GNT_HELLO_OFF, sizeof(hello));
	for (i = 0; i < pages - 1; i++)
		for (j = 0; j < PAGE; j++)
			bad += mem[i * PAGE + j] != GNT_PATTERN(i, j);
	printf("@@GUEST gnt-stopped %s\n", stopped ? "yes" : "no");
	printf("@@GUEST gnt-hello 0x%08x\n", hello);
	printf("@@GUEST gnt-notify-byte 0x%02x\n", ctl[GNT_NOTIFY_OFF]);
	printf("@@GUEST gnt-pattern %s\n", bad ? "bad" : "ok");
	fflush(stdout);
	return 0;
}
