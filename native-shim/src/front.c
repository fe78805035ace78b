/* The jrun executable: the native front. It starts the Java brain, relays the caller's argv, env,
 * cwd and stdio to it, and carries out what the brain asks for that needs a process of its own:
 * spawning containers (plan.c) and waiting for them. See docs/shim-protocol.md. */
#define _GNU_SOURCE
#include "fdpass.h"
#include "hook.h"
#include "java.h"
#include "warm.h"
#include "plan.h"
#include "proto.h"
#include "sealed.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <termios.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int to_brain = -1, from_brain = -1;
static pid_t brain_pid = -1;
/* Inits spawned in this command: if the brain dies before it answers, nobody would ever start or
 * delete them, so they are killed. */
static pid_t spawned[16];
static size_t nspawned;
/* The pty master of a foreground container with a terminal and no console socket: WAIT relays it. */
static int term_master = -1;

static const int forwarded_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH, SIGCONT};

/* Signals that would kill the front halfway through making a container (and the brain with it). */
static void termination_signals(sigset_t *set) {
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGHUP);
    sigaddset(set, SIGQUIT);
}

static _Noreturn void die(const char *what) {
    fprintf(stderr, "jrun: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void reset_signals(void) {
    sigset_t all;
    for (int sig = 1; sig < NSIG; sig++) signal(sig, SIG_DFL);
    sigemptyset(&all);
    sigprocmask(SIG_SETMASK, &all, NULL);
}

static int move_up(int fd) {
    int n = fcntl(fd, F_DUPFD_CLOEXEC, 512);
    if (n < 0) return fd; /* a low RLIMIT_NOFILE: keep it where it is */
    close(fd);
    return n;
}

static int move_high(int fd) {
    int n = fcntl(fd, F_DUPFD_CLOEXEC, 100);
    if (n < 0) _exit(127);
    close(fd);
    return n;
}

static _Noreturn void exec_brain(const char *home, int rd, int wr) {
    reset_signals();
    /* Out of the caller's process group: a terminal's ^C is for the container, not the brain. */
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    rd = move_high(rd);
    wr = move_high(wr);
    if (dup2(rd, 3) < 0 || dup2(wr, 4) < 0) _exit(127);
    syscall(SYS_close_range, 5U, ~0U, 0U);
    int null = open("/dev/null", O_RDWR);
    if (null >= 0) {
        dup2(null, 0);
        dup2(null, 1);
        if (null > 4) close(null);
    }

    exec_java(home, NULL, "io.jrun.cli.Main", NULL);
    fprintf(stderr, "jrun: cannot start the Java runtime %s/runtime/bin/java: %s\n", home, strerror(errno));
    _exit(127);
}

static void send_hello(int argc, char **argv) {
    struct msgbuf b;
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd)) cwd[0] = '\0';
    mb_init(&b);
    mb_record(&b, OP_HELLO);
    mb_str(&b, PROTO_VERSION);
    mb_str(&b, cwd);
    mb_ll(&b, getuid());
    mb_ll(&b, getgid());
    mb_ll(&b, getpid());
    mb_record(&b, OP_ARGV_LIST);
    for (int i = 1; i < argc; i++) mb_str(&b, argv[i]);
    mb_record(&b, OP_ENV_LIST);
    for (char **e = environ; *e; e++) mb_str(&b, *e);
    if (mb_send(&b, to_brain) < 0) die("send to the Java brain");
    mb_free(&b);
}

static void reply(struct msgbuf *b) {
    if (mb_send(b, to_brain) < 0) die("send to the Java brain");
    mb_free(b);
}

