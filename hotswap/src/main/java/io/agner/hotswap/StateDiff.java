package io.agner.hotswap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.bytebuddy.description.type.RecordComponentDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;

/**
 * How an upgrade changes a module's state records, read from both versions' class files (no
 * class is loaded): the state type a behaviour declares ({@code GenServer<S>}; both {@code S}
 * and {@code D} of {@code StateMachine<S, D>}), compared component by component when both
 * versions' are records. Immutable; any thread. Computed by the code server's process.
 *
 * @param parts one per state type: "State", and "Data" for a state machine
 */
public record StateDiff(List<Part> parts) {

    public StateDiff {
        parts = List.copyOf(parts);
    }

    /** A record component: its name and type as written ({@code long}, {@code String}, {@code java.util.List<Long>}). */
    public record Component(String name, String type) {
        @Override
        public String toString() {
            return name + " (" + type + ")";
        }
    }

    /** A component whose type changed. */
    public record Change(String name, String from, String to) {
        @Override
        public String toString() {
            return name + " " + from + " -> " + to;
        }
    }

    /**
     * One state type's diff.
     *
     * @param role    "State" or "Data"
     * @param from    the old version's type
     * @param to      the new version's type
     * @param note    why components were not compared (not records, unreadable), or null
     */
    public record Part(String role, String from, String to, List<Component> added, List<Component> removed,
                       List<Change> changed, String note) {

        public Part {
            added = List.copyOf(added);
            removed = List.copyOf(removed);
            changed = List.copyOf(changed);
        }

        /** Whether the state's shape is the same in both versions (both records, same components). */
        public boolean unchanged() {
            return note == null && added.isEmpty() && removed.isEmpty() && changed.isEmpty();
        }

        @Override
        public String toString() {
            if (note != null) {
                return role + ": " + note;
            }
            if (unchanged()) {
                return role + ": unchanged";
            }
            List<String> items = new ArrayList<>();
            added.forEach(c -> items.add("+" + c));
            removed.forEach(c -> items.add("-" + c));
            changed.forEach(c -> items.add("~" + c));
            return role + ": " + String.join(", ", items);
        }
    }

    /** Whether nothing in the state's shape changes. */
    public boolean unchanged() {
        return parts.stream().allMatch(Part::unchanged);
    }

    @Override
    public String toString() {
        return parts.stream().map(Part::toString).collect(Collectors.joining("; "));
    }

    /**
     * The diff from {@code from}'s state types to {@code to}'s, both modules already validated;
     * called on the code server's process. Never throws for what it cannot read: it says so.
     *
     * @param api the loader that has the io.agner classes
     */
    static StateDiff between(ModuleSpec from, ModuleSpec to, ClassLoader api) {
        try (ModuleTypes oldTypes = ModuleTypes.open(from, api); ModuleTypes newTypes = ModuleTypes.open(to, api)) {
            List<TypeDescription.Generic> olds = stateTypes(oldTypes);
            List<TypeDescription.Generic> news = stateTypes(newTypes);
            if (olds.size() != news.size()) {
                return new StateDiff(List.of(new Part("State", kind(olds), kind(news), List.of(), List.of(), List.of(),
                        "the behaviour changes from " + kind(olds) + " to " + kind(news) + "; no component diff")));
            }
            List<Part> parts = new ArrayList<>();
            for (int i = 0; i < olds.size(); i++) {
                parts.add(part(i == 0 ? "State" : "Data", olds.get(i), news.get(i)));
            }
            return new StateDiff(parts);
        } catch (IOException | RuntimeException e) {
            return new StateDiff(List.of(new Part("State", from.label(), to.label(), List.of(), List.of(), List.of(),
                    "cannot compare " + from.label() + " with " + to.label() + ": " + e)));
        }
    }

    private static String kind(List<?> stateTypes) {
        return stateTypes.size() == 2 ? "StateMachine" : "GenServer";
    }

    private static List<TypeDescription.Generic> stateTypes(ModuleTypes types) {
        TypeDescription entry = types.pool().describe(types.spec().entry()).resolve();
        TypeDescription.Generic behaviour = ModuleTypes.behaviour(entry);
        if (behaviour == null) {
            throw new IllegalStateException(types.spec().label() + ": " + entry.getName() + " is not a behaviour");
        }
        int arity = ModuleTypes.isStateMachine(behaviour) ? 2 : 1;
        if (behaviour.getSort() != TypeDefinition.Sort.PARAMETERIZED) { // a raw GenServer: Object states
            return java.util.Collections.nCopies(arity, TypeDefinition.Sort.describe(Object.class));
        }
        return behaviour.getTypeArguments();
    }

    private static Part part(String role, TypeDescription.Generic from, TypeDescription.Generic to) {
        String fromName = TypeNames.of(from);
        String toName = TypeNames.of(to);
        boolean fromRecord = isRecord(from);
        boolean toRecord = isRecord(to);
        if (!fromRecord || !toRecord) {
            String which = !fromRecord && !toRecord ? "neither is a record"
                    : !fromRecord ? fromName + " is not a record" : toName + " is not a record";
            return new Part(role, fromName, toName, List.of(), List.of(), List.of(),
                    fromName + " -> " + toName + " (" + which + "; no component diff)");
        }
        Map<String, String> before = components(from);
        Map<String, String> after = components(to);
        List<Component> added = new ArrayList<>();
        List<Component> removed = new ArrayList<>();
        List<Change> changed = new ArrayList<>();
        after.forEach((name, type) -> {
            String old = before.get(name);
            if (old == null) {
                added.add(new Component(name, type));
            } else if (!old.equals(type)) {
                changed.add(new Change(name, old, type));
            }
        });
        before.forEach((name, type) -> {
            if (!after.containsKey(name)) {
                removed.add(new Component(name, type));
            }
        });
        return new Part(role, fromName, toName, added, removed, changed, null);
    }

    private static boolean isRecord(TypeDescription.Generic type) {
        return (type.getSort() == TypeDefinition.Sort.NON_GENERIC || type.getSort() == TypeDefinition.Sort.PARAMETERIZED)
                && type.asErasure().isRecord();
    }

    private static Map<String, String> components(TypeDescription.Generic record) {
        Map<String, String> out = new LinkedHashMap<>();
        for (RecordComponentDescription.InDefinedShape c : record.asErasure().getRecordComponents()) {
            out.put(c.getActualName(), TypeNames.of(c.getType()));
        }
        return out;
    }
}
