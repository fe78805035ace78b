#define _GNU_SOURCE
#include "plan.h"

#include "fdpass.h"
#include "hook.h"
#include "inroot.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <linux/magic.h>
#include <linux/sched.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/statfs.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

struct shim {
    const struct message *plan;
    int sync_fd;
    int fifo_fd;
    int root_fd;
    int console_fd; /* connected --console-socket, or -1 */
    int started; /* past WAIT_START: errors go to stderr, not to the front */
    const char *exec_path;
    char **argv;
    char **envp;
    /* The container's state JSON for its hooks, as the brain sent it at the checkpoint: one for
     * createContainer ("creating") and one for startContainer ("created"). */
    char *hook_state[2];
    size_t hook_state_len[2];
    /* CGROUP_CLONE_INTO: the cgroup2 directory the CLONE step creates init in, or -1 */
    int cgroup_into;
    const char *cgroup_into_dir;
};

static _Noreturn void fail(struct shim *s, size_t step, int err, const char *detail) {
    if (s->started) {
        /* After start nobody waits for the sync pipe: say it on the container's stderr, and exit as
         * a shell would (127 not found, 126 found but not executable). */
        char why[128];
        snprintf(why, sizeof why, "%s", err ? strerror(err) : "failed");
        why[0] = (char)(why[0] >= 'A' && why[0] <= 'Z' ? why[0] + ('a' - 'A') : why[0]);
        if (err == 0 && detail && *detail)
            dprintf(2, "jrun: %s\n", detail); /* the detail says it all ("... exit status 1") */
        else
            dprintf(2, "jrun: %s: %s\n", detail && *detail ? detail : "container init", why);
        _exit(err == ENOENT ? 127 : 126);
    }
    struct sync_msg m;
    memset(&m, 0, sizeof m);
    m.kind = SYNC_ERROR;
    m.step = (int32_t)step;
    m.err = err;
    m.pid = (int32_t)getpid();
    if (detail) snprintf(m.detail, sizeof m.detail, "%s", detail);
    (void)!write(s->sync_fd, &m, sizeof m);
    _exit(1);
}

static void send_sync(struct shim *s, int kind, pid_t pid) {
    struct sync_msg m;
    memset(&m, 0, sizeof m);
    m.kind = kind;
    m.pid = (int32_t)pid;
    (void)!write(s->sync_fd, &m, sizeof m);
}

static char **string_list(const struct record *r) {
    char **v = calloc((size_t)r->nfields + 1, sizeof(char *));
    if (!v) _exit(1);
    for (uint32_t i = 0; i < r->nfields; i++) v[i] = r->f[i].s;
    return v;
}

static void fd_path(char *buf, size_t len, int fd) {
    snprintf(buf, len, "/proc/self/fd/%d", fd);
}

/* Flags the kernel keeps locked on a mount: a remount must repeat them or fail with EPERM. */
static unsigned long locked_flags(int fd, unsigned long wanted) {
    struct statvfs sv;
    if (fstatvfs(fd, &sv) < 0) return 0;
    unsigned long f = 0;
    if (sv.f_flag & ST_NOSUID) f |= MS_NOSUID;
    if (sv.f_flag & ST_NODEV) f |= MS_NODEV;
    if (sv.f_flag & ST_NOEXEC) f |= MS_NOEXEC;
    if (!(wanted & (MS_NOATIME | MS_RELATIME | MS_STRICTATIME))) {
        if (sv.f_flag & ST_NOATIME) f |= MS_NOATIME;
        if (sv.f_flag & ST_RELATIME) f |= MS_RELATIME;
    }
    if (sv.f_flag & ST_NODIRATIME) f |= MS_NODIRATIME;
    return f;
}

static int do_mount(struct shim *s, const struct record *r) {
    const char *src = field_str(r, 0);
    const char *target = field_str(r, 1);
    const char *fstype = field_str(r, 2);
    unsigned long flags = (unsigned long)field_ll(r, 3, 0);
    const char *data = field_str(r, 4);
    int is_file = strcmp(field_str(r, 5), "file") == 0;
    int src_is_path = strcmp(field_str(r, 6), "1") == 0;

    int tfd = inroot_mkpath(s->root_fd, target, is_file, 0755);
    if (tfd < 0) return -1;
    char tpath[64], spath[64];
    fd_path(tpath, sizeof tpath, tfd);
    int sfd = -1;
    if (src_is_path) {
        sfd = open(src, O_PATH | O_CLOEXEC);
        if (sfd < 0) {
            int e = errno;
            close(tfd);
            errno = e;
            return -1;
        }
        fd_path(spath, sizeof spath, sfd);
        src = spath;
    }
    int rc = mount(src, tpath, *fstype ? fstype : NULL, flags, *data ? data : NULL);
    int e = errno;
    if (sfd >= 0) close(sfd);
    close(tfd);
    errno = e;
    return rc;
}

