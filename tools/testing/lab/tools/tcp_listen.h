/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tcp_listen.h - the listening socket of the lab's network tools
 * (netcheck, netbench), which are each built from one .c file.
 */
#ifndef LAB_TCP_LISTEN_H
#define LAB_TCP_LISTEN_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

/*
 * A TCP socket listening on @port of every address, with room for
 * @backlog connections; SO_REUSEADDR, so that a tool started again
 * right after the last one ended finds the port free.  Returns the
 * socket, or -1 with errno set.
 */
static inline int tcp_listen(int port, int backlog)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int one = 1, fd;

	sa.sin_port = htons(port);
	sa.sin_addr.s_addr = htonl(INADDR_ANY);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    listen(fd, backlog)) {
		close(fd);
		return -1;
	}
	return fd;
}

#endif /* LAB_TCP_LISTEN_H */
