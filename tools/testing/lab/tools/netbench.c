// SPDX-License-Identifier: GPL-2.0
/*
 * netbench - TCP throughput and request/response rate between a lab guest
 * and dom0, for the lab's network benchmark (statically linked; runs in
 * guests and in dom0).
 *
 *   netbench server PORT
 *	accept connections one after another, for ever.  The client's first
 *	byte says what the connection is for:
 *	  'S'  the client streams; the server reads and discards, counting;
 *	  'R'  the server streams to the client until the client closes;
 *	  'E'  request/response: the client sends one byte, the server
 *	       echoes it, and again (TCP_NODELAY at both ends).
 *   netbench client HOST PORT tx|rx|rr SECS
 *	connect (retrying for up to 60 s while the server is not up yet),
 *	run one second of warm-up that is not counted, measure for SECS
 *	seconds and print one line:
 *	  netbench: tx bytes=N secs=S mibps=X
 *	  netbench: rx bytes=N secs=S mibps=X
 *	  netbench: rr trans=N secs=S tps=X
 *
 * The guest is always the client, so "tx" is what the guest transmits
 * (netif's tx ring, guest to dom0) and "rx" what it receives.  Errors
 * print "netbench: FAIL reason" and exit non-zero.
 *
 * Streams move 64 KiB per system call.  "tx" counts what the client
 * wrote: after the warm-up the socket's send buffer is full and stays
 * full, so what enters it during the measurement is what leaves it.
 *
 * One process and one connection at a time: no threads (threads of
 * static binaries misbehave under the lab's emulation), and a server
 * that served two clients at once would have them compete for the link.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "tcp_listen.h"

#define BUF_SIZE	65536
#define CONNECT_SECS	60
#define WARMUP_SECS	1.0
/* Each connect() gives up after this, so that a lost SYN costs seconds. */
#define ATTEMPT_SECS	5
/*
 * A peer that stops answering (a guest destroyed in mid-stream) must not
 * hold the server for ever: the next guest's connection waits behind it.
 * The client waits longer, so that one queued behind a peer the server
 * is about to drop is served rather than failing.
 */
#define IDLE_SECS	30
#define CLIENT_IDLE_SECS (2 * IDLE_SECS)

static char buf[BUF_SIZE];

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * fail: "FAIL what: errno's text"; a client's socket that timed out says
 * so plainly (the server does not call this for its connections).
 */
static int fail(const char *what)
{
	if (errno == EAGAIN || errno == EWOULDBLOCK)
		printf("netbench: FAIL %s: nothing moved for %d s\n", what,
		       CLIENT_IDLE_SECS);
	else
		printf("netbench: FAIL %s: %s\n", what, strerror(errno));
	return 1;
}

