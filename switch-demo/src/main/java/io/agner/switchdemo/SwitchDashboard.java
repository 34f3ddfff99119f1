package io.agner.switchdemo;

import io.agner.switchdemo.billing.BillingStatus;
import io.agner.switchdemo.call.ExchangeStatus;
import io.agner.switchdemo.ingest.TrafficConfig;
import io.agner.switchdemo.log.EventLog;
import io.agner.switchdemo.report.ErlangB;
import io.agner.switchdemo.topic.SwitchTopics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The switch's numbers for the observer's "switch" dashboard, summed over its areas: calls in
 * progress, busy trunks, blocking measured so far against Erlang B's for the offered traffic,
 * CDRs per second, supervisor restarts, dropped calls and how far the exchanges lag behind the
 * event log. Read from what the switch publishes anyway (as the status line is), plus one call
 * to each supervisor for the restart counts. Thread-safe (synchronized: the CDR rate is a
 * difference between calls).
 */
final class SwitchDashboard implements Supplier<Map<String, Number>> {

    private final SwitchApp app;
    private final EventLog log;
    private final int areas;
    private final double erlangB;
    private long lastCdrs = -1;
    private long lastNanos;

    SwitchDashboard(SwitchApp app, EventLog log, int areas, TrafficConfig traffic) {
        this.app = app;
        this.log = log;
        this.areas = areas;
        this.erlangB = ErlangB.blocking(traffic.offeredErlangs(), traffic.trunks());
    }

    @Override
    public synchronized Map<String, Number> get() {
        ExchangeStatus s = app.exchangeTotals(areas);
        BillingStatus b = app.billing();
        long now = System.nanoTime();
        double cdrRate = lastCdrs < 0 ? 0 : (b.cdrs() - lastCdrs) * 1e9 / Math.max(1, now - lastNanos);
        lastCdrs = b.cdrs();
        lastNanos = now;
        long eventsEnd = 0;
        for (int a = 0; a < areas; a++) {
            eventsEnd += log.endOffset(SwitchTopics.events(a));
        }
        Map<String, Number> m = new LinkedHashMap<>();
        m.put("calls in progress", s.activeCalls());
        m.put("busy trunks", s.busyTrunks());
        m.put("blocking measured %", s.finished() == 0 ? 0.0 : 100.0 * s.blocked() / s.finished());
        m.put("blocking Erlang B %", 100.0 * erlangB);
        m.put("CDRs per second", cdrRate);
        m.put("restarts", app.restarts().total());
        m.put("dropped calls", s.dropped());
        m.put("log lag (events)", Math.max(0, eventsEnd - s.nextOffset()));
        return m;
    }
}