static void do_read_stdin(void) {
    size_t len = 0, cap = 4096;
    char *buf = malloc(cap);
    for (;;) {
        if (len == cap) buf = realloc(buf, cap *= 2);
        if (!buf) die("read stdin");
        ssize_t n = read(0, buf + len, cap - len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        len += (size_t)n;
    }
    struct msgbuf b;
    mb_init(&b);
    mb_record(&b, OP_DATA);
    mb_field(&b, buf, (uint32_t)len);
    free(buf);
    reply(&b);
}

static void copy_window_size(void) {
    struct winsize ws;
    /* a terminal that reports no size (0x0) would override consoleSize for nothing */
    if (ioctl(0, TIOCGWINSZ, &ws) == 0 && ws.ws_row && ws.ws_col) ioctl(term_master, TIOCSWINSZ, &ws);
}

/* The seccomp notify listener init passed up, until the brain says where it goes. */
static int seccomp_listener = -1;

/* A spawn in progress: it may stop at a checkpoint (PAUSED) while the brain runs hooks. */
static struct {
    int active;
    int fd;        /* the front's end of the sync socket */
    pid_t stage1;
    pid_t init;
    int hold;
    int ready;
    int checkpoint; /* step index of a checkpoint init waits at, or -1 */
    struct sync_msg error;
} spawn;

static void spawn_reply_failed(int step, int err, const char *detail) {
    struct msgbuf b;
    mb_init(&b);
    mb_record(&b, OP_FAILED);
    mb_ll(&b, step);
    mb_ll(&b, err);
    mb_str(&b, detail);
    mb_ll(&b, spawn.init);
    reply(&b);
}

static void spawn_finish(void) {
    sigset_t term;
    termination_signals(&term);
    close(spawn.fd);
    if (spawn.stage1 > 0) waitpid(spawn.stage1, NULL, 0);
    spawn.active = 0;
    if (spawn.ready && spawn.error.kind == 0 && spawn.init > 0) {
        if (nspawned < sizeof spawned / sizeof spawned[0]) spawned[nspawned++] = spawn.init;
        struct msgbuf b;
        mb_init(&b);
        mb_record(&b, OP_SPAWNED);
        mb_ll(&b, spawn.init);
        reply(&b);
    } else {
        struct sync_msg m = spawn.error;
        if (m.kind == 0) {
            memset(&m, 0, sizeof m);
            m.step = -1;
            snprintf(m.detail, sizeof m.detail, "container init exited before it was ready");
        }
        /* init failed (or died) before it was ready: it is our child, reap it and say how it ended. */
        int status = 0;
        if (spawn.init > 0 && waitpid(spawn.init, &status, 0) == spawn.init && m.step == -1 && WIFSIGNALED(status))
            snprintf(m.detail, sizeof m.detail, "container init was killed by signal %d before it was ready",
                     WTERMSIG(status));
        spawn_reply_failed(m.step, m.err, m.detail);
    }
    if (!spawn.hold) sigprocmask(SIG_UNBLOCK, &term, NULL);
}

/* Reads what stage 1 and init say until they have both closed the socket (PID and READY race), or
 * until init waits at a checkpoint and its pid is known. */
static void spawn_progress(void) {
    for (;;) {
        if (spawn.checkpoint >= 0 && spawn.init > 0) {
            struct msgbuf b;
            mb_init(&b);
            mb_record(&b, OP_PAUSED);
            mb_ll(&b, spawn.checkpoint);
            mb_ll(&b, spawn.init);
            reply(&b);
            return;
        }
        struct sync_msg got;
        int passed = -1;
        ssize_t n = fd_recv(spawn.fd, &got, sizeof got, &passed);
        if (n != (ssize_t)sizeof got) {
            if (passed >= 0) close(passed);
            break;
        }
        if (got.kind == SYNC_SECCOMP && passed >= 0) {
            if (seccomp_listener >= 0) close(seccomp_listener);
            seccomp_listener = passed;
            continue;
        }
        if (got.kind == SYNC_TERMINAL && passed >= 0) {
            if (term_master >= 0) close(term_master);
            term_master = passed;
            /* before start lets the process run: it must see the caller's size from the first */
            if (isatty(0)) copy_window_size();
        } else if (passed >= 0) {
            close(passed);
        }
        if (got.kind == SYNC_TERMINAL) continue;
        if (got.kind == SYNC_PID) spawn.init = got.pid;
        else if (got.kind == SYNC_READY) spawn.ready = 1;
        else if (got.kind == SYNC_CHECKPOINT) spawn.checkpoint = got.step;
        else if (spawn.error.kind == 0) spawn.error = got;
    }
    spawn_finish();
}

static void do_spawn(const struct message *plan) {
    int sp[2];
    sigset_t term;
    /* Held while the container is made. With "hold" (a foreground run) they stay held until WAIT,
     * which forwards them to the container; otherwise they take effect once the spawn is done. */
    memset(&spawn, 0, sizeof spawn);
    if (seccomp_listener >= 0) close(seccomp_listener);
    seccomp_listener = -1;
    spawn.hold = field_ll(&plan->r[0], 0, 0) == 1;
    spawn.checkpoint = -1;
    termination_signals(&term);
    sigprocmask(SIG_BLOCK, &term, NULL);
    /* A socket, not a pipe: the front answers init's checkpoints on it. */
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sp) < 0) {
        spawn_reply_failed(-1, errno, "socketpair");
        if (!spawn.hold) sigprocmask(SIG_UNBLOCK, &term, NULL);
        return;
    }
    pid_t stage1 = fork();
    if (stage1 == 0) {
        close(sp[0]);
        close(to_brain);
        close(from_brain);
        reset_signals();
        plan_run(plan, sp[1]);
    }
    int fork_errno = errno;
    close(sp[1]);
    if (stage1 < 0) {
        close(sp[0]);
        spawn_reply_failed(-1, fork_errno, "fork");
        if (!spawn.hold) sigprocmask(SIG_UNBLOCK, &term, NULL);
        return;
    }
    spawn.active = 1;
    spawn.fd = sp[0];
    spawn.stage1 = stage1;
    spawn_progress();
}

