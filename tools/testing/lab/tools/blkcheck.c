// SPDX-License-Identifier: GPL-2.0
/*
 * blkcheck - write and verify self-describing data on a block device, for
 * the lab's block scenarios (run in guests, statically linked).
 *
 * Every 512-byte sector written carries its own address, a generation
 * number and a check word, and the rest of it is derived from those by a
 * cheap arithmetic sequence (checking costs a compare per word: under the
 * lab's emulation a costlier pattern made the checks, not the I/O, the
 * bottleneck).  A
 * reader can so tell, sector by sector, whether it holds what was written
 * there, data meant for another sector (a misdirected request), a stale
 * generation, or garbage; no copy of the data has to be kept.
 *
 *   blkcheck fill DEV GEN MIB [STATE]     write generation GEN over MIB;
 *                                         with STATE, also record it there
 *   blkcheck verify DEV GENS MIB          every sector holds one of GENS
 *                                         (comma-separated)
 *   blkcheck stream DEV GEN MIB           write GEN over MIB again and
 *                                         again, until killed
 *   blkcheck mixed DEV STATE MIB JOBS SECS PHASE
 *                                         random and sequential reads and
 *                                         writes, 4 KiB to 1 MiB, by JOBS
 *                                         processes (the queue depth) on
 *                                         their own slices of MIB, for
 *                                         SECS seconds; every read is
 *                                         checked against STATE, which
 *                                         then records what was written
 *   blkcheck check DEV STATE MIB          every sector holds what STATE
 *                                         says
 *
 * STATE is a file (in the guest's tmpfs) holding the generation of every
 * 4 KiB block, so that one run's writes are what the next run expects.
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

#define STEP	0x9e3779b97f4a7c15ULL

/* The seed of a sector's contents; its low half is the check word. */
static uint64_t sector_seed(uint64_t lba, uint32_t gen)
{
	return mix(lba ^ ((uint64_t)gen << 40));
}

static void sector_fill(unsigned char *p, uint64_t lba, uint32_t gen)
{
	uint64_t seed = sector_seed(lba, gen), w[SECTOR / 8];
	struct sector_head h = {
		.magic = MAGIC, .lba = lba, .gen = gen, .check = (uint32_t)seed,
	};
	size_t i;

	for (i = sizeof(h) / 8; i < SECTOR / 8; i++)
		w[i] = seed + i * STEP;
	memcpy(w, &h, sizeof(h));
	memcpy(p, w, SECTOR);
}

