package io.jrun.process;

import io.jrun.error.InvalidSpecException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Linux capability names and numbers (linux/capability.h), and the masks the shim applies. */
public final class Capabilities {
    private static final List<String> NAMES = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
            "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
            "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
            "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
            "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
            "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN",
            "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
            "CAP_CHECKPOINT_RESTORE");
    private static final Map<String, Integer> NUMBERS;

    static {
        java.util.HashMap<String, Integer> m = new java.util.HashMap<>();
        for (int i = 0; i < NAMES.size(); i++) {
            m.put(NAMES.get(i), i);
        }
        NUMBERS = Map.copyOf(m);
    }

    private Capabilities() {}

    public static int last() {
        return NAMES.size() - 1;
    }

    public static List<String> names() {
        return NAMES;
    }

    /**
     * The mask of the named capabilities. A name jrun does not know is an error; one the running
     * kernel does not have (above lastCap) is skipped with a warning, as runc does.
     */
    public static long mask(String field, List<String> names, int lastCap, Consumer<String> warn) {
        long mask = 0;
        for (String name : names) {
            Integer n = NUMBERS.get(name);
            if (n == null) {
                throw new InvalidSpecException(field, "unknown capability \"" + name + "\"");
            }
            if (n > lastCap) {
                warn.accept(field + ": " + name + " is not known to this kernel: skipped");
                continue;
            }
            mask |= 1L << n;
        }
        return mask;
    }
}
