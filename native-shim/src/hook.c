#define _GNU_SOURCE
#include "hook.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct hook_result hook_run(const char *path, char **argv, char **envp, const char *state, size_t state_len,
                            long timeout) {
    struct hook_result res;
    memset(&res, 0, sizeof res);
    int in[2];
    if (pipe2(in, O_CLOEXEC) < 0) {
        res.err = errno;
        snprintf(res.detail, sizeof res.detail, "pipe");
        return res;
    }
    pid_t pid = fork();
    if (pid < 0) {
        res.err = errno;
        snprintf(res.detail, sizeof res.detail, "fork");
        close(in[0]);
        close(in[1]);
        return res;
    }
    if (pid == 0) {
        for (int sig = 1; sig < NSIG; sig++) signal(sig, SIG_DFL);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        dup2(in[0], 0);
        execve(path, argv, envp);
        /* the parent sees status 127 and says why from errno below */
        dprintf(2, "jrun: hook %s: %s\n", path, strerror(errno));
        _exit(127);
    }
    close(in[0]);
    /* The hook may not read its stdin at all: a broken pipe is not a failure. */
    void (*old)(int) = signal(SIGPIPE, SIG_IGN);
    for (size_t off = 0; off < state_len;) {
        ssize_t n = write(in[1], state + off, state_len - off);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        off += (size_t)n;
    }
    close(in[1]);
    signal(SIGPIPE, old);

    int status = 0;
    struct timespec tick = {0, 10 * 1000 * 1000};
    long waited_ms = 0;
    for (;;) {
        pid_t r = waitpid(pid, &status, timeout > 0 ? WNOHANG : 0);
        if (r == pid) break;
        if (r < 0 && errno != EINTR) {
            res.err = errno;
            snprintf(res.detail, sizeof res.detail, "wait");
            return res;
        }
        if (timeout > 0 && r == 0) {
            if (waited_ms >= timeout * 1000) {
                kill(pid, SIGKILL);
                waitpid(pid, &status, 0);
                res.err = ETIMEDOUT;
                snprintf(res.detail, sizeof res.detail, "timed out after %ld s", timeout);
                return res;
            }
            nanosleep(&tick, NULL);
            waited_ms += 10;
        }
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        res.ok = 1;
    } else if (WIFEXITED(status)) {
        snprintf(res.detail, sizeof res.detail, "exit status %d", WEXITSTATUS(status));
    } else {
        snprintf(res.detail, sizeof res.detail, "killed by signal %d", WTERMSIG(status));
    }
    return res;
}
