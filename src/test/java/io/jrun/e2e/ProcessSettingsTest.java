package io.jrun.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The process settings of config.json, read back from inside the container. */
class ProcessSettingsTest extends ContainerTest {

    @Test
    void rlimitsAreSet() {
        Bundle b = bundle().sh("ulimit -Sn; ulimit -Hn; ulimit -Sc");
        ArrayNode rl = b.process().putArray("rlimits");
        rl.addObject().put("type", "RLIMIT_NOFILE").put("soft", 321).put("hard", 654);
        rl.addObject().put("type", "RLIMIT_CORE").put("soft", 0).put("hard", 0);
        assertEquals(List.of("321", "654", "0"), runOk(b).lines().toList());
    }

    @Test
    void withoutRlimitsTheCallersLimitsApplyNotTheJvms() {
        // The JVM raises its own open-files limit at start; the container must get the caller's.
        Bundle b = bundle().sh("ulimit -Sn");
        b.process().remove("rlimits");
        b.write();
        String out = Host.sh("ulimit -Sn 777; " + Jrun.BINARY + " --root " + jrun.root() + " run --bundle " + b.dir + " " + newId());
        assertEquals("777", out.strip());
    }

    @Test
    void anRlimitAboveWhatTheHostAllowsIsAClearError() {
        Bundle b = bundle().args("true");
        b.process().putArray("rlimits").addObject().put("type", "RLIMIT_NOFILE").put("soft", 1L << 40).put("hard", 1L << 40);
        b.write();
        assertOneErrorLine(jrun.run("run", "--bundle", b.dir.toString(), newId()), "set rlimit RLIMIT_NOFILE");
    }

    @Test
    void oomScoreAdjUmaskAndNoNewPrivileges() {
        Bundle b = bundle().sh("cat /proc/self/oom_score_adj; umask; grep NoNewPrivs /proc/self/status");
        b.process().put("oomScoreAdj", 500).put("noNewPrivileges", true);
        ((ObjectNode) b.process().get("user")).put("umask", 027);
        assertEquals(List.of("500", "0027", "NoNewPrivs:\t1"), runOk(b).lines().toList());
    }

    @Test
    void capabilitiesAreTheConfiguredSets() {
        Bundle b = bundle().sh("grep ^Cap /proc/self/status");
        ObjectNode caps = b.process().putObject("capabilities");
        for (String set : List.of("bounding", "effective", "permitted")) {
            caps.putArray(set).add("CAP_KILL").add("CAP_CHOWN");
        }
        caps.putArray("inheritable").add("CAP_KILL");
        caps.putArray("ambient").add("CAP_KILL");
        // CAP_CHOWN = 0, CAP_KILL = 5
        assertEquals(List.of("CapInh:\t0000000000000020", "CapPrm:\t0000000000000021", "CapEff:\t0000000000000021",
                "CapBnd:\t0000000000000021", "CapAmb:\t0000000000000020"), runOk(b).lines().toList());
    }

    @Test
    void ambientCapabilitiesWithoutInheritableOnesAreSkippedAsRuncDoes() {
        // what `runc spec` writes: three caps in every set but inheritable, which it leaves out
        Bundle b = bundle().sh("grep -E '^Cap(Inh|Eff|Amb)' /proc/self/status");
        ObjectNode caps = b.process().putObject("capabilities");
        for (String set : List.of("bounding", "effective", "permitted", "ambient")) {
            caps.putArray(set).add("CAP_AUDIT_WRITE").add("CAP_KILL").add("CAP_NET_BIND_SERVICE");
        }
        assertEquals(List.of("CapInh:\t0000000000000000", "CapEff:\t0000000020000420", "CapAmb:\t0000000000000000"),
                runOk(b).lines().toList());
    }

    @Test
    void namespacedSysctlsAreSetAndOthersRefused() {
        Bundle b = bundle().sh("cat /proc/sys/net/ipv4/ip_forward /proc/sys/kernel/shmmni");
        b.linux().putObject("sysctl").put("net.ipv4.ip_forward", "1").put("kernel.shmmni", "2048");
        assertEquals(List.of("1", "2048"), runOk(b).lines().toList());

        Bundle host = bundle().args("true");
        host.linux().putObject("sysctl").put("vm.swappiness", "10");
        host.write();
        assertOneErrorLine(jrun.run("create", "--bundle", host.dir.toString(), newId()), "\"vm.swappiness\" is not namespaced");
    }

    @Test
    void personalityIsSet() {
        Bundle b = bundle().sh("uname -m");
        b.linux().putObject("personality").put("domain", "LINUX32");
        assertEquals("i686", runOk(b).strip());
    }

    @Test
    void theTimeNamespaceShiftsTheClocks() {
        Bundle b = bundle().sh("cut -d. -f1 /proc/uptime");
        b.linux().withArray("namespaces").addObject().put("type", "time");
        b.linux().putObject("timeOffsets").putObject("boottime").put("secs", 86400 * 365).put("nanosecs", 0);
        long inside = Long.parseLong(runOk(b).strip());
        long outside = Long.parseLong(Host.sh("cut -d. -f1 /proc/uptime").strip());
        assertThat(inside - outside).isBetween(86400L * 365 - 60, 86400L * 365 + 60);
    }

    @Test
    void listenFdsArePassedForSocketActivation() throws Exception {
        Bundle b = bundle().sh("echo $LISTEN_FDS $LISTEN_PID; cat /proc/self/fd/3").write();
        java.nio.file.Path socketStandIn = java.nio.file.Files.writeString(testDir.resolve("fd3"), "listening\n");
        String out = Host.sh("exec 3<" + socketStandIn + "; LISTEN_FDS=1 LISTEN_PID=$$ " + Jrun.BINARY + " --root "
                + jrun.root() + " run --bundle " + b.dir + " " + newId());
        assertEquals(List.of("1 1", "listening"), out.lines().toList());
    }

    @Test
    void aSecurityLabelThisHostCannotGiveIsRefusedAndLeavesNothing() throws Exception {
        // This kind of machine has neither AppArmor nor SELinux enabled: running unconfined would be
        // less than config.json asks for.
        assumeFalse(Host.sh("cat /sys/module/apparmor/parameters/enabled 2>/dev/null || true").startsWith("Y"), "AppArmor is enabled here");
        assumeFalse(java.nio.file.Files.exists(java.nio.file.Path.of("/sys/fs/selinux/enforce")), "SELinux is enabled here");
        Bundle a = bundle().args("true");
        a.process().put("apparmorProfile", "docker-default");
        a.write();
        String id = newId();
        assertOneErrorLine(jrun.run("create", "--bundle", a.dir.toString(), id),
                "process.apparmorProfile: \"docker-default\" is asked for, but AppArmor is not enabled on this host");
        assertNoStateDir(id);

        Bundle s = bundle().args("true");
        s.process().put("selinuxLabel", "system_u:system_r:container_t:s0");
        s.write();
        String id2 = newId();
        assertOneErrorLine(jrun.run("run", "--bundle", s.dir.toString(), id2), "process.selinuxLabel");
        assertNoStateDir(id2);

        Bundle plain = bundle().args("sleep", "30");
        plain.write();
        String id3 = newId();
        assertEquals(0, jrun.run("run", "--detach", "--bundle", plain.dir.toString(), id3).exitCode());
        assertOneErrorLine(jrun.run("exec", "--apparmor", "p", id3, "true"), "AppArmor is not enabled on this host");
        assertOneErrorLine(jrun.run("exec", "--process-label", "l", id3, "true"), "SELinux is not enabled on this host");
    }
}