static int do_remount(struct shim *s, const struct record *r) {
    unsigned long flags = (unsigned long)field_ll(r, 1, 0);
    int fd = inroot_open(s->root_fd, field_str(r, 0), O_PATH);
    if (fd < 0) return -1;
    char p[64];
    fd_path(p, sizeof p, fd);
    int rc = mount(NULL, p, NULL, flags | locked_flags(fd, flags), NULL);
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

static int do_propagation(struct shim *s, const struct record *r) {
    int fd = inroot_open(s->root_fd, field_str(r, 0), O_PATH);
    if (fd < 0) return -1;
    char p[64];
    fd_path(p, sizeof p, fd);
    int rc = mount(NULL, p, NULL, (unsigned long)field_ll(r, 1, 0), NULL);
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

static int do_mknod(struct shim *s, const struct record *r) {
    char base[256];
    int dfd = inroot_parent(s->root_fd, field_str(r, 0), base, sizeof base);
    if (dfd < 0) return -1;
    mode_t mode = (mode_t)field_ll(r, 1, 0);
    dev_t dev = makedev((unsigned)field_ll(r, 2, 0), (unsigned)field_ll(r, 3, 0));
    int rc = mknodat(dfd, base, mode, dev);
    if (rc < 0 && errno == EEXIST) {
        /* Whatever is there stays as it is: it may be a bind-mounted host file. */
        close(dfd);
        return 0;
    }
    if (rc == 0) {
        rc = fchownat(dfd, base, (uid_t)field_ll(r, 4, 0), (gid_t)field_ll(r, 5, 0), AT_SYMLINK_NOFOLLOW);
        /* mknod applies the umask; the spec's fileMode is exact. */
        if (rc == 0) {
            int fd = openat(dfd, base, O_PATH | O_NOFOLLOW | O_CLOEXEC);
            if (fd >= 0) {
                char p[64];
                fd_path(p, sizeof p, fd);
                rc = chmod(p, mode & 07777);
                close(fd);
            }
        }
    }
    int e = errno;
    close(dfd);
    errno = e;
    return rc;
}

static int do_symlink(struct shim *s, const struct record *r) {
    char base[256];
    int dfd = inroot_parent(s->root_fd, field_str(r, 1), base, sizeof base);
    if (dfd < 0) return -1;
    int rc = symlinkat(field_str(r, 0), dfd, base);
    if (rc < 0 && errno == EEXIST) rc = 0;
    int e = errno;
    close(dfd);
    errno = e;
    return rc;
}

static int do_mkdir(struct shim *s, const struct record *r) {
    int fd = inroot_mkpath(s->root_fd, field_str(r, 0), 0, (mode_t)field_ll(r, 1, 0755));
    if (fd < 0) return -1;
    close(fd);
    return 0;
}

/* The /dev/null a masked path is covered with: the host's, before pivot_root, opened without
 * following links and checked to be the null device. A /dev/null the container controls could be a
 * link to a host file that the mask would then expose (CVE-2025-31133). */
static int verified_dev_null(void) {
    int fd = open("/dev/null", O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return -1;
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISCHR(st.st_mode) || st.st_rdev != makedev(1, 3)) {
        close(fd);
        errno = EPERM;
        return -1;
    }
    return fd;
}

/* maskedPaths: a file gets the null device over it, a directory an empty read-only tmpfs. A path
 * the rootfs does not have is nothing to mask. */
static int do_mask(struct shim *s, const struct record *r) {
    int tfd = inroot_open(s->root_fd, field_str(r, 0), O_PATH);
    if (tfd < 0) return errno == ENOENT ? 0 : -1;
    struct stat st;
    if (fstat(tfd, &st) < 0) {
        close(tfd);
        return -1;
    }
    char tpath[64];
    fd_path(tpath, sizeof tpath, tfd);
    int rc;
    if (S_ISDIR(st.st_mode)) {
        rc = mount("tmpfs", tpath, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "");
    } else {
        int null = verified_dev_null();
        if (null < 0) {
            int e = errno;
            close(tfd);
            errno = e;
            return -1;
        }
        char npath[64];
        fd_path(npath, sizeof npath, null);
        rc = mount(npath, tpath, NULL, MS_BIND, NULL);
        int e = errno;
        close(null);
        errno = e;
    }
    int e = errno;
    close(tfd);
    errno = e;
    return rc;
}

/* readonlyPaths: a recursive read-only bind of the path onto itself (mount_setattr, so submounts
 * too, and flags the kernel keeps locked stay as they are). */
static int do_readonly(struct shim *s, const struct record *r) {
    int tfd = inroot_open(s->root_fd, field_str(r, 0), O_PATH);
    if (tfd < 0) return errno == ENOENT ? 0 : -1;
    char tpath[64];
    fd_path(tpath, sizeof tpath, tfd);
    int rc = mount(tpath, tpath, NULL, MS_BIND | MS_REC, NULL);
    close(tfd);
    if (rc < 0) return -1;
    tfd = inroot_open(s->root_fd, field_str(r, 0), O_PATH); /* now the new bind mount */
    if (tfd < 0) return -1;
    struct mount_attr_v0 {
        unsigned long long attr_set, attr_clr, propagation, userns_fd;
    } attr = {0x00000001 /* MOUNT_ATTR_RDONLY */, 0, 0, 0};
    rc = (int)syscall(442 /* SYS_mount_setattr */, tfd, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof attr);
    int e = errno;
    close(tfd);
    errno = e;
    return rc;
}

static int reopen_root(struct shim *s) {
    if (s->root_fd >= 0) close(s->root_fd);
    s->root_fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
    return s->root_fd < 0 ? -1 : 0;
}

static int do_pivot_root(struct shim *s) {
    int oldroot = open("/", O_DIRECTORY | O_RDONLY | O_CLOEXEC);
    if (oldroot < 0) return -1;
    int rc = -1;
    if (fchdir(s->root_fd) < 0 || syscall(SYS_pivot_root, ".", ".") < 0) goto out;
    /* The old root is now stacked on the new one. Work on it through its own fd: "." would name the
     * new root for a propagation change (only umount looks through to the top mount). */
    if (fchdir(oldroot) < 0) goto out;
    /* rslave, so that detaching the old root does not propagate to the host. */
    if (mount(NULL, ".", NULL, MS_SLAVE | MS_REC, NULL) < 0) goto out;
    if (umount2(".", MNT_DETACH) < 0) goto out;
    if (chdir("/") < 0) goto out;
    rc = reopen_root(s);
out: {
    int e = errno;
    close(oldroot);
    errno = e;
    return rc;
}
}

static int do_chroot(struct shim *s) {
    if (fchdir(s->root_fd) < 0) return -1;
    if (mount(".", "/", NULL, MS_MOVE, NULL) < 0) return -1;
    if (chroot(".") < 0) return -1;
    if (chdir("/") < 0) return -1;
    return reopen_root(s);
}

/* In a user namespace whose setgroups is "deny" (rootless), the group list cannot change at all. */
static int setgroups_denied(void) {
    char buf[16] = "";
    int fd = open("/proc/self/setgroups", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    return n > 0 && strncmp(buf, "deny", 4) == 0;
}

static int do_setgroups(const struct record *r) {
    gid_t *g = calloc((size_t)r->nfields + 1, sizeof(gid_t));
    if (!g) return -1;
    for (uint32_t i = 0; i < r->nfields; i++) g[i] = (gid_t)field_ll(r, i, 0);
    int rc = setgroups(r->nfields, g);
    int e = errno;
    free(g);
    if (rc < 0 && e == EPERM && r->nfields == 0 && setgroups_denied()) return 0; /* nothing to clear */
    errno = e;
    return rc;
}

/* HOME from the container's own /etc/passwd when the environment has none, as runc does: read after
 * the mounts, so a bind-mounted or symlinked passwd counts. */
static int do_default_home(struct shim *s, const struct record *r) {
    size_t n = 0;
    for (; s->envp && s->envp[n]; n++)
        if (strncmp(s->envp[n], "HOME=", 5) == 0) return 0;
    const char *uid = field_str(r, 0);
    char home[4096] = "/";
    FILE *f = fopen("/etc/passwd", "re");
    if (f) {
        char line[4096];
        while (fgets(line, sizeof line, f)) {
            /* name:pw:uid:gid:gecos:home:shell */
            char *field[7] = {0};
            char *p = line;
            int k = 0;
            for (; k < 7 && p; k++) {
                field[k] = p;
                p = strchr(p, ':');
                if (p) *p++ = '\0';
            }
            if (k == 7 && strcmp(field[2], uid) == 0 && field[5][0]) {
                snprintf(home, sizeof home, "%s", field[5]);
                break;
            }
        }
        fclose(f);
    }
    char **env = realloc(s->envp, (n + 2) * sizeof(char *));
    if (!env) return -1;
    char *entry = malloc(strlen(home) + 6);
    if (!entry) return -1;
    sprintf(entry, "HOME=%s", home);
    env[n] = entry;
    env[n + 1] = NULL;
    s->envp = env;
    return 0;
}

/* Connects to the caller's --console-socket from the host, before any namespace is entered. */
static int do_console_socket(struct shim *s, const struct record *r) {
    struct sockaddr_un addr;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    const char *path = field_str(r, 0);
    if (strlen(path) >= sizeof addr.sun_path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(addr.sun_path, path);
    s->console_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s->console_fd < 0) return -1;
    return connect(s->console_fd, (struct sockaddr *)&addr, sizeof addr);
}

/* /dev/console becomes the pty's peer, as the runtime spec asks: bound through descriptors
 * (open_tree, move_mount), never through a path, onto a file opened without following links. A
 * /dev/console of the rootfs that is a symlink or a directory is refused (CVE-2025-52565). */
static int bind_console(struct shim *s, int peer) {
    char base[64];
    int dir = inroot_parent(s->root_fd, "/dev/console", base, sizeof base);
    if (dir < 0) return -1;
    int target = openat(dir, base, O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (target < 0 && errno == ENOENT) {
        int made = openat(dir, base, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (made >= 0) close(made);
        target = openat(dir, base, O_PATH | O_NOFOLLOW | O_CLOEXEC);
    }
    int e = errno;
    close(dir);
    if (target < 0) {
        errno = e;
        return -1;
    }
    struct stat st;
    if (fstat(target, &st) < 0 || !(S_ISREG(st.st_mode) || S_ISCHR(st.st_mode))) {
        close(target);
        errno = ELOOP;
        return -1;
    }
    int tree = (int)syscall(428 /* SYS_open_tree */, peer, "", 1 /* OPEN_TREE_CLONE */ | O_CLOEXEC | AT_EMPTY_PATH);
    int rc = tree < 0 ? -1
                      : (int)syscall(429 /* SYS_move_mount */, tree, "", target, "",
                                     0x4 /* MOVE_MOUNT_F_EMPTY_PATH */ | 0x40 /* MOVE_MOUNT_T_EMPTY_PATH */);
    e = errno;
    if (tree >= 0) close(tree);
    close(target);
    errno = e;
    return rc;
}

/* A pty from the container's own devpts: the peer is opened from the master (TIOCGPTPEER), never
 * by a path the container could redirect. The peer becomes the controlling terminal and stdio; the
 * master goes to the console socket, or to the front to relay. Fields: rows, cols, uid, gid, and 1
 * for init, whose peer is also bound on /dev/console. */
static int do_terminal(struct shim *s, const struct record *r) {
    int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0) return -1;
    int unlock = 0;
    if (ioctl(master, TIOCSPTLCK, &unlock) < 0) return -1;
    int peer = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (peer < 0) return -1;
    struct winsize ws = {(unsigned short)field_ll(r, 0, 0), (unsigned short)field_ll(r, 1, 0), 0, 0};
    if (ws.ws_row && ws.ws_col && ioctl(peer, TIOCSWINSZ, &ws) < 0) return -1;
    if (fchown(peer, (uid_t)field_ll(r, 2, 0), (gid_t)field_ll(r, 3, 0)) < 0) return -1;
    if (field_ll(r, 4, 0) == 1 && bind_console(s, peer) < 0) return -1;
    int ptn = 0;
    char name[32] = "";
    if (ioctl(master, TIOCGPTN, &ptn) == 0) snprintf(name, sizeof name, "/dev/pts/%d", ptn);
    if (s->console_fd >= 0) {
        if (fd_send(s->console_fd, master, name, strlen(name)) < 0) return -1;
        close(s->console_fd);
        s->console_fd = -1;
    } else {
        struct sync_msg m;
        memset(&m, 0, sizeof m);
        m.kind = SYNC_TERMINAL;
        if (fd_send(s->sync_fd, master, &m, sizeof m) < 0) return -1;
    }
    close(master);
    if (setsid() < 0 || ioctl(peer, TIOCSCTTY, 0) < 0) return -1;
    for (int fd = 0; fd < 3; fd++)
        if (dup2(peer, fd) < 0) return -1;
    close(peer);
    return 0;
}

static int hex_nibble(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* Loads the BPF program jrun compiled (fields: program in hex, seccomp(2) flags, listener 1/0). A
 * notify listener's descriptor goes to the front, which hands it to the listenerPath socket. */
static int do_seccomp(struct shim *s, const struct record *r) {
    const char *hex = field_str(r, 0);
    size_t len = strlen(hex) / 2;
    if (len == 0 || len % sizeof(struct sock_filter) != 0 || len / sizeof(struct sock_filter) > BPF_MAXINSNS) {
        errno = EINVAL;
        return -1;
    }
    unsigned char *bytes = malloc(len);
    if (!bytes) return -1;
    for (size_t i = 0; i < len; i++) {
        int hi = hex_nibble(hex[2 * i]), lo = hex_nibble(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            free(bytes);
            errno = EINVAL;
            return -1;
        }
        bytes[i] = (unsigned char)(hi << 4 | lo);
    }
    struct sock_fprog prog = {(unsigned short)(len / sizeof(struct sock_filter)), (struct sock_filter *)bytes};
    long rc = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, (unsigned long)field_ll(r, 1, 0), &prog);
    int e = errno;
    free(bytes);
    errno = e;
    if (rc < 0) return -1;
    if (field_ll(r, 2, 0) == 1) {
        struct sync_msg m;
        memset(&m, 0, sizeof m);
        m.kind = SYNC_SECCOMP;
        int sent = fd_send(s->sync_fd, (int)rc, &m, sizeof m);
        close((int)rc);
        if (sent < 0) return -1;
    }
    return 0;
}

/* Writes to a procfs file of the host's /proc (sysctls before pivot_root, oom_score_adj in stage 1,
 * inherited by init): a rootfs or a mount of the container can never be what is written through,
 * and the handle is checked to be procfs all the same. Namespaced sysctls resolve against the
 * writer's namespaces, the container's by then. */
static int proc_write(const char *path, const char *value) {
    int fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return -1;
    struct statfs sfs;
    if (fstatfs(fd, &sfs) < 0 || sfs.f_type != PROC_SUPER_MAGIC) {
        close(fd);
        errno = EXDEV;
        return -1;
    }
    ssize_t n = write(fd, value, strlen(value));
    int e = errno;
    close(fd);
    errno = e;
    return n < 0 ? -1 : 0;
}

/* Drops what is not in the bounding set: while still root (it needs CAP_SETPCAP). */
static int do_cap_bounding(const struct record *r) {
    unsigned long long bounding = (unsigned long long)field_ll(r, 0, 0);
    int last = (int)field_ll(r, 1, 40);
    for (int cap = 0; cap <= last; cap++) {
        if (!(bounding & (1ULL << cap)) && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL) return -1;
    }
    return 0;
}

/* After the uid switch (permitted kept by KEEP_CAPS): the exact sets, then the ambient ones. */
static int do_caps(const struct record *r) {
    unsigned long long effective = (unsigned long long)field_ll(r, 0, 0);
    unsigned long long permitted = (unsigned long long)field_ll(r, 1, 0);
    unsigned long long inheritable = (unsigned long long)field_ll(r, 2, 0);
    unsigned long long ambient = (unsigned long long)field_ll(r, 3, 0);
    int last = (int)field_ll(r, 4, 40);
    struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];
    data[0].effective = (uint32_t)effective;
    data[1].effective = (uint32_t)(effective >> 32);
    data[0].permitted = (uint32_t)permitted;
    data[1].permitted = (uint32_t)(permitted >> 32);
    data[0].inheritable = (uint32_t)inheritable;
    data[1].inheritable = (uint32_t)(inheritable >> 32);
    if (syscall(SYS_capset, &hdr, data) < 0) return -1;
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL) return -1;
    for (int cap = 0; cap <= last; cap++) {
        if ((ambient & (1ULL << cap)) && prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0) return -1;
    }
    return 0;
}

static int do_timens_offsets(const struct record *r) {
    int fd = open("/proc/self/timens_offsets", O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    const char *text = field_str(r, 0);
    ssize_t n = write(fd, text, strlen(text));
    int e = errno;
    close(fd);
    errno = e;
    return n < 0 ? -1 : 0;
}

static int do_find_exec(struct shim *s, const struct record *r) {
    int err = ENOENT;
    for (uint32_t i = 0; i < r->nfields; i++) {
        struct stat st;
        const char *c = field_str(r, i);
        if (stat(c, &st) < 0) continue;
        if (!S_ISREG(st.st_mode) || access(c, X_OK) < 0) {
            err = EACCES;
            continue;
        }
        s->exec_path = c;
        return 0;
    }
    errno = err;
    return -1;
}

static void die_on_signal(int sig) {
    _exit(128 + sig);
}

/* Stops until the front says to go on; what it sends along are the hooks' state documents, NUL-separated. */
static int do_checkpoint(struct shim *s, size_t step) {
    struct sync_msg m;
    memset(&m, 0, sizeof m);
    m.kind = SYNC_CHECKPOINT;
    m.step = (int32_t)step;
    if (write(s->sync_fd, &m, sizeof m) != (ssize_t)sizeof m) return -1;
    ssize_t n;
    do {
        n = read(s->sync_fd, &m, sizeof m);
    } while (n < 0 && errno == EINTR);
    if (n != (ssize_t)sizeof m || m.kind != SYNC_CONTINUE) _exit(1); /* aborted: the brain cleans up */
    size_t len = (size_t)m.err;
    char *data = calloc(len + 1, 1);
    if (!data) return -1;
    if (len > 0) {
        do {
            n = read(s->sync_fd, data, len);
        } while (n < 0 && errno == EINTR);
        if (n != (ssize_t)len) {
            errno = EPROTO;
            return -1;
        }
    }
    size_t first = strnlen(data, len);
    s->hook_state[0] = data;
    s->hook_state_len[0] = first;
    s->hook_state[1] = first < len ? data + first + 1 : data;
    s->hook_state_len[1] = first < len ? len - first - 1 : first;
    return 0;
}

/* A hook in the container's namespaces: fields which-state, path, timeout, argc, argv..., env... */
static int do_run_hook(struct shim *s, const struct record *r, char *detail, size_t detail_len) {
    int which = field_ll(r, 0, 0) == 1;
    long argc = field_ll(r, 3, 0);
    if (argc < 0 || argc + 4 > (long)r->nfields) {
        errno = EINVAL;
        return -1;
    }
    char **argv = calloc((size_t)argc + 1, sizeof(char *));
    char **envp = calloc(r->nfields - (size_t)argc - 4 + 1, sizeof(char *));
    if (!argv || !envp) return -1;
    for (long i = 0; i < argc; i++) argv[i] = r->f[4 + i].s;
    for (uint32_t i = (uint32_t)(4 + argc), k = 0; i < r->nfields; i++, k++) envp[k] = r->f[i].s;
    struct hook_result res = hook_run(field_str(r, 1), argv, envp, s->hook_state[which] ? s->hook_state[which] : "",
                                      s->hook_state_len[which], field_ll(r, 2, 0));
    free(argv);
    free(envp);
    if (res.ok) return 0;
    snprintf(detail, detail_len, "%s", res.detail);
    errno = res.err;
    return -1;
}

static int do_wait_start(struct shim *s) {
    /* init is pid 1 of its namespace: without a handler, signals from outside are ignored, and a
     * created container could not be killed with SIGTERM. execve resets handled signals. */
    const int fatal[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM};
    for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++) signal(fatal[i], die_on_signal);
    send_sync(s, SYNC_READY, getpid());
    close(s->sync_fd);
    s->sync_fd = -1;
    s->started = 1;
    char c;
    for (;;) {
        ssize_t n = read(s->fifo_fd, &c, 1);
        if (n == 1) break;
        if (n < 0 && errno == EINTR) continue;
        return -1;
    }
    close(s->fifo_fd);
    s->fifo_fd = -1;
    return 0;
}

/* Runs newuidmap/newgidmap (setuid helpers that check /etc/subuid) with "pid c h s c h s...";
 * what the helper says on stderr becomes the error's detail, so jrun still prints one line. */
static int run_id_helper(const char *helper, pid_t pid, const char *map, char *detail, size_t detail_len) {
    char *copy = strdup(map);
    char **argv = calloc(strlen(map) + 3, sizeof(char *));
    int err[2] = {-1, -1};
    if (!copy || !argv || pipe2(err, O_CLOEXEC) < 0) {
        free(copy);
        free(argv);
        return -1;
    }
    char pidtext[16];
    snprintf(pidtext, sizeof pidtext, "%d", (int)pid);
    size_t n = 0;
    argv[n++] = (char *)helper;
    argv[n++] = pidtext;
    for (char *save = NULL, *t = strtok_r(copy, " \n", &save); t; t = strtok_r(NULL, " \n", &save)) argv[n++] = t;
    argv[n] = NULL;
    pid_t child = fork();
    if (child == 0) {
        dup2(err[1], 2);
        execve(helper, argv, (char *[]){NULL});
        dprintf(2, "%s", strerror(errno));
        _exit(127);
    }
    int e = errno;
    close(err[1]);
    free(copy);
    free(argv);
    if (child < 0) {
        close(err[0]);
        errno = e;
        return -1;
    }
    char said[512] = "";
    size_t got = 0;
    for (ssize_t r; got < sizeof said - 1 && ((r = read(err[0], said + got, sizeof said - 1 - got)) > 0 || (r < 0 && errno == EINTR));)
        if (r > 0) got += (size_t)r;
    said[got] = '\0';
    close(err[0]);
    for (char *c = said; *c; c++)
        if (*c == '\n') *c = got && c == said + got - 1 ? '\0' : ' ';
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {}
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return 0;
    snprintf(detail, detail_len, "%s for the container process failed: %s", helper, *said ? said : "no reason given");
    errno = 0; /* the helper's words say it */
    return -1;
}

/* Stage 1 writes the id maps of init's new user namespace: uid_map, then setgroups (when it must
 * be denied: an unprivileged writer maps its own gid only so), then gid_map. */
static int write_id_maps(pid_t pid, const struct record *r, char *detail, size_t detail_len) {
    const char *files[] = {"uid_map", "setgroups", "gid_map"};
    const char *values[] = {field_str(r, 1), field_ll(r, 3, 0) ? "deny" : "", field_str(r, 2)};
    const char *helpers[] = {field_str(r, 4), "", field_str(r, 5)};
    for (int i = 0; i < 3; i++) {
        if (!*values[i]) continue;
        if (*helpers[i]) {
            if (run_id_helper(helpers[i], pid, values[i], detail, detail_len) < 0) return -1;
            continue;
        }
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, files[i]);
        snprintf(detail, detail_len, "write %s of the container process", files[i]);
        if (proc_write(path, values[i]) < 0) return -1;
    }
    return 0;
}

/* Writes "0" (the writer itself) into a cgroup file. */
static int write_zero(const char *file) {
    int fd = open(file, O_WRONLY | O_CLOEXEC);
    int rc = fd < 0 ? -1 : (write(fd, "0", 1) == 1 ? 0 : -1);
    int e = errno;
    if (fd >= 0) close(fd);
    errno = e;
    return rc;
}

/* clone, or clone3 into the CGROUP_CLONE_INTO cgroup (a kernel without clone3 or its cgroup field
 * gets the cgroup.procs write instead, and a plain clone). Returns like fork. */
static long clone_process(struct shim *s, unsigned long flags) {
    if (s->cgroup_into >= 0) {
        struct clone_args args;
        memset(&args, 0, sizeof args);
        args.flags = flags | CLONE_INTO_CGROUP;
        /* with CLONE_PARENT the child takes our own exit signal (SIGCHLD): clone3 wants none given */
        args.exit_signal = (flags & CLONE_PARENT) ? 0 : SIGCHLD;
        args.cgroup = (unsigned long long)s->cgroup_into;
        long pid = syscall(SYS_clone3, &args, sizeof args);
        if (pid >= 0 || (errno != ENOSYS && errno != E2BIG)) return pid;
        char procs[4096];
        snprintf(procs, sizeof procs, "%s/cgroup.procs", s->cgroup_into_dir);
        if (write_zero(procs) < 0) return -1;
    }
    return syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, 0);
}

