/* Running from a sealed in-memory copy of the jrun binary (the CVE-2019-5736 class). */
#ifndef JRUN_SEALED_H
#define JRUN_SEALED_H

#include <stddef.h>

/* Makes sure this process runs from a sealed memfd copy of its binary, so that no process it starts
 * in a container can reach the host's file through /proc/<pid>/exe: the first call copies the
 * binary, seals it and re-executes it; in the copy it returns. Either way home gets the
 * installation directory (<home>/bin/jrun), found from the real binary's path. */
void run_sealed(char **argv, char *home, size_t len);

/* Only <home>, for commands that start no process in a container and so need no sealed copy. */
void find_home(char *home, size_t len);

#endif
