package io.jrun.container;

import io.jrun.front.Front;
import io.jrun.os.Posix;
import io.jrun.state.StateStore;
import java.nio.file.Path;

/** Everything a lifecycle operation talks to; tests pass fakes and temp dirs. */
public record RuntimeContext(StateStore store, Posix posix, Front front, Path procRoot, Log log) {}
