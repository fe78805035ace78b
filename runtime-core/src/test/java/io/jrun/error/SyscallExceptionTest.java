package io.jrun.error;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SyscallExceptionTest {
    @Test
    void operationAndErrno() {
        SyscallException e = new SyscallException("mount \"proc\" on /proc", Errno.EACCES);
        assertEquals("mount \"proc\" on /proc: permission denied", e.getMessage());
        assertEquals(13, e.errno());
        assertEquals("mount \"proc\" on /proc", e.operation());
    }

    @Test
    void detailFollowsTheReason() {
        assertEquals("open /x: no such file or directory (while creating)",
                new SyscallException("open /x", Errno.ENOENT, "while creating").getMessage());
        assertEquals("open /x: no such file or directory", new SyscallException("open /x", Errno.ENOENT, "").getMessage());
    }

    @Test
    void withoutErrnoTheDetailIsTheReason() {
        assertEquals("start container init: fork", new SyscallException("start container init", 0, "fork").getMessage());
        assertEquals("start container init: failed", new SyscallException("start container init", 0, null).getMessage());
    }

    @Test
    void aCompleteMessageGetsNoTrailingColon() {
        assertEquals("exec: \"foo\": executable file not found in $PATH",
                new SyscallException("exec: \"foo\": executable file not found in $PATH", 0, "").getMessage());
    }

    @Test
    void errnoWordingIsGos() {
        assertEquals("no such process", Errno.describe(Errno.ESRCH));
        assertEquals("no such device or address", Errno.describe(Errno.ENXIO));
        assertEquals("device or resource busy", Errno.describe(Errno.EBUSY));
        assertEquals("errno 200", Errno.describe(200));
    }

    @Test
    void typedErrorsUseRuncsWords() {
        assertEquals("container does not exist", new ContainerNotFoundException("c1").getMessage());
        assertEquals("container with given ID already exists", new ContainerExistsException("c1").getMessage());
        assertEquals("container not running", InvalidStateException.notRunning().getMessage());
        assertEquals("process.args: required", new InvalidSpecException("process.args", "required").getMessage());
        assertEquals("bad", new InvalidSpecException("", "bad").getMessage());
        assertEquals(1, new UsageException("x").exitCode());
    }
}
