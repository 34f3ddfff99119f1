package io.agner.switchdemo.log.event;

import java.util.Objects;

/** Immutable: what {@link EventCodec#decode} makes of some bytes, an event that meets its schema or why not. */
public sealed interface Decoded {

    /**
     * An event that met its schema.
     *
     * @param event   the record, of the type registered for {@code schema@version}
     * @param schema  the schema name, {@code "switch.dial"}
     * @param version the schema version
     */
    record Valid(Record event, String schema, int version) implements Decoded {
        public Valid {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(schema, "schema");
        }
    }

    /**
     * Bytes that are not an event of any registered schema.
     *
     * @param reason what is wrong and where, naming the schema and field when known:
     *               {@code "switch.dial@1: field 'digits' expected string, found long"}
     */
    record Invalid(String reason) implements Decoded {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
