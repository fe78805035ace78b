/* In-root resolution must never leave the root: symlinks and ".." are clamped, creation follows
 * the resolved directories. Runs unprivileged on a temp dir. */
#define _GNU_SOURCE
#include "check.h"
#include "inroot.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char base[PATH_MAX];

static int exists(const char *rel) {
    char p[PATH_MAX * 2];
    struct stat st;
    snprintf(p, sizeof p, "%s/%s", base, rel);
    return lstat(p, &st) == 0;
}

static void where(int fd, char *out, size_t len) {
    char p[64];
    snprintf(p, sizeof p, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(p, out, len - 1);
    out[n < 0 ? 0 : n] = '\0';
}

int main(void) {
    char tmpl[] = "/tmp/jrun-inroot-XXXXXX";
    CHECK(mkdtemp(tmpl) != NULL);
    snprintf(base, sizeof base, "%s", tmpl);
    char root[PATH_MAX + 16], outside[PATH_MAX + 16];
    snprintf(root, sizeof root, "%s/root", base);
    snprintf(outside, sizeof outside, "%s/outside", base);
    CHECK(mkdir(root, 0755) == 0 && mkdir(outside, 0755) == 0);
    int rootfd = open(root, O_PATH | O_DIRECTORY);
    CHECK(rootfd >= 0);

    /* Symlinks that point out of the root, absolutely and by "..". */
    char target[PATH_MAX * 2];
    CHECK(symlinkat(outside, rootfd, "abs") == 0);
    CHECK(symlinkat("../../../../outside", rootfd, "rel") == 0);

    /* mkpath through an absolute symlink creates inside the root, not in base/outside. */
    int fd = inroot_mkpath(rootfd, "/abs/made/here", 0, 0755);
    CHECK(fd >= 0);
    where(fd, target, sizeof target);
    CHECK(strncmp(target, root, strlen(root)) == 0);
    CHECK(!exists("outside/made"));
    /* The symlink's target was created under the root: root/<outside path>/made/here. */
    char expect[PATH_MAX * 2];
    snprintf(expect, sizeof expect, "%s%s/made/here", root, outside);
    CHECK(strcmp(target, expect) == 0);
    close(fd);

    fd = inroot_mkpath(rootfd, "rel/x", 0, 0755);
    CHECK(fd >= 0);
    where(fd, target, sizeof target);
    CHECK(strncmp(target, root, strlen(root)) == 0);
    CHECK(!exists("outside/x"));
    close(fd);

    /* ".." above the root is clamped to the root. */
    fd = inroot_mkpath(rootfd, "../../../etc-made", 0, 0755);
    CHECK(fd >= 0);
    CHECK(exists("root/etc-made"));
    CHECK(!exists("etc-made"));
    close(fd);

    /* A file as last component. */
    fd = inroot_mkpath(rootfd, "/dir/file", 1, 0755);
    CHECK(fd >= 0);
    struct stat st;
    CHECK(fstat(fd, &st) == 0 && S_ISREG(st.st_mode));
    close(fd);

    /* A magic link inside the root is refused. */
    CHECK(symlinkat("/proc/self/root", rootfd, "magic") == 0);
    fd = inroot_open(rootfd, "magic/etc", O_PATH);
    CHECK(fd < 0 || (where(fd, target, sizeof target), strncmp(target, root, strlen(root)) == 0));
    if (fd >= 0) close(fd);

    /* The parent helper: last component split off, parents made. */
    char name[256];
    fd = inroot_parent(rootfd, "/dev/sub/null", name, sizeof name);
    CHECK(fd >= 0 && strcmp(name, "null") == 0 && exists("root/dev/sub"));
    if (fd >= 0) close(fd);
    CHECK(inroot_parent(rootfd, "/", name, sizeof name) < 0 && errno == EINVAL);

    char cmd[PATH_MAX + 32];
    snprintf(cmd, sizeof cmd, "rm -rf --one-file-system %s", base);
    CHECK(system(cmd) == 0);
    CHECK_DONE("test_inroot");
}
