package io.agner.observer;

import io.agner.hotswap.Json;
import io.agner.hotswap.CodeServer;
import io.agner.hotswap.Upgrade;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.sse.SseSink;
import io.helidon.webserver.staticcontent.StaticContentService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A web observer for a node, as Erlang's {@code observer} (which is a desktop application; this
 * one is served by the node itself, to a browser): Overview, Processes, a Process's stack, state
 * and queued messages with Kill and Trace, the Supervision tree, Modules with load and purge, and
 * the application's own {@link Dashboard}s, updated live through Server-Sent Events.
 *
 * {@snippet :
 * try (Observer observer = Observer.start(node, ObserverOptions.DEFAULT.withNodeName("switch"))) {
 *     System.out.println("observer: " + observer.uri());   // http://127.0.0.1:<port>/?token=...
 * }
 * }
 *
 * <p>Off unless started. Served by Helidon SE's web server, which runs each request on a virtual
 * thread of its own, like agner's processes; pages are plain HTML and JavaScript, charts are
 * uPlot from its WebJar: the page fetches nothing from the network.
 *
 * <p>Security: it listens on 127.0.0.1 only, and every request needs a random token
 * ({@link AccessGuard}: Host check against DNS rebinding, 401 without the token, 403 for a change
 * without the token header or from another site). With a node name in the options the URL, which
 * carries the token, is written to {@code <node>.observer} in the owner-only control folder, so
 * {@code bin/agner observer} can print it to the node's owner, and removed on {@link #close()}.
 * Thread-safe.
 */
public final class Observer implements AutoCloseable {

    private static final String WEB = "io/agner/observer/web";
    /** 127.0.0.1, never {@code ::1} or a wildcard, whatever the JVM prefers. */
    private static final InetAddress LOOPBACK;

    static {
        try {
            LOOPBACK = InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException impossible) { // only for a wrong address length
            throw new ExceptionInInitializerError(impossible);
        }
    }
    /**
     * Helidon logs its start and stop at INFO through java.util.logging; an application that
     * has not configured that logger gets WARNING and above only (held here: JUL keeps loggers weakly).
     */
    private static final java.util.logging.Logger HELIDON_LOG = java.util.logging.Logger.getLogger("io.helidon");

    static {
        if (HELIDON_LOG.getLevel() == null) {
            HELIDON_LOG.setLevel(java.util.logging.Level.WARNING);
        }
    }

    private final Node node;
    private final NodeViews views;
    private final Sampler sampler;
    private final RecentReports reports;
    private final Token token = Token.random();
    private final List<Dashboard> dashboards = new CopyOnWriteArrayList<>();
    private final Path uploads;
    private final WebServer server;
    private final URI uri;
    private final Path file;
    private volatile boolean closed;

    private Observer(Node node, ObserverOptions options) {
        this.node = node;
        this.views = new NodeViews(node);
        this.sampler = new Sampler(node, options.nodeName() == null ? "node" : options.nodeName());
        try {
            this.uploads = Files.createTempDirectory("agner-observer-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a folder for uploaded jars", e);
        }
        this.reports = new RecentReports();
        AtomicInteger port = new AtomicInteger(); // 0 until bound: the guard refuses every Host until then
        WebServer started = null;
        try {
            started = WebServer.builder()
                    .address(LOOPBACK)
                    .port(options.port())
                    .routing(r -> routes(r, new AccessGuard(token, port::get)))
                    .build()
                    .start();
            port.set(started.port());
            this.server = started;
            this.uri = URI.create("http://127.0.0.1:" + port.get() + "/?token=" + token.value());
            this.file = options.nodeName() == null ? null : ObserverFile.write(options.controlDir(), options.nodeName(), uri);
        } catch (RuntimeException e) { // the port is taken, the control folder is not the owner's...
            if (started != null) {
                started.stop();
            }
            reports.close();
            deleteUploads();
            throw e;
        }
    }

    /** Serves {@code node}'s observer on 127.0.0.1 with {@link ObserverOptions#DEFAULT}: a free port, no URL file. */
    public static Observer start(Node node) {
        return start(node, ObserverOptions.DEFAULT);
    }

