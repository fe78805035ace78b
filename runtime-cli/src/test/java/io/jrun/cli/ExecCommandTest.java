package io.jrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.front.ExitStatus;
import io.jrun.front.Front;
import io.jrun.front.SpawnResult;
import io.jrun.plan.Plan;
import io.jrun.plan.Step;
import io.jrun.plan.StepOp;
import io.jrun.spec.DefaultSpec;
import io.jrun.spec.Spec;
import io.jrun.spec.SpecParser;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * exec through the command line, into a live container (this JVM is its init, so it shares every
 * namespace with jrun and nothing is joined), with a front whose spawn and wait are scripted.
 */
class ExecCommandTest {
    static final int PID = 31337;

    @TempDir
    Path tmp;

    private Path root;
    private final List<Plan> spawned = new ArrayList<>();
    private final List<Boolean> held = new ArrayList<>();
    private final List<Integer> waited = new ArrayList<>();
    private Function<Plan, SpawnResult> onSpawn = plan -> new SpawnResult.Spawned(PID);
    private ExitStatus exit = new ExitStatus(false, 0);

    record Run(int code, String out, String err) {}

    @BeforeEach
    void setUp() throws IOException {
        root = tmp.resolve("root");
    }

    private void liveContainer(Spec spec) throws IOException {
        LiveContainer.write(root, "c1", tmp.resolve("bundle"));
        Files.writeString(root.resolve("c1/config.json"), SpecParser.toJson(spec));
    }

    private static Spec spec() {
        Spec s = DefaultSpec.create();
        return s.withProcess(s.process().withTerminal(false).withArgs(List.of("sleep", "1000")));
    }

