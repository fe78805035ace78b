package io.jrun.mount;

import static io.jrun.mount.MountFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.cgroup.CgroupLayout;
import io.jrun.cgroup.CgroupManagers;
import io.jrun.cgroup.CgroupMode;
import io.jrun.plan.Step;
import io.jrun.plan.StepOp;
import io.jrun.spec.DefaultSpec;
import io.jrun.spec.Linux;
import io.jrun.spec.LinuxDevice;
import io.jrun.spec.Mount;
import io.jrun.spec.Root;
import io.jrun.spec.Spec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MountPlannerTest {
    static final Path BUNDLE = Path.of("/srv/containers/c1");
    static final Path ROOTFS = BUNDLE.resolve("rootfs");

    /** / is shared (systemd), /srv/containers a separate shared mount, /private not shared. */
    static final HostMounts HOST = HostMounts.parse("""
            24 1 253:0 / / rw,relatime shared:1 - ext4 /dev/mapper/root rw
            31 24 0:41 / /srv/containers rw,relatime shared:7 - ext4 /dev/sdc1 rw
            32 24 0:42 / /private rw,relatime - ext4 /dev/sdd1 rw
            """);

    static final CgroupLayout UNIFIED = CgroupLayout.parse(
            "26 25 0:23 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw\n",
            "0::/user.slice/x\n");

    static final CgroupLayout HYBRID = CgroupLayout.parse("""
            32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
            35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
            40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
            41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
            """, """
            9:name=systemd:/
            4:memory:/process_api/2f3c
            1:cpu:/
            0::/
            """);

    static final CgroupLayout COMOUNTED = CgroupLayout.parse(
            "28 25 0:25 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct\n",
            "3:cpu,cpuacct:/\n");

    static final long CGROUP_MOUNT_FLAGS = MS_NOSUID | MS_NOEXEC | MS_NODEV | MS_RELATIME | MS_RDONLY;

    // ---- helpers ----

    static Spec spec() {
        return DefaultSpec.create();
    }

    static Spec withLinux(Spec s, String rootfsPropagation, List<LinuxDevice> devices) {
        Linux l = s.linux();
        return s.withLinux(new Linux(l.uidMappings(), l.gidMappings(), l.sysctl(), l.resources(), l.cgroupsPath(),
                l.namespaces(), devices, l.netDevices(), l.seccomp(), rootfsPropagation, l.maskedPaths(),
                l.readonlyPaths(), l.mountLabel(), l.intelRdt(), l.personality(), l.timeOffsets(), l.memoryPolicy()));
    }

    static Spec addMounts(Spec s, Mount... more) {
        List<Mount> mounts = new ArrayList<>(s.mounts());
        mounts.addAll(List.of(more));
        return s.withMounts(mounts);
    }

    static List<Step> plan(Spec spec, CgroupLayout layout, boolean newCgroupNs, boolean noPivot) {
        List<CgroupMount> cgroups = new ArrayList<>();
        List<Path> dirs = CgroupManagers.forContainer(layout, null, "c1").dirs();
        for (int i = 0; i < dirs.size(); i++) {
            cgroups.add(new CgroupMount(layout.hierarchies().get(i), dirs.get(i)));
        }
        return MountPlanner.plan(new MountPlanner.Request(spec, BUNDLE, ROOTFS, noPivot, newCgroupNs,
                layout.mode() == CgroupMode.UNIFIED, cgroups, HOST, p -> !p.getFileName().toString().contains(".")));
    }

    static List<Step> plan(Spec spec) {
        return plan(spec, UNIFIED, true, false);
    }

    static List<StepOp> ops(List<Step> steps) {
        return steps.stream().map(Step::op).toList();
    }

    static List<String> fields(Object... values) {
        return java.util.Arrays.stream(values).map(String::valueOf).toList();
    }

    static List<Step> of(List<Step> steps, StepOp op) {
        return steps.stream().filter(s -> s.op() == op).toList();
    }

    static Step mountOn(List<Step> steps, String target) {
        return steps.stream().filter(s -> s.op() == StepOp.MOUNT && s.fields().get(1).equals(target)).findFirst()
                .orElseThrow(() -> new AssertionError("no MOUNT on " + target + " in " + steps));
    }

    // ---- the default spec ----

    @Test
    void defaultSpecOrder() {
        List<Step> steps = plan(spec());
        List<StepOp> expected = new ArrayList<>(List.of(StepOp.MOUNT_HOST, StepOp.MOUNT_HOST, StepOp.ROOTFS));
        expected.addAll(IntStream.range(0, 7).mapToObj(i -> StepOp.MOUNT).toList());
        expected.addAll(IntStream.range(0, 6).mapToObj(i -> StepOp.MKNOD).toList());
        expected.addAll(IntStream.range(0, 5).mapToObj(i -> StepOp.SYMLINK).toList());
        expected.addAll(IntStream.range(0, 5).mapToObj(i -> StepOp.READONLY).toList());
        expected.addAll(IntStream.range(0, 11).mapToObj(i -> StepOp.MASK).toList());
        expected.add(StepOp.PIVOT_ROOT);
        expected.add(StepOp.REMOUNT);
        assertEquals(expected, ops(steps));
    }

    @Test
    void readonlyThenMaskedPathsInConfigOrderBeforePivot() {
        Spec s = io.jrun.testing.SpecEdit.linux(spec(), l -> {
            l.putArray("readonlyPaths").add("/proc/sys").add("/proc/sysrq-trigger");
            l.putArray("maskedPaths").add("/proc/keys").add("/sys/firmware/../firmware").add("proc/acpi");
        });
        List<Step> steps = plan(s);
        assertEquals(List.of(fields("/proc/sys"), fields("/proc/sysrq-trigger")),
                of(steps, StepOp.READONLY).stream().map(Step::fields).toList());
        assertEquals(List.of(fields("/proc/keys"), fields("/sys/firmware"), fields("/proc/acpi")),
                of(steps, StepOp.MASK).stream().map(Step::fields).toList());
        assertEquals("make /proc/sys read-only", of(steps, StepOp.READONLY).getFirst().description());
        assertEquals("mask /proc/keys", of(steps, StepOp.MASK).getFirst().description());
        List<StepOp> ops = ops(steps);
        assertTrue(ops.lastIndexOf(StepOp.SYMLINK) < ops.indexOf(StepOp.READONLY), "after /dev is set up");
        assertTrue(ops.lastIndexOf(StepOp.READONLY) < ops.indexOf(StepOp.MASK));
        assertEquals(ops.lastIndexOf(StepOp.MASK) + 1, ops.indexOf(StepOp.PIVOT_ROOT),
                "before pivot_root: masks use the host's /dev/null");
        Spec none = io.jrun.testing.SpecEdit.linux(spec(), l -> l.remove(List.of("readonlyPaths", "maskedPaths")));
        assertFalse(ops(plan(none)).contains(StepOp.MASK));
        assertFalse(ops(plan(none)).contains(StepOp.READONLY));
        assertFalse(ops(plan(spec().withLinux(null))).contains(StepOp.MASK));
    }

    @Test
    void defaultSpecPreparesTheRootFirst() {
        List<Step> steps = plan(spec());
        assertEquals(fields("", "/", "", MS_SLAVE | MS_REC, ""), steps.get(0).fields());
        assertEquals("set propagation of / to rslave", steps.get(0).description());
        assertEquals(fields(ROOTFS, ROOTFS, "", MS_BIND | MS_REC, ""), steps.get(1).fields());
        assertEquals(fields(ROOTFS), steps.get(2).fields());
    }

    @Test
    void defaultSpecMountsInConfigOrder() {
        List<Step> mounts = of(plan(spec()), StepOp.MOUNT);
        assertEquals(List.of("/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/sys/fs/cgroup"),
                mounts.stream().map(s -> s.fields().get(1)).toList());
        assertEquals(fields("proc", "/proc", "proc", 0, "", "dir", 0), mounts.get(0).fields());
        assertEquals("mount \"proc\" on /proc", mounts.get(0).description());
        assertEquals(fields("tmpfs", "/dev", "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k", "dir", 0),
                mounts.get(1).fields());
        assertEquals(fields("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
                "newinstance,ptmxmode=0666,mode=0620,gid=5", "dir", 0), mounts.get(2).fields());
        assertEquals(fields("shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NOEXEC | MS_NODEV, "mode=1777,size=65536k",
                "dir", 0), mounts.get(3).fields());
        assertEquals("mount \"shm\" on /dev/shm", mounts.get(3).description());
        assertEquals(fields("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NOEXEC | MS_NODEV | MS_RDONLY, "", "dir", 0),
                mounts.get(5).fields());
    }

    @Test
    void unifiedCgroupMountIsOneCgroup2Mount() {
        Step cgroup = mountOn(plan(spec()), "/sys/fs/cgroup");
        assertEquals(fields("cgroup2", "/sys/fs/cgroup", "cgroup2", CGROUP_MOUNT_FLAGS, "", "dir", 0), cgroup.fields());
        assertEquals("mount \"cgroup2\" on /sys/fs/cgroup", cgroup.description());
    }

    @Test
    void inAUserNamespaceDevicesAreTheHostsNodesBoundInPlace() {
        List<Step> steps = MountPlanner.plan(new MountPlanner.Request(spec(), BUNDLE, ROOTFS, false, true, true, List.of(),
                HOST, p -> false, true));
        assertEquals(List.of(), of(steps, StepOp.MKNOD));
        List<Step> binds = of(steps, StepOp.MOUNT).stream().filter(st -> st.description().startsWith("bind device")).toList();
        assertEquals(6, binds.size());
        assertEquals(fields("/dev/null", "/dev/null", "", MS_BIND, "", "file", 1), binds.getFirst().fields());
        assertEquals("bind device /dev/null from the host", binds.getFirst().description());
    }

    @Test
    void defaultDevicesAndLinks() {
        List<Step> steps = plan(spec());
        int chr = 0020000;
        assertEquals(List.of(
                fields("/dev/null", chr | 0666, 1, 3, 0, 0), fields("/dev/zero", chr | 0666, 1, 5, 0, 0),
                fields("/dev/full", chr | 0666, 1, 7, 0, 0), fields("/dev/random", chr | 0666, 1, 8, 0, 0),
                fields("/dev/urandom", chr | 0666, 1, 9, 0, 0), fields("/dev/tty", chr | 0666, 5, 0, 0, 0)),
                of(steps, StepOp.MKNOD).stream().map(Step::fields).toList());
        assertEquals("create device /dev/null", of(steps, StepOp.MKNOD).getFirst().description());
        assertEquals(List.of(fields("/proc/self/fd", "/dev/fd"), fields("/proc/self/fd/0", "/dev/stdin"),
                fields("/proc/self/fd/1", "/dev/stdout"), fields("/proc/self/fd/2", "/dev/stderr"),
                fields("pts/ptmx", "/dev/ptmx")), of(steps, StepOp.SYMLINK).stream().map(Step::fields).toList());
    }

    @Test
    void readonlyRootIsRemountedLast() {
        List<Step> steps = plan(spec());
        assertEquals(StepOp.PIVOT_ROOT, steps.get(steps.size() - 2).op());
        assertEquals(fields("/", MS_REMOUNT | MS_BIND | MS_RDONLY), steps.getLast().fields());
        List<Step> writable = plan(spec().withRoot(new Root("rootfs", false)));
        assertEquals(StepOp.PIVOT_ROOT, writable.getLast().op());
        assertEquals(StepOp.PIVOT_ROOT, plan(spec().withRoot(new Root("rootfs", null))).getLast().op());
    }

    @Test
    void noPivotChroots() {
        List<Step> steps = plan(spec(), UNIFIED, true, true);
        assertTrue(ops(steps).contains(StepOp.CHROOT));
        assertFalse(ops(steps).contains(StepOp.PIVOT_ROOT));
        assertEquals(StepOp.CHROOT, steps.get(steps.size() - 2).op());
    }

    @Test
    void workingDirectoryIsCreatedBeforePivot() {
        Spec s = spec().withProcess(spec().process().withCwd("/home/app"));
        List<Step> steps = plan(s);
        int mkdir = ops(steps).indexOf(StepOp.MKDIR);
        assertEquals(fields("/home/app", 0755), steps.get(mkdir).fields());
        assertTrue(mkdir < ops(steps).indexOf(StepOp.PIVOT_ROOT));
        assertFalse(ops(plan(spec())).contains(StepOp.MKDIR), "cwd / needs no mkdir");
    }

    // ---- devices ----

    @Test
    void aDeviceOverridingADefaultIsNotDuplicated() {
        LinuxDevice null600 = new LinuxDevice("c", "/dev/null", 1L, 3L, 0600, 1000L, 1000L);
        LinuxDevice fuse = new LinuxDevice("c", "/dev/fuse", 10L, 229L, null, null, null);
        LinuxDevice loop = new LinuxDevice("b", "/dev/loop0", 7L, 0L, 0660, 0L, 6L);
        LinuxDevice fifo = new LinuxDevice("p", "/dev/myfifo", null, null, 0644, null, null);
        List<Step> mknods = of(plan(withLinux(spec(), null, List.of(null600, fuse, loop, fifo))), StepOp.MKNOD);
        assertEquals(List.of("/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty", "/dev/null",
                "/dev/fuse", "/dev/loop0", "/dev/myfifo"), mknods.stream().map(s -> s.fields().getFirst()).toList());
        assertEquals(fields("/dev/null", 0020000 | 0600, 1, 3, 1000, 1000), mknods.get(5).fields());
        assertEquals(fields("/dev/fuse", 0020000 | 0666, 10, 229, 0, 0), mknods.get(6).fields());
        assertEquals(fields("/dev/loop0", 0060000 | 0660, 7, 0, 0, 6), mknods.get(7).fields());
        assertEquals(fields("/dev/myfifo", 0010000 | 0644, 0, 0, 0, 0), mknods.get(8).fields());
    }

    @Test
    void aDevBindMountDisablesTheDefaultDevices() {
        Spec s = addMounts(spec(), Mount.of("/dev", "bind", "/dev", List.of("rbind")));
        List<Step> steps = plan(s);
        assertFalse(ops(steps).contains(StepOp.MKNOD));
        assertFalse(ops(steps).contains(StepOp.SYMLINK));
    }

    @Test
    void ptmxLinkOnlyWithDevpts() {
        List<Mount> noPts = spec().mounts().stream().filter(m -> !m.destination().equals("/dev/pts")).toList();
        List<Step> links = of(plan(spec().withMounts(noPts)), StepOp.SYMLINK);
        assertEquals(4, links.size());
    }

    // ---- bind mounts and destinations ----

    @Test
    void readOnlyBindIsABindThenARemount() {
        Spec s = addMounts(spec(), Mount.of("/etc/app.conf", "bind", "/host/app.conf", List.of("bind", "ro")));
        List<Step> steps = plan(s);
        int i = ops(steps).indexOf(StepOp.REMOUNT);
        Step bind = steps.get(i - 1);
        assertEquals(fields("/host/app.conf", "/etc/app.conf", "", MS_BIND, "", "file", 1), bind.fields());
        assertEquals("mount \"/host/app.conf\" on /etc/app.conf", bind.description());
        assertEquals(fields("/etc/app.conf", MS_REMOUNT | MS_BIND | MS_RDONLY), steps.get(i).fields());
        assertEquals("remount /etc/app.conf with ro", steps.get(i).description());
    }

    @Test
    void rbindSetsRecursive() {
        Spec s = addMounts(spec(),
                Mount.of("/data", "none", "/srv/data", List.of("rbind", "rw")),
                Mount.of("/data2", "rbind", "/srv/data2", List.of()),
                Mount.of("/data3", "bind", "/srv/data3", List.of()));
        List<Step> steps = plan(s);
        assertEquals(fields("/srv/data", "/data", "", MS_BIND | MS_REC, "", "dir", 1), mountOn(steps, "/data").fields());
        assertEquals(MS_BIND | MS_REC, Long.parseLong(mountOn(steps, "/data2").fields().get(3)));
        assertEquals(MS_BIND, Long.parseLong(mountOn(steps, "/data3").fields().get(3)));
        assertEquals(1, of(steps, StepOp.REMOUNT).size(), "only the read-only root: rw binds need no remount");
    }

    @Test
    void bindWithSeveralLockedFlags() {
        Spec s = addMounts(spec(), Mount.of("/data", "bind", "/srv/data", List.of("rbind", "nosuid", "nodev", "ro")));
        List<Step> remounts = of(plan(s), StepOp.REMOUNT);
        assertEquals(fields("/data", MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV), remounts.getFirst().fields());
        assertEquals("remount /data with ro,nosuid,nodev", remounts.getFirst().description());
    }

    @Test
    void relativeBindSourceResolvesAgainstTheBundle() {
        Spec s = addMounts(spec(), Mount.of("/data", "bind", "data/../shared", List.of("bind")));
        assertEquals("/srv/containers/c1/shared", mountOn(plan(s), "/data").fields().getFirst());
    }

    @Test
    void relativeDestinationsAreTakenFromRoot() {
        Spec s = addMounts(spec(), Mount.of("tmp", "tmpfs", "tmpfs", List.of()),
                Mount.of("var/../run/./x", "tmpfs", "", List.of()));
        List<Step> steps = plan(s);
        assertEquals("mount \"tmpfs\" on /tmp", mountOn(steps, "/tmp").description());
        Step run = mountOn(steps, "/run/x");
        assertEquals("tmpfs", run.fields().getFirst(), "an empty source is the type");
    }

    @Test
    void propagationOptionsBecomeSteps() {
        Spec s = addMounts(spec(), Mount.of("/data", "bind", "/srv/data", List.of("rbind", "rslave", "unbindable")));
        List<Step> steps = plan(s);
        int i = steps.indexOf(mountOn(steps, "/data"));
        assertEquals(fields("/data", MS_SLAVE | MS_REC), steps.get(i + 1).fields());
        assertEquals("set propagation of /data to rslave", steps.get(i + 1).description());
        assertEquals(fields("/data", MS_UNBINDABLE), steps.get(i + 2).fields());
    }

    // ---- rootfs propagation ----

    @Test
    void sharedRootfsPropagation() {
        List<Step> steps = plan(withLinux(spec(), "shared", List.of()));
        assertEquals(fields("", "/", "", MS_SHARED, ""), steps.get(0).fields());
        assertEquals(StepOp.MOUNT_HOST, steps.get(1).op());
        assertEquals(fields("", "/srv/containers", "", MS_PRIVATE, ""), steps.get(1).fields());
        assertEquals("make /srv/containers private", steps.get(1).description());
        assertEquals(fields(ROOTFS, ROOTFS, "", MS_BIND | MS_REC, ""), steps.get(2).fields());
        assertEquals(StepOp.ROOTFS, steps.get(3).op());
        int pivot = ops(steps).indexOf(StepOp.PIVOT_ROOT);
        assertEquals(StepOp.PROPAGATION, steps.get(pivot + 1).op());
        assertEquals(fields("/", MS_SHARED), steps.get(pivot + 1).fields());
        assertEquals(StepOp.REMOUNT, steps.get(pivot + 2).op());
    }

    @Test
    void nonRecursivePropagationMakesASharedParentPrivate() {
        List<Step> steps = plan(withLinux(spec(), "private", List.of()));
        assertEquals(fields("", "/", "", MS_PRIVATE, ""), steps.get(0).fields());
        assertEquals(fields("", "/srv/containers", "", MS_PRIVATE, ""), steps.get(1).fields());
    }

    @Test
    void recursivePropagationNeedsNoParentStep() {
        for (String p : List.of("rprivate", "rslave")) {
            List<Step> steps = plan(withLinux(spec(), p, List.of()));
            assertEquals(List.of(StepOp.MOUNT_HOST, StepOp.MOUNT_HOST, StepOp.ROOTFS), ops(steps).subList(0, 3), p);
            assertEquals(fields(ROOTFS, ROOTFS, "", MS_BIND | MS_REC, ""), steps.get(1).fields(), p);
        }
    }

    @Test
    void unsharedParentNeedsNoPrivateStep() {
        Path rootfs = Path.of("/private/c1/rootfs");
        List<Step> steps = MountPlanner.plan(new MountPlanner.Request(withLinux(spec(), "private", List.of()),
                rootfs.getParent(), rootfs, false, true, true, List.of(), HOST, p -> true));
        assertEquals(fields(rootfs, rootfs, "", MS_BIND | MS_REC, ""), steps.get(1).fields());
    }

    // ---- cgroup mounts on v1 hosts ----

    @Test
    void hybridWithANewCgroupNamespaceMountsEachHierarchyFresh() {
        List<Step> steps = plan(spec(), HYBRID, true, false);
        int tmpfs = steps.indexOf(mountOn(steps, "/sys/fs/cgroup"));
        assertEquals(fields("tmpfs", "/sys/fs/cgroup", "tmpfs", CGROUP_MOUNT_FLAGS & ~MS_RDONLY, "mode=755", "dir", 0),
                steps.get(tmpfs).fields());
        List<Step> after = steps.subList(tmpfs + 1, tmpfs + 6);
        assertEquals(List.of(
                fields("cgroup", "/sys/fs/cgroup/cpu", "cgroup", CGROUP_MOUNT_FLAGS, "cpu", "dir", 0),
                fields("cgroup", "/sys/fs/cgroup/memory", "cgroup", CGROUP_MOUNT_FLAGS, "memory", "dir", 0),
                fields("cgroup", "/sys/fs/cgroup/systemd", "cgroup", CGROUP_MOUNT_FLAGS, "none,name=systemd", "dir", 0),
                fields("cgroup2", "/sys/fs/cgroup/unified", "cgroup2", CGROUP_MOUNT_FLAGS, "", "dir", 0),
                fields("/sys/fs/cgroup", MS_REMOUNT | CGROUP_MOUNT_FLAGS)),
                after.stream().map(Step::fields).toList());
        assertEquals("mount \"cgroup\" on /sys/fs/cgroup/memory", after.get(1).description());
        assertEquals(StepOp.REMOUNT, after.get(4).op());
    }

    @Test
    void hybridWithoutACgroupNamespaceBindsTheContainersCgroups() {
        List<Step> steps = plan(spec(), HYBRID, false, false);
        int tmpfs = steps.indexOf(mountOn(steps, "/sys/fs/cgroup"));
        List<Step> after = steps.subList(tmpfs + 1, tmpfs + 10);
        long remount = MS_REMOUNT | MS_BIND | (CGROUP_MOUNT_FLAGS);
        assertEquals(List.of(
                fields("/sys/fs/cgroup/cpu/jrun/c1", "/sys/fs/cgroup/cpu", "", MS_BIND, "", "dir", 1),
                fields("/sys/fs/cgroup/cpu", remount),
                fields("/sys/fs/cgroup/memory/process_api/2f3c/jrun/c1", "/sys/fs/cgroup/memory", "", MS_BIND, "", "dir", 1),
                fields("/sys/fs/cgroup/memory", remount),
                fields("/sys/fs/cgroup/systemd/jrun/c1", "/sys/fs/cgroup/systemd", "", MS_BIND, "", "dir", 1),
                fields("/sys/fs/cgroup/systemd", remount),
                fields("/sys/fs/cgroup/unified/jrun/c1", "/sys/fs/cgroup/unified", "", MS_BIND, "", "dir", 1),
                fields("/sys/fs/cgroup/unified", remount),
                fields("/sys/fs/cgroup", MS_REMOUNT | CGROUP_MOUNT_FLAGS)),
                after.stream().map(Step::fields).toList());
    }

    @Test
    void writableCgroupMountIsNotRemounted() {
        List<Mount> mounts = spec().mounts().stream()
                .map(m -> m.type().equals("cgroup") ? Mount.of(m.destination(), "cgroup", "cgroup", List.of("nosuid")) : m)
                .toList();
        List<Step> steps = plan(spec().withMounts(mounts), HYBRID, true, false);
        assertEquals(1, of(steps, StepOp.REMOUNT).size(), "only the read-only root");
    }

    @Test
    void coMountedControllersGetSymlinks() {
        List<Step> steps = plan(spec(), COMOUNTED, true, false);
        Step mount = mountOn(steps, "/sys/fs/cgroup/cpu,cpuacct");
        assertEquals("cpu,cpuacct", mount.fields().get(4));
        int i = steps.indexOf(mount);
        assertEquals(fields("cpu,cpuacct", "/sys/fs/cgroup/cpu"), steps.get(i + 1).fields());
        assertEquals(fields("cpu,cpuacct", "/sys/fs/cgroup/cpuacct"), steps.get(i + 2).fields());
        assertEquals(StepOp.SYMLINK, steps.get(i + 2).op());
    }
}
