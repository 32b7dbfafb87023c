// SPDX-License-Identifier: GPL-2.0
/*
 * blkcheck - write and verify self-describing data on a block device, for
 * the lab's block scenarios (run in guests, statically linked).
 *
 * Every 512-byte sector written carries its own address, a generation
 * number and a check word, and the rest of it is derived from those.  A
 * reader can so tell, sector by sector, whether it holds what was written
 * there, data meant for another sector (a misdirected request), a stale
 * generation, or garbage; no copy of the data has to be kept.
 *
 *   blkcheck fill DEV GEN MIB             write generation GEN over MIB
 *   blkcheck verify DEV GENS MIB          every sector holds one of GENS
 *                                         (comma-separated)
 *   blkcheck stream DEV GEN MIB           write GEN over MIB again and
 *                                         again, until killed
 *   blkcheck mixed DEV BASE MIB JOBS SECS random and sequential reads and
 *                                         writes, 4 KiB to 1 MiB, by JOBS
 *                                         processes (the queue depth) on
 *                                         their own slices of MIB that
 *                                         hold generation BASE; every
 *                                         read and, at the end, every
 *                                         sector is checked
 *
 * All I/O uses O_DIRECT, so it reaches the backend and is not served from
 * the guest's page cache.  Workers are fork()ed processes: threads of a
 * static binary have misbehaved under the lab's emulation.  Exit status 0
 * when every check passed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SECTOR		512
#define BLOCK		4096
#define MAX_IO		(1024 * 1024)
#define MAGIC		0x626c6b636865636bULL	/* "blkcheck" */
#define MAX_GENS	8
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

struct sector_head {
	uint64_t magic;
	uint64_t lba;
	uint32_t gen;
	uint32_t check;
};

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

static void sector_fill(unsigned char *p, uint64_t lba, uint32_t gen)
{
	struct sector_head h = {
		.magic = MAGIC, .lba = lba, .gen = gen,
		.check = (uint32_t)mix(lba * 31 + gen),
	};
	uint64_t x = mix(lba ^ ((uint64_t)gen << 40));
	size_t i;

	memcpy(p, &h, sizeof(h));
	for (i = sizeof(h); i < SECTOR; i += 8) {
		x = mix(x + i);
		memcpy(p + i, &x, 8);
	}
}

/* Which generation sector @lba holds, or -1 when it is not a valid one. */
static int64_t sector_gen(const unsigned char *p, uint64_t lba)
{
	unsigned char want[SECTOR];
	struct sector_head h;

	memcpy(&h, p, sizeof(h));
	if (h.magic != MAGIC || h.lba != lba)
		return -1;
	sector_fill(want, lba, h.gen);
	if (memcmp(want, p, SECTOR))
		return -1;
	return h.gen;
}

static void describe(const unsigned char *p, uint64_t lba)
{
	struct sector_head h;

	memcpy(&h, p, sizeof(h));
	if (h.magic != MAGIC)
		fprintf(stderr, "blkcheck: sector %llu: not blkcheck's\n",
			(unsigned long long)lba);
	else if (h.lba != lba)
		fprintf(stderr, "blkcheck: sector %llu: holds sector %llu\n",
			(unsigned long long)lba, (unsigned long long)h.lba);
	else
		fprintf(stderr, "blkcheck: sector %llu: generation %u, corrupt or unexpected\n",
			(unsigned long long)lba, h.gen);
}

static void *io_buffer(void)
{
	void *p;

	if (posix_memalign(&p, BLOCK, MAX_IO)) {
		perror("blkcheck: posix_memalign");
		exit(2);
	}
	return p;
}

static int open_dev(const char *dev)
{
	int fd = open(dev, O_RDWR | O_DIRECT);

	if (fd < 0)
		fd = open(dev, O_RDONLY | O_DIRECT);
	if (fd < 0) {
		fprintf(stderr, "blkcheck: %s: %s\n", dev, strerror(errno));
		exit(2);
	}
	return fd;
}

