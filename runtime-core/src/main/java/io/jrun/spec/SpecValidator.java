package io.jrun.spec;

import io.jrun.error.InvalidSpecException;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a parsed spec before create/run, in one pass, throwing the first problem as an
 * {@link InvalidSpecException} whose field is the JSON path. Only what the spec requires and what
 * jrun cannot proceed without is checked here; kernel-dependent checks come later.
 */
public final class SpecValidator {
    /** uid_t/gid_t are uint32 and (uid_t)-1 means "unchanged" to the kernel, so it is not an id. */
    private static final long MAX_ID = 0xFFFF_FFFEL;
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)([-+].*)?");
    private static final Pattern CAPABILITY = Pattern.compile("CAP_[A-Z_]+");
    private static final Set<String> DEVICE_TYPES = Set.of("c", "u", "b", "p");
    private static final Set<String> PROPAGATIONS = Set.of(
            "shared", "slave", "private", "unbindable", "rshared", "rslave", "rprivate", "runbindable");

    private SpecValidator() {}

    public static void validate(Spec spec) {
        Objects.requireNonNull(spec, "spec");
        version(spec.ociVersion());
        root(spec.root());
        process(spec.process());
        uts("hostname", spec.hostname(), spec.linux());
        uts("domainname", spec.domainname(), spec.linux());
        mounts(spec.mounts());
        hooks(spec.hooks());
        if (spec.linux() != null) {
            linux(spec.linux());
        }
    }

    private static void version(String version) {
        if (empty(version)) {
            throw fail("ociVersion", "required");
        }
        Matcher m = VERSION.matcher(version);
        if (!m.matches()) {
            throw fail("ociVersion", "invalid version \"" + version + "\"");
        }
        if (!m.group(1).equals("1")) {
            throw fail("ociVersion", "unsupported version \"" + version + "\"");
        }
    }

    private static void root(Root root) {
        if (root == null) {
            throw fail("root", "required");
        }
        if (empty(root.path())) {
            throw fail("root.path", "required");
        }
    }

    /** A process on its own, as exec runs it: the same rules as config.json's process. */
    public static void validateProcess(Process process) {
        process(process);
    }

    private static void process(Process process) {
        if (process == null) {
            throw fail("process", "required");
        }
        if (process.args().isEmpty()) {
            throw fail("process.args", "required");
        }
        if (empty(process.args().getFirst())) {
            throw fail("process.args[0]", "must not be empty");
        }
        // execve's strings end at the first NUL: what follows would be dropped without a word.
        for (int i = 0; i < process.args().size(); i++) {
            if (process.args().get(i).indexOf('\0') >= 0) {
                throw fail("process.args[" + i + "]", "must not contain a NUL byte");
            }
        }
        if (process.cwd() != null && process.cwd().indexOf('\0') >= 0) {
            throw fail("process.cwd", "must not contain a NUL byte");
        }
        if (empty(process.cwd())) {
            throw fail("process.cwd", "required");
        }
        if (!process.cwd().startsWith("/")) {
            throw fail("process.cwd", "must be an absolute path");
        }
        for (int i = 0; i < process.env().size(); i++) {
            if (process.env().get(i).indexOf('=') <= 0) {
                throw fail("process.env[" + i + "]", "must be of the form NAME=value");
            }
            if (process.env().get(i).indexOf('\0') >= 0) {
                throw fail("process.env[" + i + "]", "must not contain a NUL byte");
            }
        }
        user(process.user());
        rlimits(process.rlimits());
        if (process.capabilities() != null) {
            capabilities(process.capabilities());
        }
        Integer oom = process.oomScoreAdj();
        if (oom != null && (oom < -1000 || oom > 1000)) {
            throw fail("process.oomScoreAdj", "must be between -1000 and 1000");
        }
    }

    private static void user(User user) {
        id("process.user.uid", user.uid());
        id("process.user.gid", user.gid());
        for (int i = 0; i < user.additionalGids().size(); i++) {
            id("process.user.additionalGids[" + i + "]", user.additionalGids().get(i));
        }
    }

    private static void id(String field, long id) {
        if (id < 0 || id > MAX_ID) {
            throw fail(field, "must be between 0 and " + MAX_ID);
        }
    }

    private static void rlimits(List<PosixRlimit> rlimits) {
        Set<RlimitType> seen = EnumSet.noneOf(RlimitType.class);
        for (int i = 0; i < rlimits.size(); i++) {
            PosixRlimit r = rlimits.get(i);
            String field = "process.rlimits[" + i + "]";
            RlimitType type = RlimitType.fromName(r.type())
                    .orElseThrow(() -> fail(field + ".type", "unknown rlimit type \"" + r.type() + "\""));
            if (!seen.add(type)) {
                throw fail(field + ".type", "duplicate rlimit type \"" + r.type() + "\"");
            }
            if (Long.compareUnsigned(r.soft(), r.hard()) > 0) {
                throw fail(field + ".soft", "soft limit " + Uint64.toString(r.soft())
                        + " is greater than hard limit " + Uint64.toString(r.hard()));
            }
        }
    }

    private static void capabilities(LinuxCapabilities caps) {
        capabilitySet("bounding", caps.bounding());
        capabilitySet("effective", caps.effective());
        capabilitySet("inheritable", caps.inheritable());
        capabilitySet("permitted", caps.permitted());
        capabilitySet("ambient", caps.ambient());
    }

    private static void capabilitySet(String set, List<String> names) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i) == null || !CAPABILITY.matcher(names.get(i)).matches()) {
                throw fail("process.capabilities." + set + "[" + i + "]",
                        "invalid capability name \"" + names.get(i) + "\"");
            }
        }
    }

    /** Setting a hostname/domainname only makes sense, and is only safe, in a uts namespace of our own. */
    private static void uts(String field, String value, Linux linux) {
        if (empty(value)) {
            return;
        }
        boolean newUts = linux != null
                && linux.namespace(NamespaceType.UTS).map(LinuxNamespace::createsNew).orElse(false);
        if (!newUts) {
            throw fail(field, "requires a new uts namespace");
        }
    }

    private static void mounts(List<Mount> mounts) {
        for (int i = 0; i < mounts.size(); i++) {
            Mount m = mounts.get(i);
            String field = "mounts[" + i + "]";
            // Relative destinations are allowed since spec 1.2 (resolved against "/").
            if (empty(m.destination())) {
                throw fail(field + ".destination", "required");
            }
            if (m.destination().indexOf('\0') >= 0) {
                throw fail(field + ".destination", "must not contain a NUL byte");
            }
            if (m.isBind() && empty(m.source())) {
                throw fail(field + ".source", "required for a bind mount");
            }
        }
    }

    private static void hooks(Hooks hooks) {
        if (hooks == null) {
            return;
        }
        hookList("prestart", hooks.prestart());
        hookList("createRuntime", hooks.createRuntime());
        hookList("createContainer", hooks.createContainer());
        hookList("startContainer", hooks.startContainer());
        hookList("poststart", hooks.poststart());
        hookList("poststop", hooks.poststop());
    }

    private static void hookList(String name, List<Hook> hooks) {
        for (int i = 0; i < hooks.size(); i++) {
            Hook h = hooks.get(i);
            String field = "hooks." + name + "[" + i + "]";
            absolute(field + ".path", h.path());
            if (h.timeout() != null && h.timeout() <= 0) {
                throw fail(field + ".timeout", "must be greater than zero");
            }
        }
    }

    private static void linux(Linux linux) {
        namespaces(linux.namespaces());
        devices(linux.devices());
        String propagation = linux.rootfsPropagation();
        if (!empty(propagation) && !PROPAGATIONS.contains(propagation)) {
            throw fail("linux.rootfsPropagation", "invalid propagation \"" + propagation + "\"");
        }
        for (String key : linux.sysctl().keySet()) {
            if (empty(key)) {
                throw fail("linux.sysctl", "empty key");
            }
        }
        paths("linux.maskedPaths", linux.maskedPaths());
        paths("linux.readonlyPaths", linux.readonlyPaths());
        // cgroupsPath: "slice:prefix:name" is the systemd form, anything else a cgroupfs path; both are fine here.
    }

    private static void namespaces(List<LinuxNamespace> namespaces) {
        Set<NamespaceType> seen = EnumSet.noneOf(NamespaceType.class);
        for (int i = 0; i < namespaces.size(); i++) {
            LinuxNamespace ns = namespaces.get(i);
            String field = "linux.namespaces[" + i + "]";
            if (empty(ns.type())) {
                throw fail(field + ".type", "required");
            }
            NamespaceType type = NamespaceType.fromSpecName(ns.type())
                    .orElseThrow(() -> fail(field + ".type", "unknown namespace type \"" + ns.type() + "\""));
            if (!seen.add(type)) {
                throw fail(field + ".type", "duplicate namespace type \"" + ns.type() + "\"");
            }
            if (!ns.createsNew() && !ns.path().startsWith("/")) {
                throw fail(field + ".path", "must be an absolute path");
            }
        }
    }

    private static void devices(List<LinuxDevice> devices) {
        for (int i = 0; i < devices.size(); i++) {
            LinuxDevice d = devices.get(i);
            String field = "linux.devices[" + i + "]";
            if (d.type() == null || !DEVICE_TYPES.contains(d.type())) {
                throw fail(field + ".type", "invalid device type \"" + d.type() + "\"");
            }
            absolute(field + ".path", d.path());
            if (!d.type().equals("p")) {
                if (d.major() == null) {
                    throw fail(field + ".major", "required for device type \"" + d.type() + "\"");
                }
                if (d.minor() == null) {
                    throw fail(field + ".minor", "required for device type \"" + d.type() + "\"");
                }
            }
        }
    }

    private static void paths(String field, List<String> paths) {
        for (int i = 0; i < paths.size(); i++) {
            absolute(field + "[" + i + "]", paths.get(i));
        }
    }

    private static void absolute(String field, String path) {
        if (empty(path)) {
            throw fail(field, "required");
        }
        if (!path.startsWith("/")) {
            throw fail(field, "must be an absolute path");
        }
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }

    private static InvalidSpecException fail(String field, String reason) {
        return new InvalidSpecException(field, reason);
    }
}
