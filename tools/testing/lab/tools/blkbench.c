// SPDX-License-Identifier: GPL-2.0
/*
 * blkbench - measure a block device's IOPS and throughput, for the lab's
 * benchmark (run in guests and in dom0, statically linked).
 *
 *   blkbench MODE DEV BS QD SECS [MIB]
 *
 * MODE is randread, randwrite, seqread or seqwrite; BS the block size in
 * bytes (a multiple of 512); QD the number of I/Os kept in flight; SECS
 * how long to measure, after one second of warm-up that is not counted;
 * MIB limits the I/O to the first MIB MiB of DEV (default: all of it).
 *
 * All I/O uses O_DIRECT and Linux native AIO through the raw system calls
 * (io_setup, io_submit, io_getevents), so one process keeps QD requests
 * in flight with no library and no threads (threads of static binaries
 * have misbehaved under the lab's emulation).  Prints one line:
 *
 *   blkbench MODE bs=BS qd=QD ios=N secs=S iops=X mibps=Y
 *
 * Exit status 0 when every I/O completed in full.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/aio_abi.h>
#include <linux/fs.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define MAX_QD		256
#define MAX_BS		(16 * 1024 * 1024)

static int io_setup(unsigned int nr, aio_context_t *ctx)
{
	return syscall(SYS_io_setup, nr, ctx);
}

static int io_destroy(aio_context_t ctx)
{
	return syscall(SYS_io_destroy, ctx);
}

static int io_submit(aio_context_t ctx, long n, struct iocb **iocbs)
{
	return syscall(SYS_io_submit, ctx, n, iocbs);
}

static int io_getevents(aio_context_t ctx, long min, long max,
			struct io_event *ev)
{
	return syscall(SYS_io_getevents, ctx, min, max, ev, NULL);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* xorshift64*: cheap, and good enough to spread offsets. */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dULL;
}

struct bench {
	int fd;
	int random;
	int write;
	uint64_t bs;
	uint64_t nblocks;	/* BS-sized blocks in the region */
	uint64_t next;		/* next block of a sequential run */
	uint64_t seed;
};

static void prep(struct bench *b, struct iocb *cb)
{
	uint64_t blk;

	if (b->random) {
		blk = rnd(&b->seed) % b->nblocks;
	} else {
		blk = b->next;
		b->next = (b->next + 1) % b->nblocks;
	}
	cb->aio_lio_opcode = b->write ? IOCB_CMD_PWRITE : IOCB_CMD_PREAD;
	cb->aio_offset = blk * b->bs;
}

static void print_usage(void)
{
	fprintf(stderr,
		"usage: blkbench randread|randwrite|seqread|seqwrite DEV BS QD SECS [MIB]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static struct iocb cbs[MAX_QD], *ptrs[MAX_QD];
	static struct io_event ev[MAX_QD];
	struct bench b = { .seed = 0x9e3779b97f4a7c15ULL };
	uint64_t size, ios = 0, bytes = 0;
	double t0, tstart = 0, tend, secs;
	aio_context_t ctx = 0;
	int qd, i, n, inflight = 0, measuring = 0, stop = 0, bad = 0;
	const char *mode;
	void *buf;

	if (argc != 6 && argc != 7)
		print_usage();
	mode = argv[1];
	if (strcmp(mode, "randread") && strcmp(mode, "randwrite") &&
	    strcmp(mode, "seqread") && strcmp(mode, "seqwrite"))
		print_usage();
	b.random = !strncmp(mode, "rand", 4);
	b.write = !!strstr(mode, "write");
	b.bs = strtoull(argv[3], NULL, 0);
	qd = atoi(argv[4]);
	secs = atof(argv[5]);
	if (!b.bs || b.bs % 512 || b.bs > MAX_BS || qd < 1 || qd > MAX_QD ||
	    secs <= 0)
		print_usage();

	b.fd = open(argv[2], (b.write ? O_RDWR : O_RDONLY) | O_DIRECT);
	if (b.fd < 0) {
		fprintf(stderr, "blkbench: %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	if (ioctl(b.fd, BLKGETSIZE64, &size)) {
		fprintf(stderr, "blkbench: BLKGETSIZE64: %s\n", strerror(errno));
		return 1;
	}
	if (argc == 7 && strtoull(argv[6], NULL, 0) << 20 < size)
		size = strtoull(argv[6], NULL, 0) << 20;
	b.nblocks = size / b.bs;
	if (!b.nblocks) {
		fprintf(stderr, "blkbench: %s is smaller than one block\n",
			argv[2]);
		return 1;
	}
	if (posix_memalign(&buf, 4096, b.bs * qd)) {
		fprintf(stderr, "blkbench: out of memory\n");
		return 1;
	}
	/* Written data must not be all zeroes, which a backend may elide. */
	memset(buf, 0xa5, b.bs * qd);
	if (io_setup(qd, &ctx)) {
		fprintf(stderr, "blkbench: io_setup: %s\n", strerror(errno));
		return 1;
	}

	for (i = 0; i < qd; i++) {
		cbs[i].aio_fildes = b.fd;
		cbs[i].aio_buf = (uintptr_t)buf + (uint64_t)i * b.bs;
		cbs[i].aio_nbytes = b.bs;
		cbs[i].aio_data = i;
		prep(&b, &cbs[i]);
		ptrs[i] = &cbs[i];
	}
	t0 = now();
	if (io_submit(ctx, qd, ptrs) != qd) {
		fprintf(stderr, "blkbench: io_submit: %s\n", strerror(errno));
		return 1;
	}
	inflight = qd;
	tend = t0 + 1 + secs;

	while (inflight) {
		n = io_getevents(ctx, 1, qd, ev);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "blkbench: io_getevents: %s\n",
				strerror(errno));
			return 1;
		}
		inflight -= n;
		for (i = 0; i < n; i++) {
			if (ev[i].res != (int64_t)b.bs)
				bad++;
			if (measuring) {
				ios++;
				bytes += b.bs;
			}
		}
		if (!stop) {
			double t = now();

			if (!measuring && t >= t0 + 1) {
				/* Warm-up over: count from here. */
				measuring = 1;
				tstart = t;
			}
			if (t >= tend)
				stop = 1;
		}
		if (stop)
			continue;
		for (i = 0; i < n; i++) {
			struct iocb *cb = &cbs[ev[i].data];

			prep(&b, cb);
			ptrs[i] = cb;
		}
		if (io_submit(ctx, n, ptrs) != n) {
			fprintf(stderr, "blkbench: io_submit: %s\n",
				strerror(errno));
			return 1;
		}
		inflight += n;
	}
	secs = now() - tstart;
	io_destroy(ctx);
	close(b.fd);

	printf("blkbench %s bs=%" PRIu64 " qd=%d ios=%" PRIu64
	       " secs=%.2f iops=%.0f mibps=%.1f%s\n",
	       mode, b.bs, qd, ios, secs, ios / secs,
	       bytes / secs / (1024 * 1024), bad ? " ERRORS" : "");
	if (bad)
		fprintf(stderr, "blkbench: %d I/Os failed or were short\n",
			bad);
	return bad ? 1 : 0;
}
