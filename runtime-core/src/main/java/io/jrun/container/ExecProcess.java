package io.jrun.container;

import io.jrun.error.InvalidSpecException;
import io.jrun.spec.LinuxCapabilities;
import io.jrun.spec.Process;
import io.jrun.spec.User;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The process of a `jrun exec` without --process: the container's own process with runc's exec
 * flags laid over it (command, cwd, env added or replaced, user, groups, extra capabilities,
 * no_new_privs, terminal). Pure.
 */
public final class ExecProcess {
    /** The flags; null or empty means "as the container's process". */
    public record Flags(List<String> args, String cwd, List<String> env, Long uid, Long gid, List<Long> additionalGids,
            List<String> addCaps, boolean noNewPrivs, boolean tty, String apparmorProfile, String selinuxLabel) {
        public Flags(List<String> args, String cwd, List<String> env, Long uid, Long gid, List<Long> additionalGids,
                List<String> addCaps, boolean noNewPrivs, boolean tty) {
            this(args, cwd, env, uid, gid, additionalGids, addCaps, noNewPrivs, tty, null, null);
        }

        public Flags {
            args = args == null ? List.of() : List.copyOf(args);
            env = env == null ? List.of() : List.copyOf(env);
            additionalGids = additionalGids == null ? List.of() : List.copyOf(additionalGids);
            addCaps = addCaps == null ? List.of() : List.copyOf(addCaps);
        }
    }

    private ExecProcess() {}

    public static Process of(Process base, Flags f) {
        if (f.args() == null || f.args().isEmpty()) {
            throw new InvalidSpecException("exec", "a command is needed (jrun exec ID COMMAND..., or --process FILE)");
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (String e : base.env()) {
            env.put(e.substring(0, Math.max(0, e.indexOf('='))), e);
        }
        for (String e : f.env()) {
            int eq = e.indexOf('=');
            if (eq <= 0) {
                throw new InvalidSpecException("--env", "\"" + e + "\" is not of the form NAME=value");
            }
            env.put(e.substring(0, eq), e);
        }
        User u = base.user();
        User user = new User(f.uid() != null ? f.uid() : u.uid(), f.gid() != null ? f.gid() : (f.uid() != null ? 0 : u.gid()),
                u.umask(), f.additionalGids().isEmpty() ? u.additionalGids() : f.additionalGids(), u.username());
        LinuxCapabilities caps = base.capabilities();
        if (!f.addCaps().isEmpty()) {
            caps = caps == null ? new LinuxCapabilities(List.of(), List.of(), List.of(), List.of(), List.of()) : caps;
            caps = new LinuxCapabilities(plus(caps.bounding(), f.addCaps()), plus(caps.effective(), f.addCaps()),
                    caps.inheritable(), plus(caps.permitted(), f.addCaps()), caps.ambient());
        }
        String cwd = f.cwd() != null ? f.cwd() : base.cwd();
        if (cwd == null || !cwd.startsWith("/")) {
            throw new InvalidSpecException("--cwd", "must be an absolute path");
        }
        return new Process(f.tty() || Boolean.TRUE.equals(base.terminal()) ? Boolean.TRUE : Boolean.FALSE,
                base.consoleSize(), user, f.args(), null, new ArrayList<>(env.values()), cwd, caps, base.rlimits(),
                f.noNewPrivs() || Boolean.TRUE.equals(base.noNewPrivileges()),
                f.apparmorProfile() != null ? f.apparmorProfile() : base.apparmorProfile(), base.oomScoreAdj(),
                base.scheduler(), f.selinuxLabel() != null ? f.selinuxLabel() : base.selinuxLabel(), base.ioPriority(), base.execCPUAffinity());
    }

    private static List<String> plus(List<String> a, List<String> more) {
        List<String> out = new ArrayList<>(a);
        for (String c : more) {
            String name = c.startsWith("CAP_") ? c : "CAP_" + c;
            if (!out.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }
}
