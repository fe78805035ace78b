/* Passing a file descriptor over a unix socket (SCM_RIGHTS). */
#ifndef JRUN_FDPASS_H
#define JRUN_FDPASS_H

#include <stddef.h>
#include <sys/types.h>

/* Sends data (one message) with fd attached. Returns 0 or -1. */
int fd_send(int sock, int fd, const void *data, size_t len);

/* Receives one message of at most len bytes; *fd is the descriptor attached to it, or -1. Returns the
 * message's length, 0 at the end, -1 on error. */
ssize_t fd_recv(int sock, void *data, size_t len, int *fd);

#endif
