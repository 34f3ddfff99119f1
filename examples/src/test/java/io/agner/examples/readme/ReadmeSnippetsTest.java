package io.agner.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import io.agner.testkit.NodeExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The README's Java snippets compile: each {@code ```java} block in README.md must equal, up to
 * indentation and trailing spaces, a snippet kept in this package's sources between
 * {@code // README[name part]} and {@code // README[end]} (the parts of one name joined in part
 * order with a blank line), and every such snippet must appear in the README. The sources compile
 * with the tests, and those that can run do, below.
 */
class ReadmeSnippetsTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Path SOURCES = Path.of("src", "test", "java", "io", "agner", "examples", "readme");
    private static final Pattern JAVA_BLOCK = Pattern.compile("^```java\\n(.*?)^```$", Pattern.MULTILINE | Pattern.DOTALL);
    private static final Pattern REGION = Pattern.compile("^[ \\t]*// README\\[(\\w+) (\\d+)]\\n(.*?)^[ \\t]*// README\\[end]$", Pattern.MULTILINE | Pattern.DOTALL);

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    @Test
    void everyJavaBlockInTheReadme_isACompiledSnippet_andEverySnippetIsInTheReadme() throws IOException {
        List<String> blocks = readmeBlocks();
        Map<String, String> snippets = snippets();
        assertFalse(blocks.isEmpty(), "no ```java block found in " + README.toAbsolutePath());

        List<String> unmatched = blocks.stream().filter(b -> !snippets.containsValue(b)).toList();
        List<String> unused = snippets.entrySet().stream().filter(e -> !blocks.contains(e.getValue())).map(Map.Entry::getKey).toList();
        if (!unmatched.isEmpty() || !unused.isEmpty()) {
            fail("README.md and " + SOURCES + " differ.\nREADME blocks with no snippet:\n" + String.join("\n-----\n", unmatched)
                    + "\nsnippets not in the README: " + unused);
        }
    }

    @Test
    void theBehavioursSnippet_countsToFive() {
        Object[] result = BehavioursSnippet.run(agner.node());

        assertEquals(5L, result[0]);
    }

    @Test
    void theEchoSnippet_runsToTheEnd() throws InterruptedException {
        EchoSnippet.run(); // returns only once the pong came back (its latch)
    }

    static List<String> readmeBlocks() throws IOException {
        Matcher m = JAVA_BLOCK.matcher(Files.readString(README));
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(normalise(m.group(1)));
        }
        return blocks;
    }

    /** Snippet name to text, parts joined in part order. */
    static Map<String, String> snippets() throws IOException {
        Map<String, Map<Integer, String>> parts = new TreeMap<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                Matcher m = REGION.matcher(Files.readString(file));
                while (m.find()) {
                    String previous = parts.computeIfAbsent(m.group(1), k -> new TreeMap<>()).put(Integer.parseInt(m.group(2)), normalise(m.group(3)));
                    if (previous != null) {
                        fail("snippet " + m.group(1) + " part " + m.group(2) + " is defined twice");
                    }
                }
            }
        }
        Map<String, String> snippets = new TreeMap<>();
        parts.forEach((name, byPart) -> snippets.put(name, String.join("\n\n", byPart.values())));
        return snippets;
    }

    /** Without the common indentation, trailing spaces, and leading and trailing blank lines. */
    static String normalise(String text) {
        List<String> lines = text.lines().map(String::stripTrailing).toList();
        int indent = lines.stream().filter(l -> !l.isEmpty()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return lines.stream().map(l -> l.isEmpty() ? l : l.substring(indent)).collect(Collectors.joining("\n")).strip();
    }
}
