package io.jrun.spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The config.json that {@code jrun spec} writes: runc's example spec (libcontainer/specconv), with
 * jrun's version and hostname, and runc's rootless conversion.
 */
public final class DefaultSpec {
    public static final String OCI_VERSION = "1.3.0";
    public static final String HOSTNAME = "jrun";

    private static final List<String> CAPABILITIES = List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE");

    private DefaultSpec() {}

    public static Spec create() {
        Process process = new Process(
                true, null, User.of(0, 0), List.of("sh"), null,
                List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"),
                "/",
                new LinuxCapabilities(CAPABILITIES, CAPABILITIES, null, CAPABILITIES, null),
                List.of(new PosixRlimit("RLIMIT_NOFILE", 1024, 1024)),
                true, null, null, null, null, null, null);
        List<Mount> mounts = List.of(
                Mount.of("/proc", "proc", "proc", null),
                Mount.of("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
                Mount.of("/dev/pts", "devpts", "devpts",
                        List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
                Mount.of("/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")),
                Mount.of("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
                Mount.of("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")),
                Mount.of("/sys/fs/cgroup", "cgroup", "cgroup", List.of("nosuid", "noexec", "nodev", "relatime", "ro")));
        List<String> masked = List.of(
                "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
                "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi",
                "/sys/devices/virtual/tpm");
        List<String> readonly = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");
        // runc adds the cgroup namespace only on cgroup v2 hosts; jrun requires cgroup v2.
        List<LinuxNamespace> namespaces = List.of(
                LinuxNamespace.of("pid"), LinuxNamespace.of("network"), LinuxNamespace.of("ipc"),
                LinuxNamespace.of("uts"), LinuxNamespace.of("mount"), LinuxNamespace.of("cgroup"));
        LinuxResources resources = LinuxResources.ofDevices(List.of(new LinuxDeviceCgroup(false, null, null, null, "rwm")));
        Linux linux = new Linux(null, null, null, resources, null, namespaces, null, null, null, null, masked,
                readonly, null, null, null, null, null);
        return new Spec(OCI_VERSION, process, new Root("rootfs", true), HOSTNAME, null, mounts, null, null, linux);
    }

    /** {@link #create()} made rootless for the given host euid/egid (runc spec --rootless). */
    public static Spec createRootless(long uid, long gid) {
        return toRootless(create(), uid, gid);
    }

    /**
     * runc's ToRootless: a user namespace mapping container root to (uid, gid), no network namespace,
     * /sys bind-mounted from the host (sysfs cannot be mounted without a netns of our own), no uid=/gid=
     * mount options (those ids are unmapped) and no cgroup resources.
     */
    public static Spec toRootless(Spec spec, long uid, long gid) {
        Linux linux = spec.linux() == null
                ? new Linux(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                        null, null)
                : spec.linux();
        List<LinuxNamespace> namespaces = new ArrayList<>();
        for (LinuxNamespace ns : linux.namespaces()) {
            if (!ns.type().equals("network") && !ns.type().equals("user")) {
                namespaces.add(ns);
            }
        }
        namespaces.add(LinuxNamespace.of("user"));
        linux = linux.withNamespaces(namespaces)
                .withIdMappings(List.of(new LinuxIdMapping(0, uid, 1)), List.of(new LinuxIdMapping(0, gid, 1)))
                .withResources(null);

        List<Mount> mounts = new ArrayList<>();
        for (Mount m : spec.mounts()) {
            if (Path.of(m.destination()).normalize().equals(Path.of("/sys"))) {
                mounts.add(Mount.of("/sys", "none", "/sys", List.of("rbind", "nosuid", "noexec", "nodev", "ro")));
                continue;
            }
            List<String> options = m.options().stream()
                    .filter(o -> !o.startsWith("gid=") && !o.startsWith("uid="))
                    .toList();
            mounts.add(new Mount(m.destination(), m.type(), m.source(), options, m.uidMappings(), m.gidMappings()));
        }
        return spec.withLinux(linux).withMounts(mounts);
    }
}
