package io.agner.hotswap;

import static io.agner.testkit.Await.await;
import io.agner.runtime.ServerRef;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.behaviour.GenServers;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.runtime.SpawnOptions;
import io.agner.supervisor.ChildCounts;
import io.agner.supervisor.ChildSpec;
import io.agner.supervisor.RestartStrategy;
import io.agner.supervisor.SupFlags;
import io.agner.supervisor.Supervisor;
import io.agner.testkit.ModuleJar;
import io.agner.testkit.NodeExtension;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class UpgradeUnderLoadTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    @TempDir
    Path dir;

    /** What a worker records for each message it handles: which version handled which sender's n-th message. */
    record Handled(Pid worker, int sender, int n, String version) {}

    /**
     * A "counter" module whose workers forward, for every {@code int[]{sender, n}} cast, a
     * {@code Handled}-like triple to the collector registered as "collector".
     */
    private Path counter(String version) throws Exception {
        String source = """
                package counter;

                import io.agner.behaviour.GenServer;
                import io.agner.runtime.ProcessContext;

                public class Worker implements GenServer<Worker.State> {
                    public record State(long handled) {}

                    public State init(ProcessContext ctx) {
                        return new State(0);
                    }

                    @Override
                    public Result<State> handleCast(ProcessContext ctx, Object request, State s) {
                        int[] m = (int[]) request;
                        ctx.send("collector", new Object[] {ctx.self(), m[0], m[1], "%s"});
                        return GenServer.noReply(new State(s.handled() + 1));
                    }
                }
                """.formatted(version);
        return ModuleJar.build(dir, "counter", version, "counter.Worker", Map.of("counter/Worker.java", source));
    }

    @Test
    void upgrade20TimesUnderLoad_everyMessageHandledOnceInOrder_noRestart() throws Exception {
        Node node = agner.node();
        int workers = 100;
        int senders = 10;
        int upgrades = 20;
        List<Path> versions = new ArrayList<>();
        for (int v = 1; v <= upgrades + 1; v++) {
            versions.add(counter(Integer.toString(v))); // compiled before the load starts
        }
        CodeServer.start(node);
        CodeServer.load(node, versions.get(0));
        Pid sup = Supervisor.start(node, SupFlags.DEFAULT.withStrategy(RestartStrategy.SIMPLE_ONE_FOR_ONE),
                List.of(ChildSpec.worker("worker", (s, args) -> CodeServer.startLink(s, "counter", args))));
        List<Pid> pids = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            pids.add(Supervisor.startChild(node, sup, List.of()).orElseThrow());
        }
        Set<String> versionsSeen = ConcurrentHashMap.newKeySet();
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        AtomicLong handled = new AtomicLong();
        node.spawn(ctx -> {
            Map<Pid, Map<Integer, Integer>> last = new HashMap<>();
            Map<Pid, Integer> lastVersion = new HashMap<>(); // per worker: old code never handles a message after a commit
            while (true) {
                Object[] h = (Object[]) ctx.receive();
                int sender = (Integer) h[1];
                int n = (Integer) h[2];
                int previous = last.computeIfAbsent((Pid) h[0], w -> new HashMap<>()).getOrDefault(sender, -1);
                if (n != previous + 1) {
                    errors.add(h[0] + " got message " + n + " of sender " + sender + " after " + previous);
                }
                last.get(h[0]).put(sender, n);
                int version = Integer.parseInt((String) h[3]);
                Integer before = lastVersion.put((Pid) h[0], version);
                if (before != null && version < before) {
                    errors.add(h[0] + " handled message " + n + " of sender " + sender + " on version " + version + " after version " + before);
                }
                versionsSeen.add((String) h[3]);
                handled.incrementAndGet();
            }
        }, SpawnOptions.DEFAULT.withName("collector"));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong sent = new AtomicLong();
        CountDownLatch sendersDone = new CountDownLatch(senders);
        for (int s = 0; s < senders; s++) {
            int sender = s;
            node.spawn(ctx -> {
                for (int n = 0; !stop.get(); n++) {
                    for (Pid p : pids) {
                        GenServers.cast(ctx, p, new int[] {sender, n});
                    }
                    sent.addAndGet(pids.size());
                    ctx.receive(Duration.ofMillis(2)); // pacing: a steady stream, not a flood
                }
                sendersDone.countDown();
            });
        }

        await().until(() -> versionsSeen.contains("1")); // the first version handled some too
        for (int v = 2; v <= upgrades + 1; v++) {
            Upgrade u = CodeServer.load(node, versions.get(v - 1));
            assertTrue(u.committed(), u.toString());
            CodeServer.purge(node, "counter", true);
            String version = Integer.toString(v);
            await().until(() -> versionsSeen.contains(version)); // this version handled some
        }
        stop.set(true);

        assertTrue(sendersDone.await(1, TimeUnit.MINUTES));
        await().atMost(Duration.ofMinutes(1)).until(() -> handled.get() == sent.get());
        assertEquals(List.of(), errors, "per-sender order kept, nothing lost or handled twice, versions never going back");
        assertEquals(upgrades + 1, versionsSeen.size(), "every version handled messages: " + versionsSeen);
        assertEquals(new ChildCounts(1, workers, 0, workers), Supervisor.countChildren(node, sup));
        for (Pid p : pids) {
            assertTrue(node.isAlive(p), p + " was restarted");
        }
    }

    @Test
    void fiftyVersionsLoadedAndPurged_oldLoadersAreCollected() throws Exception {
        Node node = agner.node();
        CodeServer.start(node);
        Pid sup = Supervisor.start(node, SupFlags.DEFAULT.withStrategy(RestartStrategy.SIMPLE_ONE_FOR_ONE),
                List.of(ChildSpec.worker("worker", (s, args) -> CodeServer.startLink(s, "billing", args))));
        List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
        for (int v = 1; v <= 50; v++) {
            loaders.add(loadAndRemember(node, v));
            if (v == 1) {
                for (int i = 0; i < 3; i++) {
                    Supervisor.startChild(node, sup, List.of());
                }
            }
            CodeServer.purge(node, "billing", true);
        }
        List<WeakReference<ClassLoader>> old = loaders.subList(0, loaders.size() - 1); // the last one is current
        for (int i = 0; i < 50 && old.stream().anyMatch(r -> r.get() != null); i++) {
            System.gc();
            Thread.onSpinWait();
        }
        List<Integer> alive = new ArrayList<>();
        for (int i = 0; i < old.size(); i++) {
            if (old.get(i).get() != null) {
                alive.add(i + 1);
            }
        }
        assertEquals(List.of(), alive, "versions whose loaders were not collected");
    }

    /** Loads billing@v and returns a weak reference to its loader; no strong reference escapes. */
    private WeakReference<ClassLoader> loadAndRemember(Node node, int v) throws Exception {
        CodeServer.load(node, ModuleBuilder.billing(dir, Integer.toString(v), false, -1));
        LoadedModule current = (LoadedModule) GenServers.call(node, ServerRef.named(CodeServer.NAME), new CodeServerLoop.Current("billing"), Duration.ofSeconds(10));
        return new WeakReference<>(current.loader());
    }
}