/* The brain is done at the checkpoint: init goes on, with the hooks' state documents. */
static void do_resume(const struct record *r) {
    if (!spawn.active || spawn.checkpoint < 0) {
        spawn_reply_failed(-1, EINVAL, "no spawn waits at a checkpoint");
        return;
    }
    struct sync_msg m;
    memset(&m, 0, sizeof m);
    m.kind = SYNC_CONTINUE;
    m.err = r->nfields > 0 ? (int32_t)r->f[0].len : 0;
    spawn.checkpoint = -1;
    if (write(spawn.fd, &m, sizeof m) == (ssize_t)sizeof m && m.err > 0)
        (void)!write(spawn.fd, r->f[0].s, r->f[0].len);
    spawn_progress();
}

/* A hook failed at the checkpoint: init ends there, and the spawn reports how. */
static void do_abort(void) {
    if (!spawn.active) {
        spawn_reply_failed(-1, EINVAL, "no spawn to abort");
        return;
    }
    struct sync_msg m;
    memset(&m, 0, sizeof m);
    m.kind = SYNC_ABORT;
    (void)!write(spawn.fd, &m, sizeof m);
    spawn.checkpoint = -1;
    spawn_progress();
}

/* Hands the seccomp listener to the agent at listenerPath with the process state (fields: path,
 * state JSON), as the runtime spec asks: the JSON as payload, the descriptor as SCM_RIGHTS. */
static void do_send_listener(const struct record *r) {
    int err = 0;
    const char *what = "";
    struct sockaddr_un addr;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    const char *path = field_str(r, 0);
    if (seccomp_listener < 0) {
        err = EBADF;
        what = "init passed no seccomp listener";
    } else if (strlen(path) >= sizeof addr.sun_path) {
        err = ENAMETOOLONG;
        what = "connect";
    } else {
        strcpy(addr.sun_path, path);
        int sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (sock < 0 || connect(sock, (struct sockaddr *)&addr, sizeof addr) < 0) {
            err = errno;
            what = "connect";
        } else if (fd_send(sock, seccomp_listener, r->nfields > 1 ? r->f[1].s : "", r->nfields > 1 ? r->f[1].len : 0) < 0) {
            err = errno;
            what = "send";
        }
        if (sock >= 0) close(sock);
    }
    if (seccomp_listener >= 0) close(seccomp_listener);
    seccomp_listener = -1;
    struct msgbuf b;
    mb_init(&b);
    mb_record(&b, OP_SENT);
    mb_ll(&b, err);
    mb_str(&b, what);
    reply(&b);
}

/* A hook of the runtime namespace: fields path, timeout; then ARGV, ENV and DATA (stdin) records. */
static void do_hook(const struct message *msg) {
    const struct record *r = &msg->r[0];
    char **argv = NULL, **envp = NULL;
    const char *data = "";
    size_t data_len = 0;
    for (size_t i = 1; i < msg->n; i++) {
        const struct record *x = &msg->r[i];
        char ***list = x->op == OP_ARGV_LIST ? &argv : x->op == OP_ENV_LIST ? &envp : NULL;
        if (list) {
            *list = calloc((size_t)x->nfields + 1, sizeof(char *));
            for (uint32_t k = 0; *list && k < x->nfields; k++) (*list)[k] = x->f[k].s;
        } else if (x->op == OP_DATA && x->nfields > 0) {
            data = x->f[0].s;
            data_len = x->f[0].len;
        }
    }
    char *empty[] = {NULL};
    struct hook_result res = hook_run(field_str(r, 0), argv ? argv : empty, envp ? envp : empty, data, data_len,
                                      field_ll(r, 1, 0));
    free(argv);
    free(envp);
    struct msgbuf b;
    mb_init(&b);
    mb_record(&b, OP_HOOK_DONE);
    mb_ll(&b, res.ok);
    mb_ll(&b, res.err);
    mb_str(&b, res.detail);
    reply(&b);
}


