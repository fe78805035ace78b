#define _GNU_SOURCE
#include "sealed.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

/* Set for the copy only, and removed by it before anything else reads the environment. */
#define HOME_VAR "_JRUN_SEALED_HOME"
#define SEALS (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)

static _Noreturn void fail(const char *what) {
    fprintf(stderr, "jrun: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* <home>/bin/jrun -> <home> */
static void home_of(const char *exe, char *home, size_t len) {
    snprintf(home, len, "%s", exe);
    for (int i = 0; i < 2; i++) {
        char *slash = strrchr(home, '/');
        if (!slash) {
            errno = ENOENT;
            fail("cannot find the jrun installation directory");
        }
        *slash = '\0';
    }
}

void run_sealed(char **argv, char *home, size_t len) {
    int exe = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    if (exe < 0) fail("open /proc/self/exe");
    int seals = fcntl(exe, F_GET_SEALS); /* only a memfd has seals */
    if (seals >= 0 && (seals & SEALS) == SEALS) {
        close(exe);
        const char *h = getenv(HOME_VAR);
        if (!h || !*h) {
            errno = ENOENT;
            fail("cannot find the jrun installation directory");
        }
        snprintf(home, len, "%s", h);
        unsetenv(HOME_VAR);
        return;
    }
    char path[4096];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n < 0) fail("readlink /proc/self/exe");
    path[n] = '\0';
    home_of(path, home, len);

    struct stat st;
    if (fstat(exe, &st) < 0) fail("stat /proc/self/exe");
    int copy = memfd_create("jrun", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (copy < 0) fail("memfd_create");
    for (off_t off = 0; off < st.st_size;) {
        ssize_t sent = sendfile(copy, exe, &off, (size_t)(st.st_size - off));
        if (sent < 0 && errno == EINTR) continue;
        if (sent <= 0) fail("copy the jrun binary");
    }
    close(exe);
    if (fcntl(copy, F_ADD_SEALS, SEALS) < 0) fail("seal the copy of the jrun binary");
    if (setenv(HOME_VAR, home, 1) < 0) fail("setenv");
    fexecve(copy, argv, environ);
    fail("execute the sealed copy of the jrun binary");
}

void find_home(char *home, size_t len) {
    char path[4096];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n < 0) fail("readlink /proc/self/exe");
    path[n] = '\0';
    home_of(path, home, len);
}
