package io.jrun.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExecLookupTest {
    @Test
    void eachPathDirectoryInOrder() {
        assertEquals(List.of("/usr/bin/sh", "/bin/sh"), ExecLookup.candidates("sh", List.of("PATH=/usr/bin:/bin")));
    }

    @Test
    void defaultPathWhenAbsent() {
        assertEquals(List.of("/usr/local/sbin/sh", "/usr/local/bin/sh", "/usr/sbin/sh", "/usr/bin/sh", "/sbin/sh", "/bin/sh"),
                ExecLookup.candidates("sh", List.of("TERM=xterm", "XPATH=/nope")));
    }

    @Test
    void lastPathWins() {
        assertEquals(List.of("/second/app"), ExecLookup.candidates("app", List.of("PATH=/first", "PATH=/second")));
    }

    @Test
    void emptyElementsMeanTheWorkingDirectory() {
        assertEquals(List.of("./app", "/bin/app", "./app"), ExecLookup.candidates("app", List.of("PATH=:/bin:")));
        assertEquals(List.of("./app"), ExecLookup.candidates("app", List.of("PATH=")));
    }

    @Test
    void trailingSlashIsNotDoubled() {
        assertEquals(List.of("/opt/bin/app", "rel/app"), ExecLookup.candidates("app", List.of("PATH=/opt/bin/:rel")));
    }

    @Test
    void argWithASlashIsUsedAsIs() {
        assertEquals(List.of("/bin/sh"), ExecLookup.candidates("/bin/sh", List.of("PATH=/usr/bin")));
        assertEquals(List.of("./run.sh"), ExecLookup.candidates("./run.sh", List.of()));
        assertEquals(List.of("bin/tool"), ExecLookup.candidates("bin/tool", List.of("PATH=/x")));
    }

    @Test
    void failureWordingIsRuncs() {
        assertEquals("exec: \"foo\": executable file not found in $PATH", ExecLookup.describeFailure("foo", false));
        assertEquals("exec: \"/bin/foo\": stat /bin/foo: no such file or directory",
                ExecLookup.describeFailure("/bin/foo", false));
        assertEquals("exec: \"foo\": permission denied", ExecLookup.describeFailure("foo", true));
        assertEquals("exec: \"/etc/passwd\": permission denied", ExecLookup.describeFailure("/etc/passwd", true));
    }
}