/* Between the caller's terminal (or stdio) and the container's pty until pid ends: keys in, output
 * out, the window size kept in step, other signals forwarded. The caller's terminal is in raw mode
 * meanwhile (the container's pty does the line editing) and restored after. */
static void relay_terminal(pid_t pid, const sigset_t *set, int *status) {
    int sfd = signalfd(-1, set, SFD_CLOEXEC);
    struct termios saved;
    int raw = isatty(0) && tcgetattr(0, &saved) == 0;
    if (raw) {
        struct termios t = saved;
        cfmakeraw(&t);
        tcsetattr(0, TCSANOW, &t);
        copy_window_size();
    }
    int in_fd = 0, master = term_master, exited = 0;
    char buf[8192];
    /* SIGCHLD is blocked only since WAIT: a process that ended before is not signalled again. */
    pid_t early = waitpid(pid, status, WNOHANG);
    if (early == pid || (early < 0 && errno == ECHILD)) exited = 1;
    while (!exited) {
        struct pollfd p[3] = {{sfd, POLLIN, 0}, {master, POLLIN, 0}, {in_fd, POLLIN, 0}};
        if (poll(p, 3, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (p[1].revents) {
            ssize_t n = read(master, buf, sizeof buf);
            if (n > 0) (void)write_full(1, buf, (size_t)n);
            else if (n < 0 && errno != EINTR && errno != EAGAIN) master = -1; /* EIO: no one holds the pty */
            else if (n == 0) master = -1;
        }
        if (p[2].revents) {
            ssize_t n = read(0, buf, sizeof buf);
            if (n > 0 && term_master >= 0) (void)write_full(term_master, buf, (size_t)n);
            else if (n <= 0 && errno != EINTR) in_fd = -1; /* stdin ended: keep relaying output */
        }
        if (p[0].revents) {
            struct signalfd_siginfo si;
            if (read(sfd, &si, sizeof si) != (ssize_t)sizeof si) continue;
            if ((int)si.ssi_signo == SIGCHLD) {
                pid_t r = waitpid(pid, status, WNOHANG);
                if (r == pid || (r < 0 && errno == ECHILD)) exited = 1;
            } else if ((int)si.ssi_signo == SIGWINCH) {
                if (raw) copy_window_size();
            } else {
                kill(pid, (int)si.ssi_signo);
            }
        }
    }
    /* what the container wrote last */
    if (master >= 0) {
        fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
        for (ssize_t n; (n = read(master, buf, sizeof buf)) > 0;) (void)write_full(1, buf, (size_t)n);
    }
    if (raw) tcsetattr(0, TCSANOW, &saved);
    close(term_master);
    term_master = -1;
    if (sfd >= 0) close(sfd);
}

static void do_wait(pid_t pid) {
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    for (size_t i = 0; i < sizeof forwarded_signals / sizeof forwarded_signals[0]; i++)
        sigaddset(&set, forwarded_signals[i]);
    sigprocmask(SIG_BLOCK, &set, &old);
    int status = 0;
    if (term_master >= 0) {
        relay_terminal(pid, &set, &status);
        sigprocmask(SIG_SETMASK, &old, NULL);
        struct msgbuf b;
        mb_init(&b);
        mb_record(&b, OP_EXITED);
        if (WIFSIGNALED(status)) {
            mb_str(&b, "signal");
            mb_ll(&b, WTERMSIG(status));
        } else {
            mb_str(&b, "exit");
            mb_ll(&b, WEXITSTATUS(status));
        }
        reply(&b);
        return;
    }
    for (;;) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid) break;
        if (r < 0 && errno != EINTR) {
            status = 255 << 8; /* not our child (anymore): nothing to report */
            break;
        }
        siginfo_t si;
        if (sigwaitinfo(&set, &si) > 0 && si.si_signo != SIGCHLD) kill(pid, si.si_signo);
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    struct msgbuf b;
    mb_init(&b);
    mb_record(&b, OP_EXITED);
    if (WIFSIGNALED(status)) {
        mb_str(&b, "signal");
        mb_ll(&b, WTERMSIG(status));
    } else {
        mb_str(&b, "exit");
        mb_ll(&b, WEXITSTATUS(status));
    }
    reply(&b);
}

static _Noreturn void finish(int code) {
    close(to_brain);
    if (from_brain != to_brain) close(from_brain);
    if (brain_pid > 0) waitpid(brain_pid, NULL, 0);
    exit(code);
}

static _Noreturn void brain_lost(void) {
    int status = 0;
    close(to_brain);
    if (from_brain != to_brain) close(from_brain);
    for (size_t i = 0; i < nspawned; i++) {
        kill(spawned[i], SIGKILL);
        waitpid(spawned[i], NULL, 0);
    }
    if (brain_pid < 0) {
        fprintf(stderr, "jrun: internal error: the warm Java brain closed the connection without an answer\n");
        exit(1);
    }
    if (waitpid(brain_pid, &status, 0) == brain_pid && WIFEXITED(status) && WEXITSTATUS(status) == 127)
        exit(1); /* exec_brain said why */
    if (WIFSIGNALED(status))
        fprintf(stderr, "jrun: internal error: the Java brain was killed by signal %d\n", WTERMSIG(status));
    else
        fprintf(stderr, "jrun: internal error: the Java brain exited (status %d) without an answer\n",
                WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    exit(1);
}

static _Noreturn void serve(int argc, char **argv) {
    send_hello(argc, argv);
    for (;;) {
        struct message m;
        if (msg_read(from_brain, &m) < 0) brain_lost();
        const struct record *r = &m.r[0];
        switch (r->op) {
        case OP_WRITE:
            (void)write_full(field_ll(r, 0, 1) == 2 ? 2 : 1, r->nfields > 1 ? r->f[1].s : "",
                             r->nfields > 1 ? r->f[1].len : 0);
            break;
        case OP_READ_STDIN:
            do_read_stdin();
            break;
        case OP_SPAWN:
            do_spawn(&m);
            break;
        case OP_RESUME:
            do_resume(r);
            break;
        case OP_ABORT:
            do_abort();
            break;
        case OP_HOOK:
            do_hook(&m);
            break;
        case OP_SEND_LISTENER:
            do_send_listener(r);
            break;
        case OP_WAIT:
            do_wait((pid_t)field_ll(r, 0, -1));
            break;
        case OP_EXIT:
            finish((int)field_ll(r, 0, 1));
        default:
            fprintf(stderr, "jrun: internal error: unknown request %u from the Java brain\n", r->op);
            finish(1);
        }
        msg_free(&m);
    }
}

/* Whether the command may start a process in a container (create, run, exec), which must then be
 * made from a sealed copy of this binary. The others (state, kill, delete...) only talk to the
 * brain and run hooks on the host, as runc runs them from its own binary; skipping the copy saves
 * ~1 ms per command. An unknown command line is taken to start processes. */
static int starts_processes(int argc, char **argv) {
    static const char *const harmless[] = {"state", "start", "kill", "delete", "list", "ps", "events", "pause",
                                           "resume", "update", "spec", "features", NULL};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--root") || !strcmp(a, "--log") || !strcmp(a, "--log-format")) {
            i++;
        } else if (a[0] != '-') {
            for (const char *const *h = harmless; *h; h++)
                if (!strcmp(a, *h)) return 0;
            return 1;
        }
    }
    return 1;
}

