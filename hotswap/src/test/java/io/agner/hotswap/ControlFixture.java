package io.agner.hotswap;

import io.agner.behaviour.GenServer;
import io.agner.behaviour.GenServers;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessBody;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.Signal;
import io.agner.runtime.SpawnOptions;
import io.agner.supervisor.ChildSpec;
import io.agner.supervisor.SupFlags;
import io.agner.supervisor.Supervisor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the control tests inspect, set up the same way in the test JVM and in a child JVM: a code
 * server with billing@1, a tree {@code top_sup -> [billing, sub_sup -> [cache]]} and a lone
 * registered process {@code victim}. Test-thread only.
 */
final class ControlFixture {

    private ControlFixture() {}

    /** An idle gen_server: answers every call with "ok". */
    static final class Idle implements GenServer<String> {
        @Override
        public String init(ProcessContext ctx) {
            return "idle";
        }

        @Override
        public Result<String> handleCall(ProcessContext ctx, Object request, io.agner.behaviour.From from, String s) {
            return GenServer.reply("ok", s);
        }
    }

    /**
     * A process for the trace tests, to be spawned trapping exits: for each exit signal it takes
     * (an {@code agner kill chatter <reason>}), it sends itself {@code "echo <reason>"} and takes it.
     */
    static final ProcessBody CHATTER = ctx -> {
        while (true) {
            if (ctx.receive() instanceof Signal.Exit(var from, var reason)) {
                ctx.send(ctx.self(), "echo " + reason);
            }
        }
    };

    /** Starts the fixture's processes on {@code node}; returns top_sup. */
    static Pid populate(Node node, Path billingJar) {
        CodeServer.start(node);
        CodeServer.load(node, billingJar);
        node.spawn(ctx -> {
            while (true) {
                ctx.receive();
            }
        }, SpawnOptions.DEFAULT.withName("victim"));
        ChildSpec cache = ChildSpec.worker("cache", (sup, args) -> GenServers.startLink(sup, new Idle(), "cache"));
        return Supervisor.start(node, SupFlags.DEFAULT, List.of(
                ChildSpec.worker("billing", (sup, args) -> CodeServer.startLink(sup, "billing", args)),
                ChildSpec.supervisor("sub_sup", (sup, args) -> Supervisor.startLink(sup, SupFlags.DEFAULT, List.of(cache), "sub_sup"))),
                "top_sup");
    }

    /**
     * A carrier's row in the {@code sched} table (without the "| " prefix): index, role, alive,
     * continuations, run-next hits (percent), steals, spins, parks, utilisation.
     */
    static final Pattern CARRIER_ROW = Pattern.compile(
            " *(\\d+|retired)  (carrier|replacement) +(yes|no) +([\\d,]+) +([\\d,]+) \\((-|\\d+\\.\\d%)\\) +([\\d,]+) +([\\d,]+) +([\\d,]+) +(\\d+\\.\\d)%");

    /** The continuations of a {@link #CARRIER_ROW} match. */
    static long continuations(Matcher row) {
        return Long.parseLong(row.group(4).replace(",", ""));
    }

    /** Sends one raw request line to a control socket; returns every answer line, OK or ERROR last. */
    static List<String> ask(Path socket, String request) throws IOException {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            var w = Channels.newWriter(c, StandardCharsets.UTF_8);
            w.write(request + "\n");
            w.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(c), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            for (String line; (line = in.readLine()) != null; ) {
                lines.add(line);
            }
            return lines;
        }
    }

    /** The last line of an answer: OK, or ERROR with its reason. */
    static String last(List<String> answer) {
        return answer.isEmpty() ? "(no answer)" : answer.get(answer.size() - 1);
    }
}
