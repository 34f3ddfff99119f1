package io.agner.switchdemo.log.event;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.UndeclaredThrowableException;

/**
 * Immutable, so any thread may use one: one record component on the wire, its tag and value, read
 * through a cached accessor handle. A primitive component is read without boxing.
 */
final class FieldCodec {

    /** {@link #primitive} of a reference component. */
    static final int REFERENCE = -1;

    final String name;
    final ValueCodec codec;
    /** {@code (Record)int}, {@code (Record)long}, ... for a primitive component, else {@code (Record)Object}. */
    private final MethodHandle getter;
    /** The tag of a primitive component's type (which cannot be {@code null}), or {@link #REFERENCE}. */
    private final int primitive;

    FieldCodec(String name, ValueCodec codec, MethodHandle getter, int primitive) {
        this.name = name;
        this.codec = codec;
        this.getter = getter;
        this.primitive = primitive;
    }

    void write(WireWriter w, Record record, int depth) {
        try {
            switch (primitive) {
                case Tags.INT -> {
                    w.writeByte(Tags.INT);
                    w.writeZigZagInt((int) getter.invokeExact(record));
                }
                case Tags.LONG -> {
                    w.writeByte(Tags.LONG);
                    w.writeZigZagLong((long) getter.invokeExact(record));
                }
                case Tags.DOUBLE -> {
                    w.writeByte(Tags.DOUBLE);
                    w.writeDouble((double) getter.invokeExact(record));
                }
                case Tags.BOOLEAN -> {
                    w.writeByte(Tags.BOOLEAN);
                    w.writeByte((boolean) getter.invokeExact(record) ? 1 : 0);
                }
                default -> {
                    Object value = (Object) getter.invokeExact(record);
                    if (value == null) {
                        w.writeByte(Tags.NULL);
                    } else {
                        codec.write(w, value, depth);
                    }
                }
            }
        } catch (Malformed m) {
            throw m.under(name);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new UndeclaredThrowableException(t, "accessor " + name + "() threw " + t);
        }
    }

    /** Reads a tag and the value it announces; {@code null} only where the component is a reference. */
    Object read(WireReader r, int depth) {
        int tag = r.readByte();
        if (tag == codec.tag) {
            return codec.read(r, depth);
        }
        if (tag == Tags.NULL && primitive == REFERENCE) {
            return null;
        }
        throw codec.mismatch(tag);
    }
}
