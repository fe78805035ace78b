package io.jrun.process;

import io.jrun.error.InvalidSpecException;
import io.jrun.spec.NamespaceType;
import java.util.Set;

/**
 * Which sysctls a container may set: only those that live in one of its own namespaces (runc's
 * list); anything else would change the host for everyone.
 */
public final class Sysctls {
    private static final Set<String> IPC = Set.of("kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
            "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced");
    private static final Set<String> UTS = Set.of("kernel.hostname", "kernel.domainname");

    private Sysctls() {}

    /** The namespace the key belongs to; refuses keys that are not namespaced. */
    public static NamespaceType namespaceOf(String key) {
        if (IPC.contains(key) || key.startsWith("fs.mqueue.")) {
            return NamespaceType.IPC;
        }
        if (key.startsWith("net.")) {
            return NamespaceType.NETWORK;
        }
        if (UTS.contains(key)) {
            return NamespaceType.UTS;
        }
        throw new InvalidSpecException("linux.sysctl", "\"" + key + "\" is not namespaced: setting it would change the host");
    }

    /** /proc/sys/net/ipv4/ip_forward for net.ipv4.ip_forward (a key may hold '/' for '.' in names). */
    public static String path(String key) {
        if (key.contains("..") || key.startsWith("/") || key.isEmpty()) {
            throw new InvalidSpecException("linux.sysctl", "invalid key \"" + key + "\"");
        }
        return "/proc/sys/" + key.replace('.', '/');
    }
}
