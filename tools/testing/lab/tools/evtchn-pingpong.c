// SPDX-License-Identifier: GPL-2.0
/*
 * evtchn-pingpong - an event-channel ping-pong between dom0 and a guest,
 * through /dev/xen/evtchn on both sides (statically linked: the same binary
 * runs in the lab's guests and in dom0).
 *
 *   evtchn-pingpong serve DEV IDLE_MS
 *       (guest) bind an unbound port for dom0, publish it in xenstore as
 *       data/pingpong-port (through /dev/xen/xenbus), then answer every
 *       event with one notification; stop after IDLE_MS without one.
 *       Prints "port P" first and "echoed N" last.
 *   evtchn-pingpong ping DEV DOMID PORT ROUNDS
 *       (dom0) bind to the guest's PORT and do ROUNDS round trips: notify,
 *       wait for the one answer.  Prints the round-trip latencies.
 *
 * Every message is checked: each answer must come on our own port, within
 * 5 s, and be the only one (strict alternation: nothing else is pending
 * after it); at the end, nothing more arrives; the guest's count of echoes
 * must equal the pinger's count of rounds (the scenario compares them).
 * Exit status 0 when every check passed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

/* <xen/evtchn.h> of linux-libc-dev uses domid_t without defining it. */
#define domid_t uint16_t
#include <xen/evtchn.h>

#define ANSWER_MS	5000
#define QUIET_MS	300

/* xenstore's wire protocol (xen/include/public/io/xs_wire.h): XS_WRITE. */
#define XS_WRITE	11
#define XS_ERROR	16

struct xs_header {
	uint32_t type, req_id, tx_id, len;
};

static int xs_write(const char *path, const char *value)
{
	char msg[256], reply[256];
	struct xs_header *h = (struct xs_header *)msg;
	size_t plen = strlen(path) + 1, vlen = strlen(value);
	ssize_t n;
	int fd;

	if (sizeof(*h) + plen + vlen > sizeof(msg))
		return -1;
	fd = open("/dev/xen/xenbus", O_RDWR);
	if (fd < 0) {
		perror("/dev/xen/xenbus");
		return -1;
	}
	memset(h, 0, sizeof(*h));
	h->type = XS_WRITE;
	h->len = plen + vlen;
	memcpy(msg + sizeof(*h), path, plen);
	memcpy(msg + sizeof(*h) + plen, value, vlen);
	if (write(fd, msg, sizeof(*h) + h->len) != (ssize_t)(sizeof(*h) + h->len)) {
		perror("xenbus write");
		close(fd);
		return -1;
	}
	n = read(fd, reply, sizeof(reply) - 1);
	close(fd);
	h = (struct xs_header *)reply;
	if (n < (ssize_t)sizeof(*h) || h->type == XS_ERROR) {
		reply[n > 0 ? n : 0] = '\0';
		fprintf(stderr, "xenstore write %s refused: %s\n", path,
			n > (ssize_t)sizeof(*h) ? reply + sizeof(*h) : "?");
		return -1;
	}
	return 0;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* The next fired port within @ms, handed back; -1 on timeout or error. */
static int next_event(int fd, int ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	uint32_t port;

	if (poll(&pfd, 1, ms) != 1 || !(pfd.revents & POLLIN))
		return -1;
	if (read(fd, &port, sizeof(port)) != sizeof(port))
		return -1;
	if (write(fd, &port, sizeof(port)) != sizeof(port))
		return -1;
	return port;
}

static int notify(int fd, unsigned int port)
{
	struct ioctl_evtchn_notify op = { .port = port };

	return ioctl(fd, IOCTL_EVTCHN_NOTIFY, &op);
}

static int serve(const char *dev, int idle_ms)
{
	struct ioctl_evtchn_bind_unbound_port op = { .remote_domain = 0 };
	unsigned long echoed = 0, wrong = 0;
	char buf[16];
	int fd, port, got;

	fd = open(dev, O_RDWR);
	if (fd < 0) {
		perror(dev);
		return 1;
	}
	port = ioctl(fd, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &op);
	if (port < 0) {
		perror("bind unbound port");
		return 1;
	}
	snprintf(buf, sizeof(buf), "%d", port);
	if (xs_write("data/pingpong-port", buf))
		return 1;
	printf("port %d\n", port);
	fflush(stdout);
	while ((got = next_event(fd, idle_ms)) >= 0) {
		if (got != port) {
			wrong++;
			continue;
		}
		if (notify(fd, port)) {
			perror("notify");
			return 1;
		}
		echoed++;
	}
	printf("echoed %lu\n", echoed);
	if (wrong)
		printf("FAIL: %lu events on a port not ours\n", wrong);
	return wrong ? 1 : 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int ping(const char *dev, unsigned int domid, unsigned int rport,
		unsigned long rounds)
{
	struct ioctl_evtchn_bind_interdomain op = {
		.remote_domain = domid, .remote_port = rport,
	};
	uint64_t *rtt, t0, sum = 0;
	unsigned long i;
	int fd, port, got;

	rtt = calloc(rounds ? rounds : 1, sizeof(*rtt));
	fd = open(dev, O_RDWR);
	if (!rtt || fd < 0) {
		perror(dev);
		return 1;
	}
	port = ioctl(fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &op);
	if (port < 0) {
		perror("bind interdomain");
		return 1;
	}
	/* Xen marks a newly bound interdomain port pending: drain it. */
	while (next_event(fd, QUIET_MS) >= 0)
		;
	for (i = 0; i < rounds; i++) {
		t0 = now_ns();
		if (notify(fd, port)) {
			perror("notify");
			return 1;
		}
		got = next_event(fd, ANSWER_MS);
		rtt[i] = now_ns() - t0;
		if (got != port) {
			printf("FAIL: round %lu: %s\n", i, got < 0 ?
			       "no answer within 5 s" : "answer on a port not ours");
			return 1;
		}
		/* Strict alternation: one answer per ping, never two. */
		got = next_event(fd, 0);
		if (got >= 0) {
			printf("FAIL: round %lu: a second event (port %d)\n",
			       i, got);
			return 1;
		}
		sum += rtt[i];
	}
	got = next_event(fd, QUIET_MS);
	if (got >= 0) {
		printf("FAIL: an event after the last round (port %d)\n", got);
		return 1;
	}
	qsort(rtt, rounds, sizeof(*rtt), cmp_u64);
	if (rounds)
		printf("rounds %lu min_us %.1f median_us %.1f mean_us %.1f max_us %.1f\n",
		       rounds, rtt[0] / 1e3, rtt[rounds / 2] / 1e3,
		       sum / 1e3 / rounds, rtt[rounds - 1] / 1e3);
	close(fd);
	free(rtt);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "serve"))
		return serve(argv[2], atoi(argv[3]));
	if (argc == 6 && !strcmp(argv[1], "ping"))
		return ping(argv[2], strtoul(argv[3], NULL, 0),
			    strtoul(argv[4], NULL, 0),
			    strtoul(argv[5], NULL, 0));
	fprintf(stderr, "usage: %s serve DEV IDLE_MS\n"
		"       %s ping DEV DOMID PORT ROUNDS\n", argv[0], argv[0]);
	return 2;
}
