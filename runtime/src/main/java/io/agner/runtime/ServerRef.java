package io.agner.runtime;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a request goes (OTP's {@code server_ref()}): a {@link Pid}, or a {@link Name} registered
 * on the node. Every behaviour's client operation ({@code GenServers.call}, {@code Sys.getState},
 * {@code Supervisor.whichChildren}...) takes one. Sealed: a name on another node will be a third
 * kind. Immutable.
 *
 * {@snippet :
 * GenServers.call(node, counterPid, new Get());                      // a pid is a ServerRef
 * GenServers.call(node, ServerRef.named("counter"), new Get());      // so is a registered name
 * }
 *
 * <p>Java twist: OTP accepts a bare atom as a name; here a name is spelt {@code ServerRef.named},
 * so that a {@code String} can never be mistaken for a request or a message.
 */
public sealed interface ServerRef permits Pid, ServerRef.Name {

    /** The name {@code name}, registered (or to be registered) on the caller's node. */
    static Name named(String name) {
        return new Name(name);
    }

    /** The process this names on {@code node} now: a pid names itself; a name, its current holder, if any. */
    Optional<Pid> resolve(Node node);

    /**
     * A registered name (OTP's {@code Name} in {@code gen_server:call(Name, Request)}); prints as
     * the bare name.
     */
    record Name(String name) implements ServerRef {

        public Name {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("a registered name must not be blank");
            }
        }

        @Override
        public Optional<Pid> resolve(Node node) {
            return node.whereis(name);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
