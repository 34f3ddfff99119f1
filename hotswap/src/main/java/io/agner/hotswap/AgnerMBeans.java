package io.agner.hotswap;

import io.agner.behaviour.CallException;
import io.agner.behaviour.GenServers;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessCounts;
import io.agner.runtime.ServerRef;
import io.agner.supervisor.Supervisor;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * A node's JMX MBeans, in the platform MBean server: the node ({@link NodeMXBean}), its registered
 * supervisors with their restart counts ({@link SupervisorsMXBean}) and the code server's modules
 * ({@link ModulesMXBean}), under {@code io.agner:type=Node,name=<name>},
 * {@code io.agner:type=Supervisors,node=<name>} and {@code io.agner:type=Modules,node=<name>}.
 * Nothing is registered unless asked: {@code AgnerMBeans.register(node, "switch")}.
 *
 * <p>Everything is read on demand, when a JMX client asks: the node's counters directly,
 * supervisors and the code server by a call each (at most a second), so a supervisor started later
 * shows up without registering anything. The MBeans go away with {@link #close()} or when the
 * node closes (a small process of the node unregisters them as it is shut down). Thread-safe.
 * Erlang has no JMX; its {@code observer} reads the same things over distribution.
 */
public final class AgnerMBeans implements AutoCloseable {

    /** How long a read waits for each supervisor, and for the code server. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(1);

    private final Node node;
    private final List<ObjectName> names;
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Pid guard;

    private AgnerMBeans(Node node, String name) throws JMException {
        this.node = node;
        String quoted = ObjectName.quote(name);
        ObjectName nodeName = new ObjectName("io.agner:type=Node,name=" + quoted);
        ObjectName supervisors = new ObjectName("io.agner:type=Supervisors,node=" + quoted);
        ObjectName modules = new ObjectName("io.agner:type=Modules,node=" + quoted);
        names = List.of(nodeName, supervisors, modules);
        List<ObjectName> done = new ArrayList<>();
        try {
            server.registerMBean(new NodeView(name), nodeName);
            done.add(nodeName);
            server.registerMBean(new SupervisorsView(), supervisors);
            done.add(supervisors);
            server.registerMBean(new ModulesView(), modules);
            done.add(modules);
        } catch (JMException | RuntimeException e) {
            for (ObjectName n : done) {
                server.unregisterMBean(n);
            }
            throw e;
        }
        CountDownLatch running = new CountDownLatch(1);
        try {
            guard = node.spawn(ctx -> {
                try {
                    running.countDown();
                    while (true) {
                        ctx.receive(); // nothing to do but be shut down with the node
                    }
                } finally {
                    unregister();
                }
            });
        } catch (RuntimeException closing) {
            unregister();
            throw closing;
        }
        // A process shut down before its body runs runs no finally: wait until it is in its try.
        // If the node closes meanwhile, the guard never ran, so unregister here.
        try {
            while (!running.await(100, TimeUnit.MILLISECONDS)) {
                if (!node.isAlive(guard)) {
                    unregister();
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // registered; the guard unregisters once it runs and is shut down
        }
    }

    /**
     * Registers {@code node}'s MBeans under {@code name} (the node's name, as {@code bin/agner}
     * knows it).
     *
     * @throws IllegalStateException if MBeans of that name are registered already
     */
    public static AgnerMBeans register(Node node, String name) {
        try {
            return new AgnerMBeans(node, name);
        } catch (JMException e) {
            throw new IllegalStateException("cannot register the MBeans of node '" + name + "': " + e, e);
        }
    }

    /** The MBeans' object names: node, supervisors, modules. */
    public List<ObjectName> objectNames() {
        return names;
    }

    /** Unregisters the MBeans; idempotent. */
    @Override
    public void close() {
        unregister();
        node.exit(guard, ExitReason.KILL);
    }

    private void unregister() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (ObjectName n : names) {
            try {
                server.unregisterMBean(n);
            } catch (JMException ignored) {
                // gone already: someone else unregistered it
            }
        }
    }

    // ---- the views ---------------------------------------------------------------------------

    private final class NodeView implements NodeMXBean {
        private final String name;

        NodeView(String name) {
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public long getUptimeMillis() {
            return TimeUnit.NANOSECONDS.toMillis(node.processCounts().uptimeNanos());
        }

        @Override
        public long getProcessCount() {
            return node.processCounts().running();
        }

        @Override
        public long getSpawned() {
            return node.processCounts().spawned();
        }

        @Override
        public long getExited() {
            ProcessCounts c = node.processCounts();
            return c.exited();
        }

        @Override
        public String getScheduler() {
            return node.schedulerStats().kind().name().toLowerCase(java.util.Locale.ROOT);
        }

        @Override
        public String[] getRegisteredNames() {
            return node.registered().stream().sorted().toArray(String[]::new);
        }
    }

    private final class SupervisorsView implements SupervisorsMXBean {

        @Override
        public String[] getSupervisors() {
            return supervisorNames().toArray(String[]::new);
        }

        @Override
        public Map<String, Long> getRestarts() {
            Map<String, Long> all = new LinkedHashMap<>();
            for (String sup : supervisorNames()) {
                restartsOf(sup).forEach((child, n) -> all.put(sup + "/" + child, n));
            }
            return all;
        }

        @Override
        public long getTotalRestarts() {
            return getRestarts().values().stream().mapToLong(Long::longValue).sum();
        }

        @Override
        public Map<String, Long> restartsOf(String supervisor) {
            try {
                return Supervisor.restarts(node, ServerRef.named(supervisor), CALL_TIMEOUT);
            } catch (CallException | IllegalArgumentException notRunning) {
                return Map.of();
            }
        }

        @Override
        public long restarts(String supervisor, String childId) {
            return restartsOf(supervisor).getOrDefault(childId, 0L);
        }

        private List<String> supervisorNames() {
            return node.registered().stream().sorted()
                    .filter(n -> node.whereis(n).flatMap(node::info)
                            .flatMap(i -> i.behaviour()).filter("supervisor"::equals).isPresent())
                    .toList();
        }
    }

    private final class ModulesView implements ModulesMXBean {

        @Override
        public List<ModuleVersions> getModules() {
            if (node.whereis(CodeServer.NAME).isEmpty()) {
                return List.of();
            }
            @SuppressWarnings("unchecked")
            List<ModuleInfo> modules = (List<ModuleInfo>) GenServers.call(node, ServerRef.named(CodeServer.NAME),
                    new CodeServerLoop.ListModules(), CALL_TIMEOUT);
            return modules.stream().map(ModuleVersions::new).toList();
        }
    }
}
