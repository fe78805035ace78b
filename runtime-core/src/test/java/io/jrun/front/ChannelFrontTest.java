package io.jrun.front;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.plan.Plan;
import io.jrun.plan.PlanEncoder;
import io.jrun.plan.StepOp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class ChannelFrontTest {
    /** The native front's side of the channel, in a thread: sends HELLO, then answers each request. */
    private static final class FakeFrontSide implements Runnable {
        final InputStream fromBrain;
        final OutputStream toBrain;
        final List<Record> hello;
        final Function<List<Record>, List<Record>> answer;
        final BlockingQueue<List<Record>> received = new LinkedBlockingQueue<>();
        volatile Throwable failure;

        FakeFrontSide(InputStream fromBrain, OutputStream toBrain, List<Record> hello,
                Function<List<Record>, List<Record>> answer) {
            this.fromBrain = fromBrain;
            this.toBrain = toBrain;
            this.hello = hello;
            this.answer = answer;
        }

        @Override
        public void run() {
            try {
                Wire.write(toBrain, hello);
                while (true) {
                    List<Record> msg = Wire.read(fromBrain);
                    received.add(msg);
                    if (msg.getFirst().op() == Op.EXIT) {
                        return;
                    }
                    List<Record> reply = answer.apply(msg);
                    if (reply != null) {
                        Wire.write(toBrain, reply);
                    }
                }
            } catch (Throwable t) {
                failure = t;
            }
        }
    }

    private Thread thread;
    private FakeFrontSide side;

    private static List<Record> hello(String cwd, List<String> argv, List<String> env) {
        return List.of(Record.of(Op.HELLO, "1", cwd, 1000, 1001, 4321), Record.ofStrings(Op.ARGV, argv),
                Record.ofStrings(Op.ENV, env));
    }

    private ChannelFront connect(List<Record> hello, Function<List<Record>, List<Record>> answer) throws IOException {
        PipedInputStream brainIn = new PipedInputStream(1 << 16);
        PipedOutputStream frontOut = new PipedOutputStream(brainIn);
        PipedInputStream frontIn = new PipedInputStream(1 << 16);
        PipedOutputStream brainOut = new PipedOutputStream(frontIn);
        side = new FakeFrontSide(frontIn, frontOut, hello, answer);
        thread = new Thread(side, "fake-front");
        thread.setDaemon(true);
        thread.start();
        return new ChannelFront(brainIn, brainOut);
    }

    /** The replies a well-behaved front gives. */
    private static List<Record> standardAnswer(List<Record> msg) {
        Record r = msg.getFirst();
        return switch (r.op()) {
            case Op.SPAWN -> List.of(Record.of(Op.SPAWNED, 4242));
            case Op.WAIT -> List.of(Record.of(Op.EXITED, "signal", 9));
            case Op.READ_STDIN -> List.of(Record.of(Op.DATA, new byte[] {'i', 'n', 0, 'x'}));
            case Op.WRITE -> null;
            default -> throw new AssertionError("unexpected op " + r.op());
        };
    }

    private List<Record> nextReceived() throws InterruptedException {
        List<Record> msg = side.received.poll(10, TimeUnit.SECONDS);
        if (msg == null) {
            throw new AssertionError("the front received nothing", side.failure);
        }
        return msg;
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (thread != null) {
            thread.join(5000);
        }
    }

    private static Plan samplePlan() {
        return Plan.builder()
                .add(StepOp.CLOEXEC_FROM, "close jrun's file descriptors", 3)
                .add(StepOp.CLONE, "clone", 0x20020000L)
                .add(StepOp.MOUNT, "mount \"proc\" on /proc", "proc", "/proc", "proc", 0, "", "dir", 0)
                .add(StepOp.FIND_EXEC, "exec: \"sh\"", "/bin/sh", "/usr/bin/sh")
                .add(StepOp.EXEC, "exec")
                .add(StepOp.ARGV, "arguments", "sh", "-c", "echo \0 nul")
                .build();
    }

    @Test
    void helloGivesTheClient() throws Exception {
        ChannelFront front = connect(hello("/home/u", List.of("--root", "/tmp/r", "list"),
                List.of("PATH=/bin", "A=x=y", "PATH=/second", "NOEQUALS", "=novalue", "EMPTY=")), ChannelFrontTest::standardAnswer);
        Client c = front.client();
        assertEquals(List.of("--root", "/tmp/r", "list"), c.args());
        assertEquals(Map.of("PATH", "/bin", "A", "x=y", "EMPTY", ""), c.env(), "first PATH wins; malformed entries dropped");
        assertEquals(Path.of("/home/u"), c.cwd());
        assertEquals(1000, c.uid());
        assertEquals(1001, c.gid());
        assertEquals(4321, c.pid());
        front.exit(0);
    }

    @Test
    void emptyCwdMeansRoot() throws Exception {
        ChannelFront front = connect(hello("", List.of(), List.of()), ChannelFrontTest::standardAnswer);
        assertEquals(Path.of("/"), front.client().cwd());
        assertEquals(List.of(), front.client().args());
        front.exit(0);
    }

    @Test
    void spawnSendsTheEncodedPlanAndReturnsThePid() throws Exception {
        ChannelFront front = connect(hello("/", List.of(), List.of()), ChannelFrontTest::standardAnswer);
        Plan plan = samplePlan();
        SpawnResult result = front.spawn(plan, true);
        assertEquals(new SpawnResult.Spawned(4242), result);

        List<Record> msg = nextReceived();
        assertEquals(Op.SPAWN, msg.getFirst().op());
        assertEquals(List.of("1"), msg.getFirst().strings(), "hold the caller's signals for a foreground run");
        List<Record> expected = PlanEncoder.encode(plan);
        List<Record> steps = msg.subList(1, msg.size());
        assertEquals(expected.size(), steps.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).op(), steps.get(i).op());
            assertEquals(expected.get(i).strings(), steps.get(i).strings());
        }
        assertEquals(List.of("sh", "-c", "echo \0 nul"), steps.getLast().strings());
        front.exit(0);
    }

    @Test
    void spawnFailureCarriesStepErrnoDetailAndInitPid() throws Exception {
        ChannelFront front = connect(hello("/", List.of(), List.of()),
                msg -> List.of(Record.of(Op.FAILED, 3, 13, "some detail", 99)));
        SpawnResult result = front.spawn(samplePlan(), false);
        assertEquals(new SpawnResult.Failed(3, 13, "some detail", 99), result);
        front.exit(1);
    }

    @Test
    void spawnFailureBeforeAnyStep() throws Exception {
        ChannelFront front = connect(hello("/", List.of(), List.of()),
                msg -> List.of(Record.of(Op.FAILED, -1, 11, "fork", 0)));
        SpawnResult.Failed f = assertInstanceOf(SpawnResult.Failed.class, front.spawn(samplePlan(), false));
        assertEquals(-1, f.step());
        assertEquals(11, f.errno());
        assertEquals("fork", f.detail());
        front.exit(1);
    }

    @Test
    void waitReturnsHowTheChildEnded() throws Exception {
        ChannelFront front = connect(hello("/", List.of(), List.of()), ChannelFrontTest::standardAnswer);
        ExitStatus status = front.waitFor(4242);
        assertEquals(new ExitStatus(true, 9), status);
        assertEquals(137, status.asExitCode());
        List<Record> msg = nextReceived();
        assertEquals(Op.WAIT, msg.getFirst().op());
        assertEquals(List.of("4242"), msg.getFirst().strings());
        front.exit(0);
    }

    @Test
    void waitForAnExitCode() throws Exception {
        ChannelFront front = connect(hello("/", List.of(), List.of()),
                msg -> List.of(Record.of(Op.EXITED, "exit", 3)));
        assertEquals(new ExitStatus(false, 3), front.waitFor(1));
        front.exit(0);
    }

    @Test
    void readStdinReturnsTheDataBytes() throws Exception {
        ChannelFront front = connect(hello("/", List.of(), List.of()), ChannelFrontTest::standardAnswer);
        assertArrayEquals(new byte[] {'i', 'n', 0, 'x'}, front.readStdin());
        assertEquals(Op.READ_STDIN, nextReceived().getFirst().op());
        front.exit(0);
    }

    @Test
    void emptyDataRecordIsEmptyStdin() throws Exception {
        ChannelFront front = connect(hello("/", List.of(), List.of()), msg -> List.of(Record.of(Op.DATA)));
        assertArrayEquals(new byte[0], front.readStdin());
        front.exit(0);
    }

    @Test
    void writeAndExitAreSentWithoutReply() throws Exception {
        ChannelFront front = connect(hello("/", List.of(), List.of()), ChannelFrontTest::standardAnswer);
        front.write(2, "jrun: oops\n".getBytes(StandardCharsets.UTF_8));
        front.write(1, new byte[] {0, 1, 2});
        front.exit(7);
        List<Record> w1 = nextReceived();
        assertEquals(Op.WRITE, w1.getFirst().op());
        assertEquals("2", w1.getFirst().string(0));
        assertEquals("jrun: oops\n", w1.getFirst().string(1));
        List<Record> w2 = nextReceived();
        assertArrayEquals(new byte[] {0, 1, 2}, w2.getFirst().fields().get(1));
        List<Record> exit = nextReceived();
        assertEquals(Op.EXIT, exit.getFirst().op());
        assertEquals(List.of("7"), exit.getFirst().strings());
    }

    @Test
    void unexpectedReplyIsAnError() throws Exception {
        ChannelFront front = connect(hello("/", List.of(), List.of()), msg -> List.of(Record.of(Op.DATA, "x")));
        assertThrows(IllegalStateException.class, () -> front.spawn(samplePlan(), false));
        assertThrows(IllegalStateException.class, () -> front.waitFor(1));
        front.exit(0);
    }

    @Test
    void firstMessageMustBeHelloVersion1() {
        assertThrows(IOException.class, () -> ChannelFront.readHello(List.of(Record.of(Op.DATA, "1"))));
        assertThrows(IOException.class,
                () -> ChannelFront.readHello(List.of(Record.of(Op.HELLO, "2", "/", 0, 0, 1))));
    }

    @Test
    void helloWithoutArgvOrEnvRecords() throws IOException {
        Client c = ChannelFront.readHello(List.of(Record.of(Op.HELLO, "1", "/w", 0, 0, 1)));
        assertEquals(List.of(), c.args());
        assertEquals(Map.of(), c.env());
    }

    @Test
    void channelClosedBeforeHello() {
        assertThrows(IOException.class, () -> new ChannelFront(InputStream.nullInputStream(), OutputStream.nullOutputStream()));
    }

    @Test
    void channelClosedBeforeReply() throws IOException {
        byte[] helloBytes = Wire.encode(hello("/", List.of(), List.of()));
        ChannelFront front = new ChannelFront(new java.io.ByteArrayInputStream(helloBytes),
                OutputStream.nullOutputStream());
        assertThrows(java.io.UncheckedIOException.class, () -> front.waitFor(1));
    }
}
