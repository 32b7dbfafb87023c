// SPDX-License-Identifier: GPL-2.0
/*
 * gntbench - dom0's side of the gntdev benchmark and of gntshare's control
 * page (run in dom0, statically linked).
 *
 *   gntbench map DOMID REFS PAGES SECONDS
 *	map and unmap PAGES of the grants REFS (comma-separated) of domain
 *	DOMID through /dev/xen/gntdev, again and again for SECONDS:
 *	MAP_GRANT_REF, mmap(), read one byte of each page (checked against
 *	gntshare's pattern), munmap(), UNMAP_GRANT_REF.  Prints
 *	"gntbench: PAGES pages: N map+unmap in S s: R per s, U us each,
 *	E errors" and exits 1 on any error.
 *   gntbench stop DOMID REF
 *	write gntshare's stop word into its control page REF
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
#include <time.h>
#include <unistd.h>

typedef uint16_t domid_t;
typedef uint32_t grant_ref_t;
#include <xen/gntdev.h>

#define PAGE		4096U
#define MAX_PAGES	256
/* Shared with gntshare.c. */
#define GNT_PATTERN(i, j) ((uint8_t)(((i) * 31U + (j)) ^ 0x5a))
#define GNT_STOP	0x53544f50U

static struct ioctl_gntdev_map_grant_ref *op;

static uint8_t *map(int fd, unsigned int domid, const uint32_t *refs,
		    unsigned int n, int prot)
{
	unsigned int i;
	void *p;

	op->count = n;
	for (i = 0; i < n; i++) {
		op->refs[i].domid = domid;
		op->refs[i].ref = refs[i];
	}
	if (ioctl(fd, IOCTL_GNTDEV_MAP_GRANT_REF, op))
		return NULL;
	p = mmap(NULL, n * PAGE, prot, MAP_SHARED, fd, op->index);
	return p == MAP_FAILED ? NULL : p;
}

static int unmap(int fd, uint8_t *p, unsigned int n)
{
	struct ioctl_gntdev_unmap_grant_ref u = {
		.index = op->index,
		.count = n,
	};

	return munmap(p, n * PAGE) | ioctl(fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &u);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	unsigned int domid, n = 0, pages, i, errors = 0;
	uint32_t refs[MAX_PAGES];
	unsigned long iters = 0;
	double t0, t, secs;
	const char *dev;
	char *s, *end;
	uint8_t *p;
	int fd;

	if (argc < 4) {
		fprintf(stderr, "usage: gntbench map DOMID REFS PAGES SECONDS | stop DOMID REF\n");
		return 2;
	}
	domid = strtoul(argv[2], NULL, 0);
	for (s = argv[3]; *s && n < MAX_PAGES; s = *end ? end + 1 : end)
		refs[n++] = strtoul(s, &end, 0);
	dev = getenv("GNTBENCH_DEV");
	if (!dev)
		dev = "/dev/xen/gntdev";
	fd = open(dev, O_RDWR);
	op = calloc(1, sizeof(*op) + MAX_PAGES * sizeof(op->refs[0]));
	if (fd < 0 || !op) {
		fprintf(stderr, "gntbench: %s: %s\n", dev, strerror(errno));
		return 1;
	}
	if (!strcmp(argv[1], "stop")) {
		p = map(fd, domid, refs, 1, PROT_READ | PROT_WRITE);
		if (!p) {
			perror("gntbench: map");
			return 1;
		}
		__atomic_store_n((uint32_t *)p, GNT_STOP, __ATOMIC_RELEASE);
		return unmap(fd, p, 1) ? 1 : 0;
	}
	if (strcmp(argv[1], "map") || argc != 6)
		return 2;
	pages = strtoul(argv[4], NULL, 0);
	secs = strtod(argv[5], NULL);
	if (!pages || pages > n)
		return 2;

	t0 = now();
	do {
		p = map(fd, domid, refs, pages, PROT_READ);
		if (!p) {
			fprintf(stderr, "gntbench: map: %s\n", strerror(errno));
			return 1;
		}
		for (i = 0; i < pages; i++)
			errors += p[i * PAGE + 7] != GNT_PATTERN(i, 7);
		if (unmap(fd, p, pages)) {
			fprintf(stderr, "gntbench: unmap: %s\n", strerror(errno));
			return 1;
		}
		iters++;
		t = now() - t0;
	} while (t < secs);
	printf("gntbench: %u pages: %lu map+unmap in %.2f s: %.1f per s, %.1f us each, %u errors\n",
	       pages, iters, t, iters / t, t * 1e6 / iters, errors);
	return errors ? 1 : 0;
}
