/* The warm path: handing a command to a resident brain JVM over a unix socket. */
#ifndef JRUN_WARM_H
#define JRUN_WARM_H

/* A connection to the warm brain of this user and this installation, checked to be served by a
 * process of the same user in the same mount, pid and user namespaces; or -1, and then the caller
 * goes the cold way. When no warm brain runs (and JRUN_WARM does not disable it), one is started
 * in the background for the next commands. */
int warm_connect(const char *home);

#endif
