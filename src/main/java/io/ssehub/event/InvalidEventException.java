package io.ssehub.event;

/** An event or subscription that breaks one of {@link EventRules}; the message names the field and the rule. */
public final class InvalidEventException extends IllegalArgumentException {

    private final String field;

    public InvalidEventException(String field, String rule) {
        super(field + " " + rule);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
