package io.jrun.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jrun.error.InvalidSpecException;
import io.jrun.spec.NamespaceType;
import java.util.List;
import org.junit.jupiter.api.Test;

class SysctlsTest {
    @Test
    void ipcKeys() {
        for (String key : List.of("kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall",
                "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced", "fs.mqueue.msg_max",
                "fs.mqueue.queues_max", "fs.mqueue.msgsize_default")) {
            assertEquals(NamespaceType.IPC, Sysctls.namespaceOf(key), key);
        }
    }

    @Test
    void networkKeys() {
        for (String key : List.of("net.ipv4.ip_forward", "net.core.somaxconn", "net.ipv6.conf.all.disable_ipv6",
                "net.ipv4.ping_group_range")) {
            assertEquals(NamespaceType.NETWORK, Sysctls.namespaceOf(key), key);
        }
    }

    @Test
    void utsKeys() {
        assertEquals(NamespaceType.UTS, Sysctls.namespaceOf("kernel.hostname"));
        assertEquals(NamespaceType.UTS, Sysctls.namespaceOf("kernel.domainname"));
    }

    @Test
    void keysOfTheHostAreRefused() {
        for (String key : List.of("vm.swappiness", "kernel.pid_max", "kernel.shm_next_id_typo", "kernel.msg",
                "fs.mqueue", "fs.file-max", "network.x", "net", "kernel.core_pattern", "")) {
            InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> Sysctls.namespaceOf(key), key);
            assertEquals("linux.sysctl", e.field());
            assertEquals("linux.sysctl: \"" + key + "\" is not namespaced: setting it would change the host",
                    e.getMessage());
        }
    }

    @Test
    void pathIsUnderProcSys() {
        assertEquals("/proc/sys/net/ipv4/ip_forward", Sysctls.path("net.ipv4.ip_forward"));
        assertEquals("/proc/sys/kernel/shmmni", Sysctls.path("kernel.shmmni"));
        assertEquals("/proc/sys/fs/mqueue/msg_max", Sysctls.path("fs.mqueue.msg_max"));
        assertEquals("/proc/sys/a/b/c", Sysctls.path("a.b.c"));
        assertEquals("/proc/sys/net/ipv4/ip_forward", Sysctls.path("net/ipv4/ip_forward"), "slashes kept as they are");
    }

    @Test
    void pathRefusesEscapes() {
        for (String key : List.of("..", "net...x", "net.ipv4/../../../etc/passwd", "a/..", "/etc/passwd", "/net.ipv4", "")) {
            InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> Sysctls.path(key), key);
            assertEquals("linux.sysctl", e.field());
            assertEquals("linux.sysctl: invalid key \"" + key + "\"", e.getMessage());
        }
    }
}
