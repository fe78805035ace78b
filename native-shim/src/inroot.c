#define _GNU_SOURCE
#include "inroot.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <stdio.h>
#include <unistd.h>

#ifndef SYS_openat2
#define SYS_openat2 437
#endif

int inroot_open(int rootfd, const char *path, int flags) {
    struct open_how how;
    memset(&how, 0, sizeof how);
    how.flags = (unsigned long long)(flags | O_CLOEXEC);
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
    while (*path == '/') path++;
    if (*path == '\0') path = ".";
    for (;;) {
        long fd = syscall(SYS_openat2, rootfd, path, &how, sizeof how);
        /* EAGAIN: a rename raced with the lookup; the kernel asks us to retry. */
        if (fd < 0 && errno == EAGAIN) continue;
        return (int)fd;
    }
}

static int mkpath(int rootfd, const char *path, int last_is_file, mode_t dir_mode, int depth);

/* A component that is a dangling symlink: creation goes on at its target, still inside the root
 * (the rewritten path is resolved from the root again). */
static int follow_dangling(int rootfd, int dirfd, const char *prefix, const char *name, const char *rest,
                           int last_is_file, mode_t dir_mode, int depth) {
    char link[4096], next[8192];
    ssize_t n = readlinkat(dirfd, name, link, sizeof link - 1);
    if (n < 0) return -1;
    link[n] = '\0';
    if (depth >= 40) {
        errno = ELOOP;
        return -1;
    }
    int len;
    if (link[0] == '/')
        len = snprintf(next, sizeof next, "%s/%s", link, rest);
    else
        len = snprintf(next, sizeof next, "%.*s/%s/%s", (int)(name - prefix), prefix, link, rest);
    if (len < 0 || (size_t)len >= sizeof next) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return mkpath(rootfd, next, last_is_file, dir_mode, depth + 1);
}

int inroot_mkpath(int rootfd, const char *path, int last_is_file, mode_t dir_mode) {
    return mkpath(rootfd, path, last_is_file, dir_mode, 0);
}

static int mkpath(int rootfd, const char *path, int last_is_file, mode_t dir_mode, int depth) {
    char buf[4096];
    size_t plen = strlen(path);
    if (plen >= sizeof buf) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(buf, path, plen + 1);

    int cur = inroot_open(rootfd, ".", O_PATH | O_DIRECTORY);
    if (cur < 0) return -1;
    char *p = buf;
    for (;;) {
        while (*p == '/') p++;
        if (*p == '\0') return cur; /* the path named the root itself, or ended with '/' */
        char *end = strchr(p, '/');
        int last = end == NULL;
        if (!last) {
            char *q = end;
            while (*q == '/') q++;
            last = *q == '\0';
        }
        char saved = end ? *end : '\0';
        if (end) *end = '\0';
        /* Resolve the whole prefix from the root, so symlinks keep root semantics. */
        int next = inroot_open(rootfd, buf, O_PATH);
        if (next < 0 && errno == ENOENT) {
            int rc;
            if (last && last_is_file) {
                rc = openat(cur, p, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
                if (rc >= 0) close(rc);
            } else {
                rc = mkdirat(cur, p, dir_mode);
            }
            if (rc < 0 && errno == EEXIST) {
                struct stat st;
                if (fstatat(cur, p, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode)) {
                    int fd = follow_dangling(rootfd, cur, buf, p, end ? end + 1 : "", last_is_file,
                                             dir_mode, depth);
                    int e = errno;
                    close(cur);
                    errno = e;
                    return fd;
                }
            } else if (rc < 0) {
                goto fail;
            }
            next = inroot_open(rootfd, buf, O_PATH);
        }
        if (next < 0) goto fail;
        close(cur);
        cur = next;
        if (end) *end = saved;
        if (last) return cur;
        p = end;
        continue;
    fail: {
        int e = errno;
        close(cur);
        errno = e;
        return -1;
    }
    }
}

int inroot_parent(int rootfd, const char *path, char *base, size_t baselen) {
    char dir[4096];
    size_t len = strlen(path);
    while (len > 0 && path[len - 1] == '/') len--;
    size_t start = len;
    while (start > 0 && path[start - 1] != '/') start--;
    size_t blen = len - start;
    if (blen == 0 || blen >= baselen || start >= sizeof dir) {
        errno = blen == 0 ? EINVAL : ENAMETOOLONG;
        return -1;
    }
    if ((blen == 1 && path[start] == '.') || (blen == 2 && path[start] == '.' && path[start + 1] == '.')) {
        errno = EINVAL;
        return -1;
    }
    memcpy(base, path + start, blen);
    base[blen] = '\0';
    memcpy(dir, path, start);
    dir[start] = '\0';
    return inroot_mkpath(rootfd, dir, 0, 0755);
}
