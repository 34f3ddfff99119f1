package io.agner.hotswap;

import java.util.stream.Collectors;
import net.bytebuddy.description.type.TypeDescription;

/**
 * Writes a Byte Buddy type as a reader would: {@code long}, {@code String} (java.lang without its
 * package), {@code java.util.List<Long>}, {@code billing.Billing.State}. Stateless; any thread.
 */
final class TypeNames {

    private TypeNames() {}

    static String of(TypeDescription.Generic type) {
        return switch (type.getSort()) {
            case NON_GENERIC -> type.isArray() ? of(type.getComponentType()) + "[]" : name(type.asErasure());
            case PARAMETERIZED -> name(type.asErasure()) + type.getTypeArguments().stream().map(TypeNames::of)
                    .collect(Collectors.joining(", ", "<", ">"));
            case GENERIC_ARRAY -> of(type.getComponentType()) + "[]";
            case VARIABLE, VARIABLE_SYMBOLIC -> type.getSymbol();
            case WILDCARD -> wildcard(type);
        };
    }

    private static String wildcard(TypeDescription.Generic type) {
        if (!type.getLowerBounds().isEmpty()) {
            return "? super " + of(type.getLowerBounds().getOnly());
        }
        TypeDescription.Generic upper = type.getUpperBounds().getOnly();
        return upper.represents(Object.class) ? "?" : "? extends " + of(upper);
    }

    private static String name(TypeDescription type) {
        String name = type.getCanonicalName() != null ? type.getCanonicalName() : type.getName();
        return name.startsWith("java.lang.") && name.indexOf('.', "java.lang.".length()) < 0
                ? name.substring("java.lang.".length()) : name;
    }
}
