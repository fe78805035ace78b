package io.jrun.front;

/** Message op codes; the C side's twin is native-shim/src/proto.h. */
public final class Op {
    public static final int HELLO = 1;
    public static final int DATA = 2;
    public static final int SPAWNED = 3;
    public static final int FAILED = 4;
    public static final int EXITED = 5;
    public static final int ARGV = 6;
    public static final int ENV = 7;
    public static final int PAUSED = 8;
    public static final int HOOK_DONE = 9;
    public static final int SENT = 10;

    public static final int WRITE = 20;
    public static final int READ_STDIN = 21;
    public static final int SPAWN = 22;
    public static final int WAIT = 23;
    public static final int EXIT = 24;
    public static final int RESUME = 25;
    public static final int ABORT = 26;
    public static final int HOOK = 27;
    public static final int SEND_LISTENER = 28;

    private Op() {}
}
