package io.jrun.plan;

/** The shim's step codes; the C side's twin is native-shim/src/plan.h. */
public enum StepOp {
    CLOEXEC_FROM(100),
    CGROUP_JOIN(101),
    START_FIFO(102),
    SETNS(103),
    CLONE(104),
    UNSHARE(105),
    TIMENS_OFFSETS(106),
    CONSOLE_SOCKET(107),
    CGROUP_CLONE_INTO(108),
    MOUNT_HOST(110),
    ROOTFS(111),
    MOUNT(112),
    REMOUNT(113),
    PROPAGATION(114),
    MKNOD(115),
    SYMLINK(116),
    MKDIR(117),
    MASK(118),
    READONLY(119),
    PIVOT_ROOT(120),
    CHROOT(121),
    SETHOSTNAME(122),
    SETDOMAINNAME(123),
    SETGROUPS(130),
    SETGID(131),
    SETUID(132),
    CHDIR(133),
    DEFAULT_HOME(134),
    RLIMIT(135),
    OOM_SCORE_ADJ(136),
    UMASK(137),
    SYSCTL(138),
    PERSONALITY(139),
    FIND_EXEC(140),
    WAIT_START(141),
    EXEC(142),
    NO_NEW_PRIVS(143),
    CAPS(144),
    KEEP_CAPS(145),
    CAP_BOUNDING(146),
    CHECKPOINT(147),
    RUN_HOOK(148),
    TERMINAL(149),
    ARGV(150),
    ENVP(151),
    SECCOMP(152),
    EXEC_LABEL(153);

    private final int code;

    StepOp(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