static int do_clone(struct shim *s, const struct record *r, size_t step) {
    unsigned long flags = (unsigned long)field_ll(r, 0, 0);
    int userns = (flags & CLONE_NEWUSER) != 0;
    int gate[2] = {-1, -1};
    if (userns && pipe2(gate, O_CLOEXEC) < 0) return -1;
    /* /proc/<pid>/uid_map of a non-dumpable process belongs to the host's root: without root, stage 1
     * could not write it. init is dumpable only until the maps are written, while it waits alone. */
    if (userns) prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
    /* CLONE_PARENT: init becomes the front's child, so the caller's subreaper inherits it. */
    long pid = clone_process(s, flags | CLONE_PARENT);
    if (pid < 0) return -1;
    if (pid > 0) {
        if (userns) {
            close(gate[0]);
            char detail[4200];
            if (write_id_maps((pid_t)pid, r, detail, sizeof detail) < 0) {
                int e = errno;
                kill((pid_t)pid, SIGKILL);
                fail(s, step, e, detail);
            }
            /* init waits for this byte: nothing it does may run with unmapped ids */
            (void)!write(gate[1], "1", 1);
            close(gate[1]);
        }
        send_sync(s, SYNC_PID, (pid_t)pid);
        _exit(0);
    }
    if (userns) {
        close(gate[1]);
        char c;
        ssize_t n;
        do n = read(gate[0], &c, 1);
        while (n < 0 && errno == EINTR);
        close(gate[0]);
        if (n != 1) _exit(1); /* stage 1 failed and says why */
        prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
        /* root of the new namespace, as the mappings make it: the setup steps need its ids */
        if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0) return -1;
    }
    return 0; /* init goes on with the next step */
}

