package io.jrun.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jrun.front.Record;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PlanEncoderTest {
    @Test
    void opCodesAreTheProtocolsTable() {
        Map<StepOp, Integer> expected = new LinkedHashMap<>();
        expected.put(StepOp.CLOEXEC_FROM, 100);
        expected.put(StepOp.CGROUP_JOIN, 101);
        expected.put(StepOp.START_FIFO, 102);
        expected.put(StepOp.SETNS, 103);
        expected.put(StepOp.CLONE, 104);
        expected.put(StepOp.UNSHARE, 105);
        expected.put(StepOp.TIMENS_OFFSETS, 106);
        expected.put(StepOp.CONSOLE_SOCKET, 107);
        expected.put(StepOp.CGROUP_CLONE_INTO, 108);
        expected.put(StepOp.MOUNT_HOST, 110);
        expected.put(StepOp.ROOTFS, 111);
        expected.put(StepOp.MOUNT, 112);
        expected.put(StepOp.REMOUNT, 113);
        expected.put(StepOp.PROPAGATION, 114);
        expected.put(StepOp.MKNOD, 115);
        expected.put(StepOp.SYMLINK, 116);
        expected.put(StepOp.MKDIR, 117);
        expected.put(StepOp.MASK, 118);
        expected.put(StepOp.READONLY, 119);
        expected.put(StepOp.PIVOT_ROOT, 120);
        expected.put(StepOp.SECCOMP, 152);
        expected.put(StepOp.CHROOT, 121);
        expected.put(StepOp.SETHOSTNAME, 122);
        expected.put(StepOp.SETDOMAINNAME, 123);
        expected.put(StepOp.SETGROUPS, 130);
        expected.put(StepOp.SETGID, 131);
        expected.put(StepOp.SETUID, 132);
        expected.put(StepOp.CHDIR, 133);
        expected.put(StepOp.DEFAULT_HOME, 134);
        expected.put(StepOp.RLIMIT, 135);
        expected.put(StepOp.OOM_SCORE_ADJ, 136);
        expected.put(StepOp.UMASK, 137);
        expected.put(StepOp.SYSCTL, 138);
        expected.put(StepOp.PERSONALITY, 139);
        expected.put(StepOp.FIND_EXEC, 140);
        expected.put(StepOp.WAIT_START, 141);
        expected.put(StepOp.EXEC, 142);
        expected.put(StepOp.NO_NEW_PRIVS, 143);
        expected.put(StepOp.CAPS, 144);
        expected.put(StepOp.KEEP_CAPS, 145);
        expected.put(StepOp.CAP_BOUNDING, 146);
        expected.put(StepOp.CHECKPOINT, 147);
        expected.put(StepOp.RUN_HOOK, 148);
        expected.put(StepOp.TERMINAL, 149);
        expected.put(StepOp.ARGV, 150);
        expected.put(StepOp.ENVP, 151);
        expected.put(StepOp.EXEC_LABEL, 153);
        assertEquals(StepOp.values().length, expected.size());
        expected.forEach((op, code) -> assertEquals(code, op.code(), op.name()));
    }

    /** The C twin (native-shim/src/plan.h) must use the same numbers. */
    @Test
    void opCodesMatchTheShimsHeader() throws IOException {
        Path header = Path.of("").toAbsolutePath().getParent().resolve("native-shim/src/plan.h");
        assumeTrue(Files.isRegularFile(header), "native-shim sources not next to runtime-core");
        Map<String, Integer> c = new TreeMap<>();
        Matcher m = Pattern.compile("STEP_([A-Z_]+) = (\\d+)").matcher(Files.readString(header));
        while (m.find()) {
            c.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        Map<String, Integer> java = new TreeMap<>();
        Arrays.stream(StepOp.values()).forEach(op -> java.put(op.name(), op.code()));
        assertEquals(java, c);
    }

    @Test
    void eachStepBecomesOneRecordWithItsFields() {
        Plan plan = Plan.builder()
                .add(StepOp.CLOEXEC_FROM, "close", 5)
                .add(StepOp.MOUNT, "mount \"tmpfs\" on /dev", "tmpfs", "/dev", "tmpfs", 16777218L, "mode=755", "dir", 0)
                .add(StepOp.PIVOT_ROOT, "pivot")
                .add(new Step(StepOp.ENVP, List.of("A=1", "B="), "environment"))
                .build();
        List<Record> records = PlanEncoder.encode(plan);
        assertEquals(List.of(100, 112, 120, 151), records.stream().map(Record::op).toList());
        assertEquals(List.of("5"), records.get(0).strings());
        assertEquals(List.of("tmpfs", "/dev", "tmpfs", "16777218", "mode=755", "dir", "0"), records.get(1).strings());
        assertEquals(List.of(), records.get(2).strings());
        assertEquals(List.of("A=1", "B="), records.get(3).strings());
    }

    @Test
    void emptyPlanEncodesToNothing() {
        assertEquals(List.of(), PlanEncoder.encode(Plan.builder().build()));
    }
}
