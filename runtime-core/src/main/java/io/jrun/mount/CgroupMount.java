package io.jrun.mount;

import io.jrun.cgroup.Hierarchy;
import java.nio.file.Path;

/** A cgroup hierarchy and the container's directory in it: what a "cgroup" mount shows inside. */
public record CgroupMount(Hierarchy hierarchy, Path containerDir) {}