static int do_io(int fd, int write, void *buf, size_t len, off_t off)
{
	ssize_t n = write ? pwrite(fd, buf, len, off) : pread(fd, buf, len, off);

	if (n == (ssize_t)len)
		return 0;
	fprintf(stderr, "blkcheck: %s of %zu bytes at %lld: %s\n",
		write ? "write" : "read", len, (long long)off,
		n < 0 ? strerror(errno) : "short");
	return -1;
}

static void fill_buf(unsigned char *buf, size_t len, off_t off, uint32_t gen)
{
	size_t i;

	for (i = 0; i < len; i += SECTOR)
		sector_fill(buf + i, (off + i) / SECTOR, gen);
}

static int cmd_fill(int fd, uint32_t gen, uint64_t bytes, int forever)
{
	unsigned char *buf = io_buffer();
	uint64_t off;

	do {
		for (off = 0; off < bytes; off += MAX_IO) {
			fill_buf(buf, MAX_IO, off, gen);
			if (do_io(fd, 1, buf, MAX_IO, off))
				return 1;
		}
	} while (forever);
	return 0;
}

static int cmd_verify(int fd, const char *gens_arg, uint64_t bytes)
{
	unsigned char *buf = io_buffer();
	int64_t gens[MAX_GENS];
	uint64_t off, counts[MAX_GENS] = { 0 }, bad = 0;
	int ngens = 0, i;
	char *s = strdup(gens_arg), *tok, *save;

	for (tok = strtok_r(s, ",", &save); tok && ngens < MAX_GENS;
	     tok = strtok_r(NULL, ",", &save))
		gens[ngens++] = strtoll(tok, NULL, 0);
	free(s);
	for (off = 0; off < bytes; off += MAX_IO) {
		size_t j;

		if (do_io(fd, 0, buf, MAX_IO, off))
			return 1;
		for (j = 0; j < MAX_IO; j += SECTOR) {
			uint64_t lba = (off + j) / SECTOR;
			int64_t g = sector_gen(buf + j, lba);

			for (i = 0; i < ngens && gens[i] != g; i++)
				;
			if (i < ngens)
				counts[i]++;
			else if (bad++ < 8)
				describe(buf + j, lba);
		}
	}
	for (i = 0; i < ngens; i++)
		printf("generation %" PRId64 ": %" PRIu64 " sectors\n", gens[i], counts[i]);
	printf("bad sectors: %" PRIu64 "\n", bad);
	return bad ? 1 : 0;
}

/*
 * One worker of "mixed": random and sequential requests of 4 KiB to 1 MiB
 * on its own slice, keeping the generation of every 4 KiB block it wrote
 * so that every read can be checked.
 */
