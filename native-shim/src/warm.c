/* The warm path (docs/warm-path.md). One resident brain per user and installation: its socket,
 * lock, pid and log files are <dir>/<key>.{sock,lock,pid,log}, where <dir> is /run/jrun-warm for
 * root ($XDG_RUNTIME_DIR/jrun-warm for other users; JRUN_WARM_DIR if set), a directory of the
 * user's alone, and <key> a hash of the installation directory and its build id, so that a front
 * only ever talks to a brain of its own build. */
#define _GNU_SOURCE
#include "warm.h"
#include "java.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static uint64_t fnv1a(uint64_t h, const char *s, size_t len) {
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

static int disabled(void) {
    const char *v = getenv("JRUN_WARM");
    return v && (!strcmp(v, "0") || !strcmp(v, "off") || !strcmp(v, "false") || !strcmp(v, "no"));
}

/* <dir> exists, is a directory of ours and nobody else's (made if missing). */
static int private_dir(const char *dir) {
    struct stat st;
    if (lstat(dir, &st) < 0) {
        if (errno != ENOENT || mkdir(dir, 0700) < 0 || lstat(dir, &st) < 0) return 0;
    }
    return S_ISDIR(st.st_mode) && st.st_uid == geteuid() && (st.st_mode & 077) == 0;
}

static int same_namespaces(pid_t peer) {
    static const char *const kinds[] = {"mnt", "pid", "user"};
    if (peer <= 0) return 0;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        char mine[64], theirs[64];
        struct stat a, b;
        snprintf(mine, sizeof mine, "/proc/self/ns/%s", kinds[i]);
        snprintf(theirs, sizeof theirs, "/proc/%d/ns/%s", (int)peer, kinds[i]);
        if (stat(mine, &a) < 0 || stat(theirs, &b) < 0 || a.st_ino != b.st_ino || a.st_dev != b.st_dev) return 0;
    }
    return 1;
}

/* Double fork and setsid: the brain belongs to no caller's session, and nobody waits for it. */
static void start_brain(const char *home, const char *base) {
    char lock[PATH_MAX + 8];
    snprintf(lock, sizeof lock, "%s.lock", base);
    /* A brain that holds the lock is running or starting: it will answer soon. */
    int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) return;
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
    int held = fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
    close(fd);
    if (held) return;

    pid_t child = fork();
    if (child < 0) return;
    if (child == 0) {
        setsid();
        if (fork() != 0) _exit(0);
        for (int sig = 1; sig < NSIG; sig++) signal(sig, SIG_DFL);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        syscall(SYS_close_range, 0U, ~0U, 0U);
        char log[PATH_MAX + 8];
        snprintf(log, sizeof log, "%s.log", base);
        int null = open("/dev/null", O_RDWR);                                          /* 0 */
        if (null != 0 || dup(0) != 1) _exit(127);                                      /* 1 */
        if (open(log, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600) != 2 && dup(0) != 2) _exit(127); /* 2 */
        if (chdir("/") < 0) _exit(127);
        umask(022);
        const char *idle = getenv("JRUN_WARM_IDLE");
        char *args[] = {(char *)base, (char *)(idle && *idle ? idle : "300"), NULL};
        /* resident: a small heap given back when unused, instead of the cold brain's roomy one */
        char *flags[] = {"-Xms4m", "-Xmx64m", "-XX:MinHeapFreeRatio=5", "-XX:MaxHeapFreeRatio=20", NULL};
        exec_java(home, flags, "io.jrun.cli.warm.WarmBrain", args);
        _exit(127);
    }
    waitpid(child, NULL, 0);
}

int warm_connect(const char *home) {
    if (disabled()) return -1;
    char dir[PATH_MAX / 2];
    const char *chosen = getenv("JRUN_WARM_DIR");
    if (chosen && *chosen) {
        snprintf(dir, sizeof dir, "%s", chosen);
    } else if (geteuid() == 0) {
        snprintf(dir, sizeof dir, "/run/jrun-warm");
    } else {
        const char *xdg = getenv("XDG_RUNTIME_DIR");
        if (!xdg || !*xdg) return -1;
        snprintf(dir, sizeof dir, "%s/jrun-warm", xdg);
    }
    if (!private_dir(dir)) return -1;

    /* the build id changes with every build: a rebuilt front never talks to an older brain */
    char info[PATH_MAX], buf[1024];
    snprintf(info, sizeof info, "%s/lib/build-info.properties", home);
    uint64_t key = fnv1a(0xcbf29ce484222325ULL, home, strlen(home) + 1);
    int in = open(info, O_RDONLY | O_CLOEXEC);
    if (in < 0) return -1;
    ssize_t n = read(in, buf, sizeof buf);
    close(in);
    if (n <= 0) return -1;
    key = fnv1a(key, buf, (size_t)n);

    char base[PATH_MAX];
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    snprintf(base, sizeof base, "%s/%016llx", dir, (unsigned long long)key);
    if (snprintf(addr.sun_path, sizeof addr.sun_path, "%s.sock", base) >= (int)sizeof addr.sun_path) return -1;

    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
        int e = errno;
        close(fd);
        if (e == ENOENT || e == ECONNREFUSED) start_brain(home, base);
        return -1;
    }
    struct ucred cred;
    socklen_t len = sizeof cred;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0 || cred.uid != geteuid() ||
        !same_namespaces(cred.pid)) {
        close(fd);
        return -1;
    }
    return fd;
}
