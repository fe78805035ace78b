package io.jrun.mount;

import static io.jrun.mount.MountFlags.*;

import io.jrun.plan.Step;
import io.jrun.plan.StepOp;
import io.jrun.spec.LinuxDevice;
import io.jrun.spec.Mount;
import io.jrun.spec.Spec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The one place that decides the container's filesystem: propagation of "/", the rootfs bind, each
 * mount of config.json, the default devices and /dev links, the working directory, read-only and
 * masked paths, pivot_root (or chroot with --no-pivot) and a read-only root. Pure: it returns steps for the shim.
 */
public final class MountPlanner {
    /** What the planner needs to know besides the spec. */
    public record Request(
            Spec spec,
            Path bundle,
            Path rootfs,
            boolean noPivot,
            boolean newCgroupNamespace,
            boolean cgroupUnified,
            List<CgroupMount> cgroups,
            HostMounts hostMounts,
            Predicate<Path> isDirectory,
            boolean userNamespace) {
        public Request(Spec spec, Path bundle, Path rootfs, boolean noPivot, boolean newCgroupNamespace,
                boolean cgroupUnified, List<CgroupMount> cgroups, HostMounts hostMounts, Predicate<Path> isDirectory) {
            this(spec, bundle, rootfs, noPivot, newCgroupNamespace, cgroupUnified, cgroups, hostMounts, isDirectory, false);
        }
    }

    private static final List<String[]> DEV_LINKS = List.of(
            new String[] {"/proc/self/fd", "/dev/fd"},
            new String[] {"/proc/self/fd/0", "/dev/stdin"},
            new String[] {"/proc/self/fd/1", "/dev/stdout"},
            new String[] {"/proc/self/fd/2", "/dev/stderr"});

    private final Request req;
    private final List<Step> steps = new ArrayList<>();

    private MountPlanner(Request req) {
        this.req = req;
    }

    public static List<Step> plan(Request req) {
        return new MountPlanner(req).build();
    }

    private List<Step> build() {
        Spec spec = req.spec();
        String rootfs = req.rootfs().toString();
        long rootPropagation = MountOptions.propagationOf(spec.linux() == null ? null : spec.linux().rootfsPropagation());

        long slash = rootPropagation != 0 ? rootPropagation : MS_SLAVE | MS_REC;
        add(StepOp.MOUNT_HOST, "set propagation of / to " + propagationName(slash), "", "/", "", slash, "");
        // pivot_root refuses a new root whose parent mount is shared.
        HostMounts.Entry parent = req.hostMounts().mountOf(req.rootfs());
        if ((slash & MS_SHARED) != 0 || ((slash & MS_REC) == 0 && parent.isShared())) {
            add(StepOp.MOUNT_HOST, "make " + parent.mountPoint() + " private", "", parent.mountPoint(), "", MS_PRIVATE, "");
        }
        add(StepOp.MOUNT_HOST, "bind the rootfs " + rootfs + " onto itself", rootfs, rootfs, "", MS_BIND | MS_REC, "");
        add(StepOp.ROOTFS, "open rootfs " + rootfs, rootfs);

        for (Mount m : spec.mounts()) {
            planMount(m);
        }
        if (setupDev()) {
            planDevices();
        }
        String cwd = spec.process() == null ? "/" : spec.process().cwd();
        if (cwd != null && !cwd.equals("/")) {
            add(StepOp.MKDIR, "create the working directory " + cwd, cwd, 0755);
        }
        planProtectedPaths();
        if (req.noPivot()) {
            add(StepOp.CHROOT, "move the rootfs " + rootfs + " onto / and chroot into it");
        } else {
            add(StepOp.PIVOT_ROOT, "pivot_root into " + rootfs);
        }
        if (rootPropagation != 0) {
            add(StepOp.PROPAGATION, "set propagation of the container's / to " + spec.linux().rootfsPropagation(),
                    "/", rootPropagation);
        }
        if (spec.root() != null && Boolean.TRUE.equals(spec.root().readonly())) {
            add(StepOp.REMOUNT, "remount / read-only", "/", MS_REMOUNT | MS_BIND | MS_RDONLY);
        }
        return steps;
    }

    /**
     * readonlyPaths, then maskedPaths (runc's order), before pivot_root: the shim still reaches the
     * host's /dev/null there, so a rootfs cannot choose what a masked file is covered with.
     */
    private void planProtectedPaths() {
        if (req.spec().linux() == null) {
            return;
        }
        for (String path : req.spec().linux().readonlyPaths()) {
            add(StepOp.READONLY, "make " + inside(path) + " read-only", inside(path));
        }
        for (String path : req.spec().linux().maskedPaths()) {
            add(StepOp.MASK, "mask " + inside(path), inside(path));
        }
    }

    private void planMount(Mount m) {
        String dest = inside(m.destination());
        MountOptions o = MountOptions.parse(m.options());
        if ("cgroup".equals(m.type())) {
            planCgroupMount(dest, o);
            return;
        }
        if (m.isBind()) {
            Path source = req.bundle().resolve(m.source()).normalize();
            String kind = req.isDirectory().test(source) ? "dir" : "file";
            long bind = MS_BIND | (o.flags() & MS_REC) | ("rbind".equals(m.type()) ? MS_REC : 0);
            add(StepOp.MOUNT, "mount \"" + source + "\" on " + dest, source, dest, "", bind, "", kind, 1);
            if (o.remountFlags() != 0) {
                add(StepOp.REMOUNT, "remount " + dest + " with " + describeFlags(o.remountFlags()), dest,
                        MS_REMOUNT | MS_BIND | o.remountFlags());
            }
        } else {
            String source = m.source() == null || m.source().isEmpty() ? m.type() : m.source();
            add(StepOp.MOUNT, "mount \"" + source + "\" on " + dest, source, dest, nullToEmpty(m.type()), o.flags(),
                    o.data(), "dir", 0);
        }
        planPropagation(dest, o);
    }

