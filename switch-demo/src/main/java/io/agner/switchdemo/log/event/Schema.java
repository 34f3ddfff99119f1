package io.agner.switchdemo.log.event;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An immutable annotation, read once when {@link EventCodec#of} registers the type: it names a
 * record type as an event schema, and the record is the schema.
 *
 * <p>The record's components (name, type, order) are the schema's fields, and its compact
 * constructor's checks are the schema's constraints: an event whose constructor throws is invalid.
 * A changed record is a new {@link #version()}; keep the old record so old events still decode.
 * {@snippet :
 * @Schema(name = "switch.dial", version = 1)
 * record Dial(String line, String digits) {
 *     Dial {
 *         Objects.requireNonNull(line, "line");
 *         if (!digits.matches("[0-9]{1,15}")) {
 *             throw new IllegalArgumentException("digits must be 1-15 decimal digits, was '" + digits + "'");
 *         }
 *     }
 * }
 * }
 * Start a constraint's message with the component's name, as above: the decoder then reports
 * which field broke it ({@code switch.dial@1: field 'digits': digits must be ...}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Schema {

    /**
     * Lowercase words of {@code [a-z0-9]} separated by {@code '.'} or {@code '-'}, starting with
     * a letter: {@code switch.off-hook}.
     */
    String name();

    /** The schema's version, {@code >= 1}; each name+version appears once per codec. */
    int version();
}
