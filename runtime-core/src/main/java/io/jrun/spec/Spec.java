package io.jrun.spec;

import java.util.List;
import java.util.Map;

/**
 * The root of config.json (OCI runtime-spec v1.3). Only {@code ociVersion} is always required by the
 * spec; {@link SpecValidator} enforces what create/run need. {@code linux}, {@code process}, {@code
 * root} and {@code hooks} may be null; collections are never null.
 */
@SpecObject
public record Spec(
        String ociVersion,
        Process process,
        Root root,
        String hostname,
        String domainname,
        @OmitEmpty List<Mount> mounts,
        Hooks hooks,
        @OmitEmpty Map<String, String> annotations,
        Linux linux) {

    public Spec {
        mounts = Copy.list(mounts);
        annotations = Copy.map(annotations);
    }

    public Spec withProcess(Process process) {
        return new Spec(ociVersion, process, root, hostname, domainname, mounts, hooks, annotations, linux);
    }

    public Spec withRoot(Root root) {
        return new Spec(ociVersion, process, root, hostname, domainname, mounts, hooks, annotations, linux);
    }

    public Spec withHostname(String hostname) {
        return new Spec(ociVersion, process, root, hostname, domainname, mounts, hooks, annotations, linux);
    }

    public Spec withMounts(List<Mount> mounts) {
        return new Spec(ociVersion, process, root, hostname, domainname, mounts, hooks, annotations, linux);
    }

    public Spec withHooks(Hooks hooks) {
        return new Spec(ociVersion, process, root, hostname, domainname, mounts, hooks, annotations, linux);
    }

    public Spec withAnnotations(Map<String, String> annotations) {
        return new Spec(ociVersion, process, root, hostname, domainname, mounts, hooks, annotations, linux);
    }

    public Spec withLinux(Linux linux) {
        return new Spec(ociVersion, process, root, hostname, domainname, mounts, hooks, annotations, linux);
    }
}
