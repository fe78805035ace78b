package io.jrun.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProcessEnvTest {
    private static final String PASSWD = """
            root:x:0:0:root:/root:/bin/bash
            daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
            nohome:x:5:5:no home::/bin/false
            # a comment
            short:x:7
            app:x:1000:1000:App,,,:/home/app:/bin/sh
            """;

    @Test
    void homeIsAddedWhenAbsent() {
        assertEquals(List.of("PATH=/bin", "HOME=/root"), ProcessEnv.build(List.of("PATH=/bin"), Optional.of("/root")));
        assertEquals(List.of("HOME=/"), ProcessEnv.build(List.of(), Optional.empty()));
    }

    @Test
    void existingHomeIsKept() {
        assertEquals(List.of("HOME=/custom", "A=1"), ProcessEnv.build(List.of("HOME=/custom", "A=1"), Optional.of("/root")));
        assertEquals(List.of("HOME="), ProcessEnv.build(List.of("HOME="), Optional.of("/root")));
    }

    @Test
    void aVariableMerelyStartingWithHomeIsNotHome() {
        assertEquals(List.of("HOMER=simpson", "HOME=/root"), ProcessEnv.build(List.of("HOMER=simpson"), Optional.of("/root")));
    }

    @Test
    void getReturnsTheLastValue() {
        assertEquals(Optional.of("b"), ProcessEnv.get(List.of("X=a", "XX=c", "X=b"), "X"));
        assertEquals(Optional.of(""), ProcessEnv.get(List.of("X="), "X"));
        assertEquals(Optional.empty(), ProcessEnv.get(List.of("XY=1"), "X"));
    }

    @Test
    void homeOfParsesPasswdLines() {
        assertEquals(Optional.of("/root"), ProcessEnv.homeOf(PASSWD, 0));
        assertEquals(Optional.of("/usr/sbin"), ProcessEnv.homeOf(PASSWD, 1));
        assertEquals(Optional.of("/home/app"), ProcessEnv.homeOf(PASSWD, 1000));
        assertEquals(Optional.empty(), ProcessEnv.homeOf(PASSWD, 5), "empty home field");
        assertEquals(Optional.empty(), ProcessEnv.homeOf(PASSWD, 7), "short line");
        assertEquals(Optional.empty(), ProcessEnv.homeOf(PASSWD, 42));
        assertEquals(Optional.empty(), ProcessEnv.homeOf("", 0));
        assertEquals(Optional.of("/root"), ProcessEnv.homeOf("root:x:0:0::/root:\r\n".replace("\r", ""), 0));
    }
}
