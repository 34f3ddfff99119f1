package io.agner.hotswap;

import io.agner.behaviour.GenServer;
import io.agner.behaviour.GenServers;
import io.agner.behaviour.StateMachine;
import io.agner.behaviour.StateMachines;
import io.agner.behaviour.Sys;
import io.agner.runtime.Caller;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.ServerRef;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A node's code server: loads module versions, starts processes on a module (so it knows which
 * version each runs), upgrades them live, purges old versions. One per node, registered as
 * {@value #NAME}. Callers as for {@code GenServers}: a process passes its
 * {@link ProcessContext}, any other thread the {@link Node}. A refused request (an invalid
 * module, a version already current) throws the code server's exception here.
 *
 * {@snippet :
 * CodeServer.start(node);
 * CodeServer.load(node, Path.of("billing-1.jar"));                   // first load: billing@1 current
 * ChildSpec billing = ChildSpec.worker("billing", (sup, args) -> CodeServer.startLink(sup, "billing", args));
 * Upgrade u = CodeServer.load(node, Path.of("billing-2.jar"));       // every billing process upgraded, or none
 * CodeServer.purge(node, "billing", true);                           // soft: refuses while processes run billing@1
 * }
 */
public final class CodeServer {

    /** The code server's registered name. */
    public static final String NAME = "code_server";

    /**
     * How long each phase of an upgrade (prepare: suspend and hand over the state; convert:
     * every {@code codeChange}; commit or abort) may take for all of the module's processes,
     * unless the code server was started with another.
     */
    public static final Duration STEP_TIMEOUT = Duration.ofSeconds(5);

    private static final Duration FOREVER = ChronoUnit.FOREVER.getDuration();

    private static final ServerRef SERVER = ServerRef.named(NAME);

    private CodeServer() {}

    /** Starts the node's code server. */
    public static Pid start(Caller caller) {
        return start(caller, STEP_TIMEOUT);
    }

    /**
     * Starts the node's code server with its own bound on each upgrade step (see
     * {@link #STEP_TIMEOUT}); a step that takes longer rolls the upgrade back.
     */
    public static Pid start(Caller caller, Duration stepTimeout) {
        if (stepTimeout.isNegative() || stepTimeout.isZero()) {
            throw new IllegalArgumentException("stepTimeout must be positive, was " + stepTimeout);
        }
        return GenServers.start(caller, new CodeServerLoop(stepTimeout), NAME);
    }

    /**
     * Loads a module jar or folder: the first version becomes current; a new version upgrades
     * every process running the module, all or nothing.
     *
     * @param extra passed to the new code's {@code codeChange}
     * @throws IllegalArgumentException if the module is invalid (nothing changes)
     * @throws IllegalStateException    if the version is already current, or an old version still runs processes
     */
    public static Upgrade load(Caller caller, Path location, Object extra) {
        return call(caller, new CodeServerLoop.Load(location.toAbsolutePath(), extra));
    }

    public static Upgrade load(Caller caller, Path location) {
        return load(caller, location, null);
    }

    /**
     * Drops the old version of a module. Hard: kills the processes still on it (their
     * supervisors restart them on the current version); soft: refuses while any remain.
     * The old version's loader is collectable only once nothing references its classes: a
     * pending timer or a queued mailbox message holding an object of the old version keeps it
     * alive until that message is consumed (see {@code ModuleClassLoader}).
     *
     * @return the processes killed
     */
    public static List<Pid> purge(Caller caller, String module, boolean soft) {
        return call(caller, new CodeServerLoop.Purge(module, soft));
    }

    public static List<ModuleInfo> modules(Caller caller) {
        return call(caller, new CodeServerLoop.ListModules());
    }

    /**
     * Starts a process on the current version of {@code module}, linked to the caller (use it in
     * a child spec's start): the entry class is instantiated with {@code args} (or none) and
     * started as a GenServer or StateMachine. The code server keeps {@code args} for the
     * process's life: each upgrade instantiates the new version's entry class with them.
     */
    public static Pid startLink(ProcessContext ctx, String module, List<Object> args) {
        LoadedModule version = current(ctx, module);
        Object code = version.newInstance(args);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Pid pid = code instanceof StateMachine machine
                ? StateMachines.startLink(ctx, machine)
                : GenServers.startLink(ctx, (GenServer) code);
        // The label is taken before any upgrade reaches the process. The code server records the
        // process before it serves a load asked after this returns. Only a process that started on
        // a version a load is replacing (or has replaced) waits for the code server, which upgrades
        // it first if the load committed; otherwise a start waits only for init.
        Sys.sendModuleVersion(ctx, pid, version.label());
        CodeServerLoop.Started started = new CodeServerLoop.Started(pid, module, version.version(), args);
        if (version.isCurrent()) {
            GenServers.cast(ctx, SERVER, started);
        } else {
            call(ctx, started);
        }
        return pid;
    }

    /**
     * The current versions the code servers answered, by code server: one stays good while it is
     * current and no load is replacing it ({@link LoadedModule#isCurrent}), so a start asks the code
     * server again only during or after an upgrade (and then waits for it, as before the cache).
     * Weak keys: a stopped node's code server takes its entries along.
     */
    private static final Map<Pid, Map<String, WeakReference<LoadedModule>>> CURRENT =
            Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * The module's current version: remembered, or asked of the code server. Remembered weakly, so
     * that a version replaced and purged is collected with its loader however long no start comes.
     */
    private static LoadedModule current(ProcessContext ctx, String module) {
        Pid server = ctx.node().whereis(NAME).orElse(null);
        Map<String, WeakReference<LoadedModule>> known = server == null ? null
                : CURRENT.computeIfAbsent(server, s -> new ConcurrentHashMap<>());
        WeakReference<LoadedModule> remembered = known == null ? null : known.get(module);
        LoadedModule version = remembered == null ? null : remembered.get();
        if (version == null || !version.isCurrent()) {
            version = call(ctx, new CodeServerLoop.Current(module));
            if (known != null) {
                known.put(module, new WeakReference<>(version));
            }
        }
        return version;
    }

    @SuppressWarnings("unchecked")
    private static <T> T call(Caller caller, Object request) {
        return (T) GenServers.call(caller, SERVER, request, FOREVER);
    }
}
