package io.agner.switchdemo;

import io.agner.switchdemo.ingest.TrafficConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code make demo}'s options: picocli parses them; the tests never start the switch. */
class SwitchDemoOptionsTest {

    private static ParseResult<SwitchDemoOptions> parse(String... args) {
        return ParseResult.of(SwitchDemoOptions::parse, args);
    }

    @Test
    void noOptions_areTheDocumentedDefaults() {
        SwitchDemoOptions o = parse().options();
        assertEquals(TrafficConfig.DEFAULT, o.traffic());
        assertEquals(SwitchApp.defaultAreas(), o.areas());
        assertEquals(5000, o.rate());
        assertTrue(o.faults());
        assertTrue(o.upgradeBilling());
        assertFalse(o.upgradeLines());
        assertTrue(o.badEvents());
        assertFalse(o.keepRunning());
        assertEquals(Path.of("switch-demo"), o.billingDir());
        assertEquals(Optional.empty(), o.log());
        assertEquals("switch", o.node());
    }

    @Test
    void everyOption_parsesToTheSameValuesAsBefore_withSpaceOrEquals() {
        SwitchDemoOptions o = parse("--areas", "2", "--erlangs=70", "--trunks", "80", "--subscribers", "9000",
                "--holding", "90", "--hours=2.5", "--seed", "7", "--rate", "0", "--faults=off", "--upgrade=both",
                "--bad-events=off", "--data", "/some/dir", "--node", "sw", "--billing-dir", "elsewhere").options();
        assertEquals(new TrafficConfig(7, 9000, 80, 70, Duration.ofSeconds(90), Duration.ofMinutes(150),
                TrafficConfig.DEFAULT.start(), 0), o.traffic());
        assertEquals(2, o.areas());
        assertEquals(0, o.rate());
        assertFalse(o.faults());
        assertTrue(o.upgradeBilling());
        assertTrue(o.upgradeLines());
        assertFalse(o.badEvents());
        assertEquals(Optional.of("embedded:/some/dir"), o.log());
        assertEquals("sw", o.node());
        assertEquals(Path.of("elsewhere"), o.billingDir());
    }

    @Test
    void upgrade_billingLinesBothOff_andOnMeansBilling() {
        assertEquals(java.util.List.of(true, false), upgrades("--upgrade=on"));
        assertEquals(java.util.List.of(true, false), upgrades("--upgrade=billing"));
        assertEquals(java.util.List.of(false, true), upgrades("--upgrade", "lines"));
        assertEquals(java.util.List.of(false, false), upgrades("--upgrade=off"));
    }

    private static java.util.List<Boolean> upgrades(String... args) {
        SwitchDemoOptions o = parse(args).options();
        return java.util.List.of(o.upgradeBilling(), o.upgradeLines());
    }

    @Test
    void keepRunning_runsAThousandHoursWithoutTheUpgrade_unlessTold() {
        SwitchDemoOptions o = parse("--keep-running", "--rate", "2000").options();
        assertTrue(o.keepRunning());
        assertEquals(Duration.ofHours(1000), o.traffic().duration());
        assertFalse(o.upgradeBilling());
        assertEquals(2000, o.rate());
        SwitchDemoOptions told = parse("--keep-running", "--hours", "3", "--upgrade=billing").options();
        assertEquals(Duration.ofHours(3), told.traffic().duration());
        assertTrue(told.upgradeBilling());
    }

    @Test
    void logSpec_namesTheBackend_embeddedInAFreshFolderByDefault() throws Exception {
        assertEquals(Optional.of("kafka:127.0.0.1:9092"), parse("--log", "kafka:127.0.0.1:9092").options().log());
        String fresh = LogOptions.specOrFresh(parse().options().log());
        assertTrue(fresh.startsWith("embedded:"), fresh);
        Path dir = Path.of(fresh.substring("embedded:".length()));
        assertTrue(Files.isDirectory(dir), fresh);
        Files.delete(dir);
    }

    @Test
    void aMisspelledOption_isRefusedWithTheUsage_exit2() {
        ParseResult<SwitchDemoOptions> r = parse("--rat", "2000");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("Unknown options: '--rat'"), r.err());
        assertTrue(r.err().contains("Usage: switch-demo"), r.err());
        assertTrue(r.err().contains("--rate"), "suggests or lists --rate: " + r.err());
    }

    @Test
    void aBadNumber_isOneLine_exit2() {
        ParseResult<SwitchDemoOptions> r = parse("--trunks", "sixty");
        assertEquals(2, r.status());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("--trunks") && r.err().contains("sixty"), r.err());
    }

    @Test
    void anOptionLastWithoutItsValue_isAClearError_exit2() {
        ParseResult<SwitchDemoOptions> r = parse("--faults=off", "--areas");
        assertEquals(2, r.status());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("Missing required parameter for option '--areas'"), r.err());
    }

    @Test
    void valuesTheDemoRefuses_areOneLine_exit2() {
        for (String[] args : new String[][] {{"--areas", "65"}, {"--upgrade=sometimes"}, {"--faults=maybe"},
                {"--rate", "-1"}, {"--log", "kafka:127.0.0.1:9092", "--data", "/x"}, {"--log", ""},
                {"--trunks", "0"}, {"--hours", "0"}, {"--subscribers", "100"}}) {
            ParseResult<SwitchDemoOptions> r = parse(args);
            assertEquals(2, r.status(), String.join(" ", args));
            assertEquals(1, r.errLines().size(), r.err());
            assertTrue(r.err().startsWith("switch-demo: "), r.err());
        }
    }

    @Test
    void help_printsEveryOption_exit0() {
        ParseResult<SwitchDemoOptions> r = parse("--help");
        assertEquals(0, r.status());
        for (String option : new String[] {"--areas", "--erlangs", "--trunks", "--subscribers", "--holding", "--hours",
                "--seed", "--rate", "--faults", "--upgrade", "--bad-events", "--keep-running", "--data", "--log", "--node"}) {
            assertTrue(r.out().contains(option), option + " in " + r.out());
        }
        assertEquals("", r.err());
    }
}
