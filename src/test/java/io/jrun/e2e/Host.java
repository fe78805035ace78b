package io.jrun.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Looks at the host from the test: processes, cgroups, mounts; and runs shell commands. */
final class Host {
    private Host() {}

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static String sh(String command) {
        try {
            Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("`" + command + "` failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static boolean canRead(Path file) {
        try (var in = Files.newInputStream(file)) {
            return in.read() >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean alive(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
            char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    /** Pids of live processes whose command line mentions text (container ids are unique per test). */
    static List<Integer> processesMentioning(String text) {
        List<Integer> pids = new ArrayList<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path d : dirs.toList()) {
                String name = d.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String cmdline = new String(Files.readAllBytes(d.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (cmdline.contains(text) && alive(Integer.parseInt(name))) {
                        pids.add(Integer.parseInt(name));
                    }
                } catch (IOException e) {
                    // gone meanwhile
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pids;
    }

    /** cgroup hierarchies: (mount point, this process's cgroup in it). */
    record Hierarchy(Path mountPoint, String ownPath, boolean v2) {
        Path dir(String cgroupPath) {
            return cgroupPath.startsWith("/")
                    ? mountPoint.resolve(cgroupPath.substring(1))
                    : mountPoint.resolve(ownPath.substring(1)).resolve(cgroupPath);
        }
    }

    static List<Hierarchy> cgroupHierarchies() {
        try {
            List<String> own = Files.readAllLines(Path.of("/proc/self/cgroup"));
            List<Hierarchy> out = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                int dash = List.of(f).indexOf("-");
                String type = f[dash + 1];
                if (type.equals("cgroup2")) {
                    own.stream().filter(l -> l.startsWith("0::")).findFirst()
                            .ifPresent(l -> out.add(new Hierarchy(Path.of(f[4]), l.substring(3), true)));
                } else if (type.equals("cgroup")) {
                    List<String> opts = List.of(f[dash + 3].split(","));
                    for (String l : own) {
                        String[] c = l.split(":", 3);
                        if (!c[1].isEmpty() && List.of(c[1].split(",")).stream().anyMatch(opts::contains)) {
                            out.add(new Hierarchy(Path.of(f[4]), c[2], false));
                            break;
                        }
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean cgroupV2Only() {
        return cgroupHierarchies().stream().allMatch(Hierarchy::v2);
    }

    static List<Path> subdirectories(Path dir) {
        try (var s = Files.list(dir)) {
            return s.filter(Files::isDirectory).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Mount points at or below dir, deepest first. */
    static List<String> mountsUnder(Path dir) {
        try {
            List<String> out = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String mp = line.split(" ")[4].replace("\\040", " ");
                if (Path.of(mp).startsWith(dir)) {
                    out.add(mp);
                }
            }
            out.sort((a, b) -> b.length() - a.length());
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether condition holds within timeoutMs (polled every 20 ms). */
    static boolean eventually(BooleanSupplier condition, long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    static void waitUntil(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