    /**
     * cgroup2 hosts get a cgroup2 mount. v1 and hybrid hosts get a tmpfs with one directory per
     * hierarchy: a fresh cgroup mount when the container has its own cgroup namespace (it then
     * sees its cgroup as the root), otherwise a bind of the container's cgroup directory.
     */
    private void planCgroupMount(String dest, MountOptions o) {
        if (req.cgroupUnified()) {
            add(StepOp.MOUNT, "mount \"cgroup2\" on " + dest, "cgroup2", dest, "cgroup2", o.flags(), "", "dir", 0);
            planPropagation(dest, o);
            return;
        }
        long flags = o.flags() & ~MS_RDONLY;
        add(StepOp.MOUNT, "mount \"tmpfs\" on " + dest, "tmpfs", dest, "tmpfs", flags, "mode=755", "dir", 0);
        for (CgroupMount c : req.cgroups()) {
            String sub = dest.equals("/") ? "/" + c.hierarchy().name() : dest + "/" + c.hierarchy().name();
            if (req.newCgroupNamespace()) {
                String type = c.hierarchy().v2() ? "cgroup2" : "cgroup";
                String data = c.hierarchy().v2() ? "" : c.hierarchy().v1MountData();
                add(StepOp.MOUNT, "mount \"" + type + "\" on " + sub, type, sub, type, o.flags(), data, "dir", 0);
            } else {
                add(StepOp.MOUNT, "mount \"" + c.containerDir() + "\" on " + sub, c.containerDir(), sub, "", MS_BIND,
                        "", "dir", 1);
                if (o.remountFlags() != 0) {
                    add(StepOp.REMOUNT, "remount " + sub + " with " + describeFlags(o.remountFlags()), sub,
                            MS_REMOUNT | MS_BIND | o.remountFlags());
                }
            }
            String name = c.hierarchy().name();
            if (name.contains(",")) {
                for (String controller : name.split(",")) {
                    add(StepOp.SYMLINK, "symlink " + dest + "/" + controller + " -> " + name, name, dest + "/" + controller);
                }
            }
        }
        if ((o.flags() & MS_RDONLY) != 0) {
            add(StepOp.REMOUNT, "remount " + dest + " read-only", dest, MS_REMOUNT | o.flags());
        }
        planPropagation(dest, o);
    }

    private void planPropagation(String dest, MountOptions o) {
        for (long p : o.propagation()) {
            add(StepOp.PROPAGATION, "set propagation of " + dest + " to " + propagationName(p), dest, p);
        }
    }

    /** runc sets up /dev itself unless config.json binds a /dev from elsewhere. */
    private boolean setupDev() {
        return req.spec().mounts().stream().noneMatch(m -> inside(m.destination()).equals("/dev") && m.isBind());
    }

    private void planDevices() {
        List<LinuxDevice> devices = req.spec().linux() == null ? List.of() : req.spec().linux().devices();
        Set<String> asked = new HashSet<>();
        for (LinuxDevice d : devices) {
            asked.add(inside(d.path()));
        }
        List<LinuxDevice> all = new ArrayList<>();
        Devices.DEFAULTS.stream().filter(d -> !asked.contains(d.path())).forEach(all::add);
        all.addAll(devices);
        for (LinuxDevice d : all) {
            String path = inside(d.path());
            if (req.userNamespace()) {
                // mknod is refused in a user namespace: the host's node is bound there instead, as runc does
                add(StepOp.MOUNT, "bind device " + d.path() + " from the host", d.path(), path, "", MS_BIND, "", "file", 1);
                continue;
            }
            add(StepOp.MKNOD, "create device " + path, path, Devices.mode(d), orZero(d.major()), orZero(d.minor()),
                    orZero(d.uid()), orZero(d.gid()));
        }
        for (String[] link : DEV_LINKS) {
            add(StepOp.SYMLINK, "symlink " + link[1] + " -> " + link[0], link[0], link[1]);
        }
        boolean devpts = req.spec().mounts().stream()
                .anyMatch(m -> "devpts".equals(m.type()) && inside(m.destination()).equals("/dev/pts"));
        if (devpts) {
            add(StepOp.SYMLINK, "symlink /dev/ptmx -> pts/ptmx", "pts/ptmx", "/dev/ptmx");
        }
    }

    /** Destinations are absolute inside the container; relative ones (spec 1.2) are taken from "/". */
    static String inside(String destination) {
        return Path.of("/").resolve(destination).normalize().toString();
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    static String propagationName(long flags) {
        String base = (flags & MS_SHARED) != 0 ? "shared" : (flags & MS_SLAVE) != 0 ? "slave"
                : (flags & MS_UNBINDABLE) != 0 ? "unbindable" : "private";
        return ((flags & MS_REC) != 0 ? "r" : "") + base;
    }

    static String describeFlags(long flags) {
        List<String> names = new ArrayList<>();
        if ((flags & MS_RDONLY) != 0) names.add("ro");
        if ((flags & MS_NOSUID) != 0) names.add("nosuid");
        if ((flags & MS_NODEV) != 0) names.add("nodev");
        if ((flags & MS_NOEXEC) != 0) names.add("noexec");
        if ((flags & MS_NOATIME) != 0) names.add("noatime");
        if ((flags & MS_RELATIME) != 0) names.add("relatime");
        if ((flags & MS_STRICTATIME) != 0) names.add("strictatime");
        return names.isEmpty() ? "flags " + flags : String.join(",", names);
    }

    private void add(StepOp op, String description, Object... fields) {
        steps.add(Step.of(op, description, fields));
    }
}
