package io.jrun.container;

import io.jrun.hooks.HookPhase;
import io.jrun.mount.MountOptions;
import io.jrun.process.Capabilities;
import io.jrun.seccomp.SeccompActions;
import io.jrun.seccomp.SeccompPlanner;
import io.jrun.spec.NamespaceType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runtime-spec features document (`jrun features`): what this build of jrun recognizes and
 * implements, whatever the host has. It is read from the tables the code itself uses, so it cannot
 * claim a mount option or seccomp action that create would refuse.
 */
public final class Features {
    public static final String OCI_VERSION_MIN = "1.0.0";
    public static final String OCI_VERSION_MAX = io.jrun.spec.DefaultSpec.OCI_VERSION;
    /** Architectures libseccomp 2.5 knows by these names. */
    private static final List<String> SECCOMP_ARCHS = List.of("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM", "SCMP_ARCH_MIPS",
            "SCMP_ARCH_MIPS64", "SCMP_ARCH_MIPS64N32", "SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32",
            "SCMP_ARCH_PPC", "SCMP_ARCH_PPC64", "SCMP_ARCH_PPC64LE", "SCMP_ARCH_RISCV64", "SCMP_ARCH_S390",
            "SCMP_ARCH_S390X", "SCMP_ARCH_X32", "SCMP_ARCH_X86", "SCMP_ARCH_X86_64");

    private Features() {}

    public static Map<String, Object> document(String jrunVersion) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("ociVersionMin", OCI_VERSION_MIN);
        doc.put("ociVersionMax", OCI_VERSION_MAX);
        doc.put("hooks", Arrays.stream(HookPhase.values()).map(HookPhase::specName).toList());
        doc.put("mountOptions", MountOptions.names());

        Map<String, Object> linux = new LinkedHashMap<>();
        linux.put("namespaces", Arrays.stream(NamespaceType.values()).map(NamespaceType::specName).sorted().toList());
        linux.put("capabilities", Capabilities.names());
        linux.put("cgroup", ordered("v1", true, "v2", true, "systemd", false, "systemdUser", false, "rdma", false));
        Map<String, Object> seccomp = new LinkedHashMap<>();
        seccomp.put("enabled", true);
        seccomp.put("actions", SeccompActions.actionNames());
        seccomp.put("operators", SeccompActions.operatorNames());
        seccomp.put("archs", SECCOMP_ARCHS);
        seccomp.put("knownFlags", SeccompPlanner.flagNames());
        seccomp.put("supportedFlags", SeccompPlanner.flagNames());
        linux.put("seccomp", seccomp);
        linux.put("apparmor", Map.of("enabled", true));
        linux.put("selinux", Map.of("enabled", true));
        linux.put("intelRdt", Map.of("enabled", false));
        linux.put("mountExtensions", Map.of("idmap", Map.of("enabled", false)));
        doc.put("linux", linux);

        doc.put("annotations", Map.of("io.jrun.version", jrunVersion));
        return doc;
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
