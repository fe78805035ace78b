package io.jrun.front;

/** How a hook ended: ok, or why not (errno when it could not run or timed out, else a detail such as "exit status 2"). */
public record HookResult(boolean ok, int errno, String detail) {}
