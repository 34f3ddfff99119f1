package io.agner.switchdemo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.observer.Observer;
import io.agner.observer.ObserverOptions;
import io.agner.switchdemo.call.ExchangeStatus;
import io.agner.switchdemo.report.ErlangB;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The observer's "switch" dashboard reads what the switch publishes, and the observer serves it. */
class SwitchDashboardTest {

    @TempDir
    Path dir;

    @Test
    void showsTheSwitchsNumbers_besideErlangB_andTheObserverServesThem() throws Exception {
        try (SwitchHarness h = new SwitchHarness(dir, SwitchHarness.SMALL)) {
            SwitchDashboard dashboard = new SwitchDashboard(h.app, h.log, 1, h.traffic);
            h.feedUntil(h.middle());
            h.awaitCaughtUp();

            Map<String, Number> first = dashboard.get();
            ExchangeStatus s = h.app.exchange();
            assertEquals(List.of("calls in progress", "busy trunks", "blocking measured %", "blocking Erlang B %", "CDRs per second",
                    "restarts", "dropped calls", "log lag (events)"), List.copyOf(first.keySet()));
            assertEquals(100.0 * ErlangB.blocking(7, 10), first.get("blocking Erlang B %").doubleValue(), 1e-9);
            assertEquals(100.0 * s.blocked() / s.finished(), first.get("blocking measured %").doubleValue(), 1e-9);
            assertTrue(s.blocked() > 0, "a busy enough switch blocks some calls: " + s);
            assertEquals(s.busyTrunks(), first.get("busy trunks").intValue());
            assertEquals(0L, first.get("log lag (events)").longValue());
            assertEquals(0L, first.get("restarts").longValue());

            h.feedAll();
            h.awaitCaughtUp();
            assertTrue(dashboard.get().get("CDRs per second").doubleValue() > 0, "CDRs were written between the two reads");

            try (Observer observer = Observer.start(h.node, ObserverOptions.DEFAULT).addDashboard("switch", dashboard)) {
                HttpResponse<String> overview = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(observer.uri().toString().replace("/?", "/api/overview?"))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, overview.statusCode());
                assertTrue(overview.body().contains("\"name\":\"switch\"") && overview.body().contains("\"blocking Erlang B %\":"),
                        overview.body());
            }
        }
    }
}