    /** Runs the command line with a TestFront whose spawn and waitFor answer as scripted here. */
    private Run run(String... args) {
        List<String> all = new ArrayList<>(List.of("--root", root.toString()));
        all.addAll(List.of(args));
        TestFront base = new TestFront(tmp, all.toArray(String[]::new));
        Front front = (Front) Proxy.newProxyInstance(Front.class.getClassLoader(), new Class<?>[] {Front.class},
                (proxy, method, a) -> switch (method.getName()) {
                    case "spawn" -> {
                        spawned.add((Plan) a[0]);
                        held.add((Boolean) a[1]);
                        yield onSpawn.apply((Plan) a[0]);
                    }
                    case "waitFor" -> {
                        waited.add((Integer) a[0]);
                        yield exit;
                    }
                    default -> {
                        try {
                            yield method.invoke(base, a);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }
                });
        int code = Cli.execute(front);
        return new Run(code, base.text(1), base.text(2));
    }

    private Plan sent() {
        assertEquals(1, spawned.size(), "one spawn");
        return spawned.getFirst();
    }

    private static List<String> fields(Plan p, StepOp op) {
        List<Step> of = p.ofType(op);
        assertEquals(1, of.size(), op.toString());
        return of.getFirst().fields();
    }

    @Test
    void whatFollowsTheIdIsTheCommandOptionsIncluded() throws IOException {
        liveContainer(spec());
        Run r = run("exec", "c1", "ls", "-la", "--color", "-e", "X=1", "--cwd", "/x");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        Plan p = sent();
        assertEquals(List.of("ls", "-la", "--color", "-e", "X=1", "--cwd", "/x"), fields(p, StepOp.ARGV));
        assertEquals(List.of("/"), fields(p, StepOp.CHDIR), "--cwd after the id is the command's");
    }

    @Test
    void theProcessExitCodeIsJrunsExitCode() throws IOException {
        liveContainer(spec());
        exit = new ExitStatus(false, 7);
        assertEquals(7, run("exec", "c1", "sh", "-c", "exit 7").code());
        assertEquals(List.of(PID), waited);
        assertEquals(List.of(true), held, "a foreground exec holds the caller's signals for the process");
    }

    @Test
    void aKilledProcessExitsWith128PlusTheSignal() throws IOException {
        liveContainer(spec());
        exit = new ExitStatus(true, 15);
        assertEquals(143, run("exec", "c1", "sleep", "100").code());
    }

    @Test
    void thePlanOfALiveContainerJoinsNothingJrunIsIn() throws IOException {
        liveContainer(spec());
        run("exec", "c1", "true");
        List<StepOp> ops = sent().steps().stream().map(Step::op).toList();
        assertEquals(List.of(StepOp.CLOEXEC_FROM, StepOp.CLONE), ops.subList(0, 2),
                "the same namespaces as jrun's own and no cgroup recorded: no SETNS, no CGROUP_JOIN");
        assertEquals(List.of("3"), fields(sent(), StepOp.CLOEXEC_FROM));
        assertEquals(List.of("0"), fields(sent(), StepOp.CLONE));
        assertTrue(!ops.contains(StepOp.WAIT_START) && ops.contains(StepOp.EXEC), ops.toString());
    }

    @Test
    void flagsBeforeTheIdChangeTheProcess() throws IOException {
        liveContainer(spec());
        Run r = run("exec", "--user", "1000:100", "-g", "5", "--additional-gids", "6", "--env", "FOO=bar", "-e", "TERM=dumb",
                "--cwd", "/tmp", "--cap", "CAP_SYS_PTRACE", "-c", "NET_ADMIN", "--no-new-privs", "--preserve-fds", "2", "c1",
                "id");
        assertEquals(0, r.code(), r.err());
        Plan p = sent();
        assertEquals(List.of("1000"), fields(p, StepOp.SETUID));
        assertEquals(List.of("100"), fields(p, StepOp.SETGID));
        assertEquals(List.of("5", "6"), fields(p, StepOp.SETGROUPS));
        assertEquals(List.of("/tmp"), fields(p, StepOp.CHDIR));
        assertEquals(List.of("5"), fields(p, StepOp.CLOEXEC_FROM));
        List<String> env = fields(p, StepOp.ENVP);
        assertTrue(env.contains("FOO=bar") && env.contains("TERM=dumb") && !env.contains("TERM=xterm"), env.toString());
        // CAP_AUDIT_WRITE (29), CAP_KILL (5), CAP_NET_BIND_SERVICE (10) + CAP_SYS_PTRACE (19), CAP_NET_ADMIN (12)
        long caps = (1L << 29) | (1L << 5) | (1L << 10) | (1L << 19) | (1L << 12);
        assertEquals(Long.toString(caps), fields(p, StepOp.CAP_BOUNDING).getFirst());
    }

    @Test
    void aUidAloneRunsAsGroupZero() throws IOException {
        liveContainer(spec().withProcess(spec().process().withUser(io.jrun.spec.User.of(7, 8))));
        assertEquals(0, run("exec", "-u", "1000", "c1", "id").code());
        assertEquals(List.of("1000"), fields(sent(), StepOp.SETUID));
        assertEquals(List.of("0"), fields(sent(), StepOp.SETGID));
    }

    @Test
    void detachReturnsAtOnceAndWritesThePid() throws IOException {
        liveContainer(spec());
        exit = new ExitStatus(false, 9);
        Run r = run("exec", "-d", "--pid-file", "exec.pid", "c1", "sleep", "1000");
        assertEquals(0, r.code(), r.err());
        assertEquals(Integer.toString(PID), Files.readString(tmp.resolve("exec.pid")), "relative to the caller's directory");
        assertEquals(List.of(false), held, "--detach does not hold the caller's signals");
        assertEquals(List.of(), waited);
    }

    @Test
    void aProgramNotFoundExits255WithRuncsMessage() throws IOException {
        liveContainer(spec());
        onSpawn = plan -> {
            List<StepOp> ops = plan.steps().stream().map(Step::op).toList();
            return new SpawnResult.Failed(ops.indexOf(StepOp.FIND_EXEC) + 1, 2, "", 0);
        };
        Run r = run("exec", "c1", "nope");
        assertEquals(255, r.code());
        assertEquals("jrun: exec c1: exec: \"nope\": executable file not found in $PATH\n", r.err());
        assertEquals(List.of(), waited);
    }

    @Test
    void aMissingContainerExits255() {
        Run r = run("exec", "nope", "true");
        assertEquals(255, r.code());
        assertEquals("jrun: exec nope: container does not exist\n", r.err());
    }

    @Test
    void withoutACommandOrProcessFile() throws IOException {
        liveContainer(spec());
        Run r = run("exec", "c1");
        assertEquals(255, r.code());
        assertEquals("jrun: exec c1: exec: a command is needed (jrun exec ID COMMAND..., or --process FILE)\n", r.err());
        assertEquals(List.of(), spawned);
    }

    @Test
    void withoutAnIdIsAUsageError() {
        Run r = run("exec");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("jrun: exec: "), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void aNonNumericUserIsRefused() throws IOException {
        liveContainer(spec());
        for (String user : List.of("alice", "1000:staff", ":5", "")) {
            Run r = run("exec", "--user", user, "c1", "id");
            assertEquals(255, r.code(), user);
            assertEquals("jrun: exec c1: --user: \"" + user + "\" must be a numeric uid[:gid]\n", r.err(), user);
        }
        assertEquals(List.of(), spawned);
    }

    @Test
    void unsupportedOptionsAreRefusedWithClearLines() throws IOException {
        liveContainer(spec());
        Run cgroup = run("exec", "--cgroup", "sub", "c1", "sh");
        assertEquals("jrun: exec c1: --cgroup: sub-cgroups are not supported\n", cgroup.err());
        assertEquals(255, cgroup.code());
        assertEquals(List.of(), spawned);
    }

    @Test
    void labelsOfSecurityModulesTheHostLacksAreRefused() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.jrun.process.SecurityLabels.Host.detect(Path.of("/sys"),
                Path.of("/proc")).equals(io.jrun.process.SecurityLabels.Host.NONE), "this host has AppArmor or SELinux");
        liveContainer(spec());
        Run label = run("exec", "--process-label", "system_u:system_r:container_t:s0", "c1", "sh");
        assertEquals("jrun: exec c1: process.selinuxLabel: \"system_u:system_r:container_t:s0\" is asked for,"
                + " but SELinux is not enabled on this host\n", label.err());
        Run apparmor = run("exec", "--apparmor", "docker-default", "c1", "sh");
        assertEquals("jrun: exec c1: process.apparmorProfile: \"docker-default\" is asked for,"
                + " but AppArmor is not enabled on this host\n", apparmor.err());
        assertEquals(List.of(), spawned);
    }