/* Which generation sector @lba holds, or -1 when it is not a valid one. */
static int64_t sector_gen(const unsigned char *p, uint64_t lba)
{
	uint64_t seed, diff = 0, w[SECTOR / 8];
	struct sector_head h;
	size_t i;

	memcpy(&h, p, sizeof(h));
	if (h.magic != MAGIC || h.lba != lba)
		return -1;
	seed = sector_seed(lba, h.gen);
	if (h.check != (uint32_t)seed)
		return -1;
	memcpy(w, p, SECTOR);
	for (i = sizeof(h) / 8; i < SECTOR / 8; i++)
		diff |= w[i] ^ (seed + i * STEP);
	return diff ? -1 : (int64_t)h.gen;
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

/* state_load / state_save: the generations of blocks [first, first + n). */
static int state_io(const char *state, int save, uint32_t *gen,
		    uint64_t first, uint64_t n)
{
	int fd = open(state, save ? O_WRONLY | O_CREAT : O_RDONLY, 0600);
	size_t len = n * sizeof(*gen);
	ssize_t got;

	if (fd < 0) {
		fprintf(stderr, "blkcheck: %s: %s\n", state, strerror(errno));
		return -1;
	}
	got = save ? pwrite(fd, gen, len, first * sizeof(*gen)) :
		     pread(fd, gen, len, first * sizeof(*gen));
	close(fd);
	if (got != (ssize_t)len) {
		fprintf(stderr, "blkcheck: %s: short %s\n", state,
			save ? "write" : "read");
		return -1;
	}
	return 0;
}

static int cmd_fill(int fd, uint32_t gen, uint64_t bytes, int forever,
		    const char *state)
{
	unsigned char *buf = io_buffer();
	uint64_t off, b, nblocks = bytes / BLOCK;
	uint32_t *gens;

	do {
		for (off = 0; off < bytes; off += MAX_IO) {
			fill_buf(buf, MAX_IO, off, gen);
			if (do_io(fd, 1, buf, MAX_IO, off))
				return 1;
		}
	} while (forever);
	if (!state)
		return 0;
	gens = calloc(nblocks, sizeof(*gens));
	if (!gens)
		return 2;
	for (b = 0; b < nblocks; b++)
		gens[b] = gen;
	return state_io(state, 1, gens, 0, nblocks) ? 2 : 0;
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
 * Check @len bytes read at @off (block @first of @gen onwards): every
 * sector must hold the generation @gen gives its block.  Returns the
 * number of bad sectors, the first few described.
 */
static uint64_t check_buf(const unsigned char *buf, size_t len, uint64_t off,
			  const uint32_t *gen)
{
	uint64_t bad = 0, i;

	for (i = 0; i < len / SECTOR; i++) {
		uint64_t lba = off / SECTOR + i;

		if (sector_gen(buf + i * SECTOR, lba) !=
		    gen[i * SECTOR / BLOCK] && bad++ < 4)
			describe(buf + i * SECTOR, lba);
	}
	return bad;
}

static int cmd_check(int fd, const char *state, uint64_t bytes)
{
	unsigned char *buf = io_buffer();
	uint64_t nblocks = bytes / BLOCK, off, bad = 0;
	uint32_t *gen = calloc(nblocks, sizeof(*gen));

	if (!gen || state_io(state, 0, gen, 0, nblocks))
		return 2;
	for (off = 0; off < bytes; off += MAX_IO) {
		if (do_io(fd, 0, buf, MAX_IO, off))
			return 1;
		bad += check_buf(buf, MAX_IO, off, gen + off / BLOCK);
	}
	printf("checked %" PRIu64 " MiB, %" PRIu64 " bad sectors\n",
	       bytes >> 20, bad);
	return bad ? 1 : 0;
}

/*
 * One worker of "mixed": random and sequential requests of 4 KiB to 1 MiB
 * on its own slice, keeping the generation of every 4 KiB block it wrote
 * so that every read can be checked.  Generations written are
 * PHASE << 24 | JOB << 18 | n, new in each run and each worker.
 */
static int mixed_worker(int fd, const char *state, unsigned int job,
			uint64_t start, uint64_t len, unsigned int secs,
			uint32_t phase)
{
	static const size_t sizes[] = { 4096, 8192, 16384, 65536, 131072,
					524288, 1048576 };
	uint64_t nblocks = len / BLOCK, seq = 0, x, ops = 0, errors = 0;
	uint64_t rd = 0, wr = 0, nseq = 0, nrand = 0;
	unsigned char *buf = io_buffer();
	uint32_t *gen = calloc(nblocks, sizeof(*gen));
	uint32_t next = (phase << 24) | (job << 18);
	time_t end = time(NULL) + secs;
	uint64_t i;

	if (!gen || state_io(state, 0, gen, start / BLOCK, nblocks))
		return 2;
	x = mix(((uint64_t)getpid() << 32) ^ (uint64_t)time(NULL));
	while (time(NULL) < end && !errors && (next & 0x3ffff) < 0x3ffff) {
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
			nseq++;
		} else {
			first = (x >> 16) % (nblocks - count + 1);
			nrand++;
		}
		if (write) {
			next++;
			fill_buf(buf, size, start + first * BLOCK, next);
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
			errors += check_buf(buf, size, start + first * BLOCK,
					    gen + first);
			rd += size;
		}
		ops++;
	}
	if (state_io(state, 1, gen, start / BLOCK, nblocks))
		errors++;
	printf("job %u: %llu requests (%llu sequential, %llu random), ",
	       job, (unsigned long long)ops, (unsigned long long)nseq,
	       (unsigned long long)nrand);
	printf("%llu MiB written, %llu MiB read, %llu errors\n",
	       (unsigned long long)(wr >> 20),
	       (unsigned long long)(rd >> 20), (unsigned long long)errors);
	fflush(stdout);
	return errors ? 1 : 0;
}

static int cmd_mixed(const char *dev, const char *state, uint64_t bytes,
		     unsigned int jobs, unsigned int secs, uint32_t phase)
{
	uint64_t slice = jobs ? bytes / jobs / MAX_IO * MAX_IO : 0;
	unsigned int j;
	int status, rc = 0;

	if (!jobs || !slice || jobs > 64 || !phase || phase > 255) {
		fprintf(stderr, "blkcheck: mixed: bad jobs or phase\n");
		return 2;
	}
	for (j = 0; j < jobs; j++) {
		pid_t pid = fork();

		if (pid < 0) {
			perror("blkcheck: fork");
			return 2;
		}
		if (!pid)
			_exit(mixed_worker(open_dev(dev), state, j, j * slice,
					   slice, secs, phase));
	}
	while (wait(&status) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			rc = 1;
	return rc;
}

static void print_usage(void)
{
	fprintf(stderr,
		"usage: blkcheck fill DEV GEN MIB [STATE]\n"
		"       blkcheck stream DEV GEN MIB\n"
		"       blkcheck verify DEV GEN[,GEN...] MIB\n"
		"       blkcheck mixed DEV STATE MIB JOBS SECONDS PHASE\n"
		"       blkcheck check DEV STATE MIB\n");
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
		if (argc < 8)
			print_usage();
		return cmd_mixed(argv[2], argv[3], bytes,
				 strtoul(argv[5], NULL, 0),
				 strtoul(argv[6], NULL, 0),
				 strtoul(argv[7], NULL, 0));
	}
	fd = open_dev(argv[2]);
	if (!strcmp(argv[1], "fill"))
		return cmd_fill(fd, strtoul(argv[3], NULL, 0), bytes, 0,
				argc > 5 ? argv[5] : NULL);
	if (!strcmp(argv[1], "stream"))
		return cmd_fill(fd, strtoul(argv[3], NULL, 0), bytes, 1, NULL);
	if (!strcmp(argv[1], "verify"))
		return cmd_verify(fd, argv[3], bytes);
	if (!strcmp(argv[1], "check"))
		return cmd_check(fd, argv[3], bytes);
	print_usage();
	return 2;
}