int main(int argc, char **argv) {
    char home[PATH_MAX];
    int down[2], up[2];

    /* <home> from the binary's real path, never from cwd or PATH; and from here on the process is
     * a sealed copy: nothing started in a container can reach the host's binary (CVE-2019-5736). */
    if (starts_processes(argc, argv)) {
        run_sealed(argv, home, sizeof home); /* returns in the sealed copy */
    } else {
        find_home(home, sizeof home);
    }
    signal(SIGPIPE, SIG_IGN);
    int warm = warm_connect(home);
    if (warm >= 0) {
        /* the same conversation as with a cold brain, over the socket; processes are still ours */
        to_brain = from_brain = move_up(warm);
        serve(argc, argv);
    }
    if (pipe2(down, O_CLOEXEC) < 0 || pipe2(up, O_CLOEXEC) < 0) die("pipe");
    /* Low descriptors are the caller's (--preserve-fds, LISTEN_FDS): keep ours out of their way. */
    for (int *fd = &down[0]; fd <= &down[1]; fd++) *fd = move_up(*fd);
    for (int *fd = &up[0]; fd <= &up[1]; fd++) *fd = move_up(*fd);
    brain_pid = fork();
    if (brain_pid < 0) die("fork");
    if (brain_pid == 0) {
        close(down[1]);
        close(up[0]);
        exec_brain(home, down[0], up[1]);
    }
    close(down[0]);
    close(up[1]);
    to_brain = down[1];
    from_brain = up[0];
    serve(argc, argv);
}
