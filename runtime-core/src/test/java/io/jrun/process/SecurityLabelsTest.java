package io.jrun.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.error.InvalidSpecException;
import io.jrun.plan.Step;
import io.jrun.plan.StepOp;
import io.jrun.spec.DefaultSpec;
import io.jrun.spec.Process;
import io.jrun.testing.SpecEdit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecurityLabelsTest {
    private static Process with(String apparmor, String selinux) {
        return SpecEdit.process(DefaultSpec.create().process(), p -> {
            if (apparmor != null) p.put("apparmorProfile", apparmor);
            if (selinux != null) p.put("selinuxLabel", selinux);
        });
    }

    @Test
    void nothingAskedNothingDone() {
        assertEquals(List.of(), SecurityLabels.steps(with(null, null), SecurityLabels.Host.NONE));
        assertEquals(List.of(), SecurityLabels.steps(with("", ""), SecurityLabels.Host.NONE));
    }

    @Test
    void aLabelTheHostCannotGiveIsRefused() {
        InvalidSpecException a = assertThrows(InvalidSpecException.class,
                () -> SecurityLabels.steps(with("docker-default", null), SecurityLabels.Host.NONE));
        assertEquals("process.apparmorProfile: \"docker-default\" is asked for, but AppArmor is not enabled on this host",
                a.getMessage());
        InvalidSpecException s = assertThrows(InvalidSpecException.class,
                () -> SecurityLabels.steps(with(null, "system_u:system_r:container_t:s0"), new SecurityLabels.Host(true, true, false)));
        assertEquals("process.selinuxLabel: \"system_u:system_r:container_t:s0\" is asked for, but SELinux is not enabled on this host",
                s.getMessage());
    }

    @Test
    void theLabelsAreWrittenToTheProcessesOwnExecAttribute() {
        assertEquals(List.of(Step.of(StepOp.EXEC_LABEL, "set the AppArmor profile p1", "/proc/self/attr/apparmor/exec", "exec p1")),
                SecurityLabels.steps(with("p1", null), new SecurityLabels.Host(true, true, false)));
        assertEquals(List.of(Step.of(StepOp.EXEC_LABEL, "set the AppArmor profile p1", "/proc/self/attr/exec", "exec p1"),
                Step.of(StepOp.EXEC_LABEL, "set the SELinux label u:r:t:s0", "/proc/self/attr/exec", "u:r:t:s0")),
                SecurityLabels.steps(with("p1", "u:r:t:s0"), new SecurityLabels.Host(true, false, true)));
    }

    @Test
    void theHostIsReadFromSysAndProc(@TempDir Path dir) throws Exception {
        Path sys = dir.resolve("sys");
        Path proc = dir.resolve("proc");
        assertEquals(SecurityLabels.Host.NONE, SecurityLabels.Host.detect(sys, proc));
        Files.createDirectories(sys.resolve("kernel/security/apparmor"));
        Files.createDirectories(sys.resolve("module/apparmor/parameters"));
        Files.writeString(sys.resolve("module/apparmor/parameters/enabled"), "N\n");
        assertFalse(SecurityLabels.Host.detect(sys, proc).appArmor(), "compiled in but disabled");
        Files.writeString(sys.resolve("module/apparmor/parameters/enabled"), "Y\n");
        Files.createDirectories(proc.resolve("self/attr/apparmor"));
        Files.writeString(proc.resolve("self/attr/apparmor/exec"), "");
        Files.createDirectories(sys.resolve("fs/selinux"));
        Files.writeString(sys.resolve("fs/selinux/enforce"), "1");
        assertEquals(new SecurityLabels.Host(true, true, true), SecurityLabels.Host.detect(sys, proc));
        assertTrue(SecurityLabels.Host.detect(sys, proc).selinux());
    }
}
