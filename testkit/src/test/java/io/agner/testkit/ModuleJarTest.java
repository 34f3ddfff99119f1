package io.agner.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleJarTest {

    @TempDir
    Path tmp;

    @Test
    void compilesTheSourcesAndWritesTheModulesManifest() throws Exception {
        Path jar = ModuleJar.build(tmp, "greeter", "2", "greeter.Greeter",
                Map.of("greeter/Greeter.java", "package greeter; public class Greeter { public String hi() { return \"hi\"; } }"));
        assertEquals("greeter-2.jar", jar.getFileName().toString());
        try (JarFile in = new JarFile(jar.toFile())) {
            Attributes a = in.getManifest().getMainAttributes();
            assertEquals("greeter", a.getValue(ModuleJar.MODULE));
            assertEquals("2", a.getValue(ModuleJar.VERSION));
            assertEquals("greeter.Greeter", a.getValue(ModuleJar.ENTRY));
            assertNotNull(in.getEntry("greeter/Greeter.class"));
        }
    }

    @Test
    void aNullAttributeIsLeftOut() throws Exception {
        Path jar = ModuleJar.build(tmp, "greeter", null, "greeter.Greeter",
                Map.of("greeter/Greeter.java", "package greeter; public class Greeter {}"));
        try (JarFile in = new JarFile(jar.toFile())) {
            assertNull(in.getManifest().getMainAttributes().getValue(ModuleJar.VERSION));
        }
    }

    @Test
    void sourcesThatDoNotCompileFailNamingTheModule() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ModuleJar.build(tmp, "broken", "1", "broken.B",
                Map.of("broken/B.java", "package broken; public class B { int x = \"not an int\"; }")));
        assertTrue(e.getMessage().contains("broken@1"), e.getMessage());
    }
}
