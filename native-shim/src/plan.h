/* Executes a plan sent by the brain: see docs/shim-protocol.md. */
#ifndef JRUN_PLAN_H
#define JRUN_PLAN_H

#include "proto.h"

enum {
    STEP_CLOEXEC_FROM = 100,
    STEP_CGROUP_JOIN = 101,
    STEP_START_FIFO = 102,
    STEP_SETNS = 103,
    STEP_CLONE = 104,
    STEP_UNSHARE = 105,
    STEP_TIMENS_OFFSETS = 106,
    STEP_MOUNT_HOST = 110,
    STEP_ROOTFS = 111,
    STEP_MOUNT = 112,
    STEP_REMOUNT = 113,
    STEP_PROPAGATION = 114,
    STEP_MKNOD = 115,
    STEP_SYMLINK = 116,
    STEP_MKDIR = 117,
    STEP_MASK = 118,
    STEP_READONLY = 119,
    STEP_PIVOT_ROOT = 120,
    STEP_CHROOT = 121,
    STEP_SETHOSTNAME = 122,
    STEP_SETDOMAINNAME = 123,
    STEP_SETGROUPS = 130,
    STEP_SETGID = 131,
    STEP_SETUID = 132,
    STEP_CHDIR = 133,
    STEP_DEFAULT_HOME = 134,
    STEP_RLIMIT = 135,
    STEP_OOM_SCORE_ADJ = 136,
    STEP_UMASK = 137,
    STEP_SYSCTL = 138,
    STEP_PERSONALITY = 139,
    STEP_NO_NEW_PRIVS = 143,
    STEP_CAPS = 144,
    STEP_KEEP_CAPS = 145,
    STEP_CAP_BOUNDING = 146,
    STEP_FIND_EXEC = 140,
    STEP_WAIT_START = 141,
    STEP_EXEC = 142,
    STEP_CHECKPOINT = 147,
    STEP_RUN_HOOK = 148,
    STEP_CONSOLE_SOCKET = 107,
    STEP_CGROUP_CLONE_INTO = 108,
    STEP_TERMINAL = 149,
    STEP_ARGV = 150,
    STEP_ENVP = 151,
    STEP_SECCOMP = 152,
    STEP_EXEC_LABEL = 153,
};

/* What stage 1 and init tell the front over the sync socket, and (CONTINUE, ABORT) the answers to a
 * CHECKPOINT. CONTINUE's err holds the length of the data message that follows it. */
enum { SYNC_PID = 1, SYNC_READY = 2, SYNC_ERROR = 3, SYNC_CHECKPOINT = 4, SYNC_CONTINUE = 5, SYNC_ABORT = 6,
       SYNC_TERMINAL = 7, /* carries the pty master (SCM_RIGHTS), for the front to relay */
       SYNC_SECCOMP = 8 /* carries the seccomp notify listener, for the front to pass on */ };

struct sync_msg {
    int32_t kind;
    int32_t step; /* index of the failing step in the plan */
    int32_t err;  /* errno */
    int32_t pid;
    char detail[240];
};

/* Runs in the freshly forked stage 1 with the plan's records (records[0] is the SPAWN record
 * itself). Never returns: ends in execve or _exit. */
_Noreturn void plan_run(const struct message *plan, int sync_fd);

#endif
