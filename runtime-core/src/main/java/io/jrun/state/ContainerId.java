package io.jrun.state;

import io.jrun.error.UsageException;
import java.util.regex.Pattern;

/**
 * Container ids as runc accepts them: letters, digits and _ + , - . (runc's class [\w+-\.] spans
 * '+' to '.', which includes ','); never "." or "..".
 */
public final class ContainerId {
    private static final Pattern VALID = Pattern.compile("[\\w+,\\-.]+");

    private ContainerId() {}

    public static String validate(String id) {
        if (id == null || id.isEmpty()) {
            throw new UsageException("container id cannot be empty");
        }
        if (id.equals(".") || id.equals("..") || id.length() > 1024 || !VALID.matcher(id).matches()) {
            throw new UsageException("invalid container id format: " + id);
        }
        return id;
    }
}