    /** Serves {@code node}'s observer on 127.0.0.1; see the class comment. */
    public static Observer start(Node node, ObserverOptions options) {
        return new Observer(node, options);
    }

    /** The URL to open, with the token: give it only to the node's owner. */
    public URI uri() {
        return uri;
    }

    /** The address the server listens on: always the loopback address. */
    public InetSocketAddress address() {
        return new InetSocketAddress(LOOPBACK, server.port());
    }

    /** Adds a dashboard page; see {@link Dashboard}. */
    public Observer addDashboard(String name, Supplier<? extends Map<String, ? extends Number>> values) {
        dashboards.add(new Dashboard(name, values));
        return this;
    }

    /** Stops the server, ends live streams, removes the {@code .observer} file; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop();
        reports.close();
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // bin/agner observer then prints a URL nobody answers: harmless
        }
        deleteUploads();
    }

    private void deleteUploads() {
        try (Stream<Path> jars = Files.list(uploads)) {
            for (Path jar : jars.toList()) {
                Files.deleteIfExists(jar);
            }
            Files.deleteIfExists(uploads);
        } catch (IOException ignored) {
            // a temporary file left behind is harmless
        }
    }

    private void routes(HttpRouting.Builder r, AccessGuard guard) {
        r.addFilter(guard)
                .get("/api/overview", (req, res) -> json(res, overview()))
                .get("/api/events", this::events)
                .get("/api/processes", (req, res) -> json(res, views.processes(new ProcessQuery(
                        param(req, "filter", ""), param(req, "sort", "pid"), param(req, "dir", "asc").equals("desc"),
                        intParam(req, "offset", 0), intParam(req, "limit", 50)))))
                .get("/api/process", (req, res) -> {
                    Pid pid = views.find(param(req, "pid", "")).orElse(null);
                    var page = pid == null ? null : views.process(pid).orElse(null);
                    if (page == null) {
                        res.status(Status.NOT_FOUND_404).send("no process " + param(req, "pid", "") + " on this node");
                    } else {
                        json(res, page);
                    }
                })
                .get("/api/tree", (req, res) -> json(res, views.tree()))
                .get("/api/children", (req, res) -> {
                    Pid sup = views.find(param(req, "sup", "")).orElse(null);
                    json(res, sup == null ? List.of() : views.children(sup, intParam(req, "offset", 0), Math.min(1000, intParam(req, "limit", 100))));
                })
                .get("/api/modules", (req, res) -> json(res, modules()))
                .post("/api/kill", this::kill)
                .post("/api/trace", this::trace)
                .post("/api/load", this::load)
                .post("/api/purge", this::purge)
                .register("/webjars", StaticContentService.create("META-INF/resources/webjars"))
                .register("/", StaticContentService.builder(WEB).welcomeFileName("index.html").build());
    }

    private Map<String, Object> overview() {
        Map<String, Object> m = new LinkedHashMap<>(sampler.sample());
        m.put("reports", reports.newestFirst());
        List<Map<String, Object>> dash = new ArrayList<>();
        for (Dashboard d : dashboards) {
            Map<String, Object> values = new LinkedHashMap<>();
            try {
                values.putAll(d.values().get());
            } catch (RuntimeException e) {
                values.put("error: " + e, Double.NaN);
            }
            dash.add(Map.of("name", d.name(), "values", values));
        }
        m.put("dashboards", dash);
        return m;
    }

    /** Once a second, the overview, until the page goes away or the observer closes. */
    private void events(ServerRequest req, ServerResponse res) {
        try (SseSink sink = res.sink(SseSink.TYPE)) {
            while (!closed) {
                sink.emit(SseEvent.builder().name("overview").data(Json.writeForBrowsers(overview())).build());
                LockSupport.parkNanos(1_000_000_000L);
                if (Thread.interrupted()) {
                    return;
                }
            }
        } catch (RuntimeException pageGone) {
            // the browser closed the page or the connection: the stream ends
        }
    }

