package io.jrun.error;

/** config.json is unreadable, malformed, or asks for something invalid. Names the field. */
public final class InvalidSpecException extends JrunException {
    private final String field;
    private final String reason;

    public InvalidSpecException(String field, String reason) {
        super(field == null || field.isEmpty() ? reason : field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