    @Test
    void aProcessFileIsUsedAsIs() throws IOException {
        liveContainer(spec());
        Path process = Files.writeString(tmp.resolve("process.json"), """
                {"user": {"uid": 42, "gid": 43}, "args": ["/bin/echo", "hi"], "env": ["PATH=/bin", "HOME=/h"],
                 "cwd": "/srv"}""");
        Run r = run("exec", "--process", process.toString(), "c1");
        assertEquals(0, r.code(), r.err());
        Plan p = sent();
        assertEquals(List.of("/bin/echo", "hi"), fields(p, StepOp.ARGV));
        assertEquals(List.of("42"), fields(p, StepOp.SETUID));
        assertEquals(List.of("/srv"), fields(p, StepOp.CHDIR));
        assertEquals(List.of("PATH=/bin", "HOME=/h"), fields(p, StepOp.ENVP));
        assertTrue(p.ofType(StepOp.CAPS).isEmpty(), "no capabilities in process.json: not the container's");
    }

    @Test
    void aBadProcessFileNamesItsField() throws IOException {
        liveContainer(spec());
        Path process = Files.writeString(tmp.resolve("process.json"), """
                {"args": "not-a-list", "cwd": "/"}""");
        Run r = run("exec", "-p", process.toString(), "c1");
        assertEquals(255, r.code());
        assertTrue(r.err().startsWith("jrun: exec c1: process.args"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertEquals(List.of(), spawned);
    }

    @Test
    void aMissingProcessFile() throws IOException {
        liveContainer(spec());
        Run r = run("exec", "-p", "missing.json", "c1");
        assertEquals("jrun: exec c1: --process: cannot read " + tmp.resolve("missing.json") + ": no such file or directory\n", r.err());
        assertEquals(255, r.code(), "the exec failed: runc's 255");
        assertEquals(List.of(), spawned);
    }

    /** (uid_t)-1 means "unchanged" to setresuid: the process would stay root; 2^32 would wrap to 0. */
    @ParameterizedTest
    @ValueSource(strings = {"-1", "4294967296", "0:-1"})
    void userIdsOutsideUint32AreRefused(String user) throws IOException {
        liveContainer(spec());
        Run r = run("exec", "--user=" + user, "c1", "id");
        assertEquals(255, r.code(), user + ": " + r.err());
        assertTrue(r.err().startsWith("jrun: exec c1: "), r.err());
        assertEquals(List.of(), spawned, user + " must not be spawned");
    }

    @Test
    void anAdditionalGidOutsideUint32IsRefused() throws IOException {
        liveContainer(spec());
        Run r = run("exec", "-g", "-1", "c1", "id");
        assertEquals(255, r.code(), r.err());
        assertEquals(List.of(), spawned, "additional gid -1");
    }

    /** runc checks a --process file as it checks config.json's process (validateProcessSpec). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"args": [], "cwd": "/"}                                                        | process.args
            {"args": ["true"], "cwd": "relative"}                                           | process.cwd
            {"args": ["true"], "cwd": "/", "user": {"uid": 4294967295, "gid": 0}}           | process.user.uid
            """)
    void aProcessFileIsCheckedLikeTheConfigsProcess(String json, String field) throws IOException {
        liveContainer(spec());
        Path process = Files.writeString(tmp.resolve("process.json"), json);
        Run r = run("exec", "--process", process.toString(), "c1");
        assertEquals(255, r.code(), json + ": " + r.err());
        assertTrue(r.err().startsWith("jrun: exec c1: " + field), json + ": " + r.err());
        assertEquals(List.of(), spawned, json + " must not be spawned");
    }

    @Test
    void anEnvWithoutEqualsIsRefused() throws IOException {
        liveContainer(spec());
        Run r = run("exec", "-e", "FOO", "c1", "true");
        assertEquals(255, r.code());
        assertEquals("jrun: exec c1: --env: \"FOO\" is not of the form NAME=value\n", r.err());
    }

    @Test
    void aRelativeCwdIsRefused() throws IOException {
        liveContainer(spec());
        Run r = run("exec", "--cwd", "tmp", "c1", "true");
        assertEquals(255, r.code());
        assertEquals("jrun: exec c1: --cwd: must be an absolute path\n", r.err());
    }

    /** As create refuses it: 3 + a negative count would mark jrun's stdio close-on-exec. */
    @Test
    void aNegativePreserveFdsIsRefused() throws IOException {
        liveContainer(spec());
        Run r = run("exec", "--preserve-fds=-1", "c1", "true");
        assertTrue(r.err().startsWith("jrun: exec c1: --preserve-fds"), r.err());
        assertEquals(List.of(), spawned, "CLOEXEC_FROM 2 must not be sent");
    }

    @Test
    void execIsListedInTheHelp() {
        Run r = run("--help");
        assertTrue(r.out().contains("exec"), r.out());
    }
}
