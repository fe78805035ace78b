package io.jrun.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jrun.spec.Process;
import io.jrun.spec.Spec;
import io.jrun.spec.SpecParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/** Changes a spec (or a process) as config.json text: for fields the records have no wither for. */
public final class SpecEdit {
    private static final ObjectMapper MAPPER = SpecParser.newMapper();

    private SpecEdit() {}

    /** The spec with its JSON tree changed: the root object is given to change. */
    public static Spec edit(Spec spec, Consumer<ObjectNode> change) {
        try {
            ObjectNode root = (ObjectNode) MAPPER.readTree(SpecParser.toJson(spec));
            change.accept(root);
            return SpecParser.parse(MAPPER.writeValueAsBytes(root));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The spec with its "linux" object changed. */
    public static Spec linux(Spec spec, Consumer<ObjectNode> change) {
        return edit(spec, root -> change.accept(root.withObject("/linux")));
    }

    /** The process with its JSON object changed. */
    public static Process process(Process p, Consumer<ObjectNode> change) {
        try {
            ObjectNode node = MAPPER.valueToTree(p);
            change.accept(node);
            return SpecParser.parse(MAPPER.writeValueAsBytes(node), Process.class, "process", "process.");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