static int mixed_worker(int fd, unsigned int job, uint64_t start,
			uint64_t len, uint32_t base, unsigned int secs)
{
	static const size_t sizes[] = { 4096, 8192, 16384, 65536, 131072,
					524288, 1048576 };
	uint64_t nblocks = len / BLOCK, seq = 0, x, ops = 0, errors = 0;
	uint64_t rd = 0, wr = 0;
	unsigned char *buf = io_buffer();
	uint32_t *gen = calloc(nblocks, sizeof(*gen));
	uint32_t next = (job + 1) << 20;
	time_t end = time(NULL) + secs;
	uint64_t b, i;

	if (!gen)
		return 2;
	for (b = 0; b < nblocks; b++)
		gen[b] = base;
	x = mix(((uint64_t)getpid() << 32) ^ (uint64_t)time(NULL));
	while (time(NULL) < end && !errors) {
		size_t size;
		uint64_t first, count;
		int write;

		x = mix(x + 1);
		size = sizes[x % ARRAY_SIZE(sizes)];
		if (size > len)
			size = BLOCK;
		count = size / BLOCK;
		write = (x >> 8) & 1;
		if ((x >> 9) & 1) {	/* sequential */
			if (seq + count > nblocks)
				seq = 0;
			first = seq;
			seq += count;
		} else {
			first = (x >> 16) % (nblocks - count + 1);
		}
		if (write) {
			next++;
			for (i = 0; i < count; i++)
				fill_buf(buf + i * BLOCK, BLOCK,
					 start + (first + i) * BLOCK, next);
			if (do_io(fd, 1, buf, size, start + first * BLOCK)) {
				errors++;
				break;
			}
			for (i = 0; i < count; i++)
				gen[first + i] = next;
			wr += size;
		} else {
			if (do_io(fd, 0, buf, size, start + first * BLOCK)) {
				errors++;
				break;
			}
			for (i = 0; i < size / SECTOR; i++) {
				uint64_t lba = (start + first * BLOCK) / SECTOR + i;

				if (sector_gen(buf + i * SECTOR, lba) !=
				    gen[first + i * SECTOR / BLOCK]) {
					describe(buf + i * SECTOR, lba);
					errors++;
					break;
				}
			}
			rd += size;
		}
		ops++;
	}
	/* Every block of the slice, once more, at the end. */
	for (b = 0; b < nblocks && !errors; b++) {
		if (do_io(fd, 0, buf, BLOCK, start + b * BLOCK)) {
			errors++;
			break;
		}
		for (i = 0; i < BLOCK / SECTOR; i++) {
			uint64_t lba = (start + b * BLOCK) / SECTOR + i;

			if (sector_gen(buf + i * SECTOR, lba) != gen[b]) {
				describe(buf + i * SECTOR, lba);
				errors++;
				break;
			}
		}
	}
	printf("job %u: %llu requests, %llu MiB written, %llu MiB read, %llu errors\n",
	       job, (unsigned long long)ops, (unsigned long long)(wr >> 20),
	       (unsigned long long)(rd >> 20), (unsigned long long)errors);
	fflush(stdout);
	return errors ? 1 : 0;
}

static int cmd_mixed(const char *dev, uint32_t base, uint64_t bytes,
		     unsigned int jobs, unsigned int secs)
{
	uint64_t slice = bytes / jobs / MAX_IO * MAX_IO;
	unsigned int j;
	int status, rc = 0;

	if (!jobs || !slice) {
		fprintf(stderr, "blkcheck: mixed: too many jobs for the size\n");
		return 2;
	}
	for (j = 0; j < jobs; j++) {
		pid_t pid = fork();

		if (pid < 0) {
			perror("blkcheck: fork");
			return 2;
		}
		if (!pid)
			_exit(mixed_worker(open_dev(dev), j, j * slice, slice,
					   base, secs));
	}
	while (wait(&status) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			rc = 1;
	return rc;
}

static void print_usage(void)
{
	fprintf(stderr,
		"usage: blkcheck fill|stream DEV GEN MIB\n"
		"       blkcheck verify DEV GEN[,GEN...] MIB\n"
		"       blkcheck mixed DEV BASE MIB JOBS SECONDS\n");
	exit(2);
}

int main(int argc, char **argv)
{
	uint64_t bytes;
	int fd;

	if (argc < 5)
		print_usage();
	bytes = strtoull(argv[4], NULL, 0) << 20;
	if (!strcmp(argv[1], "mixed")) {
		if (argc < 7)
			print_usage();
		return cmd_mixed(argv[2], strtoul(argv[3], NULL, 0), bytes,
				 strtoul(argv[5], NULL, 0),
				 strtoul(argv[6], NULL, 0));
	}
	fd = open_dev(argv[2]);
	if (!strcmp(argv[1], "fill"))
		return cmd_fill(fd, strtoul(argv[3], NULL, 0), bytes, 0);
	if (!strcmp(argv[1], "stream"))
		return cmd_fill(fd, strtoul(argv[3], NULL, 0), bytes, 1);
	if (!strcmp(argv[1], "verify"))
		return cmd_verify(fd, argv[3], bytes);
	print_usage();
	return 2;
}