static void set_timeouts(int fd, int secs)
{
	struct timeval tv = { .tv_sec = secs };

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

/* Request/response sends one byte at a time: Nagle would hold each back. */
static void set_nodelay(int fd)
{
	int one = 1;

	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

/*
 * send_some / recv_some: one call, retried on EINTR.  MSG_NOSIGNAL: a
 * peer that went away is an error to report, not a SIGPIPE.
 */
static ssize_t send_some(int fd, const void *p, size_t len)
{
	ssize_t n;

	do
		n = send(fd, p, len, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n;
}

static ssize_t recv_some(int fd, void *p, size_t len)
{
	ssize_t n;

	do
		n = recv(fd, p, len, 0);
	while (n < 0 && errno == EINTR);
	return n;
}

/* serve: one connection, whatever its first byte asks for. */
static void serve(int fd, const char *peer)
{
	uint64_t bytes = 0;
	const char *end;
	char mode = '?', c;
	ssize_t n;

	set_timeouts(fd, IDLE_SECS);
	n = recv_some(fd, &mode, 1);
	if (n == 1) {
		switch (mode) {
		case 'S':
			while ((n = recv_some(fd, buf, sizeof(buf))) > 0)
				bytes += n;
			/*
			 * Closing after the client's end of stream tells it
			 * that all it sent was taken, and that the server is
			 * free for its next measurement.
			 */
			break;
		case 'R':
			while ((n = send_some(fd, buf, sizeof(buf))) > 0)
				bytes += n;
			break;
		case 'E':
			set_nodelay(fd);
			while ((n = recv_some(fd, &c, 1)) == 1) {
				n = send_some(fd, &c, 1);
				if (n != 1)
					break;
				bytes++;
			}
			break;
		default:
			n = -1;
			errno = EPROTO;
			break;
		}
	}
	/* For the log: a stream ends with the client closing or resetting. */
	end = n < 0 ? strerror(errno) : "closed";
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		end = "idle, dropped";
	printf("netbench: served '%c' from %s: %" PRIu64 " bytes, %s\n",
	       mode, peer, bytes, end);
	fflush(stdout);
	close(fd);
}

static int do_server(int port)
{
	struct sockaddr_in peer;
	char addr[INET_ADDRSTRLEN];
	socklen_t len;
	int lfd, fd;

	signal(SIGPIPE, SIG_IGN);
	lfd = tcp_listen(port, 8);
	if (lfd < 0)
		return fail("listen");
	printf("netbench: listening on %d\n", port);
	fflush(stdout);
	for (;;) {
		len = sizeof(peer);
		fd = accept(lfd, (struct sockaddr *)&peer, &len);
		if (fd < 0) {
			/*
			 * accept(2): errors of the connection being
			 * accepted come here too; they are the client's,
			 * and the server goes on.
			 */
			switch (errno) {
			case EINTR:
			case ECONNABORTED:
			case EPROTO:
			case ENETDOWN:
			case ENETUNREACH:
			case EHOSTDOWN:
			case EHOSTUNREACH:
			case ENONET:
			case ENOPROTOOPT:
			case EOPNOTSUPP:
			case ETIMEDOUT:
				continue;
			}
			return fail("accept");
		}
		if (!inet_ntop(AF_INET, &peer.sin_addr, addr, sizeof(addr)))
			strcpy(addr, "?");
		serve(fd, addr);
	}
}

/* connect_retry: a connected socket, or -1 once CONNECT_SECS are over. */
static int connect_retry(const struct sockaddr_in *sa, int nodelay)
{
	double deadline = now() + CONNECT_SECS;
	int fd;

	for (;;) {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		if (fd < 0) {
			fail("socket");
			return -1;
		}
		if (nodelay)
			set_nodelay(fd);
		/* Linux bounds a blocking connect() by SO_SNDTIMEO. */
		set_timeouts(fd, ATTEMPT_SECS);
		if (!connect(fd, (const struct sockaddr *)sa, sizeof(*sa)))
			return fd;
		close(fd);
		/* Refused, unreachable, timed out: the server is not up yet. */
		if (now() > deadline) {
			printf("netbench: FAIL connect: %s (for %d s)\n",
			       strerror(errno), CONNECT_SECS);
			return -1;
		}
		usleep(200000);
	}
}

/* rr_once: one 1-byte request and its echo, checked. */
static ssize_t rr_once(int fd, uint8_t seq)
{
	uint8_t c = seq;
	ssize_t n;

	if (send_some(fd, &c, 1) != 1)
		return -1;
	n = recv_some(fd, &c, 1);
	if (n != 1)
		return n;
	if (c != seq) {
		printf("netbench: FAIL echo is %02x, sent %02x\n", c, seq);
		exit(1);
	}
	return 1;
}

static int do_client(const char *host, int port, const char *what,
		     double secs)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	double t0 = -1, t, tstart = 0;
	int fd, measuring = 0;
	uint64_t count = 0;
	uint8_t seq = 0;
	ssize_t n;
	char mode;

	if (!strcmp(what, "tx")) {
		mode = 'S';
	} else if (!strcmp(what, "rx")) {
		mode = 'R';
	} else if (!strcmp(what, "rr")) {
		mode = 'E';
	} else {
		printf("netbench: FAIL unknown measurement %s\n", what);
		return 1;
	}
	sa.sin_port = htons(port);
	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
		printf("netbench: FAIL bad address %s\n", host);
		return 1;
	}
	fd = connect_retry(&sa, mode == 'E');
	if (fd < 0)
		return 1;
	set_timeouts(fd, CLIENT_IDLE_SECS);
	if (send_some(fd, &mode, 1) != 1)
		return fail("send");

	for (;;) {
		switch (mode) {
		case 'S':
			n = send_some(fd, buf, sizeof(buf));
			break;
		case 'R':
			n = recv_some(fd, buf, sizeof(buf));
			break;
		default:
			n = rr_once(fd, seq++);
			break;
		}
		if (n < 0)
			return fail(mode == 'S' ? "send" : "recv");
		if (!n) {
			printf("netbench: FAIL the server closed the connection\n");
			return 1;
		}
		t = now();
		/*
		 * The warm-up starts when the first call completes, not at
		 * connect(): a server still busy with an earlier client
		 * leaves this one waiting in its backlog.
		 */
		if (t0 < 0)
			t0 = t;
		if (!measuring) {
			/*
			 * What completed up to here was warm-up; the count
			 * starts now, with TCP's window open and the
			 * buffers full.
			 */
			if (t >= t0 + WARMUP_SECS) {
				measuring = 1;
				tstart = t;
			}
			continue;
		}
		count += n;
		if (t >= tstart + secs)
			break;
	}
	secs = t - tstart;

	if (mode == 'S') {
		/* Wait for the server's close: it has read everything. */
		shutdown(fd, SHUT_WR);
		while (recv_some(fd, buf, sizeof(buf)) > 0)
			;
	}
	close(fd);
	if (mode == 'E')
		printf("netbench: rr trans=%" PRIu64 " secs=%.2f tps=%.0f\n",
		       count, secs, count / secs);
	else
		printf("netbench: %s bytes=%" PRIu64 " secs=%.2f mibps=%.1f\n",
		       what, count, secs, count / secs / (1024 * 1024));
	return 0;
}

static void print_usage(void)
{
	fprintf(stderr, "usage: netbench server PORT\n"
			"       netbench client HOST PORT tx|rx|rr SECS\n");
	exit(2);
}

int main(int argc, char **argv)
{
	int port;

	if (argc < 3)
		print_usage();
	if (!strcmp(argv[1], "server") && argc == 3) {
		port = atoi(argv[2]);
		if (port < 1 || port > 65535)
			print_usage();
		return do_server(port);
	}
	if (!strcmp(argv[1], "client") && argc == 6) {
		port = atoi(argv[3]);
		if (port < 1 || port > 65535 || atof(argv[5]) <= 0)
			print_usage();
		return do_client(argv[2], port, argv[4], atof(argv[5]));
	}
	print_usage();
	return 2;
}
