package io.agner.hotswap;

import io.agner.behaviour.CallException;
import io.agner.behaviour.CallTimeoutException;
import io.agner.behaviour.From;
import io.agner.behaviour.GenServer;
import io.agner.behaviour.StateMachine;
import io.agner.behaviour.Sys;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 *   <li>Upgrade, as OTP's release handler: validate (from the class files, {@link ModuleValidator},
 *       then by loading the entry class) and diff the state records ({@link StateDiff}) → suspend every
 *       process on the module → compute every new state from its old state's by-name view (the
 *       new code's {@code codeChange}, or {@link StateView#convert}) → only if all succeeded,
 *       install code and state in each → resume all. Any failure resumes every process on the old
 *       code with its old state; messages sent meanwhile wait in order and nothing is lost.
 *   <li>Every step is bounded by the step timeout, {@code codeChange} included: it runs on a
 *       virtual thread of its own while the process is suspended (so all states exist before any
 *       is committed, and a {@code codeChange} that blocks cannot hang the code server). On
 *       timeout that thread is interrupted and the upgrade rolls back, naming the process. A
 *       {@code codeChange} that ignores the interrupt keeps running, unobserved; its result is
 *       dropped. It must be a pure function of the old state.
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

    record Failure(RuntimeException cause) {}

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

    /** A step of an upgrade got no answer within the step timeout. */
    static final class StepTimedOut extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StepTimedOut(String step, Duration timeout, Throwable cause) {
            super(step + " timed out after " + timeout.toMillis() + " ms", cause);
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
            return GenServer.reply(new Failure(e), modules);
        }
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
            ModuleValidator.validate(spec, api); // from class files: no class of the module is defined yet
            loader = new ModuleClassLoader(spec, api);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read module " + spec.label() + " at " + location + ": " + e.getMessage(), e);
        }
        LoadedModule next;
        try {
            next = LoadedModule.of(spec, loader); // a second line: loads and initialises the entry class
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
        Upgrade result = upgrade(ctx, v, next, extra, diff);
        if (result.committed()) {
            if (v.old != null) {
                close(v.old.loader());
            }
            v.old = v.current;
            v.current = next;
            v.processes.replaceAll((pid, running) -> running.version() == v.old ? new Running(next, running.args()) : running);
            LOG.info("code server: upgraded {} from {} to {} ({} processes)", spec.name(), result.from(), result.to(), result.processes().size());
        } else {
            close(loader);
            LOG.error("code server: upgrade of {} to {} rolled back: {}", spec.name(), spec.version(), result.failure());
        }
        return result;
    }

    private Upgrade upgrade(ProcessContext ctx, Versions v, LoadedModule next, Object extra, StateDiff diff) {
        LoadedModule from = v.current;
        List<Pid> targets = v.on(from);
        List<Pid> suspended = new ArrayList<>();
        Map<Pid, Long> suspendedAt = new LinkedHashMap<>();
        Map<Pid, String> gone = new LinkedHashMap<>(); // exited meanwhile: not a reason to roll back
        Map<Pid, Object> newStates = new LinkedHashMap<>();
        Map<Pid, Object> newCode = new LinkedHashMap<>();
        Pid current = null;
        try {
            for (Pid pid : targets) {
                current = pid;
                suspended.add(pid); // first: a suspend that times out still arrives; the resume queued behind it undoes it
                try {
                    Sys.suspend(ctx, pid, stepTimeout);
                    suspendedAt.put(pid, System.nanoTime());
                } catch (CallTimeoutException slow) {
                    throw new StepTimedOut("suspend", stepTimeout, slow);
                } catch (CallException exited) {
                    gone.put(pid, "exited before the upgrade: " + exited.reason());
                }
            }
            for (Pid pid : targets) {
                if (gone.containsKey(pid)) {
                    continue;
                }
                current = pid;
                Object oldState;
                try {
                    oldState = Sys.getState(ctx, pid, stepTimeout);
                } catch (CallTimeoutException slow) {
                    throw new StepTimedOut("reading the state", stepTimeout, slow);
                } catch (CallException exited) {
                    gone.put(pid, "exited before the upgrade: " + exited.reason());
                    continue;
                }
                Object code = next.newInstance(v.processes.get(pid).args());
                newStates.put(pid, convertInTime(pid, next, code, from.version(), oldState, extra));
                newCode.put(pid, code);
            }
        } catch (RuntimeException | Error e) {
            String why = e instanceof StepTimedOut ? e.getMessage() : "failed: " + e;
            List<Upgrade.ProcessResult> results = new ArrayList<>();
            for (Pid pid : targets) {
                String detail = gone.containsKey(pid) ? gone.get(pid) : pid.equals(current) ? why : "rolled back";
                results.add(new Upgrade.ProcessResult(pid, false, detail));
            }
            return new Upgrade(next.name(), from.version(), next.version(), false,
                    withPauses(results, suspendedAt, resumeAll(ctx, suspended)), "process " + current + " " + why, diff);
        }
        List<Upgrade.ProcessResult> results = new ArrayList<>();
        for (Pid pid : targets) { // the point of no return: every new state exists
            if (gone.containsKey(pid)) {
                results.add(new Upgrade.ProcessResult(pid, false, gone.get(pid)));
                continue;
            }
            try {
                Sys.installCode(ctx, pid, newCode.get(pid), newStates.get(pid), stepTimeout);
                Sys.setModuleVersion(ctx, pid, next.spec().label(), stepTimeout);
                results.add(new Upgrade.ProcessResult(pid, true, "now on " + next.version()));
            } catch (CallTimeoutException slow) {
                // Queued, so it still applies, before the resume queued behind it.
                results.add(new Upgrade.ProcessResult(pid, true, "install queued (no answer within " + stepTimeout
                        + "); it applies before the process resumes"));
            } catch (CallException exited) {
                results.add(new Upgrade.ProcessResult(pid, false, "exited during the upgrade: " + exited.reason()));
            }
        }
        return new Upgrade(next.name(), from.version(), next.version(), true,
                withPauses(results, suspendedAt, resumeAll(ctx, suspended)), null, diff);
    }

    /**
     * {@link #convert} on a virtual thread of its own, bounded by the step timeout; on timeout
     * the thread is interrupted and {@link StepTimedOut} thrown. What {@code convert} throws is
     * rethrown here.
     */
    private Object convertInTime(Pid pid, LoadedModule next, Object code, String oldVersion, Object oldState, Object extra) {
        FutureTask<Object> task = new FutureTask<>(() -> convert(next, code, oldVersion, oldState, extra));
        Thread.ofVirtual().name("codeChange " + next + " " + pid).start(task);
        try {
            return task.get(stepTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException slow) {
            task.cancel(true);
            throw new StepTimedOut("codeChange", stepTimeout, slow);
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("codeChange threw " + cause, cause);
        } catch (InterruptedException stopped) {
            task.cancel(true);
            Thread.currentThread().interrupt(); // the code server is being stopped: keep the status for its loop
            throw new IllegalStateException("code server interrupted during the codeChange of " + pid, stopped);
        }
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

    /** Resumes each process; returns when each resume was acknowledged (nanoTime), for those that were. */
    private Map<Pid, Long> resumeAll(ProcessContext ctx, List<Pid> suspended) {
        Map<Pid, Long> resumedAt = new LinkedHashMap<>();
        for (Pid pid : suspended) {
            try {
                Sys.resume(ctx, pid, stepTimeout);
                resumedAt.put(pid, System.nanoTime());
            } catch (RuntimeException gone) {
                LOG.warn("code server: could not resume {}: {}", pid, gone.getMessage());
            }
        }
        return resumedAt;
    }

    private static List<Upgrade.ProcessResult> withPauses(List<Upgrade.ProcessResult> results, Map<Pid, Long> suspendedAt,
                                                          Map<Pid, Long> resumedAt) {
        List<Upgrade.ProcessResult> out = new ArrayList<>(results.size());
        for (Upgrade.ProcessResult r : results) {
            Long from = suspendedAt.get(r.pid());
            Long to = resumedAt.get(r.pid());
            out.add(from == null || to == null ? r : r.withPaused(java.time.Duration.ofNanos(to - from)));
        }
        return out;
    }

    // ---- processes, purge, listing -----------------------------------------------------------

    private Object started(ProcessContext ctx, Modules modules, Pid pid, String module, String version, List<Object> args) {
        Versions v = versions(modules, module);
        LoadedModule on = v.current.version().equals(version) ? v.current
                : v.old != null && v.old.version().equals(version) ? v.old : null;
        if (on == null) {
            throw new IllegalStateException(module + "@" + version + " is no longer loaded");
        }
        v.processes.put(pid, new Running(on, args == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(args))));
        ctx.monitor(pid);
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
