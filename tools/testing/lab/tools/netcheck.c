// SPDX-License-Identifier: GPL-2.0
/*
 * netcheck - send and verify a self-describing TCP stream, for the lab's
 * network scenarios (statically linked; runs in guests and in dom0).
 *
 * Byte i of a stream with seed S is a function of (S, i), so the receiver
 * checks every byte where it lands against what the sender generated:
 * an end-to-end check of every byte, stronger than a checksum of the
 * whole, that needs no copy of the data.
 *
 *   netcheck send HOST PORT MIB SEED [flip|-] [SECS]
 *                                              connect (retrying for SECS,
 *                                              default 60) and send MIB
 *                                              MiB; with "flip", one byte
 *                                              is changed on the way (the
 *                                              harness's self-test)
 *   netcheck recv PORT MIB SEED [SECS]         accept one connection
 *                                              (waiting at most SECS,
 *                                              default 120) and verify
 *
 * Prints "netcheck: ok BYTES MSECS" or "netcheck: FAIL reason";
 * exit status 0 when every byte was right.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "tcp_listen.h"

#define CHUNK		65536
#define FLIP_AT		12345

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

/* Byte @pos of the stream of @seed. */
static uint8_t stream_byte(uint64_t seed, uint64_t pos)
{
	return (uint8_t)(mix(seed ^ (pos / 8) * 0x9e3779b97f4a7c15ULL) >>
			 (8 * (pos % 8)));
}

/* The stream's bytes @pos .. @pos + @len - 1, a word at a time. */
static void stream_fill(uint8_t *buf, size_t len, uint64_t seed,
			uint64_t pos)
{
	uint64_t w;
	size_t i = 0;

	for (; i < len && (pos + i) % 8; i++)
		buf[i] = stream_byte(seed, pos + i);
	for (; i + 8 <= len; i += 8) {
		w = mix(seed ^ ((pos + i) / 8) * 0x9e3779b97f4a7c15ULL);
		for (int b = 0; b < 8; b++)
			buf[i + b] = (uint8_t)(w >> (8 * b));
	}
	for (; i < len; i++)
		buf[i] = stream_byte(seed, pos + i);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int fail(const char *what)
{
	printf("netcheck: FAIL %s: %s\n", what, strerror(errno));
	return 1;
}

static int do_send(const char *host, int port, uint64_t total, uint64_t seed,
		   int flip, int secs)
{
	static uint8_t buf[CHUNK];
	struct sockaddr_in sa = { .sin_family = AF_INET };
	uint64_t pos = 0;
	long long t0, deadline = now_ms() + secs * 1000LL;
	ssize_t n;
	size_t len;
	int fd;

	sa.sin_port = htons(port);
	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
		printf("netcheck: FAIL bad address %s\n", host);
		return 1;
	}
	for (;;) {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		if (fd < 0)
			return fail("socket");
		if (!connect(fd, (struct sockaddr *)&sa, sizeof(sa)))
			break;
		close(fd);
		if (now_ms() > deadline)
			return fail("connect");
		usleep(200000);
	}
	t0 = now_ms();
	while (pos < total) {
		len = total - pos < CHUNK ? total - pos : CHUNK;
		stream_fill(buf, len, seed, pos);
		if (flip && pos <= FLIP_AT && FLIP_AT < pos + len)
			buf[FLIP_AT - pos] ^= 0x20;
		for (size_t off = 0; off < len; off += n) {
			n = write(fd, buf + off, len - off);
			if (n < 0 && errno == EINTR) {
				n = 0;
				continue;
			}
			if (n <= 0)
				return fail("write");
		}
		pos += len;
	}
	shutdown(fd, SHUT_WR);
	/* Wait for the receiver to close: everything arrived. */
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		;
	close(fd);
	printf("netcheck: ok %" PRIu64 " %lld\n", pos, now_ms() - t0);
	return 0;
}

static int do_recv(int port, uint64_t total, uint64_t seed, int secs)
{
	static uint8_t buf[CHUNK], want[CHUNK];
	uint64_t pos = 0;
	struct pollfd pfd;
	long long t0;
	int lfd, fd;
	ssize_t n, i;

	lfd = tcp_listen(port, 1);
	if (lfd < 0)
		return fail("listen");
	printf("netcheck: listening on %d\n", port);
	fflush(stdout);
	pfd.fd = lfd;
	pfd.events = POLLIN;
	if (poll(&pfd, 1, secs * 1000) != 1) {
		printf("netcheck: FAIL no connection within %d s\n", secs);
		return 1;
	}
	fd = accept(lfd, NULL, NULL);
	if (fd < 0)
		return fail("accept");
	t0 = now_ms();
	while (pos < total) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return fail("read");
		if (!n)
			break;
		if ((uint64_t)n > total - pos) {
			printf("netcheck: FAIL more than %" PRIu64 " bytes arrived\n",
			       total);
			return 1;
		}
		stream_fill(want, n, seed, pos);
		if (memcmp(buf, want, n)) {
			for (i = 0; buf[i] == want[i]; i++)
				;
			printf("netcheck: FAIL byte %" PRIu64 " is %02x, expected %02x\n",
			       pos + i, buf[i], want[i]);
			return 1;
		}
		pos += n;
	}
	if (pos != total) {
		printf("netcheck: FAIL %" PRIu64 " bytes of %" PRIu64 " arrived\n",
		       pos, total);
		return 1;
	}
	close(fd);
	printf("netcheck: ok %" PRIu64 " %lld\n", pos, now_ms() - t0);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 6 && !strcmp(argv[1], "send"))
		return do_send(argv[2], atoi(argv[3]),
			       strtoull(argv[4], NULL, 0) << 20,
			       strtoull(argv[5], NULL, 0),
			       argc > 6 && !strcmp(argv[6], "flip"),
			       argc > 7 ? atoi(argv[7]) : 60);
	if (argc >= 5 && !strcmp(argv[1], "recv"))
		return do_recv(atoi(argv[2]), strtoull(argv[3], NULL, 0) << 20,
			       strtoull(argv[4], NULL, 0),
			       argc > 5 ? atoi(argv[5]) : 120);
	fprintf(stderr, "usage: netcheck send HOST PORT MIB SEED [flip|-] [SECS]\n"
			"       netcheck recv PORT MIB SEED [SECS]\n");
	return 2;
}
