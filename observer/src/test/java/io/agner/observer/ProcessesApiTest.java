package io.agner.observer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.testkit.NodeExtension;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Processes page's data: filtered, sorted and paged on the node, so a browser gets one page
 * of 100,000 processes; and the Process page's data for one of them.
 */
class ProcessesApiTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    static final int MANY = 100_000;

    @Test
    void aHundredThousandProcesses_comeOnePageAtATime_sortedAndFilteredOnTheNode() {
        Node node = agner.node();
        List<Pid> pids = new ArrayList<>(MANY);
        for (int i = 0; i < MANY; i++) {
            pids.add(node.spawn(ctx -> ctx.receive(m -> m.equals("stop"))));
        }
        Pid busiest = pids.get(MANY / 2);
        Pid second = pids.get(MANY / 3);
        for (int i = 0; i < 3; i++) {
            node.send(busiest, "queued " + i);
        }
        node.send(second, "queued");
        node.register("needle", pids.get(MANY - 7));

        try (Observer observer = Observer.start(node, ObserverOptions.DEFAULT)) {
            InetSocketAddress at = observer.address();
            String token = observer.uri().getQuery().substring("token=".length());
            Map<String, String> auth = Map.of(AccessGuard.HEADER, token);

            String page = Http.get(at, "/api/processes?sort=mailbox&dir=desc&limit=50", auth).body();
            assertTrue(number(page, "total") >= MANY, page.substring(0, 200));
            assertEquals(50, count(page, "\"pid\":"));
            List<String> first = pidsIn(page);
            assertEquals(List.of(busiest.toString(), second.toString()), first.subList(0, 2));

            String next = Http.get(at, "/api/processes?sort=pid&offset=50&limit=50", auth).body();
            assertEquals(50, number(next, "offset"));
            assertEquals(50, count(next, "\"pid\":"));

            String needle = Http.get(at, "/api/processes?filter=NEEDLE", auth).body();
            assertEquals(1, number(needle, "matched"));
            assertEquals(List.of(pids.get(MANY - 7).toString()), pidsIn(needle));

            String one = Http.get(at, "/api/process?pid=" + Http.enc(busiest), auth).body();
            assertTrue(one.contains("\"mailbox\":3"), one);
            assertTrue(one.contains("\"queued\":[\"queued 0\",\"queued 1\",\"queued 2\"]"), one);
            assertTrue(one.contains("receive"), "its stack: " + one);
            assertTrue(one.contains("\"pid\":\"\\u003c0."), "'<' is escaped in JSON: " + one);
        }
    }

    private static long number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":(\\d+)").matcher(json);
        assertTrue(m.find(), field + " in " + json);
        return Long.parseLong(m.group(1));
    }

    private static int count(String json, String what) {
        return json.split(Pattern.quote(what), -1).length - 1;
    }

    private static List<String> pidsIn(String json) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\"pid\":\"(<[^\"]+>)\"").matcher(json.replace("\\u003c", "<")); // Json escapes '<'
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
