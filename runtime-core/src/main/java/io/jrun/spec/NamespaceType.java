package io.jrun.spec;

import java.util.Optional;

/** The namespace types of {@code linux.namespaces}, with their clone(2) flag and /proc/[pid]/ns/ file name. */
public enum NamespaceType {
    PID("pid", 0x20000000L, "pid"),
    NETWORK("network", 0x40000000L, "net"),
    MOUNT("mount", 0x00020000L, "mnt"),
    IPC("ipc", 0x08000000L, "ipc"),
    UTS("uts", 0x04000000L, "uts"),
    USER("user", 0x10000000L, "user"),
    CGROUP("cgroup", 0x02000000L, "cgroup"),
    TIME("time", 0x00000080L, "time");

    private final String specName;
    private final long cloneFlag;
    private final String nsFileName;

    NamespaceType(String specName, long cloneFlag, String nsFileName) {
        this.specName = specName;
        this.cloneFlag = cloneFlag;
        this.nsFileName = nsFileName;
    }

    /** The name used in config.json ("network"). */
    public String specName() {
        return specName;
    }

    /** CLONE_NEW* for clone/unshare/setns. */
    public long cloneFlag() {
        return cloneFlag;
    }

    /** The file under /proc/[pid]/ns/ ("net"). */
    public String nsFileName() {
        return nsFileName;
    }

    public static Optional<NamespaceType> fromSpecName(String name) {
        for (NamespaceType t : values()) {
            if (t.specName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
