/* Running an OCI hook: the front runs those of the runtime namespace, the shim those of the container. */
#ifndef JRUN_HOOK_H
#define JRUN_HOOK_H

#include <stddef.h>

struct hook_result {
    int ok;          /* exited with status 0 */
    int err;         /* errno when it could not be started (or ETIMEDOUT) */
    char detail[160];
};

/* Forks and execs path with argv and envp (NULL-terminated), writes the state JSON to its stdin,
 * and waits for it, at most timeout seconds (0: no limit), killing it when the time is up. The
 * hook's stdout and stderr are the caller's. */
struct hook_result hook_run(const char *path, char **argv, char **envp, const char *state, size_t state_len,
                            long timeout);

#endif
