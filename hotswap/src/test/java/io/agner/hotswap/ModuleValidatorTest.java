package io.agner.hotswap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.runtime.Node;
import io.agner.testkit.ModuleJar;
import io.agner.testkit.NodeExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.bytebuddy.ClassFileVersion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each invalid module is refused from its class files: the message names the module, the class
 * and the fault, and no class of the module was initialised (its static initialiser would create
 * the marker file) nor registered.
 */
class ModuleValidatorTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    @TempDir
    Path dir;

    private Node node;
    private Path marker;

    @BeforeEach
    void loadBillingOne() throws Exception {
        node = agner.node();
        CodeServer.start(node);
        CodeServer.load(node, ModuleBuilder.billing(dir, "1", false, -1));
        marker = dir.resolve("initialised.marker");
    }

    /** Loads {@code jar} as billing@2 and expects a refusal mentioning every fragment; nothing changes. */
    private void assertRefused(Path jar, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CodeServer.load(node, jar));
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + f + "' missing in: " + e.getMessage());
        }
        assertFalse(Files.exists(marker), "a class of the refused module was initialised");
        assertEquals(List.of(new ModuleInfo("billing", "1", 0, null, 0)), CodeServer.modules(node), "only billing@1 is loaded");
    }

    private Path billingTwo(String entry, Map<String, String> sources) throws Exception {
        return ModuleJar.build(dir, "billing", "2", entry, sources);
    }

    private String validServer() {
        return ModuleBuilder.server("billing", "public class Billing implements GenServer<Billing.State>", "long calls",
                ModuleBuilder.marker(marker));
    }

    @Test
    void theTestkitsModuleJars_useTheManifestNamesTheLoaderReads() {
        assertEquals(List.of(ModuleSpec.MODULE, ModuleSpec.VERSION, ModuleSpec.ENTRY),
                List.of(ModuleJar.MODULE, ModuleJar.VERSION, ModuleJar.ENTRY));
    }

    @Test
    void entryClassMissing_isRefused() throws Exception {
        Path jar = billingTwo("billing.Missing", Map.of("billing/Billing.java", validServer()));
        assertRefused(jar, "billing@2: entry class billing.Missing is not in the module");
    }

    @Test
    void entryClassNotPublic_isRefused() throws Exception {
        String source = ModuleBuilder.server("billing", "class Billing implements GenServer<Billing.State>", "long calls",
                ModuleBuilder.marker(marker));
        assertRefused(billingTwo("billing.Billing", Map.of("billing/Billing.java", source)),
                "billing@2: entry class billing.Billing is not public");
    }

    @Test
    void entryClassNotABehaviour_isRefused() throws Exception {
        String source = "package billing; public class Billing extends Thread implements Runnable {\n"
                + ModuleBuilder.marker(marker) + "}";
        assertRefused(billingTwo("billing.Billing", Map.of("billing/Billing.java", source)),
                "billing@2: entry class billing.Billing implements neither io.agner.behaviour.GenServer nor io.agner.behaviour.StateMachine");
    }

    @Test
    void entryClassWithoutUsableConstructor_isRefused() throws Exception {
        String source = ModuleBuilder.server("billing", "public class Billing implements GenServer<Billing.State>", "long calls",
                ModuleBuilder.marker(marker) + "public Billing(int rate) {}\nprivate Billing() {}");
        assertRefused(billingTwo("billing.Billing", Map.of("billing/Billing.java", source)),
                "billing@2: entry class billing.Billing has no public constructor taking no arguments or a java.util.List",
                "public Billing(int)", "private Billing()");
    }

    @Test
    void classFileNewerThanThisJvm_isRefused() throws Exception {
        Path jar = billingTwo("billing.Billing", Map.of("billing/Billing.java", validServer(),
                "billing/Helper.java", "package billing; class Helper {}"));
        int tooNew = ClassFileVersion.ofThisVm().getMajorVersion() + 1;
        ModuleBuilder.patchMajorVersion(jar, "billing/Helper.class", tooNew);
        assertRefused(jar, "billing@2: class billing/Helper.class has class-file version " + tooNew,
                "newer than this JVM runs: " + (tooNew - 1));
    }

    @Test
    void entryClassFileNewerThanThisJvm_isRefused() throws Exception {
        Path jar = billingTwo("billing.Billing", Map.of("billing/Billing.java", validServer()));
        int tooNew = ClassFileVersion.ofThisVm().getMajorVersion() + 1;
        ModuleBuilder.patchMajorVersion(jar, "billing/Billing.class", tooNew);
        assertRefused(jar, "billing@2: class billing/Billing.class has class-file version " + tooNew);
    }

    @Test
    void classInAnAgnerPackage_isRefused() throws Exception {
        Path jar = billingTwo("billing.Billing", Map.of("billing/Billing.java", validServer(),
                "io/agner/extra/Fake.java", "package io.agner.extra; public class Fake {\n" + ModuleBuilder.marker(marker) + "}"));
        assertRefused(jar, "billing@2: class io/agner/extra/Fake.class sits in an io.agner package");
    }

    @Test
    void classInAnAgnerPackage_ofAMultiReleaseJar_isRefused() throws Exception {
        Path jar = billingTwo("billing.Billing", Map.of("billing/Billing.java", validServer(),
                "io/agner/extra/Fake.java", "package io.agner.extra; public class Fake {\n" + ModuleBuilder.marker(marker) + "}"));
        Path multiRelease = moveEntry(jar, "io/agner/extra/Fake.class", "META-INF/versions/25/io/agner/extra/Fake.class");

        assertRefused(multiRelease, "billing@2: class META-INF/versions/25/io/agner/extra/Fake.class sits in an io.agner package");
    }

    /** A copy of {@code jar}, marked multi-release, with entry {@code from} renamed {@code to}. */
    private static Path moveEntry(Path jar, String from, String to) throws java.io.IOException {
        Path out = jar.resolveSibling("multi-release-" + jar.getFileName());
        try (java.util.jar.JarFile in = new java.util.jar.JarFile(jar.toFile())) {
            java.util.jar.Manifest mf = new java.util.jar.Manifest(in.getManifest());
            mf.getMainAttributes().putValue("Multi-Release", "true");
            try (java.util.jar.JarOutputStream jos = new java.util.jar.JarOutputStream(Files.newOutputStream(out), mf)) {
                for (var e = in.entries(); e.hasMoreElements(); ) {
                    java.util.jar.JarEntry entry = e.nextElement();
                    if (entry.getName().equals(java.util.jar.JarFile.MANIFEST_NAME)) {
                        continue;
                    }
                    jos.putNextEntry(new java.util.jar.JarEntry(entry.getName().equals(from) ? to : entry.getName()));
                    jos.write(in.getInputStream(entry).readAllBytes());
                    jos.closeEntry();
                }
            }
        }
        return out;
    }

    @Test
    void abstractEntryClass_isRefused() throws Exception {
        String source = ModuleBuilder.server("billing", "public abstract class Billing implements GenServer<Billing.State>",
                "long calls", ModuleBuilder.marker(marker));
        assertRefused(billingTwo("billing.Billing", Map.of("billing/Billing.java", source)),
                "billing@2: entry class billing.Billing is abstract");
    }

    @Test
    void behaviourThroughSuperclassAndSuperinterface_isAccepted() throws Exception {
        String api = "package billing; public interface Api<S> extends io.agner.behaviour.GenServer<S> {}";
        String base = "package billing; public abstract class Base<T> implements Api<T> {}";
        String entry = ModuleBuilder.server("billing", "public class Billing extends Base<Billing.State>", "long calls, int extra",
                "public Billing(java.util.List<Object> args) {}");
        Path jar = billingTwo("billing.Billing", Map.of("billing/Api.java", api, "billing/Base.java", base, "billing/Billing.java", entry));

        Upgrade u = CodeServer.load(node, jar);

        assertTrue(u.committed(), u.toString());
        assertEquals("State: +extra (int)", u.diff().toString(), "the state type found through Base<T> and Api<S>");
    }
}
