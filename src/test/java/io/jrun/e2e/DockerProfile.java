package io.jrun.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * Docker's seccomp profile format (archMap, includes/excludes by capability, architecture and
 * kernel) reduced to the OCI linux.seccomp Docker would hand to its runtime on an amd64 host.
 */
final class DockerProfile {
    private static final String NATIVE = "amd64";

    private DockerProfile() {}

    static ObjectNode toOci(JsonNode docker, Set<String> caps, String kernel) {
        ObjectNode oci = Bundle.JSON.createObjectNode();
        oci.put("defaultAction", docker.get("defaultAction").asText());
        if (docker.hasNonNull("defaultErrnoRet")) {
            oci.put("defaultErrnoRet", docker.get("defaultErrnoRet").asLong());
        }
        ArrayNode arches = oci.putArray("architectures");
        for (JsonNode m : docker.path("archMap")) {
            if (m.get("architecture").asText().equals("SCMP_ARCH_X86_64")) {
                arches.add(m.get("architecture"));
                m.path("subArchitectures").forEach(arches::add);
            }
        }
        ArrayNode syscalls = oci.putArray("syscalls");
        for (JsonNode call : docker.get("syscalls")) {
            if (!applies(call.path("includes"), call.path("excludes"), caps, kernel)) {
                continue;
            }
            ObjectNode s = syscalls.addObject();
            s.set("names", call.get("names"));
            s.put("action", call.get("action").asText());
            if (call.hasNonNull("errnoRet")) {
                s.put("errnoRet", call.get("errnoRet").asLong());
            }
            if (call.hasNonNull("args") && !call.get("args").isEmpty()) {
                s.set("args", call.get("args"));
            }
        }
        return oci;
    }

    private static boolean applies(JsonNode includes, JsonNode excludes, Set<String> caps, String kernel) {
        for (JsonNode c : includes.path("caps")) {
            if (!caps.contains(c.asText())) {
                return false;
            }
        }
        if (includes.has("arches") && !contains(includes.get("arches"), NATIVE)) {
            return false;
        }
        if (includes.hasNonNull("minKernel") && compareVersions(kernel, includes.get("minKernel").asText()) < 0) {
            return false;
        }
        for (JsonNode c : excludes.path("caps")) {
            if (caps.contains(c.asText())) {
                return false;
            }
        }
        return !excludes.has("arches") || !contains(excludes.get("arches"), NATIVE);
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode v : array) {
            if (v.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    /** "6.1.0-18-amd64" against "4.8": numeric parts, left to right. */
    static int compareVersions(String a, String b) {
        String[] x = a.split("[^0-9]+", 4);
        String[] y = b.split("[^0-9]+", 4);
        for (int i = 0; i < 2; i++) {
            int p = i < x.length && !x[i].isEmpty() ? Integer.parseInt(x[i]) : 0;
            int q = i < y.length && !y[i].isEmpty() ? Integer.parseInt(y[i]) : 0;
            if (p != q) {
                return Integer.compare(p, q);
            }
        }
        return 0;
    }
}
