package io.jrun.container;

import io.jrun.cgroup.DeviceRules;
import io.jrun.error.InvalidStateException;
import io.jrun.os.Posix;
import io.jrun.spec.Linux;
import io.jrun.spec.LinuxResources;
import io.jrun.spec.Spec;
import io.jrun.spec.SpecParser;
import io.jrun.state.ContainerState;
import io.jrun.state.StateStore;
import io.jrun.state.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * update: the new values go to the live cgroup, and into the container's stored config so that the
 * next update (and events) start from them.
 */
public final class UpdateContainer {
    private final RuntimeContext ctx;

    public UpdateContainer(RuntimeContext ctx) {
        this.ctx = ctx;
    }

    public void update(String id, LinuxResources update) {
        try (Posix.Lock lock = ctx.store().lock(id)) {
            ContainerState state = ctx.store().load(id);
            if (ContainerStatus.of(ctx, state) == Status.STOPPED) {
                throw InvalidStateException.notRunning();
            }
            var configFile = ctx.store().dir(id).resolve(StateStore.CONFIG_FILE);
            Spec spec = SpecParser.parse(read(configFile));
            Linux linux = spec.linux();
            LinuxResources merged = ResourceUpdate.merge(linux == null ? null : linux.resources(), update);
            Spec updated = spec.withLinux(linux == null ? null : linux.withResources(merged));

            // Like runc, the whole merged set goes to the cgroup: cgroup v2 files pair values (cpu.max is
            // quota and period, memory.swap.max depends on the memory limit). Devices are rewritten only
            // when the update has rules, and then as the whole effective list.
            LinuxResources live = update.devices().isEmpty() ? merged.withDevices(List.of())
                    : merged.withDevices(DeviceRules.of(updated));
            List<String> ignored = new ArrayList<>();
            Cgroups.of(ctx, state).apply(live, ignored::add);
            if (!ignored.isEmpty()) {
                ctx.log().warn("update " + id + ": ignored (as runc does): " + String.join(", ", ignored));
            }
            ctx.store().writeConfig(id, SpecParser.toJson(updated).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static byte[] read(java.nio.file.Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("read " + file, e);
        }
    }
}
