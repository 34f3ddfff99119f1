package io.agner.examples.links;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.runtime.ExitReason;
import io.agner.testkit.NodeExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LinksAndCrashTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    @Test
    void keeperSeesTheCrash_andBothLinkedDeathsAreReported() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ExitReason reason = LinksAndCrash.run(agner.node(), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        ExitReason.Error error = assertInstanceOf(ExitReason.Error.class, reason);
        assertInstanceOf(ArithmeticException.class, error.cause());
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(2, out.lines().filter(l -> l.contains("went down, reason: error ArithmeticException")).count(), out);
        assertTrue(out.contains("and lives on"), out);
    }
}
