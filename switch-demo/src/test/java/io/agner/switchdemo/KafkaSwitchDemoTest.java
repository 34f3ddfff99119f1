package io.agner.switchdemo;

import io.agner.switchdemo.ingest.TrafficConfig;
import io.agner.switchdemo.ingest.TrafficGenerator;
import io.agner.switchdemo.log.EventLog;
import io.agner.switchdemo.log.backend.EventLogs;
import io.agner.switchdemo.log.kafka.KafkaEventLog;
import io.agner.switchdemo.log.kafka.LocalKafka;
import io.agner.switchdemo.report.SwitchReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The single-node demo on Kafka instead of the embedded log, chosen by {@code --log kafka:<host:port>} alone. */
class KafkaSwitchDemoTest {

    @TempDir
    Path dir;

    @Test
    void demo_withALogSpecNamingKafka_switchesAndBillsEveryCallThere() throws Exception {
        TrafficConfig traffic = TrafficConfig.DEFAULT.withSubscribers(400).withTrunks(10).withOfferedErlangs(7)
                .withMeanHolding(Duration.ofSeconds(30)).withDuration(Duration.ofHours(1));
        try (LocalKafka kafka = LocalKafka.start(dir)) {
            String spec = "kafka:" + kafka.bootstrap();
            SwitchDemo.main(new String[] {"--log", spec, "--subscribers", "400", "--trunks", "10", "--erlangs", "7",
                    "--holding", "30", "--hours", "1", "--rate", "0", "--faults", "off", "--upgrade", "off",
                    "--billing-dir", ".", "--node", "kafka-demo-test-" + ProcessHandle.current().pid()});

            try (EventLog log = EventLogs.connect(spec)) {
                assertInstanceOf(KafkaEventLog.class, log);
                SwitchReport r = SwitchReport.read(log, traffic);
                TrafficGenerator generated = new TrafficGenerator(traffic);
                generated.forEachRemaining(e -> { });
                assertTrue(generated.calls() > 100, "calls: " + generated.calls());
                assertEquals(generated.calls(), r.calls(), r.render());
                assertEquals(r.calls(), r.cdrs(), "one CDR per call: " + r.render());
                assertEquals(0, r.duplicateCdrs(), r.render());
                assertEquals(r.events(), r.eventsConsumed(), "no event lost: " + r.render());
                assertTrue(r.deadLetters() > 0, "the injected bad events are dead-lettered on Kafka too: " + r.render());
            }
        }
    }
}
