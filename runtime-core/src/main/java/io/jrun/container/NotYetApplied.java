package io.jrun.container;

import io.jrun.spec.Process;
import io.jrun.spec.Spec;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of config.json that this version of jrun parses but does not apply yet. Running without
 * them gives a container more privilege or fewer limits than asked, so create says so every time.
 */
final class NotYetApplied {
    private NotYetApplied() {}

    static List<String> fields(Spec spec) {
        List<String> out = new ArrayList<>();
        Process p = spec.process();
        if (p != null) {
            if (p.scheduler() != null) out.add("process.scheduler");
            if (p.ioPriority() != null) out.add("process.ioPriority");
        }
        return out;
    }
}
