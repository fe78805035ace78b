package io.jrun.container;

/** Where the core reports what it does; the CLI decides the format and the destination. */
public interface Log {
    void debug(String message);

    void warn(String message);

    Log NONE = new Log() {
        @Override
        public void debug(String message) {}

        @Override
        public void warn(String message) {}
    };
}
