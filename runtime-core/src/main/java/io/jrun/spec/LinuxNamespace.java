package io.jrun.spec;

/** One {@code linux.namespaces} entry: a new namespace, or the one at {@code path} to join. */
@SpecObject
public record LinuxNamespace(String type, String path) {
    public static LinuxNamespace of(String type) {
        return new LinuxNamespace(type, null);
    }

    /** True when the container gets a fresh namespace rather than joining one. */
    public boolean createsNew() {
        return path == null || path.isEmpty();
    }
}
