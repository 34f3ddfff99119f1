package io.agner.hotswap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.agner.runtime.SchedulerKind;
import io.agner.runtime.SchedulerStats;
import io.agner.runtime.SchedulerStats.CarrierStats;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code sched} report's text, from made-up snapshots (the live one is in ControlRequestsTest and AgnerCliTest). */
class SchedulerReportTest {

    private static List<String> lines(SchedulerStats stats) {
        List<String> lines = new ArrayList<>();
        SchedulerReport.write(stats, lines::add);
        return lines;
    }

    @Test
    void jdkAfterAFallBack_showsTheNote_andNoTable() {
        String note = "agner's scheduler is unavailable (java.base does not open java.lang to agner (InaccessibleObjectException));"
                + " processes run on the JDK's virtual-thread scheduler. Add --add-opens java.base/java.lang=ALL-UNNAMED to the java command line";
        SchedulerStats stats = new SchedulerStats(SchedulerKind.JDK, note, List.of(), 0, 5_000_000_000L);

        assertEquals(List.of("scheduler: jdk (" + note + ")", "the JDK's scheduler keeps no per-carrier counters"), lines(stats));
        assertEquals("jdk", SchedulerReport.kindOf(lines(stats).get(0)));
    }

    @Test
    void jdkChosen_hasNoNote() {
        SchedulerStats stats = new SchedulerStats(SchedulerKind.JDK, "", List.of(), 0, 5_000_000_000L);

        assertEquals(List.of("scheduler: jdk", "the JDK's scheduler keeps no per-carrier counters"), lines(stats));
        assertEquals("jdk", SchedulerReport.kindOf(lines(stats).get(0)));
    }

    @Test
    void agner_summaryThenOneRowPerCarrier_withThousandsSeparatorsAndPercentages() {
        SchedulerStats stats = new SchedulerStats(SchedulerKind.AGNER, "", List.of(
                new CarrierStats(0, false, true, 1_234_567, 925_925, 1_000, 10_000, 5_000, 4_000_000_000L, 0.375),
                new CarrierStats(1, false, true, 80_000, 40_000, 2_000, 12_000, 6_000, 3_000_000_000L, 0.25),
                new CarrierStats(3, true, true, 0, 0, 0, 0, 1, 0, 0),
                new CarrierStats(-1, true, false, 10, 0, 0, 3, 3, 1_000_000L, 0.0012)),
                2, 3_725_450_000_000L);

        assertEquals(List.of(
                "scheduler: agner, 3 carriers (1 retired), 2 replacements started, up 3,725.5 s",
                "CARRIER  ROLE         ALIVE  CONTINUATIONS    RUN-NEXT HITS  STEALS   SPINS  PARKS  UTILISATION",
                "      0  carrier      yes        1,234,567  925,925 (75.0%)   1,000  10,000  5,000        37.5%",
                "      1  carrier      yes           80,000   40,000 (50.0%)   2,000  12,000  6,000        25.0%",
                "      3  replacement  yes                0            0 (-)       0       0      1         0.0%",
                "retired  replacement  no                10         0 (0.0%)       0       3      3         0.1%"),
                lines(stats));
        assertEquals("agner", SchedulerReport.kindOf(lines(stats).get(0)));
    }

    @Test
    void agner_oneCarrierOrReplacement_isSingular() {
        SchedulerStats stats = new SchedulerStats(SchedulerKind.AGNER, "", List.of(
                new CarrierStats(0, false, true, 7, 1, 0, 2, 2, 1_000L, 0.5)), 0, 12_345_000_000L);

        assertEquals("scheduler: agner, 1 carrier, 0 replacements started, up 12.3 s", lines(stats).get(0));
        SchedulerStats one = new SchedulerStats(SchedulerKind.AGNER, "", List.of(
                new CarrierStats(0, false, true, 7, 1, 0, 2, 2, 1_000L, 0.5),
                new CarrierStats(1, true, true, 1, 0, 1, 0, 0, 1_000L, 0.5)), 1, 12_345_000_000L);
        assertEquals("scheduler: agner, 2 carriers, 1 replacement started, up 12.3 s", lines(one).get(0));
    }

    @Test
    void kindOf_otherLines_isNull() {
        assertNull(SchedulerReport.kindOf("pong"));
        assertNull(SchedulerReport.kindOf("scheduler: "));
        assertNull(SchedulerReport.kindOf(null));
    }
}
