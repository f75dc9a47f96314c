package io.shoebox.api.admin;

/** A request was refused because one of its fields is missing or wrong. */
public class InvalidConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidConfigurationException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The offending field, for example {@code config.path}. */
    public String field() {
        return field;
    }
}
