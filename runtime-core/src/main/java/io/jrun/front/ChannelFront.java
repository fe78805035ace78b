package io.jrun.front;

import io.jrun.plan.Plan;
import io.jrun.plan.PlanEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The front at the other end of the channel (fds 3 and 4 of a cold brain). */
public final class ChannelFront implements Front {
    private final InputStream in;
    private final OutputStream out;
    private final Client client;

    public ChannelFront(InputStream in, OutputStream out) throws IOException {
        this.in = in;
        this.out = out;
        this.client = readHello(Wire.read(in));
    }

    static Client readHello(List<Record> msg) throws IOException {
        Record hello = msg.get(0);
        if (hello.op() != Op.HELLO || !"1".equals(hello.string(0))) {
            throw new IOException("unexpected first message from the front (op " + hello.op() + ")");
        }
        List<String> args = List.of();
        Map<String, String> env = new LinkedHashMap<>();
        for (Record r : msg.subList(1, msg.size())) {
            if (r.op() == Op.ARGV) {
                args = r.strings();
            } else if (r.op() == Op.ENV) {
                for (String kv : r.strings()) {
                    int eq = kv.indexOf('=');
                    if (eq > 0) {
                        env.putIfAbsent(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                }
            }
        }
        String cwd = hello.string(1);
        return new Client(args, env, Path.of(cwd.isEmpty() ? "/" : cwd),
                (int) hello.number(2), (int) hello.number(3), (int) hello.number(4));
    }

    @Override
    public Client client() {
        return client;
    }

    @Override
    public void write(int fd, byte[] data) {
        send(List.of(Record.of(Op.WRITE, fd, data)));
    }

    @Override
    public byte[] readStdin() {
        send(List.of(Record.of(Op.READ_STDIN)));
        Record r = expect(Op.DATA);
        return r.fields().isEmpty() ? new byte[0] : r.fields().get(0);
    }

    @Override
    public SpawnResult spawn(Plan plan, boolean holdSignals) {
        List<Record> msg = new ArrayList<>();
        msg.add(Record.of(Op.SPAWN, holdSignals ? 1 : 0));
        msg.addAll(PlanEncoder.encode(plan));
        send(msg);
        return spawnReply();
    }

    @Override
    public SpawnResult resume(byte[] data) {
        send(List.of(Record.of(Op.RESUME, (Object) data)));
        return spawnReply();
    }

    @Override
    public SpawnResult abort() {
        send(List.of(Record.of(Op.ABORT)));
        return spawnReply();
    }

    private SpawnResult spawnReply() {
        Record r = receive();
        return switch (r.op()) {
            case Op.SPAWNED -> new SpawnResult.Spawned((int) r.number(0));
            case Op.PAUSED -> new SpawnResult.Paused((int) r.number(0), (int) r.number(1));
            case Op.FAILED -> new SpawnResult.Failed((int) r.number(0), (int) r.number(1), r.string(2),
                    (int) r.number(3));
            default -> throw new IllegalStateException("unexpected reply " + r.op() + " to SPAWN");
        };
    }

    @Override
    public HookResult runHook(String path, List<String> argv, List<String> env, byte[] state, int timeout) {
        send(List.of(Record.of(Op.HOOK, path, timeout), Record.ofStrings(Op.ARGV, argv), Record.ofStrings(Op.ENV, env),
                Record.of(Op.DATA, (Object) state)));
        Record r = expect(Op.HOOK_DONE);
        return new HookResult(r.number(0) == 1, (int) r.number(1), r.string(2));
    }

    @Override
    public void sendSeccompListener(String path, byte[] state) {
        send(List.of(Record.of(Op.SEND_LISTENER, path, state)));
        Record r = expect(Op.SENT);
        if (r.number(0) != 0) {
            throw new io.jrun.error.SyscallException(r.string(1) + " " + path, (int) r.number(0));
        }
    }

    @Override
    public ExitStatus waitFor(int pid) {
        send(List.of(Record.of(Op.WAIT, pid)));
        Record r = expect(Op.EXITED);
        return new ExitStatus("signal".equals(r.string(0)), (int) r.number(1));
    }

    @Override
    public void exit(int code) {
        send(List.of(Record.of(Op.EXIT, code)));
    }

    private void send(List<Record> records) {
        try {
            Wire.write(out, records);
        } catch (IOException e) {
            throw new UncheckedIOException("channel to the front", e);
        }
    }

    private Record receive() {
        try {
            return Wire.read(in).get(0);
        } catch (IOException e) {
            throw new UncheckedIOException("channel to the front", e);
        }
    }

    private Record expect(int op) {
        Record r = receive();
        if (r.op() != op) {
            throw new IllegalStateException("unexpected reply " + r.op() + " from the front, wanted " + op);
        }
        return r;
    }
}