    private void kill(ServerRequest req, ServerResponse res) {
        Pid pid = views.find(param(req, "pid", "")).orElse(null);
        if (pid == null) {
            res.status(Status.NOT_FOUND_404).send("no process " + param(req, "pid", "") + " on this node");
            return;
        }
        String reason = param(req, "reason", "kill");
        ExitReason exit = switch (reason) {
            case "kill" -> ExitReason.KILL;
            case "shutdown" -> ExitReason.SHUTDOWN;
            case "normal" -> ExitReason.NORMAL;
            default -> ExitReason.of(reason);
        };
        node.exit(pid, exit);
        json(res, Map.of("sent", exit.toString(), "pid", pid.toString()));
    }

    private void trace(ServerRequest req, ServerResponse res) {
        Pid pid = views.find(param(req, "pid", "")).orElse(null);
        if (pid == null) {
            res.status(Status.NOT_FOUND_404).send("no process " + param(req, "pid", "") + " on this node");
            return;
        }
        try (SseSink sink = res.sink(SseSink.TYPE)) {
            new TraceSession(node).run(pid, intParam(req, "max", 100), intParam(req, "rate", 100), event -> {
                if (event == null) {
                    sink.emit(SseEvent.builder().comment("keep-alive").build());
                } else {
                    sink.emit(SseEvent.builder().name("trace").data(Json.writeForBrowsers(event)).build());
                }
            });
        } catch (RuntimeException pageGone) {
            // the tracer (this thread's process) has exited: the trace is off
        }
    }

    private void load(ServerRequest req, ServerResponse res) {
        if (node.whereis(CodeServer.NAME).isEmpty()) {
            res.status(Status.CONFLICT_409).send("no code server runs on this node");
            return;
        }
        String name = req.headers().first(HeaderNames.create("X-Agner-Filename")).orElse("module.jar")
                .replaceAll("[^A-Za-z0-9._-]", "_");
        Path jar;
        try (InputStream in = req.content().inputStream()) {
            jar = Files.createTempFile(uploads, "upload-", "-" + name);
            Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            res.status(Status.BAD_REQUEST_400).send("cannot read the uploaded jar: " + e.getMessage());
            return;
        }
        Upgrade u;
        try {
            u = CodeServer.load(node, jar);
        } catch (RuntimeException e) {
            json(res, Map.of("module", name, "committed", false, "failure", String.valueOf(e.getMessage())));
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("module", u.module());
        m.put("from", u.from());
        m.put("to", u.to());
        m.put("committed", u.committed());
        m.put("failure", u.failure());
        m.put("diff", u.diff() == null ? null : u.diff().toString());
        m.put("processes", u.processes().size());
        m.put("upgraded", u.processes().stream().filter(Upgrade.ProcessResult::upgraded).count());
        m.put("longestPauseMs", u.processes().stream().map(Upgrade.ProcessResult::paused).max(Comparator.naturalOrder())
                .map(d -> d.toNanos() / 1e6).orElse(0.0));
        json(res, m);
    }

    private void purge(ServerRequest req, ServerResponse res) {
        try {
            List<Pid> killed = CodeServer.purge(node, param(req, "module", ""), param(req, "soft", "false").equals("true"));
            json(res, Map.of("killed", NodeViews.sorted(killed)));
        } catch (RuntimeException e) {
            res.status(Status.CONFLICT_409).send(String.valueOf(e.getMessage()));
        }
    }

    private Map<String, Object> modules() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("codeServer", node.whereis(CodeServer.NAME).isPresent());
        m.put("modules", views.modules());
        m.put("upgrades", reports.newestFirst().stream().filter(r -> "module upgrade".equals(r.get("kind"))).toList());
        return m;
    }

    private static void json(ServerResponse res, Object value) {
        res.header("Content-Type", "application/json; charset=utf-8");
        res.send(Json.writeForBrowsers(value));
    }

    private static String param(ServerRequest req, String name, String otherwise) {
        return req.query().first(name).orElse(otherwise);
    }

    private static int intParam(ServerRequest req, String name, int otherwise) {
        try {
            return Integer.parseInt(param(req, name, String.valueOf(otherwise)));
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
