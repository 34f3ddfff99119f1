package io.agner.hotswap;

import io.agner.behaviour.Answer;
import io.agner.behaviour.From;
import io.agner.behaviour.GenServer;
import io.agner.behaviour.StateMachine;
import io.agner.behaviour.Sys;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.ProcessInfo;
import io.agner.runtime.Signal;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The code server's process (Erlang's {@code code_server}, with the release handler's upgrade):
 * which versions of which modules are loaded, and which processes run each. Runs on its own
 * process only; its bookkeeping is mutable and confined to it.
 *
 * <p>Design:
 * <ul>
 *   <li>Two versions per module, current and old. Loading a new version of a running module
 *       upgrades its processes; the version it replaces becomes old. A third version needs the old
 *       one free of processes (purge it first).
 *   <li>Upgrade, as OTP's release handler, but one round trip per process and phase, sent to
 *       every process of the module at once (so the suspension lasts about as long as the
 *       slowest process's, not the sum): validate (from the class files, {@link ModuleValidator},
 *       then by loading the entry class) and diff the state records ({@link StateDiff}) →
 *       prepare: every process suspends and hands over its state → convert every state from its
 *       by-name view (the new code's {@code codeChange}, or {@link StateView#convert}), off the
 *       processes and as soon as each is handed over ({@link Conversions}) → only if all succeeded, commit: each process installs
 *       its new code and state and resumes; else abort: each resumes on its old code and state.
 *       Messages sent meanwhile wait in order and nothing is lost.
 *   <li>Every phase is bounded by the step timeout. A {@code codeChange} that blocks is
 *       interrupted at the limit and the upgrade rolls back, naming the process; one that
 *       ignores the interrupt keeps running, unobserved, and its result is dropped. It must be a
 *       pure function of the old state.
 *   <li>Each process is remembered with its start arguments; an upgrade instantiates the new
 *       entry class with the same ones, as the process's first start did (so they should be JDK or
 *       {@code io.agner} values: an object of the module's own classes would pin the old
 *       version's loader).
 *   <li>Java twist: OTP upgrades a process in place; here a process's callbacks object is
 *       replaced by a fresh instance of the new entry class, and its state crosses loaders as a
 *       by-name view ({@link StateView}).
 * </ul>
 */
final class CodeServerLoop implements GenServer<CodeServerLoop.Modules> {

    static final Logger LOG = LoggerFactory.getLogger("io.agner.hotswap");

    record Load(Path location, Object extra) {}

    record Current(String module) {}

    /** A process started on {@code module@version} with {@code args} (null: none). */
    record Started(Pid pid, String module, String version, List<Object> args) {}

    record Purge(String module, boolean soft) {}

    record ListModules() {}

        /** A process of a module: the version it runs and the arguments it was started with. */
    record Running(LoadedModule version, List<Object> args) {}

    /** One module: its versions and the processes on each. */
    static final class Versions {
        LoadedModule current;
        LoadedModule old;
        final Map<Pid, Running> processes = new LinkedHashMap<>();

        List<Pid> on(LoadedModule version) {
            return processes.entrySet().stream().filter(e -> e.getValue().version() == version).map(Map.Entry::getKey).toList();
        }
    }

    static final class Modules {
        final Map<String, Versions> byName = new LinkedHashMap<>();
    }

    private final Duration stepTimeout;

    CodeServerLoop(Duration stepTimeout) {
        this.stepTimeout = stepTimeout;
    }

    @Override
    public Modules init(ProcessContext ctx) {
        return new Modules();
    }

    @Override
    public Result<Modules> handleCall(ProcessContext ctx, Object request, From from, Modules modules) {
        try {
            Object answer = switch (request) {
                case Load(Path location, Object extra) -> load(ctx, modules, location, extra);
                case Current(String module) -> versions(modules, module).current;
                case Started(Pid pid, String module, String version, List<Object> args) -> started(ctx, modules, pid, module, version, args);
                case Purge(String module, boolean soft) -> purge(ctx, modules, module, soft);
                case ListModules l -> list(modules);
                default -> throw new IllegalArgumentException("not a code server request: " + request);
            };
            return GenServer.reply(answer, modules);
        } catch (RuntimeException e) {
            return GenServer.replyError(e, modules);
        }
    }

    /**
     * {@link Started}, sent without waiting by {@link CodeServer#startLink} (as a call it is
     * answered, or refused for a version no longer loaded). A process that started
     * on a version purged meanwhile is killed, as the purge would have killed it; its supervisor
     * starts it again on the current version.
     */
    @Override
    public Result<Modules> handleCast(ProcessContext ctx, Object request, Modules modules) {
        if (request instanceof Started(Pid pid, String module, String version, List<Object> args)) {
            try {
                started(ctx, modules, pid, module, version, args);
            } catch (RuntimeException gone) {
                LOG.warn("code server: {} started on {}@{}, which is no longer loaded: killed ({})", pid, module, version,
                        gone.getMessage());
                ctx.exit(pid, ExitReason.KILL);
            }
            return GenServer.noReply(modules);
        }
        throw new IllegalArgumentException("not a code server cast: " + request);
    }

    @Override
    public Result<Modules> handleInfo(ProcessContext ctx, Object message, Modules modules) {
        if (message instanceof Signal.Down d) {
            modules.byName.values().forEach(v -> v.processes.remove(d.pid()));
        }
        return GenServer.noReply(modules);
    }

    // ---- loading and upgrading ---------------------------------------------------------------

    private Upgrade load(ProcessContext ctx, Modules modules, Path location, Object extra) {
        ModuleSpec spec;
        ClassLoader api = CodeServerLoop.class.getClassLoader();
        try {
            spec = ModuleSpec.read(location);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read module " + location + ": " + e.getMessage(), e);
        }
        Versions v = modules.byName.get(spec.name());
        if (v != null && v.current.version().equals(spec.version())) {
            throw new IllegalStateException(spec.label() + " is already the current version");
        }
        if (v != null && v.old != null) {
            List<Pid> stillOld = v.on(v.old);
            if (!stillOld.isEmpty()) {
                throw new IllegalStateException("cannot load " + spec.label() + ": old version " + v.old + " still runs "
                        + stillOld + "; purge " + spec.name() + " first");
            }
        }
        ModuleClassLoader loader;
        try {
            // From the class files (no class of the module is defined yet); the loader trusts the result.
            loader = new ModuleClassLoader(ModuleValidator.validate(spec, api), api);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read module " + spec.label() + " at " + location + ": " + e.getMessage(), e);
        }
        LoadedModule next;
        try {
            next = LoadedModule.of(loader, stepTimeout); // loads and initialises the entry class, bounded
        } catch (RuntimeException e) {
            close(loader);
            throw e;
        }
        if (v == null) {
            Versions fresh = new Versions();
            fresh.current = next;
            modules.byName.put(spec.name(), fresh);
            LOG.info("code server: loaded {}", spec.label());
            return new Upgrade(spec.name(), null, spec.version(), true, List.of(), null, null);
        }
        StateDiff diff = StateDiff.between(v.current.spec(), spec, api);
        LOG.info("code server: {} -> {}: {}", v.current, spec.label(), diff);
        v.current.replacing(true);               // starts from now on ask again, and wait for this load
        ModuleUpgradeEvent event = new ModuleUpgradeEvent();
        event.begin();
        Upgrade result = upgrade(ctx, v, v.current, v.on(v.current), next, extra, diff);
        v.current.replacing(false);
        ModuleUpgradeEvent.end(event, result);
        if (result.committed()) {
            if (v.old != null) {
                close(v.old.loader());
            }
            v.old = v.current;
            v.old.supersede();
            v.current = next;
            v.processes.replaceAll((pid, running) -> running.version() == v.old ? new Running(next, running.args()) : running);
            LOG.info("code server: upgraded {} from {} to {} ({} processes)", spec.name(), result.from(), result.to(), result.processes().size());
        } else {
            close(loader);
            LOG.error("code server: upgrade of {} to {} rolled back: {}", spec.name(), spec.version(), result.failure());
        }
        return result;
    }

    /**
     * Upgrades every process on {@code v.current} to {@code next} in three phases, each sent to
     * all processes at once: prepare (suspend, hand over the state), convert (off the processes),
     * commit or abort (install and resume, or resume on the old code).
     */
    private Upgrade upgrade(ProcessContext ctx, Versions v, LoadedModule from, List<Pid> targets, LoadedModule next, Object extra,
                            StateDiff diff) {
        Conversions conversions = Conversions.start((pid, old) -> {
            Object code = next.newInstance(v.processes.get(pid).args());
            return new Sys.NewCode(code, convert(next, code, from.version(), old, extra));
        });
        List<Pid> preparedOrder = new ArrayList<>(targets.size());
        Map<Pid, Answer> prepared = Sys.prepareUpgrade(ctx, targets, stepTimeout, (pid, answer) -> {
            if (answer instanceof Answer.Value(Object oldState, long at)) {
                conversions.submit(pid, oldState); // converted while the others prepare
                preparedOrder.add(pid);
            }
        });
        Map<Pid, String> gone = new LinkedHashMap<>(); // exited meanwhile: not a reason to roll back
        Pid failed = null;
        String why = null;
        for (Map.Entry<Pid, Answer> e : prepared.entrySet()) {
            Pid pid = e.getKey();
            switch (e.getValue()) {
                case Answer.Value value -> { } // being converted
                case Answer.Exited(ExitReason reason) -> gone.put(pid, "exited before the upgrade: " + reason);
                case Answer.TimedOut t -> {
                    if (failed == null) {
                        failed = pid;
                        why = "suspend timed out after " + stepTimeout.toMillis() + " ms";
                    }
                }
                case Answer.Raised(Throwable error) -> {
                    if (failed == null) {
                        failed = pid;
                        why = "failed: " + error;
                    }
                }
            }
        }
        List<Pid> live = targets.stream().filter(pid -> !gone.containsKey(pid)).toList(); // a late prepare gets its abort queued behind it
        Map<Pid, Sys.NewCode> newCode = Map.of();
        if (failed == null) {
            try {
                newCode = conversions.finish(stepTimeout);
            } catch (Conversions.Failed f) {
                failed = f.pid;
                why = f.getMessage();
            }
        } else {
            conversions.abandon();
        }
        List<Upgrade.ProcessResult> results = new ArrayList<>();
        if (failed != null) {
            Map<Pid, Answer> resumed = Sys.abortUpgrade(ctx, live, stepTimeout);
            for (Pid pid : targets) {
                String detail = gone.containsKey(pid) ? gone.get(pid) : pid.equals(failed) ? why : "rolled back";
                results.add(new Upgrade.ProcessResult(pid, false, detail, paused(resumed.get(pid))));
            }
            return new Upgrade(next.name(), from.version(), next.version(), false, results, "process " + failed + " " + why, diff);
        }
        // The point of no return: every new state exists.
        // In the order they were suspended: the first to stop is the first to go on, which keeps
        // the longest pause near one round rather than two.
        Map<Pid, Sys.NewCode> inOrder = new LinkedHashMap<>();
        for (Pid pid : preparedOrder) {
            inOrder.put(pid, newCode.get(pid));
        }
        Map<Pid, Answer> committed = Sys.commitUpgrade(ctx, inOrder, next.spec().label(), stepTimeout);
        List<Pid> refused = new ArrayList<>();
        for (Pid pid : targets) {
            Answer a = committed.get(pid);
            results.add(switch (a) {
                case null -> new Upgrade.ProcessResult(pid, false, gone.get(pid));
                case Answer.Value value -> new Upgrade.ProcessResult(pid, true, "now on " + next.version(), paused(a));
                // Queued, so it still applies, before anything queued behind it.
                case Answer.TimedOut t -> new Upgrade.ProcessResult(pid, true, "commit queued (no answer within "
                        + stepTimeout + "); it applies before the process resumes");
                case Answer.Exited(ExitReason reason) -> new Upgrade.ProcessResult(pid, false, "exited during the upgrade: " + reason);
                case Answer.Raised(Throwable error) -> {
                    refused.add(pid);
                    yield new Upgrade.ProcessResult(pid, false, "refused the new code (" + error + "); resumed on " + from.version());
                }
            });
        }
        if (!refused.isEmpty()) {
            Sys.abortUpgrade(ctx, refused, stepTimeout);
        }
        return new Upgrade(next.name(), from.version(), next.version(), true, results, null, diff);
    }

    /** How long the process was suspended, as it measured itself (from its prepare to its commit or abort). */
    private static Duration paused(Answer resumed) {
        return resumed instanceof Answer.Value(Duration paused, long at) ? paused : Duration.ZERO;
    }

    /** The new state of one process, from its old state's by-name view. */
    private static Object convert(LoadedModule next, Object code, String oldVersion, Object oldState, Object extra) {
        Type[] types = next.stateTypes();
        try {
            if (next.isStateMachine()) {
                StateMachine.Snapshot<?, ?> old = (StateMachine.Snapshot<?, ?>) oldState;
                Object stateView = StateView.of(old.state());
                Object dataView = StateView.of(old.data());
                if (next.overridesCodeChange()) {
                    return ((StateMachine<?, ?>) code).codeChange(oldVersion, stateView, dataView, extra);
                }
                return new StateMachine.Snapshot<>(StateView.convert(stateView, types[0]), StateView.convert(dataView, types[1]));
            }
            Object view = StateView.of(oldState);
            if (next.overridesCodeChange()) {
                return ((GenServer<?>) code).codeChange(oldVersion, view, extra);
            }
            return StateView.convert(view, types[0]);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("codeChange threw " + e, e);
        }
    }

    // ---- processes, purge, listing -----------------------------------------------------------

    /**
     * The start arguments, kept for an upgrade's constructor: an immutable list as it is (the
     * usual {@code List.of(...)}: no copy per process), else an unmodifiable copy (nulls allowed).
     */
    private static List<Object> immutableCopy(List<Object> args) {
        if (args == null) {
            return List.of();
        }
        if (args.stream().noneMatch(Objects::isNull)) {
            return List.copyOf(args);
        }
        return Collections.unmodifiableList(new ArrayList<>(args));
    }

    private Object started(ProcessContext ctx, Modules modules, Pid pid, String module, String version, List<Object> args) {
        Versions v = versions(modules, module);
        LoadedModule on = v.current.version().equals(version) ? v.current
                : v.old != null && v.old.version().equals(version) ? v.old : null;
        if (on == null) {
            throw new IllegalStateException(module + "@" + version + " is no longer loaded");
        }
        v.processes.put(pid, new Running(on, immutableCopy(args)));
        ctx.monitor(pid);
        // only behaviours answer an upgrade; asked only then (a process's info is not free, and starts are many)
        if (on == v.old && ctx.node().info(pid).flatMap(ProcessInfo::behaviour).isPresent()) {
            // It started on the version an upgrade has just replaced (it asked for the current
            // version before the commit): bring it along, so that after a load every process of
            // the module runs the new version, even one that was starting meanwhile.
            Upgrade late = upgrade(ctx, v, v.old, List.of(pid), v.current, null, null);
            if (late.committed()) {
                v.processes.put(pid, new Running(v.current, v.processes.get(pid).args()));
                LOG.info("code server: {} started on {} during its upgrade; now on {}", pid, v.old, v.current);
            } else {
                LOG.warn("code server: {} started on {} during its upgrade and stays there: {}", pid, v.old, late.failure());
            }
        }
        return "ok";
    }

    private Object purge(ProcessContext ctx, Modules modules, String module, boolean soft) {
        Versions v = versions(modules, module);
        if (v.old == null) {
            return List.of();
        }
        List<Pid> onOld = v.on(v.old);
        if (soft && !onOld.isEmpty()) {
            throw new IllegalStateException("soft purge of " + v.old + " refused: still running " + onOld);
        }
        for (Pid pid : onOld) {
            ctx.exit(pid, ExitReason.KILL); // their supervisors restart them on the current version
            v.processes.remove(pid);
        }
        close(v.old.loader());
        LOG.info("code server: purged {} (killed {})", v.old, onOld);
        v.old = null;
        return onOld;
    }

    private static List<ModuleInfo> list(Modules modules) {
        List<ModuleInfo> out = new ArrayList<>();
        modules.byName.forEach((name, v) -> out.add(new ModuleInfo(name, v.current.version(), v.on(v.current).size(),
                v.old == null ? null : v.old.version(), v.old == null ? 0 : v.on(v.old).size())));
        return out;
    }

    private static Versions versions(Modules modules, String module) {
        Versions v = modules.byName.get(module);
        if (v == null) {
            throw new IllegalArgumentException("no module '" + module + "' is loaded");
        }
        return v;
    }

    private static void close(ModuleClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            LOG.warn("code server: closing {} failed: {}", loader, e.getMessage());
        }
    }
}
