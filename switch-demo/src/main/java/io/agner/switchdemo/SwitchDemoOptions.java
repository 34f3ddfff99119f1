package io.agner.switchdemo;

import io.agner.cli.CommandLines;

import io.agner.switchdemo.ingest.TrafficConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of {@code make demo} ({@link SwitchDemo}), parsed by {@link #parse}.
 *
 * @param traffic        the traffic of area 0 (each area gets the same, {@code withArea})
 * @param areas          exchange areas, 1..64
 * @param rate           events per second in all areas, 0 = unpaced
 * @param faults         inject the faults mid-run
 * @param upgradeBilling upgrade billing v1 → v2 mid-run
 * @param upgradeLines   upgrade every line process line@1 → line@2 mid-run
 * @param badEvents      put malformed events in area 0's traffic
 * @param keepRunning    keep the node running after the report (then the defaults are 1000 hours, no upgrade)
 * @param billingDir     where the billing and line module jars are built
 * @param log            the log spec; empty for the embedded log in a fresh folder
 * @param node           the name {@code bin/agner --node} knows the node by
 */
public record SwitchDemoOptions(TrafficConfig traffic, int areas, double rate, boolean faults, boolean upgradeBilling,
                                boolean upgradeLines, boolean badEvents, boolean keepRunning, Path billingDir,
                                Optional<String> log, String node) {

    /** Parses the demo's command line; see {@link CommandLines#parse}. */
    public static CommandLines.Parsed<SwitchDemoOptions> parse(PrintWriter out, PrintWriter err, String... args) {
        return CommandLines.parse(new Spec(), out, err, args);
    }

    /** "on" or "off" for {@code option}. */
    static boolean onOff(String option, String value) {
        return switch (value) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException(option + " is on or off, was '" + value + "'");
        };
    }

    @Command(name = "switch-demo", sortOptions = false,
            description = {"The telephone switch on agner: seeded traffic through the switch with a live status line,"
                    + " faults, a live upgrade mid-run, then the final report (make demo DEMO_ARGS=\"...\")."})
    static final class Spec implements CommandLines.Spec<SwitchDemoOptions> {

        @Option(names = "--areas", paramLabel = "N",
                description = "exchange areas, 1..64, each with the traffic below (default: one per core)")
        Integer areas;

        @Mixin
        TrafficOptions traffic = new TrafficOptions();

        @Option(names = "--rate", paramLabel = "N", description = "events per second in all areas, 0 = unpaced (default: ${DEFAULT-VALUE})")
        double rate = 5000;

        @Option(names = "--faults", paramLabel = "on|off", description = "inject faults mid-run (default: ${DEFAULT-VALUE})")
        String faults = "on";

        @Option(names = "--upgrade", paramLabel = "WHAT",
                description = "billing (also on; the default), lines (every line process at once), both, or off")
        String upgrade;

        @Option(names = "--bad-events", paramLabel = "on|off",
                description = "malformed events in area 0's traffic (default: ${DEFAULT-VALUE})")
        String badEvents = "on";

        @Option(names = "--keep-running",
                description = "keep the node running after the report (then --hours defaults to 1000 and --upgrade to off)")
        boolean keepRunning;

        @Mixin
        LogOptions log = new LogOptions();

        @Option(names = "--billing-dir", paramLabel = "DIR", description = "where the module jars are built (default: ${DEFAULT-VALUE})")
        Path billingDir = Path.of("switch-demo");

        @Option(names = "--node", paramLabel = "NAME", description = "the node's name for bin/agner (default: ${DEFAULT-VALUE})")
        String node = "switch";

        @Override
        public SwitchDemoOptions options() {
            int areaCount = areas != null ? areas : SwitchApp.defaultAreas();
            if (areaCount < 1 || areaCount > 64) {
                throw new IllegalArgumentException("--areas is 1..64, was " + areaCount);
            }
            if (!(rate >= 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("--rate must be >= 0 (0 = unpaced), was " + rate);
            }
            String what = upgrade != null ? upgrade : keepRunning ? "off" : "on";
            boolean billing = switch (what) {
                case "on", "billing", "both" -> true;
                case "off", "lines" -> false;
                default -> throw new IllegalArgumentException("--upgrade is billing, lines, both or off (on = billing), was '" + what + "'");
            };
            boolean lines = what.equals("lines") || what.equals("both");
            return new SwitchDemoOptions(traffic.traffic(keepRunning ? 1000 : 24), areaCount, rate, onOff("--faults", faults),
                    billing, lines, onOff("--bad-events", badEvents), keepRunning, billingDir, log.spec(), node);
        }
    }
}