_Noreturn void plan_run(const struct message *plan, int sync_fd) {
    struct shim s = {plan, sync_fd, -1, -1, -1, 0, NULL, NULL, NULL, {NULL, NULL}, {0, 0}, -1, NULL};
    /* Until execve: processes in the container cannot ptrace us or open our /proc files (fds,
     * exe, memory); execve makes the user's program dumpable again. */
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    for (size_t i = 1; i < plan->n; i++) {
        const struct record *r = &plan->r[i];
        if (r->op == STEP_ARGV) s.argv = string_list(r);
        if (r->op == STEP_ENVP) s.envp = string_list(r);
    }
    for (size_t i = 1; i < plan->n; i++) {
        const struct record *r = &plan->r[i];
        int rc = 0;
        switch (r->op) {
        case STEP_CLOEXEC_FROM:
            rc = (int)syscall(SYS_close_range, (unsigned)field_ll(r, 0, 3), ~0U, CLOSE_RANGE_CLOEXEC);
            break;
        case STEP_CGROUP_JOIN: /* a v1 hierarchy's tasks file: this (only) thread moves */
            rc = write_zero(field_str(r, 0));
            break;
        case STEP_CGROUP_CLONE_INTO:
            s.cgroup_into_dir = field_str(r, 0);
            s.cgroup_into = open(s.cgroup_into_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            rc = s.cgroup_into < 0 ? -1 : 0;
            break;
        case STEP_START_FIFO:
            s.fifo_fd = open(field_str(r, 0), O_RDWR | O_CLOEXEC);
            rc = s.fifo_fd < 0 ? -1 : 0;
            break;
        case STEP_SETNS: {
            int fd = open(field_str(r, 1), O_RDONLY | O_CLOEXEC);
            rc = fd < 0 ? -1 : setns(fd, (int)field_ll(r, 0, 0));
            int e = errno;
            if (fd >= 0) close(fd);
            errno = e;
            break;
        }
        case STEP_CLONE:
            rc = do_clone(&s, r, i);
            break;
        case STEP_UNSHARE:
            rc = unshare((int)field_ll(r, 0, 0));
            break;
        case STEP_TIMENS_OFFSETS:
            rc = do_timens_offsets(r);
            break;
        case STEP_MOUNT_HOST: {
            const char *fstype = field_str(r, 2), *data = field_str(r, 4);
            rc = mount(field_str(r, 0), field_str(r, 1), *fstype ? fstype : NULL,
                       (unsigned long)field_ll(r, 3, 0), *data ? data : NULL);
            break;
        }
        case STEP_ROOTFS:
            if (s.root_fd >= 0) close(s.root_fd);
            s.root_fd = open(field_str(r, 0), O_PATH | O_DIRECTORY | O_CLOEXEC);
            rc = s.root_fd < 0 ? -1 : 0;
            break;
        case STEP_MOUNT:
            rc = do_mount(&s, r);
            break;
        case STEP_REMOUNT:
            rc = do_remount(&s, r);
            break;
        case STEP_PROPAGATION:
            rc = do_propagation(&s, r);
            break;
        case STEP_MKNOD:
            rc = do_mknod(&s, r);
            break;
        case STEP_SYMLINK:
            rc = do_symlink(&s, r);
            break;
        case STEP_MKDIR:
            rc = do_mkdir(&s, r);
            break;
        case STEP_MASK:
            rc = do_mask(&s, r);
            break;
        case STEP_READONLY:
            rc = do_readonly(&s, r);
            break;
        case STEP_PIVOT_ROOT:
            rc = do_pivot_root(&s);
            break;
        case STEP_CHROOT:
            rc = do_chroot(&s);
            break;
        case STEP_SETHOSTNAME:
            rc = sethostname(field_str(r, 0), r->nfields ? r->f[0].len : 0);
            break;
        case STEP_SETDOMAINNAME:
            rc = setdomainname(field_str(r, 0), r->nfields ? r->f[0].len : 0);
            break;
        case STEP_SETGROUPS:
            rc = do_setgroups(r);
            break;
        case STEP_SETGID: {
            gid_t g = (gid_t)field_ll(r, 0, 0);
            rc = setresgid(g, g, g);
            break;
        }
        case STEP_SETUID: {
            uid_t u = (uid_t)field_ll(r, 0, 0);
            rc = setresuid(u, u, u);
            break;
        }
        case STEP_CHDIR:
            rc = chdir(field_str(r, 0));
            break;
        case STEP_DEFAULT_HOME:
            rc = do_default_home(&s, r);
            break;
        case STEP_RLIMIT: {
            struct rlimit rl = {(rlim_t)field_ll(r, 1, 0), (rlim_t)field_ll(r, 2, 0)};
            rc = setrlimit((int)field_ll(r, 0, 0), &rl);
            break;
        }
        case STEP_OOM_SCORE_ADJ:
            rc = proc_write("/proc/self/oom_score_adj", field_str(r, 0));
            break;
        case STEP_UMASK:
            umask((mode_t)field_ll(r, 0, 022));
            break;
        case STEP_SYSCTL:
        case STEP_EXEC_LABEL:
            rc = proc_write(field_str(r, 0), field_str(r, 1));
            break;
        case STEP_PERSONALITY:
            rc = personality((unsigned long)field_ll(r, 0, 0)) < 0 ? -1 : 0;
            break;
        case STEP_NO_NEW_PRIVS:
            rc = prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
            break;
        case STEP_KEEP_CAPS:
            /* across setuid, keep the permitted set; the CAPS step then sets exactly what is asked */
            rc = prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0);
            break;
        case STEP_CONSOLE_SOCKET:
            rc = do_console_socket(&s, r);
            break;
        case STEP_SECCOMP:
            rc = do_seccomp(&s, r);
            break;
        case STEP_TERMINAL:
            rc = do_terminal(&s, r);
            break;
        case STEP_CHECKPOINT:
            rc = do_checkpoint(&s, i);
            break;
        case STEP_RUN_HOOK: {
            char detail[160] = "";
            if (do_run_hook(&s, r, detail, sizeof detail) < 0) {
                if (s.started) {
                    /* after start only stderr is left to say it on */
                    char what[4300];
                    snprintf(what, sizeof what, "startContainer hook %s: %s", field_str(r, 1), detail);
                    fail(&s, i, errno, what);
                }
                fail(&s, i, errno, detail);
            }
            break;
        }
        case STEP_CAP_BOUNDING:
            rc = do_cap_bounding(r);
            break;
        case STEP_CAPS:
            rc = do_caps(r);
            break;
        case STEP_FIND_EXEC:
            rc = do_find_exec(&s, r);
            break;
        case STEP_WAIT_START:
            rc = do_wait_start(&s);
            break;
        case STEP_EXEC:
            if (!s.exec_path || !s.argv) {
                errno = EINVAL;
                rc = -1;
                break;
            }
            if (!s.started) send_sync(&s, SYNC_READY, getpid());
            execve(s.exec_path, s.argv, s.envp ? s.envp : (char *[]){NULL});
            {
                char what[4200];
                snprintf(what, sizeof what, "exec %s", s.exec_path);
                fail(&s, i, errno, what);
            }
        case STEP_ARGV:
        case STEP_ENVP:
            break;
        default:
            errno = ENOSYS;
            rc = -1;
            break;
        }
        if (rc < 0) fail(&s, i, errno, NULL);
    }
    fail(&s, plan->n, EINVAL, "plan ended without exec");
}
