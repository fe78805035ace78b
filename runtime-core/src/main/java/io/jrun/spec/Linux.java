package io.jrun.spec;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code linux}: Linux-specific configuration. Collections are never null. */
@SpecObject
public record Linux(
        @OmitEmpty List<LinuxIdMapping> uidMappings,
        @OmitEmpty List<LinuxIdMapping> gidMappings,
        @OmitEmpty Map<String, String> sysctl,
        LinuxResources resources,
        String cgroupsPath,
        @OmitEmpty List<LinuxNamespace> namespaces,
        @OmitEmpty List<LinuxDevice> devices,
        @OmitEmpty Map<String, LinuxNetDevice> netDevices,
        LinuxSeccomp seccomp,
        String rootfsPropagation,
        @OmitEmpty List<String> maskedPaths,
        @OmitEmpty List<String> readonlyPaths,
        String mountLabel,
        LinuxIntelRdt intelRdt,
        LinuxPersonality personality,
        @OmitEmpty Map<String, LinuxTimeOffset> timeOffsets,
        LinuxMemoryPolicy memoryPolicy) {

    public Linux {
        uidMappings = Copy.list(uidMappings);
        gidMappings = Copy.list(gidMappings);
        sysctl = Copy.map(sysctl);
        namespaces = Copy.list(namespaces);
        devices = Copy.list(devices);
        netDevices = Copy.map(netDevices);
        maskedPaths = Copy.list(maskedPaths);
        readonlyPaths = Copy.list(readonlyPaths);
        timeOffsets = Copy.map(timeOffsets);
    }

    /** The first entry of that namespace type, if any (a valid spec has at most one). */
    public Optional<LinuxNamespace> namespace(NamespaceType type) {
        return namespaces.stream().filter(ns -> type.specName().equals(ns.type())).findFirst();
    }

    public Linux withNamespaces(List<LinuxNamespace> namespaces) {
        return new Linux(uidMappings, gidMappings, sysctl, resources, cgroupsPath, namespaces, devices, netDevices,
                seccomp, rootfsPropagation, maskedPaths, readonlyPaths, mountLabel, intelRdt, personality, timeOffsets,
                memoryPolicy);
    }

    public Linux withIdMappings(List<LinuxIdMapping> uidMappings, List<LinuxIdMapping> gidMappings) {
        return new Linux(uidMappings, gidMappings, sysctl, resources, cgroupsPath, namespaces, devices, netDevices,
                seccomp, rootfsPropagation, maskedPaths, readonlyPaths, mountLabel, intelRdt, personality, timeOffsets,
                memoryPolicy);
    }

    public Linux withResources(LinuxResources resources) {
        return new Linux(uidMappings, gidMappings, sysctl, resources, cgroupsPath, namespaces, devices, netDevices,
                seccomp, rootfsPropagation, maskedPaths, readonlyPaths, mountLabel, intelRdt, personality, timeOffsets,
                memoryPolicy);
    }

    public Linux withCgroupsPath(String cgroupsPath) {
        return new Linux(uidMappings, gidMappings, sysctl, resources, cgroupsPath, namespaces, devices, netDevices,
                seccomp, rootfsPropagation, maskedPaths, readonlyPaths, mountLabel, intelRdt, personality, timeOffsets,
                memoryPolicy);
    }
}
