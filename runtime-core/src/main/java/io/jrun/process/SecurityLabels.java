package io.jrun.process;

import io.jrun.error.InvalidSpecException;
import io.jrun.plan.Step;
import io.jrun.plan.StepOp;
import io.jrun.spec.Process;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * process.apparmorProfile and process.selinuxLabel: the label the kernel gives the process at its
 * execve, written to the process's own /proc attr file. The write is made through the host's /proc
 * (before pivot_root, or before an exec'd process joins the container), so a /proc of the rootfs's
 * making cannot swallow it (CVE-2019-16884); the label is inherited by the clone and applies at execve.
 * A label asked for on a host without that security module is an error: running unconfined
 * instead would be more privilege than config.json asks for.
 */
public final class SecurityLabels {
    /** What the host's kernel has enabled. */
    public record Host(boolean appArmor, boolean appArmorOwnAttr, boolean selinux) {
        public static final Host NONE = new Host(false, false, false);

        public static Host detect(Path sys, Path proc) {
            boolean appArmor = Files.isDirectory(sys.resolve("kernel/security/apparmor"))
                    && read(sys.resolve("module/apparmor/parameters/enabled")).startsWith("Y");
            return new Host(appArmor, Files.exists(proc.resolve("self/attr/apparmor/exec")),
                    Files.exists(sys.resolve("fs/selinux/enforce")));
        }

        private static String read(Path p) {
            try {
                return Files.readString(p);
            } catch (java.io.IOException e) {
                return "";
            }
        }
    }

    private SecurityLabels() {}

    public static List<Step> steps(Process p, Host host) {
        List<Step> steps = new ArrayList<>();
        if (p == null) {
            return steps;
        }
        String profile = p.apparmorProfile();
        if (profile != null && !profile.isEmpty()) {
            if (!host.appArmor()) {
                throw new InvalidSpecException("process.apparmorProfile",
                        "\"" + profile + "\" is asked for, but AppArmor is not enabled on this host");
            }
            // kernels with stacked security modules have AppArmor's own file; older ones the shared one
            String file = host.appArmorOwnAttr() ? "/proc/self/attr/apparmor/exec" : "/proc/self/attr/exec";
            steps.add(Step.of(StepOp.EXEC_LABEL, "set the AppArmor profile " + profile, file, "exec " + profile));
        }
        String label = p.selinuxLabel();
        if (label != null && !label.isEmpty()) {
            if (!host.selinux()) {
                throw new InvalidSpecException("process.selinuxLabel",
                        "\"" + label + "\" is asked for, but SELinux is not enabled on this host");
            }
            steps.add(Step.of(StepOp.EXEC_LABEL, "set the SELinux label " + label, "/proc/self/attr/exec", label));
        }
        return steps;
    }
}
