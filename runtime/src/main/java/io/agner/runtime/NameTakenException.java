package io.agner.runtime;

import java.util.Objects;

/**
 * A name could not be registered because another process holds it: from
 * {@link Node#register(String, Pid)}, a spawn with {@link SpawnOptions#withName(String)}, and
 * behaviours started under a name. It carries the holder, as OTP's
 * {@code {error, {already_started, Pid}}} does; a Java caller catches the type instead of
 * matching a tuple. It is an {@link IllegalArgumentException}, as this failure was before it had
 * a type of its own.
 */
public final class NameTakenException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final transient Pid holder;

    public NameTakenException(String name, Pid holder) {
        super("name '" + name + "' is already registered to " + holder);
        this.name = Objects.requireNonNull(name, "name");
        this.holder = Objects.requireNonNull(holder, "holder");
    }

    /** The name asked for. */
    public String name() {
        return name;
    }

    /** The process that holds the name (OTP's already_started pid). */
    public Pid holder() {
        return holder;
    }
}
